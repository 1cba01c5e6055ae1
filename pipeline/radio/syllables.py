"""Lithuanian read time from syllables, not English words per minute.

A syllable is a vowel nucleus (a ą e ę ė i į y o u ų ū). The diphthongs ai, au, ei, ui, ie,
uo (and eu, oi, ou in loanwords) are one nucleus; an i between a consonant and another
vowel only softens the consonant (kiaulė = kiau-lė, šiandien = šian-dien) and is no nucleus.
Numbers are expanded to their spoken (nominative) form and abbreviations a host must expand
(m., d., proc., %, val., …) are counted as read and reported, so the sheet can be fixed.
Lithuanian words average 2.89 syllables (radio-scripts.md §3.3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.lithuanian import plural

VOWELS = set("aąeęėiįyouųū")
DIPHTHONGS = {"ai", "au", "ei", "ui", "ie", "uo", "eu", "oi", "ou"}
# A host reading broadcast copy: 4.5 syllables per second (≈ 93 Lithuanian words a minute,
# inside the 85–120 wpm range derived in radio-scripts.md §3.4; espeak-ng's Lithuanian voice
# reads about 5.0). Calibrate per host from a timed reading.
DEFAULT_SYLLABLES_PER_SECOND = 4.5

ABBREVIATIONS = {
    "m.": "metų", "d.": "dieną", "proc.": "procentų", "%": "procentų", "val.": "valandą",
    "min.": "minučių", "tel.": "telefonas", "pvz.": "pavyzdžiui", "t. y.": "tai yra",
    "g.": "gatvė", "nr.": "numeris", "ES": "Europos Sąjunga", "str.": "straipsnis",
}
_ABBREVIATION = re.compile(
    r"(?<!\w)(t\. y\.|proc\.|val\.|min\.|tel\.|pvz\.|str\.|nr\.|m\.|d\.|g\.)(?=\s|$|[,;:)])"
    r"|%|(?<!\w)ES(?!\w)", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")

_ONES = ["", "vienas", "du", "trys", "keturi", "penki", "šeši", "septyni", "aštuoni", "devyni"]
_TEENS = ["dešimt", "vienuolika", "dvylika", "trylika", "keturiolika", "penkiolika",
          "šešiolika", "septyniolika", "aštuoniolika", "devyniolika"]
_TENS = ["", "", "dvidešimt", "trisdešimt", "keturiasdešimt", "penkiasdešimt",
         "šešiasdešimt", "septyniasdešimt", "aštuoniasdešimt", "devyniasdešimt"]


def number_words(value: int) -> str:
    """A cardinal number in words (nominative), 0 to 999 999."""
    if value == 0:
        return "nulis"
    if value >= 1000:
        thousands, rest = divmod(value, 1000)
        if thousands == 1:
            head = "tūkstantis"
        else:
            word = plural(thousands, "tūkstantis", "tūkstančiai", "tūkstančių")
            head = f"{number_words(thousands)} {word}"
        return head + (f" {number_words(rest)}" if rest else "")
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
            words.append(_ONES[ones])
    return " ".join(words)


def word_syllables(word: str) -> int:
    """Syllables of one Lithuanian word (vowel nuclei)."""
    letters = word.lower()
    count = 0
    index = 0
    while index < len(letters):
        if letters[index] not in VOWELS:
            index += 1
            continue
        run_end = index
        while run_end < len(letters) and letters[run_end] in VOWELS:
            run_end += 1
        run = letters[index:run_end]
        j = 0
        while j < len(run):
            # A softening i: after a consonant, before another vowel (not the ie diphthong,
            # which counts once either way).
            if run[j] == "i" and j == 0 and j + 1 < len(run) and index > 0:
                j += 1
                continue
            if run[j:j + 2] in DIPHTHONGS:
                count += 1
                j += 2
            else:
                count += 1
                j += 1
        index = run_end
    return count


@dataclass
class Reading:
    """What a text costs to read aloud."""

    syllables: int
    words: int
    to_expand: list[tuple[str, str]] = field(default_factory=list)
    """(as written, as it must be read) for abbreviations and symbols."""
    numbers: list[str] = field(default_factory=list)
    """Numbers written as digits (counted as read in full; check how the host says them)."""

    def seconds(self, syllables_per_second: float = DEFAULT_SYLLABLES_PER_SECOND) -> float:
        """Estimated duration in s at ``syllables_per_second``.

        The default, 4.5, is an implementation choice inside the band radio-scripts.md §3.4
        derives (about 85–120 Lithuanian words a minute).
        """
        return self.syllables / syllables_per_second


def read_time(text: str) -> Reading:
    """Count the syllables of ``text`` as a host would read it.

    Abbreviations and symbols are counted as read and listed in ``to_expand``; numbers of up
    to six digits are counted as their nominative words, a longer run of digits adds no
    syllables.
    """
    to_expand = []

    def expand(match: re.Match[str]) -> str:
        written = match.group(0)
        key = written if written in ABBREVIATIONS else written.lower()
        spoken = ABBREVIATIONS.get(key, ABBREVIATIONS.get(written.upper(), written))
        to_expand.append((written, spoken))
        return f" {spoken} "

    spoken_text = _ABBREVIATION.sub(expand, text)
    numbers = _NUMBER.findall(spoken_text)
    spoken_text = _NUMBER.sub(lambda m: f" {number_words(int(m.group()))} "
                              if len(m.group()) <= 6 else " ".join(m.group()), spoken_text)
    words = re.findall(r"[^\W\d_]+", spoken_text)
    return Reading(syllables=sum(word_syllables(w) for w in words), words=len(words),
                   to_expand=to_expand, numbers=numbers)
