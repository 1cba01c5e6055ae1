"""Example data is marked on everything it makes (issue 16, item 6): every page of every
product of an ``example: true`` event or supervision cycle says "PAVYZDYS" in type of at
least 14 pt; and a venue that names its town is not followed by the town again."""

from __future__ import annotations

import ctypes
import math
import re
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
import yaml

from pipeline.build import build
from pipeline.config import ProjectConfig, load_config
from pipeline.lithuanian import place
from pipeline.results import BuildReport
from tests.conftest import REPO

MARK = "PAVYZDYS"
MIN_PT = 14.0
EVENT_PRODUCTS = {"event-poster", "invitation", "attendance-sheet", "programme", "certificate",
                  "schedule"}


@pytest.mark.parametrize(("venue", "town", "expected"), [
    ("Kultūros centras", "Alytus", "Kultūros centras, Alytus"),
    ("Kultūros centras, Alytus", "Alytus", "Kultūros centras, Alytus"),
    ("Pylimo g. 5, ALYTUS", "Alytus", "Pylimo g. 5, ALYTUS"),
    ("Alytus, Pylimo g. 5", "Alytus", "Alytus, Pylimo g. 5"),
    # an inflected form, or the name inside another word, is not the town named
    ("Alytaus kultūros centras", "Alytus", "Alytaus kultūros centras, Alytus"),
    ("Naujieji Alytusai", "Alytus", "Naujieji Alytusai, Alytus"),
    ("Šiaulių arena, Šiauliai", "Šiauliai", "Šiaulių arena, Šiauliai"),
])
def test_venue_and_town(venue: str, town: str, expected: str) -> None:
    """This test ensures a venue that already names its town is not followed by it again."""
    assert place(venue, town) == expected


def mark_sizes(pdf: Path) -> list[float]:
    """Per page: the smallest size in pt of the letters of the first "PAVYZDYS" on it (0 when
    the page does not say it). pdfium gives the font size in text space; the character's
    matrix scales it to the page."""
    document = pypdfium2.PdfDocument(pdf)
    sizes = []
    try:
        for page in document:
            text = page.get_textpage()
            found = text.search(MARK).get_next()
            if not found:
                sizes.append(0.0)
                continue
            letters = []
            for index in range(found[0], found[0] + found[1]):
                matrix = pdfium_c.FS_MATRIX()
                pdfium_c.FPDFText_GetMatrix(text.raw, index, ctypes.byref(matrix))
                scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
                letters.append(pdfium_c.FPDFText_GetFontSize(text.raw, index) * scale)
            sizes.append(min(letters))
    finally:
        document.close()
    return sizes


@pytest.mark.slow
def test_every_page_of_every_product_of_an_example_says_pavyzdys(
        sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures posters, invitations, programmes, schedules, attendance sheets and
    certificates of the sample's events and supervision cycle (all example: true) say
    "PAVYZDYS" on every page, at least 14 pt."""
    for folder in ("events", "supervisions"):
        for path in (REPO / "content" / folder).glob("*.yaml"):
            assert yaml.safe_load(path.read_text(encoding="utf-8"))["example"] is True, path
    config, report = sample_build
    results = [r for r in report.results if r.job.product in EVENT_PRODUCTS]
    assert {r.job.product for r in results} == EVENT_PRODUCTS
    assert len(results) >= 20
    for result in results:
        sizes = mark_sizes(config.output / result.job.output)
        assert len(sizes) == result.job.pages or result.job.pages is None
        assert all(size >= MIN_PT - 0.01 for size in sizes), (result.job.id, sizes)


@pytest.mark.slow
def test_real_event_is_not_marked_and_its_town_is_not_repeated(project: Path) -> None:
    """This test ensures an event that is not an example prints no "PAVYZDYS" (the mark
    means something), and that its venue naming the town is printed once, not "…, Klaipėda,
    Klaipėda"."""
    path = project / "content" / "events" / "klaipeda-mokykla.yaml"
    text = path.read_text(encoding="utf-8").replace("example: true", "example: false")
    text = text.replace("venue: Vieta tikslinama", "venue: Mokyklos aktų salė, Klaipėda")
    path.write_text(text, encoding="utf-8")
    config = load_config(project)
    report = build(config, only=("*-klaipeda-mokykla", "tvarkarastis-klaipeda"))
    assert {r.job.product for r in report.results} == {
        "event-poster", "invitation", "attendance-sheet", "schedule"}
    for result in report.results:
        document = pypdfium2.PdfDocument(config.output / result.job.output)
        pages = [re.sub(r"\s+", " ", page.get_textpage().get_text_range()) for page in document]
        document.close()
        assert not any(MARK in page for page in pages), result.job.id
        if result.job.product != "schedule":
            assert any("Mokyklos aktų salė, Klaipėda" in page for page in pages), result.job.id
        assert not any("Klaipėda, Klaipėda" in page for page in pages), result.job.id
