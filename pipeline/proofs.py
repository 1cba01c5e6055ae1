"""PNG proofs of the final PDF, page by page, for people who look rather than read logs.

They show what the printer will print. Each page is rasterised with pdfium (the same engine
the compliance checks use) from the final bytes, showing the page to its bleed edge: the
page raster the bleed check reads too (``pdffile``), derived at the proof's size. With
``overlay`` the trim edge (solid magenta), the safe area (dashed cyan) and folds (dashed
magenta) are drawn on it. A failed job's proofs outline what failed (``Outline``: an
overflowing or colliding element) with a double stroke, magenta inside black, that shows on
any background (white text on white paper included), labelled with the finding. Page one
also gets a thumbnail for the proof board.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from pipeline.pdffile import PageRaster, PdfFile, normal_box, open_pdf

MM = 72 / 25.4
FULL_DPI = 100
"""Resolution of a full-size proof; large formats are capped by ``FULL_MAX_PX``."""
FULL_MAX_PX = 1200
THUMB_PX = 320
TRIM_COLOUR = (230, 0, 126)
SAFE_COLOUR = (0, 160, 227)
OUTLINE_COLOUR = (255, 0, 255)
"""Inner stroke of an ``Outline``; the outer one is black, the label white on magenta."""
OUTLINE_PX = 3
"""Width of each of the two strokes of an ``Outline`` (an implementation choice)."""


@dataclass(frozen=True)
class Overlay:
    """What to draw on the proofs.

    ``safe_mm``: the safe margin in mm as laid out in the file (``page_safe_mm``);
    ``folds_mm``: per page, the fold positions in mm from the trim's left edge.
    """

    safe_mm: float
    folds_mm: tuple[tuple[float, ...], ...] = ()


@dataclass(frozen=True)
class Outline:
    """An element to outline on a proof: what a finding is about.

    ``page`` 1-based; ``box`` (left, top, right, bottom) in mm from the trim's top-left
    corner as laid out in the file; ``label`` the finding's code and element.
    """

    page: int
    box: tuple[float, float, float, float]
    label: str


def page_name(number: int) -> str:
    """File name of the full-size proof of page ``number`` (1-based)."""
    return f"page-{number:03d}.png"


THUMBNAIL = "thumb.png"


def render_proofs(pdf: bytes | PdfFile, folder: PurePosixPath, overlay: Overlay | None = None,
                  outlines: Sequence[Outline] = ()) -> list[tuple[PurePosixPath, bytes]]:
    """PNG files (path under ``folder``, bytes) of every page of ``pdf``, then the thumbnail.

    Pages in order, each shown to its bleed edge at ``FULL_DPI`` with the long side at most
    ``FULL_MAX_PX``; the thumbnail of page one fits in ``THUMB_PX`` × ``THUMB_PX`` (sizes:
    implementation choices). With ``overlay`` the trim, safe area and folds are drawn on
    them; each of ``outlines`` is drawn on its page. No files for a PDF without pages.
    ``pdf``: the bytes, or the file opened once (``PdfFile``) whose page rasters the proofs
    share with the other checks of it (register ``ProofRaster`` with the same overlay and
    outlines when opening it, so each page is rendered once).
    """
    file, opened = open_pdf(pdf)
    use = ProofRaster(overlay, tuple(outlines))
    files: list[tuple[PurePosixPath, bytes]] = []
    thumbnail: list[tuple[PurePosixPath, bytes]] = []
    try:
        for index in range(len(file)):
            made = file.page_result(use, index)
            assert made is not None  # every page has a proof
            files.append((folder / page_name(index + 1), made[0]))
            if made[1] is not None:
                thumbnail.append((folder / THUMBNAIL, made[1]))
    finally:
        if opened:
            file.close()
    return files + thumbnail


def _scale(page: Any) -> float:
    """Px per pt of the proof of the pypdfium2 ``page``.

    ``FULL_DPI``, or less to keep its BleedBox's long side within ``FULL_MAX_PX``.
    """
    bleed = normal_box(page.get_bleedbox())
    return min(FULL_DPI / 72, FULL_MAX_PX / max(bleed[2] - bleed[0], bleed[3] - bleed[1]))


@dataclass(frozen=True)
class ProofRaster:
    """The proofs' use of a page raster (``pdffile.RasterUse``): (PNG, thumbnail PNG).

    The proof is derived from the shared raster at the proof's own scale and pixel grid
    (``PageRaster.derive``: the raster itself when no other use needed it finer); the
    thumbnail only of page one.
    """

    overlay: Overlay | None = None
    outlines: tuple[Outline, ...] = ()

    def scale(self, page: Any) -> float:
        """The proof's px per pt (every page has one)."""
        return _scale(page)

    def use(self, raster: PageRaster) -> tuple[bytes, bytes | None]:
        """The proof PNG of the page ``raster`` shows, and the thumbnail if it is page one."""
        page, index = raster.page, raster.index
        scale = _scale(page)
        bleed, trim, crop_box = page.get_bleedbox(), page.get_trimbox(), page.get_cropbox()
        image = raster.derive(scale, (bleed[0] - crop_box[0], bleed[1] - crop_box[1],
                                      crop_box[2] - bleed[2], crop_box[3] - bleed[3]))
        overlay = self.overlay
        if overlay is not None:
            folds = overlay.folds_mm[index] if index < len(overlay.folds_mm) else ()
            _draw_overlay(image, scale, bleed, trim, overlay.safe_mm, folds)
        for outline in self.outlines:
            if outline.page == index + 1:
                _draw_outline(image, scale, bleed, trim, outline)
        if raster.rotation:  # shown as a viewer shows it (the raster is upright)
            image = image.rotate(-raster.rotation, expand=True)
        thumb = None
        if index == 0:
            small = image.copy()
            small.thumbnail((THUMB_PX, THUMB_PX), Image.Resampling.LANCZOS)
            thumb = _png(small)
        return _png(image), thumb


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)  # fast; proofs are not archives
    return buffer.getvalue()


