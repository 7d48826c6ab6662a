"""What a worker process keeps while it runs: its database engine, its dispatcher, and the
language pipeline and PAF areas loaded once.

The composition (``cli.service``) decides what they are: the embedded worker is given the
server's engine and dispatcher; a Celery worker process is told how to make its dispatcher
and makes its engine from ``DATABASE_URL`` on first use, again after a fork, so a forked
pool process never uses its parent's connections.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from models.db import make_engine
from worker.dispatch import Dispatcher


class _Runtime:
    """This process's engine and dispatcher; made on first use, again after a fork."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.dispatcher: Dispatcher | None = None
        self.make_dispatcher: Callable[[], Dispatcher] | None = None
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


def configure(engine: Engine | None = None, dispatcher: Dispatcher | None = None, *,
              make_dispatcher: Callable[[], Dispatcher] | None = None) -> None:
    """Use this engine and dispatcher in this process (the embedded worker and tests), or
    make the dispatcher with ``make_dispatcher`` on first use (Celery worker processes).

    Without an engine, the process makes its own from ``DATABASE_URL``.
    """
    _runtime.engine = engine
    _runtime.dispatcher = dispatcher
    _runtime.make_dispatcher = make_dispatcher
    _runtime.configured = engine is not None


def current_engine() -> Engine:
    """The engine tasks in this process use."""
    if _runtime.engine is None:
        _runtime.engine = make_engine()
    return _runtime.engine


def current_dispatcher() -> Dispatcher | None:
    """The dispatcher whose markers the task clears (None when there is none to clear)."""
    if _runtime.dispatcher is None and _runtime.make_dispatcher is not None:
        _runtime.dispatcher = _runtime.make_dispatcher()
    return _runtime.dispatcher


def warm_up() -> None:
    """Load the language pipeline and the PAF areas once, so forked readers inherit them."""
    from extractor.analysis import analyse_item
    from matching import suggest_paf_area

    analyse_item("Chief constables should review their policies.", kind="recommendation",
                 inspected=None)
    suggest_paf_area("Forces should improve how they answer emergency calls.")
