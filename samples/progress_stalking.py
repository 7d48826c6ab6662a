"""Progress report: earlier recommendations quoted with their status (Completed, In progress,
Incomplete), an earlier area for improvement (Closed), a 2014 item (Superseded), then new
recommendations numbered again from 1.

Laid out by the line-by-line engine (``samples.layout``).
"""

from __future__ import annotations

from pathlib import Path

from samples.layout import Doc, Theme, cover


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    t = Theme(size=10, leading=13.8, para_gap=6.5, h_sizes=(18, 13, 11), h_color="#5b2c6f",
              header="Stalking and harassment: progress inspection of Westmarch Police",
              footer_left="HMICFRS", margin_x=60)
    title = "Stalking and harassment: A progress inspection of Westmarch Police"
    doc = Doc(t, title)
    cover(doc, title, "Published: 29 April 2025", band="#5b2c6f", title_size=26,
          kicker="Progress inspection")

    def status(text: str) -> None:
        doc.para(f"**Status: {text}**", before=5, color="#5b2c6f")

    def quoted(text: str) -> None:
        doc.para(f"__{text}__", before=3, font=t.italic)

    doc.heading("Introduction")
    doc.para(
        "In 2023 we inspected how well Westmarch Police responds to stalking and harassment. "
        "We found that the force often failed to recognise stalking, recorded it as a less "
        "serious offence, and rarely used the powers available to protect victims. We made "
        "four recommendations and identified one area for improvement.")
    doc.para(
        "We returned to the force in January 2025 to assess its progress. This report sets "
        "out what we found. For each of our previous recommendations and the area for "
        "improvement, we give our assessment of the force\u2019s progress. We also comment on "
        "a recommendation from our 2014 inspection of crime recording that remained open.")
    doc.para(
        "We describe a recommendation as completed when the force has done what we asked and "
        "the change has been sustained, and as in progress when work is under way but not yet "
        "finished. Where we found little or no progress, we describe the recommendation as "
        "incomplete.")

    doc.heading("Recommendations from our 2023 report")
    doc.heading("Recommendation 1", level=3, outline=False)
    quoted(
        "By 31 December 2023, the force should make sure that all reports of stalking are "
        "recorded as stalking offences, rather than as harassment or malicious "
        "communications.")
    status("Completed")
    doc.para(
        "The force has changed its crime recording procedures and trained its crime recording "
        "staff. In a sample of 60 incidents, we found that stalking had been correctly recorded "
        "in 57.")
    doc.heading("Recommendation 2", level=3, outline=False)
    quoted(
        "By 31 March 2024, the force should train all frontline officers and staff to "
        "recognise stalking behaviour, using the College of Policing\u2019s stalking training "
        "package.")
    status("In progress")
    doc.para(
        "By January 2025, 74 percent of frontline officers and staff had completed the "
        "training. The force expects to complete it by June 2025.")
    doc.heading("Recommendation 3", level=3, outline=False)
    quoted(
        "The force should make sure that stalking protection orders are considered in every "
        "case in which the legal test is met, and that the reasons for not applying for an "
        "order are recorded.")
    status("Incomplete")
    doc.para(
        "The force applied for only 11 stalking protection orders in 2024. In most of the "
        "cases we reviewed in which an order could have been sought, there was no record that "
        "one had been considered.")
    doc.heading("Recommendation 4", level=3, outline=False)
    quoted(
        "By 30 June 2024, the force and the Crown Prosecution Service should agree a joint "
        "protocol for the early investigative advice given in stalking cases.")
    status("Incomplete")
    doc.para(
        "A draft protocol has been written, but it has not yet been agreed. Investigators told "
        "us that they still found it hard to get early advice from prosecutors.")

    doc.heading("Area for improvement from our 2023 report", level=2)
    doc.heading("Area for improvement", level=3, outline=False)
    quoted(
        "The force should improve the quality of the safety advice that it gives to victims "
        "of stalking.")
    status("Closed")
    doc.para(
        "The force now gives every victim a written safety plan, reviewed by a specialist "
        "adviser. Victims we spoke to valued the advice they had received.")

    doc.heading("Recommendation from our 2014 crime recording inspection", level=2)
    doc.heading("Recommendation 5", level=3, outline=False)
    quoted(
        "Not later than 31 March 2015, the chief constable should ensure that all reports of "
        "harassment are recorded as crimes in accordance with the Home Office Counting "
        "Rules.")
    status("Superseded")
    doc.para(
        "This recommendation has been superseded by recommendation 1 of our 2023 report, "
        "which the force has now completed. We will not report on it again.")

    doc.page_break()
    doc.heading("Our findings")
    doc.para(
        "Since our 2023 inspection, the force has created a specialist stalking unit of eight "
        "investigators, supported by two victim advocates funded by the police and crime "
        "commissioner. The unit reviews every recorded stalking offence within 48 hours and "
        "takes on the most serious cases itself.")
    doc.para(
        "Victims told us that the unit had made a real difference. One described the "
        "investigator assigned to her case as \u2018the first person who believed me\u2019. But "
        "the unit cannot handle every case, and the quality of investigations carried out by "
        "local teams was still inconsistent. Supervisors of those teams had not received the "
        "advanced training given to the specialist unit.")
    doc.para(
        "The force has also struggled to secure support from local victim services. There is "
        "no independent stalking advocacy service in the force area, and victims in rural "
        "areas told us that they felt isolated.")

    doc.heading("Recommendations in this report")
    doc.para(
        "We make three new recommendations. They build on our previous recommendations and "
        "take account of the progress the force has made.")
    doc.item(
        "Recommendation 1",
        "By 31 October 2025, the force should make sure that every stalking investigation is "
        "overseen by a supervisor who has completed the force\u2019s advanced stalking "
        "training.")
    doc.item(
        "Recommendation 2",
        "By the end of June 2026, the force should work with the police and crime "
        "commissioner to commission an independent advocacy service for victims of "
        "stalking.")
    doc.item(
        "Recommendation 3",
        "By 31 March 2026, the force should review its use of stalking protection orders and "
        "publish the number of orders it applies for and obtains each year. The police and "
        "crime commissioner should hold the chief constable to account for the force\u2019s "
        "progress.")
    doc.para(
        "We will continue to monitor the force\u2019s progress through our usual monitoring "
        "arrangements.", before=10)

    return doc.save(outdir / "progress_stalking.pdf")
