"""The page text pass and its shortcuts, held to the rules they stand for.

``pdftext`` splits a line without raised markers into words and segments from the gaps
between its characters rather than character by character, and ``layout`` finds the gap
between two columns by sweeping across the page once; both are compared here with the
plain rules (written out below) on every line and page of the samples and the corpus. A
long document is read by two processes (``pipeline.read_pages``): the pages must be those
one process reads, and a helper that fails must cost nothing but time.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import pipeline
from extractor.guard import Helper, Limits, run_beside, run_isolated
from extractor.layout import _gutter, _is_sidebar
from extractor.pdftext import (
    _MARKER_CHARS,
    BOTTOM,
    SEGMENT_GAP_RATIO,
    SIZE,
    SUPERSCRIPT_RISE_RATIO,
    SUPERSCRIPT_SIZE_RATIO,
    TEXT,
    WORD_GAP_RATIO,
    X0,
    X1,
    PageText,
    Segment,
    _dominant_size,
    _group_lines,
    _is_bullet,
    _PageReader,
    _read_paths,
    _split_line,
    _vertical_rules,
    iter_pages,
    read_structure_roles,
)

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("HMIC_CORPUS_DIR") or REPO.parent / "shared" / "corpus")


def _documents() -> list[Path]:
    pdfs = sorted((REPO / "samples").glob("*.pdf")) + sorted(CORPUS.glob("*/report.pdf"))
    assert len(pdfs) >= 30, "the samples and the development corpus are needed here"
    return pdfs


def split_line_by_character(indices, chars, breaks, page, rules=None) -> list[Segment]:
    """A line as segments, character by character: the rule ``_split_line`` follows."""
    line = [chars[i] for i in indices]
    size = _dominant_size(tuple(c[SIZE] for c in line))
    small_size = size * SUPERSCRIPT_SIZE_RATIO
    full = sorted(c[BOTTOM] for c in line if c[SIZE] >= small_size)
    baseline = full[len(full) // 2] if full else line[0][BOTTOM]
    rise = SUPERSCRIPT_RISE_RATIO * size
    word_gap, segment_gap = WORD_GAP_RATIO * size, SEGMENT_GAP_RATIO * size
    pieces, markers, words = [[]], [[]], [[]]
    prev, prev_index = None, -1
    for i, c in zip(indices, line, strict=True):
        if c[SIZE] < small_size and baseline - c[BOTTOM] > rise and c[TEXT] in _MARKER_CHARS:
            if markers[-1] and prev_index == i - 1 and chars[i - 1][SIZE] == c[SIZE]:
                markers[-1][-1] += c[TEXT]
            else:
                markers[-1].append(c[TEXT])
            prev_index = i
            continue
        if prev is not None:
            gap = c[X0] - prev[X1]
            ruled = gap > word_gap and bool(rules) and any(
                prev[X1] - 0.5 <= x <= c[X0] + 0.5 for x in rules)
            if (gap > segment_gap and not _is_bullet("".join(words[-1]))) or ruled:
                pieces.append([])
                markers.append([])
                words.append([])
            elif gap > word_gap or (i == prev_index + 1 and i in breaks):
                words[-1].append(" ")
        pieces[-1].append(c)
        words[-1].append(c[TEXT])
        prev, prev_index = c, i
    segments = []
    for cs, text, marks in zip(pieces, words, markers, strict=True):
        if cs:
            roles = Counter(c[7] for c in cs)
            segments.append(Segment(
                page=page, text=" ".join("".join(text).split()),
                x0=min(c[1] for c in cs), top=min(c[2] for c in cs),
                x1=max(c[3] for c in cs), bottom=max(c[4] for c in cs),
                size=_dominant_size(tuple(c[SIZE] for c in cs)),
                bold=sum(c[6] for c in cs) >= 0.8 * len(cs), markers=marks,
                role=max(roles, key=roles.__getitem__)))
    return segments


def _pages_read(path: Path):
    """(characters, breaks, page number, vertical rules) of every page of ``path``."""
    pdf = pdfium.PdfDocument(path)
    reader = _PageReader()
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            reader._roles = read_structure_roles(page)
            textpage = page.get_textpage()
            chars, breaks = reader._read_chars(textpage, page.get_height())
            textpage.close()
            rects, _, _ = _read_paths(page, page.get_height())
            page.close()
            yield chars, breaks, index + 1, _vertical_rules(rects)
    finally:
        pdf.close()


def test_lines_split_as_character_by_character() -> None:
    lines = plain = 0
    for path in _documents():
        for chars, breaks, number, rules in _pages_read(path):
            if not chars:
                continue
            by_x0 = [c[X0] for c in chars].__getitem__
            for line in _group_lines(chars)[0]:
                line.sort()
                line.sort(key=by_x0)
                sizes = [chars[i][SIZE] for i in line]
                plain += min(sizes) >= _dominant_size(tuple(sizes)) * SUPERSCRIPT_SIZE_RATIO
                lines += 1
                for line_rules in ([], [x for x, _, _ in rules]):
                    assert _split_line(line, chars, breaks, number, line_rules) == (
                        split_line_by_character(line, chars, breaks, number, line_rules)), (
                        path.name, number)
    assert lines > 3000 and 0 < plain < lines  # both ways of splitting were exercised


def gutter_by_position(page: PageText, segments: list[Segment]) -> float | None:
    """The gap between two columns, every position counted afresh: the rule of ``_gutter``
    (without tables)."""
    body = [s for s in segments if len(s.text) >= 15 and s.role != "table"]
    if len(body) < 10:
        return None
    candidates = []
    x = page.width * 0.2
    while x <= page.width * 0.8:
        left = [s for s in body if s.x1 <= x - 2]
        right = [s for s in body if s.x0 >= x + 2]
        crossing = sum(1 for s in body if s.x0 < x - 2 and s.x1 > x + 2)
        rows = min(len({round(s.top) for s in left}), len({round(s.top) for s in right}))
        if crossing <= 0.2 * len(body) and rows >= 5 and 0.3 * page.width <= x <= 0.7 * page.width:
            candidates.append(((2, rows, -crossing), x))
        elif crossing == 0 and rows >= 2 and _is_sidebar(left, right, x):
            candidates.append(((1, rows, 0), x))
        x += 2
    if not candidates:
        return None
    best = max(key for key, _ in candidates)
    xs = [x for key, x in candidates if key == best]
    return (xs[0] + xs[-1]) / 2


def test_the_gutter_is_found_as_position_by_position() -> None:
    found = 0
    for path in _documents():
        pdf = pdfium.PdfDocument(path)
        try:
            for page in iter_pages(pdf):
                expected = gutter_by_position(page, page.segments)
                assert _gutter(page, page.segments) == expected, (path.name, page.number)
                found += expected is not None
        finally:
            pdf.close()
    assert found >= 5  # pages with two columns or a sidebar were among them


_SEGMENT = st.builds(
    lambda x0, width, top, text: Segment(1, text, x0, top, x0 + width, top + 10, 10.0, False),
    st.floats(0, 560), st.floats(1, 500), st.integers(0, 780).map(float),
    st.sampled_from(["short", "a line of body text that is long enough"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(_SEGMENT, min_size=10, max_size=60))
def test_the_gutter_of_any_page_is_found_as_position_by_position(segments) -> None:
    page = PageText(1, 595.0, 842.0, segments, [], 100)
    assert _gutter(page, segments) == gutter_by_position(page, segments)


# --------------------------------------------------------------------------- two readers


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> Path:
    """The corpus publications joined to 30 pages."""
    joined = pdfium.PdfDocument.new()
    for source in sorted(CORPUS.glob("*/report.pdf")):
        pdf = pdfium.PdfDocument(source)
        joined.import_pages(pdf, list(range(min(len(pdf), 30 - len(joined)))))
        pdf.close()
        if len(joined) >= 30:
            break
    path = tmp_path_factory.mktemp("long") / "joined.pdf"
    joined.save(path)
    joined.close()
    assert len(pdfium.PdfDocument(path)) == 30
    return path


def _alone(path: Path) -> list[PageText]:
    pdf = pdfium.PdfDocument(path)
    try:
        return list(iter_pages(pdf))
    finally:
        pdf.close()


def _shared(path: Path, progress=None) -> list[PageText]:
    data = path.read_bytes()
    pdf = pdfium.PdfDocument(data)
    try:
        return pipeline.read_pages(pdf, progress or (lambda *a: None), data)
    finally:
        pdf.close()


def test_two_readers_give_the_pages_one_reader_gives(long_pdf: Path) -> None:
    reports, helped = [], []

    def read(_path, _report):
        # In a child, as extraction reads: one thread, so the helper is started.
        start = pipeline.run_beside

        class Watched(Helper):
            def __init__(self, helper):
                self.helper = helper

            def result(self):
                helped.append(result := self.helper.result())
                return result

        pipeline.run_beside = lambda fn: Watched(start(fn))
        pages = _shared(long_pdf, lambda stage, done, total: reports.append(done))
        return pages, reports, [pages is not None for pages in helped]

    pages, done, helper_pages = run_isolated(read, long_pdf, Limits())
    assert helper_pages == [True]  # the helper read pages
    assert pages == _alone(long_pdf)
    assert [p.number for p in pages] == list(range(1, 31))
    assert done == sorted(done) and done[-1] == 30 and len(done) < 30  # the helper's too


def test_pages_a_failed_helper_took_are_read_all_the_same(long_pdf: Path) -> None:
    lost = []

    class Failing(Helper):
        """A helper that reads the pages it takes, then its pages are lost."""

        def __init__(self, fn):
            self.helper = run_beside(fn)

        def result(self):
            lost.extend(p.number for p in self.helper.result() or [])
            return None

    def read(_path, _report):
        pipeline.run_beside = Failing
        return _shared(long_pdf), lost

    pages, lost_pages = run_isolated(read, long_pdf, Limits())
    assert lost_pages  # the helper had taken pages
    assert pages == _alone(long_pdf)


def test_a_helper_gives_its_result_or_none() -> None:
    def both(_path, _report):
        answer = run_beside(lambda: {"pid": os.getpid(), "sum": sum(range(10))}).result()
        failed = run_beside(lambda: 1 / 0).result()
        killed = run_beside(lambda: os.kill(os.getpid(), signal.SIGKILL)).result()
        slow = run_beside(lambda: time.sleep(60))
        started = time.monotonic()
        slow.stop()
        return os.getpid(), answer, failed, killed, time.monotonic() - started

    child, answer, failed, killed, stopping = run_isolated(both, Path("."), Limits())
    assert answer["sum"] == 45 and answer["pid"] != child
    assert failed is None and killed is None
    assert stopping < 5  # a helper no longer wanted is ended at once


def test_no_helper_is_forked_beside_other_threads() -> None:
    import threading

    started = threading.Event()
    stop = threading.Event()
    other = threading.Thread(target=lambda: (started.set(), stop.wait()))
    other.start()
    try:
        started.wait()
        assert run_beside(lambda: "forked").result() is None
    finally:
        stop.set()
        other.join()


def test_a_helper_ends_with_the_process_that_started_it(tmp_path: Path) -> None:
    pid_file = tmp_path / "helper.pid"

    def start_and_wait(_path, _report):
        def helper():
            pid_file.write_text(str(os.getpid()))
            time.sleep(60)

        run_beside(helper)
        time.sleep(60)

    with pytest.raises(Exception, match="took longer"):
        run_isolated(start_and_wait, tmp_path, Limits(min_seconds=1.0, seconds_per_page=0.1))
    deadline = time.monotonic() + 10
    while not pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    helper = int(pid_file.read_text())
    while time.monotonic() < deadline and _alive(helper):
        time.sleep(0.05)
    assert not _alive(helper)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
