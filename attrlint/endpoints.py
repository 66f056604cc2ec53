"""Answers to "where do I send this?": search the catalog, and rank operations for a body.

`search` finds operations by path, SDK method name (Python or JavaScript) or body model name.
`rank_for_body` scores every operation whose body schema is shipped by how well a body fits it:
the schema accepts it, and its top-level keys are fields of the model.
"""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import Any, NamedTuple

from attrlint.catalog import Catalog, Operation
from attrlint.validate import certainly_valid, failing_pointers


class Fit(NamedTuple):
    """How well a body fits an operation's body model (higher is better)."""

    score: float
    operation: Operation
    valid: bool
    known: int
    unknown: int


def search(pattern: str, catalog: Catalog | None = None) -> Iterator[Operation]:
    """Operations whose path, SDK method name or body model matches `pattern` (a substring, or
    a glob with * and ?; case-insensitive)."""
    catalog = catalog or Catalog.load()
    wanted = pattern.strip().lower()
    glob = any(c in wanted for c in "*?[")
    for operation in catalog:
        fields = (operation.path, operation.python_name, operation.js_name or "", operation.body_model or "")
        for field in fields:
            text = field.lower()
            if fnmatchcase(text, wanted) if glob else wanted in text:
                yield operation
                break


def rank_for_body(body: Any, limit: int = 10, catalog: Catalog | None = None) -> list[Fit]:
    """The operations `body` fits best, best first (only bodies that are JSON objects rank)."""
    catalog = catalog or Catalog.load()
    if not isinstance(body, dict) or not body:
        return []
    fits = []
    schemas: dict[str, dict[str, Any] | None] = {}
    for operation in catalog:
        model = operation.body_model
        if model is None:
            continue
        if model not in schemas:
            schemas[model] = catalog.body_schema(model)
        schema = schemas[model]
        if schema is None or schema.get("type") not in (None, "object"):
            continue
        fields = set(schema.get("properties", {}))
        known = sum(1 for key in body if key in fields)
        if not known:
            continue
        unknown = len(body) - known
        valid = certainly_valid(schema, body)
        failing = 0 if valid else len(failing_pointers(schema, body) or ())
        score = (
            known / (len(body) + len(fields) ** 0.5) - unknown - failing + (1 if valid else 0) - operation.deprecated
        )
        fits.append(Fit(score, operation, valid, known, unknown))
    fits.sort(key=lambda fit: (-fit.score, fit.operation.path, fit.operation.method))
    return fits[:limit]
