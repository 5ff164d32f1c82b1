// Member picker of the invite form: type part of a name, choose a member from a listbox with the
// arrow keys and Enter (or the mouse); the exact-username field works the same without it.
// ARIA 1.2 combobox: focus stays in the input, the active option is named by
// aria-activedescendant. Layout uses logical properties, so it works right-to-left as well.
(function () {
  "use strict";

  var DELAY_MS = 200;

  function initials(name) {
    return (name || "").trim().split(/\s+/).slice(0, 2).map(function (word) {
      return word.charAt(0);
    }).join("").toUpperCase() || "?";
  }

  function optionContent(item) {
    var avatar;
    if (item.avatar_url) {
      avatar = document.createElement("img");
      avatar.src = item.avatar_url;
      avatar.alt = "";
      avatar.className = "avatar avatar-xs";
    } else {
      avatar = document.createElement("span");
      avatar.className = "avatar avatar-xs avatar-placeholder";
      avatar.textContent = initials(item.display_name);
    }
    avatar.setAttribute("aria-hidden", "true");
    var name = document.createElement("bdi");
    name.className = "member-picker-name";
    name.textContent = item.display_name;
    var username = document.createElement("span");
    username.className = "member-picker-username text-body-secondary small";
    username.dir = "ltr";
    username.textContent = "@" + item.username;
    return [avatar, name, username];
  }

  function setUp(form) {
    var input = form.querySelector("input[name=username]");
    if (!input) { return; }
    var listId = input.id + "-options";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "member-picker-list list-unstyled";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", form.querySelector("label[for='" + input.id + "']").textContent);
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var items = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      list.textContent = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
        option.classList.toggle("active", i === index);
      });
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }

    function choose(index) {
      if (index < 0 || index >= items.length) { return; }
      input.value = items[index].username;
      close();
      input.focus();
    }

    function show(found) {
      close();
      items = found;
      if (!items.length) {
        status.textContent = form.dataset.noMatch;
        return;
      }
      items.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.className = "member-picker-option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        optionContent(item).forEach(function (part) { option.appendChild(part); });
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep the focus in the input
          choose(i);
        });
        list.appendChild(option);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = form.dataset.found;
    }

    function ask() {
      var query = input.value.trim();
      if (query.length < 2) { close(); return; }
      var ticket = ++asked;
      var url = form.dataset.candidatesUrl + "?q=" + encodeURIComponent(query);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { items: [] }; })
        .then(function (body) {
          if (ticket === asked && document.activeElement === input) { show(body.items || []); }
        })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        if (event.key === "ArrowDown" && input.value.trim().length >= 2) { ask(); }
        return;
      }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();  // choosing is not yet inviting
        choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("form.member-picker[data-candidates-url]").forEach(setUp);
})();
