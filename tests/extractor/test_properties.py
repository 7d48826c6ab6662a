"""Properties of the text-level parts of the extractor, over generated text (hypothesis).

The normaliser, the deadline parser, the addressee recogniser and the item segmenter must
take any text without raising; normalising twice changes nothing; numbers that are not
dates ("recommendation 12", "in 23 of the 90 cases", "£3.5 million", "section 136") never
become deadlines, while a real date phrase always does. Runs are derandomised so that CI
sees the same examples every time.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.addressees import find_addressees
from extractor.deadlines import analyse_deadlines, parse_deadline
from extractor.layout import Layout, Line
from extractor.segment import find_items
from extractor.status import parse_status
from extractor.text import fold_key, join_lines, normalise_text
from hmic_actions.bodies import load_vocabulary

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True)

# Pieces of report text, mixed with arbitrary unicode, so examples reach the rules.
WORDS = (
    "Recommendation", "Area for improvement", "Cause of concern", "By", "by", "within",
    "the end of", "March", "2026", "31", "six months", "with immediate effect", "immediately",
    "chief constables", "the Home Office", "the College of Policing", "NPCC", "the force",
    "should", "must", "make sure that", "and", ",", ".", ";", "\n", "\u2013", "\u2019",
    "\ufb01", "\u00a0", "\u00ad", "£", "%", "(", ")", "Status:", "Completed", "victims",
)
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=40)
    .map(" ".join),
)

# Numbers in report prose that are not dates, each with a number to fill in.
NOT_DATES = (
    "recommendation {n}", "in {n} of the {m} cases", "£{n}.{d} million", "section {n}",
    "{n},000 officers", "paragraph {n}.{d}", "{n} per cent of victims", "our {y} report",
    "the {y}/{yy} profile", "{n} forces", "reduce the backlog by {n} per cent",
    "page {n}", "annex {d}", "{n} days after the {y} review", "figure {n}",
    "at least {n} hours of training", "phase {d} of the {y} programme",
)
SUBJECTS = ("Chief constables should", "The force must", "By the same token, forces should",
            "The Home Office and the NPCC should")
VERBS = ("review", "act on", "publish", "make sure they record", "improve")


@st.composite
def non_date_sentences(draw: st.DrawFn) -> str:
    sentences = []
    for _ in range(draw(st.integers(1, 4))):
        phrase = draw(st.sampled_from(NOT_DATES)).format(
            n=draw(st.integers(1, 999)), m=draw(st.integers(1, 999)),
            d=draw(st.integers(1, 9)), y=draw(st.integers(1990, 2035)),
            yy=draw(st.integers(0, 99)))
        subject = draw(st.sampled_from(SUBJECTS))
        verb = draw(st.sampled_from(VERBS))
        if draw(st.booleans()):
            sentences.append(f"{subject} {verb} {phrase}.")
        else:
            sentences.append(f"{phrase.capitalize()}: {subject.lower()} {verb} it.")
    return " ".join(sentences)


# ----------------------------------------------------------------------------- normaliser


@SETTINGS
@given(texts)
def test_normalising_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert once == once.strip() and "  " not in once and "\n" not in once


@SETTINGS
@given(texts)
def test_comparison_key_is_idempotent(text: str) -> None:
    key = fold_key(text)
    assert fold_key(key) == key
    assert all(ch.isalnum() or ch == " " for ch in key)


@SETTINGS
@given(st.lists(texts, max_size=8))
def test_joining_lines_keeps_every_word(lines: list[str]) -> None:
    joined = join_lines(lines)
    assert isinstance(joined, str)
    # Joining removes at most a line-break hyphen and spaces: letters and digits all remain.
    alnum = Counter(ch for ch in "".join(lines) if ch.isalnum())
    assert Counter(ch for ch in joined if ch.isalnum()) == alnum


# ----------------------------------------------------------------------------- deadlines


@SETTINGS
@given(texts)
def test_the_deadline_parser_takes_any_text(text: str) -> None:
    analysis = analyse_deadlines(text)
    for candidate in analysis.candidates:
        assert 0 <= candidate.start < candidate.end <= len(text)
    if analysis.deadline.text is not None:
        assert analysis.deadline.text in text


@SETTINGS
@given(non_date_sentences())
def test_numbers_that_are_not_dates_never_become_deadlines(text: str) -> None:
    deadline = parse_deadline(text)
    assert not deadline.found, (text, deadline)
    assert deadline.date is None


@SETTINGS
@given(st.dates(dt.date(1995, 1, 1), dt.date(2049, 12, 31)), st.sampled_from(SUBJECTS),
       non_date_sentences(), st.booleans())
def test_a_date_phrase_is_read_as_printed(day: dt.date, subject: str, rest: str,
                                          leading: bool) -> None:
    printed = f"{day.day} {calendar.month_name[day.month]} {day.year}"
    if leading:
        text = f"By {printed}, {subject.lower()} review their records. {rest}"
    else:
        text = f"{subject} review their records by {printed}. {rest}"
    deadline = parse_deadline(text)
    assert deadline.date == day, (text, deadline)
    assert deadline.text is not None and printed in deadline.text


# ----------------------------------------------------------------------------- addressees

KNOWN = set(load_vocabulary().ids)


@SETTINGS
@given(texts, st.booleans())
def test_the_addressee_recogniser_takes_any_text(text: str, force_report: bool) -> None:
    found = find_addressees(text, inspected="chief_constables" if force_report else None)
    assert set(found.ids) <= KNOWN
    assert len(found.ids) == len(set(found.ids))
    assert found.basis in ("subject", "about", "mentioned", "none")
    assert all(name.strip() for name in found.other)
    if not found.ids and not found.other:
        assert found.basis == "none"


@SETTINGS
@given(texts)
def test_the_status_reader_takes_any_text(text: str) -> None:
    status = parse_status(text)
    assert status is None or isinstance(status, str)


# ----------------------------------------------------------------------------- segmenter

lines_of_text = st.lists(
    st.tuples(texts, st.sampled_from((9.0, 11.0, 14.0, 18.0)), st.booleans()), max_size=30)


def layout_of(rows: list[tuple[str, float, bool]]) -> Layout:
    """A one-column layout: each row a line of ``(text, size, bold)``, top to bottom."""
    lines, top, page = [], 72.0, 1
    for text, size, bold in rows:
        if top > 760:
            top, page = 72.0, page + 1
        heading = 1 if size >= 14 or (bold and len(text.split()) <= 14) else 0
        lines.append(Line(page=page, text=text, x0=72.0, top=top, x1=72.0 + 5.5 * len(text),
                          bottom=top + size, size=size, bold=bold, heading=heading))
        top += size * 1.4
    return Layout(lines=lines, body_size=11.0, page_count=page,
                  page_heights={p: 842.0 for p in range(1, page + 1)}, removed=Counter())


@SETTINGS
@given(lines_of_text, st.one_of(st.none(), st.integers(1990, 2035)))
def test_the_segmenter_takes_any_lines(rows: list[tuple[str, float, bool]],
                                       year: int | None) -> None:
    layout = layout_of(rows)
    for item in find_items(layout, year):
        assert item.kind in ("recommendation", "area_for_improvement", "cause_of_concern")
        assert item.origin in ("this_report", "earlier_report")
        assert item.text and item.text == item.text.strip()
        assert all(line in layout.lines for line in item.lines)


@SETTINGS
@given(st.lists(st.tuples(st.integers(1, 9999), st.sampled_from(SUBJECTS),
                          st.sampled_from(VERBS)), min_size=1, max_size=12,
                unique_by=lambda t: t[0]))
def test_every_labelled_recommendation_is_found(entries: list[tuple[int, str, str]]) -> None:
    rows = []
    for number, subject, verb in entries:
        rows.append((f"Recommendation {number}", 14.0, True))
        rows.append((f"{subject} {verb} how they record crime.", 11.0, False))
    items = find_items(layout_of(rows))
    assert [(i.kind, i.number) for i in items] == [
        ("recommendation", str(n)) for n, _, _ in entries]
    for item, (_, subject, verb) in zip(items, entries, strict=True):
        assert item.text == f"{subject} {verb} how they record crime."
