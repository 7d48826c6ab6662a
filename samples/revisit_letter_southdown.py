"""Platypus revisit letter in Times: earlier items quoted with their status on the same line
(bold "Status: ..." after the text, or a bold prefix before it), a cause of concern
mentioned only in narrative, a new cause of concern with its recommendations (chief
constable, PCC, APCC) and new areas for improvement.

Laid out by reportlab's platypus (``samples.flow``).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer

from samples.flow import FlowDoc, FlowPara, flow_styles, fpara
from samples.inspectorate import INSPECTORATE


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
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
