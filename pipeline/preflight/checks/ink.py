"""Total area coverage (TAC): the sum of the process inks, on every kind of paint.

GWG 2015/2022 R0026 (print-specs.md §5.1): the mean CMYK coverage in any square of side
``window_mm`` (15 mm) must not exceed the profile's limit (SheetCMYK 320 %, Magazine 305 %).
Vector paint (fills, strokes, text) is judged by its declared colour; shadings by their
colour function sampled along its domain (every stop of a stitching function); images are
measured: their samples averaged over 15 mm squares at final size.
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Iterator
from typing import Any

import pikepdf
from PIL import Image, ImageFilter, ImageMath

from pipeline.diagnostics import Severity
from pipeline.preflight.colour import PROCESS, Colour, ColourSpace
from pipeline.preflight.context import Preflight
from pipeline.preflight.geometry import MM_PER_PT, Box, apply, bounds
from pipeline.preflight.marks import Mark
from pipeline.preflight.objects import describe
from pipeline.preflight.registry import Hit, check

ROUNDING = 0.5
"""Coverage is compared after rounding to whole per cent (files store 0.6 as 0.599…)."""
SAMPLES = 33
"""Points at which a shading's function is evaluated between its stops: an implementation
choice fine enough for exponential (N ≠ 1) ramps."""


@check("ink-coverage", "Total area coverage", covers="R0026")
def ink_coverage(ctx: Preflight) -> Iterator[Hit]:
    """Every mark whose ink exceeds the limit; per page, the highest found (info)."""
    limit = ctx.tac_limit
    worst: dict[int, tuple[float, Mark]] = {}
    for mark in ctx.marks:
        if mark.mask:
            continue
        total, box = _coverage(ctx, mark)
        if total is None:
            if mark.kind == "shading":  # a mesh, or a PostScript function: say so
                yield Hit(mark.page, "colours not evaluated (a mesh or PostScript function): "
                                     "check its ink on a separation preview",
                          describe(ctx, mark), mark.bbox, severity=Severity.INFO)
            continue
        if total > worst.get(mark.page, (-1.0, mark))[0]:
            worst[mark.page] = (total, mark)
        if total > limit + ROUNDING:
            what = mark.colour.describe() if mark.colour is not None else "measured"
            yield Hit(mark.page, f"total ink {total:.0f} % ({what}) exceeds {limit:g} % "
                                 f"(GWG R0026, mean over {ctx.profile.window_mm:g} mm squares)",
                      describe(ctx, mark), box or mark.bbox, measured=f"{total:.0f} %",
                      threshold=f"≤ {limit:g} %", rank=total, group="over the limit")
    for page, (total, mark) in sorted(worst.items(), key=lambda item: item[0]):
        yield Hit(page, f"maximum total ink {total:.0f} % ({mark.kind})",
                  severity=Severity.INFO)


def _coverage(ctx: Preflight, mark: Mark) -> tuple[float | None, Box | None]:
    """(coverage in %, where it peaks if measured) of a mark; (None, None) if it has none."""
    if mark.colour is not None:  # vector paint, text, a stencil mask's fill colour
        return mark.colour.total, None
    if mark.kind == "shading":
        return _shading_total(mark), None
    if mark.kind == "image":
        return _image_total(ctx, mark)
    return None, None


def _shading_total(mark: Mark) -> float | None:
    """The highest coverage along a shading's colour function (None: not evaluable)."""
    shading, space = mark.obj, mark.space
    function = shading.get("/Function") if shading is not None else None
    if function is None:
        return None
    functions = list(function) if isinstance(function, pikepdf.Array) else [function]
    domain = [float(v) for v in shading.get("/Domain", functions[0].get("/Domain", [0, 1]))]
    # The stops themselves, where a ramp peaks, and evenly between them (curved ramps).
    steps = {domain[0] + (domain[1] - domain[0]) * i / (SAMPLES - 1) for i in range(SAMPLES)}
    for f in functions:
        if int(f.get("/FunctionType", -1)) == 3:
            steps.update(float(b) for b in f.get("/Bounds", []))
    best = None
    for t in sorted(steps):
        values: list[float] = []
        for f in functions:
            out = evaluate(f, t)
            if out is None:
                return None
            values += out
        total = Colour(space, tuple(values)).total
        best = total if best is None else max(best, total)
    return best


def evaluate(function: Any, t: float) -> list[float] | None:
    """The outputs of a 1-input PDF function at ``t`` (types 0, 2 and 3, ISO 32000-1 §7.10).

    Sampled (type 0) functions give their nearest sample; ``None`` for PostScript
    calculator (type 4) functions, which are not evaluated.
    """
    kind = int(function.get("/FunctionType", -1))
    domain = [float(v) for v in function.get("/Domain", [0, 1])]
    t = min(max(t, domain[0]), domain[1])
    if kind == 0:
        return _sampled(function, (t - domain[0]) / ((domain[1] - domain[0]) or 1))
    if kind == 2:
        c0 = [float(v) for v in function.get("/C0", [0.0])]
        c1 = [float(v) for v in function.get("/C1", [1.0])]
        n = float(function.get("/N", 1))
        x = t ** n if t > 0 else 0.0
        return [a + x * (b - a) for a, b in zip(c0, c1, strict=False)]
    if kind == 3:
        parts = list(function.Functions)
        bounds_ = [float(v) for v in function.get("/Bounds", [])]
        encode = [float(v) for v in function.get("/Encode", [])]
        edges = [domain[0], *bounds_, domain[1]]
        k = next((i for i, b in enumerate(bounds_) if t < b), len(bounds_))
        lo, hi = edges[k], edges[k + 1]
        e0, e1 = encode[2 * k:2 * k + 2] if len(encode) >= 2 * k + 2 else (0.0, 1.0)
        inner = e0 if hi == lo else e0 + (t - lo) * (e1 - e0) / (hi - lo)
        return evaluate(parts[k], inner)
    return None


