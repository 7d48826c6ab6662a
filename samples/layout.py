"""A small page-layout engine: blocks -> lines -> pages, drawn on a reportlab canvas.

Most samples are laid out by it. A ``Doc`` takes blocks in reading order (headings,
paragraphs, bullets, tables, shaded boxes, contents entries), wraps them into lines, places
the lines on pages (columns, keep-with-next, footnotes, pull quotes in a sidebar) and writes
the PDF with ``invariant=1``, so the output is byte-stable. Its ``require_*`` checks let a
sample fail its build when a change moves what it is there to cover.

Text markup in paragraphs:

* ``**bold**`` and ``__italic__`` runs;
* ``{fn:Footnote text.}`` puts a raised footnote marker on the preceding word and the
  footnote text at the bottom of the page where that line lands;
* ``~`` inside a word is a soft hyphen: a place where the word may be split over a line
  end (printed as ``-``); a real hyphen is also a place where a line may break.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import reportlab
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from samples.inspectorate import AUTHOR, INSPECTORATE

SOFT = "~"


def register_vera() -> None:
    """Register the Bitstream Vera TrueType fonts that ship with reportlab (they have ligatures)."""
    if "Vera" in pdfmetrics.getRegisteredFontNames():
        return
    font_dir = Path(reportlab.__file__).parent / "fonts"
    for name, file in (("Vera", "Vera.ttf"), ("VeraBd", "VeraBd.ttf"), ("VeraIt", "VeraIt.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(font_dir / file)))


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
    """A piece of a word in one font, size, rise (for footnote markers) and colour."""

    text: str
    font: str
    size: float
    rise: float = 0.0
    color: str | None = None

    def width(self) -> float:
        return pdfmetrics.stringWidth(self.text.replace(SOFT, ""), self.font, self.size)


@dataclass
class Word:
    """A word as its runs, with the footnotes whose markers it carries."""

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
    """A line placed on a page: its left edge, its top and the width it may fill."""

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

    def item(self, label: str, text: str, *, before: float = 3.0, tag: str | None = None,
             aside: str | None = None) -> None:
        """Add an item as most samples print it: a small heading with its label
        ("Recommendation 2"), not in the outline, then its text as one paragraph."""
        self.heading(label, level=3, outline=False)
        self.para(text, before=before, tag=tag, aside=aside)

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

    def contents(self, entries: list[tuple[str, str]], *, at: int | None = None,
                 size: float | None = None) -> None:
        """Add contents entries: (printed text, heading key) with dotted leaders and folios.

        The folios are resolved when the document is laid out, so the entries can be added
        once every heading is known and put back in place: ``at`` is the index in
        ``lines`` to insert them at (``len(doc.lines)`` when the contents page began).
        """
        t = self.t
        size = size or t.size
        added: list[Line] = []
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

            added.append(Line(height=size * 1.9, draw=draw, span=True))
        if at is None:
            at = len(self.lines)
        self.lines[at:at] = added

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

    def save(self, path: Path) -> Path:
        """Lay out and write the PDF; return its path."""
        self.paginate()
        c = Canvas(str(path), pagesize=self.t.page_size, invariant=1, pageCompression=1)
        c.setTitle(self.title)
        c.setAuthor(AUTHOR)
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
        return path

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
        """Physical pages, the cover included (after ``paginate`` or ``save``)."""
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
