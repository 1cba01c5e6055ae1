"""Radio shows and spots: script sheets for the hosts, a rundown per show, prompter text.

All on plain A4 for the office printer (no bleed, no crop marks, no slug).

Read time is estimated from Lithuanian syllables at each host's rate; timing, spot length,
abbreviations to expand and the spoken funding credit are findings of the build.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from pipeline.content.events import period_problems
from pipeline.content.fields import Problem, did_you_mean
from pipeline.content.models import Production
from pipeline.diagnostics import Diagnostic, warning
from pipeline.formats import PrintFormat
from pipeline.jobs import Job
from pipeline.lithuanian import lt_date
from pipeline.products import ProductKind, register
from pipeline.radio.models import (
    CreditSegment,
    InterviewSegment,
    RadioShow,
    ReadSegment,
    Spot,
    SpotSegment,
)
from pipeline.radio.rundown import (
    CREDIT_TITLE,
    clock,
    hard_out,
    rundown,
    segment_seconds,
    show_start,
    spot_findings,
    timing_findings,
)
from pipeline.radio.syllables import read_time

if TYPE_CHECKING:
    from pipeline.project import Item, Project


OFFICE_FORMAT = "A4-office"
"""Radio sheets are read, not printed by a press: the A4 of formats.yaml without bleed
(``office_a4``), finished without marks."""


def office_a4(project: Project) -> PrintFormat:
    """The catalogue's A4 as a sheet for the office printer, id ``A4-office``.

    No bleed (the page is the paper). Not a catalogue entry: no other product may choose it.
    """
    return project.formats["A4"].model_copy(update={
        "id": OFFICE_FORMAT, "name": "A4 office sheet", "bleed_mm": 0.0})


def spots_of(project: Project) -> dict[str, Spot]:
    """Every stand-alone spot, by id."""
    return {item.model.id: item.model for item in project.items if isinstance(item.model, Spot)}


def _said_findings(job_id: str, source: str, where: str, text: str,
                   line: int | None, field: str) -> list[Diagnostic]:
    """A warning for each place of ``text`` written otherwise than it is said.

    It gives the spoken form (``pipeline.radio.spoken``), at ``line`` and ``field`` of
    ``source``.
    """
    return [warning("radio-say-as-read", f"{where}: “{found.written}” is read “{found.spoken}” "
                    f"({found.kind}): write it as it is read", job=job_id, source=source,
                    line=line, field=field)
            for found in read_time(text).to_expand]


def read_texts(show: RadioShow) -> list[tuple[int, str, str, str]]:
    """(item number, item title, field path, text) of everything a host reads in ``show``.

    Reads, credits and interview questions, in running order.
    """
    out = []
    for number, segment in enumerate(show.segments, start=1):
        index = number - 1
        if isinstance(segment, ReadSegment):
            out.append((number, segment.title, f"segments.{index}.text", segment.text))
        elif isinstance(segment, CreditSegment):
            out.append((number, CREDIT_TITLE, f"segments.{index}.text", segment.text))
        elif isinstance(segment, InterviewSegment):
            out += [(number, segment.title, f"segments.{index}.questions.{q}", question)
                    for q, question in enumerate(segment.questions)]
    return out


def _clock(seconds: float) -> str:
    """``m:ss`` of a length in s."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def prompter_text(show: RadioShow, spots: dict[str, Spot]) -> str:
    """The whole show as plain text for a prompter, in running order.

    Each item opens with its planned on-air start and title; then its cue in parentheses,
    in the same words as the sheet and the rundown (``rundown.cue_word``), and everything
    said in it: reads and the credit under their host's display name, the interview's
    guest and every question, the text of every spot under its voice; the hard out at the
    end.
    """
    lines = rundown(show, spots)
    out = [show.title, f"{show.station} · {lt_date(show.air_date)} · "
           f"{show_start(show).time()}–{hard_out(show).time()}", ""]
    for segment, line in zip(show.segments, lines, strict=True):
        out.append(f"{line.on_air}  {line.number}. {line.title}")
        if isinstance(segment, ReadSegment | CreditSegment):
            host = next(h for h in show.hosts if h.id == segment.host)
            out += [f"({line.cue}: {host.label.upper()}, {_clock(line.seconds)})",
                    *[p.strip() for p in segment.text.split("\n\n") if p.strip()]]
        elif isinstance(segment, InterviewSegment):
            out.append(f"({line.cue}: {line.host.upper()}, {_clock(line.seconds)})")
            out += [f"(KLAUSIMAS) {question}" for question in segment.questions]
        elif isinstance(segment, SpotSegment):
            spot = spots[segment.spot]
            out += [f"({line.cue}: „{spot.title}“, {_clock(line.seconds)}, "
                    f"{spot.voice.label.upper()})", spot.text]
        else:
            out.append(f"({line.cue}: {segment.title}, {_clock(line.seconds)})")
        out.append("")
    out.append(f"(PABAIGA {hard_out(show).time()})")
    return "\n".join(out) + "\n"


