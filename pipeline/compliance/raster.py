"""The EU emblem on a raster of the final PDF page (pypdfium2): found, measured, sampled.

Works on any PDF, with no layout information: blue pixels are grouped into candidate
rectangles on a coarse raster; each candidate of about 3:2 is rendered again at high
resolution and measured: the blue rectangle (size, ratio), the stars inside it (count,
ring radius, star radius, upright), the colours (median of the field and of the stars,
compared in CIELAB with how this renderer shows the reference CMYK colours) and the
surroundings (white border, coloured background).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PIL import Image, ImageChops

from pipeline.compliance.paint import PagePaint, Placement
from pipeline.compliance.pixels import (
    Component,
    band_share,
    components,
    mask,
    median,
    nearer,
)
from pipeline.emblem import INNER_RATIO, RATIO, STAR_RADIUS
from pipeline.pdffile import PdfFile

if TYPE_CHECKING:
    import pypdfium2

PT_MM = 25.4 / 72
DETECT_SCALE = 30 / 72  # 30 dpi for finding blue candidates
OUTLINE_SCALE = 1.0  # 72 dpi for finding the thin outline of the black-only form
MEASURE_PX = 360  # the field is rendered at least this many pixels high for measuring
MIN_STAR_PX = 4
STAR_TOLERANCE = 0.10
"""How far a star's radius may be from H/18 (± 10 %, an implementation choice; EMB-STARSIZE)."""
MIN_HOIST_PX = math.ceil(1 / (STAR_RADIUS * STAR_TOLERANCE))
"""The fewest pixels of hoist the star geometry is measured on: a star's radius (H/18) must
be at least 1 / ``STAR_TOLERANCE`` = 10 px for a one-pixel error to stay within the
tolerance, so H ≥ 180 px (the rectangle 270 × 180 px). Below it stars run together or break
apart and a count would be wrong."""
STAR_AREA = 5 * math.sin(math.radians(36)) * INNER_RATIO
"""Area of a regular five-pointed star of outer radius 1 (≈ 1.1226)."""


@dataclass(frozen=True)
class RasterEmblem:
    """An emblem as measured on the page raster.

    Lengths in mm, page coordinates from the top-left corner of the trim box (y downwards).
    ``pixels`` is the rectangle's size in the pixels that carry information: those of the
    high-resolution render, or of the placed image itself when the emblem is a raster
    image with fewer. When the hoist has fewer than ``MIN_HOIST_PX`` of them the star
    geometry is not measured (``measurable`` false: ``stars`` 0, ring and star ``None``).
    """

    page: int
    x: float
    y: float
    width: float
    height: float
    stars: int
    ring_ratio: float | None
    star_ratio: float | None
    upright: bool
    field_rgb: tuple[int, int, int]
    star_rgb: tuple[int, int, int] | None
    background_coloured: bool
    border_white: float
    """Share of white pixels in the H/25 band around the rectangle (0–1)."""
    pixels: tuple[int, int] = (0, 0)
    measurable: bool = True
    outlined: bool = False
    """The field is white inside a dark outline (the black-only form), not a blue area."""
    colorants: tuple[str, ...] = ()
    """Separation names painted at full strength on the emblem (the spot-colour form)."""
    raster_image: bool = False
    """The emblem is (part of) a placed raster image."""

    @property
    def ratio(self) -> float:
        """Width : height of the blue rectangle."""
        return self.width / self.height if self.height else 0.0

    @property
    def needed(self) -> tuple[int, int]:
        """The fewest pixels (width, height) the star geometry needs (``MIN_HOIST_PX``)."""
        return (round(MIN_HOIST_PX * RATIO), MIN_HOIST_PX)


