"""No secret in the repository: every file git would commit is scanned for private keys, cloud
keys, well-known token formats, passwords in URLs and secrets written into settings files.

Settings come from the environment (``.env`` for docker compose, which git ignores). A
deliberately fake value (in a test of redaction, or a documented placeholder) is allowed
only from the short list below, so a real one cannot slip through unnoticed.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# Passwords that are obviously not real: placeholders in docs and the fakes of redaction tests.
FAKE_PASSWORDS = {"pw", "pass", "password", "secret", "s3cret", "hunter2", "hunter22", "***",
                  "change-me", "changeme"}
PLACEHOLDER = re.compile(r"^(\$\{?[A-Z_][A-Z0-9_]*.*\}?|<[^>]*>|\*+|change-?me[\w-]*|"
                         r"x+|\.\.\.)$", re.IGNORECASE)

PATTERNS = {
    "a private key": re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
    "an AWS access key id": re.compile(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b"),
    "an AWS secret access key": re.compile(
        r"aws_secret_access_key\s*[=:]\s*['\"]?[A-Za-z0-9/+]{40}", re.IGNORECASE),
    "a GitHub token": re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{60,})"),
    "a Slack token": re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    "a Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
    "a Stripe key": re.compile(r"\b[rs]k_live_[0-9A-Za-z]{20,}"),
    "a JSON web token": re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[\w-]{10,}"),
}
URL_PASSWORD = re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@'\"<>]*:([^/\s@'\"<>]+)@")
# KEY=value / key: value in settings-like files, for keys that name a secret.
SETTING = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*"
                     r"(?:PASSWORD|SECRET|SECRET_KEY|TOKEN|API_KEY|PRIVATE_KEY))\s*[=:]\s*(.*)$",
                     re.IGNORECASE)
SETTINGS_SUFFIXES = {".env", ".example", ".yml", ".yaml", ".toml", ".ini", ".cfg", ".conf",
                     ".sh", ""}


def repository_files() -> list[Path]:
    """Files git tracks, plus new files it would add (not ignored)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=REPO, capture_output=True,
                            check=True).stdout.decode()
    return [REPO / name for name in sorted(set(listed.split("\0"))) if name
            and (REPO / name).is_file()]


def text_of(path: Path) -> str | None:
    data = path.read_bytes()
    if b"\0" in data[:8192]:
        return None  # binary: PDFs, Word files
    return data.decode("utf-8", errors="replace")


def secrets_in(name: str, text: str) -> list[str]:
    """Each secret-like thing in a file's text, as 'name:line: what'."""
    found = []
    settings_file = Path(name).suffix in SETTINGS_SUFFIXES or Path(name).name.startswith(".env")
    for number, line in enumerate(text.splitlines(), start=1):
        for what, pattern in PATTERNS.items():
            if pattern.search(line):
                found.append(f"{name}:{number}: {what}")
        for match in URL_PASSWORD.finditer(line):
            password = match.group(1)
            if password.lower() not in FAKE_PASSWORDS and not PLACEHOLDER.match(password):
                found.append(f"{name}:{number}: a password in a URL")
        setting = SETTING.match(line) if settings_file else None
        if setting:
            value = setting.group(2).strip().strip("'\"")
            if value and not PLACEHOLDER.match(value) and value.lower() not in FAKE_PASSWORDS:
                found.append(f"{name}:{number}: a value for {setting.group(1)}")
    return found


def test_no_file_in_the_repository_holds_a_secret():
    files = repository_files()
    assert REPO / "pyproject.toml" in files and len(files) > 50
    found = []
    for path in files:
        text = text_of(path)
        if text is not None:
            found += secrets_in(str(path.relative_to(REPO)), text)
    assert found == [], "secrets in the repository (use environment variables):\n" + \
        "\n".join(found)


def test_the_local_settings_file_is_ignored_by_git():
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=REPO)
    assert ignored.returncode == 0, ".env (docker compose's settings) must be in .gitignore"


@pytest.mark.parametrize(("line", "what"), [
    ("-----BEGIN RSA " + "PRIVATE KEY-----", "a private key"),
    ("-----BEGIN OPENSSH " + "PRIVATE KEY-----", "a private key"),
    ("key = AKIA" + "ABCDEFGHIJKLMNOP", "an AWS access key id"),
    ("token: ghp_" + "a1" * 18, "a GitHub token"),
    ("DATABASE_URL=postgresql://hmic:" + "Tr0ub4dor-3@db:5432/hmic", "a password in a URL"),
    ("redis://:" + "q8Zl3kPw@cache:6379/0", "a password in a URL"),
    ("HMIC_SECRET_KEY=" + "9f2c4e1a7b", "a value for HMIC_SECRET_KEY"),
    ("  POSTGRES_PASSWORD: " + "realpassword1", "a value for POSTGRES_PASSWORD"),
])
def test_the_scan_finds_each_kind_of_secret(line: str, what: str):
    assert secrets_in("settings.env", line) == [f"settings.env:1: {what}"]


@pytest.mark.parametrize("line", [
    "DATABASE_URL=postgresql+psycopg://hmic_actions:${POSTGRES_PASSWORD}@postgres/hmic",
    "DATABASE_URL=postgresql+psycopg://hmic_actions:change-me-postgres-password@postgres/x",
    "HMIC_SECRET_KEY=change-me-secret-key",
    "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}",
    "HMIC_SECRET_KEY=",
    "postgresql+psycopg://ana:***@db:5432/hmic",
    "redis://redis:6379/0",
])
def test_placeholders_and_redacted_values_pass(line: str):
    assert secrets_in("settings.env", line) == []
