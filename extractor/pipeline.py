"""The whole extraction of one document: read, lay out, find items, understand them.

A PDF is read from where its text sits (pages read by OCR where they have no text layer);
a Word document or a web page by its own structure (``extractor.word``, ``extractor.web``).
Either way the result is one ``Layout`` of lines, which the item finder reads.

In two steps, so that each can run in its own bounded child process (``extract_file``):
``read_document`` reads the PDF and finds the items (no language pipeline needed), and
``understand`` reads each item's deadline and addressees with the language pipeline, which
the parent process can load meanwhile and keep for the next document.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib
import io
import os
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium

from extractor.errors import ExtractionError
from extractor.guard import (
    PDF,
    WORD,
    Limits,
    document_format,
    open_checked,
    run_beside,
    unsupported_reason,
)
from extractor.metadata import Inspected, find_inspected, find_published, find_title
from extractor.pdftext import PageText, iter_pages, read_outline
from extractor.result import Extraction, Item, ReportInfo
from extractor.status import parse_status

if TYPE_CHECKING:
    from extractor.layout import Layout
    from extractor.segment import RawItem

# What finds the items once the pages are read: imported by the reading process while a
# helper finishes its pages (``read_pages``), not by the process that starts the reading.
_LATER_STEPS = ("extractor.layout", "extractor.origin", "extractor.segment")

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


@dataclass
class Found:
    """An item as the reading finds it: where, what kind, its text, how it was found."""

    kind: str
    number: str | None
    origin: str
    text: str
    how: str
    status_text: str | None
    page: int | None  # None in a document without pages
    bbox: list[float] | None
    location: dict | None = None  # where it is in a document without pages
    quality: float = 1.0  # how well its page reads (a page read by OCR: lower)


@dataclass
class Reading:
    """What reading the PDF gives: the report's facts and its items, not yet understood."""

    report: ReportInfo
    inspected: Inspected | None
    quality: float
    items: list[Found]
    ocr_pages: int = 0  # pages read by OCR (their time is added to the budget)


def extract_document(path: Path, report: Progress = _no_progress,
                     limits: Limits | None = None) -> Extraction:
    """Extract every item from the PDF at ``path`` (in this process; see ``extract_file``)."""
    return understand(read_document(path, report, limits))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector, and restore it after.

    Reading a document makes many small objects that refcounting frees, and no cycles
    worth collecting; in a process forked from a large one (a worker holding the tracker's
    index), each full collection would walk every object inherited from it, and copy the
    memory pages it touches.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def read_document(path: Path, report: Progress = _no_progress,
                  limits: Limits | None = None) -> Reading:
    """Read the document at ``path`` once (a PDF's hash, text, rules and outline; a Word
    document's or web page's blocks) and find its items."""
    with _collector_paused():
        return _read_document(path, report, limits)


def _read_document(path: Path, report: Progress, limits: Limits | None) -> Reading:
    limits = limits or Limits()
    path = Path(path)
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    kind = document_format(data[:1024], io.BytesIO(data))
    if kind is None:
        raise ExtractionError(unsupported_reason(data[:1024], io.BytesIO(data)))
    if kind == PDF:
        layout, quality = _read_pdf(path, data, report, limits)
    else:
        report("reading", 0, 0)
        layout = read_structured(kind, data, limits)
        quality = {}
    del data
    from extractor.origin import document_voice
    from extractor.segment import find_items

    total = layout.page_count
    report("items", total, total)
    title = find_title(layout)
    published = find_published(layout)
    inspected = find_inspected(layout, title)
    voice = document_voice(" ".join(ln.text for ln in layout.lines), title)
    raw_items = find_items(layout, int(published[:4]) if published else None, voice)
    info = ReportInfo(title=title, published=published,
                      pages=total if layout.paged else None, sha256=sha256, format=kind)
    found = [_found(raw, layout.paged) for raw in raw_items]
    for item in found:
        item.quality = quality.get(item.page, 1.0) if item.page else 1.0
    return Reading(info, inspected, quality.get(0, 1.0), found,
                   sum(1 for page in quality if page))


def _read_pdf(path: Path, data: bytes, report: Progress, limits: Limits
              ) -> tuple[Layout, dict[int, float]]:
    """A PDF's layout, and how well its text reads: by page (a page read by OCR, its
    words' confidence) and as a whole (key 0: glyphs with no text behind them)."""
    pdf = open_checked(path, limits, data)
    try:
        total = len(pdf)
        report("reading", 0, total)
        outline = read_outline(pdf)
        pages = read_pages(pdf, report, data, meanwhile=_import_later_steps)
        from extractor.ocr import needs_ocr, read_scanned

        quality = read_scanned(pdf, pages, limits, report) if any(map(needs_ocr, pages)) else {}
    finally:
        pdf.close()
    if not any(p.char_count for p in pages):
        raise ExtractionError("has no text layer (scanned or image-only) and no words could be "
                              "read from its page images")
    from extractor.layout import build_layout

    report("layout", total, total)
    # Pages with a text layer: a page read by OCR has its own quality, a blank page none.
    digital = [p for p in pages if p.number not in quality and p.char_count]
    quality[0] = text_quality(digital) if digital else 1.0
    return build_layout(pages, outline), quality


def read_structured(kind: str, data: bytes, limits: Limits | None = None) -> Layout:
    """The layout of a document that states its structure (``WORD``, ``WEB_PAGE``)."""
    limits = limits or Limits()
    if kind == WORD:
        from extractor.word import read_word

        return read_word(data, limits)
    from extractor.web import read_web_page

    return read_web_page(data, limits)


# A document of this many pages or more is read by two processes when two processors are
# free: below it, starting the second costs about what it saves.
SHARED_READING_PAGES = 12


