"""Radio outputs as a host picks them up cold (issue #17): page heads, Lithuanian words,
the two clocks, the whole show in the prompter text, the pair kept together, plain A4."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
import yaml
from pypdf import PdfReader

from pipeline.build import build, load
from pipeline.config import ProjectConfig, load_config
from pipeline.products.radio import spots_of
from pipeline.radio.models import InterviewSegment, RadioShow, SpotSegment
from pipeline.radio.rundown import KINDS, hard_out, rundown, show_start
from pipeline.results import BuildReport
from tests.conftest import REPO

pytestmark = pytest.mark.slow
MM = 72 / 25.4
ENGLISH_TYPES = ("jingle", "read", "interview", "music", "spot", "credit", "sound")


@pytest.fixture(scope="module")
def radio_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[ProjectConfig, BuildReport]:
    """The sample's radio outputs, built once."""
    config = load_config(REPO, tmp_path_factory.mktemp("radio"))
    return config, build(config, only=("radio-*", "spot-*"))


def sample_shows() -> list[RadioShow]:
    project = load(load_config(REPO))
    return [item.model for item in project.items if isinstance(item.model, RadioShow)]


def top_line(page: pypdfium2.PdfPage) -> str:
    """The text of the highest line of ``page`` (the page head)."""
    text = page.get_textpage()
    top = max(text.get_charbox(i)[3] for i in range(text.count_chars()))
    return str(text.get_text_bounded(0, top - 12, page.get_width(), top + 1)).strip()


