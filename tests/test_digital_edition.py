"""The accessible digital edition of the booklet (issue 20, items 4 and 5).

Built with the sample (``sample_build``): tagged PDF/UA-1, sRGB, bookmarks, live links, the
print edition's text; each check of its final bytes is shown to fail on a broken copy.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from pikepdf import Array, Dictionary, Name, String
from PIL import Image

from pipeline.accessibility import (
    Edition,
    check_edition,
    normalised,
    page_texts,
    structure_elements,
)
from pipeline.brand import Cmyk, load_brand
from pipeline.build import build, load
from pipeline.config import ProjectConfig, load_config
from pipeline.diagnostics import Severity
from pipeline.errors import ContentError
from pipeline.pdffile import PdfFile
from pipeline.preflight.colour import resolve_space
from pipeline.results import BuildReport, JobResult
from pipeline.screen import EU_SCREEN, ScreenPalette, srgb_hex
from pipeline.session import BuildOptions

pytestmark = pytest.mark.slow

BOOK = "content/publications/prevencija"
DIGITAL = "skaitmeninis-prevencija"
MAX_BYTES = 3 * 1024 * 1024  # issue 20: under 3 MB for the sample


def result(report: BuildReport, job_id: str) -> JobResult:
    return next(r for r in report.results if r.job.id == job_id)


def headings(root: Path) -> list[str]:
    """The '# ' line of every chapter file, in file order."""
    return [next(line[2:].strip() for line in path.read_text(encoding="utf-8").splitlines()
                 if line.startswith("# "))
            for path in sorted((root / BOOK / "chapters").glob("*.md"))]


@pytest.fixture(scope="module")
def edition(sample_build: tuple[ProjectConfig, BuildReport]) -> tuple[bytes, Edition]:
    """The sample's digital edition (bytes) and what it is checked with."""
    config, report = sample_build
    digital = result(report, DIGITAL)
    assert digital.outcome.written, [str(d) for d in digital.outcome.diagnostics]
    data = (config.output / digital.job.output).read_bytes()
    with PdfFile((config.output / result(report, "leidinys-prevencija").job.output)
                 .read_bytes()) as printed:
        text = page_texts(printed)
    return data, Edition(PdfFile(data), tuple(headings(config.root)), text, DIGITAL, BOOK)


def test_sample_edition_is_tagged_screen_pdf_at_trim_size(
        sample_build: tuple[ProjectConfig, BuildReport], edition: tuple[bytes, Edition]) -> None:
    """This test ensures the sample's digital edition is written to output/digital/, passes
    every check with no finding, is under 3 MB, identifies itself as PDF/UA-1 and has A5
    pages without bleed or marks, the funding block of its imprint page as text."""
    config, report = sample_build
    digital = result(report, DIGITAL)
    assert digital.job.output.as_posix() == "digital/prevencija.pdf"
    assert [d for d in digital.outcome.diagnostics if d.severity is not Severity.INFO] == []
    data, checked = edition
    assert len(data) < MAX_BYTES
    assert check_edition(checked) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.pdf_version == "1.7"
        assert str(pdf.Root.Lang) == "lt"
        assert str(pdf.docinfo.Title) == "Prekybos žmonėmis prevencija"
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
        for page in pdf.pages:
            box = [float(v) for v in page.mediabox]
            assert box == pytest.approx([0, 0, 148 / 25.4 * 72, 210 / 25.4 * 72], abs=0.01)
            assert Name.Annots not in page.obj or all(
                a.Subtype == Name.Link for a in page.obj.Annots)
    assert len(checked.print_text or ()) == len(page_texts(checked.file)) > 40
    campaign = load(config).campaign
    imprint = next(t for t in page_texts(checked.file) if "Leidėjas" in t)
    assert normalised(campaign.funding.statement) in imprint
    assert "Europos Sąjunga Europos socialinis fondas" in imprint


def test_bookmarks_are_the_chapter_headings(edition: tuple[bytes, Edition]) -> None:
    """This test ensures the top-level bookmarks are the chapters, titled with the headings
    written in the Markdown, each landing on the page where its heading is."""
    data, checked = edition
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {page.objgen: n for n, page in enumerate(pdf.pages)}
        with pdf.open_outline() as outline:
            marks = [(item.title, pages[item.destination[0].objgen]) for item in outline.root]
    assert [title for title, _ in marks] == list(checked.chapters)
    texts = page_texts(checked.file)
    for title, page in marks:
        assert texts[page].startswith(title), (title, texts[page][:60])


