"""Turn a ``SourceDocument`` into a typed model, or into diagnostics with file, line and field.

Pydantic's error list is translated into messages a designer can act on; every error of
the document is reported, never only the first.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from pipeline.content.yamlsource import FieldPath, SourceDocument, format_field
from pipeline.diagnostics import Diagnostic, error

M = TypeVar("M", bound=BaseModel)

_MESSAGES = {
    "missing": "required field is missing",
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping of fields",
    "model_type": "expected a mapping of fields",
    "model_attributes_type": "expected a mapping of fields",
}


def validate_document(doc: SourceDocument, model: type[M],
                      context: dict[str, Any] | None = None) -> tuple[M | None, list[Diagnostic]]:
    """Validate ``doc.data`` against ``model``; on failure return every problem, located."""
    try:
        return model.model_validate(doc.data, context=context), []
    except ValidationError as exc:
        return None, [_to_diagnostic(doc, model, err) for err in exc.errors()]


def located(doc: SourceDocument, path: FieldPath, message: str,
            code: str = "content") -> Diagnostic:
    """An error diagnostic at ``path`` in ``doc`` (for cross-file checks done after parsing)."""
    return error(code, message, source=doc.display, line=doc.line_of(path),
                 field=format_field(path) or None)


def _to_diagnostic(doc: SourceDocument, model: type[BaseModel], err: ErrorDetails) -> Diagnostic:
    path: FieldPath = tuple(p for p in err["loc"] if isinstance(p, str | int))
    kind = err["type"]
    if kind == "extra_forbidden":
        message = _unknown_field_message(model, path)
    elif kind == "unsafe_url":  # a reference out of the project: content/models.py
        return located(doc, path, err["msg"], code="unsafe-url")
    elif kind in ("value_error", "assertion_error"):
        message = str(err.get("ctx", {}).get("error", err["msg"]))
    elif kind in ("date_from_datetime_parsing", "date_parsing", "date_type",
                  "date_from_datetime_inexact"):
        message = f"not a valid date: {err['input']!r} (write it as YYYY-MM-DD)"
    elif kind in ("time_parsing", "time_type"):
        message = f"not a valid time: {err['input']!r} (write it as HH:MM)"
    elif kind == "literal_error":
        message = f"must be one of {err.get('ctx', {}).get('expected', '')}, not {err['input']!r}"
    elif kind == "string_too_long":
        limit = err.get("ctx", {}).get("max_length")
        message = f"too long: {len(err['input'])} characters, at most {limit} fit the layout"
    elif kind == "string_too_short":
        message = "must not be empty"
    elif kind == "string_pattern_mismatch":
        message = f"{err['input']!r} is not allowed here (use lowercase letters, digits and '-')"
    else:
        message = _MESSAGES.get(kind, err["msg"][0].lower() + err["msg"][1:])
    return located(doc, path, message, code=f"content-{kind.replace('_', '-')}")


def _unknown_field_message(model: type[BaseModel], path: FieldPath) -> str:
    name = str(path[-1]) if path else "?"
    owner = _model_at(model, path[:-1])
    if owner is None:
        return f"unknown field '{name}'"
    allowed = sorted(owner.model_fields)
    close = difflib.get_close_matches(name, allowed, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown field '{name}' ({hint}allowed: {', '.join(allowed)})"


def _model_at(model: type[BaseModel], path: FieldPath) -> type[BaseModel] | None:
    """The model class that holds the fields at ``path`` (following lists, dicts, optionals)."""
    current: Any = model
    for part in path:
        current = _unwrap(current)
        if isinstance(part, str) and isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part)
            if info is None:
                return None
            current = info.annotation
        elif get_origin(current) in (list, tuple, dict):
            current = get_args(current)[-1]
        else:
            return None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated/Optional/Union layers down to the first model or container."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            models = [a for a in options if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if models else options[0]
        else:
            return annotation
