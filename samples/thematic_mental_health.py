"""Platypus thematic in Times with first-line indents: recommendations that run over several
paragraphs ("This should include:" with a list, "They should also ...", "In doing so ..."),
and narrative paragraphs after items that are not continuations.

Laid out by reportlab's platypus (``samples.flow``).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Spacer

from samples.flow import FlowDoc, flow_bullets, flow_chrome, flow_cover, flow_styles, fpara


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    title = ("A shared responsibility: An inspection of the police response to people in "
             "mental health crisis")
    path = outdir / "thematic_mental_health.pdf"
    doc = FlowDoc(path, title, outline=False, pagesize=A4, leftMargin=72, rightMargin=72,
                  topMargin=70, bottomMargin=66)
    st = flow_styles(font="Times-Roman", bold="Times-Bold", size=11, leading=14.3, after=4,
                     first_indent=16, colour="#1f3a5f")
    body, first, h1, h2, label = st["body"], st["first"], st["h1"], st["h2"], st["label"]
    item_label = ParagraphStyle("item_label", parent=label, fontName="Times-Bold",
                                fontSize=11.5, spaceBefore=10, spaceAfter=2)

    def rec(n: int, paragraphs: list[str], bullets: list[str] | None = None,
            after: list[str] | None = None) -> list[Flowable]:
        """A recommendation: label, first paragraph unindented, continuation paragraphs
        indented like any other paragraph, an optional list, then more paragraphs."""
        tag = f"rec{n}"
        out: list[Flowable] = [fpara(f"Recommendation {n}", item_label),
                               fpara(paragraphs[0], first, tag=tag)]
        out += [fpara(x, body, tag=tag) for x in paragraphs[1:]]
        if bullets:
            out.append(flow_bullets(bullets, st["bullet"], tag=tag))
        out += [fpara(x, body, tag=tag) for x in after or []]
        return out

    story: list[Flowable] = [
        *flow_cover(st, title, "Published: 26 February 2026", top=30, gap=170,
                    title_style=ParagraphStyle("t", parent=st["title"], fontName="Times-Bold",
                                               fontSize=28, leading=33)),
        PageBreak(),
        fpara("Foreword", h1),
        fpara("Every day, police officers are called to people who are in mental health "
              "crisis. Some are at risk of harming themselves; a few are a risk to others. "
              "Most need care, not policing, and officers are often the only people "
              "available to help them at three o\u2019clock in the morning.", first),
        fpara("In 2018 we reported that the police were too often the service of first "
              "resort for people in crisis. Since then, forces in England have adopted the "
              "Right Care, Right Person approach, under which the police attend only when "
              "there is a risk to life or of serious harm, or a crime. We wanted to find out "
              "whether this approach was working for the people it is meant to help.", body),
        fpara("We found that it has released a great deal of police time, and that in most "
              "areas health and social care services have taken on the calls that the police "
              "no longer attend. But in some areas they have not, and nobody could tell us "
              "what had happened to the people concerned. That is not acceptable.", body),
        fpara("I am grateful to the people with lived experience of mental ill health who "
              "helped us with this inspection, and to the officers, staff and health "
              "professionals who gave us their time.", body),
        Spacer(1, 4),
        fpara("<b>Wendy Carrick</b>, His Majesty\u2019s Inspector of Constabulary", st["left"]),
        fpara("1. Answering the call", h1),
        fpara("Calls about people in mental health crisis make up a significant part of "
              "the demand on police control rooms. Call handlers must decide, often with "
              "little information, whether the police need to attend, whether another "
              "service should, or both.", first),
        fpara("The forces that handled these calls best had mental health professionals in "
              "the control room, or could reach one by telephone at any hour. Their call "
              "handlers told us that this advice gave them the confidence to refer calls to "
              "health services when that was the right response. In forces without it, call "
              "handlers tended to send officers, just in case.", body),
        fpara("We also found that some call handlers had received no training in the Right "
              "Care, Right Person approach, or had been trained so long ago that they had "
              "forgotten it. We believe forces should give call handlers refresher training "
              "at least once a year, and some forces were already doing so.", body),
        *rec(1, ["By 30 June 2026, chief constables should make sure that call handlers can "
                 "get advice from a mental health professional at any time of the day or "
                 "night, so that they can decide whether a police response is needed."]),
        fpara("They told us that such advice was most valuable at night and at weekends, "
              "when other services are harder to reach. Several forces already fund this "
              "advice jointly with their local health services.", body),
        fpara("2. Right Care, Right Person", h1),
        fpara("Under the Right Care, Right Person approach, forces agree with their health "
              "and social care partners which calls the police will no longer attend. We "
              "found that the agreements were generally sound, but that few forces had "
              "checked what happened after a call was passed on.", first),
        fpara("In one force, a partner agency had failed to respond to 14 of the 60 calls "
              "that we traced. Nobody had noticed, because neither organisation was "
              "monitoring the outcomes. In another, the process for escalating a case when a "
              "partner had not responded depended on the goodwill of individual managers.",
              body),
        *rec(2, ["By 31 October 2026, chief constables should review how their forces apply "
                 "the Right Care, Right Person approach to calls about people in mental "
                 "health crisis.",
                 "This should include:"],
             bullets=["an assessment of the calls that the force no longer attends, and of "
                      "what happened to the people concerned;",
                      "the arrangements agreed with local health and social care partners "
                      "for the calls that the police do not attend; and",
                      "a clear process for escalating a case when a partner agency has not "
                      "responded."]),
        fpara("This is not a criticism of the approach itself, which most of the people we "
              "spoke to supported. It is a matter of making sure that it works as intended "
              "for every person in crisis.", body),
        fpara("3. Places of safety", h1),
        fpara("Section 136 of the Mental Health Act 1983 allows a police officer to take a "
              "person who appears to be suffering from a mental disorder to a place of "
              "safety. The law says that a police station should be used only in exceptional "
              "circumstances, and for adults this is now rare.", first),
        fpara("But health-based places of safety are often full, or closed at night, and "
              "officers frequently waited with a detained person for many hours in hospital "
              "emergency departments. In the cases we reviewed, the average wait was seven "
              "hours, and the longest was more than 30 hours. During that time, at least two "
              "officers were unavailable for any other work.", body),
        *rec(3, ["By 31 December 2026, the Department of Health and Social Care and NHS "
                 "England should make sure that every area has a health-based place of "
                 "safety that is available at all times for people detained under section "
                 "136 of the Mental Health Act 1983.",
                 "They should also publish data each quarter on how long people detained by "
                 "the police wait to be admitted to one."]),
        fpara("4. Training and guidance", h1),
        fpara("The College of Policing publishes authorised professional practice on mental "
              "health. It was last updated before most forces adopted the Right Care, Right "
              "Person approach, and officers told us that it did not reflect what they were "
              "now asked to do.", first),
        *rec(4, ["The College of Policing should revise its authorised professional practice "
                 "on mental health to reflect the Right Care, Right Person approach.",
                 "In doing so, it should consult people with lived experience of mental ill "
                 "health, and the organisations that represent them."]),
        fpara("Street triage schemes, in which officers and mental health professionals "
              "respond together, were valued by everyone we spoke to. But most were funded "
              "from one year to the next, and several had closed when their funding ended, "
              "whatever their results.", body),
        *rec(5, ["Within 12 months of the publication of this report, the Home Office and the "
                 "Department of Health and Social Care should jointly review how mental "
                 "health street triage schemes are funded.",
                 "They should publish the findings of the review, and set out which body is "
                 "responsible for evaluating the schemes."]),
        fpara("Finally, we looked at the training given to officers who use the power of "
              "detention under section 136. Few had been trained since they joined the "
              "police, and many were unsure of the limits of the power.", body),
        *rec(6, ["Chief constables and the National Police Chiefs\u2019 Council lead for mental "
                 "health should make sure that officers who detain people under section 136 "
                 "receive refresher training at least every two years."]),
        fpara("This is not a new recommendation. We made a similar one in 2018, and the "
              "progress since then has been slow. We will check it in our PEEL inspections.",
              body),
        fpara("About this inspection", h2),
        fpara("We inspected six forces between March and July 2025. In each force we "
              "listened to calls, reviewed 60 incidents, interviewed officers, staff and "
              "partners, and spoke to people with lived experience of mental ill health.",
              first),
    ]
    chrome = flow_chrome("A shared responsibility: police and mental health",
                         font="Times-Roman", folio="Page {n}")
    doc.build(story, onFirstPage=chrome, onLaterPages=chrome)
    return path
