"""Workers give the processor to the API first: CPU niceness, read from the kernel.

``hmic-actions worker`` lowers its priority to ``HMIC_WORKER_NICE`` before Celery starts, so
every process and thread of the worker runs at that niceness (``0`` leaves it as started);
started in a session of its own, as here, it lowers its session's scheduling group (Linux
autogroup) too, without which niceness would not count against the processes of other
sessions.
``hmic-actions serve`` with its embedded worker keeps its own priority for every thread
(the web's and the worker's), and only the child reading a report runs niced. The workers
run against Redis (``HMIC_TEST_REDIS_URL``) and a fresh PostgreSQL database; serve on its
own SQLite file. Niceness comes from ``/proc/<pid>/task/<tid>/stat``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from models.db import make_engine
from models.migrate import upgrade
from tests.builders.samples import build_long_report
from tests.service import (
    REDIS_TEST_URL,
    Processes,
    cli_token,
    free_port,
    http,
    multipart,
    processes,
    wait_for,
)

#: The niceness the tests ask for: above the test run's own, so that asking changes it.
WANTED = 7


def stat(pid: int, tid: int | None = None) -> list[str]:
    """The fields of ``/proc/<pid>[/task/<tid>]/stat`` after the command name: state, ppid,
    process group, ..., niceness at index 16."""
    path = f"/proc/{pid}/stat" if tid is None else f"/proc/{pid}/task/{tid}/stat"
    with open(path) as fh:
        return fh.read().rpartition(")")[2].split()


def threads_niceness(pid: int) -> dict[int, int]:
    """The niceness of each thread of process ``pid``, by thread id."""
    found = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            found[int(tid)] = int(stat(pid, int(tid))[16])
        except (FileNotFoundError, ProcessLookupError):  # a thread that has just ended
            continue
    return found


def autogroup_niceness(pid: int) -> int | None:
    """The niceness of the scheduling group (Linux autogroup) of process ``pid``; None where
    the kernel has no autogroups, or the process is in a control group that is not one (the
    kernel then shows an empty file)."""
    try:
        with open(f"/proc/{pid}/autogroup") as fh:
            text = fh.read()  # "/autogroup-12 nice 0"
    except FileNotFoundError:
        return None
    _, found, niceness = text.partition(" nice ")
    return int(niceness) if found else None


def processes_where(field: int, value: int) -> list[int]:
    """The processes whose stat field ``field`` (1: parent, 2: process group) is ``value``."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if int(stat(int(name))[field]) == value:
                    found.append(int(name))
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
    return found


@pytest.fixture(scope="module")
def own() -> int:
    """The test run's own niceness, which must leave room below WANTED."""
    niceness = os.getpriority(os.PRIO_PROCESS, 0)
    assert niceness < WANTED, f"the tests run at niceness {niceness}; run them below {WANTED}"
    return niceness


@pytest.fixture
def team_env(databases) -> dict[str, str]:
    """The environment of a worker: Redis, a PostgreSQL database at the newest schema."""
    url = databases.new_url("postgresql")
    engine = make_engine(url)
    upgrade(engine=engine)
    engine.dispose()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HMIC_", "CELERY"))}
    env.update(REDIS_URL=REDIS_TEST_URL, DATABASE_URL=url)
    yield env
    databases.drop(url)


def test_a_worker_and_its_pool_run_at_the_niceness_of_the_setting(tmp_path: Path, own: int,
                                                                   team_env):
    with processes(tmp_path, team_env) as procs:
        niced = procs.start("niced", "worker", "--concurrency", "2", "--name", "niced@test",
                            env={**team_env, "HMIC_WORKER_NICE": str(WANTED)})
        plain = procs.start("plain", "worker", "--concurrency", "2", "--name", "plain@test",
                            env={**team_env, "HMIC_WORKER_NICE": "0"})
        for name in ("niced", "plain"):
            procs.wait_logged(name, "ready.", timeout=90)
        # A new session's group starts at niceness 0; only the niced worker lowers it.
        for leader, expected, group_niceness in ((niced, WANTED, WANTED), (plain, own, 0)):
            group = processes_where(2, leader.pid)  # each worker leads its own group
            assert leader.pid in group and len(group) >= 3, group  # the worker, 2 in its pool
            seen = {(pid, tid): nice for pid in group
                    for tid, nice in threads_niceness(pid).items()}
            assert len(seen) > len(group)  # Celery's threads are counted too
            assert set(seen.values()) == {expected}, seen
            if autogroup_niceness(os.getpid()) is not None:  # a kernel with autogroups
                groups = {autogroup_niceness(pid) for pid in group}
                assert groups == {group_niceness}, groups
    assert os.getpriority(os.PRIO_PROCESS, 0) == own


def test_serve_keeps_its_priority_while_the_report_is_read_niced(tmp_path: Path, own: int):
    content = build_long_report(tmp_path / "long.pdf", 150).read_bytes()
    env = {k: v for k, v in os.environ.items()
           if k not in ("REDIS_URL", "DATABASE_URL") and not k.startswith("HMIC_")}
    env.update(HMIC_DATA_DIR=str(tmp_path / "data"), HMIC_WORKER_NICE=str(WANTED))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with processes(tmp_path, env) as procs:
        server = _serve(procs, port, base)
        token = cli_token(env, "alice", "reviewer")
        body, content_type = multipart("file", "long.pdf", content)
        status, report = http("POST", f"{base}/api/reports", body, content_type, token)
        assert status == 202, report
        readers: dict[tuple[int, int], int] = {}  # (process, thread): niceness
        served: dict[int, int] = {}

        def read() -> bool:
            for child in processes_where(1, server.pid):
                readers.update({(child, tid): nice
                                for tid, nice in threads_niceness(child).items()})
            served.update(threads_niceness(server.pid))
            return http("GET", report["url"], token=token)[1]["status"] in ("ready", "failed")

        wait_for(read, 120, "the report to be read", interval=0.02)
        assert http("GET", report["url"], token=token)[1]["status"] == "ready"
    assert readers and set(readers.values()) == {WANTED}, readers
    assert len(served) > 2 and set(served.values()) == {own}, served


def _serve(procs: Processes, port: int, base: str):
    server = procs.start("serve", "serve", "--port", str(port))

    def answers() -> bool:
        try:
            return http("GET", f"{base}/api/health")[0] == 200
        except OSError:
            return False

    wait_for(answers, 60, "hmic-actions serve to answer")
    return server
