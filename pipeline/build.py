"""The orchestrator: the only module that knows the order of the stages.

load brand → load + validate content (all problems at once; stop if any) → expand jobs →
for each job, decide: reuse (nothing it depends on changed, see ``incremental.py``) or
rebuild (``stages.py``: render → inspect → finish → preflight → verify QR → compliance →
write atomically → proofs), longest first, in worker processes → report.json, the
compliance report and the proof board. A job with an error-level finding is not written to
print/, so the last good file stays there (marked stale).
"""

from __future__ import annotations

import os
import time
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from pipeline import __version__
from pipeline.board import write_board
from pipeline.brand import Brand, load_brand
from pipeline.compliance import check_campaign, load_pack
from pipeline.compliance.report import compliance_report
from pipeline.config import ProjectConfig
from pipeline.content.loader import Project, load_project
from pipeline.diagnostics import (
    Diagnostic,
    Severity,
    error,
    has_errors,
    sort_key,
)
from pipeline.errors import ContentError, RenderError
from pipeline.formats import load_formats
from pipeline.incremental import (
    JobCache,
    Manifest,
    code_fingerprint,
    job_digest,
    sha256_text,
    snapshot,
)
from pipeline.jobs import Job, select
from pipeline.output import output_lock, write_atomic, write_json
from pipeline.products import KINDS
from pipeline.render.templates import make_environment, render_template

if TYPE_CHECKING:
    from pipeline.stages import Outcome


@dataclass
class JobResult:
    """What happened to one job."""

    job: Job
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: bool = False
    seconds: float = 0.0
    pages: int = 0
    reused: bool = False
    """Nothing it depends on changed: the previous result stands and nothing was rendered."""
    reason: str | None = None
    """Why it was rebuilt (``new``, ``content or layout changed``, ``<file> changed``, …)."""
    stale: bool = False
    """It failed, and the file in print/ is an older good one that no longer matches the
    content."""
    proofs: list[str] = field(default_factory=list)
    """PNG proofs (paths under output/), page order; the thumbnail last."""
    file: str | None = None
    """The PDF this build left in output/ for it: the print file, or the rejected one (none
    when the layout failed before finishing)."""

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

    @property
    def rebuilt(self) -> list[JobResult]:
        """Jobs rendered in this build."""
        return [r for r in self.results if not r.reused]

    @property
    def reused(self) -> list[JobResult]:
        """Jobs whose previous result stands."""
        return [r for r in self.results if r.reused]

    def to_json(self) -> dict[str, Any]:
        """The content of output/report.json: the state of output/, the same whichever jobs
        were rebuilt or reused and however many processes built them."""
        return {
            "version": __version__,
            "jobs": [{"id": r.job.id, "kind": r.job.kind, "source": r.job.source,
                      "title": r.job.title,
                      "output": r.job.output.as_posix() if r.written else None,
                      "file": r.file,
                      "status": r.status, "stale": r.stale, "pages": r.pages,
                      "variant": dict(r.job.variant), "proofs": r.proofs,
                      "findings": [d.to_json() for d in r.diagnostics]} for r in self.results],
            "campaign": [d.to_json() for d in self.campaign],
        }


@dataclass(frozen=True)
class BuildOptions:
    """How to build (not what): none of these changes the bytes of a print file."""

    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    """Worker processes; 1 renders in this process."""
    proofs: bool = True
    """PNG proofs of every page and the thumbnails of the proof board."""
    overlay: bool = False
    """Draw trim, safe area and folds on the proofs."""

    @property
    def key(self) -> str:
        """The options that change what is written (not ``jobs``: same output either way)."""
        return f"proofs={self.proofs};overlay={self.overlay}"


