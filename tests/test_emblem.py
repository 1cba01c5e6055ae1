"""The EU emblem is checked on the generated SVG against its geometric definition."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from pipeline.emblem import EmblemVariant, emblem_svg

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> tuple[ET.Element, dict[str, float], list[list[tuple[float, float]]]]:
    root = ET.fromstring(svg)
    field = root.find("svg:rect[@class='field']", NS)
    assert field is not None
    rect = {k: float(field.get(k, 0)) for k in ("x", "y", "width", "height")}
    stars = [[tuple(map(float, pair.split(","))) for pair in poly.get("points", "").split()]
             for poly in root.findall("svg:polygon[@class='star']", NS)]
    return root, rect, stars  # type: ignore[return-value]


def centroid(points: list[tuple[float, float]]) -> tuple[float, float]:
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def test_colour_emblem_geometry() -> None:
    """This test ensures the emblem follows the graphic standard (esf-rules.md §1.2)."""
    root, rect, stars = parse(emblem_svg(20))
    hoist, fly = rect["height"], rect["width"]
    assert fly / hoist == pytest.approx(1.5, rel=1e-6)
    assert len(stars) == 12
    cx, cy = fly / 2, hoist / 2
    angles = []
    for star in stars:
        assert len(star) == 10
        sx, sy = centroid(star)
        # Ring radius H/3, centred where the diagonals meet.
        assert math.hypot(sx - cx, sy - cy) == pytest.approx(hoist / 3, rel=1e-4)
        outer = star[0::2]
        # The five points lie on a circle of radius H/18.
        for x, y in outer:
            assert math.hypot(x - sx, y - sy) == pytest.approx(hoist / 18, rel=1e-4)
        # Upright: one point straight up (same x as the centre, above it), not turned with the ring.
        top = min(outer, key=lambda p: p[1])
        assert top[0] == pytest.approx(sx, abs=1e-3)
        assert top[1] < sy
        angles.append(math.degrees(math.atan2(sx - cx, cy - sy)) % 360)
    # Equally spaced like the hours of a clock, starting at twelve.
    assert sorted(round(a) % 360 for a in angles) == list(range(0, 360, 30))
    # Printed size and colours.
    assert root.get("height") == "20.000mm" and root.get("width") == "30.000mm"
    field = root.find("svg:rect[@class='field']", NS)
    assert field is not None and field.get("fill") == "device-cmyk(1 0.8 0 0)"
    assert {p.get("fill") for p in root.findall("svg:polygon", NS)} == {"device-cmyk(0 0 1 0)"}


def test_white_border_is_one_25th_of_the_hoist() -> None:
    """This test ensures the coloured-background variant adds a white H/25 border."""
    root = ET.fromstring(emblem_svg(25, border=True))
    # 25 mm hoist → 1 mm border each side: 27 mm high, 39.5 mm wide.
    assert root.get("height") == "27.000mm" and root.get("width") == "39.500mm"
    border = root.find("svg:rect[@class='border']", NS)
    assert border is not None and border.get("fill") == "device-cmyk(0 0 0 0)"


@pytest.mark.parametrize(("variant", "field_fill", "star_fill", "stroke"), [
    (EmblemVariant.BLACK, "device-cmyk(0 0 0 0)", "device-cmyk(0 0 0 1)", "device-cmyk(0 0 0 1)"),
    (EmblemVariant.BLUE, "device-cmyk(1 0.8 0 0)", "device-cmyk(0 0 0 0)", None),
])
def test_single_colour_variants(variant: EmblemVariant, field_fill: str, star_fill: str,
                                stroke: str | None) -> None:
    """This test ensures black-only is outlined with black stars and blue-only has white stars."""
    root = ET.fromstring(emblem_svg(15, variant=variant))
    field = root.find("svg:rect[@class='field']", NS)
    assert field is not None
    assert field.get("fill") == field_fill
    assert field.get("stroke") == stroke
    assert {p.get("fill") for p in root.findall("svg:polygon", NS)} == {star_fill}
