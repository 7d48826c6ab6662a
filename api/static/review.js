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

  const state = {
    reportId: null, canDecide: false, drafts: [], order: "position", selected: null,
    undo: [], sources: new Map(), suggestions: new Map(), vocabulary: null, busy: false,
    items: new Map(), refreshTimers: [], refreshes: 0, loaded: false,
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
    if (report.status === "failed") {
      status.textContent = `Reading failed: ${report.error}`;
      status.className = "error";
      return;
    }
    if (report.status !== "ready") {
      status.textContent = `${report.status === "queued" ? "Queued" : "Processing"}: ${report.progress.summary}`;
      setTimeout(loadReport, POLL_MS);
      return;
    }
    status.textContent = `Ready · ${report.page_count || "?"} pages · published ${formatDate(report.published) || "date unknown"}`;
    await loadDrafts();
  }

  async function loadDrafts() {
    const data = await api("GET", `/api/reports/${state.reportId}/drafts`);
    const same = JSON.stringify(data.drafts) === JSON.stringify(state.drafts);
    state.drafts = data.drafts;
    if (state.selected === null || !byId(state.selected)) {
      const first = ordered().find((d) => d.review_state === "pending") || ordered()[0];
      state.selected = first ? first.id : null;
    }
    if (!same || !state.loaded) render();
    state.loaded = true;
  }

  // --- rendering --------------------------------------------------------------------------

  function render() {
    renderList();
    renderRecent();
    renderCounts();
    renderDetail();
  }

  function renderCounts() {
    const pending = state.drafts.filter((d) => d.review_state === "pending").length;
    document.getElementById("draft-counts").textContent =
      `${pending} of ${state.drafts.length} to review`;
    document.getElementById("no-drafts").hidden = state.drafts.length > 0;
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
    const items = ordered().map((draft) => {
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

  function renderRecent() {
    const decided = state.drafts.filter((d) => d.review_state !== "pending" && d.reviewed_at)
      .sort((a, b) => b.reviewed_at.localeCompare(a.reviewed_at) || b.id - a.id)
      .slice(0, RECENT);
    const list = document.getElementById("recent");
    list.replaceChildren(...decided.map((draft) => el("li", { "data-id": draft.id },
      el("a", { href: "#", onclick: (e) => { e.preventDefault(); select(draft.id); } },
         kindLabel(draft.kind, draft.number)),
      ` ${(STATES[draft.review_state] || draft.review_state).toLowerCase()}`,
      state.canDecide
        ? el("button", { type: "button", class: "small", "aria-label": `Change the decision on ${kindLabel(draft.kind, draft.number)}`,
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
    document.getElementById("d-page").textContent = `Page ${draft.page}`;
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
    const drafts = ordered();
    const index = drafts.findIndex((d) => d.id === state.selected);
    const next = drafts[index + step];
    if (next) select(next.id);
  }

  function nextPending() {
    const drafts = ordered();
    const index = drafts.findIndex((d) => d.id === state.selected);
    const after = [...drafts.slice(index + 1), ...drafts.slice(0, Math.max(index, 0))];
    const next = after.find((d) => d.review_state === "pending");
    if (next) select(next.id);
    else { render(); notice("Every draft of this report is decided."); }
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
      notice(message(result));
      nextPending();
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
      notice(err.message, "error");
      render();
      return false;
    } finally {
      state.busy = false;
    }
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

  function openEdit() {
    const draft = current();
    if (!draft) return;
    const dialog = openDialog("edit-dialog");
    dialog.dataset.draftId = draft.id;
    document.getElementById("edit-error").hidden = true;
    document.getElementById("edit-text").value = draft.text;
    document.getElementById("edit-deadline").value = draft.deadline || draft.proposed_deadline || "";
    const addressees = document.getElementById("edit-addressees");
    for (const option of addressees.options) option.selected = draft.addressees.includes(option.value);
    document.getElementById("edit-paf").value =
      (draft.paf_suggestion && draft.paf_suggestion.area) || "";
    document.getElementById("edit-lead").value = "";
    document.getElementById("edit-text").focus();
  }

  async function submitEdit(event) {
    event.preventDefault();
    const dialog = document.getElementById("edit-dialog");
    const draft = byId(Number(dialog.dataset.draftId));
    const andAccept = (event.submitter || {}).value !== "save";
    const problem = document.getElementById("edit-error");
    const text = document.getElementById("edit-text").value.trim();
    if (!text) { problem.textContent = "The text cannot be empty."; problem.hidden = false; return; }
    const changes = {};
    if (text !== draft.text) changes.text = text;
    const deadline = document.getElementById("edit-deadline").value || null;
    if (deadline !== (draft.deadline || null) && deadline !== draft.proposed_deadline) changes.deadline = deadline;
    const chosen = [...document.getElementById("edit-addressees").selectedOptions].map((o) => o.value);
    if (chosen.join() !== draft.addressees.join()) changes.addressees = chosen;
    let edited = draft;
    try {
      if (Object.keys(changes).length) {
        edited = await api("PATCH", `/api/drafts/${draft.id}`, { version: draft.version, ...changes });
        replaceDraft(edited);
      }
    } catch (err) {
      problem.textContent = err.message;
      problem.hidden = false;
      return;
    }
    dialog.close();
    if (!andAccept) { notice("Draft saved."); render(); return; }
    const fields = {};
    const paf = document.getElementById("edit-paf").value;
    const lead = document.getElementById("edit-lead").value.trim();
    if (paf) fields.paf_area = paf;
    if (lead) fields.chief_officer_lead = lead;
    if (!edited.deadline && edited.proposed_deadline && deadline === edited.proposed_deadline) {
      fields.confirm_deadline = true;
    }
    acceptDraft(edited, fields);
  }

  function choiceItem(item, key, label) {
    const id = `link-item-${item.id}`;
    return el("li", {},
      el("input", { type: "radio", name: "tracked_item", id, value: item.id }),
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
    const items = suggestions.filter((s) => s.item).slice(0, 9);
    choices.replaceChildren(...items.map((s, i) =>
      choiceItem(s.item, String(i + 1), `suggested: ${RELATIONS[s.relation] || s.relation}, score ${s.score}`)));
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
    searchTimer = setTimeout(async () => {
      const words = document.getElementById("link-search").value.trim();
      const found = document.getElementById("link-found");
      if (words.length < 2) { found.replaceChildren(); return; }
      try {
        const data = await api("GET", `/api/tracked-items?limit=10&q=${encodeURIComponent(words)}`);
        const shown = new Set([...document.querySelectorAll("#link-choices input")].map((i) => i.value));
        found.replaceChildren(...data.items.filter((i) => !shown.has(String(i.id)))
          .map((item) => choiceItem(item, null, item.status)));
        if (!data.items.length) found.replaceChildren(el("li", { class: "muted" }, "No tracked item has those words."));
      } catch (err) {
        found.replaceChildren(el("li", { class: "error" }, err.message));
      }
    }, 250);
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
    decide(draft, "link", { tracked_item_id: Number(item.value), relation: relation.value }, (r) =>
      `${kindLabel(draft.kind, draft.number)} ${RELATIONS[relation.value]} ${r.tracked_item.reference}.`);
  }

  function linkKeys(event) {
    if (event.target.id === "link-search" || event.ctrlKey || event.metaKey || event.altKey) return;
    const dialog = document.getElementById("link-dialog");
    if (/^[1-9]$/.test(event.key)) {
      const radio = dialog.querySelectorAll("#link-choices input")[Number(event.key) - 1];
      if (radio) { radio.checked = true; radio.focus(); event.preventDefault(); }
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
    if (document.querySelector("dialog[open]") || typingInField(event)) return;
    if (event.target instanceof HTMLElement && ["BUTTON", "A", "SUMMARY"].includes(event.target.tagName) &&
        (event.key === " " || event.key === "Enter")) return;  // let the control work
    const actions = {
      a: () => accept(), x: openReject, e: openEdit, l: openLink, u: updateFromReport,
      " ": () => { if (byId(state.selected)) nextPending(); },
      Backspace: () => undo(), j: () => move(1), ArrowDown: () => move(1),
      k: () => move(-1), ArrowUp: () => move(-1),
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  }

  function fillVocabulary() {
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
    }
    loadReport();
  });
})();
