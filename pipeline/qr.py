"""QR codes as vector SVG: dark modules 100 % K, 4-module quiet zone, https URLs only.

Encoding is done by the ``qrcode`` library; its single-path SVG image is used with the fill
replaced by a DeviceCMYK colour so that no RGB reaches the print PDF.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import ClassVar
from urllib.parse import urlsplit

import qrcode
import qrcode.constants
import qrcode.image.svg
from markupsafe import Markup, escape

QUIET_ZONE_MODULES = 4
MAX_URL_BYTES = 2_000
"""Longest URL accepted: well within what a QR code holds at level M (2 331 bytes)."""
# Smallest printed module a phone camera resolves at reading distance (print-specs.md §7.1).
MIN_MODULE_MM = 0.4
SVG_NS = "http://www.w3.org/2000/svg"


class _CmykPathImage(qrcode.image.svg.SvgPathImage):  # type: ignore[misc]
    QR_PATH_STYLE: ClassVar[dict[str, str]] = {
        **qrcode.image.svg.SvgPathImage.QR_PATH_STYLE, "fill": "device-cmyk(0 0 0 1)"}


def check_https_url(url: str) -> str:
    """Return ``url`` if it is an absolute https URL with a host, else raise ``ValueError``."""
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


def qr_matrix(url: str) -> list[list[bool]]:
    """Module matrix (quiet zone included) for ``url`` at error correction level M."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M,
                         border=QUIET_ZONE_MODULES)
    code.add_data(check_https_url(url))
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_svg(url: str, size_mm: float) -> Markup:
    """Inline SVG of the QR code for ``url``, ``size_mm`` wide including the quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M,
                         border=QUIET_ZONE_MODULES, box_size=10,
                         image_factory=_CmykPathImage)
    code.add_data(check_https_url(url))
    code.make(fit=True)
    modules = code.modules_count + 2 * QUIET_ZONE_MODULES
    module_mm = size_mm / modules
    if module_mm < MIN_MODULE_MM:
        raise ValueError(f"QR code of {size_mm:g} mm has {module_mm:.2f} mm modules; "
                         f"at least {MIN_MODULE_MM} mm are needed (shorten the URL or enlarge it)")
    image = code.make_image()
    path = ET.fromstring(image.to_string()).find(f"{{{SVG_NS}}}path")
    assert path is not None
    units = modules  # at box_size 10 qrcode draws one SVG unit per module
    return Markup(
        f'<svg xmlns="{SVG_NS}" class="qr-code" width="{size_mm:.3f}mm" height="{size_mm:.3f}mm" '
        f'viewBox="0 0 {units:g} {units:g}" data-url="{escape(url)}">'
        f'<path d="{escape(path.get("d", ""))}" fill="{escape(path.get("fill", ""))}" '
        f'fill-rule="nonzero" stroke="none"/></svg>')
