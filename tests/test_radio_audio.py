"""Listening preview with espeak-ng: synthetic lengths beside the estimates; absent → hint."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.radio import audio
from pipeline.radio.syllables import read_time

pytestmark = pytest.mark.slow
TEXT = ("Laidą remia Europos Sąjunga, Europos socialinis fondas. Investuojame į Jūsų ateitį. "
        "Prieš išvykdamas dirbti į užsienį, patikrink darbdavį ir niekam neatiduok savo paso.")


def test_without_espeak_the_build_goes_on(project: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    """This test ensures `radio --audio` says how to install espeak-ng and still builds."""
    monkeypatch.setattr(audio, "espeak", lambda: None)
    result = CliRunner().invoke(cli, ["radio", "--audio", "--project", str(project),
                                      "--output", str(project / "out")])
    assert result.exit_code == 0, result.stderr
    assert "espeak-ng is not installed: apt-get install espeak-ng" in result.stderr
    assert (project / "out" / "radio" / "verbavimo-rizika.pdf").is_file()
    assert not (project / "out" / "radio" / "audio").exists()


@pytest.mark.skipif(audio.espeak() is None, reason="espeak-ng not installed (.ci/run installs it)")
def test_synthetic_length_is_near_the_estimate() -> None:
    """This test ensures the Lithuanian voice speaks the text and its length is within a
    fifth of the syllable estimate (espeak-ng reads about 5 syllables a second)."""
    data = audio.synthesise(TEXT)
    assert data[:4] == b"RIFF"
    synthetic = audio.wav_seconds(data)
    estimate = read_time(TEXT).seconds()
    assert abs(synthetic - estimate) / estimate < 0.2, (synthetic, estimate)
