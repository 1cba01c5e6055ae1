"""Preflight: each defect of a test-made PDF gives its exact finding; the sample passes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.config import ProjectConfig
from pipeline.diagnostics import Severity
from pipeline.preflight import OFFICE_PROFILE, Expectations, run_preflight
from pipeline.results import BuildReport
from tests.pdf_factory import make_pdf


def errors(data: bytes) -> list[str]:
    return [str(d) for d in run_preflight(data, Expectations(job="test.pdf"))
            if d.severity is Severity.ERROR]


def test_clean_page_passes() -> None:
    """This test ensures the factory's clean page has no error, so each defect stands alone."""
    assert errors(make_pdf()) == []


TOP_LEFT = "mm from the trim's top-left"


@pytest.mark.parametrize(("defect", "finding"), [
    ("rgb-text", f'test.pdf: page 1: text "A" (12.0 pt) at 35.3, 116.4 {TOP_LEFT}: DeviceRGB '
                 "colour: convert to CMYK with the output profile (GWG R0027)"),
    ("rgb-image", f"test.pdf: page 1: image /Im1 (300 × 300 px) at 70.6, 165.8 {TOP_LEFT}: "
                  "DeviceRGB colour: convert to CMYK with the output profile (GWG R0027)"),
    ("unembedded-font", "test.pdf: page 1: font Helvetica is not embedded"),
    ("low-ppi", f"test.pdf: page 1: image /Im1 (72 × 72 px) at 70.6, 165.8 {TOP_LEFT}: 72 ppi "
                "at final size (placed 25.4 × 25.4 mm), below 150 ppi (GWG R0031)"),
    ("no-trimbox", "test.pdf: page 1: no TrimBox: the finished size is unknown"),
    ("bleed-1mm", "test.pdf: page 1: bleed left 1.00 mm, bottom 1.00 mm, right 1.00 mm, "
                  "top 1.00 mm; at least 3 mm needed"),
    ("tac-380", f"test.pdf: page 1: fill at -3.0, 261.7 {TOP_LEFT}: total ink 380 % "
                "(C100 M90 Y90 K100) exceeds 320 % (GWG R0026, mean over 15 mm squares)"),
    ("link-annotation", "test.pdf: page 1: annotations on the page (1 Link): remove them "
                        "from print output"),
    ("no-output-intent", "test.pdf: no PDF/X output intent; exactly one is required"),
    ("no-pdfx-id", "test.pdf: the file has no PDF/X identification; PDF/X-4 is required "
                   "(GWG R0001)"),
])
def test_defect_gives_its_finding(defect: str, finding: str) -> None:
    """This test ensures each defect is found, named and located, and nothing else is."""
    assert errors(make_pdf(defect)) == [finding]


def test_preflight_command_human_and_json(tmp_path: Path) -> None:
    """This test ensures `build-print preflight` prints findings, exits 1 on errors, and
    gives JSON with --json."""
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(make_pdf("tac-380"))
    good = tmp_path / "good.pdf"
    good.write_bytes(make_pdf())
    runner = CliRunner()
    result = runner.invoke(cli, ["preflight", str(good), str(bad)])
    assert result.exit_code == 1
    assert f"ink-coverage     page 1: fill at -3.0, 261.7 {TOP_LEFT}: total ink 380 % " \
        "(C100 M90 Y90 K100) exceeds 320 %" in result.stdout
    assert "1 error(s), 0 warning(s)" in result.stdout
    result = runner.invoke(cli, ["preflight", "--json", str(good)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    codes = {f["code"] for f in data[str(good)]}
    assert {"pdf-version", "pdfx-version", "page-boxes", "output-intent", "colour-spaces",
            "image-resolution", "ink-coverage"} <= codes
    assert all(f["severity"] == "info" for f in data[str(good)])


@pytest.mark.slow
def test_every_sample_pdf_passes_preflight(sample_build: tuple[ProjectConfig, BuildReport]
                                           ) -> None:
    """This test ensures every file of the sample campaign passes preflight with no error
    or warning, with generic expectations as a printer would run it; the radio sheets,
    printed in the office, under the office profile (no bleed, no PDF/X by design); the
    digital edition, for screens, has checks of its own (test_digital_edition.py)."""
    config, report = sample_build
    for result in report.results:
        if result.job.product == "digital-edition" or result.job.card is not None:
            continue  # not for a printer (a social media card: a PNG, tests/test_cards.py)
        path = config.output / result.job.output
        office = not result.job.press
        expect = (Expectations(job=path.name, bleed_mm=0.0, profile=OFFICE_PROFILE) if office
                  else Expectations(job=path.name))
        findings = run_preflight(path.read_bytes(), expect)
        assert [str(d) for d in findings if d.severity is not Severity.INFO] == []
        intent = [d.message for d in findings if d.code == "output-intent"]
        assert intent == ([] if office else
                          ["FOGRA39 (http://www.color.org), CMYK profile embedded"])
