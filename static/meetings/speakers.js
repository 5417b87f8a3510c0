// The agenda's speaker selects follow the form: the officials of the host and of every
// invited agency, picked a moment ago or saved before, fetched from the server when
// either changes. A speaker already chosen stays chosen even if their agency is
// dropped (the server then says why it cannot be saved), so nothing is lost silently.
(function () {
  "use strict";

  function fill(select, groups) {
    var current = select.value;
    var kept = current ? select.querySelector("option[value='" + current + "']") : null;
    var blank = select.querySelector("option[value='']");
    select.textContent = "";
    if (blank) select.appendChild(blank);
    var found = false;
    groups.forEach(function (group) {
      var optgroup = document.createElement("optgroup");
      optgroup.label = group[0];
      group[1].forEach(function (choice) {
        var option = new Option(choice[1], String(choice[0]));
        if (String(choice[0]) === current) { option.selected = true; found = true; }
        optgroup.appendChild(option);
      });
      select.appendChild(optgroup);
    });
    if (current && !found && kept) {
      kept.selected = true;
      select.appendChild(kept);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-speakers-url]");
    if (!form || !window.fetch) return;
    var host = form.querySelector("select[name='host']");
    var agencies = form.querySelector("select[name='invited_agencies']");
    var pending = null;
    var asked = 0;

    function refresh() {
      var params = new URLSearchParams();
      if (host && host.value) params.append("penyelenggara", host.value);
      if (agencies) {
        Array.prototype.forEach.call(agencies.selectedOptions, function (option) {
          params.append("instansi", option.value);
        });
      }
      var mine = ++asked;
      fetch(form.dataset.speakersUrl + "?" + params.toString(), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          if (mine !== asked) return; // an answer to an older question
          form.querySelectorAll("select[name$='-presenter']").forEach(function (select) {
            fill(select, data.groups);
          });
          var template = form.querySelector("template[data-formset-template]");
          if (template) {
            template.content.querySelectorAll("select[name$='-presenter']").forEach(function (select) {
              fill(select, data.groups);
            });
          }
          form.dataset.speakersFor = params.toString();
        })
        .catch(function () { /* the offered speakers stay as they were */ });
    }

    function soon() {
      window.clearTimeout(pending);
      pending = window.setTimeout(refresh, 250);
    }

    if (host) host.addEventListener("change", soon);
    if (agencies) agencies.addEventListener("change", soon);
  });
})();
