"""Greyscale images print on the black plate only, whatever their bit depth and transparency
(issue 15, item 5).

Pillow decodes a 16-bit grey + alpha PNG as RGBA, so the converter used to send it through the
RGB → FOGRA39 profile and it printed on all four plates (about C22 M18 Y18 K51). Greyscale is
now told by the PNG's colour type. The two case files are the same picture at 16 and at 8 bits
(tests/corpus/images, from the shared cases); the others are written here by hand, one per bit
depth and kind of transparency the PNG format allows for grey.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from pipeline.images import CmykConverter
from pipeline.raster_files import png_grey_depth
from tests.conftest import REPO

CORPUS = Path(__file__).resolve().parent / "corpus" / "images"
TWINS = (CORPUS / "grey-alpha-16bit.png", CORPUS / "grey-alpha-8bit.png")


@pytest.fixture
def converter(tmp_path: Path) -> CmykConverter:
    return CmykConverter(REPO / "brand" / "FOGRA39.icc", tmp_path / "out" / ".cache",
                         tmp_path / "out")


def converted(converter: CmykConverter, tmp_path: Path, name: str, data: bytes) -> Image.Image:
    """The CMYK JPEG the converter makes of ``data`` (saved as ``name``), loaded."""
    path = tmp_path / name
    path.write_bytes(data)
    with Image.open(converter.convert(path)) as image:
        image.load()
    return image


def plates(image: Image.Image) -> dict[str, tuple[int, int]]:
    """The lowest and highest value of each plate of a CMYK image."""
    assert image.mode == "CMYK"
    return {band: image.getchannel(band).getextrema() for band in "CMYK"}  # type: ignore[misc]


def test_the_16_bit_twin_prints_like_the_8_bit_one(converter: CmykConverter,
                                                   tmp_path: Path) -> None:
    """This test ensures the 16-bit grey + alpha case file (which Pillow opens as RGBA) comes
    out as a CMYK JPEG with no cyan, magenta or yellow anywhere, and black within one level of
    its 8-bit twin in every pixel (transparency flattened onto white the same way)."""
    sixteen, eight = (converted(converter, tmp_path, path.name, path.read_bytes())
                      for path in TWINS)
    with Image.open(TWINS[0]) as source:
        assert source.mode == "RGBA"  # what made it go through the RGB profile
    for image in (sixteen, eight):
        found = plates(image)
        assert found["C"] == found["M"] == found["Y"] == (0, 0)
        assert found["K"][1] > 100  # the picture is there, on the black plate
    assert sixteen.size == eight.size
    difference = ImageChops.difference(sixteen.getchannel("K"), eight.getchannel("K"))
    assert difference.getextrema()[1] <= 1  # type: ignore[index]


def test_the_grey_depth_comes_from_the_png_header() -> None:
    """This test ensures greyscale is read from the PNG's IHDR colour type (0 or 4) with its
    bit depth, and that RGB, palette and non-PNG files are not called grey."""
    assert png_grey_depth(TWINS[0].read_bytes()) == 16
    assert png_grey_depth(TWINS[1].read_bytes()) == 8
    assert png_grey_depth(grey_png(4, [0, 8, 15])) == 4
    assert png_grey_depth(grey_png(16, [0], alpha=[0])) == 16
    rgb = Image.new("RGB", (4, 4), (128, 128, 128))  # equal channels, but an RGB file
    for image, fmt in ((rgb, "PNG"), (rgb.convert("P"), "PNG"), (rgb, "JPEG")):
        buffer = io.BytesIO()
        image.save(buffer, format=fmt)
        assert png_grey_depth(buffer.getvalue()) is None
    assert png_grey_depth(b"\x89PNG\r\n\x1a\n") is None  # too short: not an error


BLOCK = 16
"""Each sample of a row is a square of this many pixels: whole JPEG blocks, so the JPEG
keeps its value exactly."""


def grey_png(depth: int, row: list[int], *, alpha: list[int] | None = None,
             transparent: int | None = None) -> bytes:
    """A greyscale PNG written by hand: a square of ``BLOCK`` pixels per sample of ``row``,
    with an alpha channel (colour type 4) or one transparent grey value (a tRNS chunk)."""
    row = [value for value in row for _ in range(BLOCK)]
    alpha = [value for value in alpha for _ in range(BLOCK)] if alpha is not None else None
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data))
    if alpha is not None:
        samples = [value for pair in zip(row, alpha, strict=True) for value in pair]
    else:
        samples = row
    if depth == 16:
        line = b"".join(struct.pack(">H", value) for value in samples)
    elif depth == 8:
        line = bytes(samples)
    else:
        bits = "".join(format(value, f"0{depth}b") for value in samples)
        bits += "0" * (-len(bits) % 8)
        line = int(bits, 2).to_bytes(len(bits) // 8, "big")
    header = struct.pack(">IIBBBBB", len(row), BLOCK, depth, 4 if alpha else 0, 0, 0, 0)
    trns = chunk(b"tRNS", struct.pack(">H", transparent)) if transparent is not None else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + trns +
            chunk(b"IDAT", zlib.compress((b"\0" + line) * BLOCK)) + chunk(b"IEND", b""))


# name → (PNG, the black of each pixel of the row in percent of 255: 0 for paper)
GREYS: dict[str, tuple[bytes, list[int]]] = {
    "1-bit": (grey_png(1, [0, 1, 0]), [100, 0, 100]),
    "1-bit-trns": (grey_png(1, [0, 1, 0], transparent=0), [0, 0, 0]),
    "2-bit-trns": (grey_png(2, [0, 1, 3], transparent=1), [100, 0, 0]),
    "4-bit-trns": (grey_png(4, [0, 8, 15], transparent=8), [100, 0, 0]),
    "8-bit": (grey_png(8, [0, 128, 255]), [100, 50, 0]),
    "8-bit-trns": (grey_png(8, [0, 128, 255], transparent=128), [100, 0, 0]),
    "8-bit-alpha": (grey_png(8, [0, 128, 0], alpha=[255, 255, 0]), [100, 50, 0]),
    "16-bit": (grey_png(16, [0, 32768, 65535]), [100, 50, 0]),
    "16-bit-trns": (grey_png(16, [0, 32768, 65535], transparent=32768), [100, 0, 0]),
    "16-bit-alpha": (grey_png(16, [0, 32768, 0], alpha=[65535, 65535, 0]), [100, 50, 0]),
}


@pytest.mark.parametrize("name", list(GREYS))
def test_every_grey_png_prints_on_black_with_paper_for_transparency(
        converter: CmykConverter, tmp_path: Path, name: str) -> None:
    """This test ensures a greyscale PNG of each bit depth (1, 2, 4, 8, 16), opaque, with an
    alpha channel or with a tRNS grey value, prints on the black plate only, at the black of
    its samples, and its transparent pixels are paper (no ink), not the grey under them."""
    data, blacks = GREYS[name]
    image = converted(converter, tmp_path, f"{name}.png", data)
    found = plates(image)
    assert found["C"] == found["M"] == found["Y"] == (0, 0)
    black = image.getchannel("K")
    row = [black.getpixel((x, BLOCK // 2)) for x in range(BLOCK // 2, image.width, BLOCK)]
    assert row == pytest.approx([round(percent * 2.55) for percent in blacks], abs=2)