def test_contents_and_cross_references_land_on_the_chapter(
        edition: tuple[bytes, Edition]) -> None:
    """This test ensures every contents entry is a live link landing on its chapter's first
    page (which shows the page number the contents print), and the introduction's
    cross-references and the https address are live links too."""
    data, checked = edition
    texts = page_texts(checked.file)
    contents = next(n for n, text in enumerate(texts) if text.startswith("Turinys"))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {page.objgen: n for n, page in enumerate(pdf.pages)}
        dests = pikepdf.NameTree(pdf.Root.Names.Dests)

        def target(annot: Dictionary) -> int:
            return pages[dests[str(annot.Dest)][0].objgen]

        toc = {str(a.Contents): target(a) for a in pdf.pages[contents].obj.Annots}
        assert list(toc) == list(checked.chapters)
        for title, page in toc.items():
            assert texts[page].startswith(title)
            folio = texts[page].rsplit(" ", 1)[-1]
            assert re.search(rf"{re.escape(title)} ?\.+ ?{folio}\b", texts[contents])
        intro = toc[checked.chapters[0]]
        cross = [target(a) for n in (intro, intro + 1, intro + 2) for a in
                 pdf.pages[n].obj.get(Name.Annots, Array()) if Name.Dest in a]
        assert cross == [toc[title] for title in checked.chapters[1:]]
        uris = [str(a.A.URI) for page in pdf.pages for a in page.obj.get(Name.Annots, Array())
                if Name.A in a]
        assert uris == ["https://www.caritas.lt"]


def test_no_device_cmyk_and_the_brand_in_srgb(edition: tuple[bytes, Edition],
                                             sample_build: tuple[ProjectConfig, BuildReport]
                                             ) -> None:
    """This test ensures no DeviceCMYK operator, image or space is in the digital edition
    (read here without the check's code), the cover red is the brand red through FOGRA39
    and the EU emblem has its official screen blue, while the print edition, all CMYK,
    fails the same check."""
    data, checked = edition
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            operators = {str(op) for _, op in pikepdf.parse_content_stream(page)}
            assert not operators & {"k", "K"}
            assert "/DeviceCMYK" not in str(page.obj.Resources.get("/ColorSpace", ""))
    config, report = sample_build
    brand, _ = load_brand(config.root / "brand", config.root)
    assert brand is not None
    palette = ScreenPalette(brand.palette.colours, brand.profile_path)
    cover = pypdfium2.PdfDocument(data)[0].render(scale=1).to_pil().convert("RGB")
    red = cover.getpixel((5, 5))
    assert isinstance(red, tuple)
    assert "#" + "".join(f"{c:02x}" for c in red) == str(palette.red)
    imprint = next(n for n, t in enumerate(page_texts(checked.file)) if "Leidėjas" in t)
    emblem = pypdfium2.PdfDocument(data)[imprint].render(scale=2).to_pil().convert("RGB")
    raw = emblem.tobytes()
    blue = [px for px in (tuple(raw[i:i + 3]) for i in range(0, len(raw), 3))
            if px[2] > 120 and px[0] < 40]
    assert blue and max(abs(c - w) for px in blue[:50]
                        for c, w in zip(px, (0, 0x33, 0x99), strict=True)) <= 4
    printed = (config.output / result(report, "leidinys-prevencija").job.output).read_bytes()
    found = check_edition(Edition(PdfFile(printed), checked.chapters, None, "print", BOOK))
    assert "screen-cmyk" in {d.code for d in found}


def test_the_screen_cmyk_check_knows_every_way_a_space_paints_in_cmyk() -> None:
    """This test ensures the colour spaces screen-cmyk refuses: DeviceCMYK (and /CMYK), a
    4-channel ICC space, and either as the base of an Indexed space or the alternate of a
    Separation or DeviceN space, named directly or through the page's resources; RGB, grey
    and 3-channel ICC spaces pass."""
    pdf = pikepdf.new()
    icc4, icc3 = (pdf.make_stream(b"", N=n) for n in (4, 3))
    cmyk = [Name.DeviceCMYK, Name("/CMYK"), Array([Name.ICCBased, icc4]),
            Array([Name.Indexed, Name.DeviceCMYK, 1, b"\0" * 8]),
            Array([Name.Separation, Name("/Spot"), Name.DeviceCMYK, Dictionary()]),
            Array([Name.DeviceN, Array([Name("/A")]), Array([Name.ICCBased, icc4]),
                   Dictionary()])]
    screen = [Name.DeviceRGB, Name.DeviceGray, Array([Name.ICCBased, icc3]),
              Array([Name.Indexed, Name.DeviceRGB, 1, b"\0" * 6]),
              Array([Name.Separation, Name("/Spot"), Name.DeviceRGB, Dictionary()])]
    assert all(resolve_space(space).in_cmyk for space in cmyk)
    assert not any(resolve_space(space).in_cmyk for space in screen)
    resources = Dictionary(ColorSpace=Dictionary(CS0=cmyk[2], CS1=screen[2]))
    assert resolve_space(Name("/CS0"), resources).in_cmyk
    assert not resolve_space(Name("/CS1"), resources).in_cmyk


