"""Listening preview: each read segment synthesised with espeak-ng's Lithuanian voice.

Optional: espeak-ng is a Debian package (``apt-get install espeak-ng``). Its voice stresses
many words wrongly and reads about 5 syllables a second (radio-scripts.md §6): the preview
is for hearing the length and flow of the copy, not for pronunciation.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

from pipeline.radio.models import CreditSegment, RadioShow, ReadSegment, Spot
from pipeline.radio.rundown import segment_seconds
from pipeline.radio.spoken import say_as_read

INSTALL_HINT = "espeak-ng is not installed: apt-get install espeak-ng (Debian/Ubuntu)"
ESPEAK_WPM = 175
"""espeak-ng's default speed setting (-s)…"""
ESPEAK_SYLLABLES_PER_SECOND = 5.0
"""…at which its Lithuanian voice reads about 5.0 syllables a second (radio-scripts.md §6.2,
measured with espeak-ng 1.51, pauses included)."""


def espeak_speed(syllables_per_second: float) -> int:
    """The espeak-ng ``-s`` setting that reads Lithuanian at about ``syllables_per_second``.

    Its speed scale is linear in its English words per minute.
    """
    return round(ESPEAK_WPM * syllables_per_second / ESPEAK_SYLLABLES_PER_SECOND)


@dataclass(frozen=True)
class Preview:
    """One synthesised segment: where its WAV is, estimated and synthetic length in s."""

    title: str
    wav: Path
    estimated: float
    synthetic: float


def espeak() -> str | None:
    """Path of espeak-ng, if installed."""
    return shutil.which("espeak-ng")


def wav_seconds(data: bytes) -> float:
    """Duration in s of the audio in the WAV file ``data``."""
    with tempfile.NamedTemporaryFile(suffix=".wav") as handle:
        handle.write(data)
        handle.flush()
        with wave.open(handle.name) as audio:
            return float(audio.getnframes() / audio.getframerate())


def synthesise(text: str, speed: int = ESPEAK_WPM) -> bytes:
    """WAV bytes of ``text`` read by espeak-ng's Lithuanian voice at ``speed`` (its ``-s``).

    ``FileNotFoundError`` (saying how to install it) when espeak-ng is missing;
    ``subprocess.CalledProcessError`` when it fails, ``TimeoutExpired`` after 120 s (an
    implementation choice).
    """
    program = espeak()
    if program is None:
        raise FileNotFoundError(INSTALL_HINT)
    # -w writes a complete WAV header (--stdout streams one with an unknown length).
    with tempfile.TemporaryDirectory() as work:
        target = Path(work) / "segment.wav"
        subprocess.run([program, "-v", "lt", "-s", str(speed), "-w", str(target), text],
                       check=True,
                       capture_output=True, timeout=120)
        return target.read_bytes()


def previews(show: RadioShow, spots: dict[str, Spot]) -> list[tuple[str, bytes, float, float]]:
    """(title, WAV, estimated s, synthetic s) for every read or credit segment, in order.

    Each is the spoken form of the text (``spoken.say_as_read``: espeak-ng misreads
    abbreviations and dates) read at its host's rate (``espeak_speed``; a calibrated host's
    timed rate). Titles are ``NN-<segment title>``; errors as for ``synthesise``.
    """
    out = []
    for number, segment in enumerate(show.segments, start=1):
        if isinstance(segment, ReadSegment | CreditSegment):
            host = next(h for h in show.hosts if h.id == segment.host)
            data = synthesise(say_as_read(segment.text)[0], espeak_speed(host.rate))
            title = segment.title if isinstance(segment, ReadSegment) else "Finansavimas"
            out.append((f"{number:02d}-{title}", data, segment_seconds(segment, show, spots),
                        wav_seconds(data)))
    return out
