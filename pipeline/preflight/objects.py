"""How a finding names the object it is about, so a prepress operator can find it.

Text runs by their first characters and size, images by pixel size and (for build-print's
own files) the source file, paths by their paint, each with where it was found when not
directly on the page (a form, a pattern, an annotation's appearance, a soft mask).
"""

from __future__ import annotations

from typing import Any

import pikepdf

from pipeline.preflight.context import Preflight
from pipeline.preflight.geometry import scale_of
from pipeline.preflight.marks import Mark

SHADING_TYPES = {1: "function-based", 2: "axial", 3: "radial", 4: "free-form mesh",
                 5: "lattice mesh", 6: "Coons patch", 7: "tensor patch"}


def final_size(ctx: Preflight, pt: float) -> float:
    """A length in pt of the file at final (printed) size: × the layout scale.

    Rounded to 0.01 pt: an 8 pt size stored through matrices comes out as 7.9999.
    """
    return round(pt * ctx.scale, 2)


def line_width(ctx: Preflight, mark: Mark) -> float:
    """The stroke width of ``mark`` in pt at final size (0 = the device's thinnest)."""
    return final_size(ctx, mark.state.line_width * scale_of(mark.ctm))


def text_size(ctx: Preflight, mark: Mark) -> float:
    """The text size of ``mark`` in pt at final size."""
    return final_size(ctx, mark.text_size)


def image_pixels(obj: Any) -> tuple[int, int, int]:
    """(width, height, bits per component) of an image XObject or inline image."""
    if isinstance(obj, pikepdf.Stream):
        bits = 1 if obj.get("/ImageMask") else int(obj.get("/BitsPerComponent", 8))
        return int(obj.get("/Width", 0)), int(obj.get("/Height", 0)), bits
    try:
        return int(obj.width), int(obj.height), int(obj.bits_per_component)
    except (AttributeError, ValueError, NotImplementedError, pikepdf.PdfError):
        return 0, 0, 8


def describe(ctx: Preflight, mark: Mark) -> str:
    """The object as a finding names it: ``text "Pagalba 24/7" (6.0 pt)``, ``image …``."""
    if mark.kind == "text" or (mark.kind == "stroke" and mark.shown is not None):
        x0, y0, x1, y1 = mark.bbox  # the em square of the first glyph: read on along the line
        words = ctx.text_at(mark.page, (x0, y0, x0 + (x1 - x0) * 16, y1))
        what = f'text "{words}"' if words else f"text in {mark.name or 'a font'}"
        what += f" ({text_size(ctx, mark):.1f} pt" + (", stroked)" if mark.kind == "stroke"
                                                       else ")")
    elif mark.kind == "image":
        width, height, _ = image_pixels(mark.obj)
        what = f"{ctx.image_name(width, height, mark.name)} ({width} × {height} px)"
    elif mark.kind == "shading":
        kind = int(mark.obj.get("/ShadingType", 0)) if mark.obj is not None else 0
        what = f"{SHADING_TYPES.get(kind, 'a')} shading {mark.name}"
    else:
        what = mark.kind
    if mark.origin != "page":
        what += f" in {mark.origin}"
    return what
