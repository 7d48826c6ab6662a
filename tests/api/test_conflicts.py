"""A 409 says in words what changed since the version the caller read, who changed it and when
(from the audit trail), with the row as it is now; on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import Engine

from models.db import session_scope
from models.ops.drafts import confirm_draft, edit_draft, record_extraction, reject_draft
from models.ops.items import edit_item
from models.ops.undo import undo_decision
from tests.api.test_review import assert_error, version_of
from tests.builders.rows import add_item, add_report, extraction, item

# "at 10:41 UTC" today, "on 3 Mar 2026 at 10:41 UTC" on another day.
WHEN = r"(?:on \d{1,2} [A-Z][a-z]{2} \d{4} )?at \d\d:\d\d UTC"


@pytest.fixture
def setup(engine: Engine) -> dict[str, Any]:
    """Two pending drafts of a report and a tracked item."""
    with session_scope(engine) as session:
        report = add_report(session, title="Vetting")
        drafts = record_extraction(session, report, extraction(
            item("Forces should vet staff again.", number="1"),
            item("Forces should publish the results.", number="2")))
        tracked = add_item(session, reference="HMI-2025-0042")
        return {"drafts": [d.id for d in drafts], "item": tracked.id}


def test_a_stale_edit_names_who_edited_what_and_when(reviewer, engine, setup):
    draft = setup["drafts"][0]
    read = version_of(engine, draft)
    with session_scope(engine) as session:
        edit_draft(session, draft, {"text": "Forces should vet all staff again.",
                                    "deadline": "2026-06-30"}, "sam")
    error = assert_error(reviewer.patch(f"/api/drafts/{draft}", json={
        "version": read, "text": "Mine."}), 409, "version_conflict")
    assert re.fullmatch(rf"draft {draft} was edited by sam {WHEN}: text, deadline; "
                        r"reload it and try again", error["message"]), error["message"]
    assert error["current"]["text"] == "Forces should vet all staff again."
    (change,) = error["changes"]
    assert (change["action"], change["by"], change["fields"]) == (
        "edit_draft", "sam", ["text", "deadline"])
    assert change["at"] and change["summary"] in error["message"]


def test_a_decision_on_a_draft_accepted_after_an_edit_says_so(reviewer, engine, setup):
    draft = setup["drafts"][0]
    read = version_of(engine, draft)
    with session_scope(engine) as session:
        edit_draft(session, draft, {"number": "1a"}, "sam")
        reference = confirm_draft(session, draft, "tess").reference
    error = assert_error(reviewer.post(f"/api/drafts/{draft}/accept", json={"version": read}),
                         409, "not_pending")
    assert re.fullmatch(rf"draft {draft} was edited by sam {WHEN}: number; then accepted "
                        rf"\(after an edit\) as {reference} by tess {WHEN}", error["message"]), (
        error["message"])
    assert "already" not in error["message"]
    assert error["current"]["review_state"] == "edited"
    assert [c["by"] for c in error["changes"]] == ["sam", "tess"]


def test_a_decision_on_a_draft_decided_before_it_was_read_names_that_decision(
        reviewer, engine, setup):
    draft = setup["drafts"][1]
    with session_scope(engine) as session:
        reject_draft(session, draft, "sam", "Not for this force")
    error = assert_error(reviewer.post(f"/api/drafts/{draft}/reject", json={
        "version": version_of(engine, draft), "reason": "No."}), 409, "not_pending")
    assert re.fullmatch(rf'draft {draft} was rejected \("Not for this force"\) by sam {WHEN}',
                        error["message"]), error["message"]


def test_an_undo_of_a_draft_someone_put_back_says_who(reviewer, engine, setup):
    draft = setup["drafts"][1]
    with session_scope(engine) as session:
        reject_draft(session, draft, "sam", "No.")
    read = version_of(engine, draft)
    with session_scope(engine) as session:
        undo_decision(session, draft, "tess")
    error = assert_error(reviewer.post(f"/api/drafts/{draft}/undo", json={"version": read}),
                         409, "not_pending")
    assert re.fullmatch(rf"draft {draft} was put back to pending \(its decision undone\) by "
                        rf"tess {WHEN}", error["message"]), error["message"]
    # A draft that was never decided has nothing to undo, and says so.
    other = setup["drafts"][0]
    error = assert_error(reviewer.post(f"/api/drafts/{other}/undo", json={
        "version": version_of(engine, other)}), 409, "not_pending")
    assert error["message"] == f"draft {other} is pending; there is no decision to undo"


def test_a_stale_item_edit_names_the_fields_changed(reviewer, engine, setup):
    item_id = setup["item"]
    with session_scope(engine) as session:
        edit_item(session, item_id, {"status": "in_progress", "delivery_lead": "Supt Rao"},
                  "sam")
    error = assert_error(reviewer.patch(f"/api/tracked-items/{item_id}", json={
        "version": 1, "paf_area": "4"}), 409, "version_conflict")
    assert re.fullmatch(rf"tracked item {item_id} was edited by sam {WHEN}: delivery lead, "
                        r"status; reload it and try again", error["message"]), error["message"]
    assert error["current"]["status"] == "in_progress" and error["current"]["version"] == 2


def test_only_the_last_changes_are_named_and_the_others_counted(reviewer, engine, setup):
    draft = setup["drafts"][0]
    read = version_of(engine, draft)
    with session_scope(engine) as session:
        for n in range(5):
            edit_draft(session, draft, {"number": f"1.{n}"}, "sam")
    error = assert_error(reviewer.patch(f"/api/drafts/{draft}", json={
        "version": read, "text": "Mine."}), 409, "version_conflict")
    assert len(error["changes"]) == 3
    assert error["message"].startswith(f"draft {draft} was changed 2 more times, then edited "
                                       "by sam")
    assert error["message"].count("edited by sam") == 3
