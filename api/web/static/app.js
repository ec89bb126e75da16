// Light progressive enhancement; every page works without it.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Sort menus apply as soon as a choice is made (the Apply button stays for no-JS use).
  document.querySelectorAll("select.autosubmit").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // Ask before irreversible actions (withdraw, archive, reject...).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
