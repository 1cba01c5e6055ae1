"""Preflight for any PDF: what a commercial printer's preflight checks, on the final bytes.

``run_preflight`` reads the file with pypdf and runs every registered check (see
``checks.py``); each finding names the page and where on it. The build runs it on every
file it makes, with the expectations of the job (format, page count, brand fonts);
``build-print preflight FILE.pdf`` runs it on any PDF with generic expectations.
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from pipeline.diagnostics import Diagnostic
from pipeline.preflight.checks import CHECKS
from pipeline.preflight.context import (
    DEFAULT_BLEED_MM,
    DEFAULT_GOOD_PPI,
    DEFAULT_MIN_PPI,
    DEFAULT_TAC,
    Expectations,
    Preflight,
    unreadable,
    with_catalogue_thresholds,
)

__all__ = ["DEFAULT_BLEED_MM", "DEFAULT_GOOD_PPI", "DEFAULT_MIN_PPI", "DEFAULT_TAC",
           "Expectations", "run_preflight"]


def run_preflight(data: bytes, expect: Expectations) -> list[Diagnostic]:
    """Every finding of every registered check on the PDF ``data``, in ``CHECKS`` order.

    Errors, warnings and info (what was measured and found right). A file pypdf cannot read
    gives one ``pdf-unreadable`` error, not an exception.
    """
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        _ = len(reader.pages)
    except (PdfReadError, ValueError, KeyError) as exc:
        return [unreadable(expect.job, exc)]
    expect = with_catalogue_thresholds(reader, expect)
    context = Preflight(reader, expect, data)
    findings: list[Diagnostic] = []
    for check in CHECKS.values():
        findings += check(context)
    return findings
