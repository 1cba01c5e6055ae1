"""Building one job: the stages in order, each on what the one before produced.

render (WeasyPrint, through the project-only URL fetcher) → pad a saddle-stitched book to
whole sheets → resample oversized images → inspect the layout (overflow, safe area, folds,
text size, QR size) → find the pages showing content characters no brand font has →
finish (boxes, marks, output intent, metadata) → preflight the final bytes → decode every
QR code → EU publicity compliance (or the spoken credit of a radio item) → write the PDF
and what goes with it, or the rejected file → PNG proofs.

Runs in a worker process; imported only when something is to be rendered, so a build that
reuses everything never loads the engines.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline import __version__
from pipeline.book import hyphenation_warnings, lay_out_book, padding_note
from pipeline.compliance import check_job, check_spoken
from pipeline.compliance.colours import forms as emblem_forms
from pipeline.composition import measures
from pipeline.diagnostics import Diagnostic, Severity, error, has_errors
from pipeline.errors import FinishingError, PageLimitError, RenderError
from pipeline.finishing import FinishSpec, finish
from pipeline.finishing.impose import reading_spreads
from pipeline.finishing.intent import OutputCondition, compressed_profile
from pipeline.glyphs import check_glyphs
from pipeline.hashing import FileState
from pipeline.images import downsample_limits
from pipeline.ink import FontSet
from pipeline.inspection import BOTH, inspect_layout, outlines
from pipeline.jobs import Job, page_limit, rejected_path, spreads_path
from pipeline.output import write_atomic
from pipeline.pdffile import PdfFile
from pipeline.preflight import DEFAULT_PROFILE, OFFICE_PROFILE, Expectations, run_preflight
from pipeline.preflight.checks.bleed import BLEED_RASTER
from pipeline.products import KINDS
from pipeline.products.publication import DIGITAL
from pipeline.project import Project
from pipeline.proofs import Outline, Overlay, ProofRaster, render_proofs
from pipeline.qrverify import check_qr_sizes, decode_qr_codes
from pipeline.refusals import own_files, render_findings
from pipeline.render.boxes import Placed, frames
from pipeline.render.fitted import Fitted
from pipeline.render.pdf import Rendered
from pipeline.results import JobOutcome
from pipeline.session import BuildSession
from pipeline.ticket import Ticket
from pipeline.typography import Typography

PRODUCER = f"build-print {__version__}"
"""The Producer and CreatorTool of every PDF build-print writes."""


WARM_UP = ("<p lang='lt' style='hyphens: auto; font-family: {family}'>Prekybos žmonėmis "
           "prevencijos kampanija: atpažinti, padėti, bendradarbiauti.</p>"
           "<svg width='10mm' height='10mm' viewBox='0 0 1 1'><path d='M0 0h1v1z' "
           "fill='device-cmyk(0 0 0 1)'/></svg>")


def warm_up(session: BuildSession) -> None:
    """Pay in a new worker process what its first job would otherwise pay.

    Run as soon as the worker starts (while the build process is still deciding what to
    rebuild): WeasyPrint's first layout with the brand fonts, hyphenation and SVG, the
    output profile deflated, the emblem check's reference colours, the characters of the
    content that no brand font has.
    """
    brand, renderer = session.project.brand, session.renderer()
    renderer.write(renderer.render(f"<style>{brand.font_face_css}</style>" + "".join(
        WARM_UP.format(family=brand.family(role)) for role in brand.font_files)))
    compressed_profile(brand.profile_path)
    emblem_forms()  # renders the process colours once
    _ = session.uncovered  # the brand fonts' cmaps read, the content looked up


def build_job(job: Job, html: str, session: BuildSession) -> JobOutcome:
    """Every stage for ``job`` whose layout made ``html``; what building it produced.

    The files are written here: the PDF with its job ticket (and prompter text, printer
    spreads) when no finding is an error; else the finished PDF under rejected/, or nothing
    but proofs when the layout failed its inspection or finishing; the PNG proofs when the
    options ask for them. A ``PageLimitError``, a ``FinishingError`` or a ``RenderError``
    (the layout run again to pad a booklet) becomes an error finding of this job
    (``page-limit``, ``finishing``, ``render-template``): the other jobs go on.
    """
    outcome = JobOutcome(list(job.findings))
    try:
        if job.card is not None:  # a social media card: pixels, not a print PDF
            from pipeline.cards import build_card

            return build_card(job, html, session, outcome)
        return _build(job, html, session, outcome)
    except PageLimitError as exc:
        outcome.diagnostics.append(error("page-limit", exc.detail, job=job.id, source=job.source))
        return outcome
    except RenderError as exc:
        outcome.diagnostics.append(error("render-template", exc.detail, job=job.id,
                                         source=job.source))
        return outcome


def _build(job: Job, html: str, session: BuildSession, outcome: JobOutcome) -> JobOutcome:
    if job.product == DIGITAL:
        return _digital(job, session, outcome)
    project = session.project
    renderer = session.renderer()
    diagnostics = outcome.diagnostics
    fmt = job.format
    max_pages = page_limit(job)
    fitted = session.fitter().fit(html)  # display text sized to its frames
    html = fitted.html
    book = job.product == "publication"

    def lay_out(**options: Any) -> tuple[Rendered, int]:
        if book:  # part by part, hyphenation mended, made up to whole sheets (book.py)
            return lay_out_book(job, session, max_pages=max_pages, **options)
        return renderer.render(html, max_pages=max_pages, **options), 0

    rendered, padding = lay_out()
    # Images far above the need are resampled and the page laid out again (when a designer
    # drops in a camera original). WeasyPrint's own `dpi` option misjudges images inside
    # positioned boxes, so the placed size is taken from the laid-out boxes.
    limits = downsample_limits(rendered.boxes, project.config.root, fmt.max_ppi * fmt.scale)
    if limits:
        rendered, padding = lay_out(image_limits=limits)
    if book:
        diagnostics += hyphenation_warnings(rendered, job) + padding_note(rendered, padding, job)
    else:  # written once, from the layout kept (a book's parts were joined, so written)
        renderer.write(rendered)
    boxes = rendered.boxes  # read once per layout
    outcome.inputs = {str(path): FileState.of(path)
                      for path in sorted({*rendered.served, *session.fixed_inputs()})}
    diagnostics += render_findings(job, project, rendered)
    # Layout inspection first: a clipped or overflowing layout is not worth finishing.
    outcome.pages = len(rendered.document.pages)
    framed, text_lines = frames(rendered.document), rendered.lines
    layout = inspect_layout(rendered.document, boxes, job, FontSet.of(project.brand),
                            framed=framed, text_lines=text_lines)
    diagnostics += _fit_findings(fitted, layout, boxes, job, project)
    outcome.typography = Typography(fitted=fitted.report(boxes),
                                    **measures(text_lines, boxes, framed, diagnostics))
    diagnostics += check_qr_sizes(boxes, job)
    layout_failed = has_errors(diagnostics)
    # A character no brand font has fails the job, located in the content and on its page,
    # but the file is still finished: rejected/ shows what the printer would have got.
    diagnostics += check_glyphs(session.uncovered, own_files(job, project), boxes, job.id)
    if layout_failed:  # proofs of the layout as it is, outlining what overflowed
        return _write(outcome, job, session, [],
                      _proofs(job, session, rendered.pdf, outlines(boxes, diagnostics)))
    try:
        final = finish(rendered.pdf, finish_spec(job, project))
    except FinishingError as exc:
        diagnostics.append(error("finishing", str(exc), job=job.id, source=job.source))
        return _write(outcome, job, session, [], _proofs(job, session, rendered.pdf))
    # One parse of the final bytes, each page rendered once for bleed check and proofs;
    # closed before the files are written (what it parsed is no longer needed).
    with PdfFile(final, [BLEED_RASTER, *_proof_use(job, session)]) as file:
        expect = replace(expectations(job, project), image_sources={
            size: project.config.display(path)
            for size, path in rendered.image_sources.items()})
        diagnostics += [d for d in run_preflight(file, expect)
                        if d.severity is not Severity.INFO]
        diagnostics += decode_qr_codes(boxes, file, job)
        # Compliance keeps its passes: the report shows what was verified, not only what
        # failed.
        if job.spoken_text is not None:
            diagnostics += _spoken_credit(job, project)
        else:
            diagnostics += check_job(rendered.document, boxes, file, job=job.id,
                                     product=job.product, scale=fmt.scale, pack=project.pack)
        proofs = _proofs(job, session, file)
    files: list[tuple[PurePosixPath, bytes]] = []
    if has_errors(diagnostics):
        files.append((rejected_path(job), final))
        outcome.file = rejected_path(job).as_posix()
    else:
        files.append((job.output, final))
        if job.press:
            brand = project.brand.data.output
            ticket = Ticket(job, outcome.pages, brand.identifier, brand.condition, len(final))
            files += [(job.output.with_suffix(".job.txt"), ticket.text().encode("utf-8")),
                      (job.output.with_suffix(".job.json"), json.dumps(
                          ticket.to_json(), ensure_ascii=False, indent=2).encode("utf-8")
                       + b"\n")]
        if job.text_output is not None:
            files.append((job.text_output[0], job.text_output[1].encode("utf-8")))
        if job.reading_spreads and session.options.proofs:
            files.append((spreads_path(job), reading_spreads(final)))
        outcome.written = True
        outcome.file = job.output.as_posix()
    return _write(outcome, job, session, files, proofs)


def _digital(job: Job, session: BuildSession, outcome: JobOutcome) -> JobOutcome:
    """A book's digital edition (``digital.py``): made, checked, written.

    Checked on its final bytes against the print edition in output/ (an input: a new print
    edition rebuilds it).
    """
    from pipeline.digital import check_final, make_edition

    rendered, final, printed = make_edition(job, session, PRODUCER)
    outcome.pages = len(rendered.document.pages)
    outcome.diagnostics += render_findings(job, session.project, rendered)
    outcome.inputs = {str(path): FileState.of(path) for path in sorted(
        {*rendered.served, *session.fixed_inputs(), *printed})}
    with PdfFile(final, _proof_use(job, session)) as file:
        outcome.diagnostics += check_final(job, file, printed)
        proofs = _proofs(job, session, file)
    where = rejected_path(job) if has_errors(outcome.diagnostics) else job.output
    outcome.written, outcome.file = where == job.output, where.as_posix()
    return _write(outcome, job, session, [(where, final)], proofs)


def _proof_use(job: Job, session: BuildSession, marked: Sequence[Outline] = ()
               ) -> list[ProofRaster]:
    """The proofs' use of the page rasters, if the options ask for proofs."""
    fmt = job.format
    overlay = Overlay(fmt.page_safe_mm, job.folds_mm) if session.options.overlay else None
    return [ProofRaster(overlay, tuple(marked))] if session.options.proofs else []


