"""Vetting and counter-corruption thematic: items in shaded boxes (one with a bullet list over
a page break), a summary table of the recommendations (no items), printed folios two less
than the physical pages, an unnumbered area for improvement.

Laid out by the line-by-line engine (``samples.layout``).
"""

from __future__ import annotations

from pathlib import Path

from samples.layout import Doc, Theme, cover


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    t = Theme(font="Times-Roman", bold="Times-Bold", italic="Times-Italic", size=10.5,
              leading=14, para_gap=7, h_sizes=(19, 13.5, 11.5), h_color="#0b3d63",
              box_fill="#dce8f3", header="Raising the standard: vetting and counter-corruption",
              folio_offset=2, folio_align="right", margin_x=66)
    title = ("Raising the standard: An inspection of vetting and counter-corruption in police "
             "forces in England and Wales")
    doc = Doc(t, title)
    cover(doc, title, "Published 18 February 2025", band="#0b3d63", title_font="Times-Bold",
          title_size=26, body_font="Times-Roman")

    def boxed(label: str, text: str | None = None, tag: str | None = None) -> None:
        doc.box_start()
        doc.heading(label, level=3, outline=False, before=0, tag=tag)
        if text is not None:
            doc.para(text, before=3, tag=tag)

    doc.heading("Contents", outline=False)
    contents_at = len(doc.lines)
    doc.page_break()
    keys: dict[str, str] = {}
    keys["Summary"] = doc.heading("Summary")
    doc.para(
        "Public trust in the police depends on the public\u2019s confidence that the people "
        "who join and serve in the police are fit to do so. Vetting is the first line of "
        "defence against those who would abuse the position. Counter-corruption units are the "
        "second: they find and deal with officers and staff who abuse their position once they "
        "are in it.")
    doc.para(
        "We inspected vetting and counter-corruption in eight forces. We found that forces "
        "have improved their vetting processes since our last inspection, but that too many "
        "decisions to grant clearance despite adverse information were poorly recorded. "
        "Counter-corruption units were under-resourced, and few had the technology they "
        "needed to monitor the use of force systems.")
    doc.para(
        "We make five recommendations and identify one area for improvement. The table "
        "below summarises the recommendations; the full text of each is in the chapter to "
        "which it relates.")
    doc.table([
        ["No.", "Recommendation (summary)", "Addressed to", "Deadline"],
        ["1", "Record a rationale for every clearance granted despite adverse information",
         "College of Policing", "31 July 2025"],
        ["2", "Resource vetting units; amend the conduct regulations",
         "Chief constables; Home Office", "31 October 2025"],
        ["3", "Give counter-corruption units the capability they need",
         "Chief constables", "31 March 2026"],
        ["4", "Publish guidance on referrals of corruption cases",
         "IOPC; National Police Chiefs\u2019 Council", "30 April 2026"],
        ["5", "Share learning on scrutiny of counter-corruption",
         "Association of Police and Crime Commissioners", "None"],
    ], [0.08, 0.47, 0.27, 0.18], size=9.5)
    doc.para(
        "Recommendations should be read in full in the chapters that follow; the summaries "
        "above are not a substitute for them.", before=10, size=9.5)

    doc.page_break()
    keys["1. Vetting decisions"] = doc.heading("1. Vetting decisions")
    doc.para(
        "Every police officer and member of police staff must hold vetting clearance. When a "
        "force discovers adverse information about an applicant, such as a criminal record or "
        "links to known criminals, it must decide whether the risk can be managed. The College "
        "of Policing\u2019s authorised professional practice allows forces to grant clearance in "
        "such cases, but requires the decision to be justified.{fn:College of Policing, "
        "__Vetting authorised professional practice__, last updated in 2024.}")
    doc.para(
        "We reviewed 450 vetting files. In 71 of them, clearance had been granted despite "
        "adverse information. In 29 of these, there was no written rationale for the decision, "
        "and in a further 18 the rationale did not address the risks that the information "
        "presented.")
    boxed("Recommendation 1",
          "By 31 July 2025, the College of Policing should amend its vetting authorised "
          "professional practice so that every decision to grant vetting clearance despite "
          "adverse information is recorded, with a written rationale that addresses each of "
          "the risks identified.", tag="rec1")
    doc.box_end()
    doc.para(
        "Vetting units in most forces were not large enough for the demands placed on them. "
        "Backlogs had built up during periods of heavy recruitment, and some units had "
        "responded by reducing the checks they carried out on renewals. We also found that the "
        "regulations governing misconduct proceedings do not allow a force to dismiss an "
        "officer who can no longer hold vetting clearance.")
    boxed("Recommendation 2",
          "By 31 October 2025, chief constables should make sure that their vetting units "
          "have enough trained staff to complete every new application and renewal without "
          "backlogs. The Home Office should amend the Police (Conduct) Regulations so that "
          "forces can dismiss officers who no longer hold vetting clearance.", tag="rec2")
    doc.box_end()
    doc.para(
        "Vetting is not a one-off event. Officers and staff are required to report changes in "
        "their personal circumstances, such as a new partner or a financial difficulty, but "
        "many told us they were not aware of this duty.")
    boxed("Area for improvement",
          "Chief constables should make sure that officers and staff are reminded every year "
          "of their duty to report changes in their personal circumstances.", tag="afi")
    doc.box_end()

    doc.page_break()
    keys["2. Counter-corruption"] = doc.heading("2. Counter-corruption")
    doc.para(
        "Counter-corruption units investigate officers and staff suspected of abusing their "
        "position, including those who abuse their position for a sexual purpose, who leak "
        "information, or who have inappropriate relationships with criminals. They depend on "
        "intelligence, and on the ability to monitor how officers use force systems.")
    doc.para(
        "Only two of the eight forces we inspected could monitor all their systems. The others "
        "relied on manual audits, which were infrequent and could be avoided by anyone who "
        "knew when they were carried out. Most units had fewer investigators than their own "
        "assessments of demand said they needed, and their intelligence assessments were "
        "often out of date.{fn:The National Police Chiefs\u2019 Council counter-corruption "
        "strategic threat assessment is updated every year; forces are expected to produce "
        "their own local assessments to the same timetable.}")
    doc.para(
        "Investigators told us that they frequently had to choose between cases, and that "
        "cases involving the abuse of position for a sexual purpose, which are among the most "
        "serious, were sometimes delayed while more straightforward cases were completed. In "
        "one force, a case had been waiting for allocation for seven months.")
    doc.para(
        "We also found that units did not always receive the information they needed from "
        "other departments. Professional standards departments, human resources teams and "
        "vetting units held information that could have helped to identify corrupt officers, "
        "but in most forces there was no routine process for sharing it.")
    doc.para(
        "Some forces had taken steps to improve this. In one, a monthly meeting brought "
        "together the heads of the vetting unit, the counter-corruption unit, professional "
        "standards and human resources to discuss any officer or member of staff about whom "
        "there were concerns.")
    doc.para(
        "The abuse of position for a sexual purpose is the most serious form of corruption "
        "that forces deal with. Officers who commit it often target people who are "
        "vulnerable, such as victims of domestic abuse, and they may do so over long periods "
        "before they are found out. Early intelligence is often fragmentary: a colleague\u2019s "
        "unease about an officer\u2019s manner, a pattern of unexplained visits, or repeated "
        "searches on force systems for the same person.")
    doc.para(
        "Units that could monitor the use of force systems were able to identify these "
        "patterns far more quickly. In one force, automated monitoring had identified an "
        "officer who had searched for the details of a domestic abuse victim more than 40 "
        "times; he was dismissed and later convicted. The forces without this capability "
        "told us that they could not be confident that they would find similar cases.")
    doc.para(
        "The cost of monitoring software has fallen in recent years, and several suppliers "
        "now offer products that work with the systems most forces use. But buying the "
        "software is not enough on its own. The forces that used it well had also trained "
        "analysts to interpret its alerts, agreed with staff associations how it would be "
        "used, and told their workforce that monitoring was taking place. Several officers "
        "told us that knowing their searches were monitored made them more careful, which "
        "is itself a benefit. In the forces that did not monitor their systems, officers "
        "and staff we spoke to assumed, wrongly, that they were being monitored. One "
        "analyst described the alerts as \u2018the most useful source of intelligence we "
        "have\u2019, and another told us that the software had paid for itself within a "
        "year in the time it saved investigators.")
    boxed("Recommendation 3")
    doc.para("By 31 March 2026, chief constables should make sure that their "
             "counter-corruption units:", before=3, tag="rec3")
    doc.bullets([
        "have enough trained investigators to meet the demand identified in their own "
        "strategic threat assessments;",
        "can monitor the use of all force systems that hold personal information, and audit "
        "that use without warning; and",
        "receive all relevant information held by professional standards, human resources and "
        "vetting units, through a documented process that is reviewed at least once a year.",
    ], tag="rec3")
    doc.box_end()
    doc.para(
        "Some cases of corruption must be referred to the Independent Office for Police "
        "Conduct. We found that forces interpreted the referral criteria differently, so that "
        "similar cases were referred by some forces and not by others.")
    boxed("Recommendation 4",
          "By 30 April 2026, the Independent Office for Police Conduct and the National Police "
          "Chiefs\u2019 Council should jointly publish guidance on which corruption cases must be "
          "referred, with examples.", tag="rec4")
    doc.box_end()

    doc.page_break()
    keys["3. Oversight"] = doc.heading("3. Oversight")
    doc.para(
        "Police and crime commissioners hold chief constables to account for the performance "
        "of their forces, including their professional standards. The commissioners we spoke "
        "to were aware of the importance of vetting, but few received information about "
        "counter-corruption, and most said they would find it difficult to judge whether "
        "their force\u2019s unit was effective.")
    boxed("Recommendation 5",
          "The Association of Police and Crime Commissioners should work with its members to "
          "share good practice in the scrutiny of vetting and counter-corruption.", tag="rec5")
    doc.box_end()
    doc.para(
        "We will follow up these recommendations through our PEEL inspections and our "
        "monitoring of forces.")

    doc.contents(list(keys.items()), at=contents_at)

    path = doc.save(outdir / "boxed_vetting.pdf")
    doc.require_pages("rec3", [5, 6])
    return path
