"""A police and crime commissioner's statutory response to an inspection of one force, as a
form: a cover page, then ruled two-column tables with thin grid lines, one for the
inspection's details ("Type of inspection" with "[x] Force specific [ ] Thematic", the date
the response was sent) and one giving the report's cause of concern and recommendations a
row each, label on the left and text on the right ("should immediately", "By 30 June 2025",
a recommendation with no subject of its own); then the force's response, running over a
page break and quoting "should" in narrative, and the commissioner's response with a
signature line.

Laid out by reportlab's platypus (``samples.flow``).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle

from samples.flow import FlowDoc, FlowPara, flow_styles, fpara

OFFICE = "Office of the Police and Crime Commissioner for Eastmoor"
LABEL_WIDTH = 128.0


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    title = ("Response by the Police and Crime Commissioner to the inspection report on "
             "Eastmoor Constabulary")
    inspection = ("An inspection of how Eastmoor Constabulary responds to stalking and "
                  "harassment")
    path = outdir / "pcc_response_eastmoor.pdf"
    margin = 64.0
    doc = FlowDoc(path, title, outline=False, pagesize=A4, leftMargin=margin,
                  rightMargin=margin, topMargin=70, bottomMargin=72)
    st = flow_styles(size=10.5, leading=14, after=7, colour="#000000")
    left = st["left"]
    cell = ParagraphStyle("cell", parent=left, fontSize=10, leading=13, spaceAfter=0)
    cell_label = ParagraphStyle("cell_label", parent=cell, fontName="Helvetica-Bold")
    h2 = ParagraphStyle("fh2", parent=st["h2"], fontSize=13, leading=17, spaceBefore=6,
                        spaceAfter=6)
    office = ParagraphStyle("office", parent=left, fontName="Helvetica-Bold", fontSize=12,
                            leading=16)
    cover_title = ParagraphStyle("cover_title", parent=st["title"], fontSize=22, leading=28,
                                 textColor=HexColor("#2b2d6e"))
    cover_sub = ParagraphStyle("cover_sub", parent=left, fontSize=13, leading=18)
    bold_line = ParagraphStyle("bold_line", parent=left, fontName="Helvetica-Bold",
                               spaceBefore=10, spaceAfter=5, keepWithNext=1)

    width = A4[0] - 2 * margin

    def form(rows: list[tuple[str, str]], *, tag: str | None = None) -> Table:
        table = Table([[fpara(a, cell_label), fpara(b, cell)] for a, b in rows],
                      colWidths=[LABEL_WIDTH, width - LABEL_WIDTH])
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, HexColor("#000000")),
            ("BACKGROUND", (0, 0), (0, -1), HexColor("#e8e8ee")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]))
        table.tag = tag  # type: ignore[attr-defined]
        table.spaceBefore, table.spaceAfter = 4, 10
        return table

    def p(text: str, *, tag: str | None = None) -> FlowPara:
        return fpara(text, left, tag=tag)

    story: list[Flowable] = [
        Spacer(1, 30),
        fpara(OFFICE, office),
        Spacer(1, 150),
        fpara(title, cover_title),
        Spacer(1, 12),
        fpara(inspection, cover_sub),
        PageBreak(),
        p("Under section 55 of the Police Act 1996, the police and crime commissioner must "
          "publish comments on each inspection report about the force within 56 days of its "
          "publication, and send a copy to the Home Secretary and the inspectorate. This form "
          "sets out those comments and the Chief Constable\u2019s response."),
        fpara("Inspection details", h2),
        form([
            ("Title of inspection", inspection),
            ("Date inspection published", "4 February 2025"),
            ("Deadline for response", "1 April 2025"),
            ("Type of inspection", "[x] Force specific [ ] Thematic"),
            ("Date response sent", "3 March 2025"),
        ]),
        fpara("Cause of concern and recommendations", h2),
        p("The cause of concern and the recommendations the report made to the force are "
          "set out below."),
        form([
            ("Cause of concern",
             "Eastmoor Constabulary does not reliably recognise stalking when it is reported. "
             "Too many cases are recorded as harassment or as single incidents, and victims do "
             "not receive the protection and specialist support they need."),
            ("Recommendation",
             "To improve how it protects victims of stalking, the force should immediately "
             "review all open harassment investigations to identify any that meet the "
             "definition of stalking, and make sure that these are recorded and investigated "
             "correctly."),
            ("Recommendation",
             "By 30 June 2025, the force should make sure that officers and staff who take "
             "reports from the public are trained to recognise stalking behaviour."),
            ("Recommendation",
             "The quality of the stalking risk assessments completed by officers should be "
             "audited every month, and the findings reported to the chief officer team."),
        ], tag="items"),
        fpara("FORCE RESPONSE:", bold_line),
        p("The Chief Constable welcomes the report and accepts its findings. Before the "
          "inspection, the force had already recognised that stalking was under-recorded, and "
          "a review of crime recording in the public protection unit was under way. The report "
          "says officers should look beyond each separate incident to the pattern of "
          "behaviour behind it, and the force agrees that this has not always happened."),
        p("In response, the force has set up a stalking review team of a detective sergeant "
          "and four investigators. The team began its review of open harassment "
          "investigations on 10 February 2025 and had completed 212 reviews by the end of the "
          "month; 37 cases have been recorded again as stalking and reallocated to trained "
          "investigators. A training package for call handlers and response officers has been "
          "written with the Eastmoor Stalking Advocacy Service, and delivery will begin in "
          "April. The monthly audit of risk assessments has been added to the force\u2019s "
          "performance framework, and its results will be presented to the chief officer team "
          "from May 2025. The force has also asked a neighbouring force to review a sample of "
          "its closed harassment investigations later in the year, so that it can test "
          "whether the changes have worked. Progress will be reported to the Police and "
          "Crime Commissioner at each of her public accountability meetings.", tag="force2"),
        fpara("PCC RESPONSE:", bold_line),
        p("I welcome the inspectorate\u2019s report and the Chief Constable\u2019s response to "
          "it. Stalking causes lasting harm, and victims in Eastmoor must be able to trust "
          "that the police will recognise it and act quickly. I will hold the Chief Constable "
          "to account for the delivery of the force\u2019s plan at my quarterly performance "
          "meetings, which are held in public, and I have asked for a written update on each "
          "recommendation by the end of June 2025. I have also extended my funding of the "
          "Eastmoor Stalking Advocacy Service for a further two years, so that victims "
          "continue to receive specialist support while the force\u2019s changes take effect.",
          tag="pcc"),
        Spacer(1, 26),
        p("Signed: ______________________________"),
        p("Dr Miriam Castell<br/>Police and Crime Commissioner for Eastmoor"),
        p("Date: 3 March 2025"),
    ]

    def chrome(c: Canvas, d: SimpleDocTemplate) -> None:
        c.saveState()
        c.setFont("Helvetica-Bold", 8.5)
        c.setFillColor(HexColor("#333333"))
        c.drawCentredString(A4[0] / 2, A4[1] - 36, "OFFICIAL")
        n = c.getPageNumber()
        if n > 1:
            c.setFont("Helvetica", 8.5)
            c.drawString(margin, 36, OFFICE)
            c.drawRightString(A4[0] - margin, 36, f"Page {n} of 3")
        c.restoreState()

    doc.build(story, onFirstPage=chrome, onLaterPages=chrome)
    doc.require_pages("items", [2])
    doc.require_pages("force2", [2, 3])
    doc.require_pages("pcc", [3])
    if doc.page_count != 3:
        raise AssertionError(f"{title}: {doc.page_count} pages, wanted 3")
    return path
