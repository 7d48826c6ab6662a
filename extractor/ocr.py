"""Pages without a text layer, read by optical character recognition (Tesseract).

A scanned page is rendered by PDFium to a greyscale image, at its scan's own resolution,
and read by the ``tesseract`` command (a process per page, one thread, its TSV output:
each word with its box and confidence). Its words are then turned into the ``Segment``s
``extractor.pdftext`` makes from a text layer, so that the layout and the item finder
read the page as they read any other:

* the page's slight skew, measured from the slope of its lines, is taken out of the words'
  boxes, so that the lines of a paragraph start where they did on the paper;
* each word's height is measured in the image (a speck of dust Tesseract boxed with it
  left out), and each line's font size worked out from its words' heights, knowing which
  letters reach up to the capitals and down below the baseline in the page's own type;
  lines whose sizes differ by no more than the estimate's noise are given one size, so
  that body text reads as one size and headings stand out by as much as in print;
* each line's box is drawn round its baseline as a text layer's would be (the font's
  ascent and descent), so that the space between lines is the space on the paper;
* a line splits into segments at wide gaps, as a text layer's does;
* a lone glyph Tesseract reads for a bullet ("e", "«", "©" ...) before indented text
  becomes "•", and a 1 it reads as "]" or "l" in a number ("3]", "202l") a 1 again.

Blank paper is not read (Tesseract would read its grain as letters). A page's render is
bounded in pixels (``MAX_PIXELS``, lowering the resolution of a large page down to
``MIN_DPI``), and each run of Tesseract in time, within the reading's budget.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import math
import os
import re
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractor.errors import ExtractionError
from extractor.guard import Limits
from extractor.pdftext import (
    SEGMENT_GAP_RATIO,
    PageText,
    Segment,
    _is_bullet,
    opened_page,
)

__all__ = ["LOW_DPI", "MAX_PIXELS", "MIN_DPI", "OCR_DPI", "needs_ocr", "page_text_by_ocr",
           "read_scanned", "render_region", "segments_in_picture", "shows_image"]

#: Resolution pages are rendered at for Tesseract (dots per inch): a scan's own, within
#: these bounds (resampling an image blurs what Tesseract reads; a coarse one it reads
#: better enlarged), or the highest when a page's image does not tell.
OCR_DPI = 300
LOW_DPI = 200
#: A large page is rendered at a lower resolution, down to this one ...
MIN_DPI = 150
#: ... so that its image holds at most this many pixels (one byte each).
MAX_PIXELS = 40_000_000
#: A page with fewer characters than this in its text layer has no text layer to speak of.
MIN_TEXT_CHARS = 10
#: How far an OCR'd page is trusted when Tesseract is sure of every word: a text layer is
#: exactly what was typeset, a reading of an image is not.
OCR_TRUST = 0.95

MISSING_TESSERACT = ("has no text layer (scanned or image-only); it needs OCR, and Tesseract "
                     "is not installed (the README, What it reads, says how to add it)")

# Where a word's letters reach, as shares of the font size, by the tallest and the deepest
# of them: above the baseline, to the capitals and ascenders or to the small letters'
# height; below it, to the descenders or not at all. As most type has them: each page's
# own proportions are measured (``_proportions``), the capitals' height staying the
# measure of the size.
TOPS = {"capital": 0.675, "small": 0.46}
BOTTOMS = {"baseline": 0.0, "descender": 0.21}
COMMA_DEPTH = 0.15  # a comma's tail, roughly (too unlike from type to type to size by)
ASCENDER = TOPS["capital"]
# The box a text layer gives a line (the font's ascent above the baseline, descent below).
BOX_ASCENT = 0.94
BOX_DESCENT = 0.2
# A mark that is not a letter and smaller than this share of its line's size is a speck.
SPECK = 0.12
# A picture holds ink when more than this many pixels (at 200 dpi) are darker than its
# paper by this many grey levels (of 255): a few specks of dust are not ink.
INK_PIXELS, INK_CONTRAST = 40, 80
# The edges of a page, in points, where a scan shows the scanner rather than the paper.
PAGE_EDGE = 18
# A mark that is not a letter, read with less confidence than this (of 100), is noise.
UNSURE_MARK = 30
# Rows of ink further from a word's letters than this share of their height are not part
# of it (a speck); an i's dot or a quotation mark is nearer.
INK_GAP = 0.35
# How many lines holding two kinds of word tell how tall one is against the other.
PROPORTION_LINES = 3
# Lines whose estimated sizes are within this share of each other are one size.
SIZE_NOISE = 0.065
# Below this slope (about a twentieth of a degree) a page is taken as level; above this one
# (about five degrees) its lines are not straightened (a page set at an angle on purpose).
LEVEL_SLOPE, STEEP_SLOPE = 0.001, 0.09

# The kind of a word by where its letters reach (``_reach``): the names of its top and
# its bottom. Capitals and ascenders on the baseline are the measure of the others.
Reach = tuple[str, str]
_MEASURE: Reach = ("capital", "baseline")
_TALL = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789bdfhkl'\"‘’“”!?/\\|()[]{}#%&@$£")
_DEEP = set("gjpqyQ()[]{}|$@")
_SMALL = set("acemnorsuvwxz")
_UNSURE_TOP = set("ijt")
_UNSURE_BOTTOM = set(",;")
# What Tesseract reads a bullet as, when the bullet stands alone before its text.
_BULLET_READINGS = {"e", "«", "»", "*", "©", "®", "°", "o", "•", "·", "¢", "@", "+"}


@dataclass(frozen=True, slots=True)
class Word:
    """A word Tesseract read: its text, its box in points from the page's top-left corner,
    how sure it is (0 to 100), the block, paragraph and line it belongs to, and the height
    of its letters measured in the image (points, from half-inked row to half-inked row:
    finer than a pixel, and the same however blurred the scan)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float
    line: tuple[int, int, int]
    height: float


