"""Rows in every table of the schema as a revision left it, and their comparison later.

For the tests of migrations on databases that hold data. ``revisions()`` lists the shipped
revisions oldest first, read from the migration scripts, so a new revision is covered as
soon as it is shipped.

``fill(engine)`` writes several rows into every table the database has, each table
reflected as it is at that revision, in dependency order. Values come by column type:
NULLs where a column allows them (SQL NULL, and JSON null in JSON columns), non-ASCII,
quoted and very long text, empty strings, JSON lists and dicts, timestamps with UTC
offsets, leap days and far dates, bytes that are not text. A column under a CHECK
constraint gets the values the constraint allows (read from it); a foreign key points at
a row written before; a table's reference to itself makes chains (an item superseded by one
that is itself superseded). Some columns get realistic values (``REALISTIC``).

``snapshot(engine)`` reads every row back, normalised so that both databases compare alike,
and ``differences(expected, actual)`` says, row by row and column by column, what changed.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import re
import textwrap
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Connection, Engine, MetaData, Table

from models.migrate import alembic_config

#: table -> primary key -> column -> value
Rows = dict[str, dict[tuple[Any, ...], dict[str, Any]]]

#: Rows written into each table by one fill; more where chains need them.
ROWS = 6
COUNTS = {"tracked_items": 8}
SKIPPED = {"alembic_version"}


class _Null:
    """A NULL to write: SQL NULL, or JSON's ``null`` in a JSON column. Reads back as None."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


SQL_NULL = _Null("SQL_NULL")
JSON_NULL = _Null("JSON_NULL")

# --------------------------------------------------------------------------- revisions


def scripts() -> ScriptDirectory:
    """The shipped migration scripts."""
    return ScriptDirectory.from_config(alembic_config())


def revisions() -> list[str]:
    """Every shipped revision, oldest first (the history is one line)."""
    directory = scripts()
    heads = directory.get_heads()
    assert len(heads) == 1, f"the migrations have several heads: {heads}"
    return [script.revision for script in reversed(list(directory.walk_revisions()))]


def _does_something(function: Callable[..., Any] | None) -> bool:
    if function is None:
        return False
    body = ast.parse(textwrap.dedent(inspect.getsource(function))).body[0].body
    statements = [node for node in body if not (
        isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]
    return bool(statements) and not any(
        isinstance(node, ast.Pass | ast.Raise) for node in statements)


def reversible(revision: str) -> bool:
    """Whether every revision after ``revision`` has a downgrade that does something."""
    later = revisions()[revisions().index(revision) + 1:]
    return all(_does_something(getattr(scripts().get_revision(name).module, "downgrade", None))
               for name in later)


# --------------------------------------------------------------------------- values

DATETIMES = (
    datetime(2025, 11, 26, 9, 30, 15, 123456, tzinfo=UTC),
    datetime(2024, 3, 31, 1, 59, 59, tzinfo=timezone(timedelta(hours=1))),
    datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=-5))),
    datetime(2030, 2, 28, 12, 0, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    datetime(2028, 2, 29, 0, 0, 0, 1, tzinfo=UTC),
    datetime(2026, 10, 25, 1, 30, tzinfo=timezone(timedelta(hours=14))),
    datetime(2099, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-11))),
    datetime(2021, 6, 1, 0, 0, tzinfo=UTC),
)
DATES = (date(2025, 3, 31), date(2027, 3, 31), date(1999, 12, 31), date(2028, 2, 29),
         date(2030, 1, 1), date(2026, 11, 26), date(1970, 1, 1), date(2100, 12, 31))
INTS = (1, 12, 0, 42, 2_000_000_000, 3, 7, 250)
FLOATS = (0.5, 0.1, 1.0, 0.0, 123456.789, 1e-9, 0.875, 2.5)
TEXT = ("{mark} {name}: Gwasanaeth Heddlu Dyfed-Powys — ‘quoted’ \"double\" it's "
        "back\\slash; tab\there\nnew line ŵŷ 🚓 naïve café ½ {mark}")
LONG_TEXT = ("Chief constables should make sure their forces record stalking and harassment "
             "accurately — ‘Ymchwiliad’ ŵ 🚓. ") * 250