def find_emblems(file: PdfFile, paint: list[PagePaint] | None = None) -> list[RasterEmblem]:
    """Every emblem-like rectangle on every page of ``file``, measured.

    Candidates: blue areas of about 3:2 on a 30 dpi raster; on a page without any, dark
    rectangle outlines of about 3:2 on a 72 dpi one (the black-only form). ``paint``
    (``paint.page_paint``) tells where raster images and spot colours are; without it,
    every emblem is taken as vector artwork. The searches render whole pages (crop box,
    forms drawn) of a PDF made elsewhere, where nothing else rasterises them: their own
    renders (``PdfFile.render``), not the BleedBox rasters of a build's final file.
    """
    found: list[RasterEmblem] = []
    for index in range(len(file)):
        coarse = file.render(index, None, DETECT_SCALE)
        regions = [_px_to_pt_region((x0, y0, x1, y1), DETECT_SCALE, pad=0.35)
                   for x0, y0, x1, y1 in _candidates(coarse)]
        page_paint = paint[index] if paint is not None else None
        page_found = _measure_all(file, index, regions, page_paint)
        if not page_found:
            # The black-only form has no blue: its thin outline is looked for at 72 dpi,
            # only on pages without a coloured emblem (the search costs a page of shapes).
            fine = file.render(index, None, OUTLINE_SCALE)
            page_found = _measure_all(file, index, [
                _px_to_pt_region(box, OUTLINE_SCALE, pad=0.35) for box in _outlines(fine)],
                page_paint)
        found += page_found
    return found


def _measure_all(file: PdfFile, index: int, regions: list[tuple[float, float, float, float]],
                 paint: PagePaint | None) -> list[RasterEmblem]:
    """The emblems measured in ``regions`` of one page, each once."""
    found: list[RasterEmblem] = []
    for region in regions:
        emblem = measure_region(file, index, region, paint)
        if emblem is not None and not any(_same(emblem, other) for other in found):
            found.append(emblem)
    return found


def _same(a: RasterEmblem, b: RasterEmblem) -> bool:
    """Whether two measurements are of the same emblem (their centres within 1 mm)."""
    return (abs(a.x + a.width / 2 - b.x - b.width / 2) < 1.0
            and abs(a.y + a.height / 2 - b.y - b.height / 2) < 1.0)


def _candidates(image: Image.Image) -> Iterator[tuple[int, int, int, int]]:
    for group in components(mask(image, "blue")):
        x0, y0, x1, y1 = group.bbox
        width, height = x1 - x0, y1 - y0
        fill = len(group) / (width * height)
        # A field is a solid rectangle (stars cut holes in it) of roughly 3:2 or stretched.
        if width >= 3 and height >= 2 and 0.8 <= width / height <= 3.0 and fill > 0.6:
            yield x0, y0, x1, y1


def _outlines(image: Image.Image) -> Iterator[tuple[int, int, int, int]]:
    """Dark hollow rectangles of about 3:2 with stars inside.

    A component whose pixels run along its box's four edges (at least 80 % of them) and
    fill little of it, with at least six small dark shapes inside.
    """
    groups = components(mask(image, "dark"))
    for group in groups:
        box = _outline_box(group)
        # ... with stars inside: small dark shapes well within it.
        if box is not None and sum(1 for g in groups if _small_inside(g.bbox, box)) >= 6:
            yield box


