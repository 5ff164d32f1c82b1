// @mention suggestions in every textarea with `data-mentions` (the place written in, as query
// arguments for GET /api/v1/mentions): "@" and letters list at most 8 members who can read the
// place; ArrowUp/Down choose, Enter or Tab insert "@username ", Escape closes; mouse too.
// The textarea is the combobox, the list its listbox (aria-activedescendant).
(function () {
  "use strict";
  var TOKEN = /(^|[^\w@/])@([\p{L}\p{N}_]{1,30})$/u;
  var DELAY_MS = 150;
  var cache = {};
  var open = null; // {area, list, items, active, start, end}
  var timer = null;
  var asked = 0;

  function tokenAt(area) {
    var before = area.value.slice(0, area.selectionStart);
    var match = area.selectionStart === area.selectionEnd ? TOKEN.exec(before) : null;
    return match ? { query: match[2], start: before.length - match[2].length - 1,
                     end: before.length } : null;
  }

  function listOf(area) {
    var id = area.id + "-mentions";
    var list = document.getElementById(id);
    if (list) { return list; }
    list = document.createElement("ul");
    list.id = id;
    list.className = "list-group mention-list shadow";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", area.dataset.mentionsLabel || "");
    list.hidden = true;
    area.parentNode.classList.add("mention-anchor");
    area.insertAdjacentElement("afterend", list);
    return list;
  }

  function prepare(area) {
    if (area.getAttribute("role") === "combobox") { return; }
    area.setAttribute("role", "combobox");
    area.setAttribute("aria-autocomplete", "list");
    area.setAttribute("aria-expanded", "false");
    area.setAttribute("aria-controls", listOf(area).id);
  }

  function close() {
    if (!open) { return; }
    open.list.hidden = true;
    open.list.replaceChildren();
    open.area.setAttribute("aria-expanded", "false");
    open.area.removeAttribute("aria-activedescendant");
    open = null;
  }

  function highlight(index) {
    open.active = index;
    open.list.querySelectorAll("[role=option]").forEach(function (option, i) {
      option.classList.toggle("active", i === index);
      option.setAttribute("aria-selected", i === index ? "true" : "false");
      if (i === index) {
        open.area.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      }
    });
  }

  function choose(index) {
    var area = open.area;
    var text = "@" + open.items[index].username + " ";
    area.setRangeText(text, open.start, open.end, "end");
    close();
    area.focus();
    area.dispatchEvent(new Event("input", { bubbles: true })); // drafts and counters see it
  }

  function option(list, user, index) {
    var item = document.createElement("li");
    item.id = list.id + "-" + index;
    item.className = "list-group-item list-group-item-action mention-option";
    item.setAttribute("role", "option");
    var name = document.createElement("bdi");
    name.className = "fw-semibold";
    name.textContent = user.display_name;
    var handle = document.createElement("span");
    handle.className = "text-muted small ms-2";
    handle.dir = "ltr";
    handle.textContent = "@" + user.username;
    item.append(name, " ", handle);
    item.addEventListener("mousedown", function (event) { event.preventDefault(); });
    item.addEventListener("click", function () { choose(index); });
    return item;
  }

  var COPIED = ["boxSizing", "width", "paddingTop", "paddingRight", "paddingBottom",
    "paddingLeft", "borderTopWidth", "borderRightWidth", "borderBottomWidth", "borderLeftWidth",
    "fontFamily", "fontSize", "fontWeight", "lineHeight", "letterSpacing", "wordSpacing",
    "textIndent", "direction", "textTransform"];

  function caretBottom(area, index) {
    // Where the line holding the "@" ends, inside the field: a hidden copy of the text laid out
    // as the field lays it out, measured up to the caret.
    var style = window.getComputedStyle(area);
    var mirror = document.createElement("div");
    COPIED.forEach(function (name) { mirror.style[name] = style[name]; });
    mirror.style.position = "absolute";
    mirror.style.visibility = "hidden";
    mirror.style.whiteSpace = "pre-wrap";
    mirror.style.overflowWrap = "break-word";
    mirror.textContent = area.value.slice(0, index);
    var marker = document.createElement("span");
    marker.textContent = "\u200b";
    mirror.appendChild(marker);
    document.body.appendChild(mirror);
    var bottom = marker.offsetTop + marker.offsetHeight - area.scrollTop;
    mirror.remove();
    return Math.max(0, Math.min(bottom, area.offsetHeight));
  }

  function place(area, list, token) {
    // Under the line being typed on, the page scrolled just enough to show it; above the
    // field where it asks for it (the chat's composer, at the bottom of a box that clips).
    var up = area.hasAttribute("data-mentions-above");
    list.classList.toggle("mention-list-up", up);
    list.style.top = up ? "" : (area.offsetTop + caretBottom(area, token.start) + 4) + "px";
    if (!up) { list.scrollIntoView({ block: "nearest" }); }
  }

  function show(area, token, items) {
    close();
    if (!items.length) { return; }
    var list = listOf(area);
    items.forEach(function (user, i) { list.appendChild(option(list, user, i)); });
    list.hidden = false;
    place(area, list, token);
    area.setAttribute("aria-expanded", "true");
    open = { area: area, list: list, items: items, active: -1, start: token.start, end: token.end };
    highlight(0);
  }

  function lookup(area) {
    var token = tokenAt(area);
    window.clearTimeout(timer);
    if (!token) { close(); return; }
    var url = "/api/v1/mentions?q=" + encodeURIComponent(token.query) +
      (area.dataset.mentions ? "&" + area.dataset.mentions : "");
    if (cache[url]) { show(area, token, cache[url]); return; }
    var ticket = ++asked;
    timer = window.setTimeout(function () {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { items: [] }; })
        .then(function (data) {
          cache[url] = data.items;
          var still = tokenAt(area);
          if (ticket === asked && still && still.query === token.query) {
            show(area, still, data.items);
          }
        }).catch(function () { /* offline: no suggestions, typing goes on */ });
    }, DELAY_MS);
  }

  function onKey(event) {
    if (!open || event.target !== open.area) { return; }
    var count = open.items.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      highlight((open.active + (event.key === "ArrowDown" ? 1 : count - 1)) % count);
    } else if ((event.key === "Enter" || event.key === "Tab") && !event.shiftKey) {
      choose(open.active < 0 ? 0 : open.active);
    } else if (event.key === "Escape") {
      close();
    } else {
      return;
    }
    // Captured before the textarea's own handlers: Enter must not send the chat message.
    event.preventDefault();
    event.stopPropagation();
  }

  function mentionable(target) {
    return target instanceof HTMLTextAreaElement && target.hasAttribute("data-mentions");
  }

  document.addEventListener("focusin", function (event) {
    if (mentionable(event.target)) { prepare(event.target); }
  });
  document.addEventListener("input", function (event) {
    if (mentionable(event.target)) { prepare(event.target); lookup(event.target); }
  });
  document.addEventListener("keydown", onKey, true);
  document.addEventListener("focusout", function (event) {
    if (open && event.target === open.area) { close(); }
  });
  document.addEventListener("click", function (event) {
    if (open && event.target === open.area && !tokenAt(open.area)) { close(); }
  });
})();
