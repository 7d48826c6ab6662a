"""Speed and memory of the whole extraction against a plain pdfplumber pass, in one run.

Two documents of about 100 pages each:

- ``own``: the project's long report in the style of the samples (few tables);
- ``real-shaped``: the real publications of the development corpus (``../shared/corpus``,
  ``HMIC_CORPUS_DIR``) joined page after page until the document is 100 pages long: reports,
  letters, forms and trackers from several producers, with boxes and tables.

For each, timed in fresh processes (the best of ``--repeat`` runs):

- ``pdfplumber``: ``extract_text()`` on every page (the baseline);
- ``pypdfium2``: raw text of every page, for scale;
- ``extract (fresh)``: ``hmic-actions extract --json FILE`` as a user runs it, wall clock,
  from process start to exit (imports and the language pipeline included);
- ``extract (warm)``: ``extract_file`` a second time in a process that has read once.

It prints pages per second, the ratio to the pdfplumber pass measured in the same run, and
the peak memory (resident set, the reader's child process included).
Usage: ``python bench/extract_speed.py [--pages N] [--repeat N] [--only own|real]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as ``python bench/extract_speed.py``: import samples/
    sys.path.insert(0, str(REPO))
CORPUS = Path(os.environ.get("HMIC_CORPUS_DIR") or REPO.parent / "shared" / "corpus")
EXECUTABLE = Path(sys.executable).parent / "hmic-actions"


def real_shaped(path: Path, pages: int) -> Path:
    """The corpus publications joined, page after page, to ``pages`` pages."""
    import pypdfium2 as pdfium

    sources = sorted(CORPUS.glob("*/report.pdf"))
    if not sources:
        raise SystemExit(f"no corpus at {CORPUS} (set HMIC_CORPUS_DIR)")
    joined = pdfium.PdfDocument.new()
    while len(joined) < pages:
        for source in sources:
            pdf = pdfium.PdfDocument(source)
            take = min(len(pdf), pages - len(joined))
            joined.import_pages(pdf, list(range(take)))
            pdf.close()
            if len(joined) >= pages:
                break
    joined.save(path)
    joined.close()
    return path


def _peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _measure(mode: str, path: Path) -> dict:
    """Run one measurement in this (fresh) process and return its figures."""
    if mode == "pypdfium2":
        import pypdfium2 as pdfium

        start = time.perf_counter()
        pdf = pdfium.PdfDocument(path)
        pages = len(pdf)
        for i in range(pages):
            page = pdf[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        pdf.close()
    elif mode == "pdfplumber":
        import pdfplumber

        start = time.perf_counter()
        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)
            for page in pdf.pages:
                page.extract_text()
                page.close()
    elif mode == "warm":
        from extractor import Limits, extract_file

        extract_file(path, Limits.from_env())  # the first read loads everything
        start = time.perf_counter()
        pages = extract_file(path, Limits.from_env()).report.pages
    else:
        raise SystemExit(f"unknown mode {mode}")
    return {"mode": mode, "pages": pages, "seconds": time.perf_counter() - start,
            "peak_mib": _peak_mib()}


def _fresh(path: Path) -> dict:
    """``hmic-actions extract --json`` from start to exit, with its peak memory."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run([str(EXECUTABLE), "extract", "--json", str(path)], check=True,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    pages = json.loads(done.stdout)["report"]["pages"]
    # ru_maxrss of children is the largest child so far: only a new maximum is this run's.
    return {"mode": "fresh", "pages": pages, "seconds": seconds,
            "peak_mib": peak / 1024 if peak > before else float("nan")}


def _best(mode: str, path: Path, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        if mode == "fresh":
            # In its own Python, so that the children's peak is this run's alone.
            out = subprocess.run([sys.executable, __file__, "--fresh", str(path)], check=True,
                                 capture_output=True, text=True).stdout
        else:
            out = subprocess.run([sys.executable, __file__, "--measure", mode, str(path)],
                                 check=True, capture_output=True, text=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    return min(runs, key=lambda r: r["seconds"])


LABELS = {"pdfplumber": "pdfplumber pass", "pypdfium2": "pypdfium2 text",
          "fresh": "extract (fresh)", "warm": "extract (warm)"}


def report(name: str, path: Path, repeat: int) -> None:
    results = {mode: _best(mode, path, repeat)
               for mode in ("pdfplumber", "pypdfium2", "fresh", "warm")}
    baseline = results["pdfplumber"]["seconds"]
    print(f"\n{name}: {path.name}, {results['pdfplumber']['pages']} pages")
    print(f"{'':<18}{'seconds':>9}{'pages/s':>9}{'vs pdfplumber':>15}{'peak MiB':>10}")
    for mode, r in results.items():
        print(f"{LABELS[mode]:<18}{r['seconds']:>9.2f}{r['pages'] / r['seconds']:>9.1f}"
              f"{baseline / r['seconds']:>14.2f}x{r['peak_mib']:>10.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3, help="runs per mode; best is kept")
    parser.add_argument("--only", choices=("own", "real"))
    parser.add_argument("--measure", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--fresh", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure[0], Path(args.measure[1]))))
        return
    if args.fresh:
        print(json.dumps(_fresh(Path(args.fresh))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "own"):
            # Imported here, not at the top: the measuring processes must not load reportlab.
            from samples.long_report import build_long_report

            own = build_long_report(Path(tmp) / "long_report.pdf", pages=args.pages)
            report("own", own, args.repeat)
        if args.only in (None, "real"):
            report("real-shaped", real_shaped(Path(tmp) / "real_shaped.pdf", args.pages),
                   args.repeat)
    print("\ntargets on the real-shaped document: the fresh extraction >= 3x the pdfplumber "
          "pass, peak memory <= 150 MiB")


if __name__ == "__main__":
    main()
