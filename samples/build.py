"""Build the sample report PDFs in this directory.

Usage::

    .venv/bin/python samples/build.py            # writes samples/*.pdf (and the .docx sources)
    .venv/bin/python samples/build.py --only peel_northmoor --outdir /tmp/out

Every sample is written with reportlab (``invariant=1``, so the output is byte-stable),
either by the small line-by-line layout engine below or by reportlab's flowing-text engine
(platypus), except two that are written as Word documents with python-docx and converted to
PDF by LibreOffice. The hand-written ``<name>.expected.json`` files beside the PDFs are the truth
the extractor is scored against; this script never writes them.

``build_long_report`` writes a long report in the same style for the speed benchmark.

Text markup used in the sample content below:

* ``**bold**`` and ``__italic__`` runs;
* ``{fn:Footnote text.}`` puts a raised footnote marker on the preceding word and the
  footnote text at the bottom of the page where that line lands;
* ``~`` inside a word is a soft hyphen: a place where the word may be split over a line
  end (printed as ``-``); a real hyphen is also a place where a line may break.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import reportlab
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

HERE = Path(__file__).resolve().parent
SOFT = "~"
INSPECTORATE = "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services"


def _register_vera() -> None:
    """Register the Bitstream Vera TrueType fonts that ship with reportlab (they have ligatures)."""
    if "Vera" in pdfmetrics.getRegisteredFontNames():
        return
    font_dir = Path(reportlab.__file__).parent / "fonts"
    for name, file in (("Vera", "Vera.ttf"), ("VeraBd", "VeraBd.ttf"), ("VeraIt", "VeraIt.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(font_dir / file)))


# --------------------------------------------------------------------------------------
# A small page-layout engine: blocks -> lines -> pages, drawn on a reportlab canvas.
# --------------------------------------------------------------------------------------


@dataclass
class Theme:
    """The look of one report: fonts, sizes, margins, running header and footer."""

    font: str = "Helvetica"
    bold: str = "Helvetica-Bold"
    italic: str = "Helvetica-Oblique"
    size: float = 10.5
    leading: float = 14.5
    para_gap: float = 7.0
    h_sizes: tuple[float, float, float] = (19.0, 13.5, 11.5)
    h_color: str = "#1d3557"
    accent: str = "#1d3557"
    box_fill: str = "#e4edf6"
    table_head_fill: str = "#d5e1ee"
    margin_x: float = 64.0
    margin_top: float = 72.0
    margin_bottom: float = 70.0
    columns: int = 1
    gutter: float = 20.0
    justify: bool = False
    ligatures: bool = False
    fn_size: float = 7.5
    header: str = ""
    # Running header on even physical pages; None: the same as ``header``.
    header_even: str | None = None
    footer_left: str = ""
    folio_format: str = "{n}"
    folio_align: str = "right"
    # Printed folio = physical page - folio_offset; pages at or before the offset carry none.
    folio_offset: int = 0
    page_size: tuple[float, float] = A4
    # Width kept free on the right of the body for pull quotes (``aside``), gutter included.
    sidebar: float = 0.0
    aside_size: float = 15.0
    aside_color: str = "#6b2d5c"

    @property
    def page_w(self) -> float:
        return self.page_size[0]

    @property
    def page_h(self) -> float:
        return self.page_size[1]

    @property
    def text_width(self) -> float:
        return self.page_w - 2 * self.margin_x - self.sidebar

    @property
    def col_width(self) -> float:
        return (self.text_width - (self.columns - 1) * self.gutter) / self.columns


@dataclass
class Run:
    text: str
    font: str
    size: float
    rise: float = 0.0
    color: str | None = None

    def width(self) -> float:
        return pdfmetrics.stringWidth(self.text.replace(SOFT, ""), self.font, self.size)


@dataclass
class Word:
    runs: list[Run]
    notes: list[tuple[int, str]] = field(default_factory=list)

    def width(self) -> float:
        return sum(r.width() for r in self.runs)

    def plain(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Box:
    """A shaded box behind a run of lines."""

    fill: str
    pad: float = 8.0


@dataclass
class Line:
    """One unit the paginator places: a line of text, a table, a spacer or a page break."""

    height: float
    before: float = 0.0
    words: list[Word] | None = None
    indent: float = 0.0
    label: Run | None = None
    label_indent: float = 0.0
    justify: bool = False
    color: str | None = None
    notes: list[tuple[int, str]] = field(default_factory=list)
    keep: int = 0
    box: Box | None = None
    span: bool = False
    tag: str | None = None
    key: str | None = None
    outline: tuple[str, int, str] | None = None
    draw: Callable[[Canvas, float, float, float], None] | None = None
    page_break: bool = False
    aside: str | None = None


@dataclass
class Placed:
    line: Line
    x: float
    top: float
    width: float


class Doc:
    """A report being laid out. Add blocks in reading order, then ``save``."""

    def __init__(self, theme: Theme, title: str) -> None:
        self.t = theme
        self.title = title
        self.lines: list[Line] = []
        self.cover_draw: Callable[[Canvas], None] | None = None
        self.fn_counter = 0
        self.splits: list[str] = []
        self.heading_pages: dict[str, int] = {}
        self.tag_pages: dict[str, list[int]] = {}
        self._box: Box | None = None
        self._heading_keys = 0
        self.pages: list[list[Placed]] = []
        self.page_notes: list[list[tuple[int, str]]] = []
        self._note_cache: dict[tuple[int, str], list[list[Word]]] = {}

    # ---- text -> words ---------------------------------------------------------------

    def words(self, text: str, font: str, bold: str, italic: str, size: float) -> list[Word]:
        """Parse the markup of one paragraph into words (see the module docstring)."""
        out: list[Word] = []
        is_bold = is_italic = False
        glue = False  # the next text continues the previous word (no space between)
        pos = 0
        while pos < len(text):
            if text.startswith("**", pos):
                is_bold, pos = not is_bold, pos + 2
                continue
            if text.startswith("__", pos):
                is_italic, pos = not is_italic, pos + 2
                continue
            if text.startswith("{fn:", pos):
                end = text.index("}", pos)
                self.fn_counter += 1
                n = self.fn_counter
                marker = Run(str(n), font, size * 0.62, rise=size * 0.36)
                out[-1].runs.append(marker)
                out[-1].notes.append((n, text[pos + 4 : end]))
                pos = end + 1
                glue = True
                continue
            ch = text[pos]
            if ch.isspace():
                glue = False
                pos += 1
                continue
            end = pos
            while end < len(text) and not text[end].isspace() and not (
                text.startswith("**", end) or text.startswith("__", end)
                or text.startswith("{fn:", end)
            ):
                end += 1
            piece = text[pos:end]
            if self.t.ligatures:
                piece = piece.replace("fi", "\ufb01").replace("fl", "\ufb02")
            f = bold if is_bold else italic if is_italic else font
            run = Run(piece, f, size)
            if glue and out:
                out[-1].runs.append(run)
            else:
                out.append(Word([run]))
            glue = True
            pos = end
        return out

    def _split(self, word: Word, room: float) -> tuple[Word, Word] | None:
        """Split a word over a line end at a soft hyphen or after a real hyphen."""
        first = word.runs[0]
        text = first.text
        best = None
        for i in range(2, len(text) - 2):
            if text[i] == SOFT:
                pre, post = text[:i] + "-", text[i + 1 :]
            elif text[i - 1] == "-" and text[i].isalpha() and text[i - 2].isalpha():
                pre, post = text[:i], text[i:]
            else:
                continue
            if pdfmetrics.stringWidth(pre.replace(SOFT, ""), first.font, first.size) <= room:
                best = (pre, post)
        if best is None:
            return None
        pre, post = best
        self.splits.append(pre.replace(SOFT, "") + "|" + post.replace(SOFT, ""))
        head = Word([Run(pre, first.font, first.size, first.rise, first.color)])
        tail = Word([Run(post, first.font, first.size, first.rise, first.color), *word.runs[1:]],
                    word.notes)
        return head, tail

    def _wrap(self, words: list[Word], width: float, first: float, rest: float,
              space: float) -> list[list[Word]]:
        lines: list[list[Word]] = []
        cur: list[Word] = []
        cur_w = 0.0
        avail = width - first
        queue = list(words)
        while queue:
            w = queue.pop(0)
            ww = w.width()
            need = ww if not cur else cur_w + space + ww
            if need <= avail:
                cur.append(w)
                cur_w = need
                continue
            parts = self._split(w, avail - (cur_w + space if cur else 0))
            if parts:
                cur.append(parts[0])
                queue.insert(0, parts[1])
            elif not cur:
                cur.append(w)
            else:
                queue.insert(0, w)
            lines.append(cur)
            cur, cur_w, avail = [], 0.0, width - rest
        if cur:
            lines.append(cur)
        return lines

    # ---- blocks ----------------------------------------------------------------------

    def _width(self, span: bool) -> float:
        w = self.t.text_width if span or self.t.columns == 1 else self.t.col_width
        if self._box is not None:
            w -= 2 * self._box.pad
        return w

    def para(self, text: str, *, size: float | None = None, font: str | None = None,
             bold: str | None = None, italic: str | None = None, leading: float | None = None,
             before: float | None = None, indent: float = 0.0, label: str | None = None,
             label_indent: float = 0.0, keep: int = 0, span: bool = False,
             color: str | None = None, tag: str | None = None,
             outline: tuple[str, int] | None = None, justify: bool | None = None,
             key: str | None = None, aside: str | None = None) -> None:
        """Add a paragraph (optionally with a hanging label such as a bullet).

        ``aside`` is a pull quote printed in the sidebar beside the paragraph's first line.
        """
        t = self.t
        size = size or t.size
        font = font or t.font
        leading = leading or (t.leading * size / t.size)
        words = self.words(text, font, bold or t.bold, italic or t.italic, size)
        space = pdfmetrics.stringWidth(" ", font, size)
        wrapped = self._wrap(words, self._width(span), indent, indent, space)
        justify = t.justify if justify is None else justify
        for i, ws in enumerate(wrapped):
            line = Line(
                height=leading,
                before=(t.para_gap if before is None else before) if i == 0 else 0.0,
                words=ws,
                indent=indent,
                justify=justify and i < len(wrapped) - 1,
                color=color,
                notes=[n for w in ws for n in w.notes],
                keep=keep,
                box=self._box,
                span=span,
                tag=tag,
            )
            if i == 0 and label is not None:
                line.label = Run(label, font, size)
                line.label_indent = label_indent
            if i == 0:
                line.key = key
                line.aside = aside
                if outline is not None and key is not None:
                    line.outline = (outline[0], outline[1], key)
            self.lines.append(line)

    def heading(self, text: str, level: int = 1, *, outline: bool = True,
                span: bool | None = None, before: float | None = None, keep: int = 2,
                tag: str | None = None) -> str:
        """Add a heading; returns its key (for contents entries)."""
        t = self.t
        size = t.h_sizes[level - 1]
        if span is None:
            span = t.columns > 1 and level <= 2
        if before is None:
            before = {1: 20.0, 2: 14.0, 3: 12.0}[level]
        self._heading_keys += 1
        key = f"h{self._heading_keys}"
        # Every line of a multi-line heading stays with the lines that follow it.
        self.para(text, size=size, font=t.bold, bold=t.bold, leading=size * 1.3, before=before,
                  keep=keep, span=span, color=t.h_color, tag=tag,
                  outline=(text, level) if outline else None, justify=False, key=key)
        return key

    def bullets(self, items: Iterable[str], *, labels: Iterable[str] | None = None,
                indent: float = 18.0, gap: float = 3.0, tag: str | None = None,
                **kw: object) -> None:
        """Add a bulleted (or a), b) ...) list; each entry is a paragraph with a hanging label."""
        items = list(items)
        labels = list(labels) if labels is not None else ["\u2022"] * len(items)
        for label, item in zip(labels, items, strict=True):
            self.para(item, indent=indent, label=label, label_indent=indent * 0.3, before=gap,
                      tag=tag, **kw)  # type: ignore[arg-type]

    def spacer(self, h: float) -> None:
        self.lines.append(Line(height=h, box=self._box))

    def page_break(self) -> None:
        self.lines.append(Line(height=0, page_break=True))

    def box_start(self, fill: str | None = None) -> None:
        """Start a shaded box: the blocks added until ``box_end`` are drawn inside it."""
        self.spacer(8)
        self._box = Box(fill or self.t.box_fill)
        self.spacer(self._box.pad)

    def box_end(self) -> None:
        self.spacer(self._box.pad if self._box else 0)
        self._box = None
        self.spacer(4)

    def table(self, rows: list[list[str]], fractions: list[float], *, size: float | None = None,
              header: bool = True, bold_first: bool = False, fills: dict[str, str] | None = None,
              before: float = 10.0, span: bool = True) -> None:
        """Add a ruled table (kept whole on one page)."""
        t = self.t
        size = size or t.size - 1
        lead = size * 1.3
        pad = 4.0
        width = self._width(span)
        widths = [f * width for f in fractions]
        cells: list[list[list[str]]] = []
        heights: list[float] = []
        for r, row in enumerate(rows):
            wrapped_row = []
            for c, text in enumerate(row):
                f = t.bold if (header and r == 0) or (bold_first and c == 0) else t.font
                ws = self.words(text, f, t.bold, t.italic, size)
                space = pdfmetrics.stringWidth(" ", f, size)
                lines = self._wrap(ws, widths[c] - 2 * pad, 0, 0, space)
                wrapped_row.append([" ".join(w.plain() for w in ln) for ln in lines])
                wrapped_row[-1] = wrapped_row[-1] or [""]
            cells.append(wrapped_row)
            heights.append(max(len(x) for x in wrapped_row) * lead + 2 * pad)
        fills = fills or {}

        def draw(c: Canvas, x: float, top: float, _w: float) -> None:
            y = top
            for r, row in enumerate(cells):
                h = heights[r]
                cx = x
                for col, lines in enumerate(row):
                    fill = t.table_head_fill if header and r == 0 else fills.get(rows[r][col])
                    if fill:
                        c.setFillColor(HexColor(fill))
                        c.rect(cx, y - h, widths[col], h, stroke=0, fill=1)
                    c.setFillColor(HexColor("#000000"))
                    bold = (header and r == 0) or (bold_first and col == 0)
                    c.setFont(t.bold if bold else t.font, size)
                    for i, text in enumerate(lines):
                        c.drawString(cx + pad, y - pad - size - i * lead + 1, text)
                    cx += widths[col]
                y -= h
            c.setStrokeColor(HexColor("#6b7b8c"))
            c.setLineWidth(0.6)
            y = top
            for h in [0.0, *heights]:
                y -= h
                c.line(x, y, x + sum(widths), y)
            cx = x
            for w in [0.0, *widths]:
                cx += w
                c.line(cx, top, cx, top - sum(heights))

        self.lines.append(Line(height=sum(heights), before=before, draw=draw, span=span,
                               box=self._box))

    def contents(self, entries: list[tuple[str, str]], *, size: float | None = None) -> None:
        """Add contents entries: (printed text, heading key) with dotted leaders and folios."""
        t = self.t
        size = size or t.size
        for text, key in entries:
            def draw(c: Canvas, x: float, top: float, w: float, text: str = text,
                     key: str = key) -> None:
                folio = str(self.heading_pages[key] - t.folio_offset)
                y = top - size * 1.05
                c.setFillColor(HexColor("#000000"))
                c.setFont(t.font, size)
                c.drawString(x, y, text)
                c.drawRightString(x + w, y, folio)
                tw = pdfmetrics.stringWidth(text + " ", t.font, size)
                fw = pdfmetrics.stringWidth(" " + folio, t.font, size)
                dot = pdfmetrics.stringWidth(".", t.font, size)
                n = int((w - tw - fw) / dot)
                c.drawString(x + tw, y, "." * n)

            self.lines.append(Line(height=size * 1.9, draw=draw, span=True))

    # ---- pagination ------------------------------------------------------------------

    def _note_lines(self, note: tuple[int, str]) -> list[list[Word]]:
        t = self.t
        if note not in self._note_cache:
            ws = self.words(note[1], t.font, t.bold, t.italic, t.fn_size)
            space = pdfmetrics.stringWidth(" ", t.font, t.fn_size)
            self._note_cache[note] = self._wrap(ws, t.text_width, 12, 12, space)
        return self._note_cache[note]

    def _notes_height(self, notes: list[tuple[int, str]]) -> float:
        if not notes:
            return 0.0
        n = sum(len(self._note_lines(x)) for x in notes)
        return n * self.t.fn_size * 1.3 + 12

    def paginate(self) -> None:
        """Place every line on a page (columns, keep-with-next, footnote space)."""
        t = self.t
        self.pages = [[]]
        self.page_notes = [[]]
        top = t.page_h - t.margin_top
        self._y = top
        pending: list[Line] = []

        def new_page() -> None:
            self.pages.append([])
            self.page_notes.append([])
            self._y = top

        def flush() -> None:
            if pending:
                if t.columns == 1:
                    self._flow_single(pending, new_page)
                else:
                    self._flow_columns(pending, new_page)
                pending.clear()

        lines = self.lines
        for i, line in enumerate(lines):
            if line.page_break:
                flush()
                if self.pages[-1]:
                    new_page()
                continue
            if t.columns > 1 and line.span:
                flush()
                at_top = not self.pages[-1] or self._y == top
                need = self._group_height(lines, i, at_top)
                if self._y - need < t.margin_bottom and not at_top:
                    new_page()
                    at_top = True
                self._place(line, t.margin_x, t.text_width, at_top)
                continue
            pending.append(line)
        flush()
        self._record()

    def _group_height(self, lines: list[Line], i: int, at_top: bool) -> float:
        h = 0.0
        for j in range(i, min(len(lines), i + lines[i].keep + 1)):
            if lines[j].page_break:
                break
            h += lines[j].height + (0 if (j == i and at_top) else lines[j].before)
        return h

    def _place(self, line: Line, x: float, width: float, at_top: bool) -> None:
        if not at_top:
            self._y -= line.before
        self.pages[-1].append(Placed(line, x, self._y, width))
        self.page_notes[-1].extend(line.notes)
        self._y -= line.height

    def _flow_single(self, lines: list[Line], new_page: Callable[[], None]) -> None:
        t = self.t
        top = t.page_h - t.margin_top
        for i, line in enumerate(lines):
            at_top = self._y == top
            need = self._group_height(lines, i, at_top)
            notes = self.page_notes[-1] + line.notes
            if self._y - need < t.margin_bottom + self._notes_height(notes) and not at_top:
                new_page()
                at_top = True
            self._place(line, t.margin_x, t.text_width, at_top)

    def _fill(self, lines: list[Line], top: float, bottom: float
              ) -> tuple[list[list[tuple[Line, float]]], list[Line]]:
        """Fill the columns between top and bottom greedily; return columns and leftovers."""
        t = self.t
        cols: list[list[tuple[Line, float]]] = [[]]
        y = top
        i = 0
        while i < len(lines):
            line = lines[i]
            at_top = not cols[-1]
            need = self._group_height(lines, i, at_top)
            if y - need < bottom and not at_top:
                if len(cols) == t.columns:
                    return cols, lines[i:]
                cols.append([])
                y = top
                continue
            if not at_top:
                y -= line.before
            cols[-1].append((line, y))
            y -= line.height
            i += 1
        return cols, []

    def _flow_columns(self, lines: list[Line], new_page: Callable[[], None]) -> None:
        t = self.t
        if any(line.notes for line in lines):
            raise ValueError("footnotes are not supported in multi-column text")
        while lines:
            top = self._y
            cols, rest = self._fill(lines, top, t.margin_bottom)
            if not rest:
                # Balance the columns: the shortest height at which everything still fits.
                total = sum(x.height + x.before for x in lines)
                h = total / t.columns
                while True:
                    cols, rest = self._fill(lines, top, top - h)
                    if not rest:
                        break
                    h += 2.0
            lowest = top
            for c, col in enumerate(cols):
                x = t.margin_x + c * (t.col_width + t.gutter)
                for line, y in col:
                    self.pages[-1].append(Placed(line, x, y, t.col_width))
                    lowest = min(lowest, y - line.height)
            lines = rest
            if rest:
                new_page()
            else:
                self._y = lowest

    def _record(self) -> None:
        self.heading_pages.clear()
        self.tag_pages.clear()
        for p, placed in enumerate(self.pages):
            page_no = p + (2 if self.cover_draw else 1)
            for item in placed:
                if item.line.key:
                    self.heading_pages[item.line.key] = page_no
                if item.line.tag:
                    pages = self.tag_pages.setdefault(item.line.tag, [])
                    if page_no not in pages:
                        pages.append(page_no)

    # ---- drawing ---------------------------------------------------------------------

    def _draw_words(self, c: Canvas, line: Line, x: float, top: float, width: float) -> None:
        t = self.t
        words = line.words or []
        size = words[0].runs[0].size if words else t.size
        base = top - (line.height - size) / 2 - size * 0.82
        color = HexColor(line.color or "#000000")
        c.setFillColor(color)
        if line.label is not None:
            c.setFont(line.label.font, line.label.size)
            c.drawString(x + line.label_indent, base, line.label.text)
        to = c.beginText(x + line.indent, base)
        to.setFillColor(color)
        # Word spacing is part of the graphics state and outlives the text object, so it is
        # set on every line.
        word_space = 0.0
        if line.justify and len(words) > 1:
            natural = sum(w.width() for w in words)
            space = pdfmetrics.stringWidth(" ", words[0].runs[0].font, size)
            natural += space * (len(words) - 1)
            word_space = (width - line.indent - natural) / (len(words) - 1)
        to.setWordSpace(word_space)
        for k, w in enumerate(words):
            for r in w.runs:
                to.setFont(r.font, r.size)
                to.setRise(r.rise)
                to.textOut(r.text.replace(SOFT, ""))
            to.setRise(0)
            if k < len(words) - 1:
                to.setFont(w.runs[0].font, w.runs[0].size)
                to.textOut(" ")
        c.drawText(to)

    def _draw_boxes(self, c: Canvas, placed: list[Placed]) -> None:
        groups: list[list[Placed]] = []
        for item in placed:
            box = item.line.box
            if box is None:
                continue
            if groups and groups[-1][-1].line.box is box and groups[-1][-1].x == item.x:
                groups[-1].append(item)
            else:
                groups.append([item])
        for g in groups:
            box = g[0].line.box
            assert box is not None
            first, last = g[0], g[-1]
            # A box continued from the previous page starts with text, not with its padding.
            top = first.top + (box.pad * 0.7 if first.line.words or first.line.draw else 0)
            bottom = last.top - last.line.height
            if last.line.words or last.line.draw:
                bottom -= box.pad * 0.7
            c.setFillColor(HexColor(box.fill))
            c.rect(first.x, bottom, first.width, top - bottom, stroke=0, fill=1)

    def _draw_chrome(self, c: Canvas, page_no: int) -> None:
        t = self.t
        c.setFillColor(HexColor("#4a5560"))
        header = t.header_even if page_no % 2 == 0 and t.header_even is not None else t.header
        if header:
            c.setFont(t.font, 8)
            c.drawString(t.margin_x, t.page_h - 42, header)
            c.setStrokeColor(HexColor("#9aa7b4"))
            c.setLineWidth(0.4)
            c.line(t.margin_x, t.page_h - 48, t.page_w - t.margin_x, t.page_h - 48)
        c.setFont(t.font, 8.5)
        y = t.margin_bottom - 34
        if t.footer_left:
            c.drawString(t.margin_x, y, t.footer_left)
        if page_no > t.folio_offset:
            folio = t.folio_format.format(n=page_no - t.folio_offset)
            if t.folio_align == "center":
                c.drawCentredString(t.page_w / 2, y, folio)
            else:
                c.drawRightString(t.page_w - t.margin_x, y, folio)

    def _draw_notes(self, c: Canvas, notes: list[tuple[int, str]]) -> None:
        t = self.t
        if not notes:
            return
        lead = t.fn_size * 1.3
        y = t.margin_bottom + self._notes_height(notes) - 4
        c.setStrokeColor(HexColor("#000000"))
        c.setLineWidth(0.5)
        c.line(t.margin_x, y, t.margin_x + 110, y)
        y -= 4
        for note in notes:
            for i, ws in enumerate(self._note_lines(note)):
                line = Line(height=lead, words=ws, indent=12)
                if i == 0:
                    line.label = Run(str(note[0]), t.font, t.fn_size)
                self._draw_words(c, line, t.margin_x, y, t.text_width)
                y -= lead

    def _draw_aside(self, c: Canvas, top: float, text: str, notes_height: float) -> None:
        """Draw a pull quote in the sidebar: short lines of large italic text, then a rule."""
        t = self.t
        if not t.sidebar:
            raise ValueError(f"{self.title}: a pull quote needs a theme with a sidebar")
        gutter = 24.0
        x = t.page_w - t.margin_x - t.sidebar + gutter
        width = t.sidebar - gutter
        size = t.aside_size
        ws = self.words(text, t.italic, t.italic, t.italic, size)
        lines = self._wrap(ws, width, 0, 0, pdfmetrics.stringWidth(" ", t.italic, size))
        lead = size * 1.3
        if top - len(lines) * lead < t.margin_bottom + notes_height:
            raise AssertionError(f"{self.title}: pull quote {text[:30]!r} runs off the page")
        c.setStrokeColor(HexColor(t.aside_color))
        c.setLineWidth(1.2)
        c.line(x, top + 4, x + 40, top + 4)
        for i, ln in enumerate(lines):
            self._draw_words(c, Line(height=lead, words=ln, color=t.aside_color), x,
                             top - 4 - i * lead, width)

    def save(self, path: Path) -> None:
        """Lay out and write the PDF."""
        self.paginate()
        c = Canvas(str(path), pagesize=self.t.page_size, invariant=1, pageCompression=1)
        c.setTitle(self.title)
        c.setAuthor("HMICFRS")
        page_no = 1
        if self.cover_draw:
            self.cover_draw(c)
            c.showPage()
            page_no += 1
        last_level = -1
        for placed, notes in zip(self.pages, self.page_notes, strict=True):
            self._draw_chrome(c, page_no)
            self._draw_boxes(c, placed)
            asides: list[tuple[float, str]] = []
            for item in placed:
                line = item.line
                x = item.x + (line.box.pad if line.box else 0)
                width = item.width - (2 * line.box.pad if line.box else 0)
                if line.outline:
                    title, level, key = line.outline
                    level = min(level - 1, last_level + 1)
                    last_level = level
                    c.bookmarkPage(key, fit="XYZ", left=0, top=item.top + 12)
                    c.addOutlineEntry(title, key, level=level)
                if line.words:
                    self._draw_words(c, line, x, item.top, width)
                elif line.draw:
                    line.draw(c, x, item.top, width)
                if line.aside:
                    asides.append((item.top, line.aside))
            self._draw_notes(c, notes)
            # Pull quotes come last in the page's content, as a separate text frame would.
            for top, text in asides:
                self._draw_aside(c, top, text, self._notes_height(notes))
            c.showPage()
            page_no += 1
        if last_level >= 0:
            c.showOutline()
        c.save()

    # ---- checks used by the sample builders ------------------------------------------

    def require_split(self, joined: str) -> None:
        """Fail the build unless a word was split over a line end as ``pre|post``."""
        if joined not in self.splits:
            raise AssertionError(f"{self.title}: expected line-end split {joined!r}; "
                                 f"got {self.splits}")

    def require_pages(self, tag: str, pages: list[int]) -> None:
        """Fail the build unless the tagged block lies on exactly these physical pages."""
        got = self.tag_pages.get(tag)
        if got != pages:
            raise AssertionError(f"{self.title}: block {tag!r} on pages {got}, wanted {pages}")

    @property
    def page_count(self) -> int:
        return len(self.pages) + (1 if self.cover_draw else 0)


def cover(doc: Doc, title: str, published: str, *, kicker: str = "", band: str = "#1d3557",
          title_font: str = "Helvetica-Bold", title_size: float = 27.0,
          body_font: str = "Helvetica") -> None:
    """Give the document a cover page: coloured band, large title, publication line."""

    page_w, page_h = doc.t.page_size

    def draw(c: Canvas) -> None:
        c.setFillColor(HexColor(band))
        c.rect(0, page_h - 150, page_w, 150, stroke=0, fill=1)
        c.setFillColor(HexColor("#ffffff"))
        c.setFont(body_font, 10)
        c.drawString(56, page_h - 60, INSPECTORATE)
        y = page_h - 250
        if kicker:
            c.setFillColor(HexColor(band))
            c.setFont(body_font, 13)
            c.drawString(56, y + 42, kicker)
        c.setFillColor(HexColor("#111111"))
        c.setFont(title_font, title_size)
        words = title.split()
        line: list[str] = []
        rows: list[str] = []
        for w in words:
            if pdfmetrics.stringWidth(" ".join([*line, w]), title_font, title_size) > page_w - 112:
                rows.append(" ".join(line))
                line = []
            line.append(w)
        rows.append(" ".join(line))
        for row in rows:
            c.drawString(56, y, row)
            y -= title_size * 1.22
        c.setFont(body_font, 12)
        c.setFillColor(HexColor("#333333"))
        c.drawString(56, y - 30, published)

    doc.cover_draw = draw


# --------------------------------------------------------------------------------------
# The samples. Each builder writes <name>.pdf into outdir and checks its own layout
# assumptions (hyphenated splits, blocks over a page break) so a change cannot silently
# remove what the sample is there to cover.
# --------------------------------------------------------------------------------------


def thematic_exploitation(outdir: Path) -> Path:
    """National thematic: numbered recommendations, contents, footnotes, outline."""
    t = Theme(header="Hidden in plain sight: the criminal exploitation of children",
              footer_left="HMICFRS", size=10.5, leading=14.6)
    title = ("Hidden in plain sight: An inspection of the police response to the criminal "
             "exploitation of children")
    doc = Doc(t, title)
    cover(doc, title, "Published: 16 September 2025", kicker="National thematic inspection")

    doc.heading("Contents", outline=False)
    keys: dict[str, str] = {}
    entries = ["Foreword", "Summary", "1. Identifying children at risk",
               "2. Working with partner agencies", "3. Investigating exploitation",
               "4. Leadership and national coordination", "Annex A: About our inspection"]
    contents_at = len(doc.lines)
    doc.page_break()

    keys["Foreword"] = doc.heading("Foreword")
    doc.para(
        "Every year, thousands of children in England and Wales are drawn into crime by adults "
        "who see them as expendable. They carry drugs and cash between towns, store weapons for "
        "others and are made to recruit their friends. Too often, the first time the police "
        "notice them is when they are arrested.{fn:We use the term \u2018child\u2019 to mean "
        "anyone under the age of 18, in line with the Children Act 1989.}")
    doc.para(
        "This inspection looked at how well police forces identify children who are being "
        "criminally exploited, how they protect them, and how they pursue the adults "
        "responsible. We found committed officers and staff, and some promising local "
        "practice. But we also found that forces still treat many exploited children as "
        "offenders first and victims second, and that information about the adults who "
        "exploit them is not shared well enough between forces.")
    doc.para(
        "I am grateful to the children and families who spoke to us, and to the forces and "
        "partner agencies that gave us their time. Their experience has shaped every "
        "recommendation in this report.")
    doc.para("**Dr Helen Marlowe**", before=14)
    doc.para("His Majesty\u2019s Inspector of Constabulary", before=1)

    doc.heading("Summary", level=2, outline=True)
    keys["Summary"] = doc.lines[-1].key or ""
    doc.para(
        "We inspected eight police forces between October 2024 and March 2025. We reviewed 312 "
        "case files, interviewed more than 200 officers, staff and partners, and held focus "
        "groups with young people who had been exploited.{fn:Details of our methodology are "
        "in Annex A.}")
    doc.para(
        "Forces have improved their understanding of county lines drug supply since our last "
        "inspection. Most now have a dedicated team, and intelligence about the lines operating "
        "in their area is generally good. However, we found that this understanding did not "
        "extend to other forms of exploitation, such as children made to commit shoplifting, "
        "fraud or violence on behalf of others.")
    doc.para(
        "We make seven recommendations. They are set out in the chapters to which they relate, "
        "and they are directed at the Home Office, the Department for Education, the College of "
        "Policing, the National Crime Agency, the National Police Chiefs\u2019 Council, police "
        "and crime commissioners and chief constables.")

    doc.page_break()
    keys["1. Identifying children at risk"] = doc.heading("1. Identifying children at risk")
    doc.para(
        "Police forces cannot protect children they have not identified. We looked at how "
        "forces find children at risk, from the first call for service to the point at which "
        "the child is referred for support.")
    doc.heading("No shared definition", level=2, outline=False)
    doc.para(
        "There is no statutory definition of child criminal exploitation. Forces use different "
        "definitions, and some use none at all. As a result, the figures that forces gave us "
        "for the number of exploited children in their areas could not be compared. One force "
        "counted only children linked to county lines; another counted every child who had "
        "been reported missing more than three times in a year.{fn:Force data returns, "
        "collected in November 2024.}")
    doc.para(
        "Without a shared definition, forces cannot understand the scale of the problem, and "
        "national bodies cannot tell whether their policies are working.")
    doc.heading("Recommendation 1", level=3, outline=False)
    doc.para(
        "By 31 March 2026, the Home Office, the National Police Chiefs\u2019 Council and all "
        "chief constables should agree and adopt a single definition of child criminal "
        "exploitation,{fn:The definition should be consistent with the statutory guidance "
        "__Working Together to Safeguard Children__ (2023).} so that every force records, "
        "counts and shares information about exploited children in the same way.",
        before=4, tag="rec1")
    doc.heading("Children who go missing", level=2, outline=False)
    doc.para(
        "Going missing from home or care is one of the clearest signs that a child may be "
        "exploited. Return home interviews can give the police valuable information about "
        "where a child has been and who they were with. In the forces we inspected, these "
        "interviews were carried out by local authorities, but the information was passed to "
        "the police in only 41 percent of the cases we reviewed.")
    doc.para(
        "Officers told us that the guidance available to them on missing children says little "
        "about criminal exploitation, and that they rely on their own experience to spot the "
        "signs.")
    doc.heading("Recommendation 2", level=3, outline=False)
    doc.para(
        "By September 2026, the College of Policing should revise its authorised professional "
        "practice on missing children to include clear guidance on recognising the signs of "
        "criminal exploitation when a child returns home.", before=4, tag="rec2")

    doc.page_break()
    keys["2. Working with partner agencies"] = doc.heading("2. Working with partner agencies")
    doc.para(
        "No single agency can protect children from exploitation. Police forces work with "
        "local authorities, schools, health services and youth offending teams, usually "
        "through a multi-agency panel that meets to discuss children at risk.")
    doc.para(
        "We observed 14 panel meetings. The best were well chaired, focused on the child and "
        "ended with clear actions. In others, police representatives were not senior enough "
        "to agree to any action on behalf of their force, and decisions were deferred to the "
        "next meeting, a month later.")
    doc.para(
        "**Recommendation 3:** By the end of 2026, chief constables should make sure that the "
        "officers who represent their forces at child exploitation panels, and at the many other "
        "meetings where multi-agency decisions are made, have the training and the authority to "
        "commit police resources.", tag="rec3")
    doc.para(
        "Information sharing between agencies has improved. Most forces now have agreements in "
        "place with their local authorities, and officers were generally confident about what "
        "they could share. But we found that schools were often left out: in several areas, "
        "head teachers told us they learned that a pupil had been arrested only when the child "
        "stopped coming to school.")

    doc.page_break()
    keys["3. Investigating exploitation"] = doc.heading("3. Investigating exploitation")
    doc.para(
        "Children who are exploited are often made to commit crimes. The Modern Slavery Act "
        "2015 gives them a defence in some circumstances, and the National Referral Mechanism "
        "is the framework for identifying them as victims of modern slavery.{fn:The National "
        "Referral Mechanism is run by the Home Office. Since 2024, decisions about children "
        "have been made by local multi-agency panels in some areas.}")
    doc.para(
        "In 37 of the 112 cases we reviewed in which a child had been charged with a drug "
        "supply offence, there was evidence that the child may have been exploited. In only 9 "
        "of these cases had the child been referred to the National Referral Mechanism before "
        "the charging decision.")
    doc.heading("Recommendation 4", level=3, outline=False)
    doc.para("By 30 June 2026, chief constables should:", before=4, tag="rec4")
    doc.bullets([
        "make sure that every child arrested for an offence linked to county lines drug supply "
        "is assessed as a possible victim of exploitation before a charging decision is made;",
        "refer children who may be victims of exploitation to the National Referral Mechanism "
        "without delay, and record the reason whenever they decide not to; and",
        "review how intelligence about the adults who exploit children is held and used in "
        "their organi~sation, so that it can be passed on to other forces without delay.",
    ], tag="rec4")
    doc.heading("Diverting children away from crime", level=2, outline=False)
    doc.para(
        "All the forces we inspected funded or supported programmes to divert children away "
        "from exploitation, such as youth workers placed in custody suites and hospital "
        "emergency departments. Staff running these programmes were enthusiastic, and some "
        "children told us that the support had changed their lives.")
    doc.para(
        "But few of these programmes had been evaluated. Forces could not tell us which of "
        "them reduced the risk of a child being exploited again, and several had been "
        "stopped when short-term funding ended, regardless of whether they worked. Schools and "
        "local authorities were in the same position: they wanted to invest in what works, "
        "but had no reliable evidence to guide them.")
    doc.para(
        "We also found that the funding arrangements themselves made evaluation harder. Most "
        "programmes were paid for from one-year grants, which meant that providers spent much "
        "of each year preparing bids for the next, and few collected data about what happened "
        "to the children they had worked with after the support ended.")
    doc.para(
        "Several of the programme managers we spoke to said that they would welcome an "
        "independent evaluation. Without one, they found it hard to persuade commissioners to "
        "renew their funding, even when they believed that the programme was making a "
        "difference. One manager described the position as \u2018starting again every "
        "April\u2019. Others had tried to commission evaluations themselves, but found the cost "
        "too high for a single programme to bear.")
    doc.heading("Recommendation 5", level=3, outline=False)
    doc.para(
        "By 31 December 2026, the Department for Education and the Home Office should jointly "
        "commission an independent evaluation of the programmes that divert children away from "
        "criminal exploitation. The evaluation should establish which approaches reduce the "
        "risk of children being exploited again, and its findings should be published so that "
        "police forces, local authorities and schools can use them when they decide where to "
        "invest.", before=4, tag="rec5")
    doc.para(
        "Until such evidence is available, we encourage forces to record the outcomes for "
        "children who take part in diversion programmes.")
    doc.heading("Pursuing the adults who exploit children", level=2, outline=False)
    doc.para(
        "The adults who exploit children are rarely prosecuted for the exploitation itself. "
        "In the cases we reviewed, they were more often charged with drug supply offences, "
        "which do not reflect the harm done to the children involved. Investigators told us "
        "that building a case for a modern slavery offence took longer and needed evidence "
        "from children who were often too frightened to give it.")
    doc.para(
        "Some forces had begun to use evidence-led prosecutions, relying on telephone "
        "records, financial information and surveillance rather than on the testimony of the "
        "child. This approach is promising, and we would like to see it used more widely.")

    doc.page_break()
    keys["4. Leadership and national coordination"] = doc.heading(
        "4. Leadership and national coordination")
    doc.para(
        "Criminal exploitation does not respect force boundaries. The adults who run county "
        "lines move children hundreds of miles from home, and the same networks often "
        "exploit children in several force areas at once.")
    doc.para(
        "The National County Lines Coordination Centre has improved the sharing of "
        "intelligence about county lines. But there is no equivalent national picture of other "
        "forms of criminal exploitation, and no single body responsible for producing one.")
    doc.heading("Recommendation 6", level=3, outline=False)
    doc.para(
        "The National Crime Agency and the National Police Chiefs\u2019 Council lead for child "
        "protection should work together to produce a national assessment of the scale and "
        "nature of child criminal exploitation, and should update it every year.",
        before=4, tag="rec6")
    doc.para(
        "Police and crime commissioners commission many of the services that support victims "
        "of crime. We found that few of these services were designed for children, and fewer "
        "still for children who had been exploited.")
    doc.heading("Recommendation 7", level=3, outline=False)
    doc.para(
        "By 31 March 2027, police and crime commissioners should make sure that the services "
        "they commission for victims of crime include specialist support for children who "
        "have been criminally exploited.", before=4, tag="rec7")

    doc.page_break()
    keys["Annex A: About our inspection"] = doc.heading("Annex A: About our inspection")
    doc.para(
        "We carried out fieldwork in eight forces: Ashbourne Police, Eastfield Constabulary, "
        "Harrowgate Police, Kingsmere Police, Northmoor Police, Southdown Constabulary, "
        "Westmarch Police and Wyvern Constabulary. We chose them to reflect a range of sizes, "
        "geographies and levels of reported exploitation.")
    doc.para(
        "In each force we reviewed case files, interviewed officers and staff at every level, "
        "and spoke to partner agencies. An expert reference group, including academics and "
        "representatives of children\u2019s charities, advised us throughout.")
    doc.table([
        ["Activity", "Number"],
        ["Case files reviewed", "312"],
        ["Interviews and focus groups", "214"],
        ["Multi-agency panel meetings observed", "14"],
        ["Young people consulted", "38"],
    ], [0.7, 0.3], span=True)

    # The contents entries go after the heading "Contents" (their folios are resolved later).
    tail = doc.lines[contents_at:]
    del doc.lines[contents_at:]
    doc.contents([(e, keys[e]) for e in entries])
    doc.lines.extend(tail)

    path = outdir / "thematic_exploitation.pdf"
    doc.save(path)
    doc.require_split("organi-|sation,")
    doc.require_split("multi-|agency")
    doc.require_pages("rec5", [6, 7])
    return path


def peel_northmoor(outdir: Path) -> Path:
    """PEEL force report: graded-judgment table, AFIs under question areas, an AFI list."""
    t = Theme(font="Times-Roman", bold="Times-Bold", italic="Times-Italic", size=11,
              leading=14.5, para_gap=8, h_sizes=(18, 14, 12), h_color="#2b2b6e",
              justify=True, header="PEEL 2025: Northmoor Police", folio_align="center",
              folio_format="{n}", margin_x=70, table_head_fill="#d9d9ea")
    title = "PEEL 2025: An inspection of Northmoor Police"
    doc = Doc(t, title)
    cover(doc, title, "Published 5 June 2025", band="#2b2b6e", title_font="Times-Bold",
          title_size=30, body_font="Times-Roman", kicker="Police effectiveness, efficiency "
          "and legitimacy")

    doc.heading("Overall summary")
    doc.heading("Our judgments", level=2)
    doc.para(
        "Our inspection assessed how good Northmoor Police is in seven areas of policing. We "
        "make graded judgments in six of these seven, as follows:")
    grades = {"Outstanding": "#c6e0b4", "Good": "#dde9c9", "Adequate": "#f2efc7",
              "Requires improvement": "#f6dcc0", "Inadequate": "#f2c4c4"}
    doc.table([
        ["Area of policing", "Grade"],
        ["Preventing crime and antisocial behaviour", "Good"],
        ["Responding to the public", "Requires improvement"],
        ["Investigating crime", "Requires improvement"],
        ["Protecting vulnerable people", "Adequate"],
        ["Managing offenders and suspects", "Outstanding"],
        ["Leadership and force management", "Inadequate"],
        ["Developing a positive workplace", "No graded judgment"],
    ], [0.62, 0.38], size=10.5, fills=grades)
    doc.para(
        "We set out our detailed findings about things the force is doing well and where the "
        "force should improve in the rest of this report.", before=12)
    doc.heading("HM Inspector\u2019s observations", level=2)
    doc.para(
        "I am satisfied with some aspects of the performance of Northmoor Police, but there "
        "are areas in which the force needs to improve. The force has a strong record of "
        "preventing crime, and its work to manage the risk posed by registered sex offenders "
        "is among the best we have seen.")
    doc.para(
        "However, the force is not answering calls from the public quickly enough, and the "
        "quality of its investigations has declined since our last inspection. Many of the "
        "problems we found have a common cause: the force does not understand the demand it "
        "faces well enough to plan its workforce to meet it.")
    doc.para(
        "The chief constable and her team recognise these problems. They have a credible plan "
        "to address them, and we will monitor the force\u2019s progress closely.")

    doc.page_break()
    doc.heading("Preventing crime and antisocial behaviour")
    doc.para("**Good**", before=2, color="#2b2b6e")
    doc.para(
        "Northmoor Police is good at preventing crime and antisocial behaviour. "
        "Neighbourhood teams know their communities well, and they work with partner "
        "organisations to solve local problems. We saw good examples of officers using "
        "problem-solving methods to reduce repeat calls to the same addresses.")
    doc.para(
        "The force has protected the time of its neighbourhood officers. They are rarely taken "
        "away from their duties to cover other shifts, which allows them to build lasting "
        "relationships with residents and businesses.")

    doc.heading("Responding to the public")
    doc.para("**Requires improvement**", before=2, color="#2b2b6e")
    doc.para(
        "Northmoor Police requires improvement at responding to the public. The force "
        "answered only 71 percent of emergency calls within ten seconds in the year to March "
        "2025, well below the national standard of 90 percent. Callers to the non-emergency "
        "number waited an average of 14 minutes, and one in five abandoned their call.")
    doc.para(
        "Call handlers did not always assess the risk to callers in a structured way. In 23 "
        "of the 90 calls we reviewed, there was no record that the call handler had "
        "identified whether the caller was vulnerable or had been a victim before.")
    doc.heading("Area for improvement 1", level=3, outline=False)
    doc.para(
        "The force should make sure that it answers emergency and non-emergency calls "
        "promptly, in line with national standards, and that its call handlers use a "
        "structured risk assessment for every call.", before=3)
    doc.para(
        "Once a call has been answered, the force generally attends incidents quickly. Its "
        "response times for emergency incidents are in line with its own targets in both "
        "urban and rural areas.")

    doc.page_break()
    doc.heading("Investigating crime")
    doc.para("**Requires improvement**", before=2, color="#2b2b6e")
    doc.para(
        "Northmoor Police requires improvement at investigating crime. We reviewed 100 "
        "investigations. Most were carried out by officers who were committed to getting the "
        "best outcome for victims, but many lacked a clear plan, and supervisors did not "
        "review them often enough. Some investigations had not been reviewed for months.")
    doc.heading("Area for improvement 1", level=3, outline=False)
    doc.para(
        "The force should improve the supervision of investigations, so that every "
        "investigation has a plan that is set, recorded and regularly reviewed by a "
        "supervisor.", before=3)
    doc.para(
        "When victims withdrew their support for an investigation, officers did not always "
        "record why. In several cases, there was enough evidence to consider prosecuting the "
        "suspect without the victim\u2019s support, but this had not been considered.")
    doc.heading("Area for improvement 2", level=3, outline=False)
    doc.para(
        "The force should make sure that, when a victim withdraws their support for an "
        "investigation, the reasons are recorded and an evidence-led prosecution is "
        "considered.", before=3)

    doc.heading("Protecting vulnerable people")
    doc.para("**Adequate**", before=2, color="#2b2b6e")
    doc.para(
        "Northmoor Police is adequate at protecting vulnerable people. Officers recognise "
        "vulnerability well and make appropriate referrals to partner agencies. The force\u2019s "
        "multi-agency safeguarding hub works effectively, and referrals are assessed promptly.")
    doc.para(
        "But officers did not complete a domestic abuse risk assessment in 12 of the 60 "
        "domestic abuse cases we reviewed, and where assessments had been completed, "
        "supervisors had not always checked them.")
    doc.heading("Area for improvement 1", level=3, outline=False)
    doc.para(
        "The force should make sure that officers complete a risk assessment at every domestic "
        "abuse incident they attend, and that supervisors review these assessments promptly.",
        before=3)

    doc.page_break()
    doc.heading("Managing offenders and suspects")
    doc.para("**Outstanding**", before=2, color="#2b2b6e")
    doc.para(
        "Northmoor Police is outstanding at managing offenders and suspects. Its management of "
        "registered sex offenders is exemplary: every offender had an up-to-date risk "
        "assessment, and visits were carried out on time. The force makes effective use of "
        "ancillary orders to restrict the activities of offenders who pose the highest risk.")

    doc.heading("Leadership and force management")
    doc.para("**Inadequate**", before=2, color="#2b2b6e")
    doc.para(
        "Northmoor Police is inadequate at leadership and force management. The force does "
        "not understand its current and future demand well enough. It does not have a "
        "workforce plan, and it cannot show how the savings it plans to make will affect its "
        "services to the public. Its performance framework measures activity rather than "
        "outcomes, and leaders told us that meetings to review performance rarely led to "
        "action.")
    doc.heading("Areas for improvement", level=3, outline=False)
    doc.bullets([
        "The force should develop a workforce plan that matches its future demand with the "
        "skills and capacity that it needs.",
        "The force should make sure that its change programme has clear measures of benefit, "
        "so that it can tell whether the savings it has planned have been achieved.",
        "The force should improve how it uses data to understand demand, and make sure that "
        "its performance framework helps leaders to hold managers to account.",
    ], gap=5)

    doc.heading("Developing a positive workplace")
    doc.para("**No graded judgment**", before=2, color="#2b2b6e")
    doc.para(
        "We did not make a graded judgment in this area. The workforce told us that they "
        "felt valued, and the force has made improvements to its wellbeing support since our "
        "last inspection. It has also improved its processes for dealing with grievances, "
        "which are now resolved more quickly.")
    doc.para(
        "The force has worked hard to recruit a workforce that reflects its communities, and "
        "the proportion of officers from ethnic minority backgrounds has risen in each of the "
        "last three years.")

    path = outdir / "peel_northmoor.pdf"
    doc.save(path)
    return path


def custody_eastfield(outdir: Path) -> Path:
    """Force report: causes of concern followed by their recommendations; immediate effect."""
    t = Theme(font="Times-Roman", bold="Times-Bold", italic="Times-Italic", size=10,
              leading=13, para_gap=6, h_sizes=(17, 13, 11), h_color="#004d40",
              header="Eastfield Constabulary: police custody inspection",
              folio_format="Page {n}", folio_align="center", margin_x=58, margin_top=66)
    title = ("Report on an unannounced inspection visit to police custody suites in Eastfield "
             "Constabulary")
    doc = Doc(t, title)
    cover(doc, title, "Published: 11 March 2025", band="#004d40", title_font="Times-Bold",
          title_size=25, body_font="Times-Roman", kicker="Joint inspection of police custody")

    doc.heading("Introduction")
    doc.para(
        "This report is one in a series of inspections of police custody carried out jointly "
        "by His Majesty\u2019s Inspectorate of Constabulary and Fire & Rescue Services and His "
        "Majesty\u2019s Inspectorate of Prisons. These inspections form part of the joint work "
        "programme of the two inspectorates and contribute to the United Kingdom\u2019s response "
        "to its international obligations to ensure regular and independent inspection of all "
        "places of detention.{fn:The Optional Protocol to the United Nations Convention "
        "against Torture and other Cruel, Inhuman or Degrading Treatment or Punishment.}")
    doc.para(
        "We visited the force\u2019s three custody suites, at Eastfield Central, Harbourside and "
        "Millbrook, over two weeks in October 2024. Together they hold about 11,000 detainees "
        "each year.")
    doc.heading("Summary", level=2)
    doc.para(
        "Custody staff were courteous and treated detainees with respect. Booking-in was "
        "generally thorough, and detainees\u2019 legal rights were explained clearly. However, "
        "we found serious weaknesses in the way the force managed risk to detainees and in "
        "the healthcare available to them.")
    doc.para(
        "We have identified two causes of concern, each with recommendations, and two areas "
        "for improvement. We will ask the force to tell us how it plans to respond.")

    doc.page_break()
    doc.heading("Causes of concern and recommendations")
    doc.heading("Cause of concern", level=3, outline=False)
    doc.para(
        "The force did not make sure that detainees at risk of self-harm were adequately "
        "observed. Observation levels were often set without a full risk assessment, and in "
        "several of the cases we examined, cell checks were recorded as completed when custody "
        "CCTV showed that they had not taken place.", before=3)
    doc.heading("Recommendations", level=3, outline=False)
    doc.para("Within three months, the force should:", before=3)
    doc.bullets([
        "make sure that every detainee has a full risk assessment before an observation level "
        "is set;",
        "carry out regular audits of cell checks against CCTV footage, and act on the "
        "findings; and",
        "make sure that custody staff who do not complete observations as required are held "
        "to account.",
    ])
    doc.heading("Cause of concern", level=3, outline=False)
    doc.para(
        "The force\u2019s arrangements for the healthcare of detainees were unsafe. Detainees "
        "waited too long to see a healthcare professional, and medication was not always "
        "stored or given safely. In one suite, we found controlled drugs in an unlocked "
        "cupboard.", before=3)
    doc.heading("Recommendation", level=3, outline=False)
    doc.para(
        "With immediate effect, the force should make sure that detainees who need medication "
        "receive it when they need it, and that all medication in its custody suites is "
        "stored and recorded safely.", before=3)
    doc.heading("Areas for improvement", level=2)
    doc.para(
        "The force should make sure that detainees are offered a shower, a change of clothes "
        "and reading materials when they are held for more than a few hours.")
    doc.para(
        "The force should improve the quality of its records of the use of force in custody, "
        "so that it can show that every use of force was necessary and proportionate.")

    doc.page_break()
    doc.heading("Leadership, accountability and partnerships")
    doc.para(
        "The force had a clear governance structure for custody, led by a chief inspector who "
        "reported to the head of criminal justice. Custody managers met every month to review "
        "performance, and there was a well-established independent custody visitor scheme.")
    doc.para(
        "However, the data that the force collected about custody was limited. Managers could "
        "tell us how many people had been detained, but not how long children had been held, "
        "or how often force had been used against detainees. This made it difficult for "
        "leaders to identify problems or to know whether improvements were working.")
    doc.heading("Pre-custody: first point of contact", level=2)
    doc.para(
        "Arresting officers generally gave custody sergeants good information about the "
        "detainees they brought in. Officers made appropriate use of alternatives to custody "
        "for people with mental ill health, and the force worked well with the local mental "
        "health trust to find places of safety.")
    doc.para(
        "Children were still being brought into custody when other options might have been "
        "available. In three of the 20 cases we reviewed, a child had been arrested for a "
        "minor offence that could have been dealt with by a voluntary interview.")
    doc.heading("In the custody suite: booking in, individual needs and legal rights",
                level=2)
    doc.para(
        "Booking-in was carried out respectfully and with appropriate privacy in most cases. "
        "Custody sergeants asked detainees the required risk assessment questions and "
        "generally followed up on their answers. Interpreters were readily available by "
        "telephone.")
    doc.para(
        "But the way risk was managed after booking-in was a serious weakness. Observation "
        "levels did not always reflect the risks identified, and the records of cell checks "
        "were unreliable. We have raised this as a cause of concern.")
    doc.heading("Detainee care", level=2)
    doc.para(
        "Cells were clean and free of graffiti, and most were in good repair. Detainees were "
        "given food and drink at regular intervals. Few were offered a shower or a change of "
        "clothing, even when they had been held for more than 24 hours.")
    doc.para(
        "Healthcare was provided under contract by a private company. Staffing shortages meant "
        "that detainees in two of the three suites often waited more than two hours to be "
        "seen, and the management of medication was poor.")
    doc.heading("Release and transfer from custody", level=2)
    doc.para(
        "Pre-release risk assessments were completed for most detainees, and vulnerable "
        "detainees were given information about support services. However, the force did not "
        "always find suitable accommodation for children who had been charged and refused "
        "bail, and they were kept in police cells overnight as a result.")

    path = outdir / "custody_eastfield.pdf"
    doc.save(path)
    return path


def progress_stalking(outdir: Path) -> Path:
    """Progress report: earlier items with statuses, then new recommendations."""
    t = Theme(size=10, leading=13.8, para_gap=6.5, h_sizes=(18, 13, 11), h_color="#5b2c6f",
              header="Stalking and harassment: progress inspection of Westmarch Police",
              footer_left="HMICFRS", margin_x=60)
    title = "Stalking and harassment: A progress inspection of Westmarch Police"
    doc = Doc(t, title)
    cover(doc, title, "Published: 29 April 2025", band="#5b2c6f", title_size=26,
          kicker="Progress inspection")

    def status(text: str) -> None:
        doc.para(f"**Status: {text}**", before=5, color="#5b2c6f")

    def quoted(text: str) -> None:
        doc.para(f"__{text}__", before=3, font=t.italic)

    doc.heading("Introduction")
    doc.para(
        "In 2023 we inspected how well Westmarch Police responds to stalking and harassment. "
        "We found that the force often failed to recognise stalking, recorded it as a less "
        "serious offence, and rarely used the powers available to protect victims. We made "
        "four recommendations and identified one area for improvement.")
    doc.para(
        "We returned to the force in January 2025 to assess its progress. This report sets "
        "out what we found. For each of our previous recommendations and the area for "
        "improvement, we give our assessment of the force\u2019s progress. We also comment on "
        "a recommendation from our 2014 inspection of crime recording that remained open.")
    doc.para(
        "We describe a recommendation as completed when the force has done what we asked and "
        "the change has been sustained, and as in progress when work is under way but not yet "
        "finished. Where we found little or no progress, we describe the recommendation as "
        "incomplete.")

    doc.heading("Recommendations from our 2023 report")
    doc.heading("Recommendation 1", level=3, outline=False)
    quoted(
        "By 31 December 2023, the force should make sure that all reports of stalking are "
        "recorded as stalking offences, rather than as harassment or malicious "
        "communications.")
    status("Completed")
    doc.para(
        "The force has changed its crime recording procedures and trained its crime recording "
        "staff. In a sample of 60 incidents, we found that stalking had been correctly recorded "
        "in 57.")
    doc.heading("Recommendation 2", level=3, outline=False)
    quoted(
        "By 31 March 2024, the force should train all frontline officers and staff to "
        "recognise stalking behaviour, using the College of Policing\u2019s stalking training "
        "package.")
    status("In progress")
    doc.para(
        "By January 2025, 74 percent of frontline officers and staff had completed the "
        "training. The force expects to complete it by June 2025.")
    doc.heading("Recommendation 3", level=3, outline=False)
    quoted(
        "The force should make sure that stalking protection orders are considered in every "
        "case in which the legal test is met, and that the reasons for not applying for an "
        "order are recorded.")
    status("Incomplete")
    doc.para(
        "The force applied for only 11 stalking protection orders in 2024. In most of the "
        "cases we reviewed in which an order could have been sought, there was no record that "
        "one had been considered.")
    doc.heading("Recommendation 4", level=3, outline=False)
    quoted(
        "By 30 June 2024, the force and the Crown Prosecution Service should agree a joint "
        "protocol for the early investigative advice given in stalking cases.")
    status("Incomplete")
    doc.para(
        "A draft protocol has been written, but it has not yet been agreed. Investigators told "
        "us that they still found it hard to get early advice from prosecutors.")

    doc.heading("Area for improvement from our 2023 report", level=2)
    doc.heading("Area for improvement", level=3, outline=False)
    quoted(
        "The force should improve the quality of the safety advice that it gives to victims "
        "of stalking.")
    status("Closed")
    doc.para(
        "The force now gives every victim a written safety plan, reviewed by a specialist "
        "adviser. Victims we spoke to valued the advice they had received.")

    doc.heading("Recommendation from our 2014 crime recording inspection", level=2)
    doc.heading("Recommendation 5", level=3, outline=False)
    quoted(
        "Not later than 31 March 2015, the chief constable should ensure that all reports of "
        "harassment are recorded as crimes in accordance with the Home Office Counting "
        "Rules.")
    status("Superseded")
    doc.para(
        "This recommendation has been superseded by recommendation 1 of our 2023 report, "
        "which the force has now completed. We will not report on it again.")

    doc.page_break()
    doc.heading("Our findings")
    doc.para(
        "Since our 2023 inspection, the force has created a specialist stalking unit of eight "
        "investigators, supported by two victim advocates funded by the police and crime "
        "commissioner. The unit reviews every recorded stalking offence within 48 hours and "
        "takes on the most serious cases itself.")
    doc.para(
        "Victims told us that the unit had made a real difference. One described the "
        "investigator assigned to her case as \u2018the first person who believed me\u2019. But "
        "the unit cannot handle every case, and the quality of investigations carried out by "
        "local teams was still inconsistent. Supervisors of those teams had not received the "
        "advanced training given to the specialist unit.")
    doc.para(
        "The force has also struggled to secure support from local victim services. There is "
        "no independent stalking advocacy service in the force area, and victims in rural "
        "areas told us that they felt isolated.")

    doc.heading("Recommendations in this report")
    doc.para(
        "We make three new recommendations. They build on our previous recommendations and "
        "take account of the progress the force has made.")
    doc.heading("Recommendation 1", level=3, outline=False)
    doc.para(
        "By 31 October 2025, the force should make sure that every stalking investigation is "
        "overseen by a supervisor who has completed the force\u2019s advanced stalking "
        "training.", before=3)
    doc.heading("Recommendation 2", level=3, outline=False)
    doc.para(
        "By the end of June 2026, the force should work with the police and crime "
        "commissioner to commission an independent advocacy service for victims of "
        "stalking.", before=3)
    doc.heading("Recommendation 3", level=3, outline=False)
    doc.para(
        "By 31 March 2026, the force should review its use of stalking protection orders and "
        "publish the number of orders it applies for and obtains each year. The police and "
        "crime commissioner should hold the chief constable to account for the force\u2019s "
        "progress.", before=3)
    doc.para(
        "We will continue to monitor the force\u2019s progress through our usual monitoring "
        "arrangements.", before=10)

    path = outdir / "progress_stalking.pdf"
    doc.save(path)
    return path


def two_column_fraud(outdir: Path) -> Path:
    """Two-column body with full-width title and headings; items in both columns."""
    t = Theme(size=9.5, leading=12.8, para_gap=5.5, h_sizes=(16, 12.5, 10.5), h_color="#7a1f1f",
              columns=2, gutter=22, margin_x=48, header="Fraud: police and NCA response",
              footer_left="HMICFRS", folio_format="Page {n}")
    title = "Fraud: An inspection of the response to fraud by police forces and the NCA"
    doc = Doc(t, title)
    cover(doc, title, "Published: 3 December 2025", band="#7a1f1f", title_size=25)

    doc.heading("Summary")
    doc.para(
        "Fraud is the most common crime in England and Wales. It accounts for about 40 percent "
        "of all crime experienced by adults, yet it receives less than 2 percent of police "
        "resources. Victims lose billions of pounds every year, and many suffer lasting "
        "emotional harm.")
    doc.para(
        "We inspected how well police forces and the National Crime Agency respond to fraud, "
        "from the moment a victim reports it to the outcome of the investigation. We visited "
        "six forces and the national fraud reporting service, and we reviewed 180 cases.")
    doc.para(
        "We found that victims are still too often left without any contact after making a "
        "report. The national reporting service sends most reports to forces for "
        "investigation, but forces rarely tell victims what has happened to them. Only a "
        "small proportion of reports lead to a charge.")
    doc.para(
        "Some forces have made real progress. Their economic crime teams are well resourced, "
        "and they work closely with banks to recover money for victims. But the response "
        "across the country remains inconsistent, and it depends too much on where a victim "
        "lives.")
    doc.para(
        "We make five recommendations. They are addressed to the Home Office, the National "
        "Crime Agency, the Police Digital Service, the National Police Chiefs\u2019 Council, "
        "chief constables and other law enforcement bodies.")

    doc.page_break()
    doc.heading("Reporting and triage")
    doc.para(
        "Victims report fraud to the national fraud reporting service, either online or by "
        "telephone. The service assesses each report and sends those with enough information "
        "to the force where the suspect is believed to live.")
    doc.para(
        "The victims we spoke to were frustrated by the lack of information about their "
        "reports. Most received an automated acknowledgement and then heard nothing more. "
        "Several told us that they assumed their report had been ignored.")
    doc.heading("Recommendation 1", level=3, outline=False)
    doc.para(
        "By 31 May 2026, the Home Office and the National Crime Agency should make sure that "
        "the national fraud reporting service tells every victim what will happen to their "
        "report, and when.", before=2)
    doc.heading("Protecting vulnerable victims", level=2)
    doc.para(
        "Forces are responsible for protecting vulnerable victims of fraud. Most have a "
        "protect officer who visits victims, gives them advice and helps them to avoid being "
        "targeted again. We found that this work was valuable, but that the number of protect "
        "officers varied widely between forces.")
    doc.para(
        "In two forces, a single officer was responsible for contacting every vulnerable "
        "victim in the force area. Inevitably, many were never contacted.")
    doc.heading("Recommendation 2", level=3, outline=False)
    doc.para(
        "Chief constables should make sure that their forces have enough protect officers to "
        "contact every vulnerable victim of fraud, and to give them advice on how to avoid "
        "being defrauded again.", before=2)

    doc.page_break()
    doc.heading("Investigation and outcomes")
    doc.para(
        "Fraud investigations are often complex. They can involve thousands of documents, "
        "suspects in other countries and victims spread across the whole of the country. Many "
        "forces struggle to find investigators with the skills and time to take them on.")
    doc.para(
        "The case management system that forces use for fraud is old and difficult to use. "
        "Investigators told us that they could not search it effectively, and that it did not "
        "allow them to link reports made by different victims of the same suspect.")
    doc.heading("Recommendation 3", level=3, outline=False)
    doc.para(
        "By the end of March 2026, the Police Digital Service should set out a timetable for "
        "replacing the fraud case management system, with a new system that allows forces to "
        "link reports from different victims of the same suspect.", before=2)
    doc.para(
        "Police forces are not the only bodies that investigate fraud. Other law enforcement "
        "bodies, such as the National Crime Agency and the trading standards services, also "
        "take on cases. We found that they did not always share information with forces, and "
        "that two bodies were sometimes investigating the same suspect without knowing it.")
    doc.heading("Recommendation 4", level=3, outline=False)
    doc.para(
        "By 30 September 2026, chief constables and other law enforcement bodies that "
        "investigate fraud should agree a protocol for sharing information about the suspects "
        "they are investigating.", before=2)
    doc.para(
        "Leadership of the police response to fraud is fragmented. The National Police "
        "Chiefs\u2019 Council has a lead for economic crime, but chief constables told us that "
        "they did not know what was expected of them.")
    doc.heading("Recommendation 5", level=3, outline=False)
    doc.para(
        "Within 12 weeks of the publication of this report, the National Police Chiefs\u2019 "
        "Council lead for economic crime should write to all chief constables setting out the "
        "minimum standards expected of every force\u2019s response to fraud.", before=2)
    doc.para(
        "We will review progress against these recommendations as part of our PEEL "
        "inspections of each force.")

    path = outdir / "two_column_fraud.pdf"
    doc.save(path)
    return path


def boxed_vetting(outdir: Path) -> Path:
    """Items in shaded boxes (one over a page break), a summary table, folios offset by two."""
    t = Theme(font="Times-Roman", bold="Times-Bold", italic="Times-Italic", size=10.5,
              leading=14, para_gap=7, h_sizes=(19, 13.5, 11.5), h_color="#0b3d63",
              box_fill="#dce8f3", header="Raising the standard: vetting and counter-corruption",
              folio_offset=2, folio_align="right", margin_x=66)
    title = ("Raising the standard: An inspection of vetting and counter-corruption in police "
             "forces in England and Wales")
    doc = Doc(t, title)
    cover(doc, title, "Published 18 February 2025", band="#0b3d63", title_font="Times-Bold",
          title_size=26, body_font="Times-Roman")

    def boxed(label: str, text: str | None = None, tag: str | None = None) -> None:
        doc.box_start()
        doc.heading(label, level=3, outline=False, before=0, tag=tag)
        if text is not None:
            doc.para(text, before=3, tag=tag)

    doc.heading("Contents", outline=False)
    contents_at = len(doc.lines)
    doc.page_break()
    keys = {}
    keys["Summary"] = doc.heading("Summary")
    doc.para(
        "Public trust in the police depends on the public\u2019s confidence that the people "
        "who join and serve in the police are fit to do so. Vetting is the first line of "
        "defence against those who would abuse the position. Counter-corruption units are the "
        "second: they find and deal with officers and staff who abuse their position once they "
        "are in it.")
    doc.para(
        "We inspected vetting and counter-corruption in eight forces. We found that forces "
        "have improved their vetting processes since our last inspection, but that too many "
        "decisions to grant clearance despite adverse information were poorly recorded. "
        "Counter-corruption units were under-resourced, and few had the technology they "
        "needed to monitor the use of force systems.")
    doc.para(
        "We make five recommendations and identify one area for improvement. The table "
        "below summarises the recommendations; the full text of each is in the chapter to "
        "which it relates.")
    doc.table([
        ["No.", "Recommendation (summary)", "Addressed to", "Deadline"],
        ["1", "Record a rationale for every clearance granted despite adverse information",
         "College of Policing", "31 July 2025"],
        ["2", "Resource vetting units; amend the conduct regulations",
         "Chief constables; Home Office", "31 October 2025"],
        ["3", "Give counter-corruption units the capability they need",
         "Chief constables", "31 March 2026"],
        ["4", "Publish guidance on referrals of corruption cases",
         "IOPC; National Police Chiefs\u2019 Council", "30 April 2026"],
        ["5", "Share learning on scrutiny of counter-corruption",
         "Association of Police and Crime Commissioners", "None"],
    ], [0.08, 0.47, 0.27, 0.18], size=9.5)
    doc.para(
        "Recommendations should be read in full in the chapters that follow; the summaries "
        "above are not a substitute for them.", before=10, size=9.5)

    doc.page_break()
    keys["1. Vetting decisions"] = doc.heading("1. Vetting decisions")
    doc.para(
        "Every police officer and member of police staff must hold vetting clearance. When a "
        "force discovers adverse information about an applicant, such as a criminal record or "
        "links to known criminals, it must decide whether the risk can be managed. The College "
        "of Policing\u2019s authorised professional practice allows forces to grant clearance in "
        "such cases, but requires the decision to be justified.{fn:College of Policing, "
        "__Vetting authorised professional practice__, last updated in 2024.}")
    doc.para(
        "We reviewed 450 vetting files. In 71 of them, clearance had been granted despite "
        "adverse information. In 29 of these, there was no written rationale for the decision, "
        "and in a further 18 the rationale did not address the risks that the information "
        "presented.")
    boxed("Recommendation 1",
          "By 31 July 2025, the College of Policing should amend its vetting authorised "
          "professional practice so that every decision to grant vetting clearance despite "
          "adverse information is recorded, with a written rationale that addresses each of "
          "the risks identified.", tag="rec1")
    doc.box_end()
    doc.para(
        "Vetting units in most forces were not large enough for the demands placed on them. "
        "Backlogs had built up during periods of heavy recruitment, and some units had "
        "responded by reducing the checks they carried out on renewals. We also found that the "
        "regulations governing misconduct proceedings do not allow a force to dismiss an "
        "officer who can no longer hold vetting clearance.")
    boxed("Recommendation 2",
          "By 31 October 2025, chief constables should make sure that their vetting units "
          "have enough trained staff to complete every new application and renewal without "
          "backlogs. The Home Office should amend the Police (Conduct) Regulations so that "
          "forces can dismiss officers who no longer hold vetting clearance.", tag="rec2")
    doc.box_end()
    doc.para(
        "Vetting is not a one-off event. Officers and staff are required to report changes in "
        "their personal circumstances, such as a new partner or a financial difficulty, but "
        "many told us they were not aware of this duty.")
    boxed("Area for improvement",
          "Chief constables should make sure that officers and staff are reminded every year "
          "of their duty to report changes in their personal circumstances.", tag="afi")
    doc.box_end()

    doc.page_break()
    keys["2. Counter-corruption"] = doc.heading("2. Counter-corruption")
    doc.para(
        "Counter-corruption units investigate officers and staff suspected of abusing their "
        "position, including those who abuse their position for a sexual purpose, who leak "
        "information, or who have inappropriate relationships with criminals. They depend on "
        "intelligence, and on the ability to monitor how officers use force systems.")
    doc.para(
        "Only two of the eight forces we inspected could monitor all their systems. The others "
        "relied on manual audits, which were infrequent and could be avoided by anyone who "
        "knew when they were carried out. Most units had fewer investigators than their own "
        "assessments of demand said they needed, and their intelligence assessments were "
        "often out of date.{fn:The National Police Chiefs\u2019 Council counter-corruption "
        "strategic threat assessment is updated every year; forces are expected to produce "
        "their own local assessments to the same timetable.}")
    doc.para(
        "Investigators told us that they frequently had to choose between cases, and that "
        "cases involving the abuse of position for a sexual purpose, which are among the most "
        "serious, were sometimes delayed while more straightforward cases were completed. In "
        "one force, a case had been waiting for allocation for seven months.")
    doc.para(
        "We also found that units did not always receive the information they needed from "
        "other departments. Professional standards departments, human resources teams and "
        "vetting units held information that could have helped to identify corrupt officers, "
        "but in most forces there was no routine process for sharing it.")
    doc.para(
        "Some forces had taken steps to improve this. In one, a monthly meeting brought "
        "together the heads of the vetting unit, the counter-corruption unit, professional "
        "standards and human resources to discuss any officer or member of staff about whom "
        "there were concerns.")
    doc.para(
        "The abuse of position for a sexual purpose is the most serious form of corruption "
        "that forces deal with. Officers who commit it often target people who are "
        "vulnerable, such as victims of domestic abuse, and they may do so over long periods "
        "before they are found out. Early intelligence is often fragmentary: a colleague\u2019s "
        "unease about an officer\u2019s manner, a pattern of unexplained visits, or repeated "
        "searches on force systems for the same person.")
    doc.para(
        "Units that could monitor the use of force systems were able to identify these "
        "patterns far more quickly. In one force, automated monitoring had identified an "
        "officer who had searched for the details of a domestic abuse victim more than 40 "
        "times; he was dismissed and later convicted. The forces without this capability "
        "told us that they could not be confident that they would find similar cases.")
    doc.para(
        "The cost of monitoring software has fallen in recent years, and several suppliers "
        "now offer products that work with the systems most forces use. But buying the "
        "software is not enough on its own. The forces that used it well had also trained "
        "analysts to interpret its alerts, agreed with staff associations how it would be "
        "used, and told their workforce that monitoring was taking place. Several officers "
        "told us that knowing their searches were monitored made them more careful, which "
        "is itself a benefit. In the forces that did not monitor their systems, officers "
        "and staff we spoke to assumed, wrongly, that they were being monitored. One "
        "analyst described the alerts as \u2018the most useful source of intelligence we "
        "have\u2019, and another told us that the software had paid for itself within a "
        "year in the time it saved investigators.")
    boxed("Recommendation 3")
    doc.para("By 31 March 2026, chief constables should make sure that their "
             "counter-corruption units:", before=3, tag="rec3")
    doc.bullets([
        "have enough trained investigators to meet the demand identified in their own "
        "strategic threat assessments;",
        "can monitor the use of all force systems that hold personal information, and audit "
        "that use without warning; and",
        "receive all relevant information held by professional standards, human resources and "
        "vetting units, through a documented process that is reviewed at least once a year.",
    ], tag="rec3")
    doc.box_end()
    doc.para(
        "Some cases of corruption must be referred to the Independent Office for Police "
        "Conduct. We found that forces interpreted the referral criteria differently, so that "
        "similar cases were referred by some forces and not by others.")
    boxed("Recommendation 4",
          "By 30 April 2026, the Independent Office for Police Conduct and the National Police "
          "Chiefs\u2019 Council should jointly publish guidance on which corruption cases must be "
          "referred, with examples.", tag="rec4")
    doc.box_end()

    doc.page_break()
    keys["3. Oversight"] = doc.heading("3. Oversight")
    doc.para(
        "Police and crime commissioners hold chief constables to account for the performance "
        "of their forces, including their professional standards. The commissioners we spoke "
        "to were aware of the importance of vetting, but few received information about "
        "counter-corruption, and most said they would find it difficult to judge whether "
        "their force\u2019s unit was effective.")
    boxed("Recommendation 5",
          "The Association of Police and Crime Commissioners should work with its members to "
          "share good practice in the scrutiny of vetting and counter-corruption.", tag="rec5")
    doc.box_end()
    doc.para(
        "We will follow up these recommendations through our PEEL inspections and our "
        "monitoring of forces.")

    tail = doc.lines[contents_at:]
    del doc.lines[contents_at:]
    doc.contents([(k, v) for k, v in keys.items()])
    doc.lines.extend(tail)

    path = outdir / "boxed_vetting.pdf"
    doc.save(path)
    doc.require_pages("rec3", [5, 6])
    return path


def joint_fire_police(outdir: Path) -> Path:
    """Joint police and fire report: fire-only, Home Office, NFCC, unknown body, immediate."""
    _register_vera()
    t = Theme(font="Vera", bold="VeraBd", italic="VeraIt", size=9.8, leading=15,
              para_gap=7.5, h_sizes=(17, 12.5, 10.5), h_color="#8a3b00", ligatures=True,
              header="Working together: police and fire collaboration",
              folio_format="{n}", folio_align="right", footer_left="HMICFRS", margin_x=68)
    title = ("Working together: A joint inspection of collaboration between police forces "
             "and fire and rescue services")
    doc = Doc(t, title)
    cover(doc, title, "Published: 9 July 2025", band="#8a3b00", title_font="VeraBd",
          title_size=23, body_font="Vera", kicker="Joint thematic inspection")

    def rec(n: int, text: str) -> None:
        doc.heading(f"Recommendation {n}", level=3, outline=False)
        doc.para(text, before=3, tag=f"rec{n}")

    doc.heading("About this inspection")
    doc.para(
        "Since 2017, police forces and fire and rescue services in England have been under a "
        "statutory duty to keep opportunities to collaborate under review, and to collaborate "
        "where it would improve their efficiency or effectiveness.{fn:Policing and Crime Act "
        "2017, section 2.} This inspection looked at how well they have done so.")
    doc.para(
        "We visited six areas, chosen to include places where a police, fire and crime "
        "commissioner governs both services and places where they are governed separately. "
        "We interviewed chief officers, frontline staff and representatives of both services, "
        "and we looked at the joint work they had carried out over the previous three years.")

    doc.heading("What we found", level=2)
    doc.para(
        "Collaboration has brought real benefits in some areas. Shared stations have saved "
        "money and brought the two services closer together. In one area, firefighters now "
        "force entry to homes on behalf of the police when there is a concern for a person\u2019s "
        "welfare, which frees police officers for other work.")
    doc.para(
        "But progress has been uneven. In most areas, collaboration consisted of a few "
        "projects rather than a shared strategy, and few services had evaluated whether their "
        "joint work had achieved what they expected. Information sharing was a particular "
        "weakness: fire and rescue services held valuable information about vulnerable people "
        "that was rarely shared with the police.")

    doc.page_break()
    doc.heading("Sharing information")
    doc.para(
        "Firefighters carry out hundreds of thousands of home fire safety visits every year. "
        "During these visits, they often identify people who are vulnerable, such as older "
        "people living alone, or people who may be victims of abuse or exploitation. The "
        "police may already know these people, or need to know about them.")
    doc.para(
        "All the services we visited had data-sharing agreements with their local police "
        "force. But in practice, information flowed mainly from the police to fire services, "
        "and rarely the other way.")
    rec(1,
        "By 31 January 2027, chief fire officers should make sure that their services share "
        "information about people at risk of harm with their local police forces, using the "
        "data-sharing agreements that are already in place.")
    doc.para(
        "Several chief officers told us that the statutory duty to collaborate was unclear. "
        "They did not know whether it required them to consider collaboration on every "
        "decision, or only on major ones such as buildings and control rooms.")
    rec(2,
        "The Home Office should review the statutory duty to collaborate, and publish "
        "guidance on how it applies to shared buildings, joint control rooms and community "
        "safety work.")
    doc.para(
        "The National Fire Chiefs Council has published guidance on home fire safety visits, "
        "but it does not say when information gathered during a visit should be passed to "
        "the police.")
    rec(3,
        "Within six months of the publication of this report, the National Fire Chiefs "
        "Council should update its guidance on home fire safety visits to set out the "
        "circumstances in which information gathered during a visit is passed to the police.")

    doc.page_break()
    doc.heading("Joint working at incidents")
    doc.para(
        "Police and fire and rescue services work side by side at many incidents, from road "
        "traffic collisions to major fires and floods. The joint doctrine for the emergency "
        "services sets out how they should work together, and most staff we spoke to "
        "understood it well.")
    doc.para(
        "However, we found that the two services used different systems to record the "
        "locations of incidents, and that this had caused delays. In two of the areas we "
        "visited, fire crews had been sent to the wrong address because the location "
        "provided by the police control room could not be read by the fire service system.")
    rec(4,
        "Chief constables and chief fire officers should immediately review how their control "
        "rooms exchange the locations of incidents, and put in place a temporary process to "
        "make sure that the correct location is confirmed by telephone.")
    doc.para(
        "National coordination of collaboration is weak. Neither service has a national body "
        "responsible for promoting joint working, and good practice is not shared. Chief "
        "officers told us that they had learned about successful projects in other areas by "
        "chance.")
    rec(5,
        "By 31 December 2026, the National Police Chiefs\u2019 Council and the Emergency "
        "Services Collaboration Working Group should publish a joint framework for evaluating "
        "collaboration projects, and share the results of these evaluations with all police "
        "forces and fire and rescue services.")
    doc.para(
        "Finally, we found that the two services rarely planned their workforces together. "
        "Both face difficulties in recruiting people with particular skills, such as "
        "specialist analysts and drone pilots, and both could benefit from sharing them.")
    rec(6,
        "Fire and rescue services and police forces should plan together for the specialist "
        "skills that both of them need, and share specialist staff where this would be more "
        "efficient.")

    doc.heading("Next steps", level=2)
    doc.para(
        "We will consider the progress made against these recommendations in our future "
        "inspections of police forces and fire and rescue services.")

    path = outdir / "joint_fire_police.pdf"
    doc.save(path)
    return path


def spotlight_no_items(outdir: Path) -> Path:
    """A spotlight report that makes no recommendations at all."""
    t = Theme(font="Times-Roman", bold="Times-Bold", italic="Times-Italic", size=11.5,
              leading=16, para_gap=9, h_sizes=(20, 14, 12), h_color="#3d3d3d",
              header="Spotlight: police use of community resolutions", folio_format="{n}",
              folio_align="center", margin_x=72)
    title = "Spotlight report: Police use of community resolutions"
    doc = Doc(t, title)
    cover(doc, title, "Published: 27 August 2025", band="#3d3d3d", title_font="Times-Bold",
          title_size=28, body_font="Times-Roman")
    doc.heading("About this spotlight report")
    doc.para(
        "Spotlight reports look at a single topic across several forces, using evidence "
        "gathered during our PEEL inspections. They are intended to share what we have found "
        "with forces and the public, rather than to hold individual forces to account.")
    doc.para(
        "A community resolution is an informal way of dealing with a minor offence, without "
        "charging the offender. The offender must accept responsibility, and the victim\u2019s "
        "views must be taken into account. Used well, community resolutions can give victims "
        "a quicker and more satisfying outcome than prosecution.")
    doc.heading("What we found", level=2)
    doc.para(
        "We reviewed 400 community resolutions in ten forces. In most cases, the outcome was "
        "appropriate and the victim had been consulted. But in 58 cases, there was no record "
        "that the victim had been asked for their views, and in 21 cases the offence was too "
        "serious to be dealt with in this way.")
    doc.para(
        "Forces varied widely in how often they used community resolutions. One force used "
        "them for 14 percent of the crimes it solved; another used them for less than 3 "
        "percent. We found no evidence that these differences reflected differences in the "
        "crimes the forces dealt with.")
    doc.para(
        "Scrutiny of community resolutions was generally weak. Only four of the ten forces "
        "had an independent panel to review a sample of cases, and only two published the "
        "panel\u2019s findings.")
    doc.page_break()
    doc.heading("Recommendations")
    doc.para(
        "We have not made any recommendations in this report. Many of the issues we found "
        "are already the subject of our previous recommendations, and of areas for "
        "improvement that we have identified in individual forces\u2019 PEEL reports.")
    doc.para(
        "In our 2023 report on out-of-court resolutions, we recommended that forces improve "
        "their scrutiny arrangements. We will continue to monitor progress against that "
        "recommendation, and against the relevant areas for improvement, through our PEEL "
        "inspections. Where we find that a force has made insufficient progress, we may "
        "identify a cause of concern.")
    doc.heading("Good practice", level=2)
    doc.para(
        "Some forces have developed effective ways of making sure that community resolutions "
        "are used appropriately. We describe three of them below, in the hope that other "
        "forces will find them useful.")
    doc.bullets([
        "One force requires a sergeant to approve every community resolution for a violent "
        "offence, and records the victim\u2019s views on a standard form.",
        "Another has an independent scrutiny panel that includes magistrates and victims\u2019 "
        "representatives, and publishes its findings every quarter.",
        "A third uses its victim satisfaction survey to ask victims whether they were "
        "consulted, and follows up with officers when they were not.",
    ], gap=5)
    doc.heading("Next steps", level=2)
    doc.para(
        "We will share this report with the National Police Chiefs\u2019 Council lead for "
        "out-of-court resolutions and with the College of Policing. We will return to this "
        "subject in our next PEEL inspections.")

    path = outdir / "spotlight_no_items.pdf"
    doc.save(path)
    return path


def progress_table_harbourside(outdir: Path) -> Path:
    """Progress report: earlier recommendations in a ruled table with a status column that
    runs over a page break (header repeated), new recommendations in the text, and a
    closing summary table that repeats the new ones."""
    t = Theme(size=10, leading=13.6, para_gap=6.5, h_sizes=(17, 12.5, 11), h_color="#1f4e5f",
              header="Missing children: revisit of Harbourside Police",
              footer_left="HMICFRS", margin_x=62)
    title = "Missing children: A revisit of Harbourside Police"
    doc = Doc(t, title)
    cover(doc, title, "Published: 9 September 2025", band="#1f4e5f", title_size=26,
          kicker="Revisit inspection")

    doc.heading("About this revisit")
    doc.para(
        "In 2023 we looked at how Harbourside Police responds when a child goes missing. We "
        "found delays in starting searches, risk assessments that were not reviewed, and "
        "little joint work with children\u2019s social care. We made six recommendations.")
    doc.para(
        "We went back to the force in May 2025. The table below gives our judgment on the "
        "progress made against each of the six. A recommendation is achieved when the work "
        "is done and the change has lasted; partially achieved when work is well under way; "
        "and not achieved when we saw little change.")

    doc.heading("Progress against our 2023 recommendations", level=2)
    head = ["No.", "Recommendation", "Status"]
    widths = [0.1, 0.66, 0.24]
    doc.table([
        head,
        ["1", "By 30 September 2023, the force should make sure that a supervisor reviews the "
              "risk assessment of every missing child within two hours of the first report.",
         "Achieved"],
        ["2", "The force should make sure that a return home interview is offered to every "
              "child who has been missing, and that what the child says is recorded and "
              "shared with the local authority.", "Partially achieved"],
        ["3", "By 31 December 2023, the force should agree with each local authority in its "
              "area how information about children who go missing from care will be shared "
              "within 24 hours.", "Not achieved"],
    ], widths)
    doc.para(
        "Supervisors now review risk assessments promptly. In 48 of the 50 cases we examined, "
        "the review had been done within the two hours, and the reasons for the grading were "
        "recorded.", before=10)
    doc.page_break()
    doc.table([
        head,
        ["4", "By 31 March 2024, the force should train all call handlers to identify the "
              "signs that a missing child may be at risk of criminal or sexual exploitation.",
         "Achieved"],
        ["5", "The force should make sure that its missing persons coordinators have the time "
              "to carry out their role, and that their work is overseen by a named senior "
              "officer.", "Superseded"],
        ["6", "By 30 June 2024, the force should publish data each quarter on the number of "
              "children reported missing and the number found to be at risk of harm.",
         "Not achieved"],
    ], widths, before=0)
    doc.para(
        "Recommendation 5 has been overtaken by the restructuring of the force\u2019s public "
        "protection command, and the first new recommendation below takes its place.",
        before=10)

    doc.heading("What we found")
    doc.para(
        "Return home interviews are now offered in most cases, but the local authority does "
        "not always receive what the child told the interviewer. Information sharing with two "
        "of the three local authorities still depends on individual officers, and the force "
        "has not published any of the data it said it would.")

    doc.heading("New recommendations")
    doc.para("We make two new recommendations.")
    doc.heading("Recommendation 1", level=3, outline=False)
    doc.para(
        "By 31 January 2026, the force should make sure that each missing persons coordinator "
        "has a manageable caseload and is supervised by a detective inspector.", before=3)
    doc.heading("Recommendation 2", level=3, outline=False)
    doc.para(
        "By 31 March 2026, the force and the three local authorities should agree a written "
        "protocol for sharing information about missing children within one working day.",
        before=3)

    doc.heading("Summary of recommendations", level=2)
    doc.table([
        ["No.", "Recommendation"],
        ["1", "By 31 January 2026, the force should make sure that each missing persons "
              "coordinator has a manageable caseload and is supervised by a detective "
              "inspector."],
        ["2", "By 31 March 2026, the force and the three local authorities should agree a "
              "written protocol for sharing information about missing children within one "
              "working day."],
    ], [0.1, 0.9])

    path = outdir / "progress_table_harbourside.pdf"
    doc.save(path)
    return path


def _fixed_zip(path: Path) -> None:
    """Rewrite a .docx with fixed timestamps so that rebuilding it gives the same bytes."""
    with zipfile.ZipFile(path) as z:
        entries = [(info.filename, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def write_neighbourhood_docx(path: Path) -> None:
    """Write the Word source of the neighbourhood policing sample."""
    import datetime

    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    title = ("Neighbourhood policing: An inspection of how police forces engage with their "
             "communities")
    d = Document()
    props = d.core_properties
    props.title = title
    props.author = "HMICFRS"
    props.last_modified_by = "HMICFRS"
    props.revision = 1
    props.created = props.modified = datetime.datetime(2025, 11, 20, 9, 0, 0)

    normal = d.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Title", 26)):
        st = d.styles[name]
        st.font.name = "Arial"
        st.font.size = Pt(size)
        st.font.color.rgb = RGBColor(0x00, 0x5A, 0x70)

    section = d.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.4)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.different_first_page_header_footer = True
    head = section.header.paragraphs[0]
    head.text = "Neighbourhood policing inspection"
    head.runs[0].font.size = Pt(8)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = foot.add_run("Page ")
    run.font.size = Pt(9)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    r.append(text)
    field.append(r)
    foot._p.append(field)

    p = d.add_paragraph(INSPECTORATE)
    p.runs[0].font.size = Pt(10)
    for _ in range(5):
        d.add_paragraph()
    d.add_paragraph(title, style="Title")
    p = d.add_paragraph("Published: 20 November 2025")
    p.runs[0].font.size = Pt(12)
    p.add_run().add_break(WD_BREAK.PAGE)

    def para(text: str) -> None:
        d.add_paragraph(text)

    d.add_heading("Summary", level=1)
    para("Neighbourhood policing is the foundation of policing in England and Wales. "
         "Neighbourhood officers and police community support officers know their "
         "communities, solve local problems and build the trust on which all policing "
         "depends.")
    para("We inspected neighbourhood policing in six forces. We found that the public "
         "valued it highly, and that neighbourhood teams did some excellent work. But in "
         "most of the forces we inspected, neighbourhood officers were routinely taken away "
         "from their neighbourhoods to cover other duties, and few forces could say what "
         "difference their neighbourhood teams made.")
    para("We make five recommendations. They are set out at the end of this report.")

    d.add_heading("Our findings", level=1)
    d.add_heading("Protecting neighbourhood time", level=2)
    para("Neighbourhood officers cannot get to know their communities if they are rarely "
         "there. In four of the six forces, neighbourhood officers spent more than a "
         "quarter of their time on other duties, most often covering response shifts or "
         "guarding crime scenes. Few forces recorded these abstractions, so they could not "
         "tell us how often they happened.")
    para("Table 1 shows the proportion of neighbourhood officers\u2019 time spent on other "
         "duties in each force, where the force was able to tell us.")
    cap = d.add_paragraph("Table 1: Neighbourhood officer time spent on other duties, "
                          "2024 to 2025")
    cap.runs[0].bold = True
    table = d.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells,
                          ("Force", "Neighbourhood officers", "Time on other duties"),
                          strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in (("Ashbourne Police", "212", "31%"), ("Harrowgate Police", "148", "27%"),
                ("Kingsmere Police", "305", "Not recorded"),
                ("Southdown Constabulary", "176", "12%"),
                ("Westmarch Police", "94", "Not recorded"),
                ("Wyvern Constabulary", "233", "9%")):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    para("")
    para("The two forces that protected neighbourhood time most effectively had made it a "
         "clear priority, and required a superintendent to approve any abstraction.")
    d.add_heading("Skills and development", level=2)
    para("Neighbourhood policing is a skilled role, but there is no national programme of "
         "professional development for it. Officers told us that they learned "
         "problem-solving techniques from colleagues, if at all, and that neighbourhood work "
         "was not valued when they applied for promotion.")
    d.add_heading("Measuring what matters", level=2)
    para("Most forces measured the activity of their neighbourhood teams, such as the "
         "number of patrols or meetings attended, rather than its effect. Police and crime "
         "commissioners told us that they found it hard to hold chief constables to account "
         "for neighbourhood policing as a result.")
    para("National measures of police performance say little about neighbourhood policing, "
         "and the Home Office does not collect data about the number of neighbourhood "
         "officers in each force in a consistent way.")

    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_heading("Recommendations", level=1)
    para("We make the following recommendations.")
    for text in (
        "By 30 September 2026, chief constables should make sure that neighbourhood "
        "officers are not routinely taken away from neighbourhood duties to cover other "
        "work, and should record every occasion on which they are.",
        "By March 2027, the College of Policing should publish a programme of professional "
        "development for neighbourhood officers and police community support officers.",
        "The Home Office should collect consistent data about the number of neighbourhood "
        "officers and police community support officers in each force, and publish it every "
        "year.",
        "Chief constables and police and crime commissioners should agree measures of the "
        "effect of neighbourhood policing, and report on them to the public at least once a "
        "year.",
        "Within 12 months, the National Police Chiefs\u2019 Council should review how "
        "neighbourhood policing is recognised in the national promotion process.",
    ):
        d.add_paragraph(text, style="List Number")

    d.add_heading("About this inspection", level=1)
    para("We carried out fieldwork between February and May 2025. In each force we "
         "interviewed officers, staff and partners, observed neighbourhood meetings and "
         "accompanied officers on patrol. We also surveyed 2,400 members of the public.")
    d.save(str(path))
    _fixed_zip(path)


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def word_neighbourhood(outdir: Path) -> Path | None:
    """Word sample: numbered-list recommendations, a table, header and footer in the section.

    The .docx is the source; LibreOffice converts it to PDF. Without LibreOffice the
    committed PDF is kept and this sample is skipped.
    """
    return _word_sample(outdir, "word_neighbourhood", write_neighbourhood_docx)


def _word_sample(outdir: Path, name: str, write: Callable[[Path], None]) -> Path | None:
    """Write ``name``.docx and convert it to PDF with LibreOffice (tagged PDF export).

    Without LibreOffice the committed PDF is kept and None is returned.
    """
    docx = outdir / f"{name}.docx"
    write(docx)
    soffice = _soffice()
    if soffice is None:
        print(f"skipping {name}.pdf: LibreOffice (soffice) not found; the "
              "committed PDF is kept", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp, "profile").as_uri()
        export = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", export,
             "--outdir", tmp, str(docx)],
            check=True, capture_output=True, timeout=300)
        out = outdir / f"{name}.pdf"
        shutil.move(Path(tmp, f"{name}.pdf"), out)
    return out


word_neighbourhood.needs_soffice = True  # type: ignore[attr-defined]


def write_peel_kingsmere_docx(path: Path) -> None:
    """Write the Word source of the Kingsmere PEEL sample: Word's own heading and list
    styles, a graded-judgment table whose columns are the grades, and every area for
    improvement in a shaded one-cell table."""
    import datetime

    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    title = "PEEL assessment 2025: Kingsmere Police"
    d = Document()
    props = d.core_properties
    props.title = title
    props.author = "HMICFRS"
    props.last_modified_by = "HMICFRS"
    props.revision = 1
    props.created = props.modified = datetime.datetime(2026, 2, 3, 9, 0, 0)

    purple = RGBColor(0x4B, 0x2A, 0x6E)
    normal = d.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    for name, size in (("Heading 1", 17), ("Heading 2", 13), ("Heading 3", 11), ("Title", 28)):
        st = d.styles[name]
        st.font.name = "DejaVu Sans"
        st.font.size = Pt(size)
        st.font.color.rgb = purple

    section = d.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.6), Cm(2.3)
    section.different_first_page_header_footer = True
    head = section.header.paragraphs[0]
    head.text = "PEEL assessment 2025: Kingsmere Police"
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    head.runs[0].font.size = Pt(8)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    r.append(text)
    field.append(r)
    foot._p.append(field)

    def shade(cell: object, fill: str) -> None:
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), fill)
        cell._tc.get_or_add_tcPr().append(shd)  # type: ignore[attr-defined]

    def para(text: str, style: str | None = None, bold: bool = False) -> None:
        p = d.add_paragraph(style=style)
        run = p.add_run(text)
        run.bold = bold

    def box(label: str, lines: list[str], bullets: Iterable[str] = (),
            fill: str = "EAE4F2") -> None:
        """A one-cell table used as a box: a bold label, paragraphs, optional bullets."""
        table = d.add_table(rows=1, cols=1)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        cell = table.rows[0].cells[0]
        shade(cell, fill)
        first = cell.paragraphs[0]
        run = first.add_run(label)
        run.bold = True
        run.font.color.rgb = purple
        for line in lines:
            cell.add_paragraph(line)
        for entry in bullets:
            cell.add_paragraph(entry, style="List Bullet")
        d.add_paragraph()

    p = d.add_paragraph(INSPECTORATE)
    p.runs[0].font.size = Pt(10)
    for _ in range(6):
        d.add_paragraph()
    d.add_paragraph(title, style="Title")
    p = d.add_paragraph("Police effectiveness, efficiency and legitimacy")
    p.runs[0].font.size = Pt(14)
    d.add_paragraph()
    p = d.add_paragraph("Published 3 February 2026")
    p.runs[0].font.size = Pt(12)
    p.add_run().add_break(WD_BREAK.PAGE)

    d.add_heading("Overall summary", level=1)
    d.add_heading("Our judgments", level=2)
    para("Our inspection assessed how good Kingsmere Police is in eight areas of policing. "
         "We make a graded judgment in each of them. The table below shows the grade we gave "
         "to each area.")
    grades = ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate")
    fills = ("BFE0B0", "D8EBC4", "F5EFC2", "F7D9B8", "F2C0C0")
    rows = (
        ("", "Treatment of the public", "Managing offenders and suspects",
         "Responding to the public", ""),
        ("", "Preventing crime", "Leadership and force management", "Investigating crime", ""),
        ("", "Developing a positive workplace", "", "Protecting vulnerable people", ""),
    )
    table = d.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, grade, fill in zip(table.rows[0].cells, grades, fills, strict=True):
        cell.text = grade
        cell.paragraphs[0].runs[0].bold = True
        shade(cell, fill)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
            if text:
                cell.paragraphs[0].runs[0].font.size = Pt(9)
    d.add_paragraph()
    para("We set out our detailed findings about things the force is doing well and where "
         "the force should improve in the rest of this report.")
    d.add_heading("HM Inspector\u2019s observations", level=2)
    para("I am pleased with some aspects of the performance of Kingsmere Police, but there "
         "are areas in which it needs to improve. The force treats the public fairly and "
         "with respect, and its neighbourhood teams are good at preventing crime.")
    para("However, the force does not answer emergency calls quickly enough, and too many "
         "of its investigations are poorly supervised. Officers do not always recognise "
         "when a child is at risk, and referrals to children\u2019s social care are often "
         "delayed.")
    para("The chief constable and her chief officer team understand these problems and have "
         "begun to address them. I will watch the force\u2019s progress with interest.")

    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_heading("Preventing crime and antisocial behaviour", level=1)
    para("Good", bold=True)
    para("Kingsmere Police is good at preventing crime and antisocial behaviour. Its "
         "prevention strategy, published in 2024, has three priorities:")
    for entry in ("reducing repeat demand from the same people and places;",
                  "tackling the causes of serious violence among young people; and",
                  "making rural communities safer from theft and criminal damage."):
        d.add_paragraph(entry, style="List Number")
    para("Neighbourhood teams are well led and know their communities. We saw officers "
         "using problem-solving methods with partner organisations, and the force evaluates "
         "the results so that it can learn from them.")

    d.add_heading("Responding to the public", level=1)
    para("Requires improvement", bold=True)
    d.add_heading("The force needs to answer emergency calls more quickly", level=2)
    para("In the year to March 2025, the force answered 79 percent of emergency calls "
         "within ten seconds, against a national standard of 90 percent. Non-emergency "
         "callers waited an average of nine minutes.")
    para("In the 100 calls we reviewed, we found that:")
    for entry in ("call handlers did not identify repeat victims in 19 calls;",
                  "callers were not told when to expect the police in 27 calls; and",
                  "the force did not meet its own attendance times in 22 incidents."):
        d.add_paragraph(entry, style="List Bullet")
    box("Area for improvement 1",
        ["The force should make sure that it answers emergency calls within ten seconds, in "
         "line with the national standard."])
    box("Area for improvement 2", ["The force should make sure that:"], bullets=(
        "its call handlers use a structured assessment to identify vulnerable and repeat "
        "callers;",
        "callers are told when they can expect the police to attend; and",
        "it records the reason whenever it does not attend within its own target times.",
    ))

    d.add_heading("Investigating crime", level=1)
    para("Requires improvement", bold=True)
    d.add_heading("Investigations are not supervised well enough", level=2)
    d.add_heading("Supervision", level=3)
    para("We reviewed 130 investigations. Most were carried out promptly, but 41 had no "
         "investigation plan, and in 36 there was no record that a supervisor had reviewed "
         "the investigation for more than a month. Sergeants told us that they supervised "
         "up to 400 investigations each, and that they could not review them all.")
    box("Area for improvement 3",
        ["The force should improve the supervision of its investigations, so that every "
         "investigation has a plan that a supervisor reviews regularly."])
    d.add_heading("Keeping victims informed", level=3)
    para("The force did not always comply with the Code of Practice for Victims of Crime. "
         "In 38 investigations, there was no record that the victim had been told about "
         "progress, and when victims withdrew their support for an investigation, officers "
         "rarely recorded why.")
    box("Area for improvement 4",
        ["The force should make sure that it complies with the Code of Practice for Victims "
         "of Crime, and that it records the reasons whenever a victim withdraws their "
         "support for an investigation."])
    box("Innovative practice",
        ["Volunteers keep victims of crime informed",
         "The force has trained 40 volunteers to telephone victims of lower-level crime "
         "every 28 days while their case is open. Victims told us that they valued the "
         "calls, and the force\u2019s victim satisfaction scores have risen since the scheme "
         "began. Other forces should find the approach worth considering."],
        fill="E2EFE6")

    d.add_heading("Protecting vulnerable people", level=1)
    para("Requires improvement", bold=True)
    para("Officers generally recognised vulnerable adults and took appropriate action to "
         "protect them. But they were less good at recognising when a child was at risk. "
         "In 14 of the 50 cases we reviewed in which a child was present at an incident, "
         "officers had not considered the child\u2019s welfare, and referrals to children\u2019s "
         "social care were made, on average, four days after the incident.")
    box("Area for improvement 5",
        ["The force should make sure that officers consider the welfare of every child "
         "present at an incident, and that it refers children to children\u2019s social care "
         "without delay when there are concerns."])

    d.add_heading("Leadership and force management", level=1)
    para("Adequate", bold=True)
    para("The force has a clear vision, and its leaders are visible and well regarded. It "
         "has a good understanding of its current demand. But its workforce plan covers "
         "only the current year, and it does not take account of the growth in online "
         "crime, which the force expects to double by 2028.")
    box("Area for improvement 6",
        ["The force should make sure that its workforce plan covers at least the next three "
         "years, and that it reflects the demand the force expects to face from online "
         "crime."])
    d.add_heading("About the data", level=2)
    para("The data in this report comes from the force and from national returns. We have "
         "not audited it, and the force is responsible for its accuracy.")
    d.save(str(path))
    _fixed_zip(path)


def word_peel_kingsmere(outdir: Path) -> Path | None:
    """Word PEEL sample: heading and list styles, one-cell tables as boxes, grade table."""
    return _word_sample(outdir, "word_peel_kingsmere", write_peel_kingsmere_docx)


word_peel_kingsmere.needs_soffice = True  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------
# Samples laid out by reportlab's own flowing-text engine (platypus): paragraphs that wrap
# and justify themselves, lists, one-cell tables used as boxes, page decorations drawn by
# page callbacks. Their files differ from the ones above in the way real reports differ
# from one another: different text objects, spacing and glyph placement.
# --------------------------------------------------------------------------------------


class FlowPara(Paragraph):
    """A platypus paragraph with an optional tag (whose pages the build checks) and an
    outline level; the pieces of a paragraph split over a page break keep its tag."""

    tag: str | None = None
    outline_level: int | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.tag = self.tag
        return parts


def fpara(text: str, style: ParagraphStyle, *, tag: str | None = None,
          outline: int | None = None) -> FlowPara:
    """A paragraph in reportlab's markup (``<b>``, ``<i>``, ``<super>``, ``&amp;``)."""
    para = FlowPara(text, style)
    para.tag = tag
    para.outline_level = outline
    return para


