"""The review page's dialogs in the browser: the link dialog's keys and messages, the links a
tracked item then shows, the edit dialog's suggested item fields, and what a reviewer is told
when someone else changed or decided a draft meanwhile (two browsers)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import (
    USERS,
    Live,
    distinct_copy,
    open_draft,
    screenshot,
    start_live,
    wait_for_state,
)

PEEL = "peel_northmoor.pdf"  # its first draft supersedes NM-2023-AFI-04 (conftest.py)
REPLACED = "NM-2023-AFI-04"
DEPENDED_ON = "VT-2022-REC-01"


@pytest.fixture(scope="module")
def own_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A service of this module's own, with the tracker of conftest.py: the items it
    supersedes are not superseded by other modules' tests first."""
    directory = tmp_path_factory.mktemp("live-dialogs")
    with start_live(directory, f"sqlite:///{directory / 'tracker.db'}") as service:
        yield service


def _drafts(live: Live, report_id: int) -> list[dict[str, Any]]:
    return live.get(f"/api/reports/{report_id}/drafts")["drafts"]


def _name(draft: dict[str, Any]) -> str:
    """The draft's name as the page says it: "Area for improvement 2", or "Area for
    improvement (draft 5)" without a number."""
    kinds = {"area_for_improvement": "Area for improvement", "recommendation": "Recommendation",
             "cause_of_concern": "Cause of concern"}
    return kinds[draft["kind"]] + (f" {draft['number']}" if draft["number"]
                                   else f" (draft {draft['position']})")


def _item_of(live: Live, draft: dict[str, Any]) -> dict[str, Any]:
    """The tracked item the draft's decision made or linked it to."""
    decided = live.get(f"/api/drafts/{draft['id']}")
    return live.get(f"/api/tracked-items/{decided['tracked_item_id']}")


def _item_page(page: Any, item_id: int) -> Any:
    page.goto(f"/items/{item_id}")
    page.locator("#item[data-loaded]").wait_for(state="attached")
    return page.locator("#links")


def test_the_link_dialog_keys_and_what_a_link_says(page_for, own_live: Live,
                                                   tmp_path: Path) -> None:
    live = own_live
    report = live.upload(distinct_copy(PEEL, tmp_path, "links"))
    drafts = _drafts(live, report["id"])
    first, second = drafts[0], drafts[1]
    replaced = live.item(REPLACED)
    assert first["suggestions"][0]["tracked_id"] == replaced["id"]

    page = page_for("reviewer", on=live)
    open_draft(page, report["id"], first["id"])
    page.keyboard.press("l")
    dialog = page.locator('#link-dialog[open][data-ready="yes"]')
    dialog.wait_for()
    rule = dialog.locator("#link-keys").inner_text()
    assert "while it is empty they still choose" in rule and "Esc" in rule
    search = page.locator("#link-search")
    chosen = dialog.locator('input[name="tracked_item"]:checked')
    relation = dialog.locator('input[name="relation"]:checked')

    # In the empty search box, 1 and u still choose: the box does not swallow them.
    search.focus()
    page.keyboard.press("1")
    assert chosen.get_attribute("data-reference") == REPLACED
    search.focus()
    page.keyboard.press("u")
    assert relation.get_attribute("value") == "supersedes"
    assert search.input_value() == ""

    # Once something is typed, they type. An item already suggested is named with its key.
    search.focus()
    page.keyboard.type(REPLACED)
    assert search.input_value() == REPLACED
    assert chosen.get_attribute("data-reference") == REPLACED  # the 2s and 0s chose nothing
    assert relation.get_attribute("value") == "supersedes"
    already = dialog.locator("#link-found li.already")
    already.wait_for()
    assert " ".join(already.inner_text().split()).startswith(
        f"{REPLACED} is already suggested above: press 1")
    screenshot(page, "review-link-already")

    # Escape closes the dialog at once, even from a search box with words in it.
    assert search.evaluate("e => e === document.activeElement")
    page.keyboard.press("Escape")
    page.locator("#link-dialog[open]").wait_for(state="detached")
    assert live.get(f"/api/drafts/{first['id']}")["review_state"] == "pending"

    # Outside the box: l, 1, u, Enter. The message names the item replaced.
    page.keyboard.press("l")
    dialog.wait_for()
    page.keyboard.press("1")
    page.keyboard.press("u")
    page.keyboard.press("Enter")
    wait_for_state(page, first["id"], "accepted")
    made = _item_of(live, first)
    said = page.locator("#notice").inner_text()
    assert said == (f"{_name(first)} supersedes {REPLACED}: {REPLACED} is now superseded, "
                    f"replaced by the new item {made['reference']}."), said
    assert f"supersedes {made['reference']}" not in said
    assert live.item(REPLACED)["status"] == "superseded"

    # Found by search, then chosen with the mouse: depends on.
    page.keyboard.press("l")
    dialog.wait_for()
    search.fill(DEPENDED_ON)
    found = dialog.locator("#link-found li", has_text=DEPENDED_ON)
    found.wait_for()
    found.get_by_role("radio").check()
    dialog.get_by_role("radio", name="depends on it").check()
    dialog.get_by_role("button", name="Link").click()
    wait_for_state(page, second["id"], "accepted")
    needing = _item_of(live, second)
    assert page.locator("#notice").inner_text() == (
        f"{_name(second)} depends on {DEPENDED_ON}; it is tracked as the new item "
        f"{needing['reference']}.")

    # Each item says what it is linked to, who linked it and when, and from which draft.
    [link] = live.get(f"/api/tracked-items/{made['id']}/links")["links"]
    assert (link["relation"], link["source"]["draft_id"]) == ("supersedes", first["id"])
    links = _item_page(page, made["id"])
    entry = links.locator('li[data-relation="supersedes"]')
    entry.wait_for()
    words = " ".join(entry.inner_text().split())
    assert words.startswith(f"Supersedes {REPLACED}")
    assert USERS["reviewer"][0] in words
    assert f"from {link['source']['item']} of {report['title']}" in words
    entry.get_by_role("link", name=report["title"]).wait_for()
    screenshot(page, "item-links")

    links = _item_page(page, replaced["id"])
    entry = links.locator('li[data-relation="superseded_by"]')
    entry.wait_for()
    assert " ".join(entry.inner_text().split()).startswith(f"Superseded by {made['reference']}")

    links = _item_page(page, live.item(DEPENDED_ON)["id"])
    entry = links.locator('li[data-relation="needed_by"]')
    entry.wait_for()
    assert needing["reference"] in entry.inner_text()

    links = _item_page(page, needing["id"])
    entry = links.locator('li[data-relation="depends_on"]')
    entry.wait_for()
    assert " ".join(entry.inner_text().split()).startswith(f"Depends on {DEPENDED_ON}")


