"""Items presented in tables: which tables hold items, and how their rows are read."""

from __future__ import annotations

import pytest

from extractor.pipeline import extract_document
from tests.builders.reports import read_items

WIDE = [50.0, 340.0, 90.0]


def _summary(items):
    return [(i.kind, i.number, i.origin, i.status_text) for i in items]


def test_an_unruled_numbered_table_with_a_status_column(report):
    pdf = report()
    pdf.heading("Our 2022 recommendations")
    pdf.lines("The table below sets out the progress the force has made.")
    pdf.cell_table([
        ["No.", "Recommendation", "Status"],
        ["1", ["By 30 June 2023, the force should make sure that every missing",
               "child is risk assessed by a supervisor within two hours."], "Achieved"],
        ["2", ["The force should improve the quality of the information it shares",
               "with children's social care about children who go missing from",
               "care homes."], ["Partially", "achieved"]],
        ["3", ["The force should publish how many children it finds at risk of",
               "exploi-", "tation each quarter."], "Not achieved"],
    ], WIDE, ruled=False)
    pdf.lines("We found that the force had made good progress overall.")
    items = read_items(pdf.save())
    assert _summary(items) == [
        ("recommendation", "1", "earlier_report", "Achieved"),
        ("recommendation", "2", "earlier_report", "Partially achieved"),
        ("recommendation", "3", "earlier_report", "Not achieved"),
    ]
    assert items[0].text == ("By 30 June 2023, the force should make sure that every missing "
                             "child is risk assessed by a supervisor within two hours.")
    assert items[1].text.endswith("who go missing from care homes.")
    assert "exploitation each quarter." in items[2].text
    assert all(i.how == "table-row" for i in items)


@pytest.mark.parametrize("ruled", [True, False])
def test_a_table_running_over_a_page_break_without_its_header(report, ruled):
    pdf = report()
    pdf.heading("Progress against earlier recommendations")
    pdf.lines(*["Narrative about the inspection that fills the page."] * 41)
    pdf.cell_table([
        ["No.", "Recommendation", "Status"],
        ["1", ["By 31 March 2024, the force should train all call handlers to",
               "recognise signs of exploitation."], "Completed"],
        ["2", ["The force should make sure that its coordinators have time to do",
               "their work."], "Superseded"],
        ["3", ["By 30 June 2024, the force should publish data every quarter on",
               "missing children."], "In progress"],
        ["4", ["The force should review how it shares information with local",
               "authorities about children in care."], "Not achieved"],
    ], WIDE, ruled=ruled)
    path = pdf.save()
    items = read_items(path)
    assert _summary(items) == [
        ("recommendation", "1", "earlier_report", "Completed"),
        ("recommendation", "2", "earlier_report", "Superseded"),
        ("recommendation", "3", "earlier_report", "In progress"),
        ("recommendation", "4", "earlier_report", "Not achieved"),
    ]
    assert items[0].page < items[-1].page  # the table did run over the break
    # The whole pipeline: statuses mapped, deadlines from the text, page and bbox of the row.
    result = extract_document(path)
    assert [(i.number, i.status, i.deadline) for i in result.items] == [
        ("1", "completed", "2024-03-31"), ("2", "superseded", None),
        ("3", "in_progress", "2024-06-30"), ("4", "incomplete", None)]
    last = result.items[-1]
    assert last.page == items[-1].page
    x0, top, x1, bottom = last.bbox
    assert x0 < 80 and x1 > 400 and bottom - top < 60
    assert "authorities" in last.text and last.addressees == ["chief_constables"]


def test_a_recommendation_progress_table_without_a_number_column(report):
    pdf = report()
    pdf.heading("Findings")
    pdf.cell_table([
        ["Recommendations", "Progress"],
        [["By 31 March 2026, chief constables should make sure that every",
          "stalking case is reviewed by a trained supervisor."], "In progress"],
        [["The Home Office should publish guidance on stalking protection",
          "orders."], "Discharged"],
    ], [330.0, 130.0])
    items = read_items(pdf.save())
    assert _summary(items) == [
        ("recommendation", None, "earlier_report", "In progress"),
        ("recommendation", None, "earlier_report", "Discharged"),
    ]
    assert items[1].text == ("The Home Office should publish guidance on stalking protection "
                             "orders.")


