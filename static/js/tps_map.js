// TPS on a Leaflet map. The points come from the JSON endpoint, not from the tiles, so
// they are drawn even when no tile server can be reached.
(function () {
  const el = document.getElementById("tps-map");
  if (!el) return;
  const COLORS = { kurang_rawan: "#198754", rawan: "#fd7e14", sangat_rawan: "#dc3545", khusus: "#6f42c1" };
  const status = document.getElementById("tps-map-status");
  const map = L.map(el, { preferCanvas: true }).setView([-2.5, 118], 5);
  L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution, maxZoom: 18 }).addTo(map);

  const say = (template, n) => { status.textContent = template.replace("%(n)s", n.toLocaleString(document.documentElement.lang || "id")); };
  const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

  fetch(el.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then((response) => { if (!response.ok) throw new Error(response.status); return response.json(); })
    .then((data) => {
      const bounds = [];
      if (data.mode === "markers") {
        const cluster = L.markerClusterGroup({ chunkedLoading: true });
        data.points.forEach(([pk, lat, lon, category, label]) => {
          const marker = L.circleMarker([lat, lon], {
            radius: 7, color: "#fff", weight: 1, fillColor: COLORS[category], fillOpacity: 0.9,
          });
          const url = data.detail_url.replace("/0/", `/${pk}/`);
          marker.bindPopup(`<strong>${escape(label)}</strong><br>${escape(data.labels[category])}<br><a href="${url}">${escape(el.dataset.textOpen)}</a>`);
          marker.options.tpsCategory = category;
          cluster.addLayer(marker);
          bounds.push([lat, lon]);
        });
        map.addLayer(cluster);
        el.dataset.markers = data.points.length;
        say(el.dataset.textMarkers, data.count);
      } else {
        data.areas.forEach((area) => {
          const worst = ["sangat_rawan", "rawan", "khusus", "kurang_rawan"].find((c) => area.counts[c] > 0);
          const circle = L.circleMarker([area.lat, area.lon], {
            radius: 6 + Math.min(24, Math.sqrt(area.count)), color: COLORS[worst], fillOpacity: 0.45, weight: 2,
          });
          const rows = Object.entries(area.counts).filter(([, n]) => n > 0)
            .map(([c, n]) => `${escape(data.labels[c])}: ${n}`).join("<br>");
          circle.bindPopup(`<strong>${escape(area.name)}</strong> (${area.count} TPS)<br>${rows}`);
          circle.bindTooltip(String(area.count), { permanent: true, direction: "center", className: "bg-transparent border-0 shadow-none fw-bold" });
          circle.addTo(map);
          bounds.push([area.lat, area.lon]);
        });
        el.dataset.areas = data.areas.length;
        say(el.dataset.textAreas, data.count);
      }
      if (bounds.length) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 14 });
      el.dataset.loaded = "true";
    })
    .catch(() => { status.textContent = el.dataset.textError; el.dataset.loaded = "error"; });
})();
