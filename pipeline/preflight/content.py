"""A small content-stream interpreter for preflight: colours, fills and image placements.

It follows the graphics state through ``q``/``Q``/``cm`` and into Form XObjects, so every
image placement has its real size on the page (effective resolution) and every painting
operator its real colour (colour spaces, ink coverage).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from pypdf import PdfReader

from pipeline.preflight.lexer import tokenize

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
FILL_OPS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
STROKE_OPS = {b"S", b"s", b"B", b"B*", b"b", b"b*"}
TEXT_OPS = {b"Tj", b"TJ", b"'", b'"'}


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """The product m × n (apply m, then n), PDF matrix convention."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


@dataclass(frozen=True)
class Colour:
    """A colour as set by an operator: the family of its space and its components."""

    space: str
    """``DeviceCMYK``, ``DeviceRGB``, ``DeviceGray``, ``ICCBased-N``, ``Separation``, …"""
    values: tuple[float, ...] = ()


@dataclass(frozen=True)
class Paint:
    """A painting operation (fill, stroke or text) on ``page`` with the colour it used."""

    page: int
    kind: str
    colour: Colour
    operator: str


@dataclass(frozen=True)
class ImagePlacement:
    """An image drawn on a page, with its transformation.

    ``ctm`` maps the unit square onto the placement, in pt of PDF user space; ``image`` is
    the image XObject, or for an inline image a list holding its parameters.
    """

    page: int
    name: str
    image: Any
    ctm: Matrix


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    fill: Colour = field(default_factory=lambda: Colour("DeviceGray", (0.0,)))
    stroke: Colour = field(default_factory=lambda: Colour("DeviceGray", (0.0,)))


def resolve(obj: Any) -> Any:
    """The object behind an indirect reference; an empty dict for ``None``."""
    if obj is None:
        return {}
    return obj.get_object() if hasattr(obj, "get_object") else obj


def colour_space_family(space: Any) -> str:
    """The family of a colour-space object from a resource dictionary.

    ``DeviceCMYK``, ``ICCBased-4`` (with its number of components), ``Indexed-DeviceRGB``,
    ``Separation``…; ``unknown`` for what is not a name or an array.
    """
    space = space.get_object() if hasattr(space, "get_object") else space
    if isinstance(space, str):
        return str(space).lstrip("/")
    if isinstance(space, list) and space:
        family = str(space[0]).lstrip("/")
        if family == "ICCBased":
            return f"ICCBased-{int(space[1].get_object().get('/N', 0))}"
        if family == "Indexed":
            return f"Indexed-{colour_space_family(space[1])}"
        return family
    return "unknown"


def _resolve_space(operand: Any, resources: Any) -> str:
    name = str(operand)
    if name in ("/DeviceCMYK", "/DeviceRGB", "/DeviceGray", "/Pattern"):
        return name[1:]
    spaces = resources.get("/ColorSpace") if resources else None
    spaces = spaces.get_object() if spaces is not None else {}
    return colour_space_family(spaces[name]) if name in spaces else "unknown"


def walk(reader: PdfReader) -> Iterator[Paint | ImagePlacement]:
    """Every painting operation and image placement of every page, in content order.

    Follows ``q``/``Q``/``cm`` and Form XObjects (nested at most 12 deep, an implementation
    choice); pages are 1-based.
    """
    for number, page in enumerate(reader.pages, start=1):
        content = page.get_contents()
        if content is None:
            continue
        yield from _run(content.get_data(), page.get("/Resources", {}),
                        reader, number, _State(), depth=0)


def _run(data: bytes, resources: Any, reader: PdfReader, page: int, state: _State,
         depth: int) -> Iterator[Paint | ImagePlacement]:
    resources = resources.get_object() if hasattr(resources, "get_object") else resources
    stack: list[_State] = []
    for operands, op in tokenize(data, paint_only=True):  # paint, not path construction
        if op == b"q":
            stack.append(replace(state))
        elif op == b"Q" and stack:
            state = stack.pop()
        elif op == b"cm":
            state.ctm = multiply(tuple(float(v) for v in operands), state.ctm)  # type: ignore[arg-type]
        elif op in (b"k", b"K", b"rg", b"RG", b"g", b"G"):
            space = {b"k": "DeviceCMYK", b"rg": "DeviceRGB", b"g": "DeviceGray"}[op.lower()]
            colour = Colour(space, tuple(float(v) for v in operands))
            if op.islower():
                state.fill = colour
            else:
                state.stroke = colour
        elif op in (b"cs", b"CS"):
            colour = Colour(_resolve_space(operands[0], resources))
            if op == b"cs":
                state.fill = colour
            else:
                state.stroke = colour
        elif op in (b"sc", b"scn", b"SC", b"SCN"):
            values = tuple(float(v) for v in operands if isinstance(v, int | float))
            if op in (b"sc", b"scn"):
                state.fill = Colour(state.fill.space, values)
            else:
                state.stroke = Colour(state.stroke.space, values)
        elif op in FILL_OPS or op in STROKE_OPS or op in TEXT_OPS:
            if op in FILL_OPS:
                yield Paint(page, "fill", state.fill, op.decode())
            if op in STROKE_OPS:
                yield Paint(page, "stroke", state.stroke, op.decode())
            if op in TEXT_OPS:
                yield Paint(page, "text", state.fill, op.decode())
        elif op == b"Do":
            xobjects = resources.get("/XObject") if resources else None
            xobjects = xobjects.get_object() if xobjects is not None else {}
            name = str(operands[0])
            if name not in xobjects:
                continue
            xobject = xobjects[name].get_object()
            subtype = xobject.get("/Subtype")
            if subtype == "/Image":
                yield ImagePlacement(page, name, xobject, state.ctm)
            elif subtype == "/Form" and depth < 12:
                matrix = tuple(float(v) for v in xobject.get("/Matrix", IDENTITY))
                inner = _State(multiply(matrix, state.ctm), state.fill, state.stroke)  # type: ignore[arg-type]
                yield from _run(xobject.get_data(), xobject.get("/Resources", resources),
                                reader, page, inner, depth + 1)
        elif op == b"INLINE IMAGE":
            yield ImagePlacement(page, "inline image", operands, state.ctm)
