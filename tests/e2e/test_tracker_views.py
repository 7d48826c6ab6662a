"""The leads' views in the browser: live activity, deadlines, reconciliation, plenary packs."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import openpyxl
import pytest

from tests.e2e.conftest import TRACKER_ROWS, Live, screenshot

PACK_SAMPLE = "joint_fire_police.pdf"
VETTING = next(row for row in TRACKER_ROWS if row["Reference"] == "VT-2022-REC-01")
VETTING_DUE = date.fromisoformat(VETTING["Current deadline"])
BUCKETS = (("overdue", None, -1), ("due_0_30", 0, 30), ("due_31_60", 31, 60),
           ("due_61_90", 61, 90))


def _bucket(days: int) -> str:
    for name, low, high in BUCKETS:
        if (low is None or days >= low) and days <= high:
            return name
    return "due_later"


def _cells(row: Any) -> list[str]:
    return [text.strip() for text in row.locator("th, td").all_inner_texts()]


@pytest.fixture(scope="module")
def pack_report(live: Live) -> dict[str, Any]:
    """A report read by the service, used by no other page test."""
    return live.upload(PACK_SAMPLE)


def test_the_dashboard_shows_the_committee_table_and_the_chart(page_for, live: Live) -> None:
    page = page_for("viewer")
    page.goto("/dashboard")
    table = page.locator("#activity-table")
    page.locator("#activity-table[data-as-of]").wait_for(state="attached")
    as_of = page.locator("#as-of").input_value()
    assert as_of == table.get_attribute("data-as-of")
    expected = live.get(f"/api/live-activity?as_of={as_of}")
    imported = [live.get(f"/api/tracked-items?q={row['Reference']}")["items"][0]
                for row in TRACKER_ROWS]
    live_now = [i for i in imported if i["status"] not in ("completed", "closed", "superseded")]
    assert live_now and expected["totals"]["total"] >= len(live_now)  # they are counted
    shown = [_cells(row) for row in table.locator("tbody tr").all()]
    assert shown == [[r["label"], str(r["local"]), str(r["national"]), str(r["total"])]
                     for r in expected["rows"]]
    totals = expected["totals"]
    assert _cells(table.locator("tfoot tr")) == [
        "Total", str(totals["local"]), str(totals["national"]), str(totals["total"])]
    assert table.locator("tbody td.num").first.evaluate(
        "e => getComputedStyle(e).textAlign") == "right"
    download = page.get_by_role("link", name="Download Excel")
    assert download.get_attribute("href") == f"/api/live-activity.xlsx?as_of={as_of}"

    # The month-by-month chart loads, with its numbers in a table beneath it.
    page.wait_for_function("() => { const i = document.getElementById('monthly-chart');"
                           " return !i.hidden && i.complete && i.naturalWidth > 0; }")
    months = page.locator("#monthly-table tbody tr")
    monthly = live.get("/api/live-activity/monthly?from={}&to={}".format(
        page.locator("#month-from").input_value(), page.locator("#month-to").input_value()))
    assert len(monthly["months"]) == 12 == months.count()
    assert _cells(page.locator("#monthly-table thead tr")) == [
        "Month end", *[k["label"] for k in monthly["kinds"]], "Total"]
    assert [_cells(row)[1:] for row in months.all()] == [
        [*[str(m["counts"][k["kind"]]) for k in monthly["kinds"]], str(m["total"])]
        for m in monthly["months"]]
    assert page.locator("#monthly-chart").get_attribute("alt")
    screenshot(page, "dashboard")
    page.locator("#monthly-table").scroll_into_view_if_needed()
    screenshot(page, "dashboard-chart")

    # A day before anything was tracked: every count is zero, and the download follows.
    page.locator("#as-of").fill("2000-01-01")
    page.locator('#activity-table[data-as-of="2000-01-01"]').wait_for(state="attached")
    assert _cells(table.locator("tfoot tr")) == ["Total", "0", "0", "0"]
    assert {cell for row in table.locator("tbody tr").all() for cell in _cells(row)[1:]} == {"0"}
    href = download.get_attribute("href")
    assert href == "/api/live-activity.xlsx?as_of=2000-01-01"
    response = page.request.get(href)
    assert response.status == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.body())).active
    assert [c.value for c in sheet[sheet.max_row - 2]] == ["Total", 0, 0, 0]


def _vetting_row(page: Any, bucket: str) -> Any:
    return page.locator(f'section[data-lead="{VETTING["Chief Officer lead"]}"] '
                        f'tbody[data-bucket="{bucket}"] tr[data-reference="VT-2022-REC-01"]')


def _tile(page: Any, bucket: str) -> int:
    return int(page.locator(f'#deadline-counts li[data-bucket="{bucket}"] .tile-number')
               .inner_text())


def test_deadlines_are_grouped_per_lead_with_a_calendar_feed(page_for, live: Live) -> None:
    item = live.get("/api/tracked-items?q=VT-2022-REC-01")["items"][0]
    assert item["status"] == "in_progress" and item["current_deadline"] == str(VETTING_DUE)
    page = page_for("viewer")
    page.goto("/deadlines")
    page.locator("#deadline-leads[data-today]").wait_for(state="attached")
    today = date.fromisoformat(page.locator("#count-from").input_value())
    expected = live.get(f"/api/deadlines?today={today}")
    for bucket in expected["buckets"]:
        assert _tile(page, bucket) == expected["counts"][bucket], bucket
    assert _tile(page, "due_later") == expected["due_later"]
    bucket = _bucket((VETTING_DUE - today).days)
    if bucket == "due_later":
        assert page.locator('tr[data-reference="VT-2022-REC-01"]').count() == 0
        assert expected["due_later"] >= 1
    else:
        assert _vetting_row(page, bucket).count() == 1
    screenshot(page, "deadlines")

    # Counting from other days moves the item from bucket to bucket, under its lead.
    for day, bucket in (("2027-03-31", "due_0_30"), ("2027-02-15", "due_31_60"),
                        ("2027-01-05", "due_61_90"), ("2027-04-01", "overdue")):
        page.locator("#count-from").fill(day)
        page.locator(f'#deadline-leads[data-today="{day}"]').wait_for(state="attached")
        row = _vetting_row(page, bucket)
        assert row.count() == 1, (day, bucket)
        link = row.get_by_role("link", name="VT-2022-REC-01")
        assert link.get_attribute("href") == f"/items/{item['id']}"
        assert _tile(page, bucket) == live.get(f"/api/deadlines?today={day}")["counts"][bucket]

    feed = page.locator("#calendar-feed")
    assert "/api/deadlines.ics?token=<token>" in feed.inner_text()
    assert "hmic-actions tokens create" in feed.inner_text()
    assert "secret" in feed.inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download .ics").first.click()
    assert info.value.suggested_filename == "deadlines.ics"
    calendar = icalendar.Calendar.from_ical(Path(info.value.path()).read_bytes())
    summaries = [str(event.get("summary")) for event in calendar.walk("VEVENT")]
    assert any("VT-2022-REC-01" in summary for summary in summaries), summaries


def test_reconciliation_lists_what_the_api_lists(page_for, live: Live,
                                                 pack_report: dict[str, Any]) -> None:
    page = page_for("viewer")
    page.goto("/reconciliation")
    page.locator("main[data-loaded]").wait_for(state="attached")
    expected = live.get("/api/reconciliation")
    assert expected["unmatched"], "a newly read report has items that match nothing"

    chains = page.locator("#chains li.chain")
    assert chains.count() == len(expected["chains"])
    for shown, chain in zip(chains.all(), expected["chains"], strict=True):
        links = shown.locator("a")
        assert links.all_inner_texts() == [i["reference"] for i in chain["items"]]
        assert [links.nth(n).get_attribute("href") for n in range(links.count())] == [
            f"/items/{i['id']}" for i in chain["items"]]
    closed = page.locator("#closed-table tbody tr[data-id]")
    assert [int(i) for i in closed.evaluate_all("rows => rows.map(r => r.dataset.id)")] == [
        i["id"] for i in expected["closed_as_superseded"]]
    unmatched = page.locator("#unmatched-table tbody tr[data-draft-id]")
    assert [int(i) for i in unmatched.evaluate_all("rows => rows.map(r => r.dataset.draftId)")
            ] == [d["draft_id"] for d in expected["unmatched"]]
    mine = unmatched.filter(has=page.locator(f'a[href="/reports/{pack_report["id"]}"]'))
    assert mine.count() == sum(d["report"]["id"] == pack_report["id"]
                               for d in expected["unmatched"]) > 0
    assert "pending" in mine.first.inner_text()
    screenshot(page, "reconciliation")


def test_the_plenary_pack_page_matches_the_api_and_downloads(page_for, live: Live,
                                                             pack_report: dict[str, Any]
                                                             ) -> None:
    report_id = pack_report["id"]
    expected = live.get(f"/api/reports/{report_id}/pack")
    page = page_for("viewer")
    page.goto(f"/reports/{report_id}/pack")
    page.locator("#pack[data-loaded]").wait_for(state="attached")
    assert page.get_by_role("heading", level=1).inner_text() == expected["report"]["title"]
    action = page.locator("#for-action tbody tr[data-draft-id]")
    information = page.locator("#for-information tbody tr[data-draft-id]")
    assert action.count() == expected["counts"]["for_action"] == len(expected["for_action"])
    assert information.count() == expected["counts"]["for_information"]
    assert action.count() > 0 and information.count() > 0
    first = expected["for_action"][0]
    cells = _cells(action.first)
    assert cells[1] == first["text"]
    assert cells[4] == (first["chief_officer_lead"] or "—")
    assert cells[7].startswith(first["decision"]["state"])
    dependencies = page.locator("#dependencies-section")
    assert dependencies.is_visible() == bool(expected["dependencies"])
    screenshot(page, "pack")

    with page.expect_download() as info:
        page.get_by_role("link", name="Download Excel").click()
    assert info.value.suggested_filename == f"plenary-pack-report-{report_id}.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert workbook["For force action"].max_row == 1 + len(expected["for_action"])
    assert workbook["For information"].max_row == 1 + len(expected["for_information"])
    pdf = page.request.get(page.get_by_role("link", name="Download PDF").get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
