"""Office sheets in greyscale (issue 17 item 1): colour operators rewritten in DeviceGray."""

from __future__ import annotations

import io

import pikepdf
import pytest

from pipeline.finishing.grey import grey_of, to_grey


def test_grey_of_follows_the_pdf_conversions() -> None:
    """This test ensures 100 % K and RGB black are black, 60 % K is 0.4, RGB white is white
    and a CMYK colour gets the grey of PDF 32000-1's conversion (1 − min(1, .3c+.59m+.11y+k))."""
    assert grey_of([0, 0, 0, 1]) == 0 and grey_of([0, 0, 0, 0.6]) == pytest.approx(0.4)
    assert grey_of([0, 0, 0]) == 0 and grey_of([1, 1, 1]) == pytest.approx(1)
    assert grey_of([1, 0, 0, 0]) == pytest.approx(0.7)
    assert grey_of([0.25]) == 0.25


def test_pages_forms_and_groups_are_rewritten_in_devicegray() -> None:
    """This test ensures k/K, rg/RG and cs/scn in CMYK on a page and in a form it draws come
    out as DeviceGray with the same lightness (yellow: 0.89), a transparency group blends in
    DeviceGray, and what is not colour (paths, the form's drawing) is kept."""
    pdf = pikepdf.new()
    form = pdf.make_stream(b"0 0 1 0 k 0 0 5 5 re f", Type=pikepdf.Name.XObject,
                           Subtype=pikepdf.Name.Form, BBox=[0, 0, 10, 10],
                           Group=pikepdf.Dictionary(S=pikepdf.Name.Transparency,
                                                    CS=pikepdf.Name.DeviceCMYK))
    pdf.add_blank_page(page_size=(100, 100))
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm0=form))
    page.obj.Contents = pdf.make_stream(
        b"/DeviceCMYK cs 0 0 0 1 scn 10 10 20 20 re f "
        b"/DeviceCMYK CS 0 0 0 0.6 SCN 1 0 0 RG 0 0 m 50 50 l S /Fm0 Do")
    to_grey(pdf)
    saved = io.BytesIO()
    pdf.save(saved)
    with pikepdf.open(saved) as again:
        page_ops = [(str(i.operator), [float(v) if not isinstance(v, pikepdf.Name) else str(v)
                                       for v in i.operands])
                    for i in pikepdf.parse_content_stream(again.pages[0])]
        assert page_ops == [("cs", ["/DeviceGray"]), ("scn", [0.0]), ("re", [10, 10, 20, 20]),
                            ("f", []), ("CS", ["/DeviceGray"]), ("SCN", [pytest.approx(0.4)]),
                            ("G", [pytest.approx(0.3)]), ("m", [0, 0]), ("l", [50, 50]),
                            ("S", []), ("Do", ["/Fm0"])]
        drawn = again.pages[0].Resources.XObject.Fm0
        assert [(str(i.operator), [float(v) for v in i.operands])
                for i in pikepdf.parse_content_stream(drawn)] == [
            ("g", [pytest.approx(0.89)]), ("re", [0, 0, 5, 5]), ("f", [])]
        assert pikepdf.Name.DeviceGray == drawn.Group.CS
