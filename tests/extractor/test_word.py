"""Word documents (.docx): their structure read into the document model, items found in
them end to end, and hostile files refused with one line."""

from __future__ import annotations

import json
import re
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from docx.enum.text import WD_BREAK

from extractor import extract_file
from extractor.errors import ExtractionError
from extractor.guard import Limits
from extractor.layout import Layout, Line
from extractor.metadata import find_title
from extractor.pipeline import extract_document
from extractor.word import MAX_MEMBERS, format_number, read_word
from tests.builders import word_docs as wd

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def layout_of(document, tmp_path: Path, limits: Limits | None = None) -> Layout:
    path = wd.save(document, tmp_path / "document.docx")
    return read_word(path.read_bytes(), limits or Limits())


def line(layout: Layout, text: str) -> Line:
    found = [ln for ln in layout.lines if text in ln.text]
    assert len(found) == 1, (text, [ln.text for ln in layout.lines])
    return found[0]


def texts(layout: Layout) -> list[str]:
    return [ln.text for ln in layout.lines]


def reason_of(call, *args) -> str:
    with pytest.raises(ExtractionError) as info:
        call(*args)
    reason = info.value.reason
    assert "\n" not in reason and "Traceback" not in reason
    return reason


# --------------------------------------------------------------------------- headings


def test_headings_take_their_levels_from_styles_and_outline_levels(tmp_path):
    document = wd.new_document()
    document.add_paragraph("Inspectorate of Policing")
    document.add_paragraph("Vetting and counter-corruption", style="Title")
    document.add_heading("Summary", level=1)
    document.add_heading("Our findings", level=2)
    document.add_heading("Vetting decisions", level=3)
    chapter = document.styles.add_style("Chapter Part", 1)  # a paragraph style
    chapter.base_style = document.styles["Heading 2"]
    document.add_paragraph("Counter-corruption", style=chapter)
    outlined = document.add_paragraph("Annex A")
    outlined.paragraph_format.element.get_or_add_pPr().append(
        wd._xml('<w:outlineLvl <NS> w:val="0"/>'))
    document.add_paragraph("The unit reviewed every decision.")
    layout = layout_of(document, tmp_path)

    levels = {ln.text: ln.heading for ln in layout.lines}
    assert levels == {
        "Inspectorate of Policing": 0,
        "Vetting and counter-corruption": 1,
        "Summary": 2,
        "Our findings": 3,
        "Vetting decisions": 4,
        "Counter-corruption": 3,
        "Annex A": 2,
        "The unit reviewed every decision.": 0,
    }
    # The title is the largest text on the first page, as in the report's PDF.
    assert find_title(layout) == "Vetting and counter-corruption"
    assert line(layout, "every decision").location.headings == (
        "Vetting and counter-corruption", "Annex A")
    assert not layout.paged


# --------------------------------------------------------------------------- lists


def test_list_styles_give_bullets_and_numbers_by_level(tmp_path):
    document = wd.new_document()
    document.add_paragraph("The force should make sure that:")
    document.add_paragraph("its call handlers identify repeat callers;", style="List Bullet")
    document.add_paragraph("supervisors review the calls;", style="List Bullet 2")
    document.add_paragraph("Its plan has three parts:")
    for text in ("prevention;", "response; and", "review."):
        document.add_paragraph(text, style="List Number")
    layout = layout_of(document, tmp_path)

    assert texts(layout)[1:3] == ["\u2022 its call handlers identify repeat callers;",
                                  "\u2022 supervisors review the calls;"]
    assert texts(layout)[4:] == ["1. prevention;", "2. response; and", "3. review."]
    outer, inner = line(layout, "call handlers"), line(layout, "supervisors")
    assert inner.x0 > outer.x0 > line(layout, "make sure").x0


