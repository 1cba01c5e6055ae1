"""The EU emblem, generated as SVG from its geometric definition (never traced artwork).

Geometry (reference/esf-rules.md §1.2, Council of Europe / Annex I of Reg. 1828/2006):
a 3:2 rectangle of hoist H; twelve upright five-pointed stars on an invisible circle of
radius H/3 centred where the diagonals meet, placed like the hours of a clock; each star's
points lie on a circle of radius H/18. Colours: blue 100 % C + 80 % M, yellow 100 % Y.
Variants: colour; black only (black outline, black stars on white); blue only (stars in
negative white); any of them with a white border of H/25 for coloured backgrounds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from markupsafe import Markup

from pipeline.brand import Cmyk

BLUE = Cmyk(100, 80, 0, 0)
YELLOW = Cmyk(0, 0, 100, 0)
WHITE = Cmyk(0, 0, 0, 0)
BLACK = Cmyk(0, 0, 0, 100)
SCREEN_BLUE = "#003399"
"""The emblem's blue on screen (esf-rules.md §1.2, S5: Reflex Blue as #003399)."""
SCREEN_YELLOW = "#FFCC00"
"""The emblem's yellow on screen (esf-rules.md §1.2, S5: Yellow as #FFCC00)."""
SCREEN = {BLUE: SCREEN_BLUE, YELLOW: SCREEN_YELLOW, WHITE: "#FFFFFF", BLACK: "#000000"}
"""The screen colour of each process colour of the emblem (cards: ``screen=True``)."""

RATIO = 1.5  # fly : hoist
RING_RADIUS = 1 / 3  # × hoist
STAR_RADIUS = 1 / 18  # × hoist (circle through the star's points)
STARS = 12
BORDER = 1 / 25  # white border on coloured backgrounds, × hoist
# A regular pentagram: inner vertices at r_outer × sin(18°) / sin(126°) = r_outer × 0.381966.
INNER_RATIO = math.sin(math.radians(18)) / math.sin(math.radians(126))
# The SVG is drawn in abstract units with the hoist 180 units high (divisible by 3, 18 and 25
# up to a fraction) and scaled to millimetres by the width/height attributes.
HOIST_UNITS = 180.0


class EmblemVariant(StrEnum):
    """Reproduction variants allowed by the graphic standard."""

    COLOUR = "colour"
    BLACK = "black"
    BLUE = "blue"


@dataclass(frozen=True)
class Star:
    """One star: centre and the five outer points (SVG units, y downwards)."""

    cx: float
    cy: float
    points: tuple[tuple[float, float], ...]


def star_centres(hoist: float = HOIST_UNITS) -> list[tuple[float, float]]:
    """Centres (x, y) of the 12 stars of a rectangle ``hoist`` high (SVG units, y downwards).

    From 12 o'clock clockwise, on a circle of radius hoist/3 centred where the diagonals
    meet (esf-rules.md §1.2).
    """
    cx, cy = hoist * RATIO / 2, hoist / 2
    ring = hoist * RING_RADIUS
    return [(cx + ring * math.sin(math.radians(30 * k)), cy - ring * math.cos(math.radians(30 * k)))
            for k in range(STARS)]


def star_polygon(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    """Ten vertices (x, y) of an upright five-pointed star centred on (cx, cy), y downwards.

    The five points lie on a circle of ``radius``, the first straight up; the inner vertices
    make a regular pentagram (``INNER_RATIO``).
    """
    vertices = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * INNER_RATIO
        angle = math.radians(36 * i)
        vertices.append((cx + r * math.sin(angle), cy - r * math.cos(angle)))
    return vertices


def emblem_svg(height_mm: float, *, variant: EmblemVariant = EmblemVariant.COLOUR,
               border: bool = False, screen: bool = False) -> Markup:
    """Inline SVG of the emblem whose *rectangle* is ``height_mm`` high.

    Geometry and colours per esf-rules.md §1.2 (Council of Europe standard, Annex I of Reg.
    1828/2006): a 3:2 rectangle, stars on a circle of H/3, star points on circles of H/18.
    ``variant``: colour (100 C + 80 M, 100 Y), black only (the rectangle outlined in black,
    H/90 wide: an implementation choice) or blue only (white stars). With ``border`` the
    white H/25 border (esf-rules.md §1.2, secondary source) is added outside the rectangle,
    so the SVG is larger than the rectangle by 2 × H/25 in each direction. With ``screen``
    (a social media card) the colours are the screen ones, ``SCREEN``, instead of
    ``device-cmyk()``.
    """
    h = HOIST_UNITS
    w = h * RATIO
    pad = h * BORDER if border else 0.0
    field, stars, outline = {
        EmblemVariant.COLOUR: (BLUE, YELLOW, None),
        EmblemVariant.BLACK: (WHITE, BLACK, BLACK),
        EmblemVariant.BLUE: (BLUE, WHITE, None),
    }[variant]
    scale_mm = height_mm / h

    def css(colour: Cmyk) -> str:
        return SCREEN[colour] if screen else colour.css

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="eu-emblem" '
        f'data-variant="{variant.value}" data-hoist-mm="{height_mm:.3f}" '
        f'width="{(w + 2 * pad) * scale_mm:.3f}mm" height="{(h + 2 * pad) * scale_mm:.3f}mm" '
        f'viewBox="{-pad:.4f} {-pad:.4f} {w + 2 * pad:.4f} {h + 2 * pad:.4f}">'
    ]
    if border:
        parts.append(f'<rect class="border" x="{-pad:.4f}" y="{-pad:.4f}" '
                     f'width="{w + 2 * pad:.4f}" height="{h + 2 * pad:.4f}" fill="{css(WHITE)}"/>')
    if outline is None:
        parts.append(f'<rect class="field" x="0" y="0" width="{w:.4f}" height="{h:.4f}" '
                     f'fill="{css(field)}"/>')
    else:
        # Black-only: the rectangle is outlined (stroke inside the edge so the size is exact).
        stroke = h / 90
        parts.append(f'<rect class="field" x="{stroke / 2:.4f}" y="{stroke / 2:.4f}" '
                     f'width="{w - stroke:.4f}" height="{h - stroke:.4f}" fill="{css(field)}" '
                     f'stroke="{css(outline)}" stroke-width="{stroke:.4f}"/>')
    for cx, cy in star_centres(h):
        points = " ".join(f"{x:.4f},{y:.4f}" for x, y in star_polygon(cx, cy, h * STAR_RADIUS))
        parts.append(f'<polygon class="star" points="{points}" fill="{css(stars)}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
