"""`hmic-actions extract` on bad input: exit status 2, nothing on stdout, one line on stderr.

Runs the installed command as a user would, on each class of bad input built in tmp_path.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.builders import files

COMMAND = Path(sys.executable).parent / "hmic-actions"

# Small limits keep the hostile cases fast; each case states the limits it relies on.
MEMORY = {"HMIC_MAX_MEMORY_MB": "256"}


def run_extract(path: Path, *options: str, env: dict[str, str] | None = None):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("HMIC_")}
    environ.update(env or {})
    # A fault handler would print a C-level traceback; users may have it switched on.
    environ["PYTHONFAULTHANDLER"] = "1"
    return subprocess.run(
        [str(COMMAND), "extract", *options, str(path)],
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
    )


def assert_one_line_error(result, path: Path, *words: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("hmic-actions: error: ")
    assert path.name in line
    assert "Traceback" not in line
    lowered = line.lower()
    for word in words:
        assert word.lower() in lowered, line
    return line


def test_the_command_is_installed():
    assert COMMAND.is_file() and os.access(COMMAND, os.X_OK)


def test_a_good_pdf_succeeds(tmp_path):
    # The control: the same command and environment on a readable report.
    path = files.write_text_pdf(tmp_path / "good.pdf", pages=2)
    result = run_extract(path, env=MEMORY)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip()


BAD_FILES = [
    (files.write_empty, ["empty"]),
    (files.write_random_bytes, ["not a PDF"]),
    (files.write_png, ["not a PDF", "PNG"]),
    (files.write_plain_text, ["not a PDF", "plain text"]),
    (files.write_zip, ["not a PDF", "ZIP"]),
    (files.write_truncated_pdf, ["truncated"]),
    (files.write_corrupt_pdf, ["corrupt"]),
    (files.write_encrypted_pdf, ["encrypted"]),
    (files.write_image_only_pdf, ["no text layer"]),
    (files.write_blank_pdf, ["no text layer"]),
    (files.write_no_pages_pdf, ["no pages"]),
]


@pytest.mark.parametrize(
    ("builder", "words"),
    [pytest.param(b, w, id=b.__name__.removeprefix("write_")) for b, w in BAD_FILES],
)
def test_bad_file(tmp_path, builder, words):
    path = builder(tmp_path / "report.pdf")
    assert_one_line_error(run_extract(path, env=MEMORY), path, *words)


@pytest.mark.parametrize(
    ("builder", "word"),
    [
        (files.write_zip, "not a PDF"),
        (files.write_encrypted_pdf, "encrypted"),
        (files.write_image_only_pdf, "no text layer"),
    ],
)
def test_bad_file_with_json_output(tmp_path, builder, word):
    # Other tools read --json output: a failure must leave stdout empty there too.
    path = builder(tmp_path / "report.pdf")
    assert_one_line_error(run_extract(path, "--json", env=MEMORY), path, word)


def test_missing_file(tmp_path):
    path = tmp_path / "not-there.pdf"
    assert_one_line_error(run_extract(path), path, "does not exist")


def test_directory(tmp_path):
    path = tmp_path / "reports"
    path.mkdir()
    assert_one_line_error(run_extract(path), path, "directory")


def test_too_many_pages(tmp_path):
    path = files.write_text_pdf(tmp_path / "long.pdf", pages=6)
    line = assert_one_line_error(
        run_extract(path, env={"HMIC_MAX_PAGES": "5"}), path, "pages", "HMIC_MAX_PAGES"
    )
    assert line.endswith("has 6 pages; the limit is 5 (HMIC_MAX_PAGES)")


def test_too_large(tmp_path):
    path = files.write_text_pdf(tmp_path / "big.pdf", pages=3)
    assert_one_line_error(
        run_extract(path, env={"HMIC_MAX_FILE_MB": "0.001"}), path, "HMIC_MAX_FILE_MB"
    )


def test_decompression_bomb(tmp_path):
    path = files.write_bomb_pdf(tmp_path / "bomb.pdf", 1 << 30)
    start = time.monotonic()
    result = run_extract(path, env=MEMORY)
    assert time.monotonic() - start < 60
    assert_one_line_error(result, path, "memory", "HMIC_MAX_MEMORY_MB")


def test_time_budget(tmp_path):
    path = files.write_text_pdf(tmp_path / "slow.pdf", pages=2)
    env = {"HMIC_MIN_SECONDS": "0.001", "HMIC_SECONDS_PER_PAGE": "0.0001"}
    assert_one_line_error(run_extract(path, env=env), path, "took longer than")


def test_bad_setting(tmp_path):
    path = files.write_text_pdf(tmp_path / "ok.pdf")
    result = run_extract(path, env={"HMIC_MAX_PAGES": "lots"})
    assert result.returncode == 2 and result.stdout == ""
    # The setting is at fault, not the file: the line names the setting alone.
    assert result.stderr == ("hmic-actions: error: HMIC_MAX_PAGES='lots' is not a whole number "
                             ">= 1\n")
