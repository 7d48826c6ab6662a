"""``hmic-actions users ...``: add, list, disable and enable users; change a role or password.

There is no default user and no default password: the first admin is added here, e.g.
``hmic-actions users add alice --role admin``. Passwords are asked for twice on a terminal,
or read from the first line of standard input with ``--password-stdin``; they are never
taken as arguments (which other local users could read in the process list). The audit
trail names the login name of whoever ran the command.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cli.database import database_errors, open_database
from cli.main import PROG, CommandError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ROLE_HELP = "viewer (reads), reviewer (decides drafts, edits items), lead, admin (manages users)"


def register(subcommands: argparse._SubParsersAction) -> None:
    users = subcommands.add_parser(
        "users", help="add, list and disable the people who use the service",
        description=f"Manage users. Roles, lowest first: {ROLE_HELP}.")
    actions = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")

    add = actions.add_parser(
        "add", help="add a user",
        description="Add a user. The password is asked for twice on a terminal, or read "
                    f"from standard input with --password-stdin (at least 10 characters). "
                    f"Roles: {ROLE_HELP}.")
    add.add_argument("name", metavar="NAME", help="the name the user logs in with")
    add.add_argument("--role", required=True, metavar="ROLE",
                     help="viewer, reviewer, lead or admin")
    _password_options(add)
    add.add_argument("--no-password", action="store_true",
                     help="no password: the user can only use API tokens (for programs)")
    add.set_defaults(run=run_add)

    listing = actions.add_parser("list", help="list users with their role and state")
    listing.set_defaults(run=run_list)

    disable = actions.add_parser(
        "disable", help="disable a user: their password, logins and tokens stop working")
    disable.add_argument("name", metavar="NAME")
    disable.set_defaults(run=run_disable)

    enable = actions.add_parser("enable", help="enable a disabled user again")
    enable.add_argument("name", metavar="NAME")
    enable.set_defaults(run=run_enable)

    role = actions.add_parser("role", help="give a user another role")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", metavar="ROLE", help="viewer, reviewer, lead or admin")
    role.set_defaults(run=run_role)

    password = actions.add_parser(
        "password", help="set a user's password (their current logins end)")
    password.add_argument("name", metavar="NAME")
    _password_options(password)
    password.set_defaults(run=run_password)


def _password_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--password-stdin", action="store_true",
                        help="read the password from the first line of standard input")


# --- shared by the users and tokens commands -------------------------------------------------


def actor() -> str:
    """The name recorded in the audit trail: the login name of whoever runs the command."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a bare container
        return PROG


@contextmanager
def tracker_session() -> Iterator[Session]:
    """A transaction on the tracker database; model errors become one-line CommandErrors."""
    from models.db import session_scope
    from models.ops.errors import OperationError

    engine, url = open_database()
    try:
        with database_errors(url), session_scope(engine) as session:
            try:
                yield session
            except OperationError as exc:
                raise CommandError(str(exc)) from None
    finally:
        engine.dispose()


def when(moment: datetime | None) -> str:
    """A timestamp for a listing, in UTC to the minute; "-" for none."""
    return f"{moment:%Y-%m-%d %H:%M}" if moment is not None else "-"


def table(headings: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Rows as left-aligned columns under their headings."""
    cells = [list(headings), *[[str(value) for value in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headings))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
             for row in cells]
    return "\n".join(line.rstrip() for line in lines)


# --- commands ---------------------------------------------------------------------------------


def _role(value: str) -> str:
    from hmic_actions.vocab import ROLES

    if value not in ROLES:
        raise CommandError(f"role {value!r} is not one of {', '.join(ROLES)}")
    return value


def read_password(name: str, from_stdin: bool,
                  ask: Callable[[str], str] = getpass.getpass) -> str:
    """The new password for ``name``: from standard input, or asked for twice on a terminal."""
    from models.ops.errors import OperationError
    from models.ops.users import check_password

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        try:
            password = ask(f"password for {name}: ")
            if ask("the same password again: ") != password:
                raise CommandError("the two passwords differ; nothing was changed")
        except EOFError:
            raise CommandError("no password given; nothing was changed") from None
    else:
        raise CommandError("no terminal to ask for the password on: pass it on standard input "
                           "with --password-stdin")
    try:
        return check_password(password, name)
    except OperationError as exc:
        raise CommandError(f"{exc}; nothing was changed") from None


def run_add(args: argparse.Namespace) -> int:
    from models.ops.users import add_user, name_taken

    role = _role(args.role)
    if args.no_password and args.password_stdin:
        raise CommandError("--no-password and --password-stdin cannot go together")
    password = None
    if not args.no_password:
        # Say that the name is taken before asking for a password, not after.
        with tracker_session() as session:
            taken = name_taken(session, args.name)
        if taken is not None:
            raise CommandError(f"user {taken!r} already exists")
        password = read_password(" ".join(args.name.split()), args.password_stdin)
    with tracker_session() as session:
        user = add_user(session, args.name, role, password, actor=actor())
        name, how = user.name, "with a password" if password else "without a password"
    print(f"added user {name} ({role}, {how})")
    if role == "admin" or not password:
        print(f"create an API token with: {PROG} tokens create {_quoted(name)}")
    return 0


def _quoted(name: str) -> str:
    import shlex

    return shlex.quote(name)


def run_list(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from models.ops.users import list_users
    from models.tables import ApiToken

    with tracker_session() as session:
        users = list_users(session)
        live = dict(session.execute(
            select(ApiToken.user_id, func.count()).where(ApiToken.revoked_at.is_(None))
            .group_by(ApiToken.user_id)).tuples().all())
        rows = [(u.name, u.role, "active" if u.active else "disabled",
                 "yes" if u.password_hash else "no", live.get(u.id, 0), when(u.created_at))
                for u in users]
    if not rows:
        print(f"no users yet; add the first admin with: {PROG} users add NAME --role admin")
        return 0
    print(table(("NAME", "ROLE", "STATE", "PASSWORD", "TOKENS", "CREATED (UTC)"), rows))
    return 0


def run_disable(args: argparse.Namespace) -> int:
    from models.ops.users import disable_user

    with tracker_session() as session:
        name = disable_user(session, args.name, actor=actor()).name
    print(f"disabled user {name}: their password, logins and tokens no longer work")
    return 0


def run_enable(args: argparse.Namespace) -> int:
    from models.ops.users import enable_user

    with tracker_session() as session:
        name = enable_user(session, args.name, actor=actor()).name
    print(f"enabled user {name}")
    return 0


def run_role(args: argparse.Namespace) -> int:
    from models.ops.users import set_role

    role = _role(args.role)
    with tracker_session() as session:
        name = set_role(session, args.name, role, actor=actor()).name
    print(f"user {name} is now {role}")
    return 0


def run_password(args: argparse.Namespace) -> int:
    from models.ops.users import get_user, set_password

    with tracker_session() as session:
        name = get_user(session, args.name).name
    password = read_password(name, args.password_stdin)
    with tracker_session() as session:
        set_password(session, name, password, actor=actor())
    print(f"set the password of {name}; their current logins have ended")
    return 0
