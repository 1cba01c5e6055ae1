"""Where the letters of a line really print: ink extents from the brand fonts' glyph outlines.

Line spacing of display text must leave room for what the letters in use reach: the marks
above Ž Č Š Ė Į Ų and the descenders and ogoneks of g j p y ą ę į ų. A line box says nothing
about that (tight display leading lets glyphs stick out of it by design), so the extents are
read from the font files: the bounding box of each character's glyph (through the cmap, from
the ``glyf`` or ``CFF`` outlines, read with fontTools), in em, once per font and character.
The layout inspection compares consecutive lines of a block with them (``collisions``).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.render.boxes import Line, Run

if TYPE_CHECKING:
    from pipeline.brand import Brand


@cache
def _font(path: Path) -> tuple[float, dict[int, str], Any]:
    """Units per em, best cmap and glyph set of the font file at ``path`` (read once)."""
    from fontTools.ttLib import TTFont  # a WeasyPrint dependency, loaded only when used

    font = TTFont(path, lazy=True)
    return float(font["head"].unitsPerEm), dict(font.getBestCmap() or {}), font.getGlyphSet()


@cache
def char_extent(path: Path, char: str) -> tuple[float, float] | None:
    """(lowest, highest) ink of ``char`` in the font at ``path``, in em above the baseline.

    Negative lowest: a descender. None for a character without a glyph in the font, or one
    that prints no ink (a space). A letter with a combining mark is taken in NFC.
    """
    from fontTools.pens.boundsPen import BoundsPen

    units, cmap, glyphs = _font(path)
    name = cmap.get(ord(unicodedata.normalize("NFC", char)[0]))
    if name is None:
        return None
    pen = BoundsPen(glyphs)
    glyphs[name].draw(pen)
    if pen.bounds is None:
        return None
    return pen.bounds[1] / units, pen.bounds[3] / units


@dataclass(frozen=True)
class Face:
    """One font file of the brand: CSS family (case-folded), weight, style, path."""

    family: str
    weight: int
    style: str
    path: Path


@dataclass(frozen=True)
class FontSet:
    """The brand's font files, to find the file WeasyPrint set a run of text in."""

    faces: tuple[Face, ...]

    @classmethod
    def of(cls, brand: Brand) -> FontSet:
        """Every face of every role of ``brand``."""
        return cls(tuple(Face(brand.data.fonts[role].family.casefold(), face.weight,
                              face.style, path)
                         for role, faces in brand.font_files.items() for face, path in faces))

    def file(self, families: Sequence[str], weight: int, style: str) -> Path | None:
        """The file of the first of ``families`` the brand has; None if none is a brand family.

        The face nearest ``weight`` (CSS font matching, simplified: the nearest weight, the
        heavier on a tie), in ``style`` if the family has it. None means a system font
        would print the run.
        """
        for family in families:
            faces = [f for f in self.faces if f.family == family.casefold()]
            if not faces:
                continue
            styled = [f for f in faces if f.style == style] or faces
            return min(styled, key=lambda f: (abs(f.weight - weight), -f.weight)).path
        return None


@dataclass(frozen=True)
class Ink:
    """How far the letters of one line reach, and the characters that reach that far.

    ``top`` (highest ink) and ``bottom`` (lowest) in mm from the top of the trim.
    """

    top: float
    top_char: str
    bottom: float
    bottom_char: str


def line_ink(line: Line, fonts: FontSet) -> Ink | None:
    """The ink extent of ``line`` from its characters' glyphs.

    None when no run of it is set in a brand font.
    """
    top: tuple[float, str] | None = None
    bottom: tuple[float, str] | None = None
    for run in line.runs:
        path = fonts.file(run.font_family, run.font_weight, run.font_style)
        if path is None:
            continue
        for char in _chars(run):
            extent = char_extent(path, char)
            if extent is None:
                continue
            low = run.baseline - extent[0] * run.font_size_mm
            high = run.baseline - extent[1] * run.font_size_mm
            if top is None or high < top[0]:
                top = (high, char)
            if bottom is None or low > bottom[0]:
                bottom = (low, char)
    if top is None or bottom is None:
        return None
    return Ink(top[0], top[1], bottom[0], bottom[1])


def _chars(run: Run) -> Iterable[str]:
    return dict.fromkeys(unicodedata.normalize("NFC", run.text))


def minimum_leading(path: Path, upper: str, lower: str) -> float:
    """The line height (em) at which ``upper`` just clears ``lower`` on the next line.

    The lowest ink of ``upper`` against the highest of ``lower``, in the font at ``path``.
    """
    lows = [e[0] for e in (char_extent(path, c) for c in upper) if e is not None]
    highs = [e[1] for e in (char_extent(path, c) for c in lower) if e is not None]
    return max(highs) - min(lows)


def leading(brand: Brand, text: str, role: str = "sans", weight: int = 400,
            at_least: float = 0.0) -> float:
    """A line height (em) for ``text`` set in ``brand``'s ``role`` face nearest ``weight``.

    At least ``at_least`` (the layout's design), and at least what the font needs for the
    letters of ``text`` wherever it breaks: the highest mark above (Ž Č Š Ė…) over the
    deepest descender or ogonek (g j p y ą ę į ų), rounded up to 0.01 em. For layouts
    (the template global ``leading``).
    """
    path = brand.font_file(role, weight)
    extents = [e for e in (char_extent(path, c) for c in set(text)) if e is not None]
    if not extents:
        return at_least
    need = max(high for _, high in extents) - min(0.0, *(low for low, _ in extents))
    return max(at_least, math.ceil(need * 100 - 1e-6) / 100)
