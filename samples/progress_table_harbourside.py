"""Revisit whose earlier recommendations are rows of a ruled "No. | Recommendation | Status"
table running over a page break (header repeated), new recommendations in the text, and a
closing summary table that repeats them.

Laid out by the line-by-line engine (``samples.layout``).
"""

from __future__ import annotations

from pathlib import Path

from samples.layout import Doc, Theme, cover


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    t = Theme(size=10, leading=13.6, para_gap=6.5, h_sizes=(17, 12.5, 11), h_color="#1f4e5f",
              header="Missing children: revisit of Harbourside Police",
              footer_left="HMICFRS", margin_x=62)
    title = "Missing children: A revisit of Harbourside Police"
    doc = Doc(t, title)
    cover(doc, title, "Published: 9 September 2025", band="#1f4e5f", title_size=26,
          kicker="Revisit inspection")

    doc.heading("About this revisit")
    doc.para(
        "In 2023 we looked at how Harbourside Police responds when a child goes missing. We "
        "found delays in starting searches, risk assessments that were not reviewed, and "
        "little joint work with children\u2019s social care. We made six recommendations.")
    doc.para(
        "We went back to the force in May 2025. The table below gives our judgment on the "
        "progress made against each of the six. A recommendation is achieved when the work "
        "is done and the change has lasted; partially achieved when work is well under way; "
        "and not achieved when we saw little change.")

    doc.heading("Progress against our 2023 recommendations", level=2)
    head = ["No.", "Recommendation", "Status"]
    widths = [0.1, 0.66, 0.24]
    doc.table([
        head,
        ["1", "By 30 September 2023, the force should make sure that a supervisor reviews the "
              "risk assessment of every missing child within two hours of the first report.",
         "Achieved"],
        ["2", "The force should make sure that a return home interview is offered to every "
              "child who has been missing, and that what the child says is recorded and "
              "shared with the local authority.", "Partially achieved"],
        ["3", "By 31 December 2023, the force should agree with each local authority in its "
              "area how information about children who go missing from care will be shared "
              "within 24 hours.", "Not achieved"],
    ], widths)
    doc.para(
        "Supervisors now review risk assessments promptly. In 48 of the 50 cases we examined, "
        "the review had been done within the two hours, and the reasons for the grading were "
        "recorded.", before=10)
    doc.page_break()
    doc.table([
        head,
        ["4", "By 31 March 2024, the force should train all call handlers to identify the "
              "signs that a missing child may be at risk of criminal or sexual exploitation.",
         "Achieved"],
        ["5", "The force should make sure that its missing persons coordinators have the time "
              "to carry out their role, and that their work is overseen by a named senior "
              "officer.", "Superseded"],
        ["6", "By 30 June 2024, the force should publish data each quarter on the number of "
              "children reported missing and the number found to be at risk of harm.",
         "Not achieved"],
    ], widths, before=0)
    doc.para(
        "Recommendation 5 has been overtaken by the restructuring of the force\u2019s public "
        "protection command, and the first new recommendation below takes its place.",
        before=10)

    doc.heading("What we found")
    doc.para(
        "Return home interviews are now offered in most cases, but the local authority does "
        "not always receive what the child told the interviewer. Information sharing with two "
        "of the three local authorities still depends on individual officers, and the force "
        "has not published any of the data it said it would.")

    doc.heading("New recommendations")
    doc.para("We make two new recommendations.")
    doc.item(
        "Recommendation 1",
        "By 31 January 2026, the force should make sure that each missing persons coordinator "
        "has a manageable caseload and is supervised by a detective inspector.")
    doc.item(
        "Recommendation 2",
        "By 31 March 2026, the force and the three local authorities should agree a written "
        "protocol for sharing information about missing children within one working day.")

    doc.heading("Summary of recommendations", level=2)
    doc.table([
        ["No.", "Recommendation"],
        ["1", "By 31 January 2026, the force should make sure that each missing persons "
              "coordinator has a manageable caseload and is supervised by a detective "
              "inspector."],
        ["2", "By 31 March 2026, the force and the three local authorities should agree a "
              "written protocol for sharing information about missing children within one "
              "working day."],
    ], [0.1, 0.9])

    return doc.save(outdir / "progress_table_harbourside.pdf")
