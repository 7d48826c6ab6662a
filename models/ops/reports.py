"""Reports: storing an upload, its processing from queued to ready or failed, trying a failed
one again, and removing one nobody has decided on."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from extractor.guard import PDF, document_format
from hmic_actions.vocab import REVIEW_STATES
from models.ops.audit import actor_name, audit, snapshot
from models.ops.errors import OperationError
from models.ops.rows import flush, get_row
from models.tables import (
    AuditEvent,
    Draft,
    MatchDecision,
    Report,
    StoredFile,
    TrackedItem,
    User,
    utcnow,
)

REPORT_STAGES_DONE = "done"
# Audit actions after which processing attempts are counted afresh.
_ATTEMPTS_RESET_BY = ("upload_report", "retry_report")
_FILE_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f]")


def clean_file_name(name: str | None) -> str:
    """The name a client gave a file, kept only as a label: no folders, no control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = " ".join(_FILE_NAME_CHARS.sub(" ", base).split())
    return base[-200:] or "report.pdf"


def add_report(session: Session, file_name: str | None, content: bytes, actor: str,
               uploaded_by: int | None = None) -> tuple[Report, bool]:
    """Store a report file by the SHA-256 of its content, with its Report row (queued) and
    its format as its content tells (a file of no format read is stored as a PDF, which its
    reading will fail with the reason).

    Returns ``(report, created)``: the same content again gives the existing report and
    False. Two sessions adding the same new content at once: one of them raises
    ConflictError; it should roll back and look the report up by its hash.
    """
    if not content:
        raise OperationError("the file is empty")
    sha = hashlib.sha256(content).hexdigest()
    existing = session.scalar(select(Report).where(Report.sha256 == sha))
    if existing is not None:
        return existing, False
    if session.get(StoredFile, sha) is None:
        session.add(StoredFile(sha256=sha, size=len(content), content=content))
    file_format = document_format(content[:1024], io.BytesIO(content)) or PDF
    report = Report(sha256=sha, file_name=clean_file_name(file_name), file_format=file_format,
                    status="queued",
                    progress_done=0, progress_total=0, uploaded_by=uploaded_by,
                    uploaded_at=utcnow())
    session.add(report)
    flush(session, f"report with SHA-256 {sha}")
    audit(session, actor, "upload_report", report, after=snapshot(report))
    flush(session, f"report {report.id}")
    return report, True


def processing_attempts(session: Session, report_id: int) -> int:
    """How many times processing of the report has started since it was uploaded (or retried)."""
    mine = (AuditEvent.entity_type == Report.__tablename__) & (AuditEvent.entity_id == report_id)
    reset = session.scalar(select(func.max(AuditEvent.id)).where(
        mine, AuditEvent.action.in_(_ATTEMPTS_RESET_BY))) or 0
    return session.scalar(select(func.count(AuditEvent.id)).where(
        mine, AuditEvent.action == "start_processing", AuditEvent.id > reset)) or 0


def start_processing(session: Session, report: Report, actor: str,
                     details: Mapping[str, Any] | None = None) -> int:
    """Mark the report processing from the start; returns the attempt number (1, 2, ...).

    ``details`` (e.g. which worker) go into the audit event.
    """
    attempt = processing_attempts(session, report.id) + 1
    before = snapshot(report)
    report.status = "processing"
    report.error = None
    report.progress_stage, report.progress_done, report.progress_total = "starting", 0, 0
    report.stage_seconds = None
    audit(session, actor, "start_processing", report, before=before,
          after={**(snapshot(report) or {}), "attempt": attempt, **dict(details or {})})
    flush(session, f"report {report.id}")
    return attempt


def set_progress(session: Session, report_id: int, stage: str, done: int, total: int,
                 seconds: Mapping[str, float] | None = None) -> None:
    """Record how far processing has got and, when given, the seconds each stage has taken
    so far (not audited: it changes many times a second)."""
    values: dict[str, Any] = {
        "status": "processing", "progress_stage": stage[:50],
        "progress_done": max(0, int(done)), "progress_total": max(0, int(total))}
    if seconds is not None:
        values["stage_seconds"] = stage_seconds(seconds)
    session.execute(update(Report).where(
        Report.id == report_id, Report.status.in_(("queued", "processing"))).values(**values))