def read_pages(pdf: pdfium.PdfDocument, report: Progress = _no_progress,
               data: bytes | None = None, meanwhile: Callable[[], object] | None = None
               ) -> list[PageText]:
    """Every page of ``pdf``, reporting progress as pages are read.

    ``data``, the bytes ``pdf`` was opened from, lets a long document be shared with a
    helper process (``run_beside``) when this process may have a second processor: the
    helper opens its own copy from the same bytes, and the two take the pages in turn
    from one queue, so that neither waits on the other for long whatever its pages hold
    or however busy its processor; ``meanwhile()`` runs while the helper finishes its
    last page. When the helper fails, this process reads the pages it took.
    """
    total = len(pdf)
    if (data is None or total < SHARED_READING_PAGES or total > _QUEUE_PAGES
            or _processors() < 2):
        pages = []
        for page in iter_pages(pdf):
            pages.append(page)
            report("reading", page.number, total)
        return pages
    queue = _PageQueue(total)

    def read_theirs() -> list[PageText]:
        own = pdfium.PdfDocument(data)
        try:
            return list(iter_pages(own, queue.take()))
        finally:
            own.close()

    helper = run_beside(read_theirs)
    pages = []
    try:
        for page in iter_pages(pdf, queue.take()):
            pages.append(page)
            # The pages before it have been taken, by this process or the helper.
            report("reading", page.number, total)
        if meanwhile is not None:
            meanwhile()
    except BaseException:
        helper.stop()
        raise
    finally:
        queue.close()
    shared = helper.result()
    if shared is not None:
        pages += shared
    read = {p.number for p in pages}
    pages += iter_pages(pdf, [i for i in range(total) if i + 1 not in read])
    pages.sort(key=lambda p: p.number)
    report("reading", total, total)
    return pages


# Page indices go through a pipe, two bytes each, written before either process reads.
_QUEUE_PAGES = 2_000  # 4,000 bytes: a pipe holds them however small the system makes it
_PAGE_INDEX = struct.Struct(">H")


class _PageQueue:
    """The pages of a document (0-based indices) for two processes to take in turn: each
    index goes to whichever takes it first (a pipe, read two bytes at a time)."""

    def __init__(self, total: int) -> None:
        self._read, write = os.pipe()
        try:
            os.write(write, b"".join(_PAGE_INDEX.pack(i) for i in range(total)))
        finally:
            os.close(write)

    def take(self) -> Iterator[int]:
        """The next page index, until none are left."""
        while len(got := os.read(self._read, _PAGE_INDEX.size)) == _PAGE_INDEX.size:
            yield _PAGE_INDEX.unpack(got)[0]

    def close(self) -> None:
        os.close(self._read)


def _import_later_steps() -> None:
    for module in _LATER_STEPS:
        importlib.import_module(module)


def _processors() -> int:
    """How many processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def understand(reading: Reading) -> Extraction:
    """Each item's deadline, addressees, status and confidence: the extraction."""
    with _collector_paused():
        items = [_to_item(found, reading.inspected, reading.quality)
                 for found in reading.items]
    return Extraction(report=reading.report, items=items)


def prepare_language() -> None:
    """Load the language pipeline now, so that every later extraction in this process (and
    in the processes it starts) finds it ready: its modules, its vocabulary, and what it
    works out on its first text."""
    from extractor.analysis import analyse_item

    analyse_item("By May 2026, the force and chief constables should act.",
                 kind="recommendation")


def text_quality(pages: list[PageText]) -> float:
    """1.0 for a clean text layer, lower when many glyphs have no text behind them.

    Scales every item's confidence, so a document that reads badly shows up as a whole.
    """
    chars = sum(p.char_count for p in pages)
    unreadable = sum(p.unreadable for p in pages)
    return max(0.3, 1.0 - 10 * unreadable / chars) if chars else 0.0


def _found(raw: RawItem, paged: bool = True) -> Found:
    start_lines = [ln for ln in raw.label_lines + raw.lines if ln.page == raw.page]
    if not paged:
        first = (raw.lines or raw.label_lines)[0]  # its words, under its label
        location = first.location.to_dict() if first.location is not None else None
        return Found(raw.kind, raw.number, raw.origin, raw.text, raw.how, raw.status_text,
                     None, None, location)
    bbox = [min(ln.x0 for ln in start_lines), min(ln.top for ln in start_lines),
            max(ln.x1 for ln in start_lines), max(ln.bottom for ln in start_lines)]
    return Found(raw.kind, raw.number, raw.origin, raw.text, raw.how, raw.status_text,
                 raw.page, bbox)


def _to_item(found: Found, inspected: Inspected | None, quality: float = 1.0) -> Item:
    from extractor.analysis import analyse_item  # the language pipeline: only once read

    facts = analyse_item(found.text, kind=found.kind,
                         inspected=inspected.body_id if inspected else None,
                         names=inspected.names if inspected else ())
    status = parse_status(found.status_text) if found.status_text else None
    confidence = _FOUND_BY[found.how] * facts.certainty * quality * found.quality
    words = len(found.text.split())
    if words < 6 or words > 350:
        confidence *= 0.8
    if found.status_text and status is None:
        confidence *= 0.9
    return Item(
        kind=found.kind, number=found.number, origin=found.origin, text=found.text,
        deadline=facts.deadline, deadline_text=facts.deadline_text, immediate=facts.immediate,
        addressees=list(facts.addressees), addressees_other=list(facts.addressees_other),
        deadline_relative=facts.deadline_relative, applies_to_forces=facts.applies_to_forces,
        status=status, page=found.page, confidence=max(0.0, min(1.0, confidence)),
        bbox=found.bbox, location=found.location,
    )
