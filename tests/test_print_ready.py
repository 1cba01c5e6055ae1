"""Print-ready output: boxes and marks in mm, determinism, nothing clipped, CMYK images,
output intent and metadata, large formats at scale."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import weasyprint
from PIL import Image, ImageCms
from pypdf import PdfReader

from pipeline.brand import load_brand
from pipeline.build import build
from pipeline.config import ProjectConfig, load_config
from pipeline.diagnostics import Severity
from pipeline.finishing import FinishSpec, finish
from pipeline.finishing.intent import OutputCondition
from pipeline.finishing.marks import MARK_GAP_MM, MARK_LENGTH_MM
from pipeline.formats import load_formats
from pipeline.jobs import Job
from pipeline.results import BuildReport
from pipeline.session import BuildOptions
from pipeline.ticket import Ticket
from tests.conftest import REPO, copy_project

pytestmark = pytest.mark.slow
MM = 25.4 / 72


def boxes_mm(page: object) -> dict[str, list[float]]:
    return {name: [float(v) * MM for v in getattr(page, name)]
            for name in ("mediabox", "bleedbox", "trimbox")}


def mark_segments(data: bytes) -> list[tuple[float, ...]]:
    """The straight stroked segments the finishing step appended (crop marks), in mm."""
    tail = data.rsplit(b"0 0 0 1 K\n", 1)[-1].decode("latin-1")
    return [tuple(float(v) * MM for v in m.groups()) for m in re.finditer(
        r"(-?[\d.]+) (-?[\d.]+) m (-?[\d.]+) (-?[\d.]+) l S", tail)]


def test_boxes_and_mark_positions(sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures trim, bleed, media and the eight crop marks sit where a printer
    expects them: marks on the trim lines, entirely outside the BleedBox."""
    config, _ = sample_build
    path = config.output / "print/posters/zmogus-ne-preke-kaunas-a2.pdf"
    page = PdfReader(path).pages[0]
    box = boxes_mm(page)
    assert box["trimbox"] == pytest.approx([0, 0, 420, 594], abs=0.01)
    assert box["bleedbox"] == pytest.approx([-3, -3, 423, 597], abs=0.01)
    margin = 3 + MARK_GAP_MM + MARK_LENGTH_MM + 2
    assert box["mediabox"] == pytest.approx([-margin, -margin, 420 + margin, 594 + margin],
                                            abs=0.01)
    marks = mark_segments(page.get_contents().get_data())
    assert len(marks) == 8
    for x0, y0, x1, y1 in marks:
        vertical = abs(x0 - x1) < 0.01
        if vertical:
            assert min(abs(x0), abs(x0 - 420)) < 0.01  # on a vertical trim line
            near = min(abs(y0), abs(y0 - 594)) if y0 < 0 or y0 > 594 else 0
            assert abs(abs(y1 - y0) - MARK_LENGTH_MM) < 0.01
            # starts 3 mm beyond the 3 mm bleed, runs outward
            start = min(abs(y0 - 0), abs(y0 - 594))
            assert start == pytest.approx(3 + MARK_GAP_MM, abs=0.01), near
        else:
            assert min(abs(y0), abs(y0 - 594)) < 0.01
            assert abs(abs(x1 - x0) - MARK_LENGTH_MM) < 0.01
            assert min(abs(x0), abs(x0 - 420)) == pytest.approx(3 + MARK_GAP_MM, abs=0.01)
        for x, y in ((x0, y0), (x1, y1)):  # both ends outside the BleedBox
            assert x <= -3 or x >= 423 or y <= -3 or y >= 597


