"""Getting a report to a worker: through Redis to Celery workers, or to the embedded worker.

Both dispatchers offer the same few operations, so the API, the task and the recovery
sweep do not care which mode they run in:

* ``send(report_id)``: hand the report to a worker (raises DispatchError if it cannot);
* ``waiting(report_ids)``: which of these reports have a message on its way to a worker;
* ``taken(report_id)``: a worker has started on the report (its message is used up);
* ``exclusive(name, seconds)``: whether this process may run a job that only one process
  at a time should run (the recovery sweep);
* ``check()``: None when the queue works, else why not (for the health endpoint);
* ``rematch(report_id)``: ask a worker to match the pending drafts again (of one report,
  or of every report when None), because the tracked items changed. Best effort: a queue
  that cannot be reached is logged, not raised, since the decision that asked for it is
  already saved and matching can be asked for again.

With Redis, "a message on its way" is a marker key set just before the message is
published and removed when a worker takes the report; it expires after the broker's
visibility timeout as a backstop. The marker lives in the same Redis as the queue, so if
Redis loses its data, marker and message go together and the sweep sends the report again.

``send`` passes the request id of the code calling it (an upload's, see
``hmic_actions.logs``) along with the report, in the Celery message's ``request_id``
header or beside the report in the embedded queue, so the worker's log lines about the
report carry the id of the upload that brought it.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from hmic_actions.logs import current_request_id, log_context
from hmic_actions.settings import redact_url

__all__ = ["CeleryDispatcher", "DispatchError", "Dispatcher", "EmbeddedDispatcher"]

log = logging.getLogger(__name__)

MARKER_PREFIX = "hmic-actions:sent:"
LOCK_PREFIX = "hmic-actions:lock:"


class DispatchError(Exception):
    """The report could not be handed to a worker (e.g. the broker is down)."""


class Dispatcher(Protocol):
    """What the API, the task and the sweep need from a queue."""

    mode: str

    def send(self, report_id: int) -> None: ...

    def waiting(self, report_ids: Iterable[int]) -> set[int]: ...

    def taken(self, report_id: int) -> None: ...

    def exclusive(self, name: str, seconds: float) -> bool: ...

    def check(self) -> str | None: ...

    def rematch(self, report_id: int | None = None) -> None: ...


class CeleryDispatcher:
    """Sends ``process_report`` messages through Redis to Celery workers."""

    mode = "redis"

    def __init__(self, redis_url: str, marker_seconds: int | None = None) -> None:
        import redis

        from worker.app import settings

        self.redis_url = redis_url
        self.marker_seconds = marker_seconds or settings.visibility_seconds
        self.redis = redis.Redis.from_url(redis_url, socket_connect_timeout=3,
                                          socket_timeout=10)

    def send(self, report_id: int) -> None:
        from worker.app import PROCESS_REPORT, app

        try:
            self.redis.set(f"{MARKER_PREFIX}{report_id}", int(time.time()),
                           ex=self.marker_seconds)
            request_id = current_request_id()
            with app.connection_for_write(self.redis_url) as connection:
                # A header, not an argument: workers of an older release ignore it.
                app.send_task(PROCESS_REPORT, (report_id,), connection=connection,
                              retry=False,
                              headers={"request_id": request_id} if request_id else None)
        except Exception as exc:
            with contextlib.suppress(Exception):  # Redis itself may be what is down
                self.redis.delete(f"{MARKER_PREFIX}{report_id}")
            raise DispatchError(f"cannot reach the queue at {redact_url(self.redis_url)}: "
                                f"{_one_line(exc)}") from exc

    def waiting(self, report_ids: Iterable[int]) -> set[int]:
        ids = list(report_ids)
        if not ids:
            return set()
        pipe = self.redis.pipeline(transaction=False)
        for report_id in ids:
            pipe.exists(f"{MARKER_PREFIX}{report_id}")
        return {rid for rid, there in zip(ids, pipe.execute(), strict=True) if there}

    def taken(self, report_id: int) -> None:
        self._forget(report_id)

    def exclusive(self, name: str, seconds: float) -> bool:
        return bool(self.redis.set(f"{LOCK_PREFIX}{name}", "1", nx=True,
                                   ex=max(1, int(seconds))))

    def check(self) -> str | None:
        try:
            self.redis.ping()
        except Exception as exc:
            return f"cannot reach Redis at {redact_url(self.redis_url)}: {_one_line(exc)}"
        return None

    def rematch(self, report_id: int | None = None) -> None:
        from worker.app import REMATCH_DRAFTS, app

        try:
            with app.connection_for_write(self.redis_url) as connection:
                app.send_task(REMATCH_DRAFTS, (report_id,), connection=connection, retry=False)
        except Exception as exc:
            log.warning("could not ask for drafts to be matched again: %s", _one_line(exc))

    def _forget(self, report_id: int) -> None:
        try:
            self.redis.delete(f"{MARKER_PREFIX}{report_id}")
        except Exception as exc:  # the marker expires anyway
            log.warning("could not clear the queue marker of report %s: %s", report_id,
                        _one_line(exc))


class EmbeddedDispatcher:
    """A worker thread in this process that runs each report's task in turn.

    ``runner`` runs a report's task (``worker.tasks.run_here``: the same code a Celery
    worker runs); reports are processed one at a time, which suits SQLite and a single user.
    ``rematcher`` matches pending drafts again (``worker.tasks.rematch_here``); without one,
    ``rematch`` does nothing.
    """

    mode = "embedded"

    def __init__(self, runner: Callable[[int], Any],
                 rematcher: Callable[[int | None], Any] | None = None) -> None:
        self._runner = runner
        self._rematcher = rematcher
        self._queue: queue.Queue[tuple[str, int | None, str | None] | None] = queue.Queue()
        self._pending: set[int] = set()
        self._rematches: set[int | None] = set()
        self._running: int | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self, before: Callable[[], Any] | None = None) -> None:
        """Start the worker thread (``before`` runs first in it, e.g. to load models)."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, args=(before,),
                                                name="hmic-actions-worker", daemon=True)
                self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Let the thread finish the report in hand, then end."""
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(timeout)

    def send(self, report_id: int) -> None:
        with self._lock:
            if report_id in self._pending:
                return
            self._pending.add(report_id)
        self._queue.put(("process", report_id, current_request_id()))
        self.start()

    def rematch(self, report_id: int | None = None) -> None:
        if self._rematcher is None:
            return
        with self._lock:
            if report_id in self._rematches or None in self._rematches:
                return  # already asked for (every report covers this one)
            self._rematches.add(report_id)
        self._queue.put(("rematch", report_id, current_request_id()))
        self.start()

    def waiting(self, report_ids: Iterable[int]) -> set[int]:
        with self._lock:
            busy = self._pending | ({self._running} if self._running is not None else set())
        return busy & set(report_ids)

    def taken(self, report_id: int) -> None:
        """Nothing to do: the thread forgets a report as it takes it off its queue."""

    def exclusive(self, name: str, seconds: float) -> bool:
        return True

    def check(self) -> str | None:
        if self._thread is not None and not self._thread.is_alive():
            return "the embedded worker thread has stopped"
        return None

    def idle(self) -> bool:
        """Whether nothing is waiting or running."""
        with self._lock:
            return not self._pending and not self._rematches and self._running is None

    def _loop(self, before: Callable[[], Any] | None) -> None:
        if before is not None:
            try:
                before()
            except Exception:
                log.exception("embedded worker: start-up step failed")
        while True:
            entry = self._queue.get()
            if entry is None:
                return
            job, report_id, request_id = entry
            if job == "rematch":
                self._run_rematch(report_id, request_id)
                continue
            assert report_id is not None
            with self._lock:
                self._pending.discard(report_id)
                self._running = report_id
            try:
                with log_context(request_id=request_id, report_id=report_id):
                    self._runner(report_id)
            except Exception:  # the task records failures itself; this is a last resort
                log.exception("embedded worker: report %s", report_id)
            finally:
                with self._lock:
                    self._running = None

    def _run_rematch(self, report_id: int | None, request_id: str | None) -> None:
        assert self._rematcher is not None
        with self._lock:
            self._rematches.discard(report_id)
            self._running = report_id or 0
        try:
            with log_context(request_id=request_id, **(
                    {"report_id": report_id} if report_id is not None else {})):
                self._rematcher(report_id)
        except Exception:
            log.exception("embedded worker: matching drafts again (report %s)", report_id)
        finally:
            with self._lock:
                self._running = None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return (text or type(exc).__name__)[:200]
