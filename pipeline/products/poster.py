"""Social-ad posters: one job per format × municipality, each with its local line."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from pipeline.content.fields import Problem
from pipeline.content.models import Poster
from pipeline.jobs import Job
from pipeline.products import ProductKind, register
from pipeline.products.cards import Message, card_jobs, colour_name, url_text

if TYPE_CHECKING:
    from pipeline.project import Item, Project

LAYOUT = "poster/poster.html.j2"


def expand(item: Item[Poster], project: Project) -> list[Job]:
    """One one-page job per municipality the poster names and per format (A2, A3, …).

    Ids ``<poster>-<municipality>-<format>``; each carries its municipality's local line.
    Then the social media cards of each municipality's message (``products/cards.py``).
    """
    poster = item.model
    jobs = []
    for municipality_id in poster.municipality_ids(project.campaign):
        municipality = project.campaign.municipality(municipality_id)
        for format_id in poster.formats:
            job_id = f"{poster.id}-{municipality.id}-{format_id.lower()}"
            jobs.append(Job(
                id=job_id,
                product="poster",
                title=f"{poster.title} – {municipality.name} – {format_id}",
                layout=LAYOUT,
                format=project.formats[format_id],
                source=item.source,
                output=PurePosixPath("print/posters") / f"{job_id}.pdf",
                pages=1,
                context={"poster": poster, "municipality": municipality,
                         "local_line": poster.local_lines[municipality.id]},
                variant={"format": format_id, "municipality": municipality.name},
                production=poster.production,
            ))
    for municipality_id in poster.municipality_ids(project.campaign):
        municipality = project.campaign.municipality(municipality_id)
        local_line = poster.local_lines[municipality.id]
        link = url_text(poster.qr.url)
        jobs += card_jobs(
            subject=f"{poster.id}-{municipality.id}", title=f"{poster.title} – {municipality.name}",
            layout="poster.html.j2", source=item.source,
            context={"poster": poster, "municipality": municipality, "local_line": local_line,
                     "url_text": link, "background": poster.background},
            variant={"municipality": municipality.name}, production=poster.production,
            project=project, message=Message(
                field=colour_name(poster.background),
                top=(poster.headline, poster.lead), below=(local_line,), link=link,
                caption=f"{poster.headline}. {poster.lead}\n\n{poster.message}\n\n"
                        f"{local_line}\n\n{poster.call_to_action}: {poster.qr.url}"))
    return jobs


def references(item: Item[Poster], project: Project) -> list[Problem]:
    """Municipalities, local lines and palette colour the poster refers to."""
    return item.model.references(project.campaign, project.brand.palette)


POSTER = register(ProductKind(name="poster", folder="posters", model=Poster,
                              expand=expand, references=references))