class Listener:
    """Receives progress events from a build; the default does nothing."""

    def start(self, total: int) -> None:
        """The build has ``total`` jobs."""

    def job_started(self, job: Job) -> None:
        """``job`` is being rendered."""

    def job_finished(self, result: JobResult, done: int, total: int) -> None:
        """``result`` is known (rendered or reused); ``done`` of ``total``."""

    def tick(self) -> None:
        """Called about four times a second while jobs render in worker processes."""

    def finish(self) -> None:
        """Every job is done."""


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
          options: BuildOptions | None = None, listener: Listener | None = None) -> BuildReport:
    """Build every selected job of the project in ``config``: rebuild what changed, reuse
    the rest (see ``pipeline/incremental.py``), in ``options.jobs`` processes."""
    started = time.perf_counter()
    options = options or BuildOptions()
    listener = listener or Listener()
    project = load(config)
    every = plan(project)
    with output_lock(config.output):
        shared = Shared(project, make_environment(config.layouts), options, every)
        results = _Scheduler(shared, select(every, only), listener).run()
        listener.finish()
        pack = load_pack(project.campaign.funding.rule_pack)
        # Campaign-wide rules look at everything the content defines, not only this selection.
        posters = [(job.id, job.format.trim_mm) for job in every if job.kind == "poster"]
        report = BuildReport(results, time.perf_counter() - started,
                             campaign=check_campaign(pack, posters))
        write_json(config.output, "report.json", report.to_json())
        write_atomic(config.output, "compliance.html",
                     compliance_report(report, pack, project.campaign.title).encode("utf-8"))
        write_board(config.output, report, project.campaign.title)
    return report


def make_renderer(project: Project, convert_image: Any = None) -> Any:
    """The WeasyPrint renderer of ``project``: it may read layouts/, brand/, content/ and the
    brand's font packages, nothing else."""
    from pipeline.render.pdf import Renderer  # WeasyPrint import is slow: only when rendering

    config = project.config
    return Renderer(config.root, allowed_roots=(config.layouts, config.brand, config.content,
                                                *project.brand.font_dirs),
                    convert_image=convert_image)


@dataclass
class Shared:
    """What every job of a build needs; inherited by forked workers (never pickled)."""

    project: Project
    env: Any
    options: BuildOptions
    every: list[Job]
    """Every job of the project, whatever the selection (a worker looks its job up here)."""
    code: str = ""
    snapshot: str = ""
    renderer: Any = None

    def __post_init__(self) -> None:
        config = self.project.config
        self.code = sha256_text(code_fingerprint() + self.options.key)
        self.snapshot = snapshot((config.content, config.layouts, config.brand))
        self.cache = JobCache(config.output)
        self.jobs = {job.id: job for job in self.every}

    def untouched(self, manifest: Manifest | None) -> TypeGuard[Manifest]:
        """Whether ``manifest`` was made by this code and options from the project as it is
        now (no file of content/, layouts/ or brand/ touched since)."""
        return manifest is not None and manifest.code == self.code \
            and manifest.snapshot == self.snapshot

    def get_renderer(self) -> Any:
        """This process's renderer (one WeasyPrint font configuration per process)."""
        if self.renderer is None:
            config = self.project.config
            from pipeline.images import CmykConverter

            converter = CmykConverter(self.project.brand.profile_path,
                                      config.output / ".cache" / "images", config.output)
            self.renderer = make_renderer(self.project, convert_image=converter.convert)
        return self.renderer

    def fixed_inputs(self) -> list[Path]:
        """Files every job reads besides those the renderer is served: the output profile
        and the brand fonts (also used by finishing for the slug)."""
        brand = self.project.brand
        fonts = [path for faces in brand.font_files.values() for _, path in faces]
        return [brand.profile_path, *fonts]


_SHARED: Shared | None = None
"""Set before worker processes are forked; each worker renders with it."""


