"""Load on the production topology: 50 uploads at once while 20 reviewers browse and decide.

On loopback, as the README's team setup runs it: gunicorn with the image's command
(2 worker processes), 2 ``hmic-actions worker`` processes (``--concurrency 1`` each), Redis
(``--redis``, default database 12 of 127.0.0.1:6379, which it flushes) and a scratch
PostgreSQL database (``--postgres``, an admin URL; created and dropped).

1. Builds ``--uploads`` distinct report PDFs (different titles, subjects, deadlines and
   addressees, 3-8 items each) and seeds the tracker with 3 reports processed first.
2. **Baseline**: one reviewer alone on the idle service times each review endpoint.
3. **Load**: every upload is sent at once (one thread each) while ``--reviewers`` reviewers
   loop: list reports, open a ready one's drafts, read a draft's source and suggestions,
   list tracked items, then accept or reject a pending draft naming the version they read.
   A 409 (someone decided it first) is counted, not an error. It ends when every upload
   is ready or failed.

The workers run at the niceness of ``HMIC_WORKER_NICE`` (``--worker-nice``, default the
setting's default), as in production. The CPU time each part used during the load is read
from ``/proc``: the API, the workers (with the children reading reports), PostgreSQL, Redis,
this benchmark, and any other process on the machine (a shared machine's noise).

It prints the targets and whether each is met: ``ready: 50/50`` (every upload ended
ready), ``5xx: N (target 0)`` (no server error, nor a request left unanswered), and per
review endpoint p50/p95 under load, p50 alone and the ratio, with the p95 against the
target ``p95 <= 300 ms`` (``--target-ms``) as PASS or FAIL. The exit status is 1 when a
target is missed.
Usage: ``python bench/load.py [--uploads 50] [--reviewers 20] [--redis URL] [--postgres URL]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from hmic_actions.settings import default  # noqa: E402
from tests.builders.reports import ReportPdf  # noqa: E402
from tests.deploy.topology import (  # noqa: E402
    dockerfile_cmd,
    executable,
    http,
    service_env,
    start_server,
    with_bind,
)
from tests.service import free_port, multipart, processes, wait_for  # noqa: E402

SUBJECTS = ["stalking", "custody", "vetting", "neighbourhood policing", "fraud", "road safety",
            "child exploitation", "digital forensics", "mental health", "domestic abuse",
            "crime recording", "missing people", "counter-corruption", "call handling"]
ACTIONS = ["review how it {verb} {subject} cases", "make sure officers {verb} {subject} risks",
           "improve how it {verb} {subject} investigations",
           "publish guidance on how forces {verb} {subject} work",
           "train supervisors so that they {verb} {subject} records"]
VERBS = ["assess", "record", "supervise", "audit", "prioritise", "share"]
BODIES = ["chief constables", "the Home Office", "the College of Policing",
          "the National Police Chiefs' Council", "police and crime commissioners"]
MONTHS = ["31 March", "30 June", "30 September", "31 December"]
ENDPOINTS = ["GET /api/reports", "GET /api/reports/{id}/drafts", "GET /api/drafts/{id}/source",
             "GET /api/drafts/{id}/suggestions", "GET /api/tracked-items",
             "POST /api/drafts/{id}/accept", "POST /api/drafts/{id}/reject"]


def build_report(path: Path, number: int) -> bytes:
    """A distinct thematic-style report: numbered recommendations and areas for improvement."""
    rng = random.Random(number)
    subject = SUBJECTS[number % len(SUBJECTS)]
    pdf = ReportPdf(path, header=f"Inspection of {subject} ({number})")
    pdf.heading(f"An inspection of {subject}: report {number}", size=16)
    pdf.lines(f"Published {rng.randint(1, 28)} October 2025.",
              f"This inspection looked at how {rng.randint(4, 12)} forces handle {subject}.")
    pdf.heading("Recommendations")
    for i in range(1, rng.randint(3, 6) + 1):
        action = rng.choice(ACTIONS).format(verb=rng.choice(VERBS),
                                            subject=rng.choice(SUBJECTS))
        body = rng.choice(BODIES)
        pdf.heading(f"Recommendation {i}", size=11)
        pdf.lines(f"By {rng.choice(MONTHS)} {rng.randint(2026, 2028)}, {body} should",
                  f"{action} (report {number}, item {i}).")
    pdf.heading("Areas for improvement")
    for i in range(rng.randint(0, 2)):
        action = rng.choice(ACTIONS).format(verb=rng.choice(VERBS), subject=subject)
        pdf.bullet(f"The force should {action} ({number}.{i}).")
    pdf.save()
    return path.read_bytes()


class Client:
    """Timed requests to the service; every answer's status and latency is recorded."""

    def __init__(self, base: str, token: str) -> None:
        self.base = base
        self.token = token
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))

    def call(self, name: str, method: str, path: str, payload: dict | None = None,
             body: bytes | None = None, headers: dict[str, str] | None = None
             ) -> tuple[int, dict | None]:
        headers = dict(headers or {})
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            status, _headers, answer = http(method, self.base + path, self.token, body, headers,
                                            timeout=120)
        except OSError:
            status, answer = 599, b""  # no answer at all: counted with the 5xx
        elapsed = time.perf_counter() - started
        with self.lock:
            self.times[name].append(elapsed)
            self.statuses[name][status] += 1
        try:
            return status, json.loads(answer) if answer else None
        except ValueError:
            return status, None

    def reset(self) -> None:
        self.times.clear()
        self.statuses.clear()


