// Site-wide behaviour: no inline scripts anywhere (the CSP forbids them).
(function () {
  "use strict";
  document.querySelectorAll("select.js-autosubmit").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });
  // A tab strip scrolling sideways on a phone (the admin tabs) shows the current tab: a later
  // tab, off the screen, would otherwise leave the reader not knowing where they are.
  document.querySelectorAll(".admin-tabs").forEach(function (strip) {
    var current = strip.querySelector("[aria-current=page]");
    if (!current || strip.scrollWidth <= strip.clientWidth) { return; }
    var box = strip.getBoundingClientRect();
    var tab = current.getBoundingClientRect();
    if (tab.left < box.left || tab.right > box.right) {
      strip.scrollLeft += tab.left + tab.width / 2 - (box.left + box.width / 2);
    }
  });
  // A form shown again with errors: focus goes to its summary, read first; each link in it
  // moves the focus to its field (following the link alone would only scroll there).
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (target) { event.preventDefault(); target.focus(); }
      });
    });
  }
  window.iCommunity = window.iCommunity || {};
  window.iCommunity.csrfToken = function () {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  };
})();
