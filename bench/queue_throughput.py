"""Throughput of the queue: 20 reports through 1 and 2 Celery workers, against direct extraction.

Needs Redis (``--redis``, default database 14 of 127.0.0.1:6379, which it flushes) and the
PostgreSQL server (``--postgres``, an admin URL; a scratch database is created and dropped).

1. Builds 20 distinct reports: by default a 40-page report in the style of the samples
   (``--pages``), each copy made distinct by a trailing PDF comment; ``--samples`` uses the
   sample reports instead (3-9 pages each, cycled).
2. **Direct**: extracts the 20 files one after another in one warm process (the language
   pipeline loaded), which is the least a report can cost.
3. **Queued**: for 1 and then 2 worker processes (``hmic-actions worker --concurrency 1``
   each), stores the 20 reports and sends them through Redis, and times from the first
   send to the last report marked ready, on a tracker holding the samples' items
   (``--tracked``), so matching does real work.

It prints reports per minute, and per report: the direct extraction time, the task's time
inside the worker (extraction + matching + saving, from the audit trail), the queue's own
cost (wall time per report not spent inside a task: delivery, pick-up, acknowledgement),
and the ratios. Usage: ``python bench/queue_throughput.py [--pages N | --samples]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as ``python bench/queue_throughput.py``: import samples/
    sys.path.insert(0, str(REPO))
SAMPLES = REPO / "samples"
HMIC_ACTIONS = Path(sys.executable).parent / "hmic-actions"
REPORTS = 20


def build_files(folder: Path, pages: int, use_samples: bool) -> list[tuple[str, bytes]]:
    """20 (name, content) pairs with distinct contents."""
    if use_samples:
        base = [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.pdf"))
                if p.with_suffix(".expected.json").exists()]
    else:
        from samples.long_report import build_long_report

        path = folder / "typical.pdf"
        build_long_report(path, pages)
        base = [("typical.pdf", path.read_bytes())]
    files = []
    for i in range(REPORTS):
        name, content = base[i % len(base)]
        files.append((f"{Path(name).stem}-{i}.pdf", content + f"\n%copy {i}\n%%EOF\n".encode()))
    return files


def direct(folder: Path, files: list[tuple[str, bytes]]) -> list[float]:
    """Seconds to extract each file, one after another in a fresh, warm process."""
    paths = []
    for name, content in files:
        paths.append(folder / name)
        paths[-1].write_bytes(content)
    out = subprocess.run([sys.executable, __file__, "--direct", *map(str, paths)],
                         check=True, capture_output=True, text=True, cwd=REPO).stdout
    return json.loads(out.strip().splitlines()[-1])


def _direct_run(paths: list[str]) -> None:
    from extractor import extract_file
    from worker.tasks import warm_up

    warm_up()  # as a worker does before it takes reports
    extract_file(paths[0])  # one unmeasured pass: caches as warm as a busy worker's
    times = []
    for path in paths:
        start = time.perf_counter()
        extract_file(path)
        times.append(time.perf_counter() - start)
    print(json.dumps(times))


def seed_tracker(engine) -> int:
    """Track every item of the samples' expected results (the matching has work to do)."""
    from models.db import session_scope
    from models.tables import TrackedItem

    count = 0
    with session_scope(engine) as session:
        for expected in sorted(SAMPLES.glob("*.expected.json")):
            for item in json.loads(expected.read_text())["items"]:
                count += 1
                session.add(TrackedItem(reference=f"BENCH-{count:04d}", kind=item["kind"],
                                        number=item.get("number"), text=item["text"],
                                        addressees=item.get("addressees") or [],
                                        scope="national", status="open"))
    return count


def empty(engine) -> None:
    from sqlalchemy import text

    from models.tables import Base

    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables
                      if t.name != "tracked_items")
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE"))


def start_workers(count: int, env: dict[str, str], logs: Path) -> list[subprocess.Popen]:
    procs = []
    for n in range(1, count + 1):
        log = logs / f"worker{count}-{n}.log"
        with log.open("wb") as out:
            procs.append(subprocess.Popen(
                [str(HMIC_ACTIONS), "worker", "--concurrency", "1", "--name", f"b{n}@bench",
                 "--loglevel", "INFO"], env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True))
    return procs


