"""Raster image files from partners and volunteers, opened safely: header, limits, decoding.

A file is opened only as one of the formats in ``FORMATS`` and only up to ``MAX_PIXELS``;
it is decoded strictly (a truncated photo is refused, never drawn half grey) and, when it is
bound for a smaller size, a JPEG at a reduced scale (``reduced_decoding``). Anything Pillow
cannot read is an ``ImageError`` saying why (docs/threat-model.md). ``pipeline/images.py``
converts what this opens to CMYK.
"""

from __future__ import annotations

import io
import math
import re
import warnings

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from pipeline.errors import ImageError

RASTER_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".gif", ".bmp"}
FORMATS = ("JPEG", "PNG", "TIFF", "WEBP", "GIF", "BMP")
"""The raster formats build-print opens (Pillow's JPEG reader also reads MPO, the JPEGs of
some phones and cameras)."""
MAX_PIXELS = 120_000_000
"""The largest image opened: more than a 100-megapixel camera original and twice what the
largest format needs at its good resolution (a 6 × 3 m billboard at 45 ppi: 56 megapixels).
A file declaring more is refused before it is decoded (a decompression bomb would need
gigabytes of memory)."""
REDUCING_GAP = 1.0
"""A JPEG bound for a smaller size is decoded (DCT scaling) no smaller than this many times
the larger side of that size, then resampled with Lanczos. Measured on the sample photo
(5400 px bound for 2007 px, decoded at 1/2): 0.02 levels of 255 mean difference, 3 at most,
from the Lanczos resampling of the full decode, in a third of the time (0.19 s against
0.60 s); Pillow's ``thumbnail`` uses 2.0, which would decode this photo in full."""
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def is_raster(data: bytes) -> bool:
    """True when Pillow would read ``data`` as a raster image, whatever the file is called.

    Only the header is read; any format Pillow knows counts (``check_raster`` then accepts
    only ``FORMATS``), and so does an image over Pillow's own pixel limit.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            Image.open(io.BytesIO(data)).close()
    except Image.DecompressionBombError:
        return True
    except Exception:  # Pillow raises many types for what is not an image it knows
        return False
    return True


def check_raster(data: bytes) -> Image.Image:
    """``data`` opened lazily (header only) if it is an accepted image, else ``ImageError``.

    Accepted: one of ``FORMATS``, of at most ``MAX_PIXELS`` pixels (an implementation
    choice, see its note). The caller closes the image.
    """
    names = ", ".join(FORMATS[:-1]) + " or " + FORMATS[-1]
    try:
        with warnings.catch_warnings():
            # Pillow's own limit warns below its hard limit; MAX_PIXELS is checked below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
    except Image.DecompressionBombError as exc:  # far above MAX_PIXELS: Pillow's own limit
        found = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{int(found[1]) // 10**6} megapixels" if found else "too many pixels"
        raise ImageError(f"{size} is more than the {MAX_PIXELS // 10**6} megapixels "
                         f"build-print opens (a possible decompression bomb)") from exc
    except UnidentifiedImageError as exc:
        raise ImageError(f"not a readable {names} image (a corrupt file, or another "
                         "format under an image name)") from exc
    except Exception as exc:
        raise ImageError(f"unreadable image header: {type(exc).__name__}: {exc}") from exc
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise ImageError(f"{width} × {height} pixels is more than the {MAX_PIXELS // 10**6} "
                         "megapixels build-print opens (a possible decompression bomb); "
                         "resample it to the size it is printed at")
    return image


def reduced_decoding(image: Image.Image, max_size: tuple[int, int] | None) -> None:
    """Make a JPEG not yet decoded decode at 1/2, 1/4 or 1/8 scale when ``max_size`` allows.

    The largest reduction that keeps both sides at least ``REDUCING_GAP`` × the larger side
    of ``max_size`` (width, height in px; whatever the EXIF orientation turns). Decoding a
    5400 × 5400 photo bound for 2007 px at 1/2 reads 4 times fewer pixels. Other formats,
    and no ``max_size``, decode in full. ``image.size`` then gives the decoded size.
    """
    if max_size is not None and image.format in ("JPEG", "MPO"):
        side = math.ceil(max(max_size) * REDUCING_GAP)
        image.draft(image.mode, (side, side))


def open_raster(data: bytes, max_size: tuple[int, int] | None = None) -> Image.Image:
    """``data`` decoded and turned upright (EXIF orientation).

    In full, or, when it is bound for at most ``max_size`` (px), a JPEG at a reduced scale
    (``reduced_decoding``). ``ImageError`` if it is not an accepted format, too large
    (``check_raster``), truncated or corrupt: a truncated image is refused, never drawn
    half grey.
    """
    opened = check_raster(data)
    width, height = opened.size
    reduced_decoding(opened, max_size)
    # WeasyPrint turns this on when imported: a truncated photo would print half grey.
    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        opened.load()
        # In place: an upright photo is not copied (a 5400 × 5400 one is 117 MB decoded).
        ImageOps.exif_transpose(opened, in_place=True)
    except Exception as exc:  # truncated or corrupt data: OSError, SyntaxError, ValueError…
        opened.close()
        raise ImageError(f"cannot be decoded ({opened.format}, {width} × {height} pixels): "
                         f"{exc}") from exc
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    return opened


def png_grey_depth(data: bytes) -> int | None:
    """The bit depth (1, 2, 4, 8 or 16) of a greyscale PNG, None for any other image.

    Greyscale is colour type 0 (grey) or 4 (grey + alpha) in the IHDR chunk, which the PNG
    specification (W3C, 3rd edition, §5.2, §11.2.1) puts first, right after the 8-byte
    signature: length, ``IHDR``, width, height, then bit depth and colour type at bytes 24
    and 25. Pillow's mode cannot tell: it decodes 16-bit grey + alpha as RGBA. Never raises:
    data too short or not a PNG is None.
    """
    if len(data) < 26 or not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    depth, colour_type = data[24], data[25]
    return depth if colour_type in (0, 4) else None


def on_white(image: Image.Image) -> Image.Image:
    """``image`` flattened onto white paper, as RGB, if it has transparency.

    Transparency: an alpha channel, or a palette with a transparent entry; an image without
    it is returned as it is, in its own mode.
    """
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    return image