def _proofs(job: Job, session: BuildSession, pdf: bytes | PdfFile,
            marked: Sequence[Outline] = ()) -> list[tuple[PurePosixPath, bytes]] | None:
    """The PNG proofs of ``pdf`` (``None`` when the options ask for none).

    ``pdf``: the final file (its rasters shared with the bleed check), or the layout that
    failed its inspection (``marked``: the elements its proofs outline).
    """
    uses = _proof_use(job, session, marked)
    if not uses:
        return None
    [use] = uses
    return render_proofs(pdf, PurePosixPath("proofs") / job.id, use.overlay, use.outlines)


def _write(outcome: JobOutcome, job: Job, session: BuildSession,
           files: list[tuple[PurePosixPath, bytes]],
           proofs: list[tuple[PurePosixPath, bytes]] | None) -> JobOutcome:
    """Write ``files`` and ``proofs``, each atomically; record what was written."""
    if proofs is not None:
        outcome.proofs = [path.as_posix() for path, _ in proofs]
        files = files + proofs
    output = session.project.config.output
    for relative, data in files:
        path = write_atomic(output, relative, data)
        outcome.outputs[relative.as_posix()] = FileState.of(path)
    _remove_leftovers(output, job, outcome)
    return outcome


def _remove_leftovers(output: Path, job: Job, outcome: JobOutcome) -> None:
    """Remove the files of an earlier build of ``job`` that no longer apply.

    The rejected copy once it passes; proofs of pages it no longer has, and reading
    spreads this build did not write (of a rejected book); the book spreads earlier
    versions wrote beside the print PDF (``<id>-spreads.pdf``: a proof now, never for the
    printer); job tickets of a job that goes to no printer (radio sheets). (A stale print
    file is kept: never lose a good file.)
    """
    if outcome.written:
        (output / rejected_path(job)).unlink(missing_ok=True)
        (output / job.output.with_name(job.output.stem + "-spreads.pdf")).unlink(
            missing_ok=True)
        if not job.press:
            for suffix in (".job.txt", ".job.json"):
                (output / job.output.with_suffix(suffix)).unlink(missing_ok=True)
    folder = output / "proofs" / job.id
    if folder.is_dir():
        keep = {Path(p).name for p in outcome.proofs} | {
            Path(p).name for p in outcome.outputs if p == spreads_path(job).as_posix()}
        for path in [*folder.glob("*.png"), *folder.glob("spreads.pdf")]:
            if path.name not in keep:
                path.unlink()


