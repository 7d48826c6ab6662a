"""``hmic-actions worker``: a Celery worker that processes queued reports (team mode).

It needs ``REDIS_URL`` (the broker) and a database every worker and the API share
(``DATABASE_URL``, normally PostgreSQL). Run as many as you like, on one machine or many.
"""

from __future__ import annotations

import argparse
import os

from cli.main import CommandError


def register(subcommands: argparse._SubParsersAction) -> None:
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
    from cli.database import open_database
    from cli.service import check_redis, check_settings, run_team_worker
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
    run_team_worker(WorkerSettings.from_env(), argv)
    return 0