JSONS: tuple[Any, ...] = (
    ["Chief constables", "Police and crime commissioners", "Heddlu Gwent ŵ"],
    {"page": 12, "bbox": [72.0, 100.5, 520.25, 140.0], "note": "‘quoted’ — café 🚓"},
    [],
    {"nested": {"list": [1, 2.5, None, True, False], "empty": {}}, "ü": "é", "n": None},
    [{"at": "2025-03-01T09:30:00+00:00", "by": "Zoë O'Neill", "text": "x" * 3000}],
    {},
    [[1, 2], ["a", {"b": []}]],
    {"score": 0.875, "reasons": ["same subject", "re-states the old item"]},
)

#: Realistic values by (table, column), used as given (None is written as NULL), one per
#: row in turn. Columns under a unique constraint get a suffix in later fills.
REALISTIC: dict[tuple[str, str], tuple[Any, ...]] = {
    ("users", "name"): ("Priya Shah", "Siôn Llŷr Evans", "Zoë O'Neill", "Łukasz Wiśniewski",
                        "陈伟", "prometheus"),
    ("users", "password_hash"): (
        "pbkdf2:sha256:600000$c2FsdA$" + "ab" * 32, None, "scrypt:32768:8:1$" + "cd" * 40,
        None, "pbkdf2:sha256:600000$eA$" + "ef" * 32, None),
    ("reports", "file_name"): (
        "peel-2023-25-dyfed-powys.pdf", "Adroddiad Heddlu Gwent (terfynol) ŵ.pdf",
        "state-of-policing-2023.pdf", "north-wales 'final' v2.pdf",
        "stalking and harassment — thematic.pdf", "vetting-misconduct-misogyny.pdf"),
    ("reports", "title"): (
        "PEEL 2023–25: an inspection of Dyfed-Powys Police", None,
        "State of policing: the annual assessment of policing in England and Wales 2023",
        "Ymchwiliad i Heddlu Gogledd Cymru",
        "Stalking and harassment: a thematic inspection — " + LONG_TEXT,
        "An inspection of vetting, misconduct and misogyny in the police service (2022–23)"),
    ("reports", "published"): (date(2024, 5, 1), None, None, date(2023, 3, 2),
                               date(2019, 12, 31), None),
    ("tracked_items", "reference"): (
        "PEEL-2018-DP-R1", "CDI-2016-R3", "SOP-2023-AFI-2", "GC-2020-R1", "HMI-2021-0042",
        "STK-2022-R7", "PEEL-2018-DP-R2", "MISC-ŵ-1"),
    ("tracked_items", "source_report"): (
        "PEEL 2018/19: an inspection of Dyfed-Powys Police", "Crime data integrity 2016",
        None, "Heddlu Gogledd Cymru — ‘arolygiad’ 2020", None,
        "Stalking: a joint thematic (2021–22)", "", "A report without a year — ŵŷ"),
    ("tracked_items", "text"): (
        "By 31 March 2020, chief constables should review how they record reports of "
        "stalking and act on what the review finds.",
        "The force should make sure crimes reported to it are recorded — ‘without delay’.",
        LONG_TEXT,
        "Dylai'r prif gwnstabl sicrhau bod troseddau'n cael eu cofnodi ŵ.",
        "Forces should train call handlers on stalking.",
        "Chief constables should audit stalking cases within six months.",
        "Forces should publish their data on stop and search (“S&S”).",
        "Forces should wait."),
    ("tracked_items", "addressees"): (
        ["Chief constables"], ["Chief constables", "Police and crime commissioners"], [],
        ["Home Office", "College of Policing"], ["chief_constables"], ["NPCC ŵ"], [],
        ["Chief constables"]),
    ("drafts", "bbox"): ([72.0, 100.5, 520.25, 140.0], None, [0.0, 0.0, 595.28, 841.89],
                         [72.0, 700.0, 520.0, 760.125], JSON_NULL, [10.5, 20.25, 30.0, 40.0]),
    ("drafts", "suggestions"): (
        [{"tracked_id": 1, "relation": "supersedes", "score": 81.5, "band": "suggest_link",
          "reasons": ["same subject", "re-states the old item"]}],
        [], [{"tracked_id": 2, "relation": "related", "score": 40.0, "reasons": ["ŵ"]}], [],
        [], [{"tracked_id": 3, "relation": "same_as", "score": 99.9, "reasons": []}]),
    ("drafts", "edit_history"): (
        [], [{"at": "2025-11-26T09:30:00+00:00", "by": "Priya Shah", "field": "text",
              "before": "Forces should publish data.", "after": "Forces should publish their "
              "data — ‘all of it’."}], [], [{"at": "2025-11-27T10:00:00+00:00", "by": "Zoë",
                                           "field": "kind", "before": None, "after": "x"}],
        [], []),
    ("audit_events", "action"): ("confirm_draft", "reject_draft", "link_draft", "edit_draft",
                                 "add_user", "revoke_token"),
    ("audit_events", "before"): (None, {"status": "open", "text": "ŵ " * 500}, JSON_NULL,
                                 {"review_state": "pending", "edit_history": []}, {}, None),
    ("audit_events", "after"): ({"id": 1, "status": "open", "addressees": ["Chief constables"]},
                                {"status": "closed"}, {"kind": "recommendation"}, None,
                                {"name": "陈伟", "role": "viewer"}, {"revoked_at": None}),
}


