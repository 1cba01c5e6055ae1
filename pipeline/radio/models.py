"""Typed content of radio shows and spots (content/radio/*.yaml, content/radio/spots/*.yaml)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from pipeline.content.fields import Date, Model, Slug, Text
from pipeline.content.patterns import CLOCK_PATTERN
from pipeline.radio.syllables import DEFAULT_SYLLABLES_PER_SECOND, read_time

Clock = Annotated[str, StringConstraints(pattern=CLOCK_PATTERN)]
DAY_SECONDS = 86_400
"""No slot or item of a show lasts longer than a day."""
MIN_RATE, MAX_RATE = 1, 10
"""Plausible reading rates, syllables per second."""


class Calibration(Model):
    """A timed reading of the host: the rate is its syllables over its seconds.

    A rate outside ``MIN_RATE``–``MAX_RATE`` syllables per second is refused (plausibility
    limits: an implementation choice).
    """

    text: Text
    seconds: float = Field(gt=0, le=DAY_SECONDS)

    @model_validator(mode="after")
    def _plausible_rate(self) -> Calibration:
        syllables = read_time(self.text).syllables
        rate = syllables / self.seconds
        if not MIN_RATE < rate < MAX_RATE:
            raise ValueError(f"{syllables} syllables in {self.seconds:g} s is {rate:.1f} "
                             f"syllables per second; people read between {MIN_RATE} and "
                             f"{MAX_RATE} (check the text and the seconds)")
        return self


class Host(Model):
    """A host (by role, e.g. "Vedėjas") and how fast they read, in syllables per second.

    Without a calibration, ``syllables_per_second`` (default
    ``DEFAULT_SYLLABLES_PER_SECOND``, 4.5).
    """

    id: Slug
    label: Text
    syllables_per_second: float = Field(default=DEFAULT_SYLLABLES_PER_SECOND, gt=MIN_RATE,
                                        lt=MAX_RATE)
    calibration: Calibration | None = None

    @property
    def rate(self) -> float:
        """Syllables per second: from the timed reading when there is one."""
        if self.calibration is not None:
            return read_time(self.calibration.text).syllables / self.calibration.seconds
        return self.syllables_per_second


class ReadSegment(Model):
    """Copy a host reads.

    ``seconds``, when given, is the length planned for it (the rundown shows the estimate
    over or under it).
    """

    type: Literal["read"]
    title: Text
    host: Slug
    text: Text
    pronunciation: dict[str, Text] = Field(default_factory=dict)
    seconds: float | None = Field(default=None, gt=0, le=DAY_SECONDS)


class InterviewSegment(Model):
    """An interview with a guest (by role), of planned length ``seconds``."""

    type: Literal["interview"]
    title: Text
    host: Slug
    guest: Text
    questions: list[Text] = Field(min_length=1)
    seconds: int = Field(gt=0, le=DAY_SECONDS)


class SpotSegment(Model):
    """A public-service spot from content/radio/spots/."""

    type: Literal["spot"]
    spot: Slug


class CueSegment(Model):
    """Music, a jingle or a sound cue of fixed length ``seconds``."""

    type: Literal["music", "jingle", "sound"]
    title: Text
    seconds: float = Field(gt=0, le=DAY_SECONDS)


class CreditSegment(Model):
    """The spoken funding credit; ``seconds`` as for a read."""

    type: Literal["credit"]
    host: Slug
    text: Text
    seconds: float | None = Field(default=None, gt=0, le=DAY_SECONDS)


Segment = Annotated[ReadSegment | InterviewSegment | SpotSegment | CueSegment | CreditSegment,
                    Field(discriminator="type")]


class Spot(Model):
    """A public-service announcement of nominal length: 15, 20, 30 or 60 s.

    Common spot lengths (radio-scripts.md §3.5, which also lists 10 s).
    """

    id: Slug
    title: Text
    nominal_seconds: Literal[15, 20, 30, 60]
    voice: Host
    text: Text


class RadioShow(Model):
    """A show in its slot: hosts and ordered segments.

    On air on ``air_date`` at ``air_time`` (HH:MM or HH:MM:SS) for ``slot_seconds``.
    """

    id: Slug
    title: Text
    station: Text
    air_date: Date
    air_time: Clock
    slot_seconds: int = Field(gt=0, le=DAY_SECONDS)
    hosts: list[Host] = Field(min_length=1)
    segments: list[Segment] = Field(min_length=1)
    example: bool = False
