"""The database: SQLAlchemy models, migrations and tracker operations."""

from models.db import (
    DatabaseUrlError,
    database_url,
    make_engine,
    make_sessionmaker,
    parse_url,
    redact,
    session_scope,
)
from models.ops import ConflictError, NotFoundError, OperationError
from models.tables import (
    AuditEvent,
    Base,
    Draft,
    Link,
    MatchDecision,
    Report,
    StoredFile,
    TrackedItem,
    User,
    utcnow,
)

__all__ = [
    "AuditEvent",
    "Base",
    "ConflictError",
    "DatabaseUrlError",
    "Draft",
    "Link",
    "MatchDecision",
    "NotFoundError",
    "OperationError",
    "Report",
    "StoredFile",
    "TrackedItem",
    "User",
    "database_url",
    "make_engine",
    "make_sessionmaker",
    "parse_url",
    "redact",
    "session_scope",
    "utcnow",
]
