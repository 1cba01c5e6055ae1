"""Everything that paints on a page, found with qpdf's content-stream parser (pikepdf).

``marks(pdf)`` interprets every page's content stream and yields a ``Mark`` for each
painting operation: path fills and strokes, text (every render mode that paints), shadings
(``sh`` and shading patterns), image XObjects and inline images. It follows Form XObjects
(their own resources and matrices), tiling patterns, Type 3 glyph procedures, soft-mask
groups and the appearance streams of printable annotations, and keeps the graphics state
exact through ``q``/``Q``, ``cm`` and ``gs`` (ISO 32000-1 §8.4): CTM, colour spaces and
colours, line width, overprint (``OP``/``op``/``OPM``), font and size, text matrix and
render mode.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import pikepdf

from pipeline.pdffile import PdfFile
from pipeline.preflight.colour import (
    DEVICE_CMYK,
    DEVICE_GRAY,
    DEVICE_RGB,
    Colour,
    ColourSpace,
    initial_colour,
    resolve_space,
)
from pipeline.preflight.geometry import IDENTITY, Matrix, multiply, rect, transform_box
from pipeline.preflight.marks import FILL, GState, Mark, PathRef, StreamPaths

MAX_DEPTH = 16
"""Forms, patterns and glyphs nested deeper than this are not followed (a loop guard)."""
PAINTING = ("q Q cm w gs k K rg RG g G cs CS sc scn SC SCN f F f* B B* b b* S s n W W* sh Do "
            "BT Tf Tr Ts TL Tm Td TD T* Tj TJ ' \" BI ID EI")
"""What the walk asks qpdf for: path construction (most of the bytes of outlines and QR
codes) stays in C++ until a finding needs the path's place (``Mark.bbox``)."""
SHOW = frozenset({"Tj", "TJ", "'", '"'})
FILL_MODES = frozenset({0, 2, 4, 6})
STROKE_MODES = frozenset({1, 2, 5, 6})
NO_SPACE = ColourSpace("none", 0)
"""The space of a ``malformed`` mark: an operator the walk could not read (no paint)."""
INHERITED = Colour(ColourSpace("inherited", 0))
"""The colour of a Type 3 glyph that sets none: the text's, judged with the text."""
PRINT_FLAG = 4
"""Annotation flag bit 3, "Print" (ISO 32000-1 Table 165): only these reach the plate."""
HIDDEN_FLAG = 2
"""Annotation flag bit 2, "Hidden" (Table 165): neither displayed nor printed, Print or not."""


@dataclass
class _Scope:
    """What a content stream is run in: its page, resources, origin and nesting."""

    page: int
    resources: Any
    origin: str
    depth: int = 0
    in_group: bool = False
    mask: bool = False
    base_ctm: Matrix = IDENTITY
    stack: frozenset[tuple[int, int]] = frozenset()


def marks(pdf: pikepdf.Pdf) -> Iterator[Mark]:
    """Every mark of every page (1-based), in painting order per page."""
    for number, page in enumerate(pdf.pages, start=1):
        walker = _Walker()
        scope = _Scope(number, page.obj.get("/Resources"), "page")
        yield from walker.run(page.obj, scope, GState())
        yield from walker.annotations(page.obj, number)


def all_marks(file: PdfFile) -> list[Mark]:
    """Every mark of ``file`` (``marks`` of its pikepdf ``Pdf``), for ``PdfFile.shared``.

    Preflight and the emblem check's paint read the one walk of a file.
    """
    return list(marks(file.pikepdf))


