"""Saved web pages: the main content read into the document model, and its items found."""

from __future__ import annotations

import importlib
import json
import random
import time
from pathlib import Path

import pytest

from extractor import extract_file
from extractor.document import INDENT, MARGIN
from extractor.errors import ExtractionError
from extractor.guard import Limits
from extractor.layout import Layout, Line
from extractor.pipeline import extract_document
from extractor.text import fold_key
from extractor.web import (
    MAX_DEPTH,
    declared_encoding,
    decode_page,
    list_marker,
    read_web_page,
)
from tests.builders import files

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
BOUNDED = Limits(min_seconds=30, max_memory_mb=512)


def page(body: str, head: str = '<meta charset="utf-8"><title>A page</title>') -> bytes:
    html = f'<!DOCTYPE html>\n<html lang="en"><head>{head}</head>\n<body>{body}</body></html>'
    return html.encode()


def layout_of(body: str, **kwargs: str) -> Layout:
    return read_web_page(page(body, **kwargs), Limits())


def texts(body: str) -> list[str]:
    return [line.text for line in layout_of(body).lines]


def one_line_reason(call, *args) -> str:
    with pytest.raises(ExtractionError) as info:
        call(*args)
    reason = info.value.reason
    assert "\n" not in reason and "Traceback" not in reason
    return reason


SITE_AROUND = """
<a href="#main" class="skip-link">Skip to main content</a>
<div id="cookie-banner" role="region" aria-label="Cookie banner">
  <p>We use cookies to remember your settings.</p>
  <button>Accept all cookies</button>
</div>
<header class="site-header"><a href="/" class="logo">Wessex Fire</a>
  <nav aria-label="Main menu"><ul><li><a href="/safety">Safety advice</a></li>
  <li><a href="/careers">Careers</a></li></ul></nav></header>
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li>
  <li><a href="/about">About us</a></li></ol></nav>
{main}
<aside class="sidebar"><h2>Quick links</h2><ul><li><a href="/a">Annual report</a></li>
  <li><a href="/b">Budget</a></li></ul></aside>
<footer><ul><li><a href="/privacy">Privacy notice</a></li></ul>
  <p>Copyright Wessex Fire Authority</p></footer>
"""

CLUTTER = ("Skip", "cookie", "Wessex Fire", "Safety advice", "Careers", "Home", "About us",
           "Quick links", "Annual report", "Privacy", "Copyright", "Share", "Facebook",
           "Related", "useful")


def assert_no_clutter(lines: list[Line]) -> None:
    for line in lines:
        for word in CLUTTER:
            assert word.lower() not in line.text.lower(), (word, line.text)


# --------------------------------------------------------------------------- main content


def test_main_is_read_and_the_site_around_it_is_not():
    main = """<main id="main"><h1>Our inspection</h1>
      <p>The inspectorate visited us in 2024.</p>
      <div class="share-this-page"><p>Share this page</p><a href="https://f.example">Facebook</a>
      </div>
      <section class="related-content"><h2>Related pages</h2><p>Our plan</p></section>
      <form class="feedback"><p>Was this page useful?</p><button>Yes</button></form>
      </main>"""
    lines = layout_of(SITE_AROUND.format(main=main)).lines
    assert [ln.text for ln in lines] == ["Our inspection", "The inspectorate visited us in 2024."]
    assert_no_clutter(lines)


def test_without_main_the_element_holding_the_title_and_most_text_is_read():
    main = """<div class="wrapper"><div id="content"><h1>Progress since our inspection</h1>
      <p>We have trained every supervisor in the new process.</p>
      <p>Audits now take place every quarter.</p></div>
      <div class="promo"><p>Join us as an on-call firefighter</p></div></div>"""
    lines = layout_of(SITE_AROUND.format(main=main)).lines
    assert [ln.text for ln in lines] == [
        "Progress since our inspection", "We have trained every supervisor in the new process.",
        "Audits now take place every quarter."]


def test_a_single_article_is_the_content_with_its_own_header_kept():
    main = """<div class="page"><article><header><h1>Inspection letter</h1>
      <p class="meta">Published on: 3 March 2025</p></header>
      <p>Dear Chief Fire Officer,</p></article>
      <div class="newsletter"><p>Sign up to our newsletter</p></div></div>"""
    assert [ln.text for ln in layout_of(SITE_AROUND.format(main=main)).lines] == [
        "Inspection letter", "Published on: 3 March 2025", "Dear Chief Fire Officer,"]