def test_an_item_restated_by_a_later_report_says_so_among_its_links(page_for, own_live: Live,
                                                                    tmp_path: Path) -> None:
    live = own_live
    report = live.upload(distinct_copy("progress_stalking.pdf", tmp_path, "restated"))
    draft = next(d for d in _drafts(live, report["id"])
                 if d["origin"] == "earlier_report" and d["number"] == "1")
    tracked = live.item("WM-2023-REC-01")
    page = page_for("reviewer", on=live)
    open_draft(page, report["id"], draft["id"])
    page.locator("#d-restated:not([hidden])").wait_for()
    page.keyboard.press("u")
    update = page.locator('#update-dialog[data-ready="yes"]')
    update.wait_for()
    update.get_by_role("button", name="Link and update").click()
    wait_for_state(page, draft["id"], "linked")

    links = _item_page(page, tracked["id"])
    entry = links.locator('li[data-relation="restated_in"]')
    entry.wait_for()
    words = " ".join(entry.inner_text().split())
    assert words.startswith(f"Restated in {report['title']} (as Recommendation 1)")
    assert "It gave the status as completed" in words
    assert "status In progress → Completed" in words
    assert USERS["reviewer"][0] in words


def test_the_edit_dialog_offers_the_item_fields_and_accepting_uses_them(page_for,
                                                                        own_live: Live,
                                                                        tmp_path: Path) -> None:
    live = own_live
    report = live.upload(distinct_copy(PEEL, tmp_path, "fields"))
    drafts = _drafts(live, report["id"])
    edited, plain = drafts[2], drafts[3]
    offered = live.get(f"/api/drafts/{edited['id']}/item-fields")
    assert offered["paf_area"] and offered["activity_level"], offered

    page = page_for("reviewer", on=live)
    open_draft(page, report["id"], edited["id"])
    page.keyboard.press("e")
    dialog = page.locator('#edit-dialog[open][data-fields="ready"]')
    dialog.wait_for()
    assert dialog.get_by_label("PAF area").input_value() == offered["paf_area"]
    assert dialog.get_by_label("Chief Officer lead").input_value() == \
        (offered["chief_officer_lead"] or "")
    assert dialog.get_by_label("Activity level").input_value() == str(offered["activity_level"])
    for field, shown in (("paf_area", "#edit-paf-why"), ("chief_officer_lead", "#edit-lead-why"),
                         ("activity_level", "#edit-level-why")):
        assert page.locator(shown).inner_text() == offered["why"][field]
    screenshot(page, "review-edit-fields")

    # The person changes the level and the lead; the PAF area is taken as offered.
    dialog.get_by_label("Activity level").select_option("4")
    dialog.get_by_label("Chief Officer lead").fill("Chief Superintendent Contact Management")
    dialog.get_by_role("button", name="Save and accept").click()
    wait_for_state(page, edited["id"], "accepted")
    item = _item_of(live, edited)
    assert (item["paf_area"], item["activity_level"], item["chief_officer_lead"]) == (
        offered["paf_area"], 4, "Chief Superintendent Contact Management")

    # Accepted with one key, the item arrives full: the offered fields are taken.
    offered = live.get(f"/api/drafts/{plain['id']}/item-fields")
    page.locator(f"#draft-{plain['id']}").click()
    page.locator("#d-level").filter(has_text=re.compile(r"^\d:")).wait_for()
    page.keyboard.press("a")
    wait_for_state(page, plain["id"], "accepted")
    item = _item_of(live, plain)
    assert (item["paf_area"], item["activity_level"], item["chief_officer_lead"]) == (
        offered["paf_area"], offered["activity_level"], offered["chief_officer_lead"])


