"""Events: poster, invitation, attendance sheet per event; schedule per municipality."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.build import build, load, plan
from pipeline.config import ProjectConfig, load_config
from pipeline.diagnostics import Severity
from pipeline.errors import ContentError
from pipeline.results import BuildReport

pytestmark = pytest.mark.slow
MM = 25.4 / 72


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_each_event_gets_its_products_and_each_municipality_a_schedule(
        sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures poster (A3), invitation (A5) and attendance sheet (A4) per event, and
    one A3 schedule per municipality, all written and without errors."""
    config, report = sample_build
    events = [p.stem for p in (Path(__file__).parent.parent / "content" / "events").glob("*.yaml")]
    ids = {r.job.id: r for r in report.results}
    sizes = {"renginys": (297, 420), "kvietimas": (148, 210), "dalyviai": (210, 297)}
    for event in events:
        for prefix, (width, height) in sizes.items():
            result = ids[f"{prefix}-{event}"]
            assert result.written, [str(d) for d in result.diagnostics]
            page = PdfReader(config.output / result.job.output).pages[0]
            assert [float(v) * MM for v in page.trimbox] == pytest.approx(
                [0, 0, width, height], abs=0.01)
    schedules = sorted(i for i in ids if i.startswith("tvarkarastis-"))
    assert schedules == [f"tvarkarastis-{m}" for m in
                         ("kaunas", "klaipeda", "marijampole", "panevezys", "siauliai")]


def test_schedule_lists_events_in_date_order(
        sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures the Kaunas schedule reads the university event before the conference."""
    config, _ = sample_build
    text = squash(PdfReader(config.output / "print/events/tvarkarastis-kaunas.pdf")
                  .pages[0].extract_text())
    assert "Kampanijos renginiai Kaune" in text
    first = text.index("2014 m. kovo 12 d.")
    second = text.index("2015 m. kovo 26 d.")
    assert first < second
    assert text.index("Darbas užsienyje – galimybė ar spąstai?") < text.index(
        "Prekybos žmonėmis prevencija – kartu")


def test_attendance_sheet_for_95_people(sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures 95 expected participants give 105 numbered rows (10 % spare) over
    6 pages, each with its sheet number and the ESF funding statement."""
    config, report = sample_build
    path = config.output / "print/documents/dalyviai-kaunas-konferencija.pdf"
    reader = PdfReader(path)
    assert len(reader.pages) == 6
    numbers = []
    for index, page in enumerate(reader.pages, start=1):
        text = squash(page.extract_text())
        assert f"Lapas {index} iš 6" in text
        assert "bendrai finansuojamas Europos socialinio fondo lėšomis" in text
        assert "Vardas, pavardė" in text and "Parašas" in text
        numbers += [int(n) for n in re.findall(r"(?<![\d.-])(\d{1,3})\.(?!\d)", text)]
    assert sorted(set(numbers)) == list(range(1, 106))
    result = next(r for r in report.results if r.job.id == "dalyviai-kaunas-konferencija")
    doc = [d for d in result.diagnostics if d.code == "DOC-ESF-STATEMENT"]
    assert [(d.severity, d.measured) for d in doc] == [(Severity.INFO, "found")]


def test_event_date_outside_the_campaign_is_an_error(project: Path) -> None:
    """This test ensures an event dated outside 2013-09-20 – 2015-04-22 is refused with its
    file, line and field."""
    path = project / "content" / "events" / "klaipeda-mokykla.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2014-02-05",
                                                             "date: 2016-02-05"),
                    encoding="utf-8")
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("date:"))
    with pytest.raises(ContentError) as caught:
        load(load_config(project))
    assert [str(d) for d in caught.value.diagnostics] == [
        f"content/events/klaipeda-mokykla.yaml:{line}: date: 2016-02-05 is outside the "
        "campaign period (2013-09-20 – 2015-04-22)"]


