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

KINDS = {"read": "skaitymas", "interview": "pokalbis", "spot": "klipas", "jingle": "užsklanda",
         "music": "muzika", "sound": "garsas", "credit": "finansavimo paminėjimas"}
"""The Lithuanian name of each item type: the rundown's type column and, in capitals, the
cue word on the sheet and in the prompter text (one word everywhere)."""
CREDIT_TITLE = "Finansavimo paminėjimas"


def cue_word(kind: str) -> str:
    """The cue of an item type as the sheet, the rundown and the prompter text print it."""
    return KINDS[kind].upper()


@dataclass(frozen=True)
class Line:
    """One item of the rundown; lengths in s, clock times of the day.

    ``seconds`` is its length, ``start`` its running time (s from the top of the show) when
    it starts, ``on_air`` the clock time it goes on air counted from the show's start,
    ``backtime`` the clock time it must start for the show to end exactly at the hard out;
    ``over`` its length less the length planned for it (s, positive = over), ``None`` when
    nothing was planned apart from its length.
    """

    number: int
    title: str
    kind: str
    """The Lithuanian item type (``KINDS``)."""
    cue: str
    """The cue word: ``kind`` in capitals."""
    host: str
    """Who is heard: the display names of the host (and guest, or the spot's voice)."""
    seconds: float
    start: float
    on_air: dt.time
    backtime: dt.time
    over: float | None = None


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


def planned_over(segment: Segment, seconds: float, spots: dict[str, Spot]) -> float | None:
    """The estimate of ``segment`` less its plan, in s (``None`` without a plan).

    A read or credit against its ``seconds``, a spot's read at its voice's rate against its
    nominal length.
    """
    if isinstance(segment, ReadSegment | CreditSegment) and segment.seconds is not None:
        return seconds - segment.seconds
    if isinstance(segment, SpotSegment):
        spot = spots[segment.spot]
        return read_time(spot.text).seconds(spot.voice.rate) - spot.nominal_seconds
    return None


def heard(segment: Segment, show: RadioShow, spots: dict[str, Spot]) -> str:
    """Display names of who is heard in ``segment``, never ids.

    The host, the host and guest, the spot's voice; empty for music, jingles and sounds.
    """
    if isinstance(segment, SpotSegment):
        return spots[segment.spot].voice.label
    host_id = getattr(segment, "host", None)
    if host_id is None:
        return ""
    label = next(h.label for h in show.hosts if h.id == host_id)
    return f"{label}, {segment.guest}" if isinstance(segment, InterviewSegment) else label


def title_of(segment: Segment, spots: dict[str, Spot]) -> str:
    """The item's title: its own, the spot's, or "Finansavimo paminėjimas"."""
    if isinstance(segment, SpotSegment):
        return spots[segment.spot].title
    if isinstance(segment, CreditSegment):
        return CREDIT_TITLE
    return segment.title


def show_start(show: RadioShow) -> dt.datetime:
    """The show's start (air date and time)."""
    return dt.datetime.combine(show.air_date, dt.time.fromisoformat(show.air_time))


def hard_out(show: RadioShow) -> dt.datetime:
    """The show's hard out: its start plus its slot."""
    return show_start(show) + dt.timedelta(seconds=show.slot_seconds)


def clock(moment: dt.datetime) -> dt.time:
    """``moment`` as a clock time to the nearest second."""
    return (moment + dt.timedelta(microseconds=500_000)).time().replace(microsecond=0)


def rundown(show: RadioShow, spots: dict[str, Spot]) -> list[Line]:
    """The rundown lines of ``show``, in order, with both clocks.

    On-air start = show start + the lengths of the items before; back-time = hard out (air
    time + slot) − the length of the item and of all that follow (radio-scripts.md §2.2).
    The first item goes on air at the show's start; the last back-time plus the last length
    is the hard out.
    """
    start_clock, end_clock = show_start(show), hard_out(show)
    lengths = [segment_seconds(s, show, spots) for s in show.segments]
    lines = []
    elapsed = 0.0
    for number, (segment, seconds) in enumerate(zip(show.segments, lengths, strict=True), 1):
        remaining = sum(lengths[number - 1:])
        lines.append(Line(
            number=number, title=title_of(segment, spots), kind=KINDS[segment.type],
            cue=cue_word(segment.type), host=heard(segment, show, spots), seconds=seconds,
            start=elapsed, on_air=clock(start_clock + dt.timedelta(seconds=elapsed)),
            backtime=clock(end_clock - dt.timedelta(seconds=remaining)),
            over=planned_over(segment, seconds, spots)))
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
