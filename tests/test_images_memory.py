"""Photos are converted to CMYK without copies, and large ones in a child process, with the
same bytes as before (issue 19, item 5: the 5400 × 5400 photo made a build worker hold
four full-size copies and the JPEG encoder's coefficients at once, 750 MiB).

The result must be byte for byte what the whole-image conversion of the upright photo
encodes with the same options, in this process and in the child alike, and stable between
two converters (two builds); a child that refuses an image says why, as this process would.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageCms, ImageOps, ImageStat

from pipeline.errors import ImageError
from pipeline.images import JPEG_QUALITY, CmykConverter, cmyk_jpeg
from tests.conftest import REPO

PROFILE = REPO / "brand" / "FOGRA39.icc"
PHOTO = REPO / "content" / "images" / "minia.jpg"


def converter(out: Path, in_process_pixels: int | None = None) -> CmykConverter:
    made = CmykConverter(PROFILE, out / ".cache", out)
    if in_process_pixels is not None:
        made.in_process_pixels = in_process_pixels
    return made


def whole_image_jpeg(upright: Image.Image, max_size: tuple[int, int] | None = None) -> bytes:
    """What the converter made before issue 19: one transform of a copy of the image."""
    image = upright.convert("RGB")
    if max_size:
        image.thumbnail(max_size, Image.Resampling.LANCZOS)
    transform = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(PROFILE)), "RGB", "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    cmyk = ImageCms.applyTransform(image, transform)
    assert cmyk is not None
    out = io.BytesIO()
    cmyk.save(out, format="JPEG", quality=JPEG_QUALITY, subsampling=0, optimize=True)
    return out.getvalue()


@pytest.fixture(scope="module")
def sideways(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A piece of the sample photo stored on its side with EXIF orientation 6 (turn 90°
    clockwise to view), so turning it upright in place is tested too."""
    with Image.open(PHOTO) as photo:
        piece = photo.crop((1200, 900, 1200 + 640, 900 + 420))
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path_factory.mktemp("photo") / "piece.jpg"
    piece.save(path, quality=95, exif=exif)
    return path


@pytest.mark.parametrize("max_size", [None, (200, 200)])
@pytest.mark.parametrize("in_child", [False, True], ids=["in-process", "child"])
def test_a_photo_converts_byte_for_byte_as_a_whole_image_conversion(
        sideways: Path, tmp_path: Path, max_size: tuple[int, int] | None,
        in_child: bool) -> None:
    with Image.open(sideways) as opened:
        assert ImageOps.exif_transpose(opened).size == (420, 640)
    with Image.open(sideways) as opened:
        if max_size:  # decoded at 1/2 scale (DCT scaling): 320 × 210 still covers 200 px
            opened.draft("RGB", max_size)
        expected = whole_image_jpeg(ImageOps.exif_transpose(opened), max_size)
    results = []
    for run in range(2):  # byte-stable between builds: a fresh converter and cache each time
        made = converter(tmp_path / f"out{run}", 0 if in_child else None)
        results.append(made.convert(sideways, max_size).read_bytes())
        assert made.converted == 1
    assert results[0] == results[1] == expected
    with Image.open(io.BytesIO(results[0])) as image:
        assert image.mode == "CMYK"
        assert image.size == ((200 * 420 // 640, 200) if max_size else (420, 640))


def test_the_sample_photo_is_converted_in_a_child_with_the_same_bytes(tmp_path: Path) -> None:
    # 5400 × 5400 pixels: above IN_PROCESS_PIXELS, so the converter hands it to a child.
    made = converter(tmp_path / "out")
    assert made.in_process_pixels < 5400 * 5400
    data = PHOTO.read_bytes()
    assert made.convert(PHOTO, (900, 900)).read_bytes() == cmyk_jpeg(data, PROFILE, (900, 900))


def test_a_child_refuses_a_truncated_photo_as_this_process_does(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(PHOTO.read_bytes()[:200_000])
    with pytest.raises(ImageError) as here:
        converter(tmp_path / "a", 10**9).convert(broken)
    with pytest.raises(ImageError) as child:
        converter(tmp_path / "b", 0).convert(broken)
    assert "cannot be decoded (JPEG, 5400 × 5400 pixels)" in str(here.value)
    assert str(child.value) == str(here.value)


def test_a_photo_bound_for_a_small_size_is_decoded_at_a_reduced_scale(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures the 5400 × 5400 sample photo placed at 600 px is decoded at 1/8
    scale (DCT scaling, at least the size it is bound for), so it is converted in this
    process without a child, and prints as the Lanczos resampling of the full decode does
    (mean difference under 1 % of the ink scale on every plate)."""
    from pipeline import images, raster_files

    with Image.open(PHOTO) as header:
        raster_files.reduced_decoding(header, (600, 600))
        assert header.size == (675, 675)
    with Image.open(PHOTO) as header:
        raster_files.reduced_decoding(header, None)  # no bound: the whole photo
        assert header.size == (5400, 5400)

    def no_child(*args: object) -> bytes:
        raise AssertionError("converted in a child process")

    monkeypatch.setattr(images, "_convert_in_child", no_child)
    made = converter(tmp_path / "out")
    reduced = made.convert(PHOTO, (600, 600)).read_bytes()
    with Image.open(PHOTO) as opened:
        full = whole_image_jpeg(ImageOps.exif_transpose(opened), (600, 600))
    with Image.open(io.BytesIO(reduced)) as ours, Image.open(io.BytesIO(full)) as theirs:
        assert ours.size == theirs.size == (600, 600) and ours.mode == "CMYK"
        for plate, (a, b) in enumerate(zip(ours.split(), theirs.split(), strict=True)):
            [mean] = ImageStat.Stat(ImageChops.difference(a, b)).mean
            assert mean < 2.55, (plate, mean)
