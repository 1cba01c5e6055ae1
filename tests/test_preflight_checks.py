"""Every registered preflight check, proven by a PDF that fails it and a twin that passes.

Each ``Pair`` is two pages made here with pikepdf (``tests/pdf_factory.page``) that differ in
one thing: the failing one must give the check's finding at its severity, naming the measured
value (and, for a located finding, where it is from the trim's top-left); the passing one must
give that check no error or warning. Then the ways paint can hide from a naive walk: forms,
patterns, soft masks, annotation appearances, Type 3 glyphs, DeviceN, text render modes,
``q``/``Q`` and ``gs``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipeline.brand import load_brand
from pipeline.diagnostics import Diagnostic, Severity
from pipeline.preflight import CHECKS, Expectations, run_preflight
from tests.pdf_factory import (
    MM,
    PROFILE,
    Raw,
    box_at,
    form,
    image,
    mm,
    page,
    text_at,
    type3_font,
)

REPO = Path(__file__).resolve().parent.parent
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
K = b"0 0 0 1 k "
"""100 % black: one plate, 100 % ink."""


def at(x: float, y: float) -> str:
    """How a finding locates an object whose top-left is ``x``, ``y`` mm from the trim's."""
    return f"at {x:.1f}, {y:.1f} mm from the trim's top-left"


def found(data: bytes, code: str, **expect: object) -> list[Diagnostic]:
    """The findings of ``code`` on ``data`` with default expectations (and ``expect``)."""
    return [d for d in run_preflight(data, Expectations(job="t.pdf", **expect))  # type: ignore[arg-type]
            if d.code == code]


def gstate(**keys: object) -> dict[str, object]:
    """Resources with one ExtGState /GS1."""
    return {"ExtGState": {"GS1": {"Type": "/ExtGState", **keys}}}


def function(c0: list[float], c1: list[float]) -> dict[str, object]:
    """An exponential (type 2) function from ``c0`` to ``c1`` over [0 1]."""
    return {"FunctionType": 2, "Domain": [0, 1], "C0": c0, "C1": c1, "N": 1}


def axial(space: str, c0: list[float], c1: list[float]) -> dict[str, object]:
    """An axial shading over 100 mm along x from the page's origin."""
    return {"ShadingType": 2, "ColorSpace": space, "Coords": [0, 0, 100 * MM, 0],
            "Function": function(c0, c1), "Extend": [True, True]}


def separation(name: str) -> list[object]:
    """A Separation space ``name`` with a CMYK alternate (tint 1 = 100 % K)."""
    return ["/Separation", "/" + name, "/DeviceCMYK", function([0, 0, 0, 0], [0, 0, 0, 1])]


def placed(x: float, top: float, size: float, name: bytes = b"/Im") -> bytes:
    """Paint image ``name`` as a square of ``size`` mm, top-left at (x, top) mm."""
    return b"q " + mm(size, 0, 0, size, x, 297 - top - size) + b" cm " + name + b" Do Q"


def font_type1(base: str, embedded: bool = True) -> dict[str, object]:
    """A simple Type 1 font ``base``, embedded (a FontFile3 stream) or not."""
    font: dict[str, object] = {"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/" + base}
    if embedded:
        font["FontDescriptor"] = {"Type": "/FontDescriptor", "FontName": "/" + base,
                                  "Flags": 32, "FontBBox": [0, 0, 1000, 1000],
                                  "ItalicAngle": 0, "Ascent": 800, "Descent": -200,
                                  "CapHeight": 700, "StemV": 80,
                                  "FontFile3": Raw(b"not a real font", Subtype="/Type1C")}
    return font


def cid_font(cid_to_gid: object = "/Identity", embedded: bool = True) -> dict[str, object]:
    """A Type 0 font (Identity-H) over a TrueType CID font, with ``cid_to_gid``."""
    font_file = {"FontFile2": Raw(b"not a real font")} if embedded else {}
    return {"Type": "/Font", "Subtype": "/Type0", "BaseFont": "/ABCDEF+Dummy",
            "Encoding": "/Identity-H", "DescendantFonts": [{
                "Type": "/Font", "Subtype": "/CIDFontType2", "BaseFont": "/ABCDEF+Dummy",
                "CIDSystemInfo": {"Registry": "Adobe", "Ordering": "Identity", "Supplement": 0},
                "FontDescriptor": {"Type": "/FontDescriptor", "FontName": "/ABCDEF+Dummy",
                                   "Flags": 4, "FontBBox": [0, 0, 1000, 1000],
                                   "ItalicAngle": 0, "Ascent": 800, "Descent": -200,
                                   "CapHeight": 700, "StemV": 80, **font_file},
                "CIDToGIDMap": cid_to_gid}]}


def pattern_tiling(content: bytes, resources: dict[str, object], matrix: list[float]) -> Raw:
    """A coloured tiling pattern of one 72 pt cell painting ``content``."""
    return Raw(content, Type="/Pattern", PatternType=1, PaintType=1, TilingType=1,
               BBox=[0, 0, 72, 72], XStep=72, YStep=72, Matrix=matrix, Resources=resources)


def inline_image(px: int, space: bytes = b"/DeviceCMYK", components: int = 4) -> bytes:
    """``BI … ID … EI`` of ``px`` × ``px`` pixels, unfiltered (samples never spell EI)."""
    return (b"BI /W %d /H %d /CS %s /BPC 8 ID " % (px, px, space)
            + bytes([0x30]) * (px * px * components) + b" EI")


# --- the pairs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """A check proven: ``bad()`` gives ``code`` at ``severity`` saying each of ``says``;
    ``good()`` gives ``code`` no error or warning. ``expect`` adds to the expectations."""

    id: str
    code: str
    severity: Severity
    bad: Callable[[], bytes]
    good: Callable[[], bytes]
    says: tuple[str, ...] = ()
    expect: dict[str, object] = field(default_factory=dict)
    good_expect: dict[str, object] | None = None
    """Expectations of the passing PDF, if not ``expect``."""


def _brand() -> object:
    brand, problems = load_brand(REPO / "brand", REPO)
    assert brand is not None, problems
    return brand


ICC_CMYK = Raw(PROFILE.read_bytes(), N=4)
BOX = box_at(20, 30, 40, 20)
"""A 40 × 20 mm rectangle 20 mm from the trim's left and 30 mm from its top."""
FILL = BOX + b" f"
STROKE = BOX + b" S"
SH_PATTERN = {"Pattern": {"P1": {"PatternType": 2, "Shading": axial(
    "/DeviceRGB", [1, 0, 0], [0, 0, 1])}}}
SPOT_IN_DEVICEN = ["/DeviceN", ["/Cyan", "/PANTONE 286 C"], "/DeviceCMYK",
                   Raw(b"{pop pop 0 0 0 1}", FunctionType=4, Domain=[0, 1, 0, 1],
                       Range=[0, 1, 0, 1, 0, 1, 0, 1])]
