"""Colour: only process CMYK (and grey) reaches the plates.

GWG 2015/2022 R0027 (CMYK variants: no DeviceRGB, CalRGB, ICC-based RGB, Lab, anywhere:
paint, images, shadings, patterns, soft masks), R0020 (spot colours allowed: 0 for
SheetCMYK), print-specs.md §5.1; registration colour ``All`` is for printer's marks only
(ISO 32000-1 §8.6.6.4).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from pipeline.diagnostics import Severity
from pipeline.preflight.context import Preflight
from pipeline.preflight.marks import Mark
from pipeline.preflight.objects import describe
from pipeline.preflight.registry import Hit, check


@check("colour-rgb", "RGB colour", covers="R0027")
def colour_rgb(ctx: Preflight) -> Iterator[Hit]:
    """RGB in any form on any mark: paint, text, image, shading, pattern, soft mask."""
    for mark in ctx.marks:
        if mark.space.is_rgb:
            yield Hit(mark.page, f"{mark.space.label} colour: convert to CMYK with the output "
                                 "profile (GWG R0027)", describe(ctx, mark), mark.bbox,
                      measured=mark.space.label, threshold="DeviceCMYK, DeviceGray",
                      group=_object(mark))


@check("colour-lab", "Lab and uncalibrated colour", covers="R0027")
def colour_lab(ctx: Preflight) -> Iterator[Hit]:
    """Lab (or an unknown space) as the intended colour space."""
    for mark in ctx.marks:
        if mark.space.is_lab or mark.space.family == "unknown":
            yield Hit(mark.page, f"{mark.space.label} colour space: convert to CMYK "
                                 "(GWG R0027)", describe(ctx, mark), mark.bbox,
                      measured=mark.space.label, group=_object(mark))


@check("colour-spot", "Spot colours (extra plates)", covers="R0020")
def colour_spot(ctx: Preflight) -> Iterator[Hit]:
    """Separation/DeviceN colorants other than the process inks: each one is a plate."""
    allowed = ctx.profile.spot_colours
    names: Counter[str] = Counter()
    first: dict[str, int] = {}
    for mark in ctx.marks:
        for name in mark.space.spots:
            names[name] += 1
            first.setdefault(name, mark.page)
    if len(names) > allowed:
        listed = ", ".join(f'"{n}"' for n in sorted(names))
        yield Hit(min(first.values()), f"{len(names)} spot colour(s) ({listed}) would print "
                  f"on extra plates; the profile allows {allowed} (GWG R0020): convert them "
                  "to CMYK", measured=str(len(names)), threshold=f"≤ {allowed}")


@check("colour-registration", "Registration colour on artwork",
       covers="ISO 32000-1 §8.6.6.4 (All = every plate)")
def colour_registration(ctx: Preflight) -> Iterator[Hit]:
    """The ``All`` separation inside the BleedBox: artwork printed on every plate."""
    for mark in ctx.marks:
        colour = mark.colour
        if colour is None or not colour.is_registration or colour.is_white:
            continue
        if ctx.in_bleed(mark):
            yield Hit(mark.page, "painted in the registration colour \"All\" (100 % on every "
                                 "plate): use black or a CMYK mix; \"All\" is for marks",
                      describe(ctx, mark), mark.bbox, group="registration")


@check("colour-spaces", "Colour spaces in use", covers="summary", severity=Severity.INFO)
def colour_spaces(ctx: Preflight) -> Iterator[Hit]:
    """What colour spaces the file uses, by kind of mark."""
    used = Counter(f"{m.kind} {m.space.label}" for m in ctx.marks if m.kind != "malformed")
    listed = ", ".join(f"{k} ({n})" for k, n in sorted(used.items()))
    yield Hit(None, f"colour spaces in use: {listed or 'none'}")


def _object(mark: Mark) -> str:
    """Which hits are one finding: each image and shading its own, paint and text by space."""
    name = f" {mark.name} {mark.origin}" if mark.kind in ("image", "shading") else ""
    return f"{mark.kind} {mark.space.label}{name}"
