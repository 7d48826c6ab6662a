"""A draft's source, to check it against the report: ``GET /api/drafts/<id>/source`` (the
page's text, the item's span in it, its box) and ``GET /api/drafts/<id>/page.png`` (the
page as an image). Both need the viewer role.

The page text is extracted afresh from the stored file with pypdfium2 (it is not stored);
the span is where the item's first words are found in that text, or null. ``bbox`` is the
item's box as the extractor recorded it, in PDF points on the page (``image.width`` and
``image.height`` give the page's size), so a page can draw it over the image.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pypdfium2 as pdfium
from flask import Response, url_for
from flask_smorest import Blueprint

from api.auth import requires
from api.errors import ApiError
from api.http import found
from api.schemas import DraftSourceSchema, ErrorSchema
from api.services import db_session
from models.tables import Draft, StoredFile

bp = Blueprint("source", __name__, url_prefix="/api",
               description="Where a draft was read in its report")

IMAGE_SCALE = 1.5
# Words of the item looked for in the page text: the first few, then fewer if not found.
_SPAN_WORDS = (8, 5, 3)
# PDFium is not safe to use from several threads at once.
_PDFIUM = threading.Lock()

_NOT_FOUND = {"schema": ErrorSchema, "description": "no such draft"}
_UNREADABLE = {"schema": ErrorSchema,
               "description": "the report's file cannot be read, or has no such page"}


@contextmanager
def _page(draft: Draft) -> Iterator[Any]:
    """The draft's page of its report's stored file, open (under the PDFium lock)."""
    stored = db_session().get(StoredFile, draft.report.sha256)
    if stored is None:
        raise ApiError(422, "unreadable_source", f"the file of report {draft.report_id} "
                                                 "is not stored")
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(bytes(stored.content))
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
    where the page's image is."""
    draft = found(Draft, draft_id)
    with _page(draft) as (page, page_count):
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
        finally:
            textpage.close()
        width, height = page.get_size()
    span = find_span(text, draft.text)
    return {
        "draft_id": draft.id, "report_id": draft.report_id, "page": draft.page,
        "page_count": page_count,
        "bbox": [float(v) for v in draft.bbox] if draft.bbox else None,
        "text": text,
        "span": {"start": span[0], "end": span[1]} if span else None,
        "image": {"url": url_for("source.page_image", draft_id=draft.id),
                  "scale": IMAGE_SCALE, "width": width, "height": height},
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
        bitmap = page.render(scale=IMAGE_SCALE)
        try:
            image = bitmap.to_pil()
        finally:
            bitmap.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return Response(out.getvalue(), mimetype="image/png",
                    headers={"Cache-Control": "private, max-age=3600"})
