"""A second opinion on the final bytes, from tools that share no code with build-print.

build-print's own preflight reads its PDFs with pypdf and its own content-stream lexer; a
printer's RIP reads them with its own interpreter. Here every PDF of the sample campaign in
``output/print/`` is given to:

- **qpdf** ``--check``: the cross-reference table, every object and every stream decode,
  with no warning;
- **Ghostscript**, the interpreter under many RIPs and proofing tools: every page is
  rendered to CMYK separations with no error, repair or warning reported, the page count is
  the one in the report, and the total area coverage (C+M+Y+K) of any pixel (about 1 mm of
  the printed piece) stays within the brand's limit for FOGRA39 (320 %).

- **a phone**, as near as a test can come: every page with a QR code, rendered by
  Ghostscript (not the pdfium build-print reads its codes with) as a 12-megapixel phone
  camera would see it from the product's scanning distance, turned 4°, blurred, in grey and
  saved as a JPEG, is read by zxing-cpp: each code gives the campaign website.

Control tests show that each check does fail: a truncated PDF, a broken ``startxref``, a
patch of 380 % ink, and a code too small for the distance.

Both tools come from Debian (``apt-get install ghostscript qpdf``, done by ``.ci/run``):
without them the tests are skipped, except under CI where that is a failure.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageFilter, ImageMath
from pypdf import PdfReader

from pipeline.build import load, plan
from pipeline.config import ProjectConfig
from pipeline.preflight import load_profile
from pipeline.results import BuildReport
from tests.conftest import system_tool
from tests.pdf_factory import make_pdf

pytestmark = pytest.mark.slow  # the sample built once, Ghostscript rendering every page

MM_PER_PIXEL = 1.0
"""Ghostscript renders each file so that a pixel is about 1 mm of the printed piece (finer
than the 15 mm² window GWG measures coverage in, so a pixel's coverage is the stricter
figure)."""

# What Ghostscript prints when a file is not as the PDF specification says (it still exits
# with 0 after repairing or ignoring the problem).
_COMPLAINTS = ("****", "error", "warning", "repaired", "Unrecoverable")


def gs() -> str:
    return system_tool("gs", package="ghostscript")


def qpdf() -> str:
    return system_tool("qpdf", package="qpdf")


@dataclass
class Rendered:
    """What Ghostscript made of one PDF."""

    complaints: list[str]
    pages: int
    max_tac: float
    """Highest C+M+Y+K of any pixel of any page, in per cent."""


def ghostscript(path: Path, scale: int = 1) -> Rendered:
    """Render every page of ``path`` to 32-bit CMYK, a pixel ≈ ``MM_PER_PIXEL`` of the print
    (a file laid out at 1:``scale`` is rendered ``scale`` times finer)."""
    dpi = 25.4 / MM_PER_PIXEL * scale
    with tempfile.TemporaryDirectory() as folder:
        run = subprocess.run(
            [gs(), "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dPDFSTOPONERROR",
             "-sDEVICE=tiff32nc", f"-r{dpi:.2f}", f"-sOutputFile={folder}/page-%04d.tif",
             str(path)], capture_output=True, text=True, timeout=600, check=False)
        output = (run.stdout + run.stderr).splitlines()
        complaints = [line.strip() for line in output
                      if any(word.lower() in line.lower() for word in _COMPLAINTS)]
        if run.returncode:
            complaints.append(f"exit status {run.returncode}")
        pages = sorted(Path(folder).glob("page-*.tif"))
        return Rendered(complaints, len(pages), max((_max_tac(page) for page in pages),
                                                   default=0.0))


def _max_tac(page: Path) -> float:
    with Image.open(page) as image:
        c, m, y, k = (band.convert("I") for band in image.split())
    total = ImageMath.lambda_eval(lambda ink: ink["c"] + ink["m"] + ink["y"] + ink["k"],
                                  c=c, m=m, y=y, k=k)
    return total.getextrema()[1] * 100 / 255


# The phone: 4032 px across a field of view 1.375 × the distance wide (a 26 mm-equivalent
# main camera, 69°). The full page is rendered at that density, capped at 40 megapixels
# (fewer pixels per module than the phone gets, never more).
PHONE_PX = 4032
PHONE_FIELD = 1.375
MAX_PIXELS = 40e6


def phone_photo(path: Path, page: int, distance_m: float, scale: int) -> Image.Image:
    """Page ``page`` of ``path`` as a phone at ``distance_m`` from the printed piece (laid
    out at 1:``scale``) would see it: grey, tilted, blurred and JPEG-compressed."""
    px_per_mm = PHONE_PX / (PHONE_FIELD * distance_m * 1000) * scale
    box = PdfReader(path).pages[page - 1].mediabox
    area_mm2 = float(box.width) * float(box.height) * (25.4 / 72) ** 2
    px_per_mm = min(px_per_mm, (MAX_PIXELS / area_mm2) ** 0.5)
    with tempfile.TemporaryDirectory() as folder:
        png = Path(folder) / "page.png"
        subprocess.run([gs(), "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pnggray",
                        "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4",
                        f"-dFirstPage={page}", f"-dLastPage={page}",
                        f"-r{px_per_mm * 25.4:.2f}", f"-sOutputFile={png}", str(path)],
                       check=True, capture_output=True, timeout=300)
        photo = Image.open(png).rotate(4, resample=Image.Resampling.BILINEAR, expand=True,
                                       fillcolor=128)
        photo = photo.filter(ImageFilter.GaussianBlur(0.8))
        jpeg = Path(folder) / "photo.jpg"
        photo.save(jpeg, quality=70)
        return Image.open(jpeg).copy()


def phone_reads(path: Path, page: int, distance_m: float, scale: int = 1) -> list[str]:
    """The texts of the QR codes zxing-cpp finds in the phone's photo of the page."""
    return sorted(code.text for code in zxingcpp.read_barcodes(
        phone_photo(path, page, distance_m, scale), formats=zxingcpp.BarcodeFormat.QRCode))


