"""What the app's views share: the database engine, a session per request, the dispatcher."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from worker.dispatch import Dispatcher

__all__ = ["Services", "close_session", "db_session", "rollback_session", "services"]

KEY = "hmic_actions"


@dataclass
class Services:
    """The app's connections to the rest of the system."""

    engine: Engine
    sessions: sessionmaker[Session]
    dispatcher: Dispatcher


def services() -> Services:
    """The current app's services."""
    return current_app.extensions[KEY]


def db_session() -> Session:
    """This request's database session (closed when the request ends)."""
    if "db_session" not in g:
        g.db_session = services().sessions()
    return g.db_session


def rollback_session() -> None:
    """Roll back this request's session, if it has one (an error answer keeps no change)."""
    session = g.get("db_session")
    if session is not None:
        session.rollback()


def close_session(_exc: BaseException | None = None) -> None:
    """Close the request's session, rolling back anything not committed."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
