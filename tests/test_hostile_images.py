"""Hostile images from partners and volunteers (issue #9): each one is converted correctly or
refused with an error naming the file and why, never a traceback or a crashed build.

The images are made here with Pillow (and, where Pillow cannot write the format, by hand).
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from PIL import Image, ImageFile, ImageStat

from pipeline.build import build
from pipeline.config import load_config
from pipeline.errors import ImageError
from pipeline.images import CmykConverter
from pipeline.raster_files import MAX_PIXELS, check_raster, is_raster
from pipeline.results import BuildReport, JobResult
from tests.conftest import REPO, copy_project

SIZE = (2000, 1400)  # enough for the A3 poster's band (168 ppi, above its 150 ppi minimum)


def png(width: int, height: int, depth: int, colour: int, row: bytes = b"") -> bytes:
    """A PNG written by hand: any size and bit depth, ``row`` repeated for every line."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    pixels = zlib.compress((b"\0" + row) * height if row else b"")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + \
        chunk(b"IEND", b"")


def saved(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def photo() -> Image.Image:
    """An RGB image with some structure, so that a JPEG of it is not trivially small."""
    return Image.linear_gradient("L").resize(SIZE).convert("RGB")


def bomb() -> bytes:
    """A PNG declaring 50000 × 50000 pixels (2.5 gigapixels) in a few bytes."""
    return png(50_000, 50_000, 1, 0)


def over_limit() -> bytes:
    """12000 × 11000 pixels: under Pillow's own hard limit, over build-print's."""
    return png(12_000, 11_000, 1, 0)


def truncated_jpeg() -> bytes:
    data = saved(photo(), "JPEG", quality=90)
    return data[: len(data) // 2]


def random_bytes() -> bytes:
    return os.urandom(20_000)


def png_named_jpg() -> bytes:
    return saved(Image.new("RGB", SIZE, (200, 30, 40)), "PNG")


def eps_named_jpg() -> bytes:
    """PostScript: Pillow would hand it to Ghostscript if it were ever decoded."""
    return b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 2000 1400\nshowpage\n"


def adobe_cmyk() -> bytes:
    """Pure cyan as a CMYK JPEG: Pillow writes Adobe's APP14 marker with inverted samples,
    as Photoshop does."""
    data = saved(Image.new("CMYK", SIZE, (255, 0, 0, 0)), "JPEG", quality=95)
    assert b"Adobe" in data[:200]
    return data


def grey16() -> bytes:
    """A 16-bit greyscale PNG at 50 % (32768 of 65535)."""
    return png(*SIZE, 16, 0, struct.pack(">H", 32768) * SIZE[0])


def rgb16() -> bytes:
    """A 16-bit RGB PNG (Pillow cannot write one): full red, no green, half blue."""
    return png(*SIZE, 16, 2, struct.pack(">HHH", 65535, 0, 32768) * SIZE[0])


def palette_transparent() -> bytes:
    """A palette (P mode) PNG: index 0 transparent, index 1 red on the right half."""
    image = Image.new("P", SIZE, 0)
    image.putpalette([0, 0, 0, 220, 20, 30] + [0] * 762)
    image.paste(1, (SIZE[0] // 2, 0, SIZE[0], SIZE[1]))
    return saved(image, "PNG", transparency=0)


def grey_alpha() -> bytes:
    """Greyscale + alpha (LA): transparent black on the left half, opaque black on the right."""
    image = Image.new("LA", SIZE, (0, 0))
    image.paste((0, 255), (SIZE[0] // 2, 0, SIZE[0], SIZE[1]))
    return saved(image, "PNG")


def grey_alpha16() -> bytes:
    """16-bit grey + alpha, which Pillow opens as RGBA (issue 15, item 5; the case file
    itself is in tests/test_images_grey.py, too small for the A3 poster): transparent black
    on the left half, opaque 50 % grey on the right."""
    half = SIZE[0] // 2
    return png(*SIZE, 16, 4, struct.pack(">HH", 0, 0) * half +
               struct.pack(">HH", 32768, 65535) * (SIZE[0] - half))


# name in content/images → (bytes, None if it must build, else the start of the reason)
CASES: dict[str, tuple[Callable[[], bytes], str | None]] = {
    "bomb.png": (bomb, "2500 megapixels is more than the 120 megapixels build-print opens "
                       "(a possible decompression bomb)"),
    "over-limit.png": (over_limit, "12000 × 11000 pixels is more than the 120 megapixels "
                                   "build-print opens (a possible decompression bomb)"),
    "truncated.jpg": (truncated_jpeg, "cannot be decoded (JPEG, 2000 × 1400 pixels): image "
                                      "file is truncated"),
    "random.jpg": (random_bytes, "not a readable JPEG, PNG, TIFF, WEBP, GIF or BMP image "
                                 "(a corrupt file, or another format under an image name)"),
    "postscript.jpg": (eps_named_jpg, "not a readable JPEG, PNG, TIFF, WEBP, GIF or BMP "
                                      "image"),
    "png-named.jpg": (png_named_jpg, None),
    "adobe-cmyk.jpg": (adobe_cmyk, None),
    "grey16.png": (grey16, None),
    "rgb16.png": (rgb16, None),
    "palette.png": (palette_transparent, None),
    "grey-alpha.png": (grey_alpha, None),
    "grey-alpha16.png": (grey_alpha16, None),
}


@pytest.fixture
def converter(tmp_path: Path) -> CmykConverter:
    return CmykConverter(REPO / "brand" / "FOGRA39.icc", tmp_path / "out" / ".cache",
                         tmp_path / "out")


def convert(converter: CmykConverter, tmp_path: Path, name: str, data: bytes) -> Image.Image:
    path = tmp_path / name
    path.write_bytes(data)
    with Image.open(converter.convert(path)) as image:
        image.load()
    return image


@pytest.mark.parametrize("name", [name for name, (_, reason) in CASES.items() if reason])
def test_unusable_images_are_refused_with_the_reason(converter: CmykConverter, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     name: str) -> None:
    """This test ensures a decompression bomb, an image over the pixel limit, a truncated
    JPEG, random bytes and PostScript under an image name each raise ImageError saying why,
    even with WeasyPrint's lenient setting for truncated files switched on."""
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # as WeasyPrint sets it
    make, reason = CASES[name]
    assert reason is not None
    with pytest.raises(ImageError) as caught:
        convert(converter, tmp_path, name, make())
    assert str(caught.value).startswith(reason)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # restored for WeasyPrint


def test_a_broken_image_is_decoded_once(converter: CmykConverter, tmp_path: Path) -> None:
    """This test ensures the refusal is remembered: a bad photo used by ten posters is not
    decoded ten times."""
    path = tmp_path / "truncated.jpg"
    path.write_bytes(truncated_jpeg())
    for _ in range(2):
        with pytest.raises(ImageError, match="truncated"):
            converter.convert(path)
    assert converter.converted == 0 and len(converter.refused) == 1


def test_the_pixel_limit_suits_print() -> None:
    """This test ensures the 5400 × 5400 sample photo (and a 100-megapixel camera original)
    pass the limit that stops a decompression bomb before it is decoded."""
    sample = (REPO / "content" / "images" / "minia.jpg").read_bytes()
    assert check_raster(sample).size == (5400, 5400)
    assert 5400 * 5400 < 100_000_000 < MAX_PIXELS < 2_500_000_000
    assert is_raster(bomb()) and is_raster(eps_named_jpg()) and not is_raster(random_bytes())


def mean(image: Image.Image, box: tuple[int, int, int, int]) -> tuple[int, ...]:
    """The mean of each channel of ``image`` inside ``box``."""
    return tuple(round(value) for value in ImageStat.Stat(image.crop(box)).mean)


LEFT = (100, 100, 900, 1300)
RIGHT = (1100, 100, 1900, 1300)


def test_adobe_cmyk_jpeg_keeps_its_colours(converter: CmykConverter, tmp_path: Path) -> None:
    """This test ensures an Adobe (inverted) CMYK JPEG comes out as the same cyan, not as its
    inverse (which would print as near-black)."""
    c, m, y, k = mean(convert(converter, tmp_path, "a.jpg", adobe_cmyk()), LEFT)
    assert c >= 250 and max(m, y, k) <= 5


def test_16_bit_grey_is_scaled_not_clipped(converter: CmykConverter, tmp_path: Path) -> None:
    """This test ensures 50 % grey in a 16-bit PNG prints as 50 % black on the black plate
    (Pillow's own conversion clips it to white)."""
    image = convert(converter, tmp_path, "g.png", grey16())
    assert image.mode == "CMYK"
    c, m, y, k = mean(image, LEFT)
    assert (c, m, y) == (0, 0, 0) and 125 <= k <= 130


def test_16_bit_rgb_is_converted(converter: CmykConverter, tmp_path: Path) -> None:
    """This test ensures a 16-bit RGB PNG (full red, half blue: a pink) is read at its real
    colour and converted: magenta, a little yellow, no cyan."""
    c, m, y, k = mean(convert(converter, tmp_path, "rgb.png", rgb16()), LEFT)
    assert c <= 10 and m >= 220 and 20 <= y <= 80 and k <= 20


def test_palette_transparency_is_flattened_onto_paper(converter: CmykConverter,
                                                      tmp_path: Path) -> None:
    """This test ensures the transparent half of a palette PNG is paper (no ink) and the red
    half is red (magenta and yellow)."""
    image = convert(converter, tmp_path, "p.png", palette_transparent())
    assert max(mean(image, LEFT)) <= 3
    c, m, y, k = mean(image, RIGHT)
    assert c <= 10 and m >= 220 and y >= 180 and k <= 30


def test_grey_alpha_is_flattened_onto_paper(converter: CmykConverter, tmp_path: Path) -> None:
    """This test ensures the transparent half of a greyscale+alpha PNG is paper, not the black
    hidden under the transparency, and the opaque half is solid black on the black plate."""
    image = convert(converter, tmp_path, "la.png", grey_alpha())
    assert mean(image, LEFT) == (0, 0, 0, 0)
    assert mean(image, RIGHT)[3] >= 250


# --- The same images in a build: one poster each ------------------------------------------

@pytest.fixture(scope="module")
def image_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """One poster per image in CASES (its A3 for Kaunas), built together."""
    base = tmp_path_factory.mktemp("images")
    root = copy_project(base / "project")
    poster = (root / "content" / "posters" / "zmogus-ne-preke.yaml").read_text(encoding="utf-8")
    low_res = ("low-res.jpg", (lambda: saved(photo().resize((400, 280)), "JPEG"), None))
    for name, (make, _) in [*CASES.items(), low_res]:
        (root / "content" / "images" / name).write_bytes(make())
        ident = "img-" + name.replace(".", "-")
        (root / "content" / "posters" / f"{ident}.yaml").write_text(
            poster.replace("id: zmogus-ne-preke", f"id: {ident}") +
            f"image:\n  file: images/{name}\n  alt: Nuotrauka\n", encoding="utf-8")
    output = base / "output"
    return output, build(load_config(root, output), only=("img-*-kaunas-a3",))


def result_for(report: BuildReport, name: str) -> JobResult:
    ident = "img-" + name.replace(".", "-")
    return next(r for r in report.results if r.job.id == f"{ident}-kaunas-a3")


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_each_image_builds_or_fails_its_job_by_name(image_build: tuple[Path, BuildReport],
                                                    name: str) -> None:
    """This test ensures every hostile image either builds (and is written) or fails only its
    own job with one bad-image error at the content file's image line, naming the image and
    the reason; the other jobs of the build go on."""
    _, report = image_build
    assert len(report.results) == len(CASES) + 1  # and the low-resolution photo
    result = result_for(report, name)
    bad = [d for d in result.diagnostics if d.code == "bad-image"]
    reason = CASES[name][1]
    if reason is None:
        assert bad == [] and result.written and result.status in ("pass", "warn")
        return
    source = result.job.source
    line = len((REPO / "content" / "posters" / "zmogus-ne-preke.yaml").read_text(
        encoding="utf-8").splitlines()) + 2  # "file:" is the second line appended
    [finding] = bad
    assert (finding.source, finding.line) == (source, line)
    assert finding.message.startswith(f"content/images/{name}: {reason}")
    assert finding.message.endswith(" (asked for by the content)")
    assert not result.written and result.status == "fail"


@pytest.mark.slow
def test_adobe_cmyk_prints_cyan_in_the_pdf(image_build: tuple[Path, BuildReport]) -> None:
    """This test ensures the cyan Adobe CMYK photo is cyan on the final page as a PDF viewer
    draws it (WeasyPrint's /Decode array matches the JPEG), not its near-black inverse."""
    output, report = image_build
    result = result_for(report, "adobe-cmyk.jpg")
    pdf = pypdfium2.PdfDocument(output / result.job.output.as_posix())
    page = pdf[0].render(scale=0.2).to_pil().convert("RGB")
    pixels = page.get_flattened_data() if hasattr(page, "get_flattened_data") \
        else page.getdata()
    cyan = sum(1 for r, g, b in pixels if r < 40 and 140 < g < 210 and b > 200)
    assert cyan > 0.25 * page.width * page.height


@pytest.mark.slow
def test_a_low_resolution_photo_is_named_by_its_file(image_build: tuple[Path, BuildReport]
                                                     ) -> None:
    """This test ensures preflight's resolution error names the photo by its content file
    and pixel size (not by an internal PDF name), with the measured ppi and the threshold."""
    _, report = image_build
    result = result_for(report, "low-res.jpg")
    [finding] = [d for d in result.diagnostics if d.code == "image-resolution"]
    assert finding.severity.value == "error" and result.status == "fail"
    assert finding.message.startswith("image content/images/low-res.jpg (400 × 280 px) at ")
    assert "mm from the trim's top-left: " in finding.message
    assert finding.message.endswith("ppi (GWG R0031)") and "below 150 ppi" in finding.message


@pytest.mark.slow
def test_16_bit_grey_alpha_is_black_only_in_the_pdf(image_build: tuple[Path, BuildReport]
                                                    ) -> None:
    """This test ensures the 16-bit grey + alpha photo reaches the final PDF as a CMYK JPEG
    with no cyan, magenta or yellow in any pixel: paper where it is transparent, 50 % black
    where it is grey."""
    output, report = image_build
    result = result_for(report, "grey-alpha16.png")
    with pikepdf.open(output / result.job.output.as_posix()) as pdf:
        photos = [image for image in pdf.objects if isinstance(image, pikepdf.Stream)
                  and image.get("/Subtype") == "/Image"
                  and (image.get("/Width"), image.get("/Height")) == SIZE]
        assert len(photos) == 1 and photos[0].Filter == "/DCTDecode"
        assert photos[0].ColorSpace == "/DeviceCMYK"
        with Image.open(io.BytesIO(photos[0].read_raw_bytes())) as jpeg:
            assert jpeg.mode == "CMYK"
            extrema = [jpeg.getchannel(band).getextrema() for band in "CMY"]
            assert extrema == [(0, 0)] * 3
            assert mean(jpeg, LEFT) == (0, 0, 0, 0)
            assert 125 <= mean(jpeg, RIGHT)[3] <= 130
