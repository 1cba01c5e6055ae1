"""Social media cards (issue 20 items 1–3), read back from the PNG and JPEG files built."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from pipeline.brand import Cmyk
from pipeline.build import build
from pipeline.compliance.colours import delta_e
from pipeline.compliance.raster import MIN_HOIST_PX
from pipeline.config import ProjectConfig, load_config
from pipeline.results import BuildReport, JobResult
from pipeline.screen import srgb_hex
from pipeline.session import BuildOptions
from pipeline.social import EMBLEM_HOIST_PX, MAX_JPEG_BYTES, load_social_formats, srgb_profile

FORMATS = {"link": (1200, 630), "square": (1080, 1080), "portrait": (1080, 1350),
           "story": (1080, 1920)}
POSTER = "social-zmogus-ne-preke-kaunas"
BLUE, YELLOW = (0x00, 0x33, 0x99), (0xFF, 0xCC, 0x00)


def test_the_formats_are_the_platforms_sizes_with_the_story_zones() -> None:
    """This test ensures the catalogue holds the four formats at the platforms' sizes, the
    story with its top and bottom interface zones, and an emblem big enough to measure."""
    formats = load_social_formats()
    assert {k: f.size_px for k, f in formats.items()} == FORMATS
    story = formats["story"]
    assert (story.ui_top_px, story.ui_bottom_px) == (250, 340)
    assert story.free_px == (250, 1920 - 340)
    assert formats["link"].free_px == (48, 630 - 48)
    assert EMBLEM_HOIST_PX >= MIN_HOIST_PX


def test_the_palette_reaches_the_screen_through_the_output_profile() -> None:
    """This test ensures the brand's CMYK colours become sRGB through the FOGRA39 profile
    (paper is screen white, the campaign red a red), and the embedded profile is sRGB and
    the same bytes every time (its creation date fixed)."""
    profile = Path(__file__).resolve().parent.parent / "brand" / "FOGRA39.icc"
    assert srgb_hex(Cmyk(0, 0, 0, 0), profile) == "#ffffff"
    red = bytes.fromhex(srgb_hex(Cmyk(0, 95, 85, 5), profile)[1:])
    assert red[0] > 200 and red[1] < 70 and red[2] < 80
    icc = srgb_profile()
    assert icc[12:20] == b"mntrRGB " and icc == srgb_profile()
    assert "sRGB" in ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc)))


@pytest.fixture(scope="module")
def cards(sample_build: tuple[ProjectConfig, BuildReport]) -> dict[str, tuple[JobResult, Path]]:
    config, report = sample_build
    return {r.job.id: (r, config.output) for r in report.results
            if r.job.product == "social-card"}


def _image(path: Path) -> Image.Image:
    """The image at ``path``, read whole and closed (its format and info kept)."""
    with Image.open(path) as image:
        image.load()
        return image


def _finding(result: JobResult, code: str) -> list[str]:
    return [f"{d.severity.value}: {d.measured}" for d in result.diagnostics if d.code == code]


@pytest.mark.slow
def test_every_poster_message_event_and_the_booklet_has_every_format(
        cards: dict[str, tuple[JobResult, Path]]) -> None:
    """This test ensures a card of each format for every poster message per municipality,
    every event and the booklet, each written (no error) with its PNG, JPEG and text."""
    subjects = {card_id.rsplit(".", 1)[0] for card_id in cards}
    assert len(subjects) == 5 + 6 + 1 and f"{POSTER}" in subjects
    assert "social-leidinys-prevencija" in subjects and "social-kaunas-studentai" in subjects
    assert len(cards) == 4 * len(subjects)
    for result, output in cards.values():
        assert result.written, [str(d) for d in result.diagnostics if d.severity.value == "error"]
        png = output / result.job.output
        assert png.is_file() and png.with_suffix(".jpg").is_file()
        assert png.with_suffix(".txt").is_file()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_poster_card_is_exact_srgb_and_passes_the_rules_on_its_pixels(
        cards: dict[str, tuple[JobResult, Path]], fmt: str) -> None:
    """This test ensures each format of a poster's card: exact pixel size, the sRGB profile
    in PNG and JPEG, the JPEG under 1 MB, the emblem found on the pixels and measured (12
    stars), its colours within ΔE 5 of #003399 / #FFCC00 (counted on the PNG too), the
    EU statements found in its text."""
    result, output = cards[f"{POSTER}.{fmt}"]
    png_path = output / result.job.output
    png, jpeg = _image(png_path), _image(png_path.with_suffix(".jpg"))
    assert png.size == jpeg.size == FORMATS[fmt]
    assert png.mode == "RGB" and png.format == "PNG" and jpeg.format == "JPEG"
    assert png.info["icc_profile"] == jpeg.info["icc_profile"] == srgb_profile()
    assert png_path.with_suffix(".jpg").stat().st_size < MAX_JPEG_BYTES
    for code in ("EMB-PRESENT", "EMB-RATIO", "EMB-STARS", "EMB-RING", "EMB-STARSIZE",
                 "CLR-RGB", "TXT-EU", "TXT-FUND-ESF", "card-emblem-colour"):
        found = _finding(result, code)
        assert found and all(f.startswith("info") for f in found), (code, found)
    assert _finding(result, "EMB-STARS") == ["info: 12"]
    # Independently of the checks: the emblem's own colours, on the PNG's pixels.
    colours = dict((rgb, n) for n, rgb in png.getcolors(maxcolors=1 << 20) or [])
    near_blue = sum(n for rgb, n in colours.items() if delta_e(rgb, BLUE) <= 5)
    near_yellow = sum(n for rgb, n in colours.items() if delta_e(rgb, YELLOW) <= 5)
    field = EMBLEM_HOIST_PX * EMBLEM_HOIST_PX * 1.5
    assert 0.8 * field < near_blue < field and near_yellow > 0.02 * field
    text = png_path.with_suffix(".txt").read_text(encoding="utf-8")
    assert text.startswith("Alternatyvusis tekstas (alt):\n") and "Žmogus – ne prekė" in text
    assert text.rstrip().endswith("Europos socialinio fondo lėšomis.")
    assert "„Europos Sąjunga“" in text.split("Siūlomas įrašo tekstas")[0]


@pytest.mark.slow
def test_story_text_stays_out_of_the_platform_zones(
        cards: dict[str, tuple[JobResult, Path]]) -> None:
    """This test ensures no text or logo of any story is in the top 250 px or the bottom
    340 px: those rows of the PNG hold one colour each (the field's background)."""
    stories = [(r, o) for card_id, (r, o) in cards.items() if card_id.endswith(".story")]
    assert len(stories) == 12
    for result, output in stories:
        image = _image(output / result.job.output)
        top = image.crop((0, 0, 1080, 250)).getcolors(maxcolors=4)
        bottom = image.crop((0, 1920 - 340, 1080, 1920)).getcolors(maxcolors=4)
        assert top is not None and len(top) == 1, result.job.id
        assert bottom == [(1080 * 340, (255, 255, 255))], result.job.id
        assert not _finding(result, "card-zone")


@pytest.mark.slow
def test_the_board_shows_each_card_with_its_alt_text(
        sample_build: tuple[ProjectConfig, BuildReport],
        cards: dict[str, tuple[JobResult, Path]]) -> None:
    """This test ensures the proof board shows every card's PNG with its alt text."""
    config, _ = sample_build
    board = (config.output / "index.html").read_text(encoding="utf-8")
    for result, _ in cards.values():
        png = result.job.output.as_posix()
        assert f"<img src='{png}' alt='Viršuje raudoname fone" in board


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.slow
def test_a_card_whose_funding_block_is_too_small_fails(project: Path) -> None:
    """This test ensures a card whose funding texts are set smaller than a phone can show
    (capitals under 16 px) is an error naming the elements, and is not written; a story
    whose text reaches into the platform's top zone is an error too."""
    layout = project / "layouts" / "social" / "card.html.j2"
    _edit(layout, "S.eu * 0.75,\n                   S.statement * 0.75,",
          "S.eu * 0.45,\n                   S.statement * 0.5,")
    _edit(layout, "top: {{ free_top }}px;",
          "top: {{ free_top - (120 if card.id == 'story' else 0) }}px;")
    output = project / "out"
    report = build(load_config(project, output), only=(f"{POSTER}.square", f"{POSTER}.story"),
                   options=BuildOptions(jobs=1, proofs=False))
    square, story = report.results
    for result in (square, story):
        assert result.status == "fail" and not result.written
        small = {d.element: d.measured for d in result.diagnostics if d.code == "card-text-size"}
        assert {"eu-reference", "fund-reference", "slogan", "funding-statement"} <= set(small)
        assert all(float(str(m).split()[0]) < 16 for m in small.values())
        assert not (output / result.job.output).exists()
        assert (output / "rejected" / result.job.output).is_file()
    zone = [d for d in story.diagnostics if d.code == "card-zone"]
    assert zone and all("250 px at the top" in d.message for d in zone)
    assert not [d for d in square.diagnostics if d.code == "card-zone"]


@pytest.mark.slow
def test_cards_are_the_same_bytes_from_one_or_two_processes(project: Path) -> None:
    """This test ensures a card is byte-stable: built with --jobs 1 and --jobs 2 into two
    folders, every PNG, JPEG and text file is the same."""
    only = (f"{POSTER}.*", "social-kaunas-studentai.link")
    for jobs in (1, 2):
        build(load_config(project, project / f"out{jobs}"), only=only,
              options=BuildOptions(jobs=jobs, proofs=False))
    one = {p.name: p.read_bytes() for p in (project / "out1" / "social").iterdir()}
    two = {p.name: p.read_bytes() for p in (project / "out2" / "social").iterdir()}
    assert len(one) == 5 * 3 and one == two


@pytest.mark.slow
def test_a_headline_change_rebuilds_its_print_pdfs_and_its_cards_nothing_else(
        project: Path) -> None:
    """This test ensures changing the poster's headline rebuilds its ten print PDFs and its
    twenty cards, and not the cards of events and of the booklet, nor a leaflet."""
    only = ("zmogus-ne-preke-*", "social-zmogus-ne-preke-*", "social-kaunas-studentai.*",
            "social-leidinys-prevencija.*", "lankstinukas-jaunimui")
    config = load_config(project, project / "out")
    first = build(config, only=only, options=BuildOptions(jobs=2, proofs=False))
    assert len(first.rebuilt) == 10 + 20 + 4 + 4 + 1
    booklet = project / "out" / "social" / "leidinys-prevencija-story.png"
    before = booklet.stat().st_mtime_ns
    _edit(project / "content" / "posters" / "zmogus-ne-preke.yaml",
          "headline: Žmogus – ne prekė", "headline: Žmogus – ne daiktas")
    second = build(config, only=only, options=BuildOptions(jobs=2, proofs=False))
    rebuilt = {r.job.id for r in second.rebuilt}
    assert {i for i in rebuilt if i.startswith("social-")} == {
        f"social-zmogus-ne-preke-{m}.{f}" for f in FORMATS
        for m in ("kaunas", "klaipeda", "siauliai", "panevezys", "marijampole")}
    assert {i for i in rebuilt if not i.startswith("social-")} == {
        f"zmogus-ne-preke-{m}-{f}" for f in ("a2", "a3")
        for m in ("kaunas", "klaipeda", "siauliai", "panevezys", "marijampole")}
    assert {r.reason for r in second.rebuilt} == {"content or layout changed"}
    assert len(second.reused) == 9 and booklet.stat().st_mtime_ns == before
    text = (project / "out" / "social" / "zmogus-ne-preke-kaunas-story.txt").read_text(
        encoding="utf-8")
    assert "„Žmogus – ne daiktas“" in text


@pytest.mark.slow
def test_a_card_layout_of_another_page_size_is_an_error_not_a_crash(project: Path) -> None:
    """This test ensures a card layout whose page is not the format's pixels is a
    ``card-size`` error naming the layout, and nothing is written."""
    _edit(project / "layouts" / "social" / "card.html.j2", "size: {{ W }}px {{ H }}px;",
          "size: {{ W + 40 }}px {{ H }}px;")
    output = project / "out"
    report = build(load_config(project, output), only=(f"{POSTER}.link",),
                   options=BuildOptions(jobs=1, proofs=False))
    [result] = report.results
    [found] = [d for d in result.diagnostics if d.code == "card-size"]
    assert "1240.0 × 630.0 px, not 1200 × 630 px" in found.message
    assert found.source == "layouts/social/poster.html.j2"
    assert not result.written and not (output / "social").exists()
