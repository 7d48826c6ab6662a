"""Back up the whole tracker to one portable file, and load it into an empty database.

The file is gzip-compressed JSON lines, the same whichever database wrote it, so a dump
of SQLite restores into PostgreSQL and back:

* line 1, the header: ``{"format": "hmic-actions/backup", "version": 1, "revision": ...,
  "tables": [...]}``;
* for each table, in an order that satisfies its foreign keys: ``{"table": name,
  "columns": [...]}``, then one JSON array per row, then ``{"end": name, "rows": n}``;
* last, ``{"done": true, "rows": total}``: a file without it was cut short.

Cells: timestamps and dates as ISO 8601 text, file contents as base64, JSON columns as
their JSON text (so SQL NULL and JSON ``null`` stay apart), everything else as is.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Date,
    Engine,
    LargeBinary,
    MetaData,
    Table,
    Text,
    bindparam,
    cast,
    exists,
    func,
    select,
    text,
    update,
)

from models.tables import Base, UTCDateTime

__all__ = ["FORMAT", "BackupError", "Summary", "dump", "encoded_rows", "restore"]

FORMAT = "hmic-actions/backup"
VERSION = 1
# A batch of rows is written to the database at once; stored files can be large.
_BATCH_ROWS = 500
_BATCH_BYTES = 32 * 1024 * 1024


class BackupError(Exception):
    """The dump or restore cannot be done; the message is one line a person can act on."""


@dataclass
class Summary:
    """What a dump or restore handled."""

    revision: str
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Rows in all tables."""
        return sum(self.rows.values())


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _revision(engine: Engine) -> str:
    """The database's schema revision, which must be the newest this code knows."""
    from models import migrate

    revision = migrate.current(engine=engine)
    if revision is None:
        raise BackupError("the database has no schema yet (run: hmic-actions db upgrade)")
    newest = migrate.head()
    if revision != newest:
        raise BackupError(f"the database is at schema revision {revision}, not {newest} "
                          "(run: hmic-actions db upgrade)")
    return revision


# --- cells -------------------------------------------------------------------------------------

def _kind(column: Column) -> str:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return "timestamp"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, LargeBinary):
        return "bytes"
    if isinstance(kind, JSON):
        return "json"
    return "plain"


