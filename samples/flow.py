"""Helpers over reportlab's flowing-text engine (platypus) for the samples laid out by it.

Paragraphs there wrap and justify themselves, lists and one-cell tables used as boxes are
platypus flowables, and page decorations are drawn by page callbacks, so these files differ
from the line-by-line ones (``samples.layout``) in the way real reports differ from one
another: different text objects, spacing and glyph placement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from samples.inspectorate import AUTHOR, INSPECTORATE


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
          outline: int | None = None, bullet: str | None = None) -> FlowPara:
    """A paragraph in reportlab's markup (``<b>``, ``<i>``, ``<super>``, ``&amp;``).

    ``bullet`` is text hanging to the left of the first line (the style's ``bulletIndent``),
    such as a paragraph number or an item label.
    """
    para = FlowPara(text, style, bulletText=bullet)
    para.tag = tag
    para.outline_level = outline
    return para


class _Recording:
    """What both document classes below add to platypus: byte-stable output, the pages
    that tagged flowables land on, and bookmarks and table-of-contents entries for
    paragraphs with an outline level."""

    canv: Canvas

    def __init__(self, path: Path, title: str, *, outline: bool = True,
                 **kw: object) -> None:
        super().__init__(str(path), title=title, author=AUTHOR,  # type: ignore[call-arg]
                         invariant=1, pageCompression=1, **kw)
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
            self.notify("TOCEntry", (level, text, page, key))  # type: ignore[attr-defined]

    def require_pages(self, tag: str, pages: list[int]) -> None:
        """Fail the build unless the tagged flowable lies on exactly these pages."""
        got = self.tag_pages.get(tag)
        if got != pages:
            raise AssertionError(f"{self.title_text}: {tag!r} on pages {got}, wanted {pages}")

    @property
    def page_count(self) -> int:
        """The pages written (after the build)."""
        return self.canv.getPageNumber() - 1


class FlowDoc(_Recording, SimpleDocTemplate):
    """A platypus document with one frame per page (``build`` or ``multiBuild`` with page
    callbacks); see ``_Recording`` for what it records."""


class FramedDoc(_Recording, BaseDocTemplate):
    """A platypus document on page templates of its own (``addPageTemplates``), such as two
    columns; see ``_Recording`` for what it records."""


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


def flow_cover(styles: dict[str, ParagraphStyle], title: str, published: str, *,
               top: float = 40, gap: float = 150, kicker: str | None = None,
               title_style: ParagraphStyle | None = None, title_gap: float = 0,
               publisher: str = INSPECTORATE) -> list[Flowable]:
    """The flowables of a plain cover page (the caller adds the page break): the publisher,
    a gap, an optional kicker line, the title and the publication line."""
    story: list[Flowable] = [
        Spacer(1, top),
        fpara(publisher, styles["cover"]),
        Spacer(1, gap),
    ]
    if kicker:
        story.append(fpara(kicker, styles["kicker"]))
    story.append(fpara(title, title_style or styles["title"]))
    if title_gap:
        story.append(Spacer(1, title_gap))
    story.append(fpara(published, styles["cover"]))
    return story


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