def _pixels(image: Image.Image, scale: float, bleed: Sequence[float]
            ) -> Callable[[float, float], tuple[float, float]]:
    """Where a point of the page (pt, PDF user space) lands on ``image`` (px).

    PDF y grows upwards from the bleed box's bottom; image y grows downwards.
    """
    height = image.size[1]

    def point(x_pt: float, y_pt: float) -> tuple[float, float]:
        return (x_pt - bleed[0]) * scale, height - (y_pt - bleed[1]) * scale
    return point


def _draw_overlay(image: Image.Image, scale: float, bleed: Sequence[float], trim: Sequence[float],
                  safe_mm: float, folds_mm: Sequence[float]) -> None:
    draw = ImageDraw.Draw(image)
    point = _pixels(image, scale, bleed)
    line = max(1, round(scale))
    left, top = point(trim[0], trim[3])
    right, bottom = point(trim[2], trim[1])
    draw.rectangle((left, top, right, bottom), outline=TRIM_COLOUR, width=line)
    inset = safe_mm * MM * scale
    _dashed_rectangle(draw, (left + inset, top + inset, right - inset, bottom - inset),
                      SAFE_COLOUR, line)
    for fold in folds_mm:
        x = left + fold * MM * scale
        _dashed_line(draw, (x, top), (x, bottom), TRIM_COLOUR, line)


def _draw_outline(image: Image.Image, scale: float, bleed: Sequence[float],
                  trim: Sequence[float], outline: Outline) -> None:
    draw = ImageDraw.Draw(image)
    point = _pixels(image, scale, bleed)
    left, top, right, bottom = outline.box  # mm from the trim's top-left
    x0, y0 = point(trim[0] + left * MM, trim[3] - top * MM)
    x1, y1 = point(trim[0] + right * MM, trim[3] - bottom * MM)
    width = OUTLINE_PX
    draw.rectangle((x0 - 2 * width, y0 - 2 * width, x1 + 2 * width, y1 + 2 * width),
                   outline=(0, 0, 0), width=width)
    draw.rectangle((x0 - width, y0 - width, x1 + width, y1 + width),
                   outline=OUTLINE_COLOUR, width=width)
    font = ImageFont.load_default(size=max(10, min(18, round(scale * 9))))
    text_box = draw.textbbox((0, 0), outline.label, font=font)
    label_w, label_h = text_box[2] - text_box[0] + 8, text_box[3] - text_box[1] + 8
    lx = min(max(0.0, x0 - 2 * width), image.size[0] - label_w)
    ly = y0 - 2 * width - label_h if y0 - 2 * width - label_h >= 0 else y1 + 2 * width
    ly = min(ly, image.size[1] - label_h)
    draw.rectangle((lx, ly, lx + label_w, ly + label_h), fill=OUTLINE_COLOUR, outline=(0, 0, 0))
    draw.text((lx + 4 - text_box[0], ly + 4 - text_box[1]), outline.label, font=font,
              fill=(255, 255, 255), stroke_width=1, stroke_fill=(0, 0, 0))


def _dashed_rectangle(draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float],
                      colour: tuple[int, int, int], width: int) -> None:
    left, top, right, bottom = box
    for start, end in (((left, top), (right, top)), ((right, top), (right, bottom)),
                       ((left, bottom), (right, bottom)), ((left, top), (left, bottom))):
        _dashed_line(draw, start, end, colour, width)


def _dashed_line(draw: ImageDraw.ImageDraw, start: tuple[float, float], end: tuple[float, float],
                 colour: tuple[int, int, int], width: int, dash: float = 8) -> None:
    (x0, y0), (x1, y1) = start, end
    length = max(abs(x1 - x0), abs(y1 - y0))
    steps = int(length // (2 * dash)) + 1
    for step in range(steps):
        a = step * 2 * dash / length if length else 0
        b = min(1.0, (step * 2 + 1) * dash / length) if length else 0
        draw.line((x0 + (x1 - x0) * a, y0 + (y1 - y0) * a,
                   x0 + (x1 - x0) * b, y0 + (y1 - y0) * b), fill=colour, width=width)
