"""Plenary packs, live activity (now and as of past dates), deadlines and reconciliation,
on SQLite and PostgreSQL, against trackers built in each test."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from hmic_actions.settings import SettingsError
from models.ops.drafts import (
    confirm_draft,
    record_extraction,
    record_suggestions,
    reject_draft,
)
from models.ops.errors import NotFoundError, OperationError
from models.ops.items import edit_item, supersede_item
from models.reporting.activity import live_activity, monthly_live, parse_month
from models.reporting.deadlines import deadlines
from models.reporting.pack import plenary_pack
from models.reporting.reconciliation import reconciliation
from models.reporting.rules import (
    activity_level_rules,
    lead_for,
    load_paf_leads,
    suggest_activity_level,
)
from models.tables import AuditEvent, TrackedItem
from models.tracker.importing import import_tracker
from tests.builders.rows import add_item, add_report, extraction, item
from tests.builders.trackers import write_tracker


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def change(session: Session, target: TrackedItem, day: date, **changes: Any) -> None:
    """Edit an item as if it had been done at noon on ``day`` (its audit event is dated so)."""
    edit_item(session, target.id, changes, "tests")
    event = session.scalars(select(AuditEvent).where(
        AuditEvent.entity_id == target.id, AuditEvent.entity_type == "tracked_items")
        .order_by(AuditEvent.id.desc())).first()
    event.at = at(day)
    session.flush()


def row(table: dict[str, Any], key: str) -> dict[str, Any]:
    return next(r for r in table["rows"] if r["key"] == key)


# --- live activity -------------------------------------------------------------------------


def test_live_activity_counts_every_live_item_once_by_kind_level_and_scope(session):
    rng = random.Random(5)
    expected: Counter[tuple[str, str]] = Counter()
    kinds = ("recommendation", "area_for_improvement", "cause_of_concern", "super_complaint")
    for n in range(60):
        kind = kinds[n % 4]
        level = rng.choice((1, 2, 3, 4, None))
        scope = rng.choice(("local", "national"))
        status = rng.choice(("open", "in_progress", "completed", "closed"))
        add_item(session, kind=kind, activity_level=level, scope=scope, status=status,
                 created_at=at(date(2025, 1, 1) + timedelta(days=n)))
        if status in ("open", "in_progress"):
            key = (f"{kind}:{level or 'none'}" if kind in kinds[:2] else kind)
            expected[(key, scope)] += 1
    table = live_activity(session, date(2026, 1, 1))
    for r in table["rows"]:
        assert (r["local"], r["national"]) == (expected[(r["key"], "local")],
                                               expected[(r["key"], "national")]), r["key"]
        assert r["total"] == r["local"] + r["national"]
    live = sum(expected.values())
    assert table["totals"]["total"] == live == sum(r["total"] for r in table["rows"])
    assert table["totals"]["local"] == sum(v for (_, s), v in expected.items() if s == "local")
    labels = [r["label"] for r in table["rows"]]
    assert labels[0] == "Cause of concern" and labels[-1] == "Super-complaint"
    assert "Recommendation level 3" in labels and "AFI (level not set)" in labels


def test_live_activity_as_of_a_past_date_ignores_later_changes_and_later_items(session):
    early = add_item(session, kind="recommendation", activity_level=2, scope="national",
                     created_at=at(date(2025, 1, 10)))
    local = add_item(session, kind="area_for_improvement", activity_level=3, scope="local",
                     created_at=at(date(2025, 2, 1)))
    concern = add_item(session, kind="cause_of_concern", scope="local",
                       created_at=at(date(2025, 3, 1)))
    # Later: the recommendation is raised to level 3 in May and completed in August; the
    # AFI is closed in July; a new item arrives in September.
    change(session, early, date(2025, 5, 2), activity_level=3)
    change(session, early, date(2025, 8, 1), status="completed", evidence="Audit report")
    change(session, local, date(2025, 7, 15), status="closed", evidence="Closure report")
    add_item(session, kind="recommendation", activity_level=1, scope="local",
             created_at=at(date(2025, 9, 3)))

    march = live_activity(session, date(2025, 3, 31))
    assert row(march, "recommendation:2")["national"] == 1
    assert row(march, "recommendation:3")["total"] == 0
    assert row(march, "area_for_improvement:3")["local"] == 1
    assert row(march, "cause_of_concern")["local"] == 1
    assert march["totals"] == {"local": 2, "national": 1, "total": 3}

    june = live_activity(session, date(2025, 6, 30))
    assert row(june, "recommendation:2")["total"] == 0
    assert row(june, "recommendation:3")["national"] == 1
    assert june["totals"]["total"] == 3

    # The day of a change counts with the change; the day before without it.
    assert live_activity(session, date(2025, 7, 14))["totals"]["total"] == 3
    assert live_activity(session, date(2025, 7, 15))["totals"]["total"] == 2

    now = live_activity(session, date(2026, 1, 31))
    assert row(now, "recommendation:1")["local"] == 1
    assert row(now, "cause_of_concern")["local"] == 1
    assert now["totals"] == {"local": 2, "national": 0, "total": 2}
    assert concern.status == "open"

    # Before anything was created, nothing was live.
    assert live_activity(session, date(2024, 12, 31))["totals"]["total"] == 0


def test_items_confirmed_from_drafts_and_superseded_follow_their_audit_trail(session):
    report = add_report(session, title="Vetting", published=date(2025, 4, 1))
    drafts = record_extraction(session, report, extraction(
        item("Forces should vet again.", number="1", applies_to_forces=True),
        item("Forces should vet more.", number="2", applies_to_forces=True)))
    first = confirm_draft(session, drafts[0].id, "tests")
    second = confirm_draft(session, drafts[1].id, "tests")
    today = datetime.now(UTC).date()
    assert live_activity(session, today)["totals"]["total"] == 2
    supersede_item(session, first.id, second.id, "tests")
    assert live_activity(session, today)["totals"]["total"] == 1
    # Created today: not there yesterday.
    assert live_activity(session, today - timedelta(days=1))["totals"]["total"] == 0


def test_monthly_series_counts_live_items_by_kind_at_each_month_end(session):
    a = add_item(session, kind="recommendation", created_at=at(date(2025, 1, 15)))
    add_item(session, kind="area_for_improvement", created_at=at(date(2025, 2, 28)))
    add_item(session, kind="super_complaint", created_at=at(date(2025, 3, 31)))
    change(session, a, date(2025, 3, 1), status="completed", evidence="Audit report")
    series = monthly_live(session, (2024, 12), (2025, 4))
    assert [m["month"] for m in series["months"]] == [
        "2024-12", "2025-01", "2025-02", "2025-03", "2025-04"]
    assert [m["as_of"] for m in series["months"]][2] == "2025-02-28"
    assert [m["total"] for m in series["months"]] == [0, 1, 2, 2, 2]
    march = series["months"][3]["counts"]
    assert march == {"recommendation": 0, "area_for_improvement": 1, "cause_of_concern": 0,
                     "super_complaint": 1}
    assert series["from"] == "2024-12" and series["to"] == "2025-04"


@pytest.mark.parametrize("start, end, message", [
    ((2025, 5), (2025, 4), "backwards"),
    ((2000, 1), (2025, 4), "at most"),
])
def test_monthly_series_refuses_bad_ranges(session, start, end, message):
    with pytest.raises(OperationError, match=message):
        monthly_live(session, start, end)


@pytest.mark.parametrize("value", ["2025-13", "2025-1", "25-01", "", "1899-12", "2025-00"])
def test_parse_month_refuses_what_is_not_a_month(value):
    with pytest.raises(OperationError):
        parse_month(value, "from")


# --- deadlines -----------------------------------------------------------------------------


IMPORT_HEADERS = {"ref": "Reference", "kind": "Type", "text": "Recommendation",
                  "published": "Published", "year": "Year", "created": "Created",
                  "status": "Status"}


def test_imported_items_count_from_the_day_they_were_made_not_the_import(
        session, tmp_path: Path):
    rows = [
        {"ref": "T-1", "kind": "Recommendation", "text": "Forces should vet staff.",
         "published": "2025-02-14"},
        {"ref": "T-2", "kind": "AFI", "text": "The force should train call handlers.",
         "published": "2025-04-03"},
        {"ref": "T-3", "kind": "Recommendation", "text": "Forces should audit custody.",
         "year": "2024"},
        # A Created date wins over the report's date.
        {"ref": "T-4", "kind": "Cause of concern", "text": "The force does not protect.",
         "published": "2024-06-01", "created": "2025-05-20"},
        {"ref": "T-5", "kind": "Recommendation", "text": "Forces should publish data.",
         "published": "2025-01-10", "status": "Completed"},
        # Nothing to date it by: the day of the import.
        {"ref": "T-6", "kind": "AFI", "text": "The force should improve records."},
    ]
    path = write_tracker(tmp_path / "tracker.csv", rows, IMPORT_HEADERS)
    assert import_tracker(session, path, "tests").ok
    series = monthly_live(session, (2024, 12), (2025, 6))
    totals = {m["month"]: m["total"] for m in series["months"]}
    # T-3 from January 2024; T-1 from February 2025, T-2 from April, T-4 from May 2025. T-5
    # ended before the import: it is not live in any month (its state is as imported).
    assert totals == {"2024-12": 1, "2025-01": 1, "2025-02": 2, "2025-03": 2,
                      "2025-04": 3, "2025-05": 4, "2025-06": 4}
    by_kind = {m["month"]: m["counts"] for m in series["months"]}
    assert by_kind["2025-05"]["cause_of_concern"] == 1
    assert by_kind["2025-04"]["cause_of_concern"] == 0
    assert live_activity(session, date(2025, 3, 31))["totals"]["total"] == 2
    today = date.today()
    assert live_activity(session, today)["totals"]["total"] == 5  # T-6 from today on
    assert live_activity(session, today - timedelta(days=1))["totals"]["total"] == 4


def test_items_imported_before_imports_said_how_they_were_dated_still_count_back(session):
    # An import event without the flag: a creation time far from the import's is the file's
    # Created date; one at the import's time was made by the import.
    dated = add_item(session, source_published=date(2023, 3, 1),
                     created_at=at(date(2024, 7, 1)))
    undated = add_item(session, source_published=date(2023, 3, 1), created_at=at(date.today()))
    for made in (dated, undated):
        session.add(AuditEvent(actor="tests", action="import_item",
                               entity_type="tracked_items", entity_id=made.id,
                               after={"status": "open", "kind": "recommendation"},
                               at=at(date.today())))
    session.flush()
    months = monthly_live(session, (2023, 2), (2024, 7))["months"]
    assert [m["total"] for m in months[:2]] == [0, 1]  # undated: from March 2023
    assert months[-1]["total"] == 2  # dated: from July 2024


def test_deadlines_group_live_items_by_lead_and_bucket(session):
    today = date(2026, 3, 1)
    made = {
        "overdue": add_item(session, current_deadline=today - timedelta(days=1),
                            chief_officer_lead="DCC Example"),
        "today": add_item(session, current_deadline=today, chief_officer_lead="DCC Example"),
        "d30": add_item(session, current_deadline=today + timedelta(days=30)),
        "d31": add_item(session, current_deadline=today + timedelta(days=31),
                        chief_officer_lead="ACC Crime"),
        "d90": add_item(session, current_deadline=today + timedelta(days=90),
                        chief_officer_lead="ACC Crime"),
        "d91": add_item(session, current_deadline=today + timedelta(days=91)),
    }
    add_item(session, current_deadline=today - timedelta(days=5), status="completed")
    add_item(session, current_deadline=today + timedelta(days=3), status="closed")
    add_item(session, current_deadline=None)
    result = deadlines(session, today)
    assert [g["lead"] for g in result["leads"]] == ["ACC Crime", "DCC Example", "No lead"]
    by_lead = {g["lead"]: g for g in result["leads"]}
    refs = {lead: {b: [i["reference"] for i in g[b]] for b in result["buckets"]}
            for lead, g in by_lead.items()}
    assert refs["DCC Example"]["overdue"] == [made["overdue"].reference]
    assert refs["DCC Example"]["due_0_30"] == [made["today"].reference]
    assert refs["No lead"]["due_0_30"] == [made["d30"].reference]
    assert refs["ACC Crime"]["due_31_60"] == [made["d31"].reference]
    assert refs["ACC Crime"]["due_61_90"] == [made["d90"].reference]
    assert result["due_later"] == 1
    assert result["counts"] == {"overdue": 1, "due_0_30": 2, "due_31_60": 1, "due_61_90": 1}
    assert by_lead["DCC Example"]["overdue"][0]["days"] == -1


def test_deadlines_keep_items_not_for_the_force_apart(session):
    today = date(2026, 3, 1)
    overdue = today - timedelta(days=5)
    national = {"applies_to_forces": False, "scope": "national"}
    home_office = add_item(session, current_deadline=overdue, addressees=["home_office"],
                           **national)
    by_name = add_item(session, current_deadline=today + timedelta(days=40),
                       addressees=["College of Policing", "NPCC"], **national)
    # The force's: no addressees (its own tracker's), forces among them, or a local item.
    unaddressed = add_item(session, current_deadline=overdue, addressees=[], **national)
    shared = add_item(session, current_deadline=overdue,
                      addressees=["home_office", "chief_constables"], **national)
    local = add_item(session, current_deadline=overdue, addressees=["npcc"],
                     applies_to_forces=False, scope="local", chief_officer_lead="DCC")
    add_item(session, current_deadline=today + timedelta(days=200), addressees=["nca"],
             **national)
    result = deadlines(session, today)
    refs = {g["lead"]: [i["reference"] for i in g["overdue"]] for g in result["leads"]}
    assert refs == {"DCC": [local.reference],
                    "No lead": [unaddressed.reference, shared.reference]}
    assert result["counts"] == {"overdue": 3, "due_0_30": 0, "due_31_60": 0, "due_61_90": 0}
    assert result["due_later"] == 0
    apart = result["not_for_force"]
    assert apart["label"] == "For information: not the force's to deliver"
    assert [(i["reference"], i["bucket"]) for i in apart["items"]] == [
        (home_office.reference, "overdue"), (by_name.reference, "due_31_60")]
    assert apart["counts"] == {"overdue": 1, "due_0_30": 0, "due_31_60": 1, "due_61_90": 0}
    assert "not counted" in apart["about"]


# --- reconciliation ------------------------------------------------------------------------


def test_reconciliation_walks_chains_and_lists_unmatched_new_items(session):
    report = add_report(session, title="Revisit", published=date(2025, 6, 1))
    old = add_item(session, reference="HMI-2019-0001", source_report="First look")
    mid = add_item(session, reference="HMI-2022-0004", source_report="Second look")
    new = add_item(session, reference="HMI-2025-0002", source_report_id=report.id,
                   source_report="Revisit")
    supersede_item(session, old.id, mid.id, "tests")
    supersede_item(session, mid.id, new.id, "tests")
    lone = add_item(session, reference="HMI-2020-0009")
    other = add_item(session, reference="HMI-2021-0003")
    supersede_item(session, lone.id, other.id, "tests")
    drafts = record_extraction(session, report, extraction(
        item("Forces should do one."), item("Forces should do two."),
        item("Forces should do three."), item("Forces should do four.")))
    for draft in drafts:
        record_suggestions(session, draft.id, "no_candidate", [])
    record_suggestions(session, drafts[3].id, "found", [{"tracked_id": new.id,
                                                             "relation": "related"}])
    confirm_draft(session, drafts[1].id, "tests")
    reject_draft(session, drafts[2].id, "tests", "not for us")

    result = reconciliation(session)
    chains = [[i["reference"] for i in c["items"]] for c in result["chains"]]
    assert sorted(chains) == [["HMI-2019-0001", "HMI-2022-0004", "HMI-2025-0002"],
                              ["HMI-2020-0009", "HMI-2021-0003"]]
    long_chain = next(c for c in result["chains"] if c["length"] == 3)
    assert [i["status"] for i in long_chain["items"]] == ["superseded", "superseded", "open"]
    assert long_chain["items"][2]["source_report_id"] == report.id
    closed = {i["reference"]: i["superseded_by"]["reference"]
              for i in result["closed_as_superseded"]}
    assert closed == {"HMI-2019-0001": "HMI-2022-0004", "HMI-2022-0004": "HMI-2025-0002",
                      "HMI-2020-0009": "HMI-2021-0003"}
    unmatched = result["unmatched"]
    assert [u["draft_id"] for u in unmatched] == [drafts[0].id, drafts[1].id]
    assert unmatched[1]["review_state"] == "accepted"
    assert unmatched[1]["tracked_item"]["reference"].startswith("HMI-2025-")
    assert unmatched[0]["report"]["title"] == "Revisit"
    assert result["counts"] == {"chains": 2, "closed_as_superseded": 3, "restated": 0,
                                "unmatched": 2}


# --- plenary pack --------------------------------------------------------------------------


def test_plenary_pack_puts_items_for_forces_first_with_suggestions(session, pack_report):
    drafts = pack_report["drafts"]
    leads = load_paf_leads()
    pack = plenary_pack(session, pack_report["report"].id, leads)
    assert pack["report"]["title"] == "Stalking: a national inspection"
    assert [e["draft_id"] for e in pack["for_action"]] == [
        drafts[0].id, drafts[1].id, drafts[3].id, drafts[4].id]
    assert [e["draft_id"] for e in pack["for_information"]] == [drafts[2].id]
    assert pack["counts"] == {"for_action": 4, "for_information": 1, "pending": 4,
                              "decided": 1, "dependencies": 1, "not_items": 0}
    first, second, concern, afi = pack["for_action"]
    assert (first["deadline"], first["deadline_source"]) == ("2026-03-31", "stated")
    assert (second["deadline"], second["deadline_source"]) == ("2026-04-24", "proposed")
    assert concern["deadline_source"] == "immediate" and concern["deadline"] is None
    assert first["paf"] == {"area": "7a", "title": "Safeguarding"}
    assert first["chief_officer_lead"] == leads["7"]
    assert second["paf"] is None and second["chief_officer_lead"] is None
    assert concern["activity_level"]["level"] == 4
    assert first["activity_level"]["level"] == 3
    assert afi["activity_level"]["level"] == 2
    assert pack["for_information"][0]["activity_level"]["level"] == 1
    assert [(m["reference"], m["relation"], m["score"]) for m in first["matches"]] == [
        ("HMI-2021-0042", "supersedes", 81.5), ("HMI-2019-0007", "related", 40.0)]
    assert first["matches"][0]["reasons"] == ["same subject", "re-states the old item"]
    assert first["superseding"] == [{"tracked_item_id": pack_report["old"].id,
                                     "reference": "HMI-2021-0042", "status": "open",
                                     "score": 81.5, "source": "suggested",
                                     "label": "Proposed to supersede HMI-2021-0042"}]
    # What people read: plain words and names, not codes.
    assert [(m["label"], m["band_label"]) for m in first["matches"]] == [
        ("probably supersedes HMI-2021-0042", "strong match"),
        ("may be related to HMI-2019-0007", "worth a look")]
    assert first["addressee_names"] == ["Chief constables (police forces)"]
    assert pack["for_information"][0]["addressee_names"] == ["Home Office"]
    assert first["kind_label"] == "Recommendation" and concern["kind_label"] == (
        "Cause of concern")
    assert first["decision"]["state"] == "pending" and not first["decision"]["decided"]
    assert first["decision"]["label"] == "Pending"
    # The linked draft: decided, its new item supersedes the old one (not listed twice).
    assert afi["decision"]["decided"] and afi["decision"]["state"] == "accepted"
    assert afi["decision"]["tracked_item"]["reference"].startswith("HMI-2025-")
    assert [(s["reference"], s["source"], s["status"]) for s in afi["superseding"]] == [
        ("HMI-2019-0007", "decided", "superseded")]
    assert afi["superseding"][0]["label"] == "Supersedes HMI-2019-0007"
    assert afi["decision"]["label"] == (
        f"Accepted as {afi['decision']['tracked_item']['reference']}")
    dependency = pack["dependencies"][0]
    assert dependency["item"] == {"draft_id": drafts[1].id, "kind": "recommendation",
                                  "number": "2"}
    assert dependency["depends_on"] == {"draft_id": drafts[0].id, "kind": "recommendation",
                                        "number": "1"}
    assert dependency["phrase"] == "Once recommendation 1 has been implemented"


def test_a_draft_rejected_as_not_an_item_is_nowhere_in_the_pack(session, pack_report):
    drafts = pack_report["drafts"]
    report_id = pack_report["report"].id
    # Rejected as not an item: the first (for forces, and the one another depends on) and
    # the Home Office's; rejected for other reasons, the cause of concern is still an item.
    reject_draft(session, drafts[0].id, "tests", "Not an item (read in error)")
    reject_draft(session, drafts[2].id, "tests", "  not an item: a heading read as one")
    reject_draft(session, drafts[3].id, "tests", "Not for this force")
    pack = plenary_pack(session, report_id, {})
    listed = [e["draft_id"] for e in pack["for_action"] + pack["for_information"]]
    assert listed == [drafts[1].id, drafts[3].id, drafts[4].id]
    assert pack["for_information"] == []
    assert pack["counts"] == {"for_action": 3, "for_information": 0, "pending": 1,
                              "decided": 2, "dependencies": 1, "not_items": 2}
    # The second still says it waits for "recommendation 1", but no draft stands for it.
    [dependency] = pack["dependencies"]
    assert dependency["item"]["draft_id"] == drafts[1].id
    assert dependency["depends_on"] == {"draft_id": None, "kind": "recommendation",
                                        "number": "1"}
    kept = next(e for e in pack["for_action"] if e["draft_id"] == drafts[3].id)
    assert kept["decision"]["label"] == "Rejected" and kept["decision"]["note"] == (
        "Not for this force")


def test_plenary_pack_of_a_missing_report_is_not_found(session):
    with pytest.raises(NotFoundError, match="report 999 does not exist"):
        plenary_pack(session, 999, {})


# --- settings ------------------------------------------------------------------------------


def test_shipped_leads_cover_every_paf_question():
    leads = load_paf_leads()
    assert sorted(leads) == [str(n) for n in range(1, 10)]
    assert all(isinstance(v, str) and v for v in leads.values())
    assert lead_for("6b", leads) == leads["6"]
    assert lead_for(None, leads) is None and lead_for("x", leads) is None


def test_leads_file_from_the_environment_overrides_the_shipped_one(tmp_path, monkeypatch):
    path = tmp_path / "leads.toml"
    path.write_text('[leads]\n"6" = "ACC  Investigations"\n', encoding="utf-8")
    monkeypatch.setenv("HMIC_PAF_LEADS_FILE", str(path))
    assert load_paf_leads() == {"6": "ACC Investigations"}


@pytest.mark.parametrize("content, message", [
    (None, "does not exist"),
    ("[leads\n", "not valid TOML"),
    ("title = 'x'\n", r"needs a \[leads\] table"),
    ('[leads]\n"10" = "ACC"\n', "'10' is not a PAF question"),
    ('[leads]\n"3" = ""\n', "non-empty string"),
    ('[leads]\n"3" = 4\n', "non-empty string"),
])
def test_a_bad_leads_file_gives_one_clear_error(tmp_path: Path, monkeypatch, content, message):
    path = tmp_path / "leads.toml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setenv("HMIC_PAF_LEADS_FILE", str(path))
    with pytest.raises(SettingsError, match=message) as caught:
        load_paf_leads()
    assert "\n" not in str(caught.value) and "HMIC_PAF_LEADS_FILE" in str(caught.value)


def test_activity_level_rule_is_data_and_covers_every_kind():
    assert suggest_activity_level("cause_of_concern", True, "local")["level"] == 4
    assert suggest_activity_level("recommendation", True, "national")["level"] == 3
    assert suggest_activity_level("area_for_improvement", True, "local")["level"] == 2
    assert suggest_activity_level("recommendation", False, "national")["level"] == 1
    for rule in activity_level_rules():
        assert rule.level in (1, 2, 3, 4) and rule.why
