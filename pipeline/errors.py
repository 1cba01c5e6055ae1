"""The small error hierarchy of build-print, independent of click.

The CLI turns each of these into a message and an exit code; nothing here prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.diagnostics import Diagnostic


class PipelineError(Exception):
    """Root of every error build-print raises on purpose."""

    exit_code = 1


class ConfigError(PipelineError):
    """The project set-up is unusable: folders, format catalogue, rule pack, output/.

    Raised while loading (a missing content/, an invalid catalogue or pack) and when output/
    cannot be written (locked by another build, a path outside it). Exit code 2.
    """

    exit_code = 2


class ContentError(PipelineError):
    """Raised by content loading when any file is invalid; carries *all* diagnostics of the run.

    ``diagnostics``: every problem in brand/ and content/, located by file, line and field.
    Exit code 2: nothing is built.
    """

    exit_code = 2

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__(f"{len(diagnostics)} problem(s) in the content")


class RenderError(PipelineError):
    """Raised when a template fails for one job; the message names the job, layout and line.

    ``detail`` is the message without the job (``layouts/poster/poster.html.j2:43: …``): the
    build reports it as a ``render-template`` error whose ``job`` field names the job, so
    the same layout error in many jobs reads the same and is printed once with the jobs.
    """

    def __init__(self, detail: str, job: str | None = None) -> None:
        self.detail = detail
        self.job = job
        super().__init__(f"{job}: {detail}" if job else detail)


class PageLimitError(RenderError):
    """A document ran past its product's page limit (``jobs.page_limit``); layout stopped there.

    Raised by ``Renderer.render``; the build reports it as a ``page-limit`` error of the job.
    """


class UnsafeURLError(PipelineError):
    """Raised by the URL fetcher for a resource outside the project (remote, absolute, ``..``).

    Also for a missing file and an oversized ``data:`` URI; the fetcher records the URL and the
    reason, and the build reports them as an ``unsafe-url`` error of the job.
    """


class FinishingError(PipelineError):
    """Raised by finishing when the rendered PDF does not match its format (a layout bug).

    The build reports it as a ``finishing`` error of the job.
    """


class ImageError(PipelineError):
    """Raised when a raster image cannot be used: unreadable, truncated or too large to open.

    The message says why (``images.MAX_PIXELS``, the accepted ``images.FORMATS``); the build
    reports it as a ``bad-image`` error of the job that places the image.
    """
