"""Raster images for print: converted to CMYK with the output profile, cached on disk.

Every raster image a layout places (a photo from content/) reaches WeasyPrint as a CMYK
JPEG: RGB through the FOGRA39 profile (relative colorimetric with black-point compensation,
the usual choice for photos printed on coated stock; the profile's 320 % ink limit holds),
greyscale onto the black plate only, CMYK as it is (Adobe-inverted JPEGs normalised by
Pillow). Greyscale is what the file says it is: a PNG's colour type (``png_grey_depth``),
since Pillow decodes 16-bit grey + alpha as RGBA. The result is cached under
output/.cache/images by the hash of the source bytes and the profile, so an unchanged image is
converted once.

Images come from partners and volunteers: they are opened only through
``pipeline/raster_files.py`` (accepted formats, a pixel limit, strict decoding), and anything
Pillow cannot decode is an ``ImageError`` saying why, never a traceback
(docs/threat-model.md).
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cached_property, lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image, ImageCms, ImageOps

from pipeline.errors import ImageError, storage_error
from pipeline.output import make_folder, write_atomic
from pipeline.raster_files import (
    check_raster,
    on_white,
    open_raster,
    png_grey_depth,
    reduced_decoding,
)
from pipeline.render.boxes import Placed

JPEG_QUALITY = 92
CACHE_VERSION = b"cmyk-v4"
"""Part of every cached image's key: a new version converts every image again (v3: greyscale
PNGs by their colour type, so 16-bit grey + alpha is no longer converted as RGB; v4: a JPEG
reduced to a smaller size is decoded at 1/2, 1/4 or 1/8 scale first, ``reduced_decoding``)."""
_SIXTEEN_BIT = ("I;16", "I;16L", "I;16B", "I;16N", "I")
_GREY_MODES = ("L", "LA", "1", *_SIXTEEN_BIT)
IN_PROCESS_PIXELS = 4_000_000
"""Images of more pixels are converted in a child process (``CmykConverter``), an
implementation choice: converting a 5400 × 5400 photo holds 117 MB decoded (Pillow keeps RGB
in 4 bytes a pixel), 117 MB in CMYK and then 233 MB of coefficients, every DCT coefficient
of the four plates, that the JPEG encoder keeps to optimise its Huffman tables. A build
worker, which holds its fonts and laid-out documents too, would more than double its
resident memory; the child's ends with it. Below this size (at most 64 MB in all) a process
costs more time than it saves memory."""


@contextmanager
def _exclusive(lock: Path, output_dir: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``lock`` (created if missing; no-op on Windows).

    ``lock`` is inside ``output_dir``; ``StorageError`` when it cannot be made there.
    """
    make_folder(output_dir, lock.parent)
    try:
        opened = lock.open("a")
    except OSError as exc:
        raise storage_error(exc) from exc
    with opened as handle:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class CmykConverter:
    """Converts raster images to CMYK JPEG files in ``cache_dir``; memoised in memory and on disk.

    ``profile`` is the CMYK output profile, ``cache_dir`` a folder inside ``output_dir``
    (written through ``output.write_atomic``). RGB goes through the profile (relative
    colorimetric, black-point compensation; an embedded profile is used as the source),
    greyscale onto the black plate alone, CMYK as it is; JPEG quality ``JPEG_QUALITY`` (92,
    an implementation choice). An image of more than ``in_process_pixels`` pixels is
    converted in a child process (``IN_PROCESS_PIXELS``), with the same bytes as a result.
    """

    def __init__(self, profile: Path, cache_dir: Path, output_dir: Path) -> None:
        self.profile = profile
        self.cache_dir = cache_dir
        self.output_dir = output_dir
        self.converted = 0
        """Images converted by this converter (not found in a cache)."""
        self.refused: dict[str, str] = {}
        """Why each image that cannot be used was refused, by cache key: a broken image is
        decoded once per process, not once per job that places it."""
        self._memory: dict[str, Path] = {}
        self.in_process_pixels = IN_PROCESS_PIXELS
        """Images of more pixels are converted in a child process (``IN_PROCESS_PIXELS``)."""

    @cached_property
    def _profile_digest(self) -> bytes:
        return hashlib.sha256(self.profile.read_bytes()).digest()

    def convert(self, path: Path, max_size: tuple[int, int] | None = None) -> Path:
        """The cached CMYK JPEG of the image at ``path``, converted now if not cached yet.

        ``max_size`` (width, height in px), when given, bounds the result (aspect ratio kept,
        Lanczos). ``ImageError`` if the image cannot be used, and again, without decoding it,
        for every later job of this process that places it. WeasyPrint re-reads local images
        from disk by path, so the converted image is served as a file of its own, never as
        the original's path with other bytes.
        """
        data = path.read_bytes()
        size = f"{max_size[0]}x{max_size[1]}".encode() if max_size else b"full"
        key = hashlib.sha256(CACHE_VERSION + self._profile_digest + size + data).hexdigest()
        if key in self._memory:
            return self._memory[key]
        if key in self.refused:  # a broken image is decoded once per build, not once per job
            raise ImageError(self.refused[key])
        cached = self.cache_dir / f"{key}.jpg"
        if not cached.is_file():
            with _exclusive(self.cache_dir / f"{key}.lock", self.output_dir):
                # Parallel workers placing the same photo convert it once: the second waits
                # for the first and finds it in the cache.
                if not cached.is_file():
                    try:
                        converted = self._to_cmyk_jpeg(data, max_size)
                    except ImageError as exc:
                        self.refused[key] = str(exc)
                        raise
                    write_atomic(self.output_dir, cached.relative_to(self.output_dir),
                                 converted)
                    self.converted += 1
        self._memory[key] = cached
        return cached

    def _to_cmyk_jpeg(self, data: bytes, max_size: tuple[int, int] | None) -> bytes:
        with check_raster(data) as header:
            reduced_decoding(header, max_size)
            width, height = header.size  # as it will be decoded
        if width * height > self.in_process_pixels:
            return _convert_in_child(data, self.profile, max_size)
        return cmyk_jpeg(data, self.profile, max_size)


