// Field reports that survive a bad connection. Every report gets an id made here, is
// kept in localStorage until the server has it, and is sent again whenever the network
// comes back; the server stores a report sent twice once (the id is unique there).
(function () {
  "use strict";
  const app = document.getElementById("field-app");
  if (!app) return;
  const KEY = "sinergi.field-queue." + app.dataset.user;
  const net = document.getElementById("net");
  const countEl = app.querySelector("[data-testid=queue-count]");
  const textEl = document.getElementById("queue-text");
  const errorsEl = document.getElementById("queue-errors");
  const noticeEl = document.getElementById("notice");
  let sending = false;

  const load = () => { try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; } };
  const store = (queue) => localStorage.setItem(KEY, JSON.stringify(queue));

  // RFC 4122 version 4 from crypto.getRandomValues (randomUUID needs HTTPS).
  function uuid4() {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function render() {
    const queue = load();
    countEl.textContent = String(queue.length);
    textEl.textContent = queue.length ? app.dataset.textQueued : app.dataset.textSent;
    errorsEl.textContent = queue.filter((r) => r.error).map((r) => `${app.dataset.textRejected} ${r.error}`).join(" ");
    net.textContent = navigator.onLine ? app.dataset.textOnline : app.dataset.textOffline;
    net.className = navigator.onLine ? "online" : "offline";
    queue.forEach((r) => {
      if (r.status !== "aman") return;
      const button = app.querySelector(`button[data-station="${r.polling_station}"][data-phase="${r.phase}"]`);
      if (button && !button.classList.contains("done")) button.classList.add("queued");
    });
  }

  function markDone(report) {
    if (report.status !== "aman") return;
    const button = app.querySelector(`button[data-station="${report.polling_station}"][data-phase="${report.phase}"]`);
    if (!button) return;
    button.classList.remove("queued");
    button.classList.add("done");
    button.firstChild.textContent = button.firstChild.textContent.replace("○", "✓");
  }

  function position() {
    return new Promise((resolve) => {
      if (!navigator.geolocation) return resolve(null);
      navigator.geolocation.getCurrentPosition(
        (p) => resolve({ latitude: p.coords.latitude.toFixed(6), longitude: p.coords.longitude.toFixed(6) }),
        () => resolve(null),
        { enableHighAccuracy: true, timeout: 5000, maximumAge: 60000 },
      );
    });
  }

  async function enqueue(report) {
    const where = await position();
    const queue = load();
    queue.push({ client_id: uuid4(), reported_at: new Date().toISOString(), ...(where || {}), ...report });
    store(queue);
    render();
    flush();
  }

  function dataUrlToBlob(url) {
    const [head, body] = url.split(",");
    const bytes = atob(body);
    const array = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i += 1) array[i] = bytes.charCodeAt(i);
    return new Blob([array], { type: head.split(":")[1].split(";")[0] });
  }

  // The queue goes as one request (up to the server's batch limit): the server answers
  // for each report, so the stored ones leave the phone and a refused one stays, with
  // the server's message naming it, without holding up the others.
  async function send(batch) {
    const form = new FormData();
    const reports = batch.map(({ photo, error, ...report }) => {
      if (photo) form.append(`photo-${report.client_id}`, dataUrlToBlob(photo), "foto.jpg");
      return report;
    });
    form.append("reports", JSON.stringify(reports));
    return fetch(app.dataset.endpoint, {
      method: "POST", body: form, credentials: "same-origin", redirect: "manual",
      headers: { "X-CSRFToken": app.dataset.csrf, Accept: "application/json" },
    });
  }

  async function flush() {
    if (sending || !navigator.onLine) return render();
    sending = true;
    try {
      // Refused ones go again too: a phone clock set right, say, makes them good.
      const batch = load().slice(0, Number(app.dataset.batchLimit) || 50);
      if (!batch.length) return;
      let response;
      try { response = await send(batch); } catch (e) { return; } // offline again: later
      if (response.status === 200) {
        const body = await response.json().catch(() => ({ results: [] }));
        const results = new Map((body.results || []).map((r) => [r.client_id, r]));
        batch.forEach((report) => {
          const result = results.get(report.client_id);
          if (result && result.result !== "refused") markDone(report);
        });
        // Kept, never dropped: the officer sees why and can report again.
        store(load().flatMap((r) => {
          const result = results.get(r.client_id);
          if (!result) return [r];
          if (result.result === "refused") return [{ ...r, error: result.message }];
          return [];
        }));
        const sent = new Set(batch.map((r) => r.client_id));
        if (load().some((r) => !sent.has(r.client_id))) setTimeout(flush, 0); // more queued
      } else if (response.status === 400) {
        const body = await response.json().catch(() => ({}));
        noticeEl.textContent = Object.values(body.errors || {}).flat().join(" ") || String(response.status);
      } else if (response.type === "opaqueredirect" || response.status === 403) {
        noticeEl.textContent = app.dataset.textSession;
      }
    } finally {
      sending = false;
      render();
    }
  }

  app.querySelectorAll("button.report-safe").forEach((button) => {
    button.addEventListener("click", () => {
      button.classList.add("queued");
      enqueue({ polling_station: button.dataset.station, phase: button.dataset.phase, status: "aman" });
    });
  });

  // Photos are shrunk on the phone before queueing: localStorage holds a few MB only.
  function shrink(file) {
    return new Promise((resolve) => {
      if (!file) return resolve(null);
      const reader = new FileReader();
      reader.onload = () => {
        const image = new Image();
        image.onload = () => {
          const scale = Math.min(1, 1280 / Math.max(image.width, image.height));
          const canvas = document.createElement("canvas");
          canvas.width = Math.round(image.width * scale);
          canvas.height = Math.round(image.height * scale);
          canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
          resolve(canvas.toDataURL("image/jpeg", 0.8));
        };
        image.onerror = () => resolve(reader.result); // the server judges what it is
        image.src = reader.result;
      };
      reader.readAsDataURL(file);
    });
  }

  const incidentForm = document.getElementById("incident-form");
  if (incidentForm) {
    const kind = incidentForm.querySelector("[name=incident_type]");
    kind.addEventListener("change", () => {
      const option = kind.selectedOptions[0];
      if (option && option.dataset.severity) incidentForm.querySelector("[name=severity]").value = option.dataset.severity;
    });
    incidentForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData(incidentForm);
      const photo = await shrink(incidentForm.querySelector("[name=photo]").files[0]);
      await enqueue({
        polling_station: data.get("polling_station"), phase: data.get("phase"), status: "insiden",
        incident_type: data.get("incident_type"), severity: data.get("severity"),
        description: data.get("description"), photo,
      });
      incidentForm.reset();
      noticeEl.textContent = app.dataset.textSaved;
    });
  }

  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  setInterval(flush, 15000);
  render();
  flush();
})();
