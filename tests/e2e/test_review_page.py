"""A reviewer's whole session in the browser: upload, watch, decide by keyboard, export."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from tests.e2e.conftest import REPO, TRACKER_ROWS, Live, screenshot
from tests.service import wait_for

SAMPLE = "peel_northmoor.pdf"
SUPERSEDED = "NM-2023-AFI-04"


def _drafts(live: Live, report_id: int) -> list[dict[str, Any]]:
    status, body = live.api("GET", f"/api/reports/{report_id}/drafts")
    assert status == 200, body
    return body["drafts"]


def _selected(page: Any) -> int:
    return int(page.locator(".draft.selected").get_attribute("data-id"))


def _wait_state(page: Any, draft_id: int, state: str) -> None:
    page.locator(f'#draft-{draft_id}[data-state="{state}"]').wait_for()


def test_a_reviewer_uploads_reviews_by_keyboard_and_exports(page_for, live: Live) -> None:
    page = page_for("reviewer")
    page.goto("/")
    page.locator("#upload-file").set_input_files(str(REPO / "samples" / SAMPLE))
    page.get_by_text(f"{SAMPLE} is queued for reading").wait_for()
    row = page.locator("#reports-table tbody tr").filter(has_text=SAMPLE)
    row.locator('td[data-status="ready"]').wait_for(timeout=60_000)
    assert "to review" in row.inner_text()
    screenshot(page, "reports")
    row.locator("a.button", has_text="Review").click()

    page.locator(".draft.selected").wait_for()
    report_id = int(page.locator("#review").get_attribute("data-report-id"))
    drafts = _drafts(live, report_id)
    ids = [d["id"] for d in drafts]
    assert len(ids) >= 5 and all(d["review_state"] == "pending" for d in drafts)
    first = drafts[0]
    assert "emergency" in first["text"] and first["suggestions"], first

    # The first draft is shown beside its page, its place marked, with its suggestion and the
    # word-level difference; nothing is chosen for the reviewer.
    assert _selected(page) == ids[0]
    page.locator("#page-highlight:not([hidden])").wait_for()
    page.locator("#suggestions li.suggestion").first.wait_for()
    suggestion = page.locator("#suggestions li.suggestion").first
    assert SUPERSEDED in suggestion.inner_text()
    assert suggestion.locator("ins").count() > 0  # words the new text adds
    assert suggestion.locator(".reasons li").count() > 0
    assert page.locator(".key-hints").is_visible()
    assert "a accept" in " ".join(page.locator(".key-hints").inner_text().split())
    screenshot(page, "review")

    # Skip the first draft, accept the next two, reject the fourth: one key each.
    page.keyboard.press(" ")
    assert _selected(page) == ids[1]
    page.keyboard.press("a")
    _wait_state(page, ids[1], "accepted")
    assert _selected(page) == ids[2]
    page.keyboard.press("a")
    _wait_state(page, ids[2], "accepted")
    page.keyboard.press("x")
    page.locator("#reject-dialog[open]").wait_for()
    page.keyboard.press("Enter")
    _wait_state(page, ids[3], "rejected")

    # Back to the first draft and link it as superseding the imported item: l, 1, u, Enter.
    for _ in range(4):
        page.keyboard.press("k")
    assert _selected(page) == ids[0]
    page.keyboard.press("l")
    page.locator("#link-dialog[open] #link-choices input").first.wait_for()
    checked = page.locator('#link-dialog input[name="tracked_item"]:checked')
    assert checked.count() == 0, "a suggested match must never be pre-selected"
    page.keyboard.press("1")
    page.keyboard.press("u")
    screenshot(page, "review-link")
    page.keyboard.press("Enter")
    _wait_state(page, ids[0], "accepted")
    assert live.item(SUPERSEDED)["status"] == "superseded"
    assert page.locator("#recent li").count() == 4

    # Undo once: the link is withdrawn and the old item is live again.
    page.keyboard.press("Backspace")
    _wait_state(page, ids[0], "pending")
    assert _selected(page) == ids[0]
    wait_for(lambda: live.item(SUPERSEDED)["status"] == "open", 10, "the item to reopen")
    assert page.locator("#recent li").count() == 3

    # Decide it again (the last decisions stay changeable), then check the tracker.
    page.keyboard.press("l")
    page.locator("#link-dialog[open] #link-choices input").first.wait_for()
    page.keyboard.press("1")
    page.keyboard.press("u")
    page.keyboard.press("Enter")
    _wait_state(page, ids[0], "accepted")
    screenshot(page, "review-decided")

    states = {d["id"]: d["review_state"] for d in _drafts(live, report_id)}
    assert [states[i] for i in ids[:4]] == ["accepted", "accepted", "accepted", "rejected"]
    assert all(states[i] == "pending" for i in ids[4:])
    old = live.item(SUPERSEDED)
    assert old["status"] == "superseded" and old["superseded_by_id"] is not None

    # Export the tracker as CSV from the tracked items page and read its rows.
    page.goto("/items")
    page.locator("#items-table tbody tr").first.wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = {row["Reference"]: row for row in csv.DictReader(io.StringIO(text))}
    texts = {row["Inspectorate text"]: row for row in rows.values()}
    for draft in drafts[:3]:
        assert draft["text"] in texts, draft["text"]
    assert drafts[3]["text"] not in texts  # rejected: never enters the tracker
    new_reference = texts[first["text"]]["Reference"]
    assert rows[SUPERSEDED]["Status"] == "Superseded"
    assert rows[SUPERSEDED]["Superseded by (reference)"] == new_reference
    report = live.api("GET", f"/api/reports/{report_id}")[1]
    source = report["title"] or report["file_name"]
    assert len([r for r in rows.values() if r["Source report"] == source]) == 3  # accepted
    assert {row["Reference"] for row in TRACKER_ROWS} <= set(rows)  # and the imported items
    assert len(rows) == live.api("GET", "/api/tracked-items?limit=1")[1]["total"]

    # The report's plenary pack shows the decided superseding beside the first item.
    page.goto(f"/reports/{report_id}/pack")
    first_row = page.locator("tr", has_text=first["text"][:60]).first
    first_row.wait_for()
    assert SUPERSEDED in first_row.inner_text()


def test_a_report_that_cannot_be_read_shows_why(page_for, live: Live, tmp_path) -> None:
    from reportlab.pdfgen import canvas

    scanned = tmp_path / "scanned-report.pdf"
    drawing = canvas.Canvas(str(scanned))
    drawing.rect(72, 72, 400, 600, fill=1)  # a page with a picture and no text layer
    drawing.showPage()
    drawing.save()

    page = page_for("reviewer")
    page.goto("/")
    page.locator("#upload-file").set_input_files(str(scanned))
    row = page.locator("#reports-table tbody tr").filter(has_text="scanned-report.pdf")
    row.locator('td[data-status="failed"]').wait_for(timeout=60_000)
    reason = row.locator(".error").inner_text()
    assert "text" in reason.lower(), reason


def test_a_file_that_is_not_a_pdf_is_refused_on_the_page(page_for, tmp_path) -> None:
    notes = tmp_path / "minutes.pdf"
    notes.write_text("Minutes of the meeting\n")
    page = page_for("reviewer")
    page.goto("/")
    page.locator("#upload-file").set_input_files(str(notes))
    status = page.locator("#upload-status")
    status.filter(has_text="not a PDF").wait_for()
    assert page.locator("#reports-table tbody tr").filter(has_text="minutes.pdf").count() == 0


def test_a_dropped_file_is_uploaded(page_for, live: Live) -> None:
    page = page_for("reviewer")
    page.goto("/")
    content = list((REPO / "samples" / "custody_eastfield.pdf").read_bytes())
    handle = page.evaluate_handle(
        """(bytes) => {
            const transfer = new DataTransfer();
            const file = new File([new Uint8Array(bytes)], "custody_eastfield.pdf",
                                  { type: "application/pdf" });
            transfer.items.add(file);
            return transfer;
        }""", content)
    page.dispatch_event("#upload", "drop", {"dataTransfer": handle})
    row = page.locator("#reports-table tbody tr").filter(has_text="custody_eastfield.pdf")
    row.locator('td[data-status="ready"]').wait_for(timeout=60_000)


def test_drafts_can_be_sorted_by_confidence_and_bulk_accepted(page_for, live: Live) -> None:
    report = live.upload("thematic_mental_health.pdf")
    page = page_for("reviewer")
    page.goto(f"/reports/{report['id']}")
    page.locator(".draft.selected").wait_for()
    drafts = _drafts(live, report["id"])

    page.get_by_label("Order").select_option("confidence")
    shown = [int(i) for i in page.locator(".draft").evaluate_all(
        "items => items.map(i => i.dataset.id)")]
    by_confidence = sorted(drafts, key=lambda d: (d["confidence"], d["position"]))
    assert shown == [d["id"] for d in by_confidence]

    eligible = [d for d in drafts if d["confidence"] >= 0.9 and not d["suggestions"]
                and d["match_state"] != "failed"]
    button = page.locator("#bulk-accept")
    assert button.inner_text().startswith(f"Accept {len(eligible)} ")
    if not eligible:
        assert button.is_disabled()
        return
    button.click()
    page.locator("#bulk-dialog[open]").wait_for()
    assert page.locator("#bulk-list li").count() == len(eligible)
    page.get_by_role("button", name="Accept all").click()
    for draft in eligible:
        _wait_state(page, draft["id"], "accepted")
    states = {d["id"]: d["review_state"] for d in _drafts(live, report["id"])}
    assert {i for i, s in states.items() if s == "accepted"} == {d["id"] for d in eligible}
    assert button.is_disabled()


def test_a_draft_is_edited_and_accepted_with_its_paf_area_and_lead(page_for, live: Live) -> None:
    report = live.upload("boxed_vetting.pdf")
    page = page_for("reviewer")
    page.goto(f"/reports/{report['id']}")
    page.locator(".draft.selected").wait_for()
    draft = _drafts(live, report["id"])[0]

    page.keyboard.press("e")
    page.locator("#edit-dialog[open]").wait_for()
    text = page.get_by_label("Text")
    text.fill(draft["text"] + " It should report progress to the chief officer group.")
    page.get_by_label("Deadline").fill("2027-06-30")
    page.get_by_label("PAF area").select_option("2c")
    page.get_by_label("Chief Officer lead").fill("Deputy Chief Constable")
    page.get_by_role("button", name="Save and accept").click()
    _wait_state(page, draft["id"], "edited")

    status, body = live.api("GET", f"/api/drafts/{draft['id']}")
    assert status == 200 and body["review_state"] == "edited"
    item = live.api("GET", f"/api/tracked-items/{body['tracked_item_id']}")[1]
    assert item["text"].endswith("to the chief officer group.")
    assert item["current_deadline"] == "2027-06-30"
    assert item["paf_area"] == "2c" and item["chief_officer_lead"] == "Deputy Chief Constable"
