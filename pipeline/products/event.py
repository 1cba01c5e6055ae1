"""Campaign events: posters, invitations, attendance sheets and municipal schedules.

For each event, an A3 poster, an A5 invitation and an A4 attendance sheet (a programme
and certificates when it has them); for each municipality, an A3 schedule of its events in
date order.

Variants stay data: a new event or municipality is one YAML change, never a template copy.
"""

from __future__ import annotations

import math
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from pipeline.content.events import Event
from pipeline.content.fields import Problem
from pipeline.jobs import Job
from pipeline.lithuanian import lt_date, place
from pipeline.products import ProductKind, register
from pipeline.products.cards import Message, card_jobs, url_text

if TYPE_CHECKING:
    from pipeline.project import Item, Project

# What an example event's products say is not yet known, after "PAVYZDYS – ".
EXAMPLE_NOTE = "data ir vieta tikslinamos"

# Attendance sheets: rows of 9.5 mm, 18 to a page under the header, funding block on every
# page; 10 % spare rows (at least 3) for people who come without registering.
ROWS_PER_PAGE = 18
SPARE_SHARE = 0.10


def attendance_rows(expected: int) -> int:
    """Rows to print for ``expected`` participants: 10 % spare, at least 3 (``SPARE_SHARE``).

    The share is an implementation choice.
    """
    return expected + max(3, math.ceil(expected * SPARE_SHARE))


def expand(item: Item[Event], project: Project) -> list[Job]:
    """The print jobs of one event (``print_jobs``), then its social media cards."""
    return print_jobs(item, project) + event_cards(item, project)


def event_cards(item: Item[Event], project: Project) -> list[Job]:
    """The social media cards of one event (``products/cards.py``).

    Its kind and town, title, date and time, venue and audience, and the registration
    link (else the campaign's website).
    """
    event = item.model
    municipality = project.campaign.municipality(event.municipality)
    when = f"{lt_date(event.date, weekday=True)}, {event.time}" + (
        f"–{event.end_time}" if event.end_time else "")
    where = f"{place(event.venue, municipality.name)} · {event.audience}"
    url = event.registration_url or project.campaign.website
    kicker = f"{event.type_label} · {municipality.name}"
    example = f"PAVYZDYS – {EXAMPLE_NOTE}" if event.example else None
    return card_jobs(
        subject=event.id, title=event.title, layout="event.html.j2", source=item.source,
        context={"event": event, "municipality": municipality, "when": when, "where": where,
                 "url_text": url_text(url), "example": EXAMPLE_NOTE, "background": "red"},
        variant={"municipality": municipality.name, "date": event.date.isoformat()},
        production=event.production, project=project, message=Message(
            field="raudoname fone", top=tuple(t for t in (kicker, example, event.title) if t),
            below=(when, where), link=url_text(url),
            caption=f"{event.title}\n\n{when}. {where}.\n\n{event.description}"
                    + (f"\n\n{example}." if example else "") + f"\n\nRegistracija: {url}"))


def print_jobs(item: Item[Event], project: Project) -> list[Job]:
    """Poster, invitation and attendance sheet of one event.

    Then its two-page A5 programme when it has one, and its certificates when asked for.
    """
    event = item.model
    municipality = project.campaign.municipality(event.municipality)
    context = {"event": event, "municipality": municipality}
    example = EXAMPLE_NOTE if event.example else None
    variant = {"municipality": municipality.name, "date": event.date.isoformat()}
    return [
        Job(id=f"renginys-{event.id}", product="event-poster", title=f"{event.title} – plakatas",
            layout="event/poster.html.j2", format=project.formats["A3"], source=item.source,
            output=PurePosixPath("print/events") / f"renginys-{event.id}.pdf", pages=1,
            context=context, variant=variant, production=event.production),
        Job(id=f"kvietimas-{event.id}", product="invitation", title=f"{event.title} – kvietimas",
            layout="event/invitation.html.j2", format=project.formats["A5"],
            source=item.source,
            output=PurePosixPath("print/events") / f"kvietimas-{event.id}.pdf", pages=1,
            context=context, variant=variant, production=event.production),
        attendance_job(f"dalyviai-{event.id}", f"{event.title} – dalyvių sąrašas",
                       item.source, project, municipality, event.expected_participants,
                       {"kind": event.type_label, "title": event.title, "date": event.date,
                        "time": event.time, "end_time": event.end_time, "venue": event.venue,
                        "example": example},
                       variant),
    ] + ([Job(id=f"programa-{event.id}", product="programme", title=f"{event.title} – programa",
              layout="event/programme.html.j2", format=project.formats["A5"],
              source=item.source,
              output=PurePosixPath("print/events") / f"programa-{event.id}.pdf", pages=2,
              context=context, variant=variant, production=event.production, colours="4/4")]
         if event.programme else []) + ([certificate_job(
        f"pazymejimai-{event.id}", f"{event.title} – pažymėjimai", item.source, project,
        {"names": event.participants, "what": WHAT[event.type], "title": event.title,
         "when": lt_date(event.date), "where": place(event.venue, municipality.name),
         "example": example},
        variant)] if event.certificates else [])


