"""A character no brand font has is a content error at its file, line, field and page
(issue 15, item 6).

The case file (tests/corpus/glyphs, from the shared cases) is the youth leaflet with "☎" and
"★" added to the first back-cover paragraph on line 23. WeasyPrint used to set them in a
system font without a word, and preflight then said only that some font was not a brand font.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.brand import load_brand
from pipeline.build import build, load
from pipeline.config import ProjectConfig, load_config
from pipeline.content.yamlsource import read_yaml
from pipeline.diagnostics import Severity
from pipeline.glyphs import Uncovered, check_glyphs, coverage, in_document, in_text, uncovered
from pipeline.products import KINDS
from pipeline.render.boxes import Placed, Rect
from pipeline.results import BuildReport
from pipeline.session import BuildOptions
from tests.conftest import REPO, copy_project

CASE = Path(__file__).resolve().parent / "corpus" / "glyphs" / "leaflet-missing-glyphs.yaml"
LEAFLET = "content/leaflets/jaunimui.yaml"
MESSAGE = ("no brand font has '☎' (U+260E BLACK TELEPHONE) and '★' (U+2605 BLACK STAR): a "
           "system font would print them instead; remove them or write them in words")


@pytest.fixture(scope="module")
def covered() -> frozenset[int]:
    brand, problems = load_brand(REPO / "brand", REPO)
    assert brand is not None, problems
    return coverage(path for faces in brand.font_files.values() for _, path in faces)


def test_the_brand_fonts_cover_lithuanian_but_not_symbols(covered: frozenset[int]) -> None:
    """This test ensures the coverage read from the brand fonts' cmaps has the Lithuanian
    letters and the typography the layouts use, and not the telephone or the star."""
    for char in "aąčęėįšųūžAĄČĘĖĮŠŲŪŽ„“–…€0123456789":
        assert ord(char) in covered, char
    for char in "☎★😀\ue000":  # symbols, an emoji, a private-use character
        assert ord(char) not in covered, char


def test_only_characters_that_need_a_glyph_are_looked_up(covered: frozenset[int]) -> None:
    """This test ensures spaces (no-break and zero-width too), line separators, format
    characters and variation selectors are not reported, a letter written with a combining
    accent counts as its precomposed letter, and each missing character is named once."""
    assert uncovered("a\u00a0b\u200b c\u2028d\u00ad\u2060", covered) == ""
    assert uncovered("e\u0307 i\u0328", covered) == ""  # ė and į, decomposed (macOS)
    assert uncovered("☎\ufe0f 112 ★ ☎", covered) == "☎★"


def test_the_case_file_is_found_at_its_line_and_field(covered: frozenset[int],
                                                      tmp_path: Path) -> None:
    """This test ensures the two characters of the case file are found once, at line 23
    (where they are written, not line 21 where the folded paragraph starts) and field
    back.paragraphs[0]; the untouched leaflet has nothing."""
    doc, problems = read_yaml(CASE, LEAFLET)
    assert doc is not None, problems
    assert in_document(doc, covered) == [Uncovered(LEAFLET, 23, "back.paragraphs[0]", "☎★",
                                                   doc.data["back"]["paragraphs"][0])]
    sample, _ = read_yaml(REPO / LEAFLET, LEAFLET)
    assert sample is not None and in_document(sample, covered) == []


def test_characters_on_several_lines_are_found_on_each(covered: frozenset[int],
                                                       tmp_path: Path) -> None:
    """This test ensures a value with missing characters on two lines gives one finding per
    line, and a Markdown chapter one per line, with no field."""
    path = tmp_path / "x.yaml"
    path.write_text("id: x\ntext: >-\n  Skambink ☎\n  arba rašyk ✉ ir ☎\nnext: gerai\n",
                    encoding="utf-8")
    doc, _ = read_yaml(path, "x.yaml")
    assert doc is not None
    assert [(f.line, f.field, f.chars) for f in in_document(doc, covered)] == [
        (3, "text", "☎"), (4, "text", "✉")]
    chapter = tmp_path / "01.md"
    chapter.write_text("# Įvadas\n\nTekstas be klaidų.\n\nPagalba ☎ 112.\n", encoding="utf-8")
    assert in_text(chapter, "01.md", covered) == [
        Uncovered("01.md", 5, None, "☎", "Pagalba ☎ 112.")]


def test_the_sample_content_has_no_missing_glyph(covered: frozenset[int]) -> None:
    """This test ensures every content file of the sample campaign (YAML values and
    publication chapters) is printable in the brand fonts."""
    project = load(load_config(REPO))
    found = []
    for item in project.items:
        found += in_document(item.doc, covered)
        for path in KINDS[item.kind].files(item)[1:]:
            found += in_text(path, project.config.display(path), covered)
    assert found == []


def run(page: int, text: str) -> Placed:
    return Placed(page, "text", "p", None, Rect(0, 0, 10, 5), text)


def test_a_finding_names_the_pages_that_show_its_value() -> None:
    """This test ensures a finding is made for each page showing the value (its characters
    after the letters before them, across line breaks and hyphens), for no page that shows
    the same character of another value, and a value of another item that the job does not
    show gives nothing."""
    mine = Uncovered("a.yaml", 5, "text", "☎", "Skambink bendruoju pagalbos telefonu ☎ 112")
    other = Uncovered("b.yaml", 9, "title", "☎", "Kitas ☎ tekstas")
    boxes = [run(1, "Kitas ☎ tekstas"), run(2, "Skambink bendruoju pagal-"),
             run(2, "bos telefonu ☎ 112"), run(3, "Skambink bendruoju pagalbos telefonu")]
    findings = check_glyphs({"a.yaml": [mine], "b.yaml": [other]}, ["a.yaml"], boxes, "job")
    assert [(d.source, d.page) for d in findings] == [("a.yaml", 2), ("b.yaml", 1)]
    assert findings[0].message.endswith("remove it or write it in words")
    alone = check_glyphs({"b.yaml": [other]}, ["a.yaml"], boxes[1:], "job")
    assert alone == []
    # A value on several pages (a title on every page): one finding, the others named.
    every = [run(page, "Kitas ☎ tekstas") for page in (1, 2, 3, 4, 6)]
    [repeated] = check_glyphs({"b.yaml": [other]}, [], every, "job")
    assert repeated.page == 1 and repeated.message.endswith(
        "write it in words (also on pages 2–4, 6)")
    # The job's own value, cut by the layout: the character alone is enough.
    cut = check_glyphs({"a.yaml": [mine]}, ["a.yaml"], [run(4, "…telefonu ☎")], "job")
    assert [(d.page, d.line, d.field) for d in cut] == [(4, 5, "text")]


# --- The case file in a real build ---------------------------------------------------------

@pytest.fixture(scope="module")
def case_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """The sample project with the case file as the youth leaflet, its leaflet built."""
    base = tmp_path_factory.mktemp("glyphs")
    root = copy_project(base / "project", posters=False)
    shutil.copy(CASE, root / LEAFLET)
    output = base / "output"
    return output, build(load_config(root, output), only=("lankstinukas-jaunimui",),
                         options=BuildOptions(jobs=1, proofs=False))


@pytest.mark.slow
def test_the_case_leaflet_fails_with_the_finding(case_build: tuple[Path, BuildReport]) -> None:
    """This test ensures the leaflet fails with exactly one missing-glyph error naming both
    characters, the file, line 23, the field and page 1 (the outside, where the back cover
    is), and is not written to print/ but kept in rejected/ with the characters on page 1
    only."""
    output, report = case_build
    [result] = report.results
    [finding] = [d for d in result.diagnostics if d.code == "missing-glyph"]
    assert (finding.severity, finding.source, finding.line, finding.field, finding.page,
            finding.job) == (Severity.ERROR, LEAFLET, 23, "back.paragraphs[0]", 1,
                             "lankstinukas-jaunimui")
    assert finding.message == MESSAGE
    assert str(finding) == (f"{LEAFLET}:23: lankstinukas-jaunimui: page 1: "
                            f"back.paragraphs[0]: {MESSAGE}")
    assert result.status == "fail" and not result.written
    assert not (output / result.job.output).exists()
    rejected = PdfReader(output / "rejected" / "leaflets" / "lankstinukas-jaunimui.pdf")
    shown = [number for number, page in enumerate(rejected.pages, start=1)
             if "☎" in page.extract_text() or "★" in page.extract_text()]
    assert shown == [1]


@pytest.mark.slow
def test_the_sample_build_has_no_missing_glyph(
        sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures no job of the untouched sample campaign has a missing-glyph
    finding."""
    _, report = sample_build
    assert report.results
    assert [str(d) for r in report.results for d in r.diagnostics
            if d.code == "missing-glyph"] == []
