"""A Job is one PDF to make: a product in one variant (format, municipality, …)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import PurePosixPath
from typing import Any

from pipeline.content.models import Production
from pipeline.diagnostics import Diagnostic
from pipeline.formats import PrintFormat
from pipeline.postpress import Finishing
from pipeline.social import SocialFormat


@dataclass(frozen=True)
class Job:
    """Everything the render stages need for one output file.

    ``format`` gives its sizes (mm); ``output`` is its path under output/ (``print/…``,
    ``radio/…``); ``source`` the project-relative content file it comes from.
    """

    id: str
    product: str
    """What is printed: ``poster``, ``invitation``, ``attendance-sheet``, ``radio-script``…
    (one product kind of content can make several: an event makes a poster, an
    invitation and an attendance sheet)."""
    title: str
    layout: str
    format: PrintFormat
    source: str
    output: PurePosixPath
    pages: int | None = None
    """Expected page count (``None`` when the content decides)."""
    context: Mapping[str, Any] = field(default_factory=dict)
    """Template variables specific to this job."""
    variant: Mapping[str, str] = field(default_factory=dict)
    """What distinguishes this job from its siblings (format, municipality, …), for listings."""
    production: Production = field(default_factory=Production)
    """Date, print run, paper, finishing, marks: for metadata, finishing and the job ticket."""
    colours: str = "4/0"
    """Inks front/back, for the job ticket."""
    folds_mm: tuple[tuple[float, ...], ...] = ()
    """Fold positions (mm from the page's left trim edge, in the file) for each page."""
    page_multiple: int | None = None
    """Saddle stitch: pad with blank pages (context ``padding``) to a multiple of this."""
    finishing: Finishing = field(default_factory=Finishing)
    """Post-press the product needs (trim only, roll fold, saddle stitch, perfect binding),
    for the job ticket."""
    press: bool = True
    """Printed by a printer, so the PDF gets a job ticket (``.job.txt``, ``.job.json``);
    ``False`` for sheets printed in the office and read at the desk (radio)."""
    reading_spreads: bool = False
    """A book: also write its facing pages side by side, a proof for review
    (``proofs/<id>/spreads.pdf``); the printer gets single pages."""
    spoken_text: str | None = None
    """Radio: what is read on air; checked for the spoken funding credit instead of the
    printed EU publicity rules."""
    text_output: tuple[PurePosixPath, str] | None = None
    """An extra plain-text file to write beside the PDF (the prompter text of a show)."""
    findings: tuple[Diagnostic, ...] = ()
    """Findings known from the content alone (timing of a show, a spot's length)."""
    max_pages: int = 100
    """Layout stops past this many pages (``page-limit`` error; see ``page_limit``): a
    runaway table or text fails fast instead of filling memory. A book sets its own."""
    depends_on: str | None = None
    """Id of a job whose page count this one needs (a cover needs its book's)."""
    finalise: Callable[[int], Job] | None = field(default=None, compare=False, repr=False)
    """Given that page count, the job as it is to be built (e.g. the spine width)."""
    card: SocialFormat | None = None
    """A social media card (``social.py``): its page rendered to exactly these pixels, written
    as PNG (``output``) and JPEG in sRGB with its alt text (``text_output``), instead of a
    print PDF (``cards.py``)."""


def page_limit(job: Job) -> int:
    """Pages ``job`` may run to before layout stops with ``PageLimitError``.

    Its ``max_pages``, or its expected page count + 10 when that is more (an attendance
    sheet for a large audience, a certificate per participant); the margin of 10 pages is an
    implementation choice.
    """
    return max(job.max_pages, (job.pages or 0) + 10)


def select(jobs: list[Job], patterns: tuple[str, ...]) -> list[Job]:
    """The jobs that match any of ``patterns``, in their order; all of them when it is empty.

    A pattern matches a job's id (glob), its product (exact name) or its source file (glob).
    """
    if not patterns:
        return jobs
    return [job for job in jobs
            if any(fnmatchcase(job.id, p) or job.product == p or fnmatchcase(job.source, p)
                   for p in patterns)]


def rejected_path(job: Job) -> PurePosixPath:
    """Where a failed job's file is kept for inspection, never where the printer looks.

    ``print/posters/x.pdf`` → ``rejected/posters/x.pdf``; other paths go under rejected/ whole.
    """
    relative = job.output.relative_to("print") if job.output.parts[0] == "print" \
        else job.output
    return PurePosixPath("rejected") / relative


def spreads_path(job: Job) -> PurePosixPath:
    """Where a book's reading spreads go: among its proofs, never where the printer looks."""
    return PurePosixPath("proofs") / job.id / "spreads.pdf"
