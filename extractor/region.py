"""The text inside a box of one page, read as the extractor reads pages.

A reviewer who adds an item the extraction missed draws a box round it on the page; the
words whose middle lies inside the box are grouped into lines and ordered as the layout
orders a page (column by column where the words inside form two columns), then joined
into one normalised string, words hyphenated across line breaks mended. On a scanned page
(no text layer, an image) the box is rendered and its words read by OCR (``extractor.ocr``).

Boxes are ``(x0, top, x1, bottom)`` in PDF points from the page's top-left corner, the
convention of the extraction contract's ``bbox`` (and so of a draft's). Pure: no database.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from pathlib import Path

from extractor.guard import Limits
from extractor.pdftext import (
    BOTTOM,
    PDFIUM_LOCK,
    TOP,
    X0,
    X1,
    PageText,
    Segment,
    _build_segments,
    opened_page,
    read_chars,
)

__all__ = ["PDFIUM_LOCK", "text_in_region"]


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
                   bbox: tuple[float, float, float, float], limits: Limits | None = None
                   ) -> str:
    """The words of ``page`` (1-based) inside ``bbox``, in reading order, as one string.

    A word is inside when the middle of each of its characters is (a box cutting a word
    keeps the part inside); on a page without a text layer that shows an image, when the
    middle of the word OCR reads is (``limits`` bound its time). Returns "" for a box
    holding no text. Raises ValueError for a page the document does not have or an empty
    box, ExtractionError for a file PDFium cannot read, or a scanned page when Tesseract
    is missing or fails.
    """
    # Imported here: ``import extractor`` (the command line) does not need the layout.
    from extractor import ocr
    from extractor.layout import _gutter, _reading_order
    from extractor.text import document_vocabulary, join_lines, normalise_text

    x0, top, x1, bottom = _checked_box(bbox)
    with opened_page(path_or_bytes, page) as pdf_page:
        width, height = pdf_page.get_size()
        chars, breaks = read_chars(pdf_page)
        scanned = None
        if len(chars) < ocr.MIN_TEXT_CHARS and ocr.shows_image(pdf_page):
            scanned = ocr.render_region(pdf_page, page, (x0, top, x1, bottom))
    if scanned is not None:
        # Tesseract runs with the document closed: other threads may use PDFium meanwhile.
        segments = ocr.segments_in_picture(scanned, (x0, top, x1, bottom), limits)
    else:
        segments = _segments_inside(chars, breaks, page, (x0, top, x1, bottom))
    if not segments:
        return ""
    region = PageText(page, width, height, segments, [], len(segments))
    lines = [normalise_text(segment.text)
             for _column, segment in _reading_order(segments, _gutter(region, segments))]
    return join_lines(lines, document_vocabulary(lines))


def _segments_inside(chars: list, breaks: set[int], page: int, box: Box) -> list[Segment]:
    """The segments of a page's characters whose middle is inside ``box``."""
    x0, top, x1, bottom = box
    inside = [i for i, c in enumerate(chars)
              if x0 <= (c[X0] + c[X1]) / 2 <= x1 and top <= (c[TOP] + c[BOTTOM]) / 2 <= bottom]
    if not inside:
        return []
    # A space or line break before a character left out falls before the next one kept.
    kept_breaks = {bisect.bisect_left(inside, i) for i in breaks}
    return _build_segments([chars[i] for i in inside], kept_breaks, page)