def test_direct_numbering_computes_markers_through_nested_levels(tmp_path):
    document = wd.new_document()
    num = wd.numbering(document, [("decimal", "%1.", 1), ("lowerLetter", "(%2)", 1),
                                  ("lowerRoman", "%3.", 1)])
    for text, level in (("Plan", 0), ("Staff", 1), ("Training", 2), ("Guidance", 2),
                        ("Systems", 1), ("Review", 0), ("Audit", 1), ("Sampling", 2)):
        wd.numbered(document, text, num, level)
    upper = wd.numbering(document, [("upperLetter", "%1)", 5), ("upperRoman", "%2.", 4)])
    wd.numbered(document, "Fifth", upper, 0)
    wd.numbered(document, "Fourth", upper, 1)
    legal = wd.numbering(document, [("decimal", "%1.", 2), ("decimal", "%1.%2", 1)])
    wd.numbered(document, "Chapter", legal, 0)
    wd.numbered(document, "A numbered paragraph of the chapter.", legal, 1)
    layout = layout_of(document, tmp_path)

    assert texts(layout) == [
        "1. Plan", "(a) Staff", "i. Training", "ii. Guidance", "(b) Systems",
        "2. Review", "(a) Audit", "i. Sampling",
        "E) Fifth", "IV. Fourth",
        "2. Chapter",
        # "2.1" numbers a paragraph: kept out of its text, as the PDF reader keeps it.
        "A numbered paragraph of the chapter.",
    ]
    assert [line(layout, t).x0 for t in ("Plan", "Staff", "Training")] == sorted(
        {line(layout, t).x0 for t in ("Plan", "Staff", "Training")})


def test_a_list_goes_on_after_a_paragraph_and_starts_again_when_restarted(tmp_path):
    document = wd.new_document()
    num = wd.numbering(document, [("decimal", "%1.", 1)])
    wd.numbered(document, "First", num)
    wd.numbered(document, "Second", num)
    document.add_paragraph("A paragraph between the entries.")
    wd.numbered(document, "Third", num)
    again = wd.restarted(document, num, start=1)
    wd.numbered(document, "One again", again)
    wd.numbered(document, "Two again", again)
    later = wd.restarted(document, num, start=7)
    wd.numbered(document, "Seventh", later)
    layout = layout_of(document, tmp_path)

    assert texts(layout) == ["1. First", "2. Second", "A paragraph between the entries.",
                             "3. Third", "1. One again", "2. Two again", "7. Seventh"]


def test_format_number_follows_word_formats():
    assert format_number(28, "lowerLetter") == "bb"
    assert format_number(3, "upperLetter") == "C"
    assert format_number(14, "upperRoman") == "XIV"
    assert format_number(9, "lowerRoman") == "ix"
    assert format_number(7, "decimalZero") == "07"
    assert format_number(12, "decimal") == "12"


# --------------------------------------------------------------------------- tables, boxes


def test_a_table_keeps_its_cells_in_columns_and_a_shaded_status_cell(tmp_path):
    document = wd.new_document()
    document.add_heading("Progress on our earlier recommendations", level=1)
    table = document.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ("No.", "Recommendation", "Status"),
                          strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "1"
    table.rows[1].cells[1].text = ("By March 2025, the force should review how it records "
                                   "stalking offences.")
    wd.shade(table.rows[1].cells[2], "00B050")  # green, no words
    table.rows[2].cells[0].text = "2"
    table.rows[2].cells[1].text = ("By June 2025, the force should train its call handlers "
                                   "to recognise stalking.")
    table.rows[2].cells[2].text = "In progress"
    wd.shade(table.rows[2].cells[2], "FFFFFF")  # white: no fill
    path = wd.save(document, tmp_path / "progress.docx")
    layout = read_word(path.read_bytes(), Limits())

    cells = [ln for ln in layout.lines if ln.table]
    assert [c.text for c in cells][:3] == ["No.", "Recommendation", "Status"]
    assert all(c.row_cells == 3 for c in cells)
    status = line(layout, "In progress")
    assert status.x0 > line(layout, "By June 2025").x0 > line(layout, "No.").x0
    fills = [fill for page in layout.fills.values() for fill in page]
    assert [fill[4] for fill in fills] == [(0, 176, 80)]
    assert fills[0][0] == pytest.approx(status.x0 - 2)

    items = extract_document(path).items
    assert [(i.number, i.status, i.origin) for i in items] == [
        ("1", "completed", "earlier_report"), ("2", "in_progress", "earlier_report")]


def test_merged_cells_are_read_once_and_nested_tables_flattened(tmp_path):
    document = wd.new_document()
    table = document.add_table(rows=3, cols=3)
    wide = table.cell(0, 0).merge(table.cell(0, 2))
    wide.text = "Force response"
    tall = table.cell(1, 0).merge(table.cell(2, 0))
    tall.text = "Westmarch Police"
    table.cell(1, 1).text = "Calls"
    table.cell(2, 1).text = "Crimes"
    wd.nest_table(table.cell(1, 2), [["Answered", "79%"], ["Abandoned", "6%"]])
    layout = layout_of(document, tmp_path)

    all_text = " ".join(texts(layout))
    assert all_text.count("Force response") == 1
    assert all_text.count("Westmarch Police") == 1
    nested = [ln for ln in layout.lines if ln.text in ("Answered", "79%", "Abandoned", "6%")]
    assert [ln.text for ln in nested] == ["Answered", "79%", "Abandoned", "6%"]
    assert {ln.x0 for ln in nested} == {line(layout, "Answered").x0}  # one cell's column
    assert line(layout, "Calls").top == line(layout, "Answered").top


