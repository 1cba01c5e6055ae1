"""The publicity checks (reference/esf-rules.md §6), registered by rule id.

Each check reads the ``Evidence`` of one item and returns findings for the rules its pack
applies: a pass is recorded as well as a failure, with the element, the measured value,
the threshold and the source article. Tolerances marked INFERRED in the reference are
implementation choices, stated in the threshold text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.compliance.evidence import EMBLEM, Evidence
from pipeline.diagnostics import Diagnostic, Severity
from pipeline.emblem import RATIO, RING_RADIUS, STAR_RADIUS, STARS
from pipeline.rule_packs import RulePack

Rule = Callable[[Evidence, RulePack], list[Diagnostic]]
RULES: dict[str, Rule] = {}

RATIO_TOLERANCE = 0.02  # ±2 % (esf-rules.md §6, INFERRED)
RING_TOLERANCE = 0.03  # ±3 % (INFERRED)
STAR_TOLERANCE = 0.10  # ±10 %: a star's radius is only H/18 on a raster (INFERRED)
MAX_DELTA_E = 10.0  # CIE76 against the reference CMYK as rendered (≈ ±5 pp, INFERRED)
MIN_HEIGHT_MM = 10.0  # DG COMM 2012 guideline, advisory
DOCUMENT_PRODUCTS = ("attendance-sheet", "certificate", "document")


def rule(rule_id: str) -> Callable[[Rule], Rule]:
    """A decorator that registers a check in ``RULES`` under ``rule_id``."""
    def add(function: Rule) -> Rule:
        RULES[rule_id] = function
        return function
    return add


def finding(ev: Evidence, pack: RulePack, rule_id: str, ok: bool, message: str, *,
            page: int | None = None, element: str | None = None, measured: str | None = None,
            threshold: str | None = None) -> Diagnostic:
    """A pass (info), or a violation with the severity the pack gives the rule.

    The finding cites the pack's source for the rule and carries the rule pack's id.
    """
    spec = pack.rules[rule_id]
    severity = Severity.INFO if ok else (
        Severity.ERROR if spec.severity == "fail" else Severity.WARNING)
    return Diagnostic(rule_id, severity, message, job=ev.job, page=page, element=element,
                      measured=measured, threshold=threshold, reference=spec.source,
                      rule_pack=pack.id)


@rule("EMB-PRESENT")
def emblem_present(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """The EU emblem is on the item: at least one, in the layout or on the page raster."""
    count = len(ev.emblem_boxes) if ev.from_layout else len(ev.emblems)
    where = "in the layout" if ev.from_layout else "on the page raster"
    return [finding(ev, pack, "EMB-PRESENT", count > 0,
                    f"EU emblem {'found' if count else 'not found'} {where}",
                    element=EMBLEM, measured=str(count), threshold="≥ 1")]


def _each_emblem(ev: Evidence, pack: RulePack, rule_id: str,
                 test: Callable[..., tuple[bool, str, str, str]]) -> list[Diagnostic]:
    results = []
    for emblem in ev.emblems:
        ok, message, measured, threshold = test(emblem)
        results.append(finding(ev, pack, rule_id, ok, message, page=emblem.page,
                               element=EMBLEM, measured=measured, threshold=threshold))
    return results


def _within(value: float | None, target: float, tolerance: float) -> bool:
    return value is not None and abs(value - target) <= target * tolerance


@rule("EMB-RATIO")
def emblem_ratio(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """Flag rectangle 3:2 (fly = 1.5 × hoist), within ± ``RATIO_TOLERANCE`` (2 %).

    Ratio: esf-rules.md §1.2; tolerance from esf-rules.md §6 (INFERRED there).
    """
    return _each_emblem(ev, pack, "EMB-RATIO", lambda e: (
        _within(e.ratio, RATIO, RATIO_TOLERANCE),
        f"emblem rectangle {e.width:.1f} × {e.height:.1f} mm, ratio {e.ratio:.3f}",
        f"{e.ratio:.3f}", f"{RATIO:.3f} ± {RATIO_TOLERANCE:.0%}"))


@rule("EMB-STARS")
def emblem_stars(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """Twelve stars, all upright (esf-rules.md §1.2), counted on the raster."""
    return _each_emblem(ev, pack, "EMB-STARS", lambda e: (
        e.stars == STARS and e.upright,
        f"{e.stars} stars" + ("" if e.upright else ", not all upright"),
        f"{e.stars}{'' if e.upright else ' (not upright)'}", f"{STARS}, upright"))


def _share_of_hoist(ev: Evidence, pack: RulePack, rule_id: str, what: str, attribute: str,
                    target: float, tolerance: float, digits: int) -> list[Diagnostic]:
    """A length of the emblem, measured as a share of its hoist H, against its target."""
    def test(e: object) -> tuple[bool, str, str, str]:
        value = getattr(e, attribute)
        shown = f"{value:.{digits}f} H" if value else None
        return (_within(value, target, tolerance), f"{what} {shown or 'not measurable'}",
                shown or "-", f"{target:.{digits}f} H ± {tolerance:.0%}")
    return _each_emblem(ev, pack, rule_id, test)


@rule("EMB-RING")
def emblem_ring(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """Star circle radius H/3 (esf-rules.md §1.2), within ± ``RING_TOLERANCE`` (3 %).

    Tolerance from esf-rules.md §6 (INFERRED there).
    """
    return _share_of_hoist(ev, pack, "EMB-RING", "star circle radius", "ring_ratio",
                           RING_RADIUS, RING_TOLERANCE, 3)


@rule("EMB-STARSIZE")
def emblem_star_size(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """Each star's points on a circle of radius H/18 (esf-rules.md §1.2).

    Within ± ``STAR_TOLERANCE`` (10 %): an implementation choice, not in the reference.
    """
    return _share_of_hoist(ev, pack, "EMB-STARSIZE", "star radius", "star_ratio",
                           STAR_RADIUS, STAR_TOLERANCE, 4)


@rule("CLR-CMYK")
def emblem_colours(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """Reflex blue as 100 C + 80 M, yellow as 100 Y (esf-rules.md §1.2), sampled on the raster.

    The median colour of the field and of the stars, each within CIE76 ΔE ``MAX_DELTA_E``
    (10) of how the renderer shows the reference CMYK. That limit is an implementation
    choice; esf-rules.md §6 proposes ±5 percentage points on the CMYK values (INFERRED),
    which a raster does not show.
    """
    def test(e: object) -> tuple[bool, str, str, str]:
        from pipeline.compliance.raster import RasterEmblem
        assert isinstance(e, RasterEmblem)
        star = e.star_delta_e if e.star_delta_e is not None else 99.0
        ok = e.field_delta_e <= MAX_DELTA_E and star <= MAX_DELTA_E
        return (ok, f"field RGB {e.field_rgb} (ΔE {e.field_delta_e:.1f}), stars RGB "
                    f"{e.star_rgb} (ΔE {star:.1f}) against CMYK 100/80/0/0 and 0/0/100/0",
                f"ΔE {e.field_delta_e:.1f} / {star:.1f}", f"ΔE ≤ {MAX_DELTA_E:g}")
    return _each_emblem(ev, pack, "CLR-CMYK", test)


@rule("CLR-BG-BORDER")
def emblem_border(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """On a coloured background the rectangle has a white border of H/25.

    H/25: esf-rules.md §1.2 (a secondary source). Passes when 90 % of the H/25 band around
    the rectangle is white; the background counts as coloured when less than half of the
    band beyond it is white (both implementation choices).
    """
    return _each_emblem(ev, pack, "CLR-BG-BORDER", lambda e: (
        not e.background_coloured or e.border_white >= 0.9,
        ("on a coloured background, " if e.background_coloured else "on white, ")
        + f"{e.border_white:.0%} of the H/25 band around it is white",
        f"{e.border_white:.0%} white" + (" on colour" if e.background_coloured else ""),
        "white border H/25 on coloured backgrounds"))


def _present(ev: Evidence, pack: RulePack, rule_id: str, text: str | None,
             element: str) -> list[Diagnostic]:
    if text is None:
        return []
    found = text in ev.text
    return [finding(ev, pack, rule_id, found, f"“{text}” {'found' if found else 'not found'} "
                    "in the text of the PDF", element=element,
                    measured="found" if found else "absent", threshold=f"“{text}”")]


@rule("TXT-EU")
def eu_reference(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """The Union named in full: the pack's ``eu_reference`` in the text of the PDF."""
    return _present(ev, pack, "TXT-EU", pack.texts.eu_reference, "eu-reference")


