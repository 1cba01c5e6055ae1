"""Small black type and thin black rules: overprint and DeviceGray (GWG R0009–R0012)."""

from __future__ import annotations

import io

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from pipeline.diagnostics import Severity
from pipeline.finishing.intent import OutputCondition, add_output_intent
from pipeline.preflight import Expectations, run_preflight
from tests.pdf_factory import A4, MM, PROFILE


def page(content: bytes) -> bytes:
    """An A4 PDF/X-4-shaped page (3 mm bleed) with ``content``, a font F1 and a state GS1."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=A4)
    obj = pdf.pages[0].obj
    obj.MediaBox = Array([-10 * MM, -10 * MM, A4[0] + 10 * MM, A4[1] + 10 * MM])
    obj.BleedBox = Array([-3 * MM, -3 * MM, A4[0] + 3 * MM, A4[1] + 3 * MM])
    obj.TrimBox = Array([0, 0, *A4])
    glyph = pikepdf.Stream(pdf, b"500 0 0 0 500 700 d1 0 0 500 700 re f")
    font = pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type3, FontBBox=Array([0, 0, 500, 700]),
        FontMatrix=Array([0.001, 0, 0, 0.001, 0, 0]), CharProcs=Dictionary(box=glyph),
        Encoding=Dictionary(Type=Name.Encoding, Differences=Array([65, Name.box])),
        FirstChar=65, LastChar=65, Widths=Array([500]), Resources=Dictionary()))
    obj.Resources = Dictionary(Font=Dictionary(F1=font), ExtGState=Dictionary(
        OP1=Dictionary(Type=Name.ExtGState, OP=True, op=True, OPM=1),
        OP0=Dictionary(Type=Name.ExtGState, OP=True, op=True, OPM=0)))
    obj.Contents = pikepdf.Stream(pdf, content)
    pdf.docinfo[Name.GTS_PDFXVersion] = String("PDF/X-4")
    add_output_intent(pdf, OutputCondition("FOGRA39", "Coated FOGRA39", PROFILE))
    out = io.BytesIO()
    pdf.save(out, force_version="1.6", deterministic_id=True)
    return out.getvalue()


def codes(data: bytes, profile: str) -> dict[str, Severity]:
    return {d.code: d.severity for d in run_preflight(data, Expectations("t.pdf", profile=profile))
            if d.severity is not Severity.INFO}


TEXT = b"BT /F1 10 Tf 100 500 Td (A) Tj ET"


@pytest.mark.parametrize(("content", "found"), [
    (b"0 0 0 1 k " + TEXT, {"overprint-black"}),                    # K 100 text, knocks out
    (b"/OP1 gs 0 0 0 1 k " + TEXT, set()),                         # overprints, OPM 1
    (b"/OP0 gs 0 0 0 1 k " + TEXT, {"overprint-black", "overprint-mode"}),  # OPM 0: no
    (b"0 0 0 1 k BT /F1 14 Tf 100 500 Td (A) Tj ET", set()),       # 14 pt: large enough
    (b"0 g " + TEXT, {"overprint-black", "black-gray"}),            # DeviceGray black text
    (b"/OP1 gs 0 g " + TEXT, {"overprint-gray", "black-gray"}),      # grey set to overprint
    (b"0 0 0 1 K 1 w 100 100 m 300 100 l S", {"overprint-black"}),  # a 1 pt K rule
    (b"0 0 0 1 K 3 w 100 100 m 300 100 l S", set()),                # 3 pt: thick enough
    (b"0.5 0.4 0.4 1 k " + TEXT, set()),                            # rich black: not 100 % K
])
def test_small_black_under_gwg(content: bytes, found: set[str]) -> None:
    """This test ensures the GWG profile warns on small black that does not overprint (R0009,
    R0010), on DeviceGray black (R0011, R0012) and grey overprint (R0013), and not on black
    that overprints with OPM 1, large type, thick rules or rich black."""
    result = codes(page(content), "gwg2015-sheetfed")
    assert set(result) == found
    assert all(severity is Severity.WARNING for severity in result.values())


def test_the_campaign_profile_leaves_black_overprint_to_the_printer() -> None:
    """This test ensures the campaign profile switches R0009/R0010 off (its printers overprint
    100 % K in the RIP) but still flags black in DeviceGray."""
    assert codes(page(b"0 0 0 1 k " + TEXT), "campaign") == {}
    assert codes(page(b"0 g " + TEXT), "campaign") == {"black-gray": Severity.WARNING}