PROCESS_DEVICEN = ["/DeviceN", ["/Cyan", "/Magenta"], "/DeviceCMYK",
                   Raw(b"{pop pop 0 0 0 1}", FunctionType=4, Domain=[0, 1, 0, 1],
                       Range=[0, 1, 0, 1, 0, 1, 0, 1])]


def _annot(flags: int) -> dict[str, object]:
    return {"Annots": [{"Type": "/Annot", "Subtype": "/Stamp", "F": flags,
                        "Rect": [56.693, 700, 156.693, 750],
                        "AP": {"N": form(b"1 0 0 rg 0 0 100 50 re f", bbox=(0, 0, 100, 50))}}]}


def _checkbox(state: str) -> dict[str, object]:
    on = form(b"1 0 0 rg 0 0 100 50 re f", bbox=(0, 0, 100, 50))
    off = form(K + b"0 0 100 50 re f", bbox=(0, 0, 100, 50))
    return {"Annots": [{"Type": "/Annot", "Subtype": "/Stamp", "F": 4, "AS": state,
                        "Rect": [56.693, 700, 156.693, 750], "AP": {"N": {"On": on, "Off": off}}}]}


def _smask(content: bytes) -> dict[str, object]:
    group = form(content, Group={"S": "/Transparency"})
    return gstate(SMask={"Type": "/Mask", "S": "/Luminosity", "G": group})


def _type3_image(glyph_image: bool) -> dict[str, object]:
    glyph = b"500 0 d0 q 500 0 0 700 0 0 cm /Im Do Q" if glyph_image \
        else b"500 0 d0 0 0 0 1 k 0 0 500 700 re f"
    return {"Font": {"F1": type3_font(glyph, {"XObject": {"Im": image(20, 20)}})}}


def _overprint_form(group: bool) -> dict[str, object]:
    inner = form(b"/GS1 gs " + K + FILL, gstate(OP=True, op=True, OPM=1),
                 **({"Group": {"S": "/Transparency", "CS": "/DeviceCMYK"}} if group else {}))
    return {"XObject": {"Fm1": inner}}


