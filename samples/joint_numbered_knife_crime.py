"""Platypus joint inspection in the numbered-paragraph style: narrative paragraphs with
hanging numbers ("2.3") in a left gutter, each recommendation's label hanging in the same
gutter, the recommendations also listed as a numbered list near the front; the Welsh
Government, the Department for Education and local authorities as addressees.

Laid out by reportlab's platypus (``samples.flow``).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, ListFlowable, ListItem, PageBreak, SimpleDocTemplate

from samples.flow import FlowDoc, FlowPara, flow_cover, flow_styles, fpara
from samples.inspectorate import INSPECTORATE


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
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

    def np_(text: str) -> FlowPara:
        counters["para"] += 1
        return fpara(text, numbered, bullet=f"{counters['chapter']}.{counters['para']}")

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
        return fpara(recs[n - 1], labelled, tag=f"rec{n}", bullet=f"Recommendation {n}")

    story: list[Flowable] = [
        *flow_cover(st, title, "Published: 11 March 2026", top=30,
                    kicker="Joint thematic inspection",
                    publisher=INSPECTORATE + " and HM Inspectorate of Probation"),
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
