"""Bounded, isolated extraction: every class of bad input fails cleanly with one line."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import time
from pathlib import Path

import pypdfium2
import pytest

from extractor import extract_file
from extractor.errors import ExtractionError
from extractor.guard import Limits, check_file, open_checked, run_isolated
from hmic_actions.settings import SettingsError
from tests.builders import files

FAST = Limits(min_seconds=10, max_memory_mb=256)


def reason_of(call, *args, **kwargs) -> str:
    with pytest.raises(ExtractionError) as info:
        call(*args, **kwargs)
    reason = info.value.reason
    assert "\n" not in reason and "Traceback" not in reason
    return reason


def read_with_pdfium(path: Path, report) -> list[str]:
    """A minimal reader: open safely, report the page count, read every page's text."""
    pdf = open_checked(path, FAST)
    try:
        pages = len(pdf)
        texts = []
        for index in range(pages):
            report("read", index, pages)
            texts.append(pdf[index].get_textpage().get_text_range())
        return texts
    finally:
        pdf.close()


def read_with_pdfplumber(path: Path, report) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
        texts = []
        for index, page in enumerate(pdf.pages):
            report("read", index, pages)
            texts.append(page.extract_text())
        return texts


def reaped(pid: int) -> bool:
    """True when ``pid`` is gone; a zombie still answers signal 0."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


# --------------------------------------------------------------------------- Limits


def test_limits_defaults():
    limits = Limits()
    assert (limits.max_pages, limits.max_file_mb, limits.max_memory_mb) == (600, 100, 1024)
    assert (limits.seconds_per_page, limits.min_seconds) == (2.0, 30.0)


def test_limits_from_env_reads_every_variable():
    env = {
        "HMIC_MAX_PAGES": "50",
        "HMIC_MAX_FILE_MB": "2.5",
        "HMIC_SECONDS_PER_PAGE": "0.5",
        "HMIC_MIN_SECONDS": "3",
        "HMIC_MAX_MEMORY_MB": "300",
        "HMIC_WORKER_NICE": "4",
        "HMIC_OCR_SECONDS_PER_PAGE": "1.5",
    }
    assert Limits.from_env(env) == Limits(50, 2.5, 0.5, 3.0, 300, 4, ocr_seconds_per_page=1.5)


def test_limits_from_env_unset_or_blank_means_default():
    assert Limits.from_env({}) == Limits()
    assert Limits.from_env({"HMIC_MAX_PAGES": "  ", "HMIC_MIN_SECONDS": ""}) == Limits()


def test_limits_from_env_uses_os_environ(monkeypatch):
    monkeypatch.setenv("HMIC_MAX_PAGES", "7")
    assert Limits.from_env().max_pages == 7


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HMIC_MAX_PAGES", "ten"),
        ("HMIC_MAX_PAGES", "0"),
        ("HMIC_MAX_PAGES", "2.5"),
        ("HMIC_MAX_MEMORY_MB", "-1"),
        ("HMIC_MAX_FILE_MB", "0"),
        ("HMIC_SECONDS_PER_PAGE", "nan"),
        ("HMIC_MIN_SECONDS", "inf"),
        ("HMIC_MIN_SECONDS", "soon"),
    ],
)
def test_limits_from_env_bad_value_is_one_clear_line(name, value):
    with pytest.raises(SettingsError) as info:
        Limits.from_env({name: value})
    assert info.value.reason.startswith(f"{name}={value!r} is not a")


def test_budget_grows_with_pages_but_never_below_minimum():
    limits = Limits(seconds_per_page=2.0, min_seconds=30.0)
    assert limits.budget_seconds(None) == 30.0
    assert limits.budget_seconds(5) == 30.0
    assert limits.budget_seconds(100) == 200.0


# --------------------------------------------------------------------------- check_file


def test_check_file_accepts_a_pdf(tmp_path):
    check_file(files.write_text_pdf(tmp_path / "ok.pdf"), Limits())


def test_check_file_missing(tmp_path):
    assert reason_of(check_file, tmp_path / "nowhere.pdf", Limits()) == "does not exist"


def test_check_file_directory(tmp_path):
    assert "directory" in reason_of(check_file, tmp_path, Limits())


def test_check_file_not_a_regular_file(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    assert reason_of(check_file, fifo, Limits()) == "is not a regular file"


def test_check_file_empty(tmp_path):
    assert reason_of(check_file, files.write_empty(tmp_path / "e.pdf"), Limits()) == (
        "is empty (0 bytes)"
    )


def test_check_file_too_large(tmp_path):
    path = files.write_random_bytes(tmp_path / "big.pdf", size=30_000)
    reason = reason_of(check_file, path, Limits(max_file_mb=0.02))
    assert reason == "is 0.03 MB; the limit is 0.02 MB (HMIC_MAX_FILE_MB)"
    small = files.write_random_bytes(tmp_path / "small.pdf", size=2_000)
    reason = reason_of(check_file, small, Limits(max_file_mb=0.001))
    assert reason == "is 2,000 bytes; the limit is 0.001 MB (HMIC_MAX_FILE_MB)"
    check_file(files.write_text_pdf(tmp_path / "ok.pdf"), Limits(max_file_mb=0.02))


READ = "is not a PDF, a Word document (.docx) or a web page (.html)"


@pytest.mark.parametrize(
    ("builder", "named"),
    [
        (files.write_random_bytes, READ),
        (files.write_png, f"{READ} (it looks like a PNG image)"),
        (files.write_jpeg, f"{READ} (it looks like a JPEG image)"),
        (files.write_zip, f"{READ} (it looks like a ZIP archive)"),
        (files.write_plain_text, f"{READ} (it looks like a plain text file)"),
    ],
)
def test_check_file_refuses_what_no_reader_reads_and_names_its_type(tmp_path, builder, named):
    path = builder(tmp_path / "report.pdf")
    assert reason_of(check_file, path, Limits()) == named


@pytest.mark.parametrize(
    ("builder", "kind"),
    [
        (files.write_text_pdf, "pdf"),
        (files.write_html, "html"),
        (files.write_utf16_page, "html"),
        (files.write_page_without_html_element, "html"),
        (files.write_docx_like, "docx"),
        # Whether a PDF is whole is left to PDFium: it reads many that are not.
        (files.write_truncated_pdf, "pdf"),
        (files.write_pdf_with_trailing_bytes, "pdf"),
        (files.write_pdf_without_eof_marker, "pdf"),
    ],
)
def test_check_file_tells_the_format_by_content_whatever_the_name(tmp_path, builder, kind):
    assert check_file(builder(tmp_path / "report.bin"), Limits()) == kind


@pytest.mark.parametrize("builder", [files.write_pdf_with_trailing_bytes,
                                     files.write_pdf_without_eof_marker])
def test_a_pdf_pdfium_can_read_is_read_whatever_its_end(tmp_path, builder):
    # Bytes after the end-of-file marker, or no marker at all: PDFium still reads the text.
    path = builder(tmp_path / "report.pdf")
    extraction = extract_file(path, Limits())
    assert extraction.report.pages == 1
    assert [item.kind for item in extraction.items] == ["recommendation"]


def test_check_file_accepts_bad_pdfs_it_cannot_judge_cheaply(tmp_path):
    # Encrypted, corrupt inside, image-only: left to open_checked and the pipeline.
    for builder in (
        files.write_encrypted_pdf,
        files.write_corrupt_pdf,
        files.write_image_only_pdf,
    ):
        check_file(builder(tmp_path / f"{builder.__name__}.pdf"), Limits())


# --------------------------------------------------------------------------- open_checked


def test_open_checked_opens_a_good_pdf(tmp_path):
    pdf = open_checked(files.write_text_pdf(tmp_path / "ok.pdf", pages=3), Limits())
    try:
        assert len(pdf) == 3
        assert "chief constables" in pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()


def test_open_checked_encrypted(tmp_path):
    path = files.write_encrypted_pdf(tmp_path / "locked.pdf")
    assert reason_of(open_checked, path, Limits()).startswith("is encrypted (password-protected)")


def test_open_checked_corrupt(tmp_path):
    path = files.write_corrupt_pdf(tmp_path / "bad.pdf")
    assert reason_of(open_checked, path, Limits()).startswith("is corrupt or truncated")


def test_open_checked_truncated(tmp_path):
    path = files.write_truncated_pdf(tmp_path / "cut.pdf")
    assert "corrupt or truncated" in reason_of(open_checked, path, Limits())


def test_open_checked_no_pages(tmp_path):
    path = files.write_no_pages_pdf(tmp_path / "none.pdf")
    assert reason_of(open_checked, path, Limits()) == "has no pages"


def test_open_checked_too_many_pages(tmp_path):
    limits = Limits()
    path = files.write_many_pages_pdf(tmp_path / "long.pdf", limits.max_pages + 1)
    check_file(path, limits)
    assert reason_of(open_checked, path, limits) == (
        "has 601 pages; the limit is 600 (HMIC_MAX_PAGES)"
    )
    big = files.write_many_pages_pdf(tmp_path / "longer.pdf", 2000)
    assert reason_of(open_checked, big, limits) == (
        "has 2,000 pages; the limit is 600 (HMIC_MAX_PAGES)"
    )


def test_open_checked_at_the_page_limit_is_fine(tmp_path):
    path = files.write_many_pages_pdf(tmp_path / "exact.pdf", 5)
    pdf = open_checked(path, Limits(max_pages=5))
    assert len(pdf) == 5
    pdf.close()


def test_image_only_pdf_opens_but_has_no_text_layer(tmp_path):
    # The pipeline turns this into "no text layer"; here: the builder makes what it should.
    path = files.write_image_only_pdf(tmp_path / "scan.pdf")
    texts = run_isolated(read_with_pdfium, path, FAST)
    assert texts == ["", ""]
    pdf = pypdfium2.PdfDocument(path)
    try:
        kinds = {obj.type for obj in pdf[0].get_objects()}
        assert pypdfium2.raw.FPDF_PAGEOBJ_IMAGE in kinds
        assert pdf[0].get_textpage().count_chars() == 0
    finally:
        pdf.close()


# --------------------------------------------------------------------------- run_isolated


def test_run_isolated_returns_the_result_and_reports_progress(tmp_path):
    path = files.write_text_pdf(tmp_path / "ok.pdf", pages=3)
    seen = []
    texts = run_isolated(read_with_pdfium, path, FAST, on_progress=lambda *a: seen.append(a))
    assert len(texts) == 3 and all("chief constables" in t for t in texts)
    assert seen == [("read", 0, 3), ("read", 1, 3), ("read", 2, 3)]


def test_run_isolated_with_pdfplumber(tmp_path):
    path = files.write_text_pdf(tmp_path / "ok.pdf", pages=2)
    texts = run_isolated(read_with_pdfplumber, path, FAST)
    assert len(texts) == 2 and "Recommendation 1" in texts[0]


def test_run_isolated_passes_large_results_intact(tmp_path):
    def big(_path, _report):
        return {"blob": b"x" * (5 << 20), "n": list(range(1000))}

    result = run_isolated(big, tmp_path / "any.pdf", FAST)
    assert len(result["blob"]) == 5 << 20 and result["n"][-1] == 999


@pytest.mark.parametrize(
    ("builder", "reader", "expected"),
    [
        (files.write_encrypted_pdf, read_with_pdfium, "is encrypted"),
        (files.write_encrypted_pdf, read_with_pdfplumber, "is encrypted"),
        (files.write_corrupt_pdf, read_with_pdfium, "is corrupt"),
        (files.write_corrupt_pdf, read_with_pdfplumber, "is corrupt"),
    ],
)
def test_run_isolated_keeps_reasons_of_bad_pdfs(tmp_path, builder, reader, expected):
    path = builder(tmp_path / "bad.pdf")
    assert reason_of(run_isolated, reader, path, FAST).startswith(expected)


class Refused(ExtractionError):
    """An ExtractionError of the reader's own, to see its class survive the child process."""


