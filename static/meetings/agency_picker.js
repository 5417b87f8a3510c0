// Agency pickers: Tom Select over a native <select>, which stays the form field (and
// the fallback without JavaScript).
// - <select multiple data-agency-picker>: the editor's invited agencies, every option
//   in the page, searched in the browser.
// - <select data-agency-picker data-search-url="...">: a list's filter; the page holds
//   only the chosen option and the server is asked for the agencies matching what is typed.
(function () {
  "use strict";

  function noResultsRenderer(select) {
    var text = select.dataset.noResults || "";
    return function () {
      var div = document.createElement("div");
      div.className = "no-results";
      div.textContent = text;
      return div;
    };
  }

  function labelControl(tom, select) {
    var label = document.querySelector("label[for='" + select.id + "']");
    if (label) tom.control_input.setAttribute("aria-label", label.textContent.trim());
  }

  function localPicker(select) {
    new window.TomSelect(select, {
      plugins: ["remove_button"],
      maxOptions: null,
      hidePlaceholder: true,
      placeholder: select.dataset.placeholder || "",
      // Search the group too, so "Pasaman Barat" or "KPU" finds every agency there.
      searchField: ["text", "optgroup"],
      lockOptgroupOrder: true,
      render: { no_results: noResultsRenderer(select) },
      onInitialize: function () {
        // Keep the testid on the control people type into.
        this.control_input.setAttribute("data-testid", "invited-agencies-search");
        labelControl(this, select);
      },
    });
  }

  function remotePicker(select) {
    var url = select.dataset.searchUrl;
    new window.TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      maxItems: 1,
      allowEmptyOption: true,
      preload: "focus",
      // The server already matched and limited the agencies: show them all, as sent.
      maxOptions: null,
      score: function () {
        return function () {
          return 1;
        };
      },
      load: function (query, callback) {
        fetch(url + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (data) {
            callback(data.results);
          })
          .catch(function () {
            callback();
          });
      },
      render: { no_results: noResultsRenderer(select) },
      onInitialize: function () {
        this.control_input.setAttribute("data-testid", select.name + "-search");
        labelControl(this, select);
      },
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.TomSelect) return;
    document.querySelectorAll("select[data-agency-picker]").forEach(function (select) {
      if (select.dataset.searchUrl) remotePicker(select);
      else localPicker(select);
    });
  });
})();