def test_screen_colours() -> None:
    """This test ensures the EU emblem's process colours give its official screen colours
    and any other CMYK goes through the profile (paper white stays white)."""
    profile = Path(__file__).resolve().parent.parent / "brand" / "FOGRA39.icc"
    for cmyk, hex_value in EU_SCREEN.items():
        assert srgb_hex(cmyk, profile) == hex_value
    assert srgb_hex(Cmyk(0, 0, 0, 0), profile) == "#ffffff"
    palette = ScreenPalette({"eu-blue": Cmyk(100, 80, 0, 0)}, profile)
    html = palette.on_screen('<svg xmlns="http://www.w3.org/2000/svg" class="eu-emblem" '
                             'x="1"><rect fill="device-cmyk(0 0 1 0)"/></svg>')
    assert html == ('<svg xmlns="http://www.w3.org/2000/svg" class="eu-emblem" x="1">'
                    '<title>Europos Sąjungos emblema</title><rect fill="#ffcc00"/></svg>')


def _detach_first_paragraph(pdf: pikepdf.Pdf) -> None:
    document = pdf.Root.StructTreeRoot.K[0]
    kids = document.K
    index = next(i for i, kid in enumerate(kids) if kid.S == Name.P or any(
        isinstance(k, Dictionary) and k.get(Name.S) == Name.P for k in kid.get(Name.K, [])))
    del kids[index]


def _stroke(pdf: pikepdf.Pdf) -> None:
    page = pdf.pages[6]
    page.contents_add(pdf.make_stream(b"q 0 0 m 10 10 l S Q"), prepend=False)


def _cmyk(pdf: pikepdf.Pdf) -> None:
    page = pdf.pages[6]
    page.contents_add(pdf.make_stream(b"/Artifact BMC 0 0 0 1 k 0 0 5 5 re f EMC"))


def _figure_alt(pdf: pikepdf.Pdf) -> None:
    for element in structure_elements(pdf):
        if Name.Figure == element.S:
            del element.Alt


def _outline(pdf: pikepdf.Pdf) -> None:
    with pdf.open_outline() as outline:
        del outline.root[-1]


