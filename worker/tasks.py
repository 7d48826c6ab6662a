"""The Celery tasks: process one uploaded report (``worker.pipeline.process``), and match
pending drafts again after the tracked items changed (``worker.rematch``).

Transient errors (database or broker unreachable) are retried with exponential backoff; a
bad document is not retried. Every log line written while a report is processed carries its
``report_id``, and the ``request_id`` of the upload that queued it (the message's
``request_id`` header).
"""

from __future__ import annotations

import logging
from typing import Any

from hmic_actions.logs import current_request_id, log_context
from worker.app import PROCESS_REPORT, REMATCH_DRAFTS, app
from worker.pipeline import TRANSIENT_ERRORS, process
from worker.rematch import rematch_pending
from worker.runtime import current_engine

__all__ = ["process_report", "rematch_drafts", "rematch_here", "run_here"]

log = logging.getLogger(__name__)


@app.task(bind=True, name=PROCESS_REPORT, autoretry_for=TRANSIENT_ERRORS,
          retry_backoff=2, retry_backoff_max=300, retry_jitter=True, max_retries=8)
def process_report(self: Any, report_id: int) -> dict[str, Any]:
    """Process one uploaded report (see ``worker.pipeline``)."""
    request_id = _request_id_of(self.request)
    with log_context(report_id=int(report_id),
                     **({"request_id": request_id} if request_id else {})):
        log.info("report %s: taken by %s (upload request %s)", report_id,
                 self.request.hostname or "embedded", request_id or "unknown")
        return process(int(report_id), worker=self.request.hostname or "embedded",
                       task_id=self.request.id)


def run_here(report_id: int) -> Any:
    """Run the task for a report in this process, as a Celery worker would (the embedded
    worker's runner)."""
    request_id = current_request_id()
    return process_report.apply(args=(report_id,), headers={"request_id": request_id}
                                if request_id else None)


@app.task(name=REMATCH_DRAFTS, autoretry_for=TRANSIENT_ERRORS, retry_backoff=2,
          retry_backoff_max=60, max_retries=5)
def rematch_drafts(report_id: int | None = None) -> dict[str, Any]:
    """Match the pending drafts of a report (or of every report) again; idempotent."""
    changed = rematch_pending(current_engine(), None if report_id is None else int(report_id))
    log.info("drafts matched again%s: %s changed",
             f" (report {report_id})" if report_id is not None else "", changed)
    return {"report_id": report_id, "changed": changed}


def rematch_here(report_id: int | None = None) -> Any:
    """Run the rematch task in this process (the embedded worker's rematcher)."""
    return rematch_drafts.apply(args=(report_id,))


def _request_id_of(request: Any) -> str | None:
    """The upload's request id sent with the message (a custom header), if any."""
    value = getattr(request, "request_id", None) or (request.headers or {}).get("request_id")
    return value if isinstance(value, str) and value else None
