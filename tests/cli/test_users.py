"""``hmic-actions users ...`` and ``tokens ...`` through the installed executable."""

from __future__ import annotations

import getpass
import hashlib
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy import select as sql_select
from sqlalchemy.orm import Session

from models.ops.users import verify_password
from models.tables import ApiToken, AuditEvent, User

EXECUTABLE = Path(sys.executable).parent / "hmic-actions"
PASSWORD = "correct horse battery"


def environment(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "HMIC_DATA_DIR")}
    env["DATABASE_URL"] = url
    return env


def hmic(*args: str, url: str, cwd: Path, stdin: str | None = None
         ) -> subprocess.CompletedProcess:
    return subprocess.run([str(EXECUTABLE), *args], cwd=cwd, env=environment(url),
                          input=stdin if stdin is not None else "", capture_output=True,
                          text=True, timeout=120)


def fails(result: subprocess.CompletedProcess, message: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr == f"hmic-actions: error: {message}\n"
    assert result.stdout == ""


def stored(url: str, model: type) -> list:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return list(session.scalars(sql_select(model).order_by(model.id)))
    finally:
        engine.dispose()


def add(url: str, cwd: Path, name: str, role: str, password: str = PASSWORD
        ) -> subprocess.CompletedProcess:
    return hmic("users", "add", name, "--role", role, "--password-stdin", url=url, cwd=cwd,
                stdin=password + "\n")


# --- users -----------------------------------------------------------------------------------


def test_add_the_first_admin_and_list_users(url: str, tmp_path: Path) -> None:
    empty = hmic("users", "list", url=url, cwd=tmp_path)
    assert empty.returncode == 0
    assert empty.stdout == ("no users yet; add the first admin with: "
                            "hmic-actions users add NAME --role admin\n")

    done = add(url, tmp_path, "alice", "admin")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("added user alice (admin, with a password)\n"
                           "create an API token with: hmic-actions tokens create alice\n")
    assert add(url, tmp_path, "bob", "reviewer").returncode == 0

    [alice, bob] = stored(url, User)
    assert (alice.name, alice.role, alice.active) == ("alice", "admin", True)
    assert PASSWORD not in alice.password_hash and verify_password(alice.password_hash, PASSWORD)
    [event, _] = stored(url, AuditEvent)
    assert (event.action, event.actor) == ("add_user", getpass.getuser())

    listing = hmic("users", "list", url=url, cwd=tmp_path)
    lines = listing.stdout.splitlines()
    assert lines[0].split() == ["NAME", "ROLE", "STATE", "PASSWORD", "TOKENS", "CREATED", "(UTC)"]
    assert [line.split()[:5] for line in lines[1:]] == [
        ["alice", "admin", "active", "yes", "0"], ["bob", "reviewer", "active", "yes", "0"]]
    assert PASSWORD not in listing.stdout


def test_add_refuses_bad_input_in_one_line(url: str, tmp_path: Path) -> None:
    assert add(url, tmp_path, "alice", "admin").returncode == 0
    fails(add(url, tmp_path, "alice", "viewer"), "user 'alice' already exists")
    fails(add(url, tmp_path, "ALICE", "viewer"), "user 'alice' already exists")
    fails(add(url, tmp_path, "carol", "boss"),
          "role 'boss' is not one of viewer, reviewer, lead, admin")
    fails(add(url, tmp_path, "carol", "viewer", "too short"),
          "a password needs at least 10 characters; nothing was changed")
    fails(add(url, tmp_path, "carol", "viewer", ""), "the password is empty; nothing was changed")
    fails(hmic("users", "add", "carol", "--role", "viewer", url=url, cwd=tmp_path),
          "no terminal to ask for the password on: pass it on standard input with "
          "--password-stdin")
    assert [user.name for user in stored(url, User)] == ["alice"]


def test_a_user_for_programs_only(url: str, tmp_path: Path) -> None:
    done = hmic("users", "add", "nightly", "--role", "viewer", "--no-password",
                url=url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("added user nightly (viewer, without a password)\n")
    [user] = stored(url, User)
    assert user.password_hash is None


def test_disable_enable_and_role(url: str, tmp_path: Path) -> None:
    add(url, tmp_path, "bob", "reviewer")
    done = hmic("users", "disable", "bob", url=url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("disabled user bob: their password, logins and tokens no longer "
                           "work\n")
    assert hmic("users", "list", url=url, cwd=tmp_path).stdout.splitlines()[1].split()[:3] == [
        "bob", "reviewer", "disabled"]
    fails(hmic("users", "disable", "bob", url=url, cwd=tmp_path),
          "user 'bob' is already disabled")
    fails(hmic("users", "disable", "nobody", url=url, cwd=tmp_path), "no user called 'nobody'")
    assert hmic("users", "enable", "bob", url=url, cwd=tmp_path).stdout == "enabled user bob\n"
    assert hmic("users", "role", "bob", "lead", url=url, cwd=tmp_path).stdout == (
        "user bob is now lead\n")
    fails(hmic("users", "role", "bob", "chief", url=url, cwd=tmp_path),
          "role 'chief' is not one of viewer, reviewer, lead, admin")
    [bob] = stored(url, User)
    assert (bob.active, bob.role) == (True, "lead")
    assert [e.action for e in stored(url, AuditEvent)] == [
        "add_user", "disable_user", "enable_user", "set_role"]


def test_set_a_password(url: str, tmp_path: Path) -> None:
    add(url, tmp_path, "bob", "reviewer")
    done = hmic("users", "password", "bob", "--password-stdin", url=url, cwd=tmp_path,
                stdin="an entirely new one\n")
    assert done.returncode == 0, done.stderr
    [bob] = stored(url, User)
    assert verify_password(bob.password_hash, "an entirely new one")
    assert not verify_password(bob.password_hash, PASSWORD)
    fails(hmic("users", "password", "ghost", "--password-stdin", url=url, cwd=tmp_path,
               stdin="an entirely new one\n"), "no user called 'ghost'")


def test_commands_need_the_schema(tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path / 'none.db'}"
    fails(hmic("users", "list", url=missing, cwd=tmp_path),
          f"database at {missing} has no schema yet; run hmic-actions db upgrade first")
    assert not (tmp_path / "none.db").exists()


# --- asking for the password on a terminal ---------------------------------------------------


def on_terminal(args: list[str], url: str, cwd: Path, answers: list[str]
                ) -> tuple[int, str]:
    """Run the command with a terminal as its controlling tty, answering each prompt."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes the command
        os.chdir(cwd)
        os.execve(str(EXECUTABLE), [str(EXECUTABLE), *args], environment(url))
    output = b""

    def read_until(marker: bytes | None) -> None:
        nonlocal output
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if marker is not None and output.rstrip().endswith(marker):
                return
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 1024)
            except OSError:  # the command ended and closed the terminal
                return
            if not chunk:
                return
            output += chunk
        raise AssertionError(f"no prompt {marker!r} after {output!r}")

    try:
        for answer in answers:
            read_until(b":")
            os.write(fd, answer.encode() + b"\n")
            output += b"<answered>"
        read_until(None)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace")


def test_the_password_is_asked_for_twice_on_a_terminal(url: str, tmp_path: Path) -> None:
    args = ["users", "add", "dana", "--role", "lead"]
    status, output = on_terminal(args, url, tmp_path, ["first password", "second password"])
    assert status == 2
    assert "password for dana:" in output and "the same password again:" in output
    assert "the two passwords differ; nothing was changed" in output
    assert "first password" not in output   # not echoed
    assert stored(url, User) == []

    status, output = on_terminal(args, url, tmp_path, ["a good password", "a good password"])
    assert status == 0, output
    assert "added user dana (lead, with a password)" in output
    [dana] = stored(url, User)
    assert verify_password(dana.password_hash, "a good password")


# --- tokens ----------------------------------------------------------------------------------


def test_create_list_and_revoke_tokens(url: str, tmp_path: Path) -> None:
    add(url, tmp_path, "alice", "admin")
    done = hmic("tokens", "create", "alice", "--name", "nightly export", url=url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip()
    assert done.stdout == token + "\n" and len(token) >= 43
    assert done.stderr == ("token 1 ('nightly export') for alice: it will not be shown again, "
                           "so store it now\n")
    [row] = stored(url, ApiToken)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert (row.prefix, row.name, row.revoked_at) == (token[:8], "nightly export", None)

    second = hmic("tokens", "create", "alice", url=url, cwd=tmp_path).stdout.strip()
    assert second != token
    listing = hmic("tokens", "list", url=url, cwd=tmp_path).stdout
    assert token not in listing and second not in listing
    lines = listing.splitlines()
    assert lines[0].split()[:4] == ["ID", "USER", "NAME", "STARTS"]
    assert lines[1].split()[:5] == ["1", "alice", "nightly", "export", token[:8] + "..."]
    assert lines[2].split()[:4] == ["2", "alice", "default", second[:8] + "..."]
    assert all(line.rstrip().endswith("active") for line in lines[1:])

    done = hmic("tokens", "revoke", "1", url=url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "revoked token 1 ('nightly export') of alice\n"
    assert "revoked" in hmic("tokens", "list", "alice", url=url, cwd=tmp_path).stdout.splitlines(
    )[1]
    assert stored(url, ApiToken)[0].revoked_at is not None
    assert [e.action for e in stored(url, AuditEvent)] == [
        "add_user", "create_token", "create_token", "revoke_token"]


def test_token_commands_refuse_bad_input_in_one_line(url: str, tmp_path: Path) -> None:
    fails(hmic("tokens", "create", "ghost", url=url, cwd=tmp_path), "no user called 'ghost'")
    fails(hmic("tokens", "list", "ghost", url=url, cwd=tmp_path), "no user called 'ghost'")
    fails(hmic("tokens", "revoke", "7", url=url, cwd=tmp_path), "token 7 does not exist")
    fails(hmic("tokens", "revoke", "seven", url=url, cwd=tmp_path),
          "token ID 'seven' is not a number (see hmic-actions tokens list)")
    add(url, tmp_path, "bob", "viewer")
    hmic("users", "disable", "bob", url=url, cwd=tmp_path)
    fails(hmic("tokens", "create", "bob", url=url, cwd=tmp_path),
          "user 'bob' is disabled; enable them first")
    assert hmic("tokens", "list", url=url, cwd=tmp_path).stdout == "no tokens\n"
    assert stored(url, ApiToken) == []