def test_hidden_and_unread_elements_are_left_out():
    lines = texts("""<main><h1>Title</h1>
      <p>Shown <span class="govuk-visually-hidden">for screen readers</span>text.</p>
      <p hidden>Hidden by attribute</p>
      <div style="color: red; display : none">Hidden by style</div>
      <p aria-hidden="true">Hidden from assistive technology</p>
      <script>document.write("Recommendation 9: scripted")</script>
      <style>p { color: red }</style><noscript>Turn on JavaScript</noscript>
      <template><p>Template text</p></template>
      <svg><title>An icon</title></svg>
      <p>Last.</p></main>""")
    assert lines == ["Title", "Shown text.", "Last."]


def test_a_page_wrapped_in_one_form_is_still_read():
    body = """<form id="aspnetForm" action="/page"><input type="hidden" name="state" value="x">
      <div class="site-search"><button>Search</button></div>
      <main><h1>Title</h1><p>Body text.</p></main></form>"""
    assert texts(body) == ["Title", "Body text."]


# --------------------------------------------------------------------------- structure


def test_headings_keep_their_levels_and_make_the_heading_path():
    lines = layout_of("""<main><h1>Report</h1><h2>Findings</h2><h3>Response</h3>
      <p>First.</p><div role="heading" aria-level="4">Calls</div><p>Second.</p>
      <h2>Next steps</h2><p>Third.</p></main>""").lines
    assert [(ln.text, ln.heading) for ln in lines] == [
        ("Report", 1), ("Findings", 2), ("Response", 3), ("First.", 0), ("Calls", 4),
        ("Second.", 0), ("Next steps", 2), ("Third.", 0)]
    assert lines[3].location.headings == ("Report", "Findings", "Response")
    assert lines[5].location.headings == ("Report", "Findings", "Response", "Calls")
    assert lines[7].location.headings == ("Report", "Next steps")
    assert [ln.location.paragraph for ln in lines] == list(range(8))


def test_nested_lists_get_the_markers_a_browser_shows():
    lines = layout_of("""<main>
      <ol start="3"><li>Three<ol type="a"><li>Letter a</li><li value="5">Letter e</li>
        <li>Letter f<ul><li>Bullet deep</li></ul></li></ol></li><li>Four</li></ol>
      <ol type="I" start="4"><li>Roman four</li><li>Roman five</li></ol>
      <ol reversed><li>Third</li><li>Second</li><li>First</li></ol>
      <ul><li>Plain bullet</li></ul>
      <ol style="list-style-type: upper-alpha"><li>Styled A</li></ol></main>""").lines
    assert [ln.text for ln in lines] == [
        "3. Three", "a. Letter a", "e. Letter e", "f. Letter f", "\u2022 Bullet deep", "4. Four",
        "IV. Roman four", "V. Roman five", "3. Third", "2. Second", "1. First",
        "\u2022 Plain bullet", "A. Styled A"]
    levels = [round((ln.x0 - MARGIN) / INDENT) - 1 for ln in lines]
    assert levels == [0, 1, 1, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0]


def test_list_markers_past_the_alphabet_and_numerals():
    assert [list_marker(n, "a") for n in (1, 26, 27, 52)] == ["a.", "z.", "aa.", "az."]
    assert list_marker(1994, "I") == "MCMXCIV."
    assert list_marker(0, "a") == "0."
    assert list_marker(5000, "i") == "5000."


def test_an_entry_holding_paragraphs_and_a_list_keeps_them_in_order():
    lines = layout_of("""<main><ol><li><p>The service should:</p>
      <ul><li>train its staff;</li><li>audit its records.</li></ul>
      <p>It should report on this each year.</p></li>
      <li>Second entry.</li></ol></main>""").lines
    assert [ln.text for ln in lines] == [
        "1. The service should:", "\u2022 train its staff;", "\u2022 audit its records.",
        "It should report on this each year.", "2. Second entry."]
    # The entry's own second paragraph sits at the entry's indent, with no marker.
    assert lines[3].x0 == lines[0].x0


