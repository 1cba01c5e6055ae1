"""build-print: campaign content → print-ready PDFs, compliance checks and radio scripts."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
