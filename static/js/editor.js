// Markdown editors: Write and Preview tabs. The preview is rendered by the server's one
// Markdown path (POST /api/v1/preview), so it shows exactly what the post will store.
(function () {
  "use strict";

  function tabsOf(editor) { return editor.querySelectorAll("[role=tab]"); }
  function panel(tab) { return document.getElementById(tab.getAttribute("aria-controls")); }

  function showPreview(editor, area, view) {
    var t = editor.dataset;
    view.style.minHeight = area.offsetHeight + "px"; // the page does not jump on switching
    if (!area.value.trim()) { view.textContent = t.tEmpty; return; }
    view.textContent = t.tLoading;
    fetch("/api/v1/preview", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": window.iCommunity.csrfToken() },
      body: JSON.stringify({ body: area.value })
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok) {
        view.innerHTML = result.data.html; // the server's sanitised output, nothing else
      } else {
        var error = result.data.error || {};
        view.textContent = (error.fields && error.fields.body) || error.message || t.tFailed;
      }
    }).catch(function () { view.textContent = t.tFailed; });
  }

  function select(editor, tab) {
    var area = editor.querySelector("textarea");
    tabsOf(editor).forEach(function (other) {
      var chosen = other === tab;
      other.classList.toggle("active", chosen);
      other.setAttribute("aria-selected", chosen ? "true" : "false");
      other.tabIndex = chosen ? 0 : -1;
      panel(other).hidden = !chosen;
    });
    if (panel(tab).contains(area)) { return; }
    showPreview(editor, area, panel(tab));
  }

  function onKey(editor, event) {
    // Arrow keys follow the screen: in Arabic the next tab is on the left.
    var tabs = Array.prototype.slice.call(tabsOf(editor));
    var index = tabs.indexOf(event.target);
    var rtl = getComputedStyle(editor).direction === "rtl";
    var step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[event.key];
    var next = event.key === "Home" ? 0 : event.key === "End" ? tabs.length - 1
      : step === undefined ? -1 : (index + step + tabs.length) % tabs.length;
    if (index < 0 || next < 0) { return; }
    event.preventDefault();
    tabs[next].focus();
    select(editor, tabs[next]);
  }

  function wire(editor) {
    if (editor.dataset.wired) { return; }
    editor.dataset.wired = "1";
    tabsOf(editor).forEach(function (tab) {
      tab.addEventListener("click", function () { select(editor, tab); });
      tab.addEventListener("keydown", function (event) { onKey(editor, event); });
    });
    var form = editor.closest("form");
    if (form) { // a form sent or reset from the Preview tab comes back to Write
      form.addEventListener("reset", function () { select(editor, tabsOf(editor)[0]); });
    }
  }

  function button(id, label, controls, selected) {
    var tab = document.createElement("button");
    tab.type = "button";
    tab.className = "nav-link" + (selected ? " active" : "");
    tab.id = id;
    tab.textContent = label;
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", controls);
    tab.setAttribute("aria-selected", selected ? "true" : "false");
    tab.tabIndex = selected ? 0 : -1;
    return tab;
  }

  // The same tabs around a textarea made by a script (the chat's edit box), with `labels`
  // {write, preview, empty, failed, loading, view}, as templates/_macros/editor.html draws them.
  function attach(area, labels) {
    var editor = document.createElement("div");
    editor.className = "md-editor";
    editor.dataset.tEmpty = labels.empty;
    editor.dataset.tFailed = labels.failed;
    editor.dataset.tLoading = labels.loading;
    var strip = document.createElement("div");
    strip.className = "nav nav-tabs md-editor-tabs justify-content-end";
    strip.setAttribute("role", "tablist");
    strip.setAttribute("aria-label", labels.view);
    strip.appendChild(button(area.id + "-write-tab", labels.write, area.id + "-write", true));
    strip.appendChild(button(area.id + "-preview-tab", labels.preview, area.id + "-preview", false));
    var write = document.createElement("div");
    write.className = "md-editor-write";
    var view = document.createElement("div");
    view.className = "md-editor-preview user-content chat-body border rounded p-2";
    view.dir = "auto";
    view.tabIndex = 0;
    view.hidden = true;
    view.setAttribute("aria-live", "polite");
    [[write, "write"], [view, "preview"]].forEach(function (pair) {
      pair[0].id = area.id + "-" + pair[1];
      pair[0].setAttribute("role", "tabpanel");
      pair[0].setAttribute("aria-labelledby", area.id + "-" + pair[1] + "-tab");
    });
    area.replaceWith(editor);
    write.appendChild(area);
    editor.appendChild(strip);
    editor.appendChild(write);
    editor.appendChild(view);
    wire(editor);
    return editor;
  }

  document.querySelectorAll("[data-editor]").forEach(wire);
  window.iCommunity = window.iCommunity || {};
  window.iCommunity.editor = { attach: attach };
})();
