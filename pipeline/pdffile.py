"""A PDF opened once for everything that reads it: one parse, one raster per page.

The checks of a job's final bytes (preflight, QR decoding, EU publicity compliance) and its
PNG proofs all read the same file. ``PdfFile`` holds it with lazy members, each made on
first use and shared: the pypdfium2 document and its pages, pdfium's text of each page, the
pikepdf ``Pdf``, results derived from the whole file (``shared``: the content walk), and
**one raster per page** (``page_result``).

A raster is the page's BleedBox (clipped to the page's canvas), upright in the page's user
space (a ``/Rotate`` is undone), rendered at the highest scale any of its uses needs on
that page (``RasterUse.scale``). Every use registered when the file is opened (or asked for
before the first pass) gets it page by page in one pass; the raster is dropped once they
all have their result, so a 200-page book holds one page's pixels at a time. A use with
coarser needs either works at the finer scale (the bleed check: its thresholds are in mm)
or derives its pixels from it (``PageRaster.derive``: the proofs). The highest need stays
within the uses' own budgets: the proofs' ``FULL_MAX_PX`` (1200 px on the long side), the
bleed check's ``BUDGET_PX`` (1.1 Mpx, never more than ``MAX_PX``, 4000 px).

A consumer that needs a small region at a resolution no page raster could afford (the
emblem measured 360 px high, a QR code at 200 dpi at final size) renders it itself with
``render`` on the shared page; ``page_renders`` and ``region_renders`` count what pdfium
rendered.
"""

from __future__ import annotations

import io
import math
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:  # the PDF engines load only when a PDF is read
    import pikepdf
    import pypdfium2
    from PIL import Image

PAGES_KEPT = 8
"""Pages kept loaded (the most recently asked for): the few a job's checks come back to (the
emblem's, a QR code's) stay parsed, with the images pdfium decoded for them, while a book's
hundreds are not all held at once (a parsed page with its text is about 0.5 MB: an
implementation choice)."""
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
Box = tuple[float, float, float, float]
"""(left, bottom, right, top) in pt, PDF user space."""


class RasterUse(Protocol[T_co]):
    """What a consumer of page rasters does with them (hashable: it names its results).

    ``scale(page)``: the px per pt it needs of the BleedBox of the pypdfium2 ``page``, or
    ``None`` when it does not look at that page; ``use(raster)``: its result for one page.
    """

    def __hash__(self) -> int: ...

    def scale(self, page: Any) -> float | None:
        """The px per pt this use needs of ``page``'s BleedBox (``None``: not this page)."""

    def use(self, raster: PageRaster) -> T_co:
        """This use's result for the page ``raster`` shows."""


class PageRaster:
    """One page's BleedBox (clipped to pdfium's canvas) as RGB pixels, upright.

    ``page`` the pypdfium2 page, ``index`` its number (0-based); ``box`` the region in pt;
    ``canvas`` the page's bounding box (``get_bbox``) in pt; ``size`` the canvas's width and
    height as pypdfium2 sizes renders (``get_size``, upright); ``scale`` the px per pt asked
    for; ``real`` the px per pt pdfium used on each axis (the canvas spans
    ceil(size × scale) pixels); ``origin`` the pixel of the canvas at the bitmap's top-left
    corner; ``rotation`` the page's /Rotate.
    """

    def __init__(self, page: Any, index: int, image: Image.Image, box: Box, canvas: Box,
                 size: tuple[float, float], scale: float, rotation: int,
                 origin: tuple[int, int]) -> None:
        self.page, self.index, self.image, self.box, self.canvas = page, index, image, box, canvas
        self.size, self.scale, self.rotation, self.origin = size, scale, rotation, origin
        self.real = _real(size, scale)

    def col(self, x: float) -> float:
        """The bitmap x (pixel edges at integers) of page x in pt."""
        return (x - self.canvas[0]) * self.real[0] - self.origin[0]

    def row(self, y: float) -> float:
        """The bitmap y (down) of page y in pt."""
        return (self.canvas[3] - y) * self.real[1] - self.origin[1]

    def x_of(self, col: float) -> float:
        """The page x in pt of bitmap x ``col``."""
        return self.canvas[0] + (col + self.origin[0]) / self.real[0]

    def y_of(self, row: float) -> float:
        """The page y in pt of bitmap y ``row``."""
        return self.canvas[3] - (row + self.origin[1]) / self.real[1]

    def derive(self, scale: float, crop: Box | None = None) -> Image.Image:
        """The pixels pypdfium2 would render at ``scale`` (≤ ``self.scale``) px per pt.

        ``crop``: pt cut off the canvas's (left, bottom, right, top), as pypdfium2's
        ``render`` takes it; by default what leaves ``box``. The same size and pixel grid
        as a render of its own (pypdfium2 cuts ceil(crop × scale) pixels off a canvas of
        ceil(size × scale)); each pixel is the mean of the raster's pixels it covers
        (Pillow's BOX filter: area coverage, as pdfium's anti-aliasing), or, when the grids
        coincide, the raster's own pixels. Raises ``ValueError`` for a finer scale than the
        raster's.
        """
        from PIL import Image

        if scale > self.scale * (1 + 1e-9):
            raise ValueError(f"a raster at {self.scale:.4f} px/pt cannot give {scale:.4f}")
        real = _real(self.size, scale)
        cut = [math.ceil(c * scale) for c in crop or _crop(self.canvas, self.box)]
        size = (math.ceil(self.size[0] * scale) - cut[0] - cut[2],
                math.ceil(self.size[1] * scale) - cut[1] - cut[3])
        # The target's pixel edges in the raster's pixels.
        source = (cut[0] / real[0] * self.real[0] - self.origin[0],
                  cut[3] / real[1] * self.real[1] - self.origin[1],
                  (cut[0] + size[0]) / real[0] * self.real[0] - self.origin[0],
                  (cut[3] + size[1]) / real[1] * self.real[1] - self.origin[1])
        whole = (round(source[0]), round(source[1]), round(source[2]), round(source[3]))
        if (whole[2] - whole[0], whole[3] - whole[1]) == size and all(
                abs(a - b) < 0.01 for a, b in zip(source, whole, strict=True)):
            return self.image.crop(whole)  # the same pixel grid: the pixels themselves
        return self.image.resize(size, Image.Resampling.BOX, box=source)


