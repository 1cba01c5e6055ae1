"""Lines and text: what prints too thin or too small, or on too many plates to register.

GWG 2015/2022 (print-specs.md §5.1, SheetCMYK values in the profile): R0016 white text and
R0017 text on more than one plate below 8 pt, R0018 white lines and R0019 lines on more
than one plate below 0.25 pt, R0015 rich black text over 280 %. A stroke of width 0 is the
thinnest line the device can make (ISO 32000-1 §8.4.3.2): invisible on a platesetter. The
single-plate floors are the printer's (profile ``text.min_pt``/``warn_pt``, ``lines.min_pt``).
Sizes are at final size; marks wholly outside the BleedBox (printer's marks) are not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.diagnostics import Severity
from pipeline.preflight.context import Preflight
from pipeline.preflight.marks import Mark
from pipeline.preflight.objects import describe, line_width, text_size
from pipeline.preflight.registry import Hit, check

WARNING = Severity.WARNING


def _artwork(ctx: Preflight, kind: str) -> Iterator[Mark]:
    """Marks of ``kind`` that carry ink (not soft masks).

    Each check then asks whether the mark reaches the BleedBox (``Preflight.in_bleed``),
    last, as that places the mark.
    """
    for mark in ctx.marks:
        if mark.kind == kind and not mark.mask and mark.colour is not None:
            yield mark


@check("line-hairline", "Zero-width lines", covers="ISO 32000-1 §8.4.3.2; printers' floors")
def line_hairline(ctx: Preflight) -> Iterator[Hit]:
    """A stroke of width 0: the device's thinnest line, invisible in print."""
    for mark in _artwork(ctx, "stroke"):
        if mark.state.line_width == 0 and ctx.in_bleed(mark):
            yield Hit(mark.page, "line width 0 pt (a hairline: the thinnest the device can "
                                 "make, invisible on a plate); give it a width",
                      describe(ctx, mark), mark.bbox, measured="0 pt", group="hairline")


@check("line-thin", "Thin lines", covers="printers' floor (profile lines.min_pt)",
       severity=WARNING)
def line_thin(ctx: Preflight) -> Iterator[Hit]:
    """Lines thinner than the printer's floor on any plate."""
    floor = ctx.profile.line_min_pt
    if floor is None:
        return
    for mark in _artwork(ctx, "stroke"):
        width = line_width(ctx, mark)
        if 0 < width < floor and ctx.in_bleed(mark):
            yield Hit(mark.page, f"line {width:.2f} pt wide, below {floor:g} pt: it may break "
                                 "up in print", describe(ctx, mark), mark.bbox,
                      measured=f"{width:.2f} pt", threshold=f"≥ {floor:g} pt", rank=-width,
                      group="thin")


@check("line-multiplate", "Thin lines on several plates", covers="R0019", severity=WARNING)
def line_multiplate(ctx: Preflight) -> Iterator[Hit]:
    """Thin lines on more than one plate blur with misregistration (GWG R0019)."""
    floor = ctx.profile.line_multi_plate_pt
    if floor is None:
        return
    for mark in _artwork(ctx, "stroke"):
        width = line_width(ctx, mark)
        plates = mark.colour.plates if mark.colour else 0
        if plates > 1 and width < floor and ctx.in_bleed(mark):
            yield Hit(mark.page, f"line {width:.2f} pt wide on {plates} plates "
                                 f"({mark.colour.describe() if mark.colour else ''}), below "
                                 f"{floor:g} pt (GWG R0019): use one ink",
                      describe(ctx, mark), mark.bbox, measured=f"{width:.2f} pt",
                      threshold=f"≥ {floor:g} pt", group="multi-plate")


@check("line-white", "Thin white lines", covers="R0018", severity=WARNING)
def line_white(ctx: Preflight) -> Iterator[Hit]:
    """Thin reversed-out (white) lines fill in on press (GWG R0018)."""
    floor = ctx.profile.line_white_pt
    if floor is None:
        return
    for mark in _artwork(ctx, "stroke"):
        width = line_width(ctx, mark)
        if mark.colour is not None and mark.colour.is_white and width < floor \
                and ctx.in_bleed(mark):
            yield Hit(mark.page, f"white line {width:.2f} pt wide, below {floor:g} pt "
                                 "(GWG R0018)", describe(ctx, mark), mark.bbox,
                      measured=f"{width:.2f} pt", threshold=f"≥ {floor:g} pt", group="white")


