"""QR codes as vector SVG: dark modules 100 % K, 4-module quiet zone, https URLs only.

Encoding is done by the ``qrcode`` library; the SVG is drawn here from its module matrix, in
a DeviceCMYK colour so that no RGB reaches the print PDF.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from markupsafe import Markup, escape

QUIET_ZONE_MODULES = 4  # on all sides (print-specs.md §7.1)
MAX_URL_BYTES = 2_000
"""Longest URL accepted: well within what a QR code holds at level M (2 331 bytes)."""
# Smallest printed module a phone camera resolves at reading distance (print-specs.md §7.1).
MIN_MODULE_MM = 0.4
SVG_NS = "http://www.w3.org/2000/svg"


def check_https_url(url: str) -> str:
    """``url`` itself if it can go into a printed QR code, else ``ValueError`` saying why.

    It must be an absolute https URL with a dotted host name and a numeric port if any, with
    no spaces and no user name or password, of at most ``MAX_URL_BYTES`` bytes of UTF-8.
    """
    if any(ch.isspace() for ch in url):
        raise ValueError(f"not a valid URL: {url!r} contains spaces")
    if len(url.encode("utf-8")) > MAX_URL_BYTES:
        raise ValueError(f"not a valid URL: {len(url)} characters is too long for a QR code "
                         f"(at most {MAX_URL_BYTES} bytes)")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        raise ValueError(f"not a valid URL: {url!r} ({exc})") from None
    if parts.scheme != "https":
        raise ValueError(f"only https URLs are accepted, not {url!r}")
    if not parts.hostname or "." not in parts.hostname:
        raise ValueError(f"not a valid URL: {url!r} has no host name")
    if parts.username or parts.password:
        raise ValueError(f"not a valid URL: {url!r} must not contain a user name or password")
    return url


@lru_cache(maxsize=256)
def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """Module matrix of ``url``: rows of booleans (True = dark), quiet zone included.

    Error correction level M (print-specs.md §7.1: M for a code without a logo), the
    smallest version that holds the URL; ``ValueError`` for a URL ``check_https_url``
    refuses. Made once per URL and process (the mask search takes about 10 ms, and every
    poster of a campaign carries the same code); forked workers inherit what the templates
    made. ``qrcode`` (with Pillow) is imported here: a build that reuses every job checks its
    URLs but makes no code.
    """
    import qrcode.constants

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M,
                         border=QUIET_ZONE_MODULES)
    code.add_data(check_https_url(url))
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


def qr_svg(url: str, size_mm: float) -> Markup:
    """Inline SVG of the QR code for ``url``, ``size_mm`` wide including the quiet zone.

    ``size_mm`` is the width as laid out in the file. Dark modules are 100 % K
    (``device-cmyk(0 0 0 1)``), light ones left unpainted. ``ValueError`` for a URL
    ``check_https_url`` refuses, or when a module would be narrower than ``MIN_MODULE_MM``
    (0.4 mm, the vendor minimum for hand-held scanning in print-specs.md §7.1). One path, one
    rectangle per horizontal run of dark modules (a third of the path commands of one square
    per module: less for the renderer to draw and the PDF to hold).
    """
    matrix = qr_matrix(url)
    modules = len(matrix)
    module_mm = size_mm / modules
    if module_mm < MIN_MODULE_MM:
        raise ValueError(f"QR code of {size_mm:g} mm has {module_mm:.2f} mm modules; "
                         f"at least {MIN_MODULE_MM} mm are needed (shorten the URL or enlarge it)")
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < modules:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < modules and row[x]:
                x += 1
            runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
    return Markup(
        f'<svg xmlns="{SVG_NS}" class="qr-code" width="{size_mm:.3f}mm" height="{size_mm:.3f}mm" '
        f'viewBox="0 0 {modules} {modules}" data-url="{escape(url)}">'
        f'<path d="{"".join(runs)}" fill="device-cmyk(0 0 0 1)" fill-rule="nonzero" '
        'stroke="none"/></svg>')
