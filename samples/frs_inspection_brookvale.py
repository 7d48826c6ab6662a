"""Fire and rescue service inspection report: pillar headings ("Effectiveness", "Efficiency"),
question headings each with a grade line, and areas for improvement in shaded boxes under
them — a box "Areas for improvement" holding two unnumbered paragraphs (two items), a box
"Area for improvement" split by a page break so that its label sits at the foot of page 3
and its only paragraph at the top of page 4, and a box holding two bulleted areas for
improvement; "should" in narrative and a "Promising practice" box, neither of them items.

Laid out by the line-by-line engine (``samples.layout``) in A4, with a cover page.
"""

from __future__ import annotations

from pathlib import Path

from samples.layout import Doc, Theme, cover

SERVICE = "Brookvale Fire and Rescue Service"


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    t = Theme(size=10.5, leading=14.5, para_gap=7, h_sizes=(20, 14, 11.5), h_color="#6a1b1b",
              box_fill="#f3e6d8", header=f"Effectiveness, efficiency and people 2024/25: "
              f"{SERVICE}", footer_left="HMICFRS", margin_x=64)
    title = ("Effectiveness, efficiency and people 2024/25 \u2013 An inspection of "
             f"{SERVICE}")
    doc = Doc(t, title)
    cover(doc, title, "Published: 16 July 2025", band="#6a1b1b", title_size=25)

    def grade(text: str) -> None:
        doc.para(f"**{text}**", before=2, color="#6a1b1b")

    def box(label: str, *, keep: int = 2, tag: str | None = None) -> None:
        """Start a shaded box with its bold label as the first line (end it with box_end)."""
        doc.box_start()
        doc.heading(label, level=3, outline=False, before=0, keep=keep, tag=tag)

    # Page 2: the first pillar and question.
    doc.heading("Effectiveness")
    doc.heading("Understanding the risk of fire and other emergencies", level=2)
    grade("Requires improvement")
    doc.para(
        f"{SERVICE} requires improvement at understanding the risk of fire and other "
        "emergencies. Its community risk management plan describes the area it serves in "
        "general terms, but it relies mainly on the service\u2019s own incident records and "
        "makes little use of information held by the councils, the health service and "
        "the police.")
    box("Areas for improvement")
    doc.para(
        "The service needs to make sure that its community risk management plan is based "
        "on a full range of data, including information held by partner organisations, so "
        "that it understands the risks faced by each of the communities it serves.",
        before=3, tag="afi1")
    doc.para(
        "The service should make sure that the risk information its crews collect about "
        "high-risk premises is kept up to date, and that crews can get it quickly when they "
        "are sent to an incident at those premises.", before=6, tag="afi2")
    doc.box_end()
    doc.heading("The service has started to improve its use of data", level=3)
    doc.para(
        "Since our last inspection the service has appointed two data analysts, and it has "
        "begun to combine its incident records with population figures from the most recent "
        "census. Managers told us that this had already helped them to identify two "
        "districts in which dwelling fires had risen over three years.")
    doc.para(
        "But the work is at an early stage. The service has not yet agreed how it will "
        "obtain information from adult social care about people who live alone and may be "
        "less able to escape a fire, and it does not routinely use data about deprivation "
        "or housing when it plans its prevention work.")
    doc.heading("Risk information for crews", level=3)
    doc.para(
        "We examined the records for 40 high-risk premises, such as care homes, large "
        "warehouses and sites storing hazardous materials. Eleven of them had not been "
        "reviewed within the timescale the service has set itself, and in four cases the "
        "information about the layout of the building was out of date.")
    doc.para(
        "Crews we spoke to were mostly confident that they could find the information on "
        "the tablets carried on their fire engines. However, on-call crews at three "
        "stations said that the tablets were slow to update, and that they sometimes "
        "relied on their own knowledge of a building instead.")

    # Page 3: the second question, ending with the box that runs over the page break.
    doc.page_break()
    doc.heading("Preventing fires and other risks", level=2)
    grade("Adequate")
    doc.para(
        f"{SERVICE} is adequate at preventing fires and other risks. Its prevention "
        "strategy is clearly linked to its community risk management plan, and the service "
        "has set targets for the number of home fire safety visits it will carry out each "
        "year. It met its target for 2024/25, completing 9,870 visits.")
    doc.heading("Targeting home fire safety visits", level=3)
    doc.para(
        "The service decides who should receive a home fire safety visit using a scoring "
        "system that takes account of age, living alone, smoking and mobility. Referrals "
        "come from the public, from partner organisations and from crews who identify risks "
        "while attending other incidents.")
    doc.para(
        "However, we found that a large share of visits were carried out for people who had "
        "asked for one themselves, many of whom were at low risk. In the sample of 60 visit "
        "records we reviewed, only 23 were for people the service\u2019s own scoring system "
        "placed in its highest risk category. Referrals from partner organisations, which "
        "are more likely to identify people at high risk, made up less than a fifth of the "
        "total.")
    doc.para(
        "The service does not evaluate whether its visits reduce the number of fires in the "
        "home or the number of people injured. Managers could tell us how many visits had "
        "been completed and how many smoke alarms had been fitted, but not whether the "
        "people visited were any safer as a result.")
    doc.para(
        "The service has trained its control room staff to ask callers about smoke alarms "
        "and to offer a visit after attending a fire in the home. This is a sensible step. "
        "But the offers are not tracked, and we could not establish how many of them had "
        "led to a visit, or how long those visits had taken to arrange.")
    doc.heading("Working with others to reduce risk", level=3)
    doc.para(
        "The service works well with the police and with the ambulance service to identify "
        "people who may be at risk. It shares information about repeat callers with the "
        "ambulance service each month, and crews told us that they were confident to make "
        "safeguarding referrals when they had a concern.")
    doc.para(
        "Road safety and water safety work is planned with partner organisations through "
        "the county\u2019s community safety partnership. The service has taken part in a "
        "joint campaign on the risks of open water, aimed at young people, in each of the "
        "last two summers.")
    doc.para(
        "The service has begun to work with housing providers to reach tenants in high-rise "
        "buildings. Crews have visited every residential building over 18 metres in the "
        "county to check that fire doors, dry risers and evacuation signage are in order, and "
        "they have passed their findings to the building owners and to the service\u2019s "
        "protection team. Residents in two of the buildings told us that they now had a "
        "better understanding of what to do if there was a fire in their block.")
    doc.para(
        "Staff who carry out prevention work have access to the service\u2019s safeguarding "
        "lead at any time, and the referrals we examined had been made promptly and passed "
        "to the right agency. The service reviews a sample of its safeguarding referrals "
        "each quarter and shares what it learns with crews. In the most recent review, it "
        "found that crews had not always recorded whether the person had agreed to the "
        "referral, and it has since changed the referral form to prompt them.")
    box("Area for improvement", keep=0, tag="afi3_label")
    doc.para(
        f"{SERVICE} should make sure that its home fire safety visits are targeted at the "
        "people most at risk from fire, and that it evaluates its prevention work to find "
        "out whether it is reducing fires and injuries in the home.", before=3, tag="afi3")
    doc.box_end()

    # Page 4: narrative after that box, with "should" that makes no item.
    doc.heading("Timeliness of visits", level=3)
    doc.para(
        "People at high risk waited an average of 34 days for a visit after being referred. "
        "Staff told us that visits should be booked sooner for those at greatest risk, and "
        "some advocates for older people said the same. The service has recently changed its "
        "booking system so that the highest-risk referrals are given the first available "
        "appointment, but it is too early to tell whether this has reduced waiting times.")
    doc.para(
        "Partners we spoke to said that the service should be clearer about which referrals "
        "it will prioritise. Some did not know whether to refer people who were already known "
        "to them but whose circumstances had changed.")
    box("Promising practice")
    doc.para("**Working with community pharmacies to reach people at risk**", before=3)
    doc.para(
        "The service has worked with 22 community pharmacies in the north of the county to "
        "identify people who may be at greater risk of fire, such as those taking medicines "
        "that cause drowsiness or using home oxygen. With the person\u2019s consent, the "
        "pharmacy passes their details to the service, which arranges a home fire safety "
        "visit. In its first year the scheme led to 310 visits, most of them for people the "
        "service had not visited before.", before=4)
    doc.box_end()
    doc.para(
        "The service has a small team of staff who carry out visits alongside operational "
        "crews. The team is well trained, and the people they visited told us that they "
        "had found the advice useful. Operational crews had received less training, and "
        "the quality of the visits they carried out varied from station to station.")

    # Page 5: the second pillar.
    doc.page_break()
    doc.heading("Efficiency")
    doc.heading("Making best use of resources", level=2)
    grade("Requires improvement")
    doc.para(
        f"{SERVICE} requires improvement at making best use of its resources. The service "
        "has a balanced budget for 2025/26, but its plans for the following three years "
        "rely on savings that have not yet been identified.")
    doc.para(
        "The service cannot show clearly how the location of its fire engines and crews "
        "relates to the risks set out in its community risk management plan. Most of its "
        "stations are where they were 30 years ago, and the availability of its on-call "
        "fire engines, at 68 percent during the day, is lower than the service has planned "
        "for.")
    box("Areas for improvement")
    doc.bullets([
        "The service needs to show clearly how it decides where to place its fire engines "
        "and crews, and how those decisions reflect the risks it has identified in its "
        "community risk management plan.",
        "The service should improve the availability of its on-call fire engines, "
        "particularly during the day, so that it can respond to emergencies in the way its "
        "plans assume.",
    ], gap=5, tag="afi45")
    doc.box_end()
    doc.para(
        "The service has made good use of collaboration to reduce costs. It shares a "
        "control room with a neighbouring service and a headquarters building with the "
        "police, and it estimates that these arrangements save it about \u00a3600,000 a "
        "year.")

    path = doc.save(outdir / "frs_inspection_brookvale.pdf")
    # The "Area for improvement" box is split by the page break: the label alone at the
    # foot of page 3, its paragraph at the top of page 4.
    doc.require_pages("afi1", [2])
    doc.require_pages("afi2", [2])
    doc.require_pages("afi3_label", [3])
    doc.require_pages("afi3", [4])
    doc.require_pages("afi45", [5])
    if doc.page_count != 5:
        raise AssertionError(f"{title}: {doc.page_count} pages, wanted 5")
    return path
