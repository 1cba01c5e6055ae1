"""Say it as it is read: what a host says for abbreviations, symbols, numbers and addresses.

Every text a host reads is scanned for what is written one way and said another: web and
e-mail addresses ("www.caritas.lt" → "caritas taškas el tė"), dates and years in their
ordinal forms ("2015 m. kovo 26 d." → "du tūkstančiai penkioliktųjų metų kovo dvidešimt
šeštąją dieną"), times of day ("18.30 val." → "aštuonioliktą valandą trisdešimt
minučių"), telephone numbers digit by digit ("skambinkite 112" → "vienas vienas du"),
numbers with a unit ("15 proc." → "penkiolika procentų") and abbreviations ("t. y." → "tai
yra"). The word list is data with its sources: ``pipeline/data/spoken_forms.yaml``.

Dates, years and times are given in the form a time expression takes ("kada?": the year in
the instrumental, the day in the accusative), units and abbreviations in the nominative: the
finding asks the writer to write the words out in the case the sentence needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

from pipeline.lithuanian import MONTHS_GENITIVE, plural

_ONES = ["", "vienas", "du", "trys", "keturi", "penki", "šeši", "septyni", "aštuoni", "devyni"]
_ONES_F = ["", "viena", "dvi", "trys", "keturios", "penkios", "šešios", "septynios",
           "aštuonios", "devynios"]
_COLLECTIVE = ["", "vieneri", "dveji", "treji", "ketveri", "penkeri", "šešeri", "septyneri",
               "aštuoneri", "devyneri"]
"""Collective numerals, said before nouns with no singular (metai: "dveji metai")."""
_TEENS = ["dešimt", "vienuolika", "dvylika", "trylika", "keturiolika", "penkiolika",
          "šešiolika", "septyniolika", "aštuoniolika", "devyniolika"]
_TENS = ["", "", "dvidešimt", "trisdešimt", "keturiasdešimt", "penkiasdešimt",
         "šešiasdešimt", "septyniasdešimt", "aštuoniasdešimt", "devyniasdešimt"]
_ORDINAL_STEMS = {
    "vienas": "pirm", "du": "antr", "trys": "treči", "keturi": "ketvirt", "penki": "penkt",
    "šeši": "šešt", "septyni": "septint", "aštuoni": "aštunt", "devyni": "devint",
    "šimtas": "šimt", "tūkstantis": "tūkstant",
    **{word: word[:-1] + "t" for word in _TEENS[1:]},  # vienuolika → vienuolikt
    **{word: word for word in [_TEENS[0], *_TENS[2:]]},  # dešimt, dvidešimt …
}
YEAR_WHEN = "aisiais"
"""Ordinal ending of a year said as "when" (instrumental plural: 2015-aisiais metais)."""
YEAR_OF = "ųjų"
"""Ordinal ending of the year before a month (genitive plural: 2015-ųjų metų kovo…)."""
DAY_WHEN = "ąją"
"""Ordinal ending of a day said as "when" (accusative, definite: dvidešimt šeštąją dieną)."""
HOUR = "ą"
"""Ordinal ending of an hour (accusative: aštuonioliktą valandą)."""


class SayAs(NamedTuple):
    """Something written one way and said another: as written, as said, and what it is.

    ``kind`` is one of ``abbreviation``, ``symbol``, ``unit``, ``url``, ``email``, ``phone``,
    ``date``, ``year``, ``time``.
    """

    written: str
    spoken: str
    kind: str


@dataclass(frozen=True)
class Abbreviation:
    """One entry of spoken_forms.yaml (see the comment at its top)."""

    written: str
    word: str
    source: str
    forms: tuple[str, str, str, str] | None = None
    gender: str = "m"
    after: str | None = None
    case: str = "any"

    @property
    def symbol(self) -> bool:
        """Written as a sign (%, €), not as letters."""
        return not any(c.isalpha() for c in self.written)


@dataclass(frozen=True)
class SpokenForms:
    """The data of spoken_forms.yaml: sources, abbreviations, domains, signs, digits."""

    sources: dict[str, str]
    abbreviations: tuple[Abbreviation, ...]
    domains: dict[str, str]
    web_symbols: dict[str, str]
    digits: tuple[str, ...]


@cache
def spoken_forms() -> SpokenForms:
    """The shipped word list, read once per process.

    ``ValueError`` naming the entry when an abbreviation cites a source the file does not
    list or has ``forms`` that are not four words.
    """
    import yaml

    text = resources.files("pipeline").joinpath("data/spoken_forms.yaml").read_text(
        encoding="utf-8")
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml
    entries = []
    for number, entry in enumerate(raw["abbreviations"], start=1):
        if entry["source"] not in raw["sources"]:
            raise ValueError(f"spoken_forms.yaml: abbreviations[{number}] "
                             f"({entry['written']}): unknown source '{entry['source']}'")
        forms = entry.get("forms")
        if forms is not None and len(forms) != 4:
            raise ValueError(f"spoken_forms.yaml: abbreviations[{number}] "
                             f"({entry['written']}): forms needs [one, few, many, genitive]")
        entries.append(Abbreviation(**{**entry, "forms": tuple(forms) if forms else None}))
    return SpokenForms(sources=dict(raw["sources"]), abbreviations=tuple(entries),
                       domains=dict(raw["domains"]), web_symbols=dict(raw["web_symbols"]),
                       digits=tuple(raw["digits"]))


def number_words(value: int, feminine: bool = False) -> str:
    """A cardinal number in words (nominative), 0 to 999 999 999.

    Feminine (for valanda, minutė, diena) changes the last word: 2 → dvi, 21 → dvidešimt
    viena.
    """
    if value == 0:
        return "nulis"
    if value >= 1_000_000:
        millions, rest = divmod(value, 1_000_000)
        head = "milijonas" if millions == 1 else \
            f"{number_words(millions)} {plural(millions, 'milijonas', 'milijonai', 'milijonų')}"
        return head + (f" {number_words(rest, feminine)}" if rest else "")
    if value >= 1000:
        thousands, rest = divmod(value, 1000)
        head = "tūkstantis" if thousands == 1 else (
            f"{number_words(thousands)} "
            f"{plural(thousands, 'tūkstantis', 'tūkstančiai', 'tūkstančių')}")
        return head + (f" {number_words(rest, feminine)}" if rest else "")
    words = []
    hundreds, rest = divmod(value, 100)
    if hundreds:
        words.append("šimtas" if hundreds == 1 else f"{_ONES[hundreds]} šimtai")
    if 10 <= rest < 20:
        words.append(_TEENS[rest - 10])
    else:
        tens, ones = divmod(rest, 10)
        if tens:
            words.append(_TENS[tens])
        if ones:
            words.append((_ONES_F if feminine else _ONES)[ones])
    return " ".join(words)


def ordinal(value: int, ending: str) -> str:
    """``value`` as an ordinal with ``ending`` on its last word.

    Only the last word of a Lithuanian compound ordinal is ordinal: ``ordinal(2015, "ųjų")``
    → "du tūkstančiai penkioliktųjų"; round thousands join the count: 2000 → "dutūkstant…".
    """
    words = number_words(value).split()
    if value >= 1000 and value % 1000 == 0 and value < 10_000:
        count = value // 1000
        stem = "tūkstant" if count == 1 else f"{_ONES[count]}tūkstant"
        return stem + ending
    if len(words) > 1 and words[-1] in ("šimtai", "tūkstančiai"):
        words = [*words[:-2], words[-2] + _ORDINAL_STEMS[
            "šimtas" if words[-1] == "šimtai" else "tūkstantis"]]
        return " ".join(words) + ending
    return " ".join([*words[:-1], _ORDINAL_STEMS[words[-1]] + ending])


def digits_aloud(digits: str) -> str:
    """A telephone number digit by digit: "112" → "vienas vienas du"; + is "plius"."""
    names = spoken_forms().digits
    return " ".join("plius" if c == "+" else names[int(c)] for c in digits
                    if c.isdigit() or c == "+")


def _count(number: str, entry: Abbreviation) -> str:
    """A number followed by the unit ``entry`` (which has ``forms``), as said."""
    assert entry.forms is not None
    one, few, many, genitive = entry.forms
    number = re.sub(r"[ \u00a0]", "", number)
    if "," in number:  # a decimal: "2,5 proc." → "du kablelis penki procento"
        whole, fraction = number.split(",", 1)
        return (f"{number_words(int(whole))} kablelis {number_words(int(fraction))} "
                f"{genitive}")
    value = int(number)
    feminine = entry.gender == "f"
    if entry.word == "metai" and value % 10 > 0 and not 11 <= value % 100 <= 19:
        # Metai has no singular: collective numerals (dveji metai, dvidešimt vieneri metai).
        head = number_words(value - value % 10) + " " if value >= 10 else ""
        return f"{head}{_COLLECTIVE[value % 10]} {one}"
    return f"{number_words(value, feminine)} {plural(value, one, few, many)}"


def _web(address: str) -> str:
    """A web or e-mail address as said: each part, the signs between them named."""
    forms = spoken_forms()
    address = re.sub(r"^https?://", "", address, flags=re.IGNORECASE)
    parts = [p for p in re.split(r"([./@_-])", address) if p]
    last_word = max(i for i, p in enumerate(parts) if p not in forms.web_symbols)
    said = []
    skip_dot = False
    for index, part in enumerate(parts):
        lowered = part.lower()
        if lowered == "www":
            skip_dot = True  # "www." is not said
            continue
        if part in forms.web_symbols:
            if not (skip_dot and part == "."):
                said.append(forms.web_symbols[part])
            skip_dot = False
            continue
        skip_dot = False
        if index == last_word and lowered in forms.domains:
            said.append(forms.domains[lowered])
        elif part.isdigit():
            said.append(digits_aloud(part))
        else:
            said.append(lowered)
    return " ".join(w for w in said if w)


_MONTH = "|".join(MONTHS_GENITIVE)
GROUPED = r"(?:\d{1,3}(?:[ \u00a0]\d{3})+|\d+)"
"""A number, its thousands maybe grouped by spaces (10 000, as Lithuanian writes them)."""
_DOMAINS = r"(?:lt|eu|com|org|net|info)"
PHONE_CONTEXT = r"(?:tel\.|telefon\w*|skambin\w*|numeri[ou]\w*)"
"""Words after which digits are a telephone number (said digit by digit)."""


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """(kind, pattern) in priority order: an earlier match wins the characters it covers."""
    forms = spoken_forms()
    units = sorted((a for a in forms.abbreviations if a.forms), key=lambda a: -len(a.written))
    unit = "|".join(re.escape(a.written) for a in units)
    return [
        ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
        ("url", re.compile(rf"(?:https?://)?(?:[a-z0-9-]+\.)+{_DOMAINS}(?![\w])"
                           r"(?:/[\w\-./?=&%#]*[\w/])?", re.IGNORECASE)),
        ("date", re.compile(rf"(?<!\d)(\d{{4}})\s*m\.\s+((?i:{_MONTH}))\s+(\d{{1,2}})\s*d\.")),
        ("date", re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")),
        ("date", re.compile(rf"(?<!\w)((?i:{_MONTH}))\s+(\d{{1,2}})\s*d\.")),
        ("year", re.compile(r"(?<!\d)(\d{4})\s*m\.(?!\w)")),
        ("time", re.compile(r"(?<![\d.,:])([01]?\d|2[0-3])[.:]([0-5]\d)\s*val\.")),
        ("time", re.compile(r"(?<![\d.,:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")),
        ("time", re.compile(r"(?i:(?<!\w)(?:nuo|iki|apie|ties|po|prieš)\s+)"
                            r"([01]?\d|2[0-3])\s*val\.")),
        # Digit groups that are not thousands (10 000 000 is a number, 8 800 66 366 a phone).
        ("phone", re.compile(r"(?<![\w+])(?!\d{1,3}(?:[ \u00a0]\d{3})+(?!\d|[ -]\d))"
                             r"\+?\d{1,4}(?:[ -]\d{1,4}){2,}(?!\d)")),
        ("phone", re.compile(rf"(?i:(?<!\w){PHONE_CONTEXT}\s+)(\+?\d(?:[\d -]*\d)?)")),
        ("unit", re.compile(rf"(?<![\d,])({GROUPED}(?:,\d+)?)\s?({unit})(?![^\W\d_])")),
    ]


def _abbreviation_patterns() -> list[tuple[Abbreviation, re.Pattern[str]]]:
    """A pattern per abbreviation, longest first (``ir kt.`` before ``kt.``)."""
    out = []
    for entry in sorted(spoken_forms().abbreviations, key=lambda a: -len(a.written)):
        if entry.after == "number":
            continue  # only after a number: the "unit" pattern
        body = r"\s?".join(re.escape(part) for part in entry.written.split(" "))
        before = r"(?<!\w)"
        after = "" if entry.symbol else r"(?![^\W\d_])"
        flags = 0 if entry.case == "exact" else re.IGNORECASE
        out.append((entry, re.compile(before + body + after, flags)))
    return out


_COMPILED: list[tuple[str, re.Pattern[str]]] = []
_ABBREVIATIONS: list[tuple[Abbreviation, re.Pattern[str]]] = []


def _said(kind: str, match: re.Match[str]) -> str:
    """The spoken form of a match of the pattern of ``kind``."""
    groups = match.groups()
    if kind in ("url", "email"):
        return _web(match.group(0))
    if kind == "date":
        if len(groups) == 3 and groups[1].isdigit():  # ISO 2015-03-26
            year, month, day = int(groups[0]), MONTHS_GENITIVE[int(groups[1]) - 1], \
                int(groups[2])
            return f"{ordinal(year, YEAR_OF)} metų {month} {ordinal(day, DAY_WHEN)} dieną"
        if len(groups) == 3:
            return (f"{ordinal(int(groups[0]), YEAR_OF)} metų {groups[1].lower()} "
                    f"{ordinal(int(groups[2]), DAY_WHEN)} dieną")
        return f"{groups[0].lower()} {ordinal(int(groups[1]), DAY_WHEN)} dieną"
    if kind == "year":
        return f"{ordinal(int(groups[0]), YEAR_WHEN)} metais"
    if kind == "time":
        hour = ordinal(int(groups[0]), HOUR) if int(groups[0]) else "nulinę"
        said = f"{hour} valandą"
        if len(groups) > 1 and int(groups[1]):
            minutes = int(groups[1])
            said += f" {number_words(minutes, True)} " + plural(minutes, "minutė", "minutės",
                                                                "minučių")
        return said
    if kind == "phone":
        return digits_aloud(groups[0] if groups else match.group(0))
    # unit
    entry = next(a for a in spoken_forms().abbreviations if a.forms and (
        a.written == groups[1] or (a.case != "exact" and a.written.lower() == groups[1].lower())))
    return _count(groups[0], entry)


def say_as_read(text: str) -> tuple[str, list[SayAs]]:
    """``text`` as a host says it, and each place written otherwise, in reading order.

    A match covers the characters of the text it is found in; a pattern earlier in
    ``_patterns`` wins (an address before its dots, a date before its "m." and "d.").
    """
    said, places = _said_once(text)
    return said, list(places)


@lru_cache(maxsize=1024)
def _said_once(text: str) -> tuple[str, tuple[SayAs, ...]]:
    """``say_as_read`` of ``text``, worked out once per process.

    A show's script, rundown and prompter read the same segments, and every build plans
    them: 97 readings for the sample.
    """
    if not _COMPILED:
        _COMPILED.extend(_patterns())
        _ABBREVIATIONS.extend(_abbreviation_patterns())
    taken: list[tuple[int, int, str, SayAs]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _, _ in taken)

    for kind, pattern in _COMPILED:
        for match in pattern.finditer(text):
            # The phone pattern after a context word reports only the digits.
            start, end = match.span(1) if kind == "phone" and match.groups() else match.span()
            if kind == "time" and match.group(0)[0].isalpha():
                start = match.start(1)
            if free(start, end):
                said = _said(kind, match)
                taken.append((start, end, said, SayAs(text[start:end], said, kind)))
    for entry, pattern in _ABBREVIATIONS:
        for match in pattern.finditer(text):
            if free(*match.span()):
                kind = "symbol" if entry.symbol else "abbreviation"
                taken.append((*match.span(), entry.word,
                              SayAs(match.group(0), entry.word, kind)))
    taken.sort()
    pieces, position = [], 0
    for start, end, said, _ in taken:
        pieces += [text[position:start], f" {said} "]
        position = end
    pieces.append(text[position:])
    return "".join(pieces), tuple(found for *_, found in taken)
