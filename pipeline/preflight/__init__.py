"""Preflight for any PDF: what a commercial printer's preflight checks, on the final bytes.

``run_preflight`` opens the file with pikepdf (qpdf), walks everything that paints
(``walk.py``) and runs every registered check (``checks/``) under a profile
(``profile.py``: GWG 2015 Sheetfed Offset CMYK and the campaign's printers' floors by
default). Each finding names the page, the object, where it is in mm from the trim's
top-left, the measured value and the threshold. The build runs it on every file it makes,
with the expectations of the job (format, page count, brand fonts);
``build-print preflight FILE.pdf`` runs it on any PDF with generic expectations.
"""

from __future__ import annotations

import pikepdf

from pipeline.diagnostics import Diagnostic
from pipeline.errors import ConfigError
from pipeline.pdffile import PdfFile, open_pdf
from pipeline.preflight.checks import CHECKS
from pipeline.preflight.context import (
    DEFAULT_BLEED_MM,
    Expectations,
    Preflight,
    unreadable,
)
from pipeline.preflight.profile import DEFAULT_PROFILE, OFFICE_PROFILE, Profile, profile_ids
from pipeline.preflight.profile import load_profile as _load_profile
from pipeline.preflight.registry import findings

__all__ = ["CHECKS", "DEFAULT_BLEED_MM", "DEFAULT_PROFILE", "OFFICE_PROFILE", "Expectations",
           "load_profile", "profile_ids", "run_preflight"]


def load_profile(name: str = DEFAULT_PROFILE) -> Profile:
    """The profile ``name`` (``profile.load_profile``), its ``severity`` codes registered.

    Raises ``ConfigError`` naming the profile (a file: its path) for a code that is no
    check's, e.g. a misspelt one, which would otherwise be ignored without a word.
    """
    profile = _load_profile(name)
    unknown = sorted(set(profile.severity) - set(CHECKS))
    if unknown:
        raise ConfigError(f"{name}: severity: unknown check code(s) {', '.join(unknown)}; "
                          f"the checks are {', '.join(CHECKS)}")
    return profile


def run_preflight(data: bytes | PdfFile, expect: Expectations) -> list[Diagnostic]:
    """Every finding of every registered check on the PDF ``data``, in ``CHECKS`` order.

    ``data``: the bytes, or the file opened once (``PdfFile``) that the other checks of the
    same bytes share (left open). Errors, warnings and info (what was measured and found
    right). A file qpdf cannot open gives one ``pdf-unreadable`` error, not an exception;
    an unknown profile raises ``ConfigError``.
    """
    load_profile(expect.profile)
    file, opened = open_pdf(data)
    try:
        try:
            context = Preflight.open(file, expect)
            _ = len(context.pdf.pages)
        except (pikepdf.PdfError, ValueError, KeyError) as exc:
            return [unreadable(expect.job, exc)]
        result: list[Diagnostic] = []
        for check in CHECKS.values():
            result += findings(check, context)
        return result
    finally:
        if opened:
            file.close()
