"""Word sample: a neighbourhood policing thematic written with python-docx and converted by
LibreOffice (tagged PDF): header and footer set in the section, a Word table, the
recommendations as a Word numbered list (1., 2., ...), "By March 2027", "Within 12 months".

``word_neighbourhood.docx`` beside this file is the source; ``build`` rewrites it and, when
LibreOffice is installed, the PDF.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import RGBColor

from samples import word

NAME = "word_neighbourhood"
NEEDS_SOFFICE = True  # converted by LibreOffice; build_all(word=False) leaves it out


def build(outdir: Path) -> Path | None:
    """Write the .docx into ``outdir`` and convert it; None without LibreOffice."""
    return word.convert(outdir, NAME, write_docx)


def write_docx(path: Path) -> None:
    """Write the Word source of the sample."""
    title = ("Neighbourhood policing: An inspection of how police forces engage with their "
             "communities")
    d = word.new_document(title, datetime.datetime(2025, 11, 20, 9, 0, 0))
    word.set_styles(d, "Arial", 11, space_after=8, line_spacing=1.15,
                    headings={"Heading 1": 16, "Heading 2": 13, "Title": 26},
                    colour=RGBColor(0x00, 0x5A, 0x70))
    word.set_page(d, sides=2.4, top=2.5, bottom=2.5,
                  header="Neighbourhood policing inspection",
                  folio_align=WD_ALIGN_PARAGRAPH.RIGHT, folio_prefix="Page ")
    word.cover(d, title, "Published: 20 November 2025", blank_lines=5)

    def para(text: str) -> None:
        d.add_paragraph(text)

    d.add_heading("Summary", level=1)
    para("Neighbourhood policing is the foundation of policing in England and Wales. "
         "Neighbourhood officers and police community support officers know their "
         "communities, solve local problems and build the trust on which all policing "
         "depends.")
    para("We inspected neighbourhood policing in six forces. We found that the public "
         "valued it highly, and that neighbourhood teams did some excellent work. But in "
         "most of the forces we inspected, neighbourhood officers were routinely taken away "
         "from their neighbourhoods to cover other duties, and few forces could say what "
         "difference their neighbourhood teams made.")
    para("We make five recommendations. They are set out at the end of this report.")

    d.add_heading("Our findings", level=1)
    d.add_heading("Protecting neighbourhood time", level=2)
    para("Neighbourhood officers cannot get to know their communities if they are rarely "
         "there. In four of the six forces, neighbourhood officers spent more than a "
         "quarter of their time on other duties, most often covering response shifts or "
         "guarding crime scenes. Few forces recorded these abstractions, so they could not "
         "tell us how often they happened.")
    para("Table 1 shows the proportion of neighbourhood officers\u2019 time spent on other "
         "duties in each force, where the force was able to tell us.")
    cap = d.add_paragraph("Table 1: Neighbourhood officer time spent on other duties, "
                          "2024 to 2025")
    cap.runs[0].bold = True
    table = word.grid_table(d, 3)
    for cell, text in zip(table.rows[0].cells,
                          ("Force", "Neighbourhood officers", "Time on other duties"),
                          strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in (("Ashbourne Police", "212", "31%"), ("Harrowgate Police", "148", "27%"),
                ("Kingsmere Police", "305", "Not recorded"),
                ("Southdown Constabulary", "176", "12%"),
                ("Westmarch Police", "94", "Not recorded"),
                ("Wyvern Constabulary", "233", "9%")):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    para("")
    para("The two forces that protected neighbourhood time most effectively had made it a "
         "clear priority, and required a superintendent to approve any abstraction.")
    d.add_heading("Skills and development", level=2)
    para("Neighbourhood policing is a skilled role, but there is no national programme of "
         "professional development for it. Officers told us that they learned "
         "problem-solving techniques from colleagues, if at all, and that neighbourhood work "
         "was not valued when they applied for promotion.")
    d.add_heading("Measuring what matters", level=2)
    para("Most forces measured the activity of their neighbourhood teams, such as the "
         "number of patrols or meetings attended, rather than its effect. Police and crime "
         "commissioners told us that they found it hard to hold chief constables to account "
         "for neighbourhood policing as a result.")
    para("National measures of police performance say little about neighbourhood policing, "
         "and the Home Office does not collect data about the number of neighbourhood "
         "officers in each force in a consistent way.")

    word.page_break(d)
    d.add_heading("Recommendations", level=1)
    para("We make the following recommendations.")
    for text in (
        "By 30 September 2026, chief constables should make sure that neighbourhood "
        "officers are not routinely taken away from neighbourhood duties to cover other "
        "work, and should record every occasion on which they are.",
        "By March 2027, the College of Policing should publish a programme of professional "
        "development for neighbourhood officers and police community support officers.",
        "The Home Office should collect consistent data about the number of neighbourhood "
        "officers and police community support officers in each force, and publish it every "
        "year.",
        "Chief constables and police and crime commissioners should agree measures of the "
        "effect of neighbourhood policing, and report on them to the public at least once a "
        "year.",
        "Within 12 months, the National Police Chiefs\u2019 Council should review how "
        "neighbourhood policing is recognised in the national promotion process.",
    ):
        d.add_paragraph(text, style="List Number")

    d.add_heading("About this inspection", level=1)
    para("We carried out fieldwork between February and May 2025. In each force we "
         "interviewed officers, staff and partners, observed neighbourhood meetings and "
         "accompanied officers on patrol. We also surveyed 2,400 members of the public.")
    word.save(d, path)
