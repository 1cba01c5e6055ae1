"""Outdoor media: the 6 × 3 m billboard (laid out at 1:10) and the Eurosize citylight.

One design per content file, one job per format; each format has its own layout, because a
landscape board read from 50 m and a portrait case read from 3 m are different designs.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from pipeline.content.fields import Problem
from pipeline.content.models import Outdoor, colour_problems
from pipeline.jobs import Job
from pipeline.postpress import Finishing
from pipeline.products import ProductKind, register

if TYPE_CHECKING:
    from pipeline.project import Item, Project

LAYOUTS = {"billboard-6x3": "outdoor/billboard.html.j2", "citylight": "outdoor/citylight.html.j2"}
NAMES = {"billboard-6x3": "stendas", "citylight": "citylight"}


def expand(item: Item[Outdoor], project: Project) -> list[Job]:
    """One one-page job per format the design is made for (``stendas-…``, ``citylight-…``).

    The billboard is laid out at the 1:10 scale its format gives (formats.yaml); printed on
    blueback paper, its finishing is panels trimmed and numbered for posting.
    """
    outdoor = item.model
    jobs = []
    for format_id in outdoor.formats:
        fmt = project.formats[format_id]
        job_id = f"{NAMES[format_id]}-{outdoor.id}"
        jobs.append(Job(
            id=job_id, product="outdoor", title=f"{outdoor.title} – {fmt.name}",
            layout=LAYOUTS[format_id], format=fmt, source=item.source,
            output=PurePosixPath("print/outdoor") / f"{job_id}.pdf", pages=1,
            context={"outdoor": outdoor}, variant={"format": format_id},
            production=outdoor.production,
            finishing=Finishing("poster-panels" if fmt.stock == "blueback" else "trim")))
    return jobs


def references(item: Item[Outdoor], project: Project) -> list[Problem]:
    """Only outdoor formats (those with a layout in ``LAYOUTS``), and a known palette colour."""
    model = item.model
    problems: list[Problem] = [
        (("formats", i), f"'{f}' has no outdoor layout (use {', '.join(LAYOUTS)})")
        for i, f in enumerate(model.formats) if f not in LAYOUTS]
    problems += colour_problems(model.background, project.brand.palette)
    return problems


OUTDOOR = register(ProductKind(name="outdoor", folder="outdoor", model=Outdoor,
                               expand=expand, references=references))
