"""Turn a ``SourceDocument`` into a typed model, or into diagnostics with file, line and field.

Pydantic's error list is translated into messages a designer can act on; every error of
the document is reported, never only the first. Pydantic's locations name union branches
(``segments[2].interview.guest``, ``municipalities.list[constrained-str][0]``); they are
mapped back to the fields as written in the file (``segments[2].guest``).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from pipeline.content.patterns import (
    CLOCK_PATTERN,
    PATTERN_HINTS,
    SLUG_PATTERN,
    TIME_PATTERN,
    cut,
    quoted,
)
from pipeline.content.yamlsource import FieldPath, SourceDocument, format_field
from pipeline.diagnostics import Diagnostic, error

M = TypeVar("M", bound=BaseModel)

_MESSAGES = {
    "missing": "required field is missing",
}

_COMPARISONS = {"greater_than": ("gt", "greater than"),
                "greater_than_equal": ("ge", "at least"),
                "less_than": ("lt", "less than"),
                "less_than_equal": ("le", "at most")}


def validate_document(doc: SourceDocument, model: type[M],
                      context: dict[str, Any] | None = None) -> tuple[M | None, list[Diagnostic]]:
    """Validate ``doc.data`` against ``model``; on failure return every problem, located."""
    try:
        return model.model_validate(doc.data, context=context), []
    except ValidationError as exc:
        errors = [_Located.of(model, doc.data, err) for err in exc.errors()]
    # A value that fits no branch of a union fails in every branch; only the errors of the
    # branch that matches the value's shape (a list, a mapping, a single value) are shown.
    kept = [e for e in errors if e.fits or not any(
        other.fits and other.path[:len(e.path)] == e.path for other in errors)]
    return None, [_to_diagnostic(doc, e) for e in kept]


def located(doc: SourceDocument, path: FieldPath, message: str,
            code: str = "content") -> Diagnostic:
    """An error diagnostic at ``path`` in ``doc`` (for cross-file checks done after parsing)."""
    return error(code, message, source=doc.display, line=doc.line_of(path),
                 field=format_field(path) or None)


@dataclass(frozen=True)
class _Located:
    """A pydantic error with its location as a path in the file."""

    err: ErrorDetails
    path: FieldPath
    owner: Any
    """The annotation that holds the last part of ``path`` (the model of an unknown key)."""
    fits: bool
    """False when the error comes from a union branch of another shape than the value."""

    @classmethod
    def of(cls, model: type[BaseModel], data: Any, err: ErrorDetails) -> _Located:
        path: list[str | int] = []
        current: Any = model
        owner: Any = None
        fits = True
        for part in err["loc"]:
            current = _strip(current)
            if _is_union(current):
                branch = _branch(current, part)
                if branch is not None:  # a union tag or branch name, not a key in the file
                    fits = fits and _fits(branch, data)
                    current = branch
                    continue
            if part == "[key]":  # the key itself is wrong: point at the key
                continue
            owner = current
            path.append(part)
            current = _child(current, part)
            data = _descend(data, part)
        return cls(err, tuple(path), owner, fits)


def _to_diagnostic(doc: SourceDocument, located_error: _Located) -> Diagnostic:
    err, path = located_error.err, located_error.path
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx", {})
    if kind == "extra_forbidden":
        message = _unknown_field_message(located_error.owner, path)
    elif kind == "unsafe_url":  # a reference out of the project: content/models.py
        return located(doc, path, err["msg"], code="unsafe-url")
    elif kind in ("value_error", "assertion_error"):
        message = str(ctx.get("error", err["msg"]))
        if isinstance(value, str) and len(value) > 60:  # validators quote the whole value
            for seen in (value, value.strip()):  # (as given, or stripped of spaces)
                for text in (repr(seen), f"'{seen}'"):
                    message = message.replace(text, quoted(seen))
    elif kind in ("date_from_datetime_parsing", "date_parsing", "date_type",
                  "date_from_datetime_inexact"):
        message = f"not a valid date: {_written(doc, path, value)} (write it as YYYY-MM-DD)"
    elif kind == "literal_error":
        message = _literal_message(str(ctx.get("expected", "")), value, doc, path)
    elif kind in ("string_too_long", "too_long"):
        message = _too_long_message(kind, ctx, value)
    elif kind == "string_too_short":
        message = "must not be empty"
    elif kind == "too_short":
        count = ctx.get("min_length")
        message = f"must have at least {count} item{'s' if count != 1 else ''}"
    elif kind == "string_pattern_mismatch":
        hint = PATTERN_HINTS.get(str(ctx.get("pattern")), "{value} is not allowed here")
        suggestion = _slug(value)
        e_g = (f", e.g. '{suggestion}'"
               if len(suggestion) <= 60 and re.fullmatch(SLUG_PATTERN, suggestion) else "")
        message = hint.format(value=quoted(value), e_g=e_g)
    elif kind in ("union_tag_invalid", "union_tag_not_found"):
        name = str(ctx.get("discriminator", "type")).strip("'")
        path = (*path, name)
        message = ("required field is missing" if kind == "union_tag_not_found"
                   or not isinstance(value, dict) or name not in value
                   else _literal_message(str(ctx.get("expected_tags", "")), value[name],
                                         doc, path))
    elif kind in _COMPARISONS:
        key, words = _COMPARISONS[kind]
        message = f"must be {words} {ctx.get(key)}, not {_written(doc, path, value)}"
    elif kind == "finite_number":
        message = f"expected a finite number, not {_written(doc, path, value)}"
    elif kind in ("string_type", "string_unicode"):
        pattern = _pattern_at(located_error.owner, path[-1]) if path else None
        if pattern in (TIME_PATTERN, CLOCK_PATTERN) and isinstance(value, int | float):
            message = PATTERN_HINTS[pattern].format(value=_written(doc, path, value))
        else:
            message = _expected("text", doc, path, value)
    elif kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        message = _expected("a whole number", doc, path, value)
    elif kind in ("bool_type", "bool_parsing"):
        message = _expected("true or false", doc, path, value)
    elif kind in ("float_type", "float_parsing"):
        message = _expected("a number", doc, path, value)
        if isinstance(value, str) and re.fullmatch(r"\s*\d+,\d+\s*", value):
            message += f" (write a decimal point: {value.strip().replace(',', '.')})"
    elif kind == "list_type":
        message = _expected("a list", doc, path, value)
        if isinstance(value, str) and value.startswith("-"):
            message += " (a list item starts with '- ', a dash and a space)"
    elif kind in ("model_type", "model_attributes_type", "dict_type") and not path:
        message = f"the file must hold fields ('field: value'), not {_shape(value)}"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        message = _expected("a mapping of fields", doc, path, value)
    else:
        message = _MESSAGES.get(kind, err["msg"][0].lower() + err["msg"][1:])
    return located(doc, path, message, code=f"content-{kind.replace('_', '-')}")


def _written(doc: SourceDocument, path: FieldPath, value: Any) -> str:
    """The value as it was written in the file (YAML's ``1_000``, ``yes``, ``~``)."""
    raw = doc.scalars.get(path)
    if raw is not None and not isinstance(value, str):
        return cut(raw) if raw else "an empty value"
    return quoted(value)


def _shape(value: Any) -> str:
    """What ``value`` is, in words: ``a list``, ``the number 5``, ``the text 'x'``."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (YAML reads yes/no/on/off as true/false)"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    return f"the text {quoted(value)}"


def _expected(what: str, doc: SourceDocument, path: FieldPath, value: Any) -> str:
    """``expected text, not the number 978…`` with a hint where one helps."""
    if value is None:
        return f"is empty: write {what} after the ':'"
    raw = cut(doc.scalars[path]) if path in doc.scalars else None
    if isinstance(value, bool) and raw is not None:
        shown = f"{raw} (YAML reads it as {'true' if value else 'false'})"
    elif isinstance(value, int | float) and raw is not None:
        shown = f"the number {raw}"
    else:
        shown = _shape(value)
    hint = " (put it in quotes)" if what == "text" and isinstance(value, int | float) else ""
    return f"expected {what}, not {shown}{hint}"


def _literal_message(expected: str, value: Any, doc: SourceDocument, path: FieldPath) -> str:
    """``must be one of 'a' or 'b', not 'c' (did you mean 'b'?)``."""
    options = re.findall(r"'([^']*)'", expected)
    close = (difflib.get_close_matches(value, options, n=1)
             if isinstance(value, str) and len(value) <= 100 else [])
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"must be one of {expected}, not {_written(doc, path, value)}{hint}"


def _too_long_message(kind: str, ctx: dict[str, Any], value: Any) -> str:
    limit = ctx.get("max_length")
    if kind == "string_too_long":
        return f"too long: {len(value)} characters, at most {limit} fit the layout"
    actual = ctx.get("actual_length")
    counted = f", not {actual}" if actual is not None else ""
    return f"must have at most {limit} item{'s' if limit != 1 else ''}{counted}"


def _slug(value: str) -> str:
    """``'Klaipėda miestas'`` → ``'klaipeda-miestas'``: what an id written so could be."""
    text = unicodedata.normalize("NFKD", value.strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _pattern_at(owner: Any, part: str | int) -> str | None:
    """The pattern a value at ``part`` of ``owner`` must match, if it has one."""
    if isinstance(owner, type) and issubclass(owner, BaseModel):
        info = owner.model_fields.get(str(part))
        return _find_pattern([*info.metadata, info.annotation]) if info is not None else None
    if get_origin(owner) in (list, tuple, dict):
        return _find_pattern([get_args(owner)[-1]])
    return None


def _find_pattern(items: list[Any]) -> str | None:
    for item in items:
        pattern = getattr(item, "pattern", None)
        if isinstance(pattern, str):
            return pattern
        found = _find_pattern(list(get_args(item)))
        if found is not None:
            return found
    return None


def _unknown_field_message(owner: Any, path: FieldPath) -> str:
    name = str(path[-1]) if path else "?"
    if not (isinstance(owner, type) and issubclass(owner, BaseModel)):
        return f"unknown field '{name}'"
    allowed = sorted(owner.model_fields)
    close = difflib.get_close_matches(name, allowed, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown field '{name}' ({hint}allowed: {', '.join(allowed)})"


_MISSING = object()


def _descend(data: Any, part: str | int) -> Any:
    if isinstance(data, dict) and isinstance(part, str):
        return data.get(part, _MISSING)
    if isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
        return data[part]
    return _MISSING


def _child(annotation: Any, part: str | int) -> Any:
    """The annotation of ``part`` inside ``annotation`` (``None`` when unknown)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        info = annotation.model_fields.get(str(part))
        return info.annotation if info is not None else None
    if get_origin(annotation) in (list, tuple, dict):
        return get_args(annotation)[-1]
    return None


def _strip(annotation: Any) -> Any:
    """Strip Annotated layers and Optional (pydantic adds no location for either)."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _is_union(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType)


def _branch(union: Any, part: str | int) -> Any:
    """The option of ``union`` that pydantic names ``part`` in a location, if any.

    Tagged unions are named by the tag (``interview``), others by the option's type
    (``list[constrained-str]``, ``literal['all']``, a model's class name).
    """
    if not isinstance(part, str):
        return None
    options = [_strip(a) for a in get_args(union) if a is not type(None)]
    for option in options:
        if isinstance(option, type) and issubclass(option, BaseModel):
            if part == option.__name__ or any(
                    get_origin(info.annotation) is Literal and part in get_args(info.annotation)
                    for info in option.model_fields.values()):
                return option
            continue
        origin = get_origin(option) or option
        name = "literal" if origin is Literal else getattr(origin, "__name__", "").lower()
        if name and (part.startswith(name + "[") or part in (name, f"constrained-{name}")
                     or (part.startswith("function-") and f"{name}[" in part)):
            return option
    return None


def _fits(branch: Any, data: Any) -> bool:
    """Whether ``data`` has the shape of ``branch`` (a list for a list, …)."""
    if data is _MISSING:
        return True
    origin = get_origin(branch) or branch
    if origin in (list, tuple):
        return isinstance(data, list)
    if origin is dict or (isinstance(branch, type) and issubclass(branch, BaseModel)):
        return isinstance(data, dict)
    return not isinstance(data, list | dict)
