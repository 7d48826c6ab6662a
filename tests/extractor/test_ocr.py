"""Scanned pages read by OCR, with the real Tesseract: words where the text layer had them,
only the pages that need it, a confidence below a text layer's, items end to end, the
refusals (no Tesseract, a page too large, a page too slow) and boxes of scanned pages."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from rapidfuzz import fuzz

from extractor import ExtractionError, Limits, extract_file, ocr, text_in_region
from extractor.layout import build_layout
from extractor.pdftext import PageText, iter_pages
from extractor.pipeline import read_document
from samples import revisit_letter_southdown
from tests.builders.scans import (
    QUOTE_INDENT,
    REPORT_LINES,
    one_page_report,
    scan,
    too_tall_page,
    with_blank_page,
)

# The first paragraph's item and where it is on the page (points from the top-left).
ITEM_BOX = (60.0, 150.0, 560.0, 185.0)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A one-page report and the same page printed and scanned."""
    folder = tmp_path_factory.mktemp("scan")
    digital = one_page_report(folder / "report.pdf")
    return digital, scan(digital, folder / "scanned.pdf", seed=3)


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The three-page sample letter, and the same letter with its second page scanned in."""
    folder = tmp_path_factory.mktemp("letter")
    digital = revisit_letter_southdown.build(folder)
    return digital, scan(digital, folder / "mixed.pdf", seed=5, pages=[2])


@pytest.fixture
def tesseract_runs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The Tesseract commands run in this process while the test runs."""
    runs: list[list[str]] = []
    real = subprocess.run

    def counted(command, *args, **kwargs):
        if "tsv" in command:
            runs.append(list(command))
        return real(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counted)
    return runs


