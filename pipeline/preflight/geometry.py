"""Matrices, bounding boxes and positions on the page, in PDF points (1/72 in) and mm."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

Matrix = tuple[float, float, float, float, float, float]
"""A PDF transformation matrix [a b c d e f] (ISO 32000-1 §8.3.3)."""
Box = tuple[float, float, float, float]
"""A rectangle (x0, y0, x1, y1) with x0 ≤ x1 and y0 ≤ y1, in pt of default user space."""
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MM_PER_PT = 25.4 / 72


def multiply(m: Sequence[float], n: Matrix) -> Matrix:
    """The product m × n (apply m, then n), PDF matrix convention."""
    a, b, c, d, e, f = (float(v) for v in m)
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    """The point (x, y) transformed by ``m``."""
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def scale_of(m: Matrix) -> float:
    """The mean linear scale of ``m`` (√|det|): how much a line width grows."""
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


def transform_box(m: Matrix, box: Box) -> Box:
    """The bounding box of ``box`` transformed by ``m``."""
    x0, y0, x1, y1 = box
    return bounds([apply(m, x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))])


def bounds(points: Iterable[tuple[float, float]]) -> Box:
    """The bounding box of ``points`` (a degenerate box at 0, 0 for none)."""
    xs, ys = [], []
    for x, y in points:
        xs.append(x)
        ys.append(y)
    if not xs:
        return (0.0, 0.0, 0.0, 0.0)
    return (min(xs), min(ys), max(xs), max(ys))


def intersects(a: Box, b: Box) -> bool:
    """Whether the two boxes overlap (touching edges count)."""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def rect(values: Any) -> Box:
    """A normalised box from a PDF rectangle array [x0 y0 x1 y1] (any sequence of numbers)."""
    x0, y0, x1, y1 = (float(v) for v in values)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def from_top_left(trim: Box, x: float, y: float) -> tuple[float, float]:
    """(x, y) in pt as mm from the trim's top-left corner, x right and y down."""
    return (x - trim[0]) * MM_PER_PT, (trim[3] - y) * MM_PER_PT
