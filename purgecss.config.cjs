// Bootstrap without the rules no page uses: `make vendor` runs PurgeCSS over Bootstrap's CSS
// (left-to-right and RTL builds) and keeps a selector only when its class names appear in a
// template, one of our scripts or a Python module (flash categories, badge styles). Classes
// that Bootstrap's own JavaScript adds at run time never appear there: the safelist keeps them.
module.exports = {
  css: [
    "node_modules/bootstrap/dist/css/bootstrap.min.css",
    "node_modules/bootstrap/dist/css/bootstrap.rtl.min.css",
  ],
  content: [
    "templates/**/*.html", "static/js/*.js", "community/**/*.py",
    // Attribute values that WTForms' widgets and Bootstrap's JavaScript (Popper) write into
    // the page and our sources never spell out: `.form-check-input:checked[type=checkbox]`
    // draws the tick of a checked box.
    {
      raw: "checkbox radio file range number date datetime-local email password search url tel"
        + " submit hidden multiple readonly disabled data-bs-popper data-popper-placement",
      extension: "html",
    },
  ],
  safelist: {
    standard: [
      "show", "showing", "hiding", "fade", "collapse", "collapsing", "collapse-horizontal",
      "active", "disabled", "was-validated", "is-invalid", "is-valid",
      /^alert-/,          // alert-{{ category }} of the flash messages
      /^text-bg-/,
      /^modal/, /^dropdown/, /^offcanvas/, /^tooltip/, /^bs-tooltip/, /^popover/,
      /^bs-popover/, /^toast/, /^carousel/, /^navbar/, /^invalid-/, /^valid-/,
    ],
  },
};
