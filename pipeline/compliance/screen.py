"""The publicity rules on a social media card's pixels, and what a phone needs of its text.

A card is checked as it is posted: the EU emblem is found and measured on the card's own
pixels (the image wrapped as a page of a PDF, analysed at its own resolution, as a placed
raster image of any PDF is), its colours compared with the screen colours; the text rules
read the text the card shows (its laid-out page's text layer); and the layout's text is
measured for what a phone can show (``social.MIN_CAP_PX``) and for the platform's
interface zones and the card's margins (``social.yaml``).
"""

from __future__ import annotations

import io
import zlib
from typing import TYPE_CHECKING

from pipeline.compliance import run_rules
from pipeline.compliance.colours import SCREEN_BLUE, SCREEN_YELLOW, delta_e
from pipeline.compliance.evidence import from_layout, page_texts
from pipeline.diagnostics import Diagnostic, error, info
from pipeline.ink import FontSet, char_extent
from pipeline.pdffile import PdfFile
from pipeline.social import MIN_CAP_PX, PX_MM, SocialFormat

if TYPE_CHECKING:
    from PIL import Image
    from weasyprint import Document

    from pipeline.compliance.raster import RasterEmblem
    from pipeline.render.boxes import Line, Placed
    from pipeline.rule_packs import RulePack

MAX_SCREEN_DELTA_E = 5.0
"""CIE76 ΔE between the emblem's blue and yellow on a card and #003399 / #FFCC00 (issue 20:
"within ΔE 5"; esf-rules.md §6 proposes ΔE00 ≤ 5 for RGB: for these saturated colours
CIE76 gives the larger figure, so ≤ 5 in CIE76 is the stricter reading). A card's emblem is
drawn in exactly those colours; more than this is a colour-managed or recompressed one."""
ZONE_TOLERANCE_PX = 0.5
"""Rounding of the layout engine a box may stray into a margin or zone (half a pixel)."""


def pixel_pdf(image: Image.Image) -> bytes:
    """``image`` (RGB) as the one page of a PDF, 1 px = 0.75 pt (the card's own page size).

    Flate-compressed DeviceRGB: the pixels exactly as in the PNG, for the raster checks.
    """
    import pikepdf

    width, height = image.size
    pdf = pikepdf.new()
    stream = pikepdf.Stream(pdf, zlib.compress(image.convert("RGB").tobytes(), 1))
    stream.Type, stream.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    stream.Width, stream.Height, stream.BitsPerComponent = width, height, 8
    stream.ColorSpace, stream.Filter = pikepdf.Name.DeviceRGB, pikepdf.Name.FlateDecode
    w_pt, h_pt = width * 0.75, height * 0.75
    page = pdf.add_blank_page(page_size=(w_pt, h_pt))
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=stream))
    page.Contents = pdf.make_stream(f"q {w_pt:g} 0 0 {h_pt:g} 0 0 cm /Im0 Do Q".encode())
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def check_card(document: Document, boxes: list[Placed], lines: list[Line], text: PdfFile,
               image: Image.Image, *, job: str, card: SocialFormat, pack: RulePack,
               fonts: FontSet) -> list[Diagnostic]:
    """Every finding of a card's publicity and legibility checks, passes included.

    ``document``, ``boxes`` and ``lines``: its laid-out page (lengths in mm = px × 25.4/96);
    ``text``: its page as WeasyPrint wrote it (the text the card shows); ``image``: its
    pixels, exactly ``card.size_px``. The rule pack's rules run on the emblem measured on
    the pixels and on that text; then ``card-emblem-colour`` (ΔE of the emblem's colours
    to the screen ones, ``MAX_SCREEN_DELTA_E``), ``card-text-size`` (cap height,
    ``social.MIN_CAP_PX``) and ``card-zone`` (text or logo in a margin or UI zone).
    """
    with PdfFile(pixel_pdf(image)) as pixels:
        evidence = from_layout(document, boxes, pixels, job, "social-card", 1)
        evidence.texts = page_texts(text)
        evidence.pdf = text
        findings = run_rules(evidence, pack)
        findings += [_screen_colours(emblem, job) for emblem in evidence.emblems]
    findings += text_size(lines, fonts, job)
    findings += zones(boxes, card, job)
    return findings


