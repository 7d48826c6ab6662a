"""`hmic-actions extract` on hostile documents, with the time and memory each one costs.

Every document (tests/builders/hostile.py) is read by the installed command under small
limits. A readable one must give exit 0 and the recommendation it holds, read correctly; any
other must give exit 2, nothing on stdout and one line on stderr naming the file and the
reason. Each run goes through a small measuring process, so that its wall time and the peak
resident memory of the command and the reader it forks (``RUSAGE_CHILDREN``) belong to that
run alone; both must stay within the limits set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.builders.hostile import BODY, DOCUMENTS, EXPECTED, Hostile, by_name
from tests.service import REPO

COMMAND = Path(sys.executable).parent / "hmic-actions"

MEMORY_MB = 256
MIN_SECONDS = 20
LIMITS = {"HMIC_MAX_MEMORY_MB": str(MEMORY_MB), "HMIC_MIN_SECONDS": str(MIN_SECONDS),
          "HMIC_SECONDS_PER_PAGE": "2", "HMIC_MAX_PAGES": "600", "HMIC_MAX_FILE_MB": "100"}
# Starting the command (Python, the language pipeline) and writing the result.
STARTUP_SECONDS = 20
# The reader starts as a copy of the command; its cap is what it may add on top.
BASE_MIB = 200

_MEASURE = """
import json, resource, subprocess, sys, time
start = time.monotonic()
done = subprocess.run(sys.argv[2:], capture_output=True, text=True)
seconds = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
with open(sys.argv[1], "w") as fh:
    json.dump({"code": done.returncode, "stdout": done.stdout, "stderr": done.stderr,
               "seconds": seconds, "peak_mib": peak}, fh)
"""


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float


def measured_extract(path: Path, env: dict[str, str], *options: str) -> Run:
    """Run ``hmic-actions extract`` on ``path`` in a fresh measuring process."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("HMIC_")}
    environ.update(env)
    out = path.with_suffix(".run.json")
    subprocess.run([sys.executable, "-c", _MEASURE, str(out), str(COMMAND), "extract",
                    *options, str(path)], env=environ, check=True, timeout=300)
    return Run(**json.loads(out.read_text()))


def check_outcome(doc: Hostile, path: Path, run: Run, words: tuple[str, ...]) -> None:
    """The run ended as ``doc`` must: the right items, or one line with ``words``."""
    assert "Traceback" not in run.stderr
    if doc.outcome == "ok":
        assert run.code == 0, run.stderr
        assert run.stderr == ""
        items = json.loads(run.stdout)["items"]
        assert len(items) == 1, items
        item = items[0]
        assert {key: item[key] for key in EXPECTED} == EXPECTED
        assert item["text"] == " ".join(BODY)
        assert item["page"] == 1
    elif doc.outcome == "none":
        assert run.code == 0, run.stderr
        assert run.stderr == ""
        assert json.loads(run.stdout)["items"] == []
    else:
        assert run.code == 2, (run.code, run.stderr)
        assert run.stdout == ""
        lines = run.stderr.splitlines()
        assert len(lines) == 1, run.stderr
        assert lines[0].startswith(f"hmic-actions: error: {path}: ")
        for word in words:
            assert word.lower() in lines[0].lower(), lines[0]


def check_bounds(run: Run, budget_seconds: float) -> None:
    assert run.seconds < budget_seconds + STARTUP_SECONDS, run
    assert run.peak_mib < BASE_MIB + MEMORY_MB, run


@pytest.mark.parametrize("doc", [pytest.param(d, id=d.name) for d in DOCUMENTS])
def test_hostile_document(tmp_path: Path, doc: Hostile, record_property) -> None:
    path = doc.build(tmp_path / f"{doc.name}.pdf")
    run = measured_extract(path, LIMITS, "--json")
    for key, value in (("code", run.code), ("seconds", round(run.seconds, 2)),
                       ("peak_mib", round(run.peak_mib)), ("stderr", run.stderr.strip())):
        record_property(key, value)
    check_outcome(doc, path, run, doc.words)
    check_bounds(run, MIN_SECONDS)


def test_thousands_of_pages_within_the_page_limit_stop_at_the_time_budget(
        tmp_path: Path, record_property) -> None:
    # Allowed by the page limit, the 2,000 pages must still end within the time they are given:
    # 0.5 s in all, far less than any machine needs to read them (even without the layout
    # work, PDFium alone reads about 700 pages a second), so the budget always runs out; and
    # enough to open the file and count its pages first, so the reason names them.
    doc = by_name("pages_2000")
    path = doc.build(tmp_path / "pages_2000.pdf")
    env = {**LIMITS, "HMIC_MAX_PAGES": "2000", "HMIC_SECONDS_PER_PAGE": "0.00025",
           "HMIC_MIN_SECONDS": "0.5"}
    run = measured_extract(path, env)
    record_property("seconds", round(run.seconds, 2))
    record_property("peak_mib", round(run.peak_mib))
    record_property("stderr", run.stderr.strip())
    check_outcome(Hostile("pages_2000_time", doc.build, "refused"), path, run,
                  ("took longer than 0.5 s", "2,000 pages", "HMIC_SECONDS_PER_PAGE"))
    check_bounds(run, 0.5)


def test_thousands_of_pages_given_the_time_are_all_read(tmp_path: Path, record_property) -> None:
    doc = by_name("pages_2000")
    path = doc.build(tmp_path / "pages_2000.pdf")
    run = measured_extract(path, {**LIMITS, "HMIC_MAX_PAGES": "2000"}, "--json")
    record_property("seconds", round(run.seconds, 2))
    record_property("peak_mib", round(run.peak_mib))
    assert run.code == 0, run.stderr
    items = json.loads(run.stdout)["items"]
    assert [(i["number"], i["page"]) for i in items] == [
        (str(n), n) for n in range(1, 2001)]
    assert {(i["deadline"], i["text"]) for i in items} == {("2027-03-31", " ".join(BODY))}
    check_bounds(run, 2 * 2000)


def test_the_bomb_is_bounded_by_the_memory_setting(tmp_path: Path) -> None:
    # The same bomb under a smaller cap: the reason names that cap, and the peak follows it.
    doc = by_name("zero_bomb")
    path = doc.build(tmp_path / "bomb.pdf")
    run = measured_extract(path, {**LIMITS, "HMIC_MAX_MEMORY_MB": "128"})
    check_outcome(doc, path, run, ("more than 128 MiB", "HMIC_MAX_MEMORY_MB"))
    assert run.peak_mib < BASE_MIB + 128, run


def test_the_generator_writes_every_document(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "tests.builders.hostile", str(tmp_path)],
                          capture_output=True, text=True, timeout=120,
                          cwd=REPO)
    assert done.returncode == 0, done.stderr
    written = sorted(p.stem for p in tmp_path.glob("*.pdf"))
    assert written == sorted(d.name for d in DOCUMENTS)
    assert len(done.stdout.splitlines()) == len(DOCUMENTS)
    # Small on disk: the two bombs are ~1 MB each compressed, the nested page 1.1 MB, the rest
    # a few hundred KB at most.
    assert sum(p.stat().st_size for p in tmp_path.glob("*.pdf")) < 5 * 10**6
