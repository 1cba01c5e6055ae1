"""Fonts: embedded, no bitmap Type 3 fonts, no missing glyph (.notdef) painted.

In build-print's own files, the brand fonts only.

Sources: ISO 15930-7 (all fonts embedded, print-specs.md §4.1); a Type 3 glyph that paints
an image is a bitmap font (resolution-dependent type, refused by prepress); glyph 0 of a
CID font is ``.notdef`` (ISO 32000-1 §9.7.6.3): a box or nothing where a character was.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterator
from typing import Any

import pikepdf

from pipeline.preflight.context import Preflight
from pipeline.preflight.objects import describe
from pipeline.preflight.registry import Hit, check


def _fonts(ctx: Preflight) -> Iterator[tuple[int, str, Any]]:
    """(page, resource name, font) of every font a mark painted with, each once per page."""
    seen = set()
    for mark in ctx.marks:
        font = mark.state.font if mark.shown is not None else None
        if font is None or (mark.page, font.objgen) in seen:
            continue
        seen.add((mark.page, font.objgen))
        yield mark.page, mark.name, font


def _base(font: Any) -> str:
    return str(font.get("/BaseFont", "/?")).lstrip("/").split("+", 1)[-1]


def _embedded(font: Any) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are drawn by content streams
    if font.get("/Subtype") == "/Type0":
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@check("font-embedded", "Fonts embedded", covers="ISO 15930-7 §6.3 (fonts embedded)")
def font_embedded(ctx: Preflight) -> Iterator[Hit]:
    """Every font used for painting is embedded."""
    for page, _, font in _fonts(ctx):
        if not _embedded(font):
            yield Hit(page, f"font {_base(font)} is not embedded")


@check("font-brand", "Brand fonts only", covers="build-print: no silent system font")
def font_brand(ctx: Preflight) -> Iterator[Hit]:
    """In build-print's own files: a font other than the brand's means a fallback."""
    brand = ctx.expect.brand
    if brand is None:
        return
    for page, _, font in _fonts(ctx):
        if not brand.is_brand_font(_base(font)):
            yield Hit(page, f"font {_base(font)} is not a brand font: a character is missing "
                            "from the brand fonts and the system supplied it")


@check("font-type3-image", "Type 3 fonts with images", covers="prepress: bitmap fonts")
def font_type3_image(ctx: Preflight) -> Iterator[Hit]:
    """A Type 3 font whose glyph procedures paint images."""
    reported = set()
    for mark in ctx.marks:
        if mark.kind == "image" and mark.origin.startswith("Type 3 glyph") \
                and (mark.page, mark.origin) not in reported:
            reported.add((mark.page, mark.origin))
            yield Hit(mark.page, f"{mark.origin.removeprefix('Type 3 glyph of ')}: a Type 3 "
                                 "font drawing images (a bitmap font); use an outline font")


@check("font-notdef", "Missing glyphs (.notdef)", covers="ISO 32000-1 §9.7.6.3")
def font_notdef(ctx: Preflight) -> Iterator[Hit]:
    """Text that paints glyph 0 (``.notdef``) of a CID font: a character the font lacks."""
    missing: dict[tuple[int, int], frozenset[int] | None] = {}
    for mark in ctx.marks:
        if mark.kind != "text" or mark.shown is None:
            continue
        font = mark.state.font
        if font is None or font.get("/Subtype") != "/Type0" \
                or str(font.get("/Encoding", "")) not in ("/Identity-H", "/Identity-V"):
            continue
        if font.objgen not in missing:
            missing[font.objgen] = _notdef_cids(font)
        notdef, codes = missing[font.objgen], mark.text
        cids = array("H", codes[:len(codes) // 2 * 2])
        if sys.byteorder == "little":
            cids.byteswap()
        if (0 in cids) if notdef is None else not notdef.isdisjoint(cids):
            yield Hit(mark.page, f"shows .notdef (glyph 0) of {_base(font)}: a character the "
                                 "font does not have prints as a box or not at all",
                      describe(ctx, mark), mark.bbox, group=_base(font))


def _notdef_cids(font: Any) -> frozenset[int] | None:
    """CIDs that map to glyph 0 through the font's CIDToGIDMap; ``None`` for Identity."""
    mapping = font.DescendantFonts[0].get("/CIDToGIDMap", pikepdf.Name.Identity)
    if not isinstance(mapping, pikepdf.Stream):
        return None
    table = array("H", mapping.read_bytes()[:len(mapping.read_bytes()) // 2 * 2])
    if sys.byteorder == "little":
        table.byteswap()
    return frozenset(cid for cid, gid in enumerate(table) if gid == 0)