class FlowDoc(SimpleDocTemplate):
    """A platypus document that records the pages its tagged flowables land on, and turns
    headings with an outline level into PDF bookmarks and table-of-contents entries."""

    def __init__(self, path: Path, title: str, *, outline: bool = True,
                 **kw: object) -> None:
        super().__init__(str(path), title=title, author="HMICFRS", invariant=1,
                         pageCompression=1, **kw)
        self.title_text = title
        self.use_outline = outline
        self.tag_pages: dict[str, list[int]] = {}
        self._marks = 0

    def beforeDocument(self) -> None:  # a platypus hook
        # multiBuild lays the story out more than once; only the last pass counts.
        self.tag_pages = {}
        self._marks = 0

    def afterFlowable(self, flowable: Flowable) -> None:  # a platypus hook
        page = self.canv.getPageNumber()
        tag = getattr(flowable, "tag", None)
        if tag:
            pages = self.tag_pages.setdefault(tag, [])
            if page not in pages:
                pages.append(page)
        level = getattr(flowable, "outline_level", None)
        if level is not None:
            self._marks += 1
            key = f"s{self._marks}"
            text = flowable.getPlainText()
            self.canv.bookmarkPage(key)
            if self.use_outline:
                self.canv.addOutlineEntry(text, key, level=level)
            self.notify("TOCEntry", (level, text, page, key))

    def require_pages(self, tag: str, pages: list[int]) -> None:
        """Fail the build unless the tagged flowable lies on exactly these pages."""
        got = self.tag_pages.get(tag)
        if got != pages:
            raise AssertionError(f"{self.title_text}: {tag!r} on pages {got}, wanted {pages}")

    @property
    def page_count(self) -> int:
        return self.canv.getPageNumber() - 1


