"""The registry of preflight checks and how their hits become findings.

A check is a function of the ``Preflight`` context that yields ``Hit``s; it is registered
with ``@check(code, title, covers=…, severity=…)`` under a stable code. The profile may set
a code's severity or switch it off. Hits of one check on one page that say the same thing
(``group``) become one finding: the worst, and how many more there are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pikepdf

from pipeline.diagnostics import Diagnostic, Severity
from pipeline.preflight.context import Preflight
from pipeline.preflight.geometry import Box


@dataclass(frozen=True)
class Hit:
    """One thing a check found.

    ``message`` says what is wrong with the measured value and the threshold; ``element``
    names the object (``text "Pagalba" (6.0 pt, C60 M40 Y40 K100)``); ``box`` is where it
    is (pt); ``severity`` of ``None`` is the check's; ``rank`` orders hits (worst first);
    ``group`` (default: the message) says which hits of a page are the same finding.
    """

    page: int | None
    message: str
    element: str | None = None
    box: Box | None = None
    severity: Severity | None = None
    measured: str | None = None
    threshold: str | None = None
    rank: float = 0.0
    group: str | None = None


Run = Callable[[Preflight], Iterable[Hit]]


@dataclass(frozen=True)
class Check:
    """A registered check.

    Its stable ``code``, what it checks (``title``), which GWG items or rules it ``covers``,
    its default ``severity`` and the function that runs it.
    """

    code: str
    title: str
    covers: str
    severity: Severity
    run: Run


CHECKS: dict[str, Check] = {}


def check(code: str, title: str, *, covers: str,
          severity: Severity = Severity.ERROR) -> Callable[[Run], Run]:
    """A decorator that registers a check function under ``code`` in ``CHECKS``."""
    def add(function: Run) -> Run:
        if code in CHECKS:
            raise ValueError(f"preflight check {code!r} registered twice")
        CHECKS[code] = Check(code, title, covers, severity, function)
        return function
    return add


def findings(check_: Check, ctx: Preflight) -> list[Diagnostic]:
    """The findings of one check on ``ctx``: severities from the profile, hits grouped."""
    default = ctx.profile.severity_of(check_.code, check_.severity)
    if default is None:
        return []
    groups: dict[tuple[int | None, Severity, str], list[Hit]] = {}
    for hit in _hits(check_, ctx):
        severity = hit.severity or check_.severity
        if severity is not Severity.INFO and check_.code in ctx.profile.severity:
            severity = default
        groups.setdefault((hit.page, severity, hit.group or hit.message), []).append(hit)
    found = []
    for (page, severity, _), hits in groups.items():
        hit = max(hits, key=lambda h: h.rank)
        message = hit.message
        if hit.element:
            where = f" {ctx.place(page, hit.box)}" if hit.box is not None and page else ""
            message = f"{hit.element}{where}: {message}"
        if len(hits) > 1:
            message += f" (and {len(hits) - 1} more like it on this page)"
        found.append(Diagnostic(check_.code, severity, message, page=page, job=ctx.expect.job,
                                element=hit.element, measured=hit.measured,
                                threshold=hit.threshold))
    return found


def _hits(check_: Check, ctx: Preflight) -> Iterable[Hit]:
    """The check's hits; a file so damaged that the check cannot read it is a finding.

    Objects of the wrong type or missing where ISO 32000-1 requires them raise inside a
    check; the file is then not fit to print and the other checks still run.
    """
    try:
        yield from check_.run(ctx)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, ZeroDivisionError,
            OSError, pikepdf.PdfError) as exc:
        yield Hit(None, f"could not be checked: {type(exc).__name__}: {exc} (a damaged or "
                        "malformed object; export the file again)", severity=Severity.ERROR)
