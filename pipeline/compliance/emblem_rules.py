"""The checks of the emblem itself: presence, geometry on the raster, colour form, border.

Each reads the emblems measured on a raster of the final PDF (``raster.RasterEmblem``) and
returns a finding per emblem; thresholds and their sources are in each docstring.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.compliance.colours import COLOUR_RULES, MAX_DELTA_E, Match, judge
from pipeline.compliance.evidence import EMBLEM, Evidence
from pipeline.compliance.messages import N_, Message, msg
from pipeline.compliance.raster import STAR_TOLERANCE, RasterEmblem
from pipeline.compliance.registry import (
    RATIO_TOLERANCE,
    RING_TOLERANCE,
    finding,
    rule,
)
from pipeline.diagnostics import Diagnostic
from pipeline.emblem import RATIO, RING_RADIUS, STAR_RADIUS, STARS
from pipeline.rule_packs import RulePack


@rule("EMB-PRESENT")
def emblem_present(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """The EU emblem is on the item: at least one, in the layout or on the page raster."""
    count = len(ev.emblem_boxes) if ev.from_layout else len(ev.emblems)
    if count:
        message = msg("EU emblem found in the layout") if ev.from_layout else \
            msg("EU emblem found on the page raster")
    else:
        message = msg("EU emblem not found in the layout") if ev.from_layout else \
            msg("EU emblem not found on the page raster")
    return [finding(ev, pack, "EMB-PRESENT", count > 0, message, element=EMBLEM,
                    measured=str(count), threshold="≥ 1")]


Test = Callable[[RasterEmblem], tuple[bool, Message, str | Message, str | Message]]


def each_emblem(ev: Evidence, pack: RulePack, rule_id: str, test: Test, *,
                 stars: bool = False) -> list[Diagnostic]:
    """One finding per emblem.

    With ``stars`` the rule needs the star geometry: an emblem with too few pixels for it
    (``RasterEmblem.measurable``) gets a warning saying so instead of a measurement.
    """
    results = []
    for emblem in ev.emblems:
        if stars and not emblem.measurable:
            results.append(cannot_measure(ev, pack, rule_id, emblem))
            continue
        ok, message, measured, threshold = test(emblem)
        results.append(finding(ev, pack, rule_id, ok, message, page=emblem.page,
                               element=EMBLEM, measured=measured, threshold=threshold))
    return results


def cannot_measure(ev: Evidence, pack: RulePack, rule_id: str,
                   emblem: RasterEmblem) -> Diagnostic:
    """A warning: the emblem has too few pixels for its star geometry (never a count)."""
    (width, height), (need_w, need_h) = emblem.pixels, emblem.needed
    message = msg("cannot measure: emblem is {width} × {height} px, at least {need_w} × "
                  "{need_h} px needed", width=width, height=height, need_w=need_w,
                  need_h=need_h)
    if emblem.raster_image:
        message = msg("cannot measure: emblem is {width} × {height} px (the placed image's "
                      "own pixels), at least {need_w} × {need_h} px needed", width=width,
                      height=height, need_w=need_w, need_h=need_h)
    return finding(ev, pack, rule_id, False, message, page=emblem.page, element=EMBLEM,
                   measured=f"{width} × {height} px",
                   threshold=f"≥ {need_w} × {need_h} px", warn=True)


def _within(value: float | None, target: float, tolerance: float) -> bool:
    return value is not None and abs(value - target) <= target * tolerance


@rule("EMB-RATIO")
def emblem_ratio(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """Flag rectangle 3:2 (fly = 1.5 × hoist), within ± ``RATIO_TOLERANCE`` (2 %).

    Ratio: esf-rules.md §1.2; tolerance from esf-rules.md §6 (INFERRED there).
    """
    return each_emblem(ev, pack, "EMB-RATIO", lambda e: (
        _within(e.ratio, RATIO, RATIO_TOLERANCE),
        msg("emblem rectangle {width} × {height} mm, ratio {ratio}", width=f"{e.width:.1f}",
            height=f"{e.height:.1f}", ratio=f"{e.ratio:.3f}"),
        f"{e.ratio:.3f}", f"{RATIO:.3f} ± {RATIO_TOLERANCE:.0%}"))


@rule("EMB-STARS")
def emblem_stars(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """Twelve stars, all upright (esf-rules.md §1.2), counted on the raster.

    Counted only on an emblem with at least ``raster.MIN_HOIST_PX`` pixels of hoist;
    below that the finding is a warning that it cannot be measured.
    """
    return each_emblem(ev, pack, "EMB-STARS", lambda e: (
        e.stars == STARS and e.upright,
        msg("{count} stars", count=e.stars) if e.upright
        else msg("{count} stars, not all upright", count=e.stars),
        str(e.stars) if e.upright else msg("{count} (not upright)", count=e.stars),
        msg("{count}, upright", count=STARS)), stars=True)


def _share_of_hoist(ev: Evidence, pack: RulePack, rule_id: str, what: str, attribute: str,
                    target: float, tolerance: float, digits: int) -> list[Diagnostic]:
    """A length of the emblem, measured as a share of its hoist H, against its target."""
    def test(e: RasterEmblem) -> tuple[bool, Message, str, str]:
        value = getattr(e, attribute)
        shown = f"{value:.{digits}f} H" if value else None
        return (_within(value, target, tolerance),
                msg("{what} {value}", what=what, value=shown) if shown
                else msg("{what} not measurable", what=what),
                shown or "-", f"{target:.{digits}f} H ± {tolerance:.0%}")
    return each_emblem(ev, pack, rule_id, test, stars=True)


@rule("EMB-RING")
def emblem_ring(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """Star circle radius H/3 (esf-rules.md §1.2), within ± ``RING_TOLERANCE`` (3 %).

    Tolerance from esf-rules.md §6 (INFERRED there).
    """
    return _share_of_hoist(ev, pack, "EMB-RING", N_("star circle radius"), "ring_ratio",
                           RING_RADIUS, RING_TOLERANCE, 3)


@rule("EMB-STARSIZE")
def emblem_star_size(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """Each star's points on a circle of radius H/18 (esf-rules.md §1.2).

    Within ± ``raster.STAR_TOLERANCE`` (10 %): an implementation choice, not in the
    reference. The radius is worked out from each star's area (a regular star of radius R
    covers ``raster.STAR_AREA`` × R²), which anti-aliased tips do not shorten.
    """
    return _share_of_hoist(ev, pack, "EMB-STARSIZE", N_("star radius"), "star_ratio",
                           STAR_RADIUS, STAR_TOLERANCE, 4)


def _rgb(colour: tuple[int, int, int] | None) -> str:
    return "#{:02X}{:02X}{:02X}".format(*colour) if colour else "-"


def _differences(match: Match) -> Message:
    stars = "—" if match.stars is None else f"{match.stars:.1f}"
    return msg("ΔE {field} / {stars}", field=f"{match.field:.1f}", stars=stars)


@rule(*COLOUR_RULES)
def emblem_colours(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """The emblem's colours are one of the forms the pack permits, and which one.

    The forms (``colours.forms``; esf-rules.md §1.2, §6: CLR-CMYK, CLR-RGB, CLR-SPOT,
    CLR-MONO-BLACK, CLR-MONO-BLUE) are permitted by listing their rule in the pack. The
    median colour of the field and of the stars is compared in CIELAB with each form's
    appearance (CIE76 ΔE ≤ ``colours.MAX_DELTA_E``, 10: an implementation choice); the spot
    form is recognised by the separation names painted on the emblem. The finding is the
    rule of the form found (a pass naming it), or, when none matches, a violation of the
    nearest form's rule naming it and its ΔE.
    """
    permitted = tuple(r for r in COLOUR_RULES if pack.applies(r))
    results = []
    for e in ev.emblems:
        # Stars too small to measure are too small to sample: the field decides alone.
        found, nearest = judge(e.field_rgb, e.star_rgb if e.measurable else None,
                               e.colorants, permitted)
        sampled = msg("field {field}, stars {stars}", field=_rgb(e.field_rgb),
                      stars=_rgb(e.star_rgb))
        match = found or nearest
        if match is None:
            continue
        if found is not None and found.by_name:
            message = msg("{form}: separations {names}", form=found.form.name,
                          names=", ".join(e.colorants))
        elif found is not None:
            message = msg("{form}: {sampled} ({differences})", form=found.form.name,
                          sampled=sampled, differences=_differences(found))
        else:
            message = msg("colours match no permitted form of the emblem: {sampled}; the "
                          "nearest is {form} at ΔE {delta}", sampled=sampled,
                          form=match.form.name, delta=f"{match.worst:.1f}")
        results.append(finding(ev, pack, match.form.rule, found is not None, message,
                               page=e.page, element=EMBLEM, measured=_differences(match),
                               threshold=f"ΔE ≤ {MAX_DELTA_E:g}"))
    return results


@rule("CLR-BG-BORDER")
def emblem_border(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """On a coloured background the rectangle has a white border of H/25.

    H/25: esf-rules.md §1.2 (a secondary source). Passes when 90 % of the H/25 band around
    the rectangle is white; the background counts as coloured when less than half of the
    band beyond it is white (both implementation choices).
    """
    def test(e: RasterEmblem) -> tuple[bool, Message, Message, Message]:
        share = f"{e.border_white:.0%}"
        message = (msg("on a coloured background, {share} of the H/25 band around it is "
                       "white", share=share) if e.background_coloured else
                   msg("on white, {share} of the H/25 band around it is white", share=share))
        measured = (msg("{share} white on colour", share=share) if e.background_coloured
                    else msg("{share} white", share=share))
        return (not e.background_coloured or e.border_white >= 0.9, message, measured,
                msg("white border H/25 on coloured backgrounds"))
    return each_emblem(ev, pack, "CLR-BG-BORDER", test)


