"""The EU emblem on a raster of the final PDF page (pypdfium2): found, measured, sampled.

Works on any PDF, with no layout information: blue pixels are grouped into candidate
rectangles on a coarse raster; each candidate of about 3:2 is rendered again at high
resolution and measured: the blue rectangle (size, ratio), the stars inside it (count,
ring radius, star radius, upright), the colours (median of the field and of the stars,
compared in CIELAB with how this renderer shows the reference CMYK colours) and the
surroundings (white border, coloured background).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import pikepdf
import pypdfium2
from PIL import Image, ImageChops, ImageCms, ImageDraw, ImageStat

from pipeline.emblem import BLUE, RATIO, YELLOW

PT_MM = 25.4 / 72
DETECT_SCALE = 30 / 72  # 30 dpi for finding candidates
MEASURE_PX = 360  # the field is rendered at least this many pixels high for measuring
MIN_STAR_PX = 4


@dataclass(frozen=True)
class RasterEmblem:
    """An emblem as measured on the page raster.

    Lengths in mm, page coordinates from the top-left corner of the trim box (y downwards).
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
    field_delta_e: float
    star_delta_e: float | None
    background_coloured: bool
    border_white: float
    """Share of white pixels in the H/25 band around the rectangle (0–1)."""

    @property
    def ratio(self) -> float:
        """Width : height of the blue rectangle."""
        return self.width / self.height if self.height else 0.0


def _mask(image: Image.Image, test: str) -> Image.Image:
    r, g, b = image.split()
    if test == "blue":
        parts = [b.point(lambda v: 255 if v > 90 else 0),
                 ImageChops.subtract(b, r).point(lambda v: 255 if v > 50 else 0),
                 ImageChops.subtract(b, g).point(lambda v: 255 if v > 30 else 0)]
    elif test == "yellow":
        parts = [r.point(lambda v: 255 if v > 150 else 0),
                 g.point(lambda v: 255 if v > 120 else 0),
                 b.point(lambda v: 255 if v < 110 else 0)]
    else:  # white
        parts = [c.point(lambda v: 255 if v > 225 else 0) for c in (r, g, b)]
    mask = parts[0]
    for part in parts[1:]:
        mask = ImageChops.multiply(mask, part)
    return mask


@dataclass
class Component:
    """A 4-connected group of set pixels, kept as horizontal runs ``(y, x0, x1)``."""

    runs: list[tuple[int, int, int]]

    def __len__(self) -> int:
        return sum(x1 - x0 for _, x0, x1 in self.runs)

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        """``(x0, y0, x1, y1)``, exclusive right and bottom."""
        return (min(r[1] for r in self.runs), min(r[0] for r in self.runs),
                max(r[2] for r in self.runs), max(r[0] for r in self.runs) + 1)

    def pixels(self) -> list[tuple[int, int]]:
        """Every ``(x, y)`` pixel of the component."""
        return [(x, y) for y, x0, x1 in self.runs for x in range(x0, x1)]


_RUN = re.compile(rb"[^\x00]+")


def _components(mask: Image.Image) -> list[Component]:
    """4-connected groups of set pixels, in the order of their first pixel (row by row).

    Runs of each row are joined to the overlapping runs of the row above (union-find), so
    the work grows with the number of runs, not of pixels.
    """
    width, height = mask.size
    data = mask.tobytes()
    runs: list[tuple[int, int, int]] = []
    parent: list[int] = []

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    above: list[int] = []
    for y in range(height):
        row: list[int] = []
        first = 0
        for match in _RUN.finditer(data, y * width, (y + 1) * width):
            x0, x1 = match.start() - y * width, match.end() - y * width
            index = len(runs)
            runs.append((y, x0, x1))
            parent.append(index)
            while first < len(above) and runs[above[first]][2] <= x0:
                first += 1
            k = first
            while k < len(above) and runs[above[k]][1] < x1:
                a, b = root(index), root(above[k])
                if a != b:
                    parent[max(a, b)] = min(a, b)  # the earlier run stays the root
                k += 1
            row.append(index)
        above = row
    groups: dict[int, list[tuple[int, int, int]]] = {}
    for index, run in enumerate(runs):
        groups.setdefault(root(index), []).append(run)
    return [Component(group) for group in groups.values()]