@dataclass(frozen=True, slots=True)
class Picture:
    """A rendered page, or part of one, ready for Tesseract: a binary greyscale PGM image
    (``width`` x ``height`` pixels after a header of ``offset`` bytes), its resolution,
    and where its top-left corner sits on the page (points)."""

    page: int
    image: bytes
    width: int
    height: int
    dpi: float
    left: float = 0.0
    top: float = 0.0
    whole: bool = True  # the whole page, not a part of it

    @property
    def offset(self) -> int:
        return len(self.image) - self.width * self.height

    def pixels(self) -> np.ndarray:
        """The image's grey levels, a row of pixels to a row of the array (a view)."""
        return np.frombuffer(self.image, np.uint8, self.width * self.height,
                             self.offset).reshape(self.height, self.width)


@dataclass(slots=True)
class _Line:
    """One line as Tesseract read it, straightened: its words left to right, its
    baseline, and its font size (first as estimated, then as settled with the others)."""

    words: list[Word]
    baseline: float
    size: float


# --------------------------------------------------------------------------- which pages


def needs_ocr(page: PageText) -> bool:
    """Whether a page has no text layer to read (no characters, or next to none)."""
    return page.char_count < MIN_TEXT_CHARS


def shows_image(pdf_page: pdfium.PdfPage) -> bool:
    """Whether a page draws an image (inside a form or not): a page without text and
    without one is blank, and there is nothing to read on it."""
    objects = pdf_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=8)
    return next(iter(objects), None) is not None


# --------------------------------------------------------------------------- pages


def read_scanned(pdf: pdfium.PdfDocument, pages: list[PageText], limits: Limits,
                 report: Callable[[str, int, int], None]) -> dict[int, float]:
    """Read by OCR the pages of ``pdf`` that have no text layer but show an image, and put
    what is read in their ``PageText`` (segments and character count) in place.

    Returns each page read's confidence (0 to 1) by page number. Reports ("ocr", done,
    total) as pages are read. When no page has a text layer and Tesseract is missing,
    raises ExtractionError; when some pages have one, the pages without are left unread.
    """
    started = time.monotonic()
    scanned = [p for p in pages if needs_ocr(p) and _page_shows_image(pdf, p.number)]
    if not scanned:
        return {}
    if tesseract() is None:
        if all(needs_ocr(p) for p in pages):
            raise ExtractionError(MISSING_TESSERACT)
        return {}
    for page in scanned:  # a page too large to render is refused before any is read
        render_dpi(page.width, page.height, page.number)
    # The reading's budget, with the time a page read by OCR is given (the parent process
    # adds the same when it is told how many pages there are to read).
    deadline = started + limits.budget_seconds(len(pages)) + (
        limits.ocr_seconds_per_page * len(scanned))
    read: dict[int, list[_Line]] = {}
    quality: dict[int, float] = {}
    report("ocr", 0, len(scanned))
    for done, page in enumerate(scanned, 1):
        timeout = _timeout(limits, deadline, page.number)
        read[page.number], quality[page.number] = _read_page(pdf, page, timeout)
        report("ocr", done, len(scanned))
    settle_sizes([line for lines in read.values() for line in lines])
    for page in scanned:
        page.segments = segments_of(read[page.number], page.number)
        page.char_count = sum(len(s.text.replace(" ", "")) for s in page.segments)
        page.unreadable = 0
    return quality


