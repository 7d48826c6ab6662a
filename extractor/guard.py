"""Bounded, isolated extraction: cheap checks, a safe open, and a child process with limits.

A PDF is hostile input. This module keeps one bad file from hanging or killing the
process that reads it:

* :func:`check_file` refuses what is plainly not a readable document before any decoding,
  and tells which format the content is (PDF, Word document, web page);
* :func:`open_checked` opens with pypdfium2 and turns its failures into clear reasons;
* :func:`run_isolated` runs the extraction in a forked child with a memory cap, a time
  budget that grows with the page count, a lower CPU priority, and its output silenced, so
  C-level crashes, memory blow-ups and library warnings never reach the caller, and reading
  a report gives way to a server on the same machine;
* :func:`run_beside` forks, inside that child, a helper that shares the work with a second
  processor, bounded as the child is and ended with it.

Every failure is an :class:`~extractor.errors.ExtractionError` whose ``reason`` is one
line meant to follow the file name, e.g. ``"is encrypted (password-protected)"``.

The limits are settings (``HMIC_MAX_PAGES``, ``HMIC_MAX_FILE_MB``, ``HMIC_SECONDS_PER_PAGE``,
``HMIC_MIN_SECONDS``, ``HMIC_MAX_MEMORY_MB``, and ``HMIC_WORKER_NICE`` for the child's CPU
priority; defaults and meanings in ``hmic_actions.settings``) read by
:meth:`Limits.from_env`; a malformed value raises
:class:`~hmic_actions.settings.SettingsError` naming the variable.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import logging
import os
import pickle
import re
import resource
import select
import signal
import struct
import sys
import threading
import time
import warnings
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

import pypdfium2
import pypdfium2.raw as pdfium_c

from extractor.errors import ExtractionError
from hmic_actions import settings as registry
from hmic_actions.vocab import FILE_FORMATS

T = TypeVar("T")

#: Signature of the progress callback handed to the function run in the child.
Report = Callable[[str, int, int], None]

_MIB = 1 << 20
_MB = 10**6

# Library loggers that would otherwise print warnings about malformed files.
_NOISY_LOGGERS = ("pdfminer", "pdfplumber", "pypdfium2", "PIL")

_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>

_MEMORY_MESSAGE = re.compile(r"unable to allocate|out of memory|cannot allocate memory", re.I)


# --------------------------------------------------------------------------- limits


@dataclass(frozen=True)
class Limits:
    """Bounds on one document's extraction."""

    max_pages: int = registry.default("HMIC_MAX_PAGES")
    max_file_mb: float = registry.default("HMIC_MAX_FILE_MB")
    seconds_per_page: float = registry.default("HMIC_SECONDS_PER_PAGE")
    min_seconds: float = registry.default("HMIC_MIN_SECONDS")
    max_memory_mb: int = registry.default("HMIC_MAX_MEMORY_MB")
    #: The reading child's CPU niceness at least (0: the caller's), so that reading a
    #: report leaves the processor to a server on the same machine first.
    niceness: int = registry.default("HMIC_WORKER_NICE")
    #: Added to the budget for each page read by OCR, which takes far longer than text.
    ocr_seconds_per_page: float = registry.default("HMIC_OCR_SECONDS_PER_PAGE")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The limits from their settings (SettingsError for a value that cannot be used)."""
        return cls(**registry.values({
            "max_pages": "HMIC_MAX_PAGES",
            "max_file_mb": "HMIC_MAX_FILE_MB",
            "seconds_per_page": "HMIC_SECONDS_PER_PAGE",
            "min_seconds": "HMIC_MIN_SECONDS",
            "max_memory_mb": "HMIC_MAX_MEMORY_MB",
            "ocr_seconds_per_page": "HMIC_OCR_SECONDS_PER_PAGE",
            "niceness": "HMIC_WORKER_NICE",
        }, environ))

    def budget_seconds(self, pages: int | None) -> float:
        """Wall-clock budget for a document of ``pages`` pages (unknown: the minimum)."""
        if not pages:
            return self.min_seconds
        return max(self.min_seconds, self.seconds_per_page * pages)


# --------------------------------------------------------------------------- cheap checks


def check_file(path: Path, limits: Limits) -> str:
    """Refuse, before any decoding, a path that cannot be a document read within the limits;
    return its format (``PDF``, ``WORD`` or ``WEB_PAGE``), judged by its content.

    Checks, in order: the file exists, is a regular file, is not empty, is not larger than
    ``limits.max_file_mb``, and is one of the formats read (a PDF header, ``%PDF-`` within
    the first 1024 bytes; a Word document's parts; a web page's markup; otherwise the real
    type is named when it is easy to tell). Whether a PDF is whole is left to PDFium, which
    reads many that lack their end-of-file marker or carry bytes after it.
    """
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ExtractionError("does not exist") from None
    except PermissionError:
        raise ExtractionError("cannot be read (permission denied)") from None
    except OSError as exc:
        raise ExtractionError(f"cannot be read ({exc.strerror or exc})") from None
    if path.is_dir():
        raise ExtractionError("is a directory, not a document")
    if not path.is_file():
        raise ExtractionError("is not a regular file")
    if st.st_size == 0:
        raise ExtractionError("is empty (0 bytes)")
    if st.st_size > limits.max_file_mb * _MB:
        raise ExtractionError(
            f"is {_size(st.st_size)}; the limit is {limits.max_file_mb:g} MB "
            "(HMIC_MAX_FILE_MB)"
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError as exc:
        raise ExtractionError(f"cannot be read ({exc.strerror or exc})") from None
    kind = document_format(head, path)
    if kind is None:
        raise ExtractionError(unsupported_reason(head, path))
    return kind


#: The formats read, by what their content holds (never their name).
PDF, WORD, WEB_PAGE = FILE_FORMATS
#: What a refusal says is read.
READ_FORMATS = "a PDF, a Word document (.docx) or a web page (.html)"


def is_pdf_head(head: bytes) -> bool:
    """Whether the first bytes of a file hold a PDF header (``%PDF-`` in the first 1 KiB)."""
    return b"%PDF-" in head[:_HEAD_BYTES]


def document_format(head: bytes, container: Path | IO[bytes] | None = None) -> str | None:
    """The format of a file whose first bytes are ``head`` (``container``, the file or its
    bytes, lets a Word document be told from other ZIP files): ``PDF``, ``WORD``,
    ``WEB_PAGE``, or None when it is none of them."""
    if is_pdf_head(head):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return WORD if _zip_kind(container) == _WORD_KIND else None
    if sniff_type(head) == _HTML_KIND:
        return WEB_PAGE
    return None


def unsupported_reason(head: bytes, container: Path | IO[bytes] | None = None) -> str:
    """Why a file that is none of the formats read is refused, naming its real type when it
    is easy to tell: "is not a PDF, ... (it looks like a PNG image)"."""
    kind = sniff_type(head, container)
    return f"is not {READ_FORMATS} (it looks like {kind})" if kind else f"is not {READ_FORMATS}"


def _size(size: int) -> str:
    return f"{size / _MB:,.2f} MB" if size >= 10_000 else f"{size:,} bytes"


# Readers find the header within the first KiB and accept %%EOF anywhere near the end; some
# writers put a little padding before or after them.
_HEAD_BYTES = 1024

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", "a BMP image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Office document (.doc/.xls/.ppt)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"%!PS", "a PostScript file"),
)

_WORD_KIND = "a Word document (.docx)"
_HTML_KIND = "an HTML page"
_ZIP_KINDS: tuple[tuple[str, str], ...] = (
    ("word/", _WORD_KIND),
    ("xl/", "an Excel workbook (.xlsx)"),
    ("ppt/", "a PowerPoint presentation (.pptx)"),
)


def sniff_type(head: bytes, container: Path | IO[bytes] | None = None) -> str | None:
    """Name the kind of file whose first bytes are ``head``, or None when unsure
    (``container``, the file or its bytes, lets a ZIP-based document be named)."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(container)
    text = _markup_start(head)
    if _is_html(text):
        return _HTML_KIND
    if text.startswith(b"<?xml") or text.startswith(b"<svg"):
        return "an XML/SVG file"
    if text.startswith((b"{", b"[")) and _is_text(head):
        return "a JSON/text file"
    if _is_text(head):
        return "a plain text file"
    return None


