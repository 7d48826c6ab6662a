"""Fire and rescue cause-of-concern revisit letter as the inspectorate publishes it on its
website: an inspectorate line, the title and "Published on:", a "Letter information" block
(From, To, Sent on), then the quoted earlier cause of concern under a bold heading, followed
with no heading of its own by a "Within 56 days, the service should produce a plan setting
out how it will:" recommendation with three bullets, and a second quoted recommendation
("By 31 October 2024") under its own heading; a "We looked at the following areas:" bullet
list (not items), headed findings in narrative with one "should" in it and curly apostrophes
(hasn't, service's), both page breaks falling in the findings (the second in the middle of
a paragraph), and a closing "Our assessment" saying which recommendation has been
discharged and which has not, away from the items it is about. Laid out by reportlab's
platypus (``samples.flow``) on A4 in Helvetica, ragged right, three pages.

The same letter is also written as the web page it is published as
(``revisit_letter_harrowby_frs.html``, by ``samples.html``), from the same text: the
inspectorate's site around a ``<main>`` holding the title, "Published on:", the letter
information as a definition list, "Cause of concern" and "Recommendation" as ``<h3>``
headings, the lists, the findings under ``<h2>`` headings and the signature.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer

from samples import html
from samples.flow import FlowDoc, FlowPara, flow_bullets, flow_styles, fpara
from samples.inspectorate import INSPECTORATE

TITLE = "Harrowby and Wold Fire and Rescue Service: cause of concern revisit"
SENT = "24 June 2025"
PUBLISHED = f"Published on: {SENT}"
INSPECTOR = "Caroline Desmond"
INSPECTOR_ROLE = "His Majesty\u2019s Inspector of Fire & Rescue Services"
LETTER_INFORMATION = "Letter information"
# The letter information: (term, value).
FROM = ("From", f"{INSPECTOR}, {INSPECTOR_ROLE}")
TO = ("To", "Andrew Pennock, Chief Fire Officer, Harrowby and Wold Fire and Rescue Service; "
            "Councillor Ruth Oldacre, Chair, Harrowby and Wold Fire and Rescue Authority")
SENT_ON = ("Sent on", SENT)
GREETING = "Dear Mr Pennock and Councillor Oldacre,"
OPENING = (
    "In spring 2024 we inspected Harrowby and Wold Fire and Rescue Service as part of "
    "our third round of inspections of fire and rescue services in England, and "
    "identified a cause of concern. On 2 August 2024 we wrote to you setting out the "
    "cause of concern and the recommendations we made:")
CONCERN_HEADING = "Cause of concern"
CONCERN = (
    "The service hasn\u2019t made sure that enough on-call fire engines are available "
    "to respond to emergencies, particularly during the working day. Across its 14 "
    "on-call stations, average daytime availability fell from 71 percent to 52 "
    "percent in the two years to March 2024. The service does not understand the "
    "reasons for this fall well enough to reverse it.")
PLAN = "Within 56 days, the service should produce a plan setting out how it will:"
PLAN_STEPS = [
    "find out why on-call availability has fallen at each station, and set realistic "
    "targets for improving it;",
    "change the way it recruits, trains and rewards on-call firefighters so that more "
    "of them are available during the day; and",
    "monitor the effect of low availability on its response times, and report this to "
    "the fire and rescue authority at each of its meetings.",
]
CONTROL_HEADING = "Recommendation"
CONTROL = (
    "By 31 October 2024, the service should make sure that its control room always "
    "knows which on-call fire engines are available, so that the nearest crewed engine "
    "is sent to each incident. It should check the accuracy of its availability records "
    "every month.")
REVISIT = (
    "The service sent us an action plan in September 2024 setting out how it would "
    "respond. We revisited the service in April 2025. We looked at the following areas:")
AREAS = [
    "on-call recruitment, training and retention;",
    "how the service plans and manages on-call availability;",
    "how the control room records and uses availability information;",
    "response times in the rural parts of the Wold; and",
    "how the fire and rescue authority oversees the service\u2019s progress.",
]
# The findings: each heading and its paragraphs, (tag, text).
FINDINGS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Understanding and improving on-call availability", [
        ("find1",
         "The plan was produced within the 56 days we set. It was approved by the fire and "
         "rescue authority in October 2024, and a dedicated on-call improvement team of four "
         "staff has been set up to carry it out."),
        ("find2",
         "The team has visited every on-call station and spoken to firefighters and their "
         "employers about what stops them being available during the day. It found that the "
         "main reasons for the fall were the closure of several local employers that had "
         "released staff for emergency calls, and the time it took new recruits to become "
         "fully qualified."),
        ("find3",
         "The service has shortened its initial course for on-call firefighters from 14 "
         "weeks to nine by running more of it at weekends and at stations near where "
         "recruits live. It has introduced a payment for firefighters who provide daytime "
         "cover, and it has begun working with the larger employers in the area to "
         "encourage them to release staff."),
        ("find4",
         "Managers told us the plan should have been shared sooner with station-based "
         "staff. Several of the firefighters we spoke to had first heard about it in "
         "February 2025, and some were unclear about what it meant for them."),
    ]),
    ("Availability and response times", [
        ("find5",
         "Daytime availability has improved, but not yet by enough. In the three months to "
         "March 2025, average daytime availability across the on-call stations was 61 "
         "percent, compared with 52 percent a year earlier. Five stations were still "
         "available for less than half of the working day."),
        ("find6",
         "The service now reports on-call availability and response times to every meeting "
         "of the authority\u2019s scrutiny committee. The reports are clear and show the "
         "position at each station. Members told us they found them useful, and the "
         "committee has asked for a separate report on the stations where availability "
         "remains lowest."),
        ("find7",
         "Average response times to primary fires in rural areas have changed little since "
         "our inspection. The service expects them to improve once the recruits now in "
         "training are qualified, but it has not yet said when it expects this to happen."),
        ("find7b",
         "Recruitment has gone well. The service took on 38 new on-call firefighters in the "
         "year to March 2025, against a target of 30, and 21 of them live or work close "
         "enough to their stations to give daytime cover. Fewer firefighters are leaving: "
         "19 left in the same year, compared with 33 the year before."),
    ]),
    ("Control room availability records", [
        ("find8",
         "The control room still relies on station managers updating a shared spreadsheet "
         "when on-call firefighters book on or off duty. The service has bought a new "
         "availability system, but it will not be in use until the end of 2025. In the "
         "meantime, control room staff told us they often had to telephone a station to "
         "check whether its engine could respond."),
        ("find9",
         "We examined the availability records for 40 incidents in February and March 2025. "
         "In seven of them the records showed an engine as available when it was not, and "
         "the nearest crewed engine was sent later as a result. The monthly checks of the "
         "records that we asked for have not been carried out."),
        ("find10",
         "Control room managers now produce a daily list of the engines expected to be "
         "unavailable, which is sent to station managers each morning. Staff told us this "
         "had helped, but the list is only as good as the spreadsheet it is drawn from."),
    ]),
    ("Oversight by the fire and rescue authority", [
        ("find11",
         "The authority has given the plan the attention it needs. Its scrutiny committee "
         "set up a working group of three members to follow the plan, and the group has "
         "met the chief fire officer and his team every two months since November 2024. "
         "The members we interviewed understood the risks that low on-call availability "
         "creates, and they could describe what the service was doing about them."),
        ("find12",
         "The authority has agreed to fund the payment for daytime cover for two years. It "
         "will decide in 2026 whether to continue it, once the service can show what "
         "difference the payment has made to availability."),
    ]),
]
ASSESSMENT_HEADING = "Our assessment"
ASSESSMENT: list[tuple[str | None, str]] = [
    ("assess",
     "The service has made good progress in understanding why on-call availability "
     "fell, and it now has a credible plan to improve it. But the improvement is not "
     "yet large enough, and the control room still cannot rely on its records."),
    (None, "We are satisfied that the recommendation to produce a plan has been discharged."),
    (None,
     "The recommendation on the accuracy of the control room\u2019s availability "
     "records has not been discharged; we will look at it again at our next "
     "inspection."),
    (None,
     "The cause of concern remains in place. We will continue to monitor the "
     "service\u2019s progress through our regular contact with it."),
]
CLOSING = "Yours sincerely,"

INSPECTORATE_ON_WEB = html.Site(
    name=INSPECTORATE, home="https://hmicfrs.justiceinspectorates.gov.uk", colour="#4b3b63",
    menu=(("Home", "/"), ("Our work", "/our-work"), ("Publications", "/publications"),
          ("Police forces", "/police-forces"),
          ("Fire and rescue services", "/fire-and-rescue-services"), ("About us", "/about-us")),
    footer=(("Accessibility", "/accessibility"), ("Cookies", "/cookies"),
            ("Privacy notice", "/privacy-notice"), ("Contact us", "/contact-us"),
            ("Jobs", "/jobs"), ("Welsh language scheme", "/welsh-language")),
    copyright="\u00a9 Crown copyright")
PATH = "/publications/harrowby-and-wold-fire-and-rescue-service-cause-of-concern-revisit/"


def build(outdir: Path) -> Path:
    """Write this sample's PDF and its web page into ``outdir``; return the PDF's path."""
    path = outdir / "revisit_letter_harrowby_frs.pdf"
    doc = FlowDoc(path, TITLE, outline=False, pagesize=A4, leftMargin=68, rightMargin=68,
                  topMargin=50, bottomMargin=64)
    st = flow_styles(size=10, leading=13.6, after=7, colour="#1b1b1b")
    left = st["left"]
    bullet = ParagraphStyle("bul", parent=st["bullet"], alignment=0, spaceAfter=2.5)
    org = ParagraphStyle("org", parent=left, fontSize=9.5, leading=12,
                         textColor=HexColor("#4b3b63"), spaceAfter=14)
    title = ParagraphStyle("t", parent=st["title"], fontSize=21, leading=25, spaceAfter=8)
    meta = ParagraphStyle("meta", parent=left, spaceAfter=3)
    h2 = ParagraphStyle("h2", parent=st["h2"], textColor=HexColor("#1b1b1b"), fontSize=14,
                        leading=18, spaceBefore=12, spaceAfter=5)
    head = ParagraphStyle("head", parent=left, fontName="Helvetica-Bold", spaceBefore=6,
                          spaceAfter=4, keepWithNext=1)

    def p(text: str, tag: str | None = None, style: ParagraphStyle = left) -> FlowPara:
        return fpara(text, style, tag=tag)

    def bullets(entries: list[str], tag: str | None = None) -> Flowable:
        lst = flow_bullets(entries, bullet)
        lst.tag = tag  # type: ignore[attr-defined]
        return lst

    def information(term: str, value: str) -> FlowPara:
        return p(f"<b>{term}:</b> {escape(value)}", style=meta)

    story: list[Flowable] = [
        fpara(INSPECTORATE, org),
        fpara(TITLE, title),
        p(PUBLISHED, style=ParagraphStyle("pub", parent=left, spaceAfter=10)),
        fpara(LETTER_INFORMATION, h2),
        information(*FROM),
        information(*TO),
        information(*SENT_ON),
        Spacer(1, 12),
        p(GREETING),
        p(OPENING),
        fpara(CONCERN_HEADING, head),
        p(CONCERN, tag="coc"),
        p(PLAN, tag="rec_plan"),
        bullets(PLAN_STEPS, tag="rec_plan"),
        fpara(CONTROL_HEADING, head),
        p(CONTROL, tag="rec_control"),
        p(REVISIT),
        bullets(AREAS),
    ]
    for heading, paragraphs in FINDINGS:
        story.append(fpara(heading, h2))
        story += [p(text, tag=tag) for tag, text in paragraphs]
    story.append(fpara(ASSESSMENT_HEADING, h2))
    story += [p(text, tag=tag) for tag, text in ASSESSMENT]
    story += [
        Spacer(1, 6),
        p(CLOSING),
        Spacer(1, 18),
        p(f"<b>{INSPECTOR}</b><br/>{escape(INSPECTOR_ROLE)}"),
    ]

    def chrome(c: Canvas, d: SimpleDocTemplate) -> None:
        c.saveState()
        c.setFont("Helvetica", 8.5)
        c.setFillColor(HexColor("#4a4a4a"))
        c.drawString(d.leftMargin, 38, "HMICFRS")
        c.drawRightString(A4[0] - d.rightMargin, 38, f"{c.getPageNumber()}")
        c.restoreState()

    doc.build(story, onFirstPage=chrome, onLaterPages=chrome)
    # Both page breaks fall in the findings: after their first paragraph, and inside the
    # last paragraph before "Our assessment".
    for tag in ("coc", "rec_plan", "rec_control", "find1"):
        doc.require_pages(tag, [1])
    doc.require_pages("find2", [2])
    doc.require_pages("find12", [2, 3])
    doc.require_pages("assess", [3])
    if doc.page_count != 3:
        raise AssertionError(f"{TITLE}: {doc.page_count} pages, wanted 3")
    write_web_page(outdir)
    return path


def write_web_page(outdir: Path) -> Path:
    """Write the letter as its web page: ``revisit_letter_harrowby_frs.html``."""
    t = html.text
    parts = [
        html.heading(1, t(TITLE)),
        html.para(t(PUBLISHED), cls="meta"),
        html.heading(2, t(LETTER_INFORMATION)),
        html.definitions((t(term), t(value)) for term, value in (FROM, TO, SENT_ON)),
        html.para(t(GREETING)),
        html.para(t(OPENING)),
        html.heading(3, t(CONCERN_HEADING)),
        html.para(t(CONCERN)),
        html.para(t(PLAN)),
        html.bullets(t(step) for step in PLAN_STEPS),
        html.heading(3, t(CONTROL_HEADING)),
        html.para(t(CONTROL)),
        html.para(t(REVISIT)),
        html.bullets(t(area) for area in AREAS),
    ]
    for heading, paragraphs in FINDINGS:
        parts.append(html.heading(2, t(heading)))
        parts += [html.para(t(text)) for _tag, text in paragraphs]
    parts.append(html.heading(2, t(ASSESSMENT_HEADING)))
    parts += [html.para(t(text)) for _tag, text in ASSESSMENT]
    parts += [html.para(t(CLOSING)),
              html.para(f"{html.strong(INSPECTOR)}<br>{t(INSPECTOR_ROLE)}")]
    page = html.page(
        INSPECTORATE_ON_WEB, title=TITLE, path=PATH, content="\n".join(parts),
        crumbs=(("Home", "/"), ("Publications", "/publications"), (TITLE, PATH)),
        description="Our letter to Harrowby and Wold Fire and Rescue Service on its progress "
                    "against the cause of concern we identified in 2024.",
        related=(("Harrowby and Wold Fire and Rescue Service inspection 2023-25",
                  "/publications/harrowby-and-wold-frs-inspection-2023-25/"),
                 ("Fire and rescue service inspections", "/fire-and-rescue-services/")))
    return html.write_page(outdir / "revisit_letter_harrowby_frs.html", page)
