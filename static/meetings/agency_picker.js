// Agency pickers: Tom Select over a native <select>, which stays the form field (and
// the fallback without JavaScript).
// - <select multiple data-agency-picker>: the editor's invited agencies, every option in
//   the page, searched in the browser. Its groups come from the server ranked around the
//   host's area (kabupaten, then province, then the rest); choosing another host re-ranks
//   them here, the same way (meetings/forms/meeting.py _area_rank).
// - <select data-agency-picker data-search-url="...">: a list's filter; the page holds
//   only the chosen option and the server is asked for the agencies matching what is typed.
(function () {
  "use strict";

  function rank(seat, area) {
    if (area && seat.slice(0, 5) === area.slice(0, 5)) return 0;
    if (area && seat.slice(0, 2) === area.slice(0, 2)) return 1;
    return 2;
  }

  function compare(a, b) {
    for (var i = 0; i < a.length; i++) {
      if (a[i] < b[i]) return -1;
      if (a[i] > b[i]) return 1;
    }
    return 0;
  }

  // Puts the groups in the order the server would give for this host: each group's
  // key is [rank, kind, seat name, label, seat code], as in agency_choices().
  function rankGroups(tomSelect, order, hostPk) {
    var area = order.hosts[hostPk] || "";
    var keyed = order.groups.map(function (group) {
      return [rank(group[3], area), group[1], group[2], group[0], group[3]];
    });
    keyed.sort(compare);
    // Tom Select keys the groups it read from the <select> by number; find them by label.
    var byLabel = {};
    Object.keys(tomSelect.optgroups).forEach(function (id) {
      var group = tomSelect.optgroups[id];
      byLabel[group[tomSelect.settings.optgroupLabelField]] = group;
    });
    keyed.forEach(function (key, index) {
      var group = byLabel[key[3]];
      if (group) group.$order = index + 1;
    });
    tomSelect.refreshOptions(false);
    tomSelect.close();
    tomSelect.wrapper.dataset.rankedFor = hostPk;
  }

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
    return new window.TomSelect(select, {
      plugins: ["remove_button"],
      maxOptions: null,
      hidePlaceholder: true,
      placeholder: select.dataset.placeholder || "",
      // Search the group's label too, so "Pasaman Barat" or "KPU" finds every agency
      // there (Tom Select keys groups by number: the label is copied in below).
      searchField: ["text", "group_label"],
      lockOptgroupOrder: true,
      render: { no_results: noResultsRenderer(select) },
      onInitialize: function () {
        var self = this;
        Object.keys(self.options).forEach(function (value) {
          var option = self.options[value];
          var group = self.optgroups[option[self.settings.optgroupField]];
          option.group_label = group ? group[self.settings.optgroupLabelField] : "";
        });
        // Keep the testid on the control people type into.
        this.control_input.setAttribute("data-testid", "invited-agencies-search");
        labelControl(this, select);
      },
    });
  }

  function remotePicker(select) {
    var url = select.dataset.searchUrl;
    return new window.TomSelect(select, {
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
    var orderData = document.getElementById("agency-order");
    var order = orderData ? JSON.parse(orderData.textContent) : null;
    var host = document.querySelector("select[name='host']");
    document.querySelectorAll("select[data-agency-picker]").forEach(function (select) {
      if (select.dataset.searchUrl) {
        remotePicker(select);
        return;
      }
      var tomSelect = localPicker(select);
      if (order && host) {
        rankGroups(tomSelect, order, host.value);
        host.addEventListener("change", function () { rankGroups(tomSelect, order, host.value); });
      }
    });
  });
})();