def _sampled(function: Any, x: float) -> list[float] | None:
    """The sample of a 1-input type 0 function nearest ``x`` (0–1 along its domain)."""
    bits = int(function.get("/BitsPerSample", 8))
    size = int(function.Size[0])
    ranges = [float(v) for v in function.Range]
    outputs = len(ranges) // 2
    decode = [float(v) for v in function.get("/Decode", ranges)]
    if bits not in (8, 16) or size < 1:
        return None
    encode = [float(v) for v in function.get("/Encode", [0, size - 1])]
    index = min(size - 1, max(0, round(encode[0] + x * (encode[1] - encode[0]))))
    data = function.read_bytes()
    width = bits // 8
    top = (1 << bits) - 1
    values = []
    for j in range(outputs):
        at = (index * outputs + j) * width
        raw = int.from_bytes(data[at:at + width], "big") if at + width <= len(data) else 0
        value = decode[2 * j] + raw * (decode[2 * j + 1] - decode[2 * j]) / top
        values.append(min(max(value, ranges[2 * j]), ranges[2 * j + 1]))
    return values


def _image_total(ctx: Preflight, mark: Mark) -> tuple[float | None, Box | None]:
    """Mean CMYK coverage over the worst ``window_mm`` square of a CMYK image, at final size."""
    if not _is_cmyk(mark.space):
        return None, None
    a, b, c, d, _, _ = mark.ctm
    width_mm = math.hypot(a, b) * MM_PER_PT * ctx.scale
    height_mm = math.hypot(c, d) * MM_PER_PT * ctx.scale
    cell = ctx.profile.window_mm / 3  # 3 × 3 cells make one window
    cols, rows = max(1, round(width_mm / cell)), max(1, round(height_mm / cell))
    try:
        pil = _decode(mark.obj, (cols, rows))
    except Exception:  # undecodable: the image checks report what they can
        return None, None
    if pil.mode != "CMYK":
        return None, None
    inverted = _inverted(mark.obj)
    cols, rows = min(pil.width, cols), min(pil.height, rows)
    small = pil.resize((cols, rows), Image.Resampling.BOX)
    radius = 1 if cols >= 3 and rows >= 3 else 0
    planes = [p.filter(ImageFilter.BoxBlur(radius)) if radius else p for p in small.split()]
    total = ImageMath.lambda_eval(lambda x: x["c"] + x["m"] + x["y"] + x["k"],
                                  c=planes[0], m=planes[1], y=planes[2], k=planes[3])
    low, high = total.getextrema()
    value = (4 * 255 - low) if inverted else high
    peak = float(value) / 255 * 100
    # The cells at the peak: a linear map that is ≥ 1 there and ≤ 0 elsewhere, clamped to L.
    if inverted:
        over = total.point(lambda v: v * -1 + (4 * 255 - value + 1))
    else:
        over = total.point(lambda v: v - (value - 1))
    box = over.convert("L").getbbox() or (0, 0, cols, rows)
    corners = [(box[0] / cols, 1 - box[1] / rows), (box[2] / cols, 1 - box[3] / rows)]
    return peak, bounds(apply(mark.ctm, x, y) for x, y in corners)


def _decode(obj: Any, size: tuple[int, int]) -> Image.Image:
    """The image's samples; a JPEG is decoded at the smallest DCT scale still ≥ ``size``."""
    if isinstance(obj, pikepdf.Stream) and obj.get("/Filter") == "/DCTDecode":
        jpeg = Image.open(io.BytesIO(obj.read_raw_bytes()))
        jpeg.draft(jpeg.mode, size)
        jpeg.load()
        return jpeg
    image = pikepdf.PdfImage(obj) if isinstance(obj, pikepdf.Stream) else obj
    with warnings.catch_warnings():  # "16-bit CMYK image reduced to 8-bit": 8 bits suffice
        warnings.simplefilter("ignore", UserWarning)
        try:  # the samples as stored: pikepdf ≥ 10 applies /Decode and soft masks by default
            pil: Image.Image = image.as_pil_image(apply_decode_array=False, apply_mask=False)
        except TypeError:  # an older pikepdf: neither is applied
            pil = image.as_pil_image()
    return pil


def _is_cmyk(space: ColourSpace) -> bool:
    """CMYK samples, directly or through an Indexed palette (decoded to CMYK by pikepdf)."""
    if space.family == "Indexed" and space.base is not None:
        return _is_cmyk(space.base)
    return space.family == "DeviceCMYK" or (space.family == "ICCBased" and space.n == 4) \
        or (space.family == "DeviceN" and set(space.colorants) <= set(PROCESS))


def _inverted(obj: Any) -> bool:
    """A /Decode of [1 0 …] inverts the samples; Pillow already undoes Adobe JPEG inversion."""
    if not isinstance(obj, pikepdf.Stream):
        return False
    decode = obj.get("/Decode")
    return decode is not None and [float(v) for v in decode][:2] == [1.0, 0.0] \
        and obj.get("/Filter") != "/DCTDecode"
