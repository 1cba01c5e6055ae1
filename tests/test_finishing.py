"""Finishing on its own: what `finish` and `impose_saddle_stitch` promise about the bytes they
write (determinism, the /ID, one deflated profile, WeasyPrint's page content untouched)."""

from __future__ import annotations

import hashlib
import io
import re
import time
import uuid
import zlib
from datetime import date

import pikepdf
import pytest
from pikepdf import Name

from pipeline.brand import load_brand
from pipeline.finishing import FinishSpec, finish
from pipeline.finishing.impose import reading_spreads
from pipeline.finishing.intent import OutputCondition, compressed_profile
from pipeline.finishing.marks import Geometry
from pipeline.formats import load_formats
from tests.conftest import REPO

pytestmark = pytest.mark.slow

# Four A5 pages: SVG text with opacity (WeasyPrint gives its group a DeviceRGB blending
# space) and a link (an annotation), both of which finishing must deal with.
HTML = ("<style>@page { size: 148mm 210mm; bleed: 3mm; margin: 20mm }</style>"
        "<svg width='40mm' height='20mm' viewBox='0 0 40 20'><text x='1' y='10' "
        "style='fill: device-cmyk(0 0 0 1); font-size: 8px; opacity: 0.5'>Tekstas</text></svg>"
        "<p><a href='https://www.caritas.lt'>caritas.lt</a></p>"
        + "".join(f"<p style='break-before: page'>Puslapis {n}</p>" for n in range(2, 5)))


@pytest.fixture(scope="module")
def rendered() -> bytes:
    import weasyprint

    return weasyprint.HTML(string=HTML).write_pdf()  # type: ignore[no-any-return]


def spec_for(job_id: str = "leidinys-a5") -> FinishSpec:
    brand, _ = load_brand(REPO / "brand", REPO)
    assert brand is not None
    return FinishSpec(job_id=job_id, title="Leidinys – Ąžuolas", format=load_formats()["A5"],
                      marks=True, date=date(2014, 5, 1),
                      condition=OutputCondition("FOGRA39", "Coated FOGRA39",
                                                brand.profile_path),
                      slug_font=brand.font_file(), producer="build-print test")


def test_same_input_same_bytes_and_the_id_comes_from_the_inputs(rendered: bytes) -> None:
    """This test ensures finishing the same WeasyPrint bytes twice, seconds apart, gives the
    same file, whose /ID and XMP document id are derived from those bytes and the job id
    (not the clock)."""
    first = finish(rendered, spec_for())
    time.sleep(1.1)  # a writer that put the time into the /ID would now write another one
    assert finish(rendered, spec_for()) == first
    digest = hashlib.md5(rendered + b"leidinys-a5", usedforsecurity=False).digest()
    with pikepdf.open(io.BytesIO(first)) as pdf:
        ids = [bytes(part) for part in pdf.trailer.ID]
        xmp = pdf.Root.Metadata.read_bytes().decode()
    assert ids[0] == digest and len(ids[1]) == 16
    assert f"<xmpMM:DocumentID>uuid:{uuid.UUID(bytes=digest, version=4)}</xmpMM:DocumentID>" \
        in xmp
    other = finish(rendered, spec_for("leidinys-kitas"))
    with pikepdf.open(io.BytesIO(other)) as pdf:
        assert bytes(pdf.trailer.ID[0]) != digest


