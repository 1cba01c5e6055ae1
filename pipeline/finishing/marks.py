"""Page geometry with bleed and slug, crop marks and the slug line, in PDF points.

Crop marks sit on the extensions of the trim lines, starting 3 mm outside the bleed and
5 mm long (print-specs.md §2.3: marks never inside the bleed, ≥ 3 mm from the clean
format); they and the slug are 100 % K, 0.25 pt, so they show on the black plate and add
nothing to the ink coverage of the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.finishing.outlines import outline_text, text_width
from pipeline.formats import PrintFormat

PT_PER_MM = 72 / 25.4
MARK_GAP_MM = 3.0
MARK_LENGTH_MM = 5.0
SLUG_MARGIN_MM = 2.0
MARK_STROKE_PT = 0.25
SLUG_SIZE_PT = 6.0


@dataclass(frozen=True)
class Geometry:
    """Trim size, bleed and mark layout of one page, in points (trim origin at 0, 0)."""

    width: float
    height: float
    bleed_pt: float
    marks: bool

    @classmethod
    def of(cls, fmt: PrintFormat, *, marks: bool) -> Geometry:
        """Geometry of a page of ``fmt`` as laid out in the file (scaled formats included)."""
        w, h = fmt.page_mm
        return cls(w * PT_PER_MM, h * PT_PER_MM, fmt.page_bleed_mm * PT_PER_MM, marks)

    @property
    def mark_offset(self) -> float:
        """Distance of the marks from the trim line."""
        return self.bleed_pt + MARK_GAP_MM * PT_PER_MM

    @property
    def margin(self) -> float:
        """How far the MediaBox reaches beyond the trim."""
        if not self.marks:
            return self.bleed_pt
        return self.mark_offset + (MARK_LENGTH_MM + SLUG_MARGIN_MM) * PT_PER_MM

    @property
    def trim(self) -> tuple[float, float, float, float]:
        """TrimBox."""
        return (0.0, 0.0, self.width, self.height)

    @property
    def bleed(self) -> tuple[float, float, float, float]:
        """BleedBox: trim + bleed on every side."""
        b = self.bleed_pt
        return (-b, -b, self.width + b, self.height + b)

    @property
    def media(self) -> tuple[float, float, float, float]:
        """MediaBox: the bleed, plus room for marks and slug when marks are on."""
        m = self.margin
        return (-m, -m, self.width + m, self.height + m)

    def clip_to_bleed(self) -> str:
        """Operators clipping what follows to the BleedBox."""
        x0, y0, x1, y1 = self.bleed
        return f"{x0:.4f} {y0:.4f} {x1 - x0:.4f} {y1 - y0:.4f} re W n"

    def crop_marks(self) -> list[tuple[float, float, float, float]]:
        """Line segments (x0, y0, x1, y1) of the eight crop marks."""
        o, length = self.mark_offset, MARK_LENGTH_MM * PT_PER_MM
        lines = []
        for x in (0.0, self.width):
            lines += [(x, -o, x, -o - length), (x, self.height + o, x, self.height + o + length)]
        for y in (0.0, self.height):
            lines += [(-o, y, -o - length, y), (self.width + o, y, self.width + o + length, y)]
        return lines


def fold_marks(geometry: Geometry,
               folds_mm: tuple[float, ...]) -> list[tuple[float, float, float, float]]:
    """Segments (x0, y0, x1, y1 in pt) marking each fold above and below the page.

    They lie outside the bleed like the crop marks, and are drawn dashed to tell them
    apart; ``folds_mm`` are from the left trim edge.
    """
    o, length = geometry.mark_offset, MARK_LENGTH_MM * PT_PER_MM
    lines = []
    for fold in folds_mm:
        x = fold * PT_PER_MM
        top = geometry.height + o
        lines += [(x, -o, x, -o - length), (x, top, x, top + length)]
    return lines


def marks_and_slug(geometry: Geometry, slug: str, font_file: Path,
                   folds_mm: tuple[float, ...] = ()) -> str:
    """Content-stream operators drawing the crop marks, fold marks and the slug line.

    An empty string when the geometry has marks off.
    """
    if not geometry.marks:
        return ""
    ops = ["q", "0 0 0 1 K", "0 0 0 1 k", f"{MARK_STROKE_PT} w", "0 J"]
    ops += [f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l S"
            for x0, y0, x1, y1 in geometry.crop_marks()]
    if folds_mm:
        ops.append("[2 1.5] 0 d")
        ops += [f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l S"
                for x0, y0, x1, y1 in fold_marks(geometry, folds_mm)]
        ops.append("[] 0 d")
    # Slug: below the trim, between the bottom crop marks (and left of the first fold mark),
    # shrunk to fit narrow formats.
    right = min([geometry.width, *(f * PT_PER_MM for f in folds_mm)])
    room = right - 2 * (MARK_LENGTH_MM + SLUG_MARGIN_MM) * PT_PER_MM
    size = min(SLUG_SIZE_PT, SLUG_SIZE_PT * room / max(text_width(slug, font_file, SLUG_SIZE_PT),
                                                      1e-6))
    baseline = -geometry.mark_offset - MARK_LENGTH_MM * PT_PER_MM / 2 - size * 0.35
    x = (MARK_LENGTH_MM + SLUG_MARGIN_MM) * PT_PER_MM
    ops.append(outline_text(slug, font_file, size, x, baseline))
    ops.append("Q")
    return "\n".join(ops) + "\n"
