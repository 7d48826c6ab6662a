// Reconciliation: supersession chains, items closed as superseded, unmatched new items.
"use strict";

(() => {
  const { api, el, notice, kindLabel, formatDate } = hmic;

  const status = (s) => (s || "").replace("_", " ");
  const itemLink = (item) => el("a", { href: `/items/${item.id}` }, item.reference);
  const countText = (n) => `(${n})`;
  const short = (text) => (text.length > 160 ? text.slice(0, 160) + "…" : text);

  function emptyRow(table, columns, message) {
    document.querySelector(`#${table} tbody`).replaceChildren(
      el("tr", { class: "empty" }, el("td", { colspan: columns, class: "muted" }, message)));
  }

  function chain(entry) {
    const steps = [];
    entry.items.forEach((item, n) => {
      if (n) steps.push(el("span", { class: "arrow", "aria-label": "superseded by" }, " → "));
      steps.push(el("span", { class: "chain-step", "data-id": item.id },
        itemLink(item), " ",
        el("span", { class: "muted" },
           `${kindLabel(item.kind, item.number)}, ${status(item.status)}` +
           (item.source_report ? `, ${item.source_report}` : ""))));
    });
    return el("li", { class: "chain", "data-length": entry.length }, steps);
  }

  function closedRow(item) {
    return el("tr", { "data-id": item.id },
      el("td", {}, itemLink(item)),
      el("td", {}, kindLabel(item.kind, item.number)),
      el("td", {}, status(item.status)),
      el("td", {}, item.source_report || "—"),
      el("td", {}, item.superseded_by
        ? [itemLink(item.superseded_by), ` (${status(item.superseded_by.status)})`] : "—"));
  }

  function unmatchedRow(draft) {
    const report = draft.report;
    const name = report.title || report.file_name;
    return el("tr", { "data-draft-id": draft.draft_id },
      el("td", {}, kindLabel(draft.kind, draft.number)),
      el("td", { class: "text-cell" }, short(draft.text)),
      el("td", {}, el("a", { href: `/reports/${report.id}` }, name),
         report.published ? el("span", { class: "muted" }, ` ${formatDate(report.published)}`) : ""),
      el("td", {}, status(draft.review_state)),
      el("td", {}, draft.tracked_item ? itemLink(draft.tracked_item) : "—"));
  }

  const STATUS_LABEL = (s) => hmic.label("statuses", s);
  const ORIGINS = { this_report: "this report's own item", earlier_report: "an earlier item quoted" };

  function changeText(field, [old, now]) {
    if (field === "status") return `status ${STATUS_LABEL(old)} → ${STATUS_LABEL(now)}`;
    if (field === "current_deadline") {
      return `deadline ${old ? formatDate(old) : "none"} → ${now ? formatDate(now) : "none"}`;
    }
    if (field === "text") return "wording taken from the report";
    return `${field.replaceAll("_", " ")} changed`;
  }

  function restatedRow(entry) {
    const report = entry.report;
    const name = report.title || report.file_name;
    const changes = Object.entries(entry.changes || {}).map(([f, c]) => changeText(f, c));
    return el("tr", { "data-draft-id": entry.draft_id,
                      "data-item-id": entry.tracked_item ? entry.tracked_item.id : "" },
      el("td", {}, entry.tracked_item
        ? [itemLink(entry.tracked_item), el("span", { class: "muted" }, ` ${STATUS_LABEL(entry.tracked_item.status)}`)]
        : "—"),
      el("td", {}, el("a", { href: `/reports/${report.id}` }, name),
         report.published ? el("span", { class: "muted" }, ` ${formatDate(report.published)}`) : ""),
      el("td", {}, kindLabel(entry.kind, entry.number),
         el("span", { class: "muted" }, ` (${ORIGINS[entry.origin] || entry.origin})`)),
      el("td", {}, entry.status_quoted ? STATUS_LABEL(entry.status_quoted) : "—"),
      el("td", {}, changes.length ? changes.join("; ") : "nothing"),
      el("td", {}, `${entry.by || ""}${entry.at ? ", " + formatDate(entry.at) : ""}`));
  }

  async function load() {
    let data;
    try {
      data = await api("GET", "/api/reconciliation");
    } catch (err) {
      notice(err.message, "error");
      return;
    }
    document.getElementById("chains-count").textContent = countText(data.counts.chains);
    document.getElementById("closed-count").textContent = countText(data.counts.closed_as_superseded);
    document.getElementById("unmatched-count").textContent = countText(data.counts.unmatched);
    document.getElementById("chains").replaceChildren(...(data.chains.length
      ? data.chains.map(chain)
      : [el("li", { class: "muted empty" }, "No item has been superseded yet.")]));
    if (data.closed_as_superseded.length) {
      document.querySelector("#closed-table tbody").replaceChildren(
        ...data.closed_as_superseded.map(closedRow));
    } else {
      emptyRow("closed-table", 5, "No item has been closed as superseded.");
    }
    const restated = data.restated || [];
    document.getElementById("restated-count").textContent = countText(restated.length);
    if (restated.length) {
      document.querySelector("#restated-table tbody").replaceChildren(...restated.map(restatedRow));
    } else {
      emptyRow("restated-table", 6, "No later report has restated a tracked item yet.");
    }
    if (data.unmatched.length) {
      document.querySelector("#unmatched-table tbody").replaceChildren(
        ...data.unmatched.map(unmatchedRow));
    } else {
      emptyRow("unmatched-table", 5, "Every new item matched something already tracked.");
    }
    document.getElementById("main").dataset.loaded = "true";
  }

  document.addEventListener("DOMContentLoaded", load);
})();
