// Forums: drafts that survive a reload, quote and reply buttons, and live posts on a thread page.
(function () {
  "use strict";

  // --- drafts -------------------------------------------------------------------------------
  function draftStore() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  document.querySelectorAll("form.js-draft-form[data-draft-key]").forEach(function (form) {
    var store = draftStore();
    if (!store) { return; }
    var prefix = "icommunity:draft:" + form.dataset.draftKey + ":";
    form.querySelectorAll("textarea, input[type=text]").forEach(function (field) {
      var key = prefix + field.name;
      var saved = store.getItem(key);
      if (saved && !field.value) { field.value = saved; }
      field.addEventListener("input", function () {
        if (field.value) { store.setItem(key, field.value); } else { store.removeItem(key); }
      });
    });
    form.addEventListener("submit", function () {
      form.querySelectorAll("textarea, input[type=text]").forEach(function (field) {
        store.removeItem(prefix + field.name);
      });
    });
  });

  // --- quote and reply ----------------------------------------------------------------------
  var replyForm = document.getElementById("reply-form");
  var i18n = document.getElementById("forum-i18n");

  function composer() {
    return replyForm ? replyForm.querySelector("textarea[name=body]") : null;
  }

  function insertText(text) {
    var field = composer();
    if (!field) { return; }
    var start = field.selectionStart || field.value.length;
    var before = field.value.slice(0, start);
    if (before && !/\n\n$/.test(before)) { before += before.slice(-1) === "\n" ? "\n" : "\n\n"; }
    field.value = before + text + field.value.slice(start);
    field.dispatchEvent(new Event("input"));
    field.focus();
    field.selectionStart = field.selectionEnd = (before + text).length;
  }

  function setReplyTo(postId, position) {
    if (!replyForm) { return; }
    replyForm.querySelector("input[name=reply_to]").value = postId || "";
    var note = replyForm.querySelector(".js-replying-to");
    if (postId) {
      note.querySelector(".js-replying-to-text").textContent =
        (i18n ? i18n.dataset.replying : "Replying to post #") + position;
      note.classList.remove("d-none");
    } else {
      note.classList.add("d-none");
    }
  }

  document.addEventListener("click", function (event) {
    var quote = event.target.closest(".js-quote");
    var reply = event.target.closest(".js-reply");
    var cancel = event.target.closest(".js-cancel-reply");
    if (quote) {
      var article = quote.closest("article");
      var source = article.querySelector("template.js-post-source");
      var text = source ? source.content.textContent : "";
      var quoted = text.replace(/\s+$/, "").split("\n").map(function (line) {
        return "> " + line;
      }).join("\n");
      insertText(quoted + "\n\n");
      setReplyTo(quote.dataset.postId, article.dataset.position);
    } else if (reply) {
      setReplyTo(reply.dataset.postId, reply.dataset.position);
      var field = composer();
      if (field) { field.focus(); }
    } else if (cancel) {
      setReplyTo(null);
    }
  });

  if (!replyForm) {
    // No composer (signed out, or a locked thread): quote and reply have nothing to fill.
    document.querySelectorAll(".js-quote, .js-reply").forEach(function (button) {
      button.classList.add("d-none");
    });
  }

  // --- live posts ---------------------------------------------------------------------------
  var posts = document.querySelector(".js-thread[data-thread-id]");
  if (!posts || !window.io || !document.body.dataset.signedIn) { return; }
  var threadId = parseInt(posts.dataset.threadId, 10);
  // One connection per page, shared with the notification badge (static/js/notifications.js).
  window.iCommunity = window.iCommunity || {};
  var socket = window.iCommunity.socket || window.io({ transports: ["websocket", "polling"] });
  window.iCommunity.socket = socket;

  function watch() { socket.emit("forum:watch", { thread_id: threadId }); }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var node = template.content.firstElementChild;
    if (!replyForm && node) {
      node.querySelectorAll(".js-quote, .js-reply").forEach(function (b) { b.classList.add("d-none"); });
    }
    // Rendered once for every reader: its times are rewritten in this reader's zone and language.
    if (node && window.iCommunity && window.iCommunity.times) { window.iCommunity.times.localise(node); }
    return node;
  }

  // Rooms are per connection: watch now if already connected, and again after a reconnect.
  socket.on("connect", watch);
  if (socket.connected) { watch(); }
  socket.on("forum:post", function (data) {
    if (data.thread_id !== threadId || document.getElementById("post-" + data.id)) { return; }
    if (posts.dataset.lastPage !== "true") { return; }
    var node = fragment(data.html);
    if (node) {
      node.classList.add("forum-post-new");
      posts.appendChild(node);
    }
  });
  socket.on("forum:post_removed", function (data) {
    // Hidden, deleted or held: gone from members' pages at once (moderators get an update).
    var old = document.getElementById("post-" + data.id);
    if (data.thread_id !== threadId || !old) { return; }
    old.remove();
  });
  socket.on("forum:post_updated", function (data) {
    var old = document.getElementById("post-" + data.id);
    if (data.thread_id !== threadId || !old) { return; }
    var node = fragment(data.html);
    if (node) { old.replaceWith(node); }
  });
})();
