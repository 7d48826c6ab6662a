"""Faults with the real components: a Redis restarted while reports are processed, and the
database lost in the middle of an upload.

- Redis here is a private ``redis-server`` on a free port, keeping nothing on disk, so a
  restart loses every queued message: the workers' recovery sweep must send those reports
  again, and each report must end ready exactly once.
- PostgreSQL is reached through a small TCP proxy (a thread of this test) that can be cut:
  an upload that loses the database gets a 503 JSON error and leaves no row and no file.

(A worker killed in the middle of a report is covered in ``test_team.py``: it completes
after recovery, once, with no duplicate drafts.)
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import select as select_module
import shutil
import signal
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask
from sqlalchemy import Engine, func, make_url, select

from api import create_app
from models.db import make_engine, session_scope
from models.migrate import upgrade
from models.tables import AuditEvent, Draft, Report, StoredFile
from tests.api.test_reports import RecordingQueue
from tests.builders.samples import distinct_samples
from tests.conftest import Databases
from tests.service import api_token, free_port, processes, signed_in, wait_for
from worker.dispatch import CeleryDispatcher

REDIS_SERVER = shutil.which("redis-server")


# --- a private Redis ---------------------------------------------------------------------------


class PrivateRedis:
    """A redis-server of this test alone on a free port, keeping nothing on disk."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        assert REDIS_SERVER, "redis-server is needed for the queue tests"
        log = (self.directory / "redis.log").open("ab")
        self.proc = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        wait_for(lambda: _pings(client), 15, "the private redis-server to start")
        client.close()

    def kill(self) -> None:
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=15)
            self.proc = None


def _pings(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def team_db(databases: Databases) -> Iterator[tuple[str, Engine]]:
    """A fresh migrated PostgreSQL database for worker processes, and an engine on it."""
    url = databases.new_url("postgresql")
    engine = make_engine(url)
    upgrade(engine=engine)
    yield url, engine
    engine.dispose()
    databases.drop(url)


def test_a_redis_restart_while_processing_loses_no_report(private_redis: PrivateRedis,
                                                          team_db, tmp_path: Path):
    url, engine = team_db
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HMIC_", "CELERY"))}
    env.update(REDIS_URL=private_redis.url, DATABASE_URL=url, HMIC_SWEEP_SECONDS="1",
               HMIC_QUEUED_GRACE_SECONDS="2", HMIC_PROGRESS_SECONDS="0.1")
    app = create_app({"ENGINE": engine, "DISPATCHER": CeleryDispatcher(private_redis.url)})
    client = signed_in(app.test_client(), api_token(engine, "rory", "reviewer"))
    files = distinct_samples(8)
    with processes(tmp_path, env) as procs:
        procs.start("w1", "worker", "--concurrency", "1", "--name", "w1@faults")
        procs.wait_logged("w1", "ready.")
        ids = []
        for doc in files:
            response = client.post("/api/reports",
                                   data={"file": (io.BytesIO(doc.content), doc.name)},
                                   content_type="multipart/form-data")
            assert response.status_code == 202, response.get_json()
            ids.append(response.get_json()["id"])

        # Restart Redis once the worker is busy and most reports still wait in the queue.
        wait_for(lambda: statuses(engine, ids).get("processing") or
                 statuses(engine, ids).get("ready"), 60, "processing to begin", interval=0.05)
        waiting = statuses(engine, ids).get("queued", 0)
        private_redis.kill()
        private_redis.start()  # empty: every queued message and marker is gone

        def all_ready() -> bool:
            counts = statuses(engine, ids)
            assert counts.get("failed", 0) == 0, counts
            return counts.get("ready", 0) == len(ids)

        wait_for(all_ready, 180, f"{len(ids)} reports to be ready", interval=0.25)
        assert waiting >= 3, "the restart came too late to lose queued messages"
        # The lost messages came back through the sweep, not by chance.
        swept = re.findall(r"recovery sweep: requeued \[[\d, ]*\], sent \[([\d, ]*)\]",
                           procs.log("w1"))
        sent = {int(n) for line in swept for n in line.split(",") if n.strip()}
        assert sent <= set(ids) and len(sent) >= waiting, (sent, waiting)

    with session_scope(engine) as session:
        for report_id, doc in zip(ids, files, strict=True):
            positions = session.scalars(select(Draft.position).where(
                Draft.report_id == report_id).order_by(Draft.position)).all()
            assert positions == list(range(1, doc.items + 1)), report_id
            ready_events = session.scalar(select(func.count(AuditEvent.id)).where(
                AuditEvent.entity_type == "reports", AuditEvent.entity_id == report_id,
                AuditEvent.action == "report_ready"))
            assert ready_events == 1, report_id


def statuses(engine: Engine, report_ids: list[int]) -> dict[str, int]:
    with session_scope(engine) as session:
        rows = session.execute(select(Report.status, func.count(Report.id)).where(
            Report.id.in_(report_ids)).group_by(Report.status)).all()
    return {status: count for status, count in rows}


# --- the database lost during an upload --------------------------------------------------------


class CuttableProxy:
    """A TCP proxy (a thread) to PostgreSQL that can refuse new connections and cut live ones.

    ``cut_on`` (bytes) cuts everything the moment a client sends them, e.g. the start of an
    INSERT: the database is lost in the middle of an upload, after the caller was identified.
    """

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.cut_on: bytes | None = None
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        self.stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stopped:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            server = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, server]
            threading.Thread(target=self._pipe, args=(client, server), daemon=True).start()

    def _pipe(self, client: socket.socket, server: socket.socket) -> None:
        tail = b""
        try:
            while True:
                ready, _, _ = select_module.select([client, server], [], [], 0.5)
                if self.stopped:
                    return
                for source in ready:
                    data = source.recv(65536)
                    if not data:
                        return
                    if source is client and self.cut_on is not None:
                        if self.cut_on in tail + data:
                            self.cut()
                            return
                        tail = data[-len(self.cut_on):]
                    (server if source is client else client).sendall(data)
        except OSError:
            return
        finally:
            for sock in (client, server):
                with contextlib.suppress(OSError):
                    sock.close()

    def cut(self) -> None:
        """Refuse new connections and close every open one."""
        self.up = False
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    sock.close()
            self.sockets.clear()

    def restore(self) -> None:
        self.cut_on = None
        self.up = True

    def close(self) -> None:
        self.stopped = True
        self.cut()
        self.listener.close()


