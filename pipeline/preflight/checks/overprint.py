"""Overprint: objects that vanish, knock out when they should not, or depend on the RIP.

GWG 2015/2022 (print-specs.md §5.1): R0007 white text must not overprint (error), R0008
white paths must not overprint (warning), R0013 DeviceGray objects must not overprint;
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
