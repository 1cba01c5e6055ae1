"""build-print: campaign content → print-ready PDFs, compliance checks and radio scripts.

The public API (imported lazily, so ``build-print --help`` stays fast)::

    from pipeline import BuildOptions, load_config, run_preflight, Expectations
    from pipeline.build import build
    report = build(load_config(), options=BuildOptions(jobs=1))  # BuildReport

(``build`` is imported from ``pipeline.build``: importing it from the package would give
the module ``pipeline.build``, which Python binds to the package's attribute ``build``.)
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_API = {
    "BuildOptions": "pipeline.session",
    "BuildReport": "pipeline.results",
    "load_config": "pipeline.config",
    "ProjectConfig": "pipeline.config",
    "Diagnostic": "pipeline.diagnostics",
    "Severity": "pipeline.diagnostics",
    "PipelineError": "pipeline.errors",
    "ContentError": "pipeline.errors",
    "run_preflight": "pipeline.preflight",
    "Expectations": "pipeline.preflight",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
