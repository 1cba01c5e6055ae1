"""Photos are converted to CMYK in strips, with the same result as a whole-image conversion
(issue 19, item 5: the 5400 × 5400 photo no longer needs four full-size copies at once).

A colour transform maps every pixel on its own, so the strips must give exactly the pixels of
``ImageCms.applyTransform`` on the whole image, and the converter's JPEG must be byte for byte
what the whole-image conversion encodes with the same options (upright by its EXIF
orientation, as before).
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageCms, ImageOps

from pipeline.images import JPEG_QUALITY, CmykConverter, transform_in_strips
from tests.conftest import REPO

PROFILE = REPO / "brand" / "FOGRA39.icc"
PHOTO = REPO / "content" / "images" / "minia.jpg"


def rgb_to_cmyk() -> ImageCms.ImageCmsTransform:
    return ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(PROFILE)), "RGB", "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


def noise(width: int, height: int, seed: int = 19) -> Image.Image:
    rng = random.Random(seed)
    return Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))


@pytest.mark.parametrize(("size", "rows"), [((301, 257), 64), ((120, 64), 64), ((50, 7), 256)])
def test_strips_give_the_pixels_of_the_whole_image_transform(size: tuple[int, int],
                                                             rows: int) -> None:
    image = noise(*size)
    transform = rgb_to_cmyk()
    whole = ImageCms.applyTransform(image, transform)
    assert whole is not None
    strips = transform_in_strips(image, transform, rows=rows)
    assert strips.mode == "CMYK" and strips.size == image.size
    assert ImageChops.difference(strips, whole).getbbox() is None


def test_a_photo_converts_byte_for_byte_as_a_whole_image_conversion(tmp_path: Path) -> None:
    # A piece of the sample photo, stored turned on its side with an EXIF orientation (6:
    # rotate 90° clockwise to view), so the in-place turn upright is tested too.
    with Image.open(PHOTO) as photo:
        piece = photo.crop((1200, 900, 1200 + 640, 900 + 420))
    exif = Image.Exif()
    exif[0x0112] = 6
    source = tmp_path / "piece.jpg"
    piece.save(source, quality=95, exif=exif)

    with Image.open(source) as opened:
        upright = ImageOps.exif_transpose(opened)
    assert upright.size == (420, 640)
    whole = ImageCms.applyTransform(upright, rgb_to_cmyk())
    assert whole is not None
    expected = io.BytesIO()
    whole.save(expected, format="JPEG", quality=JPEG_QUALITY, subsampling=0, optimize=True)

    results = []
    for run in range(2):  # byte-stable between builds: a fresh converter and cache each time
        out = tmp_path / f"out{run}"
        converter = CmykConverter(PROFILE, out / ".cache", out)
        results.append(converter.convert(source).read_bytes())
    assert results[0] == results[1] == expected.getvalue()
    with Image.open(io.BytesIO(results[0])) as made:
        assert made.mode == "CMYK" and made.size == (420, 640)


def test_a_downsampled_photo_is_the_whole_image_conversion_of_its_thumbnail(
        tmp_path: Path) -> None:
    source = tmp_path / "noise.png"
    noise(900, 600, seed=7).save(source)
    with Image.open(source) as opened:
        small = opened.convert("RGB")
    small.thumbnail((300, 300), Image.Resampling.LANCZOS)
    whole = ImageCms.applyTransform(small, rgb_to_cmyk())
    assert whole is not None
    converter = CmykConverter(PROFILE, tmp_path / "out" / ".cache", tmp_path / "out")
    with Image.open(converter.convert(source, (300, 300))) as made:
        made.load()
    assert made.size == (300, 200)
    expected = io.BytesIO()
    whole.save(expected, format="JPEG", quality=JPEG_QUALITY, subsampling=0, optimize=True)
    with Image.open(expected) as reference:
        reference.load()
    assert ImageChops.difference(made, reference).getbbox() is None
