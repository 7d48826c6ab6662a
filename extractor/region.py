"""The text inside a box of one page, read as the extractor reads pages.

A reviewer who adds an item the extraction missed draws a box round it on the page; the
words whose middle lies inside the box are grouped into lines and ordered as the layout
orders a page (column by column where the words inside form two columns), then joined
into one normalised string, words hyphenated across line breaks mended.

Boxes are ``(x0, top, x1, bottom)`` in PDF points from the page's top-left corner, the
convention of the extraction contract's ``bbox`` (and so of a draft's). Pure: no database.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium

from extractor.errors import ExtractionError
from extractor.pdftext import BOTTOM, TOP, X0, X1, PageText, _build_segments, read_chars

__all__ = ["PDFIUM_LOCK", "text_in_region"]

#: PDFium is not safe to use from several threads at once: callers in threads share this.
PDFIUM_LOCK = threading.RLock()

Box = tuple[float, float, float, float]


def _checked_box(bbox: Sequence[float]) -> Box:
    try:
        x0, top, x1, bottom = (float(v) for v in bbox)
    except (TypeError, ValueError):
        raise ValueError("a box is four numbers: x0, top, x1, bottom") from None
    if not (x0 < x1 and top < bottom):
        raise ValueError(f"the box {list(bbox)} is empty: x0 must be below x1 and top above "
                         "bottom (points from the top-left corner)")
    return x0, top, x1, bottom


def text_in_region(path_or_bytes: Path | str | bytes, page: int,
                   bbox: tuple[float, float, float, float]) -> str:
    """The words of ``page`` (1-based) inside ``bbox``, in reading order, as one string.

    A word is inside when the middle of each of its characters is (a box cutting a word
    keeps the part inside). Returns "" for a box holding no text. Raises ValueError for a
    page the document does not have or an empty box, ExtractionError for a file PDFium
    cannot read.
    """
    # Imported here: ``import extractor`` (the command line) does not need the layout.
    from extractor.layout import _gutter, _reading_order
    from extractor.text import document_vocabulary, join_lines, normalise_text

    x0, top, x1, bottom = _checked_box(bbox)
    source = bytes(path_or_bytes) if isinstance(path_or_bytes, bytes | bytearray) else str(
        path_or_bytes)
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(source)
        except pdfium.PdfiumError as exc:
            raise ExtractionError(f"cannot be read as a PDF ({' '.join(str(exc).split())})"
                                  ) from None
        try:
            count = len(document)
            if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= count:
                raise ValueError(f"page {page!r} is not a page of the document (1 to {count})")
            pdf_page = document[page - 1]
            try:
                width, height = pdf_page.get_size()
                chars, breaks = read_chars(pdf_page)
            finally:
                pdf_page.close()
        finally:
            document.close()
    inside = [i for i, c in enumerate(chars)
              if x0 <= (c[X0] + c[X1]) / 2 <= x1 and top <= (c[TOP] + c[BOTTOM]) / 2 <= bottom]
    if not inside:
        return ""
    # A space or line break before a character left out falls before the next one kept.
    kept_breaks = {bisect.bisect_left(inside, i) for i in breaks}
    segments = _build_segments([chars[i] for i in inside], kept_breaks, page)
    region = PageText(page, width, height, segments, [], len(inside))
    lines = [normalise_text(segment.text)
             for _column, segment in _reading_order(segments, _gutter(region, segments))]
    return join_lines(lines, document_vocabulary(lines))
