"""Read WeasyPrint's laid-out box tree: where every element ended up, in millimetres.

The box tree (``Document.pages[i]._page_box``) is not public API; this module is the only
place that touches it, and pyproject.toml pins WeasyPrint's major version. Coordinates are
relative to the top-left corner of the trim box (CSS px → mm: 25.4 / 96).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # WeasyPrint loads only when something is rendered
    from weasyprint import Document

PX_MM = 25.4 / 96


@dataclass(frozen=True)
class Rect:
    """A rectangle in mm: (x, y) its top-left corner, y downwards from the top of the trim."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        """Right edge, mm (x + width)."""
        return self.x + self.width

    @property
    def bottom(self) -> float:
        """Bottom edge, mm (y + height)."""
        return self.y + self.height


@dataclass(frozen=True)
class Placed:
    """One box that prints something: a run of text or a replaced element (SVG, image).

    ``page`` is 1-based; ``rect`` is the border box in mm from the trim's top-left corner (a
    run of text: its width, and the height of its line); ``font_size_mm`` is the type size
    in mm as laid out in the file.
    """

    page: int
    kind: str
    """``text`` or ``image`` (SVG and raster images)."""
    element: str
    """``data-element`` of the nearest marked ancestor (or the tag name)."""
    frame: str | None
    """``data-frame`` of the nearest framed ancestor."""
    rect: Rect
    text: str = ""
    natural_px: tuple[int, int] | None = None
    """Pixel size of a raster image."""
    may_bleed: bool = False
    """Inside an element marked ``data-bleed`` (a background photo): exempt from the safe area."""
    src: str | None = None
    """``src`` of an ``<img>`` (as written in the HTML)."""
    data_url: str | None = None
    """``data-url`` of the element: the URL a QR code must decode to."""
    font_size_mm: float = 0.0
    font_family: tuple[str, ...] = ()
    font_style: str = "normal"
    decorated: bool = False
    """Underlined, overlined or struck through."""


def _rect(box: Any) -> Rect:
    return Rect(box.border_box_x() * PX_MM, box.border_box_y() * PX_MM,
                box.border_width() * PX_MM, box.border_height() * PX_MM)


def frames(document: Document) -> dict[tuple[int, str], Rect]:
    """Border boxes (mm) of the elements marked ``data-frame``, by (page, frame name).

    Pages are 1-based; the first box of a name on a page is its frame.
    """
    return marked(document, "data-frame", nested=False)


def marked(document: Document, attribute: str, *,
           nested: bool = True) -> dict[tuple[int, str], Rect]:
    """Border boxes (mm) of the elements with ``attribute``, by (page, its value).

    Pages are 1-based; the first box of a value on a page counts (``data-frame`` gives the
    frames, ``data-element`` the block of a fitted headline). ``nested=False`` does not
    look inside absolutely positioned boxes (only at them).
    """
    found: dict[tuple[int, str], Rect] = {}
    for number, page in enumerate(document.pages, start=1):
        for box in page._page_box.descendants(placeholders=nested):
            element = getattr(box, "element", None)
            name = element.get(attribute) if element is not None else None
            if name and (number, name) not in found and hasattr(box, "border_box_x"):
                found[(number, name)] = _rect(box)
    return found


def placed(document: Document) -> Iterator[Placed]:
    """Every text run and replaced element on every page, in order, with what it belongs to.

    See ``Placed``; whitespace-only text runs are left out.
    """
    for number, page in enumerate(document.pages, start=1):
        yield from _walk(page._page_box, number, None, None, None, False)


def _walk(box: Any, page: int, element: str | None, frame: str | None,
          line: Any, may_bleed: bool) -> Iterator[Placed]:
    node = getattr(box, "element", None)
    if node is not None and hasattr(node, "get"):
        element = node.get("data-element") or element
        frame = node.get("data-frame") or frame
        may_bleed = may_bleed or node.get("data-bleed") is not None
    kind = type(box).__name__
    if kind == "LineBox":
        line = box
    if kind == "TextBox":
        if box.text.strip():
            # Vertically a run of text occupies its line (line-height), not the font's full
            # ascent and descent, which display type with tight leading exceeds by design.
            rect = _rect(box)
            if line is not None:
                rect = Rect(rect.x, line.position_y * PX_MM, rect.width, line.height * PX_MM)
            style = box.style
            decoration = style["text_decoration_line"]
            yield Placed(page, "text", element or box.element_tag or "page-margin", frame, rect,
                         box.text,
                         may_bleed=may_bleed, font_family=tuple(style["font_family"]),
                         font_size_mm=float(style["font_size"]) * PX_MM,
                         font_style=str(style["font_style"]),
                         decorated=decoration not in ("none", None) and bool(decoration))
        return
    if kind in ("InlineReplacedBox", "BlockReplacedBox"):
        image = getattr(box, "replacement", None)
        size = None
        if image is not None and hasattr(image, "width") and hasattr(image, "mode"):
            size = (int(image.width), int(image.height))
        attrs = node if node is not None and hasattr(node, "get") else {}
        yield Placed(page, "image", element or str(box.element_tag), frame, _rect(box),
                     natural_px=size, may_bleed=may_bleed, src=attrs.get("src"),
                     data_url=attrs.get("data-url"))
        return
    for child in getattr(box, "children", ()):
        yield from _walk(child, page, element, frame, line, may_bleed)


@dataclass(frozen=True)
class Run:
    """One run of text on a line: its text, where its baseline lies and its face.

    ``x``, ``width`` and ``baseline`` in mm from the trim's top-left corner (y downwards).
    """

    text: str
    x: float
    width: float
    baseline: float
    font_size_mm: float
    font_family: tuple[str, ...]
    font_weight: int
    font_style: str


@dataclass(frozen=True)
class Line:
    """One line box: its runs of text in order, and what it belongs to.

    ``block`` tells the block that holds the line apart from others (the same for the lines
    of a paragraph on every page it runs over); ``element`` as in ``Placed``; ``top`` and
    ``bottom`` bound the line box (mm).
    """

    page: int
    element: str
    block: int
    top: float
    bottom: float
    runs: tuple[Run, ...]
    tag: str = ""
    """The HTML tag of the block holding the line (``p``, ``h2``, ``li``)."""

    @property
    def text(self) -> str:
        """The text of the line, its runs joined."""
        return "".join(run.text for run in self.runs)


def lines(document: Document) -> Iterator[Line]:
    """Every line box with text on every page, in order (pages 1-based).

    Lines of generated page-margin content (running heads, folios) have the element
    ``page-margin``.
    """
    for number, page in enumerate(document.pages, start=1):
        yield from _lines(page._page_box, number, None, 0, "")


def _lines(box: Any, page: int, element: str | None, block: int,
           tag: str) -> Iterator[Line]:
    node = getattr(box, "element", None)
    kind = type(box).__name__
    if kind == "MarginBox":
        element = "page-margin"
    elif node is not None and hasattr(node, "get"):
        element = node.get("data-element") or element
    if kind == "LineBox":
        runs = tuple(_run(text) for text in box.descendants()
                     if type(text).__name__ == "TextBox" and text.text.strip())
        if runs:
            yield Line(page, element or str(box.element_tag), block, box.position_y * PX_MM,
                       (box.position_y + box.height) * PX_MM, runs, tag)
        return
    if getattr(box, "children", None) and not kind.startswith("Inline"):
        block = id(node) if node is not None else id(box)
        tag = str(box.element_tag or "")
    for child in getattr(box, "children", ()):
        yield from _lines(child, page, element, block, tag)


def _run(box: Any) -> Run:
    style = box.style
    return Run(box.text, box.position_x * PX_MM, box.width * PX_MM,
               (box.position_y + box.baseline) * PX_MM, float(style["font_size"]) * PX_MM,
               tuple(style["font_family"]), int(style["font_weight"]), str(style["font_style"]))