def _stored_file(row: dict[str, Any], i: int, batch: int) -> None:
    content = (b"%PDF-1.7\n" + bytes(range(256)) + f"report {batch}.{i}".encode()
               + b"\x00" * (i * 1000))
    row.update(content=content, sha256=hashlib.sha256(content).hexdigest(), size=len(content))


def _api_token(row: dict[str, Any], i: int, batch: int) -> None:
    token = f"hmic_{batch}{i}_secret-token-value"
    row.update(token_hash=hashlib.sha256(token.encode()).hexdigest(), prefix=token[:8])


#: Rows whose columns must agree with each other, put right after the values are chosen.
ROW_FIXES: dict[str, Callable[[dict[str, Any], int, int], None]] = {
    "stored_files": _stored_file, "api_tokens": _api_token}


# --------------------------------------------------------------------------- tables


def allowed_values(sqltext: str, columns: Iterable[str]) -> tuple[str | None, list[Any]]:
    """The column a CHECK constraint is about and the values it allows, from its SQL text as
    either database gives it back (``x IN ('a', 'b')``, ``(x)::text = ANY (ARRAY['a'::...])``,
    ``x BETWEEN 1 AND 4``, ``(x >= 1) AND (x <= 4)``); (None, []) if it cannot be read."""
    literals = [v.replace("''", "'") for v in re.findall(r"'((?:[^']|'')*)'", sqltext)]
    bare = re.sub(r"'(?:[^']|'')*'", "''", sqltext)
    bare = re.sub(r"::[\w ]+(?:\[\])?", "", bare)  # PostgreSQL's casts: ::text, ::character varying
    named = [c for c in columns if re.search(rf"(?<![\w.]){re.escape(c)}(?!\w)", bare)]
    if len(named) != 1:
        return None, []
    if literals:
        return named[0], literals
    between = re.search(r"BETWEEN\s+(-?\d+)\s+AND\s+(-?\d+)", bare, re.IGNORECASE)
    low, high = re.search(r">=\s*\(?(-?\d+)", bare), re.search(r"<=\s*\(?(-?\d+)", bare)
    if between:
        return named[0], list(range(int(between[1]), int(between[2]) + 1))
    if low and high:
        return named[0], list(range(int(low[1]), int(high[1]) + 1))
    return None, []


def checks_of(table: Table) -> dict[str, list[Any]]:
    """The values each CHECK-constrained column of ``table`` allows."""
    found: dict[str, list[Any]] = {}
    for constraint in table.constraints:
        if isinstance(constraint, sa.CheckConstraint):
            sqltext = str(constraint.sqltext)
            column, values = allowed_values(sqltext, table.columns.keys())
            if column is None and any((table.name, c) in REALISTIC
                                      for c in (col.name for col in table.columns)
                                      if c in sqltext):
                continue  # the realistic values of its columns are meant to satisfy it
            if column is None:
                raise ValueError(f"cannot read the CHECK constraint {constraint.name!r} of "
                                 f"{table.name}: {constraint.sqltext}; give its column "
                                 f"values in REALISTIC")
            found[column] = values
    return found


def unique_columns(table: Table) -> set[str]:
    """Columns in the primary key, a unique constraint or a unique index of ``table``."""
    found = {c.name for c in table.primary_key.columns}
    for constraint in table.constraints:
        if isinstance(constraint, sa.UniqueConstraint):
            found |= {c.name for c in constraint.columns}
    for index in table.indexes:
        if index.unique:
            found |= {c.name for c in index.columns}
    return found


def reflect(connection: Connection) -> dict[str, Table]:
    """The tables the database has now (without Alembic's own), parents before children."""
    metadata = MetaData()
    metadata.reflect(connection)
    return {t.name: t for t in metadata.sorted_tables if t.name not in SKIPPED}


