"""The sample reports in samples/: each PDF has a well-formed, hand-written expected
extraction that agrees with the PDF itself, and the sample modules reproduce the PDFs."""

from __future__ import annotations

import importlib
import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from rapidfuzz import fuzz

from extractor.ocr import page_text_by_ocr
from hmic_actions.vocab import EXTRACTED_STATUSES as STATUSES
from hmic_actions.vocab import KINDS, ORIGINS
from samples import word, word_neighbourhood
from samples.build import build_all, sample_names
from samples.long_report import build_long_report

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
PDFS = sorted(SAMPLES.glob("*.pdf"))
EXPECTED = sorted(SAMPLES.glob("*.expected.json"))

ADDRESSEES = {
    "chief_constables", "home_office", "npcc", "college_of_policing", "nca", "dfe",
    "welsh_government", "hydrant_programme", "cps", "moj", "hmpps", "pccs", "apcc", "iopc",
    "dhsc", "nhs_england", "local_authorities", "police_digital_service",
    "law_enforcement_bodies", "fire_and_rescue_services", "nfcc",
}
ITEM_KEYS = {
    "kind", "number", "origin", "text", "deadline", "deadline_text", "immediate",
    "addressees", "addressees_other", "deadline_relative", "applies_to_forces", "status",
    "page",
}
DURATION = re.compile(r"^P(\d+[YMWD])+$")
# Characters the ground-truth conventions normalise away.
UNNORMALISED = "\u2018\u2019\u201c\u201d\u2013\u2014\u2022\u00ad\ufb01\ufb02\ufb03\ufb04"
# Footnote reference markers glued to the end of a word ("exploitation,3 so").
MARKER = re.compile(r"(?<=[A-Za-z][.,;:)'\"\u2019\u201d])\d{1,2}(?=\s|$)|(?<=[a-z])\d{1,2}(?=\s|$)")