def qpdf_check(path: Path) -> list[str]:
    """What ``qpdf --check`` found wrong in ``path`` (nothing for a sound file)."""
    run = subprocess.run([qpdf(), "--check", str(path)], capture_output=True, text=True,
                         timeout=300, check=False)
    if run.returncode == 0 and "No syntax or stream encoding errors" in run.stdout:
        return []
    return [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]


def _scale(path: Path) -> int:
    info = PdfReader(path).metadata or {}
    return int(str(info.get("/BuildPrintScale", "1:1")).split(":")[1])


@pytest.fixture(scope="module")
def opinions(sample_build: tuple[ProjectConfig, BuildReport]
             ) -> dict[str, tuple[list[str], Rendered, int]]:
    """Every print PDF of the sample build: qpdf's findings, Ghostscript's rendering, and
    the page count in the build report."""
    config, report = sample_build
    expected = {job.outcome.file: job.pages for job in report.results if job.outcome.file}
    paths = sorted((config.output / "print").rglob("*.pdf"))
    assert len(paths) >= 40, "the sample campaign makes some 50 print PDFs"

    def both(path: Path) -> tuple[list[str], Rendered, int]:
        relative = path.relative_to(config.output).as_posix()
        pages = expected.get(relative) or len(PdfReader(path).pages)
        return qpdf_check(path), ghostscript(path, _scale(path)), pages

    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:  # the tools are processes
        return dict(zip((p.relative_to(config.output).as_posix() for p in paths),
                        pool.map(both, paths), strict=True))


def test_qpdf_finds_nothing_wrong(opinions: dict[str, tuple[list[str], Rendered, int]]) -> None:
    """This test ensures every print PDF's structure and streams pass ``qpdf --check``."""
    assert {name: found for name, (found, _, _) in opinions.items() if found} == {}


