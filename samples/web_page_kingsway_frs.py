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

The same page is also written as the browser saves it (``web_page_kingsway_frs.html``, by
``samples.html``), from the same text: the site's header, menu, cookie banner, breadcrumbs,
share links and footer around a ``<main>`` holding the title, the paragraphs (the
recommendations' labels in bold), the two ``<h2>`` sections and the bulleted list.
"""

from __future__ import annotations

from pathlib import Path

from samples import html
from samples.layout import Doc, Theme

TITLE = "What the inspectorate told us"
SITE = "Kingsway Fire and Rescue Service"
HOME = "https://www.kingswayfire.gov.uk"
PATH = "/about-us/inspections/what-the-inspectorate-told-us"
URL = HOME + PATH
CRUMBS = (("Home", "/"), ("About us", "/about-us"), ("Inspections", "/about-us/inspections"))

INTRO = (
    "Kingsway Fire and Rescue Service (KFRS) was inspected by His Majesty\u2019s "
    "Inspectorate of Constabulary and Fire & Rescue Services in 2024 as part of its "
    "regular programme of inspections of every fire and rescue service in England. The "
    "inspectorate found that we respond well to fires and other emergencies and that our "
    "staff are proud to work for us. But it also found a serious weakness in the way we "
    "protect people from fire in the buildings where they live and work.")
CONCERN = (
    "The concern was: KFRS could not show that it was auditing its highest-risk "
    "buildings often enough, because its risk-based inspection programme was out of date "
    "and many premises had not been audited for several years. In response, the "
    "inspectorate made two recommendations:")
# Each recommendation: its label and its text.
REC1 = ("Recommendation 1:",
        "KFRS should review its risk-based inspection programme so that it identifies all "
        "the premises in Kingsway that present the highest risk to life, and set out how "
        "often each of them will be audited.")
BETWEEN = "and"
REC2 = ("Recommendation 2:",
        "KFRS should make sure that it has enough qualified fire safety inspectors to "
        "complete the audits in its programme on time, and that it monitors its progress "
        "against the programme.")
FULL_REPORT = (
    "The inspectorate\u2019s full report, with its findings on all 11 areas it looked "
    "at, is available on the inspectorate\u2019s website.")
DONE_HEADING = "What we have done"
DONE = [
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
]
DONE_END = (
    "Between April and September 2025 we audited 412 of the very high and high-risk "
    "premises in the programme. In 96 of them we found fire safety failings that we have "
    "asked the owners to put right, and in five we served an enforcement notice.")
NEXT_HEADING = "Next steps"
NEXT = (
    "The inspectorate will look at our progress again when it next inspects KFRS. We aim "
    "to have audited every very high-risk building in the programme before then, and we "
    "should be in a position to show the inspectorate that our programme is up to date "
    "and that we are keeping to it. We will add updates to this page as the work goes "
    "on.")
CONTACT = ("Contact us:",
           "if you have a question about our inspection, or about fire safety in a building "
           "you own or manage, email our protection team at protection@kingswayfire.gov.uk or "
           "call 01632 960 418.")

SITE_ON_WEB = html.Site(
    name=SITE, home=HOME, colour="#8c1c13",
    menu=(("Home", "/"), ("Safety advice", "/safety"), ("Business fire safety", "/business"),
          ("About us", "/about-us"), ("Careers", "/careers"), ("Contact us", "/contact")),
    footer=(("Accessibility statement", "/accessibility"), ("Cookies", "/cookies"),
            ("Privacy notice", "/privacy"), ("Freedom of information", "/foi"),
            ("Contact us", "/contact")),
    copyright="\u00a9 Kingsway Fire Authority")


def build(outdir: Path) -> Path:
    """Write this sample's PDF and its saved web page into ``outdir``; return the PDF's
    path."""
    t = Theme(size=11, leading=16.5, para_gap=9, h_sizes=(22, 15, 12), h_color="#8c1c13",
              margin_x=54, margin_top=74, margin_bottom=72,
              header=f"{TITLE} | {SITE}", footer_left=URL, folio_format="{n}/2")
    doc = Doc(t, TITLE)

    doc.para(f"**{SITE}**", size=17, color="#8c1c13", before=0)
    doc.para(" > ".join(label for label, _path in CRUMBS), size=9, color="#555555", before=6)
    doc.heading(TITLE, outline=False, before=18)
    doc.para(INTRO)
    doc.para(CONCERN, tag="coc")
    doc.para(" ".join(REC1), tag="rec1")
    doc.para(BETWEEN)
    doc.para(" ".join(REC2), tag="rec2")
    doc.para(FULL_REPORT)

    doc.heading(DONE_HEADING, level=2, outline=False, before=16)
    doc.bullets(DONE, gap=5, tag="done")
    doc.para(DONE_END, tag="done_end")

    doc.heading(NEXT_HEADING, level=2, outline=False, before=16, tag="next")
    doc.para(NEXT, tag="next")
    doc.para(f"**{CONTACT[0]}** {CONTACT[1]}")

    path = doc.save(outdir / "web_page_kingsway_frs.pdf")
    for tag in ("coc", "rec1", "rec2"):
        doc.require_pages(tag, [1])
    doc.require_pages("next", [2])
    if doc.page_count != 2:
        raise AssertionError(f"{TITLE}: {doc.page_count} pages, wanted 2")
    write_web_page(outdir)
    return path


def write_web_page(outdir: Path) -> Path:
    """Write the page as a browser saves it: ``web_page_kingsway_frs.html``."""
    t = html.text
    content = "\n".join([
        html.heading(1, t(TITLE)),
        html.para(t(INTRO)),
        html.para(t(CONCERN)),
        html.para(f"{html.strong(REC1[0])} {t(REC1[1])}"),
        html.para(t(BETWEEN)),
        html.para(f"{html.strong(REC2[0])} {t(REC2[1])}"),
        html.para(t(FULL_REPORT)),
        html.heading(2, t(DONE_HEADING)),
        html.bullets(t(entry) for entry in DONE),
        html.para(t(DONE_END)),
        html.heading(2, t(NEXT_HEADING)),
        html.para(t(NEXT)),
        html.para(f"{html.strong(CONTACT[0])} {t(CONTACT[1])}"),
    ])
    page = html.page(
        SITE_ON_WEB, title=TITLE, path=PATH, content=content,
        crumbs=(*CRUMBS, (TITLE, PATH)),
        description="What His Majesty's Inspectorate found when it inspected us, and what "
                    "we have done since.",
        related=(("Our community risk management plan", "/about-us/crmp"),
                 ("Fire safety for businesses", "/business"),
                 ("Annual statement of assurance", "/about-us/assurance")))
    return html.write_page(outdir / "web_page_kingsway_frs.html", page)
