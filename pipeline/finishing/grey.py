"""Greyscale for office sheets: every colour of the page content in DeviceGray.

Radio sheets are printed on the office printer and read at the desk (issue 17): plain grey
is what any printer prints as it is, with no press output intent to interpret. The layouts
set them in process black and its tints; here each colour operator of the page content and
of the forms it draws is rewritten in DeviceGray (qpdf's content-stream parser and
unparser), and transparency groups blend in DeviceGray. A colour with cyan, magenta or
yellow in it is set at the grey of the same lightness (PDF 32000-1 §10.3.5: grey = 1 −
min(1, 0.3 c + 0.59 m + 0.11 y + k)), so nothing is lost if a layout ever uses one.
Images and shadings are left as they are (office sheets have none).
"""

from __future__ import annotations

from typing import Any

import pikepdf
from pikepdf import Name, Operator

from pipeline.finishing.forms import forms

GREY = Name.DeviceGray
_SPACES = {"/DeviceCMYK": 4, "/DeviceRGB": 3, "/DeviceGray": 1}
"""Components of the device colour spaces, by name."""


def grey_of(components: list[float]) -> float:
    """The grey (0 black – 1 white) of a DeviceGray, DeviceRGB or DeviceCMYK colour.

    RGB by luminance and CMYK by the PDF's own conversion to grey (PDF 32000-1 §10.3.4–5).
    """
    if len(components) == 1:
        return components[0]
    if len(components) == 3:
        red, green, blue = components
        return 0.3 * red + 0.59 * green + 0.11 * blue
    cyan, magenta, yellow, black = components
    return 1.0 - min(1.0, 0.3 * cyan + 0.59 * magenta + 0.11 * yellow + black)


def to_grey(document: pikepdf.Pdf) -> None:
    """Rewrite the colours of every page of ``document``, and of its forms, in DeviceGray."""
    for page in document.pages:
        page.obj.Contents = document.make_stream(_rewrite(page.obj))
        _groups(page.obj)
    for form in forms(document):
        form.write(_rewrite(form))
        _groups(form)


def _groups(holder: pikepdf.Object) -> None:
    group = holder.get(Name.Group)
    if isinstance(group, pikepdf.Dictionary) and Name.CS in group:
        group.CS = GREY


def _rewrite(stream_holder: pikepdf.Object) -> bytes:
    """The content of a page or form with its colour operators in DeviceGray."""
    spaces = {"fill": 1, "stroke": 1}  # components of the current space (DeviceGray)
    found: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage] = []
    for instruction in pikepdf.parse_content_stream(stream_holder):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            found.append(instruction)
            continue
        operands: list[Any] = list(instruction.operands)
        operator = instruction.operator
        op = str(operator)
        values = [float(v) for v in operands if _is_number(v)]
        if op in ("k", "rg", "g", "K", "RG", "G"):
            operands, operator = [grey_of(values)], Operator("g" if op.islower() else "G")
        elif op in ("cs", "CS") and operands and str(operands[0]) in _SPACES:
            spaces["fill" if op == "cs" else "stroke"] = _SPACES[str(operands[0])]
            operands = [GREY]
        elif op in ("sc", "scn", "SC", "SCN") and len(values) == len(operands) \
                and len(values) == spaces["fill" if op.islower() else "stroke"]:
            operands = [grey_of(values)]
        found.append(pikepdf.ContentStreamInstruction(operands, operator))
    return pikepdf.unparse_content_stream(found)


def _is_number(value: object) -> bool:
    """Whether a content-stream operand is a number (qpdf gives them as Decimal or int)."""
    if isinstance(value, (pikepdf.Name, pikepdf.String, pikepdf.Array, pikepdf.Dictionary)):
        return False
    try:
        float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True
