"""Say it as it is read (issue #17): every abbreviation, symbol, address, telephone number,
date and time a host reads, in a show and in a spot, is found with its spoken form, and the
read time counts the spoken form's syllables."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.build import load, plan
from pipeline.config import load_config
from pipeline.radio.spoken import SayAs, say_as_read, spoken_forms
from pipeline.radio.syllables import read_time, word_syllables

# (sentence a host reads, as written, as said): one per item of the list.
CASES = [
    ("Laida vyko 2014 m. pavasarį.", "2014 m.", "du tūkstančiai keturioliktaisiais metais"),
    ("Per 5 d. padėjome trims žmonėms.", "5 d.", "penkios dienos"),
    ("Pagalba truko 3 mėn. ir daugiau.", "3 mėn.", "trys mėnesiai"),
    ("Pokalbis truko 2 val. be pertraukos.", "2 val.", "dvi valandos"),
    ("Klipas trunka 1 min. ir ne daugiau.", "1 min.", "viena minutė"),
    ("Tik 15 proc. kreipiasi pagalbos.", "15 proc.", "penkiolika procentų"),
    ("Net 20 % nukentėjusiųjų grįžta.", "20 %", "dvidešimt procentų"),
    ("Kelionė kainavo 100 Eur ir daugiau.", "100 Eur", "šimtas eurų"),
    ("Skolą sudarė 5 € per dieną.", "5 €", "penki eurai"),
    ("Informacija tel. numeriu.", "tel.", "telefonas"),
    ("Tai pažyma Nr. penki.", "Nr.", "numeris"),
    ("Biuras yra Laisvės g. centre.", "g.", "gatvė"),
    ("Pvz., darbdavys atima pasą.", "Pvz.", "pavyzdžiui"),
    ("Išnaudojimas, t. y. priverstinis darbas.", "t. y.", "tai yra"),
    ("Padeda policija, savivaldybės ir kt. tarnybos.", "ir kt.", "ir kiti"),
    ("Kalbėjo policininkai, kt. tarnybos tylėjo.", "kt.", "kiti"),
    ("Daugiau žr. svetainėje.", "žr.", "žiūrėkite"),
    ("Projektą remia ES lėšos.", "ES", "Europos Sąjunga"),
    ("Daugiau – www.caritas.lt svetainėje.", "www.caritas.lt", "caritas taškas el tė"),
    ("Rašykite info@caritas.lt adresu.", "info@caritas.lt", "info eta caritas taškas el tė"),
    ("Pavojuje skambinkite 112 nedelsdami.", "112", "vienas vienas du"),
    ("Renginys vyko 2015 m. kovo 26 d. Kaune.", "2015 m. kovo 26 d.",
     "du tūkstančiai penkioliktųjų metų kovo dvidešimt šeštąją dieną"),
    ("Laida prasideda 18.30 val. kas savaitę.", "18.30 val.",
     "aštuonioliktą valandą trisdešimt minučių"),
]
IDS = [written for _, written, _ in CASES]


@pytest.mark.parametrize(("sentence", "written", "spoken"), CASES, ids=IDS)
def test_spoken_form(sentence: str, written: str, spoken: str) -> None:
    """This test ensures each written form is found once with its spoken form, and the read
    time counts the syllables of the sentence as said, not as written."""
    _, found = say_as_read(sentence)
    assert [(f.written, f.spoken) for f in found] == [(written, spoken)]
    expected = sum(word_syllables(w) for w in sentence.replace(written, spoken).split())
    assert read_time(sentence).syllables == expected


@pytest.mark.parametrize(("spoken", "syllables"), [
    ("caritas taškas el tė", 3 + 2 + 1 + 1),
    ("vienas vienas du", 2 + 2 + 1),
    ("du tūkstančiai penkioliktųjų metų kovo dvidešimt šeštąją dieną",
     1 + 3 + 5 + 2 + 2 + 3 + 3 + 2),
    ("aštuonioliktą valandą trisdešimt minučių", 5 + 3 + 3 + 3),
    ("penkiolika procentų", 4 + 3),
    ("tai yra", 1 + 2),
    ("Europos Sąjunga", 3 + 3),
])
def test_syllables_of_spoken_forms(spoken: str, syllables: int) -> None:
    """This test ensures the hand-counted syllables of the spoken forms (aš-tuo-ni-o-lik-tą
    has five: the i between n and o is a softening i, not a nucleus)."""
    assert read_time(spoken).syllables == syllables


def test_the_read_time_grows_with_the_spoken_form() -> None:
    """This test ensures "www.caritas.lt" costs the syllables of "caritas taškas el tė", not
    of its letters, and a telephone number those of its digits one by one."""
    assert read_time("www.caritas.lt").syllables == 7
    assert read_time("skambink 112").syllables == 2 + 5
    assert read_time("2015 m.").syllables == read_time(
        "du tūkstančiai penkioliktaisiais metais").syllables


def test_the_word_list_is_data_with_sources() -> None:
    """This test ensures every entry of spoken_forms.yaml cites a listed source, and the
    VLKK list is one of them."""
    forms = spoken_forms()
    assert "vlkk" in forms.sources and "vlkk.lt" in forms.sources["vlkk"]
    assert all(entry.source in forms.sources for entry in forms.abbreviations)
    written = {entry.written for entry in forms.abbreviations}
    assert {"m.", "d.", "mėn.", "val.", "min.", "proc.", "%", "Eur", "€", "tel.", "Nr.", "g.",
            "pvz.", "t. y.", "ir kt.", "kt.", "žr.", "ES"} <= written


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """A show with one read per case and a spot per case: the say-as-read findings of each
    job, by job id."""
    root = tmp_path_factory.mktemp("spoken")
    radio = root / "content" / "radio"
    (radio / "spots").mkdir(parents=True)
    for name in ("layouts", "brand"):
        (root / name).symlink_to(Path(__file__).resolve().parent.parent / name)
    credit = " Remia Europos Sąjunga, Europos socialinis fondas."
    for number, (sentence, _, _) in enumerate(CASES):
        (radio / "spots" / f"s{number}.yaml").write_text(yaml.safe_dump({
            "id": f"s{number}", "title": "Klipas", "nominal_seconds": 30,
            "voice": {"id": "diktorius", "label": "Diktorius"}, "text": sentence + credit},
            allow_unicode=True), encoding="utf-8")
    segments: list[dict[str, object]] = [
        {"type": "read", "title": f"Skaitymas {n}", "host": "vedejas", "text": s}
        for n, (s, _, _) in enumerate(CASES)]
    segments.append({"type": "interview", "title": "Pokalbis", "host": "vedejas",
                     "guest": "Socialinė darbuotoja", "seconds": 60,
                     "questions": ["Kaip padedate?", "Kiek kainuoja, pvz., būstas?"]})
    (radio / "laida.yaml").write_text(yaml.safe_dump({
        "id": "laida", "title": "Laida", "station": "Radijas", "air_date": "2014-05-20",
        "air_time": "18:00", "slot_seconds": 600,
        "hosts": [{"id": "vedejas", "label": "Vedėjas"}], "segments": segments},
        allow_unicode=True), encoding="utf-8")
    (root / "content" / "campaign.yaml").write_text(
        (Path(__file__).resolve().parent.parent / "content" / "campaign.yaml").read_text(
            encoding="utf-8"), encoding="utf-8")
    project = load(load_config(root))
    return {job.id: [f"{d.field} {d.message}" for d in job.findings
                     if d.code == "radio-say-as-read"]
            for job in plan(project, ("radio-laida", "spot-*"))}


@pytest.mark.parametrize(("number", "case"), list(enumerate(CASES)), ids=IDS)
def test_found_in_a_show_and_in_a_spot(planned: dict[str, list[str]], number: int,
                                       case: tuple[str, str, str]) -> None:
    """This test ensures the check covers every text a host reads, shows and spots: each
    case is a finding of the show's item and of the spot, with its spoken form."""
    _, written, spoken = case
    message = f"“{written}” is read “{spoken}”"
    assert [m for m in planned["radio-laida"]
            if m.startswith(f"segments.{number}.text item {number + 1} “Skaitymas {number}”")
            and message in m]
    assert [m for m in planned[f"spot-s{number}"] if m.startswith("text ") and message in m]


