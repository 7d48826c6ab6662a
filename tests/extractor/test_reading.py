"""The reading layer: what is body text, in what order, and what is removed."""

from __future__ import annotations

from tests.builders.reports import read_items, read_layout


def _texts(layout) -> list[str]:
    return [line.text for line in layout.lines]


def test_running_headers_footers_and_page_numbers_are_removed(report):
    pdf = report(header="Stalking inspection 2025")
    for page in range(4):
        pdf.heading(f"Chapter {page + 1}").lines(f"Body text on page {page + 1} of the report.")
        pdf.page_break()
    layout = read_layout(pdf.save())
    texts = _texts(layout)
    assert not any("Stalking inspection 2025" in t for t in texts)
    assert not any(t.strip().isdigit() for t in texts)
    assert "Body text on page 3 of the report." in texts
    assert layout.removed["running"] >= 8


def test_footnote_markers_and_footnote_text_are_removed(report):
    pdf = report()
    pdf.marked("Forces do not identify child exploitation.", "12", " Victims are let down.")
    pdf.footnote("12", "Home Office data on exploitation, 2024.")
    layout = read_layout(pdf.save())
    texts = _texts(layout)
    assert "Forces do not identify child exploitation. Victims are let down." in texts
    assert not any("Home Office data" in t for t in texts)
    assert layout.removed["footnote"] == 1


def test_real_words_split_by_a_hyphen_are_joined_and_compounds_keep_it(report):
    pdf = report()
    pdf.heading("Recommendation 1")
    pdf.lines("By 31 March 2026, chief constables should improve the organi-",
              "sation of their multi-",
              "agency safeguarding hubs and review their vetting arrange-",
              "ments.")
    (item,) = read_items(pdf.save())
    assert "organisation of their multi-agency safeguarding hubs" in item.text
    assert "vetting arrangements." in item.text


def test_an_unknown_word_split_at_a_hyphen_keeps_the_hyphen(report):
    pdf = report()
    pdf.heading("Recommendation 1")
    pdf.lines("Chief constables should adopt the Qwertyx-", "blorp approach to triage.")
    (item,) = read_items(pdf.save())
    assert "Qwertyx-blorp approach" in item.text


def test_two_columns_are_read_column_by_column(report):
    pdf = report()
    pdf.heading("Findings and recommendations")
    left = ["The left column opens the", "argument about crime data", "and its accuracy in all",
            "forces we inspected this", "year across the country.", "",
            "Recommendation 1", "Chief constables should", "audit crime records each",
            "quarter and publish the", "results for the public."]
    right = ["The right column goes on", "with the second argument", "about victim services",
             "and how forces keep them", "informed about progress.", "",
             "Recommendation 2", "The Home Office should", "fund the national audit",
             "programme from April to", "make audits consistent."]
    pdf.columns(left, right)
    layout = read_layout(pdf.save())
    texts = _texts(layout)
    assert texts.index("year across the country.") < texts.index("The right column goes on")
    items = read_items(pdf.path)
    assert [(i.number, i.text) for i in items] == [
        ("1", "Chief constables should audit crime records each quarter and publish the "
              "results for the public."),
        ("2", "The Home Office should fund the national audit programme from April to make "
              "audits consistent."),
    ]


def test_items_in_shaded_boxes_are_found_and_the_box_ends_them(report):
    pdf = report()
    pdf.lines("We found that forces do not always record crimes correctly.")
    pdf.box(["Recommendation 4", "By the end of 2026, chief constables should make sure that",
             "every report of crime is recorded within 24 hours."])
    pdf.lines("Forces should also think about training, which this narrative mentions.")
    layout = read_layout(pdf.save())
    assert any(line.box for line in layout.lines)
    (item,) = read_items(pdf.path)
    assert item.number == "4"
    assert item.text.endswith("recorded within 24 hours.")


