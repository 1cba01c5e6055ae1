"""Outdoor media and QR verification: billboard at 1:10, citylight, type size by viewing
distance, QR codes read back from the final PDF and sized for their scanning distance."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.build import build
from pipeline.config import ProjectConfig, load_config
from pipeline.diagnostics import Severity
from pipeline.results import BuildReport

pytestmark = pytest.mark.slow
MM = 25.4 / 72


def result_of(report: BuildReport, job_id: str) -> object:
    return next(r for r in report.results if r.job.id == job_id)


def test_billboard_at_one_to_ten(sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures the 6 × 3 m board is a 600 × 300 mm page with 2 mm bleed (20 mm at
    final size), its scale in metadata and ticket, and its photo sharp enough at 50 m."""
    config, report = sample_build
    path = config.output / "print/outdoor/stendas-zmogus-ne-preke.pdf"
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert [float(v) * MM for v in page.trimbox] == pytest.approx([0, 0, 600, 300], abs=0.01)
    assert [float(v) * MM for v in page.bleedbox] == pytest.approx([-2, -2, 602, 302], abs=0.01)
    assert reader.metadata is not None and reader.metadata["/BuildPrintScale"] == "1:10"
    ticket = path.with_suffix(".job.txt").read_text(encoding="utf-8")
    assert "Mastelis (scale):           1:10 (file page 600 × 300 mm)" in ticket
    result = next(r for r in report.results if r.job.id == "stendas-zmogus-ne-preke")
    assert [str(d) for d in result.diagnostics if d.severity is Severity.ERROR] == []
    assert [d.code for d in result.diagnostics if d.severity is Severity.WARNING] == [
        "LT-MARK-0713"]
    text = re.sub(r"\s+", " ", page.extract_text())
    assert "Žmogus – ne prekė" in text and "Europos socialinis fondas" in text


def test_citylight_keeps_text_in_the_visible_area(
        sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures the citylight is 1185 × 1750 mm and no text or logo comes closer
    than 35 mm to the trim (12.5–15 mm of frame plus a 20 mm quiet zone)."""
    config, report = sample_build
    reader = PdfReader(config.output / "print/outdoor/citylight-zmogus-ne-preke.pdf")
    page = reader.pages[0]
    assert [float(v) * MM for v in page.trimbox] == pytest.approx([0, 0, 1185, 1750], abs=0.01)
    result = next(r for r in report.results if r.job.id == "citylight-zmogus-ne-preke")
    assert [str(d) for d in result.diagnostics if d.severity is Severity.ERROR] == []


@pytest.mark.parametrize("job_id", ["stendas-zmogus-ne-preke", "citylight-zmogus-ne-preke"])
def test_outdoor_media_name_the_sender_under_the_emblem_s_size(
        sample_build: tuple[ProjectConfig, BuildReport], job_id: str) -> None:
    """This test ensures the billboard and the citylight carry the Caritas logo (here its
    placeholder wordmark), and that the EU emblem is measured against it and is not the
    smaller of the two."""
    config, report = sample_build
    result = next(r for r in report.results if r.job.id == job_id)
    text = PdfReader(config.output / "print/outdoor" / f"{job_id}.pdf").pages[0].extract_text()
    assert "Lietuvos Caritas" in text
    [size] = [d for d in result.diagnostics if d.code == "SIZE-VS-LOGOS"]
    assert size.severity is Severity.INFO and "largest other logo logo-caritas" in size.message


def test_small_type_on_a_billboard_is_an_error(project: Path) -> None:
    """This test ensures type too small for 50 m is an error with the sizes in mm."""
    layout = project / "layouts" / "outdoor" / "billboard.html.j2"
    text = layout.read_text(encoding="utf-8")
    # The message is fitted in its range (data-fit): a range of small sizes only.
    changed = text.replace('data-element="message" data-field="message" data-fit="44pt 46pt"',
                           'data-element="message" data-field="message" data-fit="30pt 30pt"')
    assert changed != text
    layout.write_text(changed, encoding="utf-8")
    report = build(load_config(project), only=("stendas-*",))
    [result] = report.results
    assert [str(d) for d in result.diagnostics if d.code == "layout-text-size"] == [
        "content/outdoor/zmogus-ne-preke.yaml: stendas-zmogus-ne-preke: page 1: 'message' "
        "letters are 70 mm high at final size; read from 50 m they need ≥ 100 mm"]


def test_twenty_mm_qr_on_a_billboard_is_refused(project: Path) -> None:
    """This test ensures a QR code that decodes fine but cannot be scanned from the street
    is an error naming sizes and distance."""
    path = project / "content" / "outdoor" / "zmogus-ne-preke.yaml"
    path.write_text(path.read_text(encoding="utf-8")
                    + "qr:\n  url: https://www.caritas.lt\n  caption: www.caritas.lt\n",
                    encoding="utf-8")
    report = build(load_config(project), only=("stendas-*", "citylight-*"))
    board = next(r for r in report.results if r.job.id.startswith("stendas"))
    case = next(r for r in report.results if r.job.id.startswith("citylight"))
    qr = {(d.code, d.severity.value, d.message) for d in board.diagnostics
          if d.code.startswith("QR-")}
    assert qr == {("QR-SIZE", "error", "QR code 152 mm wide (quiet zone excluded) for "
                                       "scanning from 50 m: needs ≥ 5000 mm")}
    assert not board.written
    assert {(d.code, d.severity.value) for d in case.diagnostics if d.code.startswith("QR-")} \
        == {("QR-DECODE", "info"), ("QR-SIZE", "info")}
    assert case.written


def test_damaged_qr_code_is_an_error(project: Path) -> None:
    """This test ensures a QR code a scanner cannot read (half covered) fails its job."""
    partial = project / "layouts" / "partials" / "qr.html.j2"
    text = partial.read_text(encoding="utf-8")
    changed = text.replace('<div class="qr-code">{{ qr_svg(qr.url, size_mm) }}</div>',
                           '<div class="qr-code" style="position: relative">'
                           '{{ qr_svg(qr.url, size_mm) }}<div style="position: absolute; '
                           'left: 0; top: 0; width: 100%; height: 55%; '
                           'background: device-cmyk(0 0 0 0)"></div></div>')
    assert changed != text
    partial.write_text(changed, encoding="utf-8")
    report = build(load_config(project), only=("*-kaunas-a3",))
    [result] = report.results
    assert [d.message for d in result.diagnostics if d.code == "QR-DECODE"] == [
        "QR code should read https://www.caritas.lt but a scan of the printed page gives "
        "nothing"]
    assert not result.written


def test_every_qr_code_of_the_sample_is_verified(
        sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures each product with a QR code has it decoded and sized in the report."""
    _, report = sample_build
    for result in report.results:
        codes = {d.code for d in result.diagnostics if d.code.startswith("QR-")}
        if result.job.product in ("poster", "leaflet"):
            assert codes == {"QR-DECODE", "QR-SIZE"}, result.job.id
            assert all(d.severity is Severity.INFO for d in result.diagnostics
                       if d.code.startswith("QR-"))