def test_interview_questions_are_checked(planned: dict[str, list[str]]) -> None:
    """This test ensures the questions a host asks are checked too, located at the
    question's field."""
    index = len(CASES)
    assert planned["radio-laida"][-1] == (
        f"segments.{index}.questions.1 item {index + 1} “Pokalbis”: “pvz.” is read "
        "“pavyzdžiui” (abbreviation): write it as it is read")


def test_say_as_is_a_named_tuple() -> None:
    """This test ensures a finding carries what it is (used in the message)."""
    _, [found] = say_as_read("Skambinkite 112.")
    assert found == SayAs("112", "vienas vienas du", "phone")


@pytest.mark.parametrize(("sentence", "found", "syllables"), [
    ("Skola siekė 10 000 Eur.", [("10 000 Eur", "dešimt tūkstančių eurų")], 2 + 2 + 7),
    ("Atvyko 2 500 žmonių.", [], 3 + 1 + 3 + 4 + 2),  # at-vy-ko du tūks-tan-čiai pen-ki šim-tai
    ("Skambinkite 8 800 66 366.", [("8 800 66 366", "aštuoni aštuoni nulis nulis šeši šeši "
                                    "trys šeši šeši")], 4 + 3 * 2 + 2 * 2 + 2 * 4 + 1),
    ("Tel. +370 5 262 5555.", [("Tel.", "telefonas"), ("+370 5 262 5555", "plius trys septyni "
                                                       "nulis penki du šeši du penki penki "
                                                       "penki penki")], 4 + 1 + 1 + 3 + 2
     + 2 + 1 + 2 + 1 + 2 * 4),  # plius is one syllable (a softening i)
])
def test_thousands_are_numbers_and_phones_are_digits(
        sentence: str, found: list[tuple[str, str]], syllables: int) -> None:
    """This test ensures digits grouped in thousands (Lithuanian "10 000") are one number,
    other groups and an international prefix a telephone number said digit by digit."""
    reading = read_time(sentence)
    assert [(f.written, f.spoken) for f in reading.to_expand] == found
    assert reading.syllables == syllables
