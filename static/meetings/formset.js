// Inline formsets without page reloads: add rows from the empty-form <template>,
// remove rows (marking Django's DELETE box), reorder by drag (SortableJS) or by the
// up/down buttons, keep every row's hidden `order` equal to its position, and show
// each agenda item's start time computed from the meeting's start.
(function () {
  "use strict";

  function visibleRows(container) {
    return Array.from(container.querySelectorAll("[data-formset-body] > [data-formset-row]"))
      .filter(function (row) { return !row.hidden; });
  }

  function pad(n) { return String(n).padStart(2, "0"); }

  function zoneLabel() {
    var zones = document.getElementById("host-zones");
    var host = document.getElementById("id_host");
    if (!zones || !host) { return ""; }
    return JSON.parse(zones.textContent)[host.value] || "";
  }

  function computeTimes(container) {
    var start = document.getElementById("id_starts_at");
    var rows = visibleRows(container);
    var minutes = null;
    if (start && start.value) {
      var match = start.value.match(/T(\d{2}):(\d{2})/);
      if (match) { minutes = parseInt(match[1], 10) * 60 + parseInt(match[2], 10); }
    }
    var zone = zoneLabel();
    rows.forEach(function (row) {
      var cell = row.querySelector("[data-start-time]");
      if (!cell) { return; }
      if (minutes === null) { cell.textContent = "–"; return; }
      var m = minutes % (24 * 60);
      cell.textContent = pad(Math.floor(m / 60)) + "." + pad(m % 60) + (zone ? " " + zone : "");
      var duration = row.querySelector("[data-duration]");
      minutes += duration && duration.value ? parseInt(duration.value, 10) || 0 : 0;
    });
  }

  function renumber(container) {
    visibleRows(container).forEach(function (row, index) {
      var order = row.querySelector("input[data-order]");
      if (order) { order.value = index + 1; }
      var label = row.querySelector("[data-order-label]");
      if (label) { label.textContent = index + 1; }
    });
    computeTimes(container);
  }

  function setUp(container) {
    var prefix = container.dataset.formset;
    var total = container.querySelector("#id_" + prefix + "-TOTAL_FORMS");
    var template = container.querySelector("template[data-formset-template]");
    var body = container.querySelector("[data-formset-body]");

    container.querySelector("[data-formset-add]").addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, index));
      total.value = index + 1;
      body.dispatchEvent(new CustomEvent("sinergi:rows-added", { bubbles: true }));
      renumber(container);
      var rows = visibleRows(container);
      var first = rows[rows.length - 1].querySelector("input:not([type=hidden]), textarea, select");
      if (first) { first.focus(); }
    });

    body.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-row-action]");
      if (!button) { return; }
      var row = button.closest("[data-formset-row]");
      var action = button.dataset.rowAction;
      if (action === "remove") {
        var del = row.querySelector("input[name$='-DELETE']");
        if (del) { del.checked = true; }
        // A removed row is not validated by Django, so the browser must not either.
        row.querySelectorAll("[required]").forEach(function (el) { el.removeAttribute("required"); });
        row.hidden = true;
      } else if (action === "up") {
        var previous = row.previousElementSibling;
        while (previous && previous.hidden) { previous = previous.previousElementSibling; }
        if (previous) { body.insertBefore(row, previous); }
      } else if (action === "down") {
        var next = row.nextElementSibling;
        while (next && next.hidden) { next = next.nextElementSibling; }
        if (next) { body.insertBefore(next, row); }
      }
      renumber(container);
    });

    body.addEventListener("input", function () { computeTimes(container); });
    if (container.hasAttribute("data-sortable") && window.Sortable) {
      window.Sortable.create(body, {
        handle: "[data-drag-handle]",
        animation: 150,
        onEnd: function () { renumber(container); },
      });
    }
    ["id_starts_at", "id_host"].forEach(function (id) {
      var input = document.getElementById(id);
      if (input) { input.addEventListener("input", function () { computeTimes(container); }); }
    });
    renumber(container);
  }

  function showZone() {
    var label = zoneLabel();
    document.querySelectorAll("[data-zone-label]").forEach(function (el) {
      el.textContent = label;
      el.hidden = !label;
    });
  }

  document.querySelectorAll("[data-formset]").forEach(setUp);
  var host = document.getElementById("id_host");
  if (host) { host.addEventListener("change", showZone); }
  showZone();
})();