def test_row_labels_give_kind_and_number_and_no_status_means_this_report(report):
    pdf = report()
    pdf.heading("What the force needs to do")
    pdf.cell_table([
        ["Ref", "Action needed", "Lead"],
        ["AFI 2", ["The force should make sure that victims are kept informed about",
                   "their case."], "ACC Crime"],
        ["R3", ["By 31 March 2026, the force should review its use of bail."], "ACC Ops"],
        ["Recommendation 4", ["With immediate effect, the force should stop using",
                              "unsuitable cells."], "ACC Ops"],
    ], [100.0, 280.0, 80.0])
    items = read_items(pdf.save())
    assert _summary(items) == [
        ("area_for_improvement", "2", "this_report", None),
        ("recommendation", "3", "this_report", None),
        ("recommendation", "4", "this_report", None),
    ]


def test_a_summary_table_repeating_items_keeps_one_of_each_with_the_full_text(report):
    pdf = report()
    pdf.heading("Summary of recommendations")
    pdf.cell_table([
        ["No.", "Recommendation"],
        ["1", "By 31 May 2026, the force should review its custody staffing."],
        ["2", "The force should improve its use of body-worn video."],
    ], [40.0, 420.0], ruled=False)
    pdf.heading("Custody")
    pdf.heading("Recommendation 1", size=11)
    pdf.lines("By 31 May 2026, the force should review its custody staffing, so that every",
              "detainee is seen by a detention officer at least once an hour and a nurse is",
              "always available.")
    pdf.heading("Recommendation 2", size=11)
    pdf.lines("The force should improve its use of body-worn video.")
    items = read_items(pdf.save())
    assert [i.number for i in items] == ["1", "2"]
    assert items[0].how == "heading-label"
    assert items[0].text.endswith("a nurse is always available.")
    assert items[1].text == "The force should improve its use of body-worn video."


def test_tables_that_hold_no_items(report):
    pdf = report()
    pdf.heading("Contents")
    pdf.lines("Introduction ........................................................ 2")
    pdf.page_break()
    pdf.heading("Facts and figures")
    pdf.cell_table([
        ["Number of calls", "2023", "2024"],
        ["Emergency calls", "41,200", "43,950"],
        ["Non-emergency calls", "120,400", "118,020"],
    ], [200.0, 100.0, 100.0])
    pdf.heading("Glossary")
    pdf.cell_table([
        ["Term", "Meaning"],
        ["Recommendation", ["We make a recommendation when we find that forces should",
                            "change what they do."]],
        ["Area for improvement", ["An area for improvement is where the force should do",
                                  "better."]],
    ], [140.0, 320.0], ruled=False)
    pdf.heading("Our judgments")
    pdf.cell_table([
        ["Area", "Grade"],
        ["Investigating crime", "Requires improvement"],
        ["Protecting vulnerable people", "Good"],
    ], [260.0, 160.0])
    pdf.heading("Background")
    pdf.cell_table([
        ["Year", "What happened"],
        ["2021", ["We made a recommendation that forces should review their",
                  "policies; most did so."]],
        ["2022", "The Home Office published new guidance."],
    ], [60.0, 400.0])
    pdf.cell_table([
        ["Recommendation", "Owner"],
        ["Stalking guidance", "ACC Crime"],
        ["Custody staffing", "ACC Ops"],
    ], [260.0, 160.0])
    assert read_items(pdf.save()) == []


