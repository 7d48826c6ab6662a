"""Upload → ready on a warm embedded worker against a plain pdfplumber pass, in one run.

A tracker of 1,010 items (SQLite, as ``hmic-actions serve`` keeps it), the app with its
embedded worker warmed up by one small report, then the real-shaped 100-page document (the
corpus publications joined, as in ``bench/extract_speed.py``) uploaded through the API and
polled until it is ready: the time from the upload request to ready, against the pdfplumber
``extract_text()`` pass over the same file in a fresh process.
Usage: ``python bench/upload_speed.py [--pages N] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
HERE = Path(__file__).resolve().parent


def _extract_speed():
    spec = importlib.util.spec_from_file_location("extract_speed", HERE / "extract_speed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tracker(engine) -> int:
    from models.db import session_scope
    from models.tables import TrackedItem
    from tests.builders.distractors import distractors

    with session_scope(engine) as session:
        for n, item in enumerate(distractors(1010, seed=7), start=1):
            session.add(TrackedItem(reference=f"B-{n:05d}", kind=item["kind"],
                                    number=item["number"], text=item["text"],
                                    addressees=item["addressees"], scope="national",
                                    status="open", source_report=item["source_title"],
                                    source_year=item["source_year"]))
    return 1010


def _upload_and_wait(client, name: str, content: bytes) -> float:
    start = time.perf_counter()
    response = client.post("/api/reports", data={"file": (io.BytesIO(content), name)},
                           content_type="multipart/form-data")
    if response.status_code != 202:
        raise SystemExit(f"upload refused: {response.get_data(as_text=True)}")
    report_id = response.get_json()["id"]
    while True:
        report = client.get(f"/api/reports/{report_id}").get_json()
        if report["status"] in ("ready", "failed"):
            if report["status"] == "failed":
                raise SystemExit(f"{name} failed: {report['error']}")
            return time.perf_counter() - start
        time.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3, help="uploads timed; best is kept")
    args = parser.parse_args()
    speed = _extract_speed()

    from api import create_app
    from models.db import make_engine
    from models.migrate import upgrade
    from tests.builders.samples import samples
    from tests.service import api_token, signed_in
    from worker import runtime, tasks
    from worker.dispatch import EmbeddedDispatcher

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        document = speed.real_shaped(folder / "real_shaped.pdf", args.pages)
        baseline = min(json.loads(subprocess.run(
            [sys.executable, str(HERE / "extract_speed.py"), "--measure", "pdfplumber",
             str(document)], check=True, capture_output=True, text=True).stdout.strip()
            .splitlines()[-1])["seconds"] for _ in range(args.repeat))

        engine = make_engine(f"sqlite:///{folder / 'tracker.db'}")
        upgrade(engine=engine)
        tracked = _tracker(engine)
        dispatcher = EmbeddedDispatcher(runner=tasks.run_here, rematcher=tasks.rematch_here)
        runtime.configure(engine=engine, dispatcher=dispatcher)
        dispatcher.start(before=runtime.warm_up)
        client = signed_in(create_app({"ENGINE": engine, "DISPATCHER": dispatcher})
                           .test_client(), api_token(engine, "bench", "reviewer"))
        warm = samples()[0]
        _upload_and_wait(client, warm.name, warm.content)  # loads the language and the index
        content = document.read_bytes()
        times = []
        for n in range(args.repeat):
            # A different file each time (a comment after the end): each is read afresh.
            times.append(_upload_and_wait(client, f"real_{n}.pdf", content + f"\n%{n}\n"
                                          .encode()))
        dispatcher.stop(timeout=60)
        engine.dispose()

    best = min(times)
    print(f"{args.pages}-page real-shaped document, {tracked:,} tracked items, warm worker")
    print(f"pdfplumber pass       {baseline:7.2f} s")
    print(f"upload -> ready       {best:7.2f} s  ({best / baseline:.2f}x the pdfplumber pass; "
          "target <= 0.25x)")


if __name__ == "__main__":
    main()
