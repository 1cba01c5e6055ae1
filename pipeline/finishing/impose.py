"""Printer spreads for saddle stitching: pages two-up in sheet order (pikepdf).

For N pages (a multiple of four) sheet k (0-based) carries, on its outside, pages N − 2k
and 2k + 1 and, on its inside, 2k + 2 and N − 2k − 1. Each page is placed by its TrimBox
as a Form XObject whose bounding box is the TrimBox, so bleed, marks and slug of one page
never print over its neighbour; the spread's boxes are the two trims side by side.
"""

from __future__ import annotations

import hashlib
import io

import pikepdf
from pikepdf import Array, Dictionary, Name

from pipeline.finishing import save


def sheet_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) 1-based page numbers of each spread, outside then inside of each sheet."""
    if pages % 4:
        raise ValueError(f"{pages} pages cannot be saddle-stitched (not a multiple of 4)")
    order = []
    for k in range(pages // 4):
        order.append((pages - 2 * k, 2 * k + 1))
        order.append((2 * k + 2, pages - 2 * k - 1))
    return order


def impose_saddle_stitch(pdf: bytes) -> bytes:
    """The spreads PDF for a finished reader PDF."""
    with pikepdf.open(io.BytesIO(pdf)) as reader, pikepdf.new() as spreads:
        forms = []
        for page in reader.pages:
            trim = [float(v) for v in page.trimbox]
            # The page's content streams joined into one Form XObject with the page's
            # resources; clipped to the TrimBox by its bounding box.
            form = page.as_form_xobject(handle_transformations=False)
            form.BBox = Array(trim)
            forms.append((spreads.copy_foreign(form), trim))
        width = forms[0][1][2] - forms[0][1][0]
        height = forms[0][1][3] - forms[0][1][1]
        for left, right in sheet_order(len(forms)):
            spread = spreads.add_blank_page(page_size=(2 * width, height))
            ops = []
            xobjects = Dictionary()
            for slot, number in enumerate((left, right)):
                form, trim = forms[number - 1]
                name = f"/P{number}"
                xobjects[name] = form
                ops.append(f"q 1 0 0 1 {slot * width - trim[0]:.4f} {-trim[1]:.4f} cm "
                           f"{name} Do Q")
            spread.obj.Resources = Dictionary(XObject=xobjects)
            spread.obj.Contents = spreads.make_stream("\n".join(ops).encode())
            spread.obj.TrimBox = Array([0, 0, 2 * width, height])
            spread.obj.BleedBox = Array([0, 0, 2 * width, height])
        if Name.OutputIntents in reader.Root:
            # Copied with everything they refer to (the profile stream, as it is).
            intents = reader.make_indirect(reader.Root.OutputIntents)
            spreads.Root.OutputIntents = spreads.copy_foreign(intents)
        return save(spreads, hashlib.md5(pdf, usedforsecurity=False).digest(),
                    version=reader.pdf_version)
