"""The settings registry: defaults, parsing, one-line errors, the CLI, and the README table."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from extractor import Limits
from hmic_actions import settings
from hmic_actions.settings import REGISTRY, SettingsError, load_settings, markdown_table, value
from matching.settings import Thresholds
from tests.service import HMIC_ACTIONS, REPO
from worker.settings import WorkerSettings

README = REPO / "README.md"
START, END = "<!-- settings-table -->", "<!-- /settings-table -->"


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without any setting, plus ``extra``."""
    names = {entry.name for entry in REGISTRY}
    env = {k: v for k, v in os.environ.items() if k not in names and not k.startswith("HMIC_")}
    env.update(extra)
    return env


def test_unset_or_blank_means_the_default_from_the_default_source():
    loaded = load_settings({"HMIC_MAX_PAGES": "   ", "HMIC_LOG_FORMAT": ""})
    for entry in REGISTRY:
        assert loaded[entry.name] == entry.default, entry.name
        assert loaded.sources[entry.name] == "default"


def test_values_are_parsed_to_their_types_and_their_source_noted():
    loaded = load_settings({"HMIC_MAX_PAGES": " 50 ", "HMIC_MAX_FILE_MB": "2.5",
                            "HMIC_LOG_FORMAT": "JSON", "HMIC_SECURE_COOKIES": "yes",
                            "REDIS_URL": "redis://127.0.0.1:6379/3",
                            "HMIC_QUEUED_GRACE_SECONDS": "0"})
    assert loaded["HMIC_MAX_PAGES"] == 50 and isinstance(loaded["HMIC_MAX_PAGES"], int)
    assert loaded["HMIC_MAX_FILE_MB"] == 2.5
    assert loaded["HMIC_LOG_FORMAT"] == "json"
    assert loaded["HMIC_SECURE_COOKIES"] is True
    assert loaded["REDIS_URL"] == "redis://127.0.0.1:6379/3"
    assert loaded["HMIC_QUEUED_GRACE_SECONDS"] == 0
    assert loaded.sources["HMIC_MAX_PAGES"] == "environment"
    assert loaded.sources["HMIC_MAX_MEMORY_MB"] == "default"


@pytest.mark.parametrize(("env", "message"), [
    ({"HMIC_MAX_PAGES": "ten"}, "HMIC_MAX_PAGES='ten' is not a whole number >= 1"),
    ({"HMIC_MAX_PAGES": "2.5"}, "HMIC_MAX_PAGES='2.5' is not a whole number >= 1"),
    ({"HMIC_MAX_FILE_MB": "lots"}, "HMIC_MAX_FILE_MB='lots' is not a number > 0"),
    ({"HMIC_MAX_FILE_MB": "0"}, "HMIC_MAX_FILE_MB='0' is not a number > 0"),
    ({"HMIC_MAX_FILE_MB": "inf"}, "HMIC_MAX_FILE_MB='inf' is not a number > 0"),
    ({"HMIC_PROGRESS_SECONDS": "-1"}, "HMIC_PROGRESS_SECONDS='-1' is not a number >= 0"),
    ({"HMIC_MATCH_LINK": "101"}, "HMIC_MATCH_LINK='101' is not a number from 0 to 100"),
    ({"HMIC_MATCH_PREFILTER": "0"},
     "HMIC_MATCH_PREFILTER='0' is not a whole number from 1 to 10000"),
    ({"HMIC_LOG_FORMAT": "xml"}, "HMIC_LOG_FORMAT='xml' is not one of text, json"),
    ({"HMIC_LOG_LEVEL": "loud"},
     "HMIC_LOG_LEVEL='loud' is not one of DEBUG, INFO, WARNING, ERROR"),
    ({"HMIC_SECURE_COOKIES": "maybe"},
     "HMIC_SECURE_COOKIES='maybe' is not yes or no (1/0, true/false, yes/no, on/off)"),
    ({"REDIS_URL": "localhost:6379"},
     "REDIS_URL='localhost:6379' is not a Redis URL (e.g. redis://127.0.0.1:6379/0)"),
    ({"DATABASE_URL": "oracle://u@h/db"}, "DATABASE_URL='oracle://u@h/db' names a database "
     "hmic-actions does not support (oracle; use postgresql or sqlite)"),
    ({"HMIC_TASK_SOFT_SECONDS": "60", "HMIC_TASK_HARD_SECONDS": "60"},
     "HMIC_TASK_HARD_SECONDS=60 must be greater than HMIC_TASK_SOFT_SECONDS=60"),
    ({"HMIC_MATCH_LOOK": "70"}, "HMIC_MATCH_* settings: the look threshold (70) is above "
     "the link threshold (60)"),
])
def test_a_bad_value_is_one_line_naming_the_variable(env, message):
    with pytest.raises(SettingsError) as caught:
        load_settings(env)
    assert caught.value.reason == message and str(caught.value) == message


def test_files_and_folders_are_checked(tmp_path: Path):
    present = tmp_path / "leads.toml"
    present.write_text("[leads]\n")
    assert value("HMIC_PAF_LEADS_FILE", {"HMIC_PAF_LEADS_FILE": str(present)}) == str(present)
    missing = tmp_path / "nope.toml"
    with pytest.raises(SettingsError, match=r"^HMIC_ADDRESSEES_FILE='.*nope.toml' does not "
                                            r"exist$"):
        value("HMIC_ADDRESSEES_FILE", {"HMIC_ADDRESSEES_FILE": str(missing)})
    with pytest.raises(SettingsError, match=r"is not a file$"):
        value("HMIC_PAF_LEADS_FILE", {"HMIC_PAF_LEADS_FILE": str(tmp_path)})
    with pytest.raises(SettingsError, match=r"^HMIC_DATA_DIR='.*leads.toml' is not a folder$"):
        value("HMIC_DATA_DIR", {"HMIC_DATA_DIR": str(present)})


