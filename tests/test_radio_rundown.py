"""Rundowns: durations, running and back-times, over/under the slot, spot lengths, credit."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.compliance import check_spoken, load_pack
from pipeline.diagnostics import Severity
from pipeline.radio.models import Calibration, RadioShow, ReadSegment, Spot
from pipeline.radio.rundown import rundown, spot_findings, timing_findings
from pipeline.radio.syllables import read_time

CREDIT = "Laidą remia Europos Sąjunga, Europos socialinis fondas."


def show(slot: int, extra_music: float = 0.0) -> RadioShow:
    """A 5-minute show: jingle 10 s, read (rate 5 syll/s), interview 240 s, spot 30 s,
    credit, music."""
    return RadioShow.model_validate({
        "id": "bandymas", "title": "Bandomoji laida", "station": "Radijas",
        "air_date": "2014-05-20", "air_time": "18:00", "slot_seconds": slot,
        "hosts": [{"id": "vedejas", "label": "Vedėjas", "syllables_per_second": 5.0}],
        "segments": [
            {"type": "jingle", "title": "Laidos užsklanda", "seconds": 10},
            {"type": "read", "title": "Įžanga", "host": "vedejas",
             "text": "Žmogus – ne prekė."},  # 5 syllables = 1 s
            {"type": "interview", "title": "Pokalbis", "host": "vedejas",
             "guest": "Policijos pareigūnas", "questions": ["Kaip verbuojama?"],
             "seconds": 240},
            {"type": "spot", "spot": "pasas"},
            {"type": "credit", "host": "vedejas", "text": CREDIT},  # 19 syllables = 3.8 s
            {"type": "music", "title": "Muzika", "seconds": 15.2 + extra_music},
        ]})


SPOTS = {"pasas": Spot.model_validate({
    "id": "pasas", "title": "Neatiduok paso", "nominal_seconds": 30,
    "voice": {"id": "balsas", "label": "Diktorius"}, "text": "Niekam neatiduok savo paso."})}


def test_durations_running_and_back_times() -> None:
    """This test ensures each item's length, its start, its on-air clock time counted from
    the show's start and the clock time it must start to end the show exactly at the hard
    out (18:05:00), to the nearest second."""
    lines = rundown(show(300), SPOTS)
    assert [round(line.seconds, 1) for line in lines] == [10, 1, 240, 30, 3.8, 15.2]
    assert [round(line.start, 1) for line in lines] == [0, 10, 11, 251, 281, 284.8]
    assert [line.backtime for line in lines] == [
        dt.time(18, 0, 0), dt.time(18, 0, 10), dt.time(18, 0, 11), dt.time(18, 4, 11),
        dt.time(18, 4, 41), dt.time(18, 4, 45)]
    assert [line.on_air for line in lines] == [
        dt.time(18, 0, 0), dt.time(18, 0, 10), dt.time(18, 0, 11), dt.time(18, 4, 11),
        dt.time(18, 4, 41), dt.time(18, 4, 45)]
    assert timing_findings(show(300), SPOTS, "x.yaml") == []


def test_the_two_clocks_part_when_the_show_runs_over() -> None:
    """This test ensures the on-air clock still starts at the show's start when the show
    over-runs by 12 s, while the back-times start 12 s before it and still end at the hard
    out; the total's over/under is the difference."""
    lines = rundown(show(300, extra_music=12), SPOTS)
    assert lines[0].on_air == dt.time(18, 0, 0)
    assert lines[0].backtime == dt.time(17, 59, 48)
    last = lines[-1]
    assert dt.datetime.combine(dt.date(2014, 5, 20), last.backtime) + dt.timedelta(
        seconds=round(last.seconds)) == dt.datetime(2014, 5, 20, 18, 5, 0)
    assert all(
        (dt.datetime.combine(dt.date.today(), line.on_air)
         - dt.datetime.combine(dt.date.today(), line.backtime)).seconds == 12
        for line in lines)


def test_lithuanian_types_display_names_and_plans() -> None:
    """This test ensures the rundown's types are the Lithuanian cue words, who is heard is
    given by display names (never the host's id), and over/under per item is the estimate
    less the plan: a spot's read against its nominal length, a read against its seconds."""
    planned = show(300).model_copy(deep=True)
    read = planned.segments[1]
    assert isinstance(read, ReadSegment)
    planned.segments[1] = read.model_copy(update={"seconds": 3.0})
    lines = rundown(planned, SPOTS)
    assert [line.kind for line in lines] == [
        "užsklanda", "skaitymas", "pokalbis", "klipas", "finansavimo paminėjimas", "muzika"]
    assert [line.cue for line in lines] == [
        "UŽSKLANDA", "SKAITYMAS", "POKALBIS", "KLIPAS", "FINANSAVIMO PAMINĖJIMAS", "MUZIKA"]
    assert [line.host for line in lines] == [
        "", "Vedėjas", "Vedėjas, Policijos pareigūnas", "Diktorius", "Vedėjas", ""]
    assert "vedejas" not in {line.host for line in lines}
    assert lines[1].over == pytest.approx(1.0 - 3.0)  # 5 syllables at 5 a second, 3 s planned
    spot_read = read_time(SPOTS["pasas"].text).seconds(SPOTS["pasas"].voice.rate)
    assert lines[3].over == pytest.approx(spot_read - 30)
    assert lines[2].over is None and lines[0].over is None


def test_over_and_under_the_slot() -> None:
    """This test ensures an over-run is an error and an under-run over 30 s a warning."""
    [over] = timing_findings(show(300, extra_music=12), SPOTS, "x.yaml")
    assert (over.severity, over.message) == (Severity.ERROR,
                                             "runs 12 s over its 300 s slot (312 s)")
    [under] = timing_findings(show(340), SPOTS, "x.yaml")
    assert under.severity is Severity.WARNING and under.message.startswith("runs 40 s under")
    assert timing_findings(show(320), SPOTS, "x.yaml") == []  # 20 s under: fine


def test_a_thirty_second_spot_written_too_long() -> None:
    """This test ensures a spot whose read exceeds its nominal length is an error."""
    long_text = " ".join(["Prieš išvykdamas dirbti į užsienį, patikrink darbdavį."] * 12)
    spot = Spot.model_validate({"id": "ilgas", "title": "Per ilgas", "nominal_seconds": 30,
                                "voice": {"id": "balsas", "label": "Diktorius"},
                                "text": long_text})
    [finding] = spot_findings(spot, "spots/ilgas.yaml")
    seconds = read_time(long_text).seconds()
    assert seconds > 30
    assert finding.severity is Severity.ERROR
    assert finding.message.startswith(f"reads in {seconds:.1f} s, longer than its 30 s")


def test_host_rate_from_a_timed_reading() -> None:
    """This test ensures a calibration reading sets the host's rate."""
    host = show(300).hosts[0].model_copy(update={"calibration": Calibration(
        text="Europos Sąjunga, Europos socialinis fondas.", seconds=3.0)})
    assert host.rate == pytest.approx(5.0)


def test_missing_credit_is_found() -> None:
    """This test ensures the spoken credit is checked against the campaign's pack."""
    pack = load_pack("lt-esf-2007-2013")
    assert [d.severity for d in check_spoken(CREDIT, job="laida", pack=pack)] == [
        Severity.INFO]
    assert [d.severity for d in check_spoken("Laidą remia Caritas.", job="laida",
                                             pack=pack)] == [Severity.WARNING]
