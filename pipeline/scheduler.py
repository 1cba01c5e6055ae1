"""Which jobs to render, in what order, in which process.

For each job the scheduler decides: reuse (nothing it depends on changed, see
``incremental.py``) or rebuild, with the reason. Rebuilds run longest first (by the time
they took last time; a book of unknown length first), in this process or in
``options.jobs`` worker processes forked from it; a cover waits for its book's page count.
Workers inherit the build session and the engines imported here, and warm up while the
templates of the other jobs still run.
"""

from __future__ import annotations

import time
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from dataclasses import dataclass
from pathlib import Path

from pipeline.diagnostics import error
from pipeline.errors import RenderError
from pipeline.hashing import sha256_text
from pipeline.incremental import Manifest, job_digest
from pipeline.jobs import Job
from pipeline.render.templates import render_template
from pipeline.results import JobOutcome, JobResult, Listener
from pipeline.session import BuildSession, template_context

_SESSION: BuildSession | None = None
"""Set before worker processes are forked; each worker renders with it."""


@dataclass
class Task:
    """A job to render: its HTML (already made, to decide) and why it is rebuilt."""

    job: Job
    html: str
    reason: str
    digest: str
    """``job_digest(job)``, as decided on (for its manifest)."""
    html_sha: str


class Scheduler:
    """Runs the jobs of one build (see the module docstring).

    ``jobs``: the selected jobs, in plan order; ``listener`` gets the progress events.
    """

    def __init__(self, session: BuildSession, jobs: list[Job], listener: Listener) -> None:
        self.session = session
        self.jobs = jobs
        self.listener = listener
        self.results: dict[str, JobResult] = {}
        self.page_counts: dict[str, int] = {}
        self.costs: dict[str, float] = {}
        """Expected seconds of each job to render (longest first)."""

    def run(self) -> list[JobResult]:
        """Every job's result, in plan order (whatever order they finished in)."""
        global _SESSION
        _SESSION = self.session
        self.listener.start(len(self.jobs))
        pending = list(self.jobs)
        waiting: list[Task] = []
        running: dict[Future[JobOutcome], Task] = {}
        workers = max(1, self.session.options.jobs)
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
                    self._finish(task, run_job(task.job.id, task.html, None, task.job))
                    continue
                if pool is None:
                    pool = _pool(workers)
                while waiting and len(running) < workers:
                    task = waiting.pop(0)
                    self.listener.job_started(task.job)
                    running[pool.submit(run_job, task.job.id, task.html,
                                        self.page_counts.get(task.job.depends_on or ""))
                            ] = task
                done, _ = wait(running, timeout=0.25, return_when=FIRST_COMPLETED)
                self.listener.tick()
                for future in done:
                    self._finish(running.pop(future), future.result())
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
            _SESSION = None
        for job in pending:  # waits for a job that never produced a page count
            self._record(JobResult.failed(job, error(
                "depends-on", f"needs {job.depends_on} built first", job=job.id,
                source=job.source), "dependency failed"))
        return [self.results[job.id] for job in self.jobs]

    def _touched(self) -> bool:
        """Whether more than one job may need rendering.

        New, or made by other code or from a project that has been touched since (cheap:
        reads the manifests only).
        """
        session = self.session
        return sum(not session.untouched(session.cache.get(job.id)) for job in self.jobs) > 1

    def _decide_ready(self, pending: list[Job], waiting: list[Task]) -> list[Job]:
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
            (self.session.project.config.output / job.output).is_file()
        self.results[job.id] = result
        if result.pages:
            self.page_counts[job.id] = result.pages
        self.listener.job_finished(result, len(self.results), len(self.jobs))

    def _decide(self, job: Job) -> Task | None:
        """The job as it is to be built, with its HTML and why; ``None`` if its result is known.

        Known now: reused, or failed before rendering.
        """
        if job.depends_on is not None and job.finalise is not None:
            if job.depends_on not in self.page_counts:
                self._record(JobResult.failed(job, error(
                    "depends-on", f"needs {job.depends_on} built first (add it to --only)",
                    job=job.id, source=job.source), "dependency missing"))
                return None
            job = job.finalise(self.page_counts[job.depends_on])
        session = self.session
        manifest = session.cache.get(job.id)
        self.costs[job.id] = manifest.outcome.seconds if manifest \
            else float(job.pages or 50)  # unknown length (a book): start it first
        digest = job_digest(job)
        output = session.project.config.output
        if session.untouched(manifest) and manifest.job == digest \
                and manifest.changed_input() is None and manifest.changed_output(output) is None:
            self._reuse(job, manifest)  # no project file was touched: not even the template
            return None
        try:
            html = render_template(session.env, job.layout,
                                   template_context(job, session.project), job=job.id)
        except RenderError as exc:
            self._record(JobResult.failed(job, error("render-template", exc.detail, job=job.id,
                                                     source=job.source), "template error"))
            return None
        html_sha = sha256_text(html)
        reason = _why(manifest, session, digest, html_sha)
        if reason is not None:
            return Task(job, html, reason, digest, html_sha)
        assert manifest is not None  # only a manifest can make a job current
        manifest.snapshot = session.snapshot  # next time the cheap check suffices
        session.cache.put(job.id, manifest)
        self._reuse(job, manifest)
        return None

    def _reuse(self, job: Job, manifest: Manifest) -> None:
        self._record(JobResult(job, manifest.outcome, reused=True))

    def _finish(self, task: Task, outcome: JobOutcome) -> None:
        session = self.session
        job = task.job
        session.cache.put(job.id, Manifest(session.code, task.digest, task.html_sha,
                                           session.snapshot, outcome))
        self._record(JobResult(job, outcome, reason=task.reason))


def _why(manifest: Manifest | None, session: BuildSession, digest: str,
         html: str) -> str | None:
    """Why a job must be rebuilt, or ``None`` when its previous outcome still stands."""
    if manifest is None:
        return "new"
    if manifest.code != session.code:
        return "build-print or its options changed"
    if manifest.html != html:
        return "content or layout changed"
    if manifest.job != digest:
        return "job settings changed"
    changed = manifest.changed_input()
    if changed is not None:
        return f"{session.project.config.display(Path(changed))} changed"
    output = session.project.config.output
    missing = manifest.changed_output(output)
    if missing is not None:
        return f"output {missing} missing or modified"
    return None


def _pool(workers: int) -> Executor:
    """Worker processes forked from this one.

    They inherit ``_SESSION`` (no re-loading) and the engines, imported here once rather
    than in each worker; each then warms up its own renderer (``stages.warm_up``).
    """
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

    assert _SESSION is not None, "the build session is set before workers are forked"
    warm_up(_SESSION)


def run_job(job_id: str, html: str, dependency_pages: int | None,
            job: Job | None = None) -> JobOutcome:
    """Render, check and write one job; its outcome, with its wall time in ``seconds``.

    In a worker the job is looked up by ``job_id`` (and finalised with ``dependency_pages``,
    the page count of the job it depends on); in this process ``job`` is given.
    """
    session = _SESSION
    assert session is not None, "the build session is set before jobs run"
    if job is None:
        job = session.jobs[job_id]
        if job.finalise is not None and dependency_pages is not None:
            job = job.finalise(dependency_pages)
    from pipeline.stages import build_job  # the heavy engines: only when rendering

    started = time.perf_counter()
    outcome = build_job(job, html, session)
    outcome.seconds = time.perf_counter() - started
    return outcome
