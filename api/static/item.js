// One tracked item's history, from its audit trail.
"use strict";

(() => {
  const { api, el, notice, formatDate } = hmic;
  const ACTIONS = {
    create_item: "created", edit_item: "edited", supersede_item: "superseded",
    import_item: "imported", add_link: "linked", undo_decision: "decision undone",
  };
  const SKIP = new Set(["version", "updated_at", "created_at"]);

  function changes(event) {
    const before = event.before || {};
    const after = event.after || {};
    if (!event.before) return "";
    return Object.keys(after).filter((k) => !SKIP.has(k) &&
      JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .map((k) => `${k.replaceAll("_", " ")}: ${before[k] ?? "—"} → ${after[k] ?? "—"}`).join("; ");
  }

  document.addEventListener("DOMContentLoaded", async () => {
    const id = document.getElementById("item").dataset.itemId;
    try {
      const data = await api("GET", `/api/tracked-items/${id}/history`);
      const events = data.events || [];
      document.querySelector("#history tbody").replaceChildren(...events.map((event) =>
        el("tr", {}, el("td", {}, formatDate(event.at)), el("td", {}, event.actor),
           el("td", {}, ACTIONS[event.action] || event.action.replaceAll("_", " ")),
           el("td", {}, changes(event)))));
    } catch (err) {
      notice(err.message, "error");
    }
  });
})();