def test_passwords_and_secrets_never_appear_in_errors_or_listings():
    with pytest.raises(SettingsError) as caught:
        load_settings({"REDIS_URL": "http://user:hunter2@example.org/"})
    assert "hunter2" not in caught.value.reason and "user:***@example.org" in caught.value.reason
    with pytest.raises(SettingsError) as caught:
        load_settings({"DATABASE_URL": "mysql://me:hunter2@db/x"})
    assert "hunter2" not in caught.value.reason
    loaded = load_settings({"HMIC_SECRET_KEY": "hunter2",
                            "DATABASE_URL": "postgresql://me:hunter2@db/x"})
    shown = dict((name, text) for name, text, _ in loaded.rows())
    assert shown["HMIC_SECRET_KEY"] == "***"
    assert shown["DATABASE_URL"] == "postgresql://me:***@db/x"


@pytest.mark.parametrize(("env", "parser"), [
    ({"HMIC_MAX_PAGES": "0"}, Limits.from_env),
    ({"HMIC_SWEEP_SECONDS": "often"}, WorkerSettings.from_env),
    ({"HMIC_MATCH_FLOOR": "-3"}, Thresholds.from_env),
])
def test_the_package_parsers_read_through_the_registry(env, parser):
    (name, raw), = env.items()
    with pytest.raises(SettingsError) as registry_error:
        value(name, env)
    with pytest.raises(SettingsError) as package_error:
        parser(env)
    assert package_error.value.reason == registry_error.value.reason


def test_the_registry_defaults_are_the_package_defaults():
    assert Limits.from_env({}) == Limits()
    assert WorkerSettings.from_env({}) == WorkerSettings()
    assert Thresholds.from_env({}) == Thresholds()
    assert Limits.from_env({"HMIC_MAX_MEMORY_MB": "300"}).max_memory_mb == 300
    assert WorkerSettings.from_env({"HMIC_MAX_ATTEMPTS": "5"}).max_attempts == 5


def test_every_variable_the_project_reads_is_in_the_registry():
    declared = {entry.name for entry in REGISTRY}
    found: set[str] = set()
    for package in ("api", "extractor", "hmic_actions", "matching", "models", "worker"):
        for path in (REPO / package).rglob("*.py"):
            source = path.read_text()
            if "environ" not in source and "getenv" not in source and "_ENV" not in source:
                continue
            found |= set(re.findall(r"[\"'](HMIC_[A-Z0-9_]+|REDIS_URL|DATABASE_URL)[\"']",
                                    source))
    assert found, "the search found nothing: it is broken"
    assert found - declared == set()


def test_the_command_lists_settings_with_secrets_masked():
    env = clean_env(HMIC_SECRET_KEY="hunter2", REDIS_URL="redis://:hunter2@127.0.0.1:1/0",
                    HMIC_MAX_PAGES="40")
    done = subprocess.run([str(HMIC_ACTIONS), "settings"], env=env, capture_output=True,
                          text=True, timeout=60, cwd=REPO)
    assert done.returncode == 0 and done.stderr == ""
    assert "hunter2" not in done.stdout
    lines = {line.split()[0]: line for line in done.stdout.splitlines()}
    assert set(lines) == {entry.name for entry in REGISTRY}
    assert lines["HMIC_MAX_PAGES"].split()[1:] == ["40", "(environment)"]
    assert lines["HMIC_SECRET_KEY"].split()[1:] == ["***", "(environment)"]
    assert "redis://:***@127.0.0.1:1/0" in lines["REDIS_URL"]
    assert lines["HMIC_MAX_FILE_MB"].split()[1:] == ["100", "(default)"]


@pytest.mark.parametrize("argv", [["settings", "--check"], ["settings"], ["serve"],
                                  ["worker"]])
def test_commands_refuse_a_bad_value_with_one_line_and_status_2(argv, tmp_path: Path):
    env = clean_env(HMIC_LOG_FORMAT="xml", REDIS_URL="redis://127.0.0.1:1/0",
                    DATABASE_URL=f"sqlite:///{tmp_path / 'never.db'}")
    done = subprocess.run([str(HMIC_ACTIONS), *argv], env=env, capture_output=True, text=True,
                          timeout=60, cwd=REPO)
    assert done.returncode == 2
    assert done.stderr == "hmic-actions: error: HMIC_LOG_FORMAT='xml' is not one of text, json\n"
    assert not (tmp_path / "never.db").exists()


def test_settings_check_is_quiet_when_every_value_is_usable():
    done = subprocess.run([str(HMIC_ACTIONS), "settings", "--check"], env=clean_env(),
                          capture_output=True, text=True, timeout=60, cwd=REPO)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def table_between_markers(text: str) -> str:
    """The text between the settings-table markers (fails when they are missing)."""
    assert START in text and END in text, "the settings table markers are missing"
    return text.split(START, 1)[1].split(END, 1)[0].strip()


def test_the_readme_table_is_the_registry():
    assert table_between_markers(README.read_text()) == markdown_table().strip(), (
        "the README's table of settings is out of date: paste the output of "
        "python -m hmic_actions.settings --markdown between the markers")


def test_the_table_has_a_row_per_setting():
    rows = [line for line in markdown_table().splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == [entry.name for entry in REGISTRY]
    assert settings.main([]) == 0
