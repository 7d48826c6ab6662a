"""The whole extraction of one PDF: read, lay out, find items, understand them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from extractor.analysis import analyse_item
from extractor.errors import ExtractionError
from extractor.guard import Limits, open_checked
from extractor.layout import BBox, build_layout
from extractor.metadata import Inspected, find_inspected, find_published, find_title
from extractor.origin import document_voice
from extractor.pdftext import PageText, iter_pages, read_outline
from extractor.result import Extraction, Item, ReportInfo
from extractor.segment import RawItem, find_items
from extractor.status import parse_status

Progress = Callable[[str, int, int], None]

# How sure the segmenter is that a block is an item, by how it was found.
_FOUND_BY = {
    "heading-label": 0.97,
    "inline-label": 0.95,
    "section-entry": 0.9,
    "section-paragraph": 0.82,
    "introduced-entry": 0.9,
    "after-cause": 0.88,
    "table-row": 0.9,
}


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def extract_document(path: Path, report: Progress = _no_progress,
                     limits: Limits | None = None) -> Extraction:
    """Extract every item from the PDF at ``path`` (in this process; see ``extract_file``)."""
    limits = limits or Limits()
    path = Path(path)
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    pdf = open_checked(path, limits)
    try:
        total = len(pdf)
        report("reading", 0, total)
        outline = read_outline(pdf)
        pages = []
        for page in iter_pages(pdf):
            pages.append(page)
            report("reading", page.number, total)
    finally:
        pdf.close()
    if not any(p.char_count for p in pages):
        raise ExtractionError("has no text layer (scanned or image-only); it needs OCR first")
    report("layout", total, total)
    with _PlumberTables(path) as tables:
        layout = build_layout(pages, outline, find_tables=tables.find)
    report("items", total, total)
    title = find_title(layout)
    published = find_published(layout)
    inspected = find_inspected(layout, title)
    quality = text_quality(pages)
    voice = document_voice(" ".join(ln.text for ln in layout.lines), title)
    raw_items = find_items(layout, int(published[:4]) if published else None, voice)
    items = [_to_item(raw, inspected, quality) for raw in raw_items]
    info = ReportInfo(title=title, published=published, pages=total, sha256=sha256)
    return Extraction(report=info, items=items)


def text_quality(pages: list[PageText]) -> float:
    """1.0 for a clean text layer, lower when many glyphs have no text behind them.

    Scales every item's confidence, so a document that reads badly shows up as a whole.
    """
    chars = sum(p.char_count for p in pages)
    unreadable = sum(p.unreadable for p in pages)
    return max(0.3, 1.0 - 10 * unreadable / chars) if chars else 0.0


def _to_item(raw: RawItem, inspected: Inspected | None, quality: float = 1.0) -> Item:
    facts = analyse_item(raw.text, kind=raw.kind,
                         inspected=inspected.body_id if inspected else None,
                         names=inspected.names if inspected else ())
    status = parse_status(raw.status_text) if raw.status_text else None
    start_lines = [ln for ln in raw.label_lines + raw.lines if ln.page == raw.page]
    bbox = [min(ln.x0 for ln in start_lines), min(ln.top for ln in start_lines),
            max(ln.x1 for ln in start_lines), max(ln.bottom for ln in start_lines)]
    confidence = _FOUND_BY[raw.how] * facts.certainty * quality
    words = len(raw.text.split())
    if words < 6 or words > 350:
        confidence *= 0.8
    if raw.status_text and status is None:
        confidence *= 0.9
    return Item(
        kind=raw.kind, number=raw.number, origin=raw.origin, text=raw.text,
        deadline=facts.deadline, deadline_text=facts.deadline_text, immediate=facts.immediate,
        addressees=list(facts.addressees), addressees_other=list(facts.addressees_other),
        deadline_relative=facts.deadline_relative, applies_to_forces=facts.applies_to_forces,
        status=status, page=raw.page, confidence=max(0.0, min(1.0, confidence)), bbox=bbox,
    )


def _is_grid(cells: list[BBox]) -> bool:
    """At least two rows and two columns of real cells: a box with a bar beside it is not."""
    wide = [c for c in cells if c[2] - c[0] > 20 and c[3] - c[1] > 6]
    return len({round(c[0] / 8) for c in wide}) >= 2 and len({round(c[1] / 4) for c in wide}) >= 2


class _PlumberTables:
    """Confirms ruled tables with pdfplumber's table finder, opening the file only if needed."""

    def __init__(self, path: Path):
        self.path = path
        self._pdf = None

    def __enter__(self) -> _PlumberTables:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pdf is not None:
            self._pdf.close()

    def find(self, page_number: int, hint: list[BBox]) -> list[BBox]:
        try:
            if self._pdf is None:
                import pdfplumber

                self._pdf = pdfplumber.open(self.path)
            page = self._pdf.pages[page_number - 1]
            try:
                return [tuple(t.bbox) for t in page.find_tables() if _is_grid(t.cells)]
            finally:
                page.close()
        except Exception:  # the grid found from the page's own rules stands
            return hint