def _encode(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "timestamp":
        return value.astimezone(UTC).isoformat()
    if kind == "date":
        return value.isoformat()
    if kind == "bytes":
        return base64.b64encode(value).decode("ascii")
    if kind == "json":  # read as text; normalised so both databases write the same
        return json.dumps(json.loads(value), ensure_ascii=False, sort_keys=True)
    return value


def _decode(kind: str, value: Any) -> Any:
    if kind == "json":
        if value is None:
            return None
        parsed = json.loads(value)
        return JSON.NULL if parsed is None else parsed
    if value is None:
        return None
    if kind == "timestamp":
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError(f"timestamp without a time zone: {value!r}")
        return parsed
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "bytes":
        return base64.b64decode(value.encode("ascii"), validate=True)
    return value


def _selected(column: Column) -> Any:
    # JSON read as text, so SQL NULL (None) and JSON null ('null') can be told apart.
    return cast(column, Text) if _kind(column) == "json" else column


def encoded_rows(connection: Connection, table: Table) -> Iterator[list[Any]]:
    """The table's rows, ordered by primary key, each as the list of its encoded cells."""
    kinds = [_kind(c) for c in table.columns]
    query = select(*(_selected(c) for c in table.columns)).order_by(*table.primary_key.columns)
    result = connection.execution_options(yield_per=200).execute(query)
    for row in result:
        yield [_encode(kind, value) for kind, value in zip(kinds, row, strict=True)]


# --- dump --------------------------------------------------------------------------------------

def dump(engine: Engine, path: str | Path) -> Summary:
    """Write every table of the tracker to ``path`` (replaced only once complete)."""
    path = Path(path)
    revision = _revision(engine)
    summary = Summary(revision)
    tables = _tables()
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    except OSError as exc:
        raise BackupError(f"{path}: cannot write there: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as raw, gzip.GzipFile(
                filename="", mode="wb", fileobj=raw, mtime=0) as out:
            _line(out, {"format": FORMAT, "version": VERSION, "revision": revision,
                        "tables": [t.name for t in tables],
                        "written": datetime.now(UTC).isoformat(),
                        "from": engine.dialect.name})
            # One transaction: the dump is a consistent picture even while others write.
            with engine.connect() as connection, connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(text(
                        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
                else:  # the SQLite driver opens a transaction only before a write
                    connection.exec_driver_sql("BEGIN")
                for table in tables:
                    _line(out, {"table": table.name, "columns": [c.name for c in table.columns]})
                    count = 0
                    for row in encoded_rows(connection, table):
                        _line(out, row)
                        count += 1
                    _line(out, {"end": table.name, "rows": count})
                    summary.rows[table.name] = count
            _line(out, {"done": True, "rows": summary.total})
        os.chmod(temporary, 0o600)  # it holds password and token hashes
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise BackupError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise
    return summary


def _line(out: IO[bytes], value: Any) -> None:
    out.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())
    out.write(b"\n")


# --- restore -----------------------------------------------------------------------------------

class _Reader:
    """The dump's lines as JSON values, with the line number for messages."""

    def __init__(self, stream: IO[bytes], name: str) -> None:
        self.stream = stream
        self.name = name
        self.number = 0

    def next(self) -> Any:
        raw = self.stream.readline()
        self.number += 1
        if not raw.endswith(b"\n"):  # nothing left, or a last line cut off
            raise BackupError(f"{self.name}: the file ends early (at line {self.number}); "
                              "it is not a complete dump")
        try:
            return json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise self.bad("not a JSON line") from None

    def bad(self, why: str) -> BackupError:
        return BackupError(f"{self.name}: line {self.number}: {why}")


def restore(engine: Engine, path: str | Path) -> Summary:
    """Load a dump into an empty database at the same schema revision, in one transaction.

    Anything wrong (another revision, a non-empty database, a damaged file) raises
    BackupError and leaves the database as it was.
    """
    path = Path(path)
    name = str(path)
    try:
        with gzip.open(path, "rb") as stream:
            reader = _Reader(stream, name)
            try:
                header = reader.next()
            except BackupError:
                raise BackupError(f"{name}: not a hmic-actions dump") from None
            revision = _revision(engine)
            _check_header(header, name, revision)
            with engine.begin() as connection:
                _refuse_if_not_empty(connection, name)
                summary = _load(connection, reader, header, revision)
                if connection.dialect.name == "postgresql":
                    _reset_sequences(connection)
            return summary
    except FileNotFoundError:
        raise BackupError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise BackupError(f"{name}: is a folder, not a dump") from None
    except PermissionError:
        raise BackupError(f"{name}: cannot read it (permission denied)") from None
    except (gzip.BadGzipFile, zlib.error):
        raise BackupError(f"{name}: not a hmic-actions dump (not gzip-compressed)") from None
    except EOFError:
        raise BackupError(f"{name}: the file ends early; it is not a complete dump") from None


def _check_header(header: Any, name: str, revision: str) -> None:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(f"{name}: not a hmic-actions dump")
    if header.get("version") != VERSION:
        raise BackupError(f"{name}: dump format version {header.get('version')!r} is not "
                          f"supported (this version reads {VERSION})")
    if header.get("revision") != revision:
        raise BackupError(f"{name}: the dump is of schema revision {header.get('revision')}, "
                          f"the database is at {revision}; restore it with the version of "
                          "hmic-actions that wrote it")
    if header.get("tables") != [t.name for t in _tables()]:
        raise BackupError(f"{name}: its tables do not match schema revision {revision}")


def _refuse_if_not_empty(connection: Connection, name: str) -> None:
    for table in _tables():
        if connection.scalar(select(exists().select_from(table))):
            raise BackupError(f"cannot restore {name}: the database is not empty (table "
                              f"{table.name} has rows); restore into a new, upgraded database")


def _loading_table(table: Table) -> Table:
    """A copy of ``table`` that writes values exactly as given: JSON columns write None as
    SQL NULL (JSON.NULL as null), and no ``onupdate`` touches a column (updated_at)."""
    copy = table.to_metadata(MetaData())
    for column in copy.columns:
        column.onupdate = None
        if isinstance(column.type, JSON):
            column.type = JSON(none_as_null=True)
    return copy


def _load(connection: Connection, reader: _Reader, header: dict, revision: str) -> Summary:
    summary = Summary(revision)
    for table in _tables():
        start = reader.next()
        columns = [c.name for c in table.columns]
        if start != {"table": table.name, "columns": columns}:
            raise reader.bad(f"expected the start of table {table.name}")
        kinds = [_kind(c) for c in table.columns]
        loading = _loading_table(table)
        # Rows pointing at rows of their own table (an item superseded by a later one)
        # are written without that pointer first, and given it once all rows are in.
        own = [c.name for c in table.columns
               if any(fk.column.table is table for fk in c.foreign_keys)]
        deferred: list[dict[str, Any]] = []
        batch: list[dict[str, Any]] = []
        size = count = 0
        while True:
            line = reader.next()
            if isinstance(line, dict):
                if line != {"end": table.name, "rows": count}:
                    raise reader.bad(f"table {table.name} does not end as it should")
                break
            if not isinstance(line, list) or len(line) != len(columns):
                raise reader.bad(f"not a row of table {table.name}")
            try:
                row = {c: _decode(k, v) for c, k, v in zip(columns, kinds, line, strict=True)}
            except (ValueError, TypeError, AttributeError) as exc:
                raise reader.bad(f"bad value in table {table.name}: {exc}") from None
            for column in own:
                if row[column] is not None:
                    deferred.append({"pk": row["id"], "value": row[column], "column": column})
                    row[column] = None
            batch.append(row)
            count += 1
            size += sum(len(v) for v in line if isinstance(v, str))
            if len(batch) >= _BATCH_ROWS or size >= _BATCH_BYTES:
                _insert(connection, loading, batch, reader)
                batch, size = [], 0
        if batch:
            _insert(connection, loading, batch, reader)
        for column in own:
            pointers = [{"pk": d["pk"], "value": d["value"]} for d in deferred
                        if d["column"] == column]
            if pointers:
                connection.execute(
                    update(loading).where(loading.c.id == bindparam("pk"))
                    .values({column: bindparam("value")}), pointers)
        summary.rows[table.name] = count
    done = reader.next()
    if done != {"done": True, "rows": summary.total}:
        raise reader.bad("expected the end of the dump")
    return summary


def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]],
            reader: _Reader) -> None:
    from sqlalchemy.exc import IntegrityError, StatementError

    try:
        connection.execute(table.insert(), rows)
    except (IntegrityError, StatementError) as exc:
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split())[:200]
        raise BackupError(f"{reader.name}: rows of table {table.name} cannot be loaded: "
                          f"{reason}") from None


def _reset_sequences(connection: Connection) -> None:
    """Point each id sequence past the restored rows, so new rows get fresh ids."""
    for table in _tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or keys[0].name != "id":
            continue
        highest = connection.scalar(select(func.max(table.c.id)))
        connection.execute(
            text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :value, :called)"),
            {"table": table.name, "value": highest or 1, "called": highest is not None})
