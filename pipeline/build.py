"""The orchestrator: the only module that knows the order of the stages.

load brand → load + validate content (all problems at once; stop if any) → expand jobs →
for each job: render HTML → lay out (WeasyPrint) → inspect the layout (overflow, safe area,
pages) → finish (pypdf: boxes, marks, output intent, metadata) → preflight the final bytes →
write PDF and job ticket atomically → report.json. A job with an error-level finding is not
written, so the last good file in output/ stays in place.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from pipeline import __version__
from pipeline.brand import Brand, load_brand
from pipeline.compliance import check_campaign, check_job, check_spoken, load_pack
from pipeline.compliance.report import compliance_report
from pipeline.config import ProjectConfig
from pipeline.content.loader import Project, load_project
from pipeline.diagnostics import (
    Diagnostic,
    Severity,
    error,
    has_errors,
    info,
    sort_key,
    warning,
)
from pipeline.errors import ContentError, FinishingError, RenderError
from pipeline.finishing import FinishSpec, finish
from pipeline.finishing.impose import impose_saddle_stitch
from pipeline.finishing.intent import OutputCondition
from pipeline.formats import load_formats
from pipeline.images import CmykConverter, downsample_limits
from pipeline.inspect import inspect_layout
from pipeline.jobs import Job, select
from pipeline.output import write_atomic, write_json
from pipeline.preflight import Expectations, run_preflight
from pipeline.products import KINDS
from pipeline.qrverify import check_qr_sizes, decode_qr_codes
from pipeline.render.boxes import placed
from pipeline.render.templates import make_environment, render_template
from pipeline.ticket import job_ticket

PRODUCER = f"build-print {__version__}"


@dataclass
class JobResult:
    """What happened to one job."""

    job: Job
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: bool = False
    seconds: float = 0.0
    pages: int = 0

    @property
    def status(self) -> str:
        """``fail``, ``warn`` or ``pass``."""
        if has_errors(self.diagnostics):
            return "fail"
        warned = any(d.severity is Severity.WARNING for d in self.diagnostics)
        return "warn" if warned else "pass"


@dataclass
class BuildReport:
    """The outcome of a build: every job and every finding."""

    results: list[JobResult]
    seconds: float
    campaign: list[Diagnostic] = field(default_factory=list)
    """Findings about the campaign as a whole (e.g. POSTER-A3)."""

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """All findings of all jobs and of the campaign, in report order."""
        return [d for r in self.results for d in r.diagnostics] + self.campaign

    @property
    def failed(self) -> bool:
        """True when any error-level finding remains."""
        return has_errors(self.diagnostics)

    def to_json(self) -> dict[str, Any]:
        """The content of output/report.json."""
        return {
            "version": __version__,
            "jobs": [{"id": r.job.id, "kind": r.job.kind, "source": r.job.source,
                      "output": r.job.output.as_posix() if r.written else None,
                      "status": r.status, "variant": dict(r.job.variant),
                      "findings": [d.to_json() for d in r.diagnostics]} for r in self.results],
            "campaign": [d.to_json() for d in self.campaign],
        }


def load(config: ProjectConfig) -> Project:
    """Load brand and content; raise ``ContentError`` with every problem found."""
    formats = load_formats()
    brand, diagnostics = load_brand(config.brand, config.root)
    project, problems = load_project(config, brand, formats)
    diagnostics += problems
    if project is None or diagnostics:
        raise ContentError(sorted(diagnostics, key=sort_key))
    return project


def plan(project: Project, only: tuple[str, ...] = ()) -> list[Job]:
    """Every job of the project (or those matching ``only``), in a stable order."""
    jobs = [job for item in project.items for job in KINDS[item.kind].expand(item, project)]
    for kind in KINDS.values():
        if kind.collect is not None:
            jobs += kind.collect(project)
    return select(jobs, only)


def build(config: ProjectConfig, *, only: tuple[str, ...] = (),
          progress: Callable[[Job, int, int], None] | None = None) -> BuildReport:
    """Build every selected job of the project in ``config``."""
    started = time.perf_counter()
    project = load(config)
    jobs = plan(project, only)
    env = make_environment(config.layouts)
    converter = CmykConverter(project.brand.profile_path, config.output / ".cache" / "images",
                              config.output)
    renderer = make_renderer(project, convert_image=converter.convert)
    results: list[JobResult] = []
    page_counts: dict[str, int] = {}
    for index, job in enumerate(jobs):
        if progress:
            progress(job, index, len(jobs))
        if job.depends_on is not None and job.finalise is not None:
            # A cover is sized from its book, built just before it (see plan()).
            if job.depends_on not in page_counts:
                results.append(JobResult(job, [error(
                    "depends-on", f"needs {job.depends_on} built first (add it to --only)",
                    job=job.id, source=job.source)]))
                continue
            job = job.finalise(page_counts[job.depends_on])
        result = _build_job(job, project, env, renderer)
        if result.pages:
            page_counts[job.id] = result.pages
        results.append(result)
    pack = load_pack(project.campaign.funding.rule_pack)
    # Campaign-wide rules look at everything the content defines, not only this selection.
    posters = [(job.id, job.format.trim_mm) for job in plan(project) if job.kind == "poster"]
    report = BuildReport(results, time.perf_counter() - started,
                         campaign=check_campaign(pack, posters))
    write_json(config.output, "report.json", report.to_json())
    write_atomic(config.output, "compliance.html",
                 compliance_report(report, pack, project.campaign.title).encode("utf-8"))
    return report


def make_renderer(project: Project, convert_image: Any = None) -> Any:
    """The WeasyPrint renderer of ``project``: it may read layouts/, brand/, content/ and the
    brand's font packages, nothing else."""
    from pipeline.render.pdf import Renderer  # WeasyPrint import is slow: only when rendering

    config = project.config
    return Renderer(config.root, allowed_roots=(config.layouts, config.brand, config.content,
                                                *project.brand.font_dirs),
                    convert_image=convert_image)


