// Live activity: the committee table as of a day, and live items month by month.
"use strict";

(() => {
  const { api, el, notice, formatDate } = hmic;

  const pad = (n) => String(n).padStart(2, "0");
  const isoDay = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const isoMonth = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;

  function numberCells(row) {
    return [el("td", { class: "num" }, row.local), el("td", { class: "num" }, row.national),
            el("td", { class: "num" }, row.total)];
  }

  async function loadTable() {
    const input = document.getElementById("as-of");
    if (!input.value || !input.checkValidity()) return;
    const params = new URLSearchParams({ as_of: input.value });
    document.getElementById("download-xlsx").href = `/api/live-activity.xlsx?${params}`;
    let data;
    try {
      data = await api("GET", `/api/live-activity?${params}`);
    } catch (err) {
      notice(err.message, "error");
      return;
    }
    if (input.value !== data.as_of) return;  // a later choice is on its way
    const table = document.getElementById("activity-table");
    table.dataset.asOf = data.as_of;
    table.tBodies[0].replaceChildren(...data.rows.map((row) =>
      el("tr", { "data-key": row.key }, el("th", { scope: "row" }, row.label), numberCells(row))));
    table.tFoot.replaceChildren(
      el("tr", { class: "totals" }, el("th", { scope: "row" }, "Total"), numberCells(data.totals)));
    document.getElementById("activity-caption").textContent =
      `${data.totals.total} live item${data.totals.total === 1 ? "" : "s"} at the end of ` +
      `${formatDate(data.as_of)}.`;
  }

  async function loadMonths() {
    const from = document.getElementById("month-from");
    const to = document.getElementById("month-to");
    if (!from.value || !to.value || !from.checkValidity() || !to.checkValidity()) return;
    if (from.value > to.value) {
      notice("the first month is after the last one", "error");
      return;
    }
    const params = new URLSearchParams({ from: from.value, to: to.value });
    let data;
    try {
      data = await api("GET", `/api/live-activity/monthly?${params}`);
    } catch (err) {
      notice(err.message, "error");
      return;
    }
    const chart = document.getElementById("monthly-chart");
    chart.src = `/api/live-activity/chart.svg?${params}`;
    chart.hidden = false;
    const table = document.getElementById("monthly-table");
    table.tHead.rows[0].replaceChildren(
      el("th", { scope: "col" }, "Month end"),
      ...data.kinds.map((k) => el("th", { scope: "col", class: "num" }, k.label)),
      el("th", { scope: "col", class: "num" }, "Total"));
    table.tBodies[0].replaceChildren(...data.months.map((month) =>
      el("tr", { "data-month": month.month },
        el("th", { scope: "row" }, formatDate(month.as_of)),
        data.kinds.map((k) => el("td", { class: "num" }, month.counts[k.kind] || 0)),
        el("td", { class: "num" }, month.total))));
    const totals = data.months.map((m) => m.total);
    const last = data.months[data.months.length - 1];
    document.getElementById("chart-summary").textContent =
      `From ${data.from} to ${data.to}: between ${Math.min(...totals)} and ${Math.max(...totals)} ` +
      `live items at a month end; ${last.total} at the end of ${last.month}.`;
  }

  document.addEventListener("DOMContentLoaded", () => {
    const today = new Date();
    const asOf = document.getElementById("as-of");
    asOf.value = isoDay(today);
    document.getElementById("month-to").value = isoMonth(today);
    document.getElementById("month-from").value =
      isoMonth(new Date(today.getFullYear(), today.getMonth() - 11, 1));
    asOf.addEventListener("change", loadTable);
    for (const form of ["as-of-form", "months-form"]) {
      document.getElementById(form).addEventListener("submit", (e) => e.preventDefault());
    }
    for (const id of ["month-from", "month-to"]) {
      document.getElementById(id).addEventListener("change", loadMonths);
    }
    loadTable();
    loadMonths();
  });
})();
