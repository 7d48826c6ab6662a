"""Who is calling: API tokens, session login for the page, CSRF protection and role checks.

``init_auth(app)`` installs all of it:

- ``POST /api/session`` with JSON ``{"name", "password"}`` logs in: it sets the session
  cookie (HttpOnly, SameSite=Lax, Secure when ``SESSION_COOKIE_SECURE``) and answers
  ``{"user", "role", "auth", "csrf_token"}``; ``GET /api/session`` says who is calling;
  ``DELETE /api/session`` logs out (204).
- Before every request the caller is resolved from ``Authorization: Bearer <token>`` or
  else the session cookie, into ``flask.g``: ``user`` (a ``models.tables.User`` or None),
  ``auth_method`` ("token", "session" or None) and ``api_token`` (the ``ApiToken`` used, or
  None). A Bearer header that does not name a live token is not a login: the request is
  unauthenticated even if it also carries a cookie.
- Cookie-authenticated POST, PUT, PATCH and DELETE need the header ``X-CSRF-Token`` equal
  to the token the login returned (else 403 ``csrf_failed``); token-authenticated requests
  need none, since browsers never add an Authorization header on their own.
- ``@requires(role)`` on a view: no caller → 401 ``unauthenticated`` with
  ``WWW-Authenticate: Bearer``; a role below ``role`` → 403 ``forbidden``. Views without it
  (health) stay open.

Failed logins are limited in each process, within ``LOGIN_WINDOW_SECONDS`` (default 300):
after ``LOGIN_MAX_FAILURES`` (default 5) failures for one name, further attempts for that name
get 429 ``too_many_attempts`` (with ``Retry-After``) until the oldest failure leaves the
window; after ``LOGIN_MAX_ADDRESS_FAILURES`` (default 50) from one address, so do attempts
from it for any name. The second limit is much higher, so that one person's mistyped
password does not lock out everyone behind the same address (an office's proxy), while one
address trying many names is still stopped. A successful login clears the failures of its
name.

Configuration: ``SECRET_KEY`` signs the session cookie; unset, it comes from the setting
``HMIC_SECRET_KEY``, and without that a random key is made for this process, so sessions do
not survive a restart (tokens do). ``SESSION_COOKIE_SECURE``, else the setting
``HMIC_SECURE_COOKIES``, marks the cookie Secure, for HTTPS (the settings and their defaults
are in ``hmic_actions.settings``). ``AUTH_SESSION_HOURS`` (default 12) is how long a login
lasts. A session ends at once when its user is disabled or their password changes.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request, session

from api.errors import error_response
from api.services import db_session
from hmic_actions import settings
from hmic_actions.vocab import ROLES
from models.ops.users import authenticate, has_role, token_for
from models.tables import User

__all__ = ["CSRF_HEADER", "LoginLimits", "LoginThrottle", "current_user", "init_auth", "requires"]

log = logging.getLogger(__name__)

CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DEFAULT_SESSION_HOURS = 12
DEFAULT_LOGIN_MAX_FAILURES = 5
DEFAULT_LOGIN_MAX_ADDRESS_FAILURES = 50
DEFAULT_LOGIN_WINDOW_SECONDS = 300
EXTENSION = "hmic_actions.auth"
THROTTLE = "hmic_actions.login_throttle"
REALM = "hmic-actions"
# Longer credentials are refused before any hashing work is done on them.
_MAX_CREDENTIAL_LENGTH = 1024

bp = Blueprint("auth", __name__, url_prefix="/api")

ViewT = TypeVar("ViewT", bound=Callable[..., Any])


# --- setting up ------------------------------------------------------------------------------


def init_auth(app: Flask) -> None:
    """Install authentication on ``app``: configuration, the caller hook and ``/api/session``.

    The app must give views a database session through ``api.services.db_session``.
    Calling it again on the same app does nothing.
    """
    if EXTENSION in app.extensions:
        return
    _configure(app)
    app.before_request(_identify_caller)
    app.register_blueprint(bp)
    window = app.config["LOGIN_WINDOW_SECONDS"]
    app.extensions[THROTTLE] = LoginLimits(
        names=LoginThrottle(app.config["LOGIN_MAX_FAILURES"], window),
        addresses=LoginThrottle(app.config["LOGIN_MAX_ADDRESS_FAILURES"], window))
    app.extensions[EXTENSION] = True


def _configure(app: Flask) -> None:
    config = app.config
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = settings.value("HMIC_SECRET_KEY")
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = secrets.token_hex(32)
        log.warning("HMIC_SECRET_KEY is not set: using a random key, so logins end when this "
                    "process stops (API tokens are not affected)")
    if config.get("SESSION_COOKIE_NAME") in (None, "session"):
        config["SESSION_COOKIE_NAME"] = "hmic_session"
    config["SESSION_COOKIE_HTTPONLY"] = True
    if not config.get("SESSION_COOKIE_SAMESITE"):
        config["SESSION_COOKIE_SAMESITE"] = "Lax"
    if not config.get("SESSION_COOKIE_SECURE"):
        config["SESSION_COOKIE_SECURE"] = settings.value("HMIC_SECURE_COOKIES")
    hours = config.setdefault("AUTH_SESSION_HOURS", DEFAULT_SESSION_HOURS)
    if not isinstance(hours, int | float) or hours <= 0:
        raise ValueError(f"AUTH_SESSION_HOURS must be a positive number of hours, not {hours!r}")
    window = config.setdefault("LOGIN_WINDOW_SECONDS", DEFAULT_LOGIN_WINDOW_SECONDS)
    for key, default in (("LOGIN_MAX_FAILURES", DEFAULT_LOGIN_MAX_FAILURES),
                         ("LOGIN_MAX_ADDRESS_FAILURES", DEFAULT_LOGIN_MAX_ADDRESS_FAILURES)):
        failures = config.setdefault(key, default)
        if not isinstance(failures, int) or isinstance(failures, bool) or failures < 1:
            raise ValueError(f"{key} must be a whole number of at least 1, not {failures!r}")
    if not isinstance(window, int | float) or window <= 0:
        raise ValueError(f"LOGIN_WINDOW_SECONDS must be a positive number, not {window!r}")


# --- limiting failed logins ------------------------------------------------------------------


class LoginThrottle:
    """Failed logins per key (a name, an address) in a sliding window, in this process."""

    # Beyond this many keys, expired ones are dropped, so a flood of names cannot fill memory.
    _PRUNE_AT = 10_000

    def __init__(self, max_failures: int, window_seconds: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.window = float(window_seconds)
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, keys: Iterable[str]) -> int | None:
        """Seconds until any of ``keys`` may try again, or None when all may try now."""
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if len(times) >= self.max_failures:
                    wait = max(wait, times[-self.max_failures] + self.window - now)
        return max(1, int(wait + 0.999)) if wait > 0 else None

    def failed(self, keys: Iterable[str]) -> None:
        """Count a failed login against each of ``keys``."""
        now = self.clock()
        with self._lock:
            if len(self._failures) > self._PRUNE_AT:
                for key in list(self._failures):
                    self._recent(key, now)
            for key in keys:
                self._failures.setdefault(key, deque(maxlen=self.max_failures)).append(now)

    def succeeded(self, key: str) -> None:
        """Forget the failures of ``key`` (a name that has just logged in)."""
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            self._failures.pop(key, None)
        return times


@dataclass(frozen=True)
class LoginLimits:
    """The failed logins counted per name, and (with a higher limit) per address."""

    names: LoginThrottle
    addresses: LoginThrottle

    def retry_after(self, name: str, address: str | None) -> tuple[int, str] | None:
        """(seconds, whose limit) until ``name`` may try from ``address``, or None: now."""
        for throttle, key, whose in ((self.names, _name_key(name), "for this name"),
                                     (self.addresses, f"address:{address}",
                                      "from this address")):
            wait = throttle.retry_after([key])
            if wait is not None:
                return wait, whose
        return None

    def failed(self, name: str, address: str | None) -> None:
        self.names.failed([_name_key(name)])
        self.addresses.failed([f"address:{address}"])

    def succeeded(self, name: str) -> None:
        self.names.succeeded(_name_key(name))


def _name_key(name: str) -> str:
    return f"name:{' '.join(name.split()).casefold()}"


# --- who is calling --------------------------------------------------------------------------


def current_user() -> User | None:
    """The user making this request, or None when nobody (valid) is logged in."""
    if "user" not in g:
        raise RuntimeError("authentication is not installed on this app: call init_auth(app)")
    return g.user


def _identify_caller() -> tuple[Response, int] | None:
    g.user, g.auth_method, g.api_token, g.auth_problem = None, None, None, None
    header = request.headers.get("Authorization")
    if header is not None:
        _identify_by_token(header)
        return None
    if "user_id" not in session:
        return None
    user = _session_user()
    if user is None:
        session.clear()
        g.auth_problem = "the login has ended; log in again"
        return None
    g.user, g.auth_method = user, "session"
    if request.method in UNSAFE_METHODS and request.endpoint != "auth.login":
        sent = request.headers.get(CSRF_HEADER, "")
        expected = session.get("csrf", "")
        if not (sent and expected and hmac.compare_digest(sent.encode(), expected.encode())):
            return error_response(403, "csrf_failed",
                                  f"a change made with a login cookie needs the {CSRF_HEADER} "
                                  "header holding the csrf_token from GET /api/session")
    return None


def _identify_by_token(header: str) -> None:
    scheme, _, credentials = header.strip().partition(" ")
    credentials = credentials.strip()
    if scheme.lower() != "bearer" or not credentials:
        g.auth_problem = "the Authorization header must be 'Bearer <token>'"
        return
    database = db_session()
    token = token_for(database, credentials)
    if token is None:
        database.rollback()
        g.auth_problem = "the token is not valid (unknown or revoked, or its user is disabled)"
        return
    user = token.user
    database.commit()  # keeps last_used_at
    g.user, g.auth_method, g.api_token = user, "token", token


def _session_user() -> User | None:
    """The user of a still-valid login session, or None."""
    user_id, since = session.get("user_id"), session.get("since")
    if not isinstance(user_id, int) or not isinstance(since, int | float):
        return None
    max_age = current_app.config["AUTH_SESSION_HOURS"] * 3600
    if not 0 <= time.time() - since <= max_age:
        return None
    user = db_session().get(User, user_id)
    if user is None or not user.active or not user.password_hash:
        return None
    if not hmac.compare_digest(session.get("stamp", ""), _stamp(user)):
        return None  # the password changed since this login
    return user


def _stamp(user: User) -> str:
    """A keyed fingerprint of the user's password hash: a new password ends older logins."""
    key = current_app.secret_key
    key_bytes = key.encode() if isinstance(key, str) else bytes(key or b"")
    material = f"{user.id}:{user.password_hash}".encode()
    return hmac.new(key_bytes, material, hashlib.sha256).hexdigest()[:32]


