// The invited-agency picker: Tom Select over the native <select multiple>, which stays
// the form field (and the fallback without JavaScript). Its groups come from the server
// ranked around the host's area (kabupaten, then province, then the rest); choosing
// another host re-ranks them here, the same way (meetings/forms/meeting.py _area_rank).
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

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.TomSelect) return;
    var orderData = document.getElementById("agency-order");
    var order = orderData ? JSON.parse(orderData.textContent) : null;
    var host = document.querySelector("select[name='host']");
    document.querySelectorAll("select[data-agency-picker]").forEach(function (select) {
      var noResults = select.dataset.noResults || "";
      var tomSelect = new window.TomSelect(select, {
        plugins: ["remove_button"],
        maxOptions: null,
        hidePlaceholder: true,
        placeholder: select.dataset.placeholder || "",
        // Search the group's label too, so "Pasaman Barat" or "KPU" finds every agency
        // there (Tom Select keys groups by number: the label is copied in below).
        searchField: ["text", "group_label"],
        lockOptgroupOrder: true,
        render: {
          no_results: function () {
            var div = document.createElement("div");
            div.className = "no-results";
            div.textContent = noResults;
            return div;
          },
        },
        onInitialize: function () {
          var self = this;
          Object.keys(self.options).forEach(function (value) {
            var option = self.options[value];
            var group = self.optgroups[option[self.settings.optgroupField]];
            option.group_label = group ? group[self.settings.optgroupLabelField] : "";
          });
          // Keep the testid on the control people type into.
          this.control_input.setAttribute("data-testid", "invited-agencies-search");
          var label = document.querySelector("label[for='" + select.id + "']");
          if (label) this.control_input.setAttribute("aria-label", label.textContent.trim());
        },
      });
      if (order && host) {
        rankGroups(tomSelect, order, host.value);
        host.addEventListener("change", function () { rankGroups(tomSelect, order, host.value); });
      }
    });
  });
})();
