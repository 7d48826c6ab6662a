// The review screen: drafts beside their source and match suggestions, decided by keyboard.
"use strict";

(() => {
  const { api, el, notice, kindLabel, kindTag, formatDate, typingInField } = hmic;
  const HIGH_CONFIDENCE = 0.9;
  const MEDIUM_CONFIDENCE = 0.7;
  const RECENT = 10;
  const POLL_MS = 1000;
  const RELATIONS = { same_as: "same as", supersedes: "supersedes", depends_on: "depends on",
                      related: "related to" };
  const SUGGESTED = { same_as: "looks like the same item", supersedes: "this draft looks to supersede it",
                      depends_on: "this draft looks to depend on it", related: "looks related" };
  const BANDS = { suggest_link: "strong match", needs_look: "worth a look", new_item: "weak match" };
  const STATES = { pending: "To review", accepted: "Accepted", edited: "Edited and accepted",
                   rejected: "Rejected", linked: "Linked" };
  const ORIGINS = { this_report: "This report", earlier_report: "Quoted from an earlier report" };
  const SIBLINGS = { depends_on: "Depends on", related: "Related to" };
  const CHANGE_NAMES = { status: "Status", current_deadline: "Deadline", text: "Wording" };
  // Matching runs again in the background after a decision or when asked: the drafts are
  // read again after these delays (ms) so their suggestions catch up.
  const REFRESH_AFTER = [1200, 4000];

  const ITEM_FIELDS = ["paf_area", "chief_officer_lead", "activity_level"];

  const state = {
    reportId: null, canDecide: false, drafts: [], order: "position", selected: null,
    undo: [], sources: new Map(), suggestions: new Map(), vocabulary: null, busy: false,
    items: new Map(), refreshTimers: [], refreshes: 0, loaded: false, report: null,
    filters: {}, visible: null, itemFields: new Map(), nextReport: null,
  };

  // --- data -------------------------------------------------------------------------------

  const byId = (id) => state.drafts.find((d) => d.id === id);
  const addresseeName = (id) =>
    (state.vocabulary.addressees.find((a) => a.id === id) || {}).name || id;
  const statusLabel = (status) => hmic.label("statuses", status);

  // The draft's top suggestion when it says the draft is a tracked item (same_as), and
  // whether it says so with confidence (the band that suggests linking).
  function sameAs(draft) {
    const top = (draft.suggestions || [])[0];
    return top && top.relation === "same_as" ? top : null;
  }
  const strongSameAs = (draft) => {
    const top = sameAs(draft);
    return top && top.band === "suggest_link" ? top : null;
  };

  // Matching's reasons, in the words people use: addressee ids become names, "that item"
  // the other item's label, and the text figures one plain figure.
  function plainReason(reason, other) {
    let text = String(reason);
    const alike = text.match(/^text (\d+)% alike \(token set\), (\d+)% by weighted words$/);
    if (alike) return `the wording is ${alike[1]}% alike`;
    text = text.replace(/\b[a-z]+(?:_[a-z]+)+\b/g, (id) => {
      const found = state.vocabulary.addressees.find((a) => a.id === id);
      return found ? found.name : id.replaceAll("_", " ");
    });
    text = text.replace(/ vs /g, " and ");
    if (other) text = text.replace(/\bthat item\b/g, other);
    return text;
  }

  // The drafts the filters let through, in the chosen order (every draft when none is set).
  function shown() {
    return ordered().filter((d) => !state.visible || state.visible.has(d.id));
  }

  function ordered() {
    const drafts = [...state.drafts];
    if (state.order === "confidence") {
      drafts.sort((a, b) => a.confidence - b.confidence || a.position - b.position);
    } else {
      drafts.sort((a, b) => a.position - b.position);
    }
    return drafts;
  }

  function confidenceCue(value) {
    if (value >= HIGH_CONFIDENCE) return { label: "High", cls: "high" };
    if (value >= MEDIUM_CONFIDENCE) return { label: "Medium", cls: "medium" };
    return { label: "Low", cls: "low" };
  }

  function deadlineText(draft) {
    if (draft.immediate) return "Immediately";
    if (draft.deadline) return formatDate(draft.deadline);
    if (draft.proposed_deadline) {
      return `${formatDate(draft.proposed_deadline)} (proposed from “${draft.deadline_text}”)`;
    }
    return draft.deadline_text || "None given";
  }

  function replaceDraft(draft) {
    const index = state.drafts.findIndex((d) => d.id === draft.id);
    if (index >= 0) state.drafts[index] = draft;
  }

  // --- loading ----------------------------------------------------------------------------

  async function loadReport() {
    const status = document.getElementById("report-status");
    let report;
    try {
      report = await api("GET", `/api/reports/${state.reportId}`);
    } catch (err) {
      status.textContent = err.message;
      return;
    }
    state.report = report;
    status.className = "";
    const reading = report.status === "queued" || report.status === "processing";
    const add = document.getElementById("add-item");
    if (add) add.hidden = reading;  // items are added once the report has been read
    if (reading) {
      status.textContent = `${report.status === "queued" ? "Queued" : "Processing"}: ${report.progress.summary}`;
      showProblem();
      setTimeout(loadReport, POLL_MS);
      return;
    }
    if (report.status === "failed") {
      status.textContent = `Reading failed: ${report.reason}`;
      status.className = "error";
    } else {
      const size = { docx: "Word document", html: "web page" }[report.file_format] || `${report.page_count || "?"} pages`;
      status.textContent = `Ready · ${size} · published ${formatDate(report.published) || "date unknown"}`;
    }
    // A report that failed may still hold items a person added by hand.
    await loadDrafts();
    showProblem();
    showNextReport();
  }

  // The filters as the drafts endpoint takes them (only those set).
  function filterQuery() {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(state.filters)) if (value) query.set(name, value);
    return query.toString();
  }

  async function loadDrafts() {
    const query = filterQuery();
    const [data, filtered] = await Promise.all([
      api("GET", `/api/reports/${state.reportId}/drafts`),
      query ? api("GET", `/api/reports/${state.reportId}/drafts?${query}`) : null]);
    const visible = filtered ? new Set(filtered.drafts.map((d) => d.id)) : null;
    const same = JSON.stringify(data.drafts) === JSON.stringify(state.drafts) &&
      JSON.stringify(visible && [...visible]) === JSON.stringify(state.visible && [...state.visible]);
    state.drafts = data.drafts;
    state.visible = visible;
    if (state.selected === null || !shown().some((d) => d.id === state.selected)) {
      const list = shown();
      const first = list.find((d) => d.review_state === "pending") || list[0];
      state.selected = first ? first.id : null;
    }
    const first = !state.loaded;
    state.loaded = true;
    if (!same || first) render();
  }

  // The filters changed: read the drafts they let through.
  async function applyFilters() {
    const form = document.getElementById("draft-filters");
    state.filters = Object.fromEntries([...form.elements].filter((e) => e.name).map((e) => [e.name, e.value]));
    const set = Object.values(state.filters).filter(Boolean).length;
    document.getElementById("filter-summary").textContent = set ? `(${set} set)` : "";
    try {
      await loadDrafts();
    } catch (err) {
      notice(`The drafts cannot be filtered: ${err.message}`, "error");
    }
  }

  function clearFilters() {
    document.getElementById("draft-filters").reset();
    applyFilters();
  }

  // --- rendering --------------------------------------------------------------------------

  function render() {
    renderList();
    renderRecent();
    renderCounts();
    renderDetail();
    showProblem();
    showNextReport();
  }

  function renderCounts() {
    const pending = state.drafts.filter((d) => d.review_state === "pending").length;
    const filtered = state.visible ? ` · ${shown().length} shown` : "";
    document.getElementById("draft-counts").textContent =
      `${pending} of ${state.drafts.length} to review${filtered}`;
    document.getElementById("no-drafts").hidden = state.drafts.length > 0;
    document.getElementById("no-match").hidden = !(state.drafts.length && state.visible && !shown().length);
    // A report without drafts has nothing to decide: no keys, order or decision buttons.
    for (const node of document.querySelectorAll("#key-hints, .review-grid, .needs-drafts")) {
      node.hidden = state.drafts.length === 0;
    }
    const bulk = document.getElementById("bulk-accept");
    if (bulk) {
      const count = bulkCandidates().length;
      bulk.disabled = count === 0;
      bulk.textContent = `Accept ${count} high-confidence draft${count === 1 ? "" : "s"}`;
    }
  }

  const originText = (draft) => ORIGINS[draft.origin] || draft.origin;

  function renderList() {
    const list = document.getElementById("draft-list");
    const items = shown().map((draft) => {
      const cue = confidenceCue(draft.confidence);
      const selected = draft.id === state.selected;
      const addressees = draft.addressees.map(addresseeName).concat(draft.addressees_other);
      const item = el("li", {
        id: `draft-${draft.id}`, role: "option", "aria-selected": selected ? "true" : "false",
        class: `draft ${draft.review_state}${selected ? " selected" : ""}`,
        "data-id": draft.id, "data-state": draft.review_state, "data-origin": draft.origin,
        onclick: () => select(draft.id),
      },
        el("span", { class: "pos" }, `${draft.position}.`),
        el("span", { class: "kind" }, `${kindTag(draft.kind)} ${draft.number || ""}`),
        el("span", { class: `cue ${cue.cls}`, title: `Confidence ${Math.round(draft.confidence * 100)}%` },
           cue.label),
        el("span", { class: "state-badge" }, STATES[draft.review_state] || draft.review_state),
        el("span", { class: `line origin ${draft.origin}` }, originText(draft)),
        el("span", { class: "line" }, deadlineText(draft) +
           (draft.status ? ` · status ${statusLabel(draft.status).toLowerCase()}` : "")),
        el("span", { class: "line muted" }, addressees.join(", ") || "No addressee found"));
      return item;
    });
    list.replaceChildren(...items);
    list.setAttribute("aria-activedescendant", state.selected ? `draft-${state.selected}` : "");
    const current = document.getElementById(`draft-${state.selected}`);
    if (current) current.scrollIntoView({ block: "nearest" });
  }

  function decisionText(draft) {
    if (draft.review_state === "pending") return "Not decided yet";
    const who = `by ${draft.reviewed_by}, ${formatDate(draft.reviewed_at)}`;
    if (draft.review_state === "rejected") return `Rejected ${who}: ${draft.review_note}`;
    return `${STATES[draft.review_state]} ${who}`;
  }

  // "Recommendation 2", or "Recommendation (draft 5)" when the item has no number.
  const nameOf = (draft) => kindLabel(draft.kind, draft.number) + (draft.number ? "" : ` (draft ${draft.position})`);

  // "Recommendation 1 (quoted from an earlier report, page 3)": two drafts with one label
  // (an earlier item quoted and this report's own) told apart.
  function draftName(draft) {
    const where = draft.origin === "earlier_report" ? "quoted from an earlier report" : "this report's";
    return `${kindLabel(draft.kind, draft.number)} (${where}, ${placeOf(draft)})`;
  }

  // "page 3"; in a document without pages, the headings it sits under.
  function placeOf(draft) {
    if (draft.page) return `page ${draft.page}`;
    const headings = (draft.location && draft.location.headings) || [];
    return headings.length ? `under “${headings.join(" › ")}”` : "at the start of the document";
  }

  function renderRecent() {
    const decided = state.drafts.filter((d) => d.review_state !== "pending" && d.reviewed_at)
      .sort((a, b) => b.reviewed_at.localeCompare(a.reviewed_at) || b.id - a.id)
      .slice(0, RECENT);
    const list = document.getElementById("recent");
    list.replaceChildren(...decided.map((draft) => el("li", { "data-id": draft.id, "data-origin": draft.origin },
      el("a", { href: "#", onclick: (e) => { e.preventDefault(); select(draft.id); } },
         kindLabel(draft.kind, draft.number)),
      el("span", { class: `origin-note ${draft.origin}` },
         draft.origin === "earlier_report" ? " (quoted, earlier report)" : " (this report)"),
      ` ${(STATES[draft.review_state] || draft.review_state).toLowerCase()}`,
      state.canDecide
        ? el("button", { type: "button", class: "small", "aria-label": `Change the decision on ${draftName(draft)}`,
                         onclick: () => undo(draft.id) }, "Change")
        : null)));
    document.getElementById("recent-empty").hidden = decided.length > 0;
  }

  function renderDetail() {
    const box = document.getElementById("draft-detail");
    const draft = byId(state.selected);
    if (!draft) { box.hidden = true; return; }
    box.hidden = false;
    const cue = confidenceCue(draft.confidence);
    document.getElementById("d-kind").textContent = kindLabel(draft.kind, draft.number);
    document.getElementById("d-origin").textContent = ORIGINS[draft.origin] || draft.origin;
    document.getElementById("d-state").textContent = STATES[draft.review_state];
    document.getElementById("d-state").className = `state ${draft.review_state}`;
    const confidence = document.getElementById("d-confidence");
    confidence.textContent = `${cue.label} confidence (${Math.round(draft.confidence * 100)}%)`;
    confidence.className = `confidence cue ${cue.cls}`;
    document.getElementById("d-text").textContent = draft.text;
    document.getElementById("d-deadline").textContent = deadlineText(draft);
    const addressees = draft.addressees.map(addresseeName).concat(draft.addressees_other);
    document.getElementById("d-addressees").textContent =
      (addressees.join("; ") || "None found") + (draft.applies_to_forces ? "" : " (not for forces)");
    document.getElementById("d-status").textContent = draft.status ? statusLabel(draft.status) : "—";
    const paf = draft.paf_suggestion;
    document.getElementById("d-paf").textContent = paf && paf.area ? `${paf.area} ${paf.title}` : "None suggested";
    const place = placeOf(draft);
    document.getElementById("d-page").textContent = place[0].toUpperCase() + place.slice(1);
    document.getElementById("d-added").textContent = draft.added_by ? `By hand, by ${draft.added_by}` : "";
    document.getElementById("d-added-row").hidden = !draft.added_by;
    showItemFields(draft);
    const decision = document.getElementById("d-decision");
    decision.replaceChildren(decisionText(draft));
    if (draft.tracked_item_id) {
      decision.append(" · ", el("a", { href: `/items/${draft.tracked_item_id}` }, "tracked item"));
    }
    showSource(draft);
    showSuggestions(draft);
    showRestated(draft);
    showSiblings(draft);
  }

  // --- what accepting fills in: PAF area, Chief Officer lead, activity level -----------------

  async function itemFieldsOf(draft) {
    const key = `${draft.id}:${draft.version}`;
    let fields = state.itemFields.get(key);
    if (!fields) {
      const data = await api("GET", `/api/drafts/${draft.id}/item-fields`);
      fields = {};
      for (const name of ITEM_FIELDS) {
        fields[name] = { value: data[name] ?? null, why: (data.why || {})[name] || "" };
      }
      state.itemFields.set(key, fields);
    }
    return fields;
  }

  function fieldText(name, value) {
    if (value === null || value === undefined || value === "") return "";
    if (name === "paf_area") {
      const area = state.vocabulary.paf_areas.find((a) => a.id === value);
      return area ? `${area.id} ${area.title}` : String(value);
    }
    if (name === "activity_level") return (state.vocabulary.activity_levels || {})[value] || String(value);
    return String(value);
  }

  async function showItemFields(draft) {
    const lead = document.getElementById("d-lead");
    const level = document.getElementById("d-level");
    let fields;
    try {
      fields = await itemFieldsOf(draft);
    } catch (err) {
      if (state.selected !== draft.id) return;
      lead.textContent = level.textContent = "Not known";
      return;
    }
    if (state.selected !== draft.id) return;
    const show = (node, name) => {
      const { value, why } = fields[name];
      node.replaceChildren(fieldText(name, value) || "None suggested");
      if (why) node.append(el("span", { class: "why" }, why));
    };
    show(lead, "chief_officer_lead");
    show(level, "activity_level");
    if (fields.paf_area.value && !(draft.paf_suggestion && draft.paf_suggestion.area)) {
      show(document.getElementById("d-paf"), "paf_area");
    }
  }

  // --- a report that failed or found nothing; the next report once this one is done --------

  function showProblem() {
    const box = document.getElementById("report-problem");
    const report = state.report;
    const failed = report && report.status === "failed";
    const none = report && report.status === "ready" && state.loaded && state.drafts.length === 0;
    box.hidden = !(failed || none);
    if (box.hidden) return;
    const retry = document.getElementById("retry-report");
    if (retry) retry.hidden = !failed;
    document.getElementById("problem-title").textContent = failed
      ? "This report could not be read" : "Nothing was found in this report";
    document.getElementById("problem-text").textContent = failed
      ? `${report.reason || "No reason was recorded."} Read it again, add its items by hand, or delete it.` +
        (state.drafts.length ? ` ${state.drafts.length} item${state.drafts.length === 1 ? " was" : "s were"} added by hand.` : "")
      : "No recommendation, area for improvement or cause of concern was read in it. " +
        "If it has one, open the PDF and add it; if it has none, delete the report or leave it.";
  }

  // The report to go to once this one is done: drafts waiting for review first, then a
  // report that failed or found nothing (asked of the inbox once).
  async function findNextReport() {
    try {
      const data = await api("GET", "/api/inbox");
      const others = (data.reports || []).filter((r) => r.id !== state.reportId);
      return others.find((r) => r.waiting === "review") || others[0] || null;
    } catch (err) {
      return null;
    }
  }

  const reportDone = () => state.loaded && state.report && state.report.status !== "queued" &&
    state.report.status !== "processing" && !state.drafts.some((d) => d.review_state === "pending");

  async function showNextReport() {
    const box = document.getElementById("next-report-box");
    if (!reportDone()) { box.hidden = true; return; }
    state.nextReport = state.nextReport || findNextReport();
    const next = await state.nextReport;
    if (!reportDone()) { box.hidden = true; return; }
    const done = document.getElementById("next-report-done");
    done.textContent = state.drafts.length ? "Every draft of this report is decided." : "";
    const link = document.getElementById("next-report");
    link.hidden = !next;
    if (next) {
      link.href = `/reports/${next.id}`;
      link.textContent = `Next report: ${next.title || next.file_name}` +
        (next.counts && next.counts.pending ? ` (${next.counts.pending} to review)` : "");
    } else if (state.drafts.length) {
      done.textContent += " No other report is waiting for review.";
    }
    box.hidden = !(state.drafts.length || next);
  }

  // A draft that is a tracked item again (a progress report quoting an earlier item, or a
  // strong same-as match): said plainly, with updating that item as the main action.
  async function showRestated(draft) {
    const box = document.getElementById("d-restated");
    const top = sameAs(draft);
    const earlier = draft.origin === "earlier_report";
    if (!top || draft.review_state !== "pending" || !(earlier || strongSameAs(draft))) {
      box.hidden = true;
      return;
    }
    let item = null;
    try {
      const suggestions = await suggestionsOf(draft);
      item = (suggestions.find((s) => String(s.tracked_id) === String(top.tracked_id)) || {}).item;
    } catch (err) {
      item = null;
    }
    if (state.selected !== draft.id) return;
    if (!item) { box.hidden = true; return; }
    box.hidden = false;
    box.dataset.itemId = item.id;
    box.className = `callout${earlier ? " earlier" : ""}`;
    document.getElementById("d-restated-title").textContent = earlier
      ? `An earlier item quoted again: it looks like ${item.reference}`
      : `This looks like ${item.reference}, already tracked`;
    const quoted = draft.status ? ` This report gives its status as ${statusLabel(draft.status).toLowerCase()}.` : "";
    document.getElementById("d-restated-text").textContent =
      `${item.reference} (${kindLabel(item.kind, item.number)}${item.source_report ? ", " + item.source_report : ""}) ` +
      `is tracked as ${statusLabel(item.status).toLowerCase()}.${quoted}` +
      (earlier ? " Update it from this report rather than tracking it twice." : "");
    const button = document.getElementById("do-update");
    if (button) {
      button.textContent = earlier ? `Update ${item.reference} from this report` : `Link as the same item as ${item.reference}`;
    }
  }

  function siblingState(other) {
    if (!other) return null;
    if (other.review_state === "accepted" || other.review_state === "edited") {
      const link = el("a", { href: `/items/${other.tracked_item_id}`, class: "sibling-item" },
                      state.items.get(other.tracked_item_id) || "its tracked item");
      if (!state.items.has(other.tracked_item_id)) {
        api("GET", `/api/tracked-items/${other.tracked_item_id}`).then((item) => {
          state.items.set(item.id, item.reference);
          link.textContent = item.reference;
        }).catch(() => {});
      }
      return el("span", { class: "sibling-state" }, " — already accepted as ", link,
                "; matching again lists it among this draft's suggestions.");
    }
    if (other.review_state === "linked") return el("span", { class: "sibling-state" }, " — linked to an item already tracked.");
    if (other.review_state === "rejected") return el("span", { class: "sibling-state" }, " — rejected.");
    return null;
  }

  function showSiblings(draft) {
    const section = document.getElementById("siblings");
    const siblings = draft.sibling_suggestions || [];
    section.hidden = !siblings.length;
    document.getElementById("sibling-list").replaceChildren(...siblings.map((s) => {
      const other = byId(s.draft_id);
      const name = kindLabel(s.kind, s.number) + (s.number ? "" : ` (draft ${s.position})`);
      return el("li", { class: "sibling", "data-draft-id": s.draft_id, "data-relation": s.relation },
        el("span", {}, `${SIBLINGS[s.relation] || "Related to"} `),
        el("a", { href: `#draft-${s.draft_id}`, class: "sibling-link",
                  onclick: (e) => { e.preventDefault(); if (byId(s.draft_id)) select(s.draft_id); } },
           name),
        " of this report", siblingState(other),
        (s.reasons || []).length
          ? el("ul", { class: "reasons", "aria-label": "Why" },
               ...s.reasons.map((r) => el("li", {}, plainReason(r, name))))
          : null);
    }));
  }

  async function showSource(draft) {
    const image = document.getElementById("page-image");
    const highlight = document.getElementById("page-highlight");
    const text = document.getElementById("page-text");
    let source = state.sources.get(draft.id);
    if (!source) {
      try {
        source = await api("GET", `/api/drafts/${draft.id}/source`);
      } catch (err) {
        highlight.hidden = true;
        image.removeAttribute("src");
        image.alt = `The source page cannot be shown: ${err.message}`;
        text.textContent = "";
        return;
      }
      state.sources.set(draft.id, source);
    }
    if (state.selected !== draft.id) return;
    const paged = Boolean(source.image);
    document.getElementById("page-view").hidden = !paged;
    document.getElementById("page-text-box").hidden = !paged;
    document.getElementById("context-view").hidden = paged;
    document.getElementById("source-heading").textContent = paged ? "Source page" : "Source in the document";
    if (!paged) { showContext(source.context); return; }
    image.alt = `Page ${source.page} of ${source.page_count} of the report, with the draft's place marked`;
    image.width = Math.round(source.image.width * source.image.scale);
    image.height = Math.round(source.image.height * source.image.scale);
    image.src = source.image.url;
    const view = document.getElementById("page-view");
    const canvas = document.getElementById("page-canvas");
    const { width, height } = source.image;
    if (source.bbox) {
      const [x0, top, x1, bottom] = source.bbox;
      // Zoom so the item's width fills the view (within reason), then scroll to it.
      const zoom = Math.min(Math.max(width / (x1 - x0 + 24), 1), 2.5);
      canvas.style.width = `${zoom * 100}%`;
      highlight.style.left = `${(x0 / width) * 100}%`;
      highlight.style.top = `${(top / height) * 100}%`;
      highlight.style.width = `${(Math.max(x1 - x0, 4) / width) * 100}%`;
      highlight.style.height = `${(Math.max(bottom - top, 4) / height) * 100}%`;
      highlight.hidden = false;
      const scrollTo = () => {
        view.scrollTop = Math.max(0, (top / height) * canvas.clientHeight - 40);
        view.scrollLeft = Math.max(0, (x0 / width) * canvas.clientWidth - 12);
      };
      if (image.complete) scrollTo(); else image.addEventListener("load", scrollTo, { once: true });
    } else {
      canvas.style.width = "100%";
      highlight.hidden = true;
      view.scrollTop = 0;
    }
    if (source.span) {
      text.replaceChildren(source.text.slice(0, source.span.start),
        el("mark", {}, source.text.slice(source.span.start, source.span.end)),
        source.text.slice(source.span.end));
    } else {
      text.textContent = source.text;
    }
  }

  // A Word document or a web page: the item's paragraph among those around it, under its
  // headings (it has no pages to show).
  function showContext(context) {
    const path = document.getElementById("context-path");
    const blocks = document.getElementById("context-blocks");
    if (!context || context.paragraph === null) {
      path.textContent = "The item's words were not found in the document.";
      blocks.replaceChildren();
      return;
    }
    path.textContent = context.headings.length ? `Under: ${context.headings.join(" › ")}` : "Before the first heading";
    blocks.replaceChildren(...context.blocks.map((block) => {
      const node = el(block.heading ? "h4" : "p", { class: block.item ? "context-item" : "" }, block.text);
      if (block.item) node.setAttribute("aria-current", "true");
      return node;
    }));
    const here = blocks.querySelector(".context-item");
    if (here) blocks.scrollTop = Math.max(0, here.offsetTop - 48);  // blocks is positioned
  }

  function diffView(diff, side) {
    // side "old" shows the tracked item's words (deletions marked), "new" the draft's.
    const node = el("p", { class: "diff" });
    for (const part of diff) {
      if (part.op === "equal") node.append(part.text, " ");
      else if (part.op === "delete" && side === "old") node.append(el("del", {}, part.text), " ");
      else if (part.op === "insert" && side === "new") node.append(el("ins", {}, part.text), " ");
    }
    return node;
  }

  async function suggestionsOf(draft) {
    const key = `${draft.id}:${draft.version}`;
    let suggestions = state.suggestions.get(key);
    if (!suggestions) {
      const data = await api("GET", `/api/drafts/${draft.id}/suggestions`);
      suggestions = data.suggestions;
      state.suggestions.set(key, suggestions);
    }
    return suggestions;
  }

  async function showSuggestions(draft) {
    const list = document.getElementById("suggestions");
    const info = document.getElementById("match-state");
    const hint = document.getElementById("match-again-hint");
    list.replaceChildren();
    const why = draft.match_reason ? ` (${draft.match_reason})` : "";
    const nothingTracked = /no tracked items/i.test(draft.match_reason || "");
    if (hint) hint.hidden = !(draft.review_state === "pending" && (nothingTracked || draft.match_state === "failed"));
    if (draft.match_state === "failed") {
      info.textContent = `Matching failed for this draft${why}; match again, or link it by hand if it is tracked already.`;
    } else if (!draft.suggestions.length) {
      info.textContent = nothingTracked
        ? `No tracked item looks like this draft${why}. If the tracker has items now, match again.`
        : `No tracked item looks like this draft${why}.`;
      return;
    } else {
      info.textContent = "Nothing is chosen for you: link only if you agree.";
    }
    let suggestions;
    try {
      suggestions = await suggestionsOf(draft);
    } catch (err) {
      info.textContent = `Suggestions cannot be shown: ${err.message}`;
      return;
    }
    if (state.selected !== draft.id) return;
    list.replaceChildren(...suggestions.map((s, index) => {
      const item = s.item;
      const head = el("p", { class: "suggestion-head" },
        el("strong", {}, `${index + 1}. ${item ? item.reference : "item " + s.tracked_id}`),
        ` — ${SUGGESTED[s.relation] || s.relation} · ${BANDS[s.band] || s.band} · score ${s.score}`);
      if (!item) {
        return el("li", {}, head, el("p", { class: "muted" }, "This tracked item no longer exists."));
      }
      return el("li", { class: "suggestion" }, head,
        el("div", { class: "side-by-side" },
          el("div", {}, el("h4", {}, `Tracked: ${kindLabel(item.kind, item.number)}`),
             el("p", { class: "muted" }, `${item.source_report || ""} · ${item.status}` +
                (item.current_deadline ? ` · due ${formatDate(item.current_deadline)}` : "")),
             diffView(s.diff, "old")),
          el("div", {}, el("h4", {}, "This draft"), el("p", { class: "muted" }, deadlineText(draft)),
             diffView(s.diff, "new"))),
        el("ul", { class: "reasons", "aria-label": "Why it is suggested" },
           ...(s.reasons || []).map((r) => el("li", {}, plainReason(r, "the tracked item")))),
        state.canDecide && draft.review_state === "pending" && s.relation === "same_as"
          ? el("p", { class: "suggestion-actions" },
               el("button", { type: "button", class: "small same-as",
                              onclick: () => openUpdate(draft.id, item.id) },
                  `Link as the same item as ${item.reference}…`))
          : null);
    }));
  }

  // --- moving -----------------------------------------------------------------------------

  function select(id) {
    state.selected = id;
    render();
  }

  function move(step) {
    const drafts = shown();
    const index = drafts.findIndex((d) => d.id === state.selected);
    const next = drafts[index + step];
    if (next) select(next.id);
  }

  function nextPending() {
    const drafts = shown();
    const index = drafts.findIndex((d) => d.id === state.selected);
    const after = [...drafts.slice(index + 1), ...drafts.slice(0, Math.max(index, 0))];
    const next = after.find((d) => d.review_state === "pending");
    if (next) { select(next.id); return; }
    render();
    const left = state.drafts.filter((d) => d.review_state === "pending").length;
    if (left) notice(`No draft these filters show is left to review; ${left} other${left === 1 ? " is" : "s are"} waiting.`);
    else notice("Every draft of this report is decided.");
  }

  // --- deciding ---------------------------------------------------------------------------

  function current(requirePending = true) {
    const draft = byId(state.selected);
    if (!draft) return null;
    if (!state.canDecide) { notice("Deciding needs the reviewer role.", "error"); return null; }
    if (requirePending && draft.review_state !== "pending") {
      notice(`${kindLabel(draft.kind, draft.number)} is already decided; use Change or undo to decide again.`, "error");
      return null;
    }
    return draft;
  }

  // Send a decision on ``draft`` (matching again does not move a draft's version, so a
  // 409 means a person changed it); a 409 duplicate asks whether to link or create a second
  // item.
  async function decide(draft, action, body, message) {
    if (state.busy) return false;
    state.busy = true;
    try {
      const result = await api("POST", `/api/drafts/${draft.id}/${action}`,
                               { version: draft.version, ...body });
      replaceDraft(result.draft);
      state.undo.push(draft.id);
      state.itemFields.clear();  // the tracker changed: the leads suggested may too
      notice(message(result));
      nextPending();
      refreshVisible();
      refreshSoon();
      return true;
    } catch (err) {
      const error = (err.body && err.body.error) || {};
      if (err.code === "duplicate" && action === "accept") {
        render();
        askDuplicate(draft.id, error.existing || null, body);
        return false;
      }
      if (error.current) replaceDraft(error.current);
      render();
      notice(error.current ? whatHappened(draft, error.current, action, error.changes) : err.message, "error");
      if (error.current) refreshVisible();
      return false;
    } finally {
      state.busy = false;
    }
  }

  // The draft's fields a person may change, in words, for saying what changed meanwhile.
  const DRAFT_FIELDS = { text: "text", deadline: "deadline", deadline_text: "deadline",
                         addressees: "addressees", addressees_other: "addressees", kind: "kind",
                         number: "number", status: "status", immediate: "deadline",
                         applies_to_forces: "who it is for", origin: "origin" };

  function changedFields(before, after) {
    const names = [];
    for (const [field, name] of Object.entries(DRAFT_FIELDS)) {
      if (JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null) &&
          !names.includes(name)) names.push(name);
    }
    return names;
  }

  // What happened to a draft while this page held an older copy of it, in plain words:
  // decided by someone else, or changed (which fields, by whom).
  // ``changes`` is the 409's list of what changed since (action, by, at, fields).
  function whatHappened(before, current, action, changes = [],
                        advice = "The page now shows it as it is: check it and decide again.") {
    const name = nameOf(before);
    const verb = { accept: "accepted", reject: "rejected", link: "linked", undo: "put back to review",
                   edit: "saved" }[action] || "decided";
    if (action !== "undo" && current.review_state !== "pending") {
      const state_ = (STATES[current.review_state] || current.review_state).toLowerCase();
      const when = current.reviewed_at ? ` on ${formatDate(current.reviewed_at)}` : "";
      return `${name} was not ${verb}: ${current.reviewed_by || "someone else"} had already ${state_} it${when}. ` +
        "Nothing of yours was saved; the page shows their decision.";
    }
    const fields = changedFields(before, current);
    const last = (changes || [])[(changes || []).length - 1] || null;
    const who = [...new Set((changes || []).map((c) => c.by).filter(Boolean))].join(" and ") || "someone else";
    const when = last && last.at ? ` at ${formatDate(last.at).split(", ").pop()}` : "";
    const what = fields.length ? `changed its ${fields.join(", ")}` : "saved it again";
    return `${name} was not ${verb}: ${who} ${what}${when} while you had it open.` +
      (advice ? ` ${advice}` : "");
  }

  // Read again which drafts the filters let through (after a change that may move a draft
  // in or out of them).
  function refreshVisible() {
    if (!filterQuery()) return;
    loadDrafts().catch(() => {});
  }

  const acceptedMessage = (draft) => (r) =>
    `${kindLabel(draft.kind, draft.number)} accepted as ${r.tracked_item.reference}.`;

  function accept(fields = {}) {
    const draft = current();
    if (!draft) return;
    acceptDraft(draft, fields);
  }

  // Accept, unless the draft looks like an item already tracked: then ask first.
  function acceptDraft(draft, fields = {}) {
    if (!fields.duplicate && strongSameAs(draft)) {
      askDuplicate(draft.id, null, fields);
      return;
    }
    decide(draft, "accept", fields, acceptedMessage(draft));
  }

  // "This looks like HMI-… already tracked": link it as the same item, create a second item
  // on purpose, or cancel. ``existing`` is {id, reference} from the server, or null to take
  // the draft's top suggestion.
  async function askDuplicate(draftId, existing, fields) {
    const draft = byId(draftId);
    if (!draft) return;
    let item = existing;
    let reasons = [];
    const top = sameAs(draft);
    try {
      const suggestions = draft.suggestions.length ? await suggestionsOf(draft) : [];
      const wanted = existing ? existing.id : top && top.tracked_id;
      const found = suggestions.find((s) => s.item && String(s.item.id) === String(wanted));
      if (found) { item = found.item; reasons = found.reasons || []; }
    } catch (err) {
      // Asked without the reasons: the server's answer still names the item.
    }
    if (!item) { decide(draft, "accept", { ...fields, duplicate: true }, acceptedMessage(draft)); return; }
    if (document.querySelector("dialog[open]")) return;
    const dialog = openDialog("duplicate-dialog");
    dialog.dataset.draftId = draft.id;
    dialog.dataset.itemId = item.id;
    dialog.dataset.reference = item.reference;
    dialog.dataset.fields = JSON.stringify(fields || {});
    document.getElementById("duplicate-title").textContent = `This looks like ${item.reference} already tracked`;
    document.getElementById("duplicate-text").textContent =
      `${kindLabel(draft.kind, draft.number)} of this report looks like the same item as ${item.reference}` +
      (item.kind ? ` (${kindLabel(item.kind, item.number)}${item.status ? ", " + statusLabel(item.status).toLowerCase() : ""})` : "") +
      ". Link it as the same item to update that one, or create a second item only if they are different.";
    document.getElementById("duplicate-reasons").replaceChildren(
      ...reasons.map((r) => el("li", {}, plainReason(r, "the tracked item"))));
    document.getElementById("duplicate-link").focus();
  }

  function submitDuplicate(event) {
    event.preventDefault();
    const dialog = document.getElementById("duplicate-dialog");
    const choice = (event.submitter || {}).value || "link";
    const draft = byId(Number(dialog.dataset.draftId));
    const fields = JSON.parse(dialog.dataset.fields || "{}");
    dialog.close();
    if (!draft) return;
    if (choice === "create") {
      decide(draft, "accept", { ...fields, duplicate: true }, (r) =>
        `${kindLabel(draft.kind, draft.number)} accepted as a second item, ${r.tracked_item.reference} (besides ${dialog.dataset.reference}).`);
    } else {
      openUpdate(draft.id, Number(dialog.dataset.itemId));
    }
  }

  // --- linking as the same item: what it would change, to confirm ---------------------------

  function changeLabel(field, change) {
    const [before, after] = change;
    if (field === "status") return `${statusLabel(before)} → ${statusLabel(after)}`;
    if (field === "current_deadline") {
      return `${before ? formatDate(before) : "none"} → ${after ? formatDate(after) : "none"}`;
    }
    return "the item takes this report's wording";
  }

  function wordDiff(diff) {
    const node = el("p", { class: "diff word-diff" });
    for (const part of diff || []) {
      if (part.op === "equal") node.append(part.text, " ");
      else if (part.op === "delete") node.append(el("del", {}, part.text), " ");
      else node.append(el("ins", {}, part.text), " ");
    }
    return node;
  }

  async function openUpdate(draftId, itemId) {
    const draft = byId(draftId);
    if (!draft || !state.canDecide) return;
    if (draft.review_state !== "pending") {
      notice(`${kindLabel(draft.kind, draft.number)} is already decided; use Change or undo to decide again.`, "error");
      return;
    }
    for (const open of document.querySelectorAll("dialog[open]")) open.close();
    const dialog = openDialog("update-dialog");
    dialog.dataset.draftId = draft.id;
    dialog.dataset.itemId = itemId;
    dialog.dataset.ready = "";
    const loading = document.getElementById("update-loading");
    const box = document.getElementById("update-changes-box");
    const nothing = document.getElementById("update-nothing");
    const note = document.getElementById("update-evidence-note");
    const problem = document.getElementById("update-error");
    const confirm = document.getElementById("update-confirm");
    const without = document.getElementById("update-without");
    loading.hidden = false;
    box.hidden = nothing.hidden = note.hidden = problem.hidden = true;
    confirm.disabled = without.disabled = true;
    document.getElementById("update-title").textContent = "Link as the same item";
    document.getElementById("update-quoted").textContent = "";
    let preview;
    try {
      preview = await api("GET", `/api/drafts/${draft.id}/update-preview/${itemId}`);
    } catch (err) {
      loading.hidden = true;
      problem.textContent = err.message;
      problem.hidden = false;
      return;
    }
    if (!dialog.open || Number(dialog.dataset.draftId) !== draft.id) return;
    const item = preview.tracked_item;
    const quoted = preview.quoted_in || {};
    dialog.dataset.reference = item.reference;
    loading.hidden = true;
    document.getElementById("update-title").textContent =
      `Link ${kindLabel(draft.kind, draft.number)} as the same item as ${item.reference}`;
    document.getElementById("update-quoted").textContent =
      `${quoted.report || "This report"}${quoted.published ? ", published " + formatDate(quoted.published) : ""}, ` +
      `quotes it as ${quoted.item || kindLabel(draft.kind, draft.number)}` +
      (quoted.status_quoted_label ? ` with the status ${quoted.status_quoted_label.toLowerCase()}` : "") +
      `. ${item.reference} is tracked as ${statusLabel(item.status).toLowerCase()}.`;
    const fields = Object.keys(preview.changes || {}).filter((f) => CHANGE_NAMES[f]);
    document.getElementById("update-changes").replaceChildren(...fields.map((field) => {
      const id = `update-${field}`;
      return el("li", { "data-field": field },
        el("input", { type: "checkbox", id, name: "update", value: field, checked: true }),
        el("label", { for: id }, el("strong", {}, `${CHANGE_NAMES[field]}: `),
           changeLabel(field, preview.changes[field])),
        field === "text" && preview.diff ? wordDiff(preview.diff) : null);
    }));
    box.hidden = !fields.length;
    nothing.hidden = fields.length > 0;
    nothing.textContent = `This report changes nothing on ${item.reference}: linking records that it was quoted again.`;
    const status = preview.changes.status;
    if (status && ["completed", "closed"].includes(status[1]) && !item.evidence) {
      note.textContent = `${item.reference} has no evidence yet: if its status changes, this report is recorded as the evidence.`;
      note.hidden = false;
    }
    confirm.textContent = fields.length ? "Link and update" : "Link";
    without.hidden = !fields.length;
    confirm.disabled = without.disabled = false;
    dialog.dataset.ready = "yes";
    confirm.focus();
  }

  function submitUpdate(event) {
    event.preventDefault();
    const dialog = document.getElementById("update-dialog");
    if (dialog.dataset.ready !== "yes") return;
    const draft = byId(Number(dialog.dataset.draftId));
    const itemId = Number(dialog.dataset.itemId);
    const reference = dialog.dataset.reference;
    const withChanges = (event.submitter || {}).value !== "none";
    const update = withChanges
      ? [...dialog.querySelectorAll('input[name="update"]:checked')].map((i) => i.value) : [];
    dialog.close();
    if (!draft) return;
    decide(draft, "link", { tracked_item_id: itemId, relation: "same_as", update }, (r) => {
      const changes = r.draft && update.length ? update.map((f) => CHANGE_NAMES[f].toLowerCase()).join(", ") : "";
      return `${kindLabel(draft.kind, draft.number)} linked as the same item as ${reference || r.tracked_item.reference}` +
        (changes ? `; its ${changes} updated from this report.` : "; nothing changed on it.");
    });
  }

  function updateFromReport() {
    const draft = current();
    if (!draft) return;
    const top = sameAs(draft);
    if (!top) {
      notice(`${kindLabel(draft.kind, draft.number)} has no suggestion of being a tracked item: link it with l.`, "error");
      return;
    }
    openUpdate(draft.id, Number(top.tracked_id));
  }

  // --- matching again -------------------------------------------------------------------------

  // Read the drafts again a moment after matching was asked for (it runs in the background).
  function refreshSoon() {
    for (const timer of state.refreshTimers) clearTimeout(timer);
    state.refreshTimers = REFRESH_AFTER.map((ms, n) => setTimeout(async () => {
      try {
        await loadDrafts();
      } catch (err) {
        return;
      }
      if (n === REFRESH_AFTER.length - 1) {
        state.refreshes += 1;
        document.getElementById("review").dataset.refreshed = String(state.refreshes);
      }
    }, ms));
  }

  async function rematch() {
    if (!state.canDecide) { notice("Matching again needs the reviewer role.", "error"); return; }
    try {
      await api("POST", `/api/reports/${state.reportId}/rematch`);
    } catch (err) {
      notice(err.message, "error");
      return;
    }
    notice("Matching this report's drafts again; their suggestions refresh in a moment.");
    refreshSoon();
  }

  async function undo(id) {
    const draftId = id === undefined ? state.undo[state.undo.length - 1] : id;
    if (!state.canDecide) { notice("Deciding needs the reviewer role.", "error"); return; }
    if (draftId === undefined) { notice("Nothing to undo here."); return; }
    const draft = byId(draftId);
    if (!draft || state.busy) return;
    state.busy = true;
    try {
      const result = await api("POST", `/api/drafts/${draft.id}/undo`, { version: draft.version });
      replaceDraft(result.draft);
      state.undo = state.undo.filter((d) => d !== draft.id);
      notice(`${kindLabel(draft.kind, draft.number)} is back to review.`);
      select(draft.id);
      refreshSoon();
    } catch (err) {
      if (err.body && err.body.error && err.body.error.current) replaceDraft(err.body.error.current);
      notice(err.message, "error");
      render();
    } finally {
      state.busy = false;
    }
  }

  function openDialog(id) {
    const dialog = document.getElementById(id);
    dialog.showModal();
    return dialog;
  }

  function openReject() {
    const draft = current();
    if (!draft) return;
    const dialog = openDialog("reject-dialog");
    document.getElementById("reject-other-row").hidden = true;
    document.getElementById("reject-reason").selectedIndex = 0;
    document.getElementById("reject-other").value = "";
    dialog.dataset.draftId = draft.id;
    document.getElementById("reject-reason").focus();
  }

  function submitReject(event) {
    event.preventDefault();
    const dialog = document.getElementById("reject-dialog");
    const draft = byId(Number(dialog.dataset.draftId));
    const choice = document.getElementById("reject-reason").value;
    const reason = choice === "other" ? document.getElementById("reject-other").value.trim() : choice;
    if (!reason) { document.getElementById("reject-other").focus(); return; }
    dialog.close();
    decide(draft, "reject", { reason }, () => `${kindLabel(draft.kind, draft.number)} rejected: ${reason}.`);
  }

  // The edit dialog works on the draft as it was when opened (``editBase``): saving names
  // that version, so a change someone else made meanwhile is never overwritten unseen.
  let editBase = null;
  // The item fields the person changed in the dialog; the others are left to the server,
  // which fills them from the same suggestions (the lead from the PAF area chosen).
  const touched = new Set();
  const FIELD_INPUTS = { paf_area: "edit-paf", chief_officer_lead: "edit-lead", activity_level: "edit-level" };

  const editInputs = () => ({
    text: document.getElementById("edit-text"),
    deadline: document.getElementById("edit-deadline"),
    addressees: document.getElementById("edit-addressees"),
  });

  function editFormValues() {
    const inputs = editInputs();
    return {
      text: inputs.text.value.trim(),
      deadline: inputs.deadline.value || null,
      addressees: [...inputs.addressees.selectedOptions].map((o) => o.value),
    };
  }

  function fillEditForm(draft, keep = {}) {
    const inputs = editInputs();
    inputs.text.value = "text" in keep ? keep.text : draft.text;
    inputs.deadline.value = "deadline" in keep ? (keep.deadline || "")
      : (draft.deadline || draft.proposed_deadline || "");
    const chosen = "addressees" in keep ? keep.addressees : draft.addressees;
    for (const option of inputs.addressees.options) option.selected = chosen.includes(option.value);
  }

  // What the form changes on ``base`` (only the fields that differ).
  function editChanges(base) {
    const values = editFormValues();
    const changes = {};
    if (values.text !== base.text) changes.text = values.text;
    if (values.deadline !== (base.deadline || null) && values.deadline !== base.proposed_deadline) {
      changes.deadline = values.deadline;
    }
    if (values.addressees.join() !== base.addressees.join()) changes.addressees = values.addressees;
    return changes;
  }

  function openEdit() {
    const draft = current();
    if (!draft) return;
    const dialog = openDialog("edit-dialog");
    dialog.dataset.draftId = draft.id;
    editBase = draft;
    for (const button of document.querySelectorAll("#edit-form button[type=submit]")) button.disabled = false;
    document.getElementById("edit-error").hidden = true;
    document.getElementById("edit-conflict").hidden = true;
    fillEditForm(draft);
    document.getElementById("edit-paf").value =
      (draft.paf_suggestion && draft.paf_suggestion.area) || "";
    document.getElementById("edit-lead").value = "";
    document.getElementById("edit-lead").placeholder = "";
    document.getElementById("edit-level").value = "";
    touched.clear();
    for (const id of ["edit-paf-why", "edit-lead-why", "edit-level-why"]) {
      document.getElementById(id).textContent = "";
    }
    fillItemFields(draft);
    document.getElementById("edit-text").focus();
  }

  // The suggested PAF area, Chief Officer lead and activity level, each with why; a field the
  // person has already changed is left as they set it.
  async function fillItemFields(draft) {
    const dialog = document.getElementById("edit-dialog");
    const stateNote = document.getElementById("edit-fields-state");
    const inputs = { paf_area: "edit-paf", chief_officer_lead: "edit-lead", activity_level: "edit-level" };
    const before = Object.fromEntries(Object.entries(inputs).map(([k, id]) => [k, document.getElementById(id).value]));
    stateNote.textContent = "(reading the suggestions…)";
    dialog.dataset.fields = "";
    let fields;
    try {
      fields = await itemFieldsOf(draft);
    } catch (err) {
      stateNote.textContent = `(no suggestions: ${err.message})`;
      dialog.dataset.fields = "none";
      return;
    }
    if (!dialog.open || Number(dialog.dataset.draftId) !== draft.id) return;
    stateNote.textContent = "(suggested; change any of them)";
    for (const [name, id] of Object.entries(inputs)) {
      const input = document.getElementById(id);
      const { value, why } = fields[name];
      if (input.value === before[name] && value !== null && value !== undefined && value !== "") {
        if (input.tagName === "SELECT" && ![...input.options].some((o) => o.value === String(value))) {
          input.append(el("option", { value: String(value) }, fieldText(name, value)));
        }
        input.value = String(value);
      }
      document.getElementById(`${id}-why`).textContent = why;
    }
    dialog.dataset.fields = "ready";
  }

  async function submitEdit(event) {
    event.preventDefault();
    const dialog = document.getElementById("edit-dialog");
    const base = editBase || byId(Number(dialog.dataset.draftId));
    const andAccept = (event.submitter || {}).value !== "save";
    const problem = document.getElementById("edit-error");
    problem.hidden = true;
    const values = editFormValues();
    if (!values.text) { problem.textContent = "The text cannot be empty."; problem.hidden = false; return; }
    const changes = editChanges(base);
    let edited = base;
    try {
      if (Object.keys(changes).length) {
        edited = await api("PATCH", `/api/drafts/${base.id}`, { version: base.version, ...changes });
        replaceDraft(edited);
      }
    } catch (err) {
      const current = err.body && err.body.error && err.body.error.current;
      if (err.status === 409 && current) {
        editConflict(base, current, changes, err.body.error.changes);
      } else {
        problem.textContent = err.message;
        problem.hidden = false;
      }
      return;
    }
    dialog.close();
    editBase = null;
    if (!andAccept) { notice("Draft saved."); render(); return; }
    // What the person set (an emptied field is sent as none); the rest as suggested.
    const fields = {};
    for (const [name, id] of Object.entries(FIELD_INPUTS)) {
      if (!touched.has(name)) continue;
      const value = document.getElementById(id).value.trim();
      fields[name] = value === "" ? null : (name === "activity_level" ? Number(value) : value);
    }
    if (!edited.deadline && edited.proposed_deadline && values.deadline === edited.proposed_deadline) {
      fields.confirm_deadline = true;
    }
    acceptDraft(edited, fields);
  }

  // A field the person changes is theirs. A new PAF area changes the lead that would be
  // suggested, so a lead they left alone is then taken from the area when accepting.
  function itemFieldChanged(name) {
    touched.add(name);
    if (name !== "paf_area" || touched.has("chief_officer_lead")) return;
    const lead = document.getElementById("edit-lead");
    lead.value = "";
    lead.placeholder = "the lead of the PAF area chosen";
    document.getElementById("edit-lead-why").textContent =
      "Accepting takes the lead most often set on tracked items of the PAF area chosen, if any.";
  }

  // Someone changed (or decided) the draft while the dialog was open: the page and the form
  // now show it as it is; this person's edits to fields the other change left alone are kept.
  function editConflict(base, current, mine, changes) {
    replaceDraft(current);
    render();
    const box = document.getElementById("edit-conflict");
    const message = whatHappened(base, current, "edit", changes, "");
    if (current.review_state !== "pending") {
      box.replaceChildren(el("p", { class: "callout-title" }, message));
      box.hidden = false;
      for (const button of document.querySelectorAll("#edit-form button[type=submit]")) button.disabled = true;
      return;
    }
    const keep = {};
    const overtaken = [];
    for (const [field, value] of Object.entries(mine)) {
      if (JSON.stringify(base[field] ?? null) === JSON.stringify(current[field] ?? null)) keep[field] = value;
      else overtaken.push(DRAFT_FIELDS[field] || field);
    }
    const kept = Object.keys(keep).map((field) => DRAFT_FIELDS[field] || field);
    const theirs = changedFields(base, current);
    const list = (names) => names.join(" and ");
    editBase = current;
    fillEditForm(current, keep);
    box.replaceChildren(
      el("p", { class: "callout-title" }, message),
      el("p", {}, (theirs.length ? `The form now shows their ${list(theirs)}` : "The form now shows the draft as it is") +
        (kept.length ? `; your ${list(kept)} ${kept.length === 1 ? "is" : "are"} kept` : "") +
        (overtaken.length ? `; your ${list(overtaken)} ${overtaken.length === 1 ? "was" : "were"} replaced by theirs` : "") +
        ". Check it and save again."));
    box.hidden = false;
    document.getElementById("edit-text").focus();
  }

  function choiceItem(item, key, label) {
    const id = `link-item-${item.id}`;
    return el("li", {},
      el("input", { type: "radio", name: "tracked_item", id, value: item.id, "data-reference": item.reference }),
      el("label", { for: id }, key ? el("kbd", {}, key) : null, key ? " " : "",
         el("strong", {}, item.reference), ` ${kindLabel(item.kind, item.number)} — `,
         item.text.length > 140 ? item.text.slice(0, 140) + "…" : item.text,
         label ? el("span", { class: "muted" }, ` (${label})`) : null));
  }

  async function openLink() {
    const draft = current();
    if (!draft) return;
    const dialog = openDialog("link-dialog");
    dialog.dataset.draftId = draft.id;
    dialog.dataset.ready = "";
    document.getElementById("link-error").hidden = true;
    document.getElementById("link-search").value = "";
    document.getElementById("link-found").replaceChildren();
    for (const radio of dialog.querySelectorAll('input[name="relation"]')) radio.checked = false;
    const choices = document.getElementById("link-choices");
    choices.replaceChildren(el("li", { class: "muted" }, "Loading suggestions…"));
    let suggestions = [];
    try {
      suggestions = draft.suggestions.length ? await suggestionsOf(draft) : [];
    } catch (err) {
      notice(err.message, "error");
    }
    if (!dialog.open || Number(dialog.dataset.draftId) !== draft.id) return;
    const items = suggestions.filter((s) => s.item).slice(0, 9);
    choices.replaceChildren(...items.map((s, i) =>
      choiceItem(s.item, String(i + 1), `suggested: ${RELATIONS[s.relation] || s.relation}, score ${s.score}`)));
    dialog.dataset.ready = "yes";
    if (!items.length) {
      choices.replaceChildren(el("li", { class: "muted" }, "No suggestions: find the item below."));
      document.getElementById("link-search").focus();
    } else {
      // Focus (not choose) the first suggestion, so 1-9 and s/u/d work at once.
      choices.querySelector("input").focus();
    }
  }

  let searchTimer = null;
  function searchItems() {
    clearTimeout(searchTimer);
    const found = document.getElementById("link-found");
    const words = document.getElementById("link-search").value.trim();
    if (words.length < 2) { found.replaceChildren(); found.dataset.words = ""; return; }
    searchTimer = setTimeout(async () => {
      try {
        const data = await api("GET", `/api/tracked-items?limit=10&q=${encodeURIComponent(words)}`);
        if (document.getElementById("link-search").value.trim() !== words) return;
        // An item already among the suggestions is not listed twice: its key is named instead.
        const suggested = new Map([...document.querySelectorAll("#link-choices input")]
          .map((input, i) => [input.value, i + 1]));
        found.replaceChildren(...data.items.map((item) => {
          const key = suggested.get(String(item.id));
          if (!key) return choiceItem(item, null, statusLabel(item.status).toLowerCase());
          return el("li", { class: "already", "data-item-id": item.id },
            el("strong", {}, item.reference), ` is already suggested above: press `, el("kbd", {}, String(key)),
            el("button", { type: "button", class: "small", onclick: () => chooseSuggestion(key) }, `Choose ${key}`));
        }));
        if (!data.items.length) found.replaceChildren(el("li", { class: "muted" }, "No tracked item has those words."));
        found.dataset.words = words;
      } catch (err) {
        found.replaceChildren(el("li", { class: "error" }, err.message));
      }
    }, 250);
  }

  function chooseSuggestion(key) {
    const radio = document.querySelectorAll("#link-choices input")[key - 1];
    if (!radio) return false;
    radio.checked = true;
    radio.focus();
    return true;
  }

  function submitLink(event) {
    event.preventDefault();
    const dialog = document.getElementById("link-dialog");
    const draft = byId(Number(dialog.dataset.draftId));
    const item = dialog.querySelector('input[name="tracked_item"]:checked');
    const relation = dialog.querySelector('input[name="relation"]:checked');
    const problem = document.getElementById("link-error");
    if (!item || !relation) {
      problem.textContent = !item ? "Choose the tracked item." : "Choose how this draft relates to it.";
      problem.hidden = false;
      return;
    }
    dialog.close();
    if (relation.value === "same_as") {  // first see what it would change on the item
      openUpdate(draft.id, Number(item.value));
      return;
    }
    // The message names the item chosen (the one replaced or depended on) and the new item.
    const other = item.dataset.reference;
    const name = nameOf(draft);
    decide(draft, "link", { tracked_item_id: Number(item.value), relation: relation.value }, (r) =>
      relation.value === "supersedes"
        ? `${name} supersedes ${other}: ${other} is now superseded, replaced by the new item ${r.tracked_item.reference}.`
        : `${name} depends on ${other}; it is tracked as the new item ${r.tracked_item.reference}.`);
  }

  // The link dialog's keys. Outside the search box, 1-9 choose a suggestion, s/u/d the
  // relation and Enter links. In the search box they type once something is typed; while it
  // is empty they still choose. Escape closes the dialog, wherever the focus is.
  function linkKeys(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const dialog = document.getElementById("link-dialog");
    const search = document.getElementById("link-search");
    const inSearch = event.target === search;
    if (event.key === "Escape") {
      event.preventDefault();
      dialog.close();
      return;
    }
    if (inSearch && search.value !== "") return;  // typing words to find
    if (/^[1-9]$/.test(event.key)) {
      event.preventDefault();
      if (!chooseSuggestion(Number(event.key))) {
        const count = dialog.querySelectorAll("#link-choices input").length;
        showLinkProblem(count ? `There ${count === 1 ? "is one suggestion" : `are ${count} suggestions`}: press 1${count > 1 ? `–${count}` : ""}.`
                              : "There is no suggestion to choose: find the item by its reference or words.");
      }
      return;
    }
    const relation = { s: "same_as", u: "supersedes", d: "depends_on" }[event.key];
    if (relation) {
      const radio = dialog.querySelector(`input[name="relation"][value="${relation}"]`);
      radio.checked = true;
      radio.focus();
      event.preventDefault();
    } else if (event.key === "Enter" && event.target.tagName !== "BUTTON") {
      event.preventDefault();
      document.getElementById("link-form").requestSubmit();
    }
  }

  function showLinkProblem(message) {
    const problem = document.getElementById("link-error");
    problem.textContent = message;
    problem.hidden = false;
  }

  function bulkCandidates() {
    return ordered().filter((d) => d.review_state === "pending" &&
      d.confidence >= HIGH_CONFIDENCE && !d.suggestions.length && d.match_state !== "failed");
  }

  function openBulk() {
    const drafts = bulkCandidates();
    if (!drafts.length) return;
    const dialog = openDialog("bulk-dialog");
    document.getElementById("bulk-list").replaceChildren(...drafts.map((d) =>
      el("li", {}, `${kindLabel(d.kind, d.number)}: ${d.text.slice(0, 100)}${d.text.length > 100 ? "…" : ""}`)));
    dialog.querySelector("button.primary").focus();
  }

  async function submitBulk(event) {
    event.preventDefault();
    document.getElementById("bulk-dialog").close();
    const drafts = bulkCandidates();
    try {
      const result = await api("POST", `/api/reports/${state.reportId}/drafts/accept`,
                               { drafts: drafts.map((d) => ({ id: d.id, version: d.version })) });
      for (const decision of result.accepted) {
        replaceDraft(decision.draft);
        state.undo.push(decision.draft.id);
      }
      notice(`${result.accepted.length} drafts accepted.`);
      nextPending();
    } catch (err) {
      notice(err.message, "error");
      await loadDrafts();
    }
  }

  // --- keys -------------------------------------------------------------------------------

  function onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    // Just after a dialog closes, the focus can still be on its field for a moment: keys
    // typed then are the page's, not the closed field's.
    const closed = event.target instanceof Element && event.target.closest("dialog:not([open])");
    if (document.querySelector("dialog[open]") || (typingInField(event) && !closed)) return;
    if (event.target instanceof HTMLElement && ["BUTTON", "A", "SUMMARY"].includes(event.target.tagName) &&
        (event.key === " " || event.key === "Enter")) return;  // let the control work
    const actions = {
      a: () => accept(), x: openReject, e: openEdit, l: openLink, u: updateFromReport,
      " ": () => { if (byId(state.selected)) nextPending(); },
      Backspace: () => undo(), j: () => move(1), ArrowDown: () => move(1),
      k: () => move(-1), ArrowUp: () => move(-1), n: () => openAdd(), "?": openHelp,
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  }

  function openHelp() {
    const dialog = document.getElementById("help-dialog");
    if (dialog.open) return;
    dialog.showModal();
    document.getElementById("help-close").focus();
  }

  // --- a report's own actions: add an item, read it again, delete it ----------------------

  function openAdd() {
    if (!state.canDecide) { notice("Adding an item needs the reviewer role.", "error"); return; }
    const draft = byId(state.selected);
    const pageCount = (state.report && state.report.page_count) ||
      Number(document.getElementById("review").dataset.pageCount) || null;
    hmic.addItem.open({
      reportId: state.reportId, page: (draft && draft.page) || 1, pageCount,
      paged: !state.report || !state.report.file_format || state.report.file_format === "pdf",
      onAdded: (added) => {
        state.drafts.push(added);
        state.selected = added.id;
        state.loaded = true;
        render();
        notice(`${kindLabel(added.kind, added.number)} added for review: accept it (a), edit it (e) or link it (l).`);
        loadDrafts().catch(() => {});
      },
    });
  }

  async function retryReport() {
    try {
      const report = await api("POST", `/api/reports/${state.reportId}/retry`);
      state.report = report;
    } catch (err) {
      notice(err.message, "error");
      return;
    }
    notice("The report is being read again.");
    document.getElementById("report-problem").hidden = true;
    loadReport();
  }

  function openDelete() {
    const dialog = openDialog("delete-dialog");
    document.getElementById("delete-error").hidden = true;
    const name = document.getElementById("review").dataset.reportName;
    document.getElementById("delete-title").textContent = `Delete ${name}?`;
    dialog.querySelector("button.danger").focus();
  }

  async function submitDelete(event) {
    event.preventDefault();
    const name = document.getElementById("review").dataset.reportName;
    try {
      await api("DELETE", `/api/reports/${state.reportId}`);
    } catch (err) {
      const problem = document.getElementById("delete-error");
      problem.textContent = err.message;
      problem.hidden = false;
      return;
    }
    hmic.noticeNextPage(`${name} was deleted.`);
    window.location.assign("/");
  }

  function fillVocabulary() {
    const addresseeFilter = document.getElementById("filter-addressee");
    addresseeFilter.append(...state.vocabulary.addressees.map((a) => el("option", { value: a.id }, a.name)));
    const addressees = document.getElementById("edit-addressees");
    if (!addressees) return;
    addressees.replaceChildren(...state.vocabulary.addressees.map((a) => el("option", { value: a.id }, a.name)));
    const paf = document.getElementById("edit-paf");
    paf.append(...state.vocabulary.paf_areas.map((a) => el("option", { value: a.id }, `${a.id} ${a.title}`)));
  }

  document.addEventListener("DOMContentLoaded", () => {
    const root = document.getElementById("review");
    state.reportId = Number(root.dataset.reportId);
    state.canDecide = root.dataset.canDecide === "yes";
    state.vocabulary = hmic.vocabulary();
    fillVocabulary();
    document.addEventListener("keydown", onKey);
    document.getElementById("sort-drafts").addEventListener("change", (event) => {
      state.order = event.target.value;
      render();
    });
    document.getElementById("draft-filters").addEventListener("change", applyFilters);
    document.getElementById("draft-filters").addEventListener("submit", (event) => event.preventDefault());
    document.getElementById("filters-clear").addEventListener("click", clearFilters);
    document.getElementById("filters-clear-2").addEventListener("click", clearFilters);
    document.getElementById("show-help").addEventListener("click", openHelp);
    if (state.canDecide) {
      const on = (id, type, handler) => document.getElementById(id).addEventListener(type, handler);
      on("do-accept", "click", () => accept());
      on("do-reject", "click", openReject);
      on("do-edit", "click", openEdit);
      on("do-link", "click", openLink);
      on("do-skip", "click", () => nextPending());
      on("do-undo", "click", () => undo());
      on("bulk-accept", "click", openBulk);
      on("reject-form", "submit", submitReject);
      on("edit-form", "submit", submitEdit);
      on("link-form", "submit", submitLink);
      on("bulk-form", "submit", submitBulk);
      on("update-form", "submit", submitUpdate);
      on("duplicate-form", "submit", submitDuplicate);
      on("do-update", "click", () => {
        const box = document.getElementById("d-restated");
        const draft = current();
        if (draft && box.dataset.itemId) openUpdate(draft.id, Number(box.dataset.itemId));
      });
      on("rematch", "click", rematch);
      on("add-item", "click", openAdd);
      on("problem-add", "click", openAdd);
      on("retry-report", "click", retryReport);
      on("delete-report", "click", openDelete);
      on("delete-form", "submit", submitDelete);
      on("match-again-inline", "click", rematch);
      on("link-search", "input", searchItems);
      on("link-dialog", "keydown", linkKeys);
      on("reject-reason", "change", (event) => {
        const other = event.target.value === "other";
        document.getElementById("reject-other-row").hidden = !other;
        if (other) document.getElementById("reject-other").focus();
      });
      on("reject-dialog", "keydown", (event) => {
        if (event.key === "Enter" && event.target.tagName === "SELECT") {
          event.preventDefault();
          document.getElementById("reject-form").requestSubmit();
        }
      });
      for (const button of document.querySelectorAll("dialog .cancel")) {
        button.addEventListener("click", () => button.closest("dialog").close());
      }
      on("edit-dialog", "close", () => { editBase = null; });
      for (const [name, id] of Object.entries(FIELD_INPUTS)) {
        on(id, "input", () => itemFieldChanged(name));
        on(id, "change", () => itemFieldChanged(name));
      }
    }
    loadReport();
  });
})();
