"""Importing and exporting the force's tracker (CSV and .xlsx) on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, selectinload

from models.db import session_scope
from models.tables import AuditEvent, TrackedItem, utcnow
from models.tracker.columns import item_values
from models.tracker.exporting import export_tracker
from models.tracker.importing import ImportReport, import_tracker
from models.tracker.reading import TrackerFileError, derived_reference, read_tracker
from tests.builders.rows import add_item, add_report
from tests.builders.trackers import (
    ALIAS_HEADERS,
    EXPORT_HEADERS,
    FIELDS,
    item_cells,
    make_items,
    write_items,
    write_tracker,
)
from tests.conftest import empty_tables

CONTENT = [f for f in FIELDS if f not in ("created_at", "updated_at")]


def run_import(engine: Engine, path: Path, dry_run: bool = False,
               actor: str = "policy officer") -> ImportReport:
    with session_scope(engine) as session:
        return import_tracker(session, path, actor, dry_run=dry_run)


def snapshot(engine: Engine) -> dict[str, dict[str, Any]]:
    """Every tracked item as stored, keyed by its (unique) text."""
    with Session(engine) as session:
        items = session.scalars(select(TrackedItem).options(
            selectinload(TrackedItem.superseded_by), selectinload(TrackedItem.updates)))
        return {item.text: {
            **item_values(item), "reference": item.reference, "created_at": item.created_at,
            "updated_at": item.updated_at,
        } for item in items}


def counts(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        return (session.scalar(select(func.count()).select_from(TrackedItem)),
                session.scalar(select(func.count()).select_from(AuditEvent)))


def actions(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def assert_holds_items(stored: dict[str, dict[str, Any]], items: list[dict[str, Any]],
                       started: dt.datetime, finished: dt.datetime) -> None:
    """The database holds exactly ``items`` (blank references and times filled in)."""
    assert set(stored) == {item["text"] for item in items}
    for item in items:
        row = stored[item["text"]]
        for name in CONTENT:
            if name == "reference" and item["reference"] is None:
                assert row["reference"].startswith("IMP-") and len(row["reference"]) == 16
                continue
            if name == "latest_update_at" and item["latest_update"] and not item[name]:
                assert started <= row[name] <= finished  # undated: the import's time
                continue
            if name == "latest_update_by" and item["latest_update"] and not item[name]:
                assert row[name] == "policy officer"  # the person importing
                continue
            assert row[name] == item[name], (item["text"], name)
        created = item["created_at"]
        if created is None:
            assert started <= row["created_at"] <= finished
        else:
            assert row["created_at"] == created
        assert row["updated_at"] == (item["updated_at"] or row["created_at"])


# --- round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_1000_row_tracker_round_trips_with_nothing_lost(
        engine: Engine, tmp_path: Path, fmt: str) -> None:
    items = make_items(1000)
    source = write_items(tmp_path / f"force-tracker.{fmt}", items, title="Our tracker")
    started = utcnow()
    report = run_import(engine, source)
    finished = utcnow()
    assert report.problems == [] and report.error is None
    assert (report.rows, report.new, report.updated, report.unchanged) == (1000, 1000, 0, 0)
    first = snapshot(engine)
    assert_holds_items(first, items, started, finished)

    exported = tmp_path / f"export.{fmt}"
    with session_scope(engine) as session:
        assert export_tracker(session, exported) == 1000
    # The export over the same database changes nothing ...
    report = run_import(engine, exported)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 1000), report.problems
    # ... and into an empty one it rebuilds every field of every item.
    empty_tables(engine)
    report = run_import(engine, exported)
    assert (report.new, report.updated, report.unchanged) == (1000, 0, 0), report.problems
    second = snapshot(engine)
    assert set(second) == set(first)
    for text, row in first.items():
        again = second[text]
        for name in FIELDS:
            if name in ("created_at", "updated_at", "latest_update_at") and fmt == "xlsx" \
                    and row[name] is not None:
                # Excel keeps times to the millisecond.
                assert abs(again[name] - row[name]) <= dt.timedelta(microseconds=500), name
            else:
                assert again[name] == row[name], (text, name)


def test_export_then_import_keeps_items_made_elsewhere(engine: Engine, tmp_path: Path) -> None:
    """Items confirmed in the service (linked to a Report row) round-trip too."""
    with session_scope(engine) as session:
        report = add_report(session, title="State of Policing 2025", file_name="sop.pdf")
        new = add_item(session, reference="HMI-2025-0001", source_report_id=report.id,
                       source_year=2025, addressees=["npcc", "A panel not in the vocabulary"],
                       current_deadline=dt.date(2026, 3, 31), activity_level=2)
        add_item(session, reference="HMI-2024-0007", status="superseded",
                 superseded_by_id=new.id, text="=SUM(A1) is only text")
    exported = tmp_path / "export.csv"
    with session_scope(engine) as session:
        export_tracker(session, exported)
    rows = list(csv.DictReader(io.StringIO(exported.read_text("utf-8-sig"))))
    assert rows[0]["Source report"] == "State of Policing 2025"
    assert rows[0]["Addressees"] == "National Police Chiefs' Council; A panel not in the vocabulary"
    assert rows[1]["Inspectorate text"] == "'=SUM(A1) is only text"
    assert rows[1]["Superseded by (reference)"] == "HMI-2025-0001"
    report = run_import(engine, exported)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2), report.problems


# --- idempotence, updates, dry run -----------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    source = write_items(tmp_path / "tracker.csv", make_items(60))
    first = run_import(engine, source)
    assert (first.new, first.updated, first.unchanged) == (60, 0, 0)
    before = snapshot(engine)
    items_before, _events = counts(engine)
    second = run_import(engine, source)
    assert (second.new, second.updated, second.unchanged) == (0, 0, 60)
    assert snapshot(engine) == before
    assert counts(engine)[0] == items_before == 60
    # One summary per import, one creation per item, and no updates.
    assert actions(engine).count("import_tracker") == 2
    assert actions(engine).count("import_item") == 60
    assert "import_update" not in actions(engine)


def test_rows_without_a_reference_get_a_stable_one(engine: Engine, tmp_path: Path) -> None:
    rows = [{"kind": "AFI", "text": "The force should  improve how it answers 101 calls.",
             "source_report": "PEEL 2025"},
            {"kind": "AFI", "text": "The force should improve how it records crime.",
             "source_report": "PEEL 2025"}]
    headers = {"source_report": "Report", "kind": "Type", "text": "Action"}
    path = write_tracker(tmp_path / "tracker.csv", rows, headers)
    assert run_import(engine, path).new == 2
    references = {row["reference"] for row in snapshot(engine).values()}
    assert references == {
        derived_reference("PEEL 2025", "area_for_improvement", None,
                          "The force should improve how it answers 101 calls."),
        derived_reference("PEEL 2025", "area_for_improvement", None,
                          "The force should improve how it records crime.")}
    # Spacing and case do not change the reference; the same rows again add nothing.
    rows[0]["text"] = "the force should improve how it answers 101 calls. "
    path = write_tracker(tmp_path / "again.csv", rows, headers)
    report = run_import(engine, path)
    assert (report.new, report.updated, report.unchanged) == (0, 1, 1)
    assert counts(engine)[0] == 2


def test_a_changed_row_updates_its_item_with_before_and_after(
        engine: Engine, tmp_path: Path) -> None:
    items = make_items(12)
    path = write_items(tmp_path / "tracker.xlsx", items, aliases=False)
    run_import(engine, path)
    target = items[3]
    changed = [{"reference": target["reference"], "status": "Completed",
                "current_deadline": "30 June 2027", "delivery_lead": ""}]
    headers = {"reference": "Reference", "status": "Status", "current_deadline": "Due date",
               "delivery_lead": "Delivery lead"}
    report = run_import(engine, write_tracker(tmp_path / "update.csv", changed, headers),
                        actor="A. Reviewer")
    assert (report.new, report.updated, report.unchanged) == (0, 1, 0)
    stored = snapshot(engine)[target["text"]]
    assert stored["status"] == "completed"
    assert stored["current_deadline"] == dt.date(2027, 6, 30)
    assert stored["delivery_lead"] is None  # a blank cell clears
    # Columns the file does not have keep their values; so does the original deadline.
    for name in ("chief_officer_lead", "addressees", "kind", "text", "original_deadline"):
        assert stored[name] == target[name]
    # Such a file can only update: an unknown reference, or a row without one, is a problem.
    rows = [{"reference": "HMI-2031-0001", "status": "Open"}, {"status": "Open"}]
    report = run_import(engine, write_tracker(tmp_path / "unknown.csv", rows, headers))
    assert report.problems == [
        "row 2: Reference 'HMI-2031-0001' is not in the tracker, and a new item needs Kind "
        "and Inspectorate text",
        "row 3: missing Reference (without a column of the items' text, every row must name a "
        "tracked item)"]
    with Session(engine) as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "import_update")).one()
        item = session.scalars(select(TrackedItem).where(
            TrackedItem.reference == target["reference"])).one()
    assert (event.actor, event.entity_type, event.entity_id) == (
        "A. Reviewer", "tracked_items", item.id)
    assert event.before["status"] == target["status"]
    assert event.after["status"] == "completed"
    assert event.after["current_deadline"] == "2027-06-30"
    assert event.after["version"] == event.before["version"] + 1 == item.version


def test_a_dry_run_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    items = make_items(40)
    path = write_items(tmp_path / "tracker.xlsx", items)
    dry = run_import(engine, path, dry_run=True)
    assert (dry.rows, dry.new, dry.updated, dry.unchanged) == (40, 40, 0, 0)
    assert dry.ok and not dry.written
    assert "dry run, nothing written" in dry.summary()
    assert counts(engine) == (0, 0)
    real = run_import(engine, path)
    assert (real.new, real.updated, real.unchanged) == (40, 0, 0) and real.written
    # A dry run over an existing tracker counts changes without making them.
    cells = [item_cells(item, i) for i, item in enumerate(items)]
    cells[0]["status"] = "Closed" if items[0]["status"] != "closed" else "Open"
    before = snapshot(engine)
    dry = run_import(engine, write_tracker(tmp_path / "changed.csv", cells, ALIAS_HEADERS),
                     dry_run=True)
    assert (dry.new, dry.updated, dry.unchanged) == (0, 1, 39)
    assert snapshot(engine) == before


# --- bad rows --------------------------------------------------------------------------------


def test_bad_rows_are_reported_by_row_number_and_nothing_is_written(
        engine: Engine, tmp_path: Path) -> None:
    with session_scope(engine) as session:
        add_item(session, reference="OLD-1", text="An old item.", delivery_lead="DI Patel")
    items = make_items(25)
    for item in items:
        item["superseded_by"] = None
        item["status"] = "open" if item["status"] == "superseded" else item["status"]
    rows = [item_cells(item, i) for i, item in enumerate(items)]
    rows.append({"reference": "OLD-1", "kind": "Recommendation", "text": "Updated text",
                 "delivery_lead": "DI Jones"})

    def row(number: int) -> dict[str, Any]:  # the row the person sees as ``number``
        return rows[number - 2]

    row(3)["text"] = ""
    row(5)["reference"] = "HMI-2099-" + "9" * 45
    row(7)["activity_level"] = "5"
    row(8)["delivery_confidence"] = "Purple"
    row(9)["paf_area"] = "Leadership"
    row(10)["applies_to_forces"] = "maybe"
    row(11)["scope"] = "regional"
    row(12)["superseded_by"], row(12)["status"] = "NOPE-1", "Superseded"
    row(13)["reference"] = row(12)["reference"]
    row(14)["current_deadline"] = "31/02/2026"
    row(15)["kind"] = "Memo"
    row(16)["original_deadline"] = "03/31/2026"
    row(17)["created_at"] = "yesterday"
    row(18)["superseded_by"], row(18)["status"] = row(18)["reference"], ""
    row(19)["superseded_by"], row(19)["status"] = row(22)["reference"], "Open"
    row(20)["status"] = "Done-ish"
    path = write_tracker(tmp_path / "tracker.csv", rows)
    report = run_import(engine, path)
    assert report.problems == [
        "row 3: missing Inspectorate text",
        "row 5: Reference is longer than 50 characters",
        "row 7: Activity level '5' is not an activity level from 1 to 4",
        "row 8: Delivery confidence 'Purple' is not one of high, medium, low "
        "(or green, amber, red)",
        "row 9: PAF area 'Leadership' is not a PAF area such as 6a",
        "row 10: Applies to forces 'maybe' is not yes or no",
        "row 11: Local/National 'regional' is not local or national",
        "row 12: Superseded by (reference) 'NOPE-1' is not a Reference in this file or in "
        "the tracker",
        f"row 13: Reference '{row(12)['reference']}' is already used in row 12",
        "row 14: Current deadline '31/02/2026' is not a date",
        "row 15: Kind 'Memo' is not one of Recommendation, Area for improvement (AFI), "
        "Cause of concern, Super-complaint",
        "row 16: Original deadline '03/31/2026' is not a date (dates are read day first, "
        "as dd/mm/yyyy)",
        "row 17: Created 'yesterday' is not a date and time",
        f"row 18: Superseded by (reference) '{row(18)['reference']}' is the item itself",
        f"row 19: Superseded by (reference) is '{row(22)['reference']}' but Status is 'Open' "
        "(an item superseded by another has status superseded)",
        "row 20: Status 'Done-ish' is not one of open, in progress, completed, closed, "
        "superseded",
    ]
    assert report.summary() == f"{path}: 16 problems in 26 rows; nothing written"
    assert not report.written
    assert counts(engine) == (1, 0)
    assert snapshot(engine)["An old item."]["delivery_lead"] == "DI Patel"


def test_row_numbers_count_title_rows_and_blank_lines(engine: Engine, tmp_path: Path) -> None:
    rows = [{"text": "The force should act.", "kind": "AFI", "current_deadline": "soon"},
            {},  # a blank line in the middle
            {"text": "", "kind": "AFI", "delivery_lead": "DI Shah"}]
    for suffix in ("csv", "xlsx"):
        path = write_tracker(tmp_path / f"t.{suffix}", rows,
                             {"text": "Action", "kind": "Type", "current_deadline": "Due date",
                              "delivery_lead": "Lead"}, title="Tracker at 1 Nov")
        report = run_import(engine, path)
        assert report.problems == ["row 3: Due date 'soon' is not a date",
                                   "row 5: missing Action"], suffix
        assert report.rows == 2
    assert counts(engine) == (0, 0)


def test_superseded_by_refers_forwards_backwards_and_into_the_tracker(
        engine: Engine, tmp_path: Path) -> None:
    with session_scope(engine) as session:
        add_item(session, reference="OLD-9", text="An item already tracked.")
    rows = [{"reference": "A", "kind": "Rec", "text": "First.", "superseded_by": "C"},
            {"reference": "B", "kind": "Rec", "text": "Second.", "superseded_by": "OLD-9"},
            {"reference": "C", "kind": "Rec", "text": "Third."},
            {"reference": "D", "kind": "Rec", "text": "Fourth.", "superseded_by": "A"}]
    headers = {"reference": "Ref", "kind": "Type", "text": "Action", "superseded_by":
               "Superseded by"}
    report = run_import(engine, write_tracker(tmp_path / "t.csv", rows, headers))
    assert (report.new, report.problems) == (4, [])
    stored = snapshot(engine)
    assert [stored[t]["superseded_by"] for t in ("First.", "Second.", "Third.", "Fourth.")] == [
        "C", "OLD-9", None, "A"]
    assert [stored[t]["status"] for t in ("First.", "Second.", "Third.")] == [
        "superseded", "superseded", "open"]
    # A circle is refused, even through the tracker.
    rows[2]["superseded_by"] = "D"
    report = run_import(engine, write_tracker(tmp_path / "circle.csv", rows, headers))
    assert report.problems == [
        "row 2: Superseded by goes round in a circle: A → C → D → A",
        "row 4: Superseded by goes round in a circle: C → D → A → C",
        "row 5: Superseded by goes round in a circle: D → A → C → D"]
    with session_scope(engine) as session:
        add_item(session, reference="OLD-10", text="Another.", status="superseded",
                 superseded_by_id=session.scalars(select(TrackedItem.id).where(
                     TrackedItem.reference == "C")).one())
    circle = [{"reference": "C", "kind": "Rec", "text": "Third.", "superseded_by": "OLD-10"}]
    report = run_import(engine, write_tracker(tmp_path / "via.csv", circle, headers))
    assert report.problems == ["row 2: Superseded by goes round in a circle: C → OLD-10 → C"]


def test_two_columns_for_one_field_are_refused(engine: Engine, tmp_path: Path) -> None:
    rows = [{"a": "The force should act.", "b": "Another wording.", "kind": "AFI"}]
    path = write_tracker(tmp_path / "t.csv", rows,
                         {"kind": "Type", "a": "Recommendation", "b": "HMICFRS text"})
    report = run_import(engine, path)
    assert report.problems == ["row 1: columns B 'Recommendation' and C 'HMICFRS text' "
                               "both give Inspectorate text; keep one"]
    assert counts(engine) == (0, 0)


def test_the_inspectorate_text_and_the_force_action_are_two_fields(
        engine: Engine, tmp_path: Path) -> None:
    rows = [{"a": "All forces should publish data.", "b": "Publish quarterly on the website.",
             "kind": "Rec", "ref": "S-1"}]
    path = write_tracker(tmp_path / "t.csv", rows, {"ref": "Ref", "kind": "Type",
                                                    "a": "Recommendation",
                                                    "b": "Action required"})
    report = run_import(engine, path)
    assert report.ok and report.notes == []
    stored = snapshot(engine)["All forces should publish data."]
    assert stored["action_required"] == "Publish quarterly on the website."
    # A file with one column of wording, headed "Action required" as older exports were:
    # it is the item's text, and the force's action is left alone.
    older = write_tracker(tmp_path / "older.csv", [{"ref": "S-1", "b": "Forces should publish."}],
                          {"ref": "Ref", "b": "Action required"})
    assert run_import(engine, older).updated == 1
    stored = snapshot(engine)["Forces should publish."]
    assert stored["action_required"] == "Publish quarterly on the website."


# --- reading: headers and values (no database) -----------------------------------------------


@pytest.mark.parametrize(("heading", "field"), [
    ("Recommendation", "text"), ("Action required", "text"), ("ACTION", "text"),
    ("Recommendation/AFI", "text"), ("recommendation / afi", "text"),
    ("Chief Officer lead", "chief_officer_lead"), ("CO lead", "chief_officer_lead"),
    ("C.O. Lead", "chief_officer_lead"), ("Due date", "current_deadline"),
    ("Deadline", "current_deadline"), ("Target date", "current_deadline"),
    ("Status", "status"), ("RAG status", "delivery_confidence"), ("Ref", "reference"),
    ("ID", "reference"), ("Reference", "reference"), ("Type", "kind"),
    ("Level", "activity_level"), ("HMICFRS activity level", "activity_level"),
    ("Local / National", "scope"), ("Local/National", "scope"),
    ("Superseded by (reference)", "superseded_by"), ("PAF area", "paf_area"),
])
def test_header_aliases(tmp_path: Path, heading: str, field: str) -> None:
    values = {"text": "The force should act.", "chief_officer_lead": "ACC Crime",
              "current_deadline": "31 March 2026", "status": "In progress",
              "delivery_confidence": "Amber", "reference": "R-1", "kind": "AFI",
              "activity_level": "Level 3", "scope": "Local", "superseded_by": "R-2",
              "paf_area": "PAF 6a"}
    expected = {"text": "The force should act.", "chief_officer_lead": "ACC Crime",
                "current_deadline": dt.date(2026, 3, 31), "status": "in_progress",
                "delivery_confidence": "medium", "kind": "area_for_improvement",
                "activity_level": 3, "scope": "local", "superseded_by": "R-2", "paf_area": "6a"}
    headers = {"text": "Action"} if field != "text" else {}
    headers.update({"kind": "Kind"} if field != "kind" else {})
    headers[field] = heading
    headers["other"] = "Evidence folder"
    path = write_tracker(tmp_path / "t.csv", [{**values, "other": "S:/x"}], headers)
    read = read_tracker(path)
    assert read.problems == []
    assert read.headers[field] == heading
    [row] = read.rows
    if field == "reference":
        assert row.reference == "R-1"
    else:
        assert row.values[field] == expected[field]
    assert read.notes == ["columns ignored (not tracker fields): 'Evidence folder'"]


DATE_TEXTS = [
    ("2026-03-31", dt.date(2026, 3, 31)), ("31/03/2026", dt.date(2026, 3, 31)),
    ("31/3/26", dt.date(2026, 3, 31)), ("05.11.25", dt.date(2025, 11, 5)),
    ("31-03-2026", dt.date(2026, 3, 31)), ("31 March 2026", dt.date(2026, 3, 31)),
    ("31st March 2026", dt.date(2026, 3, 31)), ("1 Sept 2026", dt.date(2026, 9, 1)),
    ("31-Mar-2026", dt.date(2026, 3, 31)), ("March 31, 2026", dt.date(2026, 3, 31)),
    ("Tuesday 31 March 2026", dt.date(2026, 3, 31)), ("March 2026", dt.date(2026, 3, 31)),
    ("Feb 2028", dt.date(2028, 2, 29)), ("31/03/2026 00:00", dt.date(2026, 3, 31)),
    ("2026-03-31T00:00:00", dt.date(2026, 3, 31)), ("TBC", None), ("n/a", None), ("", None),
]
EXCEL_DATE_CELLS = [
    (dt.date(2026, 3, 31), dt.date(2026, 3, 31)), (dt.datetime(2026, 3, 31), dt.date(2026, 3, 31)),
    (dt.datetime(2026, 3, 31, 17, 30), dt.date(2026, 3, 31)), (46112, dt.date(2026, 3, 31)),
]


@pytest.mark.parametrize(("suffix", "cell", "expected"), [
    *[("csv", cell, expected) for cell, expected in DATE_TEXTS],
    *[("xlsx", cell, expected) for cell, expected in DATE_TEXTS + EXCEL_DATE_CELLS],
])
def test_dates(tmp_path: Path, suffix: str, cell: Any, expected: dt.date | None) -> None:
    path = write_tracker(tmp_path / f"t.{suffix}", [{"text": "Act.", "kind": "AFI", "d": cell}],
                         {"text": "Action", "kind": "Type", "d": "Due date"})
    read = read_tracker(path)
    assert read.problems == []
    assert read.rows[0].values["current_deadline"] == expected


@pytest.mark.parametrize("cell", ["31/02/2026", "32 March 2026", "Smarch 2026", "2026-13-01",
                                  "next spring", "12345", "31/03"])
def test_bad_dates(tmp_path: Path, cell: str) -> None:
    path = write_tracker(tmp_path / "t.csv", [{"text": "Act.", "kind": "AFI", "d": cell}],
                         {"text": "Action", "kind": "Type", "d": "Target date"})
    assert read_tracker(path).problems == [(2, f"row 2: Target date '{cell}' is not a date")]


@pytest.mark.parametrize(("heading", "cell", "field", "expected"), [
    ("PAF area", "6a", "paf_area", "6a"), ("PAF area", "PAF 6A", "paf_area", "6a"),
    ("PAF area", "6 (a)", "paf_area", "6a"), ("PAF area", "9", "paf_area", "9"),
    ("PAF area", "6a - Protecting vulnerable people", "paf_area", "6a"),
    ("Level", "3", "activity_level", 3), ("Level", "Level 2", "activity_level", 2),
    ("Level", "L4", "activity_level", 4), ("Level", "1.0", "activity_level", 1),
    ("Status", "Ongoing", "status", "in_progress"), ("Status", "in-progress", "status",
                                                     "in_progress"),
    ("Status", "Not started", "status", "open"), ("Status", "DONE", "status", "completed"),
    ("Status", "Incomplete", "status", "open"), ("Status", "closed", "status", "closed"),
    ("RAG", "Green", "delivery_confidence", "high"), ("RAG", "a", "delivery_confidence",
                                                      "medium"),
    ("Confidence", "LOW", "delivery_confidence", "low"),
    ("Applies to forces", "Y", "applies_to_forces", True),
    ("Applies to forces", "false", "applies_to_forces", False),
    ("Local/National", "N", "scope", "national"), ("Local/National", "Local", "scope", "local"),
    ("Type", "Area for improvement (AFI)", "kind", "area_for_improvement"),
    ("Type", "Causes of concern", "kind", "cause_of_concern"),
    ("Type", "Super complaint", "kind", "super_complaint"),
    ("Due date", "2026-03-31 17:30:00", "current_deadline", dt.date(2026, 3, 31)),
    ("Date added", "31/03/2026 17:30", "created_at",
     dt.datetime(2026, 3, 31, 17, 30, tzinfo=dt.UTC)),
    ("Date added", "2026-03-31T18:30:00+01:00", "created_at",
     dt.datetime(2026, 3, 31, 17, 30, tzinfo=dt.UTC)),
    ("Addressees", "Home Office, NPCC", "addressees", ["home_office", "npcc"]),
    ("Addressees", "police, fire and crime commissioners", "addressees", ["pccs"]),
    ("Addressees", "College of Policing\nA review board", "addressees",
     ["college_of_policing", "A review board"]),
])
def test_values(tmp_path: Path, heading: str, cell: str, field: str, expected: Any) -> None:
    path = write_tracker(tmp_path / "t.csv", [{"text": "Act.", "ref": "R-1", "v": cell}],
                         {"text": "Action", "ref": "Ref", "v": heading})
    read = read_tracker(path)
    assert read.problems == []
    assert read.rows[0].values[field] == expected


@pytest.mark.parametrize(("heading", "cell"), [
    ("PAF area", "6.1"), ("PAF area", "61"), ("Level", "0"), ("Level", "Level 5"),
    ("Status", "Finished?"), ("RAG", "Blue"), ("Applies to forces", "perhaps"),
])
def test_bad_values(tmp_path: Path, heading: str, cell: str) -> None:
    path = write_tracker(tmp_path / "t.csv", [{"text": "Act.", "ref": "R-1", "v": cell}],
                         {"text": "Action", "ref": "Ref", "v": heading})
    [(number, message)] = read_tracker(path).problems
    assert number == 2 and message.startswith(f"row 2: {heading} '{cell}' is not ")


def test_undecided_cells_are_blank_with_a_note(tmp_path: Path) -> None:
    rows = [{"text": f"Act {i}.", "kind": "AFI", "d": "TBC", "lead": "TBC"} for i in range(3)]
    path = write_tracker(tmp_path / "t.csv", rows,
                         {"text": "Action", "kind": "Type", "d": "Due date", "lead": "CO lead"})
    read = read_tracker(path)
    assert [r.values["current_deadline"] for r in read.rows] == [None, None, None]
    assert [r.values["chief_officer_lead"] for r in read.rows] == ["TBC"] * 3  # free text
    assert read.notes == ["Due date: 3 cells saying 'TBC' or similar read as blank "
                          "(rows 2, 3, 4)"]


def test_values_and_blanks_take_the_documented_defaults(engine: Engine, tmp_path: Path) -> None:
    rows = [{"text": "Chief constables should act.", "kind": "Recommendation",
             "to": "Chief constables; Home Office", "due": "31/03/2026"},
            {"text": "The Home Office should act.", "kind": "rec", "to": "Home Office"},
            {"text": "The force should act.", "kind": "AFI", "to": ""},
            {"text": "The force must act now.", "kind": "CoC", "to": "The force"}]
    path = write_tracker(tmp_path / "t.csv", rows, {"text": "Recommendation", "kind": "Type",
                                                     "to": "Addressees", "due": "Due date"})
    assert run_import(engine, path).new == 4
    stored = snapshot(engine)
    first = stored["Chief constables should act."]
    assert first["addressees"] == ["chief_constables", "home_office"]
    assert first["original_deadline"] == first["current_deadline"] == dt.date(2026, 3, 31)
    assert (first["status"], first["scope"], first["applies_to_forces"]) == (
        "open", "national", True)
    assert stored["The Home Office should act."]["applies_to_forces"] is False
    assert stored["The force should act."]["applies_to_forces"] is True
    assert stored["The force must act now."]["addressees"] == ["chief_constables"]


def test_kind_comes_from_a_single_kind_column_heading(tmp_path: Path) -> None:
    path = write_tracker(tmp_path / "t.csv", [{"text": "The force should act."}],
                         {"text": "Area for improvement"})
    assert read_tracker(path).rows[0].values["kind"] == "area_for_improvement"
    path = write_tracker(tmp_path / "u.csv", [{"text": "The force should act."}],
                         {"text": "Action required"})
    assert read_tracker(path).problems == [
        (2, "row 2: no Reference and no Kind column: give the row a Reference or add a Kind")]


@pytest.mark.parametrize(("encoding", "delimiter"), [
    ("utf-8", ","), ("utf-8-sig", ","), ("cp1252", ","), ("utf-8", ";"), ("utf-16", "\t")])
def test_csv_encodings_and_separators(tmp_path: Path, encoding: str, delimiter: str) -> None:
    rows = [{"text": "Victims’ needs — a review costing £5,000, é", "kind": "AFI",
             "lead": "ACO Ní Bhriain"}]
    path = write_tracker(tmp_path / "t.csv", rows,
                         {"text": "Action", "kind": "Type", "lead": "CO lead"},
                         encoding=encoding, delimiter=delimiter)
    read = read_tracker(path)
    assert read.rows[0].values["text"] == rows[0]["text"]
    assert read.rows[0].values["chief_officer_lead"] == "ACO Ní Bhriain"
    assert read.notes == (["the file is not UTF-8; it was read as Windows-1252"]
                          if encoding == "cp1252" else [])


def test_the_sheet_with_the_headers_is_read(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["This workbook lists our actions."])
    sheet = workbook.create_sheet("Actions")
    sheet.append(["Ref", "Type", "Recommendation", "Due date", "Status"])
    sheet.append(["R1", "AFI", "The force should act.", dt.datetime(2026, 3, 31), "Open"])
    workbook.save(path)
    read = read_tracker(path)
    assert [(r.reference, r.values["current_deadline"]) for r in read.rows] == [
        ("R1", dt.date(2026, 3, 31))]
    assert read.notes == ["read sheet 'Actions'; other sheets ignored: 'Notes'"]


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "the file is empty"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
     "an old Excel .xls workbook or a password-protected one: save it as .xlsx or .csv first"),
    (b"PK\x03\x04 not really a zip", "not a readable .xlsx workbook (BadZipFile)"),
    (b"%PDF-1.7\n...", "a PDF, not a tracker: expected a CSV or .xlsx file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not a CSV or .xlsx file (it holds binary data)"),
    (b"just some words\nand more words\n",
     "no header row in the first 20 rows: expected column headings such as Reference, "
     "Recommendation, Action required, Current deadline, Status"),
    (b"Status,Due date\nOpen,31/03/2026\n",
     "row 1: no column of the items' text and no Reference column (headings such as "
     "Recommendation, AFI, Inspectorate text, Action required, Reference, Ref)"),
])
def test_unreadable_files_write_nothing(engine: Engine, tmp_path: Path, content: bytes,
                                        reason: str) -> None:
    path = tmp_path / "tracker.csv"
    path.write_bytes(content)
    with pytest.raises(TrackerFileError) as caught:
        read_tracker(path)
    assert str(caught.value) == reason
    report = run_import(engine, path)
    assert report.error == reason and not report.ok
    assert report.summary() == f"{path}: {reason}; nothing written"
    assert counts(engine) == (0, 0)


def test_a_missing_file_or_a_folder_is_reported(engine: Engine, tmp_path: Path) -> None:
    assert run_import(engine, tmp_path / "nope.csv").error == (
        "cannot read the file (No such file or directory)")
    assert run_import(engine, tmp_path).error == "is a directory, not a tracker file"


# --- export ----------------------------------------------------------------------------------


def test_csv_export_is_excel_friendly(engine: Engine, tmp_path: Path) -> None:
    with session_scope(engine) as session:
        add_item(session, reference="R-1", number="1", text="- starts with a dash, “quoted” — £5",
                 current_deadline=dt.date(2026, 3, 31), delivery_confidence="medium",
                 created_at=dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
                 updated_at=dt.datetime(2025, 1, 2, 3, 4, 5, 678000, tzinfo=dt.UTC))
    stream = io.BytesIO()
    with session_scope(engine) as session:
        assert export_tracker(session, stream) == 1
    data = stream.getvalue()
    assert data.startswith(b"\xef\xbb\xbfReference,Source report,Published,Year,Kind,Number,"
                           b"Inspectorate text,Action required,")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].split(",") == list(EXPORT_HEADERS.values())
    assert lines[1] == ("R-1,,,,Recommendation,1,\"'- starts with a dash, “quoted” — £5\",,"
                        ",2026-03-31,,No,National,,,,,Medium,Open,,,,,,"
                        "2025-01-02 03:04:05,2025-01-02 03:04:05.678000")
    assert lines[2:] == [""]
    text_stream = io.StringIO()
    with session_scope(engine) as session:
        export_tracker(session, text_stream, "csv")
    assert text_stream.getvalue().encode("utf-8") == data


def test_xlsx_export_has_real_dates_and_text_that_is_not_a_formula(
        engine: Engine, tmp_path: Path) -> None:
    with session_scope(engine) as session:
        add_item(session, reference="R-1", text="=1+1", current_deadline=dt.date(2026, 3, 31),
                 original_deadline=dt.date(2025, 12, 31), activity_level=3,
                 created_at=dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC))
    path = tmp_path / "out.xlsx"
    with session_scope(engine) as session:
        assert export_tracker(session, path) == 1
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[1]] == list(EXPORT_HEADERS.values())
    cells = {header: cell for header, cell in zip(EXPORT_HEADERS.values(), sheet[2], strict=True)}
    assert cells["Inspectorate text"].value == "=1+1"
    assert cells["Inspectorate text"].data_type == "s"
    assert cells["Current deadline"].is_date
    assert cells["Current deadline"].value == dt.datetime(2026, 3, 31)
    assert cells["Original deadline"].value == dt.datetime(2025, 12, 31)
    assert cells["Created"].is_date and cells["Created"].value == dt.datetime(2025, 1, 2, 3, 4, 5)
    assert cells["Activity level"].value == 3
    assert sheet.freeze_panes == "A2"
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_an_export_that_fails_leaves_no_file(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="name it .csv or .xlsx"), \
            session_scope(engine) as session:
        export_tracker(session, tmp_path / "out.txt")
    assert list(tmp_path.iterdir()) == []


def test_an_import_needs_an_actor(engine: Engine, tmp_path: Path) -> None:
    path = write_tracker(tmp_path / "t.csv", [{"text": "Act.", "kind": "AFI"}],
                         {"text": "Action", "kind": "Type"})
    with pytest.raises(ValueError, match="name of the person"), \
            session_scope(engine) as session:
        import_tracker(session, path, "  ")


def test_the_import_is_summarised_in_the_audit_trail(engine: Engine, tmp_path: Path) -> None:
    path = write_items(tmp_path / "t.csv", make_items(5))
    run_import(engine, path, actor="Jo Bloggs")
    with Session(engine) as session:
        summary = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "import_tracker")).one()
        created = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "import_item")).all()
    assert summary.actor == "Jo Bloggs" and summary.entity_type == "tracker"
    assert summary.after["file"] == "t.csv" and len(summary.after["sha256"]) == 64
    assert (summary.after["rows"], summary.after["new"], summary.after["unchanged"]) == (5, 5, 0)
    assert len(created) == 5 and {e.entity_type for e in created} == {"tracked_items"}
    assert {e.after["reference"] for e in created} == {
        row["reference"] for row in snapshot(engine).values()}


# --- progress updates, the source report's date ----------------------------------------------

UPDATE_HEADERS = {"ref": "Ref", "kind": "Type", "text": "Recommendation",
                  "action": "Action required", "update": "Force update",
                  "on": "Update date", "by": "Update by"}


def updates_of(engine: Engine, reference: str) -> list[tuple[str, str, dt.date]]:
    with Session(engine) as session:
        item = session.scalars(select(TrackedItem).where(
            TrackedItem.reference == reference)).one()
        return [(u.text, u.author, u.at.date()) for u in item.updates]


def test_a_rows_update_is_added_once_and_never_doubled(engine: Engine, tmp_path: Path) -> None:
    row = {"ref": "S-1", "kind": "AFI", "text": "The force should audit cases.",
           "action": "Monthly audit by the PVP team.", "update": "First audit done.",
           "on": "03/02/2025", "by": "DI Rao"}
    first = write_tracker(tmp_path / "first.csv", [row], UPDATE_HEADERS)
    report = run_import(engine, first)
    assert (report.new, report.progress_updates) == (1, 1)
    assert "1 progress update added" in report.summary()
    assert updates_of(engine, "S-1") == [("First audit done.", "DI Rao", dt.date(2025, 2, 3))]
    again = run_import(engine, first)
    assert (again.updated, again.unchanged, again.progress_updates) == (0, 1, 0)

    later = write_tracker(tmp_path / "later.csv", [{**row, "update": "Second audit: 9/10 good.",
                                                    "on": "", "by": ""}], UPDATE_HEADERS)
    report = run_import(engine, later, actor="Pat Policy")
    assert (report.updated, report.progress_updates) == (1, 1)
    texts = updates_of(engine, "S-1")
    assert [t[:2] for t in texts] == [("First audit done.", "DI Rao"),
                                      ("Second audit: 9/10 good.", "Pat Policy")]
    # The first file again (an older copy): its update is already there, nothing is added.
    assert run_import(engine, first).unchanged == 1
    assert len(updates_of(engine, "S-1")) == 2
    with Session(engine) as session:
        item = session.scalars(select(TrackedItem).where(TrackedItem.reference == "S-1")).one()
        assert item.latest_update.text == "Second audit: 9/10 good."
        assert item.action_required == "Monthly audit by the PVP team."
        added = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "add_progress_update")).all()
        assert len(added) == 2 and {e.entity_id for e in added} == {item.id}


def test_an_update_dated_in_the_future_or_a_date_without_an_update_is_a_problem(
        engine: Engine, tmp_path: Path) -> None:
    rows = [{"ref": "S-1", "kind": "AFI", "text": "Act.", "update": "Done.", "on": "1/1/2999"},
            {"ref": "S-2", "kind": "AFI", "text": "Act again.", "on": "1/1/2025"}]
    report = run_import(engine, write_tracker(tmp_path / "t.csv", rows, UPDATE_HEADERS))
    assert report.problems == ["row 2: Update date '2999-01-01' is in the future",
                               "row 3: Update date is given but Force update is blank"]
    assert counts(engine) == (0, 0)


@pytest.mark.parametrize(("cells", "published", "year"), [
    ({"published": "12 July 2023"}, dt.date(2023, 7, 12), 2023),
    ({"published": "2023"}, None, 2023),
    ({"published": "2018/19"}, None, 2019),
    ({"year": "2021"}, None, 2021),
    ({"title": "PEEL 2021/22: an inspection of Northmoor Police"}, None, 2022),
    ({"title": "Stalking: a thematic inspection"}, None, None),
    ({"published": "2023-03-01", "year": "2023", "title": "A 2019 review"},
     dt.date(2023, 3, 1), 2023),
])
def test_the_source_report_is_dated_from_its_date_its_year_or_its_title(
        tmp_path: Path, cells: dict[str, str], published: dt.date | None,
        year: int | None) -> None:
    headers = {"kind": "Type", "text": "Recommendation", "title": "Report",
               "published": "Publication date", "year": "Report year"}
    row = {"kind": "Rec", "text": "Act.", **cells}
    values = read_tracker(write_tracker(tmp_path / "t.csv", [row], headers)).rows[0].values
    assert values["source_published"] == published
    assert values.get("source_year") == year


def test_a_year_that_contradicts_the_publication_date_is_a_problem(tmp_path: Path) -> None:
    headers = {"kind": "Type", "text": "Recommendation", "published": "Published",
               "year": "Year"}
    rows = [{"kind": "Rec", "text": "Act.", "published": "1 May 2023", "year": "2021"},
            {"kind": "Rec", "text": "Act.", "published": "soon"}]
    read = read_tracker(write_tracker(tmp_path / "t.csv", rows, headers))
    assert [p for _n, p in read.problems] == [
        "row 2: Year '2021' is not the year of Published (2023)",
        "row 3: Published 'soon' is not a date or a year"]
