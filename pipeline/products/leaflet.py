"""A4 roll-fold tri-fold leaflets: an outside and an inside page, panels 100/100/97 mm.

The narrow panel folds in first. On the inside page (panels I1 I2 I3, left to right) it is
the rightmost; on the outside page (O1 O2 O3) it is the leftmost, because the outside is
the back of the sheet: O1 (the flap, seen first when the cover opens) backs I3, O2 (the back
cover) backs I2, O3 (the front cover) backs I1.
"""

from __future__ import annotations

from itertools import accumulate
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from pipeline.content.fields import Problem
from pipeline.content.models import Leaflet
from pipeline.jobs import Job
from pipeline.postpress import Finishing
from pipeline.products import ProductKind, register

if TYPE_CHECKING:
    from pipeline.project import Item, Project

LAYOUT = "leaflet/leaflet.html.j2"


def panel_edges(widths: tuple[float, ...]) -> list[tuple[float, float]]:
    """(left, right) of each panel, in the unit of ``widths`` (mm), from the left edge."""
    rights = list(accumulate(widths))
    return [(right - width, right) for width, right in zip(widths, rights, strict=True)]


def expand(item: Item[Leaflet], project: Project) -> list[Job]:
    """One two-page job: the outside page, then the inside page.

    Panel widths from the format's ``panels_mm`` (100/100/97 mm, print-specs.md §1.2), in mm
    as laid out in the file: the inside page left to right, the outside mirrored; a fold
    between each two panels. Its finishing: a roll fold of those panels (at final size).
    """
    leaflet = item.model
    fmt = project.formats[leaflet.format]
    assert fmt.panels_mm is not None  # checked by references()
    inside = tuple(w / fmt.scale for w in fmt.panels_mm)
    outside = tuple(reversed(inside))
    folds = tuple(tuple(right for _, right in panel_edges(widths)[:-1])
                  for widths in (outside, inside))
    return [Job(
        id=f"lankstinukas-{leaflet.id}",
        product="leaflet",
        title=leaflet.title,
        layout=LAYOUT,
        format=fmt,
        source=item.source,
        output=PurePosixPath("print/leaflets") / f"lankstinukas-{leaflet.id}.pdf",
        pages=2,
        context={"leaflet": leaflet, "outside": panel_edges(outside),
                 "inside": panel_edges(inside)},
        variant={"format": fmt.id, "audience": leaflet.cover.audience},
        production=leaflet.production,
        colours="4/4",
        folds_mm=folds,
        finishing=Finishing("roll-fold", panels_mm=fmt.panels_mm),
    )]


def references(item: Item[Leaflet], project: Project) -> list[Problem]:
    """A folded format and a known palette colour."""
    model = item.model
    problems = model.references(project.brand.palette)
    fmt = project.formats.get(model.format)
    if fmt is not None and not fmt.panels_mm:
        problems.append((("format",), f"'{model.format}' is not a folded format "
                                      "(no panels_mm in the format catalogue)"))
    return problems


LEAFLET = register(ProductKind(name="leaflet", folder="leaflets", model=Leaflet,
                               expand=expand, references=references))
