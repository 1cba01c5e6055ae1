"""The patterns content values must match, and how a refused value is quoted in messages.

The content models declare their fields with these patterns; the validator turns a value
that does not match one into a message saying what it should look like. Both import them
from here.
"""

from __future__ import annotations

from typing import Any

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""An id used in file and job names: lowercase ASCII letters, digits, single hyphens."""
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
"""A time of day, HH:MM (24 h)."""
CLOCK_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"
"""A time of day to the second, HH:MM or HH:MM:SS (radio air times)."""
MEASURE_PATTERN = r"^VP\d-\d\.\d-[A-Z]+-\d\d-[A-Z]$"
"""An ESF measure code of the 2007–2013 Lithuanian programmes (VP1-1.3-SADM-01-K)."""

PATTERN_HINTS = {
    SLUG_PATTERN: "{value} is not allowed here (use lowercase letters a–z, digits and '-'{e_g})",
    TIME_PATTERN: "not a valid time: {value} (write it as HH:MM, e.g. \"13:00\")",
    CLOCK_PATTERN: "not a valid time: {value} (write it as HH:MM or HH:MM:SS, e.g. \"18:00\")",
    MEASURE_PATTERN: "{value} is not a measure code such as VP1-1.3-SADM-01-K",
}
"""What a value that does not match each pattern should look like (``{value}``: the value
as written; ``{e_g}``: a suggestion)."""


def quoted(value: Any, limit: int = 60) -> str:
    """``repr(value)``, cut to ``limit`` characters for messages."""
    return cut(repr(value), limit)


def cut(text: str, limit: int = 60) -> str:
    """``text``, cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[:limit - 1] + "…"
