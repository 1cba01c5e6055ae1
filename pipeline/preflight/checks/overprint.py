"""Overprint: objects that vanish, knock out when they should not, or depend on the RIP.

GWG 2015/2022 (print-specs.md §5.1): R0007 white text must not overprint (error), R0008
white paths must not overprint (warning), R0009/R0010 small black text and thin black lines
should overprint, R0011/R0012 … and not be DeviceGray, R0013 DeviceGray objects must not
overprint;
overprint mode (ISO 32000-1 §8.6.7): with OPM 0 an overprinting DeviceCMYK colour still
paints its zero components (it knocks them out); inside a transparency group overprint is
resolved by the flattener, not the RIP.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.diagnostics import Severity
from pipeline.preflight.context import Preflight
from pipeline.preflight.marks import Mark
from pipeline.preflight.objects import describe
from pipeline.preflight.registry import Hit, check

WARNING = Severity.WARNING


def _overprinting(ctx: Preflight) -> Iterator[Mark]:
    for mark in ctx.marks:
        if mark.mask or mark.colour is None:
            continue
        state = mark.state
        if (state.overprint_stroke if mark.kind == "stroke" else state.overprint_fill):
            yield mark


@check("overprint-white", "White set to overprint", covers="R0007, R0008")
def overprint_white(ctx: Preflight) -> Iterator[Hit]:
    """White (no-ink) objects set to overprint disappear on press."""
    for mark in _overprinting(ctx):
        if mark.colour is not None and mark.colour.is_white:
            text = mark.kind == "text"
            yield Hit(mark.page, f"white {'text' if text else mark.kind} set to overprint "
                                 f"(OPM {mark.state.opm}): it vanishes on press (GWG "
                                 f"{'R0007' if text else 'R0008'}); set it to knock out",
                      describe(ctx, mark), mark.bbox,
                      severity=None if text else WARNING, group=f"white {mark.kind}")


@check("overprint-gray", "DeviceGray set to overprint", covers="R0013", severity=WARNING)
def overprint_gray(ctx: Preflight) -> Iterator[Hit]:
    """DeviceGray objects set to overprint: RIPs disagree on what they keep (GWG R0013)."""
    for mark in _overprinting(ctx):
        if mark.colour is not None and mark.colour.space.family == "DeviceGray" \
                and not mark.colour.is_white:
            yield Hit(mark.page, "DeviceGray set to overprint (GWG R0013): use DeviceCMYK "
                                 "K with OPM 1", describe(ctx, mark), mark.bbox,
                      group="gray")


@check("overprint-mode", "Overprint with OPM 0 on DeviceCMYK",
       covers="ISO 32000-1 §8.6.7 (overprint mode)", severity=WARNING)
def overprint_mode(ctx: Preflight) -> Iterator[Hit]:
    """Overprint on with OPM 0: DeviceCMYK's zero inks still knock out what is below."""
    for mark in _overprinting(ctx):
        colour = mark.colour
        if colour is None or colour.space.family != "DeviceCMYK" or mark.state.opm != 0 \
                or colour.is_white:
            continue
        if any(v == 0 for v in colour.values):
            yield Hit(mark.page, f"overprint set with OPM 0 on DeviceCMYK "
                                 f"({colour.describe()}): its 0 % inks knock out what is "
                                 "below, so it does not overprint; set OPM 1",
                      describe(ctx, mark), mark.bbox, group="opm0")


@check("overprint-group", "Overprint inside transparency groups",
       covers="PDF/X-4 transparency and overprint interaction", severity=WARNING)
def overprint_group(ctx: Preflight) -> Iterator[Hit]:
    """Overprint inside a transparency group: the result depends on the flattener."""
    for mark in _overprinting(ctx):
        if mark.in_group:
            yield Hit(mark.page, "set to overprint inside a transparency group: the "
                                 "result depends on how the RIP flattens it",
                      describe(ctx, mark), mark.bbox, group="group")


SMALL_BLACK_TEXT_PT = 12.0
"""GWG R0009/R0011: black text below 12 pt (print-specs.md §5.1)."""
THIN_BLACK_LINE_PT = 2.0
"""GWG R0010/R0012: black lines below 2 pt."""


def _small_black(ctx: Preflight) -> Iterator[tuple[Mark, str]]:
    """Black (K 100 % only, or grey 0) text under 12 pt and strokes under 2 pt."""
    from pipeline.preflight.objects import line_width, text_size

    for mark in ctx.marks:
        colour = mark.colour
        if mark.mask or colour is None or mark.kind not in ("text", "stroke"):
            continue
        inks = colour.inks
        if inks.get("Black", 0) < 0.995 or any(v > 0.005 for k, v in inks.items()
                                                if k != "Black"):
            continue
        if mark.kind == "text" and 0 < text_size(ctx, mark) < SMALL_BLACK_TEXT_PT:
            what = "text"
        elif mark.kind == "stroke" and mark.shown is None \
                and line_width(ctx, mark) < THIN_BLACK_LINE_PT:
            what = "line"
        else:
            continue
        yield mark, what



@check("overprint-black", "Small black not set to overprint", covers="R0009, R0010",
       severity=WARNING)
def overprint_black(ctx: Preflight) -> Iterator[Hit]:
    """Small 100 % K text and thin K lines should overprint (GWG R0009, R0010).

    Text under 12 pt and lines under 2 pt, so no white halo shows when the plates shift;
    DeviceCMYK needs OPM 1 for it.
    """
    for mark, what in _small_black(ctx):
        state = mark.state
        on = state.overprint_stroke if mark.kind == "stroke" else state.overprint_fill
        cmyk = mark.colour is not None and mark.colour.space.family == "DeviceCMYK"
        if (not on or (cmyk and state.opm != 1)) and ctx.in_bleed(mark):
            yield Hit(mark.page, f"black {what} not set to overprint"
                                 f"{' with OPM 1' if on else ''} (GWG "
                                 f"{'R0009' if what == 'text' else 'R0010'})",
                      describe(ctx, mark), mark.bbox, group=what)


@check("black-gray", "Small black in DeviceGray", covers="R0011, R0012", severity=WARNING)
def black_gray(ctx: Preflight) -> Iterator[Hit]:
    """Small black text and thin black lines in DeviceGray (GWG R0011, R0012).

    Set in DeviceCMYK K 100 %, they overprint the same on every RIP.
    """
    for mark, what in _small_black(ctx):
        if mark.colour is not None and mark.colour.space.family == "DeviceGray" \
                and ctx.in_bleed(mark):
            yield Hit(mark.page, f"black {what} in DeviceGray (GWG "
                                 f"{'R0011' if what == 'text' else 'R0012'}): use DeviceCMYK "
                                 "0 0 0 100", describe(ctx, mark), mark.bbox, group=what)