def flow_styles(font: str = "Helvetica", bold: str = "Helvetica-Bold", size: float = 10.5,
                leading: float = 14.2, after: float = 3.0, first_indent: float = 0.0,
                colour: str = "#00574b") -> dict[str, ParagraphStyle]:
    """The paragraph styles of one report: justified body with small gaps, headings."""
    body = ParagraphStyle("body", fontName=font, fontSize=size, leading=leading,
                          alignment=TA_JUSTIFY, spaceAfter=after, firstLineIndent=first_indent,
                          embeddedHyphenation=1, uriWasteReduce=0.3)
    return {
        "body": body,
        # The first paragraph after a heading is not indented (book style).
        "first": ParagraphStyle("first", parent=body, firstLineIndent=0),
        "left": ParagraphStyle("left", parent=body, alignment=TA_LEFT, firstLineIndent=0),
        "h1": ParagraphStyle("h1", fontName=bold, fontSize=18, leading=22,
                             textColor=HexColor(colour), spaceBefore=4, spaceAfter=8,
                             keepWithNext=1),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=12.5, leading=16,
                             textColor=HexColor(colour), spaceBefore=9, spaceAfter=3,
                             keepWithNext=1),
        "label": ParagraphStyle("label", fontName=bold, fontSize=size, leading=leading,
                                textColor=HexColor(colour), spaceBefore=7, spaceAfter=1,
                                keepWithNext=1),
        "bullet": ParagraphStyle("bullet", parent=body, firstLineIndent=0, spaceAfter=1.5),
        "small": ParagraphStyle("small", fontName=font, fontSize=8.5, leading=11,
                                spaceAfter=2),
        "title": ParagraphStyle("title", fontName=bold, fontSize=26, leading=31,
                                textColor=HexColor("#111111"), spaceAfter=14),
        "kicker": ParagraphStyle("kicker", fontName=font, fontSize=13, leading=17,
                                 textColor=HexColor(colour), spaceAfter=30),
        "cover": ParagraphStyle("cover", fontName=font, fontSize=12, leading=16),
    }


