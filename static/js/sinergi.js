// Behaviour every page shares, kept out of the templates: the Content-Security-Policy
// allows no inline script and no inline event handler.
(function () {
  "use strict";

  // Progress bars: their width comes from data-width (percent), set through the DOM
  // because style attributes are refused. htmx.onLoad also covers swapped-in rows.
  function applyWidths(root) {
    root.querySelectorAll("[data-width]").forEach(function (element) {
      element.style.width = Number(element.dataset.width) + "%";
    });
  }
  if (window.htmx) {
    htmx.onLoad(applyWidths);
  } else {
    document.addEventListener("DOMContentLoaded", function () { applyWidths(document); });
  }

  // <select data-submit-on-change>: the language menu submits on choice.
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-submit-on-change]")) {
      event.target.form.submit();
    }
  });

  // <button data-confirm="question">: asks before submitting.
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // <button data-copy-from="id">: copies a field (the calendar feed URL).
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-copy-from]");
    if (!button) return;
    const field = document.getElementById(button.dataset.copyFrom);
    field.select();
    if (navigator.clipboard) navigator.clipboard.writeText(field.value);
  });
})();