def review_once(client: Client, rng: random.Random, decide: bool = True) -> None:
    """One reviewer's round: browse a ready report's drafts, then decide one."""
    status, listing = client.call(ENDPOINTS[0], "GET", "/api/reports?limit=50")
    ready = [r["id"] for r in (listing or {}).get("reports", []) if r["status"] == "ready"]
    if not ready:
        return
    report_id = rng.choice(ready)
    status, drafts = client.call(ENDPOINTS[1], "GET", f"/api/reports/{report_id}/drafts")
    drafts = (drafts or {}).get("drafts", [])
    if not drafts:
        return
    draft = rng.choice(drafts)
    client.call(ENDPOINTS[2], "GET", f"/api/drafts/{draft['id']}/source")
    client.call(ENDPOINTS[3], "GET", f"/api/drafts/{draft['id']}/suggestions")
    client.call(ENDPOINTS[4], "GET", "/api/tracked-items")
    pending = [d for d in drafts if d["review_state"] == "pending"]
    if decide and pending:
        chosen = rng.choice(pending)
        if rng.random() < 0.5:
            client.call(ENDPOINTS[5], "POST", f"/api/drafts/{chosen['id']}/accept",
                        {"version": chosen["version"]})
        else:
            client.call(ENDPOINTS[6], "POST", f"/api/drafts/{chosen['id']}/reject",
                        {"version": chosen["version"], "reason": "not for this force"})


def upload(client: Client, name: str, content: bytes) -> int | None:
    body, content_type = multipart("file", name, content)
    status, answer = client.call("POST /api/reports", "POST", "/api/reports", body=body,
                                 headers={"Content-Type": content_type})
    return answer["id"] if status == 202 and answer else None


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--reviewers", type=int, default=20)
    parser.add_argument("--baseline-rounds", type=int, default=20)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/"
                                              "postgres", help="admin URL of the server")
    parser.add_argument("--target-ms", type=float, default=300.0,
                        help="the p95 every review endpoint must reach under load")
    parser.add_argument("--worker-nice", type=int, default=None,
                        help="HMIC_WORKER_NICE for the workers (default: the setting's)")
    args = parser.parse_args(argv)

    import redis
    from sqlalchemy import create_engine, make_url, text

    redis.Redis.from_url(args.redis).flushdb()
    admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
    name = f"hmic_actions_load_{os.getpid()}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)
    extra = {"HMIC_SECRET_KEY": "load-benchmark-key"}
    if args.worker_nice is not None:
        extra["HMIC_WORKER_NICE"] = str(args.worker_nice)
    env = service_env(url, args.redis, **extra)
    try:
        with tempfile.TemporaryDirectory() as folder:
            met = run(args, Path(folder), env)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        redis.Redis.from_url(args.redis).flushdb()
    return 0 if met else 1


