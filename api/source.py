"""A draft's source, to check it against the report: ``GET /api/drafts/<id>/source`` (the
page's text, the item's span in it, its box; for a Word document or a web page, which have
no pages, the item's paragraph among those around it) and ``GET /api/drafts/<id>/page.png`` (the
page as an image); the report as uploaded (``GET /api/reports/<id>/file``) and the words
inside a box drawn on one of its pages (``GET /api/reports/<id>/region-text``). All need
the viewer role.

The page text is extracted afresh from the stored file with pypdfium2 (it is not stored;
a scanned page's is read again by OCR) and cleaned of what is not text
(:func:`clean_page_text`); the span is where the item's
first words are found in that text, or null. ``bbox`` is the item's box as the extractor
recorded it, in PDF points on the page (``image.width`` and ``image.height`` give the
page's size), so a page can draw it over the image.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pypdfium2 as pdfium
from flask import Response, url_for
from flask_smorest import Blueprint

from api.auth import requires
from api.errors import ApiError
from api.http import download, found
from api.schemas import DraftSourceSchema, ErrorSchema, RegionQuery, RegionText
from api.services import db_session
from extractor import text_in_region
from extractor.errors import ExtractionError
from extractor.guard import PDF
from extractor.ocr import page_text_by_ocr
from extractor.pipeline import read_structured
from extractor.region import PDFIUM_LOCK
from extractor.text import document_vocabulary, is_word
from hmic_actions.vocab import FILE_FORMAT_LABELS, FILE_FORMAT_TYPES
from models.tables import Draft, Report, StoredFile

bp = Blueprint("source", __name__, url_prefix="/api",
               description="Where a draft was read in its report")

IMAGE_SCALE = 1.5
# PDFium is not safe to use from several threads at once: the extractor's lock guards
# every use in this process (its region reading takes it too).
_PDFIUM = PDFIUM_LOCK
# Words of the item looked for in the page text: the first few, then fewer if not found.
_SPAN_WORDS = (8, 5, 3)

_NOT_FOUND = {"schema": ErrorSchema, "description": "no such draft"}
_NO_REPORT = {"schema": ErrorSchema, "description": "no such report"}
_UNREADABLE = {"schema": ErrorSchema,
               "description": "the report's file cannot be read, or has no such page"}
_REGION_UNREADABLE = {"schema": ErrorSchema,
                      "description": "a bad query, or the report's file cannot be read or "
                                     "has no such page"}


def stored_content(report: Report) -> bytes:
    """The report's file as uploaded; 422 ``unreadable_source`` when it is not stored."""
    stored = db_session().get(StoredFile, report.sha256)
    if stored is None:
        raise ApiError(422, "unreadable_source", f"the file of report {report.id} is not stored")
    return bytes(stored.content)


@contextmanager
def _page(draft: Draft) -> Iterator[Any]:
    """The draft's page of its report's stored file, open (under the PDFium lock)."""
    if draft.report.file_format != PDF or draft.page is None:
        raise ApiError(422, "unreadable_source",
                       f"report {draft.report_id} is a "
                       f"{FILE_FORMAT_LABELS[draft.report.file_format]}, which has no pages")
    content = stored_content(draft.report)
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(content)
        except pdfium.PdfiumError as exc:
            raise ApiError(422, "unreadable_source",
                           f"the file of report {draft.report_id} cannot be read as a PDF "
                           f"({' '.join(str(exc).split())})") from None
        try:
            if not 1 <= draft.page <= len(document):
                raise ApiError(422, "unreadable_source",
                               f"draft {draft.id} is on page {draft.page}, but the report "
                               f"has {len(document)} pages")
            page = document[draft.page - 1]
            try:
                yield page, len(document)
            finally:
                page.close()
        finally:
            document.close()


# PDFium's stand-ins for a hyphen where a word breaks at the end of a line (the line break
# itself is left out of the text): the halves are joined when they make a known word
# ("organi-sation"), else the hyphen stays ("multi-agency"), as the extractor reads them.
_HYPHEN_STAND_INS = "\x02\ufffe"
_LINE_END_HYPHEN = re.compile(rf"([A-Za-z]+)[{_HYPHEN_STAND_INS}]([A-Za-z]+)")
# Not text: control characters but tab and line breaks, soft hyphens, zero-width spaces,
# the byte-order mark and Unicode's noncharacters (U+FDD0-U+FDEF, U+xFFFE and U+xFFFF).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b\ufeff\ufdd0-\ufdef"
                       + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF)
                                 for plane in range(17)) + "]")
