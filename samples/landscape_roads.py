"""Landscape roads policing thematic: a sidebar of pull quotes (one beside an item), different
running headers on odd and even pages, footnotes on most pages (one inside an item),
ligature glyphs and curly quotes in item texts, and an item that breaks mid-sentence over a
page with the footnote block between its two parts.

Laid out by the line-by-line engine (``samples.layout``).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape

from samples.layout import Doc, Theme, cover, register_vera


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    register_vera()
    t = Theme(font="Vera", bold="VeraBd", italic="VeraIt", size=9.6, leading=14.2,
              para_gap=6.5, h_sizes=(17, 12.5, 10.5), h_color="#6b2d5c", ligatures=True,
              header="Every collision matters: roads policing and collision investigation",
              header_even="HMICFRS  |  Roads policing inspection", footer_left="",
              folio_format="{n}", folio_align="center", margin_x=54, margin_top=64,
              margin_bottom=56, page_size=landscape(A4), sidebar=236, aside_size=14.5,
              aside_color="#6b2d5c", fn_size=7.2)
    title = ("Every collision matters: An inspection of roads policing and the investigation "
             "of fatal and serious collisions")
    doc = Doc(t, title)
    cover(doc, title, "Published: 22 October 2025", band="#6b2d5c", title_font="VeraBd",
          title_size=24, body_font="Vera", kicker="National thematic inspection")

    def rec(n: int, text: str, aside: str | None = None) -> None:
        doc.item(f"Recommendation {n}", text, tag=f"rec{n}", aside=aside)

    doc.heading("Summary")
    doc.para(
        "Every year, about 1,700 people are killed on the roads of England and Wales, and "
        "nearly 30,000 are seriously injured.{fn:Department for Transport, Reported road "
        "casualties in Great Britain, annual report for 2024.} Each of these collisions "
        "is investigated by the police, and for the families of those who die, the "
        "investigation is often their first and most painful contact with the criminal "
        "justice system.",
        aside="\u201cI had to find out from a neighbour that my son had died.\u201d "
              "\u2014 Bereaved mother")
    doc.para(
        "We inspected roads policing and collision investigation in six forces. We found "
        "skilled and dedicated investigators, and some excellent support for bereaved "
        "families. But we also found that the number of specialist investigators had "
        "fallen in four of the six forces, that some investigations waited months for "
        "forensic work, and that families were not always told what was happening.")
    doc.para(
        "Forces do not record serious injuries in the same way, so nobody can say with "
        "confidence whether the roads are becoming safer. Funding for specialist forensic "
        "work is fragmented, and the arrangements for early advice from prosecutors vary "
        "from one area to the next.{fn:The Crown Prosecution Service offers early "
        "investigative advice in serious and complex cases; see its guidance on the "
        "charging of road traffic offences.}")
    doc.para(
        "We make five recommendations. Three are for chief constables; the others are for "
        "national bodies.")

    doc.page_break()
    doc.heading("1. Investigating collisions")
    doc.para(
        "A fatal collision is investigated with the same rigour as any other unexplained "
        "death. National guidance requires that the investigation is led by a trained "
        "senior investigating officer, and that the scene is examined by a forensic "
        "collision investigator.{fn:College of Policing, Authorised professional practice: "
        "Road policing, investigating road deaths.} In most of the cases we reviewed, this "
        "happened. But in 14 of the 120 fatal collisions we examined, the investigation had "
        "been led by an officer who had not completed the relevant training, usually "
        "because no trained officer was on duty.")
    doc.para(
        "Forensic collision investigators examine the scene, the vehicles and any data "
        "the vehicles hold. Their number had fallen in four forces, and in two it had "
        "fallen by more than a quarter. The remaining investigators worked long hours and "
        "were frequently called from home at night.")
    rec(1,
        "By 30 April 2026, chief constables should make sure that every fatal and "
        "life-changing collision is investigated by an officer who is trained and "
        "accredited to lead such investigations, and that the scene is examined by a "
        "qualified forensic collision investigator.",
        aside="\u201cFamilies should never have to chase us for answers.\u201d "
              "\u2014 Senior investigating officer")
    doc.para(
        "Forces record the severity of injuries in collisions differently. Some use an "
        "injury-based reporting system, in which officers record the injury itself; others "
        "rely on the judgment of the officer at the scene.{fn:An injury-based system was "
        "introduced by most forces between 2016 and 2023.} As a result, the figures for "
        "serious injuries cannot be compared between forces or over time.")
    rec(2,
        "The National Police Chiefs\u2019 Council lead for roads policing should work with the "
        "College of Policing to publish a national definition of a \u2018life-changing\u2019 "
        "injury, so that forces record serious collisions in the same way and their "
        "figures can be compared.")

    doc.page_break()
    doc.heading("2. Funding and capability")
    doc.para(
        "The cost of investigating a fatal collision can be considerable, particularly "
        "when the vehicles involved must be examined by a specialist laboratory. Forces "
        "told us that they had delayed sending vehicles for examination while they argued "
        "with other organisations about who should pay.{fn:In one case, a vehicle waited "
        "11 weeks in a police pound while the cost of its examination was disputed.}")
    doc.para(
        "We found no agreed national position on how this work should be funded. Several "
        "chief officers told us that they would welcome one, and that the absence of one "
        "was causing delay in some of the most serious investigations they dealt with.")
    rec(3,
        "By 31 December 2026, the Department for Transport and the Home Office should "
        "agree how the cost of forensic collision reconstruction{fn:Forensic collision "
        "reconstruction is the scientific analysis of how a collision happened, using "
        "evidence from the scene, the vehicles and any recorded data.} is met, so that no "
        "investigation is delayed by a dispute about funding.")
    doc.para(
        "Roads policing units also support other police work, such as the disruption of "
        "criminals who use the roads. In two forces, we found that roads policing officers "
        "spent more than a third of their time on other duties, which left the units unable "
        "to meet their own targets for enforcement.")

    doc.page_break()
    doc.heading("3. Supporting bereaved families")
    doc.para(
        "When someone dies in a road collision, their family is entitled to the support of "
        "a family liaison officer. These officers explain how the investigation will "
        "proceed, keep the family informed, and act as a link between the family and the "
        "senior investigating officer.{fn:Victims\u2019 Code, right 4: the right to be "
        "referred to services that support victims.} The families we spoke to valued "
        "their family liaison officers highly, and several described them as the only "
        "people who had treated them with real kindness.")
    doc.para(
        "But the support was not consistent. In some cases, families waited several days "
        "for a family liaison officer to be appointed, and some told us that they had "
        "never been told what support they could expect. In others, the officer was "
        "changed part-way through the investigation, and the family had to tell their "
        "story again to a stranger.")
    doc.para(
        "Family liaison officers told us that they were often given the role on top of "
        "their usual duties, and that they found it hard to give families the time they "
        "needed. Few had received any support for their own welfare, although the work "
        "exposed them to a great deal of grief.")
    doc.para(
        "We also found that families were rarely told why officers needed to keep the "
        "scene closed, or their relative\u2019s vehicle and belongings, for so long. Some "
        "families said that this silence had added to their distress.{fn:Roads charity "
        "survey of bereaved families, 2024.}")
    doc.para(
        "The forces that explained these things well did so early, in person and in "
        "writing. Their family liaison officers told families at the first meeting how "
        "long the scene was likely to stay closed, what would happen to the vehicle, and "
        "when they could expect to hear from the senior investigating officer. Families "
        "supported in this way told us that they had felt informed and respected, even "
        "when the news they were given was hard to hear. One father showed us the short "
        "note he had been given in the first week; he said it was the one thing from that "
        "time that he had kept.")
    rec(4,
        "With immediate effect, chief constables should make sure that every family "
        "bereaved by a road collision is offered a trained family liaison officer within "
        "24 hours of the death, that the officer confirms in writing what support the "
        "family can expect from the force and from the Crown Prosecution Service, and that "
        "the officer explains to the family, in plain language, what the \u201cgolden "
        "hour\u201d of an investigation is and why officers may need to keep the family\u2019s "
        "vehicle and belongings for some time.")
    doc.para(
        "Several forces have begun to give families a written guide to the investigation. "
        "The best we saw was short, clearly written and reviewed by bereaved families "
        "themselves before it was published.")

    doc.heading("4. Prosecution")
    doc.para(
        "Cases of causing death by dangerous or careless driving are among the most "
        "complex that the police and the Crown Prosecution Service deal with. Early advice "
        "from a prosecutor can help investigators to focus on the evidence that matters, "
        "but we found that the arrangements for it varied widely.{fn:In three of the six "
        "areas, early advice was available only after a suspect had been interviewed.}",
        aside="\u201cThe first hour decides everything.\u201d \u2014 Forensic collision "
              "investigator")
    rec(5,
        "Within three months of the publication of this report, the Crown Prosecution "
        "Service and the National Police Chiefs\u2019 Council should agree a protocol for "
        "early investigative advice in cases of death by dangerous or careless driving.")

    doc.heading("About this inspection", level=2)
    doc.para(
        "We inspected six forces between February and June 2025. We reviewed 120 fatal "
        "collision investigations, interviewed officers, staff and prosecutors, and spoke "
        "to 31 bereaved families through a charity that supports them.")

    path = doc.save(outdir / "landscape_roads.pdf")
    doc.require_pages("rec4", [5, 6])
    # The first part of recommendation 4 sits above a footnote block.
    if not doc.page_notes[5 - 2]:
        raise AssertionError(f"{title}: no footnotes on page 5")
    return path
