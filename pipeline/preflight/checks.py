"""The preflight checks, registered by name; each reads the PDF and returns findings.

Severity follows print-specs.md: errors for what a printer's PDF/X preflight rejects (boxes,
output intent, unembedded fonts, RGB, annotations, low resolution, ink over the limit),
warnings for what it flags for a human (transparency, resolution below the comfortable
value, ICC-based images), info for what was measured and found right.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from typing import Any

from PIL import Image, ImageMath

from pipeline.diagnostics import Diagnostic, error, warning
from pipeline.diagnostics import info as info_
from pipeline.preflight.content import ImagePlacement, Paint, colour_space_family, resolve
from pipeline.preflight.context import DEFAULT_BLEED_MM, Preflight

Check = Callable[[Preflight], list[Diagnostic]]
CHECKS: dict[str, Check] = {}
MM_PER_PT = 25.4 / 72
MAX_PAGE_MM = 5080.0
BOX_TOLERANCE_MM = 0.01
RGB_SPACES = {"DeviceRGB", "CalRGB", "ICCBased-3", "Lab", "Indexed-DeviceRGB", "Indexed-ICCBased-3"}
# Images up to this many pixels wide or high are ignored by resolution rules (GWG 2022).
SMALL_IMAGE_PX = 16
# Ink coverage of images is measured on a reduced copy: GWG measures the mean over 15 mm
# squares, a per-pixel maximum of JPEG noise would be stricter than any printer.
TAC_SAMPLE_PX = 512


def check(name: str) -> Callable[[Check], Check]:
    """A decorator that registers a check in ``CHECKS`` under ``name``."""
    def add(function: Check) -> Check:
        CHECKS[name] = function
        return function
    return add


def _mm(value: Any) -> float:
    return float(value) * MM_PER_PT


@check("pdf-version")
def pdf_version(ctx: Preflight) -> list[Diagnostic]:
    """PDF/X-4 is based on PDF 1.6: a later version is an error (print-specs.md §4.1)."""
    version = ctx.reader.pdf_header.removeprefix("%PDF-")
    if version > "1.6":
        return [ctx.finding(error, "pdf-version",
                            f"PDF {version}: PDF/X-4 allows at most PDF 1.6")]
    return [ctx.finding(info_, "pdf-version", f"PDF {version}")]


@check("page-boxes")
def page_boxes(ctx: Preflight) -> list[Diagnostic]:
    """TrimBox and BleedBox present and nested; bleed on every side; size limits.

    Bleed as expected (then exactly), else 3 mm at final size (print-specs.md §2.1); pages
    over 5080 mm (§3) fail, UserUnit warns (GWG R0002, §5.1); ±0.01 mm: implementation choice.
    """
    findings = []
    scale = ctx.scale
    need = ctx.expect.bleed_mm if ctx.expect.bleed_mm is not None else DEFAULT_BLEED_MM / scale
    for number, page in enumerate(ctx.reader.pages, start=1):
        media = [_mm(v) for v in page.mediabox]
        if "/UserUnit" in page:
            findings.append(ctx.finding(warning, "page-boxes", "UserUnit is set (many RIPs "
                                        "ignore it): deliver large formats at a scale", number))
        if max(media[2] - media[0], media[3] - media[1]) > MAX_PAGE_MM:
            findings.append(ctx.finding(error, "page-boxes", "page larger than 5080 mm "
                                        "(200 in); lay it out at a scale such as 1:10", number))
        if "/TrimBox" not in page:
            findings.append(ctx.finding(error, "page-boxes", "no TrimBox: the finished size "
                                        "is unknown", number))
            continue
        if "/BleedBox" not in page:
            findings.append(ctx.finding(error, "page-boxes", "no BleedBox: the bleed is "
                                        "unknown", number))
            continue
        trim = [_mm(v) for v in page.trimbox]
        bleed = [_mm(v) for v in page.bleedbox]
        if not _inside(trim, bleed) or not _inside(bleed, media):
            findings.append(ctx.finding(error, "page-boxes", "boxes not nested: MediaBox ⊇ "
                                        "BleedBox ⊇ TrimBox is required", number))
        sides = {"left": trim[0] - bleed[0], "bottom": trim[1] - bleed[1],
                 "right": bleed[2] - trim[2], "top": bleed[3] - trim[3]}
        short = {side: v for side, v in sides.items() if v < need - BOX_TOLERANCE_MM}
        width, height = trim[2] - trim[0], trim[3] - trim[1]
        if short:
            detail = ", ".join(f"{side} {v:.2f} mm" for side, v in short.items())
            findings.append(ctx.finding(error, "page-boxes",
                                        f"bleed {detail}; at least {need:g} mm needed", number))
        if ctx.expect.trim_mm is not None:
            w, h = ctx.expect.trim_mm
            if abs(width - w) > BOX_TOLERANCE_MM or abs(height - h) > BOX_TOLERANCE_MM:
                findings.append(ctx.finding(error, "page-boxes", f"TrimBox {width:.2f} × "
                                            f"{height:.2f} mm, expected {w:g} × {h:g} mm",
                                            number))
        if ctx.expect.bleed_mm is not None:
            off = {s: v for s, v in sides.items() if abs(v - need) > BOX_TOLERANCE_MM}
            if off and not short:
                detail = ", ".join(f"{s} {v:.2f} mm" for s, v in off.items())
                findings.append(ctx.finding(error, "page-boxes", f"bleed should be exactly "
                                            f"{need:g} mm: {detail}", number))
        findings.append(ctx.finding(info_, "page-boxes", f"trim {width:.2f} × {height:.2f} mm, "
                                    "bleed " + " / ".join(f"{v:.2f}" for v in sides.values())
                                    + " mm (left/bottom/right/top), media "
                                    f"{media[2] - media[0]:.2f} × {media[3] - media[1]:.2f} mm",
                                    number))
    return findings


def _inside(inner: list[float], outer: list[float]) -> bool:
    t = BOX_TOLERANCE_MM
    return (inner[0] >= outer[0] - t and inner[1] >= outer[1] - t and inner[2] <= outer[2] + t
            and inner[3] <= outer[3] + t)


@check("page-count")
def page_count(ctx: Preflight) -> list[Diagnostic]:
    """The product's page count, when it has a fixed one."""
    count = len(ctx.reader.pages)
    if ctx.expect.pages is not None and count != ctx.expect.pages:
        return [ctx.finding(error, "page-count",
                            f"{count} pages; the product has {ctx.expect.pages}")]
    return []


