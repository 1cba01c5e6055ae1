"""What a command prints for people about a build: findings, a line per job, the totals.

Findings go to stderr, one per line as ``severity: path:line: field: message``; one that
many jobs share word for word is printed once, with the jobs. The job lines and totals go
to stdout.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import click

from pipeline.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:  # light at import: the CLI imports this module before any command runs
    from pipeline.config import ProjectConfig
    from pipeline.results import BuildReport


def print_finding(diagnostic: Diagnostic) -> None:
    """Print ``diagnostic`` on stderr, its severity coloured."""
    colour = {Severity.ERROR: "red", Severity.WARNING: "yellow"}.get(diagnostic.severity)
    label = click.style(diagnostic.severity.value, fg=colour, bold=True)
    click.echo(f"{label}: {diagnostic}", err=True)


SAME_FINDING_LIMIT = 3
"""A finding repeated word for word in more jobs than this is printed once, with the jobs."""


def print_findings(diagnostics: list[Diagnostic]) -> None:
    """Print warnings and errors (passes are in the reports).

    One that more than ``SAME_FINDING_LIMIT`` jobs share word for word (a logo missing from
    the brand) is printed once, with the jobs it concerns.
    """
    shown = [d for d in diagnostics if d.severity is not Severity.INFO]
    groups: dict[Diagnostic, list[str]] = {}
    for d in shown:
        if d.job and d.line is None:
            groups.setdefault(replace(d, job=None), []).append(d.job)
    printed: set[Diagnostic] = set()
    for d in shown:
        shared = replace(d, job=None)
        jobs = groups.get(shared, [])
        if len(jobs) <= SAME_FINDING_LIMIT:
            print_finding(d)
        elif shared not in printed:
            printed.add(shared)
            named = ", ".join(jobs[:SAME_FINDING_LIMIT])
            more = len(jobs) - SAME_FINDING_LIMIT
            print_finding(replace(shared, message=f"{shared.message} (in {len(jobs)} jobs: "
                                                  f"{named} and {more} more)"))


def print_summary(config: ProjectConfig, report: BuildReport, quiet: bool) -> None:
    """Findings, then (unless quiet) every job with its status, and the totals."""
    print_findings(report.diagnostics)
    if quiet:
        return
    for result in report.results:
        where = result.job.output.as_posix() if result.written else "not written"
        stale = " (stale: an older file stays in print/)" if result.stale else ""
        done = "reused" if result.reused else "built"
        why = f" ({result.reason})" if result.reason and not result.reused else ""
        click.echo(f"{result.status:4}  {done:6}  {result.job.id:40} {where}{stale}{why}")
    written = sum(r.written for r in report.results)
    click.echo(f"{len(report.rebuilt)} rebuilt, {len(report.reused)} reused; "
               f"{written}/{len(report.results)} file(s) in {config.display(config.output)}/ "
               f"in {report.seconds:.1f} s; proof board: "
               f"{config.display(config.output / 'index.html')}; compliance report: "
               f"{config.display(config.output / 'compliance.html')} "
               "(its A4 PDF: build-print report)")
