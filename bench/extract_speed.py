"""Speed and memory of the whole extraction against raw text extraction, in one run.

Builds a 100-page report in the style of the samples, then times, each in a fresh process:

- raw pypdfium2 text extraction (``get_text_range`` per page);
- raw pdfplumber ``extract_text()`` per page (pages closed as it goes);
- the whole hmic-actions extraction (``extract_file``: checks, child process, layout, items,
  spaCy analysis).

It prints pages per second, the ratio of the whole extraction to pdfplumber, and the peak
memory (resident set) of each process. Usage: ``python bench/extract_speed.py [--pages N]``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as ``python bench/extract_speed.py``: import samples/
    sys.path.insert(0, str(REPO))


def _measure(mode: str, path: Path) -> dict:
    """Run one measurement in this (fresh) process and return its figures."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
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
    elif mode == "hmic-actions":
        from extractor import Limits, extract_file
        from extractor.analysis import analyse_item

        analyse_item("Chief constables should warm up.", kind="recommendation",
                     force_report=False)  # load the language pipeline outside the timing
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        extraction = extract_file(path, Limits.from_env())
        pages = extraction.report.pages
    else:
        raise SystemExit(f"unknown mode {mode}")
    seconds = time.perf_counter() - start
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"mode": mode, "pages": pages, "seconds": seconds,
            "peak_mib": max(peak_self, peak_child) / 1024, "base_mib": before / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3, help="runs per mode; best is kept")
    parser.add_argument("--measure", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure[0], Path(args.measure[1]))))
        return

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long_report.pdf"
        # Imported here, not at the top: the measuring processes must not load reportlab.
        from samples.long_report import build_long_report

        build_long_report(path, pages=args.pages)
        results = {}
        for mode in ("pypdfium2", "pdfplumber", "hmic-actions"):
            runs = []
            for _ in range(args.repeat):
                out = subprocess.run(
                    [sys.executable, __file__, "--measure", mode, str(path)],
                    check=True, capture_output=True, text=True,
                ).stdout
                runs.append(json.loads(out.strip().splitlines()[-1]))
            results[mode] = min(runs, key=lambda r: r["seconds"])

    print(f"{'reader':<14}{'pages':>6}{'seconds':>9}{'pages/s':>9}{'peak MiB':>10}")
    for mode, r in results.items():
        print(f"{mode:<14}{r['pages']:>6}{r['seconds']:>9.2f}{r['pages'] / r['seconds']:>9.1f}"
              f"{r['peak_mib']:>10.0f}")
    whole, plumber = results["hmic-actions"], results["pdfplumber"]
    print(f"\nwhole extraction vs pdfplumber extract_text(): "
          f"{plumber['seconds'] / whole['seconds']:.2f}x faster (target >= 2x)")
    print(f"whole extraction peak memory: {whole['peak_mib']:.0f} MiB (target < 150 MiB)")


if __name__ == "__main__":
    main()