# Bullets drawn in the Symbol and Wingdings fonts, which PDFium gives as private-use
# characters.
_SYMBOL_BULLETS = str.maketrans(dict.fromkeys(
    "\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf0be", "\u2022"))


def clean_page_text(text: str) -> str:
    """The page's text as people read it: words broken at a line end mended (or hyphenated),
    Symbol-font bullets as bullets, and no characters that are not text."""
    words = document_vocabulary(text.splitlines())

    def mend(match: re.Match[str]) -> str:
        left, right = match.groups()
        if f"{left}-{right}".lower() not in words and is_word(left + right, words):
            return left + right
        return f"{left}-{right}"

    text = _LINE_END_HYPHEN.sub(mend, text).translate(_SYMBOL_BULLETS)
    for stand_in in _HYPHEN_STAND_INS:
        text = text.replace(stand_in, "-")
    return _NOT_TEXT.sub("", text)


def region_text(report: Report, page: int, bbox: Sequence[float]) -> str:
    """The words of the report's page inside ``bbox`` (PDF points from the top-left corner),
    one space between them; 422 ``unreadable_source`` when the file or page cannot be read."""
    if report.file_format != PDF:
        raise ApiError(422, "unreadable_source",
                       f"report {report.id} is a {FILE_FORMAT_LABELS[report.file_format]}, "
                       "which has no pages; type the item's text instead")
    x0, y0, x1, y1 = bbox
    if x0 >= x1 or y0 >= y1:  # a click, not a box: it holds nothing
        return ""
    try:
        text = text_in_region(stored_content(report), page, (x0, y0, x1, y1))
    except (ExtractionError, ValueError) as exc:
        raise ApiError(422, "unreadable_source", f"page {page} of report {report.id} cannot "
                                                 f"be read: {' '.join(str(exc).split())}"
                       ) from None
    return " ".join(clean_page_text(text).split())


def ordered_box(x0: float, y0: float, x1: float, y1: float) -> list[float]:
    """A box's corners in order (top-left, bottom-right), however it was drawn."""
    return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]


def find_span(page_text: str, item_text: str) -> tuple[int, int] | None:
    """Where the item's first words are in the page text (any spacing or case), or None."""
    words = re.findall(r"\w+", item_text)
    for count in _SPAN_WORDS:
        if len(words) < min(count, 3):
            continue
        # Words separated by anything that is not a word character (spaces, line breaks,
        # punctuation, a hyphen at a line break).
        pattern = r"\W+".join(re.escape(word) for word in words[:count])
        match = re.search(pattern, page_text, re.IGNORECASE)
        if match:
            return match.start(), match.end()
    return None


@bp.route("/drafts/<id:draft_id>/source", methods=["GET"])
@requires("viewer")
@bp.response(200, DraftSourceSchema)
@bp.alt_response(404, **_NOT_FOUND)
@bp.alt_response(422, **_UNREADABLE)
def draft_source(draft_id: int) -> dict[str, Any]:
    """The draft's page: its text (as extracted now), the item's span in it, its box, and
    where the page's image is. For a Word document or a web page, which have no pages: the
    item's paragraph among those around it, under its headings."""
    draft = found(Draft, draft_id)
    if draft.report.file_format != PDF:
        return _source_in_context(draft)
    with _page(draft) as (page, page_count):
        textpage = page.get_textpage()
        try:
            text = clean_page_text(textpage.get_text_range())
        finally:
            textpage.close()
        width, height = page.get_size()
    if not text.strip():  # a scanned page: its words as OCR reads them
        text = _ocr_text(draft)
    span = find_span(text, draft.text)
    return {
        "draft_id": draft.id, "report_id": draft.report_id, "file_format": PDF,
        "page": draft.page, "page_count": page_count,
        "bbox": [float(v) for v in draft.bbox] if draft.bbox else None,
        "text": text,
        "span": {"start": span[0], "end": span[1]} if span else None,
        "image": {"url": url_for("source.page_image", draft_id=draft.id),
                  "scale": IMAGE_SCALE, "width": width, "height": height},
    }


def _ocr_text(draft: Draft) -> str:
    """The text OCR reads on the draft's page; empty when it cannot be read (the page image
    still shows it)."""
    try:
        return page_text_by_ocr(stored_content(draft.report), draft.page)
    except (ExtractionError, ValueError):
        return ""


