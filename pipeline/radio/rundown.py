"""The rundown of a show, with the findings a producer must act on.

Each item's duration, running time, back-time to the hard out and over/under against the
slot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.diagnostics import Diagnostic, error, warning
from pipeline.radio.models import (
    CreditSegment,
    CueSegment,
    InterviewSegment,
    RadioShow,
    ReadSegment,
    Segment,
    Spot,
    SpotSegment,
)
from pipeline.radio.syllables import read_time

UNDER_RUN_WARNING_S = 30.0


@dataclass(frozen=True)
class Line:
    """One item of the rundown; times in seconds from the top of the show.

    ``seconds`` is its length, ``start`` its running time when it starts.
    """

    number: int
    title: str
    kind: str
    host: str
    seconds: float
    start: float
    backtime: dt.time
    """Clock time the item must start for the show to end exactly at the hard out."""


def segment_seconds(segment: Segment, show: RadioShow, spots: dict[str, Spot]) -> float:
    """Length of ``segment`` in s: estimated, planned or nominal.

    Estimated from syllables at its host's rate (read, credit), planned (interview, cue),
    nominal (spot).
    """
    if isinstance(segment, ReadSegment | CreditSegment):
        host = next(h for h in show.hosts if h.id == segment.host)
        return read_time(segment.text).seconds(host.rate)
    if isinstance(segment, InterviewSegment | CueSegment):
        return float(segment.seconds)
    return float(spots[segment.spot].nominal_seconds)


def rundown(show: RadioShow, spots: dict[str, Spot]) -> list[Line]:
    """The rundown lines of ``show``, in order.

    Back-times count back from the hard out (air time + slot): the start of an item is the
    hard out less the length of it and of all that follow (radio-scripts.md §2.2).
    """
    start_clock = dt.datetime.combine(show.air_date, dt.time.fromisoformat(show.air_time))
    hard_out = start_clock + dt.timedelta(seconds=show.slot_seconds)
    lengths = [segment_seconds(s, show, spots) for s in show.segments]
    lines = []
    elapsed = 0.0
    for number, (segment, seconds) in enumerate(zip(show.segments, lengths, strict=True), 1):
        remaining = sum(lengths[number - 1:])
        backtime = (hard_out - dt.timedelta(seconds=remaining)).time().replace(microsecond=0)
        if isinstance(segment, SpotSegment):
            title = spots[segment.spot].title
        elif isinstance(segment, CreditSegment):
            title = "Finansavimo paminėjimas"
        else:
            title = segment.title
        host = getattr(segment, "host", "") or ""
        lines.append(Line(number, title, segment.type, host, seconds, elapsed, backtime))
        elapsed += seconds
    return lines


def timing_findings(show: RadioShow, spots: dict[str, Spot], source: str) -> list[Diagnostic]:
    """Over-run (error), under-run by more than 30 s (warning), against ``slot_seconds``.

    0.5 s over is allowed for rounding. Both margins are implementation choices
    (radio-scripts.md §2.3 leaves them to each station).
    """
    total = sum(line.seconds for line in rundown(show, spots))
    difference = total - show.slot_seconds
    where = dict(job=f"radio-{show.id}", source=source)
    if difference > 0.5:
        return [error("radio-overrun", f"runs {difference:.0f} s over its "
                      f"{show.slot_seconds} s slot ({total:.0f} s)", **where)]
    if -difference > UNDER_RUN_WARNING_S:
        return [warning("radio-underrun", f"runs {-difference:.0f} s under its "
                        f"{show.slot_seconds} s slot ({total:.0f} s): add or lengthen items",
                        **where)]
    return []


def spot_findings(spot: Spot, source: str, line: int | None = None) -> list[Diagnostic]:
    """An error when a spot's estimated read is longer than its nominal length.

    Estimated at the voice's rate, with 0.05 s allowed for rounding (an implementation
    choice); the error is at the ``text`` field, on ``line`` of the spot's file when known,
    and says how many syllables to cut.
    """
    estimate = read_time(spot.text).seconds(spot.voice.rate)
    if estimate > spot.nominal_seconds + 0.05:
        return [error("radio-spot-length", f"reads in {estimate:.1f} s, longer than its "
                      f"{spot.nominal_seconds} s: cut "
                      f"{(estimate - spot.nominal_seconds) * spot.voice.rate:.0f} syllables",
                      job=f"spot-{spot.id}", source=source, line=line, field="text")]
    return []
