"""A progress report on missing children, as a force receives it after the document went
through a converter: several paragraphs are broken mid-sentence by a stray paragraph break
(the rest starting lower-case on the next paragraph), in the quoted earlier items and in the
new ones. It quotes the earlier report's four recommendations and its area for improvement,
each followed by "Progress:" and a status, then makes three new recommendations under a
heading of their own, numbered again from 1; the second is broken in the middle, and the
third uses what the first asks the College of Policing to produce.

Laid out by reportlab's platypus (``samples.flow``).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak

from samples.flow import FlowDoc, flow_chrome, flow_cover, flow_styles, fpara


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    title = "Missing children: a progress inspection of Lowmoor Police"
    path = outdir / "progress_converted_lowmoor.pdf"
    doc = FlowDoc(path, title, pagesize=A4, leftMargin=70, rightMargin=70, topMargin=72,
                  bottomMargin=72)
    st = flow_styles(font="Times-Roman", bold="Times-Bold", size=11.5, leading=15, after=8,
                     colour="#1f3b57")
    body, h1, h2 = st["left"], st["h1"], st["h2"]
    label = ParagraphStyle("label", parent=body, fontName="Times-Bold", fontSize=12,
                           leading=16, spaceBefore=8, spaceAfter=4)
    progress = ParagraphStyle("progress", parent=body, fontName="Times-Italic")

    def p(text: str, style: ParagraphStyle = body, tag: str | None = None) -> Flowable:
        return fpara(text, style, tag=tag)

    def earlier(number: str | None, parts: list[str], status: str, note: str) -> list[Flowable]:
        heading = f"Recommendation {number}" if number else "Area for improvement"
        return [p(heading, label), *(p(part) for part in parts),
                p(f"Progress: {status}", progress), p(note)]

    story: list[Flowable] = [
        *flow_cover(st, title, "Published: 14 January 2026", kicker="Progress inspection"),
        PageBreak(),
        p("Introduction", h1),
        p("In 2024 we inspected how Lowmoor Police responds when a child goes missing. We "
          "were concerned that the force did not always assess the risk to a child properly "
          "and that it rarely spoke to children after they came home. We returned in the "
          "autumn of 2025 to see what had changed."),
        p("Our 2024 recommendations", h2),
        p("In our 2024 report we made four recommendations and identified one area for "
          "improvement. Our assessment of the force\u2019s progress on each follows."),
        *earlier("1", ["By 31 March 2025, the force should make sure that the risk to every "
                       "missing child is assessed by a trained supervisor within one hour of "
                       "the report being",
                       "received, and that the reasons for the grading are recorded."],
                 "Completed",
                 "All of the 40 cases we examined had been graded by a supervisor in time."),
        *earlier("2", ["By 30 June 2025, the force should offer every child who returns home "
                       "a return interview carried out by someone independent of the police."],
                 "In progress",
                 "The force has commissioned a charity to carry out interviews; the service "
                 "started in September 2025."),
        *earlier("3", ["The force should share what it learns from return interviews with "
                       "children\u2019s social care and with",
                       "the schools the children attend, within five working days."],
                 "Incomplete",
                 "We found no agreement with the local authorities on how this will be done."),
        *earlier("4", ["By 31 December 2025, the force should review every child who has gone "
                       "missing three or more times in a year to identify signs of "
                       "exploitation."],
                 "Completed",
                 "A weekly meeting now reviews each such child with partner agencies."),
        *earlier(None, ["The force should make sure that officers search the home of a missing "
                        "child thoroughly, and record what was searched."],
                 "Closed",
                 "Searches were recorded in every case we examined."),
        p("Recommendations in this report", h2),
        p("We make three new recommendations."),
        p("Recommendation 1", label),
        p("By 30 September 2026, the College of Policing should publish a template for "
          "recording return interviews, so that what children say can be compared across "
          "forces.", tag="new1"),
        p("Recommendation 2", label),
        p("By 31 December 2026, chief constables should agree with their local safeguarding "
          "partners how information from return interviews is shared,"),
        p("and who is responsible for acting on it.", tag="new2"),
        p("Recommendation 3", label),
        p("By 31 March 2027, chief constables should use the College of Policing\u2019s "
          "template for every return interview their forces record.", tag="new3"),
        p("Next steps", h2),
        p("We will continue to monitor the force\u2019s progress through our regular "
          "contact with it."),
    ]
    chrome = flow_chrome("Missing children: progress inspection of Lowmoor Police",
                         footer="HMICFRS", folio="{n}", colour="#1f3b57")
    doc.build(story, onFirstPage=chrome, onLaterPages=chrome)
    return path
