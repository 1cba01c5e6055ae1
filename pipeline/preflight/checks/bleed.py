"""Artwork that reaches the trim must continue into the bleed: measured on a render.

A background, photo or band that stops exactly at the TrimBox leaves a white hairline
wherever the knife lands a little outside it, and a cut is only accurate to about ±0.5–1 mm.
Printers therefore ask for every object that touches the trim to run on into the bleed
(3 mm on sheet-fed work; print-specs.md §2.1). The content walk cannot tell what is visible
at the trim (clips, soft masks, images with white borders, objects painted over others), so
this check looks at the page as it prints: the BleedBox rendered once per page (the file's
shared page raster, ``pdffile``), and for each side a strip just inside the trim
(``INNER_MM``) is compared with the pixels at the BleedBox's edge. Where the strip has ink
along at least ``MIN_RUN_MM`` but the bleed's edge is paper white at the same positions, the
artwork stops short of the bleed.

Printer's marks and slug live outside the BleedBox: they are never rendered. Pages without
a TrimBox or BleedBox, and sides with no bleed, are ``page-boxes``' to report.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageChops

from pipeline.diagnostics import Severity
from pipeline.pdffile import PageRaster, normal_box, on_canvas
from pipeline.preflight.context import Preflight
from pipeline.preflight.geometry import MM_PER_PT, Box
from pipeline.preflight.registry import Hit, check

INNER_MM = 0.5
"""Width of the strip just inside the trim that is looked at for ink (≥ 1 pixel)."""
MIN_RUN_MM = 1.0
"""A white gap shorter than this along the edge (plus one pixel, for antialiasing) is not
reported: the ends of thin rules are not artwork that stops at the trim."""
WHITE = 248
"""A pixel is paper white when every channel (RGB, 0–255) is at least this: a small
tolerance for antialiasing; the lightest tints (Y 5 %) still count as ink."""
MIN_BLEED_PX = 4
"""The render resolution: 4 px across the narrowest bleed (a 3 mm bleed: 1.33 px/mm, 34 ppi)…"""
FINE_PX_PER_MM = 2.0
"""…or 2 px/mm (1 mm runs of 3 px) if that is finer…"""
BUDGET_PX = 1_100_000
LEAST_BLEED_PX = 2
"""…but a page keeps within 1.1 Mpx (A2 with bleed at 2 px/mm) as long as the bleed still
spans 2 px: pdfium decodes a placed JPEG at the scale the render needs (1/8, 1/4, 1/2), so
the cost follows the pixels. The 1.2 × 1.8 m citylight with its 5400 px photo takes 0.12 s
at 0.7 px/mm, 0.37 s at 1–1.33 px/mm and 1 s at 2 px/mm…"""
MAX_PX = 4000
"""…and never more than 4000 px on the long side (a 5 m page drops to 0.8 px/mm)."""
_INKED = [255 if v < WHITE else 0 for v in range(256)]
"""The darkest channel of a pixel → 255 for ink, 0 for paper white."""
SIDES = ("left", "top", "right", "bottom")
EPS = 0.01
"""Pixel positions within 1/100 px of a pixel edge are on it (float noise of pt × scale)."""


@check("bleed-artwork", "Artwork that reaches the trim continues into the bleed",
       covers="print-specs.md §2.1 (printers' bleed: 3 mm); not a GWG 2015 item")
def bleed_artwork(ctx: Preflight) -> Iterator[Hit]:
    """Per page and side: where ink at the trim does not reach the BleedBox's edge.

    Read from the file's shared page rasters (``ctx.file``, ``BLEED_RASTER``): a raster
    finer than this check asks for (the proofs') is used as it is, every threshold being
    in mm.
    """
    import pypdfium2

    for number, page in enumerate(ctx.pdf.pages, start=1):
        obj = page.obj
        if "/TrimBox" not in obj or "/BleedBox" not in obj:
            continue
        if _bleeds(ctx.trim(number), ctx.bleed(number)) is None:
            continue
        try:
            hits = ctx.file.page_result(BLEED_RASTER, number - 1)
        except (pypdfium2.PdfiumError, ValueError) as exc:  # say so, and go on
            yield Hit(number, f"the page could not be rendered to check the bleed ({exc})",
                      severity=Severity.WARNING)
            continue
        yield from hits or ()


def _bleeds(trim: Box, bleed: Box) -> dict[str, float] | None:
    """The bleed on each side in pt (``None`` if there is none on any side)."""
    sides = {"left": trim[0] - bleed[0], "top": bleed[3] - trim[3],
             "right": bleed[2] - trim[2], "bottom": trim[1] - bleed[1]}
    return sides if max(sides.values()) > 0.01 / MM_PER_PT else None


def _boxes(page: Any) -> tuple[Box, Box, Box] | None:
    """(TrimBox, BleedBox clipped to the canvas, canvas) of a pypdfium2 page in pt.

    ``None`` without a TrimBox or BleedBox, or without bleed inside the canvas.
    """
    trim, bleed = page.get_trimbox(fallback_ok=False), page.get_bleedbox(fallback_ok=False)
    if trim is None or bleed is None:
        return None
    trim = normal_box(trim)
    clip, canvas = on_canvas(page, normal_box(bleed))
    if _bleeds(trim, clip) is None or clip[2] - clip[0] <= 0 or clip[3] - clip[1] <= 0:
        return None
    return trim, clip, canvas


@dataclass(frozen=True)
class _BleedRaster:
    """The bleed check's use of a page raster (``pdffile.RasterUse``): its hits."""

    def scale(self, page: Any) -> float | None:
        """The px per pt the check needs on ``page`` (``None``: nothing to check there).

        ``MIN_BLEED_PX`` across the narrowest bleed or ``FINE_PX_PER_MM``, within
        ``BUDGET_PX`` as long as the bleed spans ``LEAST_BLEED_PX``, at most ``MAX_PX``.
        """
        boxes = _boxes(page)
        if boxes is None:
            return None
        trim, clip, _ = boxes
        sides = _bleeds(trim, clip) or {}
        narrowest = min(v for v in sides.values() if v > 0.01 / MM_PER_PT) * MM_PER_PT
        width_mm, height_mm = (clip[2] - clip[0]) * MM_PER_PT, (clip[3] - clip[1]) * MM_PER_PT
        px_per_mm = max(MIN_BLEED_PX / narrowest, FINE_PX_PER_MM)
        px_per_mm = min(px_per_mm, math.sqrt(BUDGET_PX / (width_mm * height_mm)))
        px_per_mm = max(px_per_mm, LEAST_BLEED_PX / narrowest)
        px_per_mm = min(px_per_mm, MAX_PX / max(width_mm, height_mm))
        return px_per_mm * MM_PER_PT

    def use(self, raster: PageRaster) -> list[Hit]:
        """The hits of the page ``raster`` shows (its BleedBox, upright, at any scale)."""
        boxes = _boxes(raster.page)
        if boxes is None:
            return []
        return list(_gaps(raster.index + 1, _Render(raster, boxes[0])))


BLEED_RASTER = _BleedRaster()
"""The bleed check's raster use: a build registers it with the proofs' on the final file."""


class _Render:
    """The BleedBox of one page as pixels (``image``: RGB, the shared raster's).

    With the map between pt of the page and pixel edges of the bitmap (the raster's).
    """

    def __init__(self, raster: PageRaster, trim: Box) -> None:
        self.image, self.trim, self.bleed = raster.image, trim, raster.box
        self.scale = raster.real
        self.col, self.row = raster.col, raster.row
        self.x_of, self.y_of = raster.x_of, raster.y_of


def _ink(image: Image.Image, box: tuple[int, int, int, int], vertical: bool) -> list[bool]:
    """Whether each pixel line along an edge has ink in ``box``.

    A vertical edge's box (columns side by side) is reduced to one column, a horizontal
    edge's to one row: a position has ink if any pixel across the box has.
    """
    # Ink where the darkest channel is darker than paper white: judged on the strip only
    # (the raster is the proofs' too, four times the pixels this check needs).
    r, g, b = image.crop(box).split()
    strip = ImageChops.darker(ImageChops.darker(r, g), b).point(_INKED)
    factor = (strip.width, 1) if vertical else (1, strip.height)
    if factor != (1, 1):
        strip = strip.reduce(factor)
    return [v > 0 for v in strip.tobytes()]


def _across(render: _Render, side: str, inner: int) -> tuple[int, int, range] | None:
    """Which pixel lines across the edge of ``side`` are looked at.

    (the outermost line wholly inside the BleedBox, the second line outside the trim, the
    lines of the strip just inside the trim); ``None`` without a whole pixel of bleed.
    """
    trim, bleed = render.trim, render.bleed
    if side in ("left", "right"):
        i = 0 if side == "left" else 2
        t, b, limit = render.col(trim[i]), render.col(bleed[i]), render.image.width
    else:
        i = 3 if side == "top" else 1
        t, b, limit = render.row(trim[i]), render.row(bleed[i]), render.image.height
    if side in ("left", "top"):  # the bleed has the lower pixel indexes
        outer, near, first = _up(b), _down(t) - 1, _up(t)
        if outer < 0 or outer > near:
            return None
        return outer, max(outer, near - 1), range(first, min(limit, first + inner))
    outer, near, last = _down(b) - 1, _up(t), _down(t)
    if outer >= limit or outer < near:
        return None
    return outer, min(outer, near + 1), range(max(0, last - inner), last)


def _gaps(number: int, render: _Render) -> Iterator[Hit]:
    """The hits of one rendered page.

    Per side, the runs where the strip inside the trim has ink and the BleedBox's edge is
    paper white.
    """
    image, trim = render.image, render.trim
    px_per_mm = render.scale[0] / MM_PER_PT  # bitmap px per mm (both axes within 1 px)
    inner = max(1, round(INNER_MM * px_per_mm))
    # Antialiasing can widen anything by a pixel: a run must be one pixel longer than 1 mm.
    min_run = math.ceil(MIN_RUN_MM * px_per_mm) + 1
    # Positions along each edge: the pixel lines wholly inside the trim.
    rows = (max(0, _up(render.row(trim[3]))), min(image.height, _down(render.row(trim[1]))))
    cols = (max(0, _up(render.col(trim[0]))), min(image.width, _down(render.col(trim[2]))))
    for side in SIDES:
        vertical = side in ("left", "right")
        along = rows if vertical else cols
        lines = _across(render, side, inner)
        if lines is None or along[1] - along[0] < min_run or not lines[2]:
            continue
        outer, past, band = lines

        def ink(lo: int, hi: int, *, v: bool = vertical, at: tuple[int, int] = along
                ) -> list[bool]:
            return _ink(image, (lo, at[0], hi, at[1]) if v else (at[0], lo, at[1], hi), v)

        edge = ink(outer, outer + 1)
        gaps = [a and not e for a, e in zip(ink(band[0], band[-1] + 1), edge, strict=True)]
        runs = _runs(gaps, min_run)
        if runs:
            # The second line outside the trim (pdfium may widen a fill by a pixel): whether
            # the artwork stops at the trim or runs on into the bleed, not far enough.
            yield _hit(number, render, side, along[0], runs, ink(past, past + 1))


def _up(position: float) -> int:
    """The first whole pixel at or after ``position``."""
    return math.ceil(position - EPS)


def _down(position: float) -> int:
    """The pixel edge at or before ``position``."""
    return math.floor(position + EPS)


def _runs(flags: list[bool], least: int) -> list[tuple[int, int]]:
    """The runs of ``True`` at least ``least`` long, as (start, end) indexes."""
    runs, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start >= least:
                runs.append((start, i))
            start = None
    return runs


def _hit(number: int, render: _Render, side: str, offset: int, runs: list[tuple[int, int]],
         past_trim: list[bool]) -> Hit:
    """The finding of one side: how long, from where to where, and what to do."""
    trim, bleed = render.trim, render.bleed
    vertical = side in ("left", "right")
    lo, hi = runs[0][0] + offset, runs[-1][1] + offset
    if vertical:  # rows: mm down from the trim's top
        y0, y1 = render.y_of(hi), render.y_of(lo)
        start, end = (trim[3] - y1) * MM_PER_PT, (trim[3] - y0) * MM_PER_PT
        x = trim[0] if side == "left" else trim[2]
        box: Box = (x, y0, x, y1)
    else:  # columns: mm right from the trim's left
        x0, x1 = render.x_of(lo), render.x_of(hi)
        start, end = (x0 - trim[0]) * MM_PER_PT, (x1 - trim[0]) * MM_PER_PT
        y = trim[3] if side == "top" else trim[1]
        box = (x0, y, x1, y)
    px_per_mm = (render.scale[1] if vertical else render.scale[0]) / MM_PER_PT
    length = sum(b - a for a, b in runs) / px_per_mm
    gap = [i for a, b in runs for i in range(a, b)]
    at_trim = sum(not past_trim[i] for i in gap) * 2 >= len(gap)
    reach = {"left": trim[0] - bleed[0], "right": bleed[2] - trim[2],
             "top": bleed[3] - trim[3], "bottom": trim[1] - bleed[1]}[side] * MM_PER_PT
    where = "stops at the trim" if at_trim else "stops short of the bleed's edge"
    return Hit(number, f"{where} over {length:.1f} mm (from {start:.1f} to {end:.1f} mm along "
                       f"the edge): extend it {round(reach, 1):g} mm into the bleed",
               f"artwork on the {side} edge", box, measured=f"{length:.1f} mm without bleed",
               threshold=f"{round(reach, 1):g} mm into the bleed (to the BleedBox)", rank=length,
               group=side)
