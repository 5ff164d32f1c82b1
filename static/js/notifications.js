// Live notifications: one Socket.IO connection per page for signed-in users, shared with the
// other live features through window.iCommunity.socket; updates the unread badge.
(function () {
  "use strict";
  if (!document.body.dataset.signedIn || typeof window.io !== "function") { return; }
  window.iCommunity = window.iCommunity || {};
  var socket = window.iCommunity.socket || window.io({ transports: ["websocket", "polling"] });
  window.iCommunity.socket = socket;

  // A menu badge shows its number (hidden at zero) before its label for screen readers.
  function setBadge(badge, count) {
    var text = badge.firstChild;
    if (!text || text.nodeType !== 3) {
      text = document.createTextNode("");
      badge.insertBefore(text, badge.firstChild);
    }
    text.nodeValue = String(count);
    badge.dataset.count = String(count);
    badge.classList.toggle("d-none", count < 1);
  }
  function setBadges(count) {
    document.querySelectorAll(".js-unread-badge").forEach(function (badge) {
      setBadge(badge, count);
    });
  }
  window.iCommunity.setBadge = setBadge;

  function announce(text) {
    var region = document.getElementById("live-notification");
    if (!region) {
      region = document.createElement("div");
      region.id = "live-notification";
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    region.textContent = text;
  }

  socket.on("notification", function (payload) {
    if (!payload) { return; }
    if (typeof payload.unread_count === "number") { setBadges(payload.unread_count); }
    if (payload.text) { announce(payload.text); }
    document.dispatchEvent(new CustomEvent("icommunity:notification", { detail: payload }));
  });
  window.iCommunity.setUnreadBadges = setBadges;

  // The server closes a connection when a session of the user ended somewhere: signing out on
  // one device closes every connection of the user. Try once to come back: a refused connect
  // means it was this browser's session that ended, and the page says so.
  socket.on("disconnect", function (reason) {
    if (reason !== "io server disconnect") { return; }
    window.iCommunity.sessionCheck = true;
    window.setTimeout(function () { socket.connect(); }, 500);
  });
  socket.on("connect_error", function (error) {
    // A refusal comes from the server's answer; a network failure is a TransportError.
    var refused = error && error.type !== "TransportError" && error.message !== "timeout";
    if (window.iCommunity.sessionCheck && refused) {
      document.dispatchEvent(new CustomEvent("icommunity:session-ended"));
    }
  });
  socket.on("connect", function () { window.iCommunity.sessionCheck = false; });
})();