def test_run_isolated_keeps_extraction_error_subclass(tmp_path):
    def fails(_path, _report):
        raise Refused("HMIC_X='y' is not a number > 0")

    with pytest.raises(Refused) as info:
        run_isolated(fails, tmp_path / "any.pdf", FAST)
    assert info.value.reason == "HMIC_X='y' is not a number > 0"


def test_run_isolated_other_exception_is_one_line(tmp_path):
    def fails(_path, _report):
        raise ValueError("bad value\n  on two lines")

    assert reason_of(run_isolated, fails, tmp_path / "any.pdf", FAST) == (
        "could not be read: ValueError: bad value on two lines"
    )


def test_run_isolated_exception_without_message(tmp_path):
    def fails(_path, _report):
        raise KeyError

    assert reason_of(run_isolated, fails, tmp_path / "any.pdf", FAST) == (
        "could not be read: KeyError"
    )


def test_run_isolated_unpicklable_result_is_a_clear_error(tmp_path):
    def unpicklable(_path, _report):
        return lambda: None

    assert reason_of(run_isolated, unpicklable, tmp_path / "any.pdf", FAST).startswith(
        "could not be read: "
    )


def test_run_isolated_memory_error(tmp_path):
    def raises(_path, _report):
        raise MemoryError

    assert reason_of(run_isolated, raises, tmp_path / "any.pdf", FAST) == (
        "needs more than 256 MiB of memory (HMIC_MAX_MEMORY_MB)"
    )