def _fit_findings(fitted: Fitted, layout: list[Diagnostic], boxes: list[Placed], job: Job,
                  project: Project) -> list[Diagnostic]:
    """The layout findings; a frame copyfitting could not fit is blamed on what grows.

    The error names the element, its content file, line and field, by how much and what
    would fit, instead of the overflow of whichever element the frame happens to end with
    and the collisions of the elements it pushed out (the consequences, not the cause).
    """
    item = project.item(job.source)
    found = []
    for short in fitted.shortfalls:
        pushed = {b.element for b in boxes if b.frame == short.frame}
        layout = [d for d in layout if not (
            d.code in ("layout-overflow", "layout-collision") and d.element is not None
            and pushed & set(d.element.split(BOTH)))]
        where: dict[str, int | str] = {}
        if item is not None and short.field:
            path = tuple(int(p) if p.isdigit() else p for p in short.field.split("."))
            where = {"line": item.doc.line_of(path), "field": short.field}
        pages = [b.page for b in boxes if b.frame == short.frame and b.element == short.element]
        found.append(error("copyfit", short.message(), job=job.id, source=job.source,
                           page=min(pages, default=None), element=short.element,
                           measured=f"{short.overflow_mm:.1f} mm", **where))
    return found + layout


def _spoken_credit(job: Job, project: Project) -> list[Diagnostic]:
    """The rule pack's audio credit finding, and an error when the credit is missing on air.

    Issue #7: the error is located at the field of the content that is read on air (the
    kind's ``spoken_field``).
    """
    findings = check_spoken(job.spoken_text or "", job=job.id, pack=project.pack)
    if any(d.severity is not Severity.INFO for d in findings):
        item = project.item(job.source)
        where: dict[str, int | str | None] = {}
        spoken = KINDS[item.kind].spoken_field if item is not None else None
        if item is not None and spoken is not None:
            where = {"line": item.doc.line_of((spoken,)), "field": spoken}
        findings.append(error("radio-credit", "the spoken funding credit is missing: say "
                              "the EU and the Fund (" + (findings[0].threshold or "") + ")",
                              job=job.id, source=job.source, **where))
    return findings


