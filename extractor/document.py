"""The document model for formats that state their structure (Word documents, web pages).

A PDF's layout is worked out from where its text sits (``extractor.layout``). A Word
document or a web page says what each block is: a heading and its level, a paragraph, a
list entry with its level, a table's rows and cells, a box, running headers and footers,
footnotes. Its reader tells a ``DocumentBuilder`` those blocks in reading order, and the
builder gives each the place the item finder reads on a page: one block per line with a
paragraph's gap between blocks, list entries indented by level, a table's cells side by
side in columns, a box's lines marked as in one box. The pages are virtual (the format has
none): a new one starts when a page is full, never inside a table, so that what reads "the
first pages" or "the last pages" of a report finds the same text it would in its PDF.

Each line keeps its ``Location``: the headings it sits under and its paragraph's index
among the document's blocks, which is how an item is found again in a file without pages.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from extractor.layout import Layout, Line
from extractor.text import normalise_text

BODY_SIZE = 11.0
# Heading sizes by level (1 largest); deeper levels take the last.
HEADING_SIZES = (20.0, 16.0, 13.5, 12.5)
PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0
MARGIN = 72.0
INDENT = 18.0
LINE_HEIGHT = 14.0
# Wider than any gap between the lines of one paragraph: every block starts afresh.
BLOCK_GAP = 20.0
# Width of a character of body text, in ems (about Helvetica's average): what a block's text
# would take wrapped to the page, so that a virtual page holds about what a printed one does.
CHAR_WIDTH = 0.5

Colour = tuple[int, int, int]
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Location:
    """Where a block is in a document without pages: the headings above it (outermost
    first) and its index among the document's blocks (0-based)."""

    headings: tuple[str, ...]
    paragraph: int

    def to_dict(self) -> dict:
        return {"headings": list(self.headings), "paragraph": self.paragraph}


@dataclass(frozen=True)
class Cell:
    """A table cell: its paragraphs and its fill colour when shaded."""

    paragraphs: tuple[str, ...]
    fill: Colour | None = None


def clean(text: str) -> str:
    """A block's text on one line, as the PDF reader gives it: straight quotes, plain
    dashes, ligatures expanded, soft hyphens dropped and runs of white space (line breaks,
    tabs, no-break spaces) as one space."""
    return normalise_text(_SPACE.sub(" ", text.replace("\u00ad", "")))