def read(path: Path, limits: Limits | None = None,
         report: Callable[[str, int, int], None] = lambda *_: None
         ) -> tuple[list[PageText], dict[int, float]]:
    """Every page of a PDF, those without a text layer read by OCR; and their quality."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = list(iter_pages(pdf))
        return pages, ocr.read_scanned(pdf, pages, limits or Limits(), report)
    finally:
        pdf.close()


# --------------------------------------------------------------------------- pages


def test_a_scanned_page_gives_its_words_where_the_text_layer_had_them(report) -> None:
    digital, scanned = report
    (original,), _ = read(digital)
    (page,), quality = read(scanned)
    assert set(quality) == {1}
    assert len(page.segments) == len(original.segments)
    assert abs(page.char_count - original.char_count) < 0.03 * original.char_count
    for want in original.segments:
        got = max(page.segments, key=lambda s: fuzz.ratio(s.text, want.text))
        assert fuzz.ratio(got.text, want.text) >= 95, (got.text, want.text)
        for edge in ("x0", "top", "x1", "bottom"):
            assert abs(getattr(got, edge) - getattr(want, edge)) < 3, (edge, got, want)
        assert abs(got.size - want.size) < 0.1 * want.size, (got, want)
        assert not got.bold


def test_headings_indents_and_bullets_come_through_the_scan(report) -> None:
    (page,), _ = read(report[1])
    lines = build_layout([page]).lines
    assert [ln.text for ln in lines if ln.heading] == ["Stalking and harassment",
                                                       "Recommendation 1"]
    body = next(ln for ln in lines if ln.text.startswith("We inspected"))
    quote = next(ln for ln in lines if ln.text == REPORT_LINES["quote"][0])
    assert abs(quote.x0 - body.x0 - QUOTE_INDENT) < 2
    assert [ln.text for ln in lines if ln.text.startswith("•")] == [
        f"• {text}" for text in REPORT_LINES["bullets"]]
    # Body lines are one size, as in print.
    assert len({ln.size for ln in lines if not ln.heading}) == 1


def test_only_the_scanned_page_of_a_mixed_pdf_is_read(letter, tesseract_runs) -> None:
    digital, mixed = letter
    reports: list[tuple[str, int, int]] = []
    reading = read_document(mixed, lambda *r: reports.append(r))
    assert len(tesseract_runs) == 1
    assert [r for r in reports if r[0] == "ocr"] == [("ocr", 0, 1), ("ocr", 1, 1)]
    typeset = read_document(digital)
    assert [(i.kind, i.number, i.page) for i in reading.items] == [
        (i.kind, i.number, i.page) for i in typeset.items]
    for item, original in zip(reading.items, typeset.items, strict=True):
        assert fuzz.ratio(item.text, original.text) >= 95
        assert (item.quality < 0.97) is (item.page == 2), item


def test_blank_pages_are_not_read(report, tmp_path: Path, tesseract_runs) -> None:
    digital, scanned = report
    # A page with nothing on it at all, after the scanned one.
    pages, quality = read(with_blank_page(scanned, tmp_path / "blank.pdf", at=2))
    assert len(tesseract_runs) == 1 and set(quality) == {1}
    assert pages[1].segments == [] and pages[1].char_count == 0
    # A scan of blank paper: its grain is not read as letters.
    tesseract_runs.clear()
    blank_paper = scan(with_blank_page(digital, tmp_path / "two.pdf", at=1),
                       tmp_path / "blank-paper.pdf", seed=4)
    pages, quality = read(blank_paper)
    assert len(tesseract_runs) == 1
    assert quality[1] == 0.0 and pages[0].segments == []
    assert 0.8 < quality[2] < 0.97


# --------------------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def extractions(report) -> dict[str, object]:
    """The one-page report extracted as typeset and as scanned, with the progress."""
    digital, scanned = report
    progress: list[tuple[str, int, int]] = []
    return {"digital": extract_file(digital),
            "scanned": extract_file(scanned, on_progress=lambda *r: progress.append(r)),
            "progress": progress}


def test_items_are_found_in_a_scan_end_to_end(extractions) -> None:
    (typeset,), (scanned,) = extractions["digital"].items, extractions["scanned"].items
    assert (scanned.kind, scanned.number, scanned.page) == ("recommendation", "1", 1)
    assert fuzz.ratio(scanned.text, typeset.text) >= 97
    assert scanned.deadline == typeset.deadline == "2026-03-31"
    assert scanned.addressees == typeset.addressees == ["chief_constables"]
    assert abs(scanned.bbox[1] - typeset.bbox[1]) < 3
    assert ("ocr", 1, 1) in extractions["progress"]


def test_ocr_lowers_confidence(report, extractions) -> None:
    _, quality = read(report[1])
    assert 0.8 < quality[1] < 0.97
    (typeset,), (scanned,) = extractions["digital"].items, extractions["scanned"].items
    assert scanned.confidence < typeset.confidence
    assert scanned.confidence == pytest.approx(typeset.confidence * quality[1], abs=0.02)


# --------------------------------------------------------------------------- refusals


def test_without_tesseract_a_scan_is_refused_in_one_line(
        report, letter, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(ExtractionError) as refused:
        extract_file(report[1])
    assert refused.value.reason == (
        "has no text layer (scanned or image-only); it needs OCR, and Tesseract is not "
        "installed (the README, What it reads, says how to add it)")
    # A report with one page scanned in still gives the items of its other pages.
    pages = {item.page for item in extract_file(letter[1]).items}
    assert pages == {1, 3}


def test_without_english_for_tesseract_a_scan_is_refused(
        report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    with pytest.raises(ExtractionError) as refused:
        extract_file(report[1])
    assert refused.value.reason == ocr.MISSING_TESSERACT


def test_a_page_too_large_to_render_is_refused_quickly_in_one_line(tmp_path: Path) -> None:
    path = too_tall_page(tmp_path / "tall.pdf")
    assert path.stat().st_size < 10_000
    started = time.monotonic()
    with pytest.raises(ExtractionError) as refused:
        extract_file(path)
    took = time.monotonic() - started
    reason = refused.value.reason
    assert reason.startswith("page 1 is too large to read by OCR (595 x 8,418,898 points"), (
        reason, took)
    assert "the limit is 40 megapixels" in reason and "\n" not in reason


def test_a_page_tesseract_cannot_read_in_time_is_refused_naming_it(report) -> None:
    # The reading's whole budget is a hundredth of a second: Tesseract cannot finish.
    limits = Limits(seconds_per_page=0.001, min_seconds=0.01, ocr_seconds_per_page=0.001)
    with pytest.raises(ExtractionError) as refused:
        read(report[1], limits)
    # Refused before Tesseract starts, or when it has used what was left.
    assert refused.value.reason.startswith("page 1 could not be read by OCR")
    assert "\n" not in refused.value.reason
    # Tesseract stopped when it takes longer than it may.
    pdf = pdfium.PdfDocument(str(report[1]))
    try:
        rendered = ocr.render(pdf[0], 1)
    finally:
        pdf.close()
    with pytest.raises(ExtractionError) as refused:
        ocr.recognise(rendered, 0.01)
    assert refused.value.reason == (
        "page 1 could not be read by OCR within 0.01 s (Tesseract took too long)")


def test_the_render_of_a_large_page_is_bounded_in_pixels() -> None:
    assert ocr.render_dpi(595, 842, 1, 300) == 300
    a0 = ocr.render_dpi(2384, 3370, 1, 300)  # A0: its resolution lowered to fit
    assert ocr.MIN_DPI < a0 < 300
    assert 2384 * 3370 * (a0 / 72) ** 2 <= ocr.MAX_PIXELS * 1.0001
    with pytest.raises(ExtractionError, match=r"^page 7 is too large to read by OCR"):
        ocr.render_dpi(14_400, 14_400, 7, 300)


# --------------------------------------------------------------------------- boxes


def test_text_in_region_reads_a_scanned_page_by_ocr(report) -> None:
    digital, scanned = report
    assert text_in_region(scanned, 1, ITEM_BOX) == text_in_region(digital, 1, ITEM_BOX)
    # An empty part of the page: its grain is not read as letters.
    assert text_in_region(scanned, 1, (300, 600, 500, 700)) == ""


def test_page_text_by_ocr_gives_the_page_line_by_line(report) -> None:
    digital, scanned = report
    (original,), _ = read(digital)
    lines = ocr.page_text_by_ocr(scanned, 1).split("\n")
    assert len(lines) == len(original.segments)
    for got, want in zip(lines, original.segments, strict=True):
        assert fuzz.ratio(got, want.text) >= 95, (got, want.text)
    with pytest.raises(ValueError, match="not a page"):
        ocr.page_text_by_ocr(scanned, 2)


# --------------------------------------------------------------------------- reading


def picture(width: int = 200, height: int = 100, dpi: float = 200) -> ocr.Picture:
    """A blank picture (white paper)."""
    return ocr.Picture(1, f"P5\n{width} {height}\n255\n".encode() + bytes([255]) * (
        width * height), width, height, dpi)


def test_words_without_confidence_or_text_are_dropped() -> None:
    tsv = "\n".join([
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight"
        "\tconf\ttext",
        "4\t1\t1\t1\t1\t0\t10\t20\t100\t30\t-1\t",
        "5\t1\t1\t1\t1\t1\t10\t20\t50\t30\t96.5\tForce",
        "5\t1\t1\t1\t1\t2\t70\t20\t40\t30\t-1\tghost",
        "5\t1\t1\t1\t1\t3\t120\t20\t40\t30\t91.0\t ",
        "5\t1\t1\t1\t2\t1\t10\t60\t30\t30\t71.0\t_An",  # a rule read with the word
    ])
    word, after_rule = ocr.parse_tsv(tsv, picture())
    assert word.text == "Force" and word.confidence == 96.5 and word.line == (1, 1, 1)
    assert (word.x0, word.top, word.x1, word.bottom) == pytest.approx((3.6, 7.2, 21.6, 18.0))
    assert after_rule.text == "An" and after_rule.x0 == pytest.approx(20 * 72 / 200)


def test_a_speck_of_dust_is_not_part_of_the_word_beside_it() -> None:
    box = np.full((40, 30), 240, np.uint8)
    box[2:4, 10:12] = 40  # a speck, far above
    box[12:14, 5:7] = 40  # the dot of an i, just above the letters
    box[16:36, :] = 30  # the letters
    top, bottom, height = ocr._letters(box, 0, 0, 30, 40)
    assert (top, bottom) == (12, 36)
    # The rows of the dot and of the letters, as dark as they are.
    assert height == pytest.approx(2 * 200 / 210 + 20)


def test_a_bullet_read_as_a_letter_becomes_a_bullet_again() -> None:
    def text(first: str, gap: float, width: float = 3.0, confidence: float = 60) -> str:
        glyph = ocr.Word(first, 78, 235, 78 + width, 239, confidence, (1, 1, 1), 4)
        after = ocr.Word("officers", 78 + width + gap, 232, 130, 242, 96.0, (1, 1, 1), 7.5)
        (line,) = ocr.straightened_lines([glyph, after])
        (segment,) = ocr.segments_of([line], 1)
        return segment.text

    for reading in ("e", "«", "©", "*", "°", "¢"):
        assert text(reading, gap=8) == "• officers"
    assert text("¢", gap=8, confidence=20) == "• officers"  # however unsure Tesseract was
    assert text("e", gap=1) == "e officers"  # a letter set close to the word after it
    assert text("A", gap=8) == "A officers"  # no bullet reading
    assert text("e", gap=8, width=9) == "e officers"  # too wide for a bullet


def test_a_line_splits_at_a_wide_gap_as_a_text_layer_does() -> None:
    words = [ocr.Word("Status", 72, 100, 100, 110, 96, (1, 1, 1), 7),
             ocr.Word("Met", 104, 100, 120, 110, 96, (1, 1, 1), 7),
             ocr.Word("Completed", 300, 100, 350, 110, 96, (1, 1, 1), 7)]
    segments = ocr.segments_of([ocr._Line(words, 110, 10)], 3)
    assert [(s.text, s.page, s.size) for s in segments] == [
        ("Status Met", 3, 10), ("Completed", 3, 10)]
    assert segments[0].top == pytest.approx(110 - ocr.BOX_ASCENT * 10)


def test_numbers_with_a_one_misread_are_mended() -> None:
    assert [ocr.mended_number(w) for w in ("3]", "3],", "202l", "20I9.", "3/", "3|")] == [
        "31", "31,", "2021", "2019.", "31", "31"]
    kept = ("[1]", "1/2", "24/7", "E1", "El", "Il", "All", "I", "Status:", "12.Tenter")
    assert [ocr.mended_number(w) for w in kept] == list(kept)
    assert ocr.mended_number("1]", brackets=True) == "1]"  # closes "[note 1]"


def test_sizes_within_the_estimates_noise_become_one() -> None:
    def line(size: float, letters: int = 60) -> ocr._Line:
        return ocr._Line([ocr.Word("x" * letters, 0, 0, 1, 1, 96, (1, 1, 1), 1)], 0, size)

    lines = [line(10.4), line(10.7), line(10.9), line(10.6), line(12.6, 15), line(16.4, 20)]
    ocr.settle_sizes(lines)
    sizes = [ln.size for ln in lines]
    assert len(set(sizes[:4])) == 1 and 10.5 <= sizes[0] <= 10.8
    assert sizes[4] / sizes[0] > 1.12 and sizes[5] == 16.4


def test_a_picture_without_ink_is_not_read(tesseract_runs) -> None:
    assert ocr.recognise(picture(), 30) == []
    assert tesseract_runs == []