# "dalyvavo …" (took part in …) with the event type in the locative/accusative it needs.
WHAT = {"university": "renginyje", "school": "renginyje", "childrens-home": "renginyje",
        "round-table": "apskritojo stalo diskusijoje", "radio-show": "radijo laidoje",
        "conference": "konferencijoje"}


def attendance_job(job_id: str, title: str, source: str, project: Project, municipality: Any,
                   expected: int, sheet: dict[str, Any], variant: dict[str, str]) -> Job:
    """An A4 attendance sheet with rows for ``expected`` people and spare rows.

    ``ROWS_PER_PAGE`` (18, an implementation choice) rows a page; ``municipality`` is the
    campaign's ``Municipality``, ``sheet`` the header the layout prints (kind, title, date,
    times, venue; ``example``: the note after "PAVYZDYS – " of an example, else ``None``).
    """
    rows = attendance_rows(expected)
    pages = math.ceil(rows / ROWS_PER_PAGE)
    return Job(id=job_id, product="attendance-sheet", title=title,
               layout="documents/attendance.html.j2", format=project.formats["A4"],
               source=source, output=PurePosixPath("print/documents") / f"{job_id}.pdf",
               pages=pages, context={"sheet": sheet, "municipality": municipality,
                                     "rows": rows, "rows_per_page": ROWS_PER_PAGE,
                                     "page_count": pages},
               variant=variant)


def certificate_job(job_id: str, title: str, source: str, project: Project,
                    certificate: dict[str, Any], variant: dict[str, str]) -> Job:
    """A4 certificates: a page per participant, or one blank form.

    ``certificate``: names, what, title, when, where, and ``example`` (the note after
    "PAVYZDYS – " on every page of an example, else ``None``).
    """
    return Job(id=job_id, product="certificate", title=title,
               layout="documents/certificate.html.j2", format=project.formats["A4"],
               source=source, output=PurePosixPath("print/documents") / f"{job_id}.pdf",
               pages=max(1, len(certificate["names"])), context={"certificate": certificate},
               variant=variant)


def schedules(project: Project) -> list[Job]:
    """One A3 schedule poster per municipality that has events."""
    events = [(item.source, item.model) for item in project.items
              if isinstance(item.model, Event)]
    jobs = []
    for municipality in project.campaign.municipalities:
        here = sorted(((source, event) for source, event in events
                       if event.municipality == municipality.id),
                      key=lambda pair: (pair[1].date, pair[1].time))
        if not here:
            continue
        mine = [event for _, event in here]
        sources = sorted(source for source, _ in here)
        jobs.append(Job(
            id=f"tvarkarastis-{municipality.id}", product="schedule",
            title=f"Kampanijos renginiai – {municipality.name}",
            layout="event/schedule.html.j2", format=project.formats["A3"],
            source=sources[0], output=PurePosixPath("print/events")
            / f"tvarkarastis-{municipality.id}.pdf", pages=1,
            context={"municipality": municipality, "events": mine},
            variant={"municipality": municipality.name}))
    return jobs


def references(item: Item[Event], project: Project) -> list[Problem]:
    """Known municipality; a date within the campaign period."""
    return item.model.references(project.campaign)


EVENT = register(ProductKind(name="event", folder="events", model=Event, expand=expand,
                             references=references, collect=schedules))