def wait_ready(logs: Path, count: int, timeout: float = 120) -> None:
    """Wait until each worker has logged that it is ready."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = [p for p in logs.glob(f"worker{count}-*.log") if "ready." in p.read_text()]
        if len(ready) >= count:
            return
        time.sleep(0.2)
    raise SystemExit(f"{count} workers were not ready within {timeout:g} s")


def stop(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def queued(engine, redis_url: str, files: list[tuple[str, bytes]]) -> dict[str, float]:
    """Send the files through the queue; wall time and per-task times from the database."""
    from sqlalchemy import func, select

    from models.db import session_scope
    from models.ops.reports import add_report
    from models.tables import AuditEvent, Report
    from worker.dispatch import CeleryDispatcher

    dispatcher = CeleryDispatcher(redis_url)
    ids = []
    with session_scope(engine) as session:  # stored first, as uploads are
        for name, content in files:
            ids.append(add_report(session, name, content, "bench")[0].id)
    start = time.time()
    for report_id in ids:
        dispatcher.send(report_id)
    while True:
        with session_scope(engine) as session:
            left = session.scalar(select(func.count(Report.id)).where(
                Report.status.in_(("queued", "processing"))))
        if not left:
            break
        time.sleep(0.25)  # the end time comes from the database, not from this loop
    with session_scope(engine) as session:
        reports = {r.id: r for r in session.scalars(select(Report))}
        bad = [r.file_name for r in reports.values() if r.status != "ready"]
        if bad:
            raise SystemExit(f"not ready: {bad}")
        starts = {e.entity_id: e.at for e in session.scalars(select(AuditEvent).where(
            AuditEvent.action == "start_processing"))}
        tasks = [(reports[i].processed_at - starts[i]).total_seconds() for i in ids]
        end = max(r.processed_at for r in reports.values()).timestamp()
    return {"wall": end - start, "task_mean": statistics.mean(tasks)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=40, help="pages of the typical report")
    parser.add_argument("--samples", action="store_true", help="use the sample reports")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per worker count; the median is reported (default: 3)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/"
                                              "postgres", help="admin URL of the server")
    parser.add_argument("--direct", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.direct:
        _direct_run(args.direct)
        return 0

    import redis
    from sqlalchemy import create_engine, make_url, text

    from models.db import make_engine
    from models.migrate import upgrade

    redis.Redis.from_url(args.redis).flushdb()
    name = f"hmic_actions_bench_{os.getpid()}"
    admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    runs: dict[int, list[dict[str, float]]] = {1: [], 2: []}
    try:
        upgrade(engine=engine)
        tracked = seed_tracker(engine)
        env = {k: v for k, v in os.environ.items() if not k.startswith("HMIC_")}
        env.update(REDIS_URL=args.redis, DATABASE_URL=url)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            files = build_files(folder, args.pages, args.samples)
            direct_times = direct(folder, files)
            for workers in (1, 2):
                procs = start_workers(workers, env, folder)
                try:
                    wait_ready(folder, workers)
                    for _ in range(args.repeat):
                        empty(engine)
                        runs[workers].append(queued(engine, args.redis, files))
                finally:
                    stop(procs)
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        redis.Redis.from_url(args.redis).flushdb()

    what = "sample reports" if args.samples else f"{args.pages}-page reports"
    d = statistics.median(direct_times)
    print(f"{REPORTS} {what}; tracker of {tracked} items; {os.cpu_count()} CPUs; "
          f"median of {args.repeat} runs")
    print(f"direct extraction, one process: {d:.3f} s per report ({60 / d:.1f} reports/min)")
    results = {}
    for workers, measured in runs.items():
        walls = sorted(r["wall"] for r in measured)
        r = results[workers] = {"wall": statistics.median(walls),
                                "task_mean": statistics.median(m["task_mean"] for m in measured)}
        per = r["wall"] / REPORTS
        queue_cost = per * workers - r["task_mean"]
        print(f"{workers} worker(s): {r['wall']:.2f} s for {REPORTS} (runs {walls[0]:.2f}-"
              f"{walls[-1]:.2f}) -> {60 * REPORTS / r['wall']:.1f} reports/min; task "
              f"{r['task_mean']:.3f} s (extraction + matching + saving, "
              f"{r['task_mean'] / d:.2f}x direct); queue {queue_cost * 1000:.0f} ms per report "
              f"= {100 * queue_cost / r['task_mean']:.1f}% of the task")
    print(f"2 workers / 1 worker: {results[1]['wall'] / results[2]['wall']:.2f}x")
    total = results[1]["wall"] / REPORTS - d
    print(f"1 worker, everything beyond direct extraction: {total * 1000:.0f} ms per report "
          f"= {100 * total / d:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