PAIRS = [
    # document
    Pair("pdf-1.7", "pdf-version", ERROR, lambda: page(K + FILL, version="1.7"),
         lambda: page(K + FILL), ("PDF 1.7", "at most PDF 1.6")),
    Pair("pdfx-missing", "pdfx-version", ERROR, lambda: page(K + FILL, pdfx=None),
         lambda: page(K + FILL), ("no PDF/X identification",)),
    Pair("pdfx-3", "pdfx-version", ERROR, lambda: page(K + FILL, pdfx="PDF/X-3:2002"),
         lambda: page(K + FILL), ("identifies itself as PDF/X-3:2002", "PDF/X-4 is required")),
    Pair("intent-missing", "output-intent", ERROR, lambda: page(K + FILL, intent=None),
         lambda: page(K + FILL), ("no PDF/X output intent",)),
    Pair("intent-rgb", "output-intent", ERROR, lambda: page(K + FILL, intent="rgb"),
         lambda: page(K + FILL), ("output profile is not CMYK",)),
    Pair("encrypted", "encryption", ERROR, lambda: page(K + FILL, encrypt=True),
         lambda: page(K + FILL), ("encrypted",)),
    Pair("js-name-tree", "javascript", ERROR, lambda: page(K + FILL, root={"Names": {
        "JavaScript": {"Names": ["a", {"S": "/JavaScript", "JS": "app.alert(1)"}]}}}),
        lambda: page(K + FILL, root={"Names": {}}), ("document JavaScript",)),
    Pair("js-open-action-chain", "javascript", ERROR, lambda: page(K + FILL, root={
        "OpenAction": {"S": "/URI", "URI": "https://caritas.lt",
                       "Next": {"S": "/JavaScript", "JS": "x"}}}),
        lambda: page(K + FILL, root={"OpenAction": {"S": "/URI", "URI": "https://caritas.lt"}}),
        ("the open action",)),
    Pair("form-fields", "form-fields", ERROR, lambda: page(K + FILL, root={"AcroForm": {
        "Fields": [{"FT": "/Tx", "T": "name", "Rect": [0, 0, 10, 10]}]}}),
        lambda: page(K + FILL, root={"AcroForm": {"Fields": []}}),
        ("1 interactive form field(s)",)),
    Pair("annotation-link", "annotations", ERROR, lambda: page(K + FILL, page_keys={"Annots": [
        {"Type": "/Annot", "Subtype": "/Link", "Rect": [0, 0, 10, 10]}]}),
        lambda: page(K + FILL), ("1 Link",)),
    Pair("layer-off", "optional-content", ERROR, lambda: page(K + FILL, root={"OCProperties": {
        "OCGs": [ocg := {"Type": "/OCG", "Name": "Varnish"}], "D": {"OFF": [ocg]}}}),
        lambda: page(K + FILL, root={"OCProperties": {
            "OCGs": [ocg2 := {"Type": "/OCG", "Name": "Varnish"}], "D": {"ON": [ocg2]}}}),
        ("Varnish",)),
    Pair("blend-rgb-page", "transparency-space", ERROR, lambda: page(K + FILL, page_keys={
        "Group": {"S": "/Transparency", "CS": "/DeviceRGB"}}),
        lambda: page(K + FILL, page_keys={"Group": {"S": "/Transparency", "CS": "/DeviceCMYK"}}),
        ("the page blends in DeviceRGB",)),
    Pair("blend-rgb-form", "transparency-space", ERROR, lambda: page(
        b"/Fm1 Do", {"XObject": {"Fm1": form(K + FILL, Group={
            "S": "/Transparency", "CS": "/DeviceRGB"})}}),
        lambda: page(b"/Fm1 Do", {"XObject": {"Fm1": form(K + FILL, Group={
            "S": "/Transparency", "CS": "/DeviceCMYK"})}}),
        ("form /Fm1 blends in DeviceRGB",)),
    Pair("opacity", "transparency", WARNING, lambda: page(b"/GS1 gs " + K + FILL,
                                                          gstate(ca=0.5)),
         lambda: page(b"/GS1 gs " + K + FILL, gstate(ca=1)), ("opacity 0.5",)),
    Pair("image-soft-mask", "transparency", WARNING, lambda: page(placed(20, 30, 25.4), {
        "XObject": {"Im": image(300, 300, SMask=image(300, 300, "/DeviceGray"))}}),
        lambda: page(placed(20, 30, 25.4), {"XObject": {"Im": image(300, 300)}}),
        ("image /Im has a soft mask",)),
    Pair("page-count", "page-count", ERROR, lambda: page(K + FILL),
         lambda: page(K + FILL, pages=2), ("1 pages; the product has 2",), {"pages": 2}),
    # page geometry
    Pair("no-trimbox", "page-boxes", ERROR, lambda: page(K + FILL, trim=False),
         lambda: page(K + FILL), ("no TrimBox",)),
    Pair("bleed-1mm", "page-boxes", ERROR, lambda: page(K + FILL, bleed_mm=1),
         lambda: page(K + FILL), ("left 1.00 mm", "at least 3 mm")),
    Pair("user-unit", "page-boxes", ERROR, lambda: page(K + FILL, page_keys={"UserUnit": 2}),
         lambda: page(K + FILL), ("UserUnit is set",)),
    Pair("cropbox", "page-boxes", WARNING, lambda: page(K + FILL, page_keys={
        "CropBox": [0, 0, 595.276, 841.89]}), lambda: page(K + FILL),
        ("CropBox differs from the MediaBox",)),
    Pair("trim-size", "page-boxes", ERROR, lambda: page(K + FILL), lambda: page(K + FILL),
         ("TrimBox 210.00 × 297.00 mm, expected 148 × 210 mm",), {"trim_mm": (148, 210)},
         {"trim_mm": (210, 297)}),
    # bleed (the render-based check has its own tests in test_preflight_bleed.py)
    Pair("stops-at-trim", "bleed-artwork", ERROR, lambda: page(K + box_at(0, 50, 80, 100) + b" f"),
         lambda: page(K + box_at(-3, 50, 83, 100) + b" f"),
         ("artwork on the left edge at 0.0, ", "stops at the trim over", "3 mm into the bleed")),
    # colour
    Pair("rgb-fill", "colour-rgb", ERROR, lambda: page(b"1 0 0 rg " + FILL),
         lambda: page(K + FILL), ("fill " + at(20, 30), "DeviceRGB colour")),
    Pair("rgb-stroke", "colour-rgb", ERROR, lambda: page(b"1 0 0 RG " + STROKE),
         lambda: page(b"0 0 0 1 K " + STROKE), ("stroke " + at(20, 30),)),
    Pair("icc-rgb-image", "colour-rgb", ERROR, lambda: page(placed(20, 30, 25.4), {
        "XObject": {"Im": image(300, 300, ["/ICCBased", Raw(b"icc", N=3)],
                                pixel=b"\x10\x20\x30")}}),
        lambda: page(placed(20, 30, 25.4), {"XObject": {"Im": image(300, 300)}}),
        ("image /Im (300 × 300 px) " + at(20, 30), "ICCBased RGB colour")),
    Pair("rgb-indexed", "colour-rgb", ERROR, lambda: page(
        b"/CS1 cs 0 sc " + FILL, {"ColorSpace": {"CS1": ["/Indexed", "/DeviceRGB", 0,
                                                          "\x10\x20\x30"]}}),
        lambda: page(b"/CS1 cs 0 sc " + FILL, {"ColorSpace": {
            "CS1": ["/Indexed", "/DeviceCMYK", 0, "\x10\x20\x30\x40"]}}),
        ("Indexed DeviceRGB colour",)),
    Pair("lab", "colour-lab", ERROR, lambda: page(b"/L cs 50 0 0 sc " + FILL, {"ColorSpace": {
        "L": ["/Lab", {"WhitePoint": [0.9505, 1, 1.089], "Range": [-100, 100, -100, 100]}]}}),
        lambda: page(K + FILL), ("fill " + at(20, 30), "Lab colour space")),
    Pair("spot", "colour-spot", ERROR, lambda: page(b"/S cs 1 scn " + FILL, {"ColorSpace": {
        "S": separation("PANTONE 286 C")}}),
        lambda: page(b"/S cs 1 scn " + FILL, {"ColorSpace": {"S": separation("Black")}}),
        ('"PANTONE 286 C"', "1 spot colour(s)", "allows 0")),
    Pair("registration", "colour-registration", ERROR, lambda: page(
        b"/R cs 1 scn " + FILL, {"ColorSpace": {"R": separation("All")}}),
        # the same "All" as a crop mark outside the BleedBox
        lambda: page(b"/R cs 1 scn " + box_at(-9, 20, 4, 0.25) + b" f",
                     {"ColorSpace": {"R": separation("All")}}),
        ("fill " + at(20, 30), 'registration colour "All"')),
    # ink
    Pair("tac-fill", "ink-coverage", ERROR, lambda: page(b"1 0.9 0.9 1 k " + FILL),
         lambda: page(b"0.9 0.7 0.5 1 k " + FILL), ("fill " + at(20, 30), "total ink 380 %",
                                                    "exceeds 320 %")),
    Pair("tac-stroke", "ink-coverage", ERROR, lambda: page(b"5 w 1 0.9 0.9 1 K " + STROKE),
         lambda: page(b"5 w 0.9 0.7 0.5 1 K " + STROKE), ("stroke " + at(20, 30),
                                                         "total ink 380 %")),
    Pair("tac-text", "ink-coverage", ERROR, lambda: page(b"1 0.9 0.9 1 k " + text_at(20, 30, 24)),
         lambda: page(b"0.9 0.7 0.5 1 k " + text_at(20, 30, 24)), (at(20, 30), "380 %")),
    Pair("tac-image-block", "ink-coverage", ERROR, lambda: page(placed(20, 30, 30), {
        "XObject": {"Im": image(90, 90, pixel=b"\xff\xff\xff\xff")}}),
        lambda: page(placed(20, 30, 30), {"XObject": {"Im": image(
            90, 90, pixel=b"\xcc\xb3\x80\xff")}}),
        ("image /Im (90 × 90 px) " + at(20, 30), "total ink 400 % (measured)")),
    Pair("tac-image-spot", "ink-coverage", ERROR, lambda: page(placed(20, 30, 50), {
        "XObject": {"Im": image(150, 150, samples=_spot_image(150, 60))}}),
        # the same 400 % but 2 mm square: its mean over 15 mm is far under the limit
        lambda: page(placed(20, 30, 50), {"XObject": {"Im": image(150, 150, samples=_spot_image(
            150, 6))}}), ("image /Im", "total ink 400 %")),
    Pair("tac-image-decode", "ink-coverage", ERROR,  # /Decode [1 0 …]: 0 samples are 100 %
         lambda: page(placed(20, 30, 30), {"XObject": {"Im": image(
             90, 90, pixel=b"\0\0\0\0", Decode=[1, 0] * 4)}}),
         lambda: page(placed(20, 30, 30), {"XObject": {"Im": image(
             90, 90, pixel=b"\xff\xff\xff\xff", Decode=[1, 0] * 4)}}),
         ("image /Im (90 × 90 px) " + at(20, 30), "total ink 400 %")),
    Pair("tac-image-indexed", "ink-coverage", ERROR,  # measured through the palette
         lambda: page(placed(20, 30, 30), {"XObject": {"Im": image(90, 90, [
             "/Indexed", "/DeviceCMYK", 0, "\xff\xff\xff\xff"], pixel=b"\0")}}),
         lambda: page(placed(20, 30, 30), {"XObject": {"Im": image(90, 90, [
             "/Indexed", "/DeviceCMYK", 0, "\xcc\xb3\x80\xff"], pixel=b"\0")}}),
         ("image /Im (90 × 90 px) " + at(20, 30), "total ink 400 %")),
    Pair("tac-image-icc", "ink-coverage", ERROR,
         lambda: page(placed(20, 30, 30), {"XObject": {"Im": image(
             90, 90, ["/ICCBased", ICC_CMYK], pixel=b"\xff\xff\xff\xff")}}),
         lambda: page(placed(20, 30, 30), {"XObject": {"Im": image(
             90, 90, ["/ICCBased", ICC_CMYK], pixel=b"\xcc\xb3\x80\xff")}}),
         ("total ink 400 %",)),
    Pair("tac-image-soft-mask", "ink-coverage", ERROR,  # the mask does not hide the samples
         lambda: page(placed(20, 30, 30), {"XObject": {"Im": image(
             90, 90, pixel=b"\xff\xff\xff\xff", SMask=image(90, 90, "/DeviceGray"))}}),
         lambda: page(placed(20, 30, 30), {"XObject": {"Im": image(
             90, 90, pixel=b"\xcc\xb3\x80\xff", SMask=image(90, 90, "/DeviceGray"))}}),
         ("total ink 400 %",)),
    Pair("tac-image-16-bit", "ink-coverage", ERROR,
         lambda: page(placed(20, 30, 30), {"XObject": {"Im": image(
             90, 90, bits=16, pixel=b"\xff" * 8)}}),
         lambda: page(placed(20, 30, 30), {"XObject": {"Im": image(
             90, 90, bits=16, pixel=b"\xcc\xcc\xb3\xb3\x80\x80\xff\xff")}}),
         ("total ink 400 %",)),
    Pair("tac-shading-stops", "ink-coverage", ERROR,  # a middle stop of a stitched ramp
         lambda: page(b"q " + BOX + b" W n /Sh1 sh Q", {"Shading": {"Sh1": _stops(
             [1, 0.9, 0.9, 1])}}),
         lambda: page(b"q " + BOX + b" W n /Sh1 sh Q", {"Shading": {"Sh1": _stops(
             [0.8, 0.8, 0.6, 0.9])}}),
         ("axial shading /Sh1", "total ink 380 %")),
    Pair("tac-shading", "ink-coverage", ERROR, lambda: page(
        b"q " + BOX + b" W n /Sh1 sh Q", {"Shading": {"Sh1": axial(
            "/DeviceCMYK", [0, 0, 0, 0], [1, 0.9, 0.9, 1])}}),
        lambda: page(b"q " + BOX + b" W n /Sh1 sh Q", {"Shading": {"Sh1": axial(
            "/DeviceCMYK", [0, 0, 0, 0], [0.8, 0.8, 0.6, 0.9])}}),
        ("axial shading /Sh1", "total ink 380 %")),
    # overprint
    Pair("white-text-op", "overprint-white", ERROR, lambda: page(
        b"/GS1 gs 0 0 0 0 k " + text_at(20, 30, 24), gstate(OP=True, OPM=1)),
        lambda: page(b"/GS1 gs 0 0 0 0 k " + text_at(20, 30, 24), gstate(OP=False, OPM=1)),
        (at(20, 30), "white text set to overprint (OPM 1)", "R0007")),
    Pair("white-fill-op", "overprint-white", WARNING, lambda: page(
        b"/GS1 gs 0 0 0 0 k " + FILL, gstate(op=True)),
        lambda: page(b"/GS1 gs 0 0 0 0 k " + FILL, gstate(op=False)),
        ("fill " + at(20, 30), "white fill set to overprint", "R0008")),
    Pair("cm-short", "content-syntax", ERROR, lambda: page(b"1 0 0 cm " + K + FILL),
         lambda: page(b"1 0 0 1 0 0 cm " + K + FILL), ("malformed operator 'cm'",)),
    Pair("black-text-knocks-out", "overprint-black", WARNING,
         lambda: page(b"0 0 0 1 k " + text_at(20, 30, 10)),
         lambda: page(b"/GS1 gs 0 0 0 1 k " + text_at(20, 30, 10), gstate(OP=True, OPM=1)),
         (at(20, 30), "black text not set to overprint", "R0009"),
         expect={"profile": "gwg2015-sheetfed"}),
    Pair("black-text-gray", "black-gray", WARNING, lambda: page(b"0 g " + text_at(20, 30, 10)),
         lambda: page(b"0 0 0 1 k " + text_at(20, 30, 10)),
         (at(20, 30), "black text in DeviceGray", "R0011")),
    Pair("gray-op", "overprint-gray", WARNING, lambda: page(b"/GS1 gs 0.5 g " + FILL,
                                                            gstate(OP=True)),
         lambda: page(b"/GS1 gs 0 0 0 0.5 k " + FILL, gstate(OP=True, OPM=1)),
         ("fill " + at(20, 30), "DeviceGray set to overprint")),
    Pair("opm-0", "overprint-mode", WARNING, lambda: page(b"/GS1 gs " + K + FILL,
                                                          gstate(OP=True, OPM=0)),
         lambda: page(b"/GS1 gs " + K + FILL, gstate(OP=True, OPM=1)),
         ("fill " + at(20, 30), "OPM 0 on DeviceCMYK (C0 M0 Y0 K100)")),
    Pair("op-in-group", "overprint-group", WARNING, lambda: page(b"/Fm1 Do", _overprint_form(True)),
         lambda: page(b"/Fm1 Do", _overprint_form(False)),
         ("fill in form /Fm1 " + at(20, 30), "inside a transparency group")),
    # lines
    Pair("hairline", "line-hairline", ERROR, lambda: page(b"0 w " + K + STROKE),
         lambda: page(b"0.5 w " + K + STROKE), ("stroke " + at(20, 30), "line width 0 pt")),
    Pair("hairline-text-stroke", "line-hairline", ERROR,
         lambda: page(b"0 w 1 Tr 0 0 0 1 K " + text_at(20, 30, 24)),
         lambda: page(b"0 w 0 Tr 0 0 0 1 K " + text_at(20, 30, 24)),
         ("(24.0 pt, stroked) " + at(20, 30), "line width 0 pt")),
    Pair("thin", "line-thin", WARNING, lambda: page(b"0.1 w " + K + STROKE),
         lambda: page(b"0.3 w " + K + STROKE), ("stroke " + at(20, 30), "line 0.10 pt wide",
                                                 "below 0.25 pt")),
    Pair("thin-scaled", "line-thin", WARNING,  # 1 pt through a 0.1 scale is 0.1 pt
         lambda: page(b"0.1 0 0 0.1 0 0 cm 1 w " + K + box_at(200, 300, 400, 200) + b" S"),
         lambda: page(b"0.1 0 0 0.1 0 0 cm 3 w " + K + box_at(200, 300, 400, 200) + b" S"),
         ("line 0.10 pt wide",)),
    Pair("thin-at-scale", "line-thin", WARNING,  # 0.1 pt at 1:10 prints 1 pt wide
         lambda: page(b"0.1 w " + K + STROKE, bleed_mm=0.3),
         lambda: page(b"0.1 w " + K + STROKE, bleed_mm=0.3, info={"BuildPrintScale": "1:10"}),
         ("line 0.10 pt wide",)),
    Pair("multiplate", "line-multiplate", WARNING, lambda: page(b"0.2 w 1 1 0 0 K " + STROKE),
         lambda: page(b"0.2 w 0 0 0 1 K " + STROKE), ("stroke " + at(20, 30),
                                                      "line 0.20 pt wide on 2 plates")),
    Pair("white-line", "line-white", WARNING, lambda: page(b"0.2 w 0 0 0 0 K " + STROKE),
         lambda: page(b"0.3 w 0 0 0 0 K " + STROKE), ("stroke " + at(20, 30),
                                                      "white line 0.20 pt wide")),
    # text
    Pair("tiny-3pt", "text-tiny", ERROR, lambda: page(K + text_at(20, 30, 3)),
         lambda: page(K + text_at(20, 30, 6)), ('text "A" (3.0 pt) ' + at(20, 30),
                                                "3.0 pt text, below 4 pt")),
    Pair("small-4.5pt", "text-tiny", WARNING, lambda: page(K + text_at(20, 30, 4.5)),
         lambda: page(K + text_at(20, 30, 5)), ("4.5 pt text, below 5 pt",)),
    Pair("tiny-scaled", "text-tiny", ERROR,  # 30 pt through a 0.1 scale is 3 pt
         lambda: page(b"0.1 0 0 0.1 0 0 cm " + K + b"BT /F1 30 Tf 500 5000 Td (A) Tj ET"),
         lambda: page(b"0.1 0 0 0.1 0 0 cm " + K + b"BT /F1 60 Tf 500 5000 Td (A) Tj ET"),
         ("(3.0 pt)",)),
    Pair("tiny-at-scale", "text-tiny", ERROR,  # 3 pt at 1:10 prints at 30 pt
         lambda: page(K + text_at(20, 30, 3), bleed_mm=0.3),
         lambda: page(K + text_at(20, 30, 3), bleed_mm=0.3, info={"BuildPrintScale": "1:10"}),
         ("3.0 pt text",)),
    Pair("multiplate-text", "text-multiplate", WARNING,
         lambda: page(b"0.6 0.4 0.4 1 k " + text_at(20, 30, 6)),
         lambda: page(K + text_at(20, 30, 6)), ('text "A" (6.0 pt) ' + at(20, 30),
                                                "6.0 pt text on 4 plates (C60 M40 Y40 K100)")),
    Pair("white-text", "text-white", WARNING, lambda: page(b"0 0 0 0 k " + text_at(20, 30, 6)),
         lambda: page(b"0 0 0 0 k " + text_at(20, 30, 10)), (at(20, 30), "white 6.0 pt text")),
    Pair("rich-black", "text-rich-black", WARNING,
         lambda: page(b"0.7 0.7 0.7 1 k " + text_at(20, 30, 12)),
         lambda: page(b"0.6 0.4 0.4 1 k " + text_at(20, 30, 12)),
         (at(20, 30), "rich black text at 310 %", "over 280 %")),
    # images
    Pair("ppi-72", "image-resolution", ERROR, lambda: page(placed(20, 30, 25.4), {
        "XObject": {"Im": image(72, 72)}}),
        lambda: page(placed(20, 30, 25.4), {"XObject": {"Im": image(300, 300)}}),
        ("image /Im (72 × 72 px) " + at(20, 30), "72 ppi", "below 150 ppi")),
    Pair("ppi-200", "image-resolution", WARNING, lambda: page(placed(20, 30, 25.4), {
        "XObject": {"Im": image(200, 200)}}),
        lambda: page(placed(20, 30, 25.4), {"XObject": {"Im": image(240, 240)}}),
        ("200 ppi", "below 225 ppi")),
    Pair("ppi-1bit-mask", "image-resolution", ERROR, lambda: page(K + placed(20, 30, 25.4), {
        "XObject": {"Im": image(300, 300, bits=1, ImageMask=True)}}),
        lambda: page(K + placed(20, 30, 25.4), {"XObject": {"Im": image(
            1200, 1200, bits=1, ImageMask=True)}}), ("300 ppi", "below 550 ppi (GWG R0032)")),
    Pair("ppi-1bit-grey", "image-resolution", WARNING, lambda: page(placed(20, 30, 25.4), {
        "XObject": {"Im": image(600, 600, "/DeviceGray", bits=1)}}),
        lambda: page(placed(20, 30, 25.4), {"XObject": {"Im": image(
            900, 900, "/DeviceGray", bits=1)}}), ("600 ppi", "below 800 ppi")),
    Pair("ppi-inline", "image-resolution", ERROR,
         lambda: page(b"q " + mm(25.4, 0, 0, 25.4, 20, 297 - 30 - 25.4) + b" cm "
                      + inline_image(40) + b" Q"),
         lambda: page(b"q " + mm(3.4, 0, 0, 3.4, 20, 297 - 30 - 3.4) + b" cm "
                      + inline_image(40) + b" Q"),
         ("image inline image (40 × 40 px) " + at(20, 30), "40 ppi")),
    Pair("ppi-form-matrix", "image-resolution", ERROR,  # 300 px in 1 in, the form × 3: 100 ppi
         lambda: page(b"/Fm1 Do", {"XObject": {"Fm1": form(
             b"q 72 0 0 72 0 0 cm /Im Do Q", {"XObject": {"Im": image(300, 300)}},
             Matrix=[3, 0, 0, 3, 20 * MM, 100 * MM])}}),
         lambda: page(b"/Fm1 Do", {"XObject": {"Fm1": form(
             b"q 72 0 0 72 0 0 cm /Im Do Q", {"XObject": {"Im": image(300, 300)}},
             Matrix=[1, 0, 0, 1, 20 * MM, 100 * MM])}}),
         ("image /Im (300 × 300 px) in form /Fm1 " + at(20, 297 - 100 - 76.2), "100 ppi",
          "placed 76.2 × 76.2 mm")),
    Pair("ppi-tiling", "image-resolution", ERROR,
         lambda: page(b"/Pattern cs /P1 scn " + FILL, {"Pattern": {"P1": pattern_tiling(
             b"q 72 0 0 72 0 0 cm /Im Do Q", {"XObject": {"Im": image(300, 300)}},
             [3, 0, 0, 3, 0, 0])}}),
         lambda: page(b"/Pattern cs /P1 scn " + FILL, {"Pattern": {"P1": pattern_tiling(
             b"q 72 0 0 72 0 0 cm /Im Do Q", {"XObject": {"Im": image(300, 300)}},
             [1, 0, 0, 1, 0, 0])}}),
         ("in pattern /P1", "100 ppi")),
    Pair("ppi-small-image-not-judged", "image-resolution", ERROR,  # ≤ 16 px: a rule, a dot
         lambda: page(placed(20, 30, 100), {"XObject": {"Im": image(17, 17)}}),
         lambda: page(placed(20, 30, 100), {"XObject": {"Im": image(16, 16)}}), ("4 ppi",)),
    Pair("ppi-inline-mask", "image-resolution", ERROR,  # an inline stencil mask is 1-bit
         lambda: page(K + b"q " + mm(25.4, 0, 0, 25.4, 20, 297 - 30 - 25.4) + b" cm "
                      + b"BI /W 300 /H 300 /IM true ID " + bytes([0x30]) * (38 * 300)
                      + b" EI Q"),
         lambda: page(K + b"q " + mm(12.7, 0, 0, 12.7, 20, 297 - 30 - 12.7) + b" cm "
                      + b"BI /W 600 /H 600 /IM true ID " + bytes([0x30]) * (75 * 600)
                      + b" EI Q"),
         ("300 ppi", "below 550 ppi (GWG R0032)")),
    Pair("16-bit", "image-bit-depth", WARNING, lambda: page(placed(20, 30, 25.4), {
        "XObject": {"Im": image(300, 300, bits=16)}}),
        lambda: page(placed(20, 30, 25.4), {"XObject": {"Im": image(300, 300)}}),
        ("image /Im (300 × 300 px) " + at(20, 30), "16-bit samples")),
    Pair("jpeg2000", "image-jpeg2000", ERROR, lambda: page(placed(20, 30, 25.4), {
        "XObject": {"Im": Raw(b"\0" * 64, Type="/XObject", Subtype="/Image", Width=300,
                              Height=300, ColorSpace="/DeviceCMYK", BitsPerComponent=8,
                              Filter="/JPXDecode")}}),
        lambda: page(placed(20, 30, 25.4), {"XObject": {"Im": image(300, 300)}}),
        ("image /Im (300 × 300 px) " + at(20, 30), "JPEG 2000")),
    # fonts
    Pair("not-embedded", "font-embedded", ERROR, lambda: page(K + text_at(20, 30, 12), {
        "Font": {"F1": font_type1("Helvetica", embedded=False)}}),
        lambda: page(K + text_at(20, 30, 12), {"Font": {"F1": font_type1("Helvetica")}}),
        ("font Helvetica is not embedded",)),
    Pair("cid-not-embedded", "font-embedded", ERROR, lambda: page(
        K + text_at(20, 30, 12, b"\\000\\001"), {"Font": {"F1": cid_font(embedded=False)}}),
        lambda: page(K + text_at(20, 30, 12, b"\\000\\001"), {"Font": {"F1": cid_font()}}),
        ("font Dummy is not embedded",)),
    Pair("not-brand", "font-brand", ERROR, lambda: page(K + text_at(20, 30, 12), {
        "Font": {"F1": font_type1("ABCDEF+DejaVuSans")}}),
        lambda: page(K + text_at(20, 30, 12), {
            "Font": {"F1": font_type1("ABCDEF+SourceSansPro-Regular")}}),
        ("font DejaVuSans is not a brand font",), {"brand": "brand"}),
    Pair("type3-image", "font-type3-image", ERROR,
         lambda: page(K + text_at(20, 30, 24), _type3_image(True)),
         lambda: page(K + text_at(20, 30, 24), _type3_image(False)),
         ("/F1: a Type 3 font drawing images",)),
    Pair("notdef-identity", "font-notdef", ERROR,
         lambda: page(K + text_at(20, 30, 12, b"\\000\\000"), {"Font": {"F1": cid_font()}}),
         lambda: page(K + text_at(20, 30, 12, b"\\000\\001"), {"Font": {"F1": cid_font()}}),
         (at(20, 30), "shows .notdef (glyph 0) of Dummy")),
    Pair("notdef-map", "font-notdef", ERROR,  # CID 1 → glyph 0, CID 2 → glyph 5
         lambda: page(K + text_at(20, 30, 12, b"\\000\\001"), {"Font": {"F1": cid_font(
             Raw(b"\0\0\0\0\0\5"))}}),
         lambda: page(K + text_at(20, 30, 12, b"\\000\\002"), {"Font": {"F1": cid_font(
             Raw(b"\0\0\0\0\0\5"))}}),
         ("shows .notdef",)),
]