def test_page_head_names_the_continued_interview(
        radio_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures the head of page 2 of the sample show whose interview crosses a
    page names item 3 with "(tęsinys)", not the next item on the page, and that the page
    really opens with that interview's questions."""
    config, _ = radio_build
    pdf = pypdfium2.PdfDocument(config.output / "radio" / "pagalba-aukoms.pdf")
    page = pdf[1]
    body = page.get_textpage().get_text_range()
    assert top_line(page) == "3. Pokalbis su socialiniu darbuotoju (tęsinys)"
    first = body.index("KLAUSIMAS:")
    assert first < body.index("4. MUZIKINĖ PERTRAUKA") and "3. POKALBIS" not in body
    assert top_line(pdf[0]) == "1. Laidos užsklanda"
    pdf.close()


def test_sample_rundowns_speak_lithuanian_and_keep_both_clocks(
        radio_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures each sample rundown prints no content id (host, spot, show), only
    Lithuanian item types, its first item on air at the show's start time, and back-times
    that end at the hard out; the clocks are labelled."""
    config, _ = radio_build
    project = load(config)
    spots = spots_of(project)
    for show in sample_shows():
        text = re.sub(r"\s+", " ", "".join(
            p.extract_text() for p in PdfReader(config.output / "radio" /
                                                f"{show.id}-rundown.pdf").pages))
        ids = {h.id for h in show.hosts} | {spots[s.spot].id for s in show.segments
                                            if isinstance(s, SpotSegment)}
        ids |= {spots[s.spot].voice.id for s in show.segments if isinstance(s, SpotSegment)}
        for content_id in ids | {show.id}:
            assert not re.search(rf"(?<!\w){re.escape(content_id)}(?!\w)", text), content_id
        for word in ENGLISH_TYPES:
            assert not re.search(rf"(?<!\w){word}(?!\w)", text, re.IGNORECASE), word
        lines = rundown(show, spots)
        for line in lines:
            assert line.kind in KINDS.values() and line.cue in text
        start, end = show_start(show).time(), hard_out(show).time()
        assert lines[0].on_air == start
        assert f"1. {lines[0].title} {lines[0].cue}" in text
        assert f"{lines[0].on_air} {lines[0].backtime}" in text  # both clocks, first item
        assert re.search(rf"Iš viso \(laikas \d+:\d\d\) \d+:\d\d (?:[+−]\d+:\d\d|±0:00) "
                         rf"\d\d:\d\d:\d\d {end}", text)  # the back-time column ends at it
        assert "Pradžia eteryje" in text and "Atgalinis laikas" in text
        assert "Faktinis laikas" in text
        last = lines[-1]
        assert abs(show_start(show).replace(hour=last.backtime.hour, minute=last.backtime.minute,
                                            second=last.backtime.second).timestamp()
                   + last.seconds - hard_out(show).timestamp()) <= 1


def test_prompter_text_is_the_whole_show(radio_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures the prompter text of each sample show holds every interview's
    guest and question, every spot's text, every read and the credit, each item with its
    planned on-air start, and the same cue words as the sheet."""
    config, _ = radio_build
    spots = spots_of(load(config))
    for show in sample_shows():
        prompter = (config.output / "radio" / f"{show.id}.txt").read_text(encoding="utf-8")
        sheet = re.sub(r"\s+", " ", "".join(
            p.extract_text() for p in PdfReader(config.output / "radio" / f"{show.id}.pdf").pages))
        for segment, line in zip(show.segments, rundown(show, spots), strict=True):
            assert f"{line.on_air}  {line.number}. {line.title}" in prompter
            assert f"({line.cue}: " in prompter and f"{line.cue} · TRUKMĖ" in sheet
            if isinstance(segment, InterviewSegment):
                assert segment.guest.upper() in prompter
                for question in segment.questions:
                    assert f"(KLAUSIMAS) {question}" in prompter
            if isinstance(segment, SpotSegment):
                assert spots[segment.spot].text in prompter
            if hasattr(segment, "text"):
                assert segment.text.split("\n\n")[0].strip() in prompter
        for english in ("JINGLE", "INTERVIEW", "MUSIC", "(READ", "CREDIT"):
            assert english not in prompter
        assert prompter.rstrip().endswith(f"(PABAIGA {hard_out(show).time()})")


def test_radio_pdfs_are_plain_a4(radio_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures every radio PDF (script, rundown, spot) has a 210 × 297 mm
    MediaBox, no TrimBox or BleedBox beyond it, nothing drawn outside the text margins
    (no crop marks, no slug: the page's outer 10 mm is blank paper), embedded fonts,
    "Lapas n iš N" on every page, and greyscale with no press output intent or PDF/X claim
    (every colour operator in DeviceGray, in the Info dictionary and the XMP alike)."""
    config, report = radio_build
    files = [config.output / r.job.output.as_posix() for r in report.results]
    assert len(files) == 9 and all(r.written for r in report.results)
    for path in files:
        with pikepdf.open(path) as pdf:
            assert "/OutputIntents" not in pdf.Root and "/GTS_PDFXVersion" not in pdf.docinfo
            assert b"GTS_PDFXVersion" not in pdf.Root.Metadata.read_bytes()
            colours = {(str(i.operator), *map(str, i.operands)) for page in pdf.pages
                       for i in pikepdf.parse_content_stream(page)
                       if str(i.operator) in ("k", "K", "rg", "RG", "g", "G", "cs", "CS")}
            assert ("cs", "/DeviceGray") in colours, path
            assert {c for c in colours if c[0] in ("k", "K", "rg", "RG")
                    or (c[0] in ("cs", "CS") and c[1] != "/DeviceGray")} == set(), path
            for page in pdf.pages:
                media = [float(v) for v in page.mediabox]
                assert media == pytest.approx([0, 0, 210 * MM, 297 * MM], abs=0.01), path
                for box in (page.trimbox, page.bleedbox):
                    x0, y0, x1, y1 = (float(v) for v in box)
                    assert x0 >= -0.01 and y0 >= -0.01 and x1 <= media[2] + 0.01 \
                        and y1 <= media[3] + 0.01, path
                for font in page.Resources.Font.values():
                    descriptor = (font.DescendantFonts[0] if "/DescendantFonts" in font
                                  else font).FontDescriptor
                    assert any(k in descriptor for k in ("/FontFile", "/FontFile2",
                                                         "/FontFile3")), path
        document = pypdfium2.PdfDocument(path)
        for number, page in enumerate(document, start=1):
            assert f"Lapas {number} iš {len(document)}" in page.get_textpage().get_text_range()
            image = page.render(scale=40 / 72).to_pil().convert("L")
            border = round(10 * 40 / 25.4)
            width, height = image.size
            for box in ((0, 0, width, border), (0, height - border, width, height),
                        (0, 0, border, height), (width - border, 0, width, height)):
                assert image.crop(box).getextrema()[0] == 255, (path, number, box)
        document.close()


def test_an_over_run_keeps_the_last_good_pair_stale_together(project: Path) -> None:
    """This test ensures a show that starts to over-run fails its script AND its rundown:
    both keep the last good file (byte for byte, and the prompter text with them), both are
    reported stale, and no new rundown is written beside the old script."""
    config = load_config(project)
    jobs = ("radio-pagalba-aukoms", "radio-pagalba-aukoms-rundown")
    first = build(config, only=jobs)
    assert all(r.written for r in first.results)
    radio = config.output / "radio"
    names = ("pagalba-aukoms.pdf", "pagalba-aukoms-rundown.pdf", "pagalba-aukoms.txt")
    before = {name: (radio / name).read_bytes() for name in names}
    path = project / "content" / "radio" / "pagalba-aukoms.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    music = next(s for s in data["segments"] if s["type"] == "music")
    music["seconds"] += 60
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    second = build(config, only=jobs)
    for result in second.results:
        assert result.status == "fail" and result.stale, result.job.id
        assert "radio-overrun" in {d.code for d in result.diagnostics}, result.job.id
        assert not result.written
    assert {name: (radio / name).read_bytes() for name in names} == before