def test_metadata_and_output_intent(sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures one GTS_PDFX intent with the FOGRA39 profile, PDF 1.6, PDF/X-4 XMP,
    and dates from the content (the campaign start), not the clock."""
    config, _ = sample_build
    reader = PdfReader(config.output / "print/posters/zmogus-ne-preke-siauliai-a3.pdf")
    assert reader.pdf_header == "%PDF-1.6"
    [intent] = [i.get_object() for i in reader.trailer["/Root"]["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/OutputConditionIdentifier"] == "FOGRA39"
    assert intent["/RegistryName"] == "http://www.color.org"
    assert intent["/OutputCondition"].startswith("Coated FOGRA39")
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4
    assert profile.get_data() == (REPO / "brand" / "FOGRA39.icc").read_bytes()
    info = reader.metadata
    assert info is not None
    assert info["/CreationDate"] == "D:20130920000000Z" and info["/Trapped"] == "/False"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert "<xmp:CreateDate>2013-09-20T00:00:00Z</xmp:CreateDate>" in xmp
    assert re.search(r"<xmpMM:DocumentID>uuid:[0-9a-f-]{36}</xmpMM:DocumentID>", xmp)
    assert "/Annots" not in reader.pages[0]


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    """This test ensures the same inputs built in two folders, at two moments, give the same
    bytes for every PDF."""
    outputs = []
    for name in ("one", "two"):
        root = copy_project(tmp_path / name)
        build(load_config(root), only=("*-kaunas-*", "*-marijampole-a3"))
        outputs.append(root / "output" / "print" / "posters")
    first = sorted(p.name for p in outputs[0].glob("*.pdf"))
    assert len(first) == 3
    for name in first:
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes(), name


def _poster_file(root: Path) -> Path:
    return root / "content" / "posters" / "zmogus-ne-preke.yaml"


def test_overflowing_headline_is_an_error_and_nothing_is_written(project: Path) -> None:
    """This test ensures a headline too big for its frame even at its smallest fitted size
    fails the job naming the headline (not the lead it pushes out), where it is in the
    content, the amount in mm and what would fit, and leaves nothing (not even a temporary
    file) in output/."""
    path = _poster_file(project)
    # 55 characters: within the model's limit, but five lines of display type do not fit.
    path.write_text(path.read_text(encoding="utf-8").replace(
        "headline: Žmogus – ne prekė",
        "headline: Žmogus – ne prekė, o asmenybė su savo vardu ir teisėmis"), encoding="utf-8")
    report = build(load_config(project), only=("*-kaunas-a3",))
    [result] = report.results
    messages = [str(d) for d in result.diagnostics if d.severity is not Severity.INFO]
    assert messages == [
        "content/posters/zmogus-ne-preke.yaml:6: zmogus-ne-preke-kaunas-a3: page 1: headline: "
        "'headline' (“Žmogus – ne prekė, o asmenybė su savo vardu ir …”, 55 characters) does "
        "not fit its frame 'top' even at its smallest size, 88.39 pt: the frame overflows by "
        "31.7 mm; shorten it by about 12 characters, or allow 81 pt"], messages
    assert not result.written and result.outcome.file is None
    # Only the reports, the board, the proofs of the failed layout (to see what overflows)
    # and the caches: no PDF, not even a temporary file.
    written = sorted(p.relative_to(project / "output").as_posix()
                     for p in (project / "output").rglob("*") if p.is_file())
    assert len([p for p in written if p.startswith(".cache/copyfit/")]) == 1
    assert len([p for p in written if p.startswith(".cache/links/")]) == 9  # the chapters
    assert [p for p in written if not p.startswith((".cache/copyfit/", ".cache/links/"))] == [
        ".cache/jobs/zmogus-ne-preke-kaunas-a3.json", ".cache/reports.sha256", ".lock",
        "build.js", "compliance.html",
        "index.html", "proofs/zmogus-ne-preke-kaunas-a3/page-001.png",
        "proofs/zmogus-ne-preke-kaunas-a3/thumb.png", "report.json"]


def test_too_long_poster_text_is_an_error(project: Path) -> None:
    """This test ensures body text longer than its frame holds is an error, not a cut."""
    path = _poster_file(project)
    text = path.read_text(encoding="utf-8")
    long_message = ("Prieš išvykdamas patikrink darbdavį, pasirašyk sutartį tau suprantama "
                    "kalba ir niekam neatiduok savo paso. ") * 5
    text = re.sub(r"message: >-\n(  .*\n)+", f"message: {long_message.strip()}\n", text)
    path.write_text(text, encoding="utf-8")
    report = build(load_config(project), only=("*-kaunas-a2",))
    [result] = report.results
    # The body text pushes the local line down into the QR code pinned at the frame's foot.
    assert [str(d) for d in result.diagnostics if d.severity is not Severity.INFO] == [
        "content/posters/zmogus-ne-preke.yaml: zmogus-ne-preke-kaunas-a2: page 1: "
        "'local-line' and 'qr-code' overlap by 5.4 mm"]
    assert not result.written


def test_safe_margin_intrusion_is_an_error(project: Path) -> None:
    """This test ensures text set inside the safe margin is an error naming the amount."""
    layout = project / "layouts" / "poster" / "poster.html.j2"
    layout.write_text(layout.read_text(encoding="utf-8").replace(
        "left: {{ margin|mm }}; top: {{ margin|mm }};", "left: 2mm; top: {{ margin|mm }};"),
        encoding="utf-8")
    report = build(load_config(project), only=("*-kaunas-a3",))
    [result] = report.results
    safe = [str(d) for d in result.diagnostics if d.code == "layout-safe-area"]
    assert safe == [
        "content/posters/zmogus-ne-preke.yaml: zmogus-ne-preke-kaunas-a3: page 1: 'headline' "
        "is 6.0 mm inside the 8 mm safe margin at the left edge",
        "content/posters/zmogus-ne-preke.yaml: zmogus-ne-preke-kaunas-a3: page 1: 'lead' "
        "is 6.0 mm inside the 8 mm safe margin at the left edge"]


def _with_image(project: Path, image: Image.Image, name: str) -> None:
    (project / "content" / "images").mkdir(exist_ok=True)
    image.save(project / "content" / "images" / name)
    path = _poster_file(project)
    path.write_text(path.read_text(encoding="utf-8")
                    + f"image:\n  file: images/{name}\n  alt: Bandomoji nuotrauka\n",
                    encoding="utf-8")


def test_rgb_photo_is_converted_to_cmyk_once(project: Path) -> None:
    """This test ensures an RGB photo reaches the PDF as DeviceCMYK converted with the output
    profile, and that a second build reuses the cached conversion."""
    _with_image(project, Image.new("RGB", (2800, 2000), (0, 51, 153)), "melyna.png")
    config = load_config(project)
    report = build(config, only=("*-kaunas-a3",))
    assert not report.failed, [str(d) for d in report.diagnostics]
    reader = PdfReader(config.output / "print/posters/zmogus-ne-preke-kaunas-a3.pdf")
    images = [x.get_object() for x in reader.pages[0]["/Resources"]["/XObject"].values()
              if x.get_object()["/Subtype"] == "/Image"]
    assert [i["/ColorSpace"] for i in images] == ["/DeviceCMYK"]
    pixel = images[0].decode_as_image().getpixel((10, 10))
    expected = ImageCms.applyTransform(
        Image.new("RGB", (1, 1), (0, 51, 153)),
        ImageCms.buildTransform(ImageCms.createProfile("sRGB"),
                                ImageCms.getOpenProfile(str(REPO / "brand" / "FOGRA39.icc")),
                                "RGB", "CMYK",
                                renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)).getpixel((0, 0))
    assert all(abs(a - b) <= 3 for a, b in zip(pixel, expected, strict=True)), (pixel, expected)
    cached = list((config.output / ".cache" / "images").glob("*.jpg"))
    assert len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns
    build(config, only=("*-kaunas-a2",))
    assert cached[0].stat().st_mtime_ns == stamp
    assert len(list((config.output / ".cache" / "images").glob("*.jpg"))) == 1


def test_low_resolution_photo_fails_and_huge_one_is_downsampled(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures a photo under 150 ppi at placed size is an error, and one far above
    the need is downsampled to twice the comfortable resolution (450 ppi), and the layout
    made with the original is not written."""
    _with_image(project, Image.new("RGB", (400, 270), (200, 30, 40)), "maza.png")
    report = build(load_config(project), only=("*-kaunas-a3",))
    [result] = report.results
    low = [d.message for d in result.diagnostics if d.code == "image-resolution"]
    assert len(low) == 1 and low[0].startswith("image content/images/maza.png (400 × 270 px) "
                                               "at "), low
    assert low[0].endswith("34 ppi at final size (placed 303.1 × 204.6 mm), below 150 ppi "
                           "(GWG R0031)"), low
    assert not result.written

    huge = copy_project(project.parent / "huge")
    _with_image(huge, Image.new("RGB", (6000, 4000), (200, 30, 40)), "didele.png")
    config = load_config(huge)
    written: list[float] = []  # the page width (CSS px) of every document written
    write_pdf = weasyprint.Document.write_pdf

    def counted(document: weasyprint.Document, *args: Any, **kwargs: Any) -> Any:
        written.append(document.pages[0].width)
        return write_pdf(document, *args, **kwargs)

    monkeypatch.setattr(weasyprint.Document, "write_pdf", counted)
    report = build(config, only=("*-kaunas-a3",), options=BuildOptions(jobs=1))
    assert not report.failed, [str(d) for d in report.diagnostics]
    # laid out twice (the photo resampled to its placed size), written once: the layout
    # with the camera original is never written
    assert written == [pytest.approx(297 / 25.4 * 96)], written  # A3: 297 mm wide
    reader = PdfReader(config.output / "print/posters/zmogus-ne-preke-kaunas-a3.pdf")
    [image] = [x.get_object() for x in reader.pages[0]["/Resources"]["/XObject"].values()]
    # placed about 307 mm wide: 450 ppi → about 5440 px
    assert 5000 < int(image["/Width"]) < 5600
    assert image["/ColorSpace"] == "/DeviceCMYK"


def test_billboard_is_laid_out_at_one_to_ten(tmp_path: Path) -> None:
    """This test ensures a 6 × 3 m page is delivered at 1:10 with the scale in the slug's
    metadata, the XMP and the job ticket, and no page side over 5080 mm."""

    fmt = load_formats()["billboard-6x3"]
    width, height = fmt.page_mm
    html = (f"<style>@page {{ size: {width}mm {height}mm; bleed: {fmt.page_bleed_mm}mm; "
            "margin: 0 }} body { margin: 0 }</style><p>Stendas</p>")
    brand, _ = load_brand(REPO / "brand", REPO)
    assert brand is not None
    spec = FinishSpec(job_id="stendas-kaunas", title="Stendas", format=fmt, marks=True,
                      date=__import__("datetime").date(2014, 5, 1),
                      condition=OutputCondition("FOGRA39", "Coated FOGRA39",
                                                brand.profile_path),
                      slug_font=brand.font_file(), producer="build-print test")
    pdf = finish(weasyprint.HTML(string=html).write_pdf(), spec)
    reader = PdfReader(__import__("io").BytesIO(pdf))
    box = boxes_mm(reader.pages[0])
    assert box["trimbox"] == pytest.approx([0, 0, 600, 300], abs=0.01)
    assert box["bleedbox"] == pytest.approx([-2, -2, 602, 302], abs=0.01)
    assert max(box["mediabox"][2] - box["mediabox"][0], box["mediabox"][3]
               - box["mediabox"][1]) < 5080
    assert reader.metadata is not None and reader.metadata["/BuildPrintScale"] == "1:10"
    assert "scale 1:10" in spec.slug(1, 1)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<bp:Scale>1:10</bp:Scale>" in xmp
    job = Job(id="stendas-kaunas", product="billboard", title="Stendas", layout="-", format=fmt,
              source="-", output=__import__("pathlib").PurePosixPath("print/x/stendas.pdf"))
    ticket = Ticket(job, 1, "FOGRA39", "Coated FOGRA39", len(pdf)).text()
    assert "Mastelis (scale):           1:10 (file page 600 × 300 mm)" in ticket
    assert "6000 × 3000 mm (trim)" in ticket


def test_job_ticket_beside_each_pdf(sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures every print PDF has its ticket with product, sizes and colours,
    and the radio sheets, printed in the office and read at the desk, have none."""
    config, report = sample_build
    radio = [r for r in report.results if r.job.product in ("radio-script", "rundown",
                                                            "radio-spot")]
    assert len(radio) == 9
    board = (config.output / "index.html").read_text(encoding="utf-8")
    for result in radio:
        assert not (config.output / result.job.output.with_suffix(".job.txt")).exists()
        assert not (config.output / result.job.output.with_suffix(".job.json")).exists()
        assert result.job.output.with_suffix(".job.txt").as_posix() not in board
    assert "print/posters/zmogus-ne-preke-kaunas-a3.job.txt" in board
    for result in report.results:
        if not result.job.press:  # radio, a digital edition, a social media card: no printer
            continue
        ticket = (config.output / result.job.output.with_suffix(".job.txt")).read_text("utf-8")
        assert f"Užsakymas (job):            {result.job.id}" in ticket
        assert f"Užlaida (bleed):            {result.job.format.bleed_mm:g} mm" in ticket
        assert f"Spalvos (colours):          {result.job.colours} CMYK" in ticket
        assert result.job.colours == ("4/4" if result.job.product in ("leaflet", "programme",
                                                                   "publication") else "4/0")
        assert "Spalvų profilis (output):   FOGRA39" in ticket
        size = (config.output / result.job.output).stat().st_size
        assert f"{result.job.output.name}, {size} B" in ticket


def test_marks_can_be_switched_off(project: Path) -> None:
    """This test ensures a product with marks off has MediaBox = BleedBox and no marks."""
    path = _poster_file(project)
    path.write_text(path.read_text(encoding="utf-8") + "production:\n  marks: false\n",
                    encoding="utf-8")
    config = load_config(project)
    build(config, only=("*-kaunas-a3",))
    page = PdfReader(config.output / "print/posters/zmogus-ne-preke-kaunas-a3.pdf").pages[0]
    box = boxes_mm(page)
    assert box["mediabox"] == pytest.approx(box["bleedbox"], abs=0.01)
    assert mark_segments(page.get_contents().get_data()) == []
    shutil.rmtree(config.output)


def test_links_in_a_layout_leave_no_annotation(project: Path) -> None:
    """This test ensures a link in a template (WeasyPrint makes it an annotation) is stripped
    from print output."""
    layout = project / "layouts" / "poster" / "poster.html.j2"
    original = layout.read_text(encoding="utf-8")
    changed = original.replace("{{ poster.call_to_action }}",
                               '<a href="https://www.caritas.lt">{{ poster.call_to_action }}</a>')
    assert changed != original
    layout.write_text(changed, encoding="utf-8")
    config = load_config(project)
    report = build(config, only=("*-kaunas-a3",))
    assert not report.failed, [str(d) for d in report.diagnostics]
    reader = PdfReader(config.output / "print/posters/zmogus-ne-preke-kaunas-a3.pdf")
    assert "/Annots" not in reader.pages[0]
    assert "/AcroForm" not in reader.trailer["/Root"]
