"""The compliance report as the funder reads it: in Lithuanian from the shipped message
catalogue (English on request), on a phone (420 px) and a desktop (1400 px) in a real
browser (Debian's chromium driven by Playwright, as for the proof board), and as an A4 PDF."""

from __future__ import annotations

import importlib.util
import io
import re
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner
from PIL import Image

from pipeline.cli import cli
from pipeline.compliance.registry import TITLES
from pipeline.compliance.report import LOCALES, catalogue, localise
from pipeline.config import ProjectConfig
from pipeline.results import BuildReport
from tests.conftest import REPO, system_tool

WIDTHS = (420, 1400)


def update_catalogue() -> ModuleType:
    """scripts/update_catalogue.py as a module (what extracts and compiles the catalogue)."""
    spec = importlib.util.spec_from_file_location(
        "update_catalogue", REPO / "scripts" / "update_catalogue.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalogue_translates_every_message_and_ships_compiled() -> None:
    """This test ensures every message the compliance code marks has a Lithuanian
    translation in the .po, and the shipped .mo (what a fresh install loads) is the .po
    compiled: a message added or changed without updating the catalogue fails here."""
    folder = LOCALES / "lt" / "LC_MESSAGES"
    with (folder / "build_print.po").open("rb") as source:
        po = read_po(source, locale="lt", domain="build_print")
    extracted = {m.id for m in update_catalogue().template() if m.id}
    translated = {m.id for m in po if m.id and m.string}
    assert extracted - translated == set()
    compiled = io.BytesIO()
    write_mo(compiled, po)
    assert (folder / "build_print.mo").read_bytes() == compiled.getvalue()
    assert set(TITLES.values()) <= translated


@pytest.mark.slow
def test_report_is_in_lithuanian(sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures every rule title, message, measured value and verdict of the sample
    build's report is shown in Lithuanian, never the English original."""
    config, report = sample_build
    html = (config.output / "compliance.html").read_text(encoding="utf-8")
    _ = catalogue("lt")
    assert "<html lang='lt'>" in html and "Reikia dėmesio" in html
    for d in report.diagnostics:
        if not d.is_compliance:
            continue
        shown = localise(d, "message", _)
        assert shown != d.message or not re.search(r"[a-z]{4}", d.message), d.message
        assert shown.replace("“", "&#x201c;") in html or shown in html.replace("&quot;", '"')
        assert f"{_(TITLES[d.code])}</span>" in html
    for english in ("needs attention", ">pass<", ">warn<", "stars</td>", "found in the text"):
        assert english not in html


def browse(html: Path, shots: Path) -> dict[int, dict[str, object]]:
    """Open ``html`` at each of ``WIDTHS``; screenshots into ``shots``; what was measured."""
    from playwright.sync_api import sync_playwright

    measured: dict[int, dict[str, object]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=system_tool("chromium", "chromium-browser", package="chromium"),
            args=["--no-sandbox"])
        try:
            for width in WIDTHS:
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(html.as_uri())
                page.wait_for_load_state("load")
                page.screenshot(path=str(shots / f"compliance-{width}.png"))
                measured[width] = page.evaluate("""() => {
                    const root = document.scrollingElement;
                    const cells = [...document.querySelectorAll('td')];
                    const out = cells.filter(c => c.textContent.trim() !== '').filter(c => {
                        const r = c.getBoundingClientRect();
                        return r.width <= 0 || r.height <= 0 || r.left < -0.5
                            || r.right > window.innerWidth + 0.5;
                    });
                    const columns = [...document.querySelectorAll('table')].map(t => {
                        const first = t.querySelector('tr:not(.head)');
                        return first ? [...first.children].map(c => {
                            const r = c.getBoundingClientRect();
                            return c.textContent.trim() === ''
                                || (r.width > 0 && r.right <= window.innerWidth + 0.5);
                        }).every(Boolean) : true;
                    });
                    return {scroll: root.scrollWidth, client: root.clientWidth,
                            cells: cells.length, outside: out.map(c => c.textContent.trim()),
                            tables: columns.length, allColumns: columns.every(Boolean),
                            labels: getComputedStyle(cells[0], '::before').content};
                }""")
                page.close()
        finally:
            browser.close()
    return measured


@pytest.mark.slow
def test_report_reads_on_a_phone_and_a_desktop(
        sample_build: tuple[ProjectConfig, BuildReport],
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """This test ensures the report has a viewport and, at 420 px and at 1400 px, no
    horizontal scroll and every column of every table on screen (on the phone each row is
    a card naming its columns); the screenshots are kept with the test's output."""
    config, _ = sample_build
    html = config.output / "compliance.html"
    assert "name='viewport' content='width=device-width, initial-scale=1'" in \
        html.read_text(encoding="utf-8")
    shots = tmp_path_factory.mktemp("compliance-screenshots")
    measured = browse(html, shots)
    for width, found in measured.items():
        assert found["scroll"] <= found["client"], (width, found["scroll"])
        assert found["cells"], width
        assert found["outside"] == [], (width, found["outside"][:5])  # type: ignore[index]
        assert found["allColumns"] is True, width
        with Image.open(shots / f"compliance-{width}.png") as shot:
            assert shot.width == width
    assert measured[420]["labels"] == '"išvada: "'  # cards name their columns
    assert measured[1400]["labels"] == "none"


@pytest.mark.slow
def test_report_as_pdf_and_in_english(tmp_path: Path) -> None:
    """This test ensures `--lang en` writes the report in English; that a build does not
    render compliance.pdf but `build-print report` exports it, the same report on A4 pages
    with its text extractable; that a build whose report changed removes the old export,
    and one whose report is the same keeps it; and that exporting before any build says
    what to do (exit 2)."""
    import pypdfium2

    from tests.conftest import copy_project

    project = copy_project(tmp_path / "project")
    out = tmp_path / "out"
    where = ["--project", str(project), "--output", str(out)]
    early = CliRunner().invoke(cli, ["report", *where])
    assert early.exit_code == 2 and "run build-print first" in early.output, early.output
    assert "Traceback" not in early.output and not out.exists()

    def build(lang: str) -> None:
        outcome = CliRunner().invoke(cli, [*where, "--only", "zmogus-ne-preke-kaunas-a3",
                                           "--lang", lang, "--no-proofs", "-q"])
        assert outcome.exit_code == 0, outcome.output

    build("en")
    html = (out / "compliance.html").read_text(encoding="utf-8")
    assert "<html lang='en'>" in html and "Needs attention" in html
    assert "12 stars" in html and ">pass<" in html and "Reikia dėmesio" not in html
    assert "build-print report" in html and not (out / "compliance.pdf").exists()
    exported = CliRunner().invoke(cli, ["report", *where])
    assert exported.exit_code == 0, exported.output
    assert "compliance.pdf" in exported.output
    build("en")  # the same report: the export stays
    assert (out / "compliance.pdf").is_file()
    pdf = pypdfium2.PdfDocument(str(out / "compliance.pdf"))
    assert len(pdf) >= 1
    for index in range(len(pdf)):
        width, height = pdf[index].get_size()
        assert abs(width - 595.28) < 1 and abs(height - 841.89) < 1  # A4 portrait
    text = pdf[0].get_textpage().get_text_range()
    assert "EU publicity compliance report" in text
    assert "build-print report" not in text  # screen only
    pdf.close()
    build("lt")  # another report (in Lithuanian): the English export would mislead
    assert "<html lang='lt'>" in (out / "compliance.html").read_text(encoding="utf-8")
    assert not (out / "compliance.pdf").exists()
