// The situation room's map: TPS coloured by their latest state, redrawn every few
// seconds from a small JSON endpoint. Points come from data, not tiles, so they show
// even when no tile server can be reached.
(function () {
  "use strict";
  const el = document.getElementById("situation-map");
  if (!el) return;
  const COLORS = {
    none: "#adb5bd", reported: "#0d6efd", safe: "#198754",
    incident_1: "#ffc107", incident_2: "#fd7e14", incident_3: "#dc3545",
  };
  const labels = JSON.parse(el.dataset.labels);
  const status = document.getElementById("situation-map-status");
  const map = L.map(el, { preferCanvas: true }).setView([-2.5, 118], 5);
  L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution, maxZoom: 18 }).addTo(map);
  const layer = L.layerGroup().addTo(map);
  const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  let fitted = false;

  function draw(data) {
    layer.clearLayers();
    const bounds = [];
    data.points.forEach(([pk, lat, lon, state, label]) => {
      const marker = L.circleMarker([lat, lon], {
        radius: state.startsWith("incident") ? 9 : 6, color: "#fff", weight: 1,
        fillColor: COLORS[state], fillOpacity: 0.9,
      });
      const url = data.incident_url.replace("/0/", `/${pk}/`);
      marker.bindPopup(`<strong>${escape(label)}</strong><br>${escape(labels[state])}<br><a href="${url}">${escape(el.dataset.textOpen)}</a>`);
      marker.addTo(layer);
      bounds.push([lat, lon]);
    });
    const template = data.limited ? el.dataset.textLimited : el.dataset.textMarkers;
    status.textContent = template.replace("%(n)s", data.count.toLocaleString(document.documentElement.lang || "id"));
    if (!fitted && bounds.length) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 14 }); fitted = true; }
    el.dataset.markers = data.points.length;
    el.dataset.loaded = "true";
  }

  function refresh() {
    fetch(el.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(draw)
      .catch(() => { status.textContent = el.dataset.textError; });
  }

  refresh();
  setInterval(refresh, 1000 * Math.max(5, Number(el.dataset.refresh) || 10));
})();
