"""The field types content files are written in, and the base of every content model.

Each type says what a value must look like and checks it once, where it is declared: an
id (slug), a date written YYYY-MM-DD, a time HH:MM, an https URL, a format of the
catalogue, a file inside content/. Cross-references that need the rest of the project (a
format in the catalogue, an image file in content/) read the validation *context* the
loader gives, so that every problem of every file is reported in one run with its line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from pipeline.content.patterns import SLUG_PATTERN, TIME_PATTERN, quoted
from pipeline.qr import check_https_url

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
HttpsUrl = Annotated[str, AfterValidator(check_https_url)]
Time = Annotated[str, StringConstraints(pattern=TIME_PATTERN)]
# A problem found after parsing: (field path, message).
Problem = tuple[tuple[str | int, ...], str]


def _known_format(value: str, info: ValidationInfo) -> str:
    formats = (info.context or {}).get("formats")
    if formats is not None and value not in formats:
        raise ValueError(f"unknown format '{value}' ({did_you_mean(value, formats)}"
                         f"known: {', '.join(formats)})")
    return value


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """``did you mean 'A3'? `` for a near miss (case, a letter or two), else nothing."""
    options = list(known)
    same = [o for o in options if o.casefold() == value.casefold()]
    close = same or difflib.get_close_matches(value, options, n=1)
    return f"did you mean '{close[0]}'? " if close else ""


def _content_file(value: str, info: ValidationInfo) -> str:
    """A file inside content/, given relative to it.

    No URLs, absolute paths, '..' escapes or links out of content/ (reported as
    ``unsafe-url``); the file must exist when the loader gives ``content_dir``.
    """
    pure = PurePosixPath(value)
    if pure.is_absolute() or "\\" in value or ":" in value.split("/")[0]:
        raise PydanticCustomError("unsafe_url", "'{value}' must be a path relative to content/",
                                  {"value": value})
    if ".." in pure.parts:
        raise PydanticCustomError("unsafe_url", "'{value}' leaves content/ ('..' is not allowed)",
                                  {"value": value})
    content_dir: Path | None = (info.context or {}).get("content_dir")
    if content_dir is not None:
        target = (content_dir / value).resolve()
        if not target.is_relative_to(content_dir.resolve()):
            raise PydanticCustomError("unsafe_url", "'{value}' points outside content/ "
                                      "(a link to {target})", {"value": value,
                                                               "target": str(target)})
        if not target.is_file():
            raise ValueError(f"file not found: content/{value}")
    return value


def _iso_date(value: object) -> object:
    """A date written YYYY-MM-DD, in the years 1900–2099 (a plausibility limit).

    Pydantic alone would read the number 0 as 1970-01-01 (a Unix time) and say little about
    2014-02-30; here every refusal says what is wrong.
    """
    if isinstance(value, dt.date):
        return value
    text = value.strip() if isinstance(value, str) else ""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"not a valid date: {quoted(value)} (write it as YYYY-MM-DD)")
    year, month, day = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        raise ValueError(f"not a valid date: '{text}' (there is no month {month})")
    if not 1900 <= year <= 2099:
        raise ValueError(f"not a plausible date: '{text}' (the year {year}?)")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"not a valid date: '{text}' ({calendar.month_name[month]} {year} "
                         f"has {days} days)")
    return dt.date(year, month, day)


def once_each(values: list[str]) -> list[str]:
    """``values`` if nothing in it is repeated, else ``ValueError`` naming the repeats.

    A repeated format would be built twice.
    """
    repeated = sorted({value for value in values if values.count(value) > 1})
    if repeated:
        raise ValueError(f"listed more than once: {', '.join(repeated)}")
    return values


Date = Annotated[dt.date, BeforeValidator(_iso_date)]
FormatId = Annotated[str, AfterValidator(_known_format)]
ContentFile = Annotated[str, AfterValidator(_content_file)]


class Model(BaseModel):
    """Base for all content models: strict about keys, immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              allow_inf_nan=False)
