"""Finding drafts on the review page: by review state, kind, origin, addressee and whether a
force must act on them; and the last decisions tell two drafts with one label apart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.e2e.conftest import Live, distinct_copy, screenshot


def _ids(live: Live, report_id: int, query: str = "") -> list[int]:
    drafts = live.get(f"/api/reports/{report_id}/drafts{'?' + query if query else ''}")["drafts"]
    return [d["id"] for d in drafts]


def _shown(page: Any, ids: list[int]) -> None:
    """Wait until the list shows exactly these drafts, in document order."""
    page.wait_for_function(
        "ids => JSON.stringify([...document.querySelectorAll('#draft-list .draft')]"
        ".map(d => Number(d.dataset.id))) === ids", arg=json.dumps(ids, separators=(",", ":")))


def _choose(page: Any, label: str, value: str) -> None:
    with page.expect_response(lambda r: "/drafts?" in r.url or r.url.endswith("/drafts")):
        page.locator("#draft-filters").get_by_label(label, exact=True).select_option(value)


def test_drafts_are_found_by_state_kind_and_origin(page_for, live: Live, tmp_path: Path) -> None:
    report = live.upload(distinct_copy("progress_stalking.pdf", tmp_path, "found"))
    rid = report["id"]
    drafts = live.get(f"/api/reports/{rid}/drafts")["drafts"]
    earlier = [d["id"] for d in drafts if d["origin"] == "earlier_report"]
    assert 0 < len(earlier) < len(drafts)

    page = page_for("reviewer")
    page.goto(f"/reports/{rid}")
    page.locator(".draft.selected").wait_for()
    page.get_by_text("Find drafts").click()

    _choose(page, "Made by", "earlier_report")
    assert _ids(live, rid, "origin=earlier_report") == earlier
    _shown(page, earlier)
    assert page.locator("#draft-list .draft").evaluate_all(
        "ds => ds.every(d => d.dataset.origin === 'earlier_report')")
    assert f"· {len(earlier)} shown" in page.locator("#draft-counts").inner_text()
    # The keys move within what is shown.
    page.locator(f"#draft-{earlier[-1]}").click()
    page.keyboard.press("j")
    assert page.locator(".draft.selected").get_attribute("data-id") == str(earlier[-1])

    _choose(page, "Kind", "area_for_improvement")
    afis = _ids(live, rid, "origin=earlier_report&kind=area_for_improvement")
    assert len(afis) == 1
    _shown(page, afis)
    screenshot(page, "review-filters")

    _choose(page, "Kind", "cause_of_concern")
    page.locator("#no-match").wait_for()
    assert page.locator("#draft-list .draft").count() == 0
    page.get_by_role("button", name="Show every draft").first.click()
    _shown(page, [d["id"] for d in drafts])

    # Two drafts labelled Recommendation 1, one quoted from the earlier report: rejected,
    # the last decisions tell them apart.
    ones = [d for d in drafts if d["kind"] == "recommendation" and d["number"] == "1"]
    assert {d["origin"] for d in ones} == {"earlier_report", "this_report"}
    for draft in ones:
        page.locator(f"#draft-{draft['id']}").click()
        page.keyboard.press("x")
        page.locator("#reject-dialog[open]").wait_for()
        page.keyboard.press("Enter")
        page.locator(f'#draft-{draft["id"]}[data-state="rejected"]').wait_for()
    recent = page.locator("#recent li")
    assert recent.count() == 2
    said = set(recent.evaluate_all(  # each entry's words, without its Change button
        "lis => lis.map(li => [...li.childNodes].filter(n => n.tagName !== 'BUTTON')"
        ".map(n => n.textContent).join(''))"))
    assert said == {"Recommendation 1 (quoted, earlier report) rejected",
                    "Recommendation 1 (this report) rejected"}, said

    _choose(page, "State", "rejected")
    _shown(page, [d["id"] for d in ones])
    assert _ids(live, rid, "review_state=rejected") == [d["id"] for d in ones]


def test_drafts_are_found_by_addressee_and_who_acts_on_them(page_for, live: Live,
                                                            tmp_path: Path) -> None:
    report = live.upload(distinct_copy("thematic_retail_crime.pdf", tmp_path, "found"))
    rid = report["id"]
    drafts = live.get(f"/api/reports/{rid}/drafts")["drafts"]
    page = page_for("viewer")  # finding drafts is reading: a viewer can
    page.goto(f"/reports/{rid}")
    page.locator(".draft.selected").wait_for()
    page.get_by_text("Find drafts").click()

    _choose(page, "Addressed to", "home_office")
    home_office = _ids(live, rid, "addressee=home_office")
    assert home_office == [d["id"] for d in drafts if "home_office" in d["addressees"]]
    assert home_office
    _shown(page, home_office)
    page.locator("#filters-clear").click()
    _shown(page, [d["id"] for d in drafts])

    _choose(page, "For", "true")
    acting = _ids(live, rid, "for_force=true")
    assert acting == [d["id"] for d in drafts if d["applies_to_forces"]]
    _shown(page, acting)
    _choose(page, "For", "false")
    informing = _ids(live, rid, "for_force=false")
    assert informing == [d["id"] for d in drafts if not d["applies_to_forces"]]
    assert acting and informing
    _shown(page, informing)
    assert page.locator("#draft-list .draft.selected").count() == 1  # one of them is shown