def test_run_isolated_caps_memory_relative_to_the_child(tmp_path):
    def allocate(megabytes):
        def fn(_path, _report):
            block = bytearray(megabytes << 20)
            return len(block) >> 20

        return fn

    limits = Limits(min_seconds=10, max_memory_mb=200)
    assert run_isolated(allocate(50), tmp_path / "any.pdf", limits) == 50
    assert reason_of(run_isolated, allocate(400), tmp_path / "any.pdf", limits) == (
        "needs more than 200 MiB of memory (HMIC_MAX_MEMORY_MB)"
    )


def test_run_isolated_kills_a_child_over_budget(tmp_path):
    pids = []

    def sleeps(_path, report):
        report(str(os.getpid()), 0, 0)
        time.sleep(30)

    start = time.monotonic()
    reason = reason_of(
        run_isolated,
        sleeps,
        tmp_path / "any.pdf",
        Limits(min_seconds=0.5),
        on_progress=lambda stage, *_: pids.append(int(stage)),
    )
    assert time.monotonic() - start < 5
    assert reason.startswith("took longer than 0.5 s (limit: ")
    assert "HMIC_MIN_SECONDS" in reason
    assert pids and reaped(pids[0])


def test_run_isolated_budget_follows_the_page_count(tmp_path):
    limits = Limits(seconds_per_page=0.2, min_seconds=0.3)

    def slow_but_within(_path, report):
        report("read", 0, 10)  # 10 pages: budget 2 s
        time.sleep(0.8)
        return "done"

    assert run_isolated(slow_but_within, tmp_path / "any.pdf", limits) == "done"

    def too_slow(_path, report):
        report("read", 0, 2)  # 2 pages: budget stays at the 0.4 s
        time.sleep(30)

    reason = reason_of(run_isolated, too_slow, tmp_path / "any.pdf", limits)
    assert reason.startswith("took longer than 0.4 s (limit: 0.2 s per page for 2 pages")
    assert "HMIC_SECONDS_PER_PAGE" in reason