def test_a_one_cell_table_is_a_box_with_its_label_and_list(tmp_path):
    document = wd.new_document()
    document.add_heading("Responding to the public", level=1)
    document.add_paragraph("The force answered too few emergency calls in time.")
    box = document.add_table(rows=1, cols=1)
    cell = box.rows[0].cells[0]
    wd.shade(cell, "EAE4F2")
    cell.paragraphs[0].add_run("Area for improvement 1").bold = True
    cell.add_paragraph("The force should make sure that:")
    cell.add_paragraph("its call handlers identify repeat callers; and", style="List Bullet")
    cell.add_paragraph("callers are told when to expect the police.", style="List Bullet")
    document.add_paragraph("Neighbourhood teams are well led.")
    path = wd.save(document, tmp_path / "box.docx")
    layout = read_word(path.read_bytes(), Limits())

    boxed = [ln for ln in layout.lines if ln.box is not None]
    assert [ln.text for ln in boxed] == [
        "Area for improvement 1", "The force should make sure that:",
        "\u2022 its call handlers identify repeat callers; and",
        "\u2022 callers are told when to expect the police."]
    assert len({ln.box for ln in boxed}) == 1 and not any(ln.table for ln in boxed)
    assert boxed[0].bold
    assert line(layout, "well led").box is None

    items = extract_document(path).items
    assert [(i.kind, i.number, i.text) for i in items] == [
        ("area_for_improvement", "1", "The force should make sure that: its call handlers "
         "identify repeat callers; and callers are told when to expect the police.")]


def test_a_text_box_is_read_once_in_a_box_after_its_anchor(tmp_path):
    document = wd.new_document()
    anchor = document.add_paragraph("Officers told us about their workloads.")
    wd.text_box(anchor, ["Case study", "One sergeant supervised 400 investigations."])
    document.add_paragraph("Supervision was rarely recorded.")
    layout = layout_of(document, tmp_path)

    assert texts(layout) == ["Officers told us about their workloads.", "Case study",
                             "One sergeant supervised 400 investigations.",
                             "Supervision was rarely recorded."]
    assert [ln.box is not None for ln in layout.lines] == [False, True, True, False]


def test_content_controls_are_read_in_place(tmp_path):
    document = wd.new_document()
    document.add_paragraph("Before the control.")
    wd.content_control(document, ["Inside the control."])
    document.add_paragraph("After the control.")
    layout = layout_of(document, tmp_path)

    assert texts(layout) == ["Before the control.", "Inside the control.",
                             "After the control."]


# --------------------------------------------------------------------------- kept out


def test_headers_footers_and_notes_are_kept_out_of_the_body(tmp_path):
    document = wd.new_document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "OFFICIAL - Stalking inspection"
    section.footer.paragraphs[0].text = "Page 1"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Cover header"
    document.add_heading("Recommendation 1", level=2)
    item = document.add_paragraph("By 31 March 2027, chief constables should review how they "
                                  "record reports of stalking.")
    wd.add_note(document, item, "Stalking Protection Act 2019.")
    wd.superscript_mark(item, "2")
    closing = document.add_paragraph("Most forces had no stalking lead.")
    wd.add_note(document, closing, "Data from six forces.", kind="endnote")
    path = wd.save(document, tmp_path / "notes.docx")
    layout = read_word(path.read_bytes(), Limits())

    assert texts(layout) == [
        "Recommendation 1",
        "By 31 March 2027, chief constables should review how they record reports of "
        "stalking.",
        "Most forces had no stalking lead."]
    assert layout.removed == {"running": 3, "footnote": 2}

    items = extract_document(path).items
    assert len(items) == 1
    assert items[0].text.endswith("reports of stalking.")
    assert not re.search(r"\d$", items[0].text)