def test_inline_text_joins_with_single_spaces_and_bold_is_kept():
    lines = layout_of("""<main><p>The <strong>force</strong> should<br>act
      <a href="/now">now</a>,\n  and <em>then</em>&nbsp;report on <abbr title="x">KPIs</abbr>.</p>
      <p><strong>Recommendation 1</strong></p>
      <p><b>Partly</b> bold.</p>
      <p><span style="font-weight: 700">Styled bold</span></p>
      <div>Text straight in a div <span>and a span</span><p>a paragraph</p>then its tail.</div>
      <blockquote><p>Quoted text.</p></blockquote></main>""").lines
    assert [(ln.text, ln.bold) for ln in lines] == [
        ("The force should act now, and then report on KPIs.", False),
        ("Recommendation 1", True), ("Partly bold.", False), ("Styled bold", True),
        ("Text straight in a div and a span", False), ("a paragraph", False),
        ("then its tail.", False), ("Quoted text.", False)]
    assert lines[-1].x0 == MARGIN + INDENT  # a quotation is indented


def test_definition_lists_and_details_are_read():
    assert texts("""<main><dl><dt>From</dt><dd>Her Majesty's Inspector</dd>
      <dt>Sent on:</dt><dd>24 June 2025</dd>
      <dt>Areas</dt><dd>Prevention</dd><dd>Protection</dd></dl>
      <details><summary>Recommendation 2</summary><p>The service should act.</p></details>
      </main>""") == [
        "From: Her Majesty's Inspector", "Sent on: 24 June 2025", "Areas", "Prevention",
        "Protection", "Recommendation 2", "The service should act."]


def test_a_table_keeps_its_cells_and_a_coloured_status():
    layout = layout_of("""<main><table><caption>Progress</caption>
      <thead><tr><th>No.</th><th>Recommendation</th><th>Status</th></tr></thead>
      <tbody><tr><td>1</td><td><p>The service should train staff.</p><ul><li>all crews</li>
        </ul></td><td style="background-color: #00703C">Complete</td></tr>
      <tr bgcolor="red"><td>2</td><td>The service should audit.</td><td>Not started</td></tr>
      <tr><td colspan="2">Spanning two columns</td><td style="background: gold">Amber</td></tr>
      </tbody></table></main>""")
    lines = layout.lines
    assert lines[0].text == "Progress" and not lines[0].table
    cells = [ln for ln in lines if ln.table]
    assert [ln.text for ln in cells] == [
        "No.", "Recommendation", "Status", "1", "The service should train staff.",
        "\u2022 all crews", "Complete", "2", "The service should audit.", "Not started",
        "Spanning two columns", "Amber"]
    assert [ln.text for ln in cells].count("Spanning two columns") == 1
    # Each row is one block; the spanning cell leaves the status in the third column.
    assert len({ln.location.paragraph for ln in cells}) == 4
    assert cells[-1].x0 == cells[2].x0
    fills = [fill for *_box, fill in layout.fills[1]]
    assert fills == [(0, 112, 60), (255, 0, 0), (255, 0, 0), (255, 0, 0), (255, 215, 0)]
    status_top = cells[6].top
    assert any(top <= status_top <= bottom and fill == (0, 112, 60)
               for _x0, top, _x1, bottom, fill in layout.fills[1])


def test_a_cell_spanning_rows_keeps_the_next_rows_in_their_columns():
    cells = [ln for ln in layout_of("""<main><table>
      <tr><th>Area</th><th>Item</th><th>Status</th></tr>
      <tr><td rowspan="2">Vetting</td><td>First item</td><td>Met</td></tr>
      <tr><td>Second item</td><td>Not met</td></tr></table></main>""").lines]
    columns = {ln.text: ln.x0 for ln in cells}
    assert [ln.text for ln in cells] == [
        "Area", "Item", "Status", "Vetting", "First item", "Met", "Second item", "Not met"]
    assert columns["Second item"] == columns["First item"] == columns["Item"]
    assert columns["Not met"] == columns["Met"] == columns["Status"]