def _name(path: Path) -> str:
    return path.name.split(".")[0]


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _page_texts(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    # A scanned sample has no text layer: its pages are read by OCR.
    return [text if text.strip() else page_text_by_ocr(path, number)
            for number, text in enumerate(texts, 1)]


def _fold(text: str) -> str:
    """A loose comparable form: no footnote markers, letters and digits only, lower case."""
    text = unicodedata.normalize("NFKC", text)
    text = MARKER.sub("", text)
    return re.sub(r"[^a-z0-9]", "", text.lower())


def test_every_pdf_has_an_expected_extraction_and_vice_versa() -> None:
    assert len(PDFS) >= 8
    assert {_name(p) for p in PDFS} == {_name(e) for e in EXPECTED}


def test_every_sample_has_its_module_beside_it() -> None:
    assert sample_names() == sorted(_name(e) for e in EXPECTED)
    for name in sample_names():
        assert (SAMPLES / f"{name}.py").exists(), name


@pytest.mark.parametrize("pdf", PDFS, ids=_name)
def test_sample_is_small(pdf: Path) -> None:
    # A scanned sample is greyscale JPEG images, a page each.
    limit = 700 * 1024 if _name(pdf).startswith("scanned_") else 200 * 1024
    assert pdf.stat().st_size < limit


@pytest.mark.parametrize("expected", EXPECTED, ids=_name)
def test_expected_shape(expected: Path) -> None:
    data = _load(expected)
    assert set(data) == {"report", "items"}
    report = data["report"]
    assert set(report) == {"title", "published", "pages"}
    assert isinstance(report["title"], str) and report["title"].strip() == report["title"] != ""
    if report["published"] is not None:  # a web page or a paper may print no date
        date.fromisoformat(report["published"])
    assert isinstance(report["pages"], int) and report["pages"] >= 1

    last_page = 0
    for item in data["items"]:
        where = f"{expected.name} item {item.get('number')!r} on page {item.get('page')}"
        assert set(item) == ITEM_KEYS, where
        assert item["kind"] in KINDS, where
        assert item["origin"] in ORIGINS, where
        assert item["status"] is None or item["status"] in STATUSES, where
        if item["status"] is not None:
            assert item["origin"] == "earlier_report", where
        number = item["number"]
        assert number is None or (isinstance(number, str) and number.strip() == number != "")

        text = item["text"]
        assert isinstance(text, str) and text == " ".join(text.split()) != "", where
        assert not any(ch in text for ch in UNNORMALISED), where

        assert isinstance(item["immediate"], bool), where
        if item["deadline"] is not None:
            date.fromisoformat(item["deadline"])
        if item["deadline_relative"] is not None:
            assert DURATION.match(item["deadline_relative"]), where
        set_fields = [item["deadline"] is not None, item["deadline_relative"] is not None,
                      item["immediate"]]
        assert sum(set_fields) <= 1, where
        if any(set_fields):
            assert item["deadline_text"] and item["deadline_text"] in text, where
        else:
            assert item["deadline_text"] is None, where

        addressees = item["addressees"]
        assert set(addressees) <= ADDRESSEES, where
        assert len(set(addressees)) == len(addressees), where
        others = item["addressees_other"]
        assert all(isinstance(x, str) and x and x in text for x in others), where
        assert len(set(others)) == len(others), where
        assert item["applies_to_forces"] is ("chief_constables" in addressees), where

        assert isinstance(item["page"], int) and 1 <= item["page"] <= report["pages"], where
        assert item["page"] >= last_page, f"{where}: items out of document order"
        last_page = item["page"]


@pytest.mark.parametrize("expected", EXPECTED, ids=_name)
def test_report_facts_match_the_pdf(expected: Path) -> None:
    data = _load(expected)
    texts = _page_texts(expected.with_name(_name(expected) + ".pdf"))
    assert len(texts) == data["report"]["pages"]
    cover = _fold(texts[0])
    assert fuzz.partial_ratio(_fold(data["report"]["title"]), cover) >= 95
    if data["report"]["published"] is None:
        return
    published = date.fromisoformat(data["report"]["published"])
    printed = f"{published.day} {published:%B} {published.year}"
    assert any(_fold(printed) in _fold(t) for t in texts[:2]), printed


def _occurs_from(text: str, page: int, texts: list[str]) -> bool:
    """True if the text is on the page, or starts on it and ends on the next page."""
    here = _fold(texts[page - 1])
    if fuzz.partial_ratio(_fold(text), here) >= 95:
        return True
    if page >= len(texts):
        return False
    there = _fold(texts[page])
    words = text.split()
    for k in range(len(words) - 1, 3, -1):
        if fuzz.partial_ratio(_fold(" ".join(words[:k])), here) >= 95:
            return fuzz.partial_ratio(_fold(" ".join(words[k:])), there) >= 95
    return False


@pytest.mark.parametrize("expected", EXPECTED, ids=_name)
def test_item_text_is_on_its_page(expected: Path) -> None:
    data = _load(expected)
    texts = _page_texts(expected.with_name(_name(expected) + ".pdf"))
    for item in data["items"]:
        assert _occurs_from(item["text"], item["page"], texts), (
            f"{expected.name}: item {item['number']!r} not found from page {item['page']}: "
            f"{item['text'][:60]}")


def test_wrong_page_is_detected() -> None:
    """The page check above can fail: an item moved to another page is not found."""
    data = _load(SAMPLES / "thematic_exploitation.expected.json")
    texts = _page_texts(SAMPLES / "thematic_exploitation.pdf")
    first = data["items"][0]
    assert _occurs_from(first["text"], first["page"], texts)
    assert not _occurs_from(first["text"], first["page"] + 2, texts)


def test_samples_cover_the_hard_cases() -> None:
    items = [(_name(e), item) for e in EXPECTED for item in _load(e)["items"]]
    values = [item for _, item in items]
    assert {i["kind"] for i in values} == set(KINDS)
    assert {i["origin"] for i in values} == set(ORIGINS)
    assert {i["status"] for i in values} - {None} == set(STATUSES)
    assert any(i["immediate"] for i in values)
    assert any(i["deadline_relative"] for i in values)
    assert any(i["addressees_other"] for i in values)
    assert any(len(i["addressees"]) >= 3 for i in values)
    assert any(i["number"] is None for i in values)
    assert any(not i["applies_to_forces"] and "fire_and_rescue_services" in i["addressees"]
               for i in values)
    assert any(not _load(e)["items"] for e in EXPECTED), "a sample without items"
    assert any(re.fullmatch(r"\d+\.\d+", i["number"] or "") for i in values), "decimal numbers"
    assert any(not i["applies_to_forces"] and set(i["addressees"]) <= {"pccs", "apcc"}
               for i in values), "an item for PCCs or the APCC only"
    # The same number made twice in one report, once quoted from an earlier report.
    seen: dict[tuple[str, str | None, str], set[str]] = {}
    for name, i in items:
        seen.setdefault((name, i["number"], i["kind"]), set()).add(i["origin"])
    assert any(len(origins) == 2 for origins in seen.values())


def test_one_sample_comes_from_word_via_libreoffice() -> None:
    from_word = [p for p in PDFS if p.with_suffix(".docx").exists()]
    assert from_word
    for path in from_word:
        pdf = pdfium.PdfDocument(str(path))
        try:
            producer = pdf.get_metadata_dict().get("Producer", "")
        finally:
            pdf.close()
        assert "LibreOffice" in producer


def test_build_reproduces_the_committed_samples(tmp_path: Path) -> None:
    written = build_all(tmp_path, word=False)
    assert written
    for path in written:
        committed = SAMPLES / path.name
        assert committed.exists(), path.name
        assert _page_texts(path) == _page_texts(committed), path.name
    # Every committed PDF is either rebuilt above or comes from the Word source.
    rebuilt = {p.name for p in written}
    assert {p.name for p in PDFS} - rebuilt == {
        p.name for p in PDFS if p.with_suffix(".docx").exists()}


@pytest.mark.parametrize("name", ["word_neighbourhood", "word_peel_kingsmere"])
def test_word_source_is_current(tmp_path: Path, name: str) -> None:
    from docx import Document

    fresh = tmp_path / f"{name}.docx"
    importlib.import_module(f"samples.{name}").write_docx(fresh)

    def paragraphs(path: Path) -> list[str]:
        doc = Document(str(path))
        cells = [p.text for t in doc.tables for c in t._cells for p in c.paragraphs]
        return [p.text for p in doc.paragraphs] + cells

    assert paragraphs(fresh) == paragraphs(SAMPLES / f"{name}.docx")


def test_word_sample_is_skipped_without_libreoffice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(word, "libreoffice", lambda: None)
    assert word_neighbourhood.build(tmp_path) is None
    assert "soffice" in capsys.readouterr().err
    assert (tmp_path / "word_neighbourhood.docx").exists()
    assert not (tmp_path / "word_neighbourhood.pdf").exists()


def test_long_report_for_the_benchmark(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    build_long_report(path, pages=100)
    texts = _page_texts(path)
    assert 95 <= len(texts) <= 105
    assert "Contents" in texts[1]
    body = "\n".join(texts)
    assert body.count("Recommendation ") >= 10
    assert "Area for improvement" in body
