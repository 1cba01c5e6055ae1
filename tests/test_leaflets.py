"""Tri-fold leaflets: sizes, pages, panels measured from the layout, folds, reading order."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from pipeline.build import build, load, plan
from pipeline.config import ProjectConfig, load_config
from pipeline.diagnostics import Severity
from pipeline.render.boxes import frames
from pipeline.render.templates import make_environment, render_template
from pipeline.results import BuildReport
from pipeline.session import make_renderer, template_context
from tests.conftest import REPO

pytestmark = pytest.mark.slow
MM = 25.4 / 72
LEAFLETS = ("lankstinukas-jaunimui", "lankstinukas-specialistams")


@pytest.fixture(scope="module")
def leaflets(sample_build: tuple[ProjectConfig, BuildReport]) -> dict[str, Path]:
    config, report = sample_build
    found = {r.job.id: config.output / r.job.output for r in report.results
             if r.job.product == "leaflet"}
    assert sorted(found) == sorted(LEAFLETS)
    return found


def test_two_a4_landscape_pages_with_bleed(leaflets: dict[str, Path]) -> None:
    """This test ensures outside + inside pages, trim 297 × 210 mm, 3 mm bleed."""
    for path in leaflets.values():
        reader = PdfReader(path)
        assert len(reader.pages) == 2
        for page in reader.pages:
            trim = [float(v) * MM for v in page.trimbox]
            bleed = [float(v) * MM for v in page.bleedbox]
            assert trim == pytest.approx([0, 0, 297, 210], abs=0.01)
            assert bleed == pytest.approx([-3, -3, 300, 213], abs=0.01)


def test_panel_widths_measured_from_the_layout() -> None:
    """This test ensures the laid-out panels are 97/100/100 mm outside (the fold-in flap
    leftmost) and 100/100/97 mm inside (the flap rightmost)."""
    config = load_config(REPO)
    project = load(config)
    job = plan(project, ("lankstinukas-jaunimui",))[0]
    html = render_template(make_environment(config.layouts), job.layout,
                           template_context(job, project), job=job.id)
    found = frames(make_renderer(project).render(html).document)
    widths = {name: round(rect.width, 2) for (_, name), rect in found.items()}
    lefts = {name: round(rect.x, 2) for (_, name), rect in found.items()}
    assert [widths[f"outside-{i}"] for i in (1, 2, 3)] == [97, 100, 100]
    assert [widths[f"inside-{i}"] for i in (1, 2, 3)] == [100, 100, 97]
    assert [lefts[f"inside-{i}"] for i in (1, 2, 3)] == [0, 100, 200]
    assert job.folds_mm == ((97, 197), (100, 200))


def test_inside_text_reads_in_panel_order(leaflets: dict[str, Path]) -> None:
    """This test ensures the inside page's text comes out panel by panel, left to right,
    and the outside page starts with the flap and ends with the cover."""
    reader = PdfReader(leaflets["lankstinukas-jaunimui"])
    inside = re.sub(r"\s+", " ", reader.pages[1].extract_text())
    order = [inside.index(h) for h in ("Kaip verbuojama", "Pavojaus ženklai",
                                       "Prieš išvykdamas")]
    assert order == sorted(order)
    outside = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    assert outside.index("Prekyba žmonėmis – šalia mūsų") < outside.index(
        "Kur kreiptis pagalbos") < outside.index("Neleisk savęs parduoti")


def test_fold_marks_outside_the_bleed(leaflets: dict[str, Path]) -> None:
    """This test ensures dashed fold marks at each page's folds, outside the bleed."""
    reader = PdfReader(leaflets["lankstinukas-specialistams"])
    for page, folds in zip(reader.pages, ((97, 197), (100, 200)), strict=True):
        data = page.get_contents().get_data().decode("latin-1")
        dashed = data.split("[2 1.5] 0 d", 1)[1].split("[] 0 d", 1)[0]
        segments = [tuple(float(v) * MM for v in m.groups()) for m in re.finditer(
            r"(-?[\d.]+) (-?[\d.]+) m (-?[\d.]+) (-?[\d.]+) l S", dashed)]
        assert sorted({round(s[0], 2) for s in segments}) == list(folds)
        for _, y0, _, y1 in segments:
            assert min(y0, y1) >= 213 or max(y0, y1) <= -3


def test_qr_decodes_and_files_are_clean(leaflets: dict[str, Path],
                                        sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures the QR code decodes and preflight and compliance have no error."""
    _, report = sample_build
    for result in report.results:
        if result.job.product == "leaflet":
            assert not [str(d) for d in result.diagnostics if d.severity is Severity.ERROR]
    for path in leaflets.values():
        image = pypdfium2.PdfDocument(path)[0].render(scale=200 / 72).to_pil()
        assert [r.text for r in zxingcpp.read_barcodes(image)] == ["https://www.caritas.lt"]


def test_text_across_a_fold_is_an_error(project: Path) -> None:
    """This test ensures a panel whose text runs over a fold fails with the fold named."""
    layout = project / "layouts" / "leaflet" / "leaflet.html.j2"
    text = layout.read_text(encoding="utf-8")
    changed = text.replace('.content h2 {', '[data-element="inside-1-heading"] '
                           '{ white-space: nowrap; }\n.content h2 {')
    assert changed != text
    layout.write_text(changed, encoding="utf-8")
    path = project / "content" / "leaflets" / "jaunimui.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  - heading: Kaip verbuojama", "  - heading: Kaip internete verbuojami jauni žmonės"),
        encoding="utf-8")
    report = build(load_config(project), only=("lankstinukas-jaunimui",))
    [result] = report.results
    folds = [str(d) for d in result.diagnostics if d.code == "layout-fold"]
    assert folds == [
        "content/leaflets/jaunimui.yaml: lankstinukas-jaunimui: page 2: 'inside-1-heading' "
        "crosses the fold at 100 mm (keep 5 mm clear)"], [str(d) for d in result.diagnostics]
    assert not result.written
