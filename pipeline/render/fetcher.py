"""The only way WeasyPrint can read anything: files inside the project and the font packages.

Every other request (http, https, ftp, a file outside the allowed folders, a ``..`` escape
or a symlink out of the project) is refused and recorded, so the build can report it as an
error naming the job and the URL instead of WeasyPrint's silent warning. Requests from
inside SVG images (``<image href>``, ``@font-face``) come through here too.

Anything Pillow would read as a raster image, whatever the file is called, is checked
(format, pixel count) and served as the CMYK JPEG of ``pipeline/images.py``, so WeasyPrint
never decodes a raster from the project itself; an image that cannot be used is recorded in
``broken`` with the reason.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image
from weasyprint.urls import URLFetcher, URLFetcherResponse

from pipeline.errors import ImageError, StorageError, UnsafeURLError
from pipeline.raster_files import RASTER_SUFFIXES, is_raster, open_raster

# Inline data: URIs are allowed up to this size (a runaway one is refused, not decoded); below
# the 1 MiB a content file may hold, so content can reach it too. A bigger image belongs in a file.
MAX_DATA_URI_BYTES = 500_000


class ProjectFetcher(URLFetcher):  # type: ignore[misc]
    """A WeasyPrint URL fetcher limited to files under ``roots`` and ``data:`` URIs.

    Refusals are kept in ``refused`` and images that cannot be used in ``broken``, as (url,
    reason); every local file served is in ``served``. ``convert_image`` and
    ``image_limits`` as for ``Renderer``. A converted image that could not be stored (disk
    full…) is kept in ``storage_failure``: WeasyPrint swallows what a fetcher raises, and
    the renderer raises it again after the layout.
    """

    def __init__(self, roots: tuple[Path, ...],
                 convert_image: Callable[[Path, tuple[int, int] | None], Path] | None = None,
                 image_limits: dict[Path, tuple[int, int]] | None = None) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = tuple(root.resolve() for root in roots)
        self.convert_image = convert_image
        self.image_limits = image_limits or {}
        self.refused: list[tuple[str, str]] = []
        self.broken: list[tuple[str, str]] = []
        self.served: list[Path] = []
        self.image_sources: dict[tuple[int, int], Path] = {}
        """Each raster image served, by its size in px as placed in the PDF → its source."""
        self.storage_failure: StorageError | None = None

    def check(self, url: str) -> Path | None:
        """The local file ``url`` names, or ``None`` for a ``data:`` URI.

        ``UnsafeURLError`` for any other scheme, a file URL on another host, a ``..`` part, a
        path outside the roots (symlinks followed), or a ``data:`` URI over
        ``MAX_DATA_URI_BYTES`` (an implementation choice).
        """
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            if len(url) > MAX_DATA_URI_BYTES:
                raise UnsafeURLError(f"data: URI of {len(url)} bytes is too large")
            return None
        if scheme != "file":
            kind = "remote URLs" if scheme in ("http", "https", "ftp") else f"'{scheme}:' URLs"
            raise UnsafeURLError(f"{kind} are not allowed in print output: {url}")
        if parts.netloc not in ("", "localhost"):
            raise UnsafeURLError(f"file URLs on another host are not allowed: {url}")
        raw = unquote(parts.path)
        if ".." in Path(raw).parts:
            raise UnsafeURLError(f"'..' escapes are not allowed: {url}")
        path = Path(raw).resolve()  # follows symlinks: a link out of the project is refused
        if not any(path.is_relative_to(root) for root in self.roots):
            raise UnsafeURLError(f"file outside the project is not allowed: {path}")
        return path

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """The response for ``url``: the file, or the CMYK JPEG of a raster image.

        A refused or missing file is recorded in ``refused`` and raises ``UnsafeURLError``;
        an image that cannot be used is recorded in ``broken`` and raises ``ImageError``.
        """
        try:
            path = self.check(url)
        except UnsafeURLError as exc:
            self.refused.append((url, str(exc)))
            raise
        if path is None:
            response = super().fetch(url, headers)
            body = response.read()
            if is_raster(body):  # an inline image gets the same limits as a file
                self._check_image(url, body)
            return URLFetcherResponse(url, body=body, headers=response.headers)
        if not path.is_file():
            self.refused.append((url, f"file not found: {path}"))
            raise UnsafeURLError(f"file not found: {path}")
        self.served.append(path)
        body = path.read_bytes()
        if is_raster(body) or path.suffix.lower() in RASTER_SUFFIXES:
            if self.convert_image is None:
                self._check_image(url, body)
            else:
                # Raster images reach the PDF only as CMYK (pipeline/images.py).
                try:
                    converted = self.convert_image(path, self.image_limits.get(path))
                except ImageError as exc:
                    self.broken.append((url, str(exc)))
                    raise
                except StorageError as exc:
                    self.storage_failure = exc
                    raise
                with Image.open(converted) as placed:  # reads the header only
                    self.image_sources[placed.size] = path
                return URLFetcherResponse(converted.as_uri(), body=converted.read_bytes(),
                                          headers={"Content-Type": "image/jpeg"})
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=body, headers={"Content-Type": mime})

    def _check_image(self, url: str, body: bytes) -> None:
        """Record in ``broken`` and raise ``ImageError`` unless ``body`` is a usable image.

        Decoded in full and strictly, since WeasyPrint's own loader would draw a truncated
        one half grey. Only inline ``data:`` URIs (at most ``MAX_DATA_URI_BYTES``) and files
        when no converter is given come here; the converter decodes files itself.
        """
        try:
            open_raster(body).close()
        except ImageError as exc:
            self.broken.append((url, str(exc)))
            raise


def who_asked(url: str, files: Iterable[Path], folders: Iterable[Path]) -> tuple[Path, int] | None:
    """The first file and line (1-based) among ``files`` that asks for ``url``, or ``None``.

    WeasyPrint hands the fetcher absolute, normalised URLs, so the reference is looked for
    as written, as a path relative to one of ``folders`` (content/ and the project: a poster's
    ``images/x.jpg`` is also in a chapter's ``../../images/x.jpg``), relative to the file's
    own folder (an SVG beside its image) and, for a file outside them, as its path
    (``etc/passwd`` in ``../../../../etc/passwd``).
    """
    needles = {url[:200], unquote(url)[:200]}
    target: Path | None = None
    if urlsplit(url).scheme.lower() == "file":
        target = Path(os.path.normpath(unquote(urlsplit(url).path)))
        inside = [target.relative_to(f).as_posix() for f in folders if target.is_relative_to(f)]
        if inside:
            needles.update(inside)
        elif target.as_posix().count("/") > 1:
            needles.add(target.as_posix().lstrip("/"))
    for path in files:
        mine = set(needles)
        if target is not None:
            mine.add(Path(os.path.relpath(target, path.parent)).as_posix())
        mine = {needle for needle in mine if len(needle) > 2}  # never '.' or '..'
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if any(needle in line for needle in mine):
                return path, number
    return None
