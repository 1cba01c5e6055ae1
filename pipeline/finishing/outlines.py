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


@cache
def _glyph_path(font_file: Path, name: str, size_pt: float) -> str:
    """The outline of glyph ``name`` at ``size_pt``, origin at (0, 0), as PDF operators.

    Drawn once per glyph and size, however many slugs show it.
    """
    font = _font(font_file)
    glyph_set = font.getGlyphSet()
    pen = _PdfPathPen(glyph_set, size_pt / font["head"].unitsPerEm, 0.0, 0.0)
    glyph_set[name].draw(pen)
    return "\n".join(pen.ops)


def outline_text(text: str, font_file: Path, size_pt: float, x: float, y: float) -> str:
    """PDF operators that fill ``text`` with its baseline starting at (x, y) in pt.

    Each glyph's cached outline is moved into place (``cm``) and filled.
    """
    font = _font(font_file)
    cmap = font.getBestCmap()
    metrics = font["hmtx"]
    scale = size_pt / font["head"].unitsPerEm
    ops: list[str] = []
    for ch in text:
        name = cmap.get(ord(ch), ".notdef")
        path = _glyph_path(font_file, name, size_pt)
        if path:
            ops.append(f"q 1 0 0 1 {x:.3f} {y:.3f} cm\n{path}\nf Q")
        x += metrics[name][0] * scale
    return "\n".join(ops)
