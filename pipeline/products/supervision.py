"""Supervision cycles for professionals: attendance sheets and a certificate.

An attendance sheet per session and a certificate for the whole cycle (ESF: the funding
statement on every document for participants).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.content.events import Supervision
from pipeline.content.fields import Problem
from pipeline.jobs import Job
from pipeline.lithuanian import lt_date, place, plural
from pipeline.products import ProductKind, register
from pipeline.products.event import attendance_job, certificate_job

# What an example cycle's sheets and certificate say is not yet known, after "PAVYZDYS – ".
EXAMPLE_NOTE = "datos ir vieta tikslinamos"

if TYPE_CHECKING:
    from pipeline.project import Item, Project


def meetings(count: int) -> str:
    """``3 susitikimai``: the number of sessions with its noun in the right form."""
    return f"{count} {plural(count, 'susitikimas', 'susitikimai', 'susitikimų')}"


def expand(item: Item[Supervision], project: Project) -> list[Job]:
    """Session attendance sheets (A4, ``event.attendance_job``), then the cycle certificate.

    The certificate gives the first and last session's dates and the cycle's clock hours.
    """
    cycle = item.model
    municipality = project.campaign.municipality(cycle.municipality)
    variant = {"municipality": municipality.name}
    example = EXAMPLE_NOTE if cycle.example else None
    jobs = [attendance_job(
        f"supervizija-{cycle.id}-{index}", f"Supervizija {index}: {cycle.group}", item.source,
        project, municipality, cycle.expected_participants,
        {"kind": f"Supervizija {index} iš {len(cycle.sessions)}", "title": session.topic,
         "date": session.date, "time": session.time, "end_time": session.end_time,
         "venue": cycle.venue, "example": example}, {**variant, "date": session.date.isoformat()})
        for index, session in enumerate(cycle.sessions, start=1)]
    first, last = cycle.sessions[0].date, cycle.sessions[-1].date
    jobs.append(certificate_job(
        f"pazymejimai-supervizija-{cycle.id}", f"Supervizijų ciklas: {cycle.group}",
        item.source, project,
        {"names": cycle.participants, "what": "supervizijų cikle", "title": cycle.group,
         "when": f"{lt_date(first)} – {lt_date(last)}, {meetings(len(cycle.sessions))}, "
                 f"{cycle.hours:g} val.",
         "where": place(cycle.venue, municipality.name), "example": example}, variant))
    return jobs


def references(item: Item[Supervision], project: Project) -> list[Problem]:
    """Known municipality; sessions inside the campaign period, each ending after it starts."""
    return item.model.references(project.campaign)


SUPERVISION = register(ProductKind(name="supervision", folder="supervisions",
                                   model=Supervision, expand=expand, references=references))