def test_a_table_of_contents_is_skipped(tmp_path):
    document = wd.new_document()
    document.add_paragraph("Contents", style="TOC Heading")
    wd.contents_field(document, ["Summary", "Recommendations"])
    wd.contents_control(document, "Contents", ["Summary", "Recommendations"])
    document.add_heading("Summary", level=1)
    document.add_paragraph("We inspected six forces.")
    layout = layout_of(document, tmp_path)

    assert texts(layout) == ["Summary", "We inspected six forces."]
    assert line(layout, "Summary").heading == 2


def test_page_breaks_bold_paragraphs_line_breaks_and_tabs(tmp_path):
    document = wd.new_document()
    document.add_paragraph("On the first page.")
    wd.page_break(document)
    document.add_paragraph().add_run("Requires improvement").bold = True
    mixed = document.add_paragraph()
    mixed.add_run("Partly").bold = True
    mixed.add_run(" bold.")
    broken = document.add_paragraph()
    run = broken.add_run("Line one")
    run.add_break(WD_BREAK.LINE)
    run.add_text("line two\tafter a tab.")
    before = document.add_paragraph("Starts a page.")
    before.paragraph_format.page_break_before = True
    layout = layout_of(document, tmp_path)

    assert [(ln.text, ln.page, ln.bold) for ln in layout.lines] == [
        ("On the first page.", 1, False),
        ("Requires improvement", 2, True),
        ("Partly bold.", 2, False),
        ("Line one line two after a tab.", 2, False),
        ("Starts a page.", 3, False),
    ]


def test_a_document_without_text_has_no_lines_and_no_items(tmp_path):
    document = wd.new_document()
    document.add_paragraph()
    path = wd.save(document, tmp_path / "empty.docx")
    assert read_word(path.read_bytes(), Limits()).lines == []
    assert extract_document(path).items == []


# --------------------------------------------------------------------------- end to end


def test_items_are_found_end_to_end_with_their_place_in_the_document(tmp_path):
    path = wd.write_recommendations_report(tmp_path / "stalking.docx")
    extraction = extract_document(path)

    assert extraction.report.title == "Stalking and harassment: a joint inspection"
    assert extraction.report.published == "2026-03-04"
    assert extraction.report.pages is None
    got = [(i.kind, i.number, i.deadline, i.addressees, i.page) for i in extraction.items]
    assert got == [
        ("recommendation", "1", "2026-09-30", ["chief_constables"], None),
        ("recommendation", "2", "2027-03-31", ["college_of_policing"], None),
        ("recommendation", "3", None, ["home_office"], None),
        ("recommendation", "4", None, ["chief_constables"], None),
    ]
    assert extraction.items[0].text == ("By 30 September 2026, chief constables should "
                                         "appoint a single lead for stalking.")
    title = "Stalking and harassment: a joint inspection"
    assert extraction.items[0].location == {"headings": [title, "Recommendations"],
                                            "paragraph": 6}
    # A labelled item is found at its words, under its label.
    assert extraction.items[3].location == {
        "headings": [title, "Protecting victims", "Recommendation 4"], "paragraph": 12}
    assert extraction.items[3].bbox is None


@pytest.mark.parametrize("name", ["word_neighbourhood", "word_peel_kingsmere"])
def test_the_word_samples_give_their_expected_items(name):
    expected = json.loads((SAMPLES / f"{name}.expected.json").read_text())
    got = extract_document(SAMPLES / f"{name}.docx").to_dict()

    assert got["report"]["title"] == expected["report"]["title"]
    assert got["report"]["published"] == expected["report"]["published"]
    assert got["report"]["pages"] is None
    assert len(got["items"]) == len(expected["items"])
    for want, item in zip(expected["items"], got["items"], strict=True):
        assert item["page"] is None
        assert {k: item[k] for k in want if k != "page"} == {
            k: v for k, v in want.items() if k != "page"}


# --------------------------------------------------------------------------- hostile files


def test_a_zip_bomb_ends_quickly_with_one_line_and_little_memory(tmp_path):
    path = wd.write_zip_bomb(tmp_path / "bomb.docx")  # 1 GiB of zeros
    assert path.stat().st_size < 3_000_000
    data = path.read_bytes()
    tracemalloc.start()
    try:
        reason = reason_of(read_word, data, Limits())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000
    assert re.search(r"parts would unpack to 1,07\d MB; the limit is 200 MB \(2 times "
                     r"HMIC_MAX_FILE_MB, 100 MB\)$", reason)

    started = time.monotonic()
    with pytest.raises(ExtractionError) as info:
        # The reading child may add no more than 200 MiB: the bomb is never unpacked.
        extract_file(path, Limits(max_memory_mb=200, min_seconds=60))
    assert time.monotonic() - started < 30
    assert info.value.reason == reason


