// The invited-agency picker: Tom Select over the native <select multiple>, which stays
// the form field (and the fallback without JavaScript).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.TomSelect) return;
    document.querySelectorAll("select[data-agency-picker]").forEach(function (select) {
      var noResults = select.dataset.noResults || "";
      new window.TomSelect(select, {
        plugins: ["remove_button"],
        maxOptions: null,
        hidePlaceholder: true,
        placeholder: select.dataset.placeholder || "",
        // Search the group too, so "Pasaman Barat" or "KPU" finds every agency there.
        searchField: ["text", "optgroup"],
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
          // Keep the testid on the control people type into.
          this.control_input.setAttribute("data-testid", "invited-agencies-search");
          var label = document.querySelector("label[for='" + select.id + "']");
          if (label) this.control_input.setAttribute("aria-label", label.textContent.trim());
        },
      });
    });
  });
})();
