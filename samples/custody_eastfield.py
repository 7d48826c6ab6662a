"""Custody inspection: two causes of concern, each followed by its recommendations ("Within
three months, the force should:" with bullets, "With immediate effect"), and unnumbered
areas for improvement.

Laid out by the line-by-line engine (``samples.layout``).
"""

from __future__ import annotations

from pathlib import Path

from samples.layout import Doc, Theme, cover


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    t = Theme(font="Times-Roman", bold="Times-Bold", italic="Times-Italic", size=10,
              leading=13, para_gap=6, h_sizes=(17, 13, 11), h_color="#004d40",
              header="Eastfield Constabulary: police custody inspection",
              folio_format="Page {n}", folio_align="center", margin_x=58, margin_top=66)
    title = ("Report on an unannounced inspection visit to police custody suites in Eastfield "
             "Constabulary")
    doc = Doc(t, title)
    cover(doc, title, "Published: 11 March 2025", band="#004d40", title_font="Times-Bold",
          title_size=25, body_font="Times-Roman", kicker="Joint inspection of police custody")

    doc.heading("Introduction")
    doc.para(
        "This report is one in a series of inspections of police custody carried out jointly "
        "by His Majesty\u2019s Inspectorate of Constabulary and Fire & Rescue Services and His "
        "Majesty\u2019s Inspectorate of Prisons. These inspections form part of the joint work "
        "programme of the two inspectorates and contribute to the United Kingdom\u2019s response "
        "to its international obligations to ensure regular and independent inspection of all "
        "places of detention.{fn:The Optional Protocol to the United Nations Convention "
        "against Torture and other Cruel, Inhuman or Degrading Treatment or Punishment.}")
    doc.para(
        "We visited the force\u2019s three custody suites, at Eastfield Central, Harbourside and "
        "Millbrook, over two weeks in October 2024. Together they hold about 11,000 detainees "
        "each year.")
    doc.heading("Summary", level=2)
    doc.para(
        "Custody staff were courteous and treated detainees with respect. Booking-in was "
        "generally thorough, and detainees\u2019 legal rights were explained clearly. However, "
        "we found serious weaknesses in the way the force managed risk to detainees and in "
        "the healthcare available to them.")
    doc.para(
        "We have identified two causes of concern, each with recommendations, and two areas "
        "for improvement. We will ask the force to tell us how it plans to respond.")

    doc.page_break()
    doc.heading("Causes of concern and recommendations")
    doc.item(
        "Cause of concern",
        "The force did not make sure that detainees at risk of self-harm were adequately "
        "observed. Observation levels were often set without a full risk assessment, and in "
        "several of the cases we examined, cell checks were recorded as completed when custody "
        "CCTV showed that they had not taken place.")
    doc.item("Recommendations", "Within three months, the force should:")
    doc.bullets([
        "make sure that every detainee has a full risk assessment before an observation level "
        "is set;",
        "carry out regular audits of cell checks against CCTV footage, and act on the "
        "findings; and",
        "make sure that custody staff who do not complete observations as required are held "
        "to account.",
    ])
    doc.item(
        "Cause of concern",
        "The force\u2019s arrangements for the healthcare of detainees were unsafe. Detainees "
        "waited too long to see a healthcare professional, and medication was not always "
        "stored or given safely. In one suite, we found controlled drugs in an unlocked "
        "cupboard.")
    doc.item(
        "Recommendation",
        "With immediate effect, the force should make sure that detainees who need medication "
        "receive it when they need it, and that all medication in its custody suites is "
        "stored and recorded safely.")
    doc.heading("Areas for improvement", level=2)
    doc.para(
        "The force should make sure that detainees are offered a shower, a change of clothes "
        "and reading materials when they are held for more than a few hours.")
    doc.para(
        "The force should improve the quality of its records of the use of force in custody, "
        "so that it can show that every use of force was necessary and proportionate.")

    doc.page_break()
    doc.heading("Leadership, accountability and partnerships")
    doc.para(
        "The force had a clear governance structure for custody, led by a chief inspector who "
        "reported to the head of criminal justice. Custody managers met every month to review "
        "performance, and there was a well-established independent custody visitor scheme.")
    doc.para(
        "However, the data that the force collected about custody was limited. Managers could "
        "tell us how many people had been detained, but not how long children had been held, "
        "or how often force had been used against detainees. This made it difficult for "
        "leaders to identify problems or to know whether improvements were working.")
    doc.heading("Pre-custody: first point of contact", level=2)
    doc.para(
        "Arresting officers generally gave custody sergeants good information about the "
        "detainees they brought in. Officers made appropriate use of alternatives to custody "
        "for people with mental ill health, and the force worked well with the local mental "
        "health trust to find places of safety.")
    doc.para(
        "Children were still being brought into custody when other options might have been "
        "available. In three of the 20 cases we reviewed, a child had been arrested for a "
        "minor offence that could have been dealt with by a voluntary interview.")
    doc.heading("In the custody suite: booking in, individual needs and legal rights",
                level=2)
    doc.para(
        "Booking-in was carried out respectfully and with appropriate privacy in most cases. "
        "Custody sergeants asked detainees the required risk assessment questions and "
        "generally followed up on their answers. Interpreters were readily available by "
        "telephone.")
    doc.para(
        "But the way risk was managed after booking-in was a serious weakness. Observation "
        "levels did not always reflect the risks identified, and the records of cell checks "
        "were unreliable. We have raised this as a cause of concern.")
    doc.heading("Detainee care", level=2)
    doc.para(
        "Cells were clean and free of graffiti, and most were in good repair. Detainees were "
        "given food and drink at regular intervals. Few were offered a shower or a change of "
        "clothing, even when they had been held for more than 24 hours.")
    doc.para(
        "Healthcare was provided under contract by a private company. Staffing shortages meant "
        "that detainees in two of the three suites often waited more than two hours to be "
        "seen, and the management of medication was poor.")
    doc.heading("Release and transfer from custody", level=2)
    doc.para(
        "Pre-release risk assessments were completed for most detainees, and vulnerable "
        "detainees were given information about support services. However, the force did not "
        "always find suitable accommodation for children who had been charged and refused "
        "bail, and they were kept in police cells overnight as a result.")

    return doc.save(outdir / "custody_eastfield.pdf")
