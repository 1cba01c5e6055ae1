"""The format catalogue: sizes from ISO 216/269 and the outdoor specs, as data."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pipeline.formats import PrintFormat, load_formats


@pytest.mark.parametrize(("fid", "trim", "page"), [
    ("A5", (148, 210), (148, 210)), ("A4", (210, 297), (210, 297)),
    ("A3", (297, 420), (297, 420)), ("A2", (420, 594), (420, 594)),
    ("A1", (594, 841), (594, 841)), ("B2", (500, 707), (500, 707)),
    ("B1", (707, 1000), (707, 1000)), ("DL", (99, 210), (99, 210)),
    ("A4-trifold", (297, 210), (297, 210)),
    ("billboard-6x3", (6000, 3000), (600, 300)),
    ("citylight", (1185, 1750), (1185, 1750)),
])
def test_catalogue_sizes(fid: str, trim: tuple[float, float], page: tuple[float, float]) -> None:
    """This test ensures every format the campaign prints is in the catalogue with its size."""
    fmt = load_formats()[fid]
    assert fmt.trim_mm == trim
    assert fmt.page_mm == page
    assert fmt.safe_mm > 0 and fmt.viewing_distance_m > 0 and fmt.min_ppi < fmt.good_ppi


def test_billboard_is_scaled_and_tri_fold_has_panels() -> None:
    """This test ensures large formats carry their scale and the tri-fold its panel widths."""
    formats = load_formats()
    assert formats["billboard-6x3"].scale_label == "1:10"
    assert formats["billboard-6x3"].page_bleed_mm == 2
    assert formats["A4-trifold"].panels_mm == (100, 100, 97)
    assert formats["citylight"].visible_mm == (1160, 1720)
    assert formats["A2"].qr_mm >= 20 and formats["A3"].qr_mm >= 20


def test_page_over_5080_mm_needs_a_scale() -> None:
    """This test ensures a format too large for a PDF page is refused unless scaled."""
    with pytest.raises(ValidationError, match="exceeds 5080 mm; give a scale"):
        PrintFormat(id="x", name="x", trim_mm=(6000, 3000), bleed_mm=3, safe_mm=5,
                    viewing_distance_m=50, min_ppi=30, good_ppi=45, qr_mm=0,
                    scan_distance_m=50)