def test_pages_read_by_ocr_add_their_time_to_the_budget(tmp_path):
    limits = Limits(seconds_per_page=0.2, min_seconds=0.3, ocr_seconds_per_page=1.0)

    def scanned(_path, report):
        report("reading", 0, 2)  # 2 pages: 0.4 s ...
        report("ocr", 0, 2)  # ... and 2 pages to read by OCR: 2 s more
        time.sleep(1.2)
        return "read"

    assert run_isolated(scanned, tmp_path / "any.pdf", limits) == "read"
    # The next step of the same extraction keeps the allowance.
    started = time.monotonic()
    assert run_isolated(lambda _p, _r: time.sleep(0.5) or "understood", tmp_path / "any.pdf",
                        limits, pages=2, started=started - 1.2, extra_seconds=2.0) == "understood"

    def too_slow(_path, report):
        report("reading", 0, 2)
        report("ocr", 0, 1)
        time.sleep(30)

    reason = reason_of(run_isolated, too_slow, tmp_path / "any.pdf", limits)
    assert reason.startswith("took longer than 1.4 s (limit: 0.2 s per page for 2 pages")
    assert reason.endswith("and 1 s for the pages read by OCR, HMIC_OCR_SECONDS_PER_PAGE)")


def test_run_isolated_child_killed_by_a_signal(tmp_path):
    def crashes(_path, _report):
        os.kill(os.getpid(), signal.SIGSEGV)

    reason = reason_of(run_isolated, crashes, tmp_path / "any.pdf", FAST)
    assert reason == (
        "the document reader crashed on this file (SIGSEGV); it is probably corrupt or hostile"
    )


