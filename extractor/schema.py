"""The JSON Schema of the extraction contract, and validation against it.

The schema file ships in the package (``extractor/schema/extraction-1.json``) so that other
tools can read it too; ``hmic-actions/extraction@1`` output must validate against it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

SCHEMA_FILE = "extraction-1.json"


class SchemaValidationError(ValueError):
    """Data does not follow the extraction contract. ``problems`` lists every violation."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"not a valid hmic-actions/extraction@1 document: {problems[0]}{more}")


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return (Path(__file__).parent / "schema" / SCHEMA_FILE).read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of ``Extraction.to_dict()`` as a fresh dict."""
    return json.loads(_schema_text())


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate_extraction(data: dict) -> None:
    """Raise SchemaValidationError, naming where and what, unless ``data`` follows the schema."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise SchemaValidationError([_describe(error) for error in errors])


def _describe(error: ValidationError) -> str:
    where = _json_path(error.absolute_path)
    # For oneOf/if-then failures the most specific sub-error says more than the summary.
    best = min(error.context, key=lambda e: len(e.message)) if error.context else error
    message = best.message if len(best.message) <= 200 else best.message[:197] + "..."
    return f"{where}: {message}"


def _json_path(parts: Any) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path
