"""Processing one report: a stored report file → drafts with match suggestions, and its status.

Thin orchestration over ``extractor``, ``matching`` and ``models``: take the report's lease,
load the stored file, extract (progress written as it goes), match every item against the
tracked items, then record drafts, suggestions and the report's new status in one
transaction. The report moves queued → processing → ready | failed; a failure carries a
one-line reason.

Safe to run twice: a report that is ready (or failed) is skipped, a report another live
worker holds is skipped, and drafts are keyed by their position in the report, so a
redelivered message never duplicates anything.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import kombu.exceptions
import redis.exceptions
from celery.exceptions import SoftTimeLimitExceeded
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError

from extractor import Extraction, ExtractionError, Limits, extract_file
from hmic_actions.dates import parse_iso_date
from models.db import session_scope
from models.ops import drafts as draft_ops
from models.ops import reports as report_ops
from models.tables import Report
from worker import leases
from worker.app import settings
from worker.index import new_item_text, tracked_index
from worker.rematch import sibling_entries
from worker.runtime import current_dispatcher, current_engine

__all__ = ["ACTOR", "TRANSIENT_ERRORS", "process"]

log = logging.getLogger(__name__)

#: The name processing writes into the audit trail.
ACTOR = "worker"

#: Errors worth retrying: the database or the broker could not be reached for a moment.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError, InterfaceError, DisconnectionError,
    redis.exceptions.ConnectionError, redis.exceptions.TimeoutError,
    kombu.exceptions.OperationalError,
)


def process(report_id: int, worker: str = "embedded", task_id: str | None = None
            ) -> dict[str, Any]:
    """Process the report if nobody else is and it is not done; returns what happened."""
    engine = current_engine()
    lease = leases.acquire(engine, report_id)
    if lease is None:
        log.info("report %s: another worker is processing it; skipped", report_id)
        return _outcome(report_id, "skipped", "another worker is processing it")
    with lease:
        dispatcher = current_dispatcher()
        if dispatcher is not None:
            dispatcher.taken(report_id)
        return _process_leased(engine, report_id, {"worker": worker, "pid": os.getpid(),
                                                   "task": task_id})


def _process_leased(engine: Engine, report_id: int, details: dict[str, Any]
                    ) -> dict[str, Any]:
    progress = _ProgressWriter(engine, report_id, settings.progress_seconds,
                               deadline=time.monotonic() + settings.soft_seconds)
    stage = "starting"
    try:
        with session_scope(engine) as session:
            report = session.get(Report, report_id)
            if report is None:
                return _outcome(report_id, "skipped", "no such report")
            if report.status not in ("queued", "processing"):
                return _outcome(report_id, "skipped", f"already {report.status}")
            attempts = report_ops.processing_attempts(session, report_id)
            if attempts >= settings.max_attempts:
                where = _where(report)
                report_ops.fail_report(session, report, (
                    f"processing was cut off {attempts} times before it could finish (a "
                    f"worker was killed by running out of memory, the hard time limit or a "
                    f"crash, or the database kept failing){where}; "
                    f"HMIC_MAX_ATTEMPTS={settings.max_attempts}"), ACTOR)
                return _outcome(report_id, "failed", report.error)
            attempt = report_ops.start_processing(session, report, ACTOR, details)
            file_name, content = report.file_name, report.file.content
        log.info("report %s (%s): processing, attempt %s", report_id, file_name, attempt)

        stage = "reading"
        progress("reading", 0, 0, force=True)
        try:
            extraction = _extract(content, progress)
        except ExtractionError as exc:
            return _fail(engine, report_id, f"{file_name}: {exc.reason}", progress.seconds())
        stage = "matching"
        matches = _match(engine, extraction, progress)
        stage = "saving"
        progress("saving", 0, 0, force=True)
        with session_scope(engine) as session:
            report = session.scalars(
                select(Report).where(Report.id == report_id).with_for_update()).one()
            if report.status not in ("queued", "processing"):
                return _outcome(report_id, "skipped", f"already {report.status}")
            drafts = draft_ops.record_extraction(session, report, extraction, ACTOR)
            siblings = sibling_entries([d for d in drafts if d.review_state == "pending"])
            for draft in drafts:
                if draft.position in matches:
                    result, paf = matches[draft.position]
                    draft_ops.record_suggestions(
                        session, draft.id, result.state, result.candidates, paf, ACTOR,
                        reason=result.reason, siblings=siblings.get(draft.id, []))
            seconds = progress.seconds()
            report_ops.finish_report(session, report, ACTOR, seconds)
        log.info("report %s: ready, %s drafts in %s", report_id, len(drafts),
                 _timings(seconds))
        return _outcome(report_id, "ready", drafts=len(drafts), attempt=attempt)
    except SoftTimeLimitExceeded:
        return _fail(engine, report_id, (
            f"took longer than {settings.soft_seconds:g} s while {stage} "
            f"(HMIC_TASK_SOFT_SECONDS)"), progress.seconds())
    except TRANSIENT_ERRORS:
        raise  # retried with backoff; the report keeps its state meanwhile
    except Exception as exc:
        log.exception("report %s: unexpected error while %s", report_id, stage)
        return _fail(engine, report_id, f"unexpected error while {stage}: "
                                        f"{type(exc).__name__}: {_one_line(exc)}",
                     progress.seconds())


def _extract(content: bytes, progress: _ProgressWriter) -> Extraction:
    with tempfile.TemporaryDirectory(prefix="hmic-report-") as folder:
        path = Path(folder) / "report"  # its content tells its format
        path.write_bytes(content)
        return extract_file(path, Limits.from_env(), on_progress=progress)


def _match(engine: Engine, extraction: Extraction,
           progress: _ProgressWriter) -> dict[int, tuple[Any, Any]]:
    """Each item's match result and PAF suggestion, by its position in the report."""
    from matching import suggest_paf_area

    index = tracked_index(engine)
    info = extraction.report
    published = parse_iso_date(info.published)
    total = len(extraction.items)
    results: dict[int, tuple[Any, Any]] = {}
    for position, item in enumerate(extraction.items, start=1):
        progress("matching", position - 1, total)
        new = new_item_text(item, position, info.title, published)
        results[position] = (index.suggest(new), suggest_paf_area(item.text))
    progress("matching", total, total, force=True)
    return results


