"""Platypus national thematic on the police response to retail crime, in Helvetica on A4 with a
running header and a page-number footer: a summary sentence counting the recommendations and
a "We explored the following areas:" list (neither are items); a shaded one-cell box holding a
cause of concern about forces in general and its recommendations as a numbered list (1 to 3),
the box breaking over a page between two bullets of the second, the third going on in a second
paragraph addressed to police and crime commissioners; then, unboxed, unnumbered bulleted
recommendations under "We recommend that:" (one for the Home Office, one passive with no
addressee), a "By September 2027, forces should:" lead-in at the foot of a page whose bullets
start the next, "Recommendation 6" and "Recommendation 7" headings ("With immediate effect",
"Within six months of this report's publication"), and a conclusion restating a
recommendation without its label.

Laid out by reportlab's platypus (``samples.flow``).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, ListFlowable, ListItem, PageBreak

from samples.flow import FlowDoc, FlowPara, flow_box, flow_chrome, flow_cover, flow_styles
from samples.inspectorate import INSPECTORATE


class _Seen(FlowPara):
    """A paragraph that notes the pages it is drawn on, also inside a table cell (where
    platypus does not report flowables to the document); its split pieces keep noting."""

    seen: dict[str, list[int]] = {}

    def draw(self) -> None:
        if self.tag:
            pages = self.seen.setdefault(self.tag, [])
            page = self.canv.getPageNumber()
            if page not in pages:
                pages.append(page)
        super().draw()


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    title = "A joint thematic inspection of the police response to retail crime"
    path = outdir / "thematic_retail_crime.pdf"
    doc = FlowDoc(path, title, outline=False, pagesize=A4, leftMargin=64, rightMargin=64,
                  topMargin=68, bottomMargin=62)
    colour = "#3b2a6b"
    st = flow_styles(size=10.5, leading=14, after=5, colour=colour)
    body, h1, h2, label = st["body"], st["h1"], st["h2"], st["label"]
    width = A4[0] - 128
    seen: dict[str, list[int]] = {}
    _Seen.seen = seen

    def p(text: str, style: ParagraphStyle = body, tag: str | None = None) -> FlowPara:
        para = _Seen(text, style)
        para.tag = tag
        return para

    def bullets(entries: list[str], tag: str | None = None, tags: list[str] | None = None,
                style: ParagraphStyle = st["bullet"]) -> ListFlowable:
        """A bulleted list drawn as ``flow_bullets`` draws it, of page-noting entries."""
        return ListFlowable(
            [ListItem(p(e, style, tag=tags[i] if tags else tag), leftIndent=16,
                      value="\u2022") for i, e in enumerate(entries)],
            bulletType="bullet", start="\u2022", leftIndent=16, bulletFontSize=9,
            spaceBefore=1, spaceAfter=4)

    # ---- the cause of concern box
    box_label = ParagraphStyle("box_label", parent=label, fontSize=11.5, leading=15,
                               spaceBefore=0, spaceAfter=4)
    in_box = ParagraphStyle("in_box", parent=body, alignment=0, spaceAfter=5)
    numbered = ListFlowable(
        [
            ListItem(p("By 30 September 2026, chief constables should make sure that every "
                       "report of shop theft is assessed against a written set of criteria, "
                       "including whether CCTV footage, witnesses or forensic evidence are "
                       "available, before any decision is taken to close it.", in_box,
                       tag="rec1"), leftIndent=20, value=1),
            ListItem([
                p("By 31 December 2026, chief constables should:", in_box, tag="rec2"),
                bullets([
                    "identify the people who commit the most retail crime in their force "
                    "areas, using both police data and intelligence from retailers and "
                    "business crime partnerships;",
                    "put in place a plan to manage each of those people, including referral "
                    "to drug and alcohol treatment services where that is appropriate; and",
                    "make sure that neighbourhood officers know who these people are and what "
                    "each plan requires of them.",
                ], tags=["rec2.a", "rec2.b", "rec2.c"],
                    style=ParagraphStyle("box_bullet", parent=in_box, spaceAfter=1.5)),
            ], leftIndent=20, value=2),
            ListItem([
                p("By 31 December 2026, the National Police Chiefs\u2019 Council should "
                  "publish guidance for forces on how to obtain evidence from retailers, "
                  "including CCTV footage and statements from staff, in a form that meets "
                  "the standards the criminal justice system requires.", in_box, tag="rec3"),
                p("Police and crime commissioners should make sure that the business crime "
                  "partnerships they fund share information with forces in line with that "
                  "guidance.", in_box, tag="rec3"),
            ], leftIndent=20, value=3),
        ],
        bulletType="1", bulletFormat="%s.", leftIndent=20, bulletFontName="Helvetica",
        bulletFontSize=10.5, spaceBefore=2, spaceAfter=0)
    box = flow_box([
        p("Cause of concern", box_label),
        p("Forces are not giving retail crime the priority that its harm to victims, "
          "businesses and communities warrants. Too many reports are closed without any "
          "investigation, and the people who repeatedly steal from shops are rarely "
          "identified or managed.", in_box, tag="coc"),
        p("To address this cause of concern, we recommend that:", in_box),
        numbered,
    ], width, "#ece8f4", rule=colour)
    box.splitInRow = 1  # the one cell may break over a page, as a long box does in print

    story: list[Flowable] = [
        *flow_cover(st, title, "Published: 9 October 2025", top=30, gap=160,
                    kicker="National thematic inspection",
                    publisher=INSPECTORATE + " and HM Crown Prosecution Service Inspectorate"),
        PageBreak(),
        p("Summary", h1),
        p("Retail crime is often described as victimless. It is not. The people who work in "
          "shops told us about being threatened, spat at and assaulted, sometimes several "
          "times in the same week, and about the anxiety they feel when they go to work. "
          "Small shopkeepers told us that repeated theft threatened the survival of their "
          "businesses. And the communities we visited told us that a high street where "
          "theft goes unchallenged feels less safe for everyone."),
        p("Shop theft recorded by the police has risen in each of the last three years, and "
          "retailers\u2019 own surveys suggest that most incidents are never reported at all. "
          "Many of the retailers we spoke to had stopped reporting, because they did not "
          "believe the police would do anything. In the cases we reviewed, that belief was "
          "too often justified."),
        p("We found that forces varied greatly in how they responded. The best had a clear "
          "understanding of the problem in their area, worked closely with retailers and "
          "business crime partnerships, and concentrated their efforts on the small number "
          "of people who caused the most harm. Others treated each report in isolation, "
          "closed most of them within a day and could not tell us who their most prolific "
          "offenders were."),
        p("We make seven recommendations and identify one cause of concern."),
        p("Our inspection", h2),
        p("We carried out this inspection jointly with HM Crown Prosecution Service "
          "Inspectorate between February and May 2025."),
        p("We explored the following areas:"),
        bullets([
            "how forces record and assess reports of retail crime;",
            "how well forces investigate those reports and keep victims informed;",
            "how forces identify and manage the people who repeatedly offend; and",
            "how forces, retailers and business crime partnerships work together.",
        ]),
        p("We visited six forces, reviewed 420 case files and spoke to more than 200 "
          "officers, staff, retail workers, shopkeepers and representatives of retail "
          "businesses. The forces are not named in this report, because our findings are "
          "intended for all forces."),
        PageBreak(),
        p("1. The priority given to retail crime", h1),
        p("Every force we visited told us that it took retail crime seriously. Most had a "
          "named chief officer responsible for it, and several had published a retail crime "
          "plan in the previous two years. But in most forces the plan had made little "
          "difference to how individual reports were handled."),
        p("Of the 420 cases we reviewed, 187 had been closed within 24 hours of being "
          "reported, and in 112 of those there was no record that anyone had considered the "
          "evidence available. In 46 of the closed cases the retailer had offered CCTV "
          "footage that clearly showed the offender\u2019s face, and nobody had collected it. "
          "Officers told us that they did not have time to view footage, and that many "
          "retailers sent it in formats they could not open."),
        p("Forces rarely understood who was responsible for the retail crime in their area. "
          "Analysts in two forces had shown that fewer than 50 people were responsible for "
          "more than a third of all reported shop theft, but neither force had used that "
          "work to decide where to direct its officers. In the other four forces, nobody had "
          "looked. In one of them, the chief inspector responsible for retail crime told us "
          "that he had twice asked for this analysis and been told that no analyst was free "
          "to do it."),
        p("The retailers we spoke to had noticed. Several large chains had stopped reporting "
          "thefts below a certain value, and some small shopkeepers told us that they had "
          "given up reporting altogether. One described calling the police after the same man "
          "had stolen from her shop on eleven occasions in a month; she received a crime "
          "number by text message and heard nothing more. She told us that she now locks her "
          "door when she sees him coming."),
        p("Many of those who steal repeatedly do so to pay for drugs or alcohol. The forces "
          "that had made most progress had worked with treatment providers to offer these "
          "people a way out, backed by the realistic prospect of prosecution if they did not "
          "take it. Elsewhere, the same people were arrested, charged and released many "
          "times over, and nothing changed."),
        p("Arrest alone rarely broke the pattern. Of the 60 people we traced who had been "
          "arrested for shop theft more than five times in a year, 41 had been released "
          "without any condition designed to change their behaviour, and 22 had been "
          "arrested again within a week of their release."),
        p("Retailers and business crime partnerships gathered a great deal of useful "
          "information, including images of offenders and patterns in their offending. But "
          "the arrangements for sharing it with the police were informal, and in some areas "
          "officers were unsure whether they were allowed to use it. Police and crime "
          "commissioners funded most of these partnerships, yet few had asked what their "
          "funding achieved."),
        box,
        p("2. Victims, investigations and recording", h1),
        p("The retail workers we spoke to described a culture in which abuse and threats "
          "had become part of the job. Some had been assaulted while trying to stop a theft; "
          "others had been threatened with needles or knives. Most said that they no longer "
          "reported anything short of a serious assault, because they had never heard back "
          "from the police when they did."),
        p("Supporting victims", h2),
        p("The code of practice for victims of crime entitles every victim to be kept informed "
          "about their case, including whether anyone has been charged and the outcome of any "
          "court hearing. It applies to a shop worker assaulted at work in the same way as to "
          "any other victim, and to a business that has been the victim of a crime. In the "
          "cases we reviewed, it was seldom followed."),
        p("Of the 96 cases in which a retail worker had been assaulted or threatened, the "
          "victim had been offered a needs assessment in 31 and referred to a support service "
          "in 12. Only a quarter had been told the outcome of their case. Several workers told "
          "us that they had found out that the person who assaulted them had been convicted "
          "only when they saw him back in the shop."),
        p("Some forces had appointed officers to act as a single point of contact for "
          "retailers, and this was valued highly by the businesses we spoke to. But these "
          "officers were usually responsible for a large area, and they were often moved to "
          "other duties when demand elsewhere increased. Nobody in those forces had thought "
          "about what would happen to the retailers who relied on them."),
        p("Recording", h2),
        p("When these incidents were reported, they were often recorded only as shop theft, "
          "with the violence against the worker recorded nowhere. This means that forces "
          "underestimate the harm caused to retail workers, and that the workers themselves "
          "are not treated as victims of a crime against the person, with the support and "
          "information to which the code of practice for victims entitles them."),
        p("We also found that the way shop theft is recorded differs from one force to "
          "another. Some forces record every incident a retailer reports, while others "
          "record only those in which an offender can be identified, and some record a "
          "series of thefts by the same person as a single crime. The published figures "
          "cannot therefore be compared between forces, and nobody can say with confidence "
          "how much retail crime there is or whether it is rising everywhere."),
        p("Only one force audited its recording of retail crime. Its audit had found that a "
          "fifth of the assaults on shop workers reported to it had not been recorded as "
          "crimes at all."),
        p("Investigation and prosecution", h2),
        p("Investigations were often poor. Officers did not always take statements from "
          "staff, and evidence was lost because nobody collected it in time. Files sent to "
          "the Crown Prosecution Service frequently lacked the footage or statements needed "
          "to make a charging decision, and prosecutors told us that they had returned many "
          "of them. When a case did reach court, the victim was seldom told the outcome."),
        p("Supervisors seldom reviewed decisions to close cases. In four of the forces, a "
          "report could be closed by a member of staff in the crime management unit without "
          "any check, and we found several cases closed as having no line of enquiry in which "
          "the offender had been named by the shop\u2019s own security officer."),
        p("The most effective approach we saw was in a force that had agreed with its local "
          "retailers a simple standard for the evidence they would provide: footage in a "
          "format the force could open, a short statement from a member of staff and the "
          "value of the goods taken. Its officers could then make a decision on each case "
          "quickly, and its charge rate for shop theft had more than doubled in a year."),
        p("Prosecutors told us that they would welcome the same approach everywhere. They "
          "also told us that the offence of assaulting a retail worker, introduced to give "
          "these workers greater protection, was rarely charged, because the files they "
          "received did not show that the victim had been at work when the assault took "
          "place. We were unable to find any force that had reviewed how the offence was "
          "being used."),
        p("Working with retailers", h2),
        p("Business crime partnerships bring retailers together to share information about "
          "offenders and to exclude them from member shops. The best of those we visited "
          "had a trained coordinator, a secure system for sharing images and a written "
          "agreement with the force about what information would be passed to the police "
          "and how it would be used."),
        p("Others were run by volunteers with little support, and their relationship with "
          "the force depended on the goodwill of individual officers. In two areas, the "
          "partnership had stopped sending information to the police altogether after "
          "officers told it that they could not use images taken from its system as "
          "evidence. Nobody in either force could tell us whether that advice was correct."),
        p("Where a partnership and a force did work well together, the results were clear. "
          "In one town centre, a monthly meeting between the partnership coordinator and the "
          "neighbourhood inspector had led to the arrest of a group that had stolen goods "
          "worth more than \u00a340,000 from shops across the county."),
        p("Retailers also told us that they did not understand why the response they received "
          "differed so much from one area to the next. A national chain with shops in all six "
          "of the force areas we visited had six different arrangements for reporting crime, "
          "and six different sets of rules about the evidence the police would accept."),
        p("Recommendations", h2),
        p("We recommend that:"),
        bullets([
            "By March 2027, the Home Office should review whether the offence of assaulting a "
            "retail worker is being used as Parliament intended, and publish its findings.",
            "There should be a single national standard for recording shop theft, so that "
            "the figures for different areas can be compared, and funding should be put in "
            "place to meet the cost of the changes to recording systems that the standard "
            "will require.",
        ], tags=["rec4", "rec5"]),
        p("By September 2027, forces should:", tag="sept"),
        bullets([
            "give every retail worker who is the victim of violence or abuse at work a named "
            "point of contact for the whole of their case; and",
            "tell retailers the outcome of every investigation into a crime they have "
            "reported.",
        ], tag="sept.b"),
        p("Recommendation 6", label),
        p("With immediate effect, chief constables should make sure that violence and "
          "threats against retail workers are recorded as crimes against the person, and "
          "are not recorded only as part of a shop theft.", tag="rec6"),
        p("Recommendation 7", label),
        p("Within six months of this report\u2019s publication, the College of Policing should "
          "update its guidance on investigation so that it includes advice on gathering and "
          "presenting evidence in cases of retail crime.", tag="rec7"),
        p("3. Conclusion", h1),
        p("Retail crime matters to the people who suffer it, and to the communities whose "
          "high streets depend on it being kept in check. The police cannot deal with it "
          "alone: retailers, business crime partnerships, treatment providers and the "
          "criminal justice system all have a part to play. But the police have a "
          "particular responsibility, and in too many of the forces we inspected it was not "
          "being met."),
        p("We have recommended that forces look at the evidence in every report of shop "
          "theft before they decide to close it, and that they concentrate their efforts on "
          "the people who offend most often. Neither of these is new, and some forces are "
          "already doing both. We found no reason why every force could not do the same."),
        p("We will monitor progress against our recommendations and the cause of concern "
          "through our PEEL inspections, and we expect forces to tell their police and crime "
          "commissioners how they intend to respond. We will return to this subject in "
          "2027."),
        PageBreak(),
        p("Annex: About our data", h1),
        p("The case files we reviewed were chosen at random from reports of retail crime "
          "made to the six forces between April and September 2024. We included reports of "
          "shop theft, of criminal damage at retail premises and of violence or abuse "
          "against retail workers. Each file was reviewed by an inspector with experience of "
          "investigation, and a sample was reviewed again by a second inspector to check "
          "that our judgments were consistent."),
        p("The figures for recorded crime quoted in this report are taken from the data "
          "that forces provide to the Home Office each month. Because forces record shop "
          "theft in different ways, the figures for different forces should be compared "
          "with care, and we have not used them to rank forces."),
        p("The views of retail workers were gathered in 14 focus groups held in the six "
          "force areas, and through interviews with the managers of 38 shops, from large "
          "supermarkets to small independent businesses. We also spoke to representatives "
          "of trade associations and of the business crime partnerships in each area."),
        p("Percentages in this report are rounded to the nearest whole number, and may not "
          "add up to 100 because of rounding."),
    ]

    chrome = flow_chrome("Retail crime: a joint thematic inspection", footer="HMICFRS",
                         folio="Page {n}", colour="#4b4560")
    doc.build(story, onFirstPage=chrome, onLaterPages=chrome)
    want = {"coc": [3], "rec1": [3], "rec2": [3], "rec2.a": [3], "rec2.b": [4],
            "rec2.c": [4], "rec3": [4], "rec4": [5], "rec5": [5], "sept": [5],
            "sept.b": [6], "rec6": [6], "rec7": [6]}
    for tag, pages in want.items():
        if seen.get(tag) != pages:
            raise AssertionError(f"{title}: {tag!r} on pages {seen.get(tag)}, wanted {pages}")
    if doc.page_count != 7:
        raise AssertionError(f"{title}: {doc.page_count} pages, wanted 7")
    return path
