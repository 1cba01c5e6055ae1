"""QR codes: https only, CMYK black modules, 4-module quiet zone, printable module size."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from pipeline.qr import check_https_url, qr_matrix, qr_svg


@pytest.mark.parametrize(("url", "message"), [
    ("http://www.caritas.lt", "only https URLs are accepted, not 'http://www.caritas.lt'"),
    ("ftp://www.caritas.lt/x", "only https URLs are accepted, not 'ftp://www.caritas.lt/x'"),
    ("www.caritas.lt", "only https URLs are accepted, not 'www.caritas.lt'"),
    ("https://caritas", "not a valid URL: 'https://caritas' has no host name"),
    ("https://www.caritas.lt/a b", "not a valid URL: 'https://www.caritas.lt/a b' contains spaces"),
    ("https://user:pw@www.caritas.lt", "not a valid URL: 'https://user:pw@www.caritas.lt' must "
                                       "not contain a user name or password"),
])
def test_only_https_urls_are_accepted(url: str, message: str) -> None:
    """This test ensures a broken or non-https URL is refused with a clear message."""
    with pytest.raises(ValueError) as caught:
        check_https_url(url)
    assert str(caught.value) == message


def test_svg_is_cmyk_with_quiet_zone() -> None:
    """This test ensures the SVG has the requested size, CMYK modules and a 4-module margin."""
    svg = ET.fromstring(qr_svg("https://www.caritas.lt", 33))
    matrix = qr_matrix("https://www.caritas.lt")
    assert svg.get("width") == "33.000mm"
    assert svg.get("viewBox") == f"0 0 {len(matrix)} {len(matrix)}"
    path = svg.find("{http://www.w3.org/2000/svg}path")
    assert path is not None and path.get("fill") == "device-cmyk(0 0 0 1)"
    # Quiet zone: the four outer rows and columns are light.
    for i in range(4):
        assert not any(matrix[i]) and not any(matrix[-1 - i])
        assert not any(row[i] for row in matrix) and not any(row[-1 - i] for row in matrix)
    # The path's runs of dark modules are exactly the dark modules of the matrix (so none lie
    # in the quiet zone).
    runs = re.findall(r"M(\d+) (\d+)h(\d+)v1h-(\d+)z", path.get("d", ""))
    assert "".join(f"M{x} {y}h{w}v1h-{w2}z" for x, y, w, w2 in runs) == path.get("d")
    drawn = {(int(x) + i, int(y)) for x, y, w, _ in runs for i in range(int(w))}
    assert drawn == {(x, y) for y, row in enumerate(matrix) for x, dark in enumerate(row)
                     if dark}


def test_too_small_code_is_refused() -> None:
    """This test ensures a code whose modules a phone cannot resolve is an error."""
    with pytest.raises(ValueError, match=r"QR code of 10 mm has 0\.30 mm modules"):
        qr_svg("https://www.caritas.lt", 10)