def _read_page(pdf: pdfium.PdfDocument, page: PageText, timeout: float
               ) -> tuple[list[_Line], float]:
    """One page read by OCR: its lines (their sizes not yet settled) and its confidence."""
    pdf_page = pdf[page.number - 1]
    try:
        picture = render(pdf_page, page.number)
    finally:
        pdf_page.close()
    words = recognise(picture, timeout)
    return straightened_lines(words, (page.width / 2, page.height / 2)), confidence(words)


def _page_shows_image(pdf: pdfium.PdfDocument, number: int) -> bool:
    pdf_page = pdf[number - 1]
    try:
        return shows_image(pdf_page)
    finally:
        pdf_page.close()


def _timeout(limits: Limits, deadline: float, number: int) -> float:
    """Seconds Tesseract may take on one page: a one-page document's budget and a page's
    OCR allowance, at most what is left of the whole reading's."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise ExtractionError(f"page {number} could not be read by OCR in time (the reading's "
                              "budget was spent; HMIC_SECONDS_PER_PAGE, HMIC_MIN_SECONDS, "
                              "HMIC_OCR_SECONDS_PER_PAGE)")
    return min(limits.budget_seconds(1) + limits.ocr_seconds_per_page, left)


def confidence(words: Sequence[Word]) -> float:
    """How well a page reads: its words' confidence weighted by their length, scaled by
    ``OCR_TRUST`` (0 for a page where nothing was read)."""
    letters = sum(len(w.text) for w in words)
    if not letters:
        return 0.0
    return OCR_TRUST * sum(w.confidence * len(w.text) for w in words) / letters / 100


# --------------------------------------------------------------------------- regions


def render_region(pdf_page: pdfium.PdfPage, number: int,
                  box: tuple[float, float, float, float]) -> Picture | None:
    """``box`` of a page rendered for OCR (None when it lies outside the page)."""
    width, height = pdf_page.get_size()
    x0, top = max(0.0, box[0]), max(0.0, box[1])
    x1, bottom = min(width, box[2]), min(height, box[3])
    if x1 - x0 < 1 or bottom - top < 1:
        return None
    return render(pdf_page, number, (x0, top, x1, bottom))


def segments_in_picture(picture: Picture | None, box: tuple[float, float, float, float],
                        limits: Limits | None = None) -> list[Segment]:
    """The segments OCR reads in a rendered region, each word kept whose middle is inside
    ``box``."""
    if picture is None:
        return []
    if tesseract() is None:
        raise ExtractionError(MISSING_TESSERACT)
    limits = limits or Limits()
    words = [w for w in recognise(picture, limits.budget_seconds(1), block=True)
             if box[0] <= (w.x0 + w.x1) / 2 <= box[2] and box[1] <= (w.top + w.bottom) / 2
             <= box[3]]
    lines = straightened_lines(words)
    settle_sizes(lines)
    return segments_of(lines, picture.page)


def page_text_by_ocr(source: Path | str | bytes, page: int, limits: Limits | None = None
                     ) -> str:
    """The text OCR reads on ``page`` (1-based) of the PDF at ``source`` (a path or its
    bytes), a line of the page to a line of text, in reading order, whether or not the
    page has a text layer. Raises ValueError for a page the document does not have,
    ExtractionError for a file PDFium cannot read or when Tesseract is missing or fails."""
    from extractor.layout import _gutter, _reading_order
    from extractor.text import normalise_text

    if tesseract() is None:
        raise ExtractionError(MISSING_TESSERACT)
    limits = limits or Limits()
    picture, width, height = _rendered_page(source, page)
    lines = straightened_lines(recognise(picture, limits.budget_seconds(1)),
                               (width / 2, height / 2))
    settle_sizes(lines)
    segments = segments_of(lines, page)
    region = PageText(page, width, height, segments, [], len(segments))
    ordered = _reading_order(segments, _gutter(region, segments))
    return "\n".join(normalise_text(segment.text) for _column, segment in ordered)


def _rendered_page(source: Path | str | bytes, page: int) -> tuple[Picture, float, float]:
    """Page ``page`` of the PDF at ``source`` rendered for OCR, with its width and height
    (points). PDFium is used by one thread at a time (``PDFIUM_LOCK``); Tesseract is not."""

    with opened_page(source, page) as pdf_page:
        width, height = pdf_page.get_size()
        return render(pdf_page, page), width, height


# --------------------------------------------------------------------------- rendering


def render(pdf_page: pdfium.PdfPage, number: int,
           box: tuple[float, float, float, float] | None = None) -> Picture:
    """The page (or ``box`` of it, points from the top-left corner) as a greyscale image
    for Tesseract, at its scan's resolution (``scan_dpi``), less for a large page;
    ExtractionError for a page too large to render within ``MAX_PIXELS`` at ``MIN_DPI``."""
    width, height = pdf_page.get_size()
    x0, top, x1, bottom = box or (0.0, 0.0, width, height)
    dpi = render_dpi(x1 - x0, bottom - top, number, scan_dpi(pdf_page))
    scale = dpi / 72
    crop = (x0, height - bottom, width - x1, top)  # left, bottom, right, top cut off
    bitmap = pdf_page.render(scale=scale, grayscale=True, crop=crop, draw_annots=False)
    try:
        image = bitmap.to_pil()  # over the bitmap's memory: copied out before it is freed
        columns, rows = image.size
        grey = (image if image.mode == "L" else image.convert("L")).tobytes()
    finally:
        bitmap.close()
    header = f"P5\n{columns} {rows}\n255\n".encode("ascii")
    # PDFium cuts whole pixels, rounding each cut up: the image starts that far in.
    return Picture(number, header + grey, columns, rows, dpi, math.ceil(x0 * scale) / scale,
                   math.ceil(top * scale) / scale, box is None)


def scan_dpi(pdf_page: pdfium.PdfPage) -> float:
    """The resolution to read a page at: its largest image's, as placed on the page,
    within ``LOW_DPI`` and ``OCR_DPI`` (``OCR_DPI`` when it has no image)."""
    largest, dpi = 0.0, float(OCR_DPI)
    for image in pdf_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=8):
        left, bottom, right, top = image.get_bounds()
        area = (right - left) * (top - bottom)
        if area > largest:
            meta = image.get_metadata()
            if meta.horizontal_dpi > 0 and meta.vertical_dpi > 0:
                largest = area
                dpi = min(meta.horizontal_dpi, meta.vertical_dpi)
    return min(float(OCR_DPI), max(float(LOW_DPI), round(dpi)))


def render_dpi(width: float, height: float, number: int, dpi: float = OCR_DPI) -> float:
    """The resolution a ``width`` x ``height`` points region is rendered at for OCR: ``dpi``
    unless that would make more than ``MAX_PIXELS``."""
    inches = max(width, 1e-3) * max(height, 1e-3) / 72**2
    dpi = min(dpi, math.sqrt(MAX_PIXELS / inches))
    if dpi < MIN_DPI:
        megapixels = inches * MIN_DPI**2 / 1e6
        raise ExtractionError(
            f"page {number} is too large to read by OCR ({width:,.0f} x {height:,.0f} points, "
            f"{megapixels:,.0f} megapixels at {MIN_DPI} dpi; the limit is "
            f"{MAX_PIXELS / 1e6:g} megapixels)")
    return dpi


# --------------------------------------------------------------------------- Tesseract


def tesseract() -> str | None:
    """The ``tesseract`` command, or None when it is not installed with English."""
    path = shutil.which("tesseract")
    return path if path and _has_english(path, os.environ.get("TESSDATA_PREFIX")) else None


@functools.lru_cache(maxsize=4)
def _has_english(path: str, tessdata: str | None) -> bool:
    try:
        done = subprocess.run([path, "--list-langs"], capture_output=True, text=True,
                              timeout=30, env=_environment())
    except (OSError, subprocess.SubprocessError):
        return False
    return "eng" in done.stdout.split()


def _environment() -> dict[str, str]:
    """Tesseract's environment: one thread (the processors are shared)."""
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def recognise(picture: Picture, timeout: float, block: bool = False) -> list[Word]:
    """The words Tesseract reads in ``picture``, boxes in page points.

    ``block`` reads it as one block of text (a region a reader drew) rather than finding
    the page's layout first. A picture without ink (blank paper) is not read: Tesseract
    would read its grain as letters.
    """
    if not has_ink(picture):
        return []
    command = [tesseract() or "tesseract", "stdin", "stdout", "--psm", "6" if block else "3",
               "--dpi", str(round(picture.dpi)), "-l", "eng", "tsv"]
    try:
        done = subprocess.run(command, input=picture.image, capture_output=True,
                              timeout=timeout, env=_environment())
    except subprocess.TimeoutExpired:
        raise ExtractionError(f"page {picture.page} could not be read by OCR within "
                              f"{timeout:.3g} s (Tesseract took too long)") from None
    except OSError as exc:
        raise ExtractionError(f"page {picture.page} could not be read by OCR (Tesseract: "
                              f"{exc.strerror or exc})") from None
    if done.returncode != 0:
        message = " ".join(done.stderr.decode("utf-8", "replace").split())[:160]
        raise ExtractionError(f"page {picture.page} could not be read by OCR (Tesseract "
                              f"ended with status {done.returncode}: {message})")
    return parse_tsv(done.stdout.decode("utf-8", "replace"), picture)