def test_a_page_saved_with_a_dialog_open_is_still_read():
    assert texts("""<div class="wrapper" aria-hidden="true"><main><h1>Title</h1>
      <p>Body text.</p></main></div>
      <div role="dialog" aria-label="Cookie preferences" aria-modal="true">
      <p>Choose which cookies we use.</p></div>""") == ["Title", "Body text."]


def test_call_outs_and_one_cell_tables_are_boxes():
    lines = layout_of("""<main><h1>Report</h1><p>Narrative before.</p>
      <div class="govuk-inset-text"><h3>Area for improvement 1</h3>
        <p>The force should improve its vetting.</p></div>
      <p>Narrative between.</p>
      <table class="layout"><tr><td><p><strong>Recommendation 2</strong></p>
        <p>By March 2026, the force should act.</p></td></tr></table>
      <aside class="recommendation-box"><p>Recommendation 3: The force should review.</p></aside>
      <div style="background-color: #e4edf6"><p>Shaded panel.</p></div>
      <p>Narrative after.</p></main>""").lines
    boxes = {ln.text: ln.box for ln in lines}
    assert boxes["Narrative before."] is None and boxes["Narrative between."] is None
    assert boxes["Narrative after."] is None
    first = boxes["Area for improvement 1"]
    assert first is not None and boxes["The force should improve its vetting."] == first
    second = boxes["Recommendation 2"]
    assert second not in (None, first) and boxes["By March 2026, the force should act."] == second
    third = boxes["Recommendation 3: The force should review."]
    assert third not in (None, first, second)
    assert boxes["Shaded panel."] not in (None, first, second, third)
    assert not any(ln.table for ln in lines)


def test_footnotes_are_kept_apart_and_their_marks_dropped():
    layout = layout_of("""<main><h1>Report</h1>
      <p>The force should act<sup id="r1"><a href="#fn1">1</a></sup> soon.</p>
      <p>It should also report<sup>2</sup> on the 1<sup>st</sup> of each month.</p>
      <p>Read the guidance<a class="footnote-ref" href="#fn3">[3]</a> and the
        code<sup role="doc-noteref"><a href="#fn2">[footnote 2]</a></sup>.</p>
      <section class="footnotes" role="doc-endnotes"><ol>
        <li id="fn1">See the 2023 report. <a href="#r1" role="doc-backlink">&#8617;</a></li>
        <li id="fn2">A second note.</li><li id="fn3">A third note.</li></ol></section>
      </main>""")
    assert [ln.text for ln in layout.lines] == [
        "Report", "The force should act soon.",
        "It should also report on the 1st of each month.", "Read the guidance and the code."]
    assert layout.removed["footnote"] == 3


# --------------------------------------------------------------------------- decoding


def test_a_windows_1252_page_is_decoded_by_its_meta_charset():
    data = ('<html><head><meta charset="windows-1252"></head><body><main>'
            "<p>Caf\u00e9 costs \u00a35 \u2013 \u201cgood value\u201d.</p></main></body></html>"
            ).encode("cp1252")
    lines = read_web_page(data, Limits()).lines
    assert [ln.text for ln in lines] == ['Caf\u00e9 costs \u00a35 - "good value".']


def test_a_content_type_meta_names_the_charset():
    data = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
            "</head><body><p>Na\u00efve \u2018quotes\u2019</p></body></html>").encode("cp1252")
    assert [ln.text for ln in read_web_page(data, Limits()).lines] == ["Na\u00efve 'quotes'"]


def test_a_byte_order_mark_wins_over_a_meta_charset():
    data = b"\xef\xbb\xbf" + ('<html><head><meta charset="windows-1252"></head><body>'
                              "<p>R\u00e9sum\u00e9 \u2014 \u20ac10</p></body></html>").encode()
    lines = read_web_page(data, Limits()).lines
    assert [ln.text for ln in lines] == ["R\u00e9sum\u00e9 - \u20ac10"]


def test_an_undeclared_page_is_utf8_else_windows_1252():
    utf8 = "<html><body><p>Z\u00fcrich</p></body></html>".encode()
    assert decode_page(utf8).count("Z\u00fcrich") == 1
    legacy = "<html><body><p>Z\u00fcrich</p></body></html>".encode("cp1252")
    assert decode_page(legacy).count("Z\u00fcrich") == 1