def finish_spec(job: Job, project: Project) -> FinishSpec:
    """What finishing needs for ``job``: marks, date, output condition, slug font.

    The date is the production date, else the start of the campaign.
    """
    brand = project.brand
    return FinishSpec(
        job_id=job.id, title=job.title, format=job.format, marks=job.production.marks,
        date=job.production.date or project.campaign.period.start,
        condition=OutputCondition(brand.data.output.identifier, brand.data.output.condition,
                                  brand.profile_path, brand.data.output.registry),
        slug_font=brand.font_file("sans"), producer=PRODUCER, folds_mm=job.folds_mm,
        press=job.press)


def expectations(job: Job, project: Project) -> Expectations:
    """What preflight expects of ``job``'s file.

    Trim and bleed in mm as laid out in the file, the page count, the scale, the ppi
    thresholds of its format (formats.yaml) and the brand fonts; an office sheet (not
    ``job.press``) under the ``office`` profile (greyscale, no PDF/X).
    """
    fmt = job.format
    return Expectations(job=job.id, trim_mm=fmt.page_mm, bleed_mm=fmt.page_bleed_mm,
                        pages=job.pages, scale=fmt.scale, min_ppi=fmt.min_ppi,
                        good_ppi=fmt.good_ppi, brand=project.brand,
                        profile=DEFAULT_PROFILE if job.press else OFFICE_PROFILE)
