"""The pipeline task: a stored report file → drafts with match suggestions, and its status.

``process_report(report_id)`` is thin orchestration over ``extractor``, ``matching`` and
``models``: take the report's lease, load the stored file, extract (progress written as it
goes), match every item against the tracked items, then record drafts, suggestions and
the report's new status in one transaction. The report moves queued → processing →
ready | failed; a failure carries a one-line reason.

Safe to run twice: a report that is ready (or failed) is skipped, a report another live
worker holds is skipped, and drafts are keyed by their position in the report, so a
redelivered message never duplicates anything. Transient errors (database or broker
unreachable) are retried with exponential backoff; a bad document is not retried.

Every log line written while a report is processed carries its ``report_id``, and the
``request_id`` of the upload that queued it (the message's ``request_id`` header).
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import kombu.exceptions
import redis.exceptions
from celery import signals
from celery.exceptions import SoftTimeLimitExceeded
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import selectinload

from extractor import Extraction, ExtractionError, Limits, extract_file
from hmic_actions.logs import log_context
from models import ops
from models.db import make_engine, session_scope
from models.tables import Report, TrackedItem
from worker import leases
from worker.app import app, settings
from worker.dispatch import Dispatcher

__all__ = ["ACTOR", "TRANSIENT_ERRORS", "configure", "current_engine", "process",
           "process_report", "warm_up"]

log = logging.getLogger(__name__)

#: The name processing writes into the audit trail.
ACTOR = "worker"

#: Errors worth retrying: the database or the broker could not be reached for a moment.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError, InterfaceError, DisconnectionError,
    redis.exceptions.ConnectionError, redis.exceptions.TimeoutError,
    kombu.exceptions.OperationalError,
)


@app.task(bind=True, name="worker.tasks.process_report", autoretry_for=TRANSIENT_ERRORS,
          retry_backoff=2, retry_backoff_max=300, retry_jitter=True, max_retries=8)
def process_report(self: Any, report_id: int) -> dict[str, Any]:
    """Process one uploaded report (see the module docstring)."""
    request_id = _request_id_of(self.request)
    with log_context(report_id=int(report_id),
                     **({"request_id": request_id} if request_id else {})):
        log.info("report %s: taken by %s (upload request %s)", report_id,
                 self.request.hostname or "embedded", request_id or "unknown")
        return process(int(report_id), worker=self.request.hostname or "embedded",
                       task_id=self.request.id)


def _request_id_of(request: Any) -> str | None:
    """The upload's request id sent with the message (a custom header), if any."""
    value = getattr(request, "request_id", None) or (request.headers or {}).get("request_id")
    return value if isinstance(value, str) and value else None


# --------------------------------------------------------------------------- runtime