def test_run_isolated_child_that_exits_early(tmp_path):
    def leaves(_path, _report):
        os._exit(3)

    assert reason_of(run_isolated, leaves, tmp_path / "any.pdf", FAST) == (
        "the document reader stopped unexpectedly (exit status 3)"
    )


def test_run_isolated_silences_the_child(tmp_path, capfd):
    def noisy(_path, _report):
        os.write(1, b"fd 1 noise\n")
        os.write(2, b"fd 2 noise\n")
        print("print noise")
        print("stderr noise", file=sys.stderr)
        logging.getLogger("pdfminer.pdfpage").warning("a pdfminer warning")
        logging.getLogger("pdfplumber").warning("a pdfplumber warning")
        return logging.getLogger("pdfminer").getEffectiveLevel()

    assert run_isolated(noisy, tmp_path / "any.pdf", FAST) == logging.ERROR
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_run_isolated_reaps_children_and_closes_fds(tmp_path):
    path = files.write_text_pdf(tmp_path / "ok.pdf")
    before = open_fds()
    pids = []
    for _ in range(5):
        pids.append(run_isolated(lambda _p, _r: os.getpid(), path, FAST))
        with pytest.raises(ExtractionError):
            run_isolated(lambda _p, _r: 1 / 0, path, FAST)
    assert open_fds() == before
    assert all(reaped(pid) for pid in pids)


def _in_daemon(path: str, queue) -> None:
    try:
        queue.put(run_isolated(read_with_pdfium, Path(path), FAST))
    except BaseException as exc:  # report anything to the test
        queue.put(f"{type(exc).__name__}: {exc}")


def test_run_isolated_works_inside_a_daemonic_process(tmp_path):
    # A Celery prefork worker child is daemonic: it may not start multiprocessing children.
    path = files.write_text_pdf(tmp_path / "ok.pdf")
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    worker = context.Process(target=_in_daemon, args=(str(path), queue), daemon=True)
    worker.start()
    try:
        result = queue.get(timeout=20)
    finally:
        worker.join(timeout=20)
    assert isinstance(result, list) and "chief constables" in result[0]
    assert worker.exitcode == 0


