"""Word sample: a PEEL report for Kingsmere Police written with python-docx and converted
by LibreOffice: Word's Heading 1/2/3, List Bullet and List Number styles, a graded-judgment
table whose five columns are the grades, every area for improvement in a shaded one-cell
table (one with a List Bullet list inside it, one split over a page break), and an
"Innovative practice" box that is not an item.

``word_peel_kingsmere.docx`` beside this file is the source; ``build`` rewrites it and, when
LibreOffice is installed, the PDF.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from samples import word

NAME = "word_peel_kingsmere"
NEEDS_SOFFICE = True  # converted by LibreOffice; build_all(word=False) leaves it out


def build(outdir: Path) -> Path | None:
    """Write the .docx into ``outdir`` and convert it; None without LibreOffice."""
    return word.convert(outdir, NAME, write_docx)


def write_docx(path: Path) -> None:
    """Write the Word source of the sample."""
    title = "PEEL assessment 2025: Kingsmere Police"
    d = word.new_document(title, datetime.datetime(2026, 2, 3, 9, 0, 0))
    purple = RGBColor(0x4B, 0x2A, 0x6E)
    word.set_styles(d, "DejaVu Sans", 10, space_after=6, line_spacing=1.1,
                    headings={"Heading 1": 17, "Heading 2": 13, "Heading 3": 11, "Title": 28},
                    colour=purple)
    word.set_page(d, sides=2.2, top=2.6, bottom=2.3, header=title,
                  header_align=WD_ALIGN_PARAGRAPH.RIGHT, folio_align=WD_ALIGN_PARAGRAPH.CENTER)

    def para(text: str, style: str | None = None, bold: bool = False) -> None:
        p = d.add_paragraph(style=style)
        run = p.add_run(text)
        run.bold = bold

    def box(label: str, lines: list[str], bullets: Iterable[str] = (),
            fill: str = "EAE4F2") -> None:
        """A one-cell table used as a box: a bold label, paragraphs, optional bullets."""
        table = word.grid_table(d, 1)
        cell = table.rows[0].cells[0]
        word.shade(cell, fill)
        first = cell.paragraphs[0]
        run = first.add_run(label)
        run.bold = True
        run.font.color.rgb = purple
        for line in lines:
            cell.add_paragraph(line)
        for entry in bullets:
            cell.add_paragraph(entry, style="List Bullet")
        d.add_paragraph()

    word.cover(d, title, "Published 3 February 2026", blank_lines=6,
               subtitle="Police effectiveness, efficiency and legitimacy")

    d.add_heading("Overall summary", level=1)
    d.add_heading("Our judgments", level=2)
    para("Our inspection assessed how good Kingsmere Police is in eight areas of policing. "
         "We make a graded judgment in each of them. The table below shows the grade we gave "
         "to each area.")
    grades = ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate")
    fills = ("BFE0B0", "D8EBC4", "F5EFC2", "F7D9B8", "F2C0C0")
    rows = (
        ("", "Treatment of the public", "Managing offenders and suspects",
         "Responding to the public", ""),
        ("", "Preventing crime", "Leadership and force management", "Investigating crime", ""),
        ("", "Developing a positive workplace", "", "Protecting vulnerable people", ""),
    )
    table = word.grid_table(d, 5)
    for cell, grade, fill in zip(table.rows[0].cells, grades, fills, strict=True):
        cell.text = grade
        cell.paragraphs[0].runs[0].bold = True
        word.shade(cell, fill)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
            if text:
                cell.paragraphs[0].runs[0].font.size = Pt(9)
    d.add_paragraph()
    para("We set out our detailed findings about things the force is doing well and where "
         "the force should improve in the rest of this report.")
    d.add_heading("HM Inspector\u2019s observations", level=2)
    para("I am pleased with some aspects of the performance of Kingsmere Police, but there "
         "are areas in which it needs to improve. The force treats the public fairly and "
         "with respect, and its neighbourhood teams are good at preventing crime.")
    para("However, the force does not answer emergency calls quickly enough, and too many "
         "of its investigations are poorly supervised. Officers do not always recognise "
         "when a child is at risk, and referrals to children\u2019s social care are often "
         "delayed.")
    para("The chief constable and her chief officer team understand these problems and have "
         "begun to address them. I will watch the force\u2019s progress with interest.")

    word.page_break(d)
    d.add_heading("Preventing crime and antisocial behaviour", level=1)
    para("Good", bold=True)
    para("Kingsmere Police is good at preventing crime and antisocial behaviour. Its "
         "prevention strategy, published in 2024, has three priorities:")
    for entry in ("reducing repeat demand from the same people and places;",
                  "tackling the causes of serious violence among young people; and",
                  "making rural communities safer from theft and criminal damage."):
        d.add_paragraph(entry, style="List Number")
    para("Neighbourhood teams are well led and know their communities. We saw officers "
         "using problem-solving methods with partner organisations, and the force evaluates "
         "the results so that it can learn from them.")

    d.add_heading("Responding to the public", level=1)
    para("Requires improvement", bold=True)
    d.add_heading("The force needs to answer emergency calls more quickly", level=2)
    para("In the year to March 2025, the force answered 79 percent of emergency calls "
         "within ten seconds, against a national standard of 90 percent. Non-emergency "
         "callers waited an average of nine minutes.")
    para("In the 100 calls we reviewed, we found that:")
    for entry in ("call handlers did not identify repeat victims in 19 calls;",
                  "callers were not told when to expect the police in 27 calls; and",
                  "the force did not meet its own attendance times in 22 incidents."):
        d.add_paragraph(entry, style="List Bullet")
    box("Area for improvement 1",
        ["The force should make sure that it answers emergency calls within ten seconds, in "
         "line with the national standard."])
    box("Area for improvement 2", ["The force should make sure that:"], bullets=(
        "its call handlers use a structured assessment to identify vulnerable and repeat "
        "callers;",
        "callers are told when they can expect the police to attend; and",
        "it records the reason whenever it does not attend within its own target times.",
    ))

    d.add_heading("Investigating crime", level=1)
    para("Requires improvement", bold=True)
    d.add_heading("Investigations are not supervised well enough", level=2)
    d.add_heading("Supervision", level=3)
    para("We reviewed 130 investigations. Most were carried out promptly, but 41 had no "
         "investigation plan, and in 36 there was no record that a supervisor had reviewed "
         "the investigation for more than a month. Sergeants told us that they supervised "
         "up to 400 investigations each, and that they could not review them all.")
    box("Area for improvement 3",
        ["The force should improve the supervision of its investigations, so that every "
         "investigation has a plan that a supervisor reviews regularly."])
    d.add_heading("Keeping victims informed", level=3)
    para("The force did not always comply with the Code of Practice for Victims of Crime. "
         "In 38 investigations, there was no record that the victim had been told about "
         "progress, and when victims withdrew their support for an investigation, officers "
         "rarely recorded why.")
    box("Area for improvement 4",
        ["The force should make sure that it complies with the Code of Practice for Victims "
         "of Crime, and that it records the reasons whenever a victim withdraws their "
         "support for an investigation."])
    box("Innovative practice",
        ["Volunteers keep victims of crime informed",
         "The force has trained 40 volunteers to telephone victims of lower-level crime "
         "every 28 days while their case is open. Victims told us that they valued the "
         "calls, and the force\u2019s victim satisfaction scores have risen since the scheme "
         "began. Other forces should find the approach worth considering."],
        fill="E2EFE6")

    d.add_heading("Protecting vulnerable people", level=1)
    para("Requires improvement", bold=True)
    para("Officers generally recognised vulnerable adults and took appropriate action to "
         "protect them. But they were less good at recognising when a child was at risk. "
         "In 14 of the 50 cases we reviewed in which a child was present at an incident, "
         "officers had not considered the child\u2019s welfare, and referrals to children\u2019s "
         "social care were made, on average, four days after the incident.")
    box("Area for improvement 5",
        ["The force should make sure that officers consider the welfare of every child "
         "present at an incident, and that it refers children to children\u2019s social care "
         "without delay when there are concerns."])

    d.add_heading("Leadership and force management", level=1)
    para("Adequate", bold=True)
    para("The force has a clear vision, and its leaders are visible and well regarded. It "
         "has a good understanding of its current demand. But its workforce plan covers "
         "only the current year, and it does not take account of the growth in online "
         "crime, which the force expects to double by 2028.")
    box("Area for improvement 6",
        ["The force should make sure that its workforce plan covers at least the next three "
         "years, and that it reflects the demand the force expects to face from online "
         "crime."])
    d.add_heading("About the data", level=2)
    para("The data in this report comes from the force and from national returns. We have "
         "not audited it, and the force is responsible for its accuracy.")
    word.save(d, path)