def test_a_stale_edit_is_reloaded_and_explained(page_for, own_live: Live, tmp_path: Path
                                                ) -> None:
    live = own_live
    report = live.upload(distinct_copy(PEEL, tmp_path, "stale-edit"))
    draft = _drafts(live, report["id"])[4]
    name = _name(draft)
    mine = page_for("reviewer", on=live)
    theirs = page_for("admin", on=live)  # another person, in another browser
    for page in (mine, theirs):
        open_draft(page, report["id"], draft["id"])
        page.keyboard.press("e")
        page.locator('#edit-dialog[open][data-fields="ready"]').wait_for()

    their_text = draft["text"] + " It should report its progress every quarter."
    theirs.locator("#edit-dialog").get_by_label("Text").fill(their_text)
    theirs.get_by_role("button", name="Save", exact=True).click()
    theirs.locator("#d-text", has_text="every quarter").wait_for()

    # Mine was opened before their change: saving it is refused, and said so in plain words.
    dialog = mine.locator("#edit-dialog")
    dialog.get_by_label("Deadline").fill("2027-01-31")
    mine.get_by_role("button", name="Save", exact=True).click()
    conflict = dialog.locator("#edit-conflict")
    conflict.wait_for()
    words = " ".join(conflict.inner_text().split())
    assert re.search(rf"^{re.escape(name)} was not saved: {USERS['admin'][0]} changed its "
                     r"text at \d\d:\d\d while you had it open\.", words), words
    assert words.endswith("The form now shows their text; your deadline is kept. Check it and "
                          "save again."), words
    # The page and the form show the draft as it is now; my deadline is kept.
    assert mine.locator("#d-text").inner_text() == their_text
    assert dialog.get_by_label("Text").input_value() == their_text
    assert dialog.get_by_label("Deadline").input_value() == "2027-01-31"
    assert live.get(f"/api/drafts/{draft['id']}")["deadline"] is None
    screenshot(mine, "review-stale-edit")

    mine.get_by_role("button", name="Save", exact=True).click()
    mine.locator("#edit-dialog[open]").wait_for(state="detached")
    saved = live.get(f"/api/drafts/{draft['id']}")
    assert (saved["text"], saved["deadline"]) == (their_text, "2027-01-31")
    assert mine.locator("#d-deadline").inner_text() == "31 Jan 2027"


def test_a_stale_accept_says_what_really_happened(page_for, own_live: Live, tmp_path: Path
                                                  ) -> None:
    live = own_live
    admin = live.cli("tokens", "create", USERS["admin"][0]).strip()
    report = live.upload(distinct_copy(PEEL, tmp_path, "stale-accept"))
    drafts = _drafts(live, report["id"])
    decided, changed = drafts[5], drafts[6]
    page = page_for("reviewer", on=live)
    open_draft(page, report["id"], decided["id"])

    # Someone else accepts it after this page read it.
    status, body = live.api("POST", f"/api/drafts/{decided['id']}/accept",
                            {"version": decided["version"]}, token=admin)
    assert status == 200, body
    page.keyboard.press("a")
    notice = page.locator("#notice.error")
    notice.wait_for()
    words = notice.inner_text()
    assert words.startswith(f"{_name(decided)} was not accepted: {USERS['admin'][0]} had "
                            "already accepted it on "), words
    assert words.endswith("Nothing of yours was saved; the page shows their decision.")
    wait_for_state(page, decided["id"], "accepted")
    assert live.get(f"/api/drafts/{decided['id']}")["reviewed_by"] == USERS["admin"][0]

    # Someone else edits it: not accepted, and the page shows the change.
    page.locator(f"#draft-{changed['id']}").click()
    new_text = changed["text"] + " It should do this with its partners."
    status, body = live.api("PATCH", f"/api/drafts/{changed['id']}",
                            {"version": changed["version"], "text": new_text}, token=admin)
    assert status == 200, body
    page.keyboard.press("a")
    notice.filter(has_text="changed its text").wait_for()
    words = notice.inner_text()
    assert re.search(rf"^{re.escape(_name(changed))} was not accepted: "
                     rf"{USERS['admin'][0]} changed its text at \d\d:\d\d while you had it "
                     r"open\. The page now shows it as it is: check it and decide again\.$",
                     words), words
    assert page.locator("#d-text").inner_text() == new_text
    wait_for_state(page, changed["id"], "pending")
    assert live.get(f"/api/drafts/{changed['id']}")["review_state"] == "pending"