# --------------------------------------------------------------------------- bombs


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """A ~1 MiB PDF whose one content stream inflates to 1 GiB."""
    return files.write_bomb_pdf(tmp_path_factory.mktemp("bomb") / "bomb.pdf", 1 << 30)


@pytest.mark.parametrize("reader", [read_with_pdfium, read_with_pdfplumber])
def test_decompression_bomb_fails_cleanly_within_limits(bomb, reader):
    assert bomb.stat().st_size < 2 << 20
    limits = Limits(min_seconds=20, max_memory_mb=256)
    check_file(bomb, limits)  # nothing cheap gives it away
    start = time.monotonic()
    reason = reason_of(run_isolated, reader, bomb, limits)
    assert time.monotonic() - start < 15
    assert reason.startswith("needs more than 256 MiB of memory (HMIC_MAX_MEMORY_MB)")
    # The parent survives and still works.
    assert run_isolated(lambda _p, _r: "alive", bomb, limits) == "alive"


# --------------------------------------------------------------------------- orphans


class OddError(ExtractionError):
    """An ExtractionError whose constructor pickle cannot call with the reason alone."""

    def __init__(self, pages: int, limit: int):
        super().__init__(f"has {pages} odd pages; the limit is {limit}")


def test_run_isolated_keeps_the_reason_of_an_unusual_extraction_error(tmp_path):
    def fails(_path, _report):
        raise OddError(3, 2)

    assert reason_of(run_isolated, fails, tmp_path / "any.pdf", FAST) == (
        "has 3 odd pages; the limit is 2"
    )


PR_SET_CHILD_SUBREAPER = 36  # from <sys/prctl.h>


@pytest.fixture
def adopt_orphans():
    """Make this process adopt orphaned descendants, so that the test can reap them.

    Without it they would go to PID 1, which in a container may never reap them. Yields a
    function that waits (up to a timeout) for an adopted process to end; True if it did.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0

    def reap(pid: int, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                return True
            if done:
                return True
            time.sleep(0.02)
        return False

    try:
        yield reap
    finally:
        libc.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)


def _run_and_sleep(queue) -> None:
    def sleeps(_path, report):
        report(str(os.getpid()), 0, 0)
        time.sleep(60)

    run_isolated(sleeps, Path("any.pdf"), Limits(min_seconds=60),
                 on_progress=lambda stage, *_: queue.put(int(stage)))


def test_child_dies_with_its_parent(adopt_orphans):
    # A worker killed outright (e.g. a hard time limit) must not leave a reader running.
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    parent = context.Process(target=_run_and_sleep, args=(queue,), daemon=True)
    parent.start()
    child = queue.get(timeout=20)
    os.kill(parent.pid, signal.SIGKILL)
    parent.join(timeout=10)
    try:
        assert adopt_orphans(child)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)
        adopt_orphans(child)


def test_child_end_noticed_while_another_process_holds_the_pipe(tmp_path, adopt_orphans):
    # A process forked meanwhile (here by the child itself) keeps a copy of the pipe open,
    # so no end-of-file arrives: the parent must notice the child's end by itself.
    holders = []

    def crash_leaving_a_copy(_path, report):
        holder = os.fork()
        if holder == 0:
            time.sleep(30)
            os._exit(0)
        report(str(holder), 0, 0)
        os.kill(os.getpid(), signal.SIGSEGV)

    start = time.monotonic()
    try:
        reason = reason_of(
            run_isolated,
            crash_leaving_a_copy,
            tmp_path / "any.pdf",
            Limits(min_seconds=20),
            on_progress=lambda stage, *_: holders.append(int(stage)),
        )
    finally:
        for holder in holders:
            os.kill(holder, signal.SIGKILL)
            adopt_orphans(holder)
    assert time.monotonic() - start < 5
    assert reason.startswith("the document reader crashed on this file (SIGSEGV)")
