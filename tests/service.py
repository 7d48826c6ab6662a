"""Calling the service in tests: API tokens, the command as child processes (workers,
servers), HTTP requests, and waiting for what they do."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask.testing import FlaskClient
    from sqlalchemy import Engine

REPO = Path(__file__).resolve().parent.parent
HMIC_ACTIONS = Path(sys.executable).parent / "hmic-actions"
REDIS_TEST_URL = os.environ.get("HMIC_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def api_token(engine: Engine, name: str, role: str) -> str:
    """A new token-only user ``name`` with ``role`` in the database, and an API token for them."""
    from models.db import session_scope
    from models.ops.users import add_user, create_token

    with session_scope(engine) as session:
        add_user(session, name, role, actor="tests")
        return create_token(session, name, "tests", actor="tests")[1]


def signed_in(client: FlaskClient, token: str) -> FlaskClient:
    """``client`` sending ``Authorization: Bearer <token>`` with every request."""
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def hmic(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """``hmic-actions *args`` run in ``cwd`` with this environment less ``DATABASE_URL`` and
    ``HMIC_DATA_DIR``, plus ``env``; its output captured as text."""
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DATABASE_URL", "HMIC_DATA_DIR")}
    environment.update(env)
    return subprocess.run([str(HMIC_ACTIONS), *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=120)


def cli_token(env: dict[str, str], name: str, role: str) -> str:
    """A token-only user added with ``hmic-actions users add``, and ``tokens create``'s token.

    The database (from ``env``) must already have its schema, e.g. made by a running serve.
    """
    def run(*args: str) -> str:
        done = subprocess.run([str(HMIC_ACTIONS), *args], env=env, cwd=REPO, text=True,
                              capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done.stdout

    run("users", "add", name, "--role", role, "--no-password")
    token = run("tokens", "create", name).strip()
    assert token and "\n" not in token
    return token


def wait_for(predicate: Callable[[], Any], timeout: float, what: str,
             interval: float = 0.1) -> Any:
    """Poll until ``predicate()`` is truthy and return its value; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(interval)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Processes:
    """Child processes started by a test, each in its own process group, always ended."""

    def __init__(self, directory: Path, env: dict[str, str]) -> None:
        self.directory = directory
        self.env = env
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, name: str, *args: str, env: dict[str, str] | None = None
              ) -> subprocess.Popen:
        log = (self.directory / f"{name}.log").open("ab")
        proc = subprocess.Popen([str(HMIC_ACTIONS), *args], env=env or self.env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True, cwd=REPO)
        log.close()
        self.procs[name] = proc
        return proc

    def log(self, name: str) -> str:
        path = self.directory / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def wait_logged(self, name: str, text: str, timeout: float = 60) -> None:
        proc = self.procs[name]

        def logged() -> bool:
            if proc.poll() is not None:
                raise AssertionError(f"{name} exited with {proc.returncode}:\n"
                                     f"{self.log(name)[-3000:]}")
            return text in self.log(name)

        wait_for(logged, timeout, f"{name} to log {text!r}")

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Send ``sig`` to the whole process group of ``name`` and reap it."""
        proc = self.procs.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        proc.wait(timeout=30)

    def stop_all(self) -> None:
        for name in list(self.procs):
            proc = self.procs[name]
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill(name)
                continue
            # A group member may outlive the leader: make sure nothing is left.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            self.procs.pop(name, None)


@contextlib.contextmanager
def processes(directory: Path, env: dict[str, str]) -> Iterator[Processes]:
    procs = Processes(directory, env)
    try:
        yield procs
    finally:
        procs.stop_all()


def multipart(field: str, file_name: str, content: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body with one file, and its content type."""
    boundary = "----hmic-actions-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; "
            f"filename=\"{file_name}\"\r\nContent-Type: application/pdf\r\n\r\n").encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def http(method: str, url: str, body: bytes | None = None, content_type: str | None = None,
         token: str | None = None, timeout: float = 30) -> tuple[int, dict]:
    """Call a running service: (status, JSON body), for error statuses too."""
    request = urllib.request.Request(url, data=body, method=method)
    if content_type:
        request.add_header("Content-Type", content_type)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
