// Light progressive enhancement; every page works without it.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Sort menus apply as soon as a choice is made (the Apply button stays for no-JS use).
  document.querySelectorAll("select.autosubmit").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // The search box's list of titles follows what is typed (the server fills it for the words last
  // searched, so the list works without JavaScript too). Only the latest answer is shown.
  document.querySelectorAll("input[data-suggest][list]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var lang = document.documentElement.lang || "fr";
    var timer = null, asked = 0;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var prefix = input.value.trim();
      if (prefix.length < 2 || prefix.length > 100) { return; }
      timer = window.setTimeout(function () {
        var mine = ++asked;
        fetch(input.getAttribute("data-suggest") + "?limit=8&prefix=" + encodeURIComponent(prefix),
              { headers: { "Accept": "application/json" } })
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(function (suggestions) {
            if (mine !== asked || !Array.isArray(suggestions)) { return; }
            list.replaceChildren.apply(list, suggestions.map(function (s) {
              var option = document.createElement("option");
              option.value = (s.title && (s.title[lang] || Object.values(s.title)[0])) || "";
              return option;
            }));
          })
          .catch(function () { /* the list stays as it was */ });
      }, 150);
    });
  });
  // Ask before irreversible actions (withdraw, archive, reject...).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