HIDDEN = [
    # RGB wherever paint can be: shadings, patterns, forms, soft masks, annotations, glyphs
    Pair("rgb-sh", "colour-rgb", ERROR, lambda: page(b"q " + BOX + b" W n /Sh1 sh Q", {
        "Shading": {"Sh1": axial("/DeviceRGB", [1, 0, 0], [0, 0, 1])}}),
        lambda: page(b"q " + BOX + b" W n /Sh1 sh Q", {
            "Shading": {"Sh1": axial("/DeviceCMYK", [1, 0, 0, 0], [0, 0, 1, 0])}}),
        ("axial shading /Sh1", "DeviceRGB colour")),
    Pair("rgb-shading-pattern", "colour-rgb", ERROR,
         lambda: page(b"/Pattern cs /P1 scn " + FILL, SH_PATTERN),
         lambda: page(b"/Pattern cs /P1 scn " + FILL, {"Pattern": {"P1": {
             "PatternType": 2, "Shading": axial("/DeviceCMYK", [1, 0, 0, 0], [0, 0, 1, 0])}}}),
         ("axial shading /P1 (shading pattern) " + at(20, 30), "DeviceRGB colour")),
    Pair("rgb-in-form", "colour-rgb", ERROR,
         lambda: page(b"/Fm1 Do", {"XObject": {"Fm1": form(b"1 0 0 rg " + FILL)}}),
         lambda: page(b"/Fm1 Do", {"XObject": {"Fm1": form(K + FILL)}}),
         ("fill in form /Fm1 " + at(20, 30),)),
    Pair("rgb-in-nested-form", "colour-rgb", ERROR,
         lambda: page(b"/Fm1 Do", {"XObject": {"Fm1": form(b"/Fm2 Do", {"XObject": {
             "Fm2": form(b"1 0 0 rg " + FILL)}})}}),
         lambda: page(b"/Fm1 Do", {"XObject": {"Fm1": form(b"/Fm2 Do", {"XObject": {
             "Fm2": form(K + FILL)}})}}),
         ("fill in form /Fm1 > form /Fm2 " + at(20, 30),)),
    Pair("rgb-in-tiling-pattern", "colour-rgb", ERROR,
         lambda: page(b"/Pattern cs /P1 scn " + FILL, {"Pattern": {"P1": pattern_tiling(
             b"1 0 0 rg 0 0 36 36 re f", {}, [1, 0, 0, 1, 0, 0])}}),
         lambda: page(b"/Pattern cs /P1 scn " + FILL, {"Pattern": {"P1": pattern_tiling(
             K + b"0 0 36 36 re f", {}, [1, 0, 0, 1, 0, 0])}}),
         ("fill in pattern /P1",)),
    Pair("rgb-in-soft-mask", "colour-rgb", ERROR,
         lambda: page(b"/GS1 gs " + K + FILL, _smask(b"1 0 0 rg " + FILL)),
         lambda: page(b"/GS1 gs " + K + FILL, _smask(b"0.5 g " + FILL)),
         ("fill in soft mask of /GS1 " + at(20, 30),)),
    Pair("rgb-in-printed-annotation", "colour-rgb", ERROR,  # without the Print flag: not paint
         lambda: page(K + FILL, page_keys=_annot(4)), lambda: page(K + FILL, page_keys=_annot(0)),
         ("fill in annotation /Stamp " + at(20, 297 - 750 / MM),)),
    Pair("rgb-in-type3-glyph", "colour-rgb", ERROR,
         lambda: page(K + text_at(20, 30, 24), {"Font": {"F1": type3_font(
             b"500 0 d0 1 0 0 rg 0 0 500 700 re f")}}),
         lambda: page(K + text_at(20, 30, 24), {"Font": {"F1": type3_font(
             b"500 0 d0 0 0 0 1 k 0 0 500 700 re f")}}),
         ("fill in Type 3 glyph of /F1 " + at(20, 32.5),)),  # the glyph is 700/1000 em
    Pair("spot-in-devicen", "colour-spot", ERROR,
         lambda: page(b"/CS1 cs 1 1 scn " + FILL, {"ColorSpace": {"CS1": SPOT_IN_DEVICEN}}),
         lambda: page(b"/CS1 cs 1 1 scn " + FILL, {"ColorSpace": {"CS1": PROCESS_DEVICEN}}),
         ('"PANTONE 286 C"',)),
    Pair("unknown-space", "colour-lab", ERROR, lambda: page(b"/Nowhere cs 1 sc " + FILL),
         lambda: page(b"/CS1 cs 1 sc " + FILL, {"ColorSpace": {"CS1": "/DeviceGray"}}),
         ("fill " + at(20, 30), "unknown colour space")),
    # text render modes: 1 strokes (with the line width), 3 paints nothing
    Pair("invisible-text-not-judged", "text-tiny", ERROR,
         lambda: page(K + b"0 Tr " + text_at(20, 30, 2)),
         lambda: page(K + b"3 Tr " + text_at(20, 30, 2)), ("2.0 pt text",)),
    Pair("invisible-rgb-text", "colour-rgb", ERROR,
         lambda: page(b"1 0 0 rg 0 Tr " + text_at(20, 30, 12)),
         lambda: page(b"1 0 0 rg 3 Tr " + text_at(20, 30, 12)), ('text "A" (12.0 pt)',)),
    Pair("stroked-text-colour", "colour-rgb", ERROR,  # mode 1 paints the stroke colour only
         lambda: page(b"0 0 0 1 k 1 0 0 RG 1 Tr " + text_at(20, 30, 12)),
         lambda: page(b"1 0 0 rg 0 0 0 1 K 1 Tr " + text_at(20, 30, 12)),
         ("(12.0 pt, stroked)",)),
    # the graphics state: q … Q restores colour, line width and overprint; OP vs op
    Pair("colour-outside-q", "colour-rgb", ERROR, lambda: page(b"1 0 0 rg q Q " + FILL),
         lambda: page(b"q 1 0 0 rg Q " + FILL), ("fill " + at(20, 30),)),
    Pair("width-outside-q", "line-hairline", ERROR, lambda: page(b"0 w q Q " + K + STROKE),
         lambda: page(b"q 0 w Q " + K + STROKE), ("stroke " + at(20, 30),)),
    Pair("gs-outside-q", "overprint-white", ERROR,
         lambda: page(b"/GS1 gs q Q 0 0 0 0 k " + text_at(20, 30, 24), gstate(OP=True, OPM=1)),
         lambda: page(b"q /GS1 gs Q 0 0 0 0 k " + text_at(20, 30, 24), gstate(OP=True, OPM=1)),
         ("white text set to overprint",)),
    Pair("OP-strokes-op-fills", "overprint-gray", WARNING,
         lambda: page(b"/GS1 gs 0.5 G " + STROKE, gstate(OP=True, op=False)),
         lambda: page(b"/GS1 gs 0.5 g " + FILL, gstate(OP=True, op=False)),
         ("stroke " + at(20, 30),)),
    Pair("rgb-in-annotation-state", "colour-rgb", ERROR,  # the appearance /AS selects
         lambda: page(K + FILL, page_keys=_checkbox("/On")),
         lambda: page(K + FILL, page_keys=_checkbox("/Off")), ("in annotation /Stamp",)),
    Pair("rgb-in-hidden-annotation", "colour-rgb", ERROR,  # Hidden: not printed, Print or not
         lambda: page(K + FILL, page_keys=_annot(4)),
         lambda: page(K + FILL, page_keys=_annot(4 | 2)), ("in annotation /Stamp",)),
    Pair("rgb-inline-named-space", "colour-rgb", ERROR,  # a named space of the resources
         lambda: page(b"q " + mm(25.4, 0, 0, 25.4, 20, 297 - 30 - 25.4) + b" cm "
                      + inline_image(300, b"/CS1", 3) + b" Q",
                      {"ColorSpace": {"CS1": "/DeviceRGB"}}),
         lambda: page(b"q " + mm(25.4, 0, 0, 25.4, 20, 297 - 30 - 25.4) + b" cm "
                      + inline_image(300, b"/CS1", 4) + b" Q",
                      {"ColorSpace": {"CS1": "/DeviceCMYK"}}),
         ("image inline image (300 × 300 px) " + at(20, 30), "DeviceRGB")),
    Pair("rgb-inline-indexed", "colour-rgb", ERROR,  # abbreviated names of inline images
         lambda: page(b"q " + mm(25.4, 0, 0, 25.4, 20, 297 - 30 - 25.4) + b" cm "
                      + inline_image(300, b"[/I /RGB 0 <102030>]", 1) + b" Q"),
         lambda: page(b"q " + mm(25.4, 0, 0, 25.4, 20, 297 - 30 - 25.4) + b" cm "
                      + inline_image(300, b"[/I /CMYK 0 <10203040>]", 1) + b" Q"),
         ("Indexed DeviceRGB",)),
    Pair("type3-inline-image", "font-type3-image", ERROR,
         lambda: page(K + text_at(20, 30, 24), {"Font": {"F1": type3_font(
             b"500 0 d0 q 500 0 0 700 0 0 cm " + inline_image(20, b"/G", 1) + b" Q")}}),
         lambda: page(K + text_at(20, 30, 24), {"Font": {"F1": type3_font(
             b"500 0 d0 q 500 0 0 700 0 0 cm 0 0 1 1 re f Q")}}),
         ("/F1: a Type 3 font drawing images",)),
    Pair("gs-line-width", "line-hairline", ERROR, lambda: page(b"/GS1 gs " + K + STROKE,
                                                               gstate(LW=0)),
         lambda: page(b"/GS1 gs " + K + STROKE, gstate(LW=0.5)), ("stroke " + at(20, 30),)),
]


