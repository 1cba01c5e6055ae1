"""The proof board (output/index.html) and the PNG proofs, checked in a real headless browser:
Debian's chromium driven by Playwright."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from pipeline.build import build
from pipeline.config import load_config
from pipeline.results import BuildReport
from pipeline.session import BuildOptions
from tests.conftest import copy_project, system_tool

pytestmark = pytest.mark.slow

SELECTION = ("zmogus-ne-preke-kaunas-a3", "zmogus-ne-preke-klaipeda-a3",
             "lankstinukas-jaunimui", "radio-pagalba-aukoms-rundown")
FAILING = "zmogus-ne-preke-klaipeda-a3"


def chromium() -> str:
    return system_tool("chromium", "chromium-browser", package="chromium")


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """A small build with one deliberately failing poster (a glyph no brand font has, on the
    Klaipėda poster only), proofs with the overlay."""
    root = copy_project(tmp_path_factory.mktemp("board") / "project")
    layout = root / "layouts" / "poster" / "poster.html.j2"
    layout.write_text(layout.read_text(encoding="utf-8").replace(
        "{{ poster.message }}",
        "{{ poster.message }}{% if municipality.id == 'klaipeda' %} \u2603{% endif %}"),
        encoding="utf-8")
    out = root / "out"
    report = build(load_config(root, out), only=SELECTION,
                   options=BuildOptions(jobs=2, overlay=True))
    return out, report


def test_proofs_show_every_page_to_the_bleed_with_the_overlay(
        board: tuple[Path, BuildReport]) -> None:
    """This test ensures every page has a PNG proof of the bleed box at 100 dpi, with the
    trim edge drawn in magenta where the trim is, and page one a thumbnail."""
    out, report = board
    leaflet = next(r for r in report.results if r.job.id == "lankstinukas-jaunimui")
    assert [Path(p).name for p in leaflet.outcome.proofs] == ["page-001.png", "page-002.png",
                                                      "thumb.png"]
    magenta = (230, 0, 126)
    with Image.open(out / leaflet.outcome.proofs[0]) as image:
        # A4 landscape + 2 × 3 mm bleed at 100 dpi: 303 × 216 mm.
        width, height = image.size
        assert abs(width - 303 / 25.4 * 100) <= 1 and abs(height - 216 / 25.4 * 100) <= 1

        def column(x_mm: float) -> list[tuple[int, ...]]:
            """Pixels of the columns around ``x_mm`` from the bleed edge, mid-height band."""
            x = round(x_mm / 25.4 * 100)
            return [image.getpixel((c, y))[:3] for c in range(x - 1, x + 2)
                    for y in range(height // 4, 3 * height // 4)]

        trim = column(3)
        assert trim.count(magenta) >= len(trim) // 3  # the solid trim line
        fold = column(3 + 97)  # the outside page: flap 97 mm | back | cover
        assert magenta in fold and fold.count(magenta) < len(fold) // 3  # dashed
        assert magenta not in column(50)
    with Image.open(out / leaflet.outcome.proofs[-1]) as thumb:
        assert max(thumb.size) == 320


def test_board_in_a_browser(board: tuple[Path, BuildReport]) -> None:
    """This test ensures the proof board loads from file:// with no console errors and no
    request leaving output/, shows every thumbnail, shows the failing poster as failing with
    its finding, links the rundown, and filters by status and municipality."""
    from playwright.sync_api import sync_playwright

    out, report = board
    assert {r.job.id: r.status for r in report.results}[FAILING] == "fail"
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(),
                                             args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto((out / "index.html").as_uri())
            page.wait_for_load_state("load")

            cards = page.locator(".card")
            assert cards.count() == len(SELECTION)
            images = page.locator(".card img")
            assert images.count() == len(SELECTION)  # the failing poster: its rejected file
            for index in range(images.count()):
                image = images.nth(index)
                assert image.is_visible()
                assert image.evaluate("i => i.complete && i.naturalWidth") > 0

            failing = page.locator(f"#{FAILING}")
            assert failing.get_attribute("data-status") == "fail"
            assert "netinka (fail)" in failing.inner_text()
            assert "is not a brand font" in failing.inner_text()
            assert failing.locator("a", has_text="atmestas PDF").count() == 1
            rundown = page.locator("#radio-pagalba-aukoms-rundown a", has_text="PDF")
            assert rundown.get_attribute("href") == "radio/pagalba-aukoms-rundown.pdf"

            page.select_option("#status", "fail")
            visible = [c.get_attribute("id") for c in cards.all() if c.is_visible()]
            assert visible == [FAILING]
            page.select_option("#status", "all")
            page.select_option("#municipality", "Kaunas")
            visible = [c.get_attribute("id") for c in cards.all() if c.is_visible()]
            assert visible == ["zmogus-ne-preke-kaunas-a3"]
            assert page.locator("#shown").inner_text() == "1"

            # A build that changes the board: the open page reloads itself.
            (out / "build.js").write_text('buildPrintBuild("another-build");\n')
            with page.expect_event("load", timeout=10_000):
                pass
        finally:
            browser.close()
    assert errors == []
    assert all(url.startswith((out.as_uri() + "/", "data:")) for url in requests), requests


def test_report_lists_proofs_and_stale_state(board: tuple[Path, BuildReport]) -> None:
    """This test ensures report.json carries each job's proofs, file and stale flag."""
    out, _ = board
    jobs = {j["id"]: j for j in json.loads((out / "report.json").read_text())["jobs"]}
    assert jobs[FAILING]["file"] == "rejected/posters/zmogus-ne-preke-klaipeda-a3.pdf"
    assert jobs[FAILING]["stale"] is False  # never built well before: nothing stale
    assert jobs["zmogus-ne-preke-kaunas-a3"]["proofs"] == [
        "proofs/zmogus-ne-preke-kaunas-a3/page-001.png",
        "proofs/zmogus-ne-preke-kaunas-a3/thumb.png"]
    assert jobs["lankstinukas-jaunimui"]["pages"] == 2
    assert all((out / p).is_file() for j in jobs.values() for p in j["proofs"])


def test_a_finding_every_item_has_is_listed_once_not_in_each_status(
        board: tuple[Path, BuildReport]) -> None:
    """This test ensures the national mark's missing artwork, a warning every print item has
    alike, is listed once at the top of the board and leaves the items' status to what is
    theirs: the Kaunas poster, with nothing else against it, shows as passing, while its
    result still holds the warning (report.json keeps everything)."""
    out, report = board
    result = next(r for r in report.results if r.job.id == "zmogus-ne-preke-kaunas-a3")
    assert result.status == "warn"
    assert [d.code for d in result.diagnostics if d.severity.value == "warning"] == [
        "LT-MARK-0713"]
    html = (out / "index.html").read_text(encoding="utf-8")
    assert html.count("LT-MARK-0713") == 1
    header = html.split("<main>")[0]
    assert "LT-MARK-0713" in header and "for all 3 items" in header
    card = html.split("id='zmogus-ne-preke-kaunas-a3'")[1].split("</article>")[0]
    assert "data-status='pass'" in html.split("id='zmogus-ne-preke-kaunas-a3'")[1][:80]
    assert "peržiūrėti" not in card and "tinka (pass)" in card
