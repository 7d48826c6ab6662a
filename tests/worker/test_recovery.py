"""Leases and the recovery sweep, on SQLite and PostgreSQL.

A lease must vanish when its holder dies, however it dies: the sweep relies on that to
tell an abandoned report from one a live worker is slowly processing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterable
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from models.db import session_scope
from models.ops.reports import add_report
from models.tables import AuditEvent, Report, utcnow
from tests.service import wait_for
from worker import leases
from worker.dispatch import DispatchError
from worker.recovery import Sweeper, sweep


class FakeQueue:
    """A dispatcher that records what it is asked to send."""

    mode = "test"

    def __init__(self, waiting: Iterable[int] = (), down: bool = False) -> None:
        self.sent: list[int] = []
        self.rematched: list[int | None] = []
        self.in_flight = set(waiting)
        self.down = down

    def send(self, report_id: int) -> None:
        if self.down:
            raise DispatchError("cannot reach the queue: connection refused")
        self.sent.append(report_id)
        self.in_flight.add(report_id)

    def waiting(self, report_ids: Iterable[int]) -> set[int]:
        return self.in_flight & set(report_ids)

    def taken(self, report_id: int) -> None:
        self.in_flight.discard(report_id)

    def rematch(self, report_id: int | None = None) -> None:
        self.rematched.append(report_id)

    def exclusive(self, name: str, seconds: float) -> bool:
        return True

    def check(self) -> str | None:
        return None


def add(engine: Engine, status: str, age_seconds: float = 600) -> int:
    with session_scope(engine) as session:
        report, _ = add_report(session, f"{status}.pdf",
                                   f"%PDF-1.7 {status} {os.urandom(8).hex()}".encode(), "t")
        report.status = status
        report.uploaded_at = utcnow() - timedelta(seconds=age_seconds)
        return report.id


def status(engine: Engine, report_id: int) -> str:
    with session_scope(engine) as session:
        return session.get(Report, report_id).status


# --- leases ------------------------------------------------------------------------------------


def test_a_lease_is_exclusive_until_released(engine: Engine):
    first = leases.acquire(engine, 7, wait_seconds=0)
    assert first is not None
    assert leases.acquire(engine, 7, wait_seconds=0.2) is None
    assert leases.held(engine, [7, 8]) == {7}
    first.release()
    first.release()  # twice is harmless
    assert leases.held(engine, [7, 8]) == set()
    with leases.acquire(engine, 7, wait_seconds=0) as again:
        assert again is not None and leases.held(engine, [7]) == {7}
    assert leases.held(engine, [7]) == set()


def test_a_lease_dies_with_a_process_killed_by_sigkill(engine: Engine, db_url: str):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\n"
         "from models.db import make_engine\n"
         "from worker import leases\n"
         "lease = leases.acquire(make_engine(sys.argv[1]), 42)\n"
         "print('held' if lease else 'busy', flush=True)\n"
         "time.sleep(120)\n", db_url],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert leases.held(engine, [42]) == {42}
        assert leases.acquire(engine, 42, wait_seconds=0) is None
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    # The server (PostgreSQL) or the kernel (SQLite) drops the lease of the dead process.
    wait_for(lambda: leases.held(engine, [42]) == set(), 10, "the lease to be dropped")
    with leases.acquire(engine, 42, wait_seconds=0) as lease:
        assert lease is not None


# --- the sweep ---------------------------------------------------------------------------------


def test_an_abandoned_processing_report_is_requeued_and_sent(engine: Engine):
    abandoned = add(engine, "processing")
    queue = FakeQueue()
    result = sweep(engine, queue, grace=30)
    assert result.requeued == [abandoned] and queue.sent == [abandoned]
    assert status(engine, abandoned) == "queued"
    with session_scope(engine) as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "requeue_report")).one()
        assert event.entity_id == abandoned and event.actor == "recovery"
        assert event.after["reason"] == "the worker processing it stopped"


def test_a_report_a_live_worker_holds_is_left_alone(engine: Engine):
    busy = add(engine, "processing")
    queue = FakeQueue()
    with leases.acquire(engine, busy, wait_seconds=0):
        result = sweep(engine, queue, grace=30)
    assert result.requeued == [] and queue.sent == []
    assert status(engine, busy) == "processing"


def test_queued_reports_are_sent_after_the_grace_period_unless_on_their_way(engine: Engine):
    overdue = add(engine, "queued", age_seconds=120)
    fresh = add(engine, "queued", age_seconds=1)
    on_its_way = add(engine, "queued", age_seconds=120)
    done = [add(engine, "ready"), add(engine, "failed")]
    queue = FakeQueue(waiting=[on_its_way])
    result = sweep(engine, queue, grace=30)
    assert queue.sent == [overdue] and result.requeued == []
    assert all(status(engine, r) in ("ready", "failed") for r in done)
    # With no grace and nothing on its way, every queued report is sent.
    assert sweep(engine, FakeQueue(), grace=0).sent == sorted([overdue, fresh, on_its_way])


def test_with_the_broker_down_reports_stay_queued_for_the_next_sweep(engine: Engine):
    first, second = add(engine, "queued"), add(engine, "processing")
    result = sweep(engine, FakeQueue(down=True), grace=30)
    assert result.sent == [] and sorted(result.unsent) == sorted([first, second])
    assert "connection refused" in result.error
    assert status(engine, first) == status(engine, second) == "queued"
    queue = FakeQueue()  # the broker is back
    assert sorted(sweep(engine, queue, grace=30).sent) == sorted([first, second])


def test_the_sweeper_thread_sweeps_at_start_and_then_periodically(engine: Engine):
    queue = FakeQueue()
    first = add(engine, "queued", age_seconds=1)
    sweeper = Sweeper(engine, queue, interval=0.2, grace=60, first_grace=0)
    sweeper.start()
    try:
        wait_for(lambda: queue.sent == [first], 5, "the first sweep")
        later = add(engine, "processing")
        wait_for(lambda: later in queue.sent, 5, "a later sweep")
    finally:
        sweeper.stop()


@pytest.mark.parametrize("broken", ["waiting", "exclusive"])
def test_a_failing_sweep_is_logged_and_does_not_stop_the_sweeper(engine: Engine, broken: str,
                                                                 caplog):
    queue = FakeQueue()

    def fail(*_args):
        raise ConnectionError("broker gone")

    setattr(queue, broken, fail)
    add(engine, "queued")
    assert Sweeper(engine, queue, interval=1, grace=0).run_once() is None
    assert "recovery sweep failed: ConnectionError: broker gone" in caplog.text
