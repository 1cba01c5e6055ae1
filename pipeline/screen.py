"""Colours and images for the screen: the brand's CMYK as sRGB, photos as sRGB JPEG.

A digital edition is the print layout with every colour in sRGB (nothing in DeviceCMYK):
the brand palette and every other ``device-cmyk()`` value a layout writes (the EU emblem's
SVG, a logo's) are converted through the brand's output profile (FOGRA39) to sRGB with
Pillow's ImageCms (LittleCMS; relative colorimetric with black-point compensation, so
paper white is screen white: an implementation choice), except the EU emblem's two process
colours, which get the emblem's official screen colours #003399 and #FFCC00 (esf-rules.md
§1.2, source S5). Raster images become sRGB JPEG files (``SrgbConverter``).
"""

from __future__ import annotations

import hashlib
import io
import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from pipeline.brand import Cmyk, Palette
from pipeline.emblem import BLUE, SCREEN_BLUE, SCREEN_YELLOW, YELLOW
from pipeline.errors import ImageError
from pipeline.output import write_atomic

if TYPE_CHECKING:  # Pillow is imported when a colour or an image is converted: planning
    from PIL import ImageCms  # cards (a ScreenPalette each) imports none of it

EU_SCREEN = {BLUE: SCREEN_BLUE.lower(), YELLOW: SCREEN_YELLOW.lower()}
"""The EU emblem's process colours → its official screen colours (``emblem.SCREEN_BLUE``,
``emblem.SCREEN_YELLOW``: esf-rules.md §1.2, S5)."""
EMBLEM_TITLE = "Europos Sąjungos emblema"
"""The text alternative of the EU emblem (its SVG ``<title>``, the Figure's /Alt)."""
JPEG_QUALITY = 90
"""sRGB JPEG quality of a converted photo: an implementation choice (a screen edition)."""

_DEVICE_CMYK = re.compile(r"device-cmyk\(\s*([0-9.]+)\s+([0-9.]+)\s+([0-9.]+)\s+([0-9.]+)\s*\)")
_EMBLEM = re.compile(r'(<svg [^>]*class="eu-emblem"[^>]*>)(?!<title>)')


@lru_cache(maxsize=4)
def _to_srgb(profile: Path) -> ImageCms.ImageCmsTransform:
    from PIL import ImageCms

    return ImageCms.buildTransform(
        ImageCms.getOpenProfile(str(profile)), ImageCms.createProfile("sRGB"), "CMYK", "RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


def srgb_hex(colour: Cmyk, profile: Path) -> str:
    """``#rrggbb`` of a process colour (percent C/M/Y/K) printed in ``profile``'s condition.

    The EU emblem's colours give their official screen values (``EU_SCREEN``).
    """
    if colour in EU_SCREEN:
        return EU_SCREEN[colour]
    from PIL import Image, ImageCms

    cmyk = Image.new("CMYK", (1, 1), tuple(round(v * 2.55) for v in colour))
    rgb = ImageCms.applyTransform(cmyk, _to_srgb(profile))
    assert rgb is not None  # a new image, never in place
    r, g, b = rgb.getpixel((0, 0))  # type: ignore[misc]
    return f"#{r:02x}{g:02x}{b:02x}"


class ScreenPalette(Palette):
    """The brand palette in sRGB: ``palette.red`` gives ``#dd1f27``, not ``device-cmyk()``.

    A layout given this palette (the ``palette`` of a digital edition's job) writes sRGB
    colours; ``on_screen`` converts what it wrote in CMYK without the palette.
    """

    def __init__(self, colours: dict[str, Cmyk], profile: Path) -> None:
        super().__init__(colours)
        self.profile = profile

    def __getitem__(self, name: str) -> Markup:
        try:
            colour = self.colours[name.replace("_", "-")]
        except KeyError:
            raise KeyError(f"no colour '{name}' in the brand palette") from None
        return Markup(srgb_hex(colour, self.profile))

    def on_screen(self, html: str) -> Markup:
        """``html`` (a layout's own markup) with every ``device-cmyk()`` colour in sRGB.

        The EU emblem's SVG also gets its text alternative (``EMBLEM_TITLE``) as its
        ``<title>``, which a tagged PDF makes the Figure's /Alt.
        """
        def srgb(match: re.Match[str]) -> str:
            return srgb_hex(Cmyk(*(round(float(v) * 100, 2) for v in match.groups())),
                            self.profile)

        html = _DEVICE_CMYK.sub(srgb, html)
        return Markup(_EMBLEM.sub(rf"\1<title>{EMBLEM_TITLE}</title>", html))


class SrgbConverter:
    """Raster images as sRGB JPEG files in ``cache_dir`` (inside ``output_dir``), memoised.

    The same contract as ``images.CmykConverter.convert`` (the renderer's
    ``ConvertImage``): an image's path and its largest useful size (px) → the converted
    file; ``ImageError`` if it cannot be used. An embedded ICC profile is the source; an
    untagged CMYK image is taken to be in the brand's output condition (``profile``), an
    untagged RGB one in sRGB; greyscale stays grey (no colour space but DeviceGray or
    DeviceRGB reaches the PDF); transparency is flattened onto white.
    """

    def __init__(self, profile: Path, cache_dir: Path, output_dir: Path) -> None:
        self.profile = profile
        self.cache_dir = cache_dir
        self.output_dir = output_dir

    @cached_property
    def _profile_digest(self) -> bytes:
        return hashlib.sha256(self.profile.read_bytes()).digest()

    def convert(self, path: Path, max_size: tuple[int, int] | None = None) -> Path:
        """The cached sRGB JPEG of the image at ``path``, no larger than ``max_size``."""
        data = path.read_bytes()
        size = f"{max_size[0]}x{max_size[1]}".encode() if max_size else b"full"
        key = hashlib.sha256(b"srgb1" + self._profile_digest + size + data).hexdigest()
        cached = self.cache_dir / f"{key}.jpg"
        if not cached.is_file():
            write_atomic(self.output_dir, cached.relative_to(self.output_dir),
                         srgb_jpeg(data, self.profile, max_size))
        return cached


def srgb_jpeg(data: bytes, profile: Path, max_size: tuple[int, int] | None = None) -> bytes:
    """The sRGB (or greyscale) JPEG of the raster image ``data``; see ``SrgbConverter``."""
    from PIL import Image, ImageCms

    from pipeline.raster_files import on_white, open_raster

    image = open_raster(data, max_size)
    mode = image.mode
    try:
        embedded = image.info.get("icc_profile")
        image = on_white(image)
        if image.mode not in ("L", "RGB", "CMYK"):
            image = image.convert("RGB")
        if max_size:
            image.thumbnail(max_size, Image.Resampling.LANCZOS)
        if image.mode == "CMYK" or (embedded and image.mode == "RGB"):
            source = ImageCms.ImageCmsProfile(io.BytesIO(embedded)) if embedded \
                else ImageCms.getOpenProfile(str(profile))
            converted = ImageCms.applyTransform(image, ImageCms.buildTransform(
                source, ImageCms.createProfile("sRGB"), image.mode, "RGB",
                renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                flags=ImageCms.Flags.BLACKPOINTCOMPENSATION))
            assert converted is not None
            image = converted
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    except Exception as exc:  # a broken embedded profile, an exotic mode
        raise ImageError(f"cannot be converted to sRGB ({mode}): "
                         f"{type(exc).__name__}: {exc}") from exc
    return out.getvalue()