def has_ink(picture: Picture) -> bool:
    """Whether a picture holds some ink: more than ``INK_PIXELS`` (at 200 dpi) markedly
    darker than its paper. On a whole page, its edges (``PAGE_EDGE``) do not count: the
    scanner's lid shows there, and no printer prints there."""
    pixels = picture.pixels()
    if picture.whole:
        edge = round(PAGE_EDGE * picture.dpi / 72)
        pixels = pixels[edge:-edge or None, edge:-edge or None]
    step = 2 if pixels.size > 4_000_000 else 1  # every other row and column of a page
    sample = pixels[::step, ::step]
    if not sample.size:
        return False
    paper = int(np.median(sample))
    dark = np.count_nonzero(sample < paper - INK_CONTRAST)
    return dark * step * step > INK_PIXELS * (picture.dpi / 200) ** 2


def parse_tsv(tsv: str, picture: Picture) -> list[Word]:
    """The words of Tesseract's TSV output (level 5), boxes converted to page points;
    words without a confidence or without text are left out."""
    to_points = 72 / picture.dpi
    pixels = picture.pixels()
    words = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        read = cells[11].strip()
        try:
            conf = float(cells[10])
            block, par, line, left, top, width, height = map(int, cells[2:5] + cells[6:10])
        except ValueError:
            continue
        if conf < 0 or not read:
            continue
        text = _without_stray_marks(read)
        if text != read:  # the marks' share of the width, a character's each
            start = read.index(text)
            share = width / len(read)
            left, width = left + round(start * share), round(len(text) * share)
        top, bottom, inked = _letters(pixels, left, top, width, height)
        x0 = picture.left + left * to_points
        words.append(Word(text, x0, picture.top + top * to_points, x0 + width * to_points,
                          picture.top + bottom * to_points, conf, (block, par, line),
                          inked * to_points))
    return words


