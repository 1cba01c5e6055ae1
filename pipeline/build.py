"""The orchestrator: the only module that knows the order of the stages.

load brand → load + validate content (all problems at once; stop if any) → plan the jobs →
schedule them (``scheduler.py``: reuse what is current, rebuild the rest with
``stages.py``: render → inspect → finish → preflight → verify QR → compliance → write
atomically → proofs) → campaign-wide rules → report.json, the compliance report and the
proof board. A job with an error-level finding is not written to print/, so the last good
file stays there (marked stale).
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path

from pipeline.board import write_board
from pipeline.brand import load_brand
from pipeline.compliance import check_campaign
from pipeline.compliance.report import write_report
from pipeline.config import ProjectConfig
from pipeline.content.loader import load_project
from pipeline.diagnostics import sort_key
from pipeline.errors import ContentError, StorageError
from pipeline.formats import load_formats
from pipeline.hashing import sha256_text
from pipeline.jobs import Job, select
from pipeline.output import output_lock, write_atomic, write_json
from pipeline.products import KINDS
from pipeline.project import Project
from pipeline.render.templates import make_environment
from pipeline.results import BuildReport, Listener
from pipeline.scheduler import Scheduler
from pipeline.session import BuildOptions, BuildSession


def load(config: ProjectConfig) -> Project:
    """The project in ``config``, its brand and content loaded and validated.

    ``ContentError`` carrying every problem of brand/ and content/ (sorted by file, line and
    field); ``ConfigError`` if the format catalogue is invalid.
    """
    formats = load_formats()
    brand, diagnostics = load_brand(config.brand, config.root)
    project, problems = load_project(config, brand, formats)
    diagnostics += problems
    if project is None or diagnostics:
        raise ContentError(sorted(diagnostics, key=sort_key))
    return project


def plan(project: Project, only: tuple[str, ...] = ()) -> list[Job]:
    """Every job of the project, or those matching ``only`` (``jobs.select``), in a stable order.

    Item by item in load order, then the jobs a kind makes from all its items (schedules).
    """
    jobs = [job for item in project.items for job in KINDS[item.kind].jobs(item, project)]
    for kind in KINDS.values():
        if kind.collect is not None:
            jobs += kind.collect(project)
    return select(jobs, only)


def build(config: ProjectConfig, *, only: tuple[str, ...] = (),
          options: BuildOptions | None = None, listener: Listener | None = None) -> BuildReport:
    """Build every job of the project in ``config`` that ``only`` selects; the build's report.

    What changed is rebuilt and the rest reused (``pipeline/incremental.py``), in
    ``options.jobs`` processes; ``only`` holds ``--only`` patterns (``jobs.select``). Writes
    report.json, compliance.html and the proof board in output/; when ``only`` selects no
    job, nothing is built or written (the last build's reports stay) and the report has no
    job. Raises ``ContentError`` (nothing built) when the content is invalid,
    ``ConfigError`` when another build holds output/ or the format catalogue or rule pack
    is invalid.
    """
    started = time.perf_counter()
    listener = listener or Listener()
    project = load(config)
    every = plan(project)
    selected = select(every, only)
    if not selected:
        return BuildReport([], time.perf_counter() - started)
    with output_lock(config.output):
        for relative, payload in project.to_cache.items():  # checked again next time
            with contextlib.suppress(StorageError):
                write_json(config.output, relative, payload)
        session = BuildSession(project, make_environment(config.layouts),
                               options or BuildOptions(), every)
        results = Scheduler(session, selected, listener).run()
        listener.finish()
        # Campaign-wide rules look at everything the content defines, not only this selection.
        posters = [(job.id, job.format.trim_mm) for job in every if job.product == "poster"]
        report = BuildReport(results, time.perf_counter() - started,
                             campaign=check_campaign(project.pack, posters))
        data = report.to_json()
        write_json(config.output, "report.json", data)
        # What people read is made again only when it can differ: a build that reused
        # every job into the same report leaves them as they are (issue 19: no-op builds).
        stamp = sha256_text(json.dumps([data, session.options.lang, project.campaign.title,
                                        project.pack.id], ensure_ascii=False, sort_keys=True))
        if report.rebuilt or not _current(config.output, stamp):
            write_report(config.output, report, project.pack, project.campaign.title,
                         session.options.lang)
            write_board(config.output, report, project.campaign.title)
            write_atomic(config.output, REPORTS_STAMP, stamp.encode("ascii"))
    return report


REPORTS_STAMP = ".cache/reports.sha256"
"""The digest of what compliance.html and index.html were last made from."""


def _current(output: Path, stamp: str) -> bool:
    """Whether compliance.html and index.html in ``output`` were made from ``stamp``."""
    try:
        made = (output / REPORTS_STAMP).read_text(encoding="ascii")
    except (OSError, UnicodeError):
        return False
    return made == stamp and all((output / name).is_file()
                                 for name in ("compliance.html", "index.html"))
