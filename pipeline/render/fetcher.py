"""The only way WeasyPrint can read anything: files inside the project and the font packages.

Every other request (http, https, ftp, a file outside the allowed folders, a ``..`` escape
or a symlink out of the project) is refused and recorded, so the build can report it as an
error naming the job and the URL instead of WeasyPrint's silent warning.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from pipeline.errors import UnsafeURLError
from pipeline.images import RASTER_SUFFIXES

# Inline data: URIs are allowed up to this size (a runaway one is refused, not decoded).
MAX_DATA_URI_BYTES = 2_000_000


class ProjectFetcher(URLFetcher):  # type: ignore[misc]
    """A WeasyPrint URL fetcher limited to ``roots``; refusals are kept in ``refused``."""

    def __init__(self, roots: tuple[Path, ...],
                 convert_image: Callable[[Path, tuple[int, int] | None], Path] | None = None,
                 image_limits: dict[Path, tuple[int, int]] | None = None) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = tuple(root.resolve() for root in roots)
        self.convert_image = convert_image
        self.image_limits = image_limits or {}
        self.refused: list[tuple[str, str]] = []
        self.served: list[Path] = []
        """Every local file served (the original of a converted image): the job's inputs."""

    def check(self, url: str) -> Path | None:
        """The local file ``url`` names, ``None`` for a data: URI; raise if not allowed."""
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
        """Serve ``url`` if allowed; record and raise otherwise."""
        try:
            path = self.check(url)
        except UnsafeURLError as exc:
            self.refused.append((url, str(exc)))
            raise
        if path is None:
            return super().fetch(url, headers)
        if not path.is_file():
            self.refused.append((url, f"file not found: {path}"))
            raise UnsafeURLError(f"file not found: {path}")
        self.served.append(path)
        if self.convert_image is not None and path.suffix.lower() in RASTER_SUFFIXES:
            # Raster images reach the PDF only as CMYK (pipeline/images.py).
            converted = self.convert_image(path, self.image_limits.get(path))
            return URLFetcherResponse(converted.as_uri(), body=converted.read_bytes(),
                                      headers={"Content-Type": "image/jpeg"})
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(),
                                  headers={"Content-Type": mime})
