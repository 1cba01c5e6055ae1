"""Lithuanian read time: syllable counts, numbers and abbreviations, durations."""

from __future__ import annotations

import pytest

from pipeline.radio.syllables import number_words, read_time, word_syllables

# (word, syllables): hand-syllabified; diphthongs and the softening i are the traps.
WORDS = [
    ("kiaulė", 2), ("žmonėmis", 3), ("prekyba", 3), ("Lietuva", 3), ("Europos", 3),
    ("Sąjunga", 3), ("socialinis", 4), ("fondas", 2), ("bendradarbiavimas", 6),
    ("užsienyje", 4), ("pagalbos", 3), ("savivaldybės", 5), ("kreipkis", 2), ("policija", 4),
    ("prokuratūra", 5), ("išnaudojimas", 5), ("duona", 2), ("giedoti", 3), ("mergaitė", 3),
    ("tiesa", 2), ("ačiū", 2), ("šiandien", 2), ("radijas", 3), ("Klaipėda", 3),
    ("Šiauliai", 2), ("Panevėžys", 4), ("Marijampolė", 5), ("Kaunas", 2), ("aukos", 2),
    ("pasiūlymas", 4), ("laisvė", 2), ("meilė", 2), ("uždarbis", 3), ("vaikų", 2),
    ("specialistai", 4), ("diskusija", 4), ("konferencija", 5), ("studentams", 3),
    ("ieško", 2), ("jaunimas", 3), ("kviečiame", 3), ("gražiausias", 3), ("šios", 1),
]


@pytest.mark.parametrize(("word", "count"), WORDS, ids=[w for w, _ in WORDS])
def test_word_syllables(word: str, count: int) -> None:
    """This test ensures vowel nuclei, diphthongs and the softening i are counted right."""
    assert word_syllables(word) == count


@pytest.mark.parametrize(("sentence", "count"), [
    ("Žmogus – ne prekė.", 5),
    ("Kviečiame jaunimą į susitikimą.", 12),  # kvie-čia-me jau-ni-mą į su-si-ti-ki-mą
    ("Europos Sąjunga, Europos socialinis fondas.", 15),
    ("Investuojame į Jūsų ateitį.", 11),
])
def test_sentence_syllables(sentence: str, count: int) -> None:
    """This test ensures whole sentences add up, punctuation and dashes ignored."""
    assert read_time(sentence).syllables == count


def test_numbers_are_read_in_full() -> None:
    """This test ensures digits are counted as the words a host says."""
    assert number_words(112) == "šimtas dvylika"
    assert number_words(2014) == "du tūkstančiai keturiolika"
    assert number_words(21000) == "dvidešimt vienas tūkstantis"
    reading = read_time("Atėjo 112 žmonių.")
    assert reading.numbers == ["112"]
    assert reading.syllables == 3 + 2 + 3 + 2  # a-tė-jo šim-tas dvy-li-ka žmo-nių


def test_abbreviations_are_flagged_and_expanded() -> None:
    """This test ensures a date, units, a time and ES are reported with their reading, in
    reading order."""
    reading = read_time("2014 m. gegužės 12 d. 15 proc. ir 20 % – nuo 18 val., ES.")
    assert [found.written for found in reading.to_expand] == [
        "2014 m. gegužės 12 d.", "15 proc.", "20 %", "18 val.", "ES"]
    assert reading.to_expand[3].spoken == "aštuonioliktą valandą"


def test_duration_at_a_rate() -> None:
    """This test ensures duration = syllables ÷ rate (default 4.5 syllables a second)."""
    reading = read_time("Europos Sąjunga, Europos socialinis fondas.")  # 15 syllables
    assert reading.seconds() == pytest.approx(15 / 4.5)
    assert reading.seconds(5.0) == pytest.approx(3.0)