# Elements a page saved without its <html> and <body> still opens with.
_HTML_ELEMENT = re.compile(rb"<(?:head|title|meta|link|style|script|p|div|span|h[1-6]|table|ul|ol"
                           rb"|section|article|main|header|nav|br)\b")


def _markup_start(head: bytes) -> bytes:
    """The first bytes of a file as lower-case ASCII markup: a UTF-16 file (a web page saved
    by some Windows programs) decoded by its byte-order mark, leading white space, byte-order
    marks and comments ("<!-- saved from url=... -->") dropped."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head[:len(head) - len(head) % 2].decode("utf-16", "replace")
        head = text.encode("ascii", "replace")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    while text.startswith(b"<!--") and b"-->" in text:
        text = text.split(b"-->", 1)[1].lstrip(b" \t\r\n")
    return text


def _is_html(text: bytes) -> bool:
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text or b"<body" in text:
        return True
    return text.startswith(b"<") and _HTML_ELEMENT.match(text) is not None


def _zip_kind(container: Path | IO[bytes] | None) -> str:
    if container is not None:
        try:
            with zipfile.ZipFile(container) as zf:
                names = zf.namelist()
                if "mimetype" in names:
                    mimetype = zf.read("mimetype")[:100].decode("ascii", "replace")
                    if "opendocument" in mimetype:
                        return "an OpenDocument file (.odt/.ods/.odp)"
        except (zipfile.BadZipFile, OSError, ValueError, KeyError):
            return "a ZIP archive"
        for prefix, kind in _ZIP_KINDS:
            if any(name.startswith(prefix) for name in names):
                return kind
    return "a ZIP archive"


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # A cut in the middle of a multi-byte character at the end of the sample is fine.
        try:
            text = data[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    if not text:
        return False
    printable = sum(ch.isprintable() or ch in "\r\n\t\f" for ch in text)
    return printable / len(text) > 0.95


# --------------------------------------------------------------------------- opening


def open_checked(path: Path, limits: Limits, data: bytes | None = None
                 ) -> pypdfium2.PdfDocument:
    """Open ``path`` with pypdfium2, or raise ExtractionError with a clear reason.

    Refuses encrypted (password-protected) files, files PDFium cannot parse (corrupt or
    truncated), documents without pages and documents with more than ``limits.max_pages``
    pages. ``data``, the file's bytes when the caller has read them, is read instead of the
    file; the caller keeps it alive until the document is closed. The caller owns (and
    should close) the returned document.
    """
    path = Path(path)
    if data is None and not path.is_file():
        raise ExtractionError("does not exist")
    # The raw API tells a failed load (NULL handle, error code) from a document without
    # pages; PDFium's last-error code is not reset by a successful load, so it cannot.
    if data is None:
        raw = pdfium_c.FPDF_LoadDocument((str(path.resolve()) + "\x00").encode("utf-8"), None)
    else:
        raw = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
    if not raw:
        raise ExtractionError(_pdfium_reason(pdfium_c.FPDF_GetLastError()))
    pdf = pypdfium2.PdfDocument(raw)
    try:
        pages = len(pdf)
        if pages < 1:
            raise ExtractionError("has no pages")
        if pages > limits.max_pages:
            raise ExtractionError(
                f"has {pages:,} pages; the limit is {limits.max_pages:,} (HMIC_MAX_PAGES)"
            )
    except BaseException:
        pdf.close()
        raise
    return pdf


def _pdfium_reason(err_code: int) -> str:
    if err_code == pdfium_c.FPDF_ERR_PASSWORD:
        return "is encrypted (password-protected); save an unprotected copy and try again"
    if err_code == pdfium_c.FPDF_ERR_SECURITY:
        return "is encrypted with an unsupported security scheme"
    if err_code == pdfium_c.FPDF_ERR_FORMAT:
        return "is corrupt or truncated (the PDF structure cannot be read)"
    if err_code == pdfium_c.FPDF_ERR_FILE:
        return "is corrupt or cannot be opened (PDF file error)"
    return "is corrupt (the PDF reader could not load it)"


# --------------------------------------------------------------------------- isolation

# Messages on the pipe: an 8-byte big-endian length, then a pickled tuple.
_HEADER = struct.Struct(">Q")


def run_isolated(
    fn: Callable[[Path, Report], T],
    path: Path,
    limits: Limits,
    on_progress: Callable[[str, int, int], None] | None = None,
    *,
    meanwhile: Callable[[], object] | None = None,
    pages: int | None = None,
    started: float | None = None,
    extra_seconds: float = 0.0,
) -> T:
    """Run ``fn(path, report)`` in a forked child process and return its (picklable) result.

    The child has its stdout/stderr sent to /dev/null, library logging silenced, its
    address space capped at its current size plus ``limits.max_memory_mb``, and its CPU
    niceness raised to ``limits.niceness`` (see :func:`lower_priority`). ``report(stage,
    done, total)`` forwards progress to ``on_progress`` in this process; the first report
    with ``total > 0`` is taken as the page count and sets the time budget to
    ``limits.budget_seconds(total)`` (until then it is ``limits.min_seconds``), measured
    from the start. A child over budget is killed.

    ``meanwhile()``, when given, runs in this process while the child works (to load what
    the next step needs). ``pages``, when the page count is already known, sets the budget
    from the start; ``started`` (``time.monotonic()``) counts it from an earlier start, so
    that steps of one extraction share one budget. A report of stage ``"ocr"`` adds
    ``limits.ocr_seconds_per_page`` for each page it will read by OCR; ``extra_seconds``
    carries that allowance into a later step.

    Uses ``os.fork`` and a pipe rather than multiprocessing so that it also works inside a
    daemonic process such as a Celery prefork worker. Raises ExtractionError with a
    one-line reason on every failure; the child is always reaped.
    """
    path = Path(path)
    parent = os.getpid()
    start = time.monotonic() if started is None else started
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError as exc:
        os.close(read_fd)
        os.close(write_fd)
        raise ExtractionError(f"could not start the reader process ({exc.strerror})") from None
    if pid == 0:  # pragma: no cover - runs in the child, which always leaves via os._exit
        os.close(read_fd)
        _child_main(fn, path, limits, write_fd, parent)
    os.close(write_fd)
    return _parent_main(pid, read_fd, limits, on_progress, start, pages, meanwhile,
                        extra_seconds)


class Helper(Generic[T]):
    """A helper process started by :func:`run_beside`: wait for its result, or stop it."""

    def __init__(self, pid: int | None = None, fd: int | None = None) -> None:
        self._pid, self._fd = pid, fd

    def result(self) -> T | None:
        """Its (picklable) result once it has finished; None when it could not be started
        or failed, so that the caller can do the work itself."""
        if self._pid is None or self._fd is None:
            return None
        buffer = bytearray()
        try:
            while chunk := os.read(self._fd, 1 << 20):
                buffer.extend(chunk)
        finally:
            self._close()
            status, _ = _wait(self._pid)
        if status is None or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return None
        if len(buffer) < _HEADER.size:
            return None
        (size,) = _HEADER.unpack_from(buffer)
        if len(buffer) != _HEADER.size + size:
            return None
        return pickle.loads(bytes(buffer[_HEADER.size :]))

    def stop(self) -> None:
        """End the helper now (when its result is no longer wanted) and reap it."""
        if self._pid is not None and self._fd is not None:
            self._close()
            _kill(self._pid)

    def _close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def run_beside(fn: Callable[[], T]) -> Helper[T]:
    """Start ``fn()`` in a forked helper process; its :class:`Helper` gives the result.

    For sharing work with a second processor inside a process that ``run_isolated``
    started: the helper inherits its memory cap and CPU-time backstop, is killed when its
    parent ends (so the parent's time budget bounds it too), and keeps its output silent.
    Nothing is forked (the result is None at once) when this process has other threads,
    which a fork would leave behind in an unknown state.
    """
    if threading.active_count() > 1:
        return Helper()
    parent = os.getpid()
    try:
        read_fd, write_fd = os.pipe()
    except OSError:
        return Helper()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return Helper()
    if pid == 0:  # pragma: no cover - runs in the helper, which always leaves via os._exit
        code = 0
        try:
            os.close(read_fd)
            _tie_to_parent(parent)
            _send_bytes(write_fd, pickle.dumps(fn(), protocol=pickle.HIGHEST_PROTOCOL))
        except BaseException:
            code = 70
        finally:
            os._exit(code)
    os.close(write_fd)
    return Helper(pid, read_fd)


def _child_main(
    fn: Callable[[Path, Report], Any], path: Path, limits: Limits, fd: int, parent: int
) -> None:
    """Body of the child: never returns, never raises."""
    code = 0
    try:
        _quiet_child()
        _die_with_parent(parent, limits)
        lower_priority(limits.niceness)
        vm, rss = _self_memory()
        _send(fd, ("start", rss))
        _cap_memory(vm + limits.max_memory_mb * _MIB)

        def report(stage: str, done: int, total: int) -> None:
            _send(fd, ("progress", str(stage), int(done), int(total)))

        try:
            result = fn(path, report)
            payload = pickle.dumps(("result", result), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # every failure becomes a reason
            payload = pickle.dumps(("error", _describe(exc, limits)))
        _send_bytes(fd, payload)
    except BaseException:
        code = 70
    finally:
        with contextlib.suppress(OSError):
            os.close(fd)
        os._exit(code)


def lower_priority(niceness: int) -> int:
    """Lower this process's CPU priority to a niceness of at least ``niceness`` (0-19) and
    return its niceness; a process already as nice or nicer is left as it is (a priority is
    never raised). On Linux it applies to the calling thread and what it starts after."""
    current = os.nice(0)
    if niceness > current:
        with contextlib.suppress(OSError):
            current = os.nice(niceness - current)
    return current


def _quiet_child() -> None:
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    # Python-level streams may not be fds 1 and 2 (e.g. under capture); replace them too.
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives until _exit
    # A fault handler enabled in the parent would dump a traceback on a native crash.
    faulthandler.disable()
    # The parent may have handlers (e.g. SIGTERM in a worker) that must not run here.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    warnings.simplefilter("ignore")
    logging.disable(logging.WARNING)
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


def _die_with_parent(parent: int, limits: Limits) -> None:
    """Make sure the child cannot outlive a parent that is killed (e.g. by a hard time limit)."""
    _tie_to_parent(parent)
    # Backstop without a parent to enforce the wall-clock budget: CPU seconds.
    cpu = int(limits.budget_seconds(limits.max_pages)) + 10
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard == resource.RLIM_INFINITY or cpu < hard:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, hard))


def _tie_to_parent(parent: int) -> None:
    """Have this (forked) process killed when its parent ends; end it now if it has."""
    with contextlib.suppress(Exception):  # Linux only; best effort elsewhere
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(70)


def _self_memory() -> tuple[int, int]:
    """(virtual size, resident size) of this process in bytes."""
    try:
        with open("/proc/self/statm") as fh:
            size, resident = fh.read().split()[:2]
        page = os.sysconf("SC_PAGE_SIZE")
        return int(size) * page, int(resident) * page
    except (OSError, ValueError):
        # No /proc: fall back to peak resident size (KiB on Linux) as a rough base.
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        return rss, rss


def _cap_memory(limit: int) -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _describe(exc: BaseException, limits: Limits) -> tuple:
    """Turn an exception in the child into something picklable for the parent."""
    if isinstance(exc, ExtractionError):
        try:
            return ("extraction", pickle.dumps(exc), exc.reason)
        except Exception:  # an unpicklable subclass keeps its reason
            return ("reason", exc.reason)
    if _is_memory_error(exc):
        return ("reason", _memory_reason(limits))
    known = _known_reason(exc)
    if known:
        return ("reason", known)
    message = _one_line(str(exc))
    name = type(exc).__name__
    # Wrappers such as pdfplumber's PdfminerException carry the real error as their cause.
    inner = exc.__cause__ or exc.__context__
    if inner is not None and (not message or message == _one_line(str(inner))):
        name = f"{name} ({type(inner).__name__})"
        message = _one_line(str(inner))
    return ("reason", f"could not be read: {name}: {message}" if message else
            f"could not be read: {name}")


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and the ones it was raised from or while handling."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _is_memory_error(exc: BaseException) -> bool:
    return any(
        isinstance(e, MemoryError) or _MEMORY_MESSAGE.search(str(e)) for e in _chain(exc)
    )


# pdfminer's exceptions (often wrapped by pdfplumber, often with an empty message), by class
# name so that this module need not import pdfminer.
_PDFMINER_REASONS = (
    ("PDFEncryptionError", "is encrypted (password-protected or copy-protected)"),
    ("PDFNoValidXRef", "is corrupt or truncated (no valid cross-reference table)"),
    ("PDFSyntaxError", "is corrupt (the PDF syntax cannot be read)"),
    ("PSEOF", "is truncated (the file ends in the middle of the PDF data)"),
)


def _known_reason(exc: BaseException) -> str | None:
    for e in _chain(exc):
        names = {cls.__name__ for cls in type(e).__mro__}
        for name, reason in _PDFMINER_REASONS:
            if name in names:
                return reason
    return None


def _memory_reason(limits: Limits) -> str:
    return f"needs more than {limits.max_memory_mb:,} MiB of memory (HMIC_MAX_MEMORY_MB)"


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _send(fd: int, message: tuple) -> None:
    _send_bytes(fd, pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))


def _send_bytes(fd: int, payload: bytes) -> None:
    data = memoryview(_HEADER.pack(len(payload)) + payload)
    while data:
        written = os.write(fd, data)
        data = data[written:]


# How often the parent checks whether the child has ended without closing the pipe (another
# process forked meanwhile, e.g. by a concurrent call, may hold a copy of its write end).
_POLL_SECONDS = 0.25


def _parent_main(
    pid: int,
    fd: int,
    limits: Limits,
    on_progress: Callable[[str, int, int], None] | None,
    start: float,
    pages: int | None = None,
    meanwhile: Callable[[], object] | None = None,
    extra_seconds: float = 0.0,
) -> Any:
    extra = extra_seconds
    budget = limits.budget_seconds(pages) + extra
    base_rss = 0
    buffer = bytearray()
    outcome: tuple | None = None
    ended: tuple[int | None, int] | None = None  # (wait status, peak resident bytes)

    def handle(chunk: bytes) -> None:
        nonlocal base_rss, pages, budget, outcome, extra
        buffer.extend(chunk)
        for message in _take_messages(buffer):
            tag = message[0]
            if tag == "start":
                base_rss = message[1]
            elif tag == "progress":
                _, stage, done, total = message
                if stage == "ocr" and done == 0 and total > 0 and not extra_seconds:
                    extra = limits.ocr_seconds_per_page * total  # once: pages to read by OCR
                    budget = limits.budget_seconds(pages) + extra
                if pages is None and total > 0 and stage != "ocr":
                    pages = total
                    budget = limits.budget_seconds(pages) + extra
                if on_progress is not None:
                    on_progress(stage, done, total)
            else:
                outcome = message

    # ``meanwhile`` runs in a thread so that this loop keeps reading the child's messages and
    # keeps its time budget; the thread is joined before returning, so no later fork copies
    # a process with a thread in the middle of an import.
    helper = None
    if meanwhile is not None:
        helper = threading.Thread(target=meanwhile, name="extraction-meanwhile", daemon=True)
        helper.start()
    try:
        while outcome is None:
            remaining = start + budget - time.monotonic()
            if remaining <= 0:
                _kill(pid)
                ended = (None, 0)
                raise ExtractionError(_timeout_reason(limits, budget, pages, extra))
            ready, _, _ = select.select([fd], [], [], min(remaining, _POLL_SECONDS))
            if ready:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    break
                handle(chunk)
                continue
            ended = _poll(pid)
            if ended is not None:
                handle(_drain(fd))
                break
        if ended is None:
            ended = _wait(pid)
    finally:
        os.close(fd)
        if ended is None:
            _kill(pid)
        if helper is not None:
            helper.join()

    if outcome is not None:
        tag, value = outcome
        if tag == "result":
            return value
        if value[0] == "extraction":
            try:
                error = pickle.loads(value[1])
            except Exception:  # a subclass whose constructor pickle cannot call
                error = ExtractionError(value[2])
            raise error
        raise ExtractionError(value[1])
    status, max_rss = ended
    raise ExtractionError(_death_reason(status, max_rss - base_rss, limits))


def _drain(fd: int) -> bytes:
    """Whatever is left in the pipe, without blocking."""
    os.set_blocking(fd, False)
    chunks = []
    with contextlib.suppress(BlockingIOError):
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
    return b"".join(chunks)


def _take_messages(buffer: bytearray) -> list[tuple]:
    """Remove and return every complete message at the front of ``buffer``."""
    messages = []
    while len(buffer) >= _HEADER.size:
        (size,) = _HEADER.unpack_from(buffer)
        if len(buffer) < _HEADER.size + size:
            break
        payload = bytes(buffer[_HEADER.size : _HEADER.size + size])
        del buffer[: _HEADER.size + size]
        messages.append(pickle.loads(payload))
    return messages


def _poll(pid: int) -> tuple[int | None, int] | None:
    """Reap the child if it has ended (as :func:`_wait`), else None."""
    try:
        done, status, usage = os.wait4(pid, os.WNOHANG)
    except ChildProcessError:
        return None, 0
    return (status, usage.ru_maxrss * 1024) if done else None


def _wait(pid: int) -> tuple[int | None, int]:
    """Reap the child: (wait status or None if unknown, peak resident bytes)."""
    while True:
        try:
            _, status, usage = os.wait4(pid, 0)
            return status, usage.ru_maxrss * 1024
        except InterruptedError:  # pragma: no cover
            continue
        except ChildProcessError:
            # Someone else reaped it (e.g. SIGCHLD ignored); the outcome is unknown.
            return None, 0


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    _wait(pid)


def _timeout_reason(limits: Limits, budget: float, pages: int | None, ocr: float = 0.0) -> str:
    if pages:
        detail = (
            f"{limits.seconds_per_page:g} s per page for {pages:,} pages, "
            f"at least {limits.min_seconds:g} s; HMIC_SECONDS_PER_PAGE, HMIC_MIN_SECONDS"
        )
    else:
        detail = (
            f"{limits.min_seconds:g} s before the page count is known; HMIC_MIN_SECONDS, "
            "HMIC_SECONDS_PER_PAGE"
        )
    if ocr:
        detail += f"; and {ocr:g} s for the pages read by OCR, HMIC_OCR_SECONDS_PER_PAGE"
    return f"took longer than {budget:g} s (limit: {detail})"


def _death_reason(status: int | None, grown: int, limits: Limits) -> str:
    if status is not None and os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        if grown >= limits.max_memory_mb * _MIB // 2:
            # A native reader that cannot allocate aborts rather than raising.
            return f"{_memory_reason(limits)}; the document reader crashed when it ran out ({name})"
        if sig == signal.SIGKILL:
            return ("the document reader was killed (SIGKILL), perhaps by the system for lack "
                    "of memory")
        return (f"the document reader crashed on this file ({name}); it is probably corrupt "
                "or hostile")
    if status is not None and os.WIFEXITED(status):
        code = os.WEXITSTATUS(status)
        return f"the document reader stopped unexpectedly (exit status {code})"
    return "the document reader stopped unexpectedly"


__all__ = [
    "ExtractionError",
    "Helper",
    "Limits",
    "Report",
    "check_file",
    "is_pdf_head",
    "lower_priority",
    "document_format",
    "unsupported_reason",
    "open_checked",
    "run_beside",
    "run_isolated",
    "sniff_type",
]
