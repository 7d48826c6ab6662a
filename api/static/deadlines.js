// Deadlines: live items overdue or due within 90 days, per Chief Officer lead.
"use strict";

(() => {
  const { api, el, notice, kindLabel, formatDate } = hmic;
  const BUCKET_LABELS = {
    overdue: "Overdue", due_0_30: "Due in 0–30 days", due_31_60: "Due in 31–60 days",
    due_61_90: "Due in 61–90 days",
  };

  const pad = (n) => String(n).padStart(2, "0");
  const isoDay = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

  function when(days) {
    if (days < 0) return `${-days} day${days === -1 ? "" : "s"} overdue`;
    if (days === 0) return "due today";
    return `in ${days} day${days === 1 ? "" : "s"}`;
  }

  function counts(data) {
    const tiles = data.buckets.map((bucket) =>
      el("li", { class: `tile ${bucket}`, "data-bucket": bucket },
        el("span", { class: "tile-number" }, data.counts[bucket]),
        el("span", { class: "tile-label" }, BUCKET_LABELS[bucket] || bucket)));
    tiles.push(el("li", { class: "tile later", "data-bucket": "due_later" },
      el("span", { class: "tile-number" }, data.due_later),
      el("span", { class: "tile-label" }, "Due later than 90 days")));
    document.getElementById("deadline-counts").replaceChildren(...tiles);
  }

  function itemRow(item) {
    return el("tr", { "data-id": item.id, "data-reference": item.reference },
      el("td", {}, el("a", { href: `/items/${item.id}` }, item.reference)),
      el("td", {}, kindLabel(item.kind, item.number)),
      el("td", { class: "text-cell" },
         item.text.length > 160 ? item.text.slice(0, 160) + "…" : item.text),
      el("td", {}, formatDate(item.current_deadline)),
      el("td", { class: item.days < 0 ? "overdue-text" : "" }, when(item.days)),
      el("td", {}, item.status.replace("_", " ")));
  }

  function leadSection(lead, buckets, n) {
    const total = buckets.reduce((sum, b) => sum + lead.counts[b], 0);
    const headingId = `lead-${n}`;
    const table = el("table", { class: "data" },
      el("caption", { class: "visually-hidden" }, `Deadlines for ${lead.lead}`),
      el("thead", {}, el("tr", {},
        ["Reference", "Kind", "Action required", "Deadline", "When", "Status"].map(
          (name) => el("th", { scope: "col" }, name)))));
    for (const bucket of buckets) {
      if (!lead[bucket].length) continue;
      table.append(el("tbody", { "data-bucket": bucket },
        el("tr", { class: "group-row" },
          el("th", { scope: "rowgroup", colspan: 6 },
             `${BUCKET_LABELS[bucket] || bucket} (${lead[bucket].length})`)),
        lead[bucket].map(itemRow)));
    }
    return el("section", { class: "lead-group", "data-lead": lead.lead, "aria-labelledby": headingId },
      el("h2", { id: headingId }, lead.lead, " ",
         el("span", { class: "counts" }, `${total} item${total === 1 ? "" : "s"}`)),
      table);
  }

  async function load() {
    const input = document.getElementById("count-from");
    if (!input.value || !input.checkValidity()) return;
    let data;
    try {
      data = await api("GET", `/api/deadlines?${new URLSearchParams({ today: input.value })}`);
    } catch (err) {
      notice(err.message, "error");
      return;
    }
    if (data.today !== input.value) return;  // a later choice is on its way
    counts(data);
    const box = document.getElementById("deadline-leads");
    box.dataset.today = data.today;
    box.replaceChildren(...(data.leads.length
      ? data.leads.map((lead, n) => leadSection(lead, data.buckets, n))
      : [el("p", { class: "muted" }, "No live item is overdue or due within 90 days.")]));
  }

  document.addEventListener("DOMContentLoaded", () => {
    const input = document.getElementById("count-from");
    input.value = isoDay(new Date());
    input.addEventListener("change", load);
    document.getElementById("today-form").addEventListener("submit", (e) => e.preventDefault());
    load();
  });
})();
