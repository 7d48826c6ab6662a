"""Platypus force report, ragged right: decimal item numbers ("Recommendation 1.1", "Area for
improvement 2.4"), numbered causes of concern each followed by its recommendations, items
between coloured rules, and narrative full of "should" that makes no item.

Laid out by reportlab's platypus (``samples.flow``).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from samples.flow import FlowDoc, FlowPara, flow_chrome, flow_cover, flow_styles, fpara


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    title = "Serious and organised crime: An inspection of Ashbourne Police"
    path = outdir / "force_decimal_ashbourne.pdf"
    doc = FlowDoc(path, title, pagesize=A4, leftMargin=70, rightMargin=70, topMargin=72,
                  bottomMargin=64)
    st = flow_styles(size=10, leading=13.5, after=6, colour="#203864")
    left = ParagraphStyle("ragged", parent=st["body"], alignment=TA_LEFT)
    h1, h2 = st["h1"], st["h2"]
    width = A4[0] - 140
    colours = {"Cause of concern": "#8b1e1e", "Recommendation": "#203864",
               "Area for improvement": "#12605a"}

    def p(text: str) -> FlowPara:
        return fpara(text, left)

    def item(kind: str, number: str, text: str) -> Table:
        """An item between two coloured rules: the label on its own line, then the text."""
        colour = colours[kind]
        lab = ParagraphStyle("lab", parent=st["label"], textColor=HexColor(colour),
                             spaceBefore=0, spaceAfter=3)
        box = Table([[[fpara(f"{kind} {number}", lab), fpara(text, left)]]],
                    colWidths=[width])
        box.setStyle(TableStyle([
            ("LINEABOVE", (0, 0), (-1, 0), 1.5, HexColor(colour)),
            ("LINEBELOW", (0, -1), (-1, -1), 0.75, HexColor(colour)),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]))
        box.spaceBefore, box.spaceAfter = 4, 10
        box.tag = f"{kind} {number}"  # type: ignore[attr-defined]
        return box

    story: list[Flowable] = [
        *flow_cover(st, title, "Published: 8 October 2025", top=36, gap=160),
        PageBreak(),
        fpara("Summary", h1, outline=0),
        p("Serious and organised crime causes great harm to communities. Organised crime "
          "groups supply drugs and firearms, exploit vulnerable people and launder the "
          "proceeds of their crimes through legitimate businesses. Tackling them requires a "
          "force to understand the threat they pose, to pursue them relentlessly and to "
          "protect the people they exploit."),
        p("We inspected Ashbourne Police in May and June 2025. We found that the force had "
          "some skilled and committed investigators, and that it had taken some serious "
          "offenders off the streets. But its understanding of the threat was out of date, "
          "and it was not doing enough to identify and protect the people whom organised "
          "crime groups exploit."),
        p("We have identified two causes of concern, and we make four recommendations to "
          "address them. We have also identified four areas for improvement. We believe "
          "forces should consider the lessons of this inspection even where their own "
          "arrangements are sound, because many of the problems we found are not unique to "
          "Ashbourne."),
        p("Items in this report are numbered by chapter. Recommendation 1.1, for example, is "
          "the first recommendation in chapter 1."),
        fpara("1. Understanding the threat", h1, outline=0),
        p("National guidance says that forces should refresh their strategic assessment of "
          "serious and organised crime every year, and that the assessment should draw on "
          "information from partner agencies as well as on police intelligence. Ashbourne "
          "Police last completed its assessment in January 2023."),
        p("The force has not mapped the organised crime groups operating in its area since "
          "2022. Analysts told us that they knew of at least nine groups that were not on "
          "the force\u2019s records, and senior leaders acknowledged that the force\u2019s picture "
          "was incomplete. Without it, the force cannot decide where to focus its resources, "
          "or tell whether its activity is reducing the threat."),
        item("Cause of concern", "1",
             "Ashbourne Police does not have a good enough understanding of the threat that "
             "serious and organised crime poses in its area. Its strategic assessment is more "
             "than two years old, and it has not mapped the organised crime groups that "
             "operate in the county since 2022."),
        p("To address this cause of concern, we recommend that the force takes the "
          "following actions."),
        item("Recommendation", "1.1",
             "By 31 March 2026, the force should produce a new strategic assessment of "
             "serious and organised crime that draws on information held by partner agencies "
             "as well as on police intelligence."),
        item("Recommendation", "1.2",
             "By 30 June 2026, the force should map every organised crime group that operates "
             "in its area, and assign a lead officer to each group that is assessed as posing "
             "a high threat."),
        PageBreak(),
        fpara("2. Pursuing offenders", h1, outline=0),
        p("The force has a dedicated serious and organised crime unit of 34 officers and "
          "staff. Its investigators are skilled and determined, and in the last year the "
          "unit has secured the conviction of 41 people for offences including the supply "
          "of controlled drugs and firearms."),
        p("But the unit has only one financial investigator, who told us that she could "
          "support no more than a third of the investigations that needed her. In the other "
          "cases, the proceeds of crime were rarely traced or recovered. Investigators told "
          "us that they should have been able to call on financial expertise as a matter of "
          "course."),
        item("Area for improvement", "2.1",
             "The force should make sure that investigators have access to financial "
             "investigation support in every serious and organised crime investigation."),
        p("Forces use a wide range of tactics to disrupt organised crime groups, from "
          "arrests and seizures to closure orders and visits from licensing officers. We "
          "believe forces should consider using the full range, and should record each "
          "disruption so that they can learn which tactics work. Ashbourne Police records "
          "only arrests and seizures."),
        item("Area for improvement", "2.2",
             "The force should improve how it records the disruption of organised crime "
             "groups, so that it can tell which tactics work."),
        p("Serious crime prevention orders and other ancillary orders can restrict the "
          "activities of offenders after they are released from prison. The force had "
          "applied for only two such orders in the last three years. Officers told us that "
          "they did not know how to apply for them, and that they believed the courts "
          "should be more willing to grant them."),
        item("Area for improvement", "2.3",
             "The force should make better use of ancillary orders, such as serious crime "
             "prevention orders, to restrict the activities of offenders when they are "
             "released from prison."),
        p("The regional organised crime unit takes on the most complex investigations in "
          "the region. We found that the force and the unit did not agree on which cases "
          "the unit should take, and that some cases had been passed between them for "
          "several weeks before anyone took responsibility for them."),
        item("Area for improvement", "2.4",
             "The force should agree with the regional organised crime unit clear criteria "
             "for the cases that the unit will take on."),
        fpara("3. Protecting people from exploitation", h1, outline=0),
        p("Organised crime groups exploit vulnerable people: children who are made to carry "
          "drugs, and adults who are trafficked to work in cannabis farms, nail bars and car "
          "washes. During our inspection, officers visited 17 premises linked to organised "
          "crime groups. In 11 of them, they found people working who may have been victims "
          "of modern slavery. Only three were referred to the National Referral Mechanism."),
        p("Staff told us that officers should be better at recognising the signs of "
          "exploitation, and we agree. But the problem is also one of leadership: the force "
          "has no lead for modern slavery, and no process for making sure that the people "
          "found in these premises are safeguarded."),
        item("Cause of concern", "2",
             "The force is not doing enough to identify and protect people who are exploited "
             "by organised crime groups, including children and adults who are made to work "
             "in cannabis farms, nail bars and car washes."),
        item("Recommendation", "3.1",
             "With immediate effect, the force should make sure that every person found "
             "working in premises linked to an organised crime group is assessed as a "
             "possible victim of modern slavery."),
        item("Recommendation", "3.2",
             "By 31 December 2025, the force and the local authorities in its area should "
             "agree a joint protocol for safeguarding adults who are exploited by organised "
             "crime groups."),
        fpara("4. Next steps", h1, outline=0),
        p("We have asked the force to send us, by 30 November 2025, its plan for addressing "
          "the causes of concern. We will revisit the force within six months of the "
          "publication of this report to assess its progress, and we will report on the "
          "areas for improvement in our next PEEL inspection."),
        fpara("About the data", h2, outline=1),
        p("The figures in this report were provided by the force and have not been audited. "
          "Where we have used national data, we say so."),
    ]
    chrome = flow_chrome("Serious and organised crime: Ashbourne Police", footer="HMICFRS",
                         colour="#203864")
    doc.build(story, onFirstPage=chrome, onLaterPages=chrome)
    return path
