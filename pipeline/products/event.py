"""Campaign events: for each, an A3 poster, an A5 invitation and an A4 attendance sheet;
for each municipality, an A3 schedule of its events in date order.

Variants stay data: a new event or municipality is one YAML change, never a template copy.
"""

from __future__ import annotations

import math
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from pydantic import BaseModel

from pipeline.content.models import Event, Problem
from pipeline.jobs import Job
from pipeline.products import ProductKind, register

if TYPE_CHECKING:
    from pipeline.content.loader import Item, Project

# Attendance sheets: rows of 9.5 mm, 18 to a page under the header, funding block on every
# page; 10 % spare rows (at least 3) for people who come without registering.
ROWS_PER_PAGE = 18
SPARE_SHARE = 0.10


def attendance_rows(expected: int) -> int:
    """Rows to print for ``expected`` participants."""
    return expected + max(3, math.ceil(expected * SPARE_SHARE))


def expand(item: Item, project: Project) -> list[Job]:
    """Poster, invitation and attendance sheet of one event."""
    event = item.model
    assert isinstance(event, Event)
    municipality = project.campaign.municipality(event.municipality)
    context = {"event": event, "municipality": municipality}
    variant = {"municipality": municipality.name, "date": event.date.isoformat()}
    rows = attendance_rows(event.expected_participants)
    pages = math.ceil(rows / ROWS_PER_PAGE)
    return [
        Job(id=f"renginys-{event.id}", kind="event-poster", title=f"{event.title} – plakatas",
            layout="event/poster.html.j2", format=project.formats["A3"], source=item.source,
            output=PurePosixPath("print/events") / f"renginys-{event.id}.pdf", pages=1,
            context=context, variant=variant, production=event.production),
        Job(id=f"kvietimas-{event.id}", kind="invitation", title=f"{event.title} – kvietimas",
            layout="event/invitation.html.j2", format=project.formats["A5"],
            source=item.source,
            output=PurePosixPath("print/events") / f"kvietimas-{event.id}.pdf", pages=1,
            context=context, variant=variant, production=event.production),
        Job(id=f"dalyviai-{event.id}", kind="attendance-sheet",
            title=f"{event.title} – dalyvių sąrašas", layout="event/attendance.html.j2",
            format=project.formats["A4"], source=item.source,
            output=PurePosixPath("print/documents") / f"dalyviai-{event.id}.pdf",
            pages=pages, context={**context, "rows": rows, "rows_per_page": ROWS_PER_PAGE,
                                  "page_count": pages},
            variant=variant, production=event.production, colours="4/0"),
    ]


def schedules(project: Project) -> list[Job]:
    """One A3 schedule poster per municipality that has events."""
    events = [item for item in project.items if item.kind == "event"]
    jobs = []
    for municipality in project.campaign.municipalities:
        mine = sorted((i.model for i in events if getattr(i.model, "municipality", None)
                       == municipality.id), key=lambda e: (e.date, e.time))  # type: ignore[attr-defined]
        if not mine:
            continue
        sources = sorted({i.source for i in events
                          if getattr(i.model, "municipality", None) == municipality.id})
        jobs.append(Job(
            id=f"tvarkarastis-{municipality.id}", kind="schedule",
            title=f"Kampanijos renginiai – {municipality.name}",
            layout="event/schedule.html.j2", format=project.formats["A3"],
            source=sources[0], output=PurePosixPath("print/events")
            / f"tvarkarastis-{municipality.id}.pdf", pages=1,
            context={"municipality": municipality, "events": mine},
            variant={"municipality": municipality.name}))
    return jobs


def references(model: BaseModel, project: Project) -> list[Problem]:
    """Known municipality; a date within the campaign period."""
    assert isinstance(model, Event)
    return model.references(project.campaign)


EVENT = register(ProductKind(name="event", folder="events", model=Event, expand=expand,
                             references=references, collect=schedules))
