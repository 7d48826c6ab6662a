"""PEEL force report in justified Times: a graded-judgment table, "Area for improvement N"
numbering restarting in each question area, and a bulleted list of unnumbered areas for
improvement.

Laid out by the line-by-line engine (``samples.layout``).
"""

from __future__ import annotations

from pathlib import Path

from samples.layout import Doc, Theme, cover


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    t = Theme(font="Times-Roman", bold="Times-Bold", italic="Times-Italic", size=11,
              leading=14.5, para_gap=8, h_sizes=(18, 14, 12), h_color="#2b2b6e",
              justify=True, header="PEEL 2025: Northmoor Police", folio_align="center",
              folio_format="{n}", margin_x=70, table_head_fill="#d9d9ea")
    title = "PEEL 2025: An inspection of Northmoor Police"
    doc = Doc(t, title)
    cover(doc, title, "Published 5 June 2025", band="#2b2b6e", title_font="Times-Bold",
          title_size=30, body_font="Times-Roman", kicker="Police effectiveness, efficiency "
          "and legitimacy")

    doc.heading("Overall summary")
    doc.heading("Our judgments", level=2)
    doc.para(
        "Our inspection assessed how good Northmoor Police is in seven areas of policing. We "
        "make graded judgments in six of these seven, as follows:")
    grades = {"Outstanding": "#c6e0b4", "Good": "#dde9c9", "Adequate": "#f2efc7",
              "Requires improvement": "#f6dcc0", "Inadequate": "#f2c4c4"}
    doc.table([
        ["Area of policing", "Grade"],
        ["Preventing crime and antisocial behaviour", "Good"],
        ["Responding to the public", "Requires improvement"],
        ["Investigating crime", "Requires improvement"],
        ["Protecting vulnerable people", "Adequate"],
        ["Managing offenders and suspects", "Outstanding"],
        ["Leadership and force management", "Inadequate"],
        ["Developing a positive workplace", "No graded judgment"],
    ], [0.62, 0.38], size=10.5, fills=grades)
    doc.para(
        "We set out our detailed findings about things the force is doing well and where the "
        "force should improve in the rest of this report.", before=12)
    doc.heading("HM Inspector\u2019s observations", level=2)
    doc.para(
        "I am satisfied with some aspects of the performance of Northmoor Police, but there "
        "are areas in which the force needs to improve. The force has a strong record of "
        "preventing crime, and its work to manage the risk posed by registered sex offenders "
        "is among the best we have seen.")
    doc.para(
        "However, the force is not answering calls from the public quickly enough, and the "
        "quality of its investigations has declined since our last inspection. Many of the "
        "problems we found have a common cause: the force does not understand the demand it "
        "faces well enough to plan its workforce to meet it.")
    doc.para(
        "The chief constable and her team recognise these problems. They have a credible plan "
        "to address them, and we will monitor the force\u2019s progress closely.")

    doc.page_break()
    doc.heading("Preventing crime and antisocial behaviour")
    doc.para("**Good**", before=2, color="#2b2b6e")
    doc.para(
        "Northmoor Police is good at preventing crime and antisocial behaviour. "
        "Neighbourhood teams know their communities well, and they work with partner "
        "organisations to solve local problems. We saw good examples of officers using "
        "problem-solving methods to reduce repeat calls to the same addresses.")
    doc.para(
        "The force has protected the time of its neighbourhood officers. They are rarely taken "
        "away from their duties to cover other shifts, which allows them to build lasting "
        "relationships with residents and businesses.")

    doc.heading("Responding to the public")
    doc.para("**Requires improvement**", before=2, color="#2b2b6e")
    doc.para(
        "Northmoor Police requires improvement at responding to the public. The force "
        "answered only 71 percent of emergency calls within ten seconds in the year to March "
        "2025, well below the national standard of 90 percent. Callers to the non-emergency "
        "number waited an average of 14 minutes, and one in five abandoned their call.")
    doc.para(
        "Call handlers did not always assess the risk to callers in a structured way. In 23 "
        "of the 90 calls we reviewed, there was no record that the call handler had "
        "identified whether the caller was vulnerable or had been a victim before.")
    doc.item(
        "Area for improvement 1",
        "The force should make sure that it answers emergency and non-emergency calls "
        "promptly, in line with national standards, and that its call handlers use a "
        "structured risk assessment for every call.")
    doc.para(
        "Once a call has been answered, the force generally attends incidents quickly. Its "
        "response times for emergency incidents are in line with its own targets in both "
        "urban and rural areas.")

    doc.page_break()
    doc.heading("Investigating crime")
    doc.para("**Requires improvement**", before=2, color="#2b2b6e")
    doc.para(
        "Northmoor Police requires improvement at investigating crime. We reviewed 100 "
        "investigations. Most were carried out by officers who were committed to getting the "
        "best outcome for victims, but many lacked a clear plan, and supervisors did not "
        "review them often enough. Some investigations had not been reviewed for months.")
    doc.item(
        "Area for improvement 1",
        "The force should improve the supervision of investigations, so that every "
        "investigation has a plan that is set, recorded and regularly reviewed by a "
        "supervisor.")
    doc.para(
        "When victims withdrew their support for an investigation, officers did not always "
        "record why. In several cases, there was enough evidence to consider prosecuting the "
        "suspect without the victim\u2019s support, but this had not been considered.")
    doc.item(
        "Area for improvement 2",
        "The force should make sure that, when a victim withdraws their support for an "
        "investigation, the reasons are recorded and an evidence-led prosecution is "
        "considered.")

    doc.heading("Protecting vulnerable people")
    doc.para("**Adequate**", before=2, color="#2b2b6e")
    doc.para(
        "Northmoor Police is adequate at protecting vulnerable people. Officers recognise "
        "vulnerability well and make appropriate referrals to partner agencies. The force\u2019s "
        "multi-agency safeguarding hub works effectively, and referrals are assessed promptly.")
    doc.para(
        "But officers did not complete a domestic abuse risk assessment in 12 of the 60 "
        "domestic abuse cases we reviewed, and where assessments had been completed, "
        "supervisors had not always checked them.")
    doc.item(
        "Area for improvement 1",
        "The force should make sure that officers complete a risk assessment at every domestic "
        "abuse incident they attend, and that supervisors review these assessments promptly.")

    doc.page_break()
    doc.heading("Managing offenders and suspects")
    doc.para("**Outstanding**", before=2, color="#2b2b6e")
    doc.para(
        "Northmoor Police is outstanding at managing offenders and suspects. Its management of "
        "registered sex offenders is exemplary: every offender had an up-to-date risk "
        "assessment, and visits were carried out on time. The force makes effective use of "
        "ancillary orders to restrict the activities of offenders who pose the highest risk.")

    doc.heading("Leadership and force management")
    doc.para("**Inadequate**", before=2, color="#2b2b6e")
    doc.para(
        "Northmoor Police is inadequate at leadership and force management. The force does "
        "not understand its current and future demand well enough. It does not have a "
        "workforce plan, and it cannot show how the savings it plans to make will affect its "
        "services to the public. Its performance framework measures activity rather than "
        "outcomes, and leaders told us that meetings to review performance rarely led to "
        "action.")
    doc.heading("Areas for improvement", level=3, outline=False)
    doc.bullets([
        "The force should develop a workforce plan that matches its future demand with the "
        "skills and capacity that it needs.",
        "The force should make sure that its change programme has clear measures of benefit, "
        "so that it can tell whether the savings it has planned have been achieved.",
        "The force should improve how it uses data to understand demand, and make sure that "
        "its performance framework helps leaders to hold managers to account.",
    ], gap=5)

    doc.heading("Developing a positive workplace")
    doc.para("**No graded judgment**", before=2, color="#2b2b6e")
    doc.para(
        "We did not make a graded judgment in this area. The workforce told us that they "
        "felt valued, and the force has made improvements to its wellbeing support since our "
        "last inspection. It has also improved its processes for dealing with grievances, "
        "which are now resolved more quickly.")
    doc.para(
        "The force has worked hard to recruit a workforce that reflects its communities, and "
        "the proportion of officers from ethnic minority backgrounds has risen in each of the "
        "last three years.")

    return doc.save(outdir / "peel_northmoor.pdf")
