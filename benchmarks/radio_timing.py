"""Benchmark: the syllable read-time estimate against espeak-ng reading the same copy.

Usage: .venv/bin/python benchmarks/radio_timing.py
Three sample segments (the first read of each sample show) are synthesised by espeak-ng's
Lithuanian voice at the host's rate (``audio.espeak_speed``: espeak reads about 5.0
syllables a second at its default -s 175, radio-scripts.md §6.2) and the WAV's length is
compared with the estimate the rundown uses (syllables of the spoken form ÷ the host's
rate). A ratio far from 1 means the estimate, or the host's rate, needs another look; a
host's own timed reading (``calibration`` in the show's YAML) stays the better reference.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.build import load
from pipeline.config import load_config
from pipeline.radio import audio
from pipeline.radio.models import RadioShow, ReadSegment
from pipeline.radio.spoken import say_as_read
from pipeline.radio.syllables import read_time


def main() -> None:
    if audio.espeak() is None:
        raise SystemExit(audio.INSTALL_HINT)
    project = load(load_config(output=Path("/tmp/radio-timing-unused")))
    shows = sorted((i.model for i in project.items if isinstance(i.model, RadioShow)),
                   key=lambda s: s.id)
    print(f"{'segment':42} {'syll':>5} {'rate':>5} {'-s':>4} {'estimate':>9} {'espeak':>8} "
          f"{'ratio':>6}")
    for show in shows[:3]:
        segment = next(s for s in show.segments if isinstance(s, ReadSegment))
        host = next(h for h in show.hosts if h.id == segment.host)
        reading = read_time(segment.text)
        speed = audio.espeak_speed(host.rate)
        spoken, _ = say_as_read(segment.text)  # espeak reads the spoken form, as the host
        synthetic = audio.wav_seconds(audio.synthesise(spoken, speed))
        estimate = reading.seconds(host.rate)
        print(f"{show.id + ' / ' + segment.title:42.42} {reading.syllables:5d} "
              f"{host.rate:5.2f} {speed:4d} {estimate:8.1f}s {synthetic:7.1f}s "
              f"{synthetic / estimate:6.2f}")


if __name__ == "__main__":
    main()
