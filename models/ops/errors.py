"""What every tracker operation may raise: one line a person can act on."""

from __future__ import annotations


class OperationError(Exception):
    """The operation cannot be done on these rows (the message says why, in one line)."""


class NotFoundError(OperationError):
    """A row the operation needs does not exist."""


class ConflictError(OperationError):
    """The row changed since the caller read it (optimistic locking), or a unique value clashed.

    ``code`` optionally names the clash for callers that answer with codes (e.g.
    ``"name_taken"``); None leaves the choice to them.
    """

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class DuplicateError(ConflictError):
    """Confirming would make a second item for one already tracked (``existing``)."""

    def __init__(self, message: str, existing: object) -> None:
        super().__init__(message, code="duplicate")
        self.existing = existing
