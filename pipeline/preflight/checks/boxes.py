"""Page geometry: TrimBox and BleedBox present and nested, bleed on every side, size limits.

Sources: print-specs.md §2.1 (3 mm bleed at final size), §2.4 (box nesting, ISO 15930),
§3 (5080 mm page limit; GWG R0002 UserUnit, R0003 CropBox = MediaBox, R0004 same size).
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.diagnostics import Severity
from pipeline.preflight.context import DEFAULT_BLEED_MM, Preflight
from pipeline.preflight.geometry import MM_PER_PT, Box, rect
from pipeline.preflight.registry import Hit, check

MAX_PAGE_MM = 5080.0
BOX_TOLERANCE_MM = 0.01
"""±0.01 mm when comparing boxes: an implementation choice (rounding of pt in files)."""


def _mm(box: Box) -> list[float]:
    return [v * MM_PER_PT for v in box]


@check("page-boxes", "TrimBox, BleedBox and bleed", covers="R0002, R0003, ISO 15930-7 boxes")
def page_boxes(ctx: Preflight) -> Iterator[Hit]:
    """Boxes present and nested; bleed as expected (exactly) or ≥ 3 mm at final size."""
    need = ctx.expect.bleed_mm if ctx.expect.bleed_mm is not None else \
        DEFAULT_BLEED_MM / ctx.scale
    for number, page in enumerate(ctx.pdf.pages, start=1):
        obj = page.obj
        media = _mm(rect(obj.MediaBox))
        if "/UserUnit" in obj:
            yield Hit(number, "UserUnit is set (many RIPs ignore it): deliver large formats "
                              "at a scale (GWG R0002)")
        if "/CropBox" in obj and _mm(rect(obj.CropBox)) != media:
            yield Hit(number, "CropBox differs from the MediaBox (GWG R0003)",
                      severity=Severity.WARNING)
        if max(media[2] - media[0], media[3] - media[1]) > MAX_PAGE_MM:
            yield Hit(number, "page larger than 5080 mm (200 in); lay it out at a scale such "
                              "as 1:10")
        if "/TrimBox" not in obj:
            yield Hit(number, "no TrimBox: the finished size is unknown")
            continue
        if "/BleedBox" not in obj:
            yield Hit(number, "no BleedBox: the bleed is unknown")
            continue
        trim, bleed = _mm(rect(obj.TrimBox)), _mm(rect(obj.BleedBox))
        if not _inside(trim, bleed) or not _inside(bleed, media):
            yield Hit(number, "boxes not nested: MediaBox ⊇ BleedBox ⊇ TrimBox is required")
        sides = {"left": trim[0] - bleed[0], "bottom": trim[1] - bleed[1],
                 "right": bleed[2] - trim[2], "top": bleed[3] - trim[3]}
        short = {side: v for side, v in sides.items() if v < need - BOX_TOLERANCE_MM}
        width, height = trim[2] - trim[0], trim[3] - trim[1]
        if short:
            detail = ", ".join(f"{side} {v:.2f} mm" for side, v in short.items())
            yield Hit(number, f"bleed {detail}; at least {need:g} mm needed",
                      measured=detail, threshold=f"≥ {need:g} mm")
        if ctx.expect.trim_mm is not None:
            w, h = ctx.expect.trim_mm
            if abs(width - w) > BOX_TOLERANCE_MM or abs(height - h) > BOX_TOLERANCE_MM:
                yield Hit(number, f"TrimBox {width:.2f} × {height:.2f} mm, expected "
                                  f"{w:g} × {h:g} mm")
        if ctx.expect.bleed_mm is not None:
            off = {s: v for s, v in sides.items() if abs(v - need) > BOX_TOLERANCE_MM}
            if off and not short:
                detail = ", ".join(f"{s} {v:.2f} mm" for s, v in off.items())
                yield Hit(number, f"bleed should be exactly {need:g} mm: {detail}")
        yield Hit(number, f"trim {width:.2f} × {height:.2f} mm, bleed "
                  + " / ".join(f"{v:.2f}" for v in sides.values())
                  + " mm (left/bottom/right/top), media "
                  f"{media[2] - media[0]:.2f} × {media[3] - media[1]:.2f} mm",
                  severity=Severity.INFO)


def _inside(inner: list[float], outer: list[float]) -> bool:
    t = BOX_TOLERANCE_MM
    return (inner[0] >= outer[0] - t and inner[1] >= outer[1] - t and inner[2] <= outer[2] + t
            and inner[3] <= outer[3] + t)