def shape(engine: Engine) -> dict[str, dict[str, tuple[str, bool]]]:
    """Every table's columns: (type as the database names it, nullable)."""
    with engine.connect() as connection:
        return {name: {c.name: (str(c.type.compile(dialect=engine.dialect)), bool(c.nullable))
                       for c in table.columns}
                for name, table in reflect(connection).items()}


def _serial(table: Table, column: Column) -> bool:
    """Whether the database numbers this column itself (a one-column integer primary key)."""
    return (column.primary_key and len(table.primary_key.columns) == 1
            and isinstance(_base_type(column), sa.Integer))


def _base_type(column: Column) -> sa.types.TypeEngine:
    kind = column.type
    return kind.impl_instance if isinstance(kind, sa.TypeDecorator) else kind


def _fit(text: str, length: int | None) -> str:
    return text if length is None else text[:length]


def value_for(table: Table, column: Column, i: int, batch: int,
              checks: dict[str, list[Any]], unique: set[str]) -> Any:
    """A value for ``column`` in row ``i`` of fill ``batch``."""
    kind = _base_type(column)
    mark = f"{batch}.{i}"
    realistic = REALISTIC.get((table.name, column.name))
    if realistic is not None:
        value = realistic[i % len(realistic)]
        if value is None:
            return SQL_NULL
        if column.name in unique and batch and isinstance(value, str):
            value = f"{value} ({batch})"
        return _fit(value, getattr(kind, "length", None)) if isinstance(value, str) else value
    if column.name in checks:
        allowed = checks[column.name]
        if column.nullable and i % 3 == 1:
            return SQL_NULL
        return allowed[(i + batch) % len(allowed)]
    if column.nullable and i % 3 == 1:
        return JSON_NULL if isinstance(kind, sa.JSON) and i % 2 == 0 else SQL_NULL
    if isinstance(kind, sa.Boolean):
        return (i + batch) % 2 == 0
    if isinstance(kind, sa.Integer):
        return INTS[i % len(INTS)] + (1000 * batch if column.name in unique else 0)
    if isinstance(kind, sa.Float):
        return FLOATS[i % len(FLOATS)]
    if isinstance(kind, sa.Numeric):
        return Decimal("1234.50") + i
    if isinstance(kind, sa.DateTime):
        return DATETIMES[(i + batch) % len(DATETIMES)]
    if isinstance(kind, sa.Date):
        return DATES[(i + batch) % len(DATES)]
    if isinstance(kind, sa.JSON):
        return JSONS[(i + batch) % len(JSONS)]
    if isinstance(kind, sa.LargeBinary):
        return b"\x00\xff\xfe" + bytes(range(256)) + mark.encode()
    if isinstance(kind, sa.Uuid):
        return uuid.UUID(int=batch * 1000 + i + 1)
    if isinstance(kind, sa.String):
        length = kind.length
        if length is None and i == 0:
            return f"{mark} {LONG_TEXT}"
        if column.nullable and i == 5 and column.name not in unique:
            return ""
        return _fit(TEXT.format(mark=mark, name=column.name), length)
    raise TypeError(f"no test value for {table.name}.{column.name} of type {column.type!r}; "
                    f"teach tests.builders.schema_rows.value_for")


def row_for(table: Table, i: int, batch: int, parents: dict[str, list[dict[str, Any]]],
            skip: Callable[[Column], bool] = lambda column: False) -> dict[str, Any]:
    """Row ``i`` of fill ``batch`` for ``table``: every column but a serial key and those
    ``skip`` names; foreign keys to ``parents`` rows (one row per reference, in turn); a
    reference to the table itself is left NULL (see ``fill``)."""
    checks, unique = checks_of(table), unique_columns(table)
    row: dict[str, Any] = {}
    references = sorted(table.foreign_key_constraints,
                        key=lambda fk: [c.name for c in fk.columns])
    for k, fk in enumerate(references):
        names = [c.name for c in fk.columns]
        target = fk.referred_table.name
        candidates = parents.get(target, [])
        nullable = all(c.nullable for c in fk.columns)
        if target == table.name or (nullable and (i % 3 == 1 or not candidates)):
            row.update(dict.fromkeys(names, SQL_NULL))
            continue
        if not candidates:
            raise ValueError(f"{table.name} needs a row in {target} first")
        parent = candidates[(i + k) % len(candidates)]
        for element in fk.elements:
            row[element.parent.name] = parent[element.column.name]
    for column in table.columns:
        if column.name in row or _serial(table, column) or skip(column):
            continue
        row[column.name] = value_for(table, column, i, batch, checks, unique)
    if table.name in ROW_FIXES:
        fixed = dict(row)
        ROW_FIXES[table.name](fixed, i, batch)
        row.update({k: v for k, v in fixed.items() if k in table.columns})
    return row