def run(args: argparse.Namespace, folder: Path, env: dict[str, str]) -> bool:
    """Start the service, seed it, time the baseline and the load; whether targets are met."""
    def hmic(*command: str) -> str:
        return subprocess.run(executable(["hmic-actions", *command]), env=env, cwd=REPO,
                              check=True, capture_output=True, text=True).stdout

    hmic("db", "upgrade")
    hmic("users", "add", "bench", "--role", "reviewer", "--no-password")
    token = hmic("tokens", "create", "bench").strip()
    print(f"building {args.uploads + 3} distinct reports ...", flush=True)
    files = [(f"load-{i}.pdf", build_report(folder / f"load-{i}.pdf", i))
             for i in range(args.uploads + 3)]
    assert len({content for _, content in files}) == len(files)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with processes(folder, env) as procs:
        start_server(procs, "api", with_bind(dockerfile_cmd(), f"127.0.0.1:{port}"))
        for worker in ("w1", "w2"):
            procs.start(worker, "worker", "--concurrency", "1", "--name", f"{worker}@load")
        client = Client(base, token)
        wait_for(lambda: _answers(base), 90, "gunicorn", interval=0.25)
        for worker in ("w1", "w2"):
            procs.wait_logged(worker, "ready.", timeout=90)

        # Seed: three reports ready before anything is measured.
        seeds = [upload(client, n, c) for n, c in files[:3]]
        wait_for(lambda: all(_status(client, r) == "ready" for r in seeds), 120, "seeds")

        # Baseline: one reviewer, nothing else running.
        client.reset()
        rng = random.Random(1)
        for _ in range(args.baseline_rounds):
            review_once(client, rng)
        baseline = {k: list(v) for k, v in client.times.items()}
        baseline_statuses = {k: dict(v) for k, v in client.statuses.items()}

        # Load: every upload at once, and the reviewers until every upload is settled.
        client.reset()
        done = threading.Event()
        ids: list[int | None] = [None] * args.uploads
        groups = {"API": procs.procs["api"].pid,
                  "workers": (procs.procs["w1"].pid, procs.procs["w2"].pid)}
        cpu_before = cpu_by_part(groups)
        started = time.perf_counter()

        def uploader(i: int) -> None:
            ids[i] = upload(client, *files[3 + i])

        def reviewer(seed: int) -> None:
            rng = random.Random(seed)
            while not done.is_set():
                review_once(client, rng)

        threads = [threading.Thread(target=uploader, args=(i,)) for i in range(args.uploads)]
        threads += [threading.Thread(target=reviewer, args=(100 + i,))
                    for i in range(args.reviewers)]
        for thread in threads:
            thread.start()
        for thread in threads[:args.uploads]:
            thread.join()
        final: dict[int, str] = {}

        def settled() -> bool:
            for report_id in ids:
                if report_id is not None and final.get(report_id) not in ("ready", "failed"):
                    state = _status(client, report_id)
                    if state in ("ready", "failed"):
                        final[report_id] = state
            return len(final) == len([i for i in ids if i is not None])

        wait_for(settled, 900, "every upload to be ready or failed", interval=1)
        elapsed = time.perf_counter() - started
        cpu = {part: seconds - cpu_before.get(part, 0.0)
               for part, seconds in cpu_by_part(groups).items()}
        done.set()
        for thread in threads[args.uploads:]:
            thread.join()
    return report(args, ids, final, elapsed, baseline, baseline_statuses, client, cpu)


def cpu_by_part(groups: dict[str, int | tuple[int, ...]]) -> dict[str, float]:
    """CPU seconds used so far (with reaped children) by the processes of each part: the
    process groups named in ``groups``, PostgreSQL, Redis, this benchmark and the others."""
    leaders = {pgid: part for part, ids in groups.items()
               for pgid in (ids if isinstance(ids, tuple) else (ids,))}
    ticks: dict[str, int] = defaultdict(int)
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as fh:
                head, _, rest = fh.read().rpartition(")")
        except OSError:  # ended meanwhile
            continue
        fields = rest.split()
        command = head.partition("(")[2]
        part = leaders.get(int(fields[2]))
        if part is None:
            part = ("this benchmark" if int(name) == os.getpid() else
                    "PostgreSQL" if command.startswith("postgres") else
                    "Redis" if command.startswith("redis") else "other processes")
        ticks[part] += sum(int(value) for value in fields[11:15])
    hertz = os.sysconf("SC_CLK_TCK")
    return {part: number / hertz for part, number in ticks.items()}


