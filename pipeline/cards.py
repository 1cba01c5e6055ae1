"""Building one social media card: render → inspect → rasterise → check → write.

The card's layout is rendered by WeasyPrint (a renderer that leaves images as they are: a
card is sRGB, never the CMYK print copy of a photo), its layout inspected like a print
job's (overflow, collisions, lines' ink), its page rasterised by pdfium at exactly the
format's pixels, checked on those pixels and its text (``compliance/screen.py``), and
written as ``social/<subject>-<format>.png`` (lossless) and ``.jpg`` (under
``social.MAX_JPEG_BYTES``), both with the sRGB profile embedded, beside its alt text and
caption (``.txt``). A card with an error finding is written only as
``rejected/social/….png`` for inspection; the last good card stays where it was.
"""

from __future__ import annotations

import io
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from pipeline.compliance.screen import check_card
from pipeline.composition import measures
from pipeline.diagnostics import Diagnostic, error, has_errors
from pipeline.glyphs import check_glyphs
from pipeline.hashing import FileState
from pipeline.ink import FontSet
from pipeline.inspection import inspect_layout
from pipeline.jobs import Job, page_limit, rejected_path
from pipeline.output import write_atomic
from pipeline.pdffile import PdfFile
from pipeline.refusals import own_files, render_findings
from pipeline.render.boxes import frames
from pipeline.results import JobOutcome
from pipeline.social import JPEG_QUALITY, MAX_JPEG_BYTES, PX_MM, SocialFormat, srgb_profile
from pipeline.typography import Typography

if TYPE_CHECKING:
    from PIL import Image

    from pipeline.session import BuildSession

def rasterise(pdf: PdfFile, card: SocialFormat) -> Image.Image:
    """The card's one page as RGB at exactly ``card.size_px`` (pdfium).

    The page is laid out at the format's size in CSS px (0.75 pt each), so the scale is
    width in px ÷ width in pt; pdfium rounds a fraction of a pixel up, which is cropped.
    ``ValueError`` if the page is not the card's size (a layout that set another).
    """
    width_pt, height_pt = pdf.page(0).get_size()
    if abs(width_pt / 0.75 - card.width) > 0.5 or abs(height_pt / 0.75 - card.height) > 0.5:
        raise ValueError(f"the page is {width_pt / 0.75:.1f} × {height_pt / 0.75:.1f} px, "
                         f"not {card.width} × {card.height} px")
    image = pdf.render(0, None, card.width / width_pt, may_draw_forms=False)
    return image.crop((0, 0, card.width, card.height))


def encode(image: Image.Image) -> tuple[bytes, bytes]:
    """The card as PNG (lossless) and JPEG (``JPEG_QUALITY``), each with the sRGB profile.

    The PNG at zlib's default level 6: on the sample's cards level 9 took four times as long
    (1.55 s against 0.39 s for 12 cards) for files 3 % smaller (146 KiB against 150 KiB).
    """
    profile = srgb_profile()
    png, jpeg = io.BytesIO(), io.BytesIO()
    image.save(png, "PNG", icc_profile=profile, compress_level=6)
    image.save(jpeg, "JPEG", icc_profile=profile, quality=JPEG_QUALITY, optimize=True,
               subsampling="4:4:4")
    return png.getvalue(), jpeg.getvalue()


def build_card(job: Job, html: str, session: BuildSession, outcome: JobOutcome) -> JobOutcome:
    """Every stage of the card ``job`` whose layout made ``html``; what building it produced.

    Findings: the layout's (``inspection``), characters no brand font has, the card checks
    (``compliance.screen.check_card``: the rule pack on pixels and text, screen colours,
    cap height, zones) and ``card-jpeg-size`` (an error past ``MAX_JPEG_BYTES``); a page
    that is not the format's size is a ``card-size`` error and nothing is written.
    """
    card = job.card
    assert card is not None, "a card job has its format"
    project = session.project
    diagnostics = outcome.diagnostics
    fitted = session.fitter().fit(html)  # the headline sized to its frame
    engine = session.renderer("as-is")
    rendered = engine.render(fitted.html, max_pages=page_limit(job))
    engine.write(rendered)  # the page rasterised and its text read: the card's own PDF
    outcome.inputs = {str(path): FileState.of(path)
                      for path in sorted({*rendered.served, *session.fixed_inputs()})}
    diagnostics += render_findings(job, project, rendered)
    document, boxes, text_lines = rendered.document, rendered.boxes, rendered.lines
    outcome.pages = len(document.pages)
    framed = frames(document)
    fonts = FontSet.of(project.brand)
    diagnostics += inspect_layout(document, boxes, job, fonts, framed=framed,
                                  text_lines=text_lines)
    diagnostics += [error("copyfit", short.message(), job=job.id, source=job.source, page=1,
                          element=short.element, measured=f"{short.overflow_mm / PX_MM:.0f} px")
                    for short in fitted.shortfalls]
    outcome.typography = Typography(fitted=fitted.report(boxes),
                                    **measures(text_lines, boxes, framed, diagnostics))
    diagnostics += check_glyphs(session.uncovered, own_files(job, project), boxes, job.id)
    with PdfFile(rendered.pdf) as pdf:
        try:
            image = rasterise(pdf, card)
        except ValueError as exc:  # a layout that set another page size
            diagnostics.append(error("card-size", f"{exc}: the layout must keep "
                                     "social/card.html.j2's page", job=job.id,
                                     source=f"layouts/{job.layout}"))
            return outcome
        diagnostics += check_card(document, boxes, text_lines, pdf, image, job=job.id,
                                  card=card, pack=project.pack, fonts=fonts)
    png, jpeg = encode(image)
    if len(jpeg) >= MAX_JPEG_BYTES:
        diagnostics.append(error("card-jpeg-size", f"the JPEG is {len(jpeg):,} bytes; platforms "
                                 f"and mobile data want it under {MAX_JPEG_BYTES:,}",
                                 job=job.id, measured=f"{len(jpeg)} B",
                                 threshold=f"< {MAX_JPEG_BYTES} B"))
    return _write(outcome, job, session, png, jpeg, diagnostics)


def _write(outcome: JobOutcome, job: Job, session: BuildSession, png: bytes, jpeg: bytes,
           diagnostics: list[Diagnostic]) -> JobOutcome:
    """Write the card's files (or its rejected PNG), each atomically; record them."""
    output = session.project.config.output
    files: list[tuple[PurePosixPath, bytes]]
    if has_errors(diagnostics):
        files = [(rejected_path(job), png)]
        outcome.file = rejected_path(job).as_posix()
    else:
        files = [(job.output, png), (job.output.with_suffix(".jpg"), jpeg)]
        if job.text_output is not None:
            files.append((job.text_output[0], job.text_output[1].encode("utf-8")))
        outcome.written = True
        outcome.file = job.output.as_posix()
        (output / rejected_path(job)).unlink(missing_ok=True)
    for relative, data in files:
        path = write_atomic(output, relative, data)
        outcome.outputs[relative.as_posix()] = FileState.of(path)
    return outcome
