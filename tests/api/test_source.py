"""A draft's source through Flask's test client: the page text with the item's span, and the
page as a PNG, from a sample report stored as an upload would be."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops
from sqlalchemy import Engine

from api.source import IMAGE_SCALE, clean_page_text, find_span
from models.db import session_scope
from models.ops import reports as report_ops
from models.ops.drafts import edit_draft, record_extraction
from tests.api.test_review import assert_error
from tests.builders.rows import add_report, extraction, item
from tests.builders.samples import SAMPLES

SAMPLE = SAMPLES / "boxed_vetting.pdf"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def sample(engine: Engine) -> dict[str, Any]:
    """The sample report stored as uploaded, its expected items recorded as drafts."""
    expected = json.loads(SAMPLE.with_suffix(".expected.json").read_text())
    with session_scope(engine) as session:
        report, _created = report_ops.add_report(session, SAMPLE.name, SAMPLE.read_bytes(), "tests")
        drafts = record_extraction(session, report, expected)
        return {"report": report.id, "drafts": [(d.id, d.page, d.text) for d in drafts]}


def render(page_number: int) -> Image.Image:
    document = pdfium.PdfDocument(SAMPLE.read_bytes())
    try:
        page = document[page_number - 1]
        image = page.render(scale=IMAGE_SCALE).to_pil().convert("RGB")
        page.close()
        return image
    finally:
        document.close()


def folded(text: str) -> str:
    return " ".join(re.findall(r"\w+", text)).lower()


def test_the_source_has_the_page_text_and_the_items_span(viewer, sample):
    checked = 0
    for draft_id, page, text in sample["drafts"]:
        response = viewer.get(f"/api/drafts/{draft_id}/source")
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        assert (body["draft_id"], body["report_id"]) == (draft_id, sample["report"])
        assert body["page"] == page and body["page_count"] == 7
        assert body["image"]["url"] == f"/api/drafts/{draft_id}/page.png"
        assert body["image"]["scale"] == IMAGE_SCALE
        assert round(body["image"]["width"]) == 595 and round(body["image"]["height"]) == 842
        if body["span"] is None:
            continue
        found = body["text"][body["span"]["start"]:body["span"]["end"]]
        assert folded(text).startswith(folded(found)) and len(folded(found).split()) >= 3
        checked += 1
    assert checked >= len(sample["drafts"]) - 1  # every item is found on its page, or nearly


def test_an_item_not_on_its_page_has_no_span(viewer, sample, engine):
    draft_id = sample["drafts"][0][0]
    with session_scope(engine) as session:
        edit_draft(session, draft_id, {"text": "Zebras should juggle quietly at noon."},
                       "tests")
    body = viewer.get(f"/api/drafts/{draft_id}/source").get_json()
    assert body["span"] is None and body["text"]


def test_find_span_folds_spacing_case_and_punctuation():
    page = "Header\r\nBy 31 July 2025, the College of\r\nPolicing should amend"
    start, end = find_span(page, "By 31 July 2025, the college of policing should amend it.")
    assert page[start:end] == "By 31 July 2025, the College of\r\nPolicing"  # 8 words
    page = "Forces should set up multi-\r\nagency panels"
    start, end = find_span(page, "Forces should set up multi-agency panels.")
    assert page[start:end] == page
    assert find_span("nothing like it", "By 31 July 2025, the College") is None


def test_the_page_image_is_a_png_of_the_drafts_page(viewer, sample):
    by_page = {page: draft_id for draft_id, page, _text in sample["drafts"]}
    assert len(by_page) >= 2
    for page, draft_id in sorted(by_page.items())[:2]:
        response = viewer.get(f"/api/drafts/{draft_id}/page.png")
        assert response.status_code == 200 and response.mimetype == "image/png"
        assert response.data.startswith(PNG_SIGNATURE)
        image = Image.open(io.BytesIO(response.data)).convert("RGB")
        assert image.size == (round(595.28 * IMAGE_SCALE), round(841.89 * IMAGE_SCALE))
        assert ImageChops.difference(image, render(page)).getbbox() is None
        other = page + 1 if page < 7 else page - 1
        assert ImageChops.difference(image, render(other)).getbbox() is not None


def test_an_unreadable_file_or_missing_page_is_422(viewer, engine):
    with session_scope(engine) as session:
        report = add_report(session)  # its stored file is not a PDF
        broken = record_extraction(session, report, extraction(item("Forces should act.")))
        stored, _ = report_ops.add_report(session, SAMPLE.name, SAMPLE.read_bytes(), "tests")
        far = record_extraction(session, stored, extraction(
            item("Forces should act.", page=40)))
        broken_id, far_id = broken[0].id, far[0].id
    for draft_id in (broken_id, far_id):
        for suffix in ("source", "page.png"):
            assert_error(viewer.get(f"/api/drafts/{draft_id}/{suffix}"), 422,
                         "unreadable_source")


def test_roles_and_unknown_drafts(app, viewer, sample):
    draft_id = sample["drafts"][0][0]
    anonymous = app.test_client()
    for suffix in ("source", "page.png"):
        assert_error(anonymous.get(f"/api/drafts/{draft_id}/{suffix}"), 401,
                     "unauthenticated")
        assert_error(viewer.get(f"/api/drafts/999999/{suffix}"), 404, "not_found")


# --- what is not text ----------------------------------------------------------------------------

EXPLOITATION = SAMPLES / "thematic_exploitation.pdf"


def test_clean_page_text_mends_words_broken_at_a_line_end_and_drops_what_is_not_text():
    raw = ("used in their organi\ufffesation; multi\ufffeagency panels;\r\n"
           "counter\x02corruption \u00adunits\ufeff\u200b \uf0b7 one\uffff\U0010fffe\x07 "
           "lone \ufffe")
    assert clean_page_text(raw) == ("used in their organisation; multi-agency panels;\r\n"
                                    "counter-corruption units \u2022 one lone -")
    # Hyphenated where the page itself writes the word with a hyphen, even if it is a word.
    assert clean_page_text("re\ufffeform\r\nsee re-form here") == "re-form\r\nsee re-form here"
    assert clean_page_text("Tabs\tand\nline breaks stay") == "Tabs\tand\nline breaks stay"


def test_the_source_has_no_stand_ins_and_the_span_follows_the_cleaned_text(viewer, engine):
    # Each item starts with the words around a hyphen PDFium marked at a line end.
    starts = {6: "used in their organisation, so that it can",
              5: "where multi-agency decisions are made, have the"}
    with session_scope(engine) as session:
        report, _created = report_ops.add_report(session, EXPLOITATION.name,
                                                 EXPLOITATION.read_bytes(), "tests")
        drafts = record_extraction(session, report, extraction(
            *(item(f"{words} and more.", page=page) for page, words in starts.items())))
        ids = {d.page: d.id for d in drafts}
    for page, words in starts.items():
        body = viewer.get(f"/api/drafts/{ids[page]}/source").get_json()
        text = body["text"]
        assert not re.search("[\ufffe\uffff\x02\u00ad]", text)
        assert body["span"] is not None, page
        assert " ".join(text[body["span"]["start"]:body["span"]["end"]].split()) == words