def _http(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        for annot in page.obj.get(Name.Annots, Array()):
            if Name.A in annot:
                annot.A.URI = String("http://www.caritas.lt")


def _nowhere(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        for annot in page.obj.get(Name.Annots, Array()):
            if Name.Dest in annot:
                annot.Dest = String("ch-99")
                return


def _unmarked(pdf: pikepdf.Pdf) -> None:
    pdf.Root.MarkInfo.Marked = False


def _no_lang(pdf: pikepdf.Pdf) -> None:
    del pdf.Root.Lang


def _no_title_shown(pdf: pikepdf.Pdf) -> None:
    pdf.Root.ViewerPreferences.DisplayDocTitle = False


def _untagged(pdf: pikepdf.Pdf) -> None:
    del pdf.Root.StructTreeRoot


BREAKS: dict[str, Callable[[pikepdf.Pdf], None]] = {
    "ua-structure": _untagged, "ua-marked": _unmarked, "ua-lang": _no_lang,
    "ua-title": _no_title_shown, "ua-figure-alt": _figure_alt,
    "ua-untagged": _stroke, "ua-outline": _outline, "screen-links": _http,
    "screen-cmyk": _cmyk,
}


@pytest.mark.parametrize("code", [*BREAKS, "ua-untagged (detached)", "screen-links (nowhere)",
                                  "screen-text"])
def test_each_check_fails_on_a_broken_edition(edition: tuple[bytes, Edition],
                                              code: str) -> None:
    """This test ensures every check of the final bytes finds what was broken in a copy of
    the sample's edition (and only that): untagged content, content whose structure
    element is not in the tree, a Figure without /Alt, a missing bookmark, an http link, a
    link to nowhere, DeviceCMYK, a page whose text is not the print edition's."""
    data, checked = edition
    breaker = {"ua-untagged (detached)": _detach_first_paragraph,
               "screen-links (nowhere)": _nowhere}.get(code, BREAKS.get(code))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if breaker is not None:
            breaker(pdf)
        out = io.BytesIO()
        pdf.save(out)
    print_text = checked.print_text
    if code == "screen-text":
        assert print_text is not None
        print_text = (*print_text[:7], print_text[7] + " Lietuvos", *print_text[8:])
    with PdfFile(out.getvalue()) as broken:
        found = check_edition(Edition(broken, checked.chapters, print_text, DIGITAL, BOOK))
    assert {d.code for d in found} == {code.split(" ")[0]}, [str(d) for d in found]


def test_markdown_image_without_alt_and_http_link_are_content_errors(project: Path) -> None:
    """This test ensures an image without alt text and a link that is neither https nor a
    chapter file are refused before anything is built, naming the file and the line."""
    chapter = project / BOOK / "chapters" / "05-pozymiai.md"
    lines = chapter.read_text(encoding="utf-8").splitlines()
    lines[4:4] = ["", "![](paveikslas.png)", "", "Žr. [svetainę](http://www.caritas.lt).", ""]
    chapter.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load(load_config(project))
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{BOOK}/chapters/05-pozymiai.md:6: the image 'paveikslas.png' has no alt text: "
        "write what it shows, as ![what it shows](paveikslas.png)",
        f"{BOOK}/chapters/05-pozymiai.md:8: only https URLs and chapter files "
        "(01-ivadas.md, 02-kas-yra-prekyba-zmonemis.md…) are accepted as links, not "
        "'http://www.caritas.lt'"]


def test_the_link_check_of_an_unchanged_chapter_is_kept_from_the_last_build(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures the chapters' link and alt-text check is kept in the output folder
    by the chapter's text, by a build and only once it holds the folder (a load alone, and a
    load that finds errors, write nothing there): a later load parses no Markdown for an
    unchanged chapter, and a changed chapter or a damaged cache entry is checked again."""
    config = load_config(project)
    cache = config.output / ".cache" / "links"
    load(config)
    assert not config.output.exists()
    build(config, only=("spot-kur-kreiptis",))
    assert len(list(cache.glob("*.json"))) == 9  # one per chapter
    parsed: list[str] = []
    import pipeline.markdown

    real = pipeline.markdown.references
    monkeypatch.setattr(pipeline.markdown, "references",
                        lambda text: parsed.append(text) or real(text))
    load(config)
    assert parsed == []  # every chapter from the cache
    for entry in cache.glob("*.json"):
        entry.write_text("[[", encoding="utf-8")
    chapter = project / BOOK / "chapters" / "05-pozymiai.md"
    chapter.write_text(chapter.read_text(encoding="utf-8")
                       + "\nŽr. [svetainę](http://www.caritas.lt).\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load(config)
    [found] = [str(d) for d in caught.value.diagnostics]
    assert "not 'http://www.caritas.lt'" in found and len(parsed) == 9
    assert all(entry.read_text(encoding="utf-8") == "[[" for entry in cache.glob("*.json"))


def test_image_alt_in_the_tree_srgb_and_same_bytes_with_two_processes(project: Path) -> None:
    """This test ensures an image of a chapter reaches the digital edition as an sRGB image
    whose Figure has the Markdown's alt text, the edition is the same bytes built in one
    process or two, is rebuilt alone when only its layout changes, and built without its
    print edition says its text was not compared."""
    folder = project / BOOK
    Image.new("CMYK", (600, 300), (0, 240, 200, 10)).save(folder / "schema.jpg")
    chapter = folder / "chapters" / "05-pozymiai.md"
    text = chapter.read_text(encoding="utf-8").splitlines()
    text[4:4] = ["", "![Raudonas stačiakampis](schema.jpg)", ""]
    chapter.write_text("\n".join(text) + "\n", encoding="utf-8")
    only = ("leidinys-*", "skaitmeninis-*")
    one = build(load_config(project, project / "one"), only=only,
                options=BuildOptions(jobs=1, proofs=False))
    two = build(load_config(project, project / "two"), only=only,
                options=BuildOptions(jobs=2, proofs=False))
    digital = result(one, DIGITAL)
    assert digital.outcome.written, [str(d) for d in digital.outcome.diagnostics]
    data = (project / "one" / digital.job.output).read_bytes()
    assert data == (project / "two" / digital.job.output).read_bytes()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        alts = [str(e.Alt) for e in structure_elements(pdf) if Name.Figure == e.S]
        assert "Raudonas stačiakampis" in alts
        images = [x for page in pdf.pages
                  for x in page.obj.Resources.get(Name.XObject, Dictionary()).values()
                  if x.get(Name.Subtype) == Name.Image]
        assert images and all(x.ColorSpace == Name.DeviceRGB for x in images)
    assert result(two, DIGITAL).outcome.written
    layout = project / "layouts" / "publication" / "digital.html.j2"
    layout.write_text(layout.read_text(encoding="utf-8").replace(
        "text-decoration-thickness: 0.3pt", "text-decoration-thickness: 0.4pt"),
        encoding="utf-8")
    again = build(load_config(project, project / "one"), only=only,
                  options=BuildOptions(jobs=1, proofs=False))
    assert [r.job.id for r in again.results if not r.reused] == [DIGITAL]
    alone = result(build(load_config(project, project / "alone"), only=("skaitmeninis-*",),
                         options=BuildOptions(jobs=1, proofs=False)), DIGITAL)
    assert alone.outcome.written
    assert [d.code for d in alone.outcome.diagnostics if d.severity is Severity.WARNING] == [
        "screen-text-unchecked"]
