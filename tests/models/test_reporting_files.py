"""The files made for leads, read back with real readers: the plenary pack's workbook
(openpyxl) and PDF (pypdfium2), the live-activity workbook, the SVG chart (an XML parser)
and the deadline feed (icalendar). Data comes from a tracker built in the database."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pypdfium2
from icalendar import Calendar

from models.ops.drafts import record_extraction, record_suggestions
from models.reporting.activity import live_activity, monthly_live
from models.reporting.deadlines import deadline_items
from models.reporting.files import (
    DATE_FORMAT,
    deadlines_ics,
    live_activity_xlsx,
    monthly_chart_svg,
    pack_pdf,
    pack_xlsx,
)
from models.reporting.pack import plenary_pack
from models.reporting.rules import load_paf_leads
from tests.builders.rows import add_item, add_report, extraction, item
from tests.builders.trackers import make_items

SVG = "{http://www.w3.org/2000/svg}"


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(texts)
    finally:
        document.close()


def test_pack_workbook_has_a_sheet_per_section_with_the_expected_rows(session, pack_report):
    pack = plenary_pack(session, pack_report["report"].id)
    workbook = openpyxl.load_workbook(io.BytesIO(pack_xlsx(pack)))
    assert workbook.sheetnames == ["For force action", "For information", "Dependencies"]
    action = list(workbook["For force action"].iter_rows(values_only=True))
    header = action[0]
    assert header[:3] == ("Kind", "Number", "Item") and "Deadline" in header
    assert [(r[0], r[1]) for r in action[1:]] == [
        ("Recommendation", "1"), ("Recommendation", "2"), ("Cause of concern", "1"),
        ("AFI", "1")]
    deadline = header.index("Deadline")
    assert action[1][deadline] == datetime(2026, 3, 31)  # a real date, not text
    assert action[2][deadline] == datetime(2026, 4, 24)
    assert action[2][header.index("Deadline basis")] == "proposed"
    assert action[1][header.index("Matches")].splitlines() == [
        "Probably supersedes HMI-2021-0042 (score 82): same subject; re-states the old item",
        "May be related to HMI-2019-0007 (score 40): shared words"]
    assert action[1][header.index("Proposed superseding")] == (
        "Proposed to supersede HMI-2021-0042")
    assert action[1][header.index("Addressees")] == "Chief constables (police forces)"
    assert action[1][header.index("Suggested Chief Officer lead")] == \
        load_paf_leads()["7"]
    assert action[1][header.index("Decision")] == "Pending"
    assert action[4][header.index("Decision")].startswith("Accepted as HMI-2025-")
    sheet = workbook["For force action"]
    assert sheet.cell(row=2, column=deadline + 1).number_format == DATE_FORMAT
    assert sheet.column_dimensions["C"].width == 70
    info = list(workbook["For information"].iter_rows(values_only=True))
    assert len(info) == 2 and info[1][2] == "The Home Office should fund stalking advocates."
    deps = list(workbook["Dependencies"].iter_rows(values_only=True))
    assert deps == [("Item", "Depends on", "Phrase"),
                    ("Recommendation 2", "Recommendation 1",
                     "Once recommendation 1 has been implemented")]


def test_pack_workbook_keeps_formula_like_text_as_text(session):
    report = add_report(session, title="Odd text")
    record_extraction(session, report, extraction(
        item("=HYPERLINK(\"http://example.invalid\") forces should check.",
             applies_to_forces=True)))
    pack = plenary_pack(session, report.id)
    workbook = openpyxl.load_workbook(io.BytesIO(pack_xlsx(pack)))
    cell = workbook["For force action"]["C2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_pack_pdf_is_a_readable_pdf_with_the_report_title(session, pack_report):
    pack = plenary_pack(session, pack_report["report"].id)
    content = pack_pdf(pack)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Stalking: a national inspection" in text
    assert "For force action (4)" in text and "For information (1)" in text
    assert "HMI-2021-0042" in text and "Dependencies (1)" in text
    page = pypdfium2.PdfDocument(content)[0]
    width, height = page.get_size()
    assert width > height and round(width) == 842  # A4 landscape, in points


INTERNAL_WORDS = ("suggest_link", "needs_look", "new_item", "same_as", "depends_on",
                  "chief_constables", "home_office", "decided:", "(suggested)", "(decided)",
                  "this_report", "area_for_improvement")


def test_the_pack_files_speak_in_plain_words(session, pack_report):
    drafts = pack_report["drafts"]
    record_suggestions(session, drafts[1].id, "found", [
        {"tracked_id": pack_report["old"].id, "relation": "same_as", "score": 55.0,
         "band": "needs_look", "reasons": ["shared words"]},
        {"tracked_id": pack_report["older"].id, "relation": "depends_on", "score": 30.0,
         "band": "new_item", "reasons": []}])
    pack = plenary_pack(session, pack_report["report"].id)
    workbook = openpyxl.load_workbook(io.BytesIO(pack_xlsx(pack)))
    cells = [str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True)
             for value in row if value is not None]
    text = pdf_text(pack_pdf(pack))
    flat = " ".join(text.split())
    for word in INTERNAL_WORDS:
        assert not [c for c in cells if word in c], word
        assert word not in flat, word
    second = pack["for_action"][1]
    assert [m["label"] for m in second["matches"]] == [
        "may be the same as HMI-2021-0042", "may depend on HMI-2019-0007"]
    assert any("May be the same as HMI-2021-0042 (score 55): shared words" in c
               for c in cells)
    assert "Home Office" in cells and "Chief constables (police forces)" in cells
    assert "Probably supersedes HMI-2021-0042" in flat or (
        "Proposed to supersede HMI-2021-0042" in flat)


def test_pack_pdf_of_a_report_without_drafts_or_title(session):
    report = add_report(session, title=None, file_name="untitled.pdf")
    content = pack_pdf(plenary_pack(session, report.id))
    text = pdf_text(content)
    assert "untitled.pdf" in text and "None." in text


def test_live_activity_workbook_has_every_row_and_the_totals(session):
    for values in make_items(30):
        values = {k: v for k, v in values.items()
                  if k not in ("superseded_by", "year_given") and not k.startswith("latest_")}
        values["reference"] = values["reference"] or f"X-{values['number']}"
        values["created_at"] = values["created_at"] or datetime(2022, 1, 1, tzinfo=UTC)
        values["updated_at"] = values["updated_at"] or values["created_at"]
        add_item(session, **values)
    table = live_activity(session, date(2026, 1, 1))
    workbook = openpyxl.load_workbook(io.BytesIO(live_activity_xlsx(table)))
    rows = list(workbook["Live activity"].iter_rows(values_only=True))
    assert rows[0] == ("Live activity", "Local", "National", "Total")
    body = rows[1:1 + len(table["rows"])]
    assert [r[0] for r in body] == [r["label"] for r in table["rows"]]
    assert [r[1:] for r in body] == [(r["local"], r["national"], r["total"])
                                     for r in table["rows"]]
    total = rows[1 + len(table["rows"])]
    assert total == ("Total", table["totals"]["local"], table["totals"]["national"],
                     table["totals"]["total"])
    assert table["totals"]["total"] > 0


def test_chart_is_valid_svg_with_title_legend_and_a_bar_per_kind_and_month(session):
    add_item(session, kind="recommendation", created_at=datetime(2025, 1, 5, tzinfo=UTC))
    add_item(session, kind="cause_of_concern", created_at=datetime(2025, 2, 5, tzinfo=UTC))
    series = monthly_live(session, (2025, 1), (2025, 3))
    root = ET.fromstring(monthly_chart_svg(series))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert "2025-01 to 2025-03" in root.find(f"{SVG}title").text
    assert "2025-03: 2" in root.find(f"{SVG}desc").text
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"2025-01", "2025-02", "2025-03"} <= set(texts)
    assert {"Recommendation", "AFI", "Cause of concern", "Super-complaint"} <= set(texts)
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert sorted(b.find(f"{SVG}title").text for b in bars) == [
        "2025-01: 1 Recommendation", "2025-02: 1 Cause of concern",
        "2025-02: 1 Recommendation", "2025-03: 1 Cause of concern",
        "2025-03: 1 Recommendation"]
    assert "<script" not in monthly_chart_svg(series)


def test_chart_of_an_empty_tracker_still_draws_axes():
    series = {"from": "2025-01", "to": "2025-01",
              "kinds": [{"kind": "recommendation", "label": "Recommendation"}],
              "months": [{"month": "2025-01", "as_of": "2025-01-31",
                          "counts": {"recommendation": 0}, "total": 0}]}
    root = ET.fromstring(monthly_chart_svg(series))
    assert len(list(root.iter(f"{SVG}line"))) >= 2


def test_calendar_has_every_live_item_with_a_deadline_and_no_ended_one(session):
    today = date(2026, 2, 1)
    live = [add_item(session, current_deadline=today + timedelta(days=n),
                     chief_officer_lead="ACC Crime" if n % 2 else None,
                     status="open" if n % 3 else "in_progress") for n in range(-3, 5)]
    add_item(session, current_deadline=today, status="closed")
    add_item(session, current_deadline=today, status="completed")
    add_item(session, current_deadline=None)
    items = deadline_items(session)
    calendar = Calendar.from_ical(deadlines_ics(items, datetime.now(UTC)))
    events = list(calendar.walk("VEVENT"))
    assert sorted(str(e["UID"]) for e in events) == sorted(
        f"item-{i.id}@hmic-actions" for i in live)
    by_uid = {str(e["UID"]): e for e in events}
    first = by_uid[f"item-{live[0].id}@hmic-actions"]
    assert first.decoded("DTSTART") == live[0].current_deadline
    assert first.decoded("DTEND") == live[0].current_deadline + timedelta(days=1)
    assert str(first["SUMMARY"]) == f"{live[0].reference}: Recommendation {live[0].number}"
    assert live[0].text in str(first["DESCRIPTION"])
    assert "Chief Officer lead: ACC Crime" in str(first["DESCRIPTION"])
    assert "DTSTAMP" in first