def flow_bullets(entries: Iterable[str], style: ParagraphStyle, *,
                 tag: str | None = None) -> ListFlowable:
    """A bulleted list as platypus draws it (the bullet is a separate string)."""
    return ListFlowable(
        [ListItem(fpara(e, style, tag=tag), leftIndent=16, value="\u2022") for e in entries],
        bulletType="bullet", start="\u2022", leftIndent=16, bulletFontSize=9,
        spaceBefore=1, spaceAfter=4)


def flow_box(content: list[Flowable], width: float, fill: str, *, rule: str | None = None,
             tag: str | None = None) -> Table:
    """A one-cell table used as a shaded box (optionally with a coloured rule on the left)."""
    box = Table([[content]], colWidths=[width])
    commands: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(fill)),
        ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]
    if rule:
        commands.append(("LINEBEFORE", (0, 0), (0, -1), 3, HexColor(rule)))
    box.setStyle(TableStyle(commands))
    box.tag = tag  # type: ignore[attr-defined]
    box.spaceBefore, box.spaceAfter = 6, 8
    return box


def flow_chrome(header: str, *, header_even: str | None = None, footer: str = "",
                folio: str = "{n}", font: str = "Helvetica", colour: str = "#4a5560",
                skip: int = 1) -> Callable[[Canvas, SimpleDocTemplate], None]:
    """A page callback drawing a running header and a footer with the folio."""

    def draw(c: Canvas, doc: SimpleDocTemplate) -> None:
        n = c.getPageNumber()
        if n <= skip:
            return
        w, h = doc.pagesize
        c.saveState()
        c.setFillColor(HexColor(colour))
        c.setFont(font, 8)
        text = header_even if header_even is not None and n % 2 == 0 else header
        c.drawString(doc.leftMargin, h - 40, text)
        c.setStrokeColor(HexColor("#a0aab4"))
        c.setLineWidth(0.4)
        c.line(doc.leftMargin, h - 45, w - doc.rightMargin, h - 45)
        c.setFont(font, 8.5)
        if footer:
            c.drawString(doc.leftMargin, 34, footer)
        c.drawRightString(w - doc.rightMargin, 34, folio.format(n=n))
        c.restoreState()

    return draw


