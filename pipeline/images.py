"""Raster images for print: converted to CMYK with the output profile, cached on disk.

Every raster image a layout places (a photo from content/) reaches WeasyPrint as a CMYK
JPEG: RGB through the FOGRA39 profile (relative colorimetric with black-point compensation,
the usual choice for photos printed on coated stock; the profile's 320 % ink limit holds),
greyscale onto the black plate only, CMYK as it is (Adobe-inverted JPEGs normalised by
Pillow). The result is cached under output/.cache/images by the hash of the source bytes
and the profile, so an unchanged image is converted once.
"""

from __future__ import annotations

import hashlib
import io
from functools import cached_property
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from pipeline.output import write_atomic

RASTER_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".gif", ".bmp"}
JPEG_QUALITY = 92
CACHE_VERSION = b"cmyk-v1"


class CmykConverter:
    """Converts raster files to CMYK JPEG bytes; memoised in memory and on disk."""

    def __init__(self, profile: Path, cache_dir: Path, output_dir: Path) -> None:
        self.profile = profile
        self.cache_dir = cache_dir
        self.output_dir = output_dir
        self.converted = 0
        self._memory: dict[str, bytes] = {}

    @cached_property
    def _profile_digest(self) -> bytes:
        return hashlib.sha256(self.profile.read_bytes()).digest()

    @cached_property
    def _transform(self) -> ImageCms.ImageCmsTransform:
        return ImageCms.buildTransform(
            ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(self.profile)),
            "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)

    def convert(self, path: Path) -> bytes:
        """CMYK JPEG bytes for the image at ``path``."""
        data = path.read_bytes()
        key = hashlib.sha256(CACHE_VERSION + self._profile_digest + data).hexdigest()
        if key in self._memory:
            return self._memory[key]
        cached = self.cache_dir / f"{key}.jpg"
        if cached.is_file():
            result = cached.read_bytes()
        else:
            result = self._to_cmyk_jpeg(data)
            self.converted += 1
            write_atomic(self.output_dir, cached.relative_to(self.output_dir), result)
        self._memory[key] = result
        return result

    def _to_cmyk_jpeg(self, data: bytes) -> bytes:
        with Image.open(io.BytesIO(data)) as opened:
            image = ImageOps.exif_transpose(opened) or opened
            image.load()
        embedded = image.info.get("icc_profile")
        if image.mode == "CMYK":
            cmyk = image
        elif image.mode in ("L", "LA", "I", "I;16", "1"):
            # Greyscale goes to the black plate alone: no rich-black build-up, no colour cast.
            grey = image.convert("L")
            black = ImageOps.invert(grey)
            empty = Image.new("L", grey.size, 0)
            cmyk = Image.merge("CMYK", (empty, empty, empty, black))
        else:
            rgb = _flatten(image)
            if embedded:
                source = ImageCms.ImageCmsProfile(io.BytesIO(embedded))
                transform = ImageCms.buildTransform(
                    source, ImageCms.getOpenProfile(str(self.profile)), "RGB", "CMYK",
                    renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                    flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
            else:
                transform = self._transform
            converted = ImageCms.applyTransform(rgb, transform)
            assert converted is not None  # applyTransform returns None only in place
            cmyk = converted
        out = io.BytesIO()
        cmyk.save(out, format="JPEG", quality=JPEG_QUALITY, subsampling=0, optimize=True)
        return out.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: transparency is flattened onto paper, palettes expanded."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")
