"""Helpers for the queue, worker and API tests: sample files, callers with API tokens,
workers and servers as processes."""

from __future__ import annotations

import contextlib
import importlib.util
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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask.testing import FlaskClient
    from sqlalchemy import Engine

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
HMIC_ACTIONS = Path(sys.executable).parent / "hmic-actions"
REDIS_TEST_URL = os.environ.get("HMIC_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@dataclass(frozen=True)
class SampleFile:
    """A report file to upload and the number of items it holds."""

    name: str
    content: bytes
    items: int


def samples() -> list[SampleFile]:
    """Every sample report that has its expected extraction."""
    found = []
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        expected = pdf.with_suffix(".expected.json")
        if expected.exists():
            items = len(json.loads(expected.read_text())["items"])
            found.append(SampleFile(pdf.name, pdf.read_bytes(), items))
    return found


def distinct_samples(count: int) -> list[SampleFile]:
    """``count`` different files (different SHA-256) cycling through the samples.

    Copies after the first round get a PDF comment appended after the end-of-file marker
    (as an incremental save would): readers ignore it, so the items are the same.
    """
    base = samples()
    files = []
    for i in range(count):
        sample = base[i % len(base)]
        content = sample.content
        name = sample.name
        if i >= len(base):
            content += f"\n%copy {i}\n%%EOF\n".encode()
            name = f"{Path(name).stem}-copy{i}.pdf"
        files.append(SampleFile(name, content, sample.items))
    return files


def corrupt_pdf() -> bytes:
    """Bytes that pass the quick PDF checks (header, end marker) but cannot be read."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\ntrailer\n<< /Root 9 0 R >>\n%%EOF\n"


def build_long_report(path: Path, pages: int) -> Path:
    """A sample-style report of about ``pages`` pages (samples/build.py's builder)."""
    spec = importlib.util.spec_from_file_location("samples_build", SAMPLES / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    module.build_long_report(path, pages)
    return path


def api_token(engine: Engine, name: str, role: str) -> str:
    """A new token-only user ``name`` with ``role`` in the database, and an API token for them."""
    from models import users
    from models.db import session_scope

    with session_scope(engine) as session:
        users.add_user(session, name, role, actor="tests")
        return users.create_token(session, name, "tests", actor="tests")[1]


def signed_in(client: FlaskClient, token: str) -> FlaskClient:
    """``client`` sending ``Authorization: Bearer <token>`` with every request."""
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


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
