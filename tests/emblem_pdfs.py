"""EU emblems drawn by the tests themselves, in each reproduction form the rules allow.

Each PDF is one A4 page (TrimBox = MediaBox) with a 30 mm high emblem drawn as vector paths
from the geometric definition (pipeline.emblem's star geometry), in a chosen colour form;
or the emblem as a placed raster image of a given pixel size. Written with pikepdf's public
API.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name
from PIL import Image, ImageDraw

from pipeline.emblem import RATIO, STAR_RADIUS, star_centres, star_polygon

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
# Where the emblem's rectangle sits on the page: its lower-left corner, in pt.
ORIGIN = (40 * MM, 200 * MM)


def _tint_function(pdf: pikepdf.Pdf, cmyk: tuple[float, float, float, float]) -> pikepdf.Object:
    """A type 2 function from tint 0 (no ink) to tint 1 (``cmyk``), the spot's alternate."""
    return pdf.make_indirect(Dictionary(FunctionType=2, Domain=Array([0, 1]),
                                        C0=Array([0, 0, 0, 0]), C1=Array(list(cmyk)), N=1))


def _paths(height_mm: float, star_radius: float = STAR_RADIUS) -> tuple[bytes, list[bytes]]:
    """The rectangle and the twelve stars as PDF path operators (pt, y upwards)."""
    h = height_mm * MM
    w = h * RATIO
    x0, y0 = ORIGIN
    field = f"{x0:.3f} {y0:.3f} {w:.3f} {h:.3f} re".encode()
    stars = []
    for cx, cy in star_centres(h):
        points = star_polygon(cx, cy, h * star_radius)
        # SVG y runs downwards from the rectangle's top; PDF y upwards from the page's foot.
        ops = [f"{x0 + x:.3f} {y0 + h - y:.3f}" for x, y in points]
        stars.append((ops[0] + " m " + " l ".join(ops[1:]) + " l h").encode())
    return field, stars


FORMS = {
    # form: (field paint, star paint, outline paint or None)
    "cmyk": (b"1 0.8 0 0 k", b"0 0 1 0 k", None),
    "rgb": (b"0 0.2 0.6 rg", b"1 0.8 0 rg", None),
    "spot": (b"/Blue cs 1 scn", b"/Yellow cs 1 scn", None),
    "mono-black": (b"0 0 0 0 k", b"0 0 0 1 k", b"0 0 0 1 K"),
    "mono-blue": (b"1 0.8 0 0 k", b"0 0 0 0 k", None),
    "blue-20-off": (b"0.8 0.64 0 0 k", b"0 0 1 0 k", None),
}


def emblem_pdf(form: str, height_mm: float = 30) -> bytes:
    """One A4 page with the emblem ``height_mm`` high drawn in ``form`` (a key of FORMS)."""
    field_paint, star_paint, outline = FORMS[form]
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=A4)
    page = pdf.pages[0]
    page.TrimBox = Array([0, 0, *A4])
    field, stars = _paths(height_mm)
    ops = [b"q", field_paint]
    if outline is not None:  # black-only: the rectangle outlined, H/90 wide, inside the edge
        ops += [outline, f"{height_mm * MM / 90:.3f} w".encode()]
        h = height_mm * MM
        inset = h / 180
        x0, y0 = ORIGIN
        ops += [f"{x0 + inset:.3f} {y0 + inset:.3f} {h * RATIO - 2 * inset:.3f} "
                f"{h - 2 * inset:.3f} re B".encode()]
    else:
        ops += [field, b"f"]
    ops += [star_paint] + [star + b" f" for star in stars] + [b"Q"]
    page.Contents = pikepdf.Stream(pdf, b"\n".join(ops))
    if form == "spot":
        page.Resources = Dictionary(ColorSpace=Dictionary(
            Blue=Array([Name.Separation, Name("/PANTONE Reflex Blue C"), Name.DeviceCMYK,
                        _tint_function(pdf, (1, 0.73, 0, 0.02))]),
            Yellow=Array([Name.Separation, Name("/PANTONE Yellow C"), Name.DeviceCMYK,
                          _tint_function(pdf, (0, 0.01, 1, 0))])))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def emblem_image(width_px: int) -> Image.Image:
    """The colour emblem as an RGB raster ``width_px`` wide (screen colours), anti-aliased."""
    big = 4 * width_px
    height = round(big / RATIO)
    image = Image.new("RGB", (big, height), (0, 51, 153))
    draw = ImageDraw.Draw(image)
    for cx, cy in star_centres(height):
        draw.polygon(star_polygon(cx, cy, height * STAR_RADIUS), fill=(255, 204, 0))
    return image.resize((width_px, round(width_px / RATIO)), Image.Resampling.LANCZOS)


def raster_emblem_pdf(width_px: int, height_mm: float = 30, quality: int = 75) -> bytes:
    """One A4 page with the emblem placed as a JPEG ``width_px`` wide, ``height_mm`` high."""
    image = emblem_image(width_px)
    jpeg = io.BytesIO()
    image.save(jpeg, "JPEG", quality=quality)
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=A4)
    page = pdf.pages[0]
    page.TrimBox = Array([0, 0, *A4])
    xobject = pikepdf.Stream(pdf, jpeg.getvalue())
    xobject.Type, xobject.Subtype = Name.XObject, Name.Image
    xobject.Width, xobject.Height = image.size
    xobject.ColorSpace, xobject.BitsPerComponent = Name.DeviceRGB, 8
    xobject.Filter = Name.DCTDecode
    page.Resources = Dictionary(XObject=Dictionary(Em=xobject))
    h = height_mm * MM
    page.Contents = pikepdf.Stream(
        pdf, f"q {h * RATIO:.3f} 0 0 {h:.3f} {ORIGIN[0]:.3f} {ORIGIN[1]:.3f} cm /Em Do Q".encode())
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
