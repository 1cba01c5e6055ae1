"""Lithuanian read time from syllables, not English words per minute.

A syllable is a vowel nucleus (a ą e ę ė i į y o u ų ū). The diphthongs ai, au, ei, ui, ie,
uo (and eu, oi, ou in loanwords) are one nucleus; an i between a consonant and another
vowel only softens the consonant (kiaulė = kiau-lė, šiandien = šian-dien) and is no nucleus.
What is written one way and said another (abbreviations, symbols, dates, times, telephone
numbers, web addresses: ``pipeline.radio.spoken``) is counted as said and reported, so the
sheet can be fixed; other numbers are counted as their nominative words.
Lithuanian words average 2.89 syllables (radio-scripts.md §3.3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.radio.spoken import GROUPED, SayAs, digits_aloud, number_words, say_as_read

VOWELS = set("aąeęėiįyouųū")
DIPHTHONGS = {"ai", "au", "ei", "ui", "ie", "uo", "eu", "oi", "ou"}
# A host reading broadcast copy: 4.5 syllables per second (≈ 93 Lithuanian words a minute,
# inside the 85–120 wpm range derived in radio-scripts.md §3.4; espeak-ng's Lithuanian voice
# reads about 5.0). Calibrate per host from a timed reading.
DEFAULT_SYLLABLES_PER_SECOND = 4.5

_NUMBER = re.compile(r"\d+")


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
    to_expand: list[SayAs] = field(default_factory=list)
    """What is written otherwise than said (as written, as said, kind), in reading order."""
    numbers: list[str] = field(default_factory=list)
    """Numbers written as digits (counted as read in full; check how the host says them)."""

    def seconds(self, syllables_per_second: float = DEFAULT_SYLLABLES_PER_SECOND) -> float:
        """Estimated duration in s at ``syllables_per_second``.

        The default, 4.5, is an implementation choice inside the band radio-scripts.md §3.4
        derives (about 85–120 Lithuanian words a minute).
        """
        return self.syllables / syllables_per_second


def read_time(text: str) -> Reading:
    """Count the syllables of ``text`` as a host would say it.

    Abbreviations, symbols, dates, times, telephone numbers and addresses are counted in
    their spoken form and listed in ``to_expand``; other numbers of up to nine digits are
    counted as their nominative words, longer runs digit by digit.
    """
    spoken_text, to_expand = say_as_read(text)
    spoken_text = re.sub(GROUPED, lambda m: re.sub(r"\D", "", m.group()), spoken_text)
    numbers = _NUMBER.findall(spoken_text)
    spoken_text = _NUMBER.sub(lambda m: f" {number_words(int(m.group()))} "
                              if len(m.group()) <= 9 else f" {digits_aloud(m.group())} ",
                              spoken_text)
    words = re.findall(r"[^\W\d_]+", spoken_text)
    return Reading(syllables=sum(word_syllables(w) for w in words), words=len(words),
                   to_expand=to_expand, numbers=numbers)
