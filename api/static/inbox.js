// The inbox: reports waiting for someone (drafts to review, a failure, nothing found), with
// how far each report's review has gone.
"use strict";

(() => {
  const { api, el, notice, kindLabel, formatDate } = hmic;

  function waitingFor(report) {
    if (report.waiting === "failed") {
      return el("span", { class: "error" }, `Could not be read: ${report.reason || "no reason was recorded"}`);
    }
    if (report.waiting === "none_found") return "Nothing was found in it: add its items by hand, or delete it";
    const next = report.next_draft;
    return next ? `${report.counts.pending} to review; next: ${kindLabel(next.kind, next.number)} (page ${next.page})`
      : `${report.counts.pending} to review`;
  }

  function reviewed(report) {
    const { total, decided } = report.counts;
    const cell = el("td", { class: "inbox-progress-cell" });
    const line = el("span", { class: "inbox-progress" }, report.summary || `${decided} of ${total} reviewed`);
    if (total) line.append(el("progress", { max: total, value: decided, "aria-label": report.summary }));
    cell.append(line);
    return cell;
  }

  function row(report) {
    const name = report.title || report.file_name;
    const action = report.waiting === "review" ? "Review" : "Open";
    return el("tr", { id: `inbox-${report.id}`, "data-report-id": report.id, "data-waiting": report.waiting },
      el("td", {}, el("a", { href: `/reports/${report.id}` }, name),
         report.title ? el("div", { class: "muted" }, report.file_name) : null),
      el("td", {}, formatDate(report.published)),
      reviewed(report),
      el("td", { class: "text-cell" }, waitingFor(report)),
      el("td", {}, formatDate(report.uploaded_at), report.uploaded_by ? ` by ${report.uploaded_by}` : ""),
      el("td", {}, el("a", { class: "button", href: `/reports/${report.id}`, "aria-label": `${action} ${name}` }, action)));
  }

  async function load() {
    let data;
    try {
      data = await api("GET", "/api/inbox?limit=200");
    } catch (err) {
      notice(err.message, "error");
      return;
    }
    const reports = data.reports || [];
    document.querySelector("#inbox-table tbody").replaceChildren(...reports.map(row));
    document.getElementById("inbox-empty").hidden = reports.length > 0;
    document.getElementById("inbox-table").hidden = reports.length === 0;
    const pending = reports.reduce((sum, r) => sum + (r.counts.pending || 0), 0);
    document.getElementById("inbox-summary").textContent = reports.length
      ? `${reports.length} report${reports.length === 1 ? "" : "s"} waiting; ${pending} draft${pending === 1 ? "" : "s"} to review.`
      : "";
    document.querySelector("main").dataset.loaded = "true";
  }

  document.addEventListener("DOMContentLoaded", load);
})();