@check("output-intent")
def output_intent(ctx: Preflight) -> list[Diagnostic]:
    """Exactly one GTS_PDFX output intent, identifier and CMYK profile (print-specs.md §4.1)."""
    root: Any = ctx.reader.trailer["/Root"]
    intents = [i.get_object() for i in root.get_object().get("/OutputIntents", [])]
    pdfx = [i for i in intents if i.get("/S") == "/GTS_PDFX"]
    if len(pdfx) != 1:
        what = "no PDF/X output intent" if not pdfx else f"{len(pdfx)} PDF/X output intents"
        return [ctx.finding(error, "output-intent", f"{what}; exactly one is required")]
    intent = pdfx[0]
    identifier = str(intent.get("/OutputConditionIdentifier", ""))
    profile = intent.get("/DestOutputProfile")
    findings = []
    if not identifier:
        findings.append(ctx.finding(error, "output-intent", "OutputConditionIdentifier missing"))
    if profile is None:
        findings.append(ctx.finding(error, "output-intent", "no embedded output profile"))
    elif int(profile.get_object().get("/N", 0)) != 4:
        findings.append(ctx.finding(error, "output-intent", "output profile is not CMYK"))
    if not findings:
        findings.append(ctx.finding(info_, "output-intent", f"{identifier} "
                                    f"({intent.get('/RegistryName', 'no registry')}), "
                                    "CMYK profile embedded"))
    return findings


def _resources(page: Any, category: str) -> list[tuple[str, Any]]:
    """(name, object) of a resource category (``/Font``…) of ``page`` and all its forms."""
    resources = page.get("/Resources")
    found = []
    for res in [resources] + [f.get("/Resources") for _, f in _forms(resources, set())]:
        for name, ref in resolve(resolve(res).get(category)).items():
            found.append((name, ref.get_object()))
    return found