class _Runtime:
    """This process's engine and dispatcher; made on first use, again after a fork."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.dispatcher: Dispatcher | None = None
        self.configured = False
        self.pid = os.getpid()
        self.inherited: list[Any] = []


_runtime = _Runtime()


def _after_fork_in_child() -> None:
    # A forked worker process must not use (or close) its parent's database connections:
    # it keeps the parent's engine alive, untouched, and makes its own.
    if not _runtime.configured and _runtime.engine is not None:
        _runtime.inherited.append(_runtime.engine)
        _runtime.engine = None
    _runtime.pid = os.getpid()


os.register_at_fork(after_in_child=_after_fork_in_child)


def configure(engine: Engine | None = None, dispatcher: Dispatcher | None = None) -> None:
    """Use this engine and dispatcher in this process (embedded mode and tests).

    Without it, a worker process makes its engine from ``DATABASE_URL`` and its dispatcher
    from ``REDIS_URL``.
    """
    _runtime.engine = engine
    _runtime.dispatcher = dispatcher
    _runtime.configured = engine is not None


def current_engine() -> Engine:
    """The engine tasks in this process use."""
    if _runtime.engine is None:
        _runtime.engine = make_engine()
    return _runtime.engine


def current_dispatcher() -> Dispatcher | None:
    """The dispatcher whose markers the task clears (None in embedded mode)."""
    if _runtime.dispatcher is None and not _runtime.configured and settings.redis_url:
        from worker.dispatch import CeleryDispatcher

        _runtime.dispatcher = CeleryDispatcher(settings.redis_url)
    return _runtime.dispatcher


def warm_up() -> None:
    """Load the language pipeline and the PAF areas once, so forked readers inherit them."""
    from extractor.analysis import analyse_item
    from matching import suggest_paf_area

    analyse_item("Chief constables should review their policies.", kind="recommendation",
                 force_report=False)
    suggest_paf_area("Forces should improve how they answer emergency calls.")


# --------------------------------------------------------------------------- the pipeline


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
    stage = "starting"
    try:
        with session_scope(engine) as session:
            report = session.get(Report, report_id)
            if report is None:
                return _outcome(report_id, "skipped", "no such report")
            if report.status not in ("queued", "processing"):
                return _outcome(report_id, "skipped", f"already {report.status}")
            attempts = ops.processing_attempts(session, report_id)
            if attempts >= settings.max_attempts:
                where = _where(report)
                ops.fail_report(session, report, (
                    f"processing was cut off {attempts} times before it could finish (a "
                    f"worker was killed by running out of memory, the hard time limit or a "
                    f"crash, or the database kept failing){where}; "
                    f"HMIC_MAX_ATTEMPTS={settings.max_attempts}"), ACTOR)
                return _outcome(report_id, "failed", report.error)
            attempt = ops.start_processing(session, report, ACTOR, details)
            file_name, content = report.file_name, report.file.content
        log.info("report %s (%s): processing, attempt %s", report_id, file_name, attempt)

        progress = _ProgressWriter(engine, report_id, settings.progress_seconds)
        stage = "reading"
        try:
            extraction = _extract(content, progress)
        except ExtractionError as exc:
            return _fail(engine, report_id, f"{file_name}: {exc.reason}")
        stage = "matching"
        matches = _match(engine, extraction, progress)
        stage = "saving"
        progress("saving", 0, 0, force=True)
        with session_scope(engine) as session:
            report = session.scalars(
                select(Report).where(Report.id == report_id).with_for_update()).one()
            if report.status not in ("queued", "processing"):
                return _outcome(report_id, "skipped", f"already {report.status}")
            drafts = ops.record_extraction(session, report, extraction, ACTOR)
            for draft in drafts:
                if draft.position in matches:
                    result, paf = matches[draft.position]
                    ops.record_suggestions(session, draft.id, result.state, result.candidates,
                                           paf, ACTOR, reason=result.reason)
            ops.finish_report(session, report, ACTOR)
        log.info("report %s: ready, %s drafts", report_id, len(drafts))
        return _outcome(report_id, "ready", drafts=len(drafts), attempt=attempt)
    except SoftTimeLimitExceeded:
        return _fail(engine, report_id, (
            f"took longer than {settings.soft_seconds:g} s while {stage} "
            f"(HMIC_TASK_SOFT_SECONDS)"))
    except TRANSIENT_ERRORS:
        raise  # retried with backoff; the report keeps its state meanwhile
    except Exception as exc:
        log.exception("report %s: unexpected error while %s", report_id, stage)
        return _fail(engine, report_id, f"unexpected error while {stage}: "
                                        f"{type(exc).__name__}: {_one_line(exc)}")


def _extract(content: bytes, progress: _ProgressWriter) -> Extraction:
    with tempfile.TemporaryDirectory(prefix="hmic-report-") as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        return extract_file(path, Limits.from_env(), on_progress=progress)


def _match(engine: Engine, extraction: Extraction,
           progress: _ProgressWriter) -> dict[int, tuple[Any, Any]]:
    """Each item's match result and PAF suggestion, by its position in the report."""
    from matching import suggest_paf_area

    index = _tracked_index(engine)
    info = extraction.report
    published = _date(info.published)
    total = len(extraction.items)
    results: dict[int, tuple[Any, Any]] = {}
    for position, item in enumerate(extraction.items, start=1):
        progress("matching", position - 1, total)
        new = _item_text(item, position, info.title, published)
        results[position] = (index.suggest(new), suggest_paf_area(item.text))
    progress("matching", total, total, force=True)
    return results


class _IndexCache:
    """The index of tracked items this process built last, and the state it was built from."""

    key: tuple | None = None
    index: Any = None


