"""Two-column fraud thematic: full-width title and headings (one mid-page), items in both
columns, a paragraph running from one column into the next.

Laid out by the line-by-line engine (``samples.layout``).
"""

from __future__ import annotations

from pathlib import Path

from samples.layout import Doc, Theme, cover


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    t = Theme(size=9.5, leading=12.8, para_gap=5.5, h_sizes=(16, 12.5, 10.5), h_color="#7a1f1f",
              columns=2, gutter=22, margin_x=48, header="Fraud: police and NCA response",
              footer_left="HMICFRS", folio_format="Page {n}")
    title = "Fraud: An inspection of the response to fraud by police forces and the NCA"
    doc = Doc(t, title)
    cover(doc, title, "Published: 3 December 2025", band="#7a1f1f", title_size=25)

    doc.heading("Summary")
    doc.para(
        "Fraud is the most common crime in England and Wales. It accounts for about 40 percent "
        "of all crime experienced by adults, yet it receives less than 2 percent of police "
        "resources. Victims lose billions of pounds every year, and many suffer lasting "
        "emotional harm.")
    doc.para(
        "We inspected how well police forces and the National Crime Agency respond to fraud, "
        "from the moment a victim reports it to the outcome of the investigation. We visited "
        "six forces and the national fraud reporting service, and we reviewed 180 cases.")
    doc.para(
        "We found that victims are still too often left without any contact after making a "
        "report. The national reporting service sends most reports to forces for "
        "investigation, but forces rarely tell victims what has happened to them. Only a "
        "small proportion of reports lead to a charge.")
    doc.para(
        "Some forces have made real progress. Their economic crime teams are well resourced, "
        "and they work closely with banks to recover money for victims. But the response "
        "across the country remains inconsistent, and it depends too much on where a victim "
        "lives.")
    doc.para(
        "We make five recommendations. They are addressed to the Home Office, the National "
        "Crime Agency, the Police Digital Service, the National Police Chiefs\u2019 Council, "
        "chief constables and other law enforcement bodies.")

    doc.page_break()
    doc.heading("Reporting and triage")
    doc.para(
        "Victims report fraud to the national fraud reporting service, either online or by "
        "telephone. The service assesses each report and sends those with enough information "
        "to the force where the suspect is believed to live.")
    doc.para(
        "The victims we spoke to were frustrated by the lack of information about their "
        "reports. Most received an automated acknowledgement and then heard nothing more. "
        "Several told us that they assumed their report had been ignored.")
    doc.item(
        "Recommendation 1",
        "By 31 May 2026, the Home Office and the National Crime Agency should make sure that "
        "the national fraud reporting service tells every victim what will happen to their "
        "report, and when.", before=2)
    doc.heading("Protecting vulnerable victims", level=2)
    doc.para(
        "Forces are responsible for protecting vulnerable victims of fraud. Most have a "
        "protect officer who visits victims, gives them advice and helps them to avoid being "
        "targeted again. We found that this work was valuable, but that the number of protect "
        "officers varied widely between forces.")
    doc.para(
        "In two forces, a single officer was responsible for contacting every vulnerable "
        "victim in the force area. Inevitably, many were never contacted.")
    doc.item(
        "Recommendation 2",
        "Chief constables should make sure that their forces have enough protect officers to "
        "contact every vulnerable victim of fraud, and to give them advice on how to avoid "
        "being defrauded again.", before=2)

    doc.page_break()
    doc.heading("Investigation and outcomes")
    doc.para(
        "Fraud investigations are often complex. They can involve thousands of documents, "
        "suspects in other countries and victims spread across the whole of the country. Many "
        "forces struggle to find investigators with the skills and time to take them on.")
    doc.para(
        "The case management system that forces use for fraud is old and difficult to use. "
        "Investigators told us that they could not search it effectively, and that it did not "
        "allow them to link reports made by different victims of the same suspect.")
    doc.item(
        "Recommendation 3",
        "By the end of March 2026, the Police Digital Service should set out a timetable for "
        "replacing the fraud case management system, with a new system that allows forces to "
        "link reports from different victims of the same suspect.", before=2)
    doc.para(
        "Police forces are not the only bodies that investigate fraud. Other law enforcement "
        "bodies, such as the National Crime Agency and the trading standards services, also "
        "take on cases. We found that they did not always share information with forces, and "
        "that two bodies were sometimes investigating the same suspect without knowing it.")
    doc.item(
        "Recommendation 4",
        "By 30 September 2026, chief constables and other law enforcement bodies that "
        "investigate fraud should agree a protocol for sharing information about the suspects "
        "they are investigating.", before=2)
    doc.para(
        "Leadership of the police response to fraud is fragmented. The National Police "
        "Chiefs\u2019 Council has a lead for economic crime, but chief constables told us that "
        "they did not know what was expected of them.")
    doc.item(
        "Recommendation 5",
        "Within 12 weeks of the publication of this report, the National Police Chiefs\u2019 "
        "Council lead for economic crime should write to all chief constables setting out the "
        "minimum standards expected of every force\u2019s response to fraud.", before=2)
    doc.para(
        "We will review progress against these recommendations as part of our PEEL "
        "inspections of each force.")

    return doc.save(outdir / "two_column_fraud.pdf")
