"""What a Celery worker does as it starts and stops: load the language pipeline before the
pool forks, and run the recovery sweep while it is up."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from celery import signals

from worker.recovery import Sweeper
from worker.runtime import warm_up

_lock = threading.Lock()
_make_sweeper: Callable[[], Sweeper] | None = None
_sweeper: Sweeper | None = None


def run_sweeper(make: Callable[[], Sweeper]) -> None:
    """Start the sweeper ``make`` gives once the worker is ready; stop it at shutdown."""
    global _make_sweeper
    _make_sweeper = make


@signals.worker_init.connect
def _on_worker_init(**_: Any) -> None:
    # In the worker's main process, before the pool forks: the children inherit the models.
    warm_up()


@signals.worker_ready.connect
def _on_worker_ready(**_: Any) -> None:
    global _sweeper
    with _lock:
        if _sweeper is None and _make_sweeper is not None:
            _sweeper = _make_sweeper()
            _sweeper.start()


@signals.worker_shutdown.connect
def _on_worker_shutdown(**_: Any) -> None:
    with _lock:
        if _sweeper is not None:
            _sweeper.stop()
