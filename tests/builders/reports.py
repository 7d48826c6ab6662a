"""A small builder for report-like PDFs, so each test draws exactly the layout it needs.

Lines are drawn as given (no automatic wrapping), which lets a test place a hyphenated
break, a page break or a second column exactly where it wants one.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extractor.layout import Layout, build_layout
from extractor.metadata import find_title
from extractor.origin import document_voice
from extractor.pdftext import iter_pages, read_outline
from extractor.segment import RawItem, find_items

BODY = ("Helvetica", 10.5)
LEADING = 14.0
MARGIN = 72.0


class ReportPdf:
    def __init__(self, path: Path, header: str | None = "Inspection report",
                 page_numbers: bool = True, pagesize=A4):
        self.path = Path(path)
        self.canvas = Canvas(str(path), pagesize=pagesize, invariant=1)
        self.width, self.height = pagesize
        self.header = header
        self.page_numbers = page_numbers
        self.page = 1
        self.y = self.height - MARGIN
        self.x = MARGIN
        self.footnotes: list[tuple[str, str]] = []

    # -- text -------------------------------------------------------------------------
    def heading(self, text: str, size: float = 14, font: str = "Helvetica-Bold") -> ReportPdf:
        self._room(size * 2.5)
        self.y -= size * 0.6
        self.canvas.setFont(font, size)
        self.canvas.drawString(self.x, self.y, text)
        self.y -= size * 1.4
        return self

    def lines(self, *texts: str, font: str = BODY[0], size: float = BODY[1],
              indent: float = 0.0) -> ReportPdf:
        """One paragraph, line by line as given, then a paragraph gap."""
        for text in texts:
            self._room(LEADING)
            self.canvas.setFont(font, size)
            self.canvas.drawString(self.x + indent, self.y, text)
            self.y -= LEADING
        self.y -= LEADING * 0.6
        return self

    def bullet(self, *texts: str) -> ReportPdf:
        self._room(LEADING)
        self.canvas.setFont(*BODY)
        self.canvas.drawString(self.x + 6, self.y, "•")
        return self.lines(*texts, indent=18)

    def marked(self, before: str, marker: str, after: str = "") -> ReportPdf:
        """A one-line paragraph with a raised footnote marker glued after ``before``."""
        self._room(LEADING)
        text = self.canvas.beginText(self.x, self.y)
        text.setFont(*BODY)
        text.textOut(before)
        text.setFont(BODY[0], 6.5)
        text.setRise(4)
        text.textOut(marker)
        text.setRise(0)
        text.setFont(*BODY)
        text.textOut(after)
        self.canvas.drawText(text)
        self.y -= LEADING * 1.6
        return self

    def footnote(self, marker: str, text: str) -> ReportPdf:
        self.footnotes.append((marker, text))
        return self

    def box(self, *paragraphs: list[str], fill=(0.85, 0.9, 0.95)) -> ReportPdf:
        """Paragraphs (lists of lines) on a shaded background."""
        height = sum(len(p) for p in paragraphs) * LEADING + len(paragraphs) * LEADING * 0.6 + 10
        self._room(height)
        self.canvas.setFillColorRGB(*fill)
        self.canvas.rect(self.x - 6, self.y - height + LEADING, self.width - 2 * MARGIN + 12,
                         height, stroke=0, fill=1)
        self.canvas.setFillColorRGB(0, 0, 0)
        self.y -= 4
        for paragraph in paragraphs:
            if paragraph and paragraph[0].startswith(("Recommendation", "Area for")):
                self.heading(paragraph[0], size=11)
                self.lines(*paragraph[1:])
            else:
                self.lines(*paragraph)
        return self

    def columns(self, left: list[str], right: list[str]) -> ReportPdf:
        """Two columns of lines side by side (use "" for a paragraph gap)."""
        gutter = 24
        col_width = (self.width - 2 * MARGIN - gutter) / 2
        top = self.y
        for x, texts in ((self.x, left), (self.x + col_width + gutter, right)):
            y = top
            for text in texts:
                if text:
                    self.canvas.setFont(*BODY)
                    self.canvas.drawString(x, y, text)
                y -= LEADING
        self.y = top - LEADING * max(len(left), len(right)) - LEADING
        return self

    def table(self, rows: list[list[str]], col_width: float = 150) -> ReportPdf:
        """A ruled table."""
        row_height = LEADING + 6
        self._room(row_height * len(rows))
        top = self.y + LEADING - 2
        cols = len(rows[0])
        for row in rows:
            for c, cell in enumerate(row):
                self.canvas.setFont(*BODY)
                self.canvas.drawString(self.x + c * col_width + 4, self.y, cell)
            self.y -= row_height
        bottom = top - row_height * len(rows)
        for r in range(len(rows) + 1):
            y = top - r * row_height
            self.canvas.line(self.x, y, self.x + cols * col_width, y)
        for c in range(cols + 1):
            x = self.x + c * col_width
            self.canvas.line(x, top, x, bottom)
        self.y -= LEADING * 0.6
        return self

    def cell_table(self, rows: list[list[str | list[str]]], widths: list[float], *,
                   ruled: bool = True, header_bold: bool = True,
                   fills: dict[tuple[int, int], tuple[float, float, float]] | None = None,
                   ) -> ReportPdf:
        """A table whose cells may hold several lines (a list of strings), ruled or not;
        ``fills`` colours cells by (row, column).

        Rows that do not fit start a new page, so a long table runs over a page break
        (without repeating its header: add the header row again to repeat it).
        """
        pad = 4.0
        for r, row in enumerate(rows):
            cells = [[c] if isinstance(c, str) else c for c in row]
            height = max(len(c) for c in cells) * LEADING + 2 * pad
            self._room(height)
            top = self.y + LEADING - 2
            x = self.x
            for c in range(len(cells)):
                if fills and (r, c) in fills:
                    self.canvas.setFillColorRGB(*fills[(r, c)])
                    self.canvas.rect(x, top - height, widths[c], height, stroke=0, fill=1)
                    self.canvas.setFillColorRGB(0, 0, 0)
                x += widths[c]
            x = self.x
            for c, lines in enumerate(cells):
                bold = header_bold and r == 0
                self.canvas.setFont("Helvetica-Bold" if bold else BODY[0], BODY[1])
                for k, text in enumerate(lines):
                    self.canvas.drawString(x + pad, self.y - pad - k * LEADING, text)
                x += widths[c]
            if ruled:
                self.canvas.rect(self.x, top - height, sum(widths), height, stroke=1, fill=0)
                x = self.x
                for w in widths[:-1]:
                    x += w
                    self.canvas.line(x, top, x, top - height)
            self.y -= height
        self.y -= LEADING * 0.6
        return self

    def contents(self, entries: list[tuple[str, int]]) -> ReportPdf:
        self.heading("Contents")
        for title, page in entries:
            self.lines(f"{title} " + "." * (70 - len(title)) + f" {page}")
        return self

    # -- pages ------------------------------------------------------------------------
    def page_break(self) -> ReportPdf:
        self._finish_page()
        self.canvas.showPage()
        self.page += 1
        self.y = self.height - MARGIN
        return self

    def save(self) -> Path:
        self._finish_page()
        self.canvas.save()
        return self.path

    def _room(self, needed: float) -> None:
        if self.y - needed < MARGIN + 20 * len(self.footnotes) + 10:
            self.page_break()

    def _finish_page(self) -> None:
        c = self.canvas
        if self.header:
            c.setFont("Helvetica", 8)
            c.drawString(MARGIN, self.height - 40, self.header)
        if self.page_numbers:
            c.setFont("Helvetica", 8)
            c.drawRightString(self.width - MARGIN, 30, str(self.page))
        y = MARGIN - 10 + 10 * len(self.footnotes)
        for marker, text in self.footnotes:
            c.setFont("Helvetica", 7.5)
            c.drawString(MARGIN, y, f"{marker} {text}")
            y -= 10
        self.footnotes = []


def read_layout(path: Path) -> Layout:
    """The body lines of a PDF, as the extractor lays them out."""
    pdf = pdfium.PdfDocument(path)
    try:
        return build_layout(list(iter_pages(pdf)), read_outline(pdf))
    finally:
        pdf.close()


def read_items(path: Path) -> list[RawItem]:
    """The items the segmenter finds in a PDF, before text analysis (in the document's voice,
    as the pipeline reads it)."""
    layout = read_layout(path)
    voice = document_voice(" ".join(ln.text for ln in layout.lines), find_title(layout))
    return find_items(layout, voice=voice)
