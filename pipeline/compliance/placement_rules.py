"""The checks of the emblem among the rest: no text over it, size against other logos, size.

TXT-NO-OVERLAP needs the layout; SIZE-VS-LOGOS and SIZE-MIN work on any PDF.
"""

from __future__ import annotations

from pipeline.compliance.emblem_rules import each_emblem
from pipeline.compliance.evidence import EMBLEM, Evidence
from pipeline.compliance.messages import msg
from pipeline.compliance.raster import RasterEmblem
from pipeline.compliance.registry import (
    MIN_HEIGHT_MM,
    finding,
    rule,
)
from pipeline.diagnostics import Diagnostic
from pipeline.rule_packs import RulePack


@rule("TXT-NO-OVERLAP")
def no_overlap(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """No text printed over the emblem (needs the layout): zero text boxes over it.

    A text box counts when it overlaps an emblem box by more than 0.1 mm each way (an
    implementation choice); the distance to the nearest text is recorded.
    """
    results = []
    for page, box in ev.emblem_boxes:
        over = [t.element for t in ev.text_boxes if t.page == page
                and min(t.rect.right, box.right) - max(t.rect.x, box.x) > 0.1
                and min(t.rect.bottom, box.bottom) - max(t.rect.y, box.y) > 0.1]
        gaps = [_gap(t.rect, box) for t in ev.text_boxes if t.page == page]
        nearest = (msg("nearest text {gap} mm away", gap=f"{min(gaps):.1f}") if gaps
                   else msg("no text on the page"))
        results.append(finding(
            ev, pack, "TXT-NO-OVERLAP", not over,
            msg("text over the emblem: {elements}", elements=", ".join(sorted(set(over))))
            if over else nearest,
            page=page, element=EMBLEM,
            measured=msg("{count} text box(es) over it", count=len(over)), threshold="0"))
    return results


def _gap(a: object, b: object) -> float:
    from pipeline.render.boxes import Rect
    assert isinstance(a, Rect) and isinstance(b, Rect)
    dx = max(b.x - a.right, a.x - b.right, 0.0)
    dy = max(b.y - a.bottom, a.y - b.bottom, 0.0)
    return float((dx * dx + dy * dy) ** 0.5)


def _overlaps(logo: object, emblem: RasterEmblem) -> bool:
    """Whether ``logo`` is (mostly) the emblem itself: they share half the smaller area."""
    from pipeline.compliance.evidence import Logo
    assert isinstance(logo, Logo)
    if logo.x is None or logo.y is None:
        return False
    width = min(logo.x + logo.width, emblem.x + emblem.width) - max(logo.x, emblem.x)
    height = min(logo.y + logo.height, emblem.y + emblem.height) - max(logo.y, emblem.y)
    shared = max(width, 0.0) * max(height, 0.0)
    return shared >= 0.5 * min(logo.width * logo.height, emblem.width * emblem.height)


@rule("SIZE-VS-LOGOS")
def size_against_logos(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """The emblem at least as high, or as wide, as the biggest other logo on its page.

    Art. 4(5) of Reg. 821/2014, Annex IX 1.7 of Reg. 2021/1060 (esf-rules.md §2.2, §3.2),
    with 0.1 mm allowed for rounding (an implementation choice). A logo that shares at
    least half its area with the emblem is the emblem itself (a placed emblem image) and
    never compared with it.
    """
    results = []
    for emblem in ev.emblems:
        others = [logo for logo in ev.logos if logo.page == emblem.page
                  and not any(_overlaps(logo, e) for e in ev.emblems if e.page == logo.page)]
        if not others:
            results.append(finding(ev, pack, "SIZE-VS-LOGOS", True,
                                   msg("no other logo on the page"), page=emblem.page,
                                   element=EMBLEM, measured="-",
                                   threshold=msg("≥ largest other logo")))
            continue
        tall = max(others, key=lambda logo: logo.height)
        wide = max(others, key=lambda logo: logo.width)
        ok = emblem.height >= tall.height - 0.1 or emblem.width >= wide.width - 0.1
        results.append(finding(
            ev, pack, "SIZE-VS-LOGOS", ok,
            msg("emblem {width} × {height} mm; largest other logo {name} {logo_width} × "
                "{logo_height} mm", width=f"{emblem.width:.1f}", height=f"{emblem.height:.1f}",
                name=tall.name, logo_width=f"{tall.width:.1f}",
                logo_height=f"{tall.height:.1f}"), page=emblem.page, element=EMBLEM,
            measured=msg("{height} mm high / {width} mm wide", height=f"{emblem.height:.1f}",
                         width=f"{emblem.width:.1f}"),
            threshold=msg("≥ {height} mm high or ≥ {width} mm wide",
                          height=f"{tall.height:.1f}", width=f"{wide.width:.1f}")))
    return results


@rule("SIZE-MIN")
def size_minimum(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """Emblem at least ``MIN_HEIGHT_MM`` (10 mm) high at final size (advisory).

    The 2012 DG COMM guideline, seen only in a secondary source (esf-rules.md §4.3); 0.05 mm
    allowed for rounding.
    """
    return each_emblem(ev, pack, "SIZE-MIN", lambda e: (
        e.height * ev.scale >= MIN_HEIGHT_MM - 0.05,
        msg("emblem {height} mm high at final size", height=f"{e.height * ev.scale:.1f}"),
        f"{e.height * ev.scale:.1f} mm", f"≥ {MIN_HEIGHT_MM:g} mm"))