def _bind(value: Any, dialect: sa.Dialect) -> Any:
    if value is SQL_NULL:
        return sa.null()
    if value is JSON_NULL:
        return sa.JSON.NULL
    if isinstance(value, datetime) and dialect.name == "sqlite":
        return value.astimezone(UTC)  # SQLite keeps no offset: store UTC, as the models do
    return value


def _key(table: Table, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[c.name] for c in table.primary_key.columns)


def fill(engine: Engine, batch: int = 0) -> Rows:
    """Write rows into every table of the database as it is now; the rows written."""
    written: Rows = {}
    with engine.begin() as connection:
        tables = reflect(connection)
        made: dict[str, list[dict[str, Any]]] = {}
        for name, table in tables.items():
            rows = []
            for i in range(COUNTS.get(name, ROWS)):
                row = row_for(table, i, batch, made)
                result = connection.execute(table.insert().values(
                    {k: _bind(v, connection.dialect) for k, v in row.items()}))
                row.update(zip(table.primary_key.columns.keys(), result.inserted_primary_key,
                               strict=True))
                rows.append(row)
            _chain(connection, table, rows)
            made[name] = rows
            written[name] = {_key(table, row): {k: normalise(v) for k, v in row.items()}
                             for row in rows}
    return written


def _chain(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Point a table's references to itself along a chain: 0 → 1 → 2, and 3 → 2."""
    for fk in table.foreign_key_constraints:
        if fk.referred_table.name != table.name:
            continue
        for child, parent in ((0, 1), (1, 2), (3, 2)):
            if max(child, parent) >= len(rows):
                continue
            values = {e.parent.name: rows[parent][e.column.name] for e in fk.elements}
            key = [c == rows[child][c.name] for c in table.primary_key.columns]
            connection.execute(table.update().where(*key).values(values))
            rows[child].update(values)


# --------------------------------------------------------------------------- reading back


def normalise(value: Any) -> Any:
    """A value as both databases' drivers give it back: UTC timestamps, bytes, NULL as None."""
    if isinstance(value, _Null):
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, memoryview | bytearray):
        return bytes(value)
    return value


def snapshot(engine: Engine, tables: Iterable[str] | None = None) -> Rows:
    """Every row of every table (or of ``tables``), normalised, by primary key."""
    found: Rows = {}
    with engine.connect() as connection:
        for name, table in reflect(connection).items():
            if tables is not None and name not in tables:
                continue
            result = connection.execute(sa.select(table)).mappings()
            found[name] = {_key(table, row): {k: normalise(v) for k, v in row.items()}
                           for row in result}
    return found


def _same(expected: Any, actual: Any) -> bool:
    # Types count: True is not 1, 1 is not 1.0, a date is not a timestamp.
    return type(expected) is type(actual) and expected == actual


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 120 else f"{text[:100]}… ({len(text)} characters)"


def differences(expected: Rows, actual: Rows, extra_rows: bool = False) -> list[str]:
    """What is not in ``actual`` as it is in ``expected``: tables, rows and values gone or
    changed, and rows that appeared in its tables (unless ``extra_rows``)."""
    found = []
    for table, rows in expected.items():
        if table not in actual:
            found.append(f"{table}: the table is gone, with its {len(rows)} rows")
            continue
        got = actual[table]
        for key in sorted(rows.keys() - got.keys(), key=repr):
            found.append(f"{table} {key}: the row is gone")
        if not extra_rows:
            for key in sorted(got.keys() - rows.keys(), key=repr):
                found.append(f"{table} {key}: a row appeared")
        for key in sorted(rows.keys() & got.keys(), key=repr):
            for column, value in rows[key].items():
                if column not in got[key]:
                    found.append(f"{table} {key} {column}: the column is gone")
                elif not _same(value, got[key][column]):
                    found.append(f"{table} {key} {column}: {_short(value)} became "
                                 f"{_short(got[key][column])}")
    return found