@rule("TXT-EU-ABBR")
def eu_abbreviation(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """The Union's name is not abbreviated: no stand-alone ``abbreviation`` in the text.

    Zero occurrences; one next to a slash (the document number 2011/36/ES) does not count.
    """
    short = pack.texts.abbreviation
    if not short:
        return []
    # "2011/36/ES" (also broken after the slash) is a document number, not the Union's
    # name abbreviated.
    hits = len(re.findall(rf"(?<![\w/])(?<!/ ){re.escape(short)}(?![\w/])", ev.text))
    return [finding(ev, pack, "TXT-EU-ABBR", hits == 0,
                    f"abbreviation “{short}” used {hits} time(s)" if hits
                    else f"no abbreviation “{short}”", element="eu-reference",
                    measured=str(hits), threshold="0")]


@rule("TXT-FUND-ESF")
def fund_reference(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """The Fund named: nominative passes, another case form warns, none fails.

    The pack's ``fund_reference`` in the text; an inflected "Europos socialin… fond…" only
    warns (esf-rules.md §6, TXT-FUND-ESF); without either, the pack's severity applies.
    """
    name = pack.texts.fund_reference
    if name is None:
        return []
    if name in ev.text:
        return [finding(ev, pack, "TXT-FUND-ESF", True, f"“{name}” found",
                        element="fund-reference", measured="found", threshold=f"“{name}”")]
    inflected = re.search(r"Europos socialin\w+ fond\w+", ev.text)
    if inflected:
        spec = pack.rules["TXT-FUND-ESF"]
        return [Diagnostic("TXT-FUND-ESF", Severity.WARNING,
                           f"only the inflected form “{inflected.group()}” found, not “{name}”",
                           job=ev.job, element="fund-reference", measured=inflected.group(),
                           threshold=f"“{name}”", reference=spec.source, rule_pack=pack.id)]
    return _present(ev, pack, "TXT-FUND-ESF", name, "fund-reference")


@rule("TXT-MA-SLOGAN")
def ma_statement(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """The Managing Authority's statement, the pack's ``ma_statement``, in the text.

    Its Lithuanian wording is unverified (esf-rules.md §1.4): the pack makes it a warning.
    """
    return _present(ev, pack, "TXT-MA-SLOGAN", pack.texts.ma_statement, "slogan")


@rule("TXT-CPR-STATEMENT")
def cpr_statement(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """“Co-funded by the European Union”, written out in full: the pack's ``cpr_statement``.

    Annex IX 1.2 of Reg. 2021/1060 (esf-rules.md §3.2).
    """
    return _present(ev, pack, "TXT-CPR-STATEMENT", pack.texts.cpr_statement, "cpr-statement")


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
        nearest = f"nearest text {min(gaps):.1f} mm away" if gaps else "no text on the page"
        results.append(finding(
            ev, pack, "TXT-NO-OVERLAP", not over,
            f"text over the emblem: {', '.join(sorted(set(over)))}" if over else nearest,
            page=page, element=EMBLEM, measured=f"{len(over)} text box(es) over it",
            threshold="0"))
    return results


def _gap(a: object, b: object) -> float:
    from pipeline.render.boxes import Rect
    assert isinstance(a, Rect) and isinstance(b, Rect)
    dx = max(b.x - a.right, a.x - b.right, 0.0)
    dy = max(b.y - a.bottom, a.y - b.bottom, 0.0)
    return float((dx * dx + dy * dy) ** 0.5)


def _whitelisted(family: str, fonts: tuple[str, ...]) -> bool:
    squashed = re.sub(r"[^a-z]", "", family.lower())
    return any(re.sub(r"[^a-z]", "", name.lower()) in squashed for name in fonts)


@rule("FNT-WHITELIST")
def font_whitelist(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """The EU statements are set in a typeface of the pack's list.

    Art. 4(4) of Reg. 821/2014, Annex IX 1.3 of Reg. 2021/1060 (esf-rules.md §2.2, §3.2). A
    family matches when it contains a listed name (letters only, case ignored).
    """
    seen: dict[tuple[str, str], bool] = {}
    for element, family, _, _ in ev.statement_fonts:
        seen.setdefault((element if ev.from_layout else "eu-statement", family),
                        _whitelisted(family, pack.fonts))
    return [finding(ev, pack, "FNT-WHITELIST", ok, f"“{element}” set in {family}",
                    element=element, measured=family, threshold=", ".join(pack.fonts))
            for (element, family), ok in sorted(seen.items())]


@rule("FNT-STYLE")
def font_style(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """No italic, underline or other effects on the EU statements.

    Art. 4(4) of Reg. 821/2014, Annex IX 1.3 of Reg. 2021/1060 (esf-rules.md §2.2, §3.2).
    From a PDF alone only italic is seen, by the font's name.
    """
    seen: dict[str, str] = {}
    for element, _, style, decorated in ev.statement_fonts:
        key = element if ev.from_layout else "eu-statement"
        look = style + (", decorated" if decorated else "")
        if seen.get(key, "normal") == "normal":
            seen[key] = look
    return [finding(ev, pack, "FNT-STYLE", look == "normal", f"“{element}” is {look}",
                    element=element, measured=look, threshold="normal, no underline")
            for element, look in sorted(seen.items())]


@rule("SIZE-VS-LOGOS")
def size_against_logos(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """The emblem at least as high, or as wide, as the biggest other logo on its page.

    Art. 4(5) of Reg. 821/2014, Annex IX 1.7 of Reg. 2021/1060 (esf-rules.md §2.2, §3.2),
    with 0.1 mm allowed for rounding (an implementation choice).
    """
    results = []
    for emblem in ev.emblems:
        others = [logo for logo in ev.logos if logo.page == emblem.page]
        if not others:
            results.append(finding(ev, pack, "SIZE-VS-LOGOS", True, "no other logo on the "
                                   "page", page=emblem.page, element=EMBLEM, measured="-",
                                   threshold="≥ largest other logo"))
            continue
        tall = max(others, key=lambda logo: logo.height)
        wide = max(others, key=lambda logo: logo.width)
        ok = emblem.height >= tall.height - 0.1 or emblem.width >= wide.width - 0.1
        results.append(finding(
            ev, pack, "SIZE-VS-LOGOS", ok,
            f"emblem {emblem.width:.1f} × {emblem.height:.1f} mm; largest other logo "
            f"{tall.name} {tall.width:.1f} × {tall.height:.1f} mm", page=emblem.page,
            element=EMBLEM, measured=f"{emblem.height:.1f} mm high / {emblem.width:.1f} mm wide",
            threshold=f"≥ {tall.height:.1f} mm high or ≥ {wide.width:.1f} mm wide"))
    return results


@rule("SIZE-MIN")
def size_minimum(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """Emblem at least ``MIN_HEIGHT_MM`` (10 mm) high at final size (advisory).

    The 2012 DG COMM guideline, seen only in a secondary source (esf-rules.md §4.3); 0.05 mm
    allowed for rounding.
    """
    return _each_emblem(ev, pack, "SIZE-MIN", lambda e: (
        e.height * ev.scale >= MIN_HEIGHT_MM - 0.05,
        f"emblem {e.height * ev.scale:.1f} mm high at final size",
        f"{e.height * ev.scale:.1f} mm", f"≥ {MIN_HEIGHT_MM:g} mm"))


@rule("DOC-ESF-STATEMENT")
def document_statement(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """Documents for participants state the ESF co-financing (Art. 8(4) of Reg. 1828/2006).

    Attendance sheets, certificates and files checked as ``document``: their text contains
    the pack's ``document_statement`` (esf-rules.md §1.3).
    """
    wanted = pack.texts.document_statement
    if ev.product not in DOCUMENT_PRODUCTS or wanted is None:
        return []
    found = wanted in ev.text
    return [finding(ev, pack, "DOC-ESF-STATEMENT", found,
                    f"funding statement {'found' if found else 'missing'} on the document",
                    element="funding-statement", measured="found" if found else "absent",
                    threshold=f"text containing “{wanted}…”")]


@rule("LT-MARK-0713")
def national_mark(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """Lithuania's 2007–2013 structural support mark (artwork supplied by the designer).

    Order 1K-366 p. 2.1–2.2 (esf-rules.md §1.4): the brand logo ``lt-mark-0713`` in the
    layout, or the pack's ``national_mark_caption`` in the text.
    """
    caption = pack.texts.national_mark_caption or ""
    found = ev.national_mark or (bool(caption) and caption in ev.text)
    return [finding(ev, pack, "LT-MARK-0713", found,
                    "national EU 2007–2013 support mark " + (
                        "present" if found else "not present: its artwork must be supplied "
                        "(never imitated) as brand logo 'lt-mark-0713'"),
                    element="logo-lt-mark-0713", measured="present" if found else "absent",
                    threshold="present")]