def _without_stray_marks(text: str) -> str:
    """A word without the underscores and bars a rule or a speck beside it adds to its
    ends ("_An", "force|"); a word of nothing else as it is."""
    trimmed = text.strip("_|")
    return trimmed if any(c.isalnum() for c in trimmed) else text


def _letters(pixels: np.ndarray, left: int, top: int, width: int, height: int
             ) -> tuple[int, int, float]:
    """Where the letters of a word Tesseract boxed (``left``, ``top``, ``width``,
    ``height``, pixels) are in the image: the rows they cover (top inclusive, bottom
    exclusive) and their height in pixels, each row counted by how dark its darkest pixel
    is (so that a row the edge of the letters half covers counts a half).

    Tesseract's box may take in a speck of dust above or below the letters, set apart by
    blank rows: it is left out. The dot of an i or a quotation mark is nearer, and kept.
    """
    # A row more above and below: the edge of the letters, where they half ink a row.
    above = max(0, top - 1)
    box = pixels[above:top + height + 1, left:left + width]
    if box.size == 0 or int(box.max()) - int(box.min()) < 32:  # no ink to speak of
        return top, top + height, float(height)
    darkest, lightest = int(box.min()), int(box.max())
    darkness = ((lightest - box.min(axis=1)) / (lightest - darkest)).tolist()
    runs: list[list[float]] = []  # [first row, end row, ink] of each run of inked rows
    for row, dark in enumerate(darkness):
        if dark < 0.5:
            continue
        if runs and runs[-1][1] == row:
            runs[-1][1] = row + 1
            runs[-1][2] += dark
        else:
            runs.append([row, row + 1, dark])
    main = max(range(len(runs)), key=lambda k: runs[k][2])
    first, end = int(runs[main][0]), int(runs[main][1])
    reach = INK_GAP * (end - first)
    for start, stop, _ in reversed(runs[:main]):
        if first - stop > reach:
            break
        first = int(start)
    for start, stop, _ in runs[main + 1:]:
        if start - end > reach:
            break
        end = int(stop)
    # The rows half inked or more, and the partly inked rows just outside them.
    inked = sum(darkness[max(0, first - 1):end + 1])
    return above + first, above + end, inked


