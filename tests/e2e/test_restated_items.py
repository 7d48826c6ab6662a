"""Items a report quotes again, in the browser: a progress report's earlier recommendation
updates the item already tracked (on SQLite and on PostgreSQL), accepting a draft that is
already tracked asks first, the update preview takes only the ticked changes, and drafts of
one report that depend on each other point to each other."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.builders.reports import ReportPdf
from tests.e2e.conftest import Live, open_draft, screenshot, start_live, wait_for_state
from tests.service import wait_for

PROGRESS = "progress_stalking.pdf"  # quotes WM-2023-REC-01, -02 and -04 (conftest.py)


def _total(live: Live) -> int:
    return live.get("/api/tracked-items?limit=1")["total"]


def _draft(live: Live, report_id: int, number: str, origin: str = "earlier_report"
           ) -> dict[str, Any]:
    drafts = [d for d in live.get(f"/api/reports/{report_id}/drafts")["drafts"]
              if d["kind"] == "recommendation" and d["number"] == number
              and d["origin"] == origin]
    assert len(drafts) == 1, drafts
    return drafts[0]


def _events(live: Live, item_id: int, action: str) -> list[dict[str, Any]]:
    events = live.get(f"/api/tracked-items/{item_id}/history")["events"]
    return [e for e in events if e["action"] == action]


def test_an_earlier_item_quoted_again_updates_the_tracked_item(page_for, any_live: Live
                                                               ) -> None:
    live = any_live
    report = live.upload(PROGRESS)
    tracked = live.item("WM-2023-REC-01")
    assert tracked["status"] == "in_progress" and not tracked["evidence"]
    draft = _draft(live, report["id"], "1")
    top = draft["suggestions"][0]
    assert (top["tracked_id"], top["relation"]) == (tracked["id"], "same_as"), top

    page = page_for("reviewer", on=live)
    open_draft(page, report["id"], draft["id"])
    listed = page.locator(f"#draft-{draft['id']}")
    assert listed.locator(".origin").inner_text() == "Quoted from an earlier report"
    assert "status completed" in listed.inner_text()
    assert page.locator("#d-origin").inner_text() == "Quoted from an earlier report"

    # Shown as what it is: the earlier item quoted again, updating it the main action.
    callout = page.locator("#d-restated:not([hidden])")
    callout.wait_for()
    assert "An earlier item quoted again: it looks like WM-2023-REC-01" in callout.inner_text()
    assert "tracked as in progress" in callout.inner_text()
    assert "gives its status as completed" in callout.inner_text()
    page.get_by_role("button", name="Update WM-2023-REC-01 from this report").click()

    dialog = page.locator('#update-dialog[data-ready="yes"]')
    dialog.wait_for()
    changes = dialog.locator("#update-changes li[data-field]")
    assert changes.count() == 1  # the wording and the deadline are as tracked
    status = changes.first
    assert status.get_attribute("data-field") == "status"
    assert "Status: In progress → Completed" in status.inner_text()
    assert status.get_by_role("checkbox").is_checked()
    assert "has no evidence yet" in dialog.locator("#update-evidence-note").inner_text()
    backend = "postgresql" if live.env["DATABASE_URL"].startswith("postgresql") else "sqlite"
    screenshot(page, f"review-update-preview-{backend}")
    dialog.get_by_role("button", name="Link and update").click()
    wait_for_state(page, draft["id"], "linked")

    # The API shows the update and where it came from.
    item = live.get(f"/api/tracked-items/{tracked['id']}")
    assert item["status"] == "completed"
    assert item["version"] == tracked["version"] + 1
    assert report["title"] in item["evidence"]  # the report recorded as the evidence
    assert live.get(f"/api/drafts/{draft['id']}")["tracked_item_id"] == tracked["id"]
    [event] = _events(live, tracked["id"], "restated_in_report")
    assert event["after"]["quoted_in"]["item"] == "Recommendation 1"
    assert event["after"]["quoted_in"]["report"] == report["title"]
    assert event["after"]["changes"] == {"status": ["in_progress", "completed"]}

    # The item page says the same, in words.
    page.goto(f"/items/{tracked['id']}")
    page.locator("#item[data-loaded]").wait_for(state="attached")
    assert page.locator("#i-status-badge").inner_text() == "Completed"
    assert report["title"] in page.locator("#i-evidence").inner_text()
    entry = page.locator('#history tr[data-action="restated_in_report"]')
    assert entry.count() == 1
    words = " ".join(entry.inner_text().split())
    assert f"Restated in {report['title']} (Recommendation 1)" in words
    assert "status In progress → Completed" in words

    # And the reconciliation page lists it among the items later reports restated.
    page.goto("/reconciliation")
    page.locator("main[data-loaded]").wait_for(state="attached")
    expected = live.get("/api/reconciliation")
    rows = page.locator("#restated-table tbody tr[data-draft-id]")
    assert rows.count() == expected["counts"]["restated"] == len(expected["restated"])
    row = page.locator(f'#restated-table tr[data-draft-id="{draft["id"]}"]')
    assert "WM-2023-REC-01" in row.inner_text()
    assert "status In progress → Completed" in row.inner_text()


def test_accepting_a_draft_already_tracked_asks_first(page_for, live: Live) -> None:
    report = live.upload(PROGRESS)
    draft = _draft(live, report["id"], "2")
    tracked = live.item("WM-2023-REC-02")
    top = draft["suggestions"][0]
    assert (top["tracked_id"], top["relation"], top["band"]) == (
        tracked["id"], "same_as", "suggest_link")
    before = _total(live)

    page = page_for("reviewer")
    open_draft(page, report["id"], draft["id"])
    page.keyboard.press("a")
    dialog = page.locator("#duplicate-dialog[open]")
    dialog.wait_for()
    assert dialog.get_by_role("heading").inner_text() == \
        "This looks like WM-2023-REC-02 already tracked"
    assert page.evaluate("document.activeElement.id") == "duplicate-link"
    screenshot(page, "review-duplicate-ask")
    page.keyboard.press("Escape")  # cancels: nothing is created
    dialog.wait_for(state="detached")
    assert live.get(f"/api/drafts/{draft['id']}")["review_state"] == "pending"
    assert _total(live) == before

    # The server asks too: a page that does not know the suggestion is told 409 duplicate.
    def without_suggestions(route: Any) -> None:
        response = route.fetch()
        data = response.json()
        for entry in data["drafts"]:
            entry["suggestions"] = []
        route.fulfill(response=response, json=data)

    drafts_url = f"**/api/reports/{report['id']}/drafts"
    page.route(drafts_url, without_suggestions)
    open_draft(page, report["id"], draft["id"])
    assert page.locator("#d-restated").is_hidden()
    with page.expect_response(lambda r: r.url.endswith(f"/drafts/{draft['id']}/accept")) as info:
        page.keyboard.press("a")
    assert info.value.status == 409
    assert info.value.json()["error"]["existing"]["reference"] == "WM-2023-REC-02"
    dialog.wait_for()
    assert "WM-2023-REC-02" in dialog.get_by_role("heading").inner_text()
    dialog.get_by_role("button", name="Cancel").click()
    dialog.wait_for(state="detached")
    page.unroute(drafts_url)
    assert _total(live) == before

    # Chosen on purpose, a second item is made.
    open_draft(page, report["id"], draft["id"])
    page.keyboard.press("a")
    dialog.wait_for()
    dialog.get_by_role("button", name="Create a second item").click()
    wait_for_state(page, draft["id"], "accepted")
    decided = live.get(f"/api/drafts/{draft['id']}")
    assert decided["tracked_item_id"] not in (None, tracked["id"])
    assert _total(live) == before + 1
    assert live.item("WM-2023-REC-02") == tracked  # left as it was

    # Undone, then linked as the same item without taking anything from the report.
    page.locator(f"#draft-{draft['id']}").click()
    page.keyboard.press("Backspace")
    wait_for_state(page, draft["id"], "pending")
    assert _total(live) == before
    page.keyboard.press("a")
    dialog.wait_for()
    dialog.get_by_role("button", name="Link as the same item (update it)").click()
    preview = page.locator('#update-dialog[data-ready="yes"]')
    preview.wait_for()
    assert "Status: Open → In progress" in preview.locator(
        'li[data-field="status"]').inner_text()
    preview.get_by_role("button", name="Link without changes").click()
    wait_for_state(page, draft["id"], "linked")
    item = live.get(f"/api/tracked-items/{tracked['id']}")
    assert item["status"] == "open" and item["version"] == tracked["version"]
    [event] = _events(live, tracked["id"], "restated_in_report")
    assert event["after"]["changes"] == {}
    assert event["after"]["not_taken"] == {"status": ["open", "in_progress"]}
    assert _total(live) == before


def test_the_update_preview_takes_only_the_ticked_changes(page_for, live: Live) -> None:
    report = live.upload(PROGRESS)
    draft = _draft(live, report["id"], "4")
    tracked = live.item("WM-2023-REC-04")
    assert tracked["status"] == "completed" and draft["status"] == "incomplete"

    page = page_for("reviewer")
    open_draft(page, report["id"], draft["id"])
    # By keyboard, from the link dialog: l, 1 (the suggestion), s (same item), Enter.
    page.keyboard.press("l")
    page.locator("#link-dialog[open] #link-choices input").first.wait_for()
    page.keyboard.press("1")
    page.keyboard.press("s")
    page.keyboard.press("Enter")
    dialog = page.locator('#update-dialog[data-ready="yes"]')
    dialog.wait_for()
    fields = dialog.locator("#update-changes li[data-field]")
    assert fields.evaluate_all("items => items.map(i => i.dataset.field)") == [
        "status", "current_deadline", "text"]
    assert all(box.is_checked() for box in dialog.get_by_role("checkbox").all())
    assert "Status: Completed → Open" in fields.nth(0).inner_text()
    assert "Deadline: 31 Mar 2024 → 30 Jun 2024" in fields.nth(1).inner_text()
    wording = fields.nth(2)
    assert wording.locator("del").all_inner_texts() and wording.locator("ins").all_inner_texts()
    assert "joint" in " ".join(wording.locator("ins").all_inner_texts())

    dialog.get_by_label("Status: Completed → Open").uncheck()
    screenshot(page, "review-update-unticked")
    dialog.get_by_role("button", name="Link and update").click()
    wait_for_state(page, draft["id"], "linked")

    item = live.get(f"/api/tracked-items/{tracked['id']}")
    assert item["status"] == "completed"  # unticked: left as tracked
    assert item["current_deadline"] == "2024-06-30"
    assert item["text"] == draft["text"]
    assert item["evidence"] == tracked["evidence"]
    [event] = _events(live, tracked["id"], "restated_in_report")
    assert set(event["after"]["changes"]) == {"current_deadline", "text"}
    assert event["after"]["not_taken"] == {"status": ["completed", "open"]}

    page.goto(f"/items/{tracked['id']}")
    page.locator("#item[data-loaded]").wait_for(state="attached")
    words = " ".join(page.locator('#history tr[data-action="restated_in_report"]')
                     .inner_text().split())
    assert "deadline 31 Mar 2024 → 30 Jun 2024" in words
    assert "Left as tracked: status Completed → Open" in words
    assert page.locator("#i-text").inner_text() == draft["text"]


# --- drafts of one report that depend on each other, and matching again ----------------------

@pytest.fixture(scope="module")
def empty_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The service with nothing tracked yet."""
    directory = tmp_path_factory.mktemp("live-empty")
    with start_live(directory, f"sqlite:///{directory / 'tracker.db'}", tracker=()) as service:
        yield service