def _embedded(font: Any) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are drawn by content streams
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(
        key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@check("fonts")
def fonts(ctx: Preflight) -> list[Diagnostic]:
    """Every font embedded (print-specs.md §4.1); in build-print's own files, brand fonts only."""
    findings = []
    for number, page in enumerate(ctx.reader.pages, start=1):
        for _, font in _resources(page, "/Font"):
            plain = str(font.get("/BaseFont", "?")).lstrip("/").split("+", 1)[-1]
            if not _embedded(font):
                findings.append(ctx.finding(error, "fonts", f"font {plain} is not embedded",
                                            number))
            brand = ctx.expect.brand
            if brand is not None and not brand.is_brand_font(plain):
                findings.append(ctx.finding(
                    error, "fonts", f"font {plain} is not a brand font: some character is "
                    "missing from the brand fonts and the system supplied it", number))
    return findings


@check("colour")
def colour(ctx: Preflight) -> list[Diagnostic]:
    """No RGB colour operator or image (GWG R0027, print-specs.md §5.1); ICC-based images warn."""
    findings = []
    rgb_paint: Counter[tuple[int, str, str]] = Counter()
    spaces: Counter[str] = Counter()
    for event in ctx.events:
        if isinstance(event, Paint):
            spaces[event.colour.space] += 1
            if event.colour.space in RGB_SPACES:
                rgb_paint[(event.page, event.colour.space, event.kind)] += 1
        else:
            family = _image_space(event)
            spaces[f"image {family}"] += 1
            where = _where(event)
            if family in RGB_SPACES:
                findings.append(ctx.finding(error, "colour", f"RGB image {event.name} "
                                            f"({family}) {where}", event.page))
            elif family.startswith("ICCBased"):
                findings.append(ctx.finding(warning, "colour", f"ICC-based image "
                                            f"{event.name} ({family}) {where}: convert to "
                                            "DeviceCMYK with the output profile", event.page))
    for (page, space, kind), count in sorted(rgb_paint.items()):
        findings.append(ctx.finding(error, "colour", f"{space} colour used for {count} "
                                    f"{kind} operation(s)", page))
    used = ", ".join(f"{space} ({count})" for space, count in sorted(spaces.items()))
    findings.append(ctx.finding(info_, "colour", f"colour spaces in use: {used or 'none'}"))
    return findings


def _image_space(event: ImagePlacement) -> str:
    image = event.image
    if not hasattr(image, "get"):
        return "inline"
    if image.get("/ImageMask"):
        return "ImageMask"
    return colour_space_family(image.get("/ColorSpace", "/DeviceGray"))


def _where(event: ImagePlacement) -> str:
    a, b, c, d, e, f = event.ctm
    return (f"with its lower left at ({_mm(e):.1f}, {_mm(f):.1f}) mm, placed "
            f"{_mm(math.hypot(a, b)):.1f} × "
            f"{_mm(math.hypot(c, d)):.1f} mm")


@check("transparency")
def transparency(ctx: Preflight) -> list[Diagnostic]:
    """Transparency warns (PDF/X-4 allows it); a group blending in non-CMYK fails (GWG R0030)."""
    findings = []
    for number, page in enumerate(ctx.reader.pages, start=1):
        for where, group in _groups(page):
            space = group.get("/CS")
            if space is not None and colour_space_family(space) != "DeviceCMYK":
                findings.append(ctx.finding(error, "transparency", f"transparency group of "
                                            f"{where} blends in {colour_space_family(space)}, "
                                            "not DeviceCMYK (GWG R0030)", number))
        for name, state in _resources(page, "/ExtGState"):
            alpha = [float(state.get(k, 1)) for k in ("/ca", "/CA")]
            smask = state.get("/SMask")
            masked = smask is not None and str(smask) != "/None"
            if min(alpha) < 1 or masked:
                detail = f"opacity {min(alpha):g}" + (", soft mask" if masked else "")
                findings.append(ctx.finding(warning, "transparency", f"transparency in "
                                            f"graphics state {name} ({detail}): allowed in "
                                            "PDF/X-4, check it after flattening", number))
    for event in ctx.events:
        if isinstance(event, ImagePlacement) and hasattr(event.image, "get") \
                and "/SMask" in event.image:
            findings.append(ctx.finding(warning, "transparency", f"image {event.name} has a "
                                        "soft mask (transparency)", event.page))
    return findings


def _groups(page: Any) -> list[tuple[str, Any]]:
    found = []
    if "/Group" in page:
        found.append(("the page", page["/Group"].get_object()))
    for name, form in _forms(page.get("/Resources"), set()):
        if "/Group" in form:
            found.append((f"form {name}", form["/Group"].get_object()))
    return found


def _forms(resources: Any, seen: set[int]) -> list[tuple[str, Any]]:
    found = []
    for name, ref in resolve(resolve(resources).get("/XObject")).items():
        key = getattr(ref, "idnum", id(ref))
        if key in seen:
            continue
        seen.add(key)
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form":
            found.append((name, xobject))
            found += _forms(xobject.get("/Resources"), seen)
    return found


@check("annotations")
def no_annotations(ctx: Preflight) -> list[Diagnostic]:
    """Print output carries no annotations: links, comments, form fields (print-specs.md §4.1)."""
    findings = []
    for number, page in enumerate(ctx.reader.pages, start=1):
        annots = page.get("/Annots")
        annots = annots.get_object() if annots is not None else []
        if annots:
            kinds = Counter(str(a.get_object().get("/Subtype", "?")).lstrip("/") for a in annots)
            detail = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
            findings.append(ctx.finding(error, "annotations", f"annotations on the page "
                                        f"({detail}): remove them from print output", number))
    return findings


@check("image-resolution")
def image_resolution(ctx: Preflight) -> list[Diagnostic]:
    """Effective ppi of every image placement at final size, through the CTM.

    Error below ``min_ppi``, warning below ``good_ppi`` (default 150 / 225: GWG R0031,
    print-specs.md §5.1, §6); images of at most 16 px either way are skipped (GWG 2022).
    """
    findings = []
    scale = ctx.scale
    low, good = ctx.expect.min_ppi, ctx.expect.good_ppi
    for event in ctx.events:
        if not isinstance(event, ImagePlacement) or not hasattr(event.image, "get"):
            continue
        if event.image.get("/ImageMask"):
            continue
        width_px, height_px = int(event.image["/Width"]), int(event.image["/Height"])
        if width_px <= SMALL_IMAGE_PX or height_px <= SMALL_IMAGE_PX:
            continue
        a, b, c, d, _, _ = event.ctm
        width_in = math.hypot(a, b) / 72 * scale
        height_in = math.hypot(c, d) / 72 * scale
        if width_in <= 0 or height_in <= 0:
            continue
        ppi = min(width_px / width_in, height_px / height_in)
        where = _where(event)
        message = (f"image {event.name} ({width_px} × {height_px} px) {where}: "
                   f"{ppi:.0f} ppi at final size")
        if ppi < low:
            findings.append(ctx.finding(error, "image-resolution",
                                        f"{message}, below {low:g} ppi", event.page))
        elif ppi < good:
            findings.append(ctx.finding(warning, "image-resolution",
                                        f"{message}, below {good:g} ppi", event.page))
        else:
            findings.append(ctx.finding(info_, "image-resolution", message, event.page))
    return findings


@check("ink-coverage")
def ink_coverage(ctx: Preflight) -> list[Diagnostic]:
    """Total area coverage: the largest CMYK sum of any fill and of any CMYK image.

    Error over ``tac_limit`` (default 320 %: GWG R0026 SheetCMYK, print-specs.md §5.1) + 0.5
    for rounding; images measured on a ≤ 512 px copy, not per 15 mm square: implementation
    choices.
    """
    limit = ctx.expect.tac_limit
    worst: dict[int, tuple[float, str]] = {}
    for event in ctx.events:
        if isinstance(event, Paint):
            if event.kind == "stroke" or event.colour.space not in ("DeviceCMYK", "ICCBased-4"):
                continue
            total = sum(event.colour.values) * 100
            what = f"{event.kind} {' '.join(f'{v * 100:g}' for v in event.colour.values)}"
        else:
            if _image_space(event) not in ("DeviceCMYK", "ICCBased-4"):
                continue
            total = _image_tac(event.image)
            what = f"image {event.name}"
        if total > worst.get(event.page, (-1.0, ""))[0]:
            worst[event.page] = (total, what)
    findings = []
    for page, (total, what) in sorted(worst.items()):
        if total > limit + 0.5:
            findings.append(ctx.finding(error, "ink-coverage", f"total ink {total:.0f} % "
                                        f"({what}) exceeds {limit:g} %", page))
        else:
            findings.append(ctx.finding(info_, "ink-coverage", f"maximum total ink "
                                        f"{total:.0f} % ({what})", page))
    return findings


def _image_tac(image: Any) -> float:
    try:
        pil = image.decode_as_image()
    except Exception:  # an undecodable image is reported by the colour check's neighbours
        return 0.0
    if pil.mode != "CMYK":
        return 0.0
    decode = image.get("/Decode")
    if pil.width > TAC_SAMPLE_PX or pil.height > TAC_SAMPLE_PX:
        pil = pil.copy()
        pil.thumbnail((TAC_SAMPLE_PX, TAC_SAMPLE_PX), Image.Resampling.BOX)
    c, m, y, k = pil.split()
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    low, high = total.getextrema()
    # A /Decode of [1 0 …] inverts the samples; Pillow already undoes Adobe JPEG inversion.
    inverted = decode is not None and [float(v) for v in decode][:2] == [1.0, 0.0] \
        and image.get("/Filter") != "/DCTDecode"
    return float(4 * 255 - low if inverted else high) / 255 * 100