def _answers(base: str) -> bool:
    try:
        return http("GET", base + "/healthz")[0] == 200
    except OSError:
        return False


def _status(client: Client, report_id: int | None) -> str | None:
    if report_id is None:
        return None
    status, body = client.call("GET /api/reports/{id}", "GET", f"/api/reports/{report_id}")
    return body["status"] if status == 200 and body else None


def report(args: argparse.Namespace, ids: list[int | None], final: dict[int, str],
           elapsed: float, baseline: dict[str, list[float]],
           baseline_statuses: dict[str, dict[int, int]], client: Client,
           cpu: dict[str, float]) -> bool:
    """Print the figures and the targets; whether every target is met."""
    ready = sum(1 for state in final.values() if state == "ready")
    server_errors = sum(n for k in client.statuses for s, n in client.statuses[k].items()
                        if s >= 500)
    server_errors += sum(n for k in baseline_statuses for s, n in baseline_statuses[k].items()
                         if s >= 500)
    conflicts = sum(client.statuses[k].get(409, 0) for k in ENDPOINTS[5:])
    decided = sum(client.statuses[k].get(200, 0) for k in ENDPOINTS[5:])
    accepted = sum(1 for i in ids if i is not None)
    nice = args.worker_nice if args.worker_nice is not None else default("HMIC_WORKER_NICE")
    print(f"\nuploads: {accepted}/{args.uploads} accepted (202), {ready}/{args.uploads} ready, "
          f"{len(final) - ready} failed, all settled in {elapsed:.1f} s "
          f"(workers at niceness {nice})")
    requests = sum(len(client.times.get(name, [])) for name in ENDPOINTS)
    print(f"reviewers: {args.reviewers} (no pause between requests): {requests} review requests"
          f" in {elapsed:.1f} s ({requests / elapsed:.0f}/s); decisions: {decided} written, "
          f"{conflicts} conflicts (409, someone decided first)")
    parts = ("API", "workers", "PostgreSQL", "Redis", "this benchmark", "other processes")
    print(f"CPU during the load ({os.cpu_count()} cores × {elapsed:.1f} s): "
          + ", ".join(f"{part} {cpu.get(part, 0.0):.1f} s" for part in parts))
    target = args.target_ms
    print(f"\n| endpoint | requests under load | p50 under load | p95 under load "
          f"| p50 alone | p50 ratio | p95 <= {target:.0f} ms |")
    print("|---|---|---|---|---|---|---|")
    met = True
    for name in ENDPOINTS:
        loaded, alone = client.times.get(name, []), baseline.get(name, [])
        if not loaded or not alone:
            print(f"| `{name}` | {len(loaded)} | – | – | – | – | FAIL (not measured) |")
            met = False
            continue
        p50, p95 = percentile(loaded, 0.5) * 1000, percentile(loaded, 0.95) * 1000
        base50 = statistics.median(alone) * 1000
        verdict = "PASS" if p95 <= target else "FAIL"
        met = met and verdict == "PASS"
        print(f"| `{name}` | {len(loaded)} | {p50:.0f} ms | {p95:.0f} ms | {base50:.0f} ms "
              f"| {p50 / base50:.1f}× | {verdict} |")
    others = {k: v for k, v in client.statuses.items() if k not in ENDPOINTS}
    for name, statuses in sorted(others.items()):
        print(f"{name}: {dict(statuses)}")
    all_ready = ready == args.uploads
    print(f"\nready: {ready}/{args.uploads} ({'PASS' if all_ready else 'FAIL'})")
    print(f"5xx: {server_errors} (target 0) ({'PASS' if server_errors == 0 else 'FAIL'})")
    met = met and all_ready and server_errors == 0
    print(f"targets: {'all met' if met else 'MISSED'}")
    return met


if __name__ == "__main__":
    sys.exit(main())