def test_an_item_across_a_page_break_is_one_item(report):
    pdf = report(header="Vetting inspection")
    pdf.lines(*["Narrative line that fills the page with text about vetting."] * 40)
    pdf.heading("Recommendation 2")
    pdf.lines("By 30 June 2026, chief constables should make sure that every officer and",
              "member of staff has the right level of vetting clearance for their role, and")
    pdf.page_break()
    pdf.lines("that vetting decisions are recorded with their reasons.")
    pdf.footnote("3", "A footnote on the first page.")
    items = read_items(pdf.save())
    assert len(items) == 1
    assert items[0].text.endswith("recorded with their reasons.")
    assert "Vetting inspection" not in items[0].text


def test_contents_pages_and_dot_leaders_do_not_produce_items(report):
    pdf = report()
    pdf.contents([("Summary", 3), ("Recommendations", 5), ("Recommendation 1", 5),
                  ("Areas for improvement", 7)])
    pdf.page_break()
    pdf.heading("Summary").lines("No recommendation is made on this page.")
    layout = read_layout(pdf.save())
    assert all(line.contents for line in layout.lines if line.page == 1)
    assert read_items(pdf.path) == []


def test_tables_do_not_produce_items(report):
    pdf = report()
    pdf.heading("Our judgments")
    pdf.table([["Question area", "Grade"], ["Investigating crime", "Requires improvement"],
               ["Recommendation 1", "Home Office"], ["Area for improvement 2", "Adequate"]])
    pdf.lines("The force should be proud of its work on custody, which we describe below.")
    layout = read_layout(pdf.save())
    assert any(line.table for line in layout.lines)
    assert read_items(pdf.path) == []


def test_numbered_headings_in_the_same_place_on_each_page_are_kept(report):
    pdf = report(header=None, page_numbers=False)
    for n in (1, 2, 3):
        pdf.heading(f"Recommendation {n}")
        pdf.lines(f"Chief constables should carry out action number {n} on this page.")
        pdf.page_break()
    items = read_items(pdf.save())
    assert [i.number for i in items] == ["1", "2", "3"]


def test_tags_of_a_tagged_pdf_mark_tables_headings_and_page_furniture():
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "samples" / "word_neighbourhood.pdf"
    layout = read_layout(sample)
    roles = {line.role for line in layout.lines}
    assert {"H1", "table", "P"} <= roles
    assert all(line.table for line in layout.lines if line.role == "table")
    assert all(line.heading for line in layout.lines if line.role == "H1")
    # The running header is tagged as an artifact and removed.
    assert not any(line.role == "artifact" for line in layout.lines)
    assert layout.removed["running"] >= 3


def test_the_publication_date_may_be_printed_at_the_back(report):
    from extractor.metadata import find_published

    pdf = report()
    pdf.heading("An inspection of custody", size=24).lines("A report of the inspectorate.")
    for _ in range(4):
        pdf.page_break().lines("Body text about custody in the force.")
    pdf.page_break().lines("© HMICFRS 2025", "Published: 14 March 2025", "ISBN 978-1-000")
    assert find_published(read_layout(pdf.save())) == "2025-03-14"


def test_a_sidebar_beside_the_body_is_read_after_it(report):
    pdf = report()
    body = ["Forensic collision investigators examine the scene and the vehicles.",
            "Recommendation 1",
            "By 30 April 2026, chief constables should make sure that every fatal",
            "collision is investigated by an accredited senior investigating officer.",
            "Forces record the severity of injuries in collisions differently, and",
            "the figures cannot be compared between forces or over time at all."] * 2
    y = pdf.y
    for text in body:
        pdf.canvas.setFont("Helvetica", 10.5)
        pdf.canvas.drawString(60, y, text)
        y -= 14
    pdf.canvas.setFont("Helvetica-Oblique", 14)
    for n, quote in enumerate(['"Families should never', 'have to chase us for', 'answers."']):
        pdf.canvas.drawString(440, pdf.y - 20 - 19 * n, quote)
    layout = read_layout(pdf.save())
    texts = [line.text for line in layout.lines]
    assert texts.index('answers."') > texts.index(body[-1])
    assert {line.column for line in layout.lines} == {1, 2}


