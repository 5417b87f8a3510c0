// Agency pickers: Tom Select over a native <select>, which stays the form field (and
// the fallback without JavaScript). The page holds only the chosen agencies (and, in the
// editor, the host's nearest); the server is asked for the agencies matching what is
// typed (data-search-url, meetings:agency_choices).
// - <select data-agency-picker data-search-url="...">: a list's filter, one agency.
// - <select multiple ...>: the editor's invited agencies. The server ranks them around
//   the host chosen in the same form (kabupaten, then province, then the rest), so
//   choosing another host forgets what was offered for the previous one.
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

  function remotePicker(select, host) {
    var url = select.dataset.searchUrl;
    var multiple = select.multiple;
    // What the server sent for each search, ranked: {query: {value: weight}}.
    var found = {};
    var tom = new window.TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      plugins: multiple ? ["remove_button"] : [],
      maxItems: multiple ? null : 1,
      hidePlaceholder: multiple,
      placeholder: select.dataset.placeholder || "",
      allowEmptyOption: !multiple,
      preload: "focus",
      // The server matched, ranked and limited the agencies (also on what the text does
      // not show, such as the seat's name): show for each search what it sent, in its
      // order, and not what earlier searches found.
      maxOptions: null,
      score: function (query) {
        var hits = found[query] || {};
        return function (item) {
          return hits[item.value] || 0;
        };
      },
      load: function (query, callback) {
        var search = url + "?q=" + encodeURIComponent(query);
        if (host && host.value) search += "&penyelenggara=" + encodeURIComponent(host.value);
        fetch(search, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (data) {
            var hits = {};
            data.results.forEach(function (row, index) {
              hits[row.value] = data.results.length - index;
            });
            found[query] = hits;
            callback(data.results);
          })
          .catch(function () {
            callback();
          });
      },
      render: { no_results: noResultsRenderer(select) },
      onInitialize: function () {
        var testid = select.dataset.testid || select.name;
        this.control_input.setAttribute("data-testid", testid + "-search");
        labelControl(this, select);
      },
    });
    if (host) {
      tom.wrapper.dataset.rankedFor = host.value;
      host.addEventListener("change", function () {
        // Keeps the chosen agencies; the next search asks again, ranked for this host.
        found = {};
        tom.clearOptions();
        tom.wrapper.classList.remove("preloaded");
        tom.wrapper.dataset.rankedFor = host.value;
      });
    }
    return tom;
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.TomSelect) return;
    var pickers = document.querySelectorAll("select[data-agency-picker][data-search-url]");
    pickers.forEach(function (select) {
      var host = select.multiple ? select.form.querySelector("select[name='host']") : null;
      remotePicker(select, host);
    });
  });
})();
