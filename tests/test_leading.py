"""Leading from the font: the glyphs of consecutive lines never print into each other."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest
import weasyprint

from pipeline.brand import Brand, load_brand
from pipeline.config import ProjectConfig
from pipeline.formats import load_formats
from pipeline.ink import FontSet, char_extent, leading, minimum_leading
from pipeline.inspection import inspect_layout
from pipeline.jobs import Job
from pipeline.render.boxes import placed
from pipeline.results import BuildReport
from tests.conftest import REPO

UPPER, LOWER = "Ėė gąž", "Ėė gąž"
"""Two lines, each with marks above (Ė, ė, ž) and descenders or ogoneks (g, ą)."""


@pytest.fixture(scope="module")
def brand() -> Brand:
    loaded, problems = load_brand(REPO / "brand", REPO)
    assert loaded is not None, problems
    return loaded


def _job() -> Job:
    return Job(id="proba", product="poster", title="Proba", layout="-",
               format=load_formats()["A3"], source="content/x.yaml",
               output=PurePosixPath("print/x.pdf"))


def _findings(brand: Brand, line_height: float) -> list[str]:
    html = (f"<style>{brand.font_face_css} @page {{ size: 297mm 420mm; margin: 20mm }}</style>"
            f"<h1 data-element='headline' style=\"font: 900 72pt {brand.family('sans')}; "
            f"line-height: {line_height}; margin: 0\">{UPPER}<br>{LOWER}</h1>")
    document = weasyprint.HTML(string=html).render()
    return [d.message for d in inspect_layout(document, list(placed(document)), _job(),
                                              FontSet.of(brand))
            if d.code == "layout-ink-collision"]


def test_glyph_extents_of_lithuanian_letters(brand: Brand) -> None:
    """This test ensures extents come from the outlines: the dot of Ė above the cap
    height, g and ą below the baseline."""
    black = brand.font_file("sans", 900)
    assert (extent := char_extent(black, "Ė")) is not None and extent[1] > 0.8
    assert (extent := char_extent(black, "g")) is not None and extent[0] < -0.15
    assert (extent := char_extent(black, "ą")) is not None and extent[0] < -0.15
    assert char_extent(black, " ") is None


def test_tight_leading_collides_and_the_fonts_minimum_does_not(brand: Brand) -> None:
    """This test ensures the collision check fails "Ėė gąž" over "Ėė gąž" at line-height 0.8
    (naming the letters and the overlap) and passes it at the font's minimum."""
    found = _findings(brand, 0.8)
    assert len(found) == 1, found
    assert "'headline'" in found[0] and "'ą'" in found[0] and "'Ė'" in found[0], found[0]
    minimum = minimum_leading(brand.font_file("sans", 900), UPPER, LOWER)
    assert 0.95 < minimum < 1.2
    assert _findings(brand, round(minimum + 0.005, 3)) == []
    assert leading(brand, UPPER + LOWER, "sans", 900) >= minimum
    assert leading(brand, "mama", "sans", 900, at_least=0.9) == 0.9


@pytest.mark.slow
def test_the_sample_has_no_colliding_lines(
        sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures no product of the sample prints the letters of one line into those
    of the next (the billboard's "g" over "ė" of issue 16 included)."""
    _, report = sample_build
    found = [str(d) for r in report.results for d in r.diagnostics
             if d.code == "layout-ink-collision"]
    assert found == []
