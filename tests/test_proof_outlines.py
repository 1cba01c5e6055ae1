"""A failed job's proofs outline what failed, visibly on any background (issue 16, item 7)."""

from __future__ import annotations

import io
from pathlib import Path, PurePosixPath

import pytest
import weasyprint
from PIL import Image

from pipeline.build import build
from pipeline.config import load_config
from pipeline.inspection import OUTLINED
from pipeline.proofs import MM, OUTLINE_COLOUR, OUTLINE_PX, Outline, page_name, render_proofs

MAGENTA, BLACK = OUTLINE_COLOUR, (0, 0, 0)


def _near(pixel: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 40 for a, b in zip(pixel, colour, strict=False))


def test_outline_is_a_magenta_and_black_double_stroke_around_the_box() -> None:
    """This test ensures white text on white paper gets a magenta stroke just outside its
    box and a black one outside that, with a label above it."""
    html = ("<style>@page { size: 100mm 100mm; margin: 0 }</style>"
            "<p style='color: white; margin: 40mm 0 0 20mm; font-size: 20pt'>Žmogus</p>")
    pdf = weasyprint.HTML(string=html).write_pdf()
    box = (20.0, 40.0, 60.0, 50.0)
    files = dict(render_proofs(pdf, PurePosixPath("p"), None,
                               [Outline(1, box, "layout-overflow: headline")]))
    image = Image.open(io.BytesIO(files[PurePosixPath("p") / page_name(1)])).convert("RGB")
    scale = image.size[0] / (100 * MM)  # no bleed: the page is the trim
    left, top = box[0] * MM * scale, box[1] * MM * scale
    right, bottom = box[2] * MM * scale, box[3] * MM * scale
    middle_x, middle_y = round((left + right) / 2), round((top + bottom) / 2)
    inner, outer = OUTLINE_PX // 2 + 1, OUTLINE_PX + OUTLINE_PX // 2 + 1
    for x, y, dx, dy in ((left, middle_y, -1, 0), (right, middle_y, 1, 0),
                         (middle_x, bottom, 0, 1)):
        assert _near(image.getpixel((round(x + dx * inner), round(y + dy * inner))), MAGENTA)
        assert _near(image.getpixel((round(x + dx * outer), round(y + dy * outer))), BLACK)
    # The label sits on a magenta field above the top edge.
    above = [image.getpixel((round(left) + i, round(top) - 2 * OUTLINE_PX - 3))
             for i in range(0, 30)]
    assert sum(_near(p, MAGENTA) for p in above) > 10
    # Without outlines nothing is drawn: the page is white.
    plain = dict(render_proofs(pdf, PurePosixPath("p")))
    image = Image.open(io.BytesIO(plain[PurePosixPath("p") / page_name(1)])).convert("RGB")
    assert image.getpixel((round(left) - inner, middle_y)) == (255, 255, 255)


@pytest.mark.slow
def test_a_failed_posters_proof_outlines_the_overflowing_element(project: Path) -> None:
    """This test ensures the proof of a poster whose white headline overflows its coloured
    band has the double stroke drawn round the element's box on page one."""
    path = project / "content" / "posters" / "zmogus-ne-preke.yaml"
    text = path.read_text(encoding="utf-8")
    # 55 characters: too long for the band even at the headline's smallest fitted size.
    headline = "Žmogus – ne prekė, o asmenybė su savo vardu ir teisėmis"
    lead = ("Verbuotojai žada gerą darbą, didelį atlyginimą ar meilę, o vėliau atima "
            "dokumentus, laisvę ir uždarbį; sustok, pasitark su artimaisiais ir kreipkis "
            "pagalbos, kol dar ne vėlu ir kol tai dar įmanoma.")[:200]
    text = text.replace("headline: Žmogus – ne prekė", f"headline: {headline}")
    start, end = text.index("lead: >-"), text.index("message:")
    path.write_text(text[:start] + f"lead: {lead}\n" + text[end:], "utf-8")
    config = load_config(project, project / "output")
    report = build(config, only=("zmogus-ne-preke-kaunas-a3",))
    (result,) = report.results
    failed = [d for d in result.diagnostics if d.code in OUTLINED]
    assert failed, [str(d) for d in result.diagnostics]
    proof = config.output / "proofs" / result.job.id / page_name(failed[0].page or 1)
    image = Image.open(proof).convert("RGB")
    pixels = image.load()
    assert pixels is not None
    width, height = image.size
    magenta = [(x, y) for y in range(0, height, 2) for x in range(width)
               if _near(pixels[x, y], MAGENTA)]
    assert magenta
    # The outline's left edge: a vertical magenta stroke with black just outside it.
    xs = sorted(x for x, _ in magenta)
    left = xs[len(xs) // 20]
    column = [y for x, y in magenta if x == left]
    y = column[len(column) // 2]
    assert any(_near(pixels[left - d, y], BLACK) for d in range(1, 2 * OUTLINE_PX + 1))
