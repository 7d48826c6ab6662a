"""A reviewed report as an evaluation case, on SQLite and PostgreSQL: the expected items are
the drafts as the review left them (edits, links, items added by hand, rejections that are
still items), the drafts rejected as not an item left out; and what is refused."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from extractor.evaluate import find_cases, score_sample
from models.ops import reports as report_ops
from models.ops.drafts import (
    add_draft,
    confirm_draft,
    edit_draft,
    link_draft,
    record_extraction,
    reject_draft,
)
from models.ops.errors import NotFoundError, OperationError
from models.reporting.cases import (
    CaseExists,
    PendingDrafts,
    case_name,
    expected_extraction,
    export_case,
)
from models.tables import Report
from tests.builders.rows import add_item, extraction, item

CONTENT = b"%PDF-1.7 a reviewed report"

FOUND = [
    item("By 31 March 2026, chief constables should audit stalking cases.", number="1",
         deadline="2026-03-31", deadline_text="By 31 March 2026",
         addressees=["chief_constables"], applies_to_forces=True, page=3),
    item("Chief constables should train call handlers.", number="2",
         addressees=["chief_constables"], applies_to_forces=True, page=3),
    item("Contents", number=None, page=1),
    item("The Home Office should fund advocates.", number="3", addressees=["home_office"],
         page=4),
    item("Chief constables should publish stalking data.", number="4",
         addressees=["chief_constables"], applies_to_forces=True, page=4,
         origin="earlier_report", status="in_progress"),
    item("Chief constables should log stalking.", number="5",
         addressees=["chief_constables"], applies_to_forces=True, page=5),
]


def reviewed(session: Session, file_name: str = "Stalking – national (final).pdf") -> Report:
    """A ready report whose six drafts were decided every way there is, and one item added."""
    report = report_ops.add_report(session, file_name, CONTENT, "Priya")[0]
    report_ops.start_processing(session, report, "worker")
    drafts = record_extraction(session, report, extraction(
        *FOUND, title="Stalking: a national inspection", published=date(2025, 10, 24),
        pages=6), "worker")
    report_ops.finish_report(session, report, "worker")
    confirm_draft(session, drafts[0].id, "ana")
    edit_draft(session, drafts[1].id, {"text": "Chief constables should train every call "
                                               "handler.", "deadline": "2026-09-30"}, "ana")
    confirm_draft(session, drafts[1].id, "ana")
    reject_draft(session, drafts[2].id, "ana", "Not an item (read in error)")
    reject_draft(session, drafts[3].id, "ana", "Not for this force")
    old = add_item(session, reference="HMI-2023-0004")
    link_draft(session, drafts[4].id, old.id, "same_as", "ana", update=[])
    reject_draft(session, drafts[5].id, "ana", "duplicate")
    add_draft(session, report.id, "rory", kind="area_for_improvement", page=6,
              text="Chief constables should make sure that stalking victims are kept informed.")
    return report


def test_the_expected_items_are_the_drafts_as_reviewed(session):
    report = reviewed(session)
    confirm_draft(session, report.drafts[-1].id, "ana")  # the item added by hand
    expected = expected_extraction(session, report.id)
    assert expected["schema"] == "hmic-actions/extraction@1"
    assert expected["report"] == {"title": "Stalking: a national inspection",
                                  "published": "2025-10-24", "pages": 6}
    items = expected["items"]
    assert [(i["number"], i["review"]["state"]) for i in items] == [
        ("1", "accepted"), ("2", "edited"), ("3", "rejected"), ("4", "linked"),
        ("5", "rejected"), (None, "accepted")]
    assert items[-1]["review"]["added_by"] == "rory"
    by_number = {i["number"]: i for i in items}
    # Unedited: as found, field for field.
    first = {k: v for k, v in by_number["1"].items() if k != "review"}
    assert first == {k: v for k, v in FOUND[0].items() if k not in ("confidence", "bbox")}
    # Edited: the edits.
    assert by_number["2"]["text"] == "Chief constables should train every call handler."
    assert by_number["2"]["deadline"] == "2026-09-30"
    # Rejected as not for this force, or as a duplicate: still items of the report.
    assert by_number["3"]["review"] == {"state": "rejected", "note": "Not for this force",
                                        "added_by": None}
    assert by_number["5"]["review"]["note"] == "duplicate"
    # Linked as the same as a tracked item: an item the report quotes.
    assert (by_number["4"]["origin"], by_number["4"]["status"]) == ("earlier_report",
                                                                    "in_progress")
    # Not an item: left out.
    assert "Contents" not in [i["text"] for i in items]
    assert expected["source"]["left_out_as_not_items"] == 1


def test_a_case_with_drafts_pending_is_refused_unless_they_are_included(session):
    report = reviewed(session)  # the item added by hand is still pending
    with pytest.raises(PendingDrafts, match=r"has 1 pending draft \(at 7\): decide them"):
        expected_extraction(session, report.id)
    expected = expected_extraction(session, report.id, include_pending=True)
    added = expected["items"][-1]
    assert added["kind"] == "area_for_improvement" and added["page"] == 6
    assert added["review"] == {"state": "pending", "note": None, "added_by": "rory"}
    assert (added["addressees"], added["applies_to_forces"]) == (["chief_constables"], True)
    assert expected["source"]["added"] == 1 and expected["source"]["pending"] == 1
    confirm_draft(session, report.drafts[-1].id, "ana")
    assert expected_extraction(session, report.id)["items"][-1]["review"]["added_by"] == "rory"


def test_the_case_is_written_where_evaluate_finds_it_and_scores_as_expected(session,
                                                                           tmp_path: Path):
    report = reviewed(session)
    written = export_case(session, report.id, tmp_path / "cases", include_pending=True)
    assert written == tmp_path / "cases" / "Stalking-national-final.expected.json"
    pdf = written.with_name("Stalking-national-final.pdf")
    assert pdf.read_bytes() == CONTENT
    cases, unpaired = find_cases(tmp_path / "cases")
    assert list(cases) == ["Stalking-national-final"] and unpaired == []
    expected = json.loads(written.read_text("utf-8"))
    # What the extraction found, scored against what the review says: the item read in
    # error is spurious, the item added by hand missed, the edited one wrong in its text
    # and deadline; the rest right in every field.
    found = extraction(*FOUND, title="Stalking: a national inspection",
                       published=date(2025, 10, 24), pages=6)
    score = score_sample(expected, found, name="Stalking-national-final")
    assert (score.expected_items, score.actual_items, score.matched) == (6, 6, 5)
    assert [s.split(":")[0] for s in score.spurious] == ["recommendation (unnumbered) (p. 1)"]
    assert [m.split(":")[0] for m in score.missed] == [
        "area for improvement (unnumbered) (p. 6)"]
    assert sorted((w.item.split(":")[0], w.field) for w in score.wrong) == [
        ("recommendation 2 (p. 3)", "deadline"), ("recommendation 2 (p. 3)", "text")]
    assert all(score.report.values()) and len(score.report) == 3


def test_existing_files_a_folder_that_cannot_be_and_a_report_not_ready(session,
                                                                       tmp_path: Path):
    report = reviewed(session)
    first = export_case(session, report.id, tmp_path, include_pending=True, name="one case")
    assert first.name == "one-case.expected.json"
    with pytest.raises(CaseExists, match="one-case.pdf already exists"):
        export_case(session, report.id, tmp_path, include_pending=True, name="one case")
    assert export_case(session, report.id, tmp_path, include_pending=True, name="one case",
                       force=True) == first
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OperationError, match="cannot make the folder") as caught:
        export_case(session, report.id, blocker / "cases", include_pending=True)
    assert "\n" not in str(caught.value)
    with pytest.raises(OperationError, match="not a folder"):
        export_case(session, report.id, blocker, include_pending=True)
    queued = report_ops.add_report(session, "queued.pdf", b"%PDF queued", "Priya")[0]
    with pytest.raises(OperationError, match=r"report \d+ is queued: only a ready report"):
        export_case(session, queued.id, tmp_path)
    with pytest.raises(NotFoundError, match="report 999 does not exist"):
        export_case(session, 999, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a-file", "one-case.expected.json", "one-case.pdf"]


def test_a_case_is_named_after_the_reports_file(session):
    report = report_ops.add_report(session, "../PEEL 2025: Northmoor.PDF", b"%PDF n", "P")[0]
    assert case_name(report) == "PEEL-2025-Northmoor"
    odd = report_ops.add_report(session, "§§§.pdf", b"%PDF o", "P")[0]
    assert case_name(odd) == f"report-{odd.id}"