def _guidance_report(path: Path) -> Path:
    """A thematic report: the College is to write guidance, forces are to use it."""
    pdf = ReportPdf(path, header="Online stalking")
    pdf.heading("Online stalking: a national thematic inspection", 18)
    pdf.lines("Published 14 October 2025")
    pdf.heading("Recommendations")
    pdf.heading("Recommendation 1", 11)
    pdf.lines("By 31 March 2026, the College of Policing should develop national guidance on",
              "investigating stalking that takes place online, including how to secure digital",
              "evidence from the devices of victims.")
    pdf.heading("Recommendation 2", 11)
    pdf.lines("By 30 September 2026, chief constables should make sure that their investigators "
              "use", "the College of Policing's guidance on investigating stalking that takes "
              "place online.")
    return pdf.save()


def test_related_drafts_of_a_report_point_to_each_other_and_match_again(
        page_for, empty_live: Live, tmp_path: Path) -> None:
    live = empty_live
    report = live.upload(_guidance_report(tmp_path / "online-stalking.pdf"))
    guidance = _draft(live, report["id"], "1", "this_report")
    use = _draft(live, report["id"], "2", "this_report")
    assert "no tracked items" in use["match_reason"]
    [sibling] = use["sibling_suggestions"]
    assert (sibling["draft_id"], sibling["relation"]) == (guidance["id"], "depends_on")

    page = page_for("reviewer", on=live)
    open_draft(page, report["id"], use["id"])
    # Nothing was tracked when it was read: matching again is pointed to.
    assert "no tracked items" in page.locator("#match-state").inner_text()
    assert page.locator("#match-again-hint").is_visible()

    entry = page.locator(f'#sibling-list li[data-draft-id="{guidance["id"]}"]')
    entry.wait_for()
    assert entry.inner_text().startswith("Depends on Recommendation 1 of this report")
    reasons = " ".join(entry.locator(".reasons li").all_inner_texts())
    assert "asks the College of Policing to develop" in reasons
    assert "college_of_policing" not in reasons  # ids are shown as names
    screenshot(page, "review-siblings")
    entry.get_by_role("link", name="Recommendation 1").click()
    page.locator(f'#draft-{guidance["id"]}[aria-selected="true"]').wait_for()

    # Accepted, the draft it depends on says so (until matching has caught up).
    drafts_url = f"**/api/reports/{report['id']}/drafts"
    page.route(drafts_url, lambda route: route.abort())
    page.keyboard.press("a")
    wait_for_state(page, guidance["id"], "accepted")
    made = live.get(f"/api/drafts/{guidance['id']}")["tracked_item_id"]
    reference = live.get(f"/api/tracked-items/{made}")["reference"]
    page.locator(f'#draft-{use["id"]}[aria-selected="true"]').wait_for()
    accepted = entry.locator(".sibling-state")
    accepted.filter(has_text=reference).wait_for()
    assert "already accepted as" in accepted.inner_text()
    page.unroute(drafts_url)

    # Match again: asked of the service, and the drafts read again show the new item.
    with page.expect_response(lambda r: r.url.endswith(f"/reports/{report['id']}/rematch")
                              ) as info:
        page.locator("#match-again-inline").click()
    assert info.value.status == 202 and info.value.json()["queued"] is True
    suggestion = page.locator("#suggestions li.suggestion", has_text=reference)
    suggestion.wait_for()
    assert "this draft looks to depend on it" in suggestion.inner_text()
    wait_for(lambda: live.get(f"/api/drafts/{use['id']}")["suggestions"], 10,
             "the draft to be matched again")
    assert page.locator("#match-again-hint").is_hidden()
