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
    """Raised while loading the project set-up (paths, format catalogue) when it is unusable."""

    exit_code = 2


class ContentError(PipelineError):
    """Raised by content loading when any file is invalid; carries *all* diagnostics of the run."""

    exit_code = 2

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__(f"{len(diagnostics)} problem(s) in the content")


class RenderError(PipelineError):
    """Raised when a template fails for one job; the message names the job, layout and line."""


class PageLimitError(RenderError):
    """A document ran past its product's page limit; layout was stopped there."""


class UnsafeURLError(PipelineError):
    """Raised by the URL fetcher for a resource outside the project (remote, absolute, ``..``)."""


class FinishingError(PipelineError):
    """Raised by finishing when the rendered PDF does not match its format (a layout bug)."""


class ImageError(PipelineError):
    """Raised when a raster image cannot be used: unreadable, truncated or too large to open."""
