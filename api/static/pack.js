// Plenary pack: a report's drafts for force action and for information, and dependencies.
"use strict";

(() => {
  const { api, el, notice, kindLabel, formatDate } = hmic;
  const COLUMNS = 8;
  const RELATIONS = {
    supersedes: "Supersedes", same_as: "Same as", related: "Related to", depends_on: "Depends on",
  };

  const words = (s) => (s || "").replace(/_/g, " ");
  const itemLink = (id, reference) => (id && reference
    ? el("a", { href: `/items/${id}` }, reference) : reference || `item ${id}`);

  function deadline(entry) {
    if (entry.deadline) {
      return [formatDate(entry.deadline),
              entry.deadline_source === "proposed" ? el("span", { class: "muted" }, " (proposed)") : ""];
    }
    if (entry.deadline_source === "immediate") return "Immediately";
    return entry.deadline_text || "—";
  }

  function links(entry) {
    const lines = [];
    for (const s of entry.superseding) {
      lines.push(el("li", { class: `superseding ${s.source}` },
        s.source === "decided" ? "Supersedes " : "Proposed to supersede ",
        itemLink(s.tracked_item_id, s.reference),
        s.status ? ` (${words(s.status)})` : ""));
    }
    for (const m of entry.matches) {
      if (m.relation === "supersedes") continue;  // listed above
      lines.push(el("li", { class: "match" },
        `${RELATIONS[m.relation] || words(m.relation) || "Matches"} `,
        itemLink(m.tracked_item_id, m.reference),
        m.band ? el("span", { class: "muted" }, ` ${m.band} match`) : ""));
    }
    return lines.length ? el("ul", { class: "plain-list" }, lines) : "—";
  }

  function decision(entry) {
    const d = entry.decision;
    const parts = [el("span", { class: `state ${d.state}` }, words(d.state))];
    if (d.tracked_item) {
      parts.push(el("br"), "as ", itemLink(d.tracked_item.id, d.tracked_item.reference));
    }
    if (d.by) parts.push(el("br"), el("span", { class: "muted" }, `by ${d.by}`));
    return parts;
  }

  function row(entry) {
    const level = entry.activity_level;
    return el("tr", { "data-draft-id": entry.draft_id },
      el("th", { scope: "row" }, kindLabel(entry.kind, entry.number)),
      el("td", { class: "text-cell" }, entry.text),
      el("td", {}, deadline(entry)),
      el("td", {}, entry.paf ? `${entry.paf.area} ${entry.paf.title || ""}`.trim() : "—"),
      el("td", {}, entry.chief_officer_lead || "—"),
      el("td", {}, level ? [String(level.level), el("br"), el("span", { class: "muted small" }, level.why)] : "—"),
      el("td", {}, links(entry)),
      el("td", {}, decision(entry)));
  }

  function fill(id, entries, empty) {
    document.querySelector(`#${id} tbody`).replaceChildren(...(entries.length
      ? entries.map(row)
      : [el("tr", { class: "empty" }, el("td", { colspan: COLUMNS, class: "muted" }, empty))]));
  }

  function dependencyRow(dep) {
    return el("tr", {},
      el("td", {}, kindLabel(dep.item.kind, dep.item.number)),
      el("td", {}, kindLabel(dep.depends_on.kind, dep.depends_on.number)),
      el("td", {}, dep.phrase ? `“${dep.phrase}”` : "—"));
  }

  async function load() {
    const box = document.getElementById("pack");
    let pack;
    try {
      pack = await api("GET", `/api/reports/${box.dataset.reportId}/pack`);
    } catch (err) {
      notice(err.message, "error");
      return;
    }
    const report = pack.report;
    const meta = [report.published ? `Published ${formatDate(report.published)}` : "",
                  report.inspection_type ? words(report.inspection_type) : "",
                  `${pack.counts.decided} decided, ${pack.counts.pending} pending`];
    document.getElementById("pack-meta").textContent = meta.filter(Boolean).join(" · ");
    document.getElementById("action-count").textContent = `(${pack.counts.for_action})`;
    document.getElementById("information-count").textContent = `(${pack.counts.for_information})`;
    fill("for-action", pack.for_action, "Nothing in this report is for forces to act on.");
    fill("for-information", pack.for_information, "Nothing in this report is for information only.");
    const section = document.getElementById("dependencies-section");
    section.hidden = !pack.dependencies.length;
    document.querySelector("#dependencies tbody").replaceChildren(
      ...pack.dependencies.map(dependencyRow));
    box.dataset.loaded = "true";
  }

  document.addEventListener("DOMContentLoaded", load);
})();
