"""Set a line of text as vector outlines (PDF path operators) from a brand font file.

Used for the slug line, which sits outside the bleed where WeasyPrint does not draw: as
outlines it needs no font resource, so nothing unembedded can slip into the file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont


class _PdfPathPen(BasePen):  # type: ignore[misc]
    """Collects glyph contours as PDF path operators, scaled and offset."""

    def __init__(self, glyph_set: Any, scale: float, dx: float, dy: float) -> None:
        super().__init__(glyph_set)
        self.scale, self.dx, self.dy = scale, dx, dy
        self.ops: list[str] = []

    def _xy(self, point: tuple[float, float]) -> str:
        return f"{point[0] * self.scale + self.dx:.3f} {point[1] * self.scale + self.dy:.3f}"

    def _moveTo(self, pt: tuple[float, float]) -> None:
        self.ops.append(f"{self._xy(pt)} m")

    def _lineTo(self, pt: tuple[float, float]) -> None:
        self.ops.append(f"{self._xy(pt)} l")

    def _curveToOne(self, p1: tuple[float, float], p2: tuple[float, float],
                    p3: tuple[float, float]) -> None:
        self.ops.append(f"{self._xy(p1)} {self._xy(p2)} {self._xy(p3)} c")

    def _closePath(self) -> None:
        self.ops.append("h")


@cache
def _font(path: Path) -> TTFont:
    return TTFont(str(path), lazy=True)


def text_width(text: str, font_file: Path, size_pt: float) -> float:
    """Advance width of ``text`` in points."""
    font = _font(font_file)
    cmap = font.getBestCmap()
    metrics = font["hmtx"]
    units = font["head"].unitsPerEm
    return float(sum(metrics[cmap.get(ord(ch), ".notdef")][0] for ch in text) * size_pt / units)


def outline_text(text: str, font_file: Path, size_pt: float, x: float, y: float) -> str:
    """PDF operators that fill ``text`` with its baseline starting at (x, y) in points."""
    font = _font(font_file)
    cmap = font.getBestCmap()
    glyph_set = font.getGlyphSet()
    metrics = font["hmtx"]
    scale = size_pt / font["head"].unitsPerEm
    ops: list[str] = []
    for ch in text:
        name = cmap.get(ord(ch), ".notdef")
        pen = _PdfPathPen(glyph_set, scale, x, y)
        glyph_set[name].draw(pen)
        ops += pen.ops
        x += metrics[name][0] * scale
    return "\n".join(ops) + ("\nf" if ops else "")
