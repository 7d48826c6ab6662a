"""``hmic-actions worker``: a Celery worker that processes queued reports (team mode).

It needs ``REDIS_URL`` (the broker) and a database every worker and the API share
(``DATABASE_URL``, normally PostgreSQL). Run as many as you like, on one machine or many.

Once every check has passed, the worker lowers its CPU priority to a niceness of
``HMIC_WORKER_NICE`` (default 10; 0 leaves it as started) before Celery starts, so that its
pool processes and the processes reading reports, which inherit it, leave the processor to
the API first on a machine they share. On Linux with autogroups, niceness only orders the
processes of one session, so a worker leading its own session (a service, a terminal of its
own) lowers its session's group as well, which holds only the worker and what it starts.
"""

from __future__ import annotations

import argparse
import contextlib
import os
from pathlib import Path

from cli.main import CommandError


def register(subcommands: argparse._SubParsersAction) -> None:
    """Add ``hmic-actions worker``."""
    worker = subcommands.add_parser(
        "worker", help="process queued reports (Celery worker; needs REDIS_URL)",
        description="Start a Celery worker that processes uploaded reports. Needs REDIS_URL "
                    "and the shared DATABASE_URL; several workers, on one machine or many, "
                    "share one Redis and one database.")
    worker.add_argument("-c", "--concurrency", type=int, default=os.cpu_count() or 1,
                        help="reports processed at once (default: the number of CPUs)")
    worker.add_argument("-n", "--name", help="node name, e.g. w1@%%h (default: celery@HOST); "
                                             "give each worker on one machine its own")
    worker.add_argument("--loglevel", choices=["DEBUG", "INFO", "WARNING", "ERROR"],
                        help="(default: HMIC_LOG_LEVEL, else INFO)")
    worker.set_defaults(run=run_worker)


def run_worker(args: argparse.Namespace) -> int:
    """Check the settings, Redis and the database, lower the CPU priority, run Celery."""
    from cli.database import open_database
    from cli.service import check_redis, check_settings, run_team_worker
    from extractor.guard import lower_priority
    from worker.settings import WorkerSettings

    if args.concurrency < 1:
        raise CommandError(f"--concurrency {args.concurrency}: must be at least 1")
    settings = check_settings()  # a bad value stops us here, not every report later
    redis_url = settings["REDIS_URL"]
    loglevel = args.loglevel or settings["HMIC_LOG_LEVEL"]
    if not redis_url:
        raise CommandError("REDIS_URL is not set: a worker takes reports from Redis (e.g. "
                           "REDIS_URL=redis://127.0.0.1:6379/0); on a single machine without "
                           "Redis, hmic-actions serve runs its own worker")
    check_redis(redis_url)
    engine, _url = open_database()
    engine.dispose()
    argv = ["worker", f"--concurrency={args.concurrency}", f"--loglevel={loglevel}",
            "--pool=prefork", "--without-gossip", "--without-mingle"]
    if args.name:
        argv.append(f"--hostname={args.name}")
    worker_settings = WorkerSettings.from_env()
    # Inherited by every process Celery starts, and by the processes reading reports.
    lower_priority(settings["HMIC_WORKER_NICE"])
    lower_session_priority(settings["HMIC_WORKER_NICE"])
    run_team_worker(worker_settings, argv)
    return 0


AUTOGROUP = Path("/proc/self/autogroup")


def lower_session_priority(niceness: int) -> None:
    """Lower the niceness of this process's scheduling group (Linux autogroup) to at least
    ``niceness`` when the process leads its own session, so that it and the processes it
    starts give way to processes of other sessions too (niceness alone only orders the
    processes of one session). Nothing changes for a process inside another's session (its
    group holds that session's other processes), nor where there are no autogroups."""
    if niceness <= 0 or os.getsid(0) != os.getpid():
        return
    with contextlib.suppress(OSError, ValueError, IndexError):
        current = int(AUTOGROUP.read_text().split("nice")[1])  # "/autogroup-12 nice 0"
        if niceness > current:
            AUTOGROUP.write_text(f"{niceness}\n")
