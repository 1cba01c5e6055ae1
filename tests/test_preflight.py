"""Preflight: each defect of a test-made PDF gives its exact finding; the sample passes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.config import ProjectConfig
from pipeline.diagnostics import Severity
from pipeline.preflight import Expectations, run_preflight
from pipeline.results import BuildReport
from tests.pdf_factory import make_pdf


def errors(data: bytes) -> list[str]:
    return [str(d) for d in run_preflight(data, Expectations(job="test.pdf"))
            if d.severity is Severity.ERROR]


def test_clean_page_passes() -> None:
    """This test ensures the factory's clean page has no error, so each defect stands alone."""
    assert errors(make_pdf()) == []


@pytest.mark.parametrize(("defect", "finding"), [
    ("rgb-text", "test.pdf: page 1: DeviceRGB colour used for 1 text operation(s)"),
    ("rgb-image", "test.pdf: page 1: RGB image /Im1 (DeviceRGB) with its lower left at "
                  "(70.6, 105.8) mm, placed 25.4 × 25.4 mm"),
    ("unembedded-font", "test.pdf: page 1: font Helvetica is not embedded"),
    ("low-ppi", "test.pdf: page 1: image /Im1 (72 × 72 px) with its lower left at "
                "(70.6, 105.8) mm, placed 25.4 × 25.4 mm: 72 ppi at final size, below 150 ppi"),
    ("no-trimbox", "test.pdf: page 1: no TrimBox: the finished size is unknown"),
    ("bleed-1mm", "test.pdf: page 1: bleed left 1.00 mm, bottom 1.00 mm, right 1.00 mm, "
                  "top 1.00 mm; at least 3 mm needed"),
    ("tac-380", "test.pdf: page 1: total ink 380 % (fill 100 90 90 100) exceeds 320 %"),
    ("link-annotation", "test.pdf: page 1: annotations on the page (1 Link): remove them "
                        "from print output"),
    ("no-output-intent", "test.pdf: no PDF/X output intent; exactly one is required"),
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
    assert "ink-coverage     page 1: total ink 380 % (fill 100 90 90 100) exceeds 320 %" \
        in result.stdout
    assert "1 error(s), 0 warning(s)" in result.stdout
    result = runner.invoke(cli, ["preflight", "--json", str(good)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    codes = {f["code"] for f in data[str(good)]}
    assert {"pdf-version", "page-boxes", "output-intent", "colour", "image-resolution",
            "ink-coverage"} <= codes
    assert all(f["severity"] == "info" for f in data[str(good)])


@pytest.mark.slow
def test_every_sample_pdf_passes_preflight(sample_build: tuple[ProjectConfig, BuildReport]
                                           ) -> None:
    """This test ensures every file of the sample campaign passes preflight with no error
    or warning, with generic expectations as a printer would run it."""
    config, report = sample_build
    for result in report.results:
        path = config.output / result.job.output
        findings = run_preflight(path.read_bytes(), Expectations(job=path.name))
        assert [str(d) for d in findings if d.severity is not Severity.INFO] == []
        intent = [d.message for d in findings if d.code == "output-intent"]
        assert intent == ["FOGRA39 (http://www.color.org), CMYK profile embedded"]


def test_lexer_paint_only_drops_only_where_and_what_glyphs() -> None:
    """This test ensures the lexer's fast path drops exactly the path construction
    operators and the operands of hex TJ arrays, and nothing a painting check needs."""
    from pipeline.preflight.lexer import tokenize

    stream = (b"q 1 0 0 1 10.5 -20 cm 0 0 0 1 k 10 10 m 20 20 l 1 2 3 4 5 6 c h f "
              b"0 0 50 50 re W n 1 2 3 4 v .5 -.5 6 7 y S /Im1 Do "
              b"BT /F1 12 Tf 1 0 0 1 5 5 Tm (a 1 2 m) Tj [<000c>0<001c>-29.5 <01b5>] TJ "
              b"[(a] TJ) 5 (b)] TJ ET Q")
    paths = (b"m", b"l", b"c", b"v", b"y", b"re")
    expected = [([] if op == b"TJ" and all(isinstance(o, list) for o in ops)
                 and all(isinstance(x, bytes | int | float) for x in ops[0]) and
                 all(x.startswith(b"<") for x in ops[0] if isinstance(x, bytes)) else ops, op)
                for ops, op in tokenize(stream) if op not in paths]
    assert list(tokenize(stream, paint_only=True)) == expected
    assert [op for _, op in expected] == [b"q", b"cm", b"k", b"h", b"f", b"W", b"n", b"S",
                                          b"Do", b"BT", b"Tf", b"Tm", b"Tj", b"TJ", b"TJ",
                                          b"ET", b"Q"]
    assert expected[-3] == ([[b"a] TJ", 5, b"b"]], b"TJ")  # a literal string: parsed