@cache
def reference_colours() -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """How this renderer shows the emblem's reference CMYK blue and yellow."""
    ops = []
    for x, colour in ((0, BLUE), (10, YELLOW)):
        ops.append(" ".join(f"{v / 100:g}" for v in colour) + f" k {x} 0 10 10 re f")
    with pikepdf.new() as document:
        page = document.add_blank_page(page_size=(20, 10))
        page.obj.Contents = document.make_stream("\n".join(ops).encode())
        out = io.BytesIO()
        document.save(out)
    image = pypdfium2.PdfDocument(out.getvalue())[0].render(scale=1).to_pil().convert("RGB")
    blue, yellow = image.getpixel((5, 5)), image.getpixel((15, 5))
    assert isinstance(blue, tuple) and isinstance(yellow, tuple)
    return (blue[0], blue[1], blue[2]), (yellow[0], yellow[1], yellow[2])


@cache
def _to_lab() -> ImageCms.ImageCmsTransform:
    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.createProfile("LAB"),
                                   "RGB", "LAB")


def delta_e(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """CIE76 colour difference of two sRGB colours."""
    image = Image.new("RGB", (2, 1))
    image.putpixel((0, 0), first)
    image.putpixel((1, 0), second)
    lab = ImageCms.applyTransform(image, _to_lab())
    assert lab is not None
    (l1, a1, b1), (l2, a2, b2) = lab.getpixel((0, 0)), lab.getpixel((1, 0))  # type: ignore[misc]
    # Pillow's LAB mode stores L in 0–255 and a, b offset by 128.
    return math.dist((l1 * 100 / 255, a1 - 128, b1 - 128), (l2 * 100 / 255, a2 - 128, b2 - 128))


def find_emblems(pdf: bytes) -> list[RasterEmblem]:
    """Every emblem-like blue rectangle on every page, measured."""
    document = pypdfium2.PdfDocument(pdf)
    found = []
    for index in range(len(document)):
        page = document[index]
        coarse = page.render(scale=DETECT_SCALE).to_pil().convert("RGB")
        for x0, y0, x1, y1 in _candidates(coarse):
            region = _px_to_pt_region(page, (x0, y0, x1, y1), DETECT_SCALE, pad=0.35)
            emblem = measure_region(document, index, region)
            if emblem is not None:
                found.append(emblem)
    return found


def _candidates(image: Image.Image) -> Iterator[tuple[int, int, int, int]]:
    for group in _components(_mask(image, "blue")):
        x0, y0, x1, y1 = group.bbox
        width, height = x1 - x0, y1 - y0
        fill = len(group) / (width * height)
        # A field is a solid rectangle (stars cut holes in it) of roughly 3:2 or stretched.
        if width >= 3 and height >= 2 and 0.8 <= width / height <= 3.0 and fill > 0.6:
            yield x0, y0, x1, y1


def _px_to_pt_region(page: pypdfium2.PdfPage, box: tuple[int, int, int, int], scale: float,
                     pad: float) -> tuple[float, float, float, float]:
    """Pixel box of a render → (left, top, right, bottom) in pt from the page's top-left.

    The box is grown by ``pad`` × its height on every side; ``scale`` is px per pt.
    """
    x0, y0, x1, y1 = (v / scale for v in box)
    grow = (y1 - y0) * pad
    return (x0 - grow, y0 - grow, x1 + grow, y1 + grow)


def measure_region(document: pypdfium2.PdfDocument, index: int,
                   region: tuple[float, float, float, float]) -> RasterEmblem | None:
    """The emblem measured in ``region`` of page ``index`` (0-based), or ``None``.

    ``region`` is (left, top, right, bottom) in pt from the page's top-left, including any
    bleed the renderer shows; it is rendered at high resolution.
    """
    page = document[index]
    width_pt, height_pt = page.get_size()
    left, top, right, bottom = (max(0.0, region[0]), max(0.0, region[1]),
                                min(width_pt, region[2]), min(height_pt, region[3]))
    scale = max(MEASURE_PX / max((bottom - top) / 1.7, 1.0), 2.0)
    # pdfium's crop: points cut off the (left, bottom, right, top) edges.
    image = page.render(scale=scale, crop=(left, height_pt - bottom, width_pt - right, top)
                        ).to_pil().convert("RGB")
    blue = _mask(image, "blue")
    groups = _components(blue.resize((max(1, image.width // 4), max(1, image.height // 4)),
                                     Image.Resampling.NEAREST))
    if not groups:
        return None
    bx0, by0, bx1, by1 = (v * 4 for v in max(groups, key=len).bbox)
    # (bx1, by1 are exclusive: the last pixel of the coarse group starts at bx1 - 4.)
    bbox = blue.crop((max(0, bx0 - 4), max(0, by0 - 4),
                      min(image.width, bx1 + 4), min(image.height, by1 + 4))).getbbox()
    if bbox is None:
        return None
    ox, oy = max(0, bx0 - 4), max(0, by0 - 4)
    fx0, fy0, fx1, fy1 = bbox[0] + ox, bbox[1] + oy, bbox[2] + ox, bbox[3] + oy
    field_w, field_h = fx1 - fx0, fy1 - fy0
    if field_h < 8 or field_w < 8:
        return None
    inside = image.crop((fx0, fy0, fx1, fy1))
    stars_mask = _mask(inside, "yellow")
    if stars_mask.getbbox() is None:  # blue-only variant: stars in negative white
        stars_mask = _mask(inside, "white")
    found = [g for g in _components(stars_mask) if len(g) >= MIN_STAR_PX]
    # Star geometry is measured relative to the rectangle as constructed: a stretched
    # emblem is un-stretched first, so the stretch is reported once (EMB-RATIO), not as
    # wrong star positions and sizes as well.
    stretch = (field_w / field_h) / RATIO
    stars = [[(x / stretch, y) for x, y in g.pixels()] for g in found]
    cx, cy = field_w / stretch / 2, field_h / 2
    centres = [(sum(p[0] for p in g) / len(g), sum(p[1] for p in g) / len(g)) for g in stars]
    ring = (sum(math.dist(c, (cx, cy)) for c in centres) / len(centres) / field_h
            if centres else None)
    radii = [max(math.dist(p, c) for p in g) + 0.5 for g, c in zip(stars, centres, strict=True)]
    star = sum(radii) / len(radii) / field_h if radii else None
    upright = all(abs(min(g, key=lambda p: p[1])[0] - c[0]) <= max(1.5, 0.15 * r)
                  for g, c, r in zip(stars, centres, radii, strict=True))
    stars_count = len(found)
    field_rgb = _median(inside, ImageChops.invert(stars_mask.point(lambda v: 255 if v else 0)))
    star_rgb = _median(inside, stars_mask) if found else None
    blue_ref, yellow_ref = reference_colours()
    border_px = max(1, round(field_h / 25))
    white = _mask(image, "white")
    border = _band_share(white, (fx0, fy0, fx1, fy1), 0, border_px)
    outside = _band_share(white, (fx0, fy0, fx1, fy1), border_px + 1, 3 * border_px + 1)
    dx, dy = trim_offset(page)
    return RasterEmblem(
        page=index + 1,
        x=(left + fx0 / scale - dx) * PT_MM, y=(top + fy0 / scale - dy) * PT_MM,
        width=field_w / scale * PT_MM, height=field_h / scale * PT_MM,
        stars=stars_count, ring_ratio=ring, star_ratio=star, upright=upright,
        field_rgb=field_rgb, star_rgb=star_rgb, field_delta_e=delta_e(field_rgb, blue_ref),
        star_delta_e=delta_e(star_rgb, yellow_ref) if star_rgb else None,
        background_coloured=outside < 0.5, border_white=border)


def trim_offset(page: pypdfium2.PdfPage) -> tuple[float, float]:
    """Where the trim box's top-left corner is on the rendered page, in pt."""
    crop_l, _, _, crop_t = page.get_cropbox()
    trim_l, _, _, trim_t = page.get_trimbox()
    return (trim_l - crop_l, crop_t - trim_t)


def _median(image: Image.Image, mask: Image.Image) -> tuple[int, int, int]:
    if mask.getbbox() is None:
        return (0, 0, 0)
    median = ImageStat.Stat(image, mask.convert("L")).median
    return (int(median[0]), int(median[1]), int(median[2]))


def _band_share(white: Image.Image, box: tuple[int, int, int, int], inner: int,
                outer: int) -> float:
    """Share of white pixels in the band from ``inner`` to ``outer`` pixels outside ``box``."""
    band = Image.new("L", white.size, 0)
    draw = ImageDraw.Draw(band)
    x0, y0, x1, y1 = box
    draw.rectangle((x0 - outer, y0 - outer, x1 + outer - 1, y1 + outer - 1), fill=255)
    draw.rectangle((x0 - inner, y0 - inner, x1 + inner - 1, y1 + inner - 1), fill=0)
    if band.getbbox() is None:
        return 1.0
    total = ImageStat.Stat(band).sum[0]
    hits = ImageStat.Stat(ImageChops.multiply(band, white)).sum[0]
    return hits / total if total else 1.0
