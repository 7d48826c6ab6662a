// The reports page: upload a PDF (drop or choose), watch it being read, open it for review.
"use strict";

(() => {
  const { api, el, notice, formatDate } = hmic;
  const POLL_MS = 1000;
  let pollTimer = null;

  function statusCell(report) {
    const cell = el("td", { class: "status-" + report.status, "data-status": report.status });
    const label = { queued: "Queued", processing: "Processing", ready: "Ready", failed: "Failed" };
    cell.append(el("strong", {}, label[report.status] || report.status));
    if (report.status === "processing" || report.status === "queued") {
      cell.append(" — ", el("span", { class: "progress" }, report.progress.summary));
      const { done, total } = report.progress;
      if (total) {
        cell.append(" ", el("progress", { max: total, value: done,
                                          "aria-label": `${report.progress.summary}` }));
      }
    }
    if (report.status === "failed") {
      cell.append(el("div", { class: "error" }, report.error || "no reason was recorded"));
    }
    return cell;
  }

  function row(report) {
    const pending = (report.drafts.by_review_state || {}).pending || 0;
    const drafts = report.drafts.total
      ? `${report.drafts.total} (${pending} to review)` : (report.status === "ready" ? "none found" : "");
    const name = report.title || report.file_name;
    const link = report.status === "ready"
      ? el("a", { href: `/reports/${report.id}` }, name) : el("span", {}, name);
    const actions = el("td");
    if (report.status === "ready") {
      actions.append(el("a", { class: "button", href: `/reports/${report.id}`,
                               "aria-label": `Review ${name}` }, "Review"));
    }
    return el("tr", { id: `report-${report.id}`, "data-report-id": report.id },
      el("td", {}, link, report.title ? el("div", { class: "muted" }, report.file_name) : null),
      el("td", {}, formatDate(report.published)),
      statusCell(report),
      el("td", {}, drafts),
      el("td", {}, formatDate(report.uploaded_at), report.uploaded_by ? ` by ${report.uploaded_by}` : ""),
      actions);
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
    if (data.reports.some((r) => r.status === "queued" || r.status === "processing")) {
      pollTimer = setTimeout(refresh, POLL_MS);
    }
  }

  async function upload(file) {
    const status = document.getElementById("upload-status");
    if (!file) return;
    if (!/\.pdf$/i.test(file.name) && file.type !== "application/pdf") {
      status.textContent = `${file.name} is not a PDF; choose a report PDF.`;
      status.className = "error";
      return;
    }
    status.className = "";
    status.textContent = `Uploading ${file.name}…`;
    const form = new FormData();
    form.append("file", file, file.name);
    try {
      const report = await api("POST", "/api/reports", form);
      status.textContent = report.status === "queued" || report.status === "processing"
        ? `${file.name} is queued for reading.`
        : `${file.name} was uploaded before: it is report ${report.id} (${report.status}).`;
      await refresh();
      const added = document.getElementById(`report-${report.id}`);
      if (added) added.classList.add("just-added");
    } catch (err) {
      status.textContent = `${file.name}: ${err.message}`;
      status.className = "error";
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    refresh();
    const zone = document.getElementById("upload");
    if (!zone) return;
    const input = document.getElementById("upload-file");
    input.addEventListener("change", () => {
      for (const file of input.files) upload(file);
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
      for (const file of event.dataTransfer.files) upload(file);
    });
  });
})();