# --- guarding views --------------------------------------------------------------------------


def _unauthenticated(code: str, message: str, invalid_token: bool = False
                     ) -> tuple[Response, int]:
    response, status = error_response(401, code, message)
    challenge = f'Bearer realm="{REALM}"'
    if invalid_token:
        challenge += ', error="invalid_token"'
    response.headers["WWW-Authenticate"] = challenge
    return response, status


def requires(role: str = "viewer") -> Callable[[ViewT], ViewT]:
    """Let a view run only for an active user of at least ``role``.

    Nobody logged in → 401 ``unauthenticated``; a lower role → 403 ``forbidden``. The role
    is also kept on the view as ``required_role`` (for documentation).
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r} (one of {', '.join(ROLES)})")

    def decorate(view: ViewT) -> ViewT:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                problem = g.get("auth_problem")
                return _unauthenticated(
                    "unauthenticated",
                    problem or "log in, or send an API token as 'Authorization: Bearer <token>'",
                    invalid_token=problem is not None and "Authorization" in request.headers)
            if not has_role(user, role):
                return error_response(403, "forbidden",
                                      f"this needs the {role} role or higher; "
                                      f"{user.name} is a {user.role}")
            return view(*args, **kwargs)

        guarded.required_role = role  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


# --- /api/session ----------------------------------------------------------------------------


def _whoami(user: User) -> dict[str, Any]:
    csrf = session.get("csrf") if g.auth_method == "session" else None
    return {"user": user.name, "role": user.role, "auth": g.auth_method, "csrf_token": csrf}


@bp.post("/session")
def login() -> tuple[Response, int]:
    """Log in with name and password: sets the session cookie, answers with the CSRF token."""
    body = request.get_json(silent=True)
    name = body.get("name") if isinstance(body, dict) else None
    password = body.get("password") if isinstance(body, dict) else None
    if not isinstance(name, str) or not isinstance(password, str):
        return error_response(400, "bad_request",
                              'send JSON {"name": "...", "password": "..."}')
    if len(name) > _MAX_CREDENTIAL_LENGTH or len(password) > _MAX_CREDENTIAL_LENGTH:
        return error_response(400, "bad_request",
                              f"name and password have at most {_MAX_CREDENTIAL_LENGTH} "
                              "characters")
    limits: LoginLimits = current_app.extensions[THROTTLE]
    refused = limits.retry_after(name, request.remote_addr)
    if refused is not None:
        wait, whose = refused
        log.warning("login for %r from %s refused: too many failures %s", name[:100],
                    request.remote_addr, whose)
        response, status = error_response(
            429, "too_many_attempts",
            f"too many failed logins {whose}; try again in {wait} seconds")
        response.headers["Retry-After"] = str(wait)
        return response, status
    database = db_session()
    user = authenticate(database, name, password)
    if user is None:
        log.warning("failed login for %r from %s", name[:100], request.remote_addr)
        limits.failed(name, request.remote_addr)
        session.clear()
        return _unauthenticated("invalid_credentials",
                                "the name or password is wrong, or the user is disabled")
    limits.succeeded(name)
    session.clear()
    session["user_id"] = user.id
    session["since"] = int(time.time())
    session["stamp"] = _stamp(user)
    session["csrf"] = secrets.token_urlsafe(32)
    g.user, g.auth_method, g.api_token, g.auth_problem = user, "session", None, None
    log.info("%s logged in from %s", user.name, request.remote_addr)
    return jsonify(_whoami(user)), 200


@bp.get("/session")
@requires("viewer")
def whoami() -> Response:
    """Who is calling, their role, how they authenticated, and (for a login) the CSRF token."""
    return jsonify(_whoami(current_user()))  # type: ignore[arg-type]


@bp.delete("/session")
def logout() -> tuple[str, int]:
    """End the login session (the cookie is cleared); 204 whether or not there was one."""
    session.clear()
    return "", 204
