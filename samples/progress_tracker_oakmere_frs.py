"""Fire and rescue service's own progress tracker on a national report's recommendations: a
page of introduction with a summary sentence of what is complete, a two-column navigation
table of bare "Recommendation N" labels (no items), then a ruled "No. | Recommendation | Our
action | Status" table with a shaded header row repeated on each page, whose status cells are
filled with RAG colours (two with no words, only the colour); one row is split over the page
break from page 1 to page 2, another starts just under the repeated header on page 3, one
recommendation is a "should:" lead-in with two bullets in its cell, one is for the National
Fire Chiefs Council and chief fire officers, agreeing something with the Home Office, one is
"With immediate effect"; a colour key under the table.

Laid out by reportlab's platypus (``samples.flow``) in A4 portrait, with a running footer
holding the service's web address and the page number.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, ListFlowable, ListItem, Spacer, Table, TableStyle

from samples.flow import FlowDoc, FlowPara, flow_styles, fpara

WEB = "www.oakmere-fire.gov.uk"
GREEN, AMBER, RED = "#C6EFCE", "#FFEB9C", "#FFC7CE"


class CellPara(FlowPara):
    """A paragraph in a table cell that records the pages it is drawn on (cells are not
    story flowables, so ``afterFlowable`` never sees them)."""

    drawn: dict[str, list[int]]

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.drawn = self.drawn
        return parts

    def draw(self) -> None:
        if self.tag:
            pages = self.drawn.setdefault(self.tag, [])
            page = self.canv.getPageNumber()
            if page not in pages:
                pages.append(page)
        super().draw()


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    title = ("Culture and conduct in fire and rescue services \u2013 Oakmere Fire and Rescue "
             "Service: our progress")
    path = outdir / "progress_tracker_oakmere_frs.pdf"
    doc = FlowDoc(path, title, pagesize=A4, leftMargin=54, rightMargin=54, topMargin=56,
                  bottomMargin=62)
    st = flow_styles(size=10, leading=13.6, after=6, colour="#7a1f1f")
    left = ParagraphStyle("left10", parent=st["body"], alignment=TA_LEFT)
    h1 = ParagraphStyle("h1o", parent=st["h1"], fontSize=19, leading=24, spaceAfter=12)
    h2 = st["h2"]
    # The heading over the tracker must not carry the table to page 2 with it.
    h2_loose = ParagraphStyle("h2loose", parent=h2, keepWithNext=0)
    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11.6,
                          alignment=TA_LEFT, spaceAfter=3)
    cell_bold = ParagraphStyle("cellb", parent=cell, fontName="Helvetica-Bold")
    width = A4[0] - 108
    drawn: dict[str, list[int]] = {}

    def c(text: str, tag: str | None = None, style: ParagraphStyle = cell) -> CellPara:
        para = CellPara(text, style)
        para.tag = tag
        para.drawn = drawn
        return para

    def footer(canv: Canvas, _doc: FlowDoc) -> None:
        canv.saveState()
        canv.setFillColor(HexColor("#4a4a4a"))
        canv.setStrokeColor(HexColor("#7a1f1f"))
        canv.setLineWidth(0.6)
        canv.line(54, 48, A4[0] - 54, 48)
        canv.setFont("Helvetica", 8.5)
        canv.drawString(54, 36, WEB)
        canv.drawRightString(A4[0] - 54, 36, f"Page {canv.getPageNumber()}")
        canv.restoreState()

    story: list[Flowable] = [
        fpara("Oakmere Fire and Rescue Service", ParagraphStyle(
            "org", parent=st["small"], fontName="Helvetica-Bold", fontSize=10,
            textColor=HexColor("#7a1f1f"), spaceAfter=10)),
        fpara(title, h1),
        fpara(
            "In 2024 the inspectorate published a national report on the culture of fire and "
            "rescue services in England and on the way services deal with poor conduct. The "
            "report made 30 recommendations. Of these, 18 were directed at fire and rescue "
            "services, and the remainder at the Home Office, the National Fire Chiefs Council "
            "and other national bodies. This page sets out how Oakmere Fire and Rescue Service "
            "has responded to the 18 recommendations for services, and is reviewed by our "
            "senior leadership team every six months. In our 2025 review we have completed 9 "
            "and have 6 in progress.", left),
        fpara(
            "Each recommendation is reproduced below as it was published, with a summary of "
            "the action we have taken and its current status. Where an action is complete we "
            "continue to check that the change has lasted.", left),
        fpara(
            "Progress is scrutinised by the fire authority\u2019s standards committee, which "
            "receives a report on each open recommendation at every meeting. Members of staff "
            "and the public who would like to know more about any of the actions described "
            "here can contact our people services team through the website.", left),
        fpara("List of recommendations", h2),
        fpara("Use this table to find each recommendation.", left),
    ]

    labels = [2, 3, 5, 7, 9, 11, 14, 17, 20, 23, 26, 29]
    half = len(labels) // 2
    nav = Table([[f"Recommendation {labels[i]}", f"Recommendation {labels[i + half]}"]
                 for i in range(half)], colWidths=[width / 2, width / 2])
    nav.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), HexColor("#1f3f7a")),
        ("GRID", (0, 0), (-1, -1), 0.5, HexColor("#9a9a9a")),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
    ]))
    nav.spaceBefore, nav.spaceAfter = 4, 6
    story += [nav, fpara("Recommendations in this extract", h2_loose)]

    # (number, recommendation cell, action paragraphs, status words, fill)
    rows: list[tuple[str, list[Flowable], list[str], str, str]] = [
        ("2", [c(
            "By 1 September 2024, chief fire officers should make sure that their staff have "
            "a confidential way to raise concerns about bullying, harassment and "
            "discrimination, which is run independently of the management chain and which "
            "staff at every level, including on-call firefighters, know how to use.",
            tag="rec2")], [
            "In June 2024 we appointed an external provider to run a confidential reporting "
            "line, available by telephone and online at any time of day. Reports go directly "
            "to the provider and are passed, without the name of the person reporting unless "
            "they agree, to a panel chaired by our head of people services. The panel sits "
            "outside the operational management chain and reports every quarter to the "
            "fire authority\u2019s standards committee.",
            "Every station was visited by a member of the panel between July and September "
            "2024 to explain the new line, and our on-call stations were visited on drill "
            "nights so that retained staff could attend. The line is also promoted on the "
            "intranet, on posters in every station and in the induction of all new staff.",
            "The line received 41 contacts in its first nine months. A staff survey in March "
            "2025 found that 86 percent of respondents knew how to raise a concern in "
            "confidence, compared with 52 percent in 2023. We will repeat the survey every "
            "year and report the results to the fire authority.",
        ], "Complete", GREEN),
        ("5", [c("By 1 March 2025, chief fire officers should:", tag="rec5"),
               ListFlowable([
                   ListItem(c(
                       "make sure that every manager who deals with complaints of misconduct "
                       "has been trained to investigate them fairly, promptly and in line "
                       "with national guidance; and", tag="rec5"), leftIndent=10, value="\u2022"),
                   ListItem(c(
                       "publish, at least once a year, the number of misconduct cases they "
                       "have dealt with and their outcomes.", tag="rec5"),
                       leftIndent=10, value="\u2022"),
               ], bulletType="bullet", start="\u2022", leftIndent=10, bulletFontSize=8)], [
            "A two-day course on conducting misconduct investigations was commissioned "
            "from a regional training partner and first ran in November 2024. By the end "
            "of March 2025, 47 of our 63 station and watch managers had completed it; the "
            "remaining 16 are booked on courses between April and July 2025.",
            "Our first annual report on conduct and discipline, covering the year to 31 "
            "March 2025, will be published on our website in the summer, after it has been "
            "considered by the fire authority. It will give the number of cases, the time "
            "taken to conclude them and their outcomes, without identifying individuals.",
        ], "In progress", AMBER),
        ("9", [c(
            "By 1 June 2025, the National Fire Chiefs Council and chief fire officers should "
            "settle with the Home Office a single way of recording and passing on the results "
            "of misconduct hearings, so that nobody dismissed by one service can be taken on "
            "by another without its knowledge.", tag="rec9")], [
            "Our chief fire officer has sat on the regional group set up to contribute to "
            "the national work on this recommendation since it was formed in autumn 2024. "
            "We provided details of how we record the outcomes of hearings, and took part in "
            "testing the draft referral form in February 2025.",
            "Pending the national arrangements, we have changed our own recruitment process. "
            "Every applicant who has worked for another fire and rescue service is now asked "
            "to consent to a reference that covers any disciplinary findings, and no offer "
            "is confirmed until that reference has been received. Our part in this "
            "recommendation is complete.",
        ], "Complete", GREEN),
        ("14", [c(
            "With immediate effect, every chief fire officer should make sure that staff who "
            "raise a concern are told what has been done about it, and that they suffer no "
            "detriment for having raised it.", tag="rec14")], [
            "Since August 2024, everyone who raises a concern through any route is sent a "
            "written outcome within 10 working days of the matter being closed. Where the "
            "outcome cannot be shared in full, for example because it concerns another "
            "person\u2019s employment, the letter explains why.",
            "We are still developing the way in which we check that people who raise "
            "concerns are not treated less favourably afterwards. A follow-up contact at "
            "three and six months has been tested in two districts and will be extended to "
            "the whole service in the autumn, once the results have been evaluated by the "
            "panel and by the representative bodies.",
        ], "In progress", AMBER),
        ("17", [c(
            "By 1 December 2024, chief fire officers should look again at the way they seek "
            "feedback from their staff, and be able to show what has changed in response.",
            tag="rec17")], [
            "We reviewed our staff engagement arrangements in October 2024 with the "
            "representative bodies. The annual survey has been shortened, and it is now "
            "followed by a meeting on each station at which the results for that station "
            "are discussed with the crews.",
            "A \u2018you said, we did\u2019 page on the intranet lists each change made in "
            "response, with the date on which it was made. Twenty-three changes have been "
            "recorded since the page went live, including new kit lockers at four stations "
            "and changes to the way overtime is offered.",
        ], "", GREEN),
        ("23", [c(
            "By 1 October 2025, chief fire officers should make sure that every member of "
            "staff who supervises others has had training in recognising and challenging "
            "inappropriate behaviour, and that this is refreshed at least every three years.",
            tag="rec23")], [
            "We have not yet started this work. It depends on a new leadership development "
            "programme, which is being designed with two neighbouring services so that the "
            "content is consistent across the region. The design is expected to be agreed "
            "in September 2025, after which we will set a date by which all supervisors will "
            "have completed the training.",
        ], "", RED),
    ]

    widths = [96, 146, 186, width - 96 - 146 - 186]
    data: list[list[object]] = [[c("No.", style=cell_bold), c("Recommendation", style=cell_bold),
                                 c("Our action", style=cell_bold), c("Status", style=cell_bold)]]
    commands: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, 0), HexColor("#D9D9D9")),
        ("GRID", (0, 0), (-1, -1), 0.6, HexColor("#5a5a5a")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    for r, (number, rec, action, status, fill) in enumerate(rows, start=1):
        data.append([
            c(f"Recommendation {number}", tag=f"no{number}"),
            rec,
            [c(text, tag=f"act{number}") for text in action],
            c(status) if status else "",
        ])
        commands.append(("BACKGROUND", (3, r), (3, r), HexColor(fill)))
    # Rows are kept whole where they can be; a row is split only when not even the first
    # row fits and at least 100 points are left (so not at the foot of page 2).
    tracker = Table(data, colWidths=widths, repeatRows=1, splitByRow=1,
                    splitInRow=100)
    tracker.setStyle(TableStyle(commands))
    tracker.spaceBefore, tracker.spaceAfter = 4, 8
    story += [
        tracker,
        Spacer(1, 2),
        fpara("Key: green \u2013 complete; amber \u2013 in progress; red \u2013 not started",
              st["small"]),
    ]

    doc.build(story, onFirstPage=footer, onLaterPages=footer)

    def require(tag: str, pages: list[int]) -> None:
        if drawn.get(tag) != pages:
            raise AssertionError(f"{title}: {tag!r} drawn on {drawn.get(tag)}, wanted {pages}")

    # The first row is split over the first page break, its recommendation wholly on page 1
    # and its action running on to page 2; the second page break falls between rows, so the
    # fifth row starts just under the repeated header on page 3.
    require("no2", [1])
    require("rec2", [1])
    require("act2", [1, 2])
    require("no5", [2])
    require("act14", [2])
    require("no17", [3])
    require("rec17", [3])
    if doc.page_count != 3:
        raise AssertionError(f"{title}: {doc.page_count} pages, wanted 3")
    return path