@pytest.fixture
def proxied(team_db) -> Iterator[tuple[CuttableProxy, Engine, Engine]]:
    """A proxy to the test database, an engine through it (unencrypted, so the proxy can see
    the statements), and a direct one."""
    url, direct = team_db
    parsed = make_url(url)
    proxy = CuttableProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
    through = make_engine(parsed.set(host="127.0.0.1", port=proxy.port),
                          connect_args={"connect_timeout": 3, "sslmode": "disable"})
    yield proxy, through, direct
    through.dispose()
    proxy.close()


def upload(app: Flask, token: str, name: str, content: bytes):
    return signed_in(app.test_client(), token).post(
        "/api/reports", data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data")


def nothing_written(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert session.scalar(select(func.count(Report.id))) == 0
        assert session.scalar(select(func.count(StoredFile.sha256))) == 0
        assert session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "upload_report")) == 0


@pytest.mark.parametrize("when", ["before the upload", "during the upload"])
def test_an_upload_that_loses_the_database_gets_503_and_writes_nothing(proxied, tmp_path: Path,
                                                                       when: str, monkeypatch):
    proxy, through, direct = proxied
    token = api_token(direct, "rory", "reviewer")
    queue = RecordingQueue()
    app = create_app({"ENGINE": through, "DISPATCHER": queue})
    monkeypatch.chdir(tmp_path)  # any file written by mistake would land here
    doc = distinct_samples(1)[0]
    # A first request works through the proxy (the pool now holds a live connection).
    assert signed_in(app.test_client(), token).get("/api/reports").status_code == 200
    if when == "before the upload":
        proxy.cut()
    else:
        proxy.cut_on = b"INSERT INTO stored_files"
    response = upload(app, token, doc.name, doc.content)
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.get_json() == {"error": {
        "code": "database_unavailable",
        "message": "the database cannot be reached; try again shortly"}}
    assert queue.sent == []
    nothing_written(direct)
    assert list(tmp_path.iterdir()) == []
    # Once the database is back the same upload goes through, once.
    proxy.restore()
    response = upload(app, token, doc.name, doc.content)
    assert response.status_code == 202, response.get_json()
    assert queue.sent == [response.get_json()["id"]]
    with session_scope(direct) as session:
        assert session.scalar(select(func.count(Report.id))) == 1
