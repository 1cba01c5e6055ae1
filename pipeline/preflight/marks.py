"""What a page paints, as the content walk (``walk.py``) finds it: ``Mark``s and their state.

A ``Mark`` is one painting operation with a snapshot of its graphics state (``GState``);
its place on the page (``bbox``), its text and its path are worked out only when a check
asks, so the walk stays at the speed of qpdf's parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from pipeline.preflight.colour import DEVICE_GRAY, Colour, ColourSpace
from pipeline.preflight.geometry import IDENTITY, Box, Matrix, apply, bounds, multiply, rect

PATH = frozenset({"m", "l", "c", "v", "y", "h", "re"})
FILL = {"f": 1, "F": 1, "f*": 1, "B": 3, "B*": 3, "b": 3, "b*": 3, "S": 2, "s": 2}
"""Path-painting operators: bit 1 fills, bit 2 strokes (ISO 32000-1 Table 60)."""


@dataclass
class GState:
    """The graphics state a mark is painted with (ISO 32000-1 Table 52, the parts we need)."""

    ctm: Matrix = IDENTITY
    fill: Colour = field(default_factory=lambda: Colour(DEVICE_GRAY, (0.0,)))
    stroke: Colour = field(default_factory=lambda: Colour(DEVICE_GRAY, (0.0,)))
    line_width: float = 1.0
    overprint_fill: bool = False
    overprint_stroke: bool = False
    opm: int = 0
    alpha: float = 1.0
    soft_mask: bool = False
    font: Any = None
    font_name: str = ""
    font_size: float = 0.0
    render_mode: int = 0
    rise: float = 0.0
    leading: float = 0.0
    clip: tuple[PathRef, Matrix] | None = None
    """The last clipping path set (``W``/``W*``) and the CTM it was set under."""

    def clone(self) -> GState:
        """A copy (the state is copied at every ``q`` and every mark: kept cheap)."""
        copy = GState.__new__(GState)
        copy.__dict__.update(self.__dict__)
        return copy


class StreamPaths:
    """The paths of one content stream, parsed with their construction operators on demand.

    One per stream and walk: the walk asks qpdf for painting operators only, and a finding
    that needs a path's place reads the stream again, once.
    """

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self._paths: list[list[tuple[str, Any]]] | None = None

    def points(self, index: int) -> list[tuple[float, float]]:
        """End and control points of the ``index``-th path ended (painted or ``n``)."""
        if self._paths is None:
            self._paths = []
            current: list[tuple[str, Any]] = []
            try:
                instructions = pikepdf.parse_content_stream(self.stream)
            except (pikepdf.PdfError, TypeError, ValueError, IndexError):
                instructions = []
            for instruction in instructions:
                op = str(instruction.operator)
                if op in PATH:
                    current.append((op, instruction.operands))
                elif op in FILL or op == "n":  # ``n`` ends a clipping path
                    self._paths.append(current)
                    current = []
        points: list[tuple[float, float]] = []
        for op, operands in self._paths[index] if index < len(self._paths) else []:
            try:
                values = [float(v) for v in operands]
                if op == "re":
                    x, y, w, h = values
                    points += [(x, y), (x + w, y + h)]
                else:
                    points += list(zip(values[0::2], values[1::2], strict=False))
            except (TypeError, ValueError):  # a malformed operator: reported by the walk
                continue
        return points


@dataclass(frozen=True)
class PathRef:
    """Which path a fill or stroke painted: the ``index``-th painting operator of a stream."""

    stream: StreamPaths
    index: int


@dataclass(frozen=True)
class Mark:
    """One painting operation as it lands on the page.

    ``kind`` is ``fill``, ``stroke``, ``text``, ``shading`` or ``image`` (or ``malformed``:
    an operator that could not be read, its error in ``obj``); ``colour`` the
    paint (for a stroked text render mode the stroke colour), ``space`` the colour space of
    the paint, image or shading; ``ctm`` maps the object's space to the page in pt;
    ``origin`` says where it was found (``page``, ``form /Fm1``, ``pattern /P0``,
    ``annotation /Widget``, ``Type 3 glyph of /F1``, ``soft mask``). ``in_group`` is true
    inside a transparency group form; ``mask`` inside a soft mask (no ink of its own).
    """

    page: int
    kind: str
    colour: Colour | None
    space: ColourSpace
    state: GState
    origin: str = "page"
    name: str = ""
    obj: Any = None
    path: PathRef | None = None
    shown: Any = None
    text_matrix: Matrix = IDENTITY
    in_group: bool = False
    mask: bool = False

    @property
    def ctm(self) -> Matrix:
        """The current transformation matrix at the time of painting."""
        return self.state.ctm

    @property
    def text_size(self) -> float:
        """Text size on the page in pt: the font size through the text matrix and the CTM."""
        m = multiply(self.text_matrix, self.ctm)
        return float(abs(self.state.font_size) * (m[2] ** 2 + m[3] ** 2) ** 0.5)

    @property
    def text(self) -> bytes:
        """The character codes a text-showing operator painted (its strings, in order)."""
        return shown(self.shown) if self.shown is not None else b""

    @property
    def bbox(self) -> Box:
        """Where the mark lies on the page, in pt of default user space.

        Paths are read again (with their construction operators) only when asked: the
        walk itself leaves them to qpdf. Text: the em square at the origin of its first
        glyph (where it starts; its extent needs the font's metrics).
        """
        if self.kind == "text" or (self.kind == "stroke" and self.shown is not None):
            m = multiply(self.text_matrix, self.ctm)
            size, rise = self.state.font_size, self.state.rise
            x, y = apply(m, 0.0, rise)
            x2, y2 = apply(m, size, rise + size)
            return bounds([(x, y), (x2, y2)])
        if self.path is not None:
            points = self.path.stream.points(self.path.index)
            return bounds(apply(self.ctm, x, y) for x, y in points)
        if self.kind == "shading" and self.state.clip is not None:  # ``sh`` fills its clip
            ref, ctm = self.state.clip
            return bounds(apply(ctm, x, y) for x, y in ref.stream.points(ref.index))
        corners: tuple[tuple[float, float], ...] = ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0),
                                                    (1.0, 1.0))
        if self.kind == "shading" and self.obj is not None:  # ``sh`` paints its clip
            coords = [float(v) for v in self.obj.get("/Coords", [])]
            if "/BBox" in self.obj:
                box = rect(self.obj.BBox)
                corners = ((box[0], box[1]), (box[2], box[3]))
            elif len(coords) == 4:  # axial: the axis
                corners = ((coords[0], coords[1]), (coords[2], coords[3]))
            elif len(coords) == 6:  # radial: both circles
                corners = tuple((x + sx * r, y + sy * r) for x, y, r in
                                (coords[0:3], coords[3:6]) for sx in (-1, 1) for sy in (-1, 1))
        return bounds(apply(self.ctm, x, y) for x, y in corners)


_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")


def shown(operands: Any) -> bytes:
    """The character codes of a text-showing operator's strings, concatenated."""
    codes = b""
    for operand in operands:
        if isinstance(operand, pikepdf.String):
            codes += bytes(operand)
        elif isinstance(operand, pikepdf.Array):
            raw = operand.unparse()  # one call into qpdf; hex strings need no Python objects
            if b"(" not in raw:
                hexes = _HEX.findall(raw)
                if not any(len(h) % 2 for h in hexes):
                    codes += bytes.fromhex(b"".join(hexes).decode())
                    continue
            for item in operand:
                if isinstance(item, pikepdf.String):
                    codes += bytes(item)
    return codes
