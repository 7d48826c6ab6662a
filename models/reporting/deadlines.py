"""Deadlines: live items by Chief Officer lead, overdue or due within 30, 60 and 90 days.

Items that are not the force's to deliver (made only to national or other bodies, such as
the Home Office or the College of Policing) are not the force's deadlines: they are listed
apart, "for information", and left out of the leads and the counts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hmic_actions.bodies import current_vocabulary
from hmic_actions.dates import iso
from hmic_actions.vocab import ENDED_STATUSES
from models.tables import TrackedItem
from models.tracker.columns import addressee_id

NO_LEAD = "No lead"
NOT_FOR_FORCE = "For information: not the force's to deliver"
# Deadline buckets: name and the days from today (inclusive) it covers.
BUCKETS = (("overdue", None, -1), ("due_0_30", 0, 30), ("due_31_60", 31, 60),
           ("due_61_90", 61, 90))


def _deadline_json(item: TrackedItem, today: date) -> dict[str, Any]:
    deadline = item.current_deadline
    return {"id": item.id, "reference": item.reference, "kind": item.kind,
            "number": item.number, "text": item.text, "status": item.status,
            "scope": item.scope, "activity_level": item.activity_level,
            "current_deadline": iso(deadline),
            "days": (deadline - today).days if deadline else None,
            "chief_officer_lead": item.chief_officer_lead, "delivery_lead": item.delivery_lead,
            "source_report": item.source_report}


def deadline_items(session: Session) -> list[TrackedItem]:
    """Live tracked items (status not completed, closed or superseded) with a deadline,
    soonest first."""
    return list(session.scalars(select(TrackedItem).where(
        TrackedItem.status.not_in(ENDED_STATUSES), TrackedItem.current_deadline.is_not(None))
        .order_by(TrackedItem.current_deadline, TrackedItem.id)))


def _bucket(days: int) -> str | None:
    for name, low, high in BUCKETS:
        if (low is None or days >= low) and days <= high:
            return name
    return None


def for_the_force(item: TrackedItem) -> bool:
    """Whether delivering the item falls to the force: a local item, one made to forces, or
    one without addressees (a force's own tracker holds the force's items); not one made only
    to other bodies (the Home Office, the NPCC ...)."""
    if item.scope == "local" or item.applies_to_forces or not item.addressees:
        return True
    own = {body_id for body_id, _words in current_vocabulary().this_bodies}
    return any(addressee_id(name) in own for name in item.addressees)


def deadlines(session: Session, today: date) -> dict[str, Any]:
    """Live items overdue or due within 90 days of ``today``, per Chief Officer lead.

    Leads are in alphabetical order with "No lead" last; items soonest first. Items not
    the force's to deliver (``for_the_force``) are in ``not_for_force`` instead, each with
    its ``bucket``, and not in the leads or the counts.
    """
    names = [name for name, *_ in BUCKETS]
    groups: dict[str, dict[str, list[dict[str, Any]]]] = {}
    others: list[dict[str, Any]] = []
    later = 0
    for item in deadline_items(session):
        days = (item.current_deadline - today).days  # type: ignore[operator]
        bucket = _bucket(days)
        if not for_the_force(item):
            if bucket is not None:
                others.append({**_deadline_json(item, today), "bucket": bucket})
            continue
        if bucket is None:
            later += 1
            continue
        lead = item.chief_officer_lead or NO_LEAD
        groups.setdefault(lead, {n: [] for n in names})[bucket].append(
            _deadline_json(item, today))
    order = sorted(groups, key=lambda n: (n == NO_LEAD, n.casefold()))
    leads = [{"lead": name, "counts": {n: len(groups[name][n]) for n in names},
              **groups[name]} for name in order]
    return {"today": today.isoformat(), "buckets": names,
            "counts": {n: sum(g["counts"][n] for g in leads) for n in names},
            "due_later": later, "leads": leads,
            "not_for_force": {
                "label": NOT_FOR_FORCE,
                "about": "items made only to other bodies, shown for information: they are "
                         "not counted above",
                "counts": {n: sum(1 for e in others if e["bucket"] == n) for n in names},
                "items": others}}
