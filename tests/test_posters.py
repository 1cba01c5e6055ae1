"""The sample posters, read back from the final PDF bytes."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from pipeline.config import ProjectConfig
from pipeline.results import BuildReport

pytestmark = pytest.mark.slow

MM = 25.4 / 72
MUNICIPALITIES = {"kaunas": "Kaune", "klaipeda": "Klaipėdoje", "siauliai": "Šiauliuose",
                  "panevezys": "Panevėžyje", "marijampole": "Marijampolėje"}
SIZES = {"a2": (420, 594), "a3": (297, 420)}


def squash(text: str) -> str:
    """Normalise whitespace and line breaks of extracted text."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def posters(sample_build: tuple[ProjectConfig, BuildReport]) -> dict[str, Path]:
    config, report = sample_build
    assert not report.failed, [str(d) for d in report.diagnostics]
    return {r.job.id: config.output / r.job.output
            for r in report.results if r.job.product == "poster"}


def test_every_municipality_gets_an_a2_and_an_a3(posters: dict[str, Path]) -> None:
    """This test ensures the default build makes both formats for all five municipalities."""
    assert sorted(posters) == sorted(f"zmogus-ne-preke-{m}-{f}"
                                     for m in MUNICIPALITIES for f in SIZES)
    for path in posters.values():
        assert path.parent.name == "posters" and path.parent.parent.name == "print"
        assert path.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("size", SIZES)
def test_page_boxes(posters: dict[str, Path], size: str) -> None:
    """This test ensures one page, TrimBox = trim and BleedBox = trim + 3 mm (±0.01 mm)."""
    width, height = SIZES[size]
    for job_id, path in posters.items():
        if not job_id.endswith(size):
            continue
        reader = PdfReader(path)
        assert len(reader.pages) == 1
        page = reader.pages[0]
        trim = [float(v) * MM for v in page.trimbox]
        bleed = [float(v) * MM for v in page.bleedbox]
        assert trim[2] - trim[0] == pytest.approx(width, abs=0.01)
        assert trim[3] - trim[1] == pytest.approx(height, abs=0.01)
        for side in range(4):
            sign = -1 if side < 2 else 1
            assert bleed[side] - trim[side] == pytest.approx(sign * 3, abs=0.01)


def test_fonts_are_embedded_brand_fonts(posters: dict[str, Path]) -> None:
    """This test ensures every font is embedded and is one of the brand families: Source
    Sans Pro for the campaign text, EB Garamond for the EU funding texts."""
    for path in posters.values():
        page = PdfReader(path).pages[0]
        fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
        families = set()
        for font in fonts:
            name = str(font["/BaseFont"]).split("+", 1)[1]
            families.add("EB-Garamond" if name == "EB-Garamond" else name[:15])
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
        assert families == {"Source-Sans-Pro", "EB-Garamond"}


def test_lithuanian_text_is_extracted_verbatim(posters: dict[str, Path]) -> None:
    """This test ensures the Lithuanian texts survive text extraction with their diacritics."""
    statement = ("Projektas įgyvendinamas pagal 2007–2013 metų Žmogiškųjų išteklių plėtros "
                 "veiksmų programos 1 prioriteto „Kokybiškas užimtumas ir socialinė aprėptis“ "
                 "priemonę VP1-1.3-SADM-01-K ir bendrai finansuojamas Europos socialinio fondo "
                 "lėšomis.")
    for job_id, path in posters.items():
        text = squash(PdfReader(path).pages[0].extract_text())
        municipality = job_id.split("-")[-2]
        for expected in ("Žmogus – ne prekė", "Verbuotojai žada gerą darbą, didelį atlyginimą ar "
                         "meilę, o vėliau atima dokumentus, laisvę ir uždarbį.",
                         "Europos Sąjunga", "Europos socialinis fondas",
                         "Investuojame į Jūsų ateitį", statement,
                         f"{MUNICIPALITIES[municipality]} – susitikimai su moksleiviais"):
            assert expected in text, (job_id, expected)
        assert set("ąčęėįšųūž") <= set(text.lower())


def test_qr_code_decodes_to_the_campaign_url(posters: dict[str, Path]) -> None:
    """This test ensures a real decoder reads the QR code off a raster of the final PDF."""
    for job_id, path in posters.items():
        document = pypdfium2.PdfDocument(path)
        image = document[0].render(scale=150 / 72).to_pil()
        results = zxingcpp.read_barcodes(image)
        document.close()
        assert [r.text for r in results if r.format == zxingcpp.BarcodeFormat.QRCode] == [
            "https://www.caritas.lt"], job_id


def test_qr_code_is_at_least_20_mm(posters: dict[str, Path]) -> None:
    """This test ensures the printed code is at least 20 mm wide (quiet zone excluded)."""
    for path in posters.values():
        document = pypdfium2.PdfDocument(path)
        page = document[0]
        scale = 150 / 72
        image = page.render(scale=scale).to_pil()
        [result] = zxingcpp.read_barcodes(image)
        xs = [p.x for p in (result.position.top_left, result.position.top_right)]
        width_mm = (max(xs) - min(xs)) / scale * MM
        document.close()
        assert width_mm >= 20, width_mm


def test_only_cmyk_colour_operators(posters: dict[str, Path]) -> None:
    """This test ensures no DeviceRGB or gray operator sets a colour on the poster page."""
    for path in posters.values():
        data = PdfReader(path).pages[0].get_contents().get_data().decode("latin-1")
        operators = set(re.findall(r"(?m)\s(rg|RG|g|G|k|K|scn|SCN|sc|SC)$", data))
        assert operators <= {"scn", "SCN", "sc", "SC", "k", "K"}
        assert "/DeviceCMYK cs" in data and "/DeviceRGB" not in data


def test_report_lists_every_job(sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures report.json records every job with status and output."""
    import json

    config, report = sample_build
    data = json.loads((config.output / "report.json").read_text(encoding="utf-8"))
    assert [job["id"] for job in data["jobs"]] == [r.job.id for r in report.results]
    # The only thing left to a human on printed items and social media cards: the national
    # 2007–2013 mark, whose artwork we must not imitate (a warning until the designer
    # supplies it). Radio sheets are checked for the spoken credit instead, and pass.
    for job in data["jobs"]:
        printed = job["output"].startswith(("print/", "social/"))
        assert job["status"] == ("warn" if printed else "pass"), job["id"]
        assert [(f["code"], f["verdict"]) for f in job["findings"]
                if f["severity"] != "info"] == ([("LT-MARK-0713", "warn")] if printed else [])
    outputs = {r.job.id: r.job.output.as_posix() for r in report.results}
    assert all(job["output"] == outputs[job["id"]]
               and job["output"].startswith(("print/", "radio/", "digital/", "social/"))
               for job in data["jobs"])
