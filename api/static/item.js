// One tracked item: its texts and fields, its progress updates (newest first) with a form to
// add one, a form to change it (version rule: a stale edit is reloaded and explained), and
// its history in plain words.
"use strict";

(() => {
  const { api, el, notice, label, kindLabel, formatDate } = hmic;

  const FIELD_NAMES = {
    status: "status", current_deadline: "deadline", original_deadline: "first deadline",
    chief_officer_lead: "Chief Officer lead", delivery_lead: "delivery lead",
    delivery_confidence: "delivery confidence", paf_area: "PAF area",
    activity_level: "activity level", action_required: "action required", evidence: "evidence",
    text: "inspectorate text", scope: "local/national", kind: "kind", number: "number",
    reference: "reference", source_report: "source report", source_published: "published",
    source_year: "year", addressees: "addressees", applies_to_forces: "applies to forces",
    superseded_by_id: "superseded by",
  };
  const SKIP = new Set(["version", "updated_at", "created_at", "id", "source_report_id"]);
  const LONG = new Set(["text", "action_required", "evidence"]);
  // The form's fields, in the order people read them.
  const EDITABLE = ["status", "delivery_confidence", "chief_officer_lead", "delivery_lead",
                    "current_deadline", "action_required", "evidence"];
  const INPUTS = {
    status: "edit-status", delivery_confidence: "edit-confidence",
    chief_officer_lead: "edit-chief-officer-lead", delivery_lead: "edit-delivery-lead",
    current_deadline: "edit-deadline", action_required: "edit-action", evidence: "edit-evidence",
  };

  const state = { id: null, item: null, canEdit: false, evidenced: [] };

  const quote = (text, max = 120) => {
    const clean = String(text).replace(/\s+/g, " ").trim();
    return `“${clean.length > max ? clean.slice(0, max) + "…" : clean}”`;
  };

  // A field's value as people read it.
  function shown(field, value) {
    if (value === null || value === undefined || value === "") return "not set";
    if (field === "status") return label("statuses", value);
    if (field === "delivery_confidence") return label("confidences", value);
    if (field === "scope") return label("scopes", value);
    if (field === "kind") return label("kinds", value);
    if (/deadline|published/.test(field)) return formatDate(value);
    if (field === "addressees") return value.length ? value.join(", ") : "none";
    if (typeof value === "boolean") return value ? "yes" : "no";
    if (LONG.has(field)) return quote(value);
    return String(value);
  }

  // "status: In progress → Completed" for each field that differs between two snapshots.
  function differences(before, after, fields) {
    return (fields || Object.keys(after || {})).filter((k) => !SKIP.has(k) && k in (after || {}) &&
      JSON.stringify((before || {})[k] ?? null) !== JSON.stringify(after[k] ?? null))
      .map((k) => {
        const old = (before || {})[k];
        const name = FIELD_NAMES[k] || k.replaceAll("_", " ");
        if (LONG.has(k) && (old === null || old === undefined || old === "")) return `${name} added: ${shown(k, after[k])}`;
        if (LONG.has(k) && (after[k] === null || after[k] === "")) return `${name} removed`;
        return `${name}: ${shown(k, old)} → ${shown(k, after[k])}`;
      });
  }

  function changeWords(changes) {
    return Object.entries(changes || {}).map(([field, [old, now]]) => {
      const name = FIELD_NAMES[field] || field;
      if (field === "text") return "wording changed to the report's";
      return `${name} ${shown(field, old)} → ${shown(field, now)}`;
    });
  }

  // --- the item ---------------------------------------------------------------------------

  function setText(id, text, empty) {
    const node = document.getElementById(id);
    node.textContent = text || empty;
    node.classList.toggle("muted", !text);
  }

  function renderItem(item) {
    state.item = item;
    document.getElementById("i-kind").textContent = kindLabel(item.kind, item.number);
    document.getElementById("i-status-badge").textContent = label("statuses", item.status);
    setText("i-text", item.text, "No text");
    setText("i-action", item.action_required, "Not written yet: the force's own statement of what it will do.");
    setText("i-evidence", item.evidence,
            state.evidenced.includes(item.status) ? "None recorded." : "None yet: it is needed to mark the item completed or closed.");
    const status = document.getElementById("i-status");
    status.replaceChildren(label("statuses", item.status));
    if (item.superseded_by_id) {
      status.append(" by ", el("a", { href: `/items/${item.superseded_by_id}` }, "the item that replaced it"));
    }
    const source = document.getElementById("i-source");
    source.replaceChildren(item.source_report_id
      ? el("a", { href: `/reports/${item.source_report_id}` }, item.source_report || "the report")
      : (item.source_report || "—"));
    document.getElementById("i-published").textContent = item.source_published
      ? `${formatDate(item.source_published)}` : (item.source_year ? `${item.source_year}` : "not known");
    document.getElementById("i-due").textContent = (item.current_deadline ? formatDate(item.current_deadline) : "no deadline") +
      (item.original_deadline && item.original_deadline !== item.current_deadline
        ? ` (first ${formatDate(item.original_deadline)})` : "");
    document.getElementById("i-scope").textContent = label("scopes", item.scope) || "—";
    document.getElementById("i-level").textContent = item.activity_level || "not set";
    document.getElementById("i-paf").textContent = item.paf_area || "not set";
    document.getElementById("i-confidence").textContent =
      item.delivery_confidence ? label("confidences", item.delivery_confidence) : "not set";
    document.getElementById("i-chief-officer-lead").textContent = item.chief_officer_lead || "not set";
    document.getElementById("i-delivery-lead").textContent = item.delivery_lead || "not set";
    document.getElementById("item").dataset.version = item.version;
  }

  // --- progress updates -------------------------------------------------------------------

  function renderUpdates(updates) {
    const newest = [...updates].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id);
    document.getElementById("updates").replaceChildren(...newest.map((u) =>
      el("li", { class: "update", "data-id": u.id },
        el("p", { class: "update-meta" }, el("time", { datetime: u.at }, formatDate(u.at.slice(0, 10))),
           ` · ${u.author}`, u.source === "import" ? el("span", { class: "muted" }, " (from the tracker)") : null),
        el("p", { class: "update-text prose" }, u.text))));
    document.getElementById("updates-count").textContent = updates.length ? `(${updates.length})` : "";
    document.getElementById("updates-empty").hidden = updates.length > 0;
  }

  async function loadUpdates() {
    const data = await api("GET", `/api/tracked-items/${state.id}/updates`);
    renderUpdates(data.updates || []);
  }

  const today = () => {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  };

  async function addUpdate(event) {
    event.preventDefault();
    const problem = document.getElementById("update-error");
    const textBox = document.getElementById("update-text");
    const dateBox = document.getElementById("update-at");
    const text = textBox.value.trim();
    problem.hidden = true;
    if (!text) {
      problem.textContent = "Write the update first.";
      problem.hidden = false;
      textBox.focus();
      return;
    }
    const body = { text };
    const day = dateBox.value;
    if (day && day > today()) {
      problem.textContent = "An update cannot be dated in the future.";
      problem.hidden = false;
      dateBox.focus();
      return;
    }
    // A past day is recorded at midday UTC, so it stays that day in the UK; today is now.
    if (day && day < today()) body.at = `${day}T12:00:00Z`;
    try {
      await api("POST", `/api/tracked-items/${state.id}/updates`, body);
    } catch (err) {
      problem.textContent = err.message;
      problem.hidden = false;
      return;
    }
    textBox.value = "";
    dateBox.value = "";
    notice(`Update added to ${state.item.reference}.`);
    await Promise.all([loadUpdates(), loadHistory()]);
  }

  // --- changing the item ------------------------------------------------------------------

  const formValue = (field) => {
    const value = document.getElementById(INPUTS[field]).value;
    return LONG.has(field) ? value.trim() : value.trim().replace(/\s+/g, " ");
  };
  const itemValue = (item, field) => (item[field] === null || item[field] === undefined ? "" : String(item[field]));

  function fillForm(item, keep = {}) {
    for (const field of EDITABLE) {
      const input = document.getElementById(INPUTS[field]);
      input.value = field in keep ? keep[field] : itemValue(item, field);
    }
    const status = document.getElementById("edit-status");
    status.disabled = item.status === "superseded";
  }

  function changedFields(base) {
    const changes = {};
    for (const field of EDITABLE) {
      if (field === "status" && base.status === "superseded") continue;
      const value = formValue(field);
      if (value !== itemValue(base, field).trim()) changes[field] = value === "" ? null : value;
    }
    return changes;
  }

  function showEditError(message, focus) {
    const problem = document.getElementById("edit-error");
    problem.textContent = message;
    problem.hidden = false;
    if (focus) document.getElementById(focus).focus();
  }

  async function saveItem(event) {
    event.preventDefault();
    const base = state.item;
    document.getElementById("edit-error").hidden = true;
    document.getElementById("edit-conflict").hidden = true;
    const changes = changedFields(base);
    if (!Object.keys(changes).length) { notice("Nothing has changed."); return; }
    const status = changes.status || base.status;
    if (state.evidenced.includes(status) && !formValue("evidence")) {
      showEditError(`Marking ${base.reference} ${label("statuses", status).toLowerCase()} needs the evidence ` +
                    "that its action is done: write it under Evidence, then save.", "edit-evidence");
      return;
    }
    let saved;
    try {
      saved = await api("PATCH", `/api/tracked-items/${state.id}`, { version: base.version, ...changes });
    } catch (err) {
      const current = err.body && err.body.error && err.body.error.current;
      if (err.code === "version_conflict" && current) {
        await conflict(base, current, changes);
      } else {
        showEditError(err.message);
      }
      return;
    }
    renderItem(saved);
    fillForm(saved);
    notice(`${saved.reference} saved: ${differences(base, saved, EDITABLE).join("; ")}.`);
    await loadHistory();
  }

  // Someone changed the item since the form was filled: show it as it is now, keep this
  // person's edits to fields the other change left alone, and say what changed.
  async function conflict(base, current, mine) {
    const theirs = differences(base, current);
    const keep = {};
    const overtaken = [];
    for (const [field, value] of Object.entries(mine)) {
      if (JSON.stringify(base[field] ?? null) === JSON.stringify(current[field] ?? null)) {
        keep[field] = value === null ? "" : value;
      } else {
        overtaken.push(FIELD_NAMES[field] || field);
      }
    }
    renderItem(current);
    fillForm(current, keep);
    let who = "Someone else";
    try {
      const events = (await api("GET", `/api/tracked-items/${state.id}/history`)).events || [];
      renderHistory(events);
      const last = events[events.length - 1];
      if (last && last.actor) who = last.actor;
    } catch (err) {
      // Said without the name.
    }
    const box = document.getElementById("edit-conflict");
    box.replaceChildren(
      el("p", { class: "callout-title" }, `Not saved: ${who} changed ${current.reference} while you were editing.`),
      el("p", {}, theirs.length ? `What changed: ${theirs.join("; ")}.` : "Nothing you can see here changed, but the item was saved again."),
      el("p", {}, overtaken.length
        ? `The form now shows their ${overtaken.join(", ")}; your other edits are kept. Check and save again.`
        : "Your edits are kept in the form. Check them and save again."));
    box.hidden = false;
  }

  // --- history ----------------------------------------------------------------------------

  function eventWords(event) {
    const before = event.before || {};
    const after = event.after || {};
    switch (event.action) {
      case "import_item":
        return ["Imported from the tracker", event.before ? differences(before, after).join("; ") : ""];
      case "create_item":
        return ["Created", `from ${after.source_report || "a report"}'s draft`];
      case "edit_item":
        return ["Edited", differences(before, after).join("; ")];
      case "supersede_item":
        return ["Superseded", after.superseded_by_id ? `by item ${after.superseded_by_id}` : ""];
      case "restated_in_report": {
        const quoted = after.quoted_in || {};
        const where = `${quoted.report || "a later report"}${quoted.item ? ` (${quoted.item})` : ""}`;
        const taken = changeWords(after.changes);
        const left = changeWords(after.not_taken);
        let said = taken.length ? taken.join("; ") : "nothing changed";
        if (left.length) said += `. Left as tracked: ${left.join("; ")}`;
        const status = quoted.status_quoted_label ? ` It gave the status as ${quoted.status_quoted_label.toLowerCase()}.` : "";
        return [`Restated in ${where}`, `${said}.${status}`];
      }
      case "undo_update_from_report":
        return ["Update from a report undone", differences(before, after, ["status", "current_deadline", "text", "evidence"]).join("; ") || "nothing had changed"];
      case "add_progress_update":
        return ["Progress update added", after.text ? quote(after.text, 160) : ""];
      case "add_link":
        return ["Linked", ""];
      case "undo_decision":
        return ["Decision undone", differences(before, after).join("; ")];
      default:
        return [event.action.replaceAll("_", " "), event.before ? differences(before, after).join("; ") : ""];
    }
  }

  function renderHistory(events) {
    document.querySelector("#history tbody").replaceChildren(...events.map((event) => {
      const [what, changed] = eventWords(event);
      return el("tr", { "data-action": event.action },
        el("td", {}, formatDate(event.at)), el("td", {}, event.actor),
        el("td", {}, what), el("td", { class: "text-cell" }, changed));
    }));
  }

  async function loadHistory() {
    const data = await api("GET", `/api/tracked-items/${state.id}/history`);
    renderHistory(data.events || []);
  }

  // --- links: superseded by, supersedes, same as, depends on, restated in ----------------

  // "Recommendation 4 of PEEL 2025: Northmoor Police", linked to the report's review page.
  function sourceWords(source) {
    if (!source) return [];
    const origin = source.origin === "earlier_report" ? ", where it quotes an earlier report" : "";
    return ["from ", source.item || "a draft", " of ",
            el("a", { href: `/reports/${source.report_id}` }, source.report || `report ${source.report_id}`), origin];
  }

  function linkEntry(link) {
    const other = link.item;
    const head = el("p", { class: "link-what" }, el("strong", {}, link.label || link.relation.replaceAll("_", " ")), " ");
    if (link.relation === "restated_in") {
      const source = link.source || {};
      head.append(source.report_id
        ? el("a", { href: `/reports/${source.report_id}` }, source.report || `report ${source.report_id}`)
        : (source.report || "a later report"),
        source.item ? ` (as ${source.item})` : "");
      const said = changeWords(link.changes);
      const quoted = source.status_quoted_label ? `It gave the status as ${source.status_quoted_label.toLowerCase()}. ` : "";
      return el("li", { class: "link-entry", "data-relation": link.relation }, head,
        el("p", {}, quoted + (said.length ? `Changed: ${said.join("; ")}.` : "Nothing changed on the item.")),
        el("p", { class: "link-meta" }, `${link.by}${link.at ? ", " + formatDate(link.at) : ""}`));
    }
    if (other) {
      head.append(el("a", { href: `/items/${other.id}` }, other.reference),
        ` (${kindLabel(other.kind, other.number)}, ${label("statuses", other.status).toLowerCase()})`);
    }
    return el("li", { class: "link-entry", "data-relation": link.relation, "data-item-id": other ? other.id : "" }, head,
      other ? el("p", { class: "link-text" }, quote(other.text, 160)) : null,
      el("p", { class: "link-meta" }, `${link.by}${link.at ? ", " + formatDate(link.at) : ""}`,
         link.source ? "; " : "", ...sourceWords(link.source)));
  }

  async function loadLinks() {
    const list = document.getElementById("links");
    let data;
    try {
      data = await api("GET", `/api/tracked-items/${state.id}/links`);
    } catch (err) {
      list.replaceChildren(el("li", { class: "error" }, `The links cannot be shown: ${err.message}`));
      return;
    }
    const links = data.links || [];
    list.replaceChildren(...links.map(linkEntry));
    document.getElementById("links-count").textContent = links.length ? `(${links.length})` : "";
    document.getElementById("links-empty").hidden = links.length > 0;
  }

  async function load() {
    try {
      const [item] = await Promise.all([api("GET", `/api/tracked-items/${state.id}`),
                                        loadUpdates(), loadHistory(), loadLinks()]);
      renderItem(item);
      if (state.canEdit) fillForm(item);
      document.getElementById("item").dataset.loaded = "true";
    } catch (err) {
      notice(err.message, "error");
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const root = document.getElementById("item");
    state.id = root.dataset.itemId;
    state.canEdit = root.dataset.canEdit === "yes";
    state.evidenced = (root.dataset.evidenced || "").split(" ");
    if (state.canEdit) {
      document.getElementById("update-form").addEventListener("submit", addUpdate);
      document.getElementById("update-at").max = today();
      document.getElementById("edit-form").addEventListener("submit", saveItem);
      document.getElementById("edit-reset").addEventListener("click", () => {
        fillForm(state.item);
        document.getElementById("edit-error").hidden = true;
        document.getElementById("edit-conflict").hidden = true;
      });
      document.getElementById("edit-status").addEventListener("change", (event) => {
        const needs = state.evidenced.includes(event.target.value) && !formValue("evidence");
        const hint = document.getElementById("edit-error");
        if (needs) {
          showEditError(`${label("statuses", event.target.value)} needs the evidence that the action is done: write it under Evidence.`);
        } else if (!hint.hidden && /needs the evidence/.test(hint.textContent)) {
          hint.hidden = true;
        }
      });
    }
    load();
  });
})();
