// Times on every page. The server writes each one (the `when` filter) in the member's zone and
// language, relative while recent; this script keeps "5 min ago" true while the page stays open,
// shows visitors' times in their browser's zone, fills the registration form's zone guess, and
// gives the chat its clock and day labels in the same zone and language.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="timezone"]');
  var memberZone = meta ? meta.content : "";
  var zone = memberZone || undefined; // undefined: the browser's own zone (visitors)
  // Latin digits, as Babel writes them on the server, so a page never mixes two styles.
  var locale = (document.documentElement.lang || "en") + "-u-nu-latn";
  var RECENT = 12 * 3600 * 1000; // community/times.py RECENT
  var absolute = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: zone });
  var dateOnly = {
    medium: new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: zone }),
    long: new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: zone })
  };
  var clockFormat = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone: zone });
  var longDay = new Intl.DateTimeFormat(locale, { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: zone });
  var keyFormat = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: zone });
  var relative = new Intl.RelativeTimeFormat(locale, { style: "short", numeric: "always" });

  function relativeText(age) {
    var seconds = Math.max(Math.round(age / 1000), 1);
    if (seconds < 60) { return relative.format(-seconds, "second"); }
    if (seconds < 3600) { return relative.format(-Math.round(seconds / 60), "minute"); }
    return relative.format(-Math.round(seconds / 3600), "hour");
  }
  // `all`: a fragment rendered for someone else (a live post), so even its absolute times are
  // rewritten; otherwise only relative times and visitors' times change.
  function render(node, now, all) {
    var date = new Date(node.getAttribute("datetime"));
    var kind = node.dataset.when;
    if (isNaN(date.getTime())) { return; }
    if (kind === "date") {
      if (!memberZone || all) {
        node.textContent = (dateOnly[node.dataset.width] || dateOnly.medium).format(date);
      }
      return;
    }
    var age = now - date.getTime();
    if (kind === "relative" && age > -60000 && age < RECENT) {
      node.textContent = relativeText(age);
      node.title = absolute.format(date);
    } else if (kind === "relative" || !memberZone || all) {
      node.textContent = absolute.format(date);
      node.removeAttribute("title");
    }
  }
  function refresh(root, all) {
    var now = Date.now();
    (root || document).querySelectorAll("time[data-when]").forEach(function (node) {
      render(node, now, all);
    });
  }

  // A day's key (YYYY-MM-DD) in the reader's zone: two messages of the same key share a day.
  function dayKey(date) { return keyFormat.format(date); }
  function dayLabel(date, today, yesterday) {
    var key = dayKey(date);
    var now = dayKey(new Date());
    var parts = now.split("-").map(Number);
    var before = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2] - 1)).toISOString().slice(0, 10);
    if (key === now) { return today; }
    if (key === before) { return yesterday; }
    return longDay.format(date);
  }

  document.querySelectorAll("input[data-guess-timezone]").forEach(function (input) {
    if (!input.value && window.Intl) {
      input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    }
  });
  refresh(document, false);
  window.setInterval(function () { refresh(document, false); }, 60000);
  window.iCommunity = window.iCommunity || {};
  window.iCommunity.times = {
    clock: function (date) { return clockFormat.format(date); },
    full: function (date) { return absolute.format(date); },
    localise: function (root) { refresh(root, true); },
    dayKey: dayKey,
    dayLabel: dayLabel
  };
})();