class DocumentBuilder:
    """Blocks in reading order, laid out as the item finder's lines (``build``)."""

    def __init__(self) -> None:
        self._lines: list[Line] = []
        self._page = 1
        self._top = MARGIN
        self._heights: dict[int, float] = {}
        self._headings: list[tuple[int, str]] = []
        self._paragraph = 0
        self._boxes = 0
        self._box: tuple[int, int] | None = None
        self._fills: dict[int, list[tuple[float, float, float, float, Colour]]] = {}
        self.removed: Counter = Counter()
        self.running: list[str] = []
        self.footnotes: list[str] = []

    # ------------------------------------------------------------------ blocks

    def heading(self, text: str, level: int) -> None:
        """A heading at ``level`` (1 the largest); it opens a part of the heading path."""
        text = clean(text)
        if not text:
            return
        level = max(1, level)
        self._headings = [(lv, t) for lv, t in self._headings if lv < level]
        size = HEADING_SIZES[min(level, len(HEADING_SIZES)) - 1]
        self._add(text, size=size, bold=True, heading=level)
        self._headings.append((level, text))

    def paragraph(self, text: str, bold: bool = False, indent: int = 0) -> None:
        """A paragraph of body text (all bold when ``bold``)."""
        text = clean(text)
        if text:
            self._add(text, bold=bold, x0=MARGIN + INDENT * indent)

    def entry(self, text: str, level: int = 0, marker: str = "\u2022") -> None:
        """A list entry at ``level`` (0 outermost) shown with its ``marker`` ("•", "1.",
        "(a)"); an empty marker makes it a paragraph indented to its level."""
        text = clean(text)
        if not text:
            return
        marker = clean(marker)
        self._add(f"{marker} {text}" if marker else text, x0=MARGIN + INDENT * (level + 1))

    def table(self, rows: Sequence[Sequence[Cell]]) -> None:
        """A table, row by row: each cell in its column, a cell's paragraphs one under
        another, a shaded cell's colour kept for what reads a status from it."""
        rows = [row for row in rows if any(any(clean(p) for p in c.paragraphs) for c in row)]
        if not rows:
            return
        columns = max(len(row) for row in rows)
        if columns == 1:  # a one-cell table is a box round its text
            with self.box():
                for row in rows:
                    for paragraph in row[0].paragraphs:
                        self.paragraph(paragraph)
            return
        width = (PAGE_WIDTH - 2 * MARGIN) / columns
        for row in rows:
            texts = [[clean(p) for p in cell.paragraphs if clean(p)] for cell in row]
            depth = max(1, *(len(t) for t in texts))
            self._make_room(depth * LINE_HEIGHT)
            top = self._top
            index = self._index()
            for column, (cell, paragraphs) in enumerate(zip(row, texts, strict=True)):
                x0 = MARGIN + column * width
                for k, text in enumerate(paragraphs):
                    line_top = top + k * LINE_HEIGHT
                    self._lines.append(Line(
                        page=self._page, text=text, x0=x0 + 2, top=line_top,
                        x1=x0 + width - 4, bottom=line_top + BODY_SIZE + 1, size=BODY_SIZE,
                        bold=False, box=self._box, table=True, row_cells=len(row),
                        location=index))
                if cell.fill is not None:
                    self._fills.setdefault(self._page, []).append(
                        (x0, top - 2, x0 + width, top + depth * LINE_HEIGHT, cell.fill))
            self._top = top + depth * LINE_HEIGHT + 4
        self._top += BLOCK_GAP

    @contextmanager
    def box(self) -> Iterator[None]:
        """The blocks added inside are in one box (a text box, a shaded panel)."""
        if self._box is not None:  # a box inside a box is the same box
            yield
            return
        self._boxes += 1
        self._box = (self._page, self._boxes)
        try:
            yield
        finally:
            self._box = None

    def running_line(self, text: str) -> None:
        """A running header or footer: kept apart, never body text."""
        if clean(text):
            self.running.append(clean(text))
            self.removed["running"] += 1

    def footnote(self, text: str) -> None:
        """A footnote or endnote: kept apart, never body text."""
        if clean(text):
            self.footnotes.append(clean(text))
            self.removed["footnote"] += 1

    def page_break(self) -> None:
        """A break the document asks for: the next block starts a new virtual page."""
        if self._top > MARGIN:
            self._new_page()

    @property
    def blocks(self) -> int:
        """How many blocks have been added."""
        return self._paragraph

    # ------------------------------------------------------------------ result

    def build(self) -> Layout:
        """The lines of every block, as the item finder reads them."""
        self._heights[self._page] = max(PAGE_HEIGHT, self._top + MARGIN)
        pages = self._page if self._lines else 0
        return Layout(list(self._lines), BODY_SIZE, pages, dict(self._heights),
                      Counter(self.removed), {p: list(f) for p, f in self._fills.items()},
                      paged=False)

    # ------------------------------------------------------------------ placing

    def _index(self) -> Location:
        location = Location(tuple(t for _lv, t in self._headings), self._paragraph)
        self._paragraph += 1
        return location

    def _add(self, text: str, size: float = BODY_SIZE, bold: bool = False, heading: int = 0,
             x0: float = MARGIN) -> None:
        # The block takes the height its text would wrapped to the page's width: the item
        # finder reads "a page later" as far, as it would in the printed document.
        wrapped = max(1, math.ceil(len(text) * CHAR_WIDTH * size / (PAGE_WIDTH - MARGIN - x0)))
        height = size + 1 + (wrapped - 1) * LINE_HEIGHT
        self._make_room(height)
        top = self._top
        self._lines.append(Line(
            page=self._page, text=text, x0=x0, top=top, x1=PAGE_WIDTH - MARGIN,
            bottom=top + size + 1, size=size, bold=bold, box=self._box, heading=heading,
            location=self._index()))
        self._top = top + height + BLOCK_GAP

    def _make_room(self, height: float) -> None:
        if self._top + height > PAGE_HEIGHT - MARGIN and self._top > MARGIN:
            self._new_page()

    def _new_page(self) -> None:
        self._heights[self._page] = max(PAGE_HEIGHT, self._top + MARGIN)
        self._page += 1
        self._top = MARGIN
        if self._box is not None:  # a box running over a page break goes on as one box
            self._box = (self._page, self._box[1])
