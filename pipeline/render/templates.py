"""The Jinja2 environment over layouts/: sandboxed, StrictUndefined, autoescaped.

Content strings are data: they are escaped, never evaluated (``{{ 7*7 }}`` in a headline is
printed as is). Only values built by the pipeline itself (SVG of the emblem and QR code,
palette colours, @font-face rules) are marked safe.

Every string a layout prints gets Lithuanian no-break spaces first (``linebreak.prepare``,
the environment's ``finalize``); display text gets the stronger rule through the
``display`` filter (``linebreak.prepare_display``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from pipeline.barcode import ean13_svg
from pipeline.emblem import emblem_svg
from pipeline.errors import RenderError
from pipeline.ink import leading
from pipeline.linebreak import prepare, prepare_display
from pipeline.lithuanian import lt_date, place
from pipeline.qr import qr_svg


def _mm(value: float) -> Markup:
    """Format a length for CSS: ``12.5`` → ``12.5mm``."""
    return Markup(f"{value:.3f}".rstrip("0").rstrip(".") + "mm")


def _pt(value: float) -> Markup:
    """Format a type size for CSS."""
    return Markup(f"{value:.2f}".rstrip("0").rstrip(".") + "pt")


# A file name printed into an attribute (an image's src): its spaces must stay spaces.
_FILE_NAME = re.compile(r"[^<>\"]*\.(?:jpe?g|png|tiff?|svg|webp|pdf)", re.IGNORECASE)


def _finalize(value: object) -> object:
    """Every printed value: a content string gets its no-break spaces (``prepare``).

    Values the pipeline marked safe (``Markup``: SVG, CSS, macros' HTML) and file names are
    printed as they are.
    """
    if isinstance(value, str) and not isinstance(value, Markup) \
            and not _FILE_NAME.fullmatch(value):
        return prepare(value)
    return value


def _display(value: object) -> object:
    """The ``display`` filter: headlines, titles and leads end no line with a short word."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return prepare_display(value)
    return value


def _location(exc: TemplateError, env: SandboxedEnvironment, name: str) -> str:
    """``layouts/<file>:<line>`` of the template line that failed.

    Syntax errors carry their position; runtime errors (an undefined name) only appear in the
    traceback, where Jinja maps frames back to template files and lines.
    """
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if line is None:
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.endswith(".j2"):
                filename, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    searchpath = getattr(env.loader, "searchpath", [])
    display = name
    if filename:
        for base in searchpath:
            if Path(filename).is_relative_to(base):
                display = Path(filename).relative_to(base).as_posix()
    return f"layouts/{display}" + (f":{line}" if line else "")


def make_environment(layouts: Path) -> SandboxedEnvironment:
    """The environment every layout under ``layouts`` is rendered with.

    Filters: ``mm`` (a length in mm → ``12.5mm``), ``pt`` (a type size in pt → ``9pt``),
    ``lt_date``, ``place`` (a venue and its town), ``display`` (display text:
    ``linebreak.prepare_display``); every printed string passes ``linebreak.prepare``
    (``finalize``); globals: ``qr_svg``, ``emblem_svg``, ``isbn_barcode`` (``ean13_svg``),
    ``leading`` (a line height from the brand font's glyphs: ``ink.leading``).
    """
    env = SandboxedEnvironment(
        loader=FileSystemLoader(layouts),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters["mm"] = _mm
    env.filters["pt"] = _pt
    env.filters["lt_date"] = lt_date
    env.filters["display"] = _display
    env.filters["place"] = place
    env.globals["qr_svg"] = qr_svg
    env.globals["emblem_svg"] = emblem_svg
    env.globals["isbn_barcode"] = ean13_svg
    env.globals["leading"] = leading
    return env


def render_template(env: SandboxedEnvironment, name: str, context: Mapping[str, object],
                    *, job: str) -> str:
    """The HTML of layout ``name`` (a path under layouts/) with ``context``.

    A template problem (syntax, an undefined name) becomes a ``RenderError`` naming ``job``,
    the layout file and line; so does a ``ValueError`` of a helper (a QR code too small or
    its URL refused, an invalid ISBN).
    """
    try:
        return env.get_template(name).render(**context)
    except TemplateError as exc:
        where = _location(exc, env, name)
        raise RenderError(f"{where}: {exc.message or type(exc).__name__}", job) from exc
    except ValueError as exc:  # raised by helpers such as qr_svg for bad sizes or URLs
        raise RenderError(f"layouts/{name}: {exc}", job) from exc