def _screen_colours(emblem: RasterEmblem, job: str) -> Diagnostic:
    """The emblem's field and stars against the screen colours (``MAX_SCREEN_DELTA_E``).

    An error finding when either is further, else an info finding with the figures.
    """
    field = delta_e(emblem.field_rgb, SCREEN_BLUE)
    stars = delta_e(emblem.star_rgb, SCREEN_YELLOW) if emblem.star_rgb else float("inf")
    worst = max(field, stars)
    measured = f"ΔE {field:.1f} ({_hex(emblem.field_rgb)}), " + (
        f"ΔE {stars:.1f} ({_hex(emblem.star_rgb)})" if emblem.star_rgb else "no stars")
    where = {"job": job, "page": 1, "element": "eu-emblem", "measured": measured,
             "threshold": f"ΔE ≤ {MAX_SCREEN_DELTA_E:g} of #003399 / #FFCC00"}
    if worst <= MAX_SCREEN_DELTA_E:
        return info("card-emblem-colour", "the emblem is in its screen colours", **where)
    return error("card-emblem-colour", "the emblem is not in its screen colours #003399 and "
                 "#FFCC00", **where)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def cap_height_em(fonts: FontSet, families: tuple[str, ...], weight: int,
                  style: str) -> float | None:
    """Cap height in em of the brand face WeasyPrint set a run in.

    The top of its 'H' glyph (from the outlines, ``ink.char_extent``); ``None`` for a face
    the brand does not have.
    """
    path = fonts.file(families, weight, style)
    extent = char_extent(path, "H") if path is not None else None
    return extent[1] if extent is not None else None


def text_size(lines: list[Line], fonts: FontSet, job: str) -> list[Diagnostic]:
    """A ``card-text-size`` error per element whose capitals are under ``MIN_CAP_PX``.

    Measured on the laid-out runs: type size (px) × the cap height of the face each run is
    set in; the smallest run of each element is reported.
    """
    smallest: dict[str, tuple[float, str]] = {}
    for line in lines:
        for run in line.runs:
            cap_em = cap_height_em(fonts, run.font_family, run.font_weight, run.font_style)
            if cap_em is None:
                continue
            cap = run.font_size_mm / PX_MM * cap_em
            if cap < MIN_CAP_PX - 0.05 and cap < smallest.get(line.element, (MIN_CAP_PX, ""))[0]:
                smallest[line.element] = (cap, run.text.strip())
    return [error("card-text-size", f"'{element}' capitals are {cap:.1f} px high at the card's "
                  f"native size: a phone shows them illegibly small ('{sample[:40]}')",
                  job=job, page=1, element=element, measured=f"{cap:.1f} px",
                  threshold=f"cap height ≥ {MIN_CAP_PX:g} px (about 24 px type)")
            for element, (cap, sample) in sorted(smallest.items())]


def zones(boxes: list[Placed], card: SocialFormat, job: str) -> list[Diagnostic]:
    """A ``card-zone`` error per element with text or artwork in a margin or UI zone.

    The free band is ``card.free_px`` (top to bottom) and ``margin_px`` from each side;
    the platform's zones are named in the message (``ui_top_px``, ``ui_bottom_px``).
    """
    top, bottom = card.free_px
    left, right = card.margin_px, card.width - card.margin_px
    worst: dict[str, tuple[float, str]] = {}
    for box in boxes:
        x0, y0 = box.rect.x / PX_MM, box.rect.y / PX_MM
        x1, y1 = box.rect.right / PX_MM, box.rect.bottom / PX_MM
        for amount, where in ((top - y0, _zone("top", card.ui_top_px, card)),
                              (y1 - bottom, _zone("bottom", card.ui_bottom_px, card)),
                              (left - x0, f"the {card.margin_px} px margin on the left"),
                              (x1 - right, f"the {card.margin_px} px margin on the right")):
            if amount > ZONE_TOLERANCE_PX and amount > worst.get(box.element, (0.0, ""))[0]:
                worst[box.element] = (amount, where)
    return [error("card-zone", f"'{element}' reaches {amount:.0f} px into {where}", job=job,
                  page=1, element=element, measured=f"{amount:.0f} px")
            for element, (amount, where) in sorted(worst.items())]


def _zone(edge: str, ui_px: int, card: SocialFormat) -> str:
    if ui_px > card.margin_px:
        return (f"the {ui_px} px at the {edge} that the platform covers with its interface "
                "(keep text and logos out of it)")
    return f"the {card.margin_px} px margin at the {edge}"