class _Scheduler:
    """Decides per job: reuse or rebuild; runs rebuilds longest first, in this process or in
    ``options.jobs`` forked workers; a cover waits for its book's page count."""

    def __init__(self, shared: Shared, jobs: list[Job], listener: Listener) -> None:
        self.shared = shared
        self.jobs = jobs
        self.listener = listener
        self.results: dict[str, JobResult] = {}
        self.page_counts: dict[str, int] = {}
        self.costs: dict[str, float] = {}

    def run(self) -> list[JobResult]:
        """Every job's result, in plan order (whatever order they finished in)."""
        global _SHARED
        _SHARED = self.shared
        self.listener.start(len(self.jobs))
        pending = list(self.jobs)
        waiting: list[_Task] = []
        running: dict[Future[Outcome], _Task] = {}
        workers = max(1, self.shared.options.jobs)
        # Unless this is a no-op build, start the workers now: they warm up while the
        # templates run here to decide what exactly to rebuild.
        pool: Executor | None = _pool(workers) if workers > 1 and self._touched() else None
        try:
            while True:
                pending = self._decide_ready(pending, waiting)
                if not waiting and not running:
                    break
                waiting.sort(key=lambda task: -self.costs.get(task.job.id, 1.0))
                if workers == 1 or (pool is None and len(waiting) == 1 and not running):
                    task = waiting.pop(0)  # in this process: no fork for a single job
                    self.listener.job_started(task.job)
                    self._finish(task, _run_job(task.job.id, task.html, None, task.job))
                    continue
                if pool is None:
                    pool = _pool(workers)
                while waiting and len(running) < workers:
                    task = waiting.pop(0)
                    self.listener.job_started(task.job)
                    running[pool.submit(_run_job, task.job.id, task.html,
                                        self.page_counts.get(task.job.depends_on or ""))
                            ] = task
                done, _ = wait(running, timeout=0.25, return_when=FIRST_COMPLETED)
                self.listener.tick()
                for future in done:
                    self._finish(running.pop(future), future.result())
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
            _SHARED = None
        for job in pending:  # waits for a job that never produced a page count
            self._record(JobResult(job, [error(
                "depends-on", f"needs {job.depends_on} built first", job=job.id,
                source=job.source)], reason="dependency failed"))
        return [self.results[job.id] for job in self.jobs]

    def _touched(self) -> bool:
        """Whether more than one job may need rendering: new, or made by other code or from
        a project that has been touched since (cheap: reads the manifests only)."""
        shared = self.shared
        return sum(not shared.untouched(shared.cache.get(job.id)) for job in self.jobs) > 1

    def _decide_ready(self, pending: list[Job], waiting: list[_Task]) -> list[Job]:
        """Decide every job that can be decided now; return those still waiting for one."""
        planned = {job.id for job in self.jobs}
        while True:
            ready = [job for job in pending if job.depends_on is None
                     or job.depends_on not in planned or job.depends_on in self.results]
            if not ready:
                return pending
            pending = [job for job in pending if job not in ready]
            for job in ready:
                task = self._decide(job)
                if task is not None:
                    waiting.append(task)

    def _record(self, result: JobResult) -> None:
        job = result.job
        result.stale = result.status == "fail" and \
            (self.shared.project.config.output / job.output).is_file()
        self.results[job.id] = result
        if result.pages:
            self.page_counts[job.id] = result.pages
        self.listener.job_finished(result, len(self.results), len(self.jobs))

    def _decide(self, job: Job) -> _Task | None:
        """``None`` when the job's result is known now (reused, or failed before rendering);
        else the job as it is to be built, with its HTML and why."""
        if job.depends_on is not None and job.finalise is not None:
            if job.depends_on not in self.page_counts:
                self._record(JobResult(job, [error(
                    "depends-on", f"needs {job.depends_on} built first (add it to --only)",
                    job=job.id, source=job.source)], reason="dependency missing"))
                return None
            job = job.finalise(self.page_counts[job.depends_on])
        shared = self.shared
        manifest = shared.cache.get(job.id)
        self.costs[job.id] = float(manifest.result.get("seconds", 1.0)) if manifest \
            else float(job.pages or 50)  # unknown length (a book): start it first
        digest = job_digest(job)
        output = shared.project.config.output
        if shared.untouched(manifest) and manifest.job == digest \
                and manifest.changed_input() is None and manifest.changed_output(output) is None:
            self._reuse(job, manifest)  # no project file was touched: not even the template
            return None
        try:
            html = render_template(shared.env, job.layout, template_context(job, shared.project),
                                   job=job.id)
        except RenderError as exc:
            self._record(JobResult(job, [error("render-template", str(exc), job=job.id,
                                               source=job.source)], reason="template error"))
            return None
        html_sha = sha256_text(html)
        task = _Task(job, html, _why(manifest, shared, digest, html_sha, output) or "", digest,
                     html_sha)
        if task.reason:
            return task
        assert manifest is not None
        manifest.snapshot = shared.snapshot  # next time the cheap check suffices
        shared.cache.put(job.id, manifest)
        self._reuse(job, manifest)
        return None

    def _reuse(self, job: Job, manifest: Manifest) -> None:
        data = manifest.result
        self._record(JobResult(
            job, [Diagnostic.from_json(d) for d in data["diagnostics"]],
            written=data["written"], seconds=data["seconds"], pages=data["pages"],
            reused=True, proofs=data["proofs"], file=data["file"]))

    def _finish(self, task: _Task, outcome: Outcome) -> None:
        shared = self.shared
        job = task.job
        shared.cache.put(job.id, Manifest(
            shared.code, task.digest, task.html_sha, shared.snapshot,
            outcome.inputs, outcome.outputs,
            {"diagnostics": [d.to_json() for d in outcome.diagnostics],
             "written": outcome.written, "seconds": round(outcome.seconds, 3),
             "pages": outcome.pages, "proofs": outcome.proofs, "file": outcome.file}))
        self._record(JobResult(job, outcome.diagnostics, written=outcome.written,
                               seconds=outcome.seconds, pages=outcome.pages,
                               reason=task.reason, proofs=outcome.proofs, file=outcome.file))


