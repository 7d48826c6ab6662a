"""Platypus force report on two-column page templates (the left column fills before the
right; not balanced): a cause of concern with its recommendations as a numbered list,
unnumbered areas for improvement as plain paragraphs followed by narrative, and an item
running from the foot of the left column into the right one.

Laid out by reportlab's platypus (``samples.flow``).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from samples.flow import FlowPara, FramedDoc, flow_cover, flow_styles, fpara


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    title = "Custody and detention: An inspection of Westmarch Police"
    path = outdir / "two_frame_westmarch.pdf"
    w, h = A4
    margin, gap, top, bottom = 50.0, 20.0, 64.0, 60.0
    col = (w - 2 * margin - gap) / 2
    doc = FramedDoc(path, title, pagesize=A4)

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
        *flow_cover(st, title, "Published 30 January 2026"),
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
    doc.require_pages("coc", [2])
    doc.require_pages("afi1", [2])
    return path