# A number in which OCR read a 1 as a bracket, a bar or an exclamation mark ("3]"), or
# as a lower-case l or capital I among two or more digits ("202l"), or as a slash at its
# end: with the punctuation that may follow it.
_MISREAD_ONE = re.compile(r"^(?=[^A-Za-z]*\d)[\d\]|!]*[\]|!][\d\]|!]*(?=[.,;:)]*$)"
                          r"|^(?=(?:\D*\d){2})[\dlI]*[lI][\dlI]*(?=[.,;:)]*$)"
                          r"|^\d+/(?=[.,;:)]*$)")


def mended_number(text: str, brackets: bool = False) -> str:
    """A word that is a number with a 1 misread as "]", "|", "!", "l", "I" or a final "/"
    ("3]" for 31, "202l" for 2021), with its 1s back; any other word as it is.
    ``brackets``: its line opens a square bracket, which a "]" may close."""
    match = _MISREAD_ONE.match(text)
    if match is None or (brackets and "]" in match.group()):
        return text
    number = re.sub(r"[\]|!lI/]", "1", match.group())
    return number + text[match.end():]


# --------------------------------------------------------------------------- lines


def straightened_lines(words: Iterable[Word], centre: tuple[float, float] | None = None
                       ) -> list[_Line]:
    """Tesseract's lines, each with its baseline and estimated size; with the page's
    ``centre`` (points), the page's skew taken out of their words' boxes about it."""
    grouped: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        grouped.setdefault(word.line, []).append(word)
    rows = [_mended(sorted(ws, key=lambda w: w.x0)) for ws in grouped.values()]
    if centre is not None:
        rows = _unskewed(rows, _skew(rows), centre)
    proportions = _proportions(rows)
    sizes = [_estimated_size(row, proportions) for row in rows]
    lines = []
    for row, size in zip(rows, sizes, strict=True):
        size = size or _borrowed_size(row, rows, sizes)
        row = [w for w in _with_bullet(row, size) if not _is_speck(w, size)]
        if row:
            lines.append(_Line(row, _baseline(row, size), size))
    return lines


def _borrowed_size(row: list[Word], rows: list[list[Word]], sizes: list[float | None]
                   ) -> float:
    """The size of a line with no word of letters (a dash, a bullet alone): that of the
    nearest line of its paragraph, or of the page's lines, or as its height tells."""
    paragraph = row[0].line[:2]
    beside = [(abs(other[0].bottom - row[0].bottom), size)
              for other, size in zip(rows, sizes, strict=True)
              if size and other[0].line[:2] == paragraph]
    if beside:
        return min(beside)[1]
    known = [size for size in sizes if size]
    if known:
        return statistics.median(known)
    return statistics.median(w.height for w in row) / (ASCENDER + BOTTOMS["descender"])


def _is_speck(word: Word, size: float) -> bool:
    """A mark that is no letter or digit, far smaller than the letters of its line or
    read with next to no confidence: dust on the glass, not text."""
    return not any(c.isalnum() for c in word.text) and (
        max(word.x1 - word.x0, word.bottom - word.top) < SPECK * size
        or (word.confidence < UNSURE_MARK and word.text != "•"))


def _with_bullet(row: list[Word], size: float) -> list[Word]:
    """A line's words, a first one that is a bullet misread ("e", "«", "©" ...) made "•":
    a small glyph alone, set apart from the text after it."""
    if len(row) < 2 or row[0].text not in _BULLET_READINGS:
        return row
    glyph, after = row[0], row[1]
    small = glyph.x1 - glyph.x0 <= 0.6 * size and glyph.bottom - glyph.top <= 0.75 * size
    if small and after.x0 - glyph.x1 >= 0.3 * size and _opens_text(after.text):
        return [dataclasses.replace(glyph, text="•"), *row[1:]]
    return row


