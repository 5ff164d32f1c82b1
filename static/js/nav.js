// The site menu's live Chat badge, on every page of a signed-in member. The server seeds the
// unread count of each room (a JSON element beside the badge); every `unread` event
// {room_id, count} replaces one room's count (a new message, or a room read on any tab), and
// the badge shows the sum, hidden at zero.
(function () {
  "use strict";
  var badge = document.querySelector(".js-chat-badge");
  var seed = document.querySelector(".js-chat-unread");
  var socket = window.iCommunity && window.iCommunity.socket;
  if (!badge || !seed || !socket || !window.iCommunity.setBadge) { return; }
  var counts = {};
  try { counts = JSON.parse(seed.textContent) || {}; } catch (error) { counts = {}; }

  function show() {
    var total = Object.keys(counts).reduce(function (sum, id) { return sum + counts[id]; }, 0);
    window.iCommunity.setBadge(badge, total);
  }

  socket.on("unread", function (info) {
    if (!info || typeof info.count !== "number" || info.count < 0) { return; }
    // The room open on the chat page is marked read as its messages arrive: no blink to 1.
    var reading = window.iCommunity.chatReading && window.iCommunity.chatReading(info.room_id);
    counts[info.room_id] = reading ? 0 : info.count;
    show();
  });
  show();
})();