def stage_seconds(seconds: Mapping[str, float]) -> dict[str, float]:
    """Seconds by stage as stored: in the order the stages ran, to the millisecond."""
    return {stage[:50]: round(max(0.0, float(value)), 3) for stage, value in seconds.items()}


def requeue_report(session: Session, report_id: int, actor: str, reason: str) -> bool:
    """Put a report left processing back to queued; False if it is no longer processing."""
    report = session.get(Report, report_id)
    if report is None or report.status != "processing":
        return False
    before = snapshot(report)
    report.status = "queued"
    audit(session, actor, "requeue_report", report, before=before,
          after={**(snapshot(report) or {}), "reason": reason})
    flush(session, f"report {report.id}")
    return True


def fail_report(session: Session, report: Report, reason: str, actor: str,
                seconds: Mapping[str, float] | None = None) -> Report:
    """Mark the report failed with a one-line reason a person can act on (and, when given,
    the seconds each stage took until then)."""
    before = snapshot(report)
    if seconds is not None:
        report.stage_seconds = stage_seconds(seconds)
    report.status = "failed"
    report.error = " ".join((reason or "failed for an unknown reason").split())[:1000]
    report.processed_at = utcnow()
    audit(session, actor, "report_failed", report, before=before, after=snapshot(report))
    flush(session, f"report {report.id}")
    return report


def finish_report(session: Session, report: Report, actor: str,
                  seconds: Mapping[str, float] | None = None) -> Report:
    """Mark the report ready: its drafts are recorded and waiting for review (``seconds``:
    what each stage of processing took)."""
    before = snapshot(report)
    if seconds is not None:
        report.stage_seconds = stage_seconds(seconds)
    report.status = "ready"
    report.error = None
    report.progress_stage = REPORT_STAGES_DONE
    report.progress_done = report.progress_total = report.page_count or 0
    report.processed_at = utcnow()
    audit(session, actor, "report_ready", report, before=before, after=snapshot(report))
    flush(session, f"report {report.id}")
    return report


def draft_counts(session: Session, report_id: int) -> dict[str, int]:
    """The report's drafts by review state (every state present, zero when none)."""
    counts = dict.fromkeys(REVIEW_STATES, 0)
    rows = session.execute(select(Draft.review_state, func.count(Draft.id)).where(
        Draft.report_id == report_id).group_by(Draft.review_state))
    for state, number in rows:
        counts[state] = number
    return counts


@dataclass(frozen=True)
class ReportFacts:
    """What a report's listing shows besides its own row: the size of its file, who
    uploaded it, and its drafts by review state (every state present, zero when none)."""

    size: int | None
    uploaded_by: str | None
    counts: dict[str, int]


def report_facts(session: Session, report_ids: Iterable[int]) -> dict[int, ReportFacts]:
    """The facts of each report, in one grouped query however many reports and drafts there
    are (a report removed meanwhile has no size, no uploader and no drafts)."""
    ids = list(dict.fromkeys(report_ids))
    if not ids:
        return {}
    found: dict[int, tuple[int | None, str | None]] = {}
    counts = {report_id: dict.fromkeys(REVIEW_STATES, 0) for report_id in ids}
    rows = session.execute(
        select(Report.id, StoredFile.size, User.name, Draft.review_state,
               func.count(Draft.id))
        .select_from(Report)
        .outerjoin(StoredFile, StoredFile.sha256 == Report.sha256)
        .outerjoin(User, User.id == Report.uploaded_by)
        .outerjoin(Draft, Draft.report_id == Report.id)
        .where(Report.id.in_(ids))
        .group_by(Report.id, StoredFile.size, User.name, Draft.review_state))
    for report_id, size, name, state, number in rows:
        found[report_id] = (size, name)
        if state is not None:
            counts[report_id][state] = number
    return {report_id: ReportFacts(*found.get(report_id, (None, None)), counts[report_id])
            for report_id in ids}