_OPENS = re.compile(r"^[\"'‘“(]?[A-Za-z0-9]")


def _opens_text(text: str) -> bool:
    return _OPENS.match(text) is not None


def _mended(row: list[Word]) -> list[Word]:
    """A line's words with the numbers OCR misread mended (``mended_number``)."""
    brackets = any("[" in w.text for w in row)
    return [w if (text := mended_number(w.text, brackets)) == w.text else
            dataclasses.replace(w, text=text) for w in row]


def _skew(rows: list[list[Word]]) -> float:
    """The page's slope (down per point across), from the bottoms of its lines' words that
    sit on the baseline: the median of the lines' slopes, each line counted by its width."""
    slopes: list[tuple[float, float]] = []
    for row in rows:
        level = [w for w in row if _sits(w.text)]
        if len(level) < 3 or level[-1].x1 - level[0].x0 < 100:
            continue
        xs = [(w.x0 + w.x1) / 2 for w in level]
        ys = [w.bottom for w in level]
        mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
        spread = sum((x - mean_x) ** 2 for x in xs)
        slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
        slopes.append((slope, level[-1].x1 - level[0].x0))
    if not slopes:
        return 0.0
    return _weighted_median(slopes)


def _unskewed(rows: list[list[Word]], slope: float, centre: tuple[float, float]
              ) -> list[list[Word]]:
    """The words turned back by the page's skew about ``centre`` (a sheet turns on the
    scanner's glass about its middle as well as anywhere)."""
    if not LEVEL_SLOPE <= abs(slope) <= STEEP_SLOPE:
        return rows
    cx, cy = centre

    def turned(w: Word) -> Word:
        mx, my = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        dx, dy = slope * (my - cy), -slope * (mx - cx)
        return dataclasses.replace(w, x0=w.x0 + dx, top=w.top + dy, x1=w.x1 + dx,
                                   bottom=w.bottom + dy)

    return [[turned(w) for w in row] for row in rows]


def _estimated_size(row: list[Word], proportions: dict[Reach, float]) -> float | None:
    """A line's font size from its words' heights, each word's by where its letters
    reach (``_reach``, ``_proportions``); None for a line of no word with letters."""
    estimates = []
    for word in row:
        reach = _reach(word.text)
        if reach is not None:
            estimates.append((word.height / (ASCENDER * proportions[reach]), len(word.text)))
    return _weighted_median(estimates) if estimates else None


def _proportions(rows: list[list[Word]]) -> dict[Reach, float]:
    """How tall each kind of word is (``_reach``) against a word of capitals and ascenders
    on the baseline, in the type of these lines: the median of the lines holding both
    kinds, when at least ``PROPORTION_LINES`` do; else as most type has it."""
    ratios: dict[Reach, list[float]] = {}
    for row in rows:
        heights: dict[Reach, list[float]] = {}
        for word in row:
            reach = _reach(word.text)
            if reach is not None:
                heights.setdefault(reach, []).append(word.height)
        base = statistics.median(heights.pop(_MEASURE, [0.0]))
        for kind, found in heights.items():
            if base > 0:
                ratios.setdefault(kind, []).append(statistics.median(found) / base)
    proportions = {}
    for top, top_share in TOPS.items():
        for bottom, bottom_share in BOTTOMS.items():
            found = ratios.get((top, bottom), [])
            proportions[(top, bottom)] = statistics.median(found) if len(
                found) >= PROPORTION_LINES else (top_share + bottom_share) / ASCENDER
    proportions[_MEASURE] = 1.0
    return proportions


def _reach(text: str) -> Reach | None:
    """Where a word's letters reach: to the capitals' height or the small letters' above
    the baseline, to the descenders or not at all below it. None for a word whose height
    is no guide: the top of a t or the dot of an i above small letters, the tail of a
    comma below the baseline (each drawn differently in each type), or no letter at all."""
    chars = set(text)
    if chars & _TALL:
        top = "capital"
    elif chars & _SMALL and not chars & _UNSURE_TOP:
        top = "small"
    else:
        return None
    if chars & _DEEP:
        return top, "descender"
    return None if chars & _UNSURE_BOTTOM else (top, "baseline")


