"""The production topology as processes on this machine: what the Dockerfile and the compose
file describe, run without Docker (gunicorn, ``hmic-actions worker``, Redis, PostgreSQL)."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import yaml

from tests.service import REPO, Processes

GUNICORN = Path(sys.executable).parent / "gunicorn"
DOCKERFILE = REPO / "Dockerfile"
COMPOSE = REPO / "docker-compose.yml"
ENV_EXAMPLE = REPO / "env.example"
PRODUCTION_MARKER = "<!-- production-command -->"


def dockerfile_instructions(path: Path = DOCKERFILE) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined and comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        whole = (pending + stripped).strip()
        pending = ""
        keyword, _, rest = whole.partition(" ")
        instructions.append((keyword.upper(), rest.strip()))
    return instructions


def dockerfile_cmd() -> list[str]:
    """The image's default command (the exec form of the last ``CMD``)."""
    commands = [rest for keyword, rest in dockerfile_instructions() if keyword == "CMD"]
    assert commands, "the Dockerfile has no CMD"
    command = json.loads(commands[-1])
    assert isinstance(command, list) and all(isinstance(a, str) for a in command)
    return command


def dockerfile_healthcheck() -> list[str]:
    """The exec-form command of the Dockerfile's ``HEALTHCHECK``."""
    checks = [rest for keyword, rest in dockerfile_instructions() if keyword == "HEALTHCHECK"]
    assert checks, "the Dockerfile has no HEALTHCHECK"
    _options, _, command = checks[-1].partition("CMD ")
    return json.loads(command)


def compose() -> dict[str, Any]:
    """docker-compose.yml, parsed (YAML anchors and merge keys resolved)."""
    return yaml.safe_load(COMPOSE.read_text())


def readme_production_command(readme: Path = REPO / "README.md") -> list[str]:
    """The command in the first fenced block after the production-command marker."""
    text = readme.read_text()
    assert PRODUCTION_MARKER in text, f"README.md has no {PRODUCTION_MARKER} marker"
    after = text.split(PRODUCTION_MARKER, 1)[1]
    fence = after.index("```")
    block = after[fence:].split("\n", 1)[1].split("```", 1)[0]
    lines = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
    assert lines, "the production-command block is empty"
    return shlex.split(lines[0].split(" #", 1)[0])


def env_file(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    """KEY=value lines of an env file (as docker compose reads them; no quoting used)."""
    values = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep and key.strip() == key and key, f"{path.name}:{number}: not KEY=value"
        values[key] = value
    return values


def service_env(database_url: str, redis_url: str | None, **extra: str) -> dict[str, str]:
    """This process's environment without any hmic-actions setting, plus the given ones."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HMIC_", "CELERY")) and k not in ("DATABASE_URL", "REDIS_URL")}
    env["DATABASE_URL"] = database_url
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(extra)
    return env


def with_bind(command: list[str], address: str) -> list[str]:
    """``command`` with the value of its ``--bind`` option replaced by ``address``."""
    assert "--bind" in command, command
    at = command.index("--bind") + 1
    return [*command[:at], address, *command[at + 1:]]


def executable(command: list[str]) -> list[str]:
    """``command`` with its program taken from this virtual environment."""
    program = Path(sys.executable).parent / command[0]
    return [str(program if program.exists() else command[0]), *command[1:]]


def start_server(procs: Processes, name: str, command: list[str]) -> subprocess.Popen:
    """Start ``command`` (e.g. gunicorn) like the other processes of ``procs``."""
    log = (procs.directory / f"{name}.log").open("ab")
    proc = subprocess.Popen(executable(command), env=procs.env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True, cwd=REPO)
    log.close()
    procs.procs[name] = proc
    return proc


def http(method: str, url: str, token: str | None = None, body: bytes | None = None,
         headers: dict[str, str] | None = None, timeout: float = 30
         ) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of one request; HTTP errors are answers, not exceptions."""
    request = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def json_lines(text: str) -> list[dict[str, Any]]:
    """The lines of a log that are JSON objects (gunicorn's own lines are not)."""
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                found.append(value)
    return found