def _fail(engine: Engine, report_id: int, reason: str,
          seconds: dict[str, float] | None = None) -> dict[str, Any]:
    with session_scope(engine) as session:
        report = session.get(Report, report_id)
        if report is None or report.status not in ("queued", "processing"):
            return _outcome(report_id, "skipped", "no longer processing")
        report_ops.fail_report(session, report, reason, ACTOR, seconds or None)
        log.warning("report %s: failed: %s (after %s)", report_id, report.error,
                    _timings(seconds or {}))
        return _outcome(report_id, "failed", report.error)


class _ProgressWriter:
    """Writes progress to the report, at most every ``interval`` seconds per stage.

    It also keeps the soft time limit at every step (``deadline``, a ``time.monotonic()``):
    Celery starts a task's soft-limit clock when the task is handed to the pool and drops
    a clock that runs out before a pool process has taken the task, so its signal alone
    does not always come.
    """

    def __init__(self, engine: Engine, report_id: int, interval: float,
                 deadline: float | None = None) -> None:
        self.engine = engine
        self.report_id = report_id
        self.interval = interval
        self.deadline = deadline
        self.stage: str | None = None
        self.total = 0
        self.last = 0.0
        self.began: dict[str, float] = {}  # when each stage began, in the order they ran

    def seconds(self) -> dict[str, float]:
        """The seconds each stage has taken so far: a stage ends when the next begins."""
        now = time.monotonic()
        starts = list(self.began.items())
        ends = [start for _, start in starts[1:]] + [now] if starts else []
        return {stage: end - start for (stage, start), end in zip(starts, ends, strict=True)}

    def __call__(self, stage: str, done: int, total: int, force: bool = False) -> None:
        now = time.monotonic()
        if self.deadline is not None and now > self.deadline:
            raise SoftTimeLimitExceeded()
        self.began.setdefault(stage, now)
        # A new stage, or the first count of one (the page count once the PDF is open), is
        # written at once; further steps at most every ``interval``.
        if (not force and stage == self.stage and total == self.total
                and now - self.last < self.interval):
            return
        self.stage, self.total, self.last = stage, total, now
        try:
            with session_scope(self.engine) as session:
                if self.engine.dialect.name == "postgresql":
                    # Progress need not survive a crash: do not wait for the disk.
                    session.execute(text("SET LOCAL synchronous_commit TO OFF"))
                report_ops.set_progress(session, self.report_id, stage, done, total,
                                        self.seconds())
        except SQLAlchemyError as exc:  # progress is a courtesy; the result is what counts
            log.warning("report %s: progress not written: %s", self.report_id, _one_line(exc))


def _timings(seconds: dict[str, float]) -> str:
    """"2.41 s (reading 0.80 s, layout 0.10 s, ...)": the stages' seconds for a log line."""
    stages = ", ".join(f"{stage} {value:.2f} s" for stage, value in seconds.items())
    return f"{sum(seconds.values()):.2f} s ({stages or 'no stage reached'})"


def _where(report: Report) -> str:
    if not report.progress_stage:
        return ""
    if report.progress_total:
        return (f"; it last got to {report.progress_stage} {report.progress_done} of "
                f"{report.progress_total}")
    return f"; it last got to {report.progress_stage}"


def _outcome(report_id: int, outcome: str, reason: str | None = None,
             **extra: Any) -> dict[str, Any]:
    return {"report": report_id, "outcome": outcome, "reason": reason, **extra}


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]