def thematic_digital_forensics(outdir: Path) -> Path:
    """Platypus thematic: justified text with small paragraph gaps, a platypus table of
    contents, recommendations listed in a summary near the front and again, boxed, in the
    chapters, endnote markers (one inside a recommendation), an unknown addressee."""
    title = ("Unlocking the evidence: An inspection of how police forces examine digital "
             "devices")
    path = outdir / "thematic_digital_forensics.pdf"
    doc = FlowDoc(path, title, pagesize=A4, leftMargin=62, rightMargin=62, topMargin=66,
                  bottomMargin=62)
    st = flow_styles()
    body, h1, h2, label = st["body"], st["h1"], st["h2"], st["label"]
    width = A4[0] - 124

    def p(text: str, tag: str | None = None) -> FlowPara:
        return fpara(text, body, tag=tag)

    recs = [
        "By 31 July 2026, chief constables should make sure that their forces have a triage "
        "process for every digital device seized in an investigation, so that the devices "
        "most likely to hold evidence are examined first.",
        "By 30 September 2026, the National Police Chiefs\u2019 Council and the College of "
        "Policing should publish national guidance on the selective extraction of data from "
        "mobile telephones, which takes account of the privacy of victims and witnesses.",
        "By 31 December 2026, the Home Office should work with the National Police Chiefs\u2019 "
        "Council to develop a national procurement framework for digital forensic tools, so "
        "that forces no longer buy the same software separately.",
        "The Forensic Science Regulator{note} should publish a timetable for the accreditation "
        "of the digital forensic units of police forces, and chief constables should make sure "
        "that their units meet it.",
        "By March 2027, police and crime commissioners should make sure that the services they "
        "commission for victims of crime include practical support for victims whose mobile "
        "telephones are kept as evidence.",
        "Within six months of the publication of this report, chief constables should review "
        "the welfare support they give to digital forensic examiners, who are regularly "
        "exposed to distressing material.",
    ]
    notes = [
        "Our fieldwork forces are listed in About our inspection.",
        "The Forensic Science Regulator is the statutory regulator of forensic science in "
        "England and Wales.",
        "Data provided by forces, at 31 March 2025.",
        "Authorised professional practice: Extraction of material from digital devices.",
        "The Data Protection Act 2018, Part 3, governs processing for law enforcement purposes.",
        "Forensic Science Regulator, Code of practice, 2023.",
        "Examiners also review material for other units, such as those investigating online "
        "child sexual abuse.",
    ]

    def sup(n: int) -> str:
        return f"<super rise=\"3.6\" size=\"6.8\">{n}</super>"

    story: list[Flowable] = [
        Spacer(1, 40),
        fpara(INSPECTORATE, st["cover"]),
        Spacer(1, 150),
        fpara("National thematic inspection", st["kicker"]),
        fpara(title, st["title"]),
        Spacer(1, 10),
        fpara("Published 14 January 2026", st["cover"]),
        PageBreak(),
        fpara("Contents", h1),
    ]
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [ParagraphStyle("toc0", fontName="Helvetica", fontSize=10.5,
                                      leading=16, leftIndent=0, firstLineIndent=0),
                       ParagraphStyle("toc1", fontName="Helvetica", fontSize=9.5,
                                      leading=14, leftIndent=16, firstLineIndent=0)]
    story += [toc, PageBreak()]

    story += [
        fpara("Foreword", h1, outline=0),
        p("Almost every crime now leaves a digital trace. A burglar\u2019s route can be "
          "plotted from the location data on a stolen telephone; a fraudster\u2019s messages "
          "can be recovered from a seized laptop; a child\u2019s abuser can be identified from "
          "images kept on a memory card. The evidence held on digital devices has become as "
          "important to many investigations as fingerprints and DNA."),
        p("But the capacity of police forces to examine these devices has not kept pace "
          "with demand. In the forces we inspected, more than 25,000 devices were waiting to "
          "be examined, and some had been waiting for more than a year. Behind each of them "
          "was an investigation on hold, and often a victim who was waiting for justice, or "
          "simply for the return of their only telephone."),
        p("This report sets out what we found and what we believe needs to change. I am "
          "grateful to the forces we inspected, and to the victims and examiners who spoke "
          "to us so candidly."),
        Spacer(1, 6),
        fpara("<b>Roy Benham</b>", st["left"]),
        fpara("His Majesty\u2019s Inspector of Constabulary", st["left"]),
        fpara("Summary", h1, outline=0),
        p("We inspected seven police forces between January and June 2025. We examined 280 "
          "case files in which a digital device had been seized, and we interviewed "
          "investigators, digital forensic examiners, supervisors and chief officers." + sup(1)),
        p("We found that forces were seizing more devices than they could examine, and that "
          "few had an effective way of deciding which devices to examine first. Examiners "
          "were working hard, often in difficult conditions, but their skills were not "
          "always put to best use. Forces bought the same tools separately, at greater cost, "
          "and only two of the units we visited had achieved the accreditation that the "
          "regulator\u2019s code of practice requires."),
        p("Victims were let down. Many had their telephones taken from them for months, and "
          "some told us that this had made them reluctant to report crime again."),
        fpara("Summary of recommendations", h2, outline=1),
        p("We make six recommendations. We list them here, and repeat each of them in the "
          "chapter to which it relates."),
    ]
    for i, text in enumerate(recs, start=1):
        story.append(fpara(f"Recommendation {i}", label))
        story.append(p(text.format(note=sup(2)), tag=f"sum{i}"))

    def boxed(i: int, note: int | None = None) -> Table:
        text = recs[i - 1].format(note=sup(note) if note else "")
        return flow_box([fpara(f"Recommendation {i}", label), p(text)], width, "#e3f0ed",
                        rule="#00574b", tag=f"rec{i}")

    story += [
        PageBreak(),
        fpara("1. Seizing and prioritising devices", h1, outline=0),
        p("Officers seize digital devices in a wide range of investigations, from "
          "harassment to murder. National guidance says that officers should seize a device "
          "only when it is necessary and proportionate to do so, and that they should "
          "consider whether the evidence they need can be obtained in another way."),
        p("In practice, we found that devices were often seized as a matter of routine. In "
          "61 of the 280 cases we reviewed, there was no record of why a device had been "
          "seized, and in 23 the device was never examined at all. The backlog that this "
          "creates is considerable: across the seven forces, 25,400 devices were waiting for "
          "examination." + sup(3)),
        p("Few forces had an effective triage process. In most, devices were examined in "
          "the order in which they arrived, unless an investigator asked for one to be "
          "treated as urgent. Investigators told us that they had learned to ask for "
          "everything to be treated as urgent, which meant that the label had lost its "
          "meaning."),
        p("The best practice we saw was in a force that used a short assessment, completed "
          "by the investigator and reviewed by an examiner, to decide which devices to "
          "examine, in what order and to what depth. Its backlog had fallen by a third in a "
          "year."),
        boxed(1),
        fpara("2. Protecting privacy", h1, outline=0),
        p("A modern telephone holds a great deal of personal information: messages, "
          "photographs, health data and the details of everyone its owner knows. When a "
          "victim or witness hands over their telephone, they are entitled to expect that "
          "the police will look only at what is relevant to the investigation." + sup(4)),
        p("We found that full extractions, in which everything held on a device is copied, "
          "remained the norm. Examiners told us that selective extraction tools were "
          "available but slow, and that they were unsure what the law required of them. "
          "Some victims told us that they had withdrawn their support for a prosecution "
          "rather than hand over their telephone." + sup(5)),
        p("We believe forces should explain to victims, before they hand over a device, "
          "what will be extracted from it and why. The forces that did so had fewer "
          "withdrawals, although the numbers were too small for us to be sure of the "
          "reason."),
        boxed(2),
        PageBreak(),
        fpara("3. Capability and capacity", h1, outline=0),
        p("Each force buys its own forensic tools: software to extract data from devices, "
          "to analyse it and to present it in court. The same products were bought by "
          "every force we inspected, on different terms and at different prices. One force "
          "paid nearly twice as much as another for the same licence."),
        p("Chief officers told us that they would welcome a national approach, but that "
          "previous attempts had failed because no single body had the authority to make "
          "it happen."),
        boxed(3),
        p("Digital forensic units must be accredited to the standard set by the regulator\u2019s "
          "code of practice." + sup(6) + " Only two of the seven units we visited had "
          "achieved accreditation for all the methods they used. The others told us that "
          "the work needed to gain it competed with the work of examining devices, and "
          "that they did not know when they would be expected to finish it."),
        boxed(4, note=7),
        PageBreak(),
        fpara("4. Victims and the workforce", h1, outline=0),
        p("For many victims, their telephone is their connection to friends, family and "
          "work. When it is taken as evidence, they may be left without any means of "
          "contact for months. Victims\u2019 services told us that few of them had the means "
          "to provide replacement telephones, and that victims were rarely told how long "
          "their own would be kept."),
        boxed(5),
        p("Digital forensic examiners see some of the most distressing material in any "
          "investigation, including images of the sexual abuse of children." + sup(8) + " "
          "Most units offered psychological screening, but attendance was voluntary and "
          "often low, and examiners told us that their managers rarely asked how they were "
          "coping."),
        boxed(6),
        fpara("About our inspection", h1, outline=0),
        p("We inspected Ashbourne Police, Eastfield Constabulary, Harrowgate Police, Kingsmere "
          "Police, Northmoor Police, Southdown Constabulary and Wyvern Constabulary. In each "
          "force we reviewed case files, interviewed officers and staff, and visited the "
          "digital forensic unit."),
    ]
    facts = Table([["Activity", "Number"], ["Case files reviewed", "280"],
                   ["Interviews and focus groups", "166"], ["Forensic units visited", "7"],
                   ["Victims interviewed", "24"]], colWidths=[width * 0.7, width * 0.3])
    facts.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9.5),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 9.5),
        ("BACKGROUND", (0, 0), (-1, 0), HexColor("#d6e6e2")),
        ("GRID", (0, 0), (-1, -1), 0.5, HexColor("#7a8a86")),
    ]))
    story += [facts, Spacer(1, 8), fpara("References", h2, outline=1)]
    # Every marker printed above has its note here (the summary and the chapter copies of
    # recommendation 4 carry markers 2 and 7).
    all_notes = [notes[0], notes[1], notes[2], notes[3], notes[4], notes[5], notes[1],
                 notes[6]]
    for n, text in enumerate(all_notes, start=1):
        story.append(fpara(f"{n}&nbsp;&nbsp;{text}", st["small"]))

    chrome = flow_chrome("Unlocking the evidence: digital forensics inspection",
                         footer="HMICFRS")
    doc.multiBuild(story, onFirstPage=chrome, onLaterPages=chrome)
    doc.require_pages("sum1", [3])
    doc.require_pages("rec4", [doc.tag_pages["rec3"][0]])
    return path


