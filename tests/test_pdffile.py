"""One parse and one raster per page of a final PDF (``pipeline/pdffile.py``, issue 19).

A job's final file is opened once; its pages are rendered once each for the bleed check and
the proofs together, the proofs derived at their own size; the emblem and QR regions keep
their own renders. Built here: PDFs drawn with pikepdf (``test_preflight_bleed.page_pdf``,
``emblem_pdfs``) and two jobs of the sample project.
"""

from __future__ import annotations

import io
from pathlib import Path, PurePosixPath
from typing import Any

import pypdfium2
import pytest
from PIL import Image, ImageChops

from pipeline import stages
from pipeline.build import build
from pipeline.compliance.paint import page_paint
from pipeline.compliance.raster import measure_region
from pipeline.config import load_config
from pipeline.diagnostics import Diagnostic, Severity
from pipeline.pdffile import PdfFile
from pipeline.preflight import Expectations, run_preflight
from pipeline.preflight.checks.bleed import BLEED_RASTER
from pipeline.proofs import FULL_DPI, ProofRaster, render_proofs
from pipeline.session import BuildOptions
from tests.emblem_pdfs import emblem_pdf
from tests.test_preflight_bleed import numbers, page_pdf

MM = 72 / 25.4


def _direct_proof(data: bytes) -> Image.Image:
    """Page one shown to its bleed edge as the proofs were made before: its own render."""
    page = pypdfium2.PdfDocument(data)[0]
    crop_box, bleed = page.get_cropbox(), page.get_bleedbox()
    scale = min(FULL_DPI / 72, 1200 / max(bleed[2] - bleed[0], bleed[3] - bleed[1]))
    crop = (bleed[0] - crop_box[0], bleed[1] - crop_box[1], crop_box[2] - bleed[2],
            crop_box[3] - bleed[3])
    image: Image.Image = page.render(scale=scale, crop=crop, may_draw_forms=False).to_pil()
    return image.convert("RGB")


def _proof(file: PdfFile) -> Image.Image:
    return Image.open(io.BytesIO(render_proofs(file, PurePosixPath("p"))[0][1])).convert("RGB")


def _bleed(findings: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in findings if d.code == "bleed-artwork" and d.severity is not Severity.INFO]


def test_bleed_check_and_proofs_share_one_render_per_page() -> None:
    """This test ensures a file opened with both raster uses renders its page once for the
    bleed check and the proof together, the proof has the pixels of a render of its own
    (same size, same grid), and the bleed check still finds the band that stops at the
    trim."""
    data = page_pdf(b"0 1 1 0 k 120 147 90 100 re f")
    with PdfFile(data, [BLEED_RASTER, ProofRaster()]) as file:
        found = _bleed(run_preflight(file, Expectations(job="bleed.pdf")))
        proof = _proof(file)
        assert file.page_renders == 1
    assert [d.element for d in found] == ["artwork on the right edge"]
    direct = _direct_proof(data)
    assert proof.size == direct.size
    # The same pixel grid: at most a level of anti-aliasing apart, nowhere more.
    assert ImageChops.difference(proof, direct).getextrema() <= ((0, 1), (0, 1), (0, 1))


def test_a_use_asked_for_late_costs_a_second_pass() -> None:
    """This test ensures the counter counts what pdfium renders: a proof asked for after the
    bleed check's pass, on a file opened without it, renders the page again."""
    with PdfFile(page_pdf(b"0 1 1 0 k -3 -3 216 303 re f")) as file:
        run_preflight(file, Expectations(job="bleed.pdf"))
        assert file.page_renders == 1
        _proof(file)
        assert file.page_renders == 2


def test_a_proof_derived_from_a_finer_raster_keeps_its_size_and_looks_the_same() -> None:
    """This test ensures that where the bleed check needs the finer raster (a scaled layout:
    0.3 mm of bleed in a 120 × 180 mm file), the proof derived from it has the size of a
    render of its own and differs from one only along edges (anti-aliasing)."""
    ops = (b"0.1 0.9 0.8 0 k -0.3 -0.3 120.6 180.6 re f "
           b"0 0 0 1 k 20 40 80 30 re f 1 1 0 0 k 10 100 40 60 re f")
    data = _scaled_page(ops)
    with PdfFile(data, [BLEED_RASTER, ProofRaster()]) as file:
        page = file.page(0)
        assert (BLEED_RASTER.scale(page) or 0) > ProofRaster().scale(page)
        proof = _proof(file)
        assert file.page_renders == 1
    direct = _direct_proof(data)
    assert proof.size == direct.size
    diff = ImageChops.difference(proof, direct).convert("L")
    histogram = diff.histogram()
    assert sum(histogram[2:]) / (proof.width * proof.height) < 0.02  # edges only
    assert sum(v * n for v, n in enumerate(histogram)) / (proof.width * proof.height) < 1.0


