"""Progress of a build for people: a live line on a terminal, plain lines in a log.

Neither starts a thread: the terminal display is redrawn on build events and on the
scheduler's ticks, so worker processes are always forked from a single-threaded process.
"""

from __future__ import annotations

import sys
import time
from typing import IO, TYPE_CHECKING

from pipeline.results import JobResult, Listener

if TYPE_CHECKING:
    from rich.console import Console

    from pipeline.jobs import Job

SHOW_AFTER_S = 1.0
"""A build that finishes sooner shows no progress at all."""


class LineProgress(Listener):
    """One line per rendered job (reused jobs are only counted), for logs and CI.

    ``[done/total, elapsed] status job-id (its seconds; why it was rebuilt)``, times in s,
    written to ``stream`` (default: stderr).
    """

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.started = time.monotonic()

    def job_finished(self, result: JobResult, done: int, total: int) -> None:
        """Print the line of ``result`` if its job was rendered."""
        if not result.reused:
            elapsed = time.monotonic() - self.started
            why = f"; {result.reason}" if result.reason else ""
            print(f"[{done}/{total}, {elapsed:.1f} s] {result.status:4} {result.job.id} "
                  f"({result.outcome.seconds:.1f} s{why})", file=self.stream, flush=True)


class TerminalProgress(Listener):
    """A bar on stderr with done / total, elapsed time and the jobs being rendered.

    Shown once the build has taken ``SHOW_AFTER_S``, gone when it ends.
    """

    def __init__(self, console: Console | None = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            TextColumn("[bold]build-print"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), TextColumn("{task.description}"),
            console=console or Console(stderr=True), auto_refresh=False, transient=True)
        self.task = self.progress.add_task("", total=None)
        self.started = time.monotonic()
        self.running: list[str] = []
        self.shown = False

    def start(self, total: int) -> None:
        """Set the bar's total."""
        self.progress.update(self.task, total=total)

    def job_started(self, job: Job) -> None:
        """Show ``job`` among those being rendered."""
        self.running.append(job.id)
        self._update()

    def job_finished(self, result: JobResult, done: int, total: int) -> None:
        """Count ``result`` and stop showing its job."""
        if result.job.id in self.running:
            self.running.remove(result.job.id)
        self.progress.update(self.task, completed=done)
        self._update()

    def tick(self) -> None:
        """Redraw; show the bar once the build has taken ``SHOW_AFTER_S``."""
        self._update()

    def finish(self) -> None:
        """Take the bar off the terminal, if it was shown."""
        if self.shown:
            self.progress.stop()

    def _update(self) -> None:
        self.progress.update(self.task, description=", ".join(self.running[-2:]))
        if not self.shown and time.monotonic() - self.started >= SHOW_AFTER_S:
            self.progress.start()
            self.shown = True
        if self.shown:
            self.progress.refresh()