# Blocks shown before and after the item's own in a document without pages.
CONTEXT_BEFORE, CONTEXT_AFTER = 3, 6


def _source_in_context(draft: Draft) -> dict[str, Any]:
    report = draft.report
    try:
        layout = read_structured(report.file_format, stored_content(report))
    except ExtractionError as exc:
        raise ApiError(422, "unreadable_source",
                       f"the file of report {report.id} cannot be read: {exc.reason}") from None
    blocks: dict[int, list[Any]] = {}
    for line in layout.lines:
        if line.location is not None:
            blocks.setdefault(line.location.paragraph, []).append(line)
    texts = {index: " | ".join(ln.text for ln in lines) for index, lines in blocks.items()}
    wanted = (draft.location or {}).get("paragraph")
    if wanted not in blocks:  # an item added by hand: found by its words
        wanted = next((index for index, text in texts.items()
                       if find_span(text, draft.text) is not None), None)
    if wanted is None:
        return _context_answer(draft, [], None, [], "")
    shown = [i for i in sorted(blocks) if wanted - CONTEXT_BEFORE <= i <= wanted + CONTEXT_AFTER]
    context = [{"text": texts[i], "heading": blocks[i][0].heading, "item": i == wanted}
               for i in shown]
    return _context_answer(draft, context, wanted, list(blocks[wanted][0].location.headings),
                           texts[wanted])


def _context_answer(draft: Draft, blocks: list[dict[str, Any]], paragraph: int | None,
                    headings: list[str], text: str) -> dict[str, Any]:
    span = find_span(text, draft.text)
    return {
        "draft_id": draft.id, "report_id": draft.report_id,
        "file_format": draft.report.file_format, "page": None, "page_count": None,
        "bbox": None, "text": text, "span": {"start": span[0], "end": span[1]} if span else None,
        "image": None,
        "context": {"headings": headings, "paragraph": paragraph, "blocks": blocks},
    }


@bp.route("/drafts/<id:draft_id>/page.png", methods=["GET"])
@requires("viewer")
@bp.response(200, {"type": "string", "format": "binary"}, content_type="image/png",
             description="the draft's page as a PNG image")
@bp.alt_response(404, **_NOT_FOUND)
@bp.alt_response(422, **_UNREADABLE)
def page_image(draft_id: int) -> Response:
    """The draft's page rendered as a PNG (scale 1.5: 108 pixels per inch)."""
    draft = found(Draft, draft_id)
    with _page(draft) as (page, _count):
        return page_png(page)


def page_png(page: Any) -> Response:
    """A PDFium page rendered at IMAGE_SCALE as a PNG response the browser may keep."""
    bitmap = page.render(scale=IMAGE_SCALE)
    try:
        image = bitmap.to_pil()
    finally:
        bitmap.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return Response(out.getvalue(), mimetype="image/png",
                    headers={"Cache-Control": "private, max-age=3600"})


@bp.route("/reports/<id:report_id>/file", methods=["GET"])
@requires("viewer")
@bp.response(200, {"type": "string", "format": "binary"}, content_type="application/pdf",
             description="the report's file as uploaded (a PDF, a Word document or a web "
                         "page), to open in the browser")
@bp.alt_response(404, **_NO_REPORT)
@bp.alt_response(422, schema=ErrorSchema, description="the report's file is not stored")
def report_file(report_id: int) -> Response:
    """The report's file as it was uploaded, named as it was (a PDF shown inline; a Word
    document or a web page downloaded, so that a saved page's scripts never run here)."""
    report = found(Report, report_id)
    return download(stored_content(report), FILE_FORMAT_TYPES[report.file_format],
                    report.file_name, inline=report.file_format == PDF)


@bp.route("/reports/<id:report_id>/region-text", methods=["GET"])
@requires("viewer")
@bp.arguments(RegionQuery, location="query")
@bp.response(200, RegionText)
@bp.alt_response(404, **_NO_REPORT)
@bp.alt_response(422, **_REGION_UNREADABLE)
def report_region_text(query: dict[str, Any], report_id: int) -> dict[str, Any]:
    """The words of a page of the report inside a box (empty text when it holds none), to
    show what a box drawn on the page holds before it is saved as a draft."""
    report = found(Report, report_id)
    bbox = ordered_box(query["x0"], query["y0"], query["x1"], query["y1"])
    return {"report_id": report.id, "page": query["page"], "bbox": bbox,
            "text": region_text(report, query["page"], bbox)}
