"""The inbox across reports, the way from a finished report to the next one, and the list of
every key the review page answers to."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.conftest import Live, screenshot, start_live

LETTER = "revisit_letter_harrowby_frs.pdf"  # 3 items
RESPONSE = "pcc_response_eastmoor.pdf"  # 4 items
NOTHING = "spotlight_no_items.pdf"  # none


@pytest.fixture(scope="module")
def own_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A service of this module's own: the inbox counts every report there is."""
    directory = tmp_path_factory.mktemp("live-inbox")
    with start_live(directory, f"sqlite:///{directory / 'tracker.db'}") as service:
        yield service


def _row(page: Any, report_id: int) -> Any:
    return page.locator(f'#inbox-table tr[data-report-id="{report_id}"]')


def test_the_inbox_counts_reviews_and_a_finished_report_leads_to_the_next(page_for,
                                                                          own_live: Live
                                                                          ) -> None:
    live = own_live
    letter = live.upload(LETTER)
    response = live.upload(RESPONSE)
    nothing = live.upload(NOTHING)
    drafts = live.get(f"/api/reports/{letter['id']}/drafts")["drafts"]
    assert len(drafts) == 3

    page = page_for("reviewer", on=live)
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox").click()
    page.wait_for_url("**/inbox")
    page.locator("main[data-loaded]").wait_for(state="attached")
    rows = page.locator("#inbox-table tbody tr")
    listed = rows.evaluate_all("rows => rows.map(r => Number(r.dataset.reportId))")
    assert listed == [nothing["id"], response["id"], letter["id"]]  # newest first
    assert _row(page, letter["id"]).locator(".inbox-progress").inner_text().startswith(
        "0 of 3 reviewed")
    assert _row(page, response["id"]).locator(".inbox-progress").inner_text().startswith(
        "0 of 4 reviewed")
    assert _row(page, nothing["id"]).get_attribute("data-waiting") == "none_found"
    assert "Nothing was found" in _row(page, nothing["id"]).inner_text()
    assert "3 reports waiting; 7 drafts to review" in page.locator("#inbox-summary").inner_text()

    # Two of the letter's drafts are decided elsewhere: the inbox counts them.
    for draft in drafts[:2]:
        status, body = live.api("POST", f"/api/drafts/{draft['id']}/reject",
                                {"version": draft["version"], "reason": "Not for this force"})
        assert status == 200, body
    page.reload()
    page.locator("main[data-loaded]").wait_for(state="attached")
    progress = _row(page, letter["id"]).locator(".inbox-progress")
    assert progress.inner_text().startswith("2 of 3 reviewed")
    assert progress.locator("progress").evaluate("p => [p.value, p.max]") == [2, 3]
    assert "next: Recommendation" in _row(page, letter["id"]).inner_text() or \
        "next: Cause of concern" in _row(page, letter["id"]).inner_text()
    screenshot(page, "inbox")

    # The last draft of the letter decided on its page: the next report is offered.
    _row(page, letter["id"]).get_by_role("link", name=re.compile("^Review ")).click()
    page.locator(f'#draft-{drafts[2]["id"]}[aria-selected="true"]').wait_for()
    assert page.locator("#next-report-box").is_hidden()
    page.keyboard.press("x")
    page.locator("#reject-dialog[open]").wait_for()
    page.keyboard.press("Enter")
    page.locator(f'#draft-{drafts[2]["id"]}[data-state="rejected"]').wait_for()
    following = page.locator("#next-report")
    following.wait_for()
    assert "Every draft of this report is decided" in page.locator("#next-report-box").inner_text()
    assert following.inner_text() == f"Next report: {response['title']} (4 to review)"
    screenshot(page, "review-next-report")
    following.click()
    page.wait_for_url(f"**/reports/{response['id']}")
    page.locator(".draft.selected").wait_for()

    page.goto("/inbox")
    page.locator("main[data-loaded]").wait_for(state="attached")
    assert _row(page, letter["id"]).count() == 0  # every draft decided: nothing waits


def test_question_mark_lists_every_key_and_escape_closes_it(page_for, own_live: Live) -> None:
    live = own_live
    report = live.upload(RESPONSE)
    page = page_for("reviewer", on=live)
    page.goto(f"/reports/{report['id']}")
    page.locator(".draft.selected").wait_for()

    page.keyboard.press("?")
    dialog = page.locator("#help-dialog[open]")
    dialog.wait_for()
    assert page.evaluate("document.activeElement.id") == "help-close"
    keys = set(dialog.locator("th kbd").all_inner_texts())
    # Every key the review page and its link dialog answer to.
    assert {"a", "u", "x", "e", "l", "Space", "Backspace", "n", "j", "k", "↓", "↑", "?", "Esc",
            "1", "9", "s", "d", "Enter"} <= keys, keys
    # And every key the hints at the bottom name.
    hinted = set(page.locator("#key-hints kbd").all_inner_texts())
    assert hinted <= keys, hinted - keys
    assert "close without linking" in dialog.inner_text()
    screenshot(page, "review-keys")

    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    # The keys work again once it is closed, and the button opens it too.
    first = page.locator(".draft.selected").get_attribute("data-id")
    page.keyboard.press("j")
    assert page.locator(".draft.selected").get_attribute("data-id") != first
    page.get_by_role("button", name="Keys").click()
    dialog.wait_for()
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
