"""Radio shows and spots: script sheets for the hosts, a rundown per show, prompter text.

Read time is estimated from Lithuanian syllables at each host's rate; timing, spot length,
abbreviations to expand and the spoken funding credit are findings of the build.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from pipeline.content.events import period_problems
from pipeline.content.fields import Problem, did_you_mean
from pipeline.diagnostics import Diagnostic, warning
from pipeline.jobs import Job
from pipeline.products import ProductKind, register
from pipeline.radio.models import CreditSegment, RadioShow, ReadSegment, Spot, SpotSegment
from pipeline.radio.rundown import rundown, segment_seconds, spot_findings, timing_findings
from pipeline.radio.syllables import read_time

if TYPE_CHECKING:
    from pipeline.project import Item, Project


def spots_of(project: Project) -> dict[str, Spot]:
    """Every stand-alone spot, by id."""
    return {item.model.id: item.model for item in project.items if isinstance(item.model, Spot)}


def _expansions(job_id: str, source: str, where: str, text: str) -> list[Diagnostic]:
    reading = read_time(text)
    return [warning("radio-abbreviation", f"{where}: “{written}” must be read as “{spoken}”: "
                    "write it out", job=job_id, source=source)
            for written, spoken in reading.to_expand]


def prompter_text(show: RadioShow, spots: dict[str, Spot]) -> str:
    """Plain text for a prompter: what is read, with short directions in parentheses."""
    lines = [f"{show.title} ({show.station}, {show.air_date} {show.air_time})", ""]
    for segment in show.segments:
        if isinstance(segment, ReadSegment | CreditSegment):
            host = next(h for h in show.hosts if h.id == segment.host)
            lines += [f"({host.label.upper()})", segment.text, ""]
        elif isinstance(segment, SpotSegment):
            lines += [f"(KLIPAS: {spots[segment.spot].title.upper()}, "
                      f"{spots[segment.spot].nominal_seconds} s)", ""]
        else:
            lines += [f"({segment.type.upper()}: {segment.title.upper()})", ""]
    return "\n".join(lines).rstrip() + "\n"


def expand_show(item: Item[RadioShow], project: Project) -> list[Job]:
    """Script sheets and rundown of one show (A4), both checked for the spoken credit.

    The script's job also writes the prompter text (.txt) beside its PDF and carries the
    findings known from the content: timing against the slot, abbreviations to write out.
    """
    show = item.model
    spots = spots_of(project)
    lines = rundown(show, spots)
    job_id = f"radio-{show.id}"
    spoken = " ".join([s.text for s in show.segments if isinstance(s, ReadSegment | CreditSegment)]
                      + [spots[s.spot].text for s in show.segments if isinstance(s, SpotSegment)])
    findings = list(timing_findings(show, spots, item.source))
    for number, segment in enumerate(show.segments, start=1):
        if isinstance(segment, ReadSegment | CreditSegment):
            findings += _expansions(job_id, item.source, f"item {number}", segment.text)
    segments: list[dict[str, Any]] = []
    for segment, line in zip(show.segments, lines, strict=True):
        entry: dict[str, Any] = {"segment": segment, "line": line}
        if isinstance(segment, SpotSegment):
            entry["spot"] = spots[segment.spot]
        if isinstance(segment, ReadSegment | CreditSegment):
            entry["host"] = next(h for h in show.hosts if h.id == segment.host)
            entry["paragraphs"] = [p.strip() for p in segment.text.split("\n\n") if p.strip()]
        segments.append(entry)
    context = {"show": show, "segments": segments, "lines": lines,
               "total": sum(line.seconds for line in lines)}
    a4 = project.formats["A4"]
    return [
        Job(id=job_id, product="radio-script", title=f"{show.title} – scenarijus",
            layout="radio/script.html.j2", format=a4, source=item.source,
            output=PurePosixPath("radio") / f"{show.id}.pdf", context=context,
            variant={"date": show.air_date.isoformat()}, spoken_text=spoken,
            text_output=(PurePosixPath("radio") / f"{show.id}.txt",
                         prompter_text(show, spots)), findings=tuple(findings)),
        Job(id=f"{job_id}-rundown", product="rundown", title=f"{show.title} – eiga",
            layout="radio/rundown.html.j2", format=a4, source=item.source,
            output=PurePosixPath("radio") / f"{show.id}-rundown.pdf", pages=1,
            context=context, variant={"date": show.air_date.isoformat()},
            spoken_text=spoken),
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
    """The one-page A4 sheet of a stand-alone spot, checked for the spoken credit.

    With its read time at the voice's rate, and the findings of ``spot_findings`` and of
    abbreviations to write out.
    """
    spot = item.model
    reading = read_time(spot.text)
    findings = (spot_findings(spot, item.source, item.doc.line_of(("text",)))
                + _expansions(f"spot-{spot.id}", item.source, "spot", spot.text))
    return [Job(id=f"spot-{spot.id}", product="radio-spot", title=f"{spot.title} – klipas",
                layout="radio/spot.html.j2", format=project.formats["A4"], source=item.source,
                output=PurePosixPath("radio/spots") / f"{spot.id}.pdf", pages=1,
                context={"spot": spot, "seconds": reading.seconds(spot.voice.rate),
                         "syllables": reading.syllables},
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
