"""Committee paper from a police and crime commissioner's office to a joint audit committee,
in plain Helvetica on A4 with numbered paragraphs ("2.2") hanging in a left gutter and a
running footer with the meeting date: a "RECOMMENDATION" that the committee note the report
(not an item), three earlier areas for improvement quoted as "\u2022" bullets after a
lead-in paragraph, one earlier dated recommendation naming the force, a summary sentence
counting recommendations and "should" in narrative (neither of them items), and a page
break between sections 2 and 3.

Laid out by the line-by-line engine (``samples.layout``).
"""

from __future__ import annotations

from pathlib import Path

from samples.layout import Doc, Theme

GUTTER = 40.0


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    meeting = "18 September 2025"
    t = Theme(size=10.5, leading=14.5, para_gap=8, h_sizes=(17, 12.5, 11), h_color="#000000",
              margin_x=68, margin_top=64, margin_bottom=72,
              footer_left=f"Joint Audit Committee \u2013 {meeting}", folio_format="{n}")
    title = "Inspectorate activity update"
    doc = Doc(t, title)

    def section(number: str, text: str) -> None:
        doc.para(text, font=t.bold, bold=t.bold, label=number, indent=GUTTER, before=16,
                 keep=1)

    def numbered(number: str, text: str, *, tag: str | None = None) -> None:
        doc.para(text, label=number, indent=GUTTER, tag=tag)

    def bullets(entries: list[str], *, tag: str | None = None) -> None:
        for entry in entries:
            doc.para(entry, label="\u2022", indent=GUTTER + 18, label_indent=GUTTER + 5,
                     before=4, tag=tag)

    doc.para("Office of the Police and Crime Commissioner for Westvale", font=t.bold,
             bold=t.bold, size=11.5, before=0)
    doc.para("**AGENDA ITEM 7**", before=18)
    doc.para("Report to the Joint Audit Committee", before=4)
    doc.para(f"Date of meeting: {meeting}", before=4)
    doc.para("Report of: Head of Assurance, Office of the Police and Crime Commissioner",
             before=4)
    doc.heading(title, outline=False, before=18)

    doc.para("**RECOMMENDATION**", before=14, keep=1)
    doc.para("The Committee is asked to note this report.", before=4)

    section("1", "PURPOSE")
    numbered("1.1",
             "This report updates the Committee on the work of His Majesty\u2019s Inspectorate "
             "of Constabulary and Fire & Rescue Services in Westvale since the last meeting: "
             "inspections carried out, reports published and inspections planned.")

    section("2", "INSPECTION REPORTS")
    numbered("2.1",
             "In July 2025, the inspectorate and HM Inspectorate of Prisons carried out an "
             "unannounced inspection of the force\u2019s custody suites at Kingsford and Marlow "
             "Road. Their report is expected later this year and will be brought to a future "
             "meeting of the Committee.")
    numbered("2.2",
             "The inspectorate published its report on the force\u2019s response to the public "
             "in June 2025. It set out three areas for improvement:")
    bullets([
        "The force should reduce the time it takes to answer non-emergency calls.",
        "The force should improve the way it records the needs of vulnerable callers. It "
        "should make sure that this information reaches the officers who attend.",
        "The force should make sure that callers are told when attendance will be delayed, "
        "and that they are given a realistic time at which officers will arrive.",
    ], tag="afis")
    numbered("2.3", "The report also made one recommendation:")
    bullets([
        "By 31 March 2026, Westvale Police should make sure that a supervisor reviews the "
        "risk assessment of every caller who has contacted the force three or more times in "
        "a month, before the incident is closed.",
    ], tag="rec")
    numbered("2.4",
             "In its report on vetting across all forces, the inspectorate reviewed progress "
             "against eleven recommendations made in 2022 and made four new ones.")
    numbered("2.5",
             "The Deputy Chief Constable leads the force\u2019s response to inspection reports. "
             "Each area for improvement and recommendation has a named lead officer, and "
             "progress is overseen by the force\u2019s Organisational Improvement Board. In July "
             "2025 the board approved a delivery plan for the response to the public. The board "
             "agreed the plan should be reviewed each quarter, with a summary reported to the "
             "Office of the Police and Crime Commissioner.", tag="p25")

    doc.page_break()
    section("3", "FORTHCOMING ACTIVITY")
    numbered("3.1",
             "The force\u2019s next PEEL inspection is expected to begin in the spring of 2026. "
             "The force has started to gather the documents that the inspectorate asks for "
             "before its fieldwork, and a self-assessment will be shared with the Committee "
             "in draft.", tag="p31")
    numbered("3.2",
             "The inspectorate has also told the force that it has been selected for a "
             "national inspection of the way forces investigate fraud, with fieldwork planned "
             "for November 2025. Any findings that relate to Westvale will be reported to the "
             "Committee when the national report is published.")

    section("4", "FINANCIAL IMPLICATIONS")
    numbered("4.1", "None.")

    doc.para("Contact officer: Head of Assurance, Office of the Police and Crime Commissioner "
             "for Westvale", size=9.5, before=28)

    path = doc.save(outdir / "committee_paper_westvale.pdf")
    doc.require_pages("afis", [1])
    doc.require_pages("rec", [1])
    doc.require_pages("p25", [1])
    doc.require_pages("p31", [2])
    if doc.page_count != 2:
        raise AssertionError(f"{title}: {doc.page_count} pages, wanted 2")
    return path
