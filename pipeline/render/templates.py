"""The Jinja2 environment over layouts/: sandboxed, StrictUndefined, autoescaped.

Content strings are data: they are escaped, never evaluated (``{{ 7*7 }}`` in a headline is
printed as is). Only values built by the pipeline itself (SVG of the emblem and QR code,
palette colours, @font-face rules) are marked safe.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from pipeline.emblem import emblem_svg
from pipeline.errors import RenderError
from pipeline.qr import qr_svg


def _mm(value: float) -> Markup:
    """Format a length for CSS: ``12.5`` → ``12.5mm``."""
    return Markup(f"{value:.3f}".rstrip("0").rstrip(".") + "mm")


def _pt(value: float) -> Markup:
    """Format a type size for CSS."""
    return Markup(f"{value:.2f}".rstrip("0").rstrip(".") + "pt")


def make_environment(layouts: Path) -> SandboxedEnvironment:
    """The environment every layout is rendered with."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader(layouts),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["mm"] = _mm
    env.filters["pt"] = _pt
    env.globals["qr_svg"] = qr_svg
    env.globals["emblem_svg"] = emblem_svg
    return env


def render_template(env: SandboxedEnvironment, name: str, context: dict[str, Any],
                    *, job: str) -> str:
    """Render ``name``; a template problem becomes a RenderError naming job, file and line."""
    try:
        return env.get_template(name).render(**context)
    except TemplateError as exc:
        where = f"layouts/{getattr(exc, 'filename', None) or name}"
        line = getattr(exc, "lineno", None)
        where += f":{line}" if line else ""
        raise RenderError(f"{job}: {where}: {exc.message or type(exc).__name__}") from exc
    except ValueError as exc:  # raised by helpers such as qr_svg for bad sizes or URLs
        raise RenderError(f"{job}: layouts/{name}: {exc}") from exc