def _scaled_page(ops: bytes) -> bytes:
    """A 120 × 180 mm page with 0.3 mm of bleed (a 1:10 citylight's file), ``ops`` in mm."""
    import pikepdf
    from pikepdf import Array

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(120 * MM, 180 * MM))
    page = pdf.pages[0]
    page.MediaBox = Array([-3 * MM, -3 * MM, 123 * MM, 183 * MM])
    page.BleedBox = Array([-0.3 * MM, -0.3 * MM, 120.3 * MM, 180.3 * MM])
    page.TrimBox = Array([0, 0, 120 * MM, 180 * MM])
    page.Contents = pikepdf.Stream(pdf, f"q {MM:.6f} 0 0 {MM:.6f} 0 0 cm\n".encode() + ops
                                   + b"\nQ")
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def test_bleed_findings_on_the_proofs_finer_raster_are_the_same() -> None:
    """This test ensures the bleed check finds the same sides, places and lengths (within a
    pixel at either end of its own 2 px/mm raster: 1 mm) on the proofs' finer 100 dpi
    raster as on its own."""
    for ops in (b"0 1 1 0 k 120 147 90 100 re f", b"0 0 0 0.5 k 0 0 210 297 re f",
                b"0 0 0 0.5 k -1 -1 212 299 re f"):
        data = page_pdf(ops)
        alone = _bleed(run_preflight(data, Expectations(job="bleed.pdf")))
        with PdfFile(data, [ProofRaster(), BLEED_RASTER]) as file:
            shared = _bleed(run_preflight(file, Expectations(job="bleed.pdf")))
            assert file.page_renders == 1
        assert [d.element for d in shared] == [d.element for d in alone]
        for a, b in zip(alone, shared, strict=True):
            assert ("stops at the trim" in a.message) == ("stops at the trim" in b.message)
            assert numbers(b.message) == pytest.approx(numbers(a.message), abs=1.0)


def test_emblem_measured_on_a_shared_page_is_the_same() -> None:
    """This test ensures an emblem measured on a page already rendered for the proofs and the
    bleed check (pdfium page, content walk shared) measures exactly as on a fresh file."""
    data = emblem_pdf("cmyk")
    region = (30 * MM, 297 * MM - 240 * MM, 110 * MM, 297 * MM - 190 * MM)
    with PdfFile(data) as fresh:
        alone = measure_region(fresh, 0, region, fresh.shared(page_paint)[0])
    with PdfFile(data, [BLEED_RASTER, ProofRaster()]) as file:
        render_proofs(file, PurePosixPath("p"))
        shared = measure_region(file, 0, region, file.shared(page_paint)[0])
        assert file.page_renders == 1 and file.region_renders == 1
    assert alone is not None and shared == alone
    assert alone.height == pytest.approx(30, abs=0.3)


@pytest.mark.slow
def test_a_build_renders_each_page_of_a_final_file_once(project: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that building a poster (emblem, QR code) and a leaflet opens each
    final file once and renders each page once for preflight and proofs together: the
    regions rendered on their own are only the emblems and QR codes, and the file is
    closed when the job ends."""
    opened: list[Any] = []

    class Counted(PdfFile):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            opened.append(self)

    monkeypatch.setattr(stages, "PdfFile", Counted)
    jobs = ("zmogus-ne-preke-kaunas-a2", "lankstinukas-jaunimui")
    report = build(load_config(project, tmp_path / "out"), only=jobs,
                   options=BuildOptions(jobs=1))
    by_id = {result.job.id: result for result in report.results}
    assert sorted(by_id) == sorted(jobs)
    assert len(opened) == 2
    for file in opened:
        result = next(r for r in report.results if r.outcome.file and (
            tmp_path / "out" / r.outcome.file).read_bytes() == file.data)
        findings = result.outcome.diagnostics
        regions = sum(d.code == "QR-DECODE" for d in findings) + sum(
            d.code == "EMB-RATIO" for d in findings)
        assert file.page_renders == result.outcome.pages
        assert file.region_renders == regions
        assert file.closed
        assert len(result.outcome.proofs) == result.outcome.pages + 1
    assert all(result.written for result in report.results)
