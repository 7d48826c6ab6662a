"""Build the sample report PDFs in this directory.

Usage::

    .venv/bin/python samples/build.py            # writes samples/*.pdf (and the .docx source)
    .venv/bin/python samples/build.py --only peel_northmoor --outdir /tmp/out

Every sample is written with reportlab (``invariant=1``, so the output is byte-stable),
except one that is written as a Word document with python-docx and converted to PDF by
LibreOffice. The hand-written ``<name>.expected.json`` files beside the PDFs are the truth
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
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

HERE = Path(__file__).resolve().parent
PAGE_W, PAGE_H = A4
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
    footer_left: str = ""
    folio_format: str = "{n}"
    folio_align: str = "right"
    # Printed folio = physical page - folio_offset; pages at or before the offset carry none.
    folio_offset: int = 0

    @property
    def text_width(self) -> float:
        return PAGE_W - 2 * self.margin_x

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
             key: str | None = None) -> None:
        """Add a paragraph (optionally with a hanging label such as a bullet)."""
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
        top = PAGE_H - t.margin_top
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
        top = PAGE_H - t.margin_top
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
        if t.header:
            c.setFont(t.font, 8)
            c.drawString(t.margin_x, PAGE_H - 42, t.header)
            c.setStrokeColor(HexColor("#9aa7b4"))
            c.setLineWidth(0.4)
            c.line(t.margin_x, PAGE_H - 48, PAGE_W - t.margin_x, PAGE_H - 48)
        c.setFont(t.font, 8.5)
        y = t.margin_bottom - 34
        if t.footer_left:
            c.drawString(t.margin_x, y, t.footer_left)
        if page_no > t.folio_offset:
            folio = t.folio_format.format(n=page_no - t.folio_offset)
            if t.folio_align == "center":
                c.drawCentredString(PAGE_W / 2, y, folio)
            else:
                c.drawRightString(PAGE_W - t.margin_x, y, folio)

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

    def save(self, path: Path) -> None:
        """Lay out and write the PDF."""
        self.paginate()
        c = Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
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
            self._draw_notes(c, notes)
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

    def draw(c: Canvas) -> None:
        c.setFillColor(HexColor(band))
        c.rect(0, PAGE_H - 150, PAGE_W, 150, stroke=0, fill=1)
        c.setFillColor(HexColor("#ffffff"))
        c.setFont(body_font, 10)
        c.drawString(56, PAGE_H - 60, INSPECTORATE)
        y = PAGE_H - 250
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
            if pdfmetrics.stringWidth(" ".join([*line, w]), title_font, title_size) > PAGE_W - 112:
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
    docx = outdir / "word_neighbourhood.docx"
    write_neighbourhood_docx(docx)
    soffice = _soffice()
    if soffice is None:
        print("skipping word_neighbourhood.pdf: LibreOffice (soffice) not found; the "
              "committed PDF is kept", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp, "profile").as_uri()
        export = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", export,
             "--outdir", tmp, str(docx)],
            check=True, capture_output=True, timeout=300)
        out = outdir / "word_neighbourhood.pdf"
        shutil.move(Path(tmp, "word_neighbourhood.pdf"), out)
    return out


word_neighbourhood.needs_soffice = True  # type: ignore[attr-defined]


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
