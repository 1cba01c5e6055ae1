"""One finding type for every stage: validation, rendering, verification.

Severity policy:
- ``error``: the item is not fit to print (or content cannot be read); the build exits 1
  (content and configuration errors exit 2 before anything is rendered).
- ``warning``: the item is printable but something needs a human look.
- ``info``: recorded facts, e.g. a check that passed.
Exceptions are raised only when the build cannot continue at all (see ``errors.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How bad a finding is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


VERDICTS = {Severity.ERROR: "fail", Severity.WARNING: "warn", Severity.INFO: "pass"}


@dataclass(frozen=True)
class Diagnostic:
    """A single finding, located as precisely as the stage that found it can.

    ``source`` is a project-relative path, ``line`` is 1-based, ``field`` is a dotted
    field path such as ``qr.url`` or ``municipalities[2].name``; ``job`` is the job id (or,
    for a PDF made elsewhere, its file name); ``page`` is 1-based.
    """

    code: str
    severity: Severity
    message: str
    source: str | None = None
    line: int | None = None
    field: str | None = None
    page: int | None = None
    job: str | None = None
    # Compliance evidence: what was measured on which element, against what, and why.
    element: str | None = None
    measured: str | None = None
    threshold: str | None = None
    reference: str | None = None
    """The source article of the rule (regulation, guideline)."""
    rule_pack: str | None = None
    """Id of the EU publicity rule pack whose rule ``code`` this finding applies: set on
    every compliance finding (passes included), and only on those."""
    l10n: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = ()
    """For texts built from a message template: (field, English template, ((name, value),
    …)), so a report can show ``message``, ``measured`` or ``threshold`` in another
    language (``pipeline.compliance.messages``)."""

    @property
    def is_compliance(self) -> bool:
        """Whether this is the verdict of a publicity rule (see ``rule_pack``)."""
        return self.rule_pack is not None

    def __str__(self) -> str:
        """Render as ``path:line: field.path: message`` (parts that are unknown are left out)."""
        where = ""
        if self.source:
            where = self.source + (f":{self.line}" if self.line else "") + ": "
        if self.job:
            where += f"{self.job}: "
        if self.page is not None:
            where += f"page {self.page}: "
        if self.field:
            where += f"{self.field}: "
        if self.is_compliance:  # a publicity rule: name it
            where += f"{self.code}: "
        return where + self.message

    def to_json(self) -> dict[str, Any]:
        """Plain dict for report.json."""
        data = {name: getattr(self, name) for name in _FIELDS}
        data["severity"] = self.severity.value
        data["l10n"] = [[f, t, dict(p)] for f, t, p in self.l10n] or None
        if self.is_compliance:  # a publicity rule: say the verdict in its own terms
            data["verdict"] = VERDICTS[self.severity]
        return {key: value for key, value in data.items() if value is not None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Diagnostic:
        """A finding as ``to_json`` wrote it (the verdict is derived, not stored)."""
        values = {key: value for key, value in data.items() if key != "verdict"}
        values["severity"] = Severity(values["severity"])
        values["l10n"] = tuple((f, t, tuple(p.items()))
                               for f, t, p in values.get("l10n", ()))
        return cls(**values)


_FIELDS = tuple(f.name for f in fields(Diagnostic))


def error(code: str, message: str, **where: Any) -> Diagnostic:
    """Shorthand for an error-level diagnostic."""
    return Diagnostic(code, Severity.ERROR, message, **where)


def warning(code: str, message: str, **where: Any) -> Diagnostic:
    """Shorthand for a warning-level diagnostic."""
    return Diagnostic(code, Severity.WARNING, message, **where)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    """True when any diagnostic is error-level."""
    return any(d.severity is Severity.ERROR for d in diagnostics)


def sort_key(d: Diagnostic) -> tuple[str, int, str]:
    """Stable report order: by file, then line, then field."""
    return (d.source or d.job or "", d.line or 0, d.field or "")


def info(code: str, message: str, **where: Any) -> Diagnostic:
    """Shorthand for an info-level diagnostic (a measured fact)."""
    return Diagnostic(code, Severity.INFO, message, **where)
