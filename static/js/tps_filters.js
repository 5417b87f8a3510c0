// Choosing a region level reloads the filters so the level below lists its children;
// lower levels are cleared because they no longer lie under the new choice.
document.querySelectorAll("[data-tps-filters]").forEach((form) => {
  const order = ["provinsi", "kabupaten", "kecamatan", "desa"];
  form.querySelectorAll("[data-region-level]").forEach((select) => {
    select.addEventListener("change", () => {
      const below = order.slice(order.indexOf(select.dataset.regionLevel) + 1);
      below.forEach((name) => {
        const lower = form.querySelector(`[name=${name}]`);
        if (lower) lower.value = "";
      });
      form.submit();
    });
  });
});
