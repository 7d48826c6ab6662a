"""Reports that are Word documents or web pages, through Flask's test client: stored with
their format, their drafts without pages but with their place among the headings, their
source shown as the item's paragraph among those around it, and items added by typing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from sqlalchemy import Engine

from extractor.pipeline import extract_document
from models.db import session_scope
from models.ops import reports as report_ops
from models.ops.drafts import record_extraction
from tests.api.test_review import assert_error

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Custody revisit | Inspectorate</title></head>
<body>
<nav><a href="/">Home</a> <a href="/reports">Reports</a></nav>
<main>
<h1>Revisit of custody services in Westford Police</h1>
<p>Published on 4 March 2026.</p>
<h2>Background</h2>
<p>In our earlier inspection we found that detainees waited too long to see a nurse.</p>
<h2>Our recommendations</h2>
<h3>Recommendation 1</h3>
<p>By 30 September 2026, Westford Police should make sure that every detainee who asks for
health care is seen by a health care professional within one hour.</p>
<h3>Recommendation 2</h3>
<p>Within six months, the force should review how it records the use of force in custody
and act on what the review finds.</p>
<h2>Next steps</h2>
<p>We will return to check on progress.</p>
</main>
<footer><p>Contact us</p></footer>
</body></html>
"""


def write_word(path: Path) -> Path:
    """A short Word document: a title, headings and one recommendation under a heading."""
    document = docx.Document()
    document.add_heading("Vetting in Eastmere Police", level=0)
    document.add_paragraph("Published 12 January 2026")
    document.add_heading("Recommendations", level=1)
    document.add_heading("Recommendation 1", level=2)
    document.add_paragraph("By 31 July 2026, Eastmere Police should make sure that every "
                           "officer's vetting is renewed before it lapses.")
    document.add_heading("Conclusion", level=1)
    document.add_paragraph("We will look again at vetting next year.")
    document.save(str(path))
    return path


def stored(engine: Engine, path: Path) -> dict[str, Any]:
    """The document stored as an upload would be, its extraction recorded as drafts."""
    extraction = extract_document(path).to_dict()
    with session_scope(engine) as session:
        report, _created = report_ops.add_report(session, path.name, path.read_bytes(), "tests")
        drafts = record_extraction(session, report, extraction)
        report_ops.finish_report(session, report, "worker")
        return {"report": report.id, "drafts": [d.id for d in drafts],
                "format": report.file_format}


@pytest.fixture
def web_page(engine: Engine, tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "revisit.html"
    path.write_text(PAGE, encoding="utf-8")
    return stored(engine, path)


@pytest.fixture
def word(engine: Engine, tmp_path: Path) -> dict[str, Any]:
    return stored(engine, write_word(tmp_path / "vetting.docx"))


def test_a_web_page_report_keeps_its_format_and_its_drafts_have_places(viewer, web_page):
    assert web_page["format"] == "html"
    report = viewer.get(f"/api/reports/{web_page['report']}").get_json()
    assert report["file_format"] == "html" and report["page_count"] is None
    drafts = viewer.get(f"/api/reports/{web_page['report']}/drafts").get_json()["drafts"]
    assert [(d["kind"], d["number"]) for d in drafts] == [("recommendation", "1"),
                                                          ("recommendation", "2")]
    for draft in drafts:
        assert draft["page"] is None and draft["bbox"] is None
        assert draft["location"]["headings"][-2:] == ["Our recommendations",
                                                      f"Recommendation {draft['number']}"]
        assert isinstance(draft["location"]["paragraph"], int)


def test_the_source_of_a_web_page_draft_is_its_paragraph_in_context(viewer, web_page):
    first = web_page["drafts"][0]
    response = viewer.get(f"/api/drafts/{first}/source")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["image"] is None and body["page"] is None and body["file_format"] == "html"
    context = body["context"]
    assert context["headings"][-1] == "Recommendation 1"
    [here] = [block for block in context["blocks"] if block["item"]]
    assert "seen by a health care professional within one hour" in here["text"]
    assert any(block["heading"] and block["text"] == "Recommendation 1"
               for block in context["blocks"])
    assert "Contact us" not in " ".join(b["text"] for b in context["blocks"])  # not the footer
    span = body["span"]
    assert span is not None
    assert body["text"][span["start"]:span["end"]].startswith("By 30 September 2026")


def test_a_page_image_or_a_box_is_refused_for_a_document_without_pages(viewer, web_page):
    first = web_page["drafts"][0]
    message = assert_error(viewer.get(f"/api/drafts/{first}/page.png"), 422,
                           "unreadable_source")["message"]
    assert "web page" in message and "no pages" in message
    message = assert_error(viewer.get(f"/api/reports/{web_page['report']}/region-text",
                                      query_string={"page": 1, "x0": 1, "y0": 1, "x1": 90,
                                                    "y1": 90}), 422, "unreadable_source")
    assert message["message"].endswith("type the item's text instead")
    message = message["message"]
    assert "no pages" in message


def test_an_item_is_added_to_a_web_page_report_by_typing_it(reviewer, web_page):
    url = f"/api/reports/{web_page['report']}/drafts"
    message = assert_error(reviewer.post(url, json={
        "kind": "recommendation", "text": "The force should do better.", "page": 1}), 422,
        "invalid")["message"]
    assert "no pages" in message
    added = reviewer.post(url, json={
        "kind": "area_for_improvement",
        "text": "In our earlier inspection we found that detainees waited too long."})
    assert added.status_code == 201, added.get_data(as_text=True)
    draft = added.get_json()
    assert draft["page"] is None and draft["bbox"] is None
    source = reviewer.get(f"/api/drafts/{draft['id']}/source").get_json()
    [here] = [block for block in source["context"]["blocks"] if block["item"]]
    assert here["text"].startswith("In our earlier inspection")  # found by its words
    assert source["context"]["headings"][-1] == "Background"


def test_the_file_of_a_web_page_is_downloaded_never_shown(viewer, web_page):
    response = viewer.get(f"/api/reports/{web_page['report']}/file")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.get_data(as_text=True) == PAGE


def test_a_word_report_gives_its_item_and_its_paragraph_in_context(viewer, word):
    assert word["format"] == "docx"
    [draft_id] = word["drafts"]
    draft = viewer.get(f"/api/drafts/{draft_id}").get_json()
    assert (draft["kind"], draft["number"], draft["deadline"]) == (
        "recommendation", "1", "2026-07-31")
    assert draft["page"] is None and draft["location"]["headings"][-1] == "Recommendation 1"
    body = viewer.get(f"/api/drafts/{draft_id}/source").get_json()
    assert body["image"] is None and body["file_format"] == "docx"
    [here] = [block for block in body["context"]["blocks"] if block["item"]]
    assert "vetting is renewed before it lapses" in here["text"]
    response = viewer.get(f"/api/reports/{word['report']}/file")
    assert response.mimetype.endswith("wordprocessingml.document")
