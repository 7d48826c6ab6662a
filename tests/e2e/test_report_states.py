"""Reports in the browser beyond the happy path: several files uploaded at once, each with its
own progress; a report that cannot be read offers to read it again, to add its items, to
open the PDF and to delete it, instead of keys and buttons that would do nothing."""

from __future__ import annotations

from pathlib import Path

from tests.builders.samples import corrupt_pdf
from tests.e2e.conftest import Live, distinct_copy, screenshot
from tests.service import wait_for


def test_several_files_are_uploaded_at_once_and_a_corrupt_one_is_read_again_then_deleted(
        page_for, live: Live, tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt-report.pdf"
    corrupt.write_bytes(corrupt_pdf())
    good = distinct_copy("landscape_roads.pdf", tmp_path, "together")
    notes = tmp_path / "notes.txt"
    notes.write_text("Not a report\n")

    page = page_for("reviewer")
    page.goto("/")
    assert page.locator("#upload-file").get_attribute("multiple") is not None
    page.locator("#upload-file").set_input_files([str(corrupt), str(good), str(notes)])

    # Each file has its own entry: sent, then read, or refused by the service for what its
    # content is (never for its name).
    entries = page.locator("#upload-status li.upload")
    assert entries.count() == 3
    page.locator('#upload-status li.upload[data-file="notes.txt"][data-state="refused"]'
                 ).wait_for()
    refused = entries.filter(has_text="notes.txt")
    assert "notes.txt: the file is not a PDF" in refused.inner_text()
    assert "it looks like a plain text file" in refused.inner_text()
    for path in (corrupt, good):
        entry = page.locator(f'#upload-status li.upload[data-file="{path.name}"]')
        assert entry.locator("progress").count() == 1
        entry.get_by_text(f"{path.name} is queued for reading").wait_for()
    bad = page.locator(f'#upload-status li.upload[data-file="{corrupt.name}"]')
    ready = page.locator(f'#upload-status li.upload[data-file="{good.name}"]')
    page.locator(f'#upload-status li[data-file="{corrupt.name}"][data-report="failed"]'
                 ).wait_for(timeout=60_000)
    page.locator(f'#upload-status li[data-file="{good.name}"][data-report="ready"]'
                 ).wait_for(timeout=60_000)
    assert "Reading failed" in bad.inner_text()
    assert "drafts to review" in ready.inner_text()
    assert ready.locator("progress").evaluate("p => p.value === p.max")
    for path in (corrupt, good):
        assert page.locator("#reports-table tbody tr").filter(has_text=path.name).count() == 1
    screenshot(page, "reports-several")

    # The failed report: why, and what can be done; no keys or decision buttons.
    bad.get_by_role("link", name="Open").click()
    panel = page.locator("#report-problem")
    panel.wait_for()
    report_id = int(page.locator("#review").get_attribute("data-report-id"))
    failed = live.get(f"/api/reports/{report_id}")
    assert failed["status"] == "failed"
    assert "could not be read" in panel.inner_text()
    assert failed["error"] in panel.inner_text()
    for name in ("Read it again", "Add an item", "Delete this report"):
        assert panel.get_by_role("button", name=name).is_visible(), name
    assert panel.get_by_role("link", name="Open the PDF").is_visible()
    assert page.locator("#key-hints").is_hidden()
    assert page.locator(".review-grid").is_hidden()
    assert page.locator("#sort-drafts").is_hidden() and page.locator("#bulk-accept").is_hidden()
    screenshot(page, "review-failed")

    # Read it again: queued and read again (and, being corrupt, failing again).
    with page.expect_response(lambda r: r.url.endswith(f"/api/reports/{report_id}/retry")
                              ) as retried:
        panel.get_by_role("button", name="Read it again").click()
    assert retried.value.status == 202
    assert retried.value.json()["status"] == "queued"
    wait_for(lambda: live.get(f"/api/reports/{report_id}")["status"] == "failed", 60,
             "the report to be read again")
    events = [e["action"] for e in live.get(f"/api/reports/{report_id}/audit")["events"]]
    assert "retry_report" in events
    # The page hides what it showed when it is told, and shows the new outcome once read.
    page.locator("#notice").filter(has_text="being read again").wait_for()
    panel.get_by_role("button", name="Read it again").wait_for()
    assert "could not be read" in panel.inner_text()
    assert page.locator("#report-status").inner_text().startswith("Reading failed")

    # Delete it: asked first, then gone, and said so on the reports page.
    panel.get_by_role("button", name="Delete this report").click()
    dialog = page.locator("#delete-dialog[open]")
    dialog.wait_for()
    assert corrupt.name in dialog.get_by_role("heading").inner_text()
    dialog.get_by_role("button", name="Delete the report").click()
    page.wait_for_url(f"{live.url}/")
    page.locator("#notice").filter(has_text=f"{corrupt.name} was deleted").wait_for()
    assert live.api("GET", f"/api/reports/{report_id}")[0] == 404
    page.locator("#reports-table tbody tr").first.wait_for()
    assert page.locator("#reports-table tbody tr").filter(has_text=corrupt.name).count() == 0
