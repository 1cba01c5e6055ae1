"""Preflight `bleed-artwork`: artwork that reaches the trim must continue into the bleed.

Each PDF is made here with pikepdf: an A4 page (TrimBox at the origin) with 3 mm bleed and
10 mm of media around the trim for marks; its content is drawn in mm (``MM_CM``).
"""

from __future__ import annotations

import io
import re
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from pipeline.config import ProjectConfig
from pipeline.diagnostics import Diagnostic, Severity
from pipeline.preflight import Expectations, run_preflight
from pipeline.results import BuildReport
from tests.conftest import system_tool

MM = 72 / 25.4
W, H = 210.0, 297.0
MM_CM = f"{MM:.6f} 0 0 {MM:.6f} 0 0 cm".encode()
"""Drawing in mm from the trim's bottom-left corner."""
FULL_BLEED = b"0.6 0.1 0 0 k -3 -3 216 303 re f"
MARKS = (b"0 0 0 1 K 0.1 w -10 0 m -5 0 l S 0 -10 m 0 -5 l S "
         b"220 297 m 215 297 l S 210 307 m 210 302 l S")
"""Crop marks in the media outside the BleedBox (5 mm long, 2 mm off the bleed)."""


def page_pdf(*ops: bytes, rotate: int = 0, size: tuple[float, float] = (W, H),
             build: Callable[[pikepdf.Pdf], pikepdf.Stream] | None = None) -> bytes:
    """A page (A4 unless ``size`` in mm) with 3 mm bleed painting ``ops`` (mm, origin at the
    trim's bottom-left)."""
    pdf = pikepdf.new()
    w, h = size
    pdf.add_blank_page(page_size=(w * MM, h * MM))
    page = pdf.pages[0]
    page.MediaBox = Array([-10 * MM, -10 * MM, (w + 10) * MM, (h + 10) * MM])
    page.BleedBox = Array([-3 * MM, -3 * MM, (w + 3) * MM, (h + 3) * MM])
    page.TrimBox = Array([0, 0, w * MM, h * MM])
    if rotate:
        page.Rotate = rotate
    xobjects = Dictionary()
    if build is not None:
        xobjects.Im1 = build(pdf)
    page.Resources = Dictionary(XObject=xobjects)
    page.Contents = pikepdf.Stream(pdf, b"q " + MM_CM + b"\n" + b"\n".join(ops) + b"\nQ")
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def photo(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    """A 120 × 160 px CMYK 'photo': a gradient with texture, no paper white anywhere."""
    width, height = 120, 160
    pixels = bytearray()
    for y in range(height):
        for x in range(width):
            pixels += bytes([(x * 2) % 200 + 20, (y * 3) % 180 + 30, (x * y) % 90 + 10, 15])
    image = pikepdf.Stream(pdf, zlib.compress(bytes(pixels)))
    image.Filter = Name.FlateDecode
    image.Type, image.Subtype = Name.XObject, Name.Image
    image.Width, image.Height = width, height
    image.ColorSpace, image.BitsPerComponent = Name.DeviceCMYK, 8
    return image


def bleed_findings(data: bytes) -> list[Diagnostic]:
    return [d for d in run_preflight(data, Expectations(job="bleed.pdf"))
            if d.code == "bleed-artwork" and d.severity is not Severity.INFO]


def numbers(message: str) -> list[float]:
    return [float(v) for v in re.findall(r"\d+\.\d", message)]


@pytest.mark.parametrize(("name", "ops"), [
    ("full-bleed background", (FULL_BLEED, MARKS)),
    ("coloured box well inside the page", (b"0 0.8 0.6 0 k 40 60 100 80 re f", MARKS)),
    ("white page", (b"",)),
    ("white background that stops at the trim", (b"0 0 0 0 k 0 0 210 297 re f",)),
    ("background past the BleedBox", (b"0 0.2 0.9 0 k -8 -8 226 313 re f",)),
    ("thin rule that ends at the trim", (b"0 0 0 1 K 0.3 w 0 150 m 80 150 l S",)),
])
def test_artwork_that_passes(name: str, ops: tuple[bytes, ...]) -> None:
    """This test ensures pages whose artwork bleeds, stays inside the trim or is white
    (and a rule thinner than 1 mm that touches the trim) give no bleed-artwork finding."""
    assert bleed_findings(page_pdf(*ops)) == [], name


def test_photo_reaching_into_the_bleed_passes() -> None:
    """This test ensures an image placed from the BleedBox's left edge passes: the render
    sees its pixels in the bleed."""
    data = page_pdf(b"q 110 0 0 303 -3 -3 cm /Im1 Do Q", build=photo)
    assert bleed_findings(data) == []


def test_background_that_stops_at_the_left_trim_fails() -> None:
    """This test ensures a background that bleeds everywhere but on the left is an error
    that names the left side, its length (the whole 297 mm edge) and what to do."""
    found = bleed_findings(page_pdf(b"0.6 0.1 0 0 k 0 -3 213 303 re f", MARKS))
    assert len(found) == 1
    finding = found[0]
    assert finding.severity is Severity.ERROR and finding.page == 1
    assert finding.message.startswith("artwork on the left edge at 0.0, 0.0 mm from the "
                                      "trim's top-left: stops at the trim over ")
    assert finding.message.endswith("mm along the edge): extend it 3 mm into the bleed")
    length, start, end = numbers(finding.message.split("over ")[1])
    assert length == pytest.approx(297, abs=1) and start == pytest.approx(0, abs=0.6)
    assert end == pytest.approx(297, abs=0.6)
    assert finding.measured is not None and finding.measured.endswith("mm without bleed")
    assert finding.threshold == "3 mm into the bleed (to the BleedBox)"


def test_band_that_stops_at_the_trim_is_located() -> None:
    """This test ensures a band from 50 to 150 mm below the trim's top, stopping at the
    right trim, is found on the right side with its place and length."""
    found = bleed_findings(page_pdf(b"0 1 1 0 k 120 147 90 100 re f"))
    assert len(found) == 1
    assert found[0].message.startswith("artwork on the right edge at 210.0, ")
    _x, y, length, start, end = numbers(found[0].message)
    assert (y, length, start, end) == pytest.approx((50, 100, 50, 150), abs=0.6)


def test_every_side_is_looked_at() -> None:
    """This test ensures a box that fills the trim exactly fails on all four sides, each a
    finding of its own, and a box that bleeds 1 of 3 mm is short of the bleed's edge."""
    found = bleed_findings(page_pdf(b"0 0 0 0.5 k 0 0 210 297 re f"))
    assert sorted(d.message.split(" edge")[0] for d in found) == [
        "artwork on the bottom", "artwork on the left", "artwork on the right",
        "artwork on the top"]
    short = bleed_findings(page_pdf(b"0 0 0 0.5 k -1 -1 212 299 re f"))
    assert len(short) == 4
    assert all("stops short of the bleed's edge over" in d.message for d in short)


def test_photo_that_stops_at_the_trim_fails() -> None:
    """This test ensures an image (not only vector paint) that ends at the top trim fails."""
    data = page_pdf(b"q 120 0 0 100 45 197 cm /Im1 Do Q", build=photo)
    found = bleed_findings(data)
    assert [d.message.split(" at ")[0] for d in found] == ["artwork on the top edge"]
    length, start, end = numbers(found[0].message.split("over ")[1])
    assert (length, start, end) == pytest.approx((120, 45, 165), abs=0.6)


def test_marks_outside_the_bleed_box_do_not_count() -> None:
    """This test ensures ink between the BleedBox and the MediaBox (a slug bar next to the
    left bleed) never stands in for bleed: the render stops at the BleedBox."""
    slug = b"0 0 0 1 k -10 -3 6 303 re f"
    found = bleed_findings(page_pdf(b"0.6 0.1 0 0 k 0 -3 213 303 re f", slug))
    assert [d.message.split(" at ")[0] for d in found] == ["artwork on the left edge"]


@pytest.mark.parametrize("rotate", [90, 270])
def test_rotated_pages(rotate: int) -> None:
    """This test ensures /Rotate does not move the sides: they are those of the page's own
    coordinates, like the place from the trim's top-left."""
    assert bleed_findings(page_pdf(FULL_BLEED, rotate=rotate)) == []
    found = bleed_findings(page_pdf(b"0 1 1 0 k 120 147 90 100 re f", rotate=rotate))
    assert len(found) == 1
    assert found[0].message.startswith("artwork on the right edge at 210.0, ")
    assert numbers(found[0].message)[1:] == pytest.approx([50, 100, 50, 150], abs=0.6)


def test_large_page_at_its_capped_resolution() -> None:
    """This test ensures a 1.2 × 1.8 m citylight, rendered coarser to stay within the pixel
    budget (about 0.7 px/mm: its 3 mm bleed spans 2 px), still tells a full-bleed background
    from one that stops at the bottom trim."""
    size = (1185.0, 1750.0)
    assert bleed_findings(page_pdf(b"0.6 0.1 0 0 k -3 -3 1191 1756 re f", size=size)) == []
    found = bleed_findings(page_pdf(b"0.6 0.1 0 0 k -3 0 1191 1753 re f", size=size))
    assert [d.message.split(" at ")[0] for d in found] == ["artwork on the bottom edge"]
    length = numbers(found[0].message.split("over ")[1])[0]
    assert length == pytest.approx(1185, abs=3)


def test_no_bleed_box_or_zero_bleed_is_left_to_page_boxes() -> None:
    """This test ensures a page without bleed gives no bleed-artwork finding (page-boxes
    reports it)."""
    pdf = pikepdf.open(io.BytesIO(page_pdf(b"0.6 0.1 0 0 k 0 0 210 297 re f")))
    pdf.pages[0].BleedBox = pdf.pages[0].TrimBox
    out = io.BytesIO()
    pdf.save(out)
    assert bleed_findings(out.getvalue()) == []
    del pdf.pages[0].obj["/BleedBox"]
    out = io.BytesIO()
    pdf.save(out)
    assert bleed_findings(out.getvalue()) == []


def test_failing_page_renders_as_described(tmp_path: Path) -> None:
    """This test ensures the failing test page is what it claims: poppler, another renderer,
    shows ink just inside the left trim and paper white in the left bleed."""
    pdftoppm = system_tool("pdftoppm", package="poppler-utils")
    from PIL import Image

    path = tmp_path / "left.pdf"
    path.write_bytes(page_pdf(b"0.6 0.1 0 0 k 0 -3 213 303 re f", MARKS))
    subprocess.run([pdftoppm, "-r", "60", "-png", "-singlefile", str(path),
                    str(tmp_path / "left")], check=True)
    image = Image.open(tmp_path / "left.png").convert("RGB")
    px_per_mm = 60 / 25.4
    y = int(150 * px_per_mm + 10 * px_per_mm)
    bleed_x, trim_x = int(8.5 * px_per_mm), int(11.5 * px_per_mm)
    assert image.getpixel((bleed_x, y)) == (255, 255, 255)
    assert min(image.getpixel((trim_x, y))) < 200


@pytest.mark.slow
def test_sample_campaign_bleeds(sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures every file of the sample campaign has its artwork in the bleed."""
    config, report = sample_build
    for result in report.results:
        path = config.output / result.job.output
        assert [str(d) for d in bleed_findings(path.read_bytes())] == [], path.name
