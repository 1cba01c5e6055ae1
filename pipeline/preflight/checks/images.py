"""Images: effective resolution of every placement, bit depth and compression.

GWG 2015/2022 R0031 (colour and grey images: error at or below 149 ppi, warning at or
below 224 ppi), R0032 (1-bit: 549 / 799 ppi), images of at most 16 px either way not judged
(GWG 2022 implementation notes), effective resolution = the smaller of the two directions
through the CTM (D0018); print-specs.md §5.1, §6. 16-bit samples and JPEG 2000 are outside
what the GWG 2015 CMYK variants accept (profile ``max_bits``, ``jpeg2000``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import pikepdf

from pipeline.diagnostics import Severity
from pipeline.preflight.context import Preflight
from pipeline.preflight.objects import describe, image_pixels
from pipeline.preflight.registry import Hit, check


@check("image-resolution", "Effective image resolution", covers="R0031, R0032")
def image_resolution(ctx: Preflight) -> Iterator[Hit]:
    """Effective ppi at final size of every image placement, inline images included."""
    profile = ctx.profile
    for mark in ctx.marks:
        if mark.kind != "image" or mark.mask:
            continue
        width_px, height_px, bits = image_pixels(mark.obj)
        if width_px <= profile.small_px or height_px <= profile.small_px:
            continue
        a, b, c, d, _, _ = mark.ctm
        width_in = math.hypot(a, b) / 72 * ctx.scale
        height_in = math.hypot(c, d) / 72 * ctx.scale
        if width_in <= 0 or height_in <= 0:
            continue
        ppi = min(width_px / width_in, height_px / height_in)
        if bits == 1:
            low, good, rule = profile.min_ppi_1bit, profile.good_ppi_1bit, "R0032"
        else:
            (low, good), rule = ctx.ppi_limits, "R0031"
        what = describe(ctx, mark)
        placed = f"placed {width_in * 25.4:.1f} × {height_in * 25.4:.1f} mm"
        if ppi < low:
            yield Hit(mark.page, f"{ppi:.0f} ppi at final size ({placed}), below {low:g} ppi "
                                 f"(GWG {rule})", what, mark.bbox, measured=f"{ppi:.0f} ppi",
                      threshold=f"≥ {low:g} ppi", rank=-ppi)
        elif ppi < good:
            yield Hit(mark.page, f"{ppi:.0f} ppi at final size ({placed}), below {good:g} ppi "
                                 f"(GWG {rule})", what, mark.bbox, severity=Severity.WARNING,
                      measured=f"{ppi:.0f} ppi", threshold=f"≥ {good:g} ppi", rank=-ppi)
        else:
            yield Hit(mark.page, f"{what}: {ppi:.0f} ppi at final size ({placed})",
                      severity=Severity.INFO)


@check("image-bit-depth", "16-bit images", covers="GWG 2015 CMYK variants (8 bits)",
       severity=Severity.WARNING)
def image_bit_depth(ctx: Preflight) -> Iterator[Hit]:
    """Images with more bits per sample than the profile's ``max_bits``."""
    for mark in ctx.marks:
        if mark.kind != "image":
            continue
        _, _, bits = image_pixels(mark.obj)
        if bits > ctx.profile.max_bits:
            yield Hit(mark.page, f"{bits}-bit samples; the profile accepts at most "
                                 f"{ctx.profile.max_bits}: save it with 8 bits per channel",
                      describe(ctx, mark), mark.bbox, measured=f"{bits} bit",
                      threshold=f"≤ {ctx.profile.max_bits} bit")


@check("image-jpeg2000", "JPEG 2000 compression", covers="GWG 2015 CMYK variants")
def image_jpeg2000(ctx: Preflight) -> Iterator[Hit]:
    """JPXDecode images where the profile does not accept JPEG 2000."""
    if ctx.profile.jpeg2000:
        return
    for mark in ctx.marks:
        if mark.kind == "image" and isinstance(mark.obj, pikepdf.Stream):
            filters = mark.obj.get("/Filter")
            names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) \
                else [str(filters)]
            if "/JPXDecode" in names:
                yield Hit(mark.page, "JPEG 2000 compressed; the profile does not accept it: "
                                     "use JPEG or ZIP", describe(ctx, mark), mark.bbox)
