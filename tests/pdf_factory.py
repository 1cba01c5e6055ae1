"""Tiny PDFs made by the tests themselves: a clean print page, then one defect at a time.

The clean page is an A4 sheet with 3 mm bleed, a FOGRA39 output intent, a CMYK fill (bled) and
a CMYK image of 300 ppi; each ``defect`` changes exactly one thing. Written with pikepdf's
public API, as finishing writes the real files.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from pipeline.finishing.intent import OutputCondition, add_output_intent

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
PROFILE = Path(__file__).resolve().parent.parent / "brand" / "FOGRA39.icc"


def _box(x0: float, y0: float, x1: float, y1: float) -> Array:
    return Array([x0, y0, x1, y1])


def _image(pdf: pikepdf.Pdf, size: int, space: str, components: int) -> pikepdf.Stream:
    pixels = bytes([40, 30, 20, 10][:components]) * (size * size)
    image = pikepdf.Stream(pdf, b"")
    image.write(zlib.compress(pixels), filter=Name.FlateDecode)
    image.Type, image.Subtype = Name.XObject, Name.Image
    image.Width = image.Height = size
    image.ColorSpace = Name(space)
    image.BitsPerComponent = 8
    return image


def _type3_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """A one-glyph Type 3 font: its glyph is a content stream, so it is 'embedded'."""
    glyph = pikepdf.Stream(pdf, b"500 0 0 0 500 700 d1 0 0 500 700 re f")
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type3, FontBBox=Array([0, 0, 500, 700]),
        FontMatrix=Array([0.001, 0, 0, 0.001, 0, 0]), CharProcs=Dictionary(box=glyph),
        Encoding=Dictionary(Type=Name.Encoding, Differences=Array([65, Name.box])),
        FirstChar=65, LastChar=65, Widths=Array([500]), Resources=Dictionary()))


def make_pdf(defect: str | None = None) -> bytes:
    """The clean page, or the page with ``defect``."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=A4)
    page = pdf.pages[0]
    bleed = 1 if defect == "bleed-1mm" else 3
    page.MediaBox = _box(-10 * MM, -10 * MM, A4[0] + 10 * MM, A4[1] + 10 * MM)
    page.BleedBox = _box(-bleed * MM, -bleed * MM, A4[0] + bleed * MM, A4[1] + bleed * MM)
    if defect != "no-trimbox":
        page.TrimBox = _box(0, 0, *A4)
    fill = b"1 0.9 0.9 1 k" if defect == "tac-380" else b"0 0.95 0.85 0.05 k"
    # The fill sits in the trim's bottom-left corner and runs 3 mm into the bleed.
    ops = [b"q", fill, b"-8.504 -8.504 108.504 108.504 re f", b"Q"]
    fonts = Dictionary()
    if defect == "rgb-image":
        image = _image(pdf, 300, "/DeviceRGB", 3)
    elif defect == "low-ppi":
        image = _image(pdf, 72, "/DeviceCMYK", 4)
    else:
        image = _image(pdf, 300, "/DeviceCMYK", 4)
    # The image is placed one inch square at (200, 300) pt: 300 px → 300 ppi.
    ops += [b"q 72 0 0 72 200 300 cm /Im1 Do Q"]
    if defect == "rgb-text":
        fonts.F1 = _type3_font(pdf)
        ops += [b"BT /F1 12 Tf 1 0 0 rg 100 500 Td (A) Tj ET"]
    elif defect == "unembedded-font":
        fonts.F1 = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1,
                                                BaseFont=Name.Helvetica))
        ops += [b"BT /F1 12 Tf 0 0 0 1 k 100 500 Td (A) Tj ET"]
    page.Resources = Dictionary(Font=fonts, XObject=Dictionary(Im1=image))
    page.Contents = pikepdf.Stream(pdf, b"\n".join(ops))
    if defect == "link-annotation":
        page.Annots = Array([pdf.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=_box(100, 100, 200, 120),
            A=Dictionary(S=Name.URI, URI=String("https://www.caritas.lt"))))])
    if defect != "no-pdfx-id":
        pdf.docinfo[Name.GTS_PDFXVersion] = String("PDF/X-4")
    if defect != "no-output-intent":
        add_output_intent(pdf, OutputCondition("FOGRA39", "Coated FOGRA39", PROFILE))
    out = io.BytesIO()
    pdf.save(out, force_version="1.6", deterministic_id=True)
    return out.getvalue()


# --- one page from a content stream ---------------------------------------------------------
# ``page(content, resources)`` writes the clean page's boxes, identification and output intent
# around any content stream, so a test states exactly what paints and nothing else. Values are
# plain Python: "/Name" strings are names, other strings are strings, dicts and lists nest,
# ``Raw(stream data, **keys)`` is a stream (each Raw object written once, so it can be shared).


class Raw:
    """A stream to write into the page's PDF: its data and dictionary (plain values)."""

    def __init__(self, data: bytes = b"", **keys: object) -> None:
        self.data, self.keys = data, keys


