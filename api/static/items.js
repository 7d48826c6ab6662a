// Tracked items: filter, sort, page through, export what is shown.
"use strict";

(() => {
  const { api, el, notice, label, kindLabel, formatDate } = hmic;
  const PAGE = 50;
  const state = { sort: "reference", offset: 0, total: 0 };

  function query() {
    const params = new URLSearchParams();
    for (const field of document.getElementById("item-filters").elements) {
      if (field.name && field.value) params.set(field.name, field.value.trim());
    }
    return params;
  }

  function updateExports(params) {
    for (const format of ["csv", "xlsx"]) {
      const exportParams = new URLSearchParams(params);
      exportParams.set("format", format);
      document.getElementById(`export-${format}`).href = `/api/tracked-items/export?${exportParams}`;
    }
  }

  const short = (text, max) => (text.length > max ? text.slice(0, max).trimEnd() + "…" : text);

  function textCell(item) {
    return el("td", { class: "text-cell" },
      el("p", { class: "item-text" }, short(item.text, 180)),
      item.action_required
        ? el("p", { class: "item-action" }, el("strong", {}, "Action: "), short(item.action_required, 140))
        : null);
  }

  function latestCell(item) {
    const update = item.latest_update;
    if (!update) return el("td", { class: "latest-cell muted" }, "—");
    return el("td", { class: "latest-cell", title: update.text },
      el("span", { class: "update-date" }, formatDate(update.at.slice(0, 10))),
      short(update.text, 90));
  }

  function row(item) {
    return el("tr", { "data-id": item.id },
      el("td", {}, el("a", { href: `/items/${item.id}` }, item.reference)),
      el("td", {}, kindLabel(item.kind, item.number)),
      textCell(item),
      el("td", {}, label("statuses", item.status)),
      el("td", {}, label("scopes", item.scope)),
      el("td", {}, item.activity_level || "—"),
      el("td", {}, item.paf_area || "—"),
      el("td", {}, item.chief_officer_lead || "—"),
      el("td", {}, formatDate(item.current_deadline) || "—"),
      latestCell(item));
  }

  function showSort() {
    for (const th of document.querySelectorAll("#items-table th[data-sort]")) {
      const key = th.dataset.sort;
      const sort = state.sort === key ? "ascending" : state.sort === `-${key}` ? "descending" : "none";
      th.setAttribute("aria-sort", sort);
    }
  }

  async function load() {
    const params = query();
    updateExports(params);
    params.set("sort", state.sort);
    params.set("limit", PAGE);
    params.set("offset", state.offset);
    let data;
    try {
      data = await api("GET", `/api/tracked-items?${params}`);
    } catch (err) {
      notice(err.message, "error");
      return;
    }
    state.total = data.total;
    document.querySelector("#items-table tbody").replaceChildren(...data.items.map(row));
    const last = Math.min(state.offset + data.items.length, data.total);
    document.getElementById("items-count").textContent =
      data.total ? `${data.total} item${data.total === 1 ? "" : "s"}` : "No tracked item matches.";
    document.getElementById("page-info").textContent = data.total ? `${state.offset + 1}–${last} of ${data.total}` : "";
    document.getElementById("prev-page").disabled = state.offset === 0;
    document.getElementById("next-page").disabled = last >= data.total;
    showSort();
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("item-filters");
    let timer = null;
    const reload = () => {
      state.offset = 0;
      updateExports(query());  // at once, so an export never lags behind the filters
      clearTimeout(timer);
      timer = setTimeout(load, 200);
    };
    form.addEventListener("input", reload);
    form.addEventListener("change", reload);
    form.addEventListener("reset", () => setTimeout(reload, 0));
    form.addEventListener("submit", (event) => { event.preventDefault(); reload(); });
    for (const th of document.querySelectorAll("#items-table th[data-sort]")) {
      th.querySelector("button").addEventListener("click", () => {
        const key = th.dataset.sort;
        state.sort = state.sort === key ? `-${key}` : key;
        state.offset = 0;
        load();
      });
    }
    document.getElementById("prev-page").addEventListener("click", () => {
      state.offset = Math.max(0, state.offset - PAGE); load();
    });
    document.getElementById("next-page").addEventListener("click", () => {
      state.offset += PAGE; load();
    });
    load();
  });
})();
