// Look a person up by ID number as the clerk leaves the field, and fill in what is known.
// The page works without this: the "Check" button does the same on the server.
(function () {
  "use strict";
  var form = document.getElementById("intake-form");
  if (!form || !window.fetch) { return; }
  form.querySelectorAll("input[data-lookup]").forEach(function (input) {
    input.addEventListener("change", function () {
      var value = input.value.trim();
      var row = input.closest(".party-row");
      var note = form.querySelector('[data-found-for="' + row.dataset.row + '"]');
      if (value.length !== 18) { note.textContent = ""; return; }
      fetch(input.dataset.lookup + "?id_number=" + encodeURIComponent(value),
            {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {found: false}; })
        .then(function (p) {
          if (!p.found) { note.textContent = ""; return; }
          ["name", "phone", "address"].forEach(function (key) {
            var box = row.querySelector('input[name$="-' + key + '"]');
            if (box && !box.value) { box.value = p[key] || ""; }
          });
          note.textContent = form.dataset.knownText
            .replace("%(name)s", p.name).replace("%(n)s", p.cases);
        })
        .catch(function () { note.textContent = ""; });
    });
  });
})();
