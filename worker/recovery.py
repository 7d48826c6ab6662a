"""The recovery sweep: no report is left queued or processing by a dead worker or broker.

A sweep looks at every report still queued or processing:

* **processing, but nobody holds its lease**: the worker processing it died (the lease is
  dropped by the database server or the kernel when its holder dies; see
  ``worker.leases``). The report goes back to queued and is sent again.
* **queued for longer than the grace period with no message on its way**: it was stored
  while the broker was down, or its message was lost (e.g. Redis restarted). It is sent.

Sending is idempotent on the worker side (a report done or held by another worker is
skipped), so a report sent twice costs a few milliseconds, never a duplicate. Celery
workers run a sweep when they start and then every ``HMIC_SWEEP_SECONDS`` in a timer
thread (no beat process needed); across workers a short Redis lock lets one sweep run per
period. ``hmic-actions serve`` runs the same sweep for its embedded worker.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine, select

from models.db import session_scope
from models.ops.reports import requeue_report
from models.tables import Report, utcnow
from worker import leases
from worker.dispatch import Dispatcher, DispatchError

__all__ = ["ACTOR", "SweepResult", "Sweeper", "sweep"]

log = logging.getLogger(__name__)

ACTOR = "recovery"


@dataclass
class SweepResult:
    """What a sweep did: reports put back to queued, sent, and not sent (broker down)."""

    requeued: list[int] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)
    unsent: list[int] = field(default_factory=list)
    error: str | None = None


def sweep(engine: Engine, dispatcher: Dispatcher, grace: float,
          now: datetime | None = None) -> SweepResult:
    """Re-queue abandoned reports and send the ones with no message on its way."""
    result = SweepResult()
    now = now or utcnow()
    with session_scope(engine) as session:
        rows = session.execute(select(Report.id, Report.status, Report.uploaded_at).where(
            Report.status.in_(("queued", "processing")))).all()
    processing = {rid for rid, status, _ in rows if status == "processing"}
    cutoff = now - timedelta(seconds=grace)
    overdue = {rid for rid, status, uploaded in rows if status == "queued" and uploaded <= cutoff}

    for rid in sorted(processing - leases.held(engine, processing)):
        with session_scope(engine) as session:
            if requeue_report(session, rid, ACTOR, "the worker processing it stopped"):
                result.requeued.append(rid)

    candidates = overdue | set(result.requeued)
    for rid in sorted(candidates - dispatcher.waiting(candidates)):
        if result.error is not None:
            result.unsent.append(rid)
            continue
        try:
            dispatcher.send(rid)
            result.sent.append(rid)
        except DispatchError as exc:  # the broker is down: the next sweep tries again
            result.error = str(exc)
            result.unsent.append(rid)
    if result.requeued or result.sent or result.unsent:
        log.warning("recovery sweep: requeued %s, sent %s, not sent %s%s", result.requeued,
                    result.sent, result.unsent, f" ({result.error})" if result.error else "")
    return result


class Sweeper:
    """Runs :func:`sweep` now and then every ``interval`` seconds in a daemon thread."""

    def __init__(self, engine: Engine, dispatcher: Dispatcher, interval: float, grace: float,
                 first_grace: float | None = None) -> None:
        self.engine = engine
        self.dispatcher = dispatcher
        self.interval = interval
        self.grace = grace
        self.first_grace = grace if first_grace is None else first_grace
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="hmic-actions-sweep",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def run_once(self, grace: float | None = None) -> SweepResult | None:
        """One sweep, unless another process swept within this period; never raises."""
        try:
            if not self.dispatcher.exclusive("sweep", self.interval * 0.9):
                return None
            return sweep(self.engine, self.dispatcher, self.grace if grace is None else grace)
        except Exception as exc:  # the database or broker is down: try again next period
            log.warning("recovery sweep failed: %s: %s", type(exc).__name__,
                        " ".join(str(exc).split())[:300])
            return None

    def _loop(self) -> None:
        self.run_once(self.first_grace)
        while not self._stop.wait(self.interval):
            self.run_once()