def _small_inside(inner: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> bool:
    return (inner[0] > outer[0] and inner[1] > outer[1] and inner[2] < outer[2]
            and inner[3] < outer[3] and inner[2] - inner[0] < (outer[2] - outer[0]) / 6)


def _outline_box(group: Component) -> tuple[int, int, int, int] | None:
    x0, y0, x1, y1 = group.bbox
    width, height = x1 - x0, y1 - y0
    if width < 12 or height < 8 or not 1.2 <= width / height <= 1.8:
        return None
    if len(group) > 0.35 * width * height:
        return None
    rows: dict[int, list[tuple[int, int]]] = {}
    for y, a, b in group.runs:
        rows.setdefault(y, []).append((a, b))
    edge = 2  # pixels of slack for an anti-aliased line
    top = sum(b - a for y, a, b in group.runs if y < y0 + edge)
    bottom = sum(b - a for y, a, b in group.runs if y >= y1 - edge)
    sides = sum(1 for y in range(y0, y1) if any(a < x0 + edge for a, _ in rows.get(y, []))
                and any(b > x1 - edge for _, b in rows.get(y, [])))
    if top >= 0.8 * width and bottom >= 0.8 * width and sides >= 0.8 * height:
        return x0, y0, x1, y1
    return None


def _px_to_pt_region(box: tuple[int, int, int, int], scale: float,
                     pad: float) -> tuple[float, float, float, float]:
    """Pixel box of a render → (left, top, right, bottom) in pt from the page's top-left.

    The box is grown by ``pad`` × its height on every side; ``scale`` is px per pt.
    """
    x0, y0, x1, y1 = (v / scale for v in box)
    grow = (y1 - y0) * pad
    return (x0 - grow, y0 - grow, x1 + grow, y1 + grow)


def _field(image: Image.Image) -> tuple[tuple[int, int, int, int], bool] | None:
    """The emblem's rectangle in ``image`` and whether it is an outline.

    The box has exclusive right and bottom; an outline is the black-only form, otherwise
    the field is a blue area. ``None`` if there is neither.
    """
    blue = mask(image, "blue")
    groups = components(blue.resize((max(1, image.width // 4), max(1, image.height // 4)),
                                     Image.Resampling.NEAREST))
    if groups:
        bx0, by0, bx1, by1 = (v * 4 for v in max(groups, key=len).bbox)
        # (bx1, by1 are exclusive: the last pixel of the coarse group starts at bx1 - 4.)
        bbox = blue.crop((max(0, bx0 - 4), max(0, by0 - 4),
                          min(image.width, bx1 + 4), min(image.height, by1 + 4))).getbbox()
        if bbox is not None:
            ox, oy = max(0, bx0 - 4), max(0, by0 - 4)
            return (bbox[0] + ox, bbox[1] + oy, bbox[2] + ox, bbox[3] + oy), False
    outlines = [box for box in map(_outline_box, components(mask(image, "dark")))
                if box is not None]
    if outlines:
        return max(outlines, key=lambda b: (b[2] - b[0]) * (b[3] - b[1])), True
    return None


def _stars_mask(inside: Image.Image, outlined: bool) -> Image.Image:
    """Pixels of the stars inside the field, roughly.

    Yellow, else white (blue-only form) on a blue field; dark on the white field of the
    black-only form.
    """
    if outlined:
        return mask(inside, "dark")
    stars = mask(inside, "yellow")
    return stars if stars.getbbox() is not None else mask(inside, "white")


def measure_region(file: PdfFile, index: int, region: tuple[float, float, float, float],
                   paint: PagePaint | None = None) -> RasterEmblem | None:
    """The emblem measured in ``region`` of page ``index`` (0-based) of ``file``, or ``None``.

    ``region`` is (left, top, right, bottom) in pt from the page's top-left, including any
    bleed the renderer shows. It is rendered so that the rectangle is ``MEASURE_PX`` high,
    or, when ``paint`` shows the emblem is a placed raster image with fewer pixels, at the
    image's own resolution (more would only interpolate). With fewer than ``MIN_HOIST_PX``
    pixels in the hoist, the stars are not measured (``measurable`` false).

    The region's own render (``PdfFile.render``), not the shared page raster: 360 px over
    an emblem 10–40 mm high is 230–900 dpi, ten to forty times the proofs' 100 dpi, which
    a whole page at that scale could not afford.
    """
    page = file.page(index)
    width_pt, height_pt = page.get_size()
    left, top, right, bottom = (max(0.0, region[0]), max(0.0, region[1]),
                                min(width_pt, region[2]), min(height_pt, region[3]))
    # The region is the rectangle grown by 35 % of its height each way: 1.7 × its height.
    scale = max(MEASURE_PX / max((bottom - top) / 1.7, 1.0), 2.0)
    image = file.render(index, (left, top, right, bottom), scale)
    found = _field(image)
    if found is None:
        return None
    (fx0, fy0, fx1, fy1), outlined = found
    placed = paint.image_under((left + fx0 / scale, top + fy0 / scale, left + fx1 / scale,
                                top + fy1 / scale)) if paint is not None else None
    if placed is not None and placed.px_per_pt < scale:
        # A raster emblem: analyse it at its own pixels, the most it has.
        scale = max(placed.px_per_pt, DETECT_SCALE)
        image = file.render(index, (left, top, right, bottom), scale)
        found = _field(image)
        if found is None:
            return None
        (fx0, fy0, fx1, fy1), outlined = found
    field_w, field_h = fx1 - fx0, fy1 - fy0
    if field_h < 4 or field_w < 6:
        return None
    pixels = (field_w, field_h) if placed is None else _image_pixels(
        placed, field_w / scale, field_h / scale)
    inside = image.crop((fx0, fy0, fx1, fy1))
    rough = _stars_mask(inside, outlined)
    field_rgb = median(inside, ImageChops.invert(rough))
    star_rgb = median(inside, rough) if rough.getbbox() is not None else None
    measurable = pixels[1] >= MIN_HOIST_PX
    stars: list[list[tuple[float, float]]] = []
    if measurable and star_rgb is not None:
        # Stars are small: a part of the outline or a blot across the field is not one.
        stars_mask = nearer(inside, star_rgb, field_rgb)
        found_stars = [g for g in components(stars_mask) if len(g) >= MIN_STAR_PX
                       and g.bbox[2] - g.bbox[0] < field_w / 6
                       and g.bbox[3] - g.bbox[1] < field_h / 4]
        # Star geometry is measured relative to the rectangle as constructed: a stretched
        # emblem is un-stretched first, so the stretch is reported once (EMB-RATIO), not as
        # wrong star positions and sizes as well.
        stretch = (field_w / field_h) / RATIO
        stars = [[(x / stretch, y) for x, y in g.pixels()] for g in found_stars]
    cx, cy = field_w / (field_w / field_h / RATIO) / 2, field_h / 2
    centres = [(sum(p[0] for p in g) / len(g), sum(p[1] for p in g) / len(g)) for g in stars]
    ring = (sum(math.dist(c, (cx, cy)) for c in centres) / len(centres) / field_h
            if centres else None)
    # A regular five-pointed star of outer radius R covers 5 R² sin 36° × INNER_RATIO:
    # its area gives R without depending on the anti-aliased tips.
    # (Un-stretched as the positions are: the area divided by the stretch.)
    stretch = (field_w / field_h) / RATIO
    star = (sum(math.sqrt(len(g) / stretch / STAR_AREA) for g in stars) / len(stars)
            / field_h if stars else None)
    upright = all(abs(min(g, key=lambda p: p[1])[0] - c[0]) <= max(1.5, 0.15 * field_h / 18)
                  for g, c in zip(stars, centres, strict=True))
    border_px = max(1, round(field_h / 25))
    white = mask(image, "white")
    border = band_share(white, (fx0, fy0, fx1, fy1), 0, border_px)
    outside = band_share(white, (fx0, fy0, fx1, fy1), border_px + 1, 3 * border_px + 1)
    dx, dy = trim_offset(page)
    box = (left + fx0 / scale, top + fy0 / scale, left + fx1 / scale, top + fy1 / scale)
    return RasterEmblem(
        page=index + 1,
        x=(box[0] - dx) * PT_MM, y=(box[1] - dy) * PT_MM,
        width=field_w / scale * PT_MM, height=field_h / scale * PT_MM,
        stars=len(stars), ring_ratio=ring, star_ratio=star, upright=upright,
        field_rgb=field_rgb, star_rgb=star_rgb,
        background_coloured=outside < 0.5, border_white=border,
        pixels=pixels, measurable=measurable, outlined=outlined,
        colorants=paint.spots_in(box) if paint is not None else (),
        raster_image=placed is not None)


def _image_pixels(placed: Placement, width_pt: float, height_pt: float) -> tuple[int, int]:
    """How many of the placed image's own pixels the rectangle spans.

    ``width_pt`` × ``height_pt`` in the image's pixels; the image's own size when the
    rectangle is the whole image (within 3 %: the edge pixels a render blurs).
    """
    box_w, box_h = placed.box[2] - placed.box[0], placed.box[3] - placed.box[1]
    if box_w <= 0 or box_h <= 0:
        return (0, 0)
    if abs(width_pt / box_w - 1) <= 0.03 and abs(height_pt / box_h - 1) <= 0.03:
        return placed.pixels
    return (round(width_pt * placed.pixels[0] / box_w), round(height_pt * placed.pixels[1] / box_h))


def trim_offset(page: pypdfium2.PdfPage) -> tuple[float, float]:
    """Where the trim box's top-left corner is on the rendered page, in pt."""
    crop_l, _, _, crop_t = page.get_cropbox()
    trim_l, _, _, trim_t = page.get_trimbox()
    return (trim_l - crop_l, crop_t - trim_t)