def test_a_shaded_box_with_a_bar_beside_it_is_not_a_table(report):
    pdf = report()
    pdf.canvas.setLineWidth(6)
    pdf.canvas.line(68, pdf.y + 12, 68, pdf.y - 60)
    pdf.box(["Recommendation 1", "By 31 July 2026, chief constables should make sure that",
             "their forces triage every digital device they seize."])
    layout = read_layout(pdf.save())
    assert not any(line.table for line in layout.lines)
    (item,) = read_items(pdf.path)
    assert item.number == "1"


def test_a_bold_paragraph_that_fills_the_column_is_not_a_heading(report):
    pdf = report()
    pdf.lines("Ordinary narrative that sets the width of the column for the whole page here.")
    pdf.lines("By March 2027, police and crime commissioners should make sure that services",
              "commission support for victims.", font="Helvetica-Bold")
    layout = read_layout(pdf.save())
    first_bold = next(line for line in layout.lines if line.bold)
    assert first_bold.heading == 0


def test_reading_the_same_file_twice_gives_the_same_lines():
    from pathlib import Path

    samples = Path(__file__).resolve().parents[2] / "samples"
    for name in ("word_neighbourhood.pdf", "thematic_digital_forensics.pdf"):
        first, second = read_layout(samples / name), read_layout(samples / name)
        assert [(ln.text, ln.bold, ln.heading) for ln in first.lines] == [
            (ln.text, ln.bold, ln.heading) for ln in second.lines]


def test_a_first_page_with_only_fragments_has_no_title(report):
    from extractor.metadata import find_title

    pdf = report(header=None, page_numbers=False)
    pdf.lines("ab")
    pdf.page_break().lines("Body text on the second page of the report.")
    assert find_title(read_layout(pdf.save())) is None


def test_hanging_paragraph_numbers_are_not_a_table(report):
    pdf = report()
    c = pdf.canvas
    for number, first, second in (
            ("2.2", "The inspectorate published its report on the force in May. It", "set out"
             " one area for improvement:"),
            ("2.3", "The force has appointed a lead officer for each area of the", "report.")):
        c.setFont("Helvetica", 10.5)
        c.drawString(72, pdf.y, number)
        c.drawString(112, pdf.y, first)
        c.drawString(112, pdf.y - 14, second)
        pdf.y -= 40
    layout = read_layout(pdf.save())
    body = [ln for ln in layout.lines if ln.page == 1 and ln.text != "Inspection report"]
    assert not any(ln.table for ln in body)
    assert [ln.number for ln in body if ln.number] == ["2.2", "2.3"]
    assert body[0].text.startswith("The inspectorate published")


def test_a_bullet_set_apart_from_its_text_marks_an_entry(report):
    pdf = report()
    pdf.lines("The report made two recommendations:")
    pdf.canvas.setFont("Helvetica", 10.5)
    pdf.canvas.drawString(80, pdf.y, "\u2022")
    pdf.canvas.drawString(100, pdf.y, "The force should review its custody records.")
    layout = read_layout(pdf.save())
    assert "\u2022 The force should review its custody records." in [
        ln.text for ln in layout.lines]


def test_stacked_ruled_boxes_holding_one_column_are_a_box_not_a_table(report):
    pdf = report()
    c = pdf.canvas
    c.setFillColorRGB(0.9, 0.93, 0.97)
    c.rect(66, 560, 470, 30, stroke=1, fill=1)
    c.rect(80, 500, 456, 62, stroke=1, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Helvetica-Bold", 10.5)
    c.drawString(72, 572, "Areas for improvement")
    c.setFont("Helvetica", 10.5)
    c.drawString(90, 545, "The service should make sure its crews can reach risk information.")
    c.drawString(90, 525, "The service needs to improve how it plans for future risks.")
    pdf.y = 460
    layout = read_layout(pdf.save())
    boxed = [ln for ln in layout.lines if "service" in ln.text]
    assert boxed and all(not ln.table and ln.box is not None for ln in boxed)
