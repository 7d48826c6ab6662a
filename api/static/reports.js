// The reports page: upload PDFs (drop or choose, several at once), watch each being sent and
// read, open a report for review.
"use strict";

(() => {
  const { api, el, notice, formatDate } = hmic;
  const POLL_MS = 1000;
  const LABELS = { queued: "Queued", processing: "Processing", ready: "Ready", failed: "Failed" };
  let pollTimer = null;
  let uploadCount = 0;
  // Uploads of this page: the list entry of each, by report id once the service has it.
  const uploads = new Map();
  // Files waiting to be sent: one at a time, in the order chosen.
  const queue = [];
  let sending = false;

  function statusCell(report) {
    const cell = el("td", { class: "status-" + report.status, "data-status": report.status });
    cell.append(el("strong", {}, LABELS[report.status] || report.status));
    if (report.status === "processing" || report.status === "queued") {
      cell.append(" — ", el("span", { class: "progress" }, report.progress.summary));
      const { done, total } = report.progress;
      if (total) {
        cell.append(" ", el("progress", { max: total, value: done,
                                          "aria-label": `${report.progress.summary}` }));
      }
    }
    if (report.status === "failed") {
      cell.append(el("div", { class: "error" }, report.reason || "no reason was recorded"));
    }
    return cell;
  }

  function row(report) {
    const pending = (report.drafts.by_review_state || {}).pending || 0;
    const drafts = report.drafts.total
      ? `${report.drafts.total} (${pending} to review)` : (report.status === "ready" ? "none found" : "");
    const name = report.title || report.file_name;
    const link = el("a", { href: `/reports/${report.id}` }, name);
    const actions = el("div", { class: "row-actions" });
    if (report.status === "ready" && report.drafts.total) {
      actions.append(el("a", { class: "button", href: `/reports/${report.id}`,
                               "aria-label": `Review ${name}` }, "Review"));
    } else if (report.status === "ready" || report.status === "failed") {
      // Read again (if it failed), add its items by hand, open the PDF or delete it.
      actions.append(el("a", { class: "button", href: `/reports/${report.id}`,
                               "aria-label": `Open ${name}: ${report.status === "failed" ? "read it again, " : ""}add items or delete it` },
                        "Open"));
    }
    return el("tr", { id: `report-${report.id}`, "data-report-id": report.id },
      el("td", {}, link, report.title ? el("div", { class: "muted" }, report.file_name) : null),
      el("td", {}, formatDate(report.published)),
      statusCell(report),
      el("td", {}, drafts),
      el("td", {}, formatDate(report.uploaded_at), report.uploaded_by ? ` by ${report.uploaded_by}` : ""),
      el("td", {}, actions));
  }

  async function refresh() {
    clearTimeout(pollTimer);
    let data;
    try {
      data = await api("GET", "/api/reports?limit=100");
    } catch (err) {
      notice(err.message, "error");
      pollTimer = setTimeout(refresh, POLL_MS * 5);
      return;
    }
    const body = document.querySelector("#reports-table tbody");
    body.replaceChildren(...data.reports.map(row));
    document.getElementById("reports-empty").hidden = data.reports.length > 0;
    for (const report of data.reports) showReading(report);
    if (data.reports.some((r) => r.status === "queued" || r.status === "processing")) {
      pollTimer = setTimeout(refresh, POLL_MS);
    }
  }

  // --- uploads ----------------------------------------------------------------------------

  function entry(file) {
    uploadCount += 1;
    const item = el("li", { class: "upload", id: `upload-${uploadCount}`, "data-state": "waiting",
                            "data-file": file.name },
      el("span", { class: "upload-name" }, file.name),
      el("progress", { max: 100, value: 0, "aria-label": `Sending ${file.name}` }),
      el("span", { class: "upload-text" },
         el("span", { class: "upload-message" }, "Waiting to be sent…"),
         " ", el("span", { class: "upload-reading", "aria-live": "off" })));
    document.getElementById("upload-status").append(item);
    return item;
  }

  function setEntry(item, state, message) {
    item.dataset.state = state;
    item.classList.toggle("failed", state === "refused");
    item.querySelector(".upload-message").textContent = message;
    const bar = item.querySelector("progress");
    if (state === "refused" && bar) bar.replaceWith(el("span", { class: "upload-no-bar" }));
  }

  // How the report an upload made is being read, beside its entry.
  function showReading(report) {
    const item = uploads.get(report.id);
    if (!item) return;
    const bar = item.querySelector("progress");
    const reading = item.querySelector(".upload-reading");
    item.dataset.report = report.status;
    const name = report.title || report.file_name;
    if (report.status === "ready") {
      bar.max = 1; bar.value = 1;
      bar.setAttribute("aria-label", `${report.file_name}: read`);
      const pending = (report.drafts.by_review_state || {}).pending || 0;
      reading.replaceChildren(report.drafts.total
        ? `Read: ${pending} draft${pending === 1 ? "" : "s"} to review. ` : "Read: no item found. ",
        el("a", { href: `/reports/${report.id}`, "aria-label": `Open ${name}` }, report.drafts.total ? "Review" : "Open"));
    } else if (report.status === "failed") {
      reading.replaceChildren(el("span", { class: "error" }, `Reading failed: ${report.reason || "no reason was recorded"}. `),
        el("a", { href: `/reports/${report.id}`, "aria-label": `Open ${name}` }, "Open"));
    } else {
      const { done, total, summary } = report.progress;
      bar.max = total || 1;
      bar.value = total ? done : 0;
      bar.setAttribute("aria-label", `${report.file_name}: ${summary}`);
      reading.textContent = summary ? `Now ${summary}.` : "";
    }
  }

  // Send one file with XMLHttpRequest, whose upload reports its progress (fetch does not).
  function send(file, onProgress) {
    return new Promise((resolve) => {
      const request = new XMLHttpRequest();
      const form = new FormData();
      form.append("file", file, file.name);
      request.open("POST", "/api/reports");
      request.setRequestHeader("Accept", "application/json");
      request.setRequestHeader("X-CSRF-Token", document.querySelector('meta[name="csrf-token"]').content);
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) onProgress(event.loaded, event.total);
      });
      request.addEventListener("load", () => {
        let body = null;
        try { body = JSON.parse(request.responseText); } catch (err) { body = null; }
        resolve({ status: request.status, body });
      });
      request.addEventListener("error", () => resolve({ status: 0, body: null }));
      request.send(form);
    });
  }

  async function upload(file, item) {
    const bar = item.querySelector("progress");
    setEntry(item, "sending", `Sending ${file.name}…`);
    const { status, body } = await send(file, (loaded, total) => {
      bar.max = total;
      bar.value = loaded;
      item.querySelector(".upload-message").textContent =
        `Sending ${file.name}… ${Math.round((loaded / total) * 100)}%`;
    });
    if (status === 401) {
      window.location.assign("/login?next=/");
      return;
    }
    if (status !== 200 && status !== 202) {
      const message = (body && body.error && body.error.message) ||
        (status ? `the upload failed (${status})` : "the service cannot be reached; check the connection");
      setEntry(item, "refused", `${file.name}: ${message}`);
      return;
    }
    const report = body;
    bar.value = bar.max;
    setEntry(item, "sent", report.status === "queued" || report.status === "processing"
      ? `${file.name} is queued for reading.`
      : `${file.name} was uploaded before: it is report ${report.id} (${LABELS[report.status] || report.status}).`);
    uploads.set(report.id, item);
    showReading(report);
    await refresh();
    const added = document.getElementById(`report-${report.id}`);
    if (added) added.classList.add("just-added");
  }

  async function sendQueued() {
    if (sending) return;
    sending = true;
    try {
      while (queue.length) {
        const { file, item } = queue.shift();
        await upload(file, item);
      }
    } finally {
      sending = false;
    }
  }

  function add(files) {
    // The service tells a file's format by its content, not its name, and says why when it
    // cannot read one.
    for (const file of files) {
      queue.push({ file, item: entry(file) });
    }
    sendQueued();
  }

  document.addEventListener("DOMContentLoaded", () => {
    refresh();
    const zone = document.getElementById("upload");
    if (!zone) return;
    const input = document.getElementById("upload-file");
    input.addEventListener("change", () => {
      add([...input.files]);
      input.value = "";
    });
    for (const type of ["dragenter", "dragover"]) {
      zone.addEventListener(type, (event) => { event.preventDefault(); zone.classList.add("dragging"); });
    }
    for (const type of ["dragleave", "drop"]) {
      zone.addEventListener(type, () => zone.classList.remove("dragging"));
    }
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      add([...event.dataTransfer.files]);
    });
  });
})();