def thematic_mental_health(outdir: Path) -> Path:
    """Platypus thematic in Times with first-line indents: recommendations that run over
    several paragraphs ("This should include:" with a list, "They should also ...",
    "In doing so ..."), narrative paragraphs after items that are not continuations."""
    title = ("A shared responsibility: An inspection of the police response to people in "
             "mental health crisis")
    path = outdir / "thematic_mental_health.pdf"
    doc = FlowDoc(path, title, outline=False, pagesize=A4, leftMargin=72, rightMargin=72,
                  topMargin=70, bottomMargin=66)
    st = flow_styles(font="Times-Roman", bold="Times-Bold", size=11, leading=14.3, after=4,
                     first_indent=16, colour="#1f3a5f")
    body, first, h1, h2, label = st["body"], st["first"], st["h1"], st["h2"], st["label"]
    item_label = ParagraphStyle("item_label", parent=label, fontName="Times-Bold",
                                fontSize=11.5, spaceBefore=10, spaceAfter=2)

    def rec(n: int, paragraphs: list[str], bullets: list[str] | None = None,
            after: list[str] | None = None) -> list[Flowable]:
        """A recommendation: label, first paragraph unindented, continuation paragraphs
        indented like any other paragraph, an optional list, then more paragraphs."""
        tag = f"rec{n}"
        out: list[Flowable] = [fpara(f"Recommendation {n}", item_label),
                               fpara(paragraphs[0], first, tag=tag)]
        out += [fpara(x, body, tag=tag) for x in paragraphs[1:]]
        if bullets:
            out.append(flow_bullets(bullets, st["bullet"], tag=tag))
        out += [fpara(x, body, tag=tag) for x in after or []]
        return out

    story: list[Flowable] = [
        Spacer(1, 30),
        fpara(INSPECTORATE, st["cover"]),
        Spacer(1, 170),
        fpara(title, ParagraphStyle("t", parent=st["title"], fontName="Times-Bold",
                                    fontSize=28, leading=33)),
        fpara("Published: 26 February 2026", st["cover"]),
        PageBreak(),
        fpara("Foreword", h1),
        fpara("Every day, police officers are called to people who are in mental health "
              "crisis. Some are at risk of harming themselves; a few are a risk to others. "
              "Most need care, not policing, and officers are often the only people "
              "available to help them at three o\u2019clock in the morning.", first),
        fpara("In 2018 we reported that the police were too often the service of first "
              "resort for people in crisis. Since then, forces in England have adopted the "
              "Right Care, Right Person approach, under which the police attend only when "
              "there is a risk to life or of serious harm, or a crime. We wanted to find out "
              "whether this approach was working for the people it is meant to help.", body),
        fpara("We found that it has released a great deal of police time, and that in most "
              "areas health and social care services have taken on the calls that the police "
              "no longer attend. But in some areas they have not, and nobody could tell us "
              "what had happened to the people concerned. That is not acceptable.", body),
        fpara("I am grateful to the people with lived experience of mental ill health who "
              "helped us with this inspection, and to the officers, staff and health "
              "professionals who gave us their time.", body),
        Spacer(1, 4),
        fpara("<b>Wendy Carrick</b>, His Majesty\u2019s Inspector of Constabulary", st["left"]),
        fpara("1. Answering the call", h1),
        fpara("Calls about people in mental health crisis make up a significant part of "
              "the demand on police control rooms. Call handlers must decide, often with "
              "little information, whether the police need to attend, whether another "
              "service should, or both.", first),
        fpara("The forces that handled these calls best had mental health professionals in "
              "the control room, or could reach one by telephone at any hour. Their call "
              "handlers told us that this advice gave them the confidence to refer calls to "
              "health services when that was the right response. In forces without it, call "
              "handlers tended to send officers, just in case.", body),
        fpara("We also found that some call handlers had received no training in the Right "
              "Care, Right Person approach, or had been trained so long ago that they had "
              "forgotten it. We believe forces should give call handlers refresher training "
              "at least once a year, and some forces were already doing so.", body),
        *rec(1, ["By 30 June 2026, chief constables should make sure that call handlers can "
                 "get advice from a mental health professional at any time of the day or "
                 "night, so that they can decide whether a police response is needed."]),
        fpara("They told us that such advice was most valuable at night and at weekends, "
              "when other services are harder to reach. Several forces already fund this "
              "advice jointly with their local health services.", body),
        fpara("2. Right Care, Right Person", h1),
        fpara("Under the Right Care, Right Person approach, forces agree with their health "
              "and social care partners which calls the police will no longer attend. We "
              "found that the agreements were generally sound, but that few forces had "
              "checked what happened after a call was passed on.", first),
        fpara("In one force, a partner agency had failed to respond to 14 of the 60 calls "
              "that we traced. Nobody had noticed, because neither organisation was "
              "monitoring the outcomes. In another, the process for escalating a case when a "
              "partner had not responded depended on the goodwill of individual managers.",
              body),
        *rec(2, ["By 31 October 2026, chief constables should review how their forces apply "
                 "the Right Care, Right Person approach to calls about people in mental "
                 "health crisis.",
                 "This should include:"],
             bullets=["an assessment of the calls that the force no longer attends, and of "
                      "what happened to the people concerned;",
                      "the arrangements agreed with local health and social care partners "
                      "for the calls that the police do not attend; and",
                      "a clear process for escalating a case when a partner agency has not "
                      "responded."]),
        fpara("This is not a criticism of the approach itself, which most of the people we "
              "spoke to supported. It is a matter of making sure that it works as intended "
              "for every person in crisis.", body),
        fpara("3. Places of safety", h1),
        fpara("Section 136 of the Mental Health Act 1983 allows a police officer to take a "
              "person who appears to be suffering from a mental disorder to a place of "
              "safety. The law says that a police station should be used only in exceptional "
              "circumstances, and for adults this is now rare.", first),
        fpara("But health-based places of safety are often full, or closed at night, and "
              "officers frequently waited with a detained person for many hours in hospital "
              "emergency departments. In the cases we reviewed, the average wait was seven "
              "hours, and the longest was more than 30 hours. During that time, at least two "
              "officers were unavailable for any other work.", body),
        *rec(3, ["By 31 December 2026, the Department of Health and Social Care and NHS "
                 "England should make sure that every area has a health-based place of "
                 "safety that is available at all times for people detained under section "
                 "136 of the Mental Health Act 1983.",
                 "They should also publish data each quarter on how long people detained by "
                 "the police wait to be admitted to one."]),
        fpara("4. Training and guidance", h1),
        fpara("The College of Policing publishes authorised professional practice on mental "
              "health. It was last updated before most forces adopted the Right Care, Right "
              "Person approach, and officers told us that it did not reflect what they were "
              "now asked to do.", first),
        *rec(4, ["The College of Policing should revise its authorised professional practice "
                 "on mental health to reflect the Right Care, Right Person approach.",
                 "In doing so, it should consult people with lived experience of mental ill "
                 "health, and the organisations that represent them."]),
        fpara("Street triage schemes, in which officers and mental health professionals "
              "respond together, were valued by everyone we spoke to. But most were funded "
              "from one year to the next, and several had closed when their funding ended, "
              "whatever their results.", body),
        *rec(5, ["Within 12 months of the publication of this report, the Home Office and the "
                 "Department of Health and Social Care should jointly review how mental "
                 "health street triage schemes are funded.",
                 "They should publish the findings of the review, and set out which body is "
                 "responsible for evaluating the schemes."]),
        fpara("Finally, we looked at the training given to officers who use the power of "
              "detention under section 136. Few had been trained since they joined the "
              "police, and many were unsure of the limits of the power.", body),
        *rec(6, ["Chief constables and the National Police Chiefs\u2019 Council lead for mental "
                 "health should make sure that officers who detain people under section 136 "
                 "receive refresher training at least every two years."]),
        fpara("This is not a new recommendation. We made a similar one in 2018, and the "
              "progress since then has been slow. We will check it in our PEEL inspections.",
              body),
        fpara("About this inspection", h2),
        fpara("We inspected six forces between March and July 2025. In each force we "
              "listened to calls, reviewed 60 incidents, interviewed officers, staff and "
              "partners, and spoke to people with lived experience of mental ill health.",
              first),
    ]
    chrome = flow_chrome("A shared responsibility: police and mental health",
                         font="Times-Roman", folio="Page {n}")
    doc.build(story, onFirstPage=chrome, onLaterPages=chrome)
    return path