def test_a_table_with_a_recommendation_header_but_narrative_cells(report):
    pdf = report()
    pdf.cell_table([
        ["No.", "Recommendation", "Status"],
        ["1", "We were pleased to see the new policy in place.", "Achieved"],
        ["2", "Leaders told us that they had accepted it.", "Achieved"],
    ], WIDE)
    assert read_items(pdf.save()) == []


def test_single_line_rows_and_an_earlier_header_without_statuses(report):
    pdf = report()
    pdf.heading("Findings")
    pdf.cell_table([
        ["Previous recommendations", "Owner"],
        ["The force should review its bail policy.", "ACC Ops"],
        ["The force should train its custody staff.", "ACC Ops"],
        ["The force should audit its use of strip searches.", "ACC Crime"],
    ], [320.0, 140.0], ruled=False)
    items = read_items(pdf.save())
    assert _summary(items) == [("recommendation", None, "earlier_report", None)] * 3
    assert [i.text for i in items][2] == "The force should audit its use of strip searches."


def test_an_item_table_under_a_heading_naming_an_earlier_report(report):
    pdf = report()
    pdf.heading("Areas for improvement from our previous inspection")
    pdf.cell_table([
        ["No.", "Area for improvement"],
        ["1", "The force should improve how it records vulnerability."],
        ["2", "The force should make sure that victims get updates."],
    ], [50.0, 410.0])
    items = read_items(pdf.save())
    assert _summary(items) == [("area_for_improvement", "1", "earlier_report", None),
                               ("area_for_improvement", "2", "earlier_report", None)]


def test_a_form_labels_each_row_with_its_kind(report):
    pdf = report(header="Statutory response")
    pdf.heading("Response by the Police and Crime Commissioner to the inspection of the force")
    pdf.heading("Cause of concern and recommendations", size=12)
    pdf.cell_table([
        ["Cause of concern", ["The force does not supervise its stalking investigations well",
                              "enough, and victims are not kept informed."]],
        ["Recommendation", ["To improve how it protects victims of stalking, the force should",
                            "immediately review every open stalking investigation."]],
        ["Recommendation", ["Officers' use of the stalking checklist should be audited every",
                            "month"]],
    ], [120.0, 360.0])
    items = read_items(pdf.save())
    assert _summary(items) == [("cause_of_concern", None, "this_report", None),
                               ("recommendation", None, "this_report", None),
                               ("recommendation", None, "this_report", None)]
    assert items[2].text == ("Officers' use of the stalking checklist should be audited "
                             "every month")


def test_a_tracker_runs_over_pages_with_its_header_repeated(report):
    pdf = report(header="Our progress")
    pdf.heading("Our progress")
    pdf.lines("In 2023 the inspectorate published its report. This page sets out our progress.")
    for _ in range(24):
        pdf.lines("Our work on this recommendation continues and is overseen by the board.")
    header = ["No.", "Recommendation", "Our action", "Status"]
    widths = [105.0, 215.0, 105.0, 70.0]
    pdf.cell_table([
        header,
        ["Recommendation 4", ["By 1 June 2024, chief fire officers should",
                              "make sure that concerns raised by staff are",
                              "answered within ten working days."], ["A new policy", "is in use."],
         "Complete"],
    ], widths)
    pdf.page_break()
    pdf.cell_table([
        header,
        ["Recommendation 9", ["By 1 March 2025, chief fire officers should",
                              "review their vetting arrangements."], "Under way.", ""],
        ["Recommendation 12", ["By 1 March 2025, chief fire officers should",
                               "publish their workforce data."], "Not begun.", ""],
    ], widths, fills={(1, 3): (1.0, 0.92, 0.61), (2, 3): (1.0, 0.78, 0.81)})
    items = read_items(pdf.save())
    assert _summary(items) == [
        ("recommendation", "4", "earlier_report", "Complete"),
        ("recommendation", "9", "earlier_report", "In progress"),  # amber, no words
        ("recommendation", "12", "earlier_report", "Incomplete"),  # red, no words
    ]
    assert items[0].text.endswith("answered within ten working days.")
