"""Clients for the API tests: an app on the test database, and callers of each role.

``reviewer`` and ``viewer`` call with API tokens of those roles, ``anonymous`` without
credentials; ``queue`` records what the app asked workers to do. A test module may define
its own ``app`` (the clients then use it).
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

from api import create_app
from tests.api.test_reports import RecordingQueue
from tests.service import api_token, signed_in


@pytest.fixture
def queue() -> RecordingQueue:
    """The dispatcher of ``app``: what it was asked to send and to match again."""
    return RecordingQueue()


@pytest.fixture
def app(engine: Engine, queue: RecordingQueue) -> Flask:
    return create_app({"ENGINE": engine, "DISPATCHER": queue})


@pytest.fixture
def reviewer(app: Flask, engine: Engine) -> FlaskClient:
    return signed_in(app.test_client(), api_token(engine, "rory", "reviewer"))


@pytest.fixture
def viewer(app: Flask, engine: Engine) -> FlaskClient:
    return signed_in(app.test_client(), api_token(engine, "vera", "viewer"))


@pytest.fixture
def anonymous(app: Flask) -> FlaskClient:
    return app.test_client()
