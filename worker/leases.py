"""Processing leases: proof that a live process is working on a report.

A worker holds the report's lease for as long as it processes the report. The lease is
something the database server or the kernel takes away when its holder dies, so a worker
killed in the middle of a report (SIGKILL, out of memory, machine gone) never leaves one
behind, and the recovery sweep can tell an abandoned report from a slow one without
guessing from timestamps:

* PostgreSQL: a session advisory lock, ``pg_try_advisory_lock(namespace, report id)``, on
  a connection kept for the task; the server drops it when that connection closes, and
  ``pg_locks`` lists the ones held.
* SQLite (one machine): an ``flock`` on a file in a folder beside the database file; the
  kernel drops it when the process dies. The file is removed while still locked, and a
  process that locked a file already removed tries again, so files do not pile up.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Connection, Engine, text

__all__ = ["LOCK_NAMESPACE", "Lease", "acquire", "held"]

#: First key of the advisory locks ("HMIC"), so they cannot clash with other users' locks.
LOCK_NAMESPACE = 0x484D4943

_POLL_SECONDS = 0.05


class Lease:
    """A held lease on one report; release it (or leave the ``with`` block) when done."""

    def __init__(self, report_id: int, connection: Connection | None = None,
                 fd: int | None = None, path: Path | None = None) -> None:
        self.report_id = report_id
        self._connection = connection
        self._fd = fd
        self._path = path

    def release(self) -> None:
        """Give the lease up (safe to call twice)."""
        if self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                connection.execute(text("SELECT pg_advisory_unlock(:ns, :id)"),
                                   {"ns": LOCK_NAMESPACE, "id": self.report_id})
                connection.commit()
            except Exception:
                # Never hand a connection that may still hold the lock back to the pool.
                with contextlib.suppress(Exception):
                    connection.invalidate()
            finally:
                with contextlib.suppress(Exception):
                    connection.close()
        if self._fd is not None:
            fd, self._fd = self._fd, None
            if self._path is not None:
                with contextlib.suppress(OSError):
                    os.unlink(self._path)
            os.close(fd)

    def __enter__(self) -> Lease:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def acquire(engine: Engine, report_id: int, wait_seconds: float = 2.0) -> Lease | None:
    """Take the report's lease, waiting up to ``wait_seconds``; None if another process has it."""
    deadline = time.monotonic() + wait_seconds
    while True:
        lease = _try_acquire(engine, report_id)
        if lease is not None or time.monotonic() >= deadline:
            return lease
        time.sleep(_POLL_SECONDS)


def held(engine: Engine, report_ids: Iterable[int]) -> set[int]:
    """Which of these reports have a lease held by a live process (this one included)."""
    ids = set(report_ids)
    if not ids:
        return set()
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND classid = CAST(:ns AS oid) AND objsubid = 2 AND database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database())"),
                {"ns": LOCK_NAMESPACE})
            return ids & {int(row[0]) for row in rows}
    taken = set()
    for report_id in ids:
        lease = _try_acquire(engine, report_id)
        if lease is None:
            taken.add(report_id)
        else:
            lease.release()
    return taken


def _try_acquire(engine: Engine, report_id: int) -> Lease | None:
    if engine.dialect.name == "postgresql":
        connection = engine.connect()
        try:
            got = connection.execute(text("SELECT pg_try_advisory_lock(:ns, :id)"),
                                     {"ns": LOCK_NAMESPACE, "id": report_id}).scalar()
            connection.commit()
        except BaseException:
            connection.close()
            raise
        if got:
            return Lease(report_id, connection=connection)
        connection.close()
        return None
    return _try_flock(lock_dir(engine) / f"report-{report_id}.lock", report_id)


def lock_dir(engine: Engine) -> Path:
    """The folder of lock files for a SQLite database file (created when missing)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        raise ValueError(f"leases need PostgreSQL or a SQLite file, not {engine.url}")
    path = Path(database).resolve()
    folder = path.parent / f"{path.name}.locks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _try_flock(path: Path, report_id: int) -> Lease | None:
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return Lease(report_id, fd=fd, path=path)
        os.close(fd)  # the holder removed it as it finished: lock the new file instead