def _stops(middle: list[float]) -> dict[str, object]:
    """An axial CMYK shading with three stops: 0 %, ``middle`` at 40 %, C20 at the end."""
    ramp = {"FunctionType": 3, "Domain": [0, 1], "Bounds": [0.4], "Encode": [0, 1, 0, 1],
            "Functions": [function([0, 0, 0, 0], middle), function(middle, [0.2, 0, 0, 0])]}
    return {"ShadingType": 2, "ColorSpace": "/DeviceCMYK", "Coords": [0, 0, 100 * MM, 0],
            "Function": ramp}


def _spot_image(px: int, block: int) -> bytes:
    """A CMYK image of ``px`` × ``px`` at 0 % with a ``block`` px square at 400 % in it."""
    rows = []
    for y in range(px):
        row = bytearray(px * 4)
        if px // 2 <= y < px // 2 + block:
            row[px // 2 * 4:(px // 2 + block) * 4] = b"\xff" * (block * 4)
        rows.append(bytes(row))
    return b"".join(rows)


def _expectations(pair: Pair, good: bool = False) -> dict[str, object]:
    expect = dict(pair.good_expect if good and pair.good_expect is not None else pair.expect)
    if expect.get("brand") == "brand":
        expect["brand"] = _brand()
    return expect


@pytest.mark.parametrize("pair", PAIRS + HIDDEN, ids=[p.id for p in PAIRS + HIDDEN])
def test_check_fails_the_bad_pdf(pair: Pair) -> None:
    """This test ensures each check reports its fault at its severity, with the measured
    value (and where it is)."""
    hits = [d for d in found(pair.bad(), pair.code, **_expectations(pair))
            if d.severity is pair.severity]
    assert hits, f"{pair.code} found nothing at {pair.severity}"
    for phrase in pair.says:
        assert any(phrase in str(d) for d in hits), (phrase, [str(d) for d in hits])


@pytest.mark.parametrize("pair", PAIRS + HIDDEN, ids=[p.id for p in PAIRS + HIDDEN])
def test_check_passes_the_good_twin(pair: Pair) -> None:
    """This test ensures the near-identical right PDF gives the check no error or warning."""
    bad = [str(d) for d in found(pair.good(), pair.code, **_expectations(pair, good=True))
           if d.severity is not INFO]
    assert bad == []


def test_every_registered_check_is_proven() -> None:
    """This test ensures no check is registered without a failing and a passing PDF here
    (``colour-spaces`` is a summary: info only, tested below)."""
    assert set(CHECKS) - {p.code for p in PAIRS} == {"colour-spaces"}


def test_paths_of_one_file_are_not_placed_in_another() -> None:
    """This test ensures a finding's place is read from its own file: two files whose content
    streams have the same object number (any two files made alike) locate each its own path
    (the path cache once answered the second file with the first one's)."""
    first = page(b"0 w " + K + box_at(20, 30, 40, 20) + b" S")
    second = page(b"0 w " + K + box_at(100, 200, 40, 20) + b" S")
    for data, place in ((first, at(20, 30)), (second, at(100, 200)), (first, at(20, 30))):
        assert [place in str(d) for d in found(data, "line-hairline")] == [True]


def test_colour_spaces_are_summarised() -> None:
    """This test ensures the ``colour-spaces`` summary (info only) lists each kind of mark
    with its space and count, hidden ones included."""
    data = page(b"1 0 0 rg " + FILL + b" " + K + FILL + b" /Fm1 Do " + text_at(20, 80, 12),
                {"XObject": {"Fm1": form(b"0 0 0 1 K " + STROKE)}})
    (summary,) = found(data, "colour-spaces")
    assert summary.severity is INFO
    assert summary.message.startswith("colour spaces in use: fill DeviceCMYK (1), fill "
                                      "DeviceRGB (1), ")
    assert "stroke DeviceCMYK (1)" in summary.message
    assert "text DeviceCMYK (1)" in summary.message


@pytest.mark.parametrize("content", [
    b"1 0 0 cm " + K + FILL,                 # cm with three operands
    b"/F1 Tf " + K + FILL,                   # Tf without a size
    b"(x) 0 0 1 k " + FILL,                  # a string among the colour operands
    b"q q q Q Q Q Q Q " + K + FILL,          # more Q than q
    b"BT 12 Tj ET " + K + FILL,              # a number shown as text
    b"/Nope Do /Nope sh /Nope gs " + K + FILL,  # resources that do not exist
])
def test_a_damaged_content_stream_is_a_finding_not_a_crash(content: bytes) -> None:
    """This test ensures preflight reads a malformed content stream to the end: operators it
    cannot read are a content-syntax error (or skipped when they only name a missing
    resource), never an exception, and the paint after them is still judged."""
    findings = run_preflight(page(content), Expectations(job="t.pdf"))
    assert "ink-coverage" in {d.code for d in findings}  # the fill after them was seen
    syntax = [d for d in findings if d.code == "content-syntax"]
    assert all(d.severity is ERROR and "malformed operator" in d.message for d in syntax)


def test_a_check_that_cannot_read_an_object_is_an_error_finding() -> None:
    """This test ensures an object of the wrong type where the standard wants a number (an
    image's /Width as a name) gives an error finding of the check that met it, and the
    other checks still run."""
    broken_image = image(20, 20)
    broken_image.keys["Width"] = "/Wide"
    data = page(b"q 72 0 0 72 100 100 cm /Im1 Do Q " + K + FILL,
                {"XObject": {"Im1": broken_image}})
    findings = run_preflight(data, Expectations(job="t.pdf"))
    broken = [d for d in findings if "could not be checked" in d.message]
    assert broken and all(d.severity is ERROR for d in broken)
    assert "page-boxes" in {d.code for d in findings}
