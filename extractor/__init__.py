"""Extraction of recommendations, areas for improvement and causes of concern from PDFs.

Pure: no database, queue or web. ``extract_file`` is the entry point; it checks the file,
then reads it in a child process bounded in time and memory.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from extractor.errors import ExtractionError
from extractor.guard import Limits, check_file, run_isolated
from extractor.result import SCHEMA_ID, Extraction, Item, ReportInfo

__all__ = ["SCHEMA_ID", "Extraction", "ExtractionError", "Item", "Limits", "ReportInfo",
           "extract_file"]


def extract_file(
    path: Path | str,
    limits: Limits | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> Extraction:
    """Extract every item from the PDF at ``path``, or raise ExtractionError with a reason."""
    path = Path(path)
    limits = limits or Limits.from_env()
    check_file(path, limits)
    from extractor.pipeline import extract_document  # heavy imports only for real files

    return run_isolated(partial(extract_document, limits=limits), path, limits, on_progress)
