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
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image, ImageCms, ImageOps

from pipeline.output import write_atomic
from pipeline.render.boxes import Placed

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
        self._memory: dict[str, Path] = {}

    @cached_property
    def _profile_digest(self) -> bytes:
        return hashlib.sha256(self.profile.read_bytes()).digest()

    @cached_property
    def _transform(self) -> ImageCms.ImageCmsTransform:
        return ImageCms.buildTransform(
            ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(self.profile)),
            "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)

    def convert(self, path: Path, max_size: tuple[int, int] | None = None) -> Path:
        """The cached CMYK JPEG of the image at ``path`` (converted now if not cached yet),
        no larger than ``max_size`` pixels when given.

        WeasyPrint re-reads local images from disk by path, so the converted image is served
        as a file of its own, never as the original's path with other bytes.
        """
        data = path.read_bytes()
        size = f"{max_size[0]}x{max_size[1]}".encode() if max_size else b"full"
        key = hashlib.sha256(CACHE_VERSION + self._profile_digest + size + data).hexdigest()
        if key in self._memory:
            return self._memory[key]
        cached = self.cache_dir / f"{key}.jpg"
        if not cached.is_file():
            write_atomic(self.output_dir, cached.relative_to(self.output_dir),
                         self._to_cmyk_jpeg(data, max_size))
            self.converted += 1
        self._memory[key] = cached
        return cached

    def _to_cmyk_jpeg(self, data: bytes, max_size: tuple[int, int] | None) -> bytes:
        with Image.open(io.BytesIO(data)) as opened:
            image = ImageOps.exif_transpose(opened) or opened
            image.load()
        if max_size:
            image.thumbnail(max_size, Image.Resampling.LANCZOS)
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


def downsample_limits(boxes: Iterable[Placed], root: Path, max_file_ppi: float
                      ) -> dict[Path, tuple[int, int]]:
    """Pixel limits for raster images placed far above the need (more than ``max_file_ppi``
    in the file), by source path; the image is resampled to exactly that resolution."""
    limits: dict[Path, tuple[int, int]] = {}
    for box in boxes:
        if box.natural_px is None or not box.src or box.rect.width <= 0 or box.rect.height <= 0:
            continue
        width_px, height_px = box.natural_px
        # An image covering its box (object-fit: cover) is scaled by the larger ratio.
        ppi = min(width_px / (box.rect.width / 25.4), height_px / (box.rect.height / 25.4))
        if ppi <= max_file_ppi:
            continue
        ratio = max_file_ppi / ppi
        path = (root / unquote(urlsplit(box.src).path)).resolve()
        limits[path] = (max(1, round(width_px * ratio)), max(1, round(height_px * ratio)))
    return limits