def _crop(canvas: Box, box: Box) -> Box:
    """The crop pdfium takes (pt cut off the left, bottom, right, top) that leaves ``box``."""
    return (box[0] - canvas[0], box[1] - canvas[1], canvas[2] - box[2], canvas[3] - box[3])


def _real(size: tuple[float, float], scale: float) -> tuple[float, float]:
    """The px per pt of a render at ``scale`` on each axis of a canvas of ``size`` pt."""
    return math.ceil(size[0] * scale) / size[0], math.ceil(size[1] * scale) / size[1]


class PdfFile:
    """The PDF ``data`` opened once: pdfium, pikepdf, page rasters, shared results.

    ``uses``: the raster uses that will ask for page rasters (``page_result``), so that the
    first pass renders each page once at the scale all of them need. Members open on first
    use; ``close`` (or ``with``) closes what was opened. pypdfium2's and pikepdf's errors
    on an unreadable file are raised by the member that reads it.
    """

    def __init__(self, data: bytes, uses: Iterable[RasterUse[Any]] = ()) -> None:
        self.data = data
        self.page_renders = 0
        """Page rasters rendered (one per page a use looks at, when all were registered)."""
        self.region_renders = 0
        """Regions rendered by ``render`` (emblems, QR codes)."""
        self._uses: list[RasterUse[Any]] = list(dict.fromkeys(uses))
        self._results: dict[RasterUse[Any], list[Any]] = {}
        self._pages: OrderedDict[int, Any] = OrderedDict()
        self._textpages: dict[int, Any] = {}
        self._shared: dict[Callable[[PdfFile], Any], Any] = {}
        self._closed = False

    def __enter__(self) -> PdfFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @cached_property
    def pdfium(self) -> pypdfium2.PdfDocument:
        """The pypdfium2 document (``pypdfium2.PdfiumError`` if pdfium cannot read it)."""
        import pypdfium2

        return pypdfium2.PdfDocument(self.data)

    @cached_property
    def pikepdf(self) -> pikepdf.Pdf:
        """The pikepdf ``Pdf`` (``pikepdf.PdfError`` if qpdf cannot read it)."""
        import pikepdf

        return pikepdf.open(io.BytesIO(self.data))

    def __len__(self) -> int:
        """The number of pages (pdfium's count)."""
        return len(self.pdfium)

    def page(self, index: int) -> pypdfium2.PdfPage:
        """The pypdfium2 page ``index`` (0-based), loaded once while it is recent.

        The last ``PAGES_KEPT`` asked for stay loaded; a page closed to make room is
        loaded again if asked for.
        """
        if index in self._pages:
            self._pages.move_to_end(index)
            return self._pages[index]
        while len(self._pages) >= PAGES_KEPT:
            old, page = self._pages.popitem(last=False)
            textpage = self._textpages.pop(old, None)
            if textpage is not None:
                textpage.close()
            page.close()
        page = self._pages[index] = self.pdfium[index]
        return page

    def textpage(self, index: int) -> pypdfium2.PdfTextPage:
        """The text pdfium extracts of page ``index`` (0-based), kept with its page."""
        page = self.page(index)
        if index not in self._textpages:
            self._textpages[index] = page.get_textpage()
        return self._textpages[index]

    def shared(self, make: Callable[[PdfFile], T]) -> T:
        """``make(self)``, computed once per file and shared by every caller.

        E.g. the content walk that preflight and the emblem check both read.
        """
        if make not in self._shared:
            self._shared[make] = make(self)
        result: T = self._shared[make]
        return result

    def render(self, index: int, box: tuple[float, float, float, float] | None, scale: float,
               **options: Any) -> Image.Image:
        """A region of page ``index`` rendered on its own at ``scale`` px per pt, as RGB.

        ``box``: (left, top, right, bottom) in pt from the rendered page's top-left
        (``None``: the whole page). For a consumer that needs its own resolution (counted
        in ``region_renders``); ``options`` go to pypdfium2's ``render``.
        """
        page = self.page(index)
        crop = (0.0, 0.0, 0.0, 0.0)
        if box is not None:
            width, height = page.get_size()
            left, top, right, bottom = box
            crop = (left, height - bottom, width - right, top)
        self.region_renders += 1
        image: Image.Image = page.render(scale=scale, crop=crop, **options).to_pil()
        return image.convert("RGB") if image.mode != "RGB" else image

    def page_result(self, use: RasterUse[T], index: int) -> T | None:
        """What ``use`` made of page ``index``'s raster (``None``: it does not look at it).

        The first request of a use not yet served runs one pass over the pages for every
        registered use without results (``use`` is registered if it was not). Re-raises
        the pypdfium2 ``PdfiumError`` or ``ValueError`` with which that page failed to
        render.
        """
        if use not in self._results:
            if use not in self._uses:
                self._uses.append(use)
            self._pass([u for u in self._uses if u not in self._results])
        result = self._results[use][index]
        if isinstance(result, _Failed):
            raise result.error
        return result  # type: ignore[no-any-return]

    def _pass(self, uses: list[RasterUse[Any]]) -> None:
        import pypdfium2

        results: dict[RasterUse[Any], list[Any]] = {use: [] for use in uses}
        for index in range(len(self)):
            page = self.page(index)
            needs = {use: use.scale(page) for use in uses}
            wanted = [scale for scale in needs.values() if scale is not None]
            raster: PageRaster | _Failed | None = None
            if wanted:
                try:
                    raster = self._raster(index, max(wanted))
                except (pypdfium2.PdfiumError, ValueError) as exc:
                    raster = _Failed(exc)
            for use, scale in needs.items():
                if scale is None or raster is None:
                    results[use].append(None)
                elif isinstance(raster, _Failed):
                    results[use].append(raster)
                else:
                    results[use].append(use.use(raster))
        self._results.update(results)

    def _raster(self, index: int, scale: float) -> PageRaster:
        """Page ``index``'s BleedBox, clipped to the canvas, at ``scale`` (one render).

        Raises ``ValueError`` for a box with no area inside the canvas.
        """
        page = self.page(index)
        box, canvas = on_canvas(page, normal_box(page.get_bleedbox()))
        if box[2] - box[0] <= 0 or box[3] - box[1] <= 0:
            raise ValueError("the BleedBox lies outside the page")
        rotation = page.get_rotation()
        width, height = page.get_size()
        size = (height, width) if rotation in (90, 270) else (width, height)
        # Whole pixels cut off each side, keeping any pixel the box reaches into; handed
        # to pypdfium2 as half a pixel less, so that its ceil(crop × scale) cuts exactly
        # these (float noise in pdfium's boxes could otherwise cut one more).
        cut = [max(0, math.floor(c * scale + 1e-6)) for c in _crop(canvas, box)]
        self.page_renders += 1
        bitmap = page.render(scale=scale, rotation=(360 - rotation) % 360,
                             crop=tuple((n - 0.5) / scale if n else 0.0 for n in cut),
                             may_draw_forms=False)
        image = bitmap.to_pil()
        if image.mode != "RGB":
            image = image.convert("RGB")
        return PageRaster(page, index, image, box, canvas, size, scale, rotation,
                          (cut[0], cut[3]))

    @property
    def closed(self) -> bool:
        """Whether ``close`` ran."""
        return self._closed

    def close(self) -> None:
        """Close what was opened (text pages, pages, the documents); idempotent."""
        if self._closed:
            return
        self._closed = True
        for textpage in self._textpages.values():
            textpage.close()
        for page in self._pages.values():
            page.close()
        self._textpages.clear()
        self._pages.clear()
        self._shared.clear()  # the content walk of a book runs to 100 MB
        self._results.clear()
        if "pdfium" in self.__dict__:
            self.pdfium.close()
        if "pikepdf" in self.__dict__:
            self.pikepdf.close()


class _Failed:
    """A page that could not be rendered, and why (re-raised to each use that asks)."""

    def __init__(self, error: Exception) -> None:
        self.error = error


def normal_box(box: Iterable[float]) -> Box:
    """(left, bottom, right, top) whatever order the file wrote the corners in."""
    x0, y0, x1, y1 = (float(v) for v in box)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def on_canvas(page: Any, box: Box) -> tuple[Box, Box]:
    """``box`` clipped to the pypdfium2 ``page``'s canvas (``get_bbox``), and the canvas."""
    canvas: Box = tuple(float(v) for v in page.get_bbox())  # type: ignore[assignment]
    return (max(box[0], canvas[0]), max(box[1], canvas[1]),
            min(box[2], canvas[2]), min(box[3], canvas[3])), canvas


def open_pdf(source: bytes | PdfFile, uses: Iterable[RasterUse[Any]] = ()
             ) -> tuple[PdfFile, bool]:
    """``source`` as a ``PdfFile`` and whether the caller opened it (and must close it)."""
    if isinstance(source, PdfFile):
        return source, False
    return PdfFile(source, uses), True

