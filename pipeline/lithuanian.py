"""Lithuanian wording shared by the layouts, the reports and the radio scripts."""

from __future__ import annotations

import re
from datetime import date


def plural(count: int, one: str, few: str, many: str) -> str:
    """The form of a Lithuanian noun after ``count``.

    ``one`` for 1, 21, 101 (gaminys), ``few`` for 2–9, 22–29 (gaminiai), ``many`` for 10–20,
    30, 111 (gaminių).
    """
    if count % 10 == 0 or 11 <= count % 100 <= 19:
        return many
    return one if count % 10 == 1 else few


def items(count: int) -> str:
    """``53 gaminiai``: a count of products with its noun in the right form."""
    return f"{count} {plural(count, 'gaminys', 'gaminiai', 'gaminių')}"


MONTHS_GENITIVE = ("sausio", "vasario", "kovo", "balandžio", "gegužės", "birželio", "liepos",
                   "rugpjūčio", "rugsėjo", "spalio", "lapkričio", "gruodžio")
WEEKDAYS = ("pirmadienis", "antradienis", "trečiadienis", "ketvirtadienis", "penktadienis",
            "šeštadienis", "sekmadienis")


def lt_date(value: date, weekday: bool = False) -> str:
    """``2014-03-12`` → ``2014 m. kovo 12 d.`` (with the weekday: ``…, trečiadienis``)."""
    text = f"{value.year} m. {MONTHS_GENITIVE[value.month - 1]} {value.day} d."
    return f"{text}, {WEEKDAYS[value.weekday()]}" if weekday else text


def place(venue: str, town: str) -> str:
    """``Kultūros centras, Alytus``: where something happens, the town after the venue.

    The venue alone when it already names the town as a word, in any letter case
    ("Alytaus g. 12, Alytus" is not followed by ", Alytus" again); an inflected form of the
    name ("Alytaus kultūros centras") does not count as naming it.
    """
    if re.search(rf"(?<!\w){re.escape(town.strip())}(?!\w)", venue, re.IGNORECASE):
        return venue
    return f"{venue}, {town}"
