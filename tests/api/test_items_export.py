"""Sorting and the lead filter of the tracked item list, and the tracker export (CSV, .xlsx),
through Flask's test client on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine

from hmic_actions.vocab import STATUS_LABELS
from models.db import session_scope
from models.ops.items import supersede_item
from models.tracker.columns import COLUMNS
from tests.api.test_review import assert_error
from tests.builders.rows import add_item

HEADERS = [c.header for c in COLUMNS]


@pytest.fixture
def items(engine: Engine) -> dict[str, int]:
    """Five items; some fields empty, and equal values to show ties going by id."""
    with session_scope(engine) as session:
        rows = {
            "vetting": add_item(session, reference="HMI-2025-0003", kind="recommendation",
                                text="Chief constables should improve vetting checks.",
                                status="open", scope="national", paf_area="4",
                                activity_level=2, current_deadline=date(2026, 3, 31),
                                chief_officer_lead="DCC Ní Bhriain"),
            "custody": add_item(session, reference="HMI-2025-0001",
                                kind="area_for_improvement",
                                text="The force should improve custody records.",
                                status="in_progress", scope="local", paf_area="9",
                                activity_level=3, current_deadline=date(2025, 12, 31),
                                chief_officer_lead="ACC Crime and Safeguarding"),
            "guidance": add_item(session, reference="HMI-2024-0007", kind="recommendation",
                                 text="The College of Policing should publish guidance, "
                                      "\"as agreed\".",
                                 status="completed", scope="national", paf_area=None,
                                 activity_level=None, current_deadline=None,
                                 chief_officer_lead=None),
            "concern": add_item(session, reference="HMI-2025-0002", kind="cause_of_concern",
                                text="=The force does not record crime accurately.",
                                status="open", scope="local", paf_area="4",
                                activity_level=4, current_deadline=date(2026, 9, 30),
                                chief_officer_lead="acc crime and safeguarding"),
            "fraud": add_item(session, reference="HMI-2023-0010", kind="recommendation",
                              text="Forces should respond to fraud victims.",
                              status="closed", scope="national", paf_area="6",
                              activity_level=2, current_deadline=None,
                              chief_officer_lead="DCC O'Neill"),
        }
        return {name: row.id for name, row in rows.items()}


def order(client: FlaskClient, items: dict[str, int], **params: Any) -> list[str]:
    response = client.get("/api/tracked-items", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    names = {v: k for k, v in items.items()}
    return [names[i["id"]] for i in response.get_json()["items"]]


# --- sorting and the lead filter ---------------------------------------------------------------


def test_without_sort_items_come_by_id(viewer, items):
    assert order(viewer, items) == ["vetting", "custody", "guidance", "concern", "fraud"]
    assert order(viewer, items, sort="id") == order(viewer, items)
    assert order(viewer, items, sort="-id") == ["fraud", "concern", "guidance", "custody",
                                                "vetting"]


def test_sort_by_reference_both_ways(viewer, items):
    assert order(viewer, items, sort="reference") == [
        "fraud", "guidance", "custody", "concern", "vetting"]
    assert order(viewer, items, sort="-reference") == [
        "vetting", "concern", "custody", "guidance", "fraud"]


def test_empty_values_come_last_both_ways(viewer, items):
    assert order(viewer, items, sort="current_deadline") == [
        "custody", "vetting", "concern", "guidance", "fraud"]
    assert order(viewer, items, sort="-current_deadline") == [
        "concern", "vetting", "custody", "guidance", "fraud"]
    assert order(viewer, items, sort="activity_level") == [
        "vetting", "fraud", "custody", "concern", "guidance"]
    assert order(viewer, items, sort="-activity_level") == [
        "concern", "custody", "vetting", "fraud", "guidance"]
    assert order(viewer, items, sort="-paf_area")[-1] == "guidance"
    assert order(viewer, items, sort="paf_area")[-1] == "guidance"


def test_ties_go_by_id_and_sort_combines_with_filters_and_paging(viewer, items):
    assert order(viewer, items, sort="status") == [
        "fraud", "guidance", "custody", "vetting", "concern"]
    assert order(viewer, items, sort="-scope") == [
        "vetting", "guidance", "fraud", "custody", "concern"]
    assert order(viewer, items, sort="kind", scope="national") == [
        "vetting", "guidance", "fraud"]
    assert order(viewer, items, sort="-reference", limit=2, offset=1) == ["concern", "custody"]


def test_lead_filter_is_case_insensitive_contains(viewer, items):
    assert order(viewer, items, lead="crime and SAFEGUARDING") == ["custody", "concern"]
    assert order(viewer, items, lead="dcc") == ["vetting", "fraud"]
    assert order(viewer, items, lead="Ní") == ["vetting"]
    assert order(viewer, items, lead="o'neill") == ["fraud"]
    assert order(viewer, items, lead="100%") == []
    body = viewer.get("/api/tracked-items", query_string={"lead": "acc"}).get_json()
    assert body["total"] == 2


@pytest.mark.parametrize("params", [{"sort": "text"}, {"sort": "--id"}, {"sort": ""},
                                    {"lead": ""}, {"sort": "chief_officer_lead"}])
def test_bad_sort_or_lead_is_422(viewer, items, params):
    error = assert_error(viewer.get("/api/tracked-items", query_string=params), 422,
                         "invalid_body")
    assert set(error["details"]) == set(params)


# --- export ------------------------------------------------------------------------------------


def csv_rows(response) -> list[dict[str, str]]:
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header, *rows = list(reader)
    assert header == HEADERS
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_csv_export_has_every_item_in_the_trackers_columns(viewer, engine, items):
    with session_scope(engine) as session:
        supersede_item(session, items["vetting"], items["concern"], "lena")
    response = viewer.get("/api/tracked-items/export?format=csv")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    today = date.today().isoformat()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="tracked-items-{today}.csv"')
    rows = csv_rows(response)
    assert [r["Reference"] for r in rows] == [
        "HMI-2025-0003", "HMI-2025-0001", "HMI-2024-0007", "HMI-2025-0002", "HMI-2023-0010"]
    by_ref = {r["Reference"]: r for r in rows}
    assert by_ref["HMI-2025-0003"]["Status"] == STATUS_LABELS["superseded"]
    assert by_ref["HMI-2025-0003"]["Superseded by (reference)"] == "HMI-2025-0002"
    assert by_ref["HMI-2025-0003"]["Current deadline"] == "2026-03-31"
    assert by_ref["HMI-2025-0003"]["Chief Officer lead"] == "DCC Ní Bhriain"
    assert by_ref["HMI-2024-0007"]["Inspectorate text"] == (
        "The College of Policing should publish guidance, \"as agreed\".")
    assert by_ref["HMI-2024-0007"]["Current deadline"] == ""
    assert by_ref["HMI-2025-0001"]["Local/National"] == "Local"


def test_the_default_format_is_csv(viewer, items):
    response = viewer.get("/api/tracked-items/export")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert len(csv_rows(response)) == len(items)


def test_xlsx_export_opens_with_the_same_rows(viewer, items):
    response = viewer.get("/api/tracked-items/export", query_string={"format": "xlsx"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert response.headers["Content-Disposition"].endswith(
        f'filename="tracked-items-{date.today().isoformat()}.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header == HEADERS
    assert len(rows) == len(items)
    cells = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert cells["HMI-2025-0002"]["Inspectorate text"] == (
        "=The force does not record crime accurately.")
    assert cells["HMI-2025-0002"]["Activity level"] == 4
    assert cells["HMI-2025-0001"]["Current deadline"].date() == date(2025, 12, 31)
    assert cells["HMI-2024-0007"]["Current deadline"] is None


def test_export_applies_the_lists_filters_and_sort(viewer, items):
    response = viewer.get("/api/tracked-items/export", query_string={
        "format": "csv", "scope": "national", "sort": "-reference"})
    assert [r["Reference"] for r in csv_rows(response)] == [
        "HMI-2025-0003", "HMI-2024-0007", "HMI-2023-0010"]
    response = viewer.get("/api/tracked-items/export", query_string={
        "format": "xlsx", "lead": "safeguarding", "status": "open"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["HMI-2025-0002"]
    empty = viewer.get("/api/tracked-items/export", query_string={"q": "nothing-like-this"})
    assert csv_rows(empty) == []


@pytest.mark.parametrize("params", [{"format": "pdf"}, {"format": "CSV"},
                                    {"format": "csv", "status": "lost"},
                                    {"format": "xlsx", "sort": "text"}])
def test_a_bad_format_or_filter_is_422(viewer, items, params):
    error = assert_error(viewer.get("/api/tracked-items/export", query_string=params), 422,
                         "invalid_body")
    assert "\n" not in error["message"]


def test_paging_does_not_apply_to_the_export(viewer, items):
    response = viewer.get("/api/tracked-items/export?limit=2&offset=1")
    assert response.status_code == 200 and len(csv_rows(response)) == len(items)


def test_export_needs_a_caller(anonymous, items):
    assert_error(anonymous.get("/api/tracked-items/export"), 401, "unauthenticated")
