"""Lithuanian line breaking: no-break spaces where a line must not end (issue 16, item 3).

Every string a layout prints passes through ``prepare`` (the template environment's
``finalize``), Markdown chapters through ``pipeline.markdown``; display text (headlines,
leads, titles, billboard lines, cover and chapter titles) through ``prepare_display`` as
well (the ``display`` filter). Each rule turns one ordinary space into a no-break space
(U+00A0), so the text keeps its length and its meaning and only loses a break opportunity:

- a one-letter word ("į", "o", "a", "Į") never ends a line: it is bound to the next word,
  and so is an initial ("A. Vaitkus");
- a number keeps its unit or the abbreviation after it ("2015 m.", "26 d.", "10 val.",
  "5 proc.", "15 min.", "3 km", "10 %", "100 Eur", "XX a."), an abbreviation before a
  number keeps it ("tel. 112", "Nr. 5", "p. 12"), and groups of digits stay together
  ("10 000", "+370 5 123 4567");
- an opening quote „ never ends a line (a space typed after it is a no-break space), nor
  does a closing “ start one;
- a dash that opens a clause never starts a line: the space before "–" (or "—", or a
  hyphen typed as a dash, " - ") is a no-break space ("žodis – kitas");
- in display text, no line ends with a word of one or two letters ("ir", "ar", "ne", "su",
  "iš", "be", "už").

Source: the rule list of issue 16; it is the practice Czech and Polish typography codify
(the Czech Language Institute's guideline, implemented by the luavlna and vlna packages;
Wielki Słownik Ortograficzny PWN, rule 54.8.1), which Lithuanian typesetting follows. No
VLKK text on no-break spaces was found, so which abbreviations count as units is an
implementation choice (``UNITS_AFTER``, ``ABBREVIATIONS_BEFORE``).

U+00A0 rather than the narrow U+202F between a number and its unit: Lithuanian writes a
full word space there ("10 %", "2015 m."), and the brand's serif face has no U+202F glyph
(a system font would be pulled in for it).

A word followed by punctuation ("ne,", "m.") ends a clause and may end a line; it is left
alone. Only a single space is replaced, never a line break typed in the content.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"

# Lowercase and uppercase letters of any script (no digits, no underscore).
_LETTER = r"[^\W\d_]"
# Not preceded by a letter, digit or a character that glues to the word before.
_START = r"(?<![\w.,'’\-])"

UNITS_AFTER = (
    "m.", "d.", "val.", "min.", "sek.", "s.", "proc.", "mėn.", "sav.", "a.", "t.", "k.",
    "mln.", "mlrd.", "tūkst.", "vnt.", "kt.", "psl.", "p.",
    "km", "m", "cm", "mm", "kg", "g", "t", "l", "ha", "h", "val",
    "%", "‰", "€", "Eur", "EUR", "eur", "Lt", "lt", "°C", "°",
)
"""Units and abbreviations that follow a number ("2015 m.", "5 proc.", "10 %")."""

ABBREVIATIONS_BEFORE = ("tel.", "Tel.", "mob.", "faks.", "Nr.", "nr.", "No.", "p.", "psl.",
                        "str.", "kab.", "g.", "pr.", "al.", "§")
"""Abbreviations that precede a number ("tel. 112", "Nr. 5", "Vilniaus g. 5")."""


def _alternatives(words: tuple[str, ...]) -> str:
    # Longest first, so that "mln." wins over "m." and "val." over "val".
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_RULES: tuple[re.Pattern[str], ...] = (
    # a one-letter word (or an initial) and the word after it
    re.compile(rf"{_START}(?:{_LETTER}|[A-ZĄČĘĖĮŠŲŪŽ]\.)(?P<space> )(?=\S)"),
    # a number and its unit; a Roman numeral and "a." (century)
    re.compile(rf"(?:\d|(?<![\w])[IVXLC]+)(?= (?:{_alternatives(UNITS_AFTER)})(?![^\W\d_]))"
               r"(?P<space> )"),
    # an abbreviation and its number
    re.compile(rf"{_START}(?:{_alternatives(ABBREVIATIONS_BEFORE)})(?P<space> )(?=[+(\d])"),
    # groups of digits ("10 000", phone numbers)
    re.compile(r"(?<=\d)(?P<space> )(?=\d)"),
    # after an opening quote, before a closing one
    re.compile(r"„(?P<space> )(?=\S)"),
    re.compile(r"(?<=\S)(?P<space> )(?=“)"),
    # before a dash that opens a clause
    re.compile(r"(?<=\S)(?P<space> )(?=[–—-] )"),
)

_SHORT_WORD = re.compile(rf"{_START}{_LETTER}{{1,2}}(?P<space> )(?=\S)")


def _bind(pattern: re.Pattern[str], text: str) -> str:
    """``text`` with the space each match of ``pattern`` names made a no-break space."""
    def one(match: re.Match[str]) -> str:
        whole = match.group(0)
        start = match.start("space") - match.start()
        return whole[:start] + NBSP + whole[start + 1:]
    return pattern.sub(one, text)


def prepare(text: str) -> str:
    """``text`` with no-break spaces where Lithuanian typography forbids a line break.

    The rules of the module docstring for all text; the result has the same length.
    """
    if " " not in text:
        return text
    for pattern in _RULES:
        text = _bind(pattern, text)
    return text


def prepare_display(text: str) -> str:
    """``prepare`` and, for display text, no line ending with a one- or two-letter word."""
    return _bind(_SHORT_WORD, prepare(text))
