"""What paints where an emblem or a logo may be: image placements and spot-colour fills.

One walk of every page's content (``preflight.walk.marks``, qpdf's parser) gives, in pt from
the top-left corner of the rendered page (the crop box, as pypdfium2 renders it), where each
raster image is placed and with how many of its own pixels per pt, and where paint in a
Separation or DeviceN colour space lands with the names of its colorants. The emblem check
reads the first to know how fine a placed raster emblem really is, the second to recognise
the spot-colour form of the emblem by its separation names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipeline.preflight.geometry import Box, rect

if TYPE_CHECKING:
    from pipeline.pdffile import PdfFile

SPOT_TINT = 0.95
"""A colorant counts as painted at full strength from this tint (an implementation choice)."""


@dataclass(frozen=True)
class Placement:
    """A raster image on the page.

    Its box (pt, from the page's top-left, y downwards), its own size in pixels and its
    XObject name.
    """

    box: Box
    pixels: tuple[int, int]
    name: str

    @property
    def px_per_pt(self) -> float:
        """The image's own resolution at its placed size (the finer of its two axes)."""
        width, height = self.box[2] - self.box[0], self.box[3] - self.box[1]
        return max(self.pixels[0] / width if width else 0.0,
                   self.pixels[1] / height if height else 0.0)


@dataclass
class PagePaint:
    """One page's image placements and full-strength spot paint (boxes as in ``Placement``)."""

    images: list[Placement] = field(default_factory=list)
    spots: list[tuple[Box, tuple[str, ...]]] = field(default_factory=list)

    def spots_in(self, box: Box) -> tuple[str, ...]:
        """Names of the colorants painted at full strength with their centre inside ``box``."""
        names: set[str] = set()
        for (x0, y0, x1, y1), colorants in self.spots:
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            if box[0] <= cx <= box[2] and box[1] <= cy <= box[3]:
                names.update(colorants)
        return tuple(sorted(names))

    def image_under(self, box: Box) -> Placement | None:
        """The image placement that covers most of ``box`` (at least 90 % of it), if any."""
        def covered(image: Placement) -> float:
            width = min(image.box[2], box[2]) - max(image.box[0], box[0])
            height = min(image.box[3], box[3]) - max(image.box[1], box[1])
            area = (box[2] - box[0]) * (box[3] - box[1])
            return max(width, 0.0) * max(height, 0.0) / area if area else 0.0
        best = max(self.images, key=covered, default=None)
        return best if best is not None and covered(best) >= 0.9 else None


def page_paint(file: PdfFile) -> list[PagePaint]:
    """Image placements and spot paint of every page of ``file``, by page index.

    Read from the file's one content walk (``file.shared(all_marks)``, which preflight
    reads too); ask for it as ``file.shared(page_paint)`` to work it out once. Soft masks
    paint no ink and are left out. Raises what pikepdf raises on a file it cannot open.
    """
    from pipeline.preflight.walk import all_marks

    pdf = file.pikepdf
    pages = [PagePaint() for _ in pdf.pages]
    corners = []
    for page in pdf.pages:
        crop = rect(page.obj.get("/CropBox", page.obj.get("/MediaBox")))
        corners.append((crop[0], crop[3]))
    for mark in file.shared(all_marks):
        if mark.mask or mark.kind not in ("fill", "stroke", "image", "text"):
            continue
        image = mark.kind == "image" and mark.colour is None and mark.obj is not None
        spot = mark.colour is not None and mark.space.family in ("Separation", "DeviceN")
        if not image and not spot:
            continue  # (a mark's place is worked out only for what is kept: it costs)
        left, top = corners[mark.page - 1]
        x0, y0, x1, y1 = mark.bbox
        box = (x0 - left, top - y1, x1 - left, top - y0)
        paint = pages[mark.page - 1]
        if image:
            try:
                pixels = (int(mark.obj.get("/Width", 0)), int(mark.obj.get("/Height", 0)))
            except (TypeError, ValueError, AttributeError):  # an inline image
                continue
            paint.images.append(Placement(box, pixels, mark.name))
        elif mark.colour is not None:
            full = tuple(name for name, value in mark.colour.inks.items()
                         if value >= SPOT_TINT)
            if full:
                paint.spots.append((box, full))
    return pages