def force_decimal_ashbourne(outdir: Path) -> Path:
    """Platypus force report, ragged right: decimal item numbers (Recommendation 1.1, Area
    for improvement 2.4), numbered causes of concern each followed by its recommendations,
    items between coloured rules, narrative full of "should" that makes no item."""
    title = "Serious and organised crime: An inspection of Ashbourne Police"
    path = outdir / "force_decimal_ashbourne.pdf"
    doc = FlowDoc(path, title, pagesize=A4, leftMargin=70, rightMargin=70, topMargin=72,
                  bottomMargin=64)
    st = flow_styles(size=10, leading=13.5, after=6, colour="#203864")
    left = ParagraphStyle("ragged", parent=st["body"], alignment=TA_LEFT)
    h1, h2 = st["h1"], st["h2"]
    width = A4[0] - 140
    colours = {"Cause of concern": "#8b1e1e", "Recommendation": "#203864",
               "Area for improvement": "#12605a"}

    def p(text: str) -> FlowPara:
        return fpara(text, left)

    def item(kind: str, number: str, text: str) -> Table:
        """An item between two coloured rules: the label on its own line, then the text."""
        colour = colours[kind]
        lab = ParagraphStyle("lab", parent=st["label"], textColor=HexColor(colour),
                             spaceBefore=0, spaceAfter=3)
        box = Table([[[fpara(f"{kind} {number}", lab), fpara(text, left)]]],
                    colWidths=[width])
        box.setStyle(TableStyle([
            ("LINEABOVE", (0, 0), (-1, 0), 1.5, HexColor(colour)),
            ("LINEBELOW", (0, -1), (-1, -1), 0.75, HexColor(colour)),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]))
        box.spaceBefore, box.spaceAfter = 4, 10
        box.tag = f"{kind} {number}"  # type: ignore[attr-defined]
        return box

    story: list[Flowable] = [
        Spacer(1, 36),
        fpara(INSPECTORATE, st["cover"]),
        Spacer(1, 160),
        fpara(title, st["title"]),
        fpara("Published: 8 October 2025", st["cover"]),
        PageBreak(),
        fpara("Summary", h1, outline=0),
        p("Serious and organised crime causes great harm to communities. Organised crime "
          "groups supply drugs and firearms, exploit vulnerable people and launder the "
          "proceeds of their crimes through legitimate businesses. Tackling them requires a "
          "force to understand the threat they pose, to pursue them relentlessly and to "
          "protect the people they exploit."),
        p("We inspected Ashbourne Police in May and June 2025. We found that the force had "
          "some skilled and committed investigators, and that it had taken some serious "
          "offenders off the streets. But its understanding of the threat was out of date, "
          "and it was not doing enough to identify and protect the people whom organised "
          "crime groups exploit."),
        p("We have identified two causes of concern, and we make four recommendations to "
          "address them. We have also identified four areas for improvement. We believe "
          "forces should consider the lessons of this inspection even where their own "
          "arrangements are sound, because many of the problems we found are not unique to "
          "Ashbourne."),
        p("Items in this report are numbered by chapter. Recommendation 1.1, for example, is "
          "the first recommendation in chapter 1."),
        fpara("1. Understanding the threat", h1, outline=0),
        p("National guidance says that forces should refresh their strategic assessment of "
          "serious and organised crime every year, and that the assessment should draw on "
          "information from partner agencies as well as on police intelligence. Ashbourne "
          "Police last completed its assessment in January 2023."),
        p("The force has not mapped the organised crime groups operating in its area since "
          "2022. Analysts told us that they knew of at least nine groups that were not on "
          "the force\u2019s records, and senior leaders acknowledged that the force\u2019s picture "
          "was incomplete. Without it, the force cannot decide where to focus its resources, "
          "or tell whether its activity is reducing the threat."),
        item("Cause of concern", "1",
             "Ashbourne Police does not have a good enough understanding of the threat that "
             "serious and organised crime poses in its area. Its strategic assessment is more "
             "than two years old, and it has not mapped the organised crime groups that "
             "operate in the county since 2022."),
        p("To address this cause of concern, we recommend that the force takes the "
          "following actions."),
        item("Recommendation", "1.1",
             "By 31 March 2026, the force should produce a new strategic assessment of "
             "serious and organised crime that draws on information held by partner agencies "
             "as well as on police intelligence."),
        item("Recommendation", "1.2",
             "By 30 June 2026, the force should map every organised crime group that operates "
             "in its area, and assign a lead officer to each group that is assessed as posing "
             "a high threat."),
        PageBreak(),
        fpara("2. Pursuing offenders", h1, outline=0),
        p("The force has a dedicated serious and organised crime unit of 34 officers and "
          "staff. Its investigators are skilled and determined, and in the last year the "
          "unit has secured the conviction of 41 people for offences including the supply "
          "of controlled drugs and firearms."),
        p("But the unit has only one financial investigator, who told us that she could "
          "support no more than a third of the investigations that needed her. In the other "
          "cases, the proceeds of crime were rarely traced or recovered. Investigators told "
          "us that they should have been able to call on financial expertise as a matter of "
          "course."),
        item("Area for improvement", "2.1",
             "The force should make sure that investigators have access to financial "
             "investigation support in every serious and organised crime investigation."),
        p("Forces use a wide range of tactics to disrupt organised crime groups, from "
          "arrests and seizures to closure orders and visits from licensing officers. We "
          "believe forces should consider using the full range, and should record each "
          "disruption so that they can learn which tactics work. Ashbourne Police records "
          "only arrests and seizures."),
        item("Area for improvement", "2.2",
             "The force should improve how it records the disruption of organised crime "
             "groups, so that it can tell which tactics work."),
        p("Serious crime prevention orders and other ancillary orders can restrict the "
          "activities of offenders after they are released from prison. The force had "
          "applied for only two such orders in the last three years. Officers told us that "
          "they did not know how to apply for them, and that they believed the courts "
          "should be more willing to grant them."),
        item("Area for improvement", "2.3",
             "The force should make better use of ancillary orders, such as serious crime "
             "prevention orders, to restrict the activities of offenders when they are "
             "released from prison."),
        p("The regional organised crime unit takes on the most complex investigations in "
          "the region. We found that the force and the unit did not agree on which cases "
          "the unit should take, and that some cases had been passed between them for "
          "several weeks before anyone took responsibility for them."),
        item("Area for improvement", "2.4",
             "The force should agree with the regional organised crime unit clear criteria "
             "for the cases that the unit will take on."),
        fpara("3. Protecting people from exploitation", h1, outline=0),
        p("Organised crime groups exploit vulnerable people: children who are made to carry "
          "drugs, and adults who are trafficked to work in cannabis farms, nail bars and car "
          "washes. During our inspection, officers visited 17 premises linked to organised "
          "crime groups. In 11 of them, they found people working who may have been victims "
          "of modern slavery. Only three were referred to the National Referral Mechanism."),
        p("Staff told us that officers should be better at recognising the signs of "
          "exploitation, and we agree. But the problem is also one of leadership: the force "
          "has no lead for modern slavery, and no process for making sure that the people "
          "found in these premises are safeguarded."),
        item("Cause of concern", "2",
             "The force is not doing enough to identify and protect people who are exploited "
             "by organised crime groups, including children and adults who are made to work "
             "in cannabis farms, nail bars and car washes."),
        item("Recommendation", "3.1",
             "With immediate effect, the force should make sure that every person found "
             "working in premises linked to an organised crime group is assessed as a "
             "possible victim of modern slavery."),
        item("Recommendation", "3.2",
             "By 31 December 2025, the force and the local authorities in its area should "
             "agree a joint protocol for safeguarding adults who are exploited by organised "
             "crime groups."),
        fpara("4. Next steps", h1, outline=0),
        p("We have asked the force to send us, by 30 November 2025, its plan for addressing "
          "the causes of concern. We will revisit the force within six months of the "
          "publication of this report to assess its progress, and we will report on the "
          "areas for improvement in our next PEEL inspection."),
        fpara("About the data", h2, outline=1),
        p("The figures in this report were provided by the force and have not been audited. "
          "Where we have used national data, we say so."),
    ]
    chrome = flow_chrome("Serious and organised crime: Ashbourne Police", footer="HMICFRS",
                         colour="#203864")
    doc.build(story, onFirstPage=chrome, onLaterPages=chrome)
    return path


def revisit_letter_southdown(outdir: Path) -> Path:
    """Platypus revisit letter in Times: earlier recommendations quoted with their status on
    the same line (bold "Status: ..." after the text, or a bold prefix before it: Met,
    Partially met, Not met), a cause of concern mentioned only in narrative, a new cause of
    concern with its recommendations (chief constable, PCC, APCC), new areas for improvement,
    "within 30 days of publication", "within 12 weeks", "by the end of June 2026"."""
    title = "Revisit of Southdown Constabulary\u2019s response to domestic abuse"
    path = outdir / "revisit_letter_southdown.pdf"
    doc = FlowDoc(path, title, outline=False, pagesize=A4, leftMargin=76, rightMargin=76,
                  topMargin=60, bottomMargin=64)
    st = flow_styles(font="Times-Roman", bold="Times-Bold", size=11.5, leading=14.5,
                     after=7, colour="#000000")
    body, left = st["body"], st["left"]
    right = ParagraphStyle("right", parent=left, alignment=2, spaceAfter=0)
    subject = ParagraphStyle("subject", parent=left, fontName="Times-Bold", fontSize=13,
                             leading=17, spaceBefore=10, spaceAfter=10)
    sub = ParagraphStyle("sub", parent=left, fontName="Times-Bold", fontSize=11.5,
                         spaceBefore=10, spaceAfter=4, keepWithNext=1)
    quote = ParagraphStyle("quote", parent=body, leftIndent=22, rightIndent=10)

    def p(text: str, style: ParagraphStyle = body) -> FlowPara:
        return fpara(text, style)

    def label(text: str) -> FlowPara:
        return fpara(f"<b>{text}</b>", ParagraphStyle("lab", parent=left, spaceBefore=6,
                                                      spaceAfter=2, keepWithNext=1))

    story: list[Flowable] = [
        fpara(f"<b>{INSPECTORATE}</b>", right),
        fpara("Rosalind House, 12 Tenter Street, London E1 8QT", right),
        fpara("Telephone 0300 071 6000", right),
        Spacer(1, 24),
        p("Mr Neil Ashworth QPM<br/>Chief Constable<br/>Southdown Constabulary<br/>"
          "Police Headquarters<br/>Lewes Road, Brightling BN7 2DZ", left),
        Spacer(1, 10),
        p("14 November 2025", left),
        Spacer(1, 6),
        p("Dear Chief Constable,", left),
        fpara(title, subject),
        p("In our PEEL inspection of Southdown Constabulary, published in May 2024, we "
          "identified a cause of concern about the force\u2019s response to victims of "
          "domestic abuse. We made three recommendations to address it, and we also "
          "identified two areas for improvement."),
        p("We revisited the force between 8 and 12 September 2025 to assess its progress. "
          "We reviewed 90 domestic abuse incidents and interviewed officers, staff and "
          "representatives of local support services. This letter sets out what we found."),
        p("For each of our earlier recommendations and areas for improvement, we give our "
          "assessment of the force\u2019s progress as met, partially met or not met."),
        fpara("Our 2024 recommendations", sub),
        label("Recommendation 1"),
        p("<i>By 31 August 2024, the force should make sure that it attends domestic abuse "
          "incidents within the times set out in its own attendance policy, and that it tells "
          "victims when attendance will be delayed.</i> <b>Status: Partially met</b>", quote),
        p("The force now attends 84 percent of emergency domestic abuse incidents within its "
          "target time, up from 61 percent. But victims whose calls were graded as "
          "non-urgent still waited too long, and in 12 of the 30 such incidents we reviewed "
          "there was no record that the victim had been told of the delay."),
        label("Recommendation 2"),
        p("<b>Status: Met</b> \u2013 <i>By 31 August 2024, the force should make sure that "
          "officers complete a domestic abuse risk assessment at every incident, and that a "
          "supervisor reviews each assessment within 24 hours.</i>", quote),
        p("Officers completed a risk assessment in 88 of the 90 incidents we reviewed, and "
          "supervisors had reviewed all but three of them within 24 hours."),
        label("Recommendation 3"),
        p("<i>By 31 December 2024, the force should make sure that it considers a domestic "
          "violence protection notice in every case in which the conditions for one are "
          "met, and records its reasons whenever it decides not to apply for one.</i> "
          "<b>Status: Not met</b>", quote),
        p("The force issued 23 notices in the year to August 2025, fewer than in the year "
          "before. In most of the cases we reviewed in which the conditions were met, there "
          "was no record that a notice had been considered."),
        fpara("Our 2024 areas for improvement", sub),
        label("Area for improvement 1"),
        p("<b>Met.</b> <i>The force should make sure that officers use body-worn video at "
          "every domestic abuse incident they attend.</i>", quote),
        p("Officers had used body-worn video at 86 of the 90 incidents we reviewed."),
        label("Area for improvement 2"),
        p("<b>Not met.</b> <i>The force should improve the way it shares information about "
          "high-risk victims with the multi-agency risk assessment conference.</i>", quote),
        p("Referrals to the conference were still often incomplete, and partner agencies "
          "told us that they could not rely on the information the force provided."),
        fpara("What we found", sub),
        p("The force has made progress. It has created a domestic abuse hub that reviews "
          "every high-risk case the morning after the incident, and victims we spoke to "
          "were positive about the officers who had helped them. We have therefore closed "
          "the cause of concern we identified in 2024."),
        p("But we found a new and serious problem. When a suspect had left the scene before "
          "officers arrived, the force rarely made any further effort to find them. In 31 "
          "of the 90 incidents we reviewed, the suspect had not been arrested, and in 19 of "
          "these there was no record of any attempt to trace them. Some of these suspects "
          "went on to commit further offences against the same victim."),
        fpara("New cause of concern", sub),
        p("Southdown Constabulary is not doing enough to safeguard victims of domestic abuse "
          "when the suspect has not been arrested. Officers do not consistently try to trace "
          "suspects who have left the scene, and the force does not know how many such "
          "suspects are outstanding."),
        fpara("Recommendations", sub),
        label("Recommendation 1"),
        p("Within 30 days of publication, the chief constable should write to the police "
          "and crime commissioner setting out how the force will safeguard victims whose "
          "suspects have not been arrested."),
        label("Recommendation 2"),
        p("Within 12 weeks, the force should make sure that every outstanding suspect in a "
          "domestic abuse case is circulated as wanted on the Police National Computer, and "
          "that a supervisor reviews each case every week until the suspect is found."),
        label("Recommendation 3"),
        p("By the end of June 2026, the police and crime commissioner should commission an "
          "independent review of the support available to victims of domestic abuse in "
          "Southdown."),
        label("Recommendation 4"),
        p("The Association of Police and Crime Commissioners should share the findings of "
          "that review with all police and crime commissioners, so that they can decide "
          "whether similar reviews are needed in their areas."),
        label("Recommendation 5"),
        p("By 31 March 2026, the chief constable and the police and crime commissioner "
          "should agree a joint plan for improving the quality of the information shared "
          "with the multi-agency risk assessment conference."),
        fpara("Areas for improvement", sub),
        p("We have also identified two new areas for improvement."),
        label("Area for improvement 1"),
        p("The force should improve the information it gives to victims of domestic abuse "
          "about the progress of their cases."),
        label("Area for improvement 2"),
        p("The force should make sure that officers record the views of children who are "
          "present at domestic abuse incidents."),
        fpara("Next steps", sub),
        p("We will revisit the force in 2026 to assess its progress against the new cause "
          "of concern. The force should also be aware that we will follow up the "
          "recommendations that are partially met or not met as part of that revisit."),
        p("I am copying this letter to the police and crime commissioner for Southdown."),
        Spacer(1, 8),
        p("Yours sincerely,", left),
        Spacer(1, 22),
        p("<b>Michelle Okafor</b><br/>His Majesty\u2019s Inspector of Constabulary", left),
    ]

    def chrome(c: Canvas, d: SimpleDocTemplate) -> None:
        c.saveState()
        c.setFont("Times-Roman", 9)
        c.setFillColor(HexColor("#333333"))
        c.drawCentredString(A4[0] / 2, 36, f"{c.getPageNumber()}")
        c.restoreState()

    doc.build(story, onFirstPage=chrome, onLaterPages=chrome)
    return path


def landscape_roads(outdir: Path) -> Path:
    """Landscape report with a sidebar of pull quotes (one beside an item), different
    running headers on odd and even pages, footnotes on most pages (one inside an item),
    ligature glyphs and curly quotes in item texts, and an item that breaks mid-sentence
    over a page with the footnote block between its two parts."""
    _register_vera()
    t = Theme(font="Vera", bold="VeraBd", italic="VeraIt", size=9.6, leading=14.2,
              para_gap=6.5, h_sizes=(17, 12.5, 10.5), h_color="#6b2d5c", ligatures=True,
              header="Every collision matters: roads policing and collision investigation",
              header_even="HMICFRS  |  Roads policing inspection", footer_left="",
              folio_format="{n}", folio_align="center", margin_x=54, margin_top=64,
              margin_bottom=56, page_size=landscape(A4), sidebar=236, aside_size=14.5,
              aside_color="#6b2d5c", fn_size=7.2)
    title = ("Every collision matters: An inspection of roads policing and the investigation "
             "of fatal and serious collisions")
    doc = Doc(t, title)
    cover(doc, title, "Published: 22 October 2025", band="#6b2d5c", title_font="VeraBd",
          title_size=24, body_font="Vera", kicker="National thematic inspection")

    def rec(n: int, text: str, aside: str | None = None) -> None:
        doc.heading(f"Recommendation {n}", level=3, outline=False)
        doc.para(text, before=3, tag=f"rec{n}", aside=aside)

    doc.heading("Summary")
    doc.para(
        "Every year, about 1,700 people are killed on the roads of England and Wales, and "
        "nearly 30,000 are seriously injured.{fn:Department for Transport, Reported road "
        "casualties in Great Britain, annual report for 2024.} Each of these collisions "
        "is investigated by the police, and for the families of those who die, the "
        "investigation is often their first and most painful contact with the criminal "
        "justice system.",
        aside="\u201cI had to find out from a neighbour that my son had died.\u201d "
              "\u2014 Bereaved mother")
    doc.para(
        "We inspected roads policing and collision investigation in six forces. We found "
        "skilled and dedicated investigators, and some excellent support for bereaved "
        "families. But we also found that the number of specialist investigators had "
        "fallen in four of the six forces, that some investigations waited months for "
        "forensic work, and that families were not always told what was happening.")
    doc.para(
        "Forces do not record serious injuries in the same way, so nobody can say with "
        "confidence whether the roads are becoming safer. Funding for specialist forensic "
        "work is fragmented, and the arrangements for early advice from prosecutors vary "
        "from one area to the next.{fn:The Crown Prosecution Service offers early "
        "investigative advice in serious and complex cases; see its guidance on the "
        "charging of road traffic offences.}")
    doc.para(
        "We make five recommendations. Three are for chief constables; the others are for "
        "national bodies.")

    doc.page_break()
    doc.heading("1. Investigating collisions")
    doc.para(
        "A fatal collision is investigated with the same rigour as any other unexplained "
        "death. National guidance requires that the investigation is led by a trained "
        "senior investigating officer, and that the scene is examined by a forensic "
        "collision investigator.{fn:College of Policing, Authorised professional practice: "
        "Road policing, investigating road deaths.} In most of the cases we reviewed, this "
        "happened. But in 14 of the 120 fatal collisions we examined, the investigation had "
        "been led by an officer who had not completed the relevant training, usually "
        "because no trained officer was on duty.")
    doc.para(
        "Forensic collision investigators examine the scene, the vehicles and any data "
        "the vehicles hold. Their number had fallen in four forces, and in two it had "
        "fallen by more than a quarter. The remaining investigators worked long hours and "
        "were frequently called from home at night.")
    rec(1,
        "By 30 April 2026, chief constables should make sure that every fatal and "
        "life-changing collision is investigated by an officer who is trained and "
        "accredited to lead such investigations, and that the scene is examined by a "
        "qualified forensic collision investigator.",
        aside="\u201cFamilies should never have to chase us for answers.\u201d "
              "\u2014 Senior investigating officer")
    doc.para(
        "Forces record the severity of injuries in collisions differently. Some use an "
        "injury-based reporting system, in which officers record the injury itself; others "
        "rely on the judgment of the officer at the scene.{fn:An injury-based system was "
        "introduced by most forces between 2016 and 2023.} As a result, the figures for "
        "serious injuries cannot be compared between forces or over time.")
    rec(2,
        "The National Police Chiefs\u2019 Council lead for roads policing should work with the "
        "College of Policing to publish a national definition of a \u2018life-changing\u2019 "
        "injury, so that forces record serious collisions in the same way and their "
        "figures can be compared.")

    doc.page_break()
    doc.heading("2. Funding and capability")
    doc.para(
        "The cost of investigating a fatal collision can be considerable, particularly "
        "when the vehicles involved must be examined by a specialist laboratory. Forces "
        "told us that they had delayed sending vehicles for examination while they argued "
        "with other organisations about who should pay.{fn:In one case, a vehicle waited "
        "11 weeks in a police pound while the cost of its examination was disputed.}")
    doc.para(
        "We found no agreed national position on how this work should be funded. Several "
        "chief officers told us that they would welcome one, and that the absence of one "
        "was causing delay in some of the most serious investigations they dealt with.")
    rec(3,
        "By 31 December 2026, the Department for Transport and the Home Office should "
        "agree how the cost of forensic collision reconstruction{fn:Forensic collision "
        "reconstruction is the scientific analysis of how a collision happened, using "
        "evidence from the scene, the vehicles and any recorded data.} is met, so that no "
        "investigation is delayed by a dispute about funding.")
    doc.para(
        "Roads policing units also support other police work, such as the disruption of "
        "criminals who use the roads. In two forces, we found that roads policing officers "
        "spent more than a third of their time on other duties, which left the units unable "
        "to meet their own targets for enforcement.")

    doc.page_break()
    doc.heading("3. Supporting bereaved families")
    doc.para(
        "When someone dies in a road collision, their family is entitled to the support of "
        "a family liaison officer. These officers explain how the investigation will "
        "proceed, keep the family informed, and act as a link between the family and the "
        "senior investigating officer.{fn:Victims\u2019 Code, right 4: the right to be "
        "referred to services that support victims.} The families we spoke to valued "
        "their family liaison officers highly, and several described them as the only "
        "people who had treated them with real kindness.")
    doc.para(
        "But the support was not consistent. In some cases, families waited several days "
        "for a family liaison officer to be appointed, and some told us that they had "
        "never been told what support they could expect. In others, the officer was "
        "changed part-way through the investigation, and the family had to tell their "
        "story again to a stranger.")
    doc.para(
        "Family liaison officers told us that they were often given the role on top of "
        "their usual duties, and that they found it hard to give families the time they "
        "needed. Few had received any support for their own welfare, although the work "
        "exposed them to a great deal of grief.")
    doc.para(
        "We also found that families were rarely told why officers needed to keep the "
        "scene closed, or their relative\u2019s vehicle and belongings, for so long. Some "
        "families said that this silence had added to their distress.{fn:Roads charity "
        "survey of bereaved families, 2024.}")
    doc.para(
        "The forces that explained these things well did so early, in person and in "
        "writing. Their family liaison officers told families at the first meeting how "
        "long the scene was likely to stay closed, what would happen to the vehicle, and "
        "when they could expect to hear from the senior investigating officer. Families "
        "supported in this way told us that they had felt informed and respected, even "
        "when the news they were given was hard to hear. One father showed us the short "
        "note he had been given in the first week; he said it was the one thing from that "
        "time that he had kept.")
    rec(4,
        "With immediate effect, chief constables should make sure that every family "
        "bereaved by a road collision is offered a trained family liaison officer within "
        "24 hours of the death, that the officer confirms in writing what support the "
        "family can expect from the force and from the Crown Prosecution Service, and that "
        "the officer explains to the family, in plain language, what the \u201cgolden "
        "hour\u201d of an investigation is and why officers may need to keep the family\u2019s "
        "vehicle and belongings for some time.")
    doc.para(
        "Several forces have begun to give families a written guide to the investigation. "
        "The best we saw was short, clearly written and reviewed by bereaved families "
        "themselves before it was published.")

    doc.heading("4. Prosecution")
    doc.para(
        "Cases of causing death by dangerous or careless driving are among the most "
        "complex that the police and the Crown Prosecution Service deal with. Early advice "
        "from a prosecutor can help investigators to focus on the evidence that matters, "
        "but we found that the arrangements for it varied widely.{fn:In three of the six "
        "areas, early advice was available only after a suspect had been interviewed.}",
        aside="\u201cThe first hour decides everything.\u201d \u2014 Forensic collision "
              "investigator")
    rec(5,
        "Within three months of the publication of this report, the Crown Prosecution "
        "Service and the National Police Chiefs\u2019 Council should agree a protocol for "
        "early investigative advice in cases of death by dangerous or careless driving.")

    doc.heading("About this inspection", level=2)
    doc.para(
        "We inspected six forces between February and June 2025. We reviewed 120 fatal "
        "collision investigations, interviewed officers, staff and prosecutors, and spoke "
        "to 31 bereaved families through a charity that supports them.")

    path = outdir / "landscape_roads.pdf"
    doc.save(path)
    doc.require_pages("rec4", [5, 6])
    # The first part of recommendation 4 sits above a footnote block.
    if not doc.page_notes[5 - 2]:
        raise AssertionError(f"{title}: no footnotes on page 5")
    return path