def test_ghostscript_renders_every_page_without_a_complaint(
        opinions: dict[str, tuple[list[str], Rendered, int]]) -> None:
    """This test ensures Ghostscript renders every print PDF with no error, repair or
    warning, and finds the page count the build reported."""
    assert {name: rendered.complaints for name, (_, rendered, _) in opinions.items()
            if rendered.complaints} == {}
    assert {name: (rendered.pages, pages) for name, (_, rendered, pages) in opinions.items()
            if rendered.pages != pages} == {}


def test_ink_coverage_measured_by_ghostscript_is_within_the_limit(
        opinions: dict[str, tuple[list[str], Rendered, int]]) -> None:
    """This test ensures no pixel of any page, as Ghostscript separates it, carries more
    than the FOGRA39 limit of total ink (build-print's own preflight says the same)."""
    tac = {name: round(rendered.max_tac, 1) for name, (_, rendered, _) in opinions.items()}
    assert {name: value for name, value in tac.items() if value > load_profile().tac_limit} == {}
    assert max(tac.values()) > 100, "the sample has colour: coverage was really measured"


def test_a_phone_reads_every_qr_code(sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures every page build-print says has a QR code gives the campaign
    website, once per code, to a phone-like photo of Ghostscript's rendering of the file."""
    config, report = sample_build
    project = load(config)
    jobs = {job.id: job for job in plan(project)}
    website = str(project.campaign.website)
    pages: dict[tuple[str, int], int] = {}
    for result in report.results:
        for finding in result.diagnostics:
            if finding.code == "QR-DECODE" and result.outcome.file and finding.page:
                key = (result.job.id, finding.page)
                pages[key] = pages.get(key, 0) + 1
    assert len(pages) >= 10, "the sample's posters, leaflets and invitations carry codes"

    def scan(key: tuple[str, int]) -> list[str]:
        job_id, page = key
        job = jobs[job_id]
        return phone_reads(config.output / str(report_file(report, job_id)), page,
                           job.format.scan_distance_m, job.format.scale)

    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        read = dict(zip(pages, pool.map(scan, pages), strict=True))
    assert {key: codes for key, codes in read.items()
            if codes != [website.rstrip("/")] * pages[key]} == {}


def report_file(report: BuildReport, job_id: str) -> str | None:
    return next(result.outcome.file for result in report.results if result.job.id == job_id)


# --- Controls: each check fails on a file that is wrong in its way ------------------------

def test_controls_a_damaged_file_is_noticed(
        sample_build: tuple[ProjectConfig, BuildReport], tmp_path: Path) -> None:
    """This test ensures the two tools do report a PDF cut short and one whose
    ``startxref`` points nowhere (Ghostscript repairs both silently, exit status 0)."""
    config, _ = sample_build
    data = next((config.output / "print" / "posters").glob("*.pdf")).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 2])
    xref = tmp_path / "xref.pdf"
    xref.write_bytes(data[: data.rindex(b"startxref")] + b"startxref\n123\n%%EOF\n")
    for path in (cut, xref):
        assert qpdf_check(path), path.name
        assert ghostscript(path).complaints, path.name


def test_controls_too_much_ink_is_measured(tmp_path: Path) -> None:
    """This test ensures the coverage measurement sees a 380 % patch (and 185 % on the
    clean page of the same test file)."""
    clean, heavy = tmp_path / "clean.pdf", tmp_path / "heavy.pdf"
    clean.write_bytes(make_pdf())
    heavy.write_bytes(make_pdf("tac-380"))
    assert ghostscript(clean).max_tac == pytest.approx(185, abs=1)
    assert ghostscript(heavy).max_tac == pytest.approx(380, abs=1)
    assert qpdf_check(clean) == []


def test_controls_a_phone_misses_a_code_too_small_for_its_distance(
        sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures the phone photo is demanding: the A3 poster's code, read from 0.25 m
    as built for, is not read from ten times as far."""
    config, report = sample_build
    poster = config.output / str(report_file(report, "zmogus-ne-preke-kaunas-a3"))
    assert phone_reads(poster, 1, 0.25) == ["https://www.caritas.lt"]
    assert phone_reads(poster, 1, 2.5) == []