def expand_show(item: Item[RadioShow], project: Project) -> list[Job]:
    """Script sheets and rundown of one show (plain A4), both checked for the spoken credit.

    The script's job also writes the prompter text (.txt) beside its PDF. Both jobs carry
    the findings about the show's timing against the slot, so an over-run fails the pair
    together: the last good script and rundown stay (both stale), never a new rundown
    beside an old script. The script also carries every place a host reads that is written
    otherwise than said.
    """
    show = item.model
    spots = spots_of(project)
    lines = rundown(show, spots)
    job_id = f"radio-{show.id}"
    spoken = " ".join([s.text for s in show.segments if isinstance(s, ReadSegment | CreditSegment)]
                      + [spots[s.spot].text for s in show.segments if isinstance(s, SpotSegment)])
    timing = timing_findings(show, spots, item.source)
    said = []
    for number, title, field, text in read_texts(show):
        path = tuple(int(p) if p.isdigit() else p for p in field.split("."))
        said += _said_findings(job_id, item.source, f"item {number} “{title}”", text,
                               item.doc.line_of(path), field)
    segments: list[dict[str, Any]] = []
    for segment, line in zip(show.segments, lines, strict=True):
        entry: dict[str, Any] = {"segment": segment, "line": line}
        if isinstance(segment, SpotSegment):
            entry["spot"] = spots[segment.spot]
        if isinstance(segment, ReadSegment | CreditSegment):
            entry["host"] = next(h for h in show.hosts if h.id == segment.host)
            entry["paragraphs"] = [p.strip() for p in segment.text.split("\n\n") if p.strip()]
        texts = [text for number, _, _, text in read_texts(show) if number == line.number]
        entry["say_as"] = [found for text in texts for found in read_time(text).to_expand]
        segments.append(entry)
    context = {"show": show, "segments": segments, "lines": lines,
               "total": sum(line.seconds for line in lines), "hard_out": hard_out(show).time(),
               "end_on_air": clock(show_start(show) + dt.timedelta(
                   seconds=sum(line.seconds for line in lines)))}
    sheet = office_a4(project)
    office = Production(marks=False)
    return [
        Job(id=job_id, product="radio-script", title=f"{show.title} – scenarijus",
            layout="radio/script.html.j2", format=sheet, source=item.source,
            output=PurePosixPath("radio") / f"{show.id}.pdf", context=context,
            variant={"date": show.air_date.isoformat()}, spoken_text=spoken,
            production=office, press=False,
            text_output=(PurePosixPath("radio") / f"{show.id}.txt",
                         prompter_text(show, spots)), findings=tuple(timing + said)),
        Job(id=f"{job_id}-rundown", product="rundown", title=f"{show.title} – eiga",
            layout="radio/rundown.html.j2", format=sheet, source=item.source,
            output=PurePosixPath("radio") / f"{show.id}-rundown.pdf", pages=1,
            context=context, variant={"date": show.air_date.isoformat()},
            production=office, press=False, spoken_text=spoken,
            findings=tuple(replace(d, job=f"{job_id}-rundown") for d in timing)),
    ]


def show_references(item: Item[RadioShow], project: Project) -> list[Problem]:
    """Known hosts and spots; on air within the campaign period."""
    model = item.model
    hosts = [h.id for h in model.hosts]
    spots = spots_of(project)
    problems = period_problems(("air_date",), model.air_date, project.campaign)
    for index, segment in enumerate(model.segments):
        host = getattr(segment, "host", None)
        if host is not None and host not in hosts:
            problems.append((("segments", index, "host"), f"unknown host '{host}' "
                             f"({did_you_mean(host, hosts)}hosts: {', '.join(hosts)})"))
        if isinstance(segment, SpotSegment) and segment.spot not in spots:
            problems.append((("segments", index, "spot"), f"unknown spot '{segment.spot}' "
                             f"({did_you_mean(segment.spot, spots)}spots in "
                             f"content/radio/spots/: {', '.join(sorted(spots)) or 'none'})"))
    return problems


def expand_spot(item: Item[Spot], project: Project) -> list[Job]:
    """The one-page plain A4 sheet of a stand-alone spot, checked for the spoken credit.

    With its read time at the voice's rate, and the findings of ``spot_findings`` and of
    what is written otherwise than said.
    """
    spot = item.model
    reading = read_time(spot.text)
    line = item.doc.line_of(("text",))
    findings = (spot_findings(spot, item.source, line)
                + _said_findings(f"spot-{spot.id}", item.source, "spot", spot.text, line,
                                 "text"))
    return [Job(id=f"spot-{spot.id}", product="radio-spot", title=f"{spot.title} – klipas",
                layout="radio/spot.html.j2", format=office_a4(project),
                source=item.source, output=PurePosixPath("radio/spots") / f"{spot.id}.pdf",
                pages=1, production=Production(marks=False), press=False,
                context={"spot": spot, "seconds": reading.seconds(spot.voice.rate),
                         "syllables": reading.syllables, "say_as": reading.to_expand},
                spoken_text=spot.text, findings=tuple(findings))]


def no_references(item: Item[Spot], project: Project) -> list[Problem]:
    """Spots refer to nothing else."""
    return []


SHOW = register(ProductKind(name="radio", folder="radio", model=RadioShow,
                            expand=expand_show, references=show_references,
                            spoken_field="segments"))
SPOT = register(ProductKind(name="spot", folder="radio/spots", model=Spot,
                            expand=expand_spot, references=no_references,
                            spoken_field="text"))
__all__ = ["SHOW", "SPOT", "segment_seconds"]
