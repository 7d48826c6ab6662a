"""The leads' endpoints through Flask's test client, on SQLite and PostgreSQL: plenary pack
(JSON, XLSX, PDF), live activity (JSON, XLSX, monthly, SVG), deadlines (JSON, iCalendar with
a token in the URL), reconciliation, roles and bad input."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

import openpyxl
import pytest
from icalendar import Calendar
from sqlalchemy import Engine

from hmic_actions.vocab import KIND_SHORT_LABELS
from models.db import session_scope
from models.ops.drafts import record_extraction, record_suggestions
from models.ops.items import supersede_item
from models.ops.users import revoke_token, token_for
from models.reporting.activity import live_activity
from tests.api.test_review import assert_error
from tests.builders.rows import add_item, add_report, extraction, item
from tests.models.test_reporting_files import pdf_text
from tests.service import api_token

TODAY = date(2026, 3, 1)


@pytest.fixture
def tracker(engine: Engine) -> dict[str, Any]:
    """A report with drafts, and tracked items: live, ended, superseded, with deadlines."""
    with session_scope(engine) as session:
        report = add_report(session, title="Custody: a joint thematic inspection",
                            published=date(2025, 11, 3))
        drafts = record_extraction(session, report, extraction(
            item("Chief constables should review custody records.", number="1",
                 applies_to_forces=True, deadline="2026-06-30"),
            item("Once recommendation 1 has been implemented, chief constables should audit "
                 "custody.", number="2", applies_to_forces=True),
            item("The Home Office should fund custody nurses.", number="3",
                 applies_to_forces=False)))
        old = add_item(session, reference="HMI-2020-0001", kind="recommendation",
                       activity_level=3, scope="national", current_deadline=TODAY)
        new = add_item(session, reference="HMI-2024-0001", kind="recommendation",
                       activity_level=3, scope="national",
                       current_deadline=TODAY + timedelta(days=40),
                       chief_officer_lead="ACC Crime")
        supersede_item(session, old.id, new.id, "tests")
        due = add_item(session, reference="HMI-2025-0003", kind="area_for_improvement",
                       activity_level=2, scope="local",
                       current_deadline=TODAY - timedelta(days=10))
        done = add_item(session, reference="HMI-2025-0004", kind="cause_of_concern",
                        scope="local", status="completed", current_deadline=TODAY)
        record_suggestions(session, drafts[0].id, "found", [
            {"tracked_id": new.id, "relation": "supersedes", "score": 77.0,
             "band": "suggest_link", "reasons": ["same subject"]}])
        record_suggestions(session, drafts[2].id, "no_candidate", [])
        return {"report": report.id, "drafts": [d.id for d in drafts], "old": old.id,
                "new": new.id, "due": due.id, "done": done.id}


ENDPOINTS = ["/api/reports/{report}/pack", "/api/reports/{report}/pack.xlsx",
             "/api/reports/{report}/pack.pdf", "/api/live-activity",
             "/api/live-activity.xlsx", "/api/live-activity/monthly",
             "/api/live-activity/chart.svg", "/api/deadlines", "/api/deadlines.ics",
             "/api/reconciliation"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_endpoint_needs_a_caller_and_a_viewer_may_read(tracker, anonymous, viewer, path):
    url = path.format(report=tracker["report"])
    assert_error(anonymous.get(url), 401, "unauthenticated")
    response = viewer.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)


def test_pack_json_lists_items_for_forces_then_for_information(tracker, viewer):
    response = viewer.get(f"/api/reports/{tracker['report']}/pack")
    body = response.get_json()
    assert body["report"]["title"] == "Custody: a joint thematic inspection"
    assert [e["draft_id"] for e in body["for_action"]] == tracker["drafts"][:2]
    assert [e["draft_id"] for e in body["for_information"]] == tracker["drafts"][2:]
    first = body["for_action"][0]
    assert first["superseding"][0]["reference"] == "HMI-2024-0001"
    assert first["matches"][0]["relation"] == "supersedes"
    assert first["activity_level"]["level"] == 3 and first["decision"]["state"] == "pending"
    assert body["dependencies"][0]["depends_on"]["draft_id"] == tracker["drafts"][0]
    assert set(body) == {"report", "generated_at", "counts", "for_action", "for_information",
                         "dependencies"}


def test_pack_files_open_and_carry_the_report(tracker, viewer):
    xlsx = viewer.get(f"/api/reports/{tracker['report']}/pack.xlsx")
    assert xlsx.mimetype == reporting_xlsx_type()
    assert "attachment" in xlsx.headers["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    assert workbook.sheetnames == ["For force action", "For information", "Dependencies"]
    assert workbook["For force action"].max_row == 3
    assert workbook["For information"]["C2"].value == "The Home Office should fund custody nurses."
    pdf = viewer.get(f"/api/reports/{tracker['report']}/pack.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert "Custody: a joint thematic inspection" in pdf_text(pdf.data)


def reporting_xlsx_type() -> str:
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("suffix", ["pack", "pack.xlsx", "pack.pdf"])
def test_pack_of_a_missing_report_is_404(viewer, tracker, suffix):
    assert_error(viewer.get(f"/api/reports/99999/{suffix}"), 404, "not_found")


def test_pack_with_a_bad_leads_file_is_one_clear_error(tracker, viewer, tmp_path, monkeypatch):
    monkeypatch.setenv("HMIC_PAF_LEADS_FILE", str(tmp_path / "missing.toml"))
    response = viewer.get(f"/api/reports/{tracker['report']}/pack")
    assert_error(response, 500, "bad_settings")
    assert "missing.toml' does not exist" in response.get_json()["error"]["message"]


def test_live_activity_now_and_as_of_a_past_date(tracker, viewer, engine):
    now = viewer.get("/api/live-activity").get_json()
    rows = {r["key"]: r for r in now["rows"]}
    assert rows["recommendation:3"]["national"] == 1  # the superseded one is not live
    assert rows["area_for_improvement:2"]["local"] == 1
    assert rows["cause_of_concern"]["total"] == 0
    assert now["totals"] == {"local": 1, "national": 1, "total": 2}
    with session_scope(engine) as session:
        add_item(session, kind="super_complaint", scope="national",
                 created_at=datetime(2024, 1, 2, tzinfo=UTC))
    past = viewer.get("/api/live-activity", query_string={"as_of": "2024-06-30"}).get_json()
    assert past["as_of"] == "2024-06-30"
    # Only the super-complaint existed then: the others were created today.
    assert past["totals"] == {"local": 0, "national": 1, "total": 1}
    xlsx = viewer.get("/api/live-activity.xlsx", query_string={"as_of": "2024-06-30"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data))["Live activity"]
    values = list(sheet.iter_rows(values_only=True))
    assert ("Super-complaint", 0, 1, 1) in values and ("Total", 0, 1, 1) in values


def test_monthly_series_and_chart(tracker, viewer):
    this_month = f"{date.today():%Y-%m}"
    body = viewer.get("/api/live-activity/monthly",
                      query_string={"from": "2025-12", "to": this_month}).get_json()
    assert body["from"] == "2025-12" and body["to"] == this_month
    assert body["months"][0]["total"] == 0 and body["months"][-1]["total"] == 2
    assert [k["kind"] for k in body["kinds"]] == list(KIND_SHORT_LABELS)
    default = viewer.get("/api/live-activity/monthly").get_json()
    assert len(default["months"]) == 12 and default["to"] == this_month
    chart = viewer.get("/api/live-activity/chart.svg",
                       query_string={"from": "2025-12", "to": this_month})
    assert chart.mimetype == "image/svg+xml"
    assert chart.get_data(as_text=True).startswith("<svg")


@pytest.mark.parametrize("path, params", [
    ("/api/live-activity", {"as_of": "31/03/2025"}),
    ("/api/live-activity.xlsx", {"as_of": "yesterday"}),
    ("/api/live-activity", {"as_of": "0001-01-01"}),
    ("/api/live-activity/monthly", {"from": "2025-13"}),
    ("/api/live-activity/monthly", {"from": "2025-06", "to": "2025-01"}),
    ("/api/live-activity/chart.svg", {"from": "1980-01", "to": "2025-01"}),
    ("/api/deadlines", {"today": "2026-02-30"}),
])
def test_bad_query_parameters_are_one_clear_422(tracker, viewer, path, params):
    response = viewer.get(path, query_string=params)
    assert response.status_code == 422, response.get_data(as_text=True)
    message = response.get_json()["error"]["message"]
    assert message and "\n" not in message and "Traceback" not in message


def test_deadlines_group_by_lead(tracker, viewer):
    body = viewer.get("/api/deadlines", query_string={"today": TODAY.isoformat()}).get_json()
    assert body["today"] == TODAY.isoformat()
    leads = {g["lead"]: g for g in body["leads"]}
    assert [i["reference"] for i in leads["ACC Crime"]["due_31_60"]] == ["HMI-2024-0001"]
    assert [i["reference"] for i in leads["No lead"]["overdue"]] == ["HMI-2025-0003"]
    assert leads["No lead"]["overdue"][0]["days"] == -10
    assert body["counts"] == {"overdue": 1, "due_0_30": 0, "due_31_60": 1, "due_61_90": 0}


def calendar_uids(response) -> set[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/calendar"
    return {str(e["UID"]) for e in Calendar.from_ical(response.data).walk("VEVENT")}


def test_calendar_feed_with_header_or_token_in_the_url(tracker, viewer, app, engine):
    expected = {f"item-{tracker[k]}@hmic-actions" for k in ("new", "due")}
    assert calendar_uids(viewer.get("/api/deadlines.ics")) == expected
    token = api_token(engine, "cal", "viewer")
    plain = app.test_client()
    assert calendar_uids(plain.get("/api/deadlines.ics", query_string={"token": token})) \
        == expected
    # The token in the URL works only for the calendar.
    assert_error(plain.get("/api/deadlines", query_string={"token": token}), 401,
                 "unauthenticated")
    bad = plain.get("/api/deadlines.ics", query_string={"token": token + "x"})
    assert_error(bad, 401, "unauthenticated")
    assert "WWW-Authenticate" in bad.headers
    # A token in the URL that is wrong is refused even alongside a valid header.
    assert_error(viewer.get("/api/deadlines.ics", query_string={"token": "nope"}), 401,
                 "unauthenticated")


def test_calendar_token_of_a_revoked_token_is_refused(tracker, app, engine):

    token = api_token(engine, "cal2", "viewer")
    with session_scope(engine) as session:
        row = token_for(session, token)
        revoke_token(session, row.id, actor="tests")
    response = app.test_client().get("/api/deadlines.ics", query_string={"token": token})
    assert_error(response, 401, "unauthenticated")


def test_reconciliation_lists_the_chain_and_the_unmatched_draft(tracker, viewer):
    body = viewer.get("/api/reconciliation").get_json()
    assert [[i["reference"] for i in c["items"]] for c in body["chains"]] == [
        ["HMI-2020-0001", "HMI-2024-0001"]]
    assert [i["reference"] for i in body["closed_as_superseded"]] == ["HMI-2020-0001"]
    assert [u["draft_id"] for u in body["unmatched"]] == [tracker["drafts"][2]]
    assert body["unmatched"][0]["report"]["id"] == tracker["report"]


def test_live_activity_matches_the_models_function(tracker, viewer, engine):
    with session_scope(engine) as session:
        expected = live_activity(session, TODAY)
    assert viewer.get("/api/live-activity", query_string={"as_of": TODAY.isoformat()}
                      ).get_json() == expected