def test_profile_embedded_once_as_deflated_once(rendered: bytes,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures exactly one GTS_PDFX output intent, whose profile is the one stream
    of the file holding the profile, written as the bytes deflated once per process."""
    spec = spec_for()
    finish(rendered, spec)

    def deflate_again(*args: object) -> bytes:
        raise AssertionError("the profile is deflated again")

    monkeypatch.setattr(zlib, "compress", deflate_again)
    pdf_bytes = finish(rendered, spec)
    monkeypatch.undo()
    deflated = compressed_profile(spec.condition.profile)
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        [intent] = pdf.Root.OutputIntents
        assert intent.S == Name.GTS_PDFX
        profile = intent.DestOutputProfile
        assert profile.N == 4 and profile.Filter == Name.FlateDecode
        assert profile.read_raw_bytes() == deflated
        assert profile.read_bytes() == spec.condition.profile.read_bytes()
        streams = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)]
        assert sum(1 for s in streams if s.read_raw_bytes() == deflated) == 1
    # The profile is the largest object of the file.
    assert pdf_bytes.count(deflated) == 1


def test_page_content_is_copied_untouched_between_clip_and_marks(rendered: bytes) -> None:
    """This test ensures WeasyPrint's content stream of every page reaches the file as its
    compressed bytes (never inflated and deflated again), after a clip to the BleedBox and
    before the marks, and the page boxes, annotations and PDF version are those of print."""
    geometry = Geometry.of(load_formats()["A5"], marks=True)
    with pikepdf.open(io.BytesIO(rendered)) as source:
        originals = [page.obj.Contents.read_raw_bytes() for page in source.pages]
        assert any(Name.Annots in page.obj for page in source.pages)  # the link
    out = finish(rendered, spec_for())
    assert out.startswith(b"%PDF-1.6\n")
    with pikepdf.open(io.BytesIO(out)) as pdf:
        assert len(pdf.pages) == 4
        for page, original in zip(pdf.pages, originals, strict=True):
            clip, content, marks = page.obj.Contents
            assert content.read_raw_bytes() == original
            assert clip.read_bytes() == f"q\n{geometry.clip_to_bleed()}\n".encode()
            assert marks.read_bytes().startswith(b"\nQ\nq\n0 0 0 1 K")
            for name, box in (("/TrimBox", geometry.trim), ("/BleedBox", geometry.bleed),
                              ("/MediaBox", geometry.media)):
                assert [float(v) for v in page.obj[name]] == pytest.approx(box, abs=1e-5)
            assert not {"/CropBox", "/ArtBox", "/Annots"} & set(page.obj.keys())
        assert Name.AcroForm not in pdf.Root


def test_info_dictionary_and_xmp(rendered: bytes) -> None:
    """This test ensures the Info dictionary has exactly build-print's keys (WeasyPrint's
    replaced), /Trapped as a name, and the XMP stream is uncompressed."""
    with pikepdf.open(io.BytesIO(finish(rendered, spec_for()))) as pdf:
        info = pdf.docinfo
        assert set(info.keys()) == {
            "/Title", "/Subject", "/Creator", "/Producer", "/CreationDate", "/ModDate",
            "/GTS_PDFXVersion", "/BuildPrintJob", "/BuildPrintScale", "/BuildPrintFormat",
            "/Trapped"}
        assert info.Trapped == Name("/False")
        assert str(info.Title) == "Leidinys – Ąžuolas"
        assert str(info.CreationDate) == "D:20140501000000Z"
        metadata = pdf.Root.Metadata
        assert Name.Filter not in metadata and metadata.Subtype == Name.XML
        assert "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Leidinys – Ąžuolas" \
            in metadata.read_bytes().decode()


def test_rgb_transparency_groups_blend_in_cmyk(rendered: bytes) -> None:
    """This test ensures the DeviceRGB blending space WeasyPrint gives SVG text groups
    becomes DeviceCMYK (GWG R0030)."""
    def spaces(data: bytes) -> list[str]:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return [str(obj.Group.CS) for obj in pdf.objects
                    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream)
                    and Name.Group in obj and Name.CS in obj.Group]

    assert "/DeviceRGB" in spaces(rendered)
    assert set(spaces(finish(rendered, spec_for()))) == {"/DeviceCMYK"}


def test_reading_spreads_are_deterministic_clipped_forms(rendered: bytes) -> None:
    """This test ensures the reading spreads: the same bytes for the same finished file, an
    /ID from it, every page a Form XObject bounded by its TrimBox, placed in reading order
    (the cover alone on the right)."""
    finished = finish(rendered, spec_for())
    spreads = reading_spreads(finished)
    assert spreads == reading_spreads(finished)
    assert spreads.startswith(b"%PDF-1.6\n")
    trim = Geometry.of(load_formats()["A5"], marks=True).trim
    with pikepdf.open(io.BytesIO(spreads)) as pdf:
        assert bytes(pdf.trailer.ID[0]) == hashlib.md5(finished,
                                                        usedforsecurity=False).digest()
        assert len(pdf.pages) == 3
        for page, numbers in zip(pdf.pages, ((1,), (2, 3), (4,)), strict=True):
            assert [float(v) for v in page.obj.TrimBox] == pytest.approx(
                [0, 0, 2 * trim[2], trim[3]], abs=1e-5)
            forms = page.obj.Resources.XObject
            assert sorted(forms.keys()) == sorted(f"/P{n}" for n in numbers)
            for _, form in forms.items():
                assert form.Subtype == Name.Form
                assert [float(v) for v in form.BBox] == pytest.approx(trim, abs=1e-5)
            placed = re.findall(rb"/P(\d+) Do", page.obj.Contents.read_bytes())
            assert [int(n) for n in placed] == list(numbers)
        # The cover on the right half: shifted by one page width (less its trim origin).
        [(shift, _)] = re.findall(rb"q 1 0 0 1 (\S+) \S+ cm /P(\d+) Do",
                                  pdf.pages[0].obj.Contents.read_bytes())
        assert float(shift) == pytest.approx(trim[2] - trim[0], abs=1e-3)