def first_pending_drafts(session: Session, report_ids: Iterable[int]) -> dict[int, Draft]:
    """Each report's first pending draft in document order, in one query however many
    reports and drafts there are (reports with none pending are left out)."""
    ids = list(dict.fromkeys(report_ids))
    if not ids:
        return {}
    first = (select(Draft.report_id, func.min(Draft.position).label("position"))
             .where(Draft.report_id.in_(ids), Draft.review_state == "pending")
             .group_by(Draft.report_id).subquery())
    drafts = session.scalars(select(Draft).join(
        first, (Draft.report_id == first.c.report_id) & (Draft.position == first.c.position)))
    return {draft.report_id: draft for draft in drafts}


def retry_report(session: Session, report_id: int, actor: str) -> Report:
    """Put a failed report back to queued, its processing attempts counted afresh.

    The caller sends it to a worker once committed. Only a failed report can be retried:
    OperationError otherwise.
    """
    actor = actor_name(actor)
    report = get_row(session, Report, report_id, "report")
    if report.status != "failed":
        raise OperationError(f"report {report.id} is {report.status}; only a failed report "
                             "can be tried again")
    before = snapshot(report)
    report.status = "queued"
    report.error = None
    report.progress_stage, report.progress_done, report.progress_total = None, 0, 0
    report.processed_at = None
    audit(session, actor, "retry_report", report, before=before,
          after={**(snapshot(report) or {}), "failed_with": (before or {}).get("error")})
    flush(session, f"report {report.id}")
    return report


def delete_report(session: Session, report_id: int, actor: str) -> None:
    """Remove a report and its drafts, when nobody has decided on any of them.

    Refused (OperationError, one line) while the report is being processed, when a draft
    is decided (accepted, edited, linked or rejected: undo the decisions first) or a
    tracked item came from the report. Its stored file goes too, unless another report
    uses it. The audit event keeps the report and every draft removed.
    """
    actor = actor_name(actor)
    report = get_row(session, Report, report_id, "report")
    if report.status == "processing":
        raise OperationError(f"report {report.id} is being processed; remove it once it is "
                             "ready or failed")
    drafts = list(session.scalars(select(Draft).where(Draft.report_id == report.id)
                                  .order_by(Draft.position)))
    decided = [d for d in drafts if d.review_state != "pending"]
    if decided:
        states = ", ".join(sorted({d.review_state for d in decided}))
        raise OperationError(f"report {report.id} cannot be removed: {len(decided)} of its "
                             f"drafts {'is' if len(decided) == 1 else 'are'} decided "
                             f"({states}); undo those decisions first")
    item = session.scalar(select(TrackedItem).where(TrackedItem.source_report_id == report.id)
                          .limit(1))
    if item is not None:
        raise OperationError(f"report {report.id} cannot be removed: tracked item "
                             f"{item.reference} came from it")
    removed = {**(snapshot(report) or {}), "drafts": [snapshot(d) for d in drafts]}
    for decision in session.scalars(select(MatchDecision).where(
            MatchDecision.draft_id.in_([d.id for d in drafts]))):
        session.delete(decision)
    for draft in drafts:
        session.delete(draft)
    flush(session, f"the drafts of report {report.id}")
    session.expire(report, ["drafts"])
    sha = report.sha256
    session.delete(report)
    flush(session, f"report {report.id}")
    shared = session.scalar(select(func.count(Report.id)).where(Report.sha256 == sha))
    stored = session.get(StoredFile, sha)
    file_removed = bool(stored is not None and not shared)
    if file_removed:
        session.delete(stored)
        flush(session, f"the stored file {sha}")
    audit(session, actor, "delete_report", entity_type=Report.__tablename__,
          entity_id=report_id, before=removed,
          after={"drafts_removed": len(drafts), "file_removed": file_removed})
    flush(session, f"report {report_id}")