def _build_job(job: Job, project: Project, env: Any, renderer: Any) -> JobResult:
    result = JobResult(job, list(job.findings))
    started = time.perf_counter()
    try:
        html = render_template(env, job.layout, template_context(job, project), job=job.id)
    except RenderError as exc:
        result.diagnostics.append(error("render-template", str(exc), job=job.id,
                                        source=job.source))
        return result
    fmt = job.format
    rendered = renderer.render(html)
    if job.page_multiple and len(rendered.document.pages) % job.page_multiple:
        # Saddle stitch: blank pages before the back cover make up the last sheet.
        count = len(rendered.document.pages)
        padding = job.page_multiple - count % job.page_multiple
        html = render_template(env, job.layout,
                               {**template_context(job, project), "padding": padding},
                               job=job.id)
        rendered = renderer.render(html)
        result.diagnostics.append(info(
            "pages-padded", f"{padding} blank page(s) added before the back cover: "
            f"{count} → {len(rendered.document.pages)} pages (a multiple of "
            f"{job.page_multiple})", job=job.id, source=job.source))
    # Images far above the need are resampled and the page laid out again (rare: only when
    # a designer drops in a camera original). WeasyPrint's own `dpi` option misjudges images
    # inside positioned boxes, so the placed size is taken from the laid-out boxes.
    boxes = list(placed(rendered.document))
    limits = downsample_limits(boxes, project.config.root, fmt.max_ppi * fmt.scale)
    if limits:
        rendered = renderer.render(html, image_limits=limits)
        boxes = list(placed(rendered.document))
    for url, reason in rendered.refused:
        result.diagnostics.append(_refusal(job, project, url, reason))
    result.diagnostics += [warning("render-warning", message, job=job.id, source=job.source)
                           for message in rendered.warnings]
    # Layout inspection first: a clipped or overflowing layout is not worth finishing.
    result.pages = len(rendered.document.pages)
    result.diagnostics += inspect_layout(rendered.document, boxes, job)
    result.diagnostics += check_qr_sizes(boxes, job)
    if has_errors(result.diagnostics):
        return result
    try:
        final = finish(rendered.pdf, finish_spec(job, project))
    except FinishingError as exc:
        result.diagnostics.append(error("finishing", str(exc), job=job.id, source=job.source))
        return result
    result.diagnostics += [d for d in run_preflight(final, expectations(job, project))
                           if d.severity is not Severity.INFO]
    result.diagnostics += decode_qr_codes(boxes, final, job)
    # Compliance keeps its passes: the report shows what was verified, not only what failed.
    pack = load_pack(project.campaign.funding.rule_pack)
    if job.spoken_text is not None:
        result.diagnostics += _spoken_credit(job, pack, project)
    else:
        result.diagnostics += check_job(rendered.document, boxes, final, item=job.id,
                                        kind=job.kind, scale=fmt.scale, pack=pack)
    output = project.config.output
    if has_errors(result.diagnostics):
        # Kept for inspection, never where the printer looks.
        relative = job.output.relative_to("print") if job.output.parts[0] == "print" \
            else job.output
        write_atomic(output, PurePosixPath("rejected") / relative, final)
    else:
        brand = project.brand.data.output
        write_atomic(output, job.output, final)
        ticket = job_ticket(job, pages=len(rendered.document.pages),
                            condition=f"{brand.identifier}: {brand.condition}",
                            size_bytes=len(final))
        write_atomic(output, job.output.with_suffix(".job.txt"), ticket.encode("utf-8"))
        if job.text_output is not None:
            write_atomic(output, job.text_output[0], job.text_output[1].encode("utf-8"))
        if job.impose == "saddle-stitch":
            spreads = job.output.with_name(job.output.stem + "-spreads.pdf")
            write_atomic(output, spreads, impose_saddle_stitch(final))
        result.written = True
    result.seconds = time.perf_counter() - started
    return result


