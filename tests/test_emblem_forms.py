"""The EU emblem in each form the rules allow, on PDFs drawn by the tests themselves, through
`build-print check`: the form found is named; a colour that is none of them fails naming the
nearest; an emblem too small to measure says so instead of counting; text flattened to
outlines is "cannot check" without OCR and read with Tesseract."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.compliance.raster import MIN_HOIST_PX
from pipeline.config import ProjectConfig
from pipeline.results import BuildReport
from tests.conftest import system_tool
from tests.emblem_pdfs import emblem_pdf, raster_emblem_pdf

pytestmark = pytest.mark.slow
EMBLEM_RULES = ("EMB-PRESENT", "EMB-RATIO", "EMB-STARS", "EMB-RING", "EMB-STARSIZE")


def check(path: Path, *args: str) -> dict[str, list[dict[str, str]]]:
    """`build-print check --json` on ``path``: the findings by rule id."""
    outcome = CliRunner().invoke(cli, ["check", "--json", *args, str(path)])
    assert outcome.exit_code in (0, 1), outcome.output
    findings: dict[str, list[dict[str, str]]] = {}
    for finding in json.loads(outcome.stdout)[str(path)]:
        findings.setdefault(finding["code"], []).append(finding)
    return findings


@pytest.mark.parametrize(("form", "rule", "named"), [
    ("cmyk", "CLR-CMYK", "process CMYK 100/80/0/0 and 0/0/100/0"),
    ("rgb", "CLR-RGB", "screen RGB #003399 and #FFCC00"),
    ("spot", "CLR-SPOT", "spot colours Pantone Reflex Blue and Pantone Yellow: separations "
     "PANTONE Reflex Blue C, PANTONE Yellow C"),
    ("mono-black", "CLR-MONO-BLACK", "black only: black outline and black stars on white"),
    ("mono-blue", "CLR-MONO-BLUE", "blue only: white stars on a Reflex Blue field"),
])
@pytest.mark.parametrize("pack", ["lt-esf-2007-2013", "eu-2021-2027"])
def test_each_official_form_passes_naming_it(tmp_path: Path, form: str, rule: str,
                                             named: str, pack: str) -> None:
    """This test ensures an emblem drawn at 30 mm in each official form passes the colour
    check under the rule of that form, naming it, and its geometry is measured."""
    path = tmp_path / f"{form}.pdf"
    path.write_bytes(emblem_pdf(form))
    findings = check(path, "--pack", pack)
    colour = [f for code, found in findings.items() if code.startswith("CLR-")
              and code != "CLR-BG-BORDER" for f in found]
    assert [(f["code"], f["verdict"]) for f in colour] == [(rule, "pass")]
    assert colour[0]["message"].startswith(named), colour[0]["message"]
    for code in EMBLEM_RULES:
        assert [f["verdict"] for f in findings[code]] == ["pass"], findings[code]
    assert findings["EMB-STARS"][0]["message"] == "12 stars"
    size = re.match(r"emblem rectangle ([\d.]+) × ([\d.]+) mm", findings["EMB-RATIO"][0]["message"])
    assert size is not None
    assert abs(float(size[1]) - 45) <= 0.3 and abs(float(size[2]) - 30) <= 0.3


def test_a_blue_20_percent_off_fails_naming_the_nearest_form(tmp_path: Path) -> None:
    """This test ensures a field of 80 % C + 64 % M (the blue 20 % off) matches no form:
    it fails under the nearest form's rule, which the finding names with its ΔE."""
    path = tmp_path / "off.pdf"
    path.write_bytes(emblem_pdf("blue-20-off"))
    findings = check(path)
    [colour] = findings["CLR-CMYK"]
    assert colour["verdict"] == "fail"
    assert "match no permitted form" in colour["message"]
    assert "the nearest is process CMYK 100/80/0/0 and 0/0/100/0 at ΔE 12." in \
        colour["message"]
    assert colour["measured"].startswith("ΔE 12.")
    assert not any(code in findings for code in ("CLR-RGB", "CLR-SPOT", "CLR-MONO-BLUE"))