class _Walker:
    """Interprets the content streams of one page; each pattern/Type 3 font walked once."""

    def __init__(self) -> None:
        self.done: set[tuple[int, int]] = set()

    def run(self, stream: Any, scope: _Scope, state: GState) -> Iterator[Mark]:
        """Interpret ``stream`` (a page or a content stream) from ``state``."""
        try:
            instructions = pikepdf.parse_content_stream(stream, PAINTING)
        except (pikepdf.PdfError, TypeError, ValueError, IndexError) as exc:
            yield self.mark(scope, state, "malformed", None, NO_SPACE, name="content stream",
                            obj=f"{type(exc).__name__}: {exc}")
            return
        stack: list[GState] = []
        painted = 0  # paths ended so far (painted or ``n``): which path an operator used
        clipping = False  # a ``W``/``W*`` waits for the operator that ends its path
        target = StreamPaths(stream.obj if isinstance(stream, pikepdf.Page) else stream)
        tm = tlm = IDENTITY
        res = scope.resources if scope.resources is not None else pikepdf.Dictionary()
        for instruction in instructions:
            op = str(instruction.operator)
            ops = instruction.operands
            try:
                if op in FILL or op == "n":
                    path = PathRef(target, painted)
                    painted += 1
                    if clipping:
                        state.clip, clipping = (path, state.ctm), False
                    bits = FILL.get(op, 0)
                    if bits & 1:
                        yield from self.paint(scope, state, "fill", state.fill, path)
                    if bits & 2:
                        yield from self.paint(scope, state, "stroke", state.stroke, path)
                elif op in ("W", "W*"):
                    clipping = True
                elif op == "q":
                    stack.append(state.clone())
                elif op == "Q":
                    if stack:
                        state = stack.pop()
                elif op == "cm":
                    state.ctm = multiply([float(v) for v in ops], state.ctm)
                elif op in SHOW:
                    if op in ("'", '"'):
                        tlm = multiply((1, 0, 0, 1, 0, -state.leading), tlm)
                        tm = tlm
                    yield from self.text(scope, state, ops, tm)
                elif op in ("Td", "TD"):
                    if op == "TD":
                        state.leading = -float(ops[1])
                    tlm = multiply((1, 0, 0, 1, float(ops[0]), float(ops[1])), tlm)
                    tm = tlm
                elif op == "Tm":
                    tm = tlm = tuple(float(v) for v in ops)  # type: ignore[assignment]
                elif op == "T*":
                    tlm = multiply((1, 0, 0, 1, 0, -state.leading), tlm)
                    tm = tlm
                elif op == "BT":
                    tm = tlm = IDENTITY
                elif op == "Tf":
                    state.font_name = str(ops[0])
                    fonts = res.get("/Font")
                    state.font = fonts.get(state.font_name) if fonts is not None else None
                    state.font_size = float(ops[1])
                elif op == "Tr":
                    state.render_mode = int(ops[0])
                elif op == "Ts":
                    state.rise = float(ops[0])
                elif op == "TL":
                    state.leading = float(ops[0])
                elif op in ("k", "K", "rg", "RG", "g", "G"):
                    space = {"k": DEVICE_CMYK, "rg": DEVICE_RGB, "g": DEVICE_GRAY}[op.lower()]
                    colour = Colour(space, tuple(float(v) for v in ops))
                    if op.islower():
                        state.fill = colour
                    else:
                        state.stroke = colour
                elif op in ("cs", "CS"):
                    colour = initial_colour(resolve_space(ops[0], res))
                    if op == "cs":
                        state.fill = colour
                    else:
                        state.stroke = colour
                elif op in ("sc", "scn", "SC", "SCN"):
                    current = state.fill if op.islower() else state.stroke
                    values = tuple(float(v) for v in ops if not isinstance(v, pikepdf.Name))
                    names = [str(v) for v in ops if isinstance(v, pikepdf.Name)]
                    colour = Colour(current.space, values, names[0] if names else None)
                    if op.islower():
                        state.fill = colour
                    else:
                        state.stroke = colour
                elif op == "w":
                    state.line_width = float(ops[0])
                elif op == "gs":
                    yield from self.ext_gstate(scope, state, res, str(ops[0]))
                elif op == "sh":
                    shadings = res.get("/Shading")
                    shading = shadings.get(str(ops[0])) if shadings is not None else None
                    if shading is not None:
                        yield self.mark(scope, state, "shading", None,
                                        resolve_space(shading.get("/ColorSpace"), res),
                                        name=str(ops[0]), obj=shading)
                elif op == "Do":
                    yield from self.xobject(scope, state, res, str(ops[0]))
                elif op == "INLINE IMAGE":
                    yield from self.inline_image(scope, state, res,
                                                 getattr(instruction, "iimage", None))
            except (ValueError, TypeError, IndexError, KeyError, pikepdf.PdfError) as exc:
                # Operands of the wrong kind or number: the operator is skipped, as readers
                # do, and reported (a RIP may draw this page otherwise).
                yield self.mark(scope, state, "malformed", None, NO_SPACE, name=op,
                                obj=f"{type(exc).__name__}: {exc}")

    def mark(self, scope: _Scope, state: GState, kind: str, colour: Colour | None,
             space: ColourSpace, **more: Any) -> Mark:
        """A ``Mark`` with a snapshot of ``state``."""
        return Mark(scope.page, kind, colour, space, state.clone(), scope.origin,
                    in_group=scope.in_group, mask=scope.mask, **more)

    def paint(self, scope: _Scope, state: GState, kind: str, colour: Colour,
              path: PathRef) -> Iterator[Mark]:
        """A fill or stroke; with a pattern colour, the pattern's own marks."""
        if colour.space.family == "Pattern":
            yield from self.pattern(scope, state, kind, colour, path)
            return
        yield self.mark(scope, state, kind, colour, colour.space, path=path)

    def text(self, scope: _Scope, state: GState, ops: Any, tm: Matrix) -> Iterator[Mark]:
        """Marks of a text-showing operator, by render mode (3 and 7 paint nothing)."""
        font = state.font
        if font is not None and font.get("/Subtype") == "/Type3":
            yield from self.type3(scope, state, font, tm)
        if state.render_mode in FILL_MODES:
            yield self.mark(scope, state, "text", state.fill, state.fill.space, shown=ops,
                            text_matrix=tm, obj=font, name=state.font_name)
        if state.render_mode in STROKE_MODES:
            yield self.mark(scope, state, "stroke", state.stroke, state.stroke.space,
                            shown=ops, text_matrix=tm, obj=font, name=state.font_name)

    def ext_gstate(self, scope: _Scope, state: GState, res: Any, name: str
                   ) -> Iterator[Mark]:
        """Apply an ExtGState; walk its soft-mask group, if any."""
        states = res.get("/ExtGState")
        gs = states.get(name) if states is not None else None
        if gs is None:
            return
        if "/LW" in gs:
            state.line_width = float(gs.LW)
        if "/OP" in gs:
            state.overprint_stroke = bool(gs.OP)
            state.overprint_fill = bool(gs.get("/op", gs.OP))
        elif "/op" in gs:
            state.overprint_fill = bool(gs.op)
        if "/OPM" in gs:
            state.opm = int(gs.OPM)
        if "/ca" in gs:
            state.alpha = float(gs.ca)
        smask = gs.get("/SMask")
        if smask is not None and isinstance(smask, pikepdf.Dictionary):
            state.soft_mask = True
            group = smask.get("/G")
            if group is not None:
                inner = _Scope(scope.page, group.get("/Resources", scope.resources),
                               f"soft mask of {name}", scope.depth + 1, True, True,
                               state.ctm, scope.stack)
                yield from self.form(inner, state, group)
        elif smask is not None:
            state.soft_mask = False

    def xobject(self, scope: _Scope, state: GState, res: Any, name: str) -> Iterator[Mark]:
        """An image placement or a Form XObject run in its own scope."""
        xobjects = res.get("/XObject")
        xobject = xobjects.get(name) if xobjects is not None else None
        if xobject is None:
            return
        if xobject.get("/Subtype") == "/Image":
            colour = state.fill if xobject.get("/ImageMask") else None
            space = colour.space if colour is not None else \
                resolve_space(xobject.get("/ColorSpace", pikepdf.Name.DeviceGray), res)
            yield self.mark(scope, state, "image", colour, space, name=name, obj=xobject)
        elif xobject.get("/Subtype") == "/Form":
            group = xobject.get("/Group")
            transparent = group is not None and group.get("/S") == "/Transparency"
            inner = _Scope(scope.page, xobject.get("/Resources", scope.resources),
                           f"form {name}" if scope.origin == "page" else
                           f"{scope.origin} > form {name}", scope.depth + 1,
                           scope.in_group or transparent, scope.mask, state.ctm, scope.stack)
            yield from self.form(inner, state, xobject)

    def form(self, scope: _Scope, state: GState, form: Any) -> Iterator[Mark]:
        """Run a form's content with its /Matrix, guarded against loops and depth."""
        key = form.objgen
        if scope.depth > MAX_DEPTH or key in scope.stack:
            return
        matrix = [float(v) for v in form.get("/Matrix", IDENTITY)]
        inner_state = replace(state, ctm=multiply(matrix, state.ctm))
        scope = replace(scope, base_ctm=inner_state.ctm, stack=scope.stack | {key})
        yield from self.run(form, scope, inner_state)

    def inline_image(self, scope: _Scope, state: GState, res: Any, image: Any
                     ) -> Iterator[Mark]:
        """An inline image (``BI … ID … EI``) as an image mark."""
        try:
            mask = bool(image.image_mask)
            space = state.fill.space if mask else _inline_space(image, res)
        except (pikepdf.PdfError, NotImplementedError, ValueError, AttributeError):
            space = ColourSpace("unknown", 0)
            mask = False
        yield self.mark(scope, state, "image", state.fill if mask else None, space,
                        name="inline image", obj=image)

    def pattern(self, scope: _Scope, state: GState, kind: str, colour: Colour,
                path: PathRef) -> Iterator[Mark]:
        """A shading pattern as a shading mark; a tiling pattern's content, once per page."""
        patterns = scope.resources.get("/Pattern") if scope.resources is not None else None
        pattern = patterns.get(colour.pattern) if patterns is not None and colour.pattern \
            else None
        if pattern is None:
            return
        matrix = [float(v) for v in pattern.get("/Matrix", IDENTITY)]
        pattern_ctm = multiply(matrix, scope.base_ctm)
        if int(pattern.get("/PatternType", 0)) == 2:
            shading = pattern.get("/Shading")
            if shading is not None:
                yield self.mark(scope, state, "shading", None,
                                resolve_space(shading.get("/ColorSpace"), scope.resources),
                                name=f"{colour.pattern} (shading pattern)", obj=shading,
                                path=path)
            return
        if pattern.objgen in self.done:
            return
        self.done.add(pattern.objgen)
        inner_state = GState(ctm=pattern_ctm)
        if int(pattern.get("/PaintType", 1)) == 2 and colour.space.base is not None:
            base = Colour(colour.space.base, colour.values)
            inner_state.fill = inner_state.stroke = base
        inner = _Scope(scope.page, pattern.get("/Resources"), f"pattern {colour.pattern}",
                       scope.depth + 1, scope.in_group, scope.mask, pattern_ctm, scope.stack)
        if inner.depth <= MAX_DEPTH:
            yield from self.run(pattern, inner, inner_state)

    def type3(self, scope: _Scope, state: GState, font: Any, tm: Matrix) -> Iterator[Mark]:
        """The glyph procedures of a Type 3 font, walked once per page."""
        if font.objgen in self.done or scope.depth >= MAX_DEPTH:
            return
        self.done.add(font.objgen)
        matrix = [float(v) for v in font.get("/FontMatrix", (0.001, 0, 0, 0.001, 0, 0))]
        size = state.font_size
        glyph_ctm = multiply(matrix, multiply((size, 0, 0, size, 0, state.rise),
                                              multiply(tm, state.ctm)))
        inner = _Scope(scope.page, font.get("/Resources", scope.resources),
                       f"Type 3 glyph of {state.font_name}", scope.depth + 1, scope.in_group,
                       scope.mask, glyph_ctm, scope.stack)
        # A d1 glyph paints in the text's colour, already reported with the text mark: its
        # own marks carry no colour until the glyph sets one (a d0 glyph).
        glyph = replace(state, ctm=glyph_ctm, font=None, fill=INHERITED, stroke=INHERITED)
        for _, proc in font.get("/CharProcs", pikepdf.Dictionary()).items():
            yield from self.run(proc, inner, glyph.clone())

    def annotations(self, page: Any, number: int) -> Iterator[Mark]:
        """The normal appearance of every printable annotation (ISO 32000-1 §12.5.5)."""
        for annot in page.get("/Annots", pikepdf.Array()):
            if not isinstance(annot, pikepdf.Dictionary) \
                    or int(annot.get("/F", 0)) & (PRINT_FLAG | HIDDEN_FLAG) != PRINT_FLAG:
                continue
            appearance = annot.get("/AP", pikepdf.Dictionary()).get("/N")
            if isinstance(appearance, pikepdf.Dictionary) and "/AS" in annot:
                appearance = appearance.get(str(annot.AS))
            if not isinstance(appearance, pikepdf.Stream) or "/Rect" not in annot:
                continue
            target = rect(annot.Rect)
            matrix: Matrix = tuple(float(v)  # type: ignore[assignment]
                                   for v in appearance.get("/Matrix", IDENTITY))
            box = transform_box(matrix, rect(appearance.get("/BBox", annot.Rect)))
            sx = (target[2] - target[0]) / ((box[2] - box[0]) or 1)
            sy = (target[3] - target[1]) / ((box[3] - box[1]) or 1)
            fit: Matrix = (sx, 0, 0, sy, target[0] - box[0] * sx, target[1] - box[1] * sy)
            scope = _Scope(number, appearance.get("/Resources"),
                           f"annotation {annot.get('/Subtype', '?')}", 1)
            yield from self.form(scope, GState(ctm=fit), appearance)



def _inline_space(image: Any, res: Any) -> ColourSpace:
    raw = image.obj.get("/ColorSpace", image.obj.get("/CS"))
    if raw is None:
        return DEVICE_GRAY
    return resolve_space(raw, res)