@check("text-tiny", "Text below the minimum size", covers="printers' floor (profile text)")
def text_tiny(ctx: Preflight) -> Iterator[Hit]:
    """Text smaller than the printer's floor: error below ``min_pt``, warning below ``warn_pt``."""
    low, warn = ctx.profile.text_min_pt, ctx.profile.text_warn_pt
    for mark in _artwork(ctx, "text"):
        size = text_size(ctx, mark)
        if size <= 0 or not ctx.in_bleed(mark):
            continue
        if low is not None and size < low:
            yield Hit(mark.page, f"{size:.1f} pt text, below {low:g} pt: it will not read in "
                                 "print", describe(ctx, mark), mark.bbox,
                      measured=f"{size:.1f} pt", threshold=f"≥ {low:g} pt", rank=-size,
                      group="tiny")
        elif warn is not None and size < warn:
            yield Hit(mark.page, f"{size:.1f} pt text, below {warn:g} pt", describe(ctx, mark),
                      mark.bbox, severity=WARNING, measured=f"{size:.1f} pt",
                      threshold=f"≥ {warn:g} pt", rank=-size, group="small")


@check("text-multiplate", "Small text on several plates", covers="R0017", severity=WARNING)
def text_multiplate(ctx: Preflight) -> Iterator[Hit]:
    """Small text on more than one plate (rich black, 4-colour grey) blurs (GWG R0017)."""
    floor = ctx.profile.text_multi_plate_pt
    if floor is None:
        return
    for mark in _artwork(ctx, "text"):
        size = text_size(ctx, mark)
        plates = mark.colour.plates if mark.colour else 0
        if plates > 1 and 0 < size < floor and ctx.in_bleed(mark):
            yield Hit(mark.page, f"{size:.1f} pt text on {plates} plates "
                                 f"({mark.colour.describe() if mark.colour else ''}), below "
                                 f"{floor:g} pt (GWG R0017): set it in one ink, e.g. K 100",
                      describe(ctx, mark), mark.bbox, measured=f"{size:.1f} pt",
                      threshold=f"≥ {floor:g} pt", group="multi-plate")


@check("text-white", "Small reversed-out text", covers="R0016", severity=WARNING)
def text_white(ctx: Preflight) -> Iterator[Hit]:
    """Small white (reversed-out) text fills in on press (GWG R0016)."""
    floor = ctx.profile.text_white_pt
    if floor is None:
        return
    for mark in _artwork(ctx, "text"):
        size = text_size(ctx, mark)
        if mark.colour is not None and mark.colour.is_white and 0 < size < floor \
                and ctx.in_bleed(mark):
            yield Hit(mark.page, f"white {size:.1f} pt text, below {floor:g} pt (GWG R0016)",
                      describe(ctx, mark), mark.bbox, measured=f"{size:.1f} pt",
                      threshold=f"≥ {floor:g} pt", group="white")


@check("text-rich-black", "Rich black text", covers="R0015", severity=WARNING)
def text_rich_black(ctx: Preflight) -> Iterator[Hit]:
    """Black text (K ≥ 85 %) with more total ink than the profile allows (GWG R0015)."""
    limit = ctx.profile.rich_black_total
    if limit is None:
        return
    for mark in _artwork(ctx, "text"):
        colour = mark.colour
        if colour is None or colour.inks.get("Black", 0) < 0.85 or colour.total <= limit + 0.5:
            continue
        if ctx.in_bleed(mark):
            yield Hit(mark.page, f"rich black text at {colour.total:.0f} % "
                                 f"({colour.describe()}), over {limit:g} % (GWG R0015)",
                      describe(ctx, mark), mark.bbox, measured=f"{colour.total:.0f} %",
                      threshold=f"≤ {limit:g} %", group="rich black")
