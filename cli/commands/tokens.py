"""``hmic-actions tokens ...``: API tokens for programs (create, list, revoke).

A token is printed once, when it is made: only its SHA-256 is stored, so it cannot be
shown again. ``tokens create`` prints the token alone on standard output (so that
``TOKEN=$(hmic-actions tokens create alice)`` works) and the note on standard error.
"""

from __future__ import annotations

import argparse
import sys

from cli.commands.users import actor, table, tracker_session, when
from cli.main import CommandError


def register(subcommands: argparse._SubParsersAction) -> None:
    tokens = subcommands.add_parser(
        "tokens", help="create, list and revoke API tokens (Authorization: Bearer TOKEN)")
    actions = tokens.add_subparsers(dest="tokens_command", required=True, metavar="ACTION")

    create = actions.add_parser(
        "create", help="make a token for a user and print it (once)",
        description="Make an API token for USER and print it. It is shown only now: only "
                    "its hash is stored. Programs send it as 'Authorization: Bearer TOKEN' "
                    "and act with USER's role.")
    create.add_argument("user", metavar="USER")
    create.add_argument("--name", metavar="LABEL", default=None,
                        help="what the token is for, e.g. 'nightly export' (default: default)")
    create.set_defaults(run=run_create)

    listing = actions.add_parser("list", help="list tokens (never the tokens themselves)")
    listing.add_argument("user", metavar="USER", nargs="?", help="only this user's tokens")
    listing.set_defaults(run=run_list)

    revoke = actions.add_parser("revoke", help="revoke a token for good")
    revoke.add_argument("token_id", metavar="ID", help="the token's ID (see tokens list)")
    revoke.set_defaults(run=run_revoke)


def run_create(args: argparse.Namespace) -> int:
    from models.ops.users import create_token

    with tracker_session() as session:
        token, plaintext = create_token(session, args.user, args.name, actor=actor())
        token_id, label, user = token.id, token.name, token.user.name
    print(plaintext, flush=True)
    print(f"token {token_id} ({label!r}) for {user}: it will not be shown again, so store it "
          "now", file=sys.stderr)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from models.ops.users import list_tokens

    with tracker_session() as session:
        rows = [(t.id, t.user.name, t.name, t.prefix + "...", when(t.created_at),
                 when(t.last_used_at),
                 "active" if t.revoked_at is None else f"revoked {when(t.revoked_at)}")
                for t in list_tokens(session, args.user)]
    if not rows:
        print("no tokens" + (f" for {args.user}" if args.user else ""))
        return 0
    print(table(("ID", "USER", "NAME", "STARTS", "CREATED (UTC)", "LAST USED", "STATE"), rows))
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    from models.ops.users import revoke_token

    try:
        token_id = int(args.token_id)
    except ValueError:
        raise CommandError(f"token ID {args.token_id!r} is not a number "
                           "(see hmic-actions tokens list)") from None
    with tracker_session() as session:
        token = revoke_token(session, token_id, actor=actor())
        label, user = token.name, token.user.name
    print(f"revoked token {token_id} ({label!r}) of {user}")
    return 0