def _tracked_index(engine: Engine) -> Any:
    """An index of every tracked item, rebuilt only when the tracked items have changed.

    Any insert, delete or update changes the count, the highest id, the latest update time
    or the sum of the row versions, so one cheap query tells whether the index is current.
    """
    from matching import MatchIndex

    with session_scope(engine) as session:
        key = tuple(session.execute(select(
            func.count(TrackedItem.id), func.max(TrackedItem.id),
            func.max(TrackedItem.updated_at), func.sum(TrackedItem.version))).one())
        if key == _IndexCache.key:
            return _IndexCache.index
        tracked = [_tracked_text(item) for item in session.scalars(
            select(TrackedItem).options(selectinload(TrackedItem.report)))]
    _IndexCache.key, _IndexCache.index = key, MatchIndex(tracked)
    return _IndexCache.index


def _tracked_text(item: TrackedItem) -> Any:
    from matching import ItemText

    source = item.report
    return ItemText(id=item.id, text=item.text, kind=item.kind, number=item.number,
                    addressees=list(item.addressees or []),
                    source_title=item.source_report or (source.title if source else None),
                    source_published=source.published if source else None,
                    status=item.status, deadline=item.current_deadline)


def _item_text(item: Any, position: int, title: str | None, published: date | None) -> Any:
    from matching import ItemText

    # A string id can never equal a tracked item's (integer) id.
    return ItemText(id=f"new:{position}", text=item.text, kind=item.kind, number=item.number,
                    origin=item.origin, addressees=list(item.addressees), source_title=title,
                    source_published=published, status=item.status,
                    deadline=_date(item.deadline))


def _fail(engine: Engine, report_id: int, reason: str) -> dict[str, Any]:
    with session_scope(engine) as session:
        report = session.get(Report, report_id)
        if report is None or report.status not in ("queued", "processing"):
            return _outcome(report_id, "skipped", "no longer processing")
        ops.fail_report(session, report, reason, ACTOR)
        log.warning("report %s: failed: %s", report_id, report.error)
        return _outcome(report_id, "failed", report.error)


class _ProgressWriter:
    """Writes progress to the report, at most every ``interval`` seconds per stage."""

    def __init__(self, engine: Engine, report_id: int, interval: float) -> None:
        self.engine = engine
        self.report_id = report_id
        self.interval = interval
        self.stage: str | None = None
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int, force: bool = False) -> None:
        now = time.monotonic()
        if not force and stage == self.stage and now - self.last < self.interval:
            return
        self.stage, self.last = stage, now
        try:
            with session_scope(self.engine) as session:
                if self.engine.dialect.name == "postgresql":
                    # Progress need not survive a crash: do not wait for the disk.
                    session.execute(text("SET LOCAL synchronous_commit TO OFF"))
                ops.set_progress(session, self.report_id, stage, done, total)
        except SQLAlchemyError as exc:  # progress is a courtesy; the result is what counts
            log.warning("report %s: progress not written: %s", self.report_id, _one_line(exc))


def _where(report: Report) -> str:
    if not report.progress_stage:
        return ""
    if report.progress_total:
        return (f"; it last got to {report.progress_stage} {report.progress_done} of "
                f"{report.progress_total}")
    return f"; it last got to {report.progress_stage}"


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _outcome(report_id: int, outcome: str, reason: str | None = None,
             **extra: Any) -> dict[str, Any]:
    return {"report": report_id, "outcome": outcome, "reason": reason, **extra}


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


# --------------------------------------------------------------------------- worker signals

_sweeper_lock = threading.Lock()
_sweeper: Any = None


@signals.worker_init.connect
def _on_worker_init(**_: Any) -> None:
    # In the worker's main process, before the pool forks: the children inherit the models.
    warm_up()


@signals.worker_ready.connect
def _on_worker_ready(**_: Any) -> None:
    global _sweeper
    if not settings.redis_url:
        return
    from worker.dispatch import CeleryDispatcher
    from worker.recovery import Sweeper

    with _sweeper_lock:
        if _sweeper is None:
            _sweeper = Sweeper(make_engine(), CeleryDispatcher(settings.redis_url),
                               interval=settings.sweep_seconds,
                               grace=settings.queued_grace_seconds)
            _sweeper.start()


@signals.worker_shutdown.connect
def _on_worker_shutdown(**_: Any) -> None:
    with _sweeper_lock:
        if _sweeper is not None:
            _sweeper.stop()
