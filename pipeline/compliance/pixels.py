"""Pixel work on rasters of a page: colour masks, connected shapes, medians and bands.

The emblem check (``raster.py``) finds and measures the emblem with these: pixels of a
colour class (``mask``), 4-connected groups of them (``components``), the pixels nearer to
one colour than another (``nearer``), the median colour under a mask and the share of white
in a band around a box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageStat


def mask(image: Image.Image, test: str) -> Image.Image:
    """The pixels of ``image`` in a colour class: ``blue``, ``yellow``, ``dark``, ``white``.

    255 where the class holds, 0 elsewhere; the channel limits are implementation choices
    tuned on pypdfium2's rendering of the emblem's colours and anti-aliased edges.
    """
    r, g, b = image.split()
    if test == "blue":
        parts = [b.point(lambda v: 255 if v > 90 else 0),
                 ImageChops.subtract(b, r).point(lambda v: 255 if v > 50 else 0),
                 ImageChops.subtract(b, g).point(lambda v: 255 if v > 30 else 0)]
    elif test == "yellow":
        parts = [r.point(lambda v: 255 if v > 150 else 0),
                 g.point(lambda v: 255 if v > 120 else 0),
                 b.point(lambda v: 255 if v < 110 else 0)]
    elif test == "dark":  # black and anti-aliased thin black lines
        parts = [c.point(lambda v: 255 if v < 160 else 0) for c in (r, g, b)]
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


RUN = re.compile(rb"[^\x00]+")


def components(mask: Image.Image) -> list[Component]:
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
        for match in RUN.finditer(data, y * width, (y + 1) * width):
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


def nearer(image: Image.Image, to: tuple[int, int, int],
            than: tuple[int, int, int]) -> Image.Image:
    """Pixels nearer to colour ``to`` than to ``than``, projected on the line between them.

    The 50 % coverage edge of shapes in colour ``to`` on a ground of colour ``than``.
    """
    span = [a - b for a, b in zip(to, than, strict=True)]
    norm = sum(v * v for v in span)
    if norm == 0:
        return Image.new("L", image.size, 0)
    # L = 255 t, with t the position between ``than`` (0) and ``to`` (1); clipped to 0–255.
    weights = [255 * v / norm for v in span]
    offset = -sum(w * c for w, c in zip(weights, than, strict=True))
    projected = image.convert("L", matrix=(*weights, offset))
    return projected.point(lambda v: 255 if v >= 128 else 0)


def median(image: Image.Image, where: Image.Image) -> tuple[int, int, int]:
    """The median colour of ``image`` under the mask ``where`` (black when it is empty)."""
    if where.getbbox() is None:
        return (0, 0, 0)
    middle = ImageStat.Stat(image, where.convert("L")).median
    return (int(middle[0]), int(middle[1]), int(middle[2]))


def band_share(white: Image.Image, box: tuple[int, int, int, int], inner: int,
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
