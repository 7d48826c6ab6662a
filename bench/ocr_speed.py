"""Speed of reading a scanned report by OCR, against Tesseract alone, in one run.

A 10-page report in the style of the samples (``samples.long_report``) is printed and
scanned as the scanned sample is (``samples.scanned_letter_southdown.scan``: 200 dpi
greyscale, tilted, noisy, stored as JPEG). Timed in fresh processes (the best of
``--repeat`` runs):

- ``tesseract alone``: the ``tesseract`` command on each page, rendered as the extractor
  renders it (the baseline: what OCR costs however it is used);
- ``extract (scan)``: ``extract_file`` on the scan, a second time in a process that has
  read once (so the language pipeline is loaded): render, OCR, layout, items;
- ``extract (digital)``: the same on the report as typeset, for scale.

It prints pages per second, the ratio to Tesseract alone, and the peak memory (resident
set, the reader's child processes and Tesseract included).
Usage: ``python bench/ocr_speed.py [--pages N] [--repeat N]``.
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
if str(REPO) not in sys.path:  # run as ``python bench/ocr_speed.py``: import samples/
    sys.path.insert(0, str(REPO))


def _peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _tesseract_alone(path: Path) -> tuple[int, float]:
    """Pages, and seconds Tesseract takes on them (rendering not counted)."""
    import pypdfium2 as pdfium

    from extractor import ocr

    pdf = pdfium.PdfDocument(str(path))
    pictures = [ocr.render(pdf[i], i + 1) for i in range(len(pdf))]
    pdf.close()
    seconds = 0.0
    for picture in pictures:
        command = [ocr.tesseract() or "tesseract", "stdin", "stdout", "--psm", "3",
                   "--dpi", str(round(picture.dpi)), "-l", "eng", "tsv"]
        start = time.perf_counter()
        subprocess.run(command, input=picture.image, capture_output=True, check=True,
                       env=ocr._environment())
        seconds += time.perf_counter() - start
    return len(pictures), seconds


def _measure(mode: str, path: Path) -> dict:
    """Run one measurement in this (fresh) process and return its figures."""
    if mode == "tesseract":
        pages, seconds = _tesseract_alone(path)
    else:
        from extractor import Limits, extract_file

        extract_file(path, Limits.from_env())  # the first read loads everything
        start = time.perf_counter()
        pages = extract_file(path, Limits.from_env()).report.pages
        seconds = time.perf_counter() - start
    return {"mode": mode, "pages": pages, "seconds": seconds, "peak_mib": _peak_mib()}


def _best(mode: str, path: Path, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, __file__, "--measure", mode, str(path)],
                             check=True, capture_output=True, text=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    return min(runs, key=lambda r: r["seconds"])


LABELS = {"tesseract": "tesseract alone", "scan": "extract (scan)",
          "digital": "extract (digital)"}


def report(scan: Path, digital: Path, repeat: int) -> None:
    results = {"tesseract": _best("tesseract", scan, repeat),
               "scan": _best("scan", scan, repeat),
               "digital": _best("digital", digital, repeat)}
    baseline = results["tesseract"]["seconds"]
    print(f"\n{scan.name}: {results['scan']['pages']} scanned pages")
    print(f"{'':<19}{'seconds':>9}{'pages/s':>9}{'vs tesseract':>14}{'peak MiB':>10}")
    for mode, r in results.items():
        print(f"{LABELS[mode]:<19}{r['seconds']:>9.2f}{r['pages'] / r['seconds']:>9.2f}"
              f"{baseline / r['seconds']:>13.2f}x{r['peak_mib']:>10.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=2, help="runs per mode; best is kept")
    parser.add_argument("--measure", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure[0], Path(args.measure[1]))))
        return
    # Imported here, not at the top: the measuring processes must not load reportlab.
    from samples.long_report import build_long_report
    from samples.scanned_letter_southdown import scan

    with tempfile.TemporaryDirectory() as tmp:
        longer = build_long_report(Path(tmp) / "longer.pdf", pages=args.pages + 2)
        digital = _first_pages(longer, Path(tmp) / "long_report.pdf", args.pages)
        scanned = scan(digital, Path(tmp) / "long_report_scanned.pdf", seed=1)
        report(scanned, digital, args.repeat)


def _first_pages(source: Path, target: Path, pages: int) -> Path:
    """The first ``pages`` pages of a PDF (the long report's length is only about right)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(source))
    out = pdfium.PdfDocument.new()
    out.import_pages(pdf, list(range(min(pages, len(pdf)))))
    out.save(str(target))
    out.close()
    pdf.close()
    return target


if __name__ == "__main__":
    main()