def test_declared_encodings_are_read_as_a_browser_reads_them():
    assert declared_encoding(b'<meta charset="utf-8">') == "utf-8"
    assert declared_encoding(b"<meta charset='ISO-8859-1'>") == "cp1252"
    assert declared_encoding(b'<meta charset="utf-16">') == "utf-8"
    assert declared_encoding(b'<meta charset="utf-7">') is None
    assert declared_encoding(b'<meta charset="rot13">') is None
    assert declared_encoding(b'<meta charset="no-such-thing">') is None
    assert declared_encoding(b"<p>no declaration</p>") is None


# --------------------------------------------------------------------------- limits


def test_a_page_nested_too_deeply_is_refused():
    deep = b"<html><body>" + b"<div>" * (MAX_DEPTH + 10) + b"x" + b"</div>" * (MAX_DEPTH + 10)
    reason = one_line_reason(read_web_page, deep, Limits())
    assert reason == f"is a web page nested too deeply to read (more than {MAX_DEPTH:,} levels)"


def test_a_page_nested_just_within_the_limit_is_read_without_recursion():
    depth = MAX_DEPTH - 10
    data = (b"<html><body><main>" + b"<div><span>" * (depth // 2 - 2) + b"deep text"
            + b"</span></div>" * (depth // 2 - 2) + b"</main></body></html>")
    assert [ln.text for ln in read_web_page(data, Limits()).lines] == ["deep text"]


def test_the_block_cap_follows_the_page_limit():
    data = page("<main>" + "<p>Paragraph.</p>" * 300 + "</main>")
    reason = one_line_reason(read_web_page, data, Limits(max_pages=1))
    assert reason == "is a web page too long to read (more than 200 blocks of text)"
    assert len(read_web_page(data, Limits(max_pages=2)).lines) == 300


def test_a_page_without_content_has_no_lines():
    assert layout_of("<main></main>").lines == []
    assert layout_of(SITE_AROUND.format(main="<main>  <p> </p></main>")).lines == []


# --------------------------------------------------------------------------- end to end


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_items_are_found_with_their_place_in_the_page(tmp_path):
    path = write(tmp_path, "report.html", page(SITE_AROUND.format(main="""<main>
      <h1>An inspection of Northfield Police</h1>
      <p>We inspected how Northfield Police protects vulnerable people.</p>
      <h2>Recommendations</h2>
      <ol><li>By 31 March 2026, Northfield Police should review how it assesses the risk to
        missing children.</li>
      <li>Within six months, Northfield Police should train its call handlers to recognise
        stalking.</li></ol>
      <h2>Our findings</h2>
      <p>The force has improved how it records crime.</p>
      <h3>Recommendation 3</h3>
      <p>By 30 June 2026, the force should make sure that its supervisors review every open
        investigation each month.</p>
      <p>Recommendation 4: The force should publish its plan for neighbourhood policing by the
        end of 2026.</p></main>""")))
    extraction = extract_document(path)
    assert extraction.report.title == "An inspection of Northfield Police"
    assert extraction.report.pages is None
    got = [(i.kind, i.number, i.page, i.location, i.deadline) for i in extraction.items]
    title = "An inspection of Northfield Police"
    assert got == [
        ("recommendation", "1", None, {"headings": [title, "Recommendations"], "paragraph": 3},
         "2026-03-31"),
        ("recommendation", "2", None, {"headings": [title, "Recommendations"], "paragraph": 4},
         None),
        ("recommendation", "3", None,
         {"headings": [title, "Our findings", "Recommendation 3"], "paragraph": 8},
         "2026-06-30"),
        ("recommendation", "4", None,
         {"headings": [title, "Our findings", "Recommendation 3"], "paragraph": 9},
         "2026-12-31"),
    ]
    assert extraction.items[0].text.startswith("By 31 March 2026, Northfield Police should")
    assert extraction.items[3].text == ("The force should publish its plan for neighbourhood "
                                        "policing by the end of 2026.")
    assert all(i.addressees == ["chief_constables"] for i in extraction.items)
    assert all(i.bbox is None for i in extraction.items)


# Every field of an expected item but its page (a web page has none).
COMPARED = ("kind", "number", "origin", "deadline", "deadline_text", "immediate",
            "addressees", "addressees_other", "deadline_relative", "applies_to_forces",
            "status")


@pytest.mark.parametrize("name", ["web_page_kingsway_frs", "revisit_letter_harrowby_frs"])
def test_the_sample_web_pages_give_their_expected_items(name):
    expected = json.loads((SAMPLES / f"{name}.expected.json").read_text())
    extraction = extract_document(SAMPLES / f"{name}.html").to_dict()
    assert extraction["report"]["title"] == expected["report"]["title"]
    assert extraction["report"]["published"] == expected["report"]["published"]
    assert extraction["report"]["pages"] is None
    assert len(extraction["items"]) == len(expected["items"])
    for want, got in zip(expected["items"], extraction["items"], strict=True):
        assert {f: got[f] for f in COMPARED} == {f: want[f] for f in COMPARED}
        assert fold_key(got["text"]) == fold_key(want["text"])
        assert got["page"] is None
        assert got["location"]["headings"][0] == expected["report"]["title"]


@pytest.mark.parametrize("name", ["web_page_kingsway_frs", "revisit_letter_harrowby_frs"])
def test_the_committed_sample_pages_are_current(tmp_path, name):
    written = importlib.import_module(f"samples.{name}").write_web_page(tmp_path)
    assert written.read_bytes() == (SAMPLES / f"{name}.html").read_bytes()


def test_the_sample_pages_hold_the_site_around_their_content():
    for name in ("web_page_kingsway_frs", "revisit_letter_harrowby_frs"):
        html = (SAMPLES / f"{name}.html").read_text(encoding="utf-8")
        for part in ("<nav", "cookie", "breadcrumbs", "<main", "<footer", "<style>", "<script"):
            assert part in html, (name, part)
        lines = read_web_page((SAMPLES / f"{name}.html").read_bytes(), Limits()).lines
        assert not any("cookie" in ln.text.lower() or "Share this page" in ln.text
                       or "Is this page useful" in ln.text for ln in lines)


# --------------------------------------------------------------------------- hostile input


def test_html_nested_100000_levels_deep_fails_quickly_with_one_line(tmp_path):
    path = write(tmp_path, "deep.html", b"<!DOCTYPE html><html><body>" + b"<div>" * 100_000
                 + b"deep" + b"</div>" * 100_000 + b"</body></html>")
    started = time.monotonic()
    reason = one_line_reason(extract_file, path, BOUNDED)
    assert time.monotonic() - started < 20
    assert "nested too deeply" in reason


def test_two_million_tiny_paragraphs_are_refused_by_the_block_cap(tmp_path):
    path = write(tmp_path, "long.html", b"<!DOCTYPE html><html><body>"
                 + b"<p>a</p>" * 2_000_000 + b"</body></html>")
    started = time.monotonic()
    reason = one_line_reason(extract_file, path, BOUNDED)
    assert time.monotonic() - started < 20
    blocks = BOUNDED.max_pages * 200
    assert reason == f"is a web page too long to read (more than {blocks:,} blocks of text)"


def test_an_empty_page_gives_no_items(tmp_path):
    path = write(tmp_path, "empty.html", b"<!DOCTYPE html><html><head><title>Nothing</title>"
                 b"</head><body></body></html>")
    extraction = extract_file(path, BOUNDED)
    assert extraction.items == [] and extraction.report.pages is None


def test_binary_junk_after_the_html_tag_does_not_crash(tmp_path):
    junk = random.Random(7).randbytes(300_000)
    path = write(tmp_path, "junk.html", b"<html><body><p>Start.</p>" + junk)
    extraction = extract_file(path, BOUNDED)
    assert extraction.items == []
    layout = read_web_page(path.read_bytes(), Limits())
    assert layout.lines[0].text == "Start."


@pytest.mark.parametrize("builder", [files.write_utf16_page,
                                     files.write_page_without_html_element])
def test_a_page_saved_in_utf16_or_without_its_html_element_gives_its_item(tmp_path, builder):
    extraction = extract_file(builder(tmp_path / "letter.html"))
    [item] = extraction.items
    assert (item.kind, item.number, item.deadline) == ("recommendation", "1", "2027-05-31")
    assert extraction.report.format == "html" and item.page is None

