"""Progress displays: plain lines for logs, a live bar on a terminal only for longer builds."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from pipeline import progress
from pipeline.build import load, plan
from pipeline.config import load_config
from pipeline.diagnostics import error
from pipeline.jobs import Job
from pipeline.results import JobOutcome, JobResult
from tests.conftest import REPO


@pytest.fixture(scope="module")
def jobs() -> list[Job]:
    return plan(load(load_config(REPO)), ("zmogus-ne-preke-*-a3",))[:3]


def test_line_progress_prints_rendered_jobs_only(jobs: list[Job]) -> None:
    """This test ensures log output has a line per rendered job with done/total, elapsed
    time, status, seconds and reason, and none for reused jobs."""
    stream = io.StringIO()
    listener = progress.LineProgress(stream)
    listener.start(3)
    listener.job_finished(JobResult(jobs[0], JobOutcome(), reused=True), 1, 3)
    listener.job_finished(JobResult(jobs[1], JobOutcome(seconds=2.04), reason="new"), 2, 3)
    listener.job_finished(JobResult(jobs[2], JobOutcome([error("x", "bad")], seconds=1.0),
                                    reason="content or layout changed"), 3, 3)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("[2/3, ") and lines[0].endswith(
        f"pass {jobs[1].id} (2.0 s; new)")
    assert lines[1].endswith(f"fail {jobs[2].id} (1.0 s; content or layout changed)")


def test_terminal_progress_appears_only_after_a_second(
        jobs: list[Job], monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures the live display shows done/total and the running job once the
    build has taken a second, and nothing for a build that is over sooner."""
    quick = io.StringIO()
    listener = progress.TerminalProgress(Console(file=quick, force_terminal=True, width=120))
    listener.start(3)
    listener.job_started(jobs[0])
    listener.job_finished(JobResult(jobs[0], JobOutcome()), 1, 3)
    listener.finish()
    assert quick.getvalue() == ""

    monkeypatch.setattr(progress, "SHOW_AFTER_S", 0.0)
    slow = io.StringIO()
    listener = progress.TerminalProgress(Console(file=slow, force_terminal=True, width=120))
    listener.start(3)
    listener.job_finished(JobResult(jobs[0], JobOutcome()), 1, 3)
    listener.job_started(jobs[1])
    listener.tick()
    shown = slow.getvalue()
    assert "1/3" in shown and jobs[1].id in shown and "0:00:0" in shown
    listener.finish()
