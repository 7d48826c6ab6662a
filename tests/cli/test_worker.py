"""`hmic-actions worker` and `serve` refuse a broken setup with one line and exit status 2."""

from __future__ import annotations

import pytest

from cli.main import main


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    err = capsys.readouterr().err
    return status, err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("hmic-actions: error: ")
    return lines[0]


def test_worker_without_redis_url_says_what_to_do(monkeypatch, capsys):
    monkeypatch.delenv("REDIS_URL", raising=False)
    status, err = run(capsys, "worker")
    assert status == 2
    assert "REDIS_URL is not set" in one_line(err) and "hmic-actions serve" in err


def test_worker_with_unreachable_redis_names_it_without_the_password(monkeypatch, capsys):
    monkeypatch.setenv("REDIS_URL", "redis://:hunter2@127.0.0.1:1/0")
    status, err = run(capsys, "worker")
    assert status == 2
    line = one_line(err)
    assert "cannot reach Redis at redis://:***@127.0.0.1:1/0" in line
    assert "hunter2" not in line


def test_worker_with_a_database_without_schema_says_to_upgrade(monkeypatch, capsys,
                                                               empty_db_url):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/15")
    monkeypatch.setenv("DATABASE_URL", empty_db_url)
    status, err = run(capsys, "worker")
    assert status == 2
    assert "has no schema yet; run hmic-actions db upgrade first" in one_line(err)


@pytest.mark.parametrize(("variable", "value", "expected"), [
    ("HMIC_SWEEP_SECONDS", "often", "HMIC_SWEEP_SECONDS='often' is not a number > 0"),
    ("HMIC_MAX_ATTEMPTS", "0", "HMIC_MAX_ATTEMPTS='0' is not a whole number >= 1"),
    ("HMIC_TASK_HARD_SECONDS", "10", "must be greater than HMIC_TASK_SOFT_SECONDS"),
    ("HMIC_MAX_PAGES", "ten", "HMIC_MAX_PAGES='ten' is not a whole number >= 1"),
])
def test_bad_settings_are_named(monkeypatch, capsys, variable, value, expected):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/15")
    monkeypatch.setenv(variable, value)
    status, err = run(capsys, "worker")
    assert status == 2 and expected in one_line(err)


def test_serve_refuses_a_bad_port_and_an_unreachable_database(monkeypatch, capsys):
    status, err = run(capsys, "serve", "--port", "70000")
    assert status == 2 and "--port 70000: not a port number" in one_line(err)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/15")
    monkeypatch.setenv("DATABASE_URL", "postgresql://someone:pw@127.0.0.1:1/nothing")
    status, err = run(capsys, "serve")
    line = one_line(err)
    assert status == 2 and "database at postgresql+psycopg://someone:***@127.0.0.1:1" in line
