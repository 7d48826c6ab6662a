"""The tracked item page in the browser: the inspectorate's text beside the force's action,
progress updates (and the latest in the list of items), changes with the evidence rule and
the version rule."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import USERS, Live, screenshot
from tests.e2e.test_roles_and_access import _AUDIT

PROPERTY = "PR-2024-AFI-02"  # conftest.py: in progress, with an action required
RETENTION = "PR-2024-AFI-03"


def _open(page: Any, item_id: int) -> None:
    page.goto(f"/items/{item_id}")
    page.locator("#item[data-loaded]").wait_for(state="attached")


def test_progress_updates_are_added_and_the_latest_shows_in_the_list(page_for, live: Live
                                                                     ) -> None:
    item = live.item(PROPERTY)
    page = page_for("reviewer")
    _open(page, item["id"])

    # The inspectorate's words and the force's own action, apart; the source report's date.
    assert page.locator("#i-text").inner_text() == item["text"]
    assert page.locator("#i-action").inner_text() == item["action_required"]
    assert page.locator("#i-published").inner_text() == "12 Jun 2024"
    assert page.locator("#i-delivery-lead").inner_text() == "Supt Property and Exhibits"
    assert page.locator("#i-confidence").inner_text() == "Medium"
    assert page.locator("#updates-empty").is_visible()
    assert page.evaluate(_AUDIT) == []

    # An update dated in the past, then one of today: the newest is listed first.
    page.get_by_label("Update", exact=True).fill("Daily property checks started in all custody "
                                                 "suites.")
    page.get_by_label("Date of the update").fill("2025-11-03")
    page.get_by_role("button", name="Add update").click()
    updates = page.locator("#updates li.update")
    updates.first.filter(has_text="Daily property checks").wait_for()
    assert "3 Nov 2025" in updates.first.inner_text()
    assert USERS["reviewer"][0] in updates.first.inner_text()
    page.get_by_label("Update", exact=True).fill("Compliance with the daily check reached 92% "
                                                 "in January.")
    page.get_by_role("button", name="Add update").click()
    updates.first.filter(has_text="reached 92%").wait_for()
    assert updates.count() == 2
    assert "Daily property checks" in updates.nth(1).inner_text()
    history = page.locator('#history tr[data-action="add_progress_update"]')
    history.nth(1).wait_for()
    screenshot(page, "item")

    stored = live.get(f"/api/tracked-items/{item['id']}/updates")["updates"]
    assert [u["text"][:20] for u in stored] == ["Daily property check", "Compliance with the "]
    assert stored[0]["at"].startswith("2025-11-03") and stored[0]["source"] == "page"
    latest = live.item(PROPERTY)["latest_update"]
    assert latest["id"] == stored[1]["id"] and latest["author"] == USERS["reviewer"][0]

    # The list of items shows it as the latest update, with its date, and the action.
    page.goto("/items")
    page.get_by_label("Words or reference").fill(PROPERTY)
    page.wait_for_function("() => document.querySelectorAll('#items-table tbody tr')"
                           ".length == 1")
    row = page.locator("#items-table tbody tr")
    cell = row.locator(".latest-cell")
    assert "reached 92%" in cell.inner_text()
    day = page.evaluate("iso => hmic.formatDate(iso.slice(0, 10))", latest["at"])
    assert cell.locator(".update-date").inner_text() == day
    assert row.locator(".item-action").inner_text().startswith("Action: Custody sergeants")
    assert row.locator(".item-text").inner_text().startswith("The force should make sure")


def test_closing_an_item_needs_its_evidence(page_for, live: Live) -> None:
    item = live.item(PROPERTY)
    page = page_for("reviewer")
    _open(page, item["id"])
    patches: list[str] = []
    page.on("request", lambda r: patches.append(r.url) if r.method == "PATCH" else None)

    # Without evidence the form asks for it and sends nothing.
    page.get_by_label("Status").select_option("closed")
    page.get_by_role("button", name="Save changes").click()
    problem = page.locator("#edit-error")
    problem.wait_for()
    assert "needs the evidence" in problem.inner_text()
    assert page.evaluate("document.activeElement.id") == "edit-evidence"
    assert patches == []
    assert live.item(PROPERTY)["status"] == "in_progress"
    # The API refuses it too, in one line.
    status, body = live.api("PATCH", f"/api/tracked-items/{item['id']}",
                            {"version": item["version"], "status": "closed"})
    assert status == 422 and "evidence" in body["error"]["message"], body
    assert "\n" not in body["error"]["message"]

    # With the evidence it is closed.
    evidence = "An audit of 200 property records in March 2026 found every item recorded " \
               "on the day it was seized."
    page.locator("#edit-evidence").fill(evidence)
    page.get_by_role("button", name="Save changes").click()
    page.locator("#i-status-badge", has_text="Closed").wait_for()
    assert page.locator("#i-evidence").inner_text() == evidence
    assert problem.is_hidden()
    closed = live.item(PROPERTY)
    assert (closed["status"], closed["evidence"]) == ("closed", evidence)
    assert closed["version"] == item["version"] + 1
    edit = page.locator('#history tr[data-action="edit_item"]').last
    edit.wait_for()
    words = " ".join(edit.inner_text().split())
    assert "status: In progress → Closed" in words and "evidence added" in words


def test_an_edit_made_meanwhile_is_shown_and_kept(page_for, live: Live) -> None:
    item = live.item(RETENTION)
    admin = live.cli("tokens", "create", USERS["admin"][0]).strip()
    page = page_for("reviewer")
    _open(page, item["id"])

    # Someone else changes the item after the page was read.
    status, changed = live.api("PATCH", f"/api/tracked-items/{item['id']}",
                               {"version": item["version"], "chief_officer_lead": "DCC",
                                "delivery_confidence": "low"}, token=admin)
    assert status == 200, changed

    page.get_by_label("Chief Officer lead").fill("ACC Operations")
    page.get_by_label("Delivery lead").fill("Insp Disposals")
    page.get_by_role("button", name="Save changes").click()
    conflict = page.locator("#edit-conflict")
    conflict.wait_for()
    words = " ".join(conflict.inner_text().split())
    assert f"Not saved: {USERS['admin'][0]} changed {RETENTION} while you were editing" in words
    assert "Chief Officer lead: ACC Crime → DCC" in words
    assert "delivery confidence: not set → Low" in words
    assert page.locator("#edit-chief-officer-lead").input_value() == "DCC"  # theirs
    assert page.locator("#edit-delivery-lead").input_value() == "Insp Disposals"  # kept
    assert page.locator("#edit-confidence").input_value() == "low"
    assert page.locator("#i-chief-officer-lead").inner_text() == "DCC"
    assert live.item(RETENTION)["delivery_lead"] == "Insp Property Store"  # not saved
    screenshot(page, "item-conflict")

    page.get_by_role("button", name="Save changes").click()
    page.locator("#i-delivery-lead", has_text="Insp Disposals").wait_for()
    saved = live.item(RETENTION)
    assert (saved["chief_officer_lead"], saved["delivery_lead"], saved["delivery_confidence"]) \
        == ("DCC", "Insp Disposals", "low")
    assert saved["version"] == changed["version"] + 1


def test_a_viewer_reads_the_item_without_the_forms(page_for, live: Live) -> None:
    item = live.item(RETENTION)
    page = page_for("viewer")
    _open(page, item["id"])
    assert page.locator("#edit-form").count() == 0
    assert page.locator("#update-form").count() == 0
    assert page.locator("#i-text").inner_text() == item["text"]
    assert page.evaluate(_AUDIT) == []