def image(width: int, height: int, space: object = "/DeviceCMYK", *, bits: int = 8,
          samples: bytes | None = None, pixel: bytes | None = None, **keys: object) -> Raw:
    """An image XObject (Flate): ``samples`` as given, else every pixel ``pixel``."""
    if samples is None:
        components = {"/DeviceCMYK": 4, "/DeviceRGB": 3}.get(str(space), 1)
        default = bytes([40, 30, 20, 10][:components]) if bits == 8 else \
            bytes([0x80] * components * 2)
        samples = (pixel or default) * (width * height) if bits != 1 else \
            bytes([0xAA]) * ((width + 7) // 8 * height)
    more: dict[str, object] = {"ColorSpace": space, "BitsPerComponent": bits}
    if keys.get("ImageMask"):
        more = {}
    return Raw(zlib.compress(samples), Type="/XObject", Subtype="/Image", Width=width,
               Height=height, Filter="/FlateDecode", **more, **keys)


def form(content: bytes, resources: dict[str, object] | None = None,
         bbox: tuple[float, float, float, float] = (0, 0, 1000, 1000), **keys: object) -> Raw:
    """A Form XObject with its own content and resources."""
    return Raw(content, Type="/XObject", Subtype="/Form", BBox=list(bbox),
               Resources=resources or {}, **keys)


def type3_font(glyph: bytes = b"500 0 0 0 500 700 d1 0 0 500 700 re f",
               resources: dict[str, object] | None = None) -> dict[str, object]:
    """A one-glyph Type 3 font (code 65, "A") whose glyph procedure is ``glyph``."""
    return {"Type": "/Font", "Subtype": "/Type3", "FontBBox": [0, 0, 500, 700],
            "FontMatrix": [0.001, 0, 0, 0.001, 0, 0], "CharProcs": {"box": Raw(glyph)},
            "Encoding": {"Type": "/Encoding", "Differences": [65, "/box"]},
            "FirstChar": 65, "LastChar": 65, "Widths": [500], "Resources": resources or {}}


FONT = type3_font()
"""The font every text of ``page`` uses unless told otherwise (/F1: outlines, embedded)."""


def mm(*values: float) -> bytes:
    """Lengths in mm as PDF numbers in pt: ``mm(20, 30)`` → ``b"56.693 85.039"``."""
    return " ".join(f"{v * MM:.3f}" for v in values).encode()


def box_at(x: float, top: float, width: float, height: float) -> bytes:
    """``re`` operands of a rectangle ``x`` mm from the trim's left, ``top`` mm from its top."""
    return mm(x, 297 - top - height, width, height) + b" re"


def text_at(x: float, top: float, size: float, text: bytes = b"A", font: bytes = b"/F1"
            ) -> bytes:
    """``BT … ET`` showing ``text`` at ``size`` pt, its em square's top-left at (x, top) mm."""
    y = (297 - top) * MM - size
    return b"BT %s %g Tf %.3f %.3f Td (%s) Tj ET" % (font, size, x * MM, y, text)


def page(content: bytes, resources: dict[str, object] | None = None, *,
         version: str = "1.6", pdfx: str | None = "PDF/X-4", intent: str | None = "cmyk",
         bleed_mm: float = 3.0, trim: bool = True, pages: int = 1,
         page_keys: dict[str, object] | None = None, root: dict[str, object] | None = None,
         info: dict[str, str] | None = None, encrypt: bool = False) -> bytes:
    """One A4 PDF/X-4-shaped page painting ``content`` with ``resources`` (plain values).

    /F1 is ``FONT`` unless ``resources`` names fonts. ``intent`` "cmyk" embeds FOGRA39,
    "rgb" a 3-channel profile, ``None`` none; ``pdfx`` is written in the Info dictionary;
    ``page_keys`` and ``root`` add entries to the page and the catalog; ``pages`` repeats
    the page.
    """
    pdf = pikepdf.new()
    made: dict[int, pikepdf.Object] = {}

    def obj(value: object) -> object:
        if isinstance(value, Raw):
            if id(value) not in made:
                stream = pikepdf.Stream(pdf, value.data)
                for key, item in value.keys.items():
                    stream[Name("/" + key)] = obj(item)
                made[id(value)] = stream
            return made[id(value)]
        if isinstance(value, dict):
            return Dictionary({"/" + k: obj(v) for k, v in value.items()})
        if isinstance(value, list | tuple):
            return Array([obj(v) for v in value])
        if isinstance(value, str):
            return Name(value) if value.startswith("/") else String(value)
        return value

    resources = dict(resources or {})
    resources.setdefault("Font", {"F1": FONT})
    for _ in range(pages):
        pdf.add_blank_page(page_size=A4)
        new = pdf.pages[-1]
        new.MediaBox = _box(-10 * MM, -10 * MM, A4[0] + 10 * MM, A4[1] + 10 * MM)
        new.BleedBox = _box(-bleed_mm * MM, -bleed_mm * MM, A4[0] + bleed_mm * MM,
                            A4[1] + bleed_mm * MM)
        if trim:
            new.TrimBox = _box(0, 0, *A4)
        new.Resources = obj(resources)
        new.Contents = pikepdf.Stream(pdf, content)
        for key, value in (page_keys or {}).items():
            new[Name("/" + key)] = obj(value)
    for key, value in (root or {}).items():
        pdf.Root[Name("/" + key)] = obj(value)
    if pdfx:
        pdf.docinfo[Name.GTS_PDFXVersion] = String(pdfx)
    for key, text in (info or {}).items():
        pdf.docinfo[Name("/" + key)] = String(text)
    if intent == "cmyk":
        add_output_intent(pdf, OutputCondition("FOGRA39", "Coated FOGRA39", PROFILE))
    elif intent == "rgb":
        profile = pikepdf.Stream(pdf, b"not a real profile", N=3)
        pdf.Root.OutputIntents = Array([Dictionary(
            Type=Name.OutputIntent, S=Name.GTS_PDFX, OutputConditionIdentifier=String("sRGB"),
            DestOutputProfile=profile)])
    out = io.BytesIO()
    encryption = pikepdf.Encryption(owner="printer", user="", R=4, aes=True) if encrypt \
        else False
    pdf.save(out, force_version=version, deterministic_id=not encrypt,
             encryption=encryption)
    return out.getvalue()