def _baseline(row: list[Word], size: float) -> float:
    """Where a line's letters sit: the bottoms of its words that sit on it, or of all its
    words less how deep they reach below it."""
    sitting = [w.bottom for w in row if _sits(w.text)]
    if not sitting:
        sitting = [w.bottom - _depth(w.text) * size for w in row]
    return statistics.median(sitting)


def _depth(text: str) -> float:
    """How far below the baseline a word's letters reach, in shares of the font size."""
    chars = set(text)
    if chars & _DEEP:
        return BOTTOMS["descender"]
    return COMMA_DEPTH if chars & _UNSURE_BOTTOM else 0.0


def _sits(text: str) -> bool:
    """Whether a word's letters all sit on the baseline (none reaches below it)."""
    return _depth(text) == 0 and any(c.isalnum() for c in text)


def settle_sizes(lines: list[_Line]) -> None:
    """Give lines whose estimated sizes differ by no more than the estimate's noise one
    size. The sizes most lines share are found first, each the median of the estimates
    within half the noise of it; a size found for few lines within the noise of one found
    for more (a line of one word, whose estimate is rougher) is taken into it."""
    weights: dict[float, float] = {}  # letters by size, to a tenth of a point
    for line in lines:
        key = round(line.size, 1)
        weights[key] = weights.get(key, 0.0) + sum(len(w.text) for w in line.words)
    found: list[tuple[float, float, list[float]]] = []  # (letters, size, estimates)
    left = sorted(weights)
    while left:
        totals = list(itertools.accumulate((weights[s] for s in left), initial=0.0))
        ranges = [_within(left, s, SIZE_NOISE / 2) for s in left]
        peak = max(range(len(left)),
                   key=lambda k: (totals[ranges[k][1]] - totals[ranges[k][0]], left[k]))
        start, end = ranges[peak]
        size = _weighted_median([(s, weights[s]) for s in left[start:end]])
        start, end = _within(left, size, SIZE_NOISE / 2)
        start, end = min(start, ranges[peak][0]), max(end, ranges[peak][1])
        found.append((totals[end] - totals[start], size, left[start:end]))
        del left[start:end]
    settled: dict[float, float] = {}
    kept: list[float] = []  # sizes, those of more lines first
    for _letters, size, estimates in sorted(found, key=lambda f: -f[0]):
        home = next((k for k in kept if abs(size - k) <= SIZE_NOISE * k), None)
        if home is None:
            kept.append(size)
        for estimate in estimates:
            settled[estimate] = round(home or size, 1)
    for line in lines:
        line.size = settled[round(line.size, 1)]


def _within(sizes: list[float], size: float, share: float) -> tuple[int, int]:
    """The range of ``sizes`` (sorted) within ``share`` of ``size``."""
    return (bisect.bisect_left(sizes, size * (1 - share) - 1e-9),
            bisect.bisect_right(sizes, size * (1 + share) + 1e-9))


def _weighted_median(values: list[tuple[float, float]]) -> float:
    """The median of (value, weight) pairs."""
    ordered = sorted(values)
    half = sum(w for _, w in ordered) / 2
    total = 0.0
    for value, weight in ordered:
        total += weight
        if total >= half:
            return value
    return ordered[-1][0]


# --------------------------------------------------------------------------- segments


def segments_of(lines: list[_Line], page: int) -> list[Segment]:
    """Segments from read lines: boxed round their baselines as a text layer's are, split
    at wide gaps as a text layer's are (not after a bullet)."""
    segments: list[Segment] = []
    for line in lines:
        top = line.baseline - BOX_ASCENT * line.size
        bottom = line.baseline + BOX_DESCENT * line.size
        texts = [w.text for w in line.words]
        pieces: list[list[int]] = [[0]]
        for k in range(1, len(line.words)):
            gap = line.words[k].x0 - line.words[k - 1].x1
            current = " ".join(texts[i] for i in pieces[-1])
            if gap > SEGMENT_GAP_RATIO * line.size and not _is_bullet(current):
                pieces.append([])
            pieces[-1].append(k)
        for piece in pieces:
            words = [line.words[i] for i in piece]
            segments.append(Segment(
                page=page, text=" ".join(texts[i] for i in piece),
                x0=min(w.x0 for w in words), top=top, x1=max(w.x1 for w in words),
                bottom=bottom, size=line.size, bold=False))
    segments.sort(key=lambda s: (round(s.top, 0), s.x0))
    return segments
