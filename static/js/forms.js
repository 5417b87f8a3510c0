// Forms that guide: the error summary takes focus and its links focus the field;
// every text limit is shown as a counter and checked by the server, never cut.
(function () {
  "use strict";

  function focusField(id) {
    var field = document.getElementById(id);
    if (!field) return false;
    // Fields inside a collapsed section (filters) are revealed first.
    var collapsed = field.closest(".collapse:not(.show)");
    if (collapsed && window.bootstrap) window.bootstrap.Collapse.getOrCreateInstance(collapsed).show();
    field.scrollIntoView({ block: "center" });
    field.focus();
    return true;
  }

  function setUpSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("[data-error-target]");
      if (link && focusField(link.dataset.errorTarget)) event.preventDefault();
    });
  }

  function setUpCounter(field) {
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    if (!limit || field.dataset.counter) return;
    // The browser would cut pasted text at maxlength without a word; the counter warns
    // instead and the server refuses an over-long value with a message.
    field.removeAttribute("maxlength");
    field.dataset.counter = "1";
    var counter = document.createElement("div");
    counter.className = "form-text text-end";
    counter.id = (field.id || field.name) + "-counter";
    counter.setAttribute("aria-live", "polite");
    counter.dataset.testid = "char-counter";
    var describedBy = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (describedBy ? describedBy + " " : "") + counter.id);
    var template = document.body.dataset.counterText || "%(n)s / %(limit)s";
    var tooLong = document.body.dataset.counterTooLong || "";
    function update() {
      var n = field.value.length;
      counter.textContent = template.replace("%(n)s", n).replace("%(limit)s", limit) +
        (n > limit ? " " + tooLong.replace("%(over)s", n - limit) : "");
      counter.classList.toggle("text-danger", n > limit);
      counter.classList.toggle("fw-semibold", n > limit);
    }
    field.addEventListener("input", update);
    field.insertAdjacentElement("afterend", counter);
    update();
  }

  function setUp(root) {
    root.querySelectorAll("input[maxlength], textarea[maxlength]").forEach(function (field) {
      if (field.type !== "hidden") setUpCounter(field);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpSummary();
    setUp(document);
  });
  // Rows added by the formset script or swapped in by htmx get their counters too.
  document.addEventListener("htmx:afterSwap", function (event) { setUp(event.target); });
  document.addEventListener("sinergi:rows-added", function (event) { setUp(event.target); });
  window.sinergiForms = { setUp: setUp };
})();