def cmyk_jpeg(data: bytes, profile: Path, max_size: tuple[int, int] | None = None) -> bytes:
    """The CMYK JPEG of the raster image ``data`` (bytes of a file) through ``profile``.

    As ``CmykConverter`` describes (``max_size``: width, height in px bounding the result,
    Lanczos); ``ImageError`` if the image cannot be used. At most the decoded image and its
    CMYK version are held at once (the decoded one is released before the JPEG encoder
    allocates its coefficient buffer): never a copy of either.
    """
    image = open_raster(data, max_size)
    mode = image.mode
    try:
        cmyk = _cmyk(image, profile, max_size, png_grey_depth(data))
        del image  # released before the encoder's buffers exist
        out = io.BytesIO()
        cmyk.save(out, format="JPEG", quality=JPEG_QUALITY, subsampling=0, optimize=True)
    except Exception as exc:  # e.g. a broken embedded ICC profile, an exotic mode
        raise ImageError(f"cannot be converted to CMYK ({mode}): "
                         f"{type(exc).__name__}: {exc}") from exc
    return out.getvalue()


def _cmyk(image: Image.Image, profile: Path, max_size: tuple[int, int] | None,
          grey_depth: int | None) -> Image.Image:
    """``image`` in CMYK, no larger than ``max_size``; ``image`` may be changed in place."""
    embedded = image.info.get("icc_profile")
    # One mode before resampling: L, CMYK or RGB on white (palettes expanded).
    if grey_depth is not None or image.mode in _GREY_MODES:
        image = _grey(image, grey_depth)
    elif image.mode != "CMYK":
        image = _flatten(image)
    if max_size:
        image.thumbnail(max_size, Image.Resampling.LANCZOS)
    if image.mode == "CMYK":
        return image
    if image.mode == "L":
        # Greyscale goes to the black plate alone: no rich-black build-up, no colour cast.
        black = ImageOps.invert(image)
        empty = Image.new("L", black.size, 0)
        return Image.merge("CMYK", (empty, empty, empty, black))
    if embedded:
        transform = _transform(ImageCms.ImageCmsProfile(io.BytesIO(embedded)), profile)
    else:
        transform = _srgb_transform(profile)
    # LittleCMS writes straight into one new CMYK image: no intermediate copy.
    converted = ImageCms.applyTransform(image, transform)
    assert converted is not None  # applyTransform returns None only in place
    return converted


