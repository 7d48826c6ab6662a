"""Documents other than born-digital PDFs in the browser. Word documents and web pages:
chosen on the Reports page like a PDF, read, and reviewed with the item's paragraph shown
among those around it (they have no pages to show); an item the reading missed is added by
typing it. A scanned letter: read by OCR, its drafts less confident than those of the same
letter born digital, reviewed beside its page image."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.api.test_documents_without_pages import PAGE, write_word
from tests.e2e.conftest import Live, screenshot


def _upload_on_the_page(page: Any, path: Path) -> int:
    page.goto("/")
    page.locator("#upload-file").set_input_files(str(path))
    row = page.locator("#reports-table tbody tr").filter(has_text=path.name)
    row.locator('td[data-status="ready"]').wait_for(timeout=90_000)
    return int(row.get_attribute("id").removeprefix("report-"))


@pytest.mark.parametrize("kind", ["html", "docx"])
def test_a_document_without_pages_is_reviewed_with_its_paragraph_in_context(
        page_for, live: Live, tmp_path: Path, kind: str) -> None:
    if kind == "html":
        path = tmp_path / "custody-revisit.html"
        path.write_text(PAGE, encoding="utf-8")
        words, heading = "within one hour", "Recommendation 1"
    else:
        path = write_word(tmp_path / "vetting-letter.docx")
        words, heading = "renewed before it lapses", "Recommendation 1"
    page = page_for("reviewer")
    report_id = _upload_on_the_page(page, path)
    page.goto(f"/reports/{report_id}")
    page.locator(".draft.selected").wait_for()
    status = page.locator("#report-status")
    assert ("Word document" if kind == "docx" else "web page") in status.inner_text()
    context = page.locator("#context-view")
    context.wait_for(state="visible")
    assert page.locator("#page-view").is_hidden()
    assert page.locator("#source-heading").inner_text() == "Source in the document"
    here = page.locator("#context-blocks .context-item")
    assert words in here.inner_text()
    assert here.get_attribute("aria-current") == "true"
    assert heading in page.locator("#context-path").inner_text()
    assert page.locator("#d-page").inner_text().startswith("Under “")
    screenshot(page, f"review-{kind}")

    # Accepted like any draft.
    page.keyboard.press("a")
    page.locator('.draft[data-state="accepted"]').first.wait_for()

    # A missed item is typed: the dialog has no page to draw on.
    page.locator("#add-item").click()
    dialog = page.locator("#add-dialog")
    dialog.wait_for(state="visible")
    assert dialog.locator("section.add-page").is_hidden()
    dialog.locator("#add-text").fill("The force should publish how it will measure progress.")
    dialog.get_by_role("button", name="Add for review").click()
    dialog.wait_for(state="hidden")
    status_code, body = live.api("GET", f"/api/reports/{report_id}/drafts")
    assert status_code == 200, body
    added = [d for d in body["drafts"] if d["added_by"]]
    assert len(added) == 1 and added[0]["page"] is None


def test_a_scanned_letter_is_read_by_ocr_and_reviewed_beside_its_page(page_for,
                                                                      live: Live) -> None:
    scanned = live.upload("scanned_letter_southdown.pdf")
    digital = live.upload("revisit_letter_southdown.pdf")
    assert scanned["file_format"] == "pdf" and scanned["page_count"] == 3
    drafts = {}
    for report in (scanned, digital):
        status, body = live.api("GET", f"/api/reports/{report['id']}/drafts")
        assert status == 200, body
        drafts[report["id"]] = body["drafts"]
    read, born = drafts[scanned["id"]], drafts[digital["id"]]
    assert [(d["kind"], d["number"], d["page"]) for d in read] == [
        (d["kind"], d["number"], d["page"]) for d in born]
    # Every item read by OCR is less sure than the same item read from the text layer.
    assert all(r["confidence"] < b["confidence"] for r, b in zip(read, born, strict=True))

    page = page_for("reviewer")
    page.goto(f"/reports/{scanned['id']}")
    page.locator(".draft.selected").wait_for()
    assert page.locator("#context-view").is_hidden()
    image = page.locator("#page-image")
    page.wait_for_function(
        "() => { const i = document.getElementById('page-image');"
        " return i.complete && i.naturalWidth > 0 && i.src.endsWith('/page.png'); }")
    assert page.locator("#page-highlight").is_visible()
    assert "Page 1 of 3" in image.get_attribute("alt")
    # The page's text, read by OCR, with the item's first words marked.
    page.locator("#page-text-box summary").click()
    assert "By 31 August 2024" in page.locator("#page-text mark").inner_text()
    screenshot(page, "review-scanned")
