"""References of tracked items, on SQLite and PostgreSQL: numbered per year from a counter
that only goes up, above references in use and those of removed items.

(Reviewers accepting at the same moment over HTTP: ``tests/api/test_references_race.py``.)
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.ops.drafts import confirm_draft, record_extraction
from models.ops.items import next_reference
from models.ops.undo import undo_decision
from models.tables import ReferenceCounter
from tests.builders.rows import add_item, add_report, extraction, item


def counters(session: Session) -> dict[str, int]:
    return {c.prefix: c.last_number for c in session.scalars(select(ReferenceCounter))}


def drafts(session: Session, count: int, published: date | None) -> list[int]:
    report = add_report(session, published=published)
    made = record_extraction(session, report, extraction(
        *(item(f"Forces should act on finding {n}.") for n in range(count)),
        published=published))
    return [d.id for d in made]


def test_each_year_counts_on_its_own(session):
    assert [next_reference(session, 2025) for _ in range(3)] == [
        "HMI-2025-0001", "HMI-2025-0002", "HMI-2025-0003"]
    assert next_reference(session, 2026) == "HMI-2026-0001"
    assert counters(session) == {"HMI-2025": 3, "HMI-2026": 1}


def test_references_in_use_are_counted_above(session):
    # Imported items, or items made before the counters, hold references of the year.
    add_item(session, reference="HMI-2025-0041")
    add_item(session, reference="HMI-2025-0007")
    add_item(session, reference="HMI-2025-LEGACY")
    add_item(session, reference="HMI-2024-0099")
    assert next_reference(session, 2025) == "HMI-2025-0042"
    assert next_reference(session, 2025) == "HMI-2025-0043"
    assert counters(session) == {"HMI-2025": 43}


def test_the_reference_of_a_removed_item_is_never_given_again(session):
    first, second = drafts(session, 2, date(2025, 5, 1))
    assert confirm_draft(session, first, "ana").reference == "HMI-2025-0001"
    assert confirm_draft(session, second, "ana").reference == "HMI-2025-0002"
    undo_decision(session, second, "ana")
    undo_decision(session, first, "ana")
    assert confirm_draft(session, first, "ana").reference == "HMI-2025-0003"
    # Even with the counter lost (a database restored from before it), the removed
    # references are remembered by the audit trail.
    session.delete(session.get(ReferenceCounter, "HMI-2025"))
    session.flush()
    assert confirm_draft(session, second, "ana").reference == "HMI-2025-0004"


def test_a_reference_given_by_the_person_does_not_move_the_counter(session):
    [first, second] = drafts(session, 2, None)
    given = confirm_draft(session, first, "ana", reference="FORCE-REF-1")
    assert given.reference == "FORCE-REF-1" and counters(session) == {}
    year = date.today().year  # no publication date: the year it is accepted
    assert confirm_draft(session, second, "ana").reference == f"HMI-{year}-0001"