def _transform(source: ImageCms.ImageCmsProfile, profile: Path) -> ImageCms.ImageCmsTransform:
    return ImageCms.buildTransform(
        source, ImageCms.getOpenProfile(str(profile)), "RGB", "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


@lru_cache(maxsize=4)
def _srgb_transform(profile: Path) -> ImageCms.ImageCmsTransform:
    return _transform(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")), profile)


_CHILD = ("import sys; sys.path.insert(0, sys.argv[1]); "
          "from pipeline.image_child import main; main(sys.argv[2:])")
CHILD_REFUSED = 3
"""The exit status of a child conversion that refused the image (``ImageError`` on stderr)."""


def _convert_in_child(data: bytes, profile: Path, max_size: tuple[int, int] | None) -> bytes:
    """``cmyk_jpeg`` run in a fresh Python process (``image_child``): its buffers end with it.

    ``data`` goes in on stdin, the JPEG comes back on stdout. ``ImageError`` with the
    child's reason when it refused the image, or saying how it failed (killed, e.g. out of
    memory, or crashed).
    """
    size = f"{max_size[0]}x{max_size[1]}" if max_size else "full"
    root = str(Path(__file__).resolve().parent.parent)
    try:
        done = subprocess.run([sys.executable, "-P", "-c", _CHILD, root, str(profile), size],
                              input=data, capture_output=True, check=False)
    except OSError as exc:
        raise ImageError(f"cannot start the image conversion process: {exc}") from exc
    if done.returncode == 0:
        return done.stdout
    reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
    if done.returncode == CHILD_REFUSED and reason:
        raise ImageError(reason[-1])
    how = (f"was killed by signal {-done.returncode} (out of memory?)" if done.returncode < 0
           else f"failed (exit status {done.returncode}): {reason[-1] if reason else ''}")
    raise ImageError(f"the image conversion process {how}")


def _grey(image: Image.Image, png_depth: int | None) -> Image.Image:
    """8-bit greyscale on white paper, from any greyscale image.

    ``png_depth`` is the bit depth of a greyscale PNG (``png_grey_depth``), None for other
    files. 16-bit samples are scaled (Pillow's own conversion clips them, turning mid-grey
    white); 16-bit grey + alpha, which Pillow decodes as RGBA with three equal channels, is
    read from its first channel; transparency (an alpha channel, or the one grey value that
    a PNG's tRNS chunk makes transparent) is flattened onto white.
    """
    key = image.info.get("transparency")
    alpha: Image.Image | None = None
    if image.mode in _SIXTEEN_BIT:
        samples = image.convert("I")  # a 65536-entry table maps I to L (values clipped)
        grey = samples.point([round(v * 255 / 65535) for v in range(65536)], "L")
        if isinstance(key, int):
            alpha = samples.point([0 if v == key else 255 for v in range(65536)], "L")
    elif image.mode in ("LA", "RGBA"):
        grey, alpha = image.getchannel(0), image.getchannel("A")
    else:
        grey = image.convert("L")
        if isinstance(key, int):
            if image.mode == "L" and png_depth in (2, 4) and key < 2**png_depth:
                # Pillow scales 2- and 4-bit samples to 8 bits but not the tRNS value.
                key = key * 255 // (2**png_depth - 1)
            alpha = grey.point(lambda v: 0 if v == key else 255)
    if alpha is None:
        return grey
    paper = Image.new("L", image.size, 255)
    paper.paste(grey, mask=alpha)
    return paper


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: transparency is flattened onto paper, palettes expanded."""
    image = on_white(image)
    return image if image.mode == "RGB" else image.convert("RGB")


def downsample_limits(boxes: Iterable[Placed], root: Path, max_file_ppi: float
                      ) -> dict[Path, tuple[int, int]]:
    """Pixel limits (width, height) for raster images placed above ``max_file_ppi``, by path.

    ``boxes`` are the placed boxes of a laid-out document (mm in the file), ``root`` the
    folder their ``src`` is relative to, ``max_file_ppi`` the limit in ppi in the file
    (``PrintFormat.max_ppi`` × scale). An image above it gets the limit that resamples it to
    exactly that resolution (the lower of its horizontal and vertical ppi, for an image
    that covers its box); the others get none.
    """
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
