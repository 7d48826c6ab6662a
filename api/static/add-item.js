// Adding an item the reading missed, on the review page: draw a box round its words on the
// report's page (the words under the box fill in), or type them; say what it is; it is then
// a draft to review like the others.
"use strict";

hmic.addItem = (() => {
  const { api, el } = hmic;
  // Below this size (pixels on the screen) a drag is taken as a click, not a box.
  const SMALLEST_BOX = 6;
  const LABELS = [
    [/^\s*recommendations?\s+(\d+[a-z]?)\b[.:]?\s*/i, "recommendation"],
    [/^\s*(?:area for improvement|afi)\s+(\d+[a-z]?)\b[.:]?\s*/i, "area_for_improvement"],
    [/^\s*cause of concern\s+(\d+[a-z]?)\b[.:]?\s*/i, "cause_of_concern"],
  ];

  const $ = (id) => document.getElementById(id);
  let options = null;  // {reportId, page, pageCount, paged, onAdded}
  let drawn = null;    // the box in PDF points on the page: [x0, top, x1, bottom]
  let start = null;    // where the drag began, in pixels on the image
  let regionAsked = 0; // the latest words-under-the-box request (older answers are dropped)

  function page() {
    return Math.max(1, Math.round(Number($("add-page").value) || 1));
  }

  function showPage(number) {
    const count = options.pageCount;
    const wanted = count ? Math.min(Math.max(number, 1), count) : Math.max(number, 1);
    $("add-page").value = wanted;
    $("add-prev").disabled = wanted <= 1;
    $("add-next").disabled = Boolean(count) && wanted >= count;
    $("add-page-count").textContent = count ? `of ${count}` : "";
    clearBox();
    $("add-dialog").dataset.page = "";
    const image = $("add-image");
    $("add-image-problem").hidden = true;
    image.alt = `Page ${wanted} of the report: drag a box round the item's words`;
    image.src = `/reports/${options.reportId}/pages/${wanted}.png`;
  }

  function clearBox() {
    drawn = null;
    start = null;
    $("add-box").hidden = true;
    $("add-dialog").dataset.box = "";
  }

  // The pointer's place on the image, in pixels from its top left corner (kept on the image).
  function point(event) {
    const box = $("add-image").getBoundingClientRect();
    return {
      x: Math.min(Math.max(event.clientX - box.left, 0), box.width),
      y: Math.min(Math.max(event.clientY - box.top, 0), box.height),
      width: box.width, height: box.height,
    };
  }

  function drawBox(a, b) {
    const box = $("add-box");
    const left = Math.min(a.x, b.x);
    const top = Math.min(a.y, b.y);
    box.style.left = `${(left / b.width) * 100}%`;
    box.style.top = `${(top / b.height) * 100}%`;
    box.style.width = `${(Math.abs(b.x - a.x) / b.width) * 100}%`;
    box.style.height = `${(Math.abs(b.y - a.y) / b.height) * 100}%`;
    box.hidden = false;
  }

  function onPointerDown(event) {
    if (event.button !== 0 || !$("add-image").naturalWidth) return;
    event.preventDefault();
    start = point(event);
    $("add-canvas").setPointerCapture(event.pointerId);
    drawBox(start, start);
  }

  function onPointerMove(event) {
    if (!start) return;
    drawBox(start, point(event));
  }

  function onPointerUp(event) {
    if (!start) return;
    const end = point(event);
    const from = start;
    start = null;
    if (Math.abs(end.x - from.x) < SMALLEST_BOX || Math.abs(end.y - from.y) < SMALLEST_BOX) {
      clearBox();
      return;
    }
    // Pixels on the screen → pixels of the page image → PDF points (the drafts' convention).
    const image = $("add-image");
    const scale = Number($("add-dialog").dataset.pageScale) || 1;  // image pixels per point
    const toPoints = image.naturalWidth / end.width / scale;
    const round = (v) => Math.round(v * 10) / 10;
    drawn = [round(Math.min(from.x, end.x) * toPoints), round(Math.min(from.y, end.y) * toPoints),
             round(Math.max(from.x, end.x) * toPoints), round(Math.max(from.y, end.y) * toPoints)];
    $("add-dialog").dataset.box = drawn.join(",");
    readRegion();
  }

  // The words under the box, into the text (the person can still correct them).
  async function readRegion() {
    const asked = ++regionAsked;
    const note = $("add-region-note");
    const [x0, y0, x1, y1] = drawn;
    const pageNumber = page();
    note.textContent = "Reading the words under the box…";
    $("add-dialog").dataset.region = "reading";
    let data;
    try {
      data = await api("GET", `/api/reports/${options.reportId}/region-text?` +
                       new URLSearchParams({ page: pageNumber, x0, y0, x1, y1 }).toString());
    } catch (err) {
      if (asked !== regionAsked) return;
      note.textContent = `The words under the box cannot be read (${err.message}): type them.`;
      $("add-dialog").dataset.region = "failed";
      return;
    }
    if (asked !== regionAsked) return;
    const text = (data.text || "").trim();
    if (!text) {
      note.textContent = "No words were found under the box: draw it round the item's words, or type them.";
    } else {
      $("add-text").value = text;
      guessLabel(text);
      note.textContent = `The words under the box on page ${pageNumber}: correct them if they need it.`;
    }
    $("add-dialog").dataset.region = "read";
  }

  // "Recommendation 5 By 31 March …": the kind and number from the item's label, if it has
  // one and they are not set yet.
  function guessLabel(text) {
    for (const [pattern, kind] of LABELS) {
      const found = text.match(pattern);
      if (!found) continue;
      if (!$("add-number").value) {
        $("add-number").value = found[1];
        $("add-kind").value = kind;
      }
      return;
    }
  }

  function origin() {
    return (document.querySelector('input[name="add-origin"]:checked') || {}).value || "this_report";
  }

  function showProblem(message, focus) {
    const problem = $("add-error");
    problem.textContent = message;
    problem.hidden = false;
    if (focus) $(focus).focus();
  }

  async function submit(event) {
    event.preventDefault();
    const dialog = $("add-dialog");
    if ((event.submitter || {}).value !== "add" && event.submitter) return;
    $("add-error").hidden = true;
    const text = $("add-text").value.trim();
    if (!text) {
      showProblem("Write the item's words, or draw a box round them on the page.", "add-text");
      return;
    }
    const body = { kind: $("add-kind").value, origin: origin(), text };
    if (options.paged !== false) body.page = page();
    const number = $("add-number").value.trim();
    if (number) body.number = number;
    if (drawn) body.bbox = drawn;
    if ($("add-deadline").value) body.deadline = $("add-deadline").value;
    const addressees = [...$("add-addressees").selectedOptions].map((o) => o.value);
    if (addressees.length) body.addressees = addressees;
    if (body.origin === "earlier_report" && $("add-status").value) body.status = $("add-status").value;
    const button = dialog.querySelector("button.primary");
    button.disabled = true;
    let added;
    try {
      added = await api("POST", `/api/reports/${options.reportId}/drafts`, body);
    } catch (err) {
      showProblem(err.message);
      return;
    } finally {
      button.disabled = false;
    }
    dialog.close();
    options.onAdded(added);
  }

  function open(given) {
    options = given;
    const dialog = $("add-dialog");
    $("add-form").reset();
    $("add-error").hidden = true;
    $("add-region-note").textContent = "";
    $("add-status-row").hidden = true;
    dialog.dataset.region = "";
    regionAsked += 1;
    // A Word document or a web page has no pages to draw on: its items are typed.
    const paged = given.paged !== false;
    dialog.querySelector("section.add-page").hidden = !paged;
    $("add-page").required = paged;
    if (paged) showPage(given.page || 1);
    dialog.showModal();
    $("add-text").focus();
  }

  document.addEventListener("DOMContentLoaded", () => {
    const dialog = $("add-dialog");
    if (!dialog) return;  // the page of someone who cannot add items
    $("add-addressees").replaceChildren(...hmic.vocabulary().addressees.map((a) =>
      el("option", { value: a.id }, a.name)));
    const canvas = $("add-canvas");
    canvas.addEventListener("pointerdown", onPointerDown);
    canvas.addEventListener("pointermove", onPointerMove);
    canvas.addEventListener("pointerup", onPointerUp);
    canvas.addEventListener("pointercancel", () => { if (start) clearBox(); });
    $("add-image").addEventListener("load", () => {
      dialog.dataset.page = String(page());
    });
    $("add-image").addEventListener("error", () => {
      dialog.dataset.page = "";
      $("add-image-problem").textContent = `Page ${page()} cannot be shown: the file cannot be ` +
        "read as a PDF, or it has no such page. Type the item's words instead.";
      $("add-image-problem").hidden = false;
    });
    $("add-prev").addEventListener("click", () => showPage(page() - 1));
    $("add-next").addEventListener("click", () => showPage(page() + 1));
    $("add-page").addEventListener("change", () => showPage(page()));
    $("add-page").addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;  // Enter here turns the page; it does not save
      event.preventDefault();
      showPage(page());
    });
    $("add-form").addEventListener("submit", submit);
    for (const radio of document.querySelectorAll('input[name="add-origin"]')) {
      radio.addEventListener("change", () => { $("add-status-row").hidden = origin() !== "earlier_report"; });
    }
  });

  return { open };
})();
