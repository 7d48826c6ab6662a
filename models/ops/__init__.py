"""Operations on the tracker, as plain functions over a session, one module per entity:
``drafts`` (and ``undo``), ``items``, ``reports``, ``users``; ``audit`` writes the trail.

Each operation takes the acting person's name, changes rows, and writes an AuditEvent
(the row before and after, as JSON) in the same session, so both are committed or rolled
back together; the caller owns the transaction (see ``models.db.session_scope``). Operations
flush, so ids exist and database errors surface inside the operation.

Decisions on drafts (confirm, link, reject) apply only to pending drafts. Callers that
showed a person a particular version of a row pass it as ``expected_version``; if the
row has changed since, the operation raises ConflictError instead of overwriting. Every
failure is an ``errors.OperationError`` with one line a person can act on.
"""
