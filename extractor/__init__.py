"""Extraction of recommendations, areas for improvement and causes of concern from PDFs.

Pure: no database, queue or web. ``extract_file`` is the entry point; it checks the file,
then reads it in a child process bounded in time and memory. ``text_in_region`` reads the
words inside a box of one page (a reviewer's box round an item the extraction missed).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from extractor.errors import ExtractionError
from extractor.guard import Limits, check_file, run_isolated
from extractor.region import text_in_region
from extractor.result import SCHEMA_ID, Extraction, Item, ReportInfo

__all__ = ["SCHEMA_ID", "Extraction", "ExtractionError", "Item", "Limits", "ReportInfo",
           "extract_file", "text_in_region"]


def extract_file(
    path: Path | str,
    limits: Limits | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> Extraction:
    """Extract every item from the PDF at ``path``, or raise ExtractionError with a reason.

    A child process reads the PDF and finds the items while this process loads the language
    pipeline (once: it is kept for later calls); a second child, started from this process
    and so with the pipeline ready, reads each item's deadline and addressees. Both share
    one time budget.
    """
    path = Path(path)
    limits = limits or Limits.from_env()
    check_file(path, limits)
    from extractor.pipeline import prepare_language, read_document, understand

    def prepare() -> None:
        # Runs in a helper thread. A vocabulary that cannot be loaded is reported by the
        # child that needs it.
        with contextlib.suppress(Exception):
            prepare_language()

    started = time.monotonic()
    reading = run_isolated(partial(read_document, limits=limits), path, limits, on_progress,
                           meanwhile=prepare)
    if on_progress is not None:
        on_progress("analysis", 0, len(reading.items))
    return run_isolated(lambda _path, _report: understand(reading), path, limits,
                        pages=reading.report.pages, started=started,
                        extra_seconds=reading.ocr_pages * limits.ocr_seconds_per_page)
