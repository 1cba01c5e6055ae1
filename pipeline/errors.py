"""The small error hierarchy of build-print, independent of click.

The CLI turns each of these into a message and an exit code; nothing here prints.
"""

from __future__ import annotations

import errno
from pathlib import PurePath
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

    The message says why (``raster_files.MAX_PIXELS``, the accepted
    ``raster_files.FORMATS``); the build reports it as a ``bad-image`` error of the job that
    places the image.
    """


class StorageError(PipelineError):
    """The machine refused a file: disk full, permission denied, read-only, a vanished folder.

    ``path`` is the file or folder concerned, ``problem`` what the system said in words
    (``disk full``), ``advice`` what to do. Raised by ``output`` when writing output/ fails
    (nothing half-written is left: the old file stays) and made by the CLI of any other
    ``OSError`` (``storage_error``). Exit code 3, distinct from findings (1) and bad input (2).
    """

    exit_code = 3

    def __init__(self, path: str, problem: str, advice: str) -> None:
        super().__init__(path, problem, advice)  # the arguments, so a worker can pickle it
        self.path = path
        self.problem = problem
        self.advice = advice

    def __str__(self) -> str:
        return f"{self.problem}: {self.path}: {self.advice}"


_WRITE_ADVICE = {
    "full": "free space on that disk or give another --output, then build again; "
            "the files already there are unchanged",
    "denied": "make that folder writable for this user or give another --output, then "
              "build again",
    "read-only": "it is on a read-only disk or mount: give an --output on a writable disk "
                 "(or remount it read-write), then build again",
    "vanished": "the folder was deleted or moved, or its drive was unmounted: reconnect or "
                "create it, or give another --output, then build again",
    "file": "a file stands where that folder should be: move the file or give another "
            "--output, then build again",
}
_PROBLEMS = {
    errno.ENOSPC: ("full", "disk full"),
    errno.EDQUOT: ("full", "disk quota exceeded"),
    errno.EACCES: ("denied", "permission denied"),
    errno.EPERM: ("denied", "permission denied"),
    errno.EROFS: ("read-only", "read-only file system"),
    errno.ENOENT: ("vanished", "folder not found"),
    errno.ENOTDIR: ("file", "not a folder"),
    errno.ESTALE: ("vanished", "folder vanished (stale network handle)"),
}


def storage_error(exc: OSError, path: PurePath | str | None = None, *,
                  writing: bool = True) -> StorageError:
    """The ``StorageError`` for ``exc`` (an ``OSError``) on ``path`` (else ``exc.filename``).

    Disk full (ENOSPC, EDQUOT), permission denied (EACCES, EPERM), read-only file system
    (EROFS), a vanished folder (ENOENT, ESTALE) and a file in a folder's place (ENOTDIR)
    get their own words and advice; any other error its system message. ``writing``:
    whether output was being
    written (the advice names --output) or an input read.
    """
    where = path if path is not None else exc.filename
    kind, problem = _PROBLEMS.get(exc.errno or 0, ("", exc.strerror or type(exc).__name__))
    if not writing:
        advice = "check that the file exists and this user may read it"
    else:
        advice = _WRITE_ADVICE.get(kind, "check the disk and the folder, then build again")
    return StorageError(str(where) if where is not None else "(no path given)", problem,
                        advice)
