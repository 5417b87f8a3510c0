// The TPS map. Its base layer is the kecamatan (nationally: kabupaten/kota) boundaries the
// app ships, so it draws on a network that reaches no tile server; tiles are added only when
// the deployment names a tile server. Over it: a choropleth per area and the TPS as points.
(function () {
  const el = document.getElementById("tps-map");
  if (!el) return;
  const COLORS = { kurang_rawan: "#198754", rawan: "#fd7e14", sangat_rawan: "#dc3545", khusus: "#6f42c1" };
  // Five classes, light to dark (ColorBrewer YlOrRd); areas with none are left pale grey.
  const SCALE = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"];
  const EMPTY = "#f1f3f5";
  const text = el.dataset;
  const status = document.getElementById("tps-map-status");
  const metricSelect = document.getElementById("map-metric");
  const lang = document.documentElement.lang || "id";
  // maxZoom is set here because no tile layer may be there to give it (the clusters need it).
  const map = L.map(el, { preferCanvas: true, zoomSnap: 0.25, maxZoom: 18 }).setView([-2.5, 118], 5);
  if (text.tileUrl) {
    L.tileLayer(text.tileUrl, { attribution: text.tileAttribution, maxZoom: 18 }).addTo(map);
  }

  const number = (n) => Number(n).toLocaleString(lang);
  const say = (template, n) => { status.textContent = template.replace("%(n)s", number(n)); };
  const escape = (value) => String(value).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  const getJson = (url) => fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then((response) => { if (!response.ok) throw new Error(response.status); return response.json(); });

  function metricValue(area, metric) {
    if (!area) return 0;
    if (metric === "tps") return area.tps;
    if (metric === "reports") return area.reports || 0;
    if (metric.startsWith("indicator:")) return (area.indicators || {})[metric.slice(10)] || 0;
    return area.counts[metric] || 0;
  }

  function classOf(value, max) {
    if (!value || !max) return -1;
    return Math.min(SCALE.length - 1, Math.floor((value / max) * SCALE.length - 1e-9));
  }

  function fillMetricOptions(data) {
    const options = [["tps", text.textAllTps]];
    Object.entries(data.labels).forEach(([key, label]) => options.push([key, `${text.textTpsOf} ${label}`]));
    options.push(["reports", text.textAllReports]);
    data.indicators.forEach(([num, name]) => options.push([`indicator:${num}`, `${text.textIndicator} ${num}: ${name}`]));
    metricSelect.replaceChildren(...options.map(([value, label]) => new Option(label, value)));
    metricSelect.value = "tps";
  }

  const legend = L.control({ position: "bottomright" });
  legend.onAdd = () => {
    const div = L.DomUtil.create("div", "leaflet-bar bg-white p-2 small");
    div.dataset.testid = "choropleth-legend";
    return div;
  };
  legend.addTo(map);

  // Built through the DOM: a style attribute in HTML would break the Content-Security-Policy,
  // a colour set on element.style does not.
  function legendRow(color, text) {
    const row = document.createElement("div");
    const swatch = document.createElement("span");
    swatch.className = "map-swatch";
    swatch.style.background = color;
    row.append(swatch, " " + text);
    return row;
  }

  function drawLegend(max, label) {
    const div = legend.getContainer();
    const step = max / SCALE.length;
    const title = document.createElement("div");
    title.className = "fw-semibold mb-1";
    title.textContent = label;
    const rows = [title, legendRow(EMPTY, "0")];
    if (max) {
      SCALE.forEach((color, i) => {
        const low = Math.floor(i * step) + 1;
        const high = Math.max(low, Math.floor((i + 1) * step));
        rows.push(legendRow(color, `${number(low)}${high > low ? "–" + number(high) : ""}`));
      });
    }
    div.replaceChildren(...rows);
  }

  function drawPoints(data) {
    const cluster = L.markerClusterGroup({ chunkedLoading: true, disableClusteringAtZoom: 14 });
    data.points.forEach(([pk, lat, lng, category, label, how]) => {
      const approximate = how !== 0;
      const marker = L.circleMarker([lat, lng], {
        radius: 6, color: approximate ? "#343a40" : "#fff", weight: approximate ? 1.5 : 1,
        dashArray: approximate ? "2 2" : null, fillColor: COLORS[category], fillOpacity: 0.9,
      });
      const url = data.detail_url.replace("/0/", `/${pk}/`);
      const where = how === 1 ? text.textApproxVillage : how === 2 ? text.textApproxDistrict : "";
      marker.bindPopup(`<strong>${escape(label)}</strong><br>${escape(data.labels[category])}`
        + (where ? `<br><em data-testid="approximate">${escape(where)}</em>` : "")
        + `<br><a href="${url}">${escape(text.textOpen)}</a>`);
      cluster.addLayer(marker);
    });
    map.addLayer(cluster);
    el.dataset.markers = data.points.length;
    el.dataset.approximate = data.approximate || 0;
  }

  Promise.all([getJson(text.boundariesUrl), getJson(text.url)])
    .then(([boundaries, data]) => {
      let metric = "tps";
      let max = 0;
      const metricLabel = () => metricSelect.options[metricSelect.selectedIndex].text;
      const style = (feature) => {
        const value = metricValue(data.areas[feature.properties.kode], metric);
        const cls = classOf(value, max);
        return { color: "#495057", weight: 0.8, fillColor: cls < 0 ? EMPTY : SCALE[cls], fillOpacity: 0.75 };
      };
      const base = L.geoJSON(boundaries, {
        style,
        onEachFeature: (feature, layer) => {
          layer.bindTooltip(() => {
            const area = data.areas[feature.properties.kode];
            return `<strong>${escape(feature.properties.nama)}</strong><br>${escape(metricLabel())}: ${number(metricValue(area, metric))}`;
          }, { sticky: true });
        },
      }).addTo(map);
      const restyle = () => {
        metric = metricSelect.value;
        max = Math.max(0, ...Object.values(data.areas).map((area) => metricValue(area, metric)));
        base.setStyle(style);
        drawLegend(max, metricLabel());
        el.dataset.metric = metric;
      };
      // Indicator reports cost the server a second pass over the TPS: fetched on first use.
      const needsIndicators = () => metricSelect.value === "reports" || metricSelect.value.startsWith("indicator:");
      const onChange = () => {
        if (!needsIndicators() || data.with_indicators) { restyle(); return; }
        metricSelect.disabled = true;
        getJson(`${text.url}&indikator=1`)
          .then((more) => {
            Object.entries(more.areas).forEach(([code, area]) => {
              if (data.areas[code]) Object.assign(data.areas[code], { reports: area.reports, indicators: area.indicators });
            });
            data.with_indicators = true;
            restyle();
          })
          .catch((error) => { console.error(error); status.textContent = text.textError; })
          .finally(() => { metricSelect.disabled = false; });
      };
      fillMetricOptions(data);
      metricSelect.disabled = false;
      metricSelect.addEventListener("change", onChange);
      restyle();
      el.dataset.boundaries = boundaries.features.length;
      if (boundaries.features.length) map.fitBounds(base.getBounds(), { padding: [10, 10] });

      if (data.mode === "points") {
        drawPoints(data);
        say(data.approximate ? text.textMarkersApprox.replace("%(a)s", number(data.approximate)) : text.textMarkers, data.count);
      } else {
        el.dataset.markers = 0;
        say(text.textAreas, data.count);
      }
      el.dataset.loaded = "true";
    })
    .catch((error) => { console.error(error); status.textContent = text.textError; el.dataset.loaded = "error"; });
})();