def test_sizes_that_lie_do_not_unpack_the_bomb(tmp_path):
    path = wd.write_lying_sizes(tmp_path / "lying.docx", unpacked=256 << 20)
    started = time.monotonic()
    reason = reason_of(read_word, path.read_bytes(), Limits())
    assert time.monotonic() - started < 10
    assert reason == "is a Word document that cannot be read (its ZIP container is corrupt)"


def test_unpacked_xml_is_bounded_by_the_memory_limit(tmp_path):
    path = wd.save(wd.new_document(), tmp_path / "plain.docx")
    reason = reason_of(read_word, path.read_bytes(), Limits(max_memory_mb=1))
    assert "XML parts would unpack to" in reason and "HMIC_MAX_MEMORY_MB" in reason


def test_a_missing_document_part_is_named(tmp_path):
    path = wd.write_without_document_part(tmp_path / "hollow.docx")
    expected = "is a Word document that cannot be read (its document part is missing)"
    assert reason_of(read_word, path.read_bytes(), Limits()) == expected
    assert reason_of(extract_file, path, Limits(max_memory_mb=256)) == expected


def test_a_corrupt_zip_is_refused(tmp_path):
    path = wd.write_corrupt_zip(tmp_path / "corrupt.docx")
    assert reason_of(read_word, path.read_bytes(), Limits()) == (
        "is a Word document that cannot be read (its ZIP container is corrupt)")
    # The cheap checks already see that it is no readable Word document.
    assert "ZIP" in reason_of(extract_file, path, Limits(max_memory_mb=256))


def test_a_damaged_part_is_refused_as_corrupt(tmp_path):
    path = wd.write_damaged_member(tmp_path / "damaged.docx")
    assert reason_of(extract_file, path, Limits(max_memory_mb=256)) == (
        "is a Word document that cannot be read (its ZIP container is corrupt)")


def test_too_many_members_are_refused(tmp_path):
    path = wd.save(wd.new_document(), tmp_path / "crowded.docx")
    with zipfile.ZipFile(path, "a") as archive:
        for index in range(MAX_MEMBERS):
            archive.writestr(f"customXml/item{index + 10}.xml", b"")
    reason = reason_of(read_word, path.read_bytes(), Limits())
    assert reason.startswith("is a Word document of 5,") and "the limit is 5,000" in reason


def test_too_many_paragraphs_are_refused_by_the_page_limit(tmp_path):
    document = wd.new_document()
    for index in range(250):
        document.add_paragraph(f"Paragraph {index}.")
    reason = reason_of(layout_of, document, tmp_path, Limits(max_pages=1))
    assert reason == ("is a Word document of more than 200 paragraphs and table rows; the "
                      "limit is 200 a page for HMIC_MAX_PAGES (1 pages)")
    assert len(layout_of(document, tmp_path, Limits(max_pages=2)).lines) == 250


def test_tracked_deletions_hidden_text_and_field_codes_are_left_out(tmp_path):
    document = wd.new_document()
    wd.raw_paragraph(document, (
        '<w:r><w:t xml:space="preserve">The force should </w:t></w:r>'
        '<w:del w:id="1" w:author="A"><w:r><w:delText>consider </w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="A"><w:r><w:t xml:space="preserve">publish </w:t></w:r>'
        "</w:ins>"
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">secret </w:t></w:r>'
        '<w:r><w:t xml:space="preserve">its plan by </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> DATE \\@ "MMMM yyyy" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>March 2027</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:r><w:t>.</w:t></w:r>"))
    layout = layout_of(document, tmp_path)

    assert texts(layout) == ["The force should publish its plan by March 2027."]


def test_a_numbered_heading_keeps_its_number(tmp_path):
    document = wd.new_document()
    chapters = wd.numbering(document, [("decimal", "%1.", 1)])
    for title in ("Introduction", "Identifying children at risk"):
        heading = document.add_heading(title, level=1)
        heading._p.get_or_add_pPr().append(wd._xml(
            f'<w:numPr <NS>><w:ilvl w:val="0"/><w:numId w:val="{chapters}"/></w:numPr>'))
        document.add_paragraph("Officers told us about their training.")
    layout = layout_of(document, tmp_path)

    assert [(ln.text, ln.heading) for ln in layout.lines if ln.heading] == [
        ("1. Introduction", 2), ("2. Identifying children at risk", 2)]
