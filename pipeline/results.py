"""What a build found: the outcome of each job, the build's report, and its listener.

``JobOutcome`` is the one record of what building a job produced; the stages return it
(pickled from a worker process), the job cache stores it (``to_json``/``from_json``) and
reuses it, and the reports read it through ``JobResult``. The proof board, the compliance
report and the progress display import these types from here, never from the
orchestrator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline import __version__
from pipeline.diagnostics import Diagnostic, Severity, has_errors
from pipeline.hashing import FileState
from pipeline.jobs import Job
from pipeline.typography import Typography


@dataclass
class JobOutcome:
    """What building one job produced (picklable: the ``Job`` stays in the main process)."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Every finding, passes of the compliance rules included."""
    written: bool = False
    """The print file was written (no error-level finding)."""
    pages: int = 0
    """Pages laid out (0 when it failed before layout)."""
    seconds: float = 0.0
    """Wall time of rendering and checking it, in s."""
    proofs: list[str] = field(default_factory=list)
    """PNG proofs (paths under output/), page order; the thumbnail last."""
    file: str | None = None
    """The PDF this build left in output/ for it: the print file, or the rejected one (none
    when the layout failed before finishing)."""
    inputs: dict[str, FileState] = field(default_factory=dict)
    """Absolute paths of the files read while rendering and finishing."""
    outputs: dict[str, FileState] = field(default_factory=dict)
    """Paths relative to output/ of every file written."""
    typography: Typography = field(default_factory=Typography)
    """Fitted sizes, line balance and the other typographic measures of the layout."""

    def to_json(self) -> dict[str, Any]:
        """Plain data for the job cache (``seconds`` to the millisecond)."""
        return {"diagnostics": [d.to_json() for d in self.diagnostics],
                "written": self.written, "pages": self.pages,
                "seconds": round(self.seconds, 3), "proofs": self.proofs, "file": self.file,
                "inputs": {k: vars(v) for k, v in self.inputs.items()},
                "outputs": {k: vars(v) for k, v in self.outputs.items()},
                "typography": self.typography.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JobOutcome:
        """An outcome as ``to_json`` wrote it.

        ``KeyError``, ``TypeError``, ``ValueError`` or ``AttributeError`` if damaged.
        """
        return cls([Diagnostic.from_json(d) for d in data["diagnostics"]],
                   written=bool(data["written"]), pages=int(data["pages"]),
                   seconds=float(data["seconds"]), proofs=list(data["proofs"]),
                   file=data["file"],
                   inputs={k: FileState(**v) for k, v in data["inputs"].items()},
                   outputs={k: FileState(**v) for k, v in data["outputs"].items()},
                   typography=Typography.from_json(data["typography"]))


@dataclass
class JobResult:
    """What happened to one job in this build: its outcome, new or reused."""

    job: Job
    outcome: JobOutcome
    reused: bool = False
    """Nothing it depends on changed: the previous outcome stands and nothing was rendered."""
    reason: str | None = None
    """Why it was rebuilt (``new``, ``content or layout changed``, ``<file> changed``, …)."""
    stale: bool = False
    """It failed, and the file in print/ is an older good one that no longer matches the
    content."""

    @classmethod
    def failed(cls, job: Job, finding: Diagnostic, reason: str) -> JobResult:
        """A job that failed before it could be rendered (a template error, a dependency)."""
        return cls(job, JobOutcome([finding]), reason=reason)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """The outcome's findings."""
        return self.outcome.diagnostics

    @property
    def written(self) -> bool:
        """Whether the outcome's print file was written."""
        return self.outcome.written

    @property
    def pages(self) -> int:
        """Pages of the outcome."""
        return self.outcome.pages

    @property
    def status(self) -> str:
        """``fail``, ``warn`` or ``pass``."""
        if has_errors(self.diagnostics):
            return "fail"
        warned = any(d.severity is Severity.WARNING for d in self.diagnostics)
        return "warn" if warned else "pass"

    def to_json(self) -> dict[str, Any]:
        """This job's entry in report.json."""
        job, outcome = self.job, self.outcome
        return {"id": job.id, "product": job.product, "source": job.source,
                "title": job.title, "output": job.output.as_posix() if outcome.written else None,
                "file": outcome.file, "status": self.status, "stale": self.stale,
                "pages": outcome.pages, "variant": dict(job.variant), "proofs": outcome.proofs,
                "findings": [d.to_json() for d in outcome.diagnostics],
                "typography": outcome.typography.to_json()}


@dataclass
class BuildReport:
    """The outcome of a build: every job and every finding."""

    results: list[JobResult]
    seconds: float
    """Wall time of the build, in s."""
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
        """Jobs whose previous outcome stands."""
        return [r for r in self.results if r.reused]

    def to_json(self) -> dict[str, Any]:
        """The content of output/report.json: the state of output/.

        The same whichever jobs were rebuilt or reused and however many processes built them.
        """
        return {"version": __version__, "jobs": [r.to_json() for r in self.results],
                "campaign": [d.to_json() for d in self.campaign]}


class Listener:
    """Receives progress events from a build; this base does nothing (``--quiet``).

    The scheduler calls, in order: ``start`` once, then per job ``job_started`` (only for a
    job that is rendered) and ``job_finished``, and ``tick`` while workers render; the
    build calls ``finish`` once, when every job is done.
    """

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