@dataclass
class _Task:
    """A job to render: its HTML (already made, to decide) and why it is rebuilt."""

    job: Job
    html: str
    reason: str
    digest: str
    """``job_digest(job)``, as decided on (for its manifest)."""
    html_sha: str


def _why(manifest: Manifest | None, shared: Shared, digest: str, html: str,
         output: Path) -> str | None:
    """Why a job must be rebuilt, or ``None`` when its previous result still stands."""
    if manifest is None:
        return "new"
    if manifest.code != shared.code:
        return "build-print or its options changed"
    if manifest.html != html:
        return "content or layout changed"
    if manifest.job != digest:
        return "job settings changed"
    changed = manifest.changed_input()
    if changed is not None:
        return f"{shared.project.config.display(Path(changed))} changed"
    missing = manifest.changed_output(output)
    if missing is not None:
        return f"output {missing} missing or modified"
    return None


def _pool(workers: int) -> Executor:
    """Worker processes forked from this one. They inherit ``_SHARED`` (no re-loading) and
    the engines, imported here once rather than in each worker; each then warms up its own
    renderer (``stages.warm_up``)."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" not in methods:  # pragma: no cover - Windows
        return ThreadPoolExecutor(1)
    import pipeline.render.pdf  # WeasyPrint
    import pipeline.stages  # noqa: F401

    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_warm_up)
    pool.submit(int)  # forks the workers now (the executor forks on its first task)
    return pool


def _warm_up() -> None:
    from pipeline.stages import warm_up

    assert _SHARED is not None
    warm_up(_SHARED)


def _run_job(job_id: str, html: str, dependency_pages: int | None,
             job: Job | None = None) -> Outcome:
    """Render, check and write one job (in a worker, or in this process when ``job`` is
    given)."""
    shared = _SHARED
    assert shared is not None, "the build state is set before jobs run"
    if job is None:
        job = shared.jobs[job_id]
        if job.finalise is not None and dependency_pages is not None:
            job = job.finalise(dependency_pages)
    from pipeline.stages import build_job  # the heavy engines: only when rendering

    started = time.perf_counter()
    outcome = build_job(job, html, shared)
    outcome.seconds = time.perf_counter() - started
    return outcome


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
