"""A second opinion on total ink: Ghostscript's separations agree with `ink-coverage`.

Each PDF paints one thing over the TAC limit, at least 20 mm across (the 15 mm window of
GWG R0026 fits inside it): a fill, a thick stroke, a CMYK image with a heavy area. Ghostscript
(``tiffsep``) writes one 8-bit plate per process ink; the highest sum of the four plates
must agree within 2 % with the `measured` value of the preflight's `ink-coverage` finding.
"""

from __future__ import annotations

import io
import subprocess
import zlib
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name
from PIL import Image, ImageMath, ImageOps

from pipeline.diagnostics import Severity
from pipeline.preflight import Expectations, run_preflight
from tests.conftest import system_tool

MM = 72 / 25.4
MM_CM = f"{MM:.6f} 0 0 {MM:.6f} 0 0 cm".encode()
PLATES = ("Cyan", "Magenta", "Yellow", "Black")
AGREE = 2.0
"""Percentage points: 8-bit plates step by 0.4 %, the finding is rounded to 1 %."""


def heavy_image(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    """A 100 × 100 px CMYK image: its left 60 % at 340 % (C90 M85 Y85 K80), the rest 100 %."""
    heavy, light = bytes([230, 217, 217, 204]), bytes([0, 0, 0, 255])
    row = heavy * 60 + light * 40
    image = pikepdf.Stream(pdf, zlib.compress(row * 100))
    image.Filter = Name.FlateDecode
    image.Type, image.Subtype = Name.XObject, Name.Image
    image.Width = image.Height = 100
    image.ColorSpace, image.BitsPerComponent = Name.DeviceCMYK, 8
    return image


CASES = {
    # A 30 × 30 mm block of C100 M100 Y100 K60.
    "fill": (b"1 1 1 0.6 k 40 150 30 30 re f", 360.0),
    # A 25 mm wide, 80 mm long stroke of C100 M100 Y100 K50.
    "stroke": (b"1 1 1 0.5 K 25 w 0 J 40 100 m 120 100 l S", 350.0),
    # The image placed 50 × 50 mm: its heavy part is 30 × 50 mm.
    "image": (b"q 50 0 0 50 60 200 cm /Im1 Do Q", 868 / 255 * 100),
}


def page_pdf(ops: bytes) -> bytes:
    """An A4 page with 3 mm bleed painting ``ops`` in mm from the trim's bottom-left."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(210 * MM, 297 * MM))
    page = pdf.pages[0]
    page.BleedBox = page.MediaBox = Array([-3 * MM, -3 * MM, 213 * MM, 300 * MM])
    page.TrimBox = Array([0, 0, 210 * MM, 297 * MM])
    page.Resources = Dictionary(XObject=Dictionary(Im1=heavy_image(pdf)))
    page.Contents = pikepdf.Stream(pdf, b"q " + MM_CM + b" " + ops + b" Q")
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def separations_max(gs: str, pdf: Path, folder: Path) -> float:
    """The highest sum of the four process plates Ghostscript separates, in %.

    tiffsep writes ``p1(Cyan).tif`` … as 8-bit grey, 255 = no ink and 0 = solid.
    """
    subprocess.run([gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiffsep", "-r36",
                    f"-sOutputFile={folder / 'p%d.tif'}", str(pdf)], check=True)
    plates = {}
    for name in PLATES:
        path = folder / f"p1({name}).tif"
        assert path.is_file(), f"no {name} plate from gs: {sorted(folder.iterdir())}"
        plate = Image.open(path)
        assert plate.mode == "L"
        plates[name] = ImageOps.invert(plate)  # now 255 = solid ink
    total = ImageMath.lambda_eval(lambda p: p["c"] + p["m"] + p["y"] + p["k"],
                                  c=plates["Cyan"], m=plates["Magenta"],
                                  y=plates["Yellow"], k=plates["Black"])
    return float(total.getextrema()[1]) / 255 * 100


def preflight_measured(data: bytes) -> float:
    """The `measured` total ink of the preflight's ink-coverage error, in %."""
    found = [d for d in run_preflight(data, Expectations(job="tac.pdf"))
             if d.code == "ink-coverage" and d.severity is Severity.ERROR]
    assert len(found) == 1, [str(d) for d in found]
    assert found[0].measured is not None
    return float(found[0].measured.removesuffix("%").strip())


@pytest.mark.parametrize("case", list(CASES))
def test_ghostscript_separations_agree_with_ink_coverage(case: str, tmp_path: Path) -> None:
    """This test ensures the total ink the preflight measures for a fill, a stroke and an
    image is what Ghostscript's separations print, within 2 %, and what was painted."""
    gs = system_tool("gs", package="ghostscript")
    ops, painted = CASES[case]
    path = tmp_path / f"{case}.pdf"
    path.write_bytes(page_pdf(ops))
    separated = separations_max(gs, path, tmp_path)
    measured = preflight_measured(path.read_bytes())
    assert separated == pytest.approx(painted, abs=0.5)
    assert measured == pytest.approx(separated, abs=AGREE)