def joint_numbered_knife_crime(outdir: Path) -> Path:
    """Platypus joint inspection in the numbered-paragraph style: every narrative paragraph
    has a hanging number ("2.3") in the left gutter, and each recommendation has its label
    ("Recommendation 4") hanging in the same gutter beside its first line; the
    recommendations are also listed as a numbered list near the front; Welsh Government,
    Department for Education and local authorities as addressees."""
    title = ("Serious youth violence: A joint inspection of how police forces and their "
             "partners tackle knife crime")
    path = outdir / "joint_numbered_knife_crime.pdf"
    doc = FlowDoc(path, title, outline=False, pagesize=A4, leftMargin=58, rightMargin=66,
                  topMargin=68, bottomMargin=64)
    st = flow_styles(size=10, leading=13.6, after=5, colour="#004c6d")
    gutter = 92
    numbered = ParagraphStyle("numbered", parent=st["body"], leftIndent=gutter,
                              bulletIndent=0, bulletFontName="Helvetica",
                              bulletFontSize=10)
    labelled = ParagraphStyle("labelled", parent=numbered, bulletFontName="Helvetica-Bold",
                              bulletFontSize=9.5, spaceBefore=4, spaceAfter=8,
                              textColor=HexColor("#004c6d"))
    h1 = ParagraphStyle("jh1", parent=st["h1"], leftIndent=0)
    h2 = ParagraphStyle("jh2", parent=st["h2"], leftIndent=gutter)
    plain = ParagraphStyle("plain", parent=st["body"], leftIndent=gutter)
    counters = {"chapter": 0, "para": 0}

    def chapter(text: str) -> FlowPara:
        counters["chapter"] += 1
        counters["para"] = 0
        return fpara(f"{counters['chapter']}. {text}", h1, outline=0)

    def np_(text: str) -> Paragraph:
        counters["para"] += 1
        return Paragraph(text, numbered, bulletText=f"{counters['chapter']}.{counters['para']}")

    recs = [
        "By 31 May 2026, chief constables should make sure that every child found carrying a "
        "knife is referred to the local youth justice service within 48 hours.",
        "The Department for Education and the Welsh Government should issue guidance to "
        "schools on when to tell the police that a pupil has been found with a knife.",
        "By the end of 2026, the Home Office should publish an evaluation of the serious "
        "violence duty, including how local authorities and police forces have worked "
        "together under it.",
        "Chief constables and local authorities should make sure that the information they "
        "share about children at risk of serious violence is reviewed at least once a "
        "month.",
        "Within six months, the National Police Chiefs\u2019 Council lead for knife crime "
        "should publish guidance for forces on the use of knife arches and other search "
        "methods in schools.",
    ]

    def rec(n: int) -> FlowPara:
        para = FlowPara(recs[n - 1], labelled, bulletText=f"Recommendation {n}")
        para.tag = f"rec{n}"
        return para

    story: list[Flowable] = [
        Spacer(1, 30),
        fpara(INSPECTORATE + " and HM Inspectorate of Probation", st["cover"]),
        Spacer(1, 150),
        fpara("Joint thematic inspection", st["kicker"]),
        fpara(title, st["title"]),
        fpara("Published: 11 March 2026", st["cover"]),
        PageBreak(),
        fpara("Summary", h1, outline=0),
        fpara("Knife crime devastates families and communities, and the victims and "
              "perpetrators are increasingly young. This joint inspection looked at how "
              "police forces, youth justice services, schools and local authorities work "
              "together to prevent it.", plain),
        fpara("We found committed people in every agency, and some promising joint work. "
              "But information about children at risk was not shared quickly enough, and "
              "schools were often unsure when to involve the police.", plain),
        fpara("Our recommendations", h2),
        fpara("We make five recommendations:", plain),
        ListFlowable([ListItem(fpara(r, st["bullet"], tag=f"sum{i}"), leftIndent=18)
                      for i, r in enumerate(recs, start=1)],
                     bulletType="1", bulletFormat="%s.", leftIndent=gutter + 18,
                     bulletFontSize=10, spaceAfter=6),
        PageBreak(),
        chapter("Identifying children at risk"),
        np_("Most of the children we met who had carried a knife told us that they did so "
            "because they were afraid. Many had been victims of violence themselves, and "
            "several had been exploited by adults who supplied drugs."),
        np_("When the police find a child with a knife, they should consider whether the "
            "child is at risk as well as whether an offence has been committed. In the "
            "cases we reviewed, this happened in fewer than half."),
        np_("Youth justice services told us that referrals from the police often arrived "
            "days or weeks after the event, by which time the chance to intervene had "
            "passed."),
        rec(1),
        np_("Schools play a vital part. Head teachers told us that they were unsure when "
            "they should involve the police, and that the guidance available to them was "
            "out of date. Some called the police for every incident; others never did."),
        rec(2),
        chapter("Working together"),
        np_("The serious violence duty requires police forces, local authorities and other "
            "bodies to work together to prevent serious violence. The partnerships we "
            "visited had produced strategies, but few could show what difference the duty "
            "had made."),
        np_("We believe every partnership should set out how it will measure its progress, "
            "and we were pleased to see that two of the six areas had begun to do so."),
        rec(3),
        np_("Information sharing remained the greatest weakness. In four of the six areas, "
            "the lists of children at risk held by the police and by the local authority "
            "did not match, and nobody had reconciled them."),
        rec(4),
        chapter("Searching for weapons"),
        np_("Some schools have asked the police to use knife arches or to search pupils. "
            "These methods may deter some children from carrying knives, but they can also "
            "damage trust between young people and the police, and there is little national "
            "guidance on when they are appropriate."),
        rec(5),
        np_("We will follow up these recommendations through our inspection programmes, and "
            "we expect the agencies concerned to tell us how they intend to respond."),
    ]

    def chrome(c: Canvas, d: SimpleDocTemplate) -> None:
        n = c.getPageNumber()
        if n == 1:
            return
        c.saveState()
        c.setFillColor(HexColor("#004c6d"))
        c.rect(0, A4[1] - 30, A4[0], 30, stroke=0, fill=1)
        c.setFillColor(HexColor("#ffffff"))
        c.setFont("Helvetica-Bold", 8.5)
        c.drawString(58, A4[1] - 19, "Serious youth violence")
        c.setFillColor(HexColor("#333333"))
        c.setFont("Helvetica", 8.5)
        c.drawRightString(A4[0] - 66, 34, f"Page {n} of {total}")
        c.restoreState()

    total = 3  # printed in every footer, so checked after the build
    doc.build(story, onFirstPage=chrome, onLaterPages=chrome)
    if doc.page_count != total:
        raise AssertionError(f"{title}: {doc.page_count} pages, footers say {total}")
    return path


def two_frame_westmarch(outdir: Path) -> Path:
    """Platypus force report on two-column page templates (text fills the left column,
    then the right, unbalanced): a cause of concern under a heading with its
    recommendations as a numbered list, unnumbered areas for improvement as plain
    paragraphs under an "Areas for improvement" heading followed by narrative, and an item
    running from the foot of the left column into the right one."""
    from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageTemplate

    title = "Custody and detention: An inspection of Westmarch Police"
    path = outdir / "two_frame_westmarch.pdf"
    w, h = A4
    margin, gap, top, bottom = 50.0, 20.0, 64.0, 60.0
    col = (w - 2 * margin - gap) / 2

    tag_pages: dict[str, list[int]] = {}

    class TwoFrameDoc(BaseDocTemplate):
        def afterFlowable(self, flowable: Flowable) -> None:  # a platypus hook
            tag = getattr(flowable, "tag", None)
            if tag:
                pages = tag_pages.setdefault(tag, [])
                page = self.canv.getPageNumber()
                if page not in pages:
                    pages.append(page)

    doc = TwoFrameDoc(str(path), pagesize=A4, title=title, author="HMICFRS", invariant=1,
                      pageCompression=1)

    def chrome(c: Canvas, d: BaseDocTemplate) -> None:
        n = c.getPageNumber()
        if n == 1:
            return
        c.saveState()
        c.setFont("Helvetica", 8)
        c.setFillColor(HexColor("#5a3d00"))
        c.drawString(margin, h - 38, "Westmarch Police: custody and detention")
        c.drawRightString(w - margin, 30, str(n))
        c.restoreState()

    cover_frame = Frame(margin, bottom, w - 2 * margin, h - top - bottom, id="cover")
    cols = [Frame(margin + k * (col + gap), bottom, col, h - top - bottom, id=f"col{k}",
                  leftPadding=0, rightPadding=0) for k in range(2)]
    doc.addPageTemplates([PageTemplate("cover", [cover_frame], onPage=chrome),
                          PageTemplate("body", cols, onPage=chrome)])
    st = flow_styles(size=9.5, leading=12.6, after=5, colour="#5a3d00")
    body, h1, h2 = st["body"], st["h1"], st["h2"]
    h1 = ParagraphStyle("wh1", parent=h1, fontSize=15, leading=18)

    def p(text: str, tag: str | None = None) -> FlowPara:
        return fpara(text, body, tag=tag)

    story: list[Flowable] = [
        Spacer(1, 40),
        fpara(INSPECTORATE, st["cover"]),
        Spacer(1, 150),
        fpara(title, st["title"]),
        fpara("Published 30 January 2026", st["cover"]),
        NextPageTemplate("body"),
        PageBreak(),
        fpara("Summary", h1),
        p("We carried out an unannounced inspection of custody in Westmarch Police in "
          "September 2025. The force has two custody suites, which together held about "
          "9,000 people in the year before our visit."),
        p("Most detainees were treated with respect. But we found that the force did not "
          "always protect the rights of children in custody, and that detainees with mental "
          "ill health sometimes waited too long for an assessment."),
        p("We have identified one cause of concern, with two recommendations, and three "
          "areas for improvement."),
        fpara("Cause of concern", h2),
        p("Children were held in custody for too long after they had been charged and "
          "refused bail. The force rarely asked the local authority for alternative "
          "accommodation, and when it did, the request was often made late at night. In "
          "the year before our inspection, 41 children were held overnight after being "
          "charged.", tag="coc"),
        fpara("Recommendations", h2),
        ListFlowable([
            ListItem(p("Within three months, the force should make sure that custody "
                       "sergeants ask the local authority for alternative accommodation "
                       "as soon as a child is charged and refused bail, and that every "
                       "request and its outcome are recorded.", tag="rec1"), leftIndent=14),
            ListItem(p("The force and the local authorities in its area should agree a "
                       "protocol for providing secure and non-secure accommodation for "
                       "children at any time of the day or night, and should review how "
                       "well it is working at least every six months.", tag="rec2"),
                     leftIndent=14),
        ], bulletType="1", bulletFormat="%s.", leftIndent=14, bulletFontSize=9.5,
            spaceAfter=6),
        fpara("Leadership and accountability", h1),
        p("A chief inspector leads custody and reports to the head of criminal justice. "
          "Custody managers meet every month to review performance, and the independent "
          "custody visitor scheme is well established."),
        p("However, the data that the force collects about custody is limited. It could "
          "tell us how many people had been detained, but not how long children had been "
          "held after charge or how often force had been used. Leaders should have this "
          "information if they are to understand the problems we found."),
        fpara("Areas for improvement", h2),
        p("The force should improve the data it collects about custody, so that leaders "
          "can see how long children are held after charge and how often force is used "
          "against detainees.", tag="afi1"),
        p("The force should make sure that detainees with mental ill health are assessed "
          "by a mental health professional without delay, that any delay is recorded "
          "with its reason, and that it works with the local mental health trust to "
          "reduce the time that detainees wait.", tag="afi2"),
        p("The force should make sure that every detainee is told, in a language they "
          "understand, how to complain about their treatment in custody.", tag="afi3"),
        p("We will check the force\u2019s progress against these areas for improvement in "
          "our next inspection."),
        fpara("Individual rights", h1),
        p("Custody sergeants explained detainees\u2019 rights clearly, and interpreters were "
          "available by telephone. Detainees had prompt access to legal advice, and most "
          "told us that they had been treated fairly."),
        p("Appropriate adults were usually called promptly for children and vulnerable "
          "adults, but in the evenings and at weekends they sometimes took several hours "
          "to arrive. The force had raised this with the local authority, which runs the "
          "service, and a new rota was being introduced at the time of our inspection."),
        fpara("Health care", h1),
        p("Health care was provided by a contracted provider. Health care professionals "
          "were on site at both suites at all times, and detainees who needed to see one "
          "were usually seen within an hour. Medicines were stored and recorded safely."),
        p("Mental health services were less responsive. Detainees who needed a mental "
          "health assessment waited, on average, more than five hours, and the longest "
          "wait we found was 19 hours."),
        fpara("Detainee care", h1),
        p("Cells were clean and free of graffiti, and most were in good repair. Detainees "
          "were given food and drink at regular intervals, and those held overnight were "
          "offered a shower. Few were offered anything to read, and the exercise yards at "
          "both suites were rarely used."),
        p("Staff were attentive to detainees with particular needs. We saw a custody "
          "sergeant arrange for a detainee\u2019s medication to be collected from his home, "
          "and detention officers took care to explain to a frightened young woman what "
          "would happen to her next."),
        fpara("Release and transfer", h1),
        p("Pre-release risk assessments were completed for almost all detainees, and those "
          "who were vulnerable were given information about support services. Staff made "
          "sure that detainees released late at night had a safe way to get home."),
        p("Transfers to court were generally on time, but on several occasions detainees "
          "had been kept in custody over a weekend because the court could not take them "
          "on a Saturday. The force had raised this with the court service."),
        p("Detainees who were transferred to hospital were escorted by officers who knew "
          "their risks, and the handover to hospital staff was well recorded in the cases "
          "we reviewed. Detainees who were released under investigation were told what "
          "this meant, although few were told when they could expect to hear more."),
        p("Our inspection methodology and expectations are published on our website."),
    ]
    doc.build(story)
    for tag, pages in (("coc", [2]), ("afi1", [2])):
        if tag_pages.get(tag) != pages:
            raise AssertionError(f"{title}: {tag} on {tag_pages.get(tag)}, wanted {pages}")
    return path


# --------------------------------------------------------------------------------------
# A long report for the speed benchmark (not committed).
# --------------------------------------------------------------------------------------

_TOPICS = [
    "Crime recording", "Domestic abuse", "Stalking and harassment", "Police custody",
    "Vetting and counter-corruption", "Neighbourhood policing", "Fraud",
    "Child criminal exploitation", "Missing people", "Roads policing",
    "Contact management", "Serious violence",
]
_SENTENCES = [
    "We reviewed a sample of cases in each force we visited.",
    "Officers and staff were committed to giving victims a good service.",
    "Supervisors did not always review the work of their teams often enough.",
    "The force had a clear plan, but it had not yet been put into practice.",
    "Partner agencies told us that the force was a reliable and willing partner.",
    "Data about demand was incomplete, which made it hard for leaders to plan.",
    "Some teams carried heavy workloads, and several investigators told us they felt "
    "overwhelmed.",
    "Victims we spoke to were generally positive about the officers who dealt with them.",
    "Training had improved since our last inspection, although not every officer had "
    "completed it.",
    "The quality of risk assessments varied between departments.",
    "Leaders had recognised the problem and had begun work to address it.",
    "In several cases, there was no record that the victim had been kept informed.",
    "The force used its performance framework to hold managers to account.",
    "We found good examples of problem-solving in neighbourhood teams.",
    "Information was not always shared promptly with other agencies.",
    "The use of technology to support investigations was limited.",
]
_ADDRESSEES = [
    "chief constables", "the Home Office", "the College of Policing",
    "the National Police Chiefs\u2019 Council", "police and crime commissioners",
    "the National Crime Agency",
]
_DEADLINES = ["By 31 March 2026, ", "By September 2026, ", "By the end of 2026, ",
              "Within six months, ", "With immediate effect, ", ""]
_ACTIONS = [
    "make sure that every investigation is supervised in line with national guidance",
    "review the training given to frontline officers and staff",
    "publish data about the outcomes achieved for victims",
    "improve the quality of the information shared with partner agencies",
    "make sure that risk assessments are completed and reviewed promptly",
    "agree a national standard for recording this information",
]


def _long_doc(chapters: int, seed: int = 7) -> Doc:
    rnd = random.Random(seed)
    t = Theme(header="Sample long report: inspection findings", footer_left="HMICFRS")
    title = "An inspection of police effectiveness: a long sample report"
    doc = Doc(t, title)
    cover(doc, title, "Published: 1 December 2025")
    doc.heading("Contents", outline=False)
    contents_at = len(doc.lines)
    doc.page_break()
    keys: list[tuple[str, str]] = []
    rec = afi = 0

    def sentences(n: int) -> str:
        return " ".join(rnd.choice(_SENTENCES) for _ in range(n))

    for ch in range(chapters):
        name = f"{ch + 1}. {_TOPICS[ch % len(_TOPICS)]}"
        keys.append((name, doc.heading(name)))
        for sec in range(3):
            doc.heading(f"Findings {ch + 1}.{sec + 1}", level=2)
            for k in range(rnd.randint(3, 5)):
                text = sentences(rnd.randint(3, 6))
                if k == 1:
                    text = text[:-1] + ".{fn:" + sentences(1) + "}"
                doc.para(text)
            if sec == 1:
                rec += 1
                who = rnd.sample(_ADDRESSEES, rnd.randint(1, 2))
                deadline = rnd.choice(_DEADLINES)
                subject = " and ".join(who)
                text = f"{deadline}{subject} should {rnd.choice(_ACTIONS)}."
                boxed = rec % 2 == 0
                if boxed:
                    doc.box_start()
                doc.heading(f"Recommendation {rec}", level=3, outline=False,
                            before=0 if boxed else None)
                doc.para(text[0].upper() + text[1:], before=3)
                if boxed:
                    doc.box_end()
            if sec == 2 and ch % 3 == 0:
                afi += 1
                doc.heading(f"Area for improvement {afi}", level=3, outline=False)
                doc.para(f"The force should {rnd.choice(_ACTIONS)}.", before=3)
        doc.page_break()
    tail = doc.lines[contents_at:]
    del doc.lines[contents_at:]
    doc.contents(keys)
    doc.lines.extend(tail)
    return doc


def build_long_report(path: Path, pages: int = 100) -> None:
    """Write a sample-style report of about ``pages`` pages (for the speed benchmark)."""
    chapters = max(1, pages // 8)
    doc = _long_doc(chapters)
    doc.paginate()
    # Scale the number of chapters from a first small build, then step to the nearest fit.
    per_chapter = max(1.0, (doc.page_count - 2) / chapters)
    chapters = max(1, round((pages - 2) / per_chapter))
    best: Doc | None = None
    for n in (chapters - 1, chapters, chapters + 1):
        if n < 1:
            continue
        candidate = _long_doc(n)
        candidate.paginate()
        if best is None or abs(candidate.page_count - pages) < abs(best.page_count - pages):
            best = candidate
    assert best is not None
    doc = best
    doc.save(path)


SAMPLES: dict[str, Callable[[Path], Path | None]] = {
    "thematic_exploitation": thematic_exploitation,
    "peel_northmoor": peel_northmoor,
    "custody_eastfield": custody_eastfield,
    "progress_stalking": progress_stalking,
    "two_column_fraud": two_column_fraud,
    "boxed_vetting": boxed_vetting,
    "joint_fire_police": joint_fire_police,
    "spotlight_no_items": spotlight_no_items,
    "word_neighbourhood": word_neighbourhood,
    "thematic_digital_forensics": thematic_digital_forensics,
    "word_peel_kingsmere": word_peel_kingsmere,
    "thematic_mental_health": thematic_mental_health,
    "force_decimal_ashbourne": force_decimal_ashbourne,
    "revisit_letter_southdown": revisit_letter_southdown,
    "landscape_roads": landscape_roads,
    "joint_numbered_knife_crime": joint_numbered_knife_crime,
    "two_frame_westmarch": two_frame_westmarch,
    "progress_table_harbourside": progress_table_harbourside,
}


def build_all(outdir: Path = HERE, only: Iterable[str] | None = None,
              word: bool = True) -> list[Path]:
    """Build every sample (or those named in ``only``) into outdir; return the PDFs written."""
    outdir.mkdir(parents=True, exist_ok=True)
    names = list(only) if only else list(SAMPLES)
    written = []
    for name in names:
        builder = SAMPLES[name]
        if getattr(builder, "needs_soffice", False) and not word:
            continue
        path = builder(outdir)
        if path is not None:
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: build the samples."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--outdir", type=Path, default=HERE)
    ap.add_argument("--only", action="append", choices=sorted(SAMPLES))
    ap.add_argument("--long", type=Path, help="also write a long report to this path")
    ap.add_argument("--pages", type=int, default=100)
    args = ap.parse_args(argv)
    for path in build_all(args.outdir, args.only):
        print(f"wrote {path}")
    if args.long:
        build_long_report(args.long, args.pages)
        print(f"wrote {args.long}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
