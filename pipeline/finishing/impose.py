"""Reading spreads of a book: facing pages side by side, as a reader sees them (pikepdf).

A proof for review, not a file for the printer. Printers impose from single pages in
reading order with their own imposition (sheet size, signatures, creep): "please send us
single pages not spreads" (urgentprinting.co.uk, stapled booklets FAQ); "pages as single
pages in order" (print-specs.md §8, standart.lt). So the print PDF of a book stays single
pages, and these spreads go to ``proofs/<id>/spreads.pdf``.

Page 1 (the cover) stands alone on the right, then 2 | 3, 4 | 5 …; the last page of an even
count stands alone on the left. Each page is placed by its TrimBox as a Form XObject whose
bounding box is the TrimBox, so bleed, marks and slug of one page never print over its
neighbour; the spread's boxes are the two trims side by side.
"""

from __future__ import annotations

import hashlib
import io

import pikepdf
from pikepdf import Array, Dictionary

from pipeline.finishing import save


def reading_order(pages: int) -> list[tuple[int | None, int | None]]:
    """(left, right) 1-based page numbers of each spread; ``None`` for an empty half."""
    if pages < 1:
        raise ValueError("a book has at least one page")
    spreads: list[tuple[int | None, int | None]] = [(None, 1)]
    for left in range(2, pages + 1, 2):
        spreads.append((left, left + 1 if left + 1 <= pages else None))
    return spreads


def reading_spreads(pdf: bytes) -> bytes:
    """The reading-spreads PDF for a finished book PDF (same bytes for the same book)."""
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
        for pair in reading_order(len(forms)):
            spread = spreads.add_blank_page(page_size=(2 * width, height))
            ops = []
            xobjects = Dictionary()
            for slot, number in enumerate(pair):
                if number is None:
                    continue
                form, trim = forms[number - 1]
                name = f"/P{number}"
                xobjects[name] = form
                ops.append(f"q 1 0 0 1 {slot * width - trim[0]:.4f} {-trim[1]:.4f} cm "
                           f"{name} Do Q")
            spread.obj.Resources = Dictionary(XObject=xobjects)
            spread.obj.Contents = spreads.make_stream("\n".join(ops).encode())
            spread.obj.TrimBox = Array([0, 0, 2 * width, height])
        return save(spreads, hashlib.md5(pdf, usedforsecurity=False).digest(),
                    version=reader.pdf_version)
