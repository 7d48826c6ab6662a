"""A fire and rescue service's own web page about its inspection, printed from a browser:
the page title as a running header and the page's address with "1/2" as a footer on each
page, no date anywhere; the site name and a "Home > About us > Inspections" trail; an
introduction that defines the service's abbreviation (KFRS); the earlier cause of concern
given inline after "The concern was:" and followed in the same paragraph by a sentence that
is not part of it; two earlier recommendations with inline labels ("Recommendation 1:"),
separated by a line saying only "and"; a "What we have done" list of the service's actions
in the first person (not items); and on the second page "Next steps" with "we should be in
a position to" in narrative, and a "Contact us" line. Laid out by the line-by-line engine
(``samples.layout``) in Helvetica with the wider line spacing of a web page.
"""

from __future__ import annotations

from pathlib import Path

from samples.layout import Doc, Theme

TITLE = "What the inspectorate told us"
SITE = "Kingsway Fire and Rescue Service"
URL = "https://www.kingswayfire.gov.uk/about-us/inspections/what-the-inspectorate-told-us"


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    t = Theme(size=11, leading=16.5, para_gap=9, h_sizes=(22, 15, 12), h_color="#8c1c13",
              margin_x=54, margin_top=74, margin_bottom=72,
              header=f"{TITLE} | {SITE}", footer_left=URL, folio_format="{n}/2")
    doc = Doc(t, TITLE)

    doc.para(f"**{SITE}**", size=17, color="#8c1c13", before=0)
    doc.para("Home > About us > Inspections", size=9, color="#555555", before=6)
    doc.heading(TITLE, outline=False, before=18)
    doc.para(
        "Kingsway Fire and Rescue Service (KFRS) was inspected by His Majesty\u2019s "
        "Inspectorate of Constabulary and Fire & Rescue Services in 2024 as part of its "
        "regular programme of inspections of every fire and rescue service in England. The "
        "inspectorate found that we respond well to fires and other emergencies and that our "
        "staff are proud to work for us. But it also found a serious weakness in the way we "
        "protect people from fire in the buildings where they live and work.")
    doc.para(
        "The concern was: KFRS could not show that it was auditing its highest-risk "
        "buildings often enough, because its risk-based inspection programme was out of date "
        "and many premises had not been audited for several years. In response, the "
        "inspectorate made two recommendations:", tag="coc")
    doc.para(
        "Recommendation 1: KFRS should review its risk-based inspection programme so that it "
        "identifies all the premises in Kingsway that present the highest risk to life, and "
        "set out how often each of them will be audited.", tag="rec1")
    doc.para("and")
    doc.para(
        "Recommendation 2: KFRS should make sure that it has enough qualified fire safety "
        "inspectors to complete the audits in its programme on time, and that it monitors its "
        "progress against the programme.", tag="rec2")
    doc.para(
        "The inspectorate\u2019s full report, with its findings on all 11 areas it looked "
        "at, is available on the inspectorate\u2019s website.")

    doc.heading("What we have done", level=2, outline=False, before=16)
    doc.bullets([
        "We reviewed our risk-based inspection programme in spring 2025, using national "
        "guidance and information from our partners, and identified 1,140 premises in "
        "Kingsway as high risk.",
        "Premises are now graded as very high, high or medium risk, and each grade has a set "
        "audit frequency, from once a year to once every three years.",
        "We recruited six new fire safety inspectors, four of whom are now fully qualified. "
        "The other two will qualify by the spring.",
        "Crews at our wholetime stations have been trained to carry out fire safety checks "
        "at lower-risk premises, which leaves our inspectors free to concentrate on the "
        "highest-risk buildings.",
        "Progress against the programme is reported every quarter to our senior leadership "
        "team and to Kingsway Fire Authority.",
    ], gap=5, tag="done")
    doc.para(
        "Between April and September 2025 we audited 412 of the very high and high-risk "
        "premises in the programme. In 96 of them we found fire safety failings that we have "
        "asked the owners to put right, and in five we served an enforcement notice.",
        tag="done_end")

    doc.heading("Next steps", level=2, outline=False, before=16, tag="next")
    doc.para(
        "The inspectorate will look at our progress again when it next inspects KFRS. We aim "
        "to have audited every very high-risk building in the programme before then, and we "
        "should be in a position to show the inspectorate that our programme is up to date "
        "and that we are keeping to it. We will add updates to this page as the work goes "
        "on.", tag="next")
    doc.para(
        "**Contact us:** if you have a question about our inspection, or about fire safety in "
        "a building you own or manage, email our protection team at "
        "protection@kingswayfire.gov.uk or call 01632 960 418.")

    path = doc.save(outdir / "web_page_kingsway_frs.pdf")
    for tag in ("coc", "rec1", "rec2"):
        doc.require_pages(tag, [1])
    doc.require_pages("next", [2])
    if doc.page_count != 2:
        raise AssertionError(f"{TITLE}: {doc.page_count} pages, wanted 2")
    return path
