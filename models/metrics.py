"""The figures behind ``/metrics``, read from the database when they are asked for.

Counting rows instead of keeping counters in memory means every web process, on every
machine, reports the same numbers, and a restart loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, func, select, type_coerce
from sqlalchemy.orm import Session

from hmic_actions.vocab import REPORT_STATUSES
from models.tables import AuditEvent, Draft, Report, UTCDateTime

__all__ = ["DECISIONS", "FINAL_STATES", "Figures", "read_figures"]

#: The states a report finishes in.
FINAL_STATES = ("ready", "failed")
#: The review states that are a person's decision on a draft.
DECISIONS = ("accepted", "edited", "rejected", "linked")


@dataclass
class Figures:
    """What the tracker holds right now."""

    uploads: int = 0
    reports: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REPORT_STATUSES, 0))
    decided: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DECISIONS, 0))
    #: Seconds from the start of the last processing attempt to the end, per finished report.
    processing_seconds: list[float] = field(default_factory=list)
    #: Seconds each stage took, by stage, per finished report that recorded them.
    stage_seconds: dict[str, list[float]] = field(default_factory=dict)

    @property
    def finished(self) -> dict[str, int]:
        """Reports by the state they finished in."""
        return {state: self.reports[state] for state in FINAL_STATES}

    @property
    def queued(self) -> int:
        """Reports waiting for a worker."""
        return self.reports["queued"]


def read_figures(session: Session) -> Figures:
    """Count reports by state, drafts by decision, and time each finished report took."""
    figures = Figures()
    for state, number in session.execute(
            select(Report.status, func.count(Report.id)).group_by(Report.status)):
        figures.reports[state] = number
    figures.uploads = sum(figures.reports.values())
    for state, number in session.execute(
            select(Draft.review_state, func.count(Draft.id))
            .where(Draft.review_state.in_(DECISIONS)).group_by(Draft.review_state)):
        figures.decided[state] = number
    figures.processing_seconds = _processing_seconds(session)
    for recorded in session.scalars(select(Report.stage_seconds).where(
            Report.status.in_(FINAL_STATES), Report.stage_seconds.is_not(None))):
        for stage, seconds in (recorded or {}).items():
            figures.stage_seconds.setdefault(stage, []).append(float(seconds))
    return figures


def _processing_seconds(session: Session) -> list[float]:
    # The start of the last attempt comes from the audit trail (start_processing events);
    # a report that failed before any attempt started has no processing time.
    # type_coerce: SQLite gives MAX() back as text unless told the type.
    started = type_coerce(func.max(AuditEvent.at), UTCDateTime()).label("started")
    rows = session.execute(
        select(Report.processed_at, started)
        .join(AuditEvent, and_(AuditEvent.entity_type == Report.__tablename__,
                               AuditEvent.entity_id == Report.id,
                               AuditEvent.action == "start_processing"))
        .where(Report.status.in_(FINAL_STATES), Report.processed_at.is_not(None))
        .group_by(Report.id, Report.processed_at))
    seconds = []
    for finished_at, started_at in rows:
        seconds.append(max(0.0, (finished_at - started_at).total_seconds()))
    return seconds