def test_a_small_raster_emblem_cannot_be_measured(tmp_path: Path) -> None:
    """This test ensures an emblem placed as a 187 × 125 px image (rendering it finer adds
    no information) gets "cannot measure" warnings for its star geometry, never a count;
    its rectangle and field colour are still measured, and it is not compared with itself
    as another logo."""
    path = tmp_path / "small.pdf"
    path.write_bytes(raster_emblem_pdf(187))
    findings = check(path)
    wanted = (f"cannot measure: emblem is 187 × 125 px (the placed image's own pixels), at "
              f"least {round(MIN_HOIST_PX * 1.5)} × {MIN_HOIST_PX} px needed")
    for code in ("EMB-STARS", "EMB-RING", "EMB-STARSIZE"):
        assert [(f["verdict"], f["message"]) for f in findings[code]] == [("warn", wanted)]
    assert [f["verdict"] for f in findings["EMB-RATIO"]] == ["pass"]
    assert [(f["code"], f["verdict"]) for f in findings["CLR-RGB"]] == [("CLR-RGB", "pass")]
    assert [f["message"] for f in findings["SIZE-VS-LOGOS"]] == ["no other logo on the page"]


def test_the_same_emblem_large_is_measured(tmp_path: Path) -> None:
    """This test ensures the same image at 376 × 251 px is analysed at its own pixels and
    measured: twelve upright stars on H/3, star radius H/18, screen RGB colours."""
    path = tmp_path / "large.pdf"
    path.write_bytes(raster_emblem_pdf(376))
    findings = check(path)
    for code in EMBLEM_RULES:
        assert [f["verdict"] for f in findings[code]] == ["pass"], findings[code]
    assert findings["EMB-STARS"][0]["message"] == "12 stars"
    assert [f["verdict"] for f in findings["CLR-RGB"]] == ["pass"]


def without_tesseract(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """PATH with no tesseract on it (an empty folder): as on a machine without it."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


@pytest.fixture
def outlined(sample_build: tuple[ProjectConfig, BuildReport], tmp_path: Path) -> Path:
    """The Kaunas A3 poster with every glyph converted to outlines by Ghostscript."""
    config, _ = sample_build
    source = config.output / "print/posters/zmogus-ne-preke-kaunas-a3.pdf"
    target = tmp_path / "outlined.pdf"
    subprocess.run([system_tool("gs", package="ghostscript"), "-q", "-dBATCH", "-dNOPAUSE",
                    "-dSAFER", "-sDEVICE=pdfwrite", "-dNoOutputFonts",
                    f"-sOutputFile={target}", str(source)], check=True)
    return target


def test_text_as_outlines_cannot_be_checked_without_ocr(
        outlined: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """This test ensures a PDF whose text is outlines (no text layer) gets "cannot check
    text" warnings, not "not found" failures, when Tesseract is not installed."""
    import pypdfium2

    page = pypdfium2.PdfDocument(outlined.read_bytes())[0]
    assert page.get_textpage().get_text_range().strip() == ""  # really no text layer
    without_tesseract(monkeypatch, tmp_path)
    findings = check(outlined)
    for code in ("TXT-EU", "TXT-FUND-ESF"):
        [finding] = findings[code]
        assert finding["verdict"] == "warn"
        assert finding["message"].startswith("cannot check text: no text layer on page(s) 1")
    assert [f["verdict"] for f in findings["EMB-STARS"]] == ["pass"]


def test_text_as_outlines_is_read_by_ocr(outlined: Path) -> None:
    """This test ensures that with Tesseract and its Lithuanian data (CI installs
    tesseract-ocr-lit) the statements on the outlined poster are read by OCR and pass,
    saying so."""
    system_tool("tesseract", package="tesseract-ocr-lit")
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                            check=False, env=os.environ)
    if "lit" not in listed.stdout.split() and not os.environ.get("CI"):
        pytest.skip("tesseract has no Lithuanian data (apt-get install tesseract-ocr-lit)")
    findings = check(outlined)
    for code in ("TXT-EU", "TXT-FUND-ESF"):
        [finding] = findings[code]
        assert finding["verdict"] == "pass", finding
        assert "found in the text read by OCR (Tesseract, Lithuanian) from page(s) 1" in \
            finding["message"]
