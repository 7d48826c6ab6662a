"""Spotlight report with no items, although it has a "Recommendations" heading and mentions
recommendations, areas for improvement and causes of concern in its narrative.

Laid out by the line-by-line engine (``samples.layout``).
"""

from __future__ import annotations

from pathlib import Path

from samples.layout import Doc, Theme, cover


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    t = Theme(font="Times-Roman", bold="Times-Bold", italic="Times-Italic", size=11.5,
              leading=16, para_gap=9, h_sizes=(20, 14, 12), h_color="#3d3d3d",
              header="Spotlight: police use of community resolutions", folio_format="{n}",
              folio_align="center", margin_x=72)
    title = "Spotlight report: Police use of community resolutions"
    doc = Doc(t, title)
    cover(doc, title, "Published: 27 August 2025", band="#3d3d3d", title_font="Times-Bold",
          title_size=28, body_font="Times-Roman")
    doc.heading("About this spotlight report")
    doc.para(
        "Spotlight reports look at a single topic across several forces, using evidence "
        "gathered during our PEEL inspections. They are intended to share what we have found "
        "with forces and the public, rather than to hold individual forces to account.")
    doc.para(
        "A community resolution is an informal way of dealing with a minor offence, without "
        "charging the offender. The offender must accept responsibility, and the victim\u2019s "
        "views must be taken into account. Used well, community resolutions can give victims "
        "a quicker and more satisfying outcome than prosecution.")
    doc.heading("What we found", level=2)
    doc.para(
        "We reviewed 400 community resolutions in ten forces. In most cases, the outcome was "
        "appropriate and the victim had been consulted. But in 58 cases, there was no record "
        "that the victim had been asked for their views, and in 21 cases the offence was too "
        "serious to be dealt with in this way.")
    doc.para(
        "Forces varied widely in how often they used community resolutions. One force used "
        "them for 14 percent of the crimes it solved; another used them for less than 3 "
        "percent. We found no evidence that these differences reflected differences in the "
        "crimes the forces dealt with.")
    doc.para(
        "Scrutiny of community resolutions was generally weak. Only four of the ten forces "
        "had an independent panel to review a sample of cases, and only two published the "
        "panel\u2019s findings.")
    doc.page_break()
    doc.heading("Recommendations")
    doc.para(
        "We have not made any recommendations in this report. Many of the issues we found "
        "are already the subject of our previous recommendations, and of areas for "
        "improvement that we have identified in individual forces\u2019 PEEL reports.")
    doc.para(
        "In our 2023 report on out-of-court resolutions, we recommended that forces improve "
        "their scrutiny arrangements. We will continue to monitor progress against that "
        "recommendation, and against the relevant areas for improvement, through our PEEL "
        "inspections. Where we find that a force has made insufficient progress, we may "
        "identify a cause of concern.")
    doc.heading("Good practice", level=2)
    doc.para(
        "Some forces have developed effective ways of making sure that community resolutions "
        "are used appropriately. We describe three of them below, in the hope that other "
        "forces will find them useful.")
    doc.bullets([
        "One force requires a sergeant to approve every community resolution for a violent "
        "offence, and records the victim\u2019s views on a standard form.",
        "Another has an independent scrutiny panel that includes magistrates and victims\u2019 "
        "representatives, and publishes its findings every quarter.",
        "A third uses its victim satisfaction survey to ask victims whether they were "
        "consulted, and follows up with officers when they were not.",
    ], gap=5)
    doc.heading("Next steps", level=2)
    doc.para(
        "We will share this report with the National Police Chiefs\u2019 Council lead for "
        "out-of-court resolutions and with the College of Policing. We will return to this "
        "subject in our next PEEL inspections.")

    return doc.save(outdir / "spotlight_no_items.pdf")
