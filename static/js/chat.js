// The chat page: room list, messages, composer, typing, presence, reconnection without loss.
// Messages are kept per room by `seq`, so a message that arrives twice is shown once, and on
// reconnect the open room asks for everything after the last seq it has (`chat:join` + after).
(function () {
  "use strict";
  var app = document.getElementById("chat-app");
  if (!app || typeof window.io !== "function") { return; }

  var t = app.dataset;
  var times = window.iCommunity.times;
  var me = t.me;
  var socket = (window.iCommunity && window.iCommunity.socket) ||
    window.io({ transports: ["websocket", "polling"] });
  window.iCommunity = window.iCommunity || {};
  window.iCommunity.socket = socket;

  var el = {
    layout: document.getElementById("chat-layout"),
    rooms: document.getElementById("chat-room-list"),
    noRooms: document.getElementById("chat-no-rooms"),
    title: document.getElementById("chat-room-title"),
    typing: document.getElementById("chat-typing"),
    scroller: document.getElementById("chat-messages"),
    list: document.getElementById("chat-message-list"),
    older: document.getElementById("chat-older"),
    composer: document.getElementById("chat-composer"),
    body: document.getElementById("chat-body"),
    status: document.getElementById("chat-connection"),
    error: document.getElementById("chat-error"),
    back: document.getElementById("chat-back")
  };

  var rooms = {};          // id → room from the API (with unread_count, members, last_message)
  var order = [];          // room ids, most recent activity first
  var activeId = null;
  var messages = {};       // room id → {seq → message}
  var hasOlder = {};       // room id → bool
  var outbox = loadOutbox(); // messages not yet acknowledged: [{room_id, body, client_id}]
  var typingTimers = {};
  var lastTypingSent = 0;
  var loadingOlder = false;

  // --- helpers ---------------------------------------------------------------------------
  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_m, key) { return values[key]; });
  }
  function plainText(html) {
    // The words of the server's sanitised HTML, never the Markdown source (an inert template:
    // nothing in it loads or runs).
    var holder = document.createElement("template");
    holder.innerHTML = (html || "").replace(/<\/(p|li|td|th|h[1-6]|blockquote|pre)>|<br>/g, "$& ");
    return holder.content.textContent.replace(/\s+/g, " ").trim();
  }
  function uuid() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function api(path, options) {
    options = options || {};
    options.credentials = "same-origin";
    options.headers = Object.assign({ "Accept": "application/json" }, options.headers || {});
    if (options.body) {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRFToken"] = window.iCommunity.csrfToken();
    }
    return fetch("/api/v1" + path, options).then(function (response) {
      if (response.status === 204) { return null; }
      return response.json().then(function (data) {
        if (!response.ok) { throw data; }
        return data;
      });
    });
  }
  function loadOutbox() {
    try { return JSON.parse(window.localStorage.getItem("chat-outbox:" + me) || "[]"); }
    catch (e) { return []; }
  }
  function saveOutbox() {
    try { window.localStorage.setItem("chat-outbox:" + me, JSON.stringify(outbox)); }
    catch (e) { /* private mode: the outbox lives as long as the page */ }
  }
  function lastSeq(roomId) {
    var seqs = Object.keys(messages[roomId] || {}).map(Number);
    return seqs.length ? Math.max.apply(null, seqs) : null;
  }
  function firstSeq(roomId) {
    var seqs = Object.keys(messages[roomId] || {}).map(Number);
    return seqs.length ? Math.min.apply(null, seqs) : null;
  }
  function showError(text) { el.error.textContent = text || ""; }
  function setStatus(text) {
    el.status.textContent = text || "";
    el.status.classList.toggle("d-none", !text);
    app.classList.toggle("chat-disconnected", !!text);
  }

  // --- room list -------------------------------------------------------------------------
  function directPartner(room) {
    if (room.kind !== "direct") { return null; }
    for (var i = 0; i < room.members.length; i++) {
      if (room.members[i].username !== me) { return room.members[i]; }
    }
    return null;
  }
  function renderRooms() {
    el.rooms.textContent = "";
    el.noRooms.textContent = t.tNoRooms;
    el.noRooms.classList.toggle("d-none", order.length > 0);
    order.forEach(function (id) {
      var room = rooms[id];
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "chat-room-button" + (id === activeId ? " active" : "");
      button.dataset.roomId = id;
      if (id === activeId) { button.setAttribute("aria-current", "true"); }
      var partner = directPartner(room);
      if (partner) {
        var dot = document.createElement("span");
        dot.className = "presence-dot" + (partner.online ? " online" : "");
        dot.dataset.username = partner.username;
        dot.setAttribute("role", "img");
        dot.setAttribute("aria-label", partner.online ? t.tOnline : t.tOfflineDot);
        button.appendChild(dot);
      }
      var text = document.createElement("span");
      text.className = "chat-room-text";
      var name = document.createElement("span");
      name.className = "chat-room-name";
      name.dir = "auto";
      name.textContent = room.name;
      text.appendChild(name);
      var preview = document.createElement("span");
      preview.className = "chat-room-preview";
      preview.dir = "auto";
      var last = room.last_message;
      preview.textContent = last ? (last.deleted ? t.tDeleted :
        (last.author ? "\u2068" + last.author.display_name + "\u2069: " : "") + plainText(last.body_html).slice(0, 80)) : "";
      text.appendChild(preview);
      button.appendChild(text);
      var badge = document.createElement("span");
      badge.className = "badge rounded-pill text-bg-danger chat-unread" +
        (room.unread_count && id !== activeId ? "" : " d-none");
      badge.dataset.roomId = id;
      badge.textContent = String(room.unread_count || 0);
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = " " + t.tUnread;
      badge.appendChild(hidden);
      button.appendChild(badge);
      button.addEventListener("click", function () { openRoom(id, true); });
      li.appendChild(button);
      el.rooms.appendChild(li);
    });
  }
  function bumpRoom(roomId) {
    order = [roomId].concat(order.filter(function (id) { return id !== roomId; }));
  }
  function loadRooms() {
    return api("/chat/rooms").then(function (data) {
      rooms = {};
      order = [];
      data.items.forEach(function (room) { rooms[room.id] = room; order.push(room.id); });
      renderRooms();
      return data.items;
    }).catch(function (error) {
      if (error && error.error && error.error.code === "unauthorized") {
        setStatus(t.tEnded);
        el.composer.hidden = true;
      } else {
        showError(error && error.error ? error.error.message : t.tReconnecting);
      }
      return [];
    });
  }

  // --- messages --------------------------------------------------------------------------
  function messageNode(message, pending) {
    var li = document.createElement("li");
    li.className = "chat-message" + (message.author && message.author.username === me ? " mine" : "");
    if (pending) {
      li.classList.add("pending");
      li.dataset.clientId = message.client_id;
    } else {
      li.dataset.seq = message.seq;
      li.dataset.id = message.id;
    }
    var meta = document.createElement("div");
    meta.className = "chat-meta small text-muted";
    var who = document.createElement("span");
    who.className = "fw-semibold chat-author";
    who.dir = "auto";
    who.textContent = message.author ? message.author.display_name : "";
    meta.appendChild(who);
    var when = document.createElement("time");
    if (message.created_at) {
      // In the member's zone and language (static/js/times.js), as every time on the site.
      var sent = new Date(message.created_at);
      when.dateTime = message.created_at;
      when.dir = "auto";
      when.title = times.full(sent);
      when.textContent = times.clock(sent);
      li.dataset.dayKey = times.dayKey(sent);
      meta.appendChild(document.createTextNode(" "));
    }
    meta.appendChild(when);
    if (message.edited_at && !message.deleted) {
      var edited = document.createElement("span");
      edited.textContent = " (" + t.tEdited + ")";
      meta.appendChild(edited);
    }
    li.appendChild(meta);
    var body = document.createElement("div");
    body.className = "chat-body";
    body.dir = "auto";
    if (message.hidden) {
      // Only the room's moderators receive hidden messages, marked; members get chat:deleted.
      var mark = document.createElement("span");
      mark.className = "badge text-bg-danger ms-1";
      mark.textContent = t.tHidden;
      meta.appendChild(mark);
    }
    if (message.deleted) {
      body.classList.add("text-muted", "fst-italic");
      body.textContent = t.tDeleted;
    } else if (pending) {
      body.textContent = message.body;
    } else {
      body.innerHTML = message.body_html; // rendered and sanitised on the server, once
    }
    li.appendChild(body);
    if (pending) {
      var state = document.createElement("div");
      state.className = "small text-muted chat-pending-state";
      state.textContent = message.error ? t.tFailed + " " + message.error : t.tSending;
      li.appendChild(state);
    } else if (!message.deleted) {
      var actions = document.createElement("div");
      actions.className = "chat-actions";
      if (message.author && message.author.username === me) {
        actions.appendChild(actionButton(t.tEdit, function () { startEdit(li, message); }));
        actions.appendChild(actionButton(t.tDelete, function () { deleteMessage(message); }));
      } else {
        actions.appendChild(actionButton(t.tReport, function () { startReport(li, message); }));
      }
      li.appendChild(actions);
    }
    li.id = pending ? "" : "message-" + message.seq;
    return li;
  }
  function actionButton(label, handler) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-link btn-sm p-0 me-2";
    button.textContent = label;
    button.addEventListener("click", handler);
    return button;
  }
  function nearBottom() {
    return el.scroller.scrollHeight - el.scroller.scrollTop - el.scroller.clientHeight < 80;
  }
  function versionOf(message) {
    return (message.edited_at || "") + (message.deleted ? ":deleted" : "") +
      (message.hidden ? ":hidden" : "");
  }
  function placeNode(node, previous) {
    if (!node) { return previous; }
    var expected = previous ? previous.nextSibling : el.list.firstChild;
    if (node !== expected) { el.list.insertBefore(node, expected); }
    return node;
  }
  // A "Today" / "Yesterday" / date line before the first message of each day (in the member's
  // zone); kept across renders, so screen readers hear it once.
  function daySeparator(message, previous, separators) {
    var day = message.created_at ? times.dayKey(new Date(message.created_at)) : "";
    var before = previous && previous.dataset.seq ? previous.dataset.dayKey : null;
    if (!day || day === before) { return null; }
    var label = times.dayLabel(new Date(message.created_at), t.tToday, t.tYesterday);
    var node = separators[day];
    delete separators[day];
    if (!node || node.textContent !== label) {
      if (node) { node.remove(); }
      node = document.createElement("li");
      node.className = "chat-day text-muted small text-center my-2";
      node.dataset.day = day;
      node.textContent = label;
    }
    return node;
  }
  function renderMessages(keepPosition) {
    // Incremental: existing messages keep their nodes (screen readers hear only what is new
    // in the log), changed ones are replaced, new ones are inserted in seq order.
    if (activeId === null) { return; }
    var stick = nearBottom();
    var previousHeight = el.scroller.scrollHeight;
    var previousTop = el.scroller.scrollTop;
    if (el.list.dataset.room !== String(activeId)) {
      el.list.textContent = "";
      el.list.dataset.room = String(activeId);
    }
    var existing = {};
    var separators = {};
    Array.prototype.slice.call(el.list.children).forEach(function (node) {
      if (node.dataset.seq) { existing[node.dataset.seq] = node; }
      else if (node.dataset.day) { separators[node.dataset.day] = node; }
      else { node.remove(); }
    });
    var byseq = messages[activeId] || {};
    var seqs = Object.keys(byseq).map(Number).sort(function (a, b) { return a - b; });
    var previous = null;
    seqs.forEach(function (seq) {
      var message = byseq[seq];
      var node = existing[seq];
      delete existing[seq];
      if (!node || node.dataset.version !== versionOf(message)) {
        var fresh = messageNode(message, false);
        fresh.dataset.version = versionOf(message);
        if (node) { node.replaceWith(fresh); }
        node = fresh;
      }
      previous = placeNode(daySeparator(message, previous, separators), previous);
      previous = placeNode(node, previous);
    });
    Object.keys(existing).forEach(function (seq) { existing[seq].remove(); });
    Object.keys(separators).forEach(function (day) { separators[day].remove(); });
    outbox.forEach(function (item) {
      if (item.room_id === activeId) {
        el.list.appendChild(messageNode({ author: { username: me, display_name: "" },
          body: item.body, client_id: item.client_id, error: item.error }, true));
      }
    });
    if (!el.list.children.length) {
      var empty = document.createElement("li");
      empty.className = "text-muted small my-3 chat-empty";
      empty.textContent = t.tNoMessages;
      el.list.appendChild(empty);
    }
    el.older.classList.toggle("d-none", !hasOlder[activeId]);
    if (keepPosition) {
      el.scroller.scrollTop = previousTop + (el.scroller.scrollHeight - previousHeight);
    } else if (stick || keepPosition === undefined) {
      el.scroller.scrollTop = el.scroller.scrollHeight;
    }
  }
  function store(message) {
    var roomMessages = messages[message.room_id] = messages[message.room_id] || {};
    var isNew = !roomMessages[message.seq];
    roomMessages[message.seq] = message;
    return isNew;
  }
  // A busy room would otherwise cost one read-marker write per message per open window:
  // incoming messages mark read at most once a second (with the highest seq by then);
  // opening a room, coming back to the tab or focusing the window marks read at once.
  var READ_EVERY_MS = 1000;
  var readTimer = null;
  var lastReadAt = 0;
  function markReadSoon() {
    if (readTimer !== null) { return; }
    var wait = lastReadAt + READ_EVERY_MS - Date.now();
    if (wait <= 0) { markRead(); return; }
    readTimer = setTimeout(markRead, wait);
  }
  function markRead() {
    if (readTimer !== null) { clearTimeout(readTimer); readTimer = null; }
    if (activeId === null || document.hidden) { return; }
    lastReadAt = Date.now();
    var seq = lastSeq(activeId);
    var room = rooms[activeId];
    if (seq === null || !room) { return; }
    socket.emit("chat:read", { room_id: activeId, seq: seq }, function (ack) {
      if (ack && ack.ok) { setUnread(activeId, ack.unread); }
    });
  }
  // The site menu's Chat badge (nav.js) asks: a room shown here is marked read as it arrives.
  window.iCommunity.chatReading = function (roomId) {
    return roomId === activeId && !document.hidden;
  };
  function setUnread(roomId, count) {
    if (!rooms[roomId]) { return; }
    rooms[roomId].unread_count = count;
    var badge = el.rooms.querySelector('.chat-unread[data-room-id="' + roomId + '"]');
    if (badge) {
      badge.firstChild.nodeValue = String(count);
      badge.classList.toggle("d-none", !count || roomId === activeId);
    }
  }

  // --- joining rooms (also after every reconnect) ----------------------------------------
  function joinActive() {
    if (activeId === null) { return; }
    var roomId = activeId;
    var payload = { room_id: roomId };
    var after = lastSeq(roomId);
    if (after !== null) { payload.after = after; }
    socket.emit("chat:join", payload, function (ack) {
      if (!ack || !ack.ok) { showError(ack && ack.message); return; }
      if (after === null) { hasOlder[roomId] = ack.has_more; }
      ack.messages.forEach(store);
      rooms[roomId] = Object.assign(rooms[roomId] || {}, ack.room);
      if (after !== null && ack.has_more) { fetchNewer(roomId); }
      if (roomId === activeId) { renderMessages(); markRead(); }
    });
  }
  function fetchNewer(roomId) {
    api("/chat/rooms/" + roomId + "/messages?limit=200&after=" + lastSeq(roomId)).then(function (data) {
      data.items.forEach(store);
      if (roomId === activeId) { renderMessages(); markRead(); }
      if (data.has_more) { fetchNewer(roomId); }
    }).catch(function () { /* offline: the next reconnect joins again with the last seq */ });
  }
  function openRoom(roomId, focus) {
    activeId = roomId;
    el.body.dataset.mentions = "room_id=" + roomId; // suggestions: this room's members
    var room = rooms[roomId];
    el.title.textContent = room ? room.name : "";
    el.typing.textContent = "";
    el.composer.hidden = !t.canWrite;
    el.layout.classList.add("chat-room-open");
    showError("");
    showGroupSettings();
    renderRooms();
    renderMessages();
    joinActive();
    var url = new URL(window.location.href);
    url.searchParams.set("room", roomId);
    window.history.replaceState(null, "", url.toString());
    if (focus && t.canWrite) { el.body.focus(); }
  }
  function openInitialRoom() {
    // The room of the link, else the latest one; on a phone the list comes first.
    var phone = window.matchMedia("(max-width: 767.98px)").matches;
    var wanted = Number(t.room) || (phone ? null : order[0]);
    if (wanted && rooms[wanted]) { openRoom(wanted, false); }
  }
  function loadOlder() {
    if (activeId === null || loadingOlder || !hasOlder[activeId]) { return; }
    var roomId = activeId;
    loadingOlder = true;
    api("/chat/rooms/" + roomId + "/messages?limit=50&before=" + firstSeq(roomId)).then(function (data) {
      data.items.forEach(store);
      hasOlder[roomId] = data.has_more;
      if (roomId === activeId) { renderMessages(true); }
    }).catch(function () { /* offline: scrolling up again retries */ })
      .finally(function () { loadingOlder = false; });
  }

  // --- sending, editing, deleting ----------------------------------------------------------
  function deliver(item) {
    if (!socket.connected) { return; }
    socket.timeout(10000).emit("chat:send",
      { room_id: item.room_id, body: item.body, client_id: item.client_id },
      function (err, ack) {
        if (err) { return; } // no answer: it stays in the outbox and goes again on reconnect
        if (ack && ack.ok) {
          outbox = outbox.filter(function (o) { return o.client_id !== item.client_id; });
          saveOutbox();
          store(ack.message);
          if (rooms[item.room_id]) { rooms[item.room_id].last_message = ack.message; }
        } else if (ack && ack.error !== "server_error") {
          item.error = ack.message; // refused: it will never succeed, say why
          outbox = outbox.filter(function (o) { return o.client_id !== item.client_id; });
          saveOutbox();
          showError(ack.message);
        }
        if (item.room_id === activeId) { renderMessages(false); }
      });
  }
  function flushOutbox() { outbox.slice().forEach(deliver); }
  function send(text) {
    if (!text.trim() || activeId === null) { return; }
    var item = { room_id: activeId, body: text, client_id: uuid() };
    outbox.push(item);
    saveOutbox();
    renderMessages(false);
    deliver(item);
  }
  function field(tag, className, id, labelClass, labelText) {
    // A form control and its label: [label, control].
    var control = document.createElement(tag);
    control.className = className;
    control.id = id;
    var label = document.createElement("label");
    label.className = labelClass;
    label.textContent = labelText;
    label.htmlFor = id;
    return [label, control];
  }
  function startEdit(li, message) {
    var body = li.querySelector(".chat-body");
    var form = document.createElement("form");
    form.className = "chat-edit";
    var edit = field("textarea", "form-control form-control-sm", "chat-edit-" + message.id,
      "visually-hidden", t.tEditLabel);
    var label = edit[0];
    var area = edit[1];
    area.maxLength = 4000;
    area.dir = "auto";
    area.value = message.body;
    area.dataset.mentions = "room_id=" + message.room_id;
    area.dataset.mentionsLabel = el.body.dataset.mentionsLabel;
    var save = document.createElement("button");
    save.type = "submit";
    save.className = "btn btn-sm btn-primary mt-1 me-1";
    save.textContent = t.tSave;
    var cancel = actionButton(t.tCancel, function () {
      li.dataset.version = ""; // forces the node to be drawn again, without the form
      renderMessages(true);
    });
    form.appendChild(label);
    form.appendChild(area);
    window.iCommunity.editor.attach(area, { write: t.tWrite, preview: t.tPreview,
      empty: t.tPreviewEmpty, failed: t.tPreviewFailed, loading: t.tPreviewLoading,
      view: t.tEditorView });
    form.appendChild(save);
    form.appendChild(cancel);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      socket.emit("chat:edit", { message_id: message.id, body: area.value }, function (ack) {
        if (ack && ack.ok) { store(ack.message); renderMessages(true); }
        else { showError(ack && ack.message); }
      });
    });
    body.replaceWith(form);
    area.focus();
  }
  function startReport(li, message) {
    if (li.querySelector(".chat-report")) { return; }
    var form = document.createElement("form");
    form.className = "chat-report mt-1";
    var reason = field("select", "form-select form-select-sm", "chat-report-" + message.id,
      "form-label small", t.tReportReason);
    var label = reason[0];
    var select = reason[1];
    [["spam", t.tReasonSpam], ["abuse", t.tReasonAbuse], ["off_topic", t.tReasonOffTopic],
     ["other", t.tReasonOther]].forEach(function (pair) {
      var option = document.createElement("option");
      option.value = pair[0];
      option.textContent = pair[1];
      select.appendChild(option);
    });
    var noteField = field("input", "form-control form-control-sm", "chat-report-note-" + message.id,
      "form-label small mt-1", t.tReportNote);
    var noteLabel = noteField[0];
    var note = noteField[1];
    note.maxLength = 1000;
    var submit = document.createElement("button");
    submit.type = "submit";
    submit.className = "btn btn-sm btn-outline-danger mt-1 me-1";
    submit.textContent = t.tReport;
    var cancel = actionButton(t.tCancel, function () { form.remove(); });
    [label, select, noteLabel, note, submit, cancel].forEach(function (node) { form.appendChild(node); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      api("/chat/messages/" + message.id + "/reports", { method: "POST", body: JSON.stringify({
        reason: select.value, note: note.value }) }).then(function () {
        var done = document.createElement("p");
        done.className = "small text-success mb-0";
        done.setAttribute("role", "status");
        done.textContent = t.tReported;
        form.replaceWith(done);
      }).catch(apiError);
    });
    li.appendChild(form);
    select.focus();
  }
  function deleteMessage(message) {
    if (!window.confirm(t.tConfirmDelete)) { return; }
    socket.emit("chat:delete", { message_id: message.id }, function (ack) {
      if (!ack || !ack.ok) { showError(ack && ack.message); }
    });
  }

  // --- server events ---------------------------------------------------------------------
  socket.on("chat:message", function (message) {
    var fresh = store(message);
    var room = rooms[message.room_id];
    if (!room) { loadRooms(); return; }
    room.last_message = message;
    bumpRoom(message.room_id);
    var mine = message.author && message.author.username === me;
    outbox = outbox.filter(function (o) { return o.client_id !== message.client_id || !mine; });
    if (message.room_id === activeId) {
      renderMessages(false);
      if (!mine) { el.typing.textContent = ""; markReadSoon(); }
      renderRooms();
    } else {
      if (fresh && !mine) { room.unread_count = (room.unread_count || 0) + 1; }
      renderRooms();
    }
  });
  socket.on("chat:updated", function (message) {
    if (messages[message.room_id] && messages[message.room_id][message.seq]) {
      store(message);
      if (message.room_id === activeId) { renderMessages(true); }
    }
  });
  socket.on("chat:deleted", function (info) {
    var known = messages[info.room_id] && messages[info.room_id][info.seq];
    if (known) {
      known.deleted = true;
      known.body = "";
      known.body_html = "";
      if (info.room_id === activeId) { renderMessages(true); }
    }
  });
  socket.on("chat:typing", function (info) {
    if (info.username === me || info.room_id !== activeId) { return; }
    var room = rooms[info.room_id];
    var member = (room && room.members || []).filter(function (m) {
      return m.username === info.username;
    })[0];
    // the name between Unicode isolates (FSI…PDI), the <bdi> of plain text
    el.typing.textContent = fmt(t.tTyping, {
      name: "\u2068" + (member ? member.display_name : info.username) + "\u2069" });
    window.clearTimeout(typingTimers[info.room_id]);
    typingTimers[info.room_id] = window.setTimeout(function () { el.typing.textContent = ""; }, 4000);
  });
  socket.on("unread", function (info) { setUnread(info.room_id, info.count); });
  socket.on("presence", function (info) {
    Object.keys(rooms).forEach(function (id) {
      (rooms[id].members || []).forEach(function (m) {
        if (m.username === info.username) { m.online = info.online; }
      });
    });
    el.rooms.querySelectorAll('.presence-dot[data-username="' + info.username + '"]').forEach(function (dot) {
      dot.classList.toggle("online", info.online);
      dot.setAttribute("aria-label", info.online ? t.tOnline : t.tOfflineDot);
    });
  });
  socket.on("connect", function () {
    setStatus("");
    loadRooms().then(function () {
      if (activeId === null) {
        openInitialRoom();
      } else {
        renderRooms();
        joinActive();
      }
      flushOutbox();
    });
  });
  socket.on("disconnect", function () {
    // A server-side close is retried once by notifications.js; a refused retry means this
    // browser's session ended (signed out, suspended, password or role changed).
    setStatus(navigator.onLine ? t.tReconnecting : t.tOffline);
  });
  document.addEventListener("icommunity:session-ended", function () {
    setStatus(t.tEnded);
    el.composer.hidden = true;
  });
  socket.on("connect_error", function () {
    if (!el.composer.hidden || !window.iCommunity.sessionCheck) {
      setStatus(navigator.onLine ? t.tReconnecting : t.tOffline);
    }
  });
  window.addEventListener("offline", function () { setStatus(t.tOffline); });

  // --- group rooms: create, rename, invite, leave (JSON API) ------------------------------
  var groupSettings = document.getElementById("chat-group-settings");
  function usernames(text) {
    return text.split(/[\s,]+/).map(function (u) { return u.replace(/^@/, "").trim().toLowerCase(); })
      .filter(function (u) { return u; });
  }
  function apiError(error) {
    var message = error && error.error ? error.error.message : "";
    var fields = error && error.error && error.error.fields;
    if (fields) { message += " " + Object.keys(fields).map(function (k) { return fields[k]; }).join(" "); }
    showError(message);
  }
  function showGroupSettings() {
    var room = rooms[activeId];
    groupSettings.hidden = !(room && room.kind === "group");
    groupSettings.open = false;
    if (room && room.kind === "group") { document.getElementById("chat-rename-name").value = room.name; }
  }
  document.getElementById("chat-new-group").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    api("/chat/rooms", { method: "POST", body: JSON.stringify({
      kind: "group", name: form.elements.name.value, members: usernames(form.elements.members.value)
    }) }).then(function (room) {
      form.reset();
      form.closest("details").open = false;
      rooms[room.id] = room;
      bumpRoom(room.id);
      openRoom(room.id, true);
    }).catch(apiError);
  });
  document.getElementById("chat-rename").addEventListener("submit", function (event) {
    event.preventDefault();
    var roomId = activeId;
    api("/chat/rooms/" + roomId, { method: "PATCH", body: JSON.stringify({
      name: document.getElementById("chat-rename-name").value }) }).then(function (room) {
      rooms[roomId] = room;
      el.title.textContent = room.name;
      groupSettings.open = false;
      renderRooms();
    }).catch(apiError);
  });
  document.getElementById("chat-invite").addEventListener("submit", function (event) {
    event.preventDefault();
    var roomId = activeId;
    var input = document.getElementById("chat-invite-members");
    api("/chat/rooms/" + roomId + "/members", { method: "POST", body: JSON.stringify({
      members: usernames(input.value) }) }).then(function (room) {
      rooms[roomId] = room;
      input.value = "";
      groupSettings.open = false;
      showError("");
    }).catch(apiError);
  });
  document.getElementById("chat-leave").addEventListener("click", function () {
    if (!window.confirm(t.tConfirmLeave)) { return; }
    var roomId = activeId;
    api("/chat/rooms/" + roomId + "/membership", { method: "DELETE", body: "{}" }).then(function () {
      delete rooms[roomId];
      order = order.filter(function (id) { return id !== roomId; });
      activeId = null;
      el.list.textContent = "";
      el.title.textContent = "";
      el.composer.hidden = true;
      groupSettings.hidden = true;
      el.layout.classList.remove("chat-room-open");
      renderRooms();
    }).catch(apiError);
  });

  // --- the page's own controls ---------------------------------------------------------------
  el.composer.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = el.body.value;
    el.body.value = "";
    send(text);
  });
  el.body.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      el.composer.requestSubmit ? el.composer.requestSubmit() :
        el.composer.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });
  el.body.addEventListener("input", function () {
    var now = Date.now();
    if (activeId !== null && socket.connected && now - lastTypingSent > 2500 && el.body.value) {
      lastTypingSent = now;
      socket.emit("chat:typing", { room_id: activeId }, function () {});
    }
  });
  el.scroller.addEventListener("scroll", function () {
    if (el.scroller.scrollTop < 40) { loadOlder(); }
  });
  el.older.addEventListener("click", loadOlder);
  el.back.addEventListener("click", function () {
    el.layout.classList.remove("chat-room-open");
    activeId = null;
    renderRooms();
  });
  document.addEventListener("visibilitychange", markRead);
  window.addEventListener("focus", markRead);
  if (socket.connected) {
    // The shared socket connected before this script ran: start as a fresh connect would.
    loadRooms().then(function () {
      openInitialRoom();
      flushOutbox();
    });
  }
})();