def test_a_new_event_is_one_yaml_file(project: Path) -> None:
    """This test ensures adding an event adds its three products and its four social media
    cards and updates its schedule, with no template touched."""
    before = {job.id for job in plan(load(load_config(project)))}
    (project / "content" / "events" / "klaipeda-studentai.yaml").write_text(
        "id: klaipeda-studentai\ntype: university\ntitle: Saugus darbas užsienyje\n"
        "municipality: klaipeda\ndate: 2014-10-08\ntime: '12:00'\nvenue: Vieta tikslinama\n"
        "audience: Studentams\ndescription: Pokalbis apie saugų įsidarbinimą.\n"
        "expected_participants: 30\nexample: true\n", encoding="utf-8")
    after = {job.id for job in plan(load(load_config(project)))}
    assert after - before == {"renginys-klaipeda-studentai", "kvietimas-klaipeda-studentai",
                              "dalyviai-klaipeda-studentai", *(
                                  f"social-klaipeda-studentai.{f}"
                                  for f in ("link", "square", "portrait", "story"))}
    report = build(load_config(project), only=("tvarkarastis-klaipeda",))
    [result] = report.results
    text = squash(PdfReader(project / "output" / result.job.output).pages[0].extract_text())
    assert text.index("Kaip neatsidurti spąstuose") < text.index("Saugus darbas užsienyje")


def test_certificates_per_participant_or_blank_form(project: Path) -> None:
    """This test ensures a page per listed participant, or one blank form without a list,
    each with the ESF statement (DOC-ESF-STATEMENT passes)."""
    config = load_config(project)
    report = build(config, only=("pazymejimai-kaunas-konferencija",))
    [blank] = report.results
    reader = PdfReader(config.output / blank.job.output)
    assert len(reader.pages) == 1
    text = squash(reader.pages[0].extract_text())
    assert "PAŽYMĖJIMAS" in text and "vardas, pavardė" in text
    assert "dalyvavo konferencijoje „Prekybos žmonėmis prevencija – kartu“" in text
    path = project / "content" / "events" / "kaunas-konferencija.yaml"
    # Names made up for the test only; the sample content lists no participants.
    path.write_text(path.read_text(encoding="utf-8")
                    + "participants:\n  - Testas Pirmasis\n  - Testė Antroji\n"
                      "  - Testas Trečiasis\n",
                    encoding="utf-8")
    report = build(config, only=("pazymejimai-kaunas-konferencija",))
    [named] = report.results
    reader = PdfReader(config.output / named.job.output)
    assert [squash(p.extract_text()).count(name) for p, name in zip(
        reader.pages, ("Testas Pirmasis", "Testė Antroji", "Testas Trečiasis"), strict=True)] \
        == [1, 1, 1]
    doc = [d for d in named.diagnostics if d.code == "DOC-ESF-STATEMENT"]
    assert [d.severity for d in doc] == [Severity.INFO]


def test_supervision_cycle_documents(sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures one attendance sheet per session and a certificate for the cycle
    with its dates, number of meetings and hours."""
    config, report = sample_build
    ids = {r.job.id for r in report.results}
    assert {"supervizija-kaunas-specialistai-1", "supervizija-kaunas-specialistai-2",
            "supervizija-kaunas-specialistai-3",
            "pazymejimai-supervizija-kaunas-specialistai"} <= ids
    documents = config.output / "print" / "documents"
    sheet = squash(PdfReader(documents / "supervizija-kaunas-specialistai-2.pdf")
                   .pages[0].extract_text())
    assert "Supervizija 2 iš 3: Pagalba aukai ir tarpinstitucinis bendradarbiavimas" in sheet
    assert "2014 m. spalio 15 d., 14:00–17:00" in sheet
    cert = squash(PdfReader(
        config.output / "print/documents/pazymejimai-supervizija-kaunas-specialistai.pdf")
        .pages[0].extract_text())
    assert "2014 m. rugsėjo 17 d. – 2014 m. lapkričio 19 d., 3 susitikimai, 9 val." in cert


def test_conference_programme_leaflet(sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures the Kaunas conference has a two-sided A5 programme in time order."""
    config, _ = sample_build
    reader = PdfReader(config.output / "print/events/programa-kaunas-konferencija.pdf")
    assert len(reader.pages) == 2
    programme = squash(reader.pages[1].extract_text())
    times = re.findall(r"\b(\d\d:\d\d)\b", programme)
    assert times == sorted(times) and times[0] == "09:30" and len(times) == 8
    assert "Europos socialinis fondas" in programme


@pytest.mark.parametrize(("count", "words"), [(1, "1 susitikimas"), (3, "3 susitikimai"),
                                               (10, "10 susitikimų"), (21, "21 susitikimas")])
def test_certificate_counts_meetings_in_lithuanian(count: int, words: str) -> None:
    """This test ensures a cycle's certificate says how many meetings it had with the noun
    in the form the number takes."""
    from pipeline.products.supervision import meetings

    assert meetings(count) == words