def _spoken_credit(job: Job, pack: Any, project: Project) -> list[Diagnostic]:
    """The rule pack's audio credit, and (issue #7) an error when it is missing on air,
    located at the spot's text or the show's segments."""
    findings = check_spoken(job.spoken_text or "", item=job.id, pack=pack)
    if any(d.severity is not Severity.INFO for d in findings):
        item = next((i for i in project.items if i.source == job.source), None)
        where: dict[str, Any] = {}
        if item is not None:
            path = ("text",) if "text" in type(item.model).model_fields else ("segments",)
            where = {"line": item.doc.line_of(path), "field": path[0]}
        findings.append(error("radio-credit", "the spoken funding credit is missing: say "
                              "the EU and the Fund (" + (findings[0].threshold or "") + ")",
                              job=job.id, source=job.source, **where))
    return findings


def finish_spec(job: Job, project: Project) -> FinishSpec:
    """What finishing needs for ``job``: marks, date, output condition, slug font."""
    brand = project.brand
    return FinishSpec(
        job_id=job.id, title=job.title, format=job.format, marks=job.production.marks,
        date=job.production.date or project.campaign.period.start,
        condition=OutputCondition(brand.data.output.identifier, brand.data.output.condition,
                                  brand.profile_path, brand.data.output.registry),
        slug_font=brand.font_file("sans"), producer=PRODUCER, folds_mm=job.folds_mm)


def expectations(job: Job, project: Project) -> Expectations:
    """What preflight expects of ``job``'s file."""
    fmt = job.format
    return Expectations(label=job.id, trim_mm=fmt.page_mm, bleed_mm=fmt.page_bleed_mm,
                        pages=job.pages, scale=fmt.scale, min_ppi=fmt.min_ppi,
                        good_ppi=fmt.good_ppi, brand=project.brand)


def _refusal(job: Job, project: Project, url: str, reason: str) -> Diagnostic:
    """An unsafe-url error naming who asked: the content file (with line) or the layout."""
    item = next(i for i in project.items if i.source == job.source)
    text = item.doc.path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if url in line:
            return error("unsafe-url", f"{reason} (asked for by the content)",
                         job=job.id, source=job.source, line=number)
    return error("unsafe-url", f"{reason} (asked for by the layout, not the content)",
                 job=job.id, source=f"layouts/{job.layout}")


def template_context(job: Job, project: Project) -> dict[str, Any]:
    """Template variables common to every layout, plus the job's own."""
    brand: Brand = project.brand
    return {
        "campaign": project.campaign,
        "pack": load_pack(project.campaign.funding.rule_pack),
        "brand": brand,
        "palette": brand.palette,
        "fmt": job.format,
        "job": job,
        **job.context,
    }
