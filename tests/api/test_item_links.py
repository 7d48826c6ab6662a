"""A tracked item's links, each with where it came from (the decision on a draft of a report,
or none), and the later reports restating it; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine

from models.db import session_scope
from models.ops.drafts import link_draft, record_extraction
from models.ops.items import supersede_item
from models.ops.undo import undo_decision
from tests.api.test_review import assert_error
from tests.builders.rows import add_item, add_report, extraction, item


@pytest.fixture
def tracker(engine: Engine) -> dict[str, Any]:
    """An item superseded and depended on by items two drafts made, an item a later report
    restates, and two items linked by an edit (no draft)."""
    with session_scope(engine) as session:
        old = add_item(session, reference="HMI-2024-0001", text="Forces should vet staff.")
        quoted = add_item(session, reference="HMI-2024-0002", text="Forces should train staff.")
        edited_old = add_item(session, reference="HMI-2024-0003")
        edited_new = add_item(session, reference="HMI-2024-0004")
        report = add_report(session, title="Vetting revisited", published=date(2025, 6, 1))
        drafts = record_extraction(session, report, extraction(
            item("Forces should vet all staff again.", number="1"),
            item("Forces should publish vetting results.", number="2",
                 kind="area_for_improvement"),
            item("Forces should train staff.", number="3", origin="earlier_report",
                 status="completed"),
            title="Vetting revisited", published=date(2025, 6, 1)))
        newer = link_draft(session, drafts[0].id, old.id, "supersedes", "sam")
        needing = link_draft(session, drafts[1].id, old.id, "depends_on", "tess")
        link_draft(session, drafts[2].id, quoted.id, "same_as", "sam")
        supersede_item(session, edited_old.id, edited_new.id, "una")
        return {"report": report.id, "drafts": [d.id for d in drafts], "old": old.id,
                "newer": newer.id, "newer_ref": newer.reference, "needing": needing.id,
                "quoted": quoted.id, "edited_old": edited_old.id, "edited_new": edited_new.id}


def links(client, item_id: int) -> list[dict[str, Any]]:
    response = client.get(f"/api/tracked-items/{item_id}/links")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["item_id"] == item_id and body["reference"]
    return body["links"]


def test_an_item_lists_the_links_made_by_decisions_with_their_drafts(viewer, tracker):
    superseded_by, needed_by = links(viewer, tracker["old"])
    assert (superseded_by["relation"], superseded_by["label"]) == ("superseded_by",
                                                                  "Superseded by")
    assert superseded_by["item"]["id"] == tracker["newer"]
    assert superseded_by["item"]["reference"] == tracker["newer_ref"]
    assert superseded_by["item"]["text"] == "Forces should vet all staff again."
    assert superseded_by["item"]["status"] == "open"
    assert superseded_by["by"] == "sam" and superseded_by["at"] and superseded_by["link_id"]
    source = superseded_by["source"]
    assert (source["draft_id"], source["report_id"]) == (tracker["drafts"][0], tracker["report"])
    assert (source["report"], source["published"], source["item"]) == (
        "Vetting revisited", "2025-06-01", "Recommendation 1")
    assert (needed_by["relation"], needed_by["label"], needed_by["by"]) == (
        "needed_by", "Needed by", "tess")
    assert needed_by["item"]["id"] == tracker["needing"]
    assert needed_by["source"]["draft_id"] == tracker["drafts"][1]
    assert needed_by["source"]["item"] == "AFI 2"


def test_the_other_end_sees_the_link_the_other_way(viewer, tracker):
    [supersedes] = links(viewer, tracker["newer"])
    assert (supersedes["relation"], supersedes["label"]) == ("supersedes", "Supersedes")
    assert supersedes["item"]["id"] == tracker["old"]
    assert supersedes["item"]["status"] == "superseded"
    assert supersedes["source"]["draft_id"] == tracker["drafts"][0]
    [depends_on] = links(viewer, tracker["needing"])
    assert (depends_on["relation"], depends_on["item"]["id"]) == ("depends_on", tracker["old"])


def test_a_link_made_by_an_edit_has_no_draft(viewer, tracker):
    [superseded_by] = links(viewer, tracker["edited_old"])
    assert superseded_by["relation"] == "superseded_by" and superseded_by["source"] is None
    assert superseded_by["by"] == "una"
    [supersedes] = links(viewer, tracker["edited_new"])
    assert supersedes["item"]["id"] == tracker["edited_old"] and supersedes["source"] is None


def test_a_later_report_restating_the_item_is_listed_with_what_it_changed(viewer, tracker):
    [restated] = links(viewer, tracker["quoted"])
    assert (restated["relation"], restated["label"]) == ("restated_in", "Restated in")
    assert restated["item"] is None and restated["link_id"] is None
    assert restated["by"] == "sam" and restated["at"]
    source = restated["source"]
    assert (source["draft_id"], source["report"], source["item"]) == (
        tracker["drafts"][2], "Vetting revisited", "Recommendation 3")
    assert (source["origin"], source["status_quoted"]) == ("earlier_report", "completed")
    assert restated["changes"] == {"status": ["open", "completed"]}


def test_an_undone_decision_takes_its_link_away(viewer, engine, tracker):
    with session_scope(engine) as session:
        undo_decision(session, tracker["drafts"][1], "tess")
        undo_decision(session, tracker["drafts"][2], "sam")
    assert [entry["relation"] for entry in links(viewer, tracker["old"])] == ["superseded_by"]
    assert links(viewer, tracker["quoted"]) == []


def test_an_item_without_links_has_none_and_unknown_items_are_404(viewer, anonymous, engine,
                                                                   tracker):
    with session_scope(engine) as session:
        alone = add_item(session).id
    assert links(viewer, alone) == []
    assert_error(viewer.get("/api/tracked-items/999999/links"), 404, "not_found")
    assert_error(anonymous.get(f"/api/tracked-items/{alone}/links"), 401, "unauthenticated")
