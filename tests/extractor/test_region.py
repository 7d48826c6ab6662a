"""The words inside a box of a page: reading order, mended line breaks, the extractor's own
boxes read back, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import ExtractionError, extract_file, text_in_region
from hmic_actions.words import comparable
from tests.builders.reports import LEADING, MARGIN

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture
def page(report) -> Path:
    """One page: a heading, a paragraph with two broken words, another paragraph."""
    pdf = report(header=None, page_numbers=False)
    pdf.heading("Recommendation 3")
    pdf.lines("By 31 March 2026, chief constables should make sure that their investi-",
              "gations are supervised, and that multi-",
              "agency meetings are recorded.")
    pdf.lines("Our findings on custody follow in the next chapter.")
    return pdf.save()


# The baseline of the first line under the 14-point heading, in points from the top.
FIRST_BASELINE = MARGIN + 14 * 0.6 + 14 * 1.4


def box_of_lines(first: int, count: int) -> tuple[float, float, float, float]:
    """A box from the left margin to the right edge round ``count`` body lines of the first
    paragraph, from line ``first`` (0-based)."""
    return (MARGIN - 2, FIRST_BASELINE + (first - 1) * LEADING + 2, 560.0,
            FIRST_BASELINE + (first + count - 1) * LEADING + 4)


def test_a_box_round_a_paragraph_gives_its_words_with_broken_words_mended(page: Path) -> None:
    assert text_in_region(page, 1, box_of_lines(0, 3)) == (
        "By 31 March 2026, chief constables should make sure that their investigations "
        "are supervised, and that multi-agency meetings are recorded.")


def test_only_the_words_inside_the_box_count(page: Path) -> None:
    whole = text_in_region(page, 1, (0, 0, 600, 850))
    assert whole.startswith("Recommendation 3 By 31 March 2026")
    assert whole.endswith("Our findings on custody follow in the next chapter.")
    # The left of the page: each line cut where the box ends, a word cut keeping its part
    # inside (so no line is mended into the next).
    assert text_in_region(page, 1, (0, 0, 200, 850)) == (
        "Recommendation 3 By 31 March 2026, chief co gations are supervised, and agency "
        "meetings are record Our findings on custody foll")
    assert text_in_region(page, 1, (300, 700, 500, 800)) == ""


def test_a_box_over_two_columns_reads_the_left_one_first(report) -> None:
    pdf = report(header=None, page_numbers=False)
    left = [f"Left column line {n} says what the force found." for n in range(1, 9)]
    right = [f"Right column line {n} says what it should do." for n in range(1, 9)]
    pdf.columns(left, right)
    path = pdf.save()
    text = text_in_region(path, 1, (0, 0, 600, 850))
    assert text == " ".join(left + right)


def test_bytes_read_as_the_file_does(page: Path) -> None:
    box = box_of_lines(0, 3)
    assert text_in_region(page.read_bytes(), 1, box) == text_in_region(str(page), 1, box)


def test_the_extractors_own_boxes_read_back_their_items() -> None:
    # An item's box spans the lines it starts with on its page (the label included): the
    # words in it are the label and the item's text, whatever the page's columns.
    for name in ("peel_northmoor", "two_column_fraud"):
        pdf = SAMPLES / f"{name}.pdf"
        items = extract_file(pdf).items
        assert items
        for found in items:
            words = comparable(text_in_region(pdf, found.page, tuple(found.bbox)))
            assert comparable(found.text) in words, (name, found.number)


@pytest.mark.parametrize(("page_number", "box", "message"), [
    (2, (0, 0, 100, 100), "page 2 is not a page of the document"),
    (0, (0, 0, 100, 100), "page 0 is not a page"),
    (1, (100, 0, 100, 50), "is empty"),
    (1, (0, 60, 100, 50), "is empty"),
    (1, ("a", 0, 1, 1), "four numbers"),
])
def test_a_page_or_box_that_cannot_be_is_refused(page: Path, page_number: int, box,
                                                 message: str) -> None:
    with pytest.raises(ValueError, match=message):
        text_in_region(page, page_number, box)


def test_a_file_that_is_not_a_pdf_is_an_extraction_error(tmp_path: Path) -> None:
    path = tmp_path / "note.pdf"
    path.write_bytes(b"not a PDF at all")
    with pytest.raises(ExtractionError, match="cannot be read as a PDF"):
        text_in_region(path, 1, (0, 0, 10, 10))
