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
  const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  const map = L.map(el, { preferCanvas: true }).setView([-2.5, 118], 5);
  // Tiles only when a tile server is configured; the shipped kecamatan boundaries are the
  // base layer, so the room works on an isolated network.
  if (el.dataset.tileUrl) {
    L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution, maxZoom: 18 }).addTo(map);
  }
  let fitted = false;
  fetch(el.dataset.boundariesUrl, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
    .then((response) => { if (!response.ok) throw new Error(response.status); return response.json(); })
    .then((boundaries) => {
      const base = L.geoJSON(boundaries, {
        style: { color: "#495057", weight: 0.8, fillColor: "#f8f9fa", fillOpacity: 0.6 },
        onEachFeature: (feature, shape) => shape.bindTooltip(escape(feature.properties.nama), { sticky: true }),
      }).addTo(map);
      base.bringToBack();
      el.dataset.boundaries = boundaries.features.length;
      if (!fitted && boundaries.features.length) { map.fitBounds(base.getBounds(), { padding: [10, 10] }); fitted = true; }
    })
    .catch(() => { status.textContent = el.dataset.textError; });
  const layer = L.layerGroup().addTo(map);

  function draw(data) {
    layer.clearLayers();
    const bounds = [];
    let approximate = 0;
    data.points.forEach(([pk, lat, lon, state, label, how]) => {
      // A TPS without coordinates sits near its village's (or kecamatan's) centroid: dashed outline.
      const marker = L.circleMarker([lat, lon], {
        radius: state.startsWith("incident") ? 9 : 6, color: how ? "#212529" : "#fff", weight: 1,
        dashArray: how ? "2 2" : null, fillColor: COLORS[state], fillOpacity: 0.9,
      });
      if (how) approximate += 1;
      const url = data.incident_url.replace("/0/", `/${pk}/`);
      const where = how ? `<br><em>${escape(el.dataset.textApprox)}</em>` : "";
      marker.bindPopup(`<strong>${escape(label)}</strong><br>${escape(labels[state])}${where}<br><a href="${url}">${escape(el.dataset.textOpen)}</a>`);
      marker.addTo(layer);
      bounds.push([lat, lon]);
    });
    const template = data.limited ? el.dataset.textLimited : el.dataset.textMarkers;
    status.textContent = template.replace("%(n)s", data.count.toLocaleString(document.documentElement.lang || "id"));
    if (!fitted && bounds.length) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 14 }); fitted = true; }
    el.dataset.markers = data.points.length;
    el.dataset.approximate = approximate;
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
