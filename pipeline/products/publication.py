"""Publications: books and booklets from Markdown chapters (content/publications/<slug>/).

One job for the reader PDF (cover, title page, imprint with the funding block, contents,
chapters); saddle-stitched booklets are padded to a multiple of four pages with blank
pages before the back cover. The printer gets single pages in reading order; the facing
pages side by side are a proof for review (``proofs/<id>/spreads.pdf``).

A second job makes the accessible digital edition (``digital/<id>.pdf``, ``digital_job``):
a job of its own, not an output of the print job, so that its findings, status and
rebuilds are its own (a change to the screen layout rebuilds it alone, a failed
accessibility check never rejects the printer's file) and the print job, the longest of a
build, does not grow; it waits for the print edition because it is checked against the
print edition's final bytes (the same text on every page).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, overload

from pipeline import postpress
from pipeline.content.fields import Problem
from pipeline.content.models import Publication
from pipeline.content.textfile import read_text, unprintable
from pipeline.diagnostics import Diagnostic, error
from pipeline.hashing import sha256_text
from pipeline.jobs import Job
from pipeline.output import read_json
from pipeline.postpress import Finishing
from pipeline.products import ProductKind, register
from pipeline.products.cards import Message, card_jobs, url_text

if TYPE_CHECKING:
    from pipeline.markdown import Chapter
    from pipeline.project import Item, Project


def chapter_files(item: Item[Publication]) -> list[Path]:
    """chapters/*.md beside publication.yaml, in file-name order."""
    return sorted((item.doc.path.parent / "chapters").glob("*.md"))


class Chapters(Sequence["Chapter"]):
    """The chapters of a book, rendered from Markdown when the layout first reads them.

    A build that reuses the book (nothing changed) never parses them.
    """

    def __init__(self, files: list[Path], image_base: str) -> None:
        self.files = files
        self.image_base = image_base

    @cached_property
    def rendered(self) -> list[Chapter]:
        """Every chapter as HTML with its title, in file order (rendered once)."""
        from pipeline.markdown import render_chapter

        anchors = {path.name: f"ch-{number}" for number, path in enumerate(self.files, 1)}
        return [render_chapter(path.read_text(encoding="utf-8"), image_base=self.image_base,
                               chapter_anchors=anchors) for path in self.files]

    @overload
    def __getitem__(self, index: int) -> Chapter: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Chapter]: ...
    def __getitem__(self, index: int | slice) -> Chapter | Sequence[Chapter]:
        return self.rendered[index]

    def __len__(self) -> int:
        return len(self.files)


def chapters(item: Item[Publication], project: Project) -> Chapters:
    """The chapters (rendered to HTML on first use)."""
    base = item.doc.path.parent.relative_to(project.config.root).as_posix()
    return Chapters(chapter_files(item), base)


# No text on spines thinner than this (print-specs.md §8: bookpress.eu, < 5 mm).
MIN_SPINE_TEXT_MM = 5.0
COVER_BLEED_MM = 5.0  # covers 5 mm, inner pages 3 mm (§2.1)
MAX_PAGES = 600
"""A book beyond this is a runaway (a table or text gone wrong), not a publication."""


def spine_mm(pages: int, publication: Publication) -> float:
    """Spine width in mm for ``pages`` of ``publication`` (``postpress.spine_mm``)."""
    return postpress.spine_mm(pages, publication.paper_caliper_mm,
                              publication.cover_caliper_mm)


def binding(publication: Publication) -> Finishing:
    """The book block's finishing: saddle stitch (``SADDLE_STAPLES``) or perfect binding."""
    if publication.binding == "saddle-stitch":
        return Finishing("saddle-stitch", staples=postpress.SADDLE_STAPLES)
    return Finishing("perfect-binding", paper_caliper_mm=publication.paper_caliper_mm,
                     cover_caliper_mm=publication.cover_caliper_mm,
                     cover_file=f"virselis-{publication.id}.pdf")


def cover_job(book: Job, publication: Publication, project: Project,
              source: str) -> Job:
    """The perfect-binding cover (back | spine | front), sized once the book is laid out.

    Bleed 5 mm (``COVER_BLEED_MM``, print-specs.md §2.1); text on the spine only from
    ``MIN_SPINE_TEXT_MM`` (5 mm, §8); folds at the spine's two edges.
    """
    inner = project.formats[publication.format]

    def finalise(pages: int) -> Job:
        spine = spine_mm(pages, publication)
        fmt = inner.model_copy(update={
            "id": f"{inner.id}-cover", "name": f"{inner.name} cover, spine {spine:g} mm",
            "trim_mm": (2 * inner.trim_mm[0] + spine, inner.trim_mm[1]),
            "bleed_mm": COVER_BLEED_MM, "panels_mm": None})
        w = inner.trim_mm[0]
        return replace(job, format=fmt, folds_mm=((w, w + spine),),
                       finishing=Finishing("perfect-binding-cover", spine_mm=spine),
                       context={**job.context, "spine_mm": spine, "book_pages": pages,
                                "spine_text": spine >= MIN_SPINE_TEXT_MM, "panel_mm": w})

    job = Job(
        id=f"virselis-{publication.id}", product="cover", title=f"{publication.title} – viršelis",
        layout="publication/cover.html.j2", format=inner, source=source,
        output=PurePosixPath("print/publications") / f"virselis-{publication.id}.pdf",
        pages=1, context={"publication": publication}, variant=dict(book.variant),
        production=publication.production, depends_on=book.id, finalise=finalise)
    return job


DIGITAL = "digital-edition"
"""The product of a book's accessible digital edition."""


def digital_job(book: Job, publication: Publication, project: Project) -> Job:
    """The accessible digital edition of ``book``: ``digital/<id>.pdf``.

    The print layout at trim size without bleed (``layouts/publication/digital.html.j2``),
    the brand colours in sRGB (``screen.ScreenPalette``), no job ticket (no printer); built
    after the print edition (``depends_on``), whose page text it is checked against.
    """
    from pipeline.screen import ScreenPalette

    brand = project.brand
    fmt = book.format.model_copy(update={"bleed_mm": 0.0,
                                         "name": f"{book.format.name}, screen"})
    return replace(book, id=f"skaitmeninis-{publication.id}", product=DIGITAL,
                   title=publication.title, layout="publication/digital.html.j2", format=fmt,
                   output=PurePosixPath("digital") / f"{publication.id}.pdf",
                   context={**book.context,
                            "palette": ScreenPalette(brand.palette.colours, brand.profile_path)},
                   colours="RGB", press=False, reading_spreads=False, finishing=Finishing(),
                   depends_on=book.id)


def expand(item: Item[Publication], project: Project) -> list[Job]:
    """The reader PDF, its accessible digital edition (``digital_job``) and its cover.

    The reader PDF has its reading spreads as a proof; the cover is for perfect binding.

    A saddle-stitched book is padded to a multiple of 4 pages (print-specs.md §8); layout
    stops past ``MAX_PAGES`` (600, an implementation choice).
    """
    publication = item.model
    saddle = publication.binding == "saddle-stitch"
    jobs = [Job(
        id=f"leidinys-{publication.id}", product="publication", title=publication.title,
        layout="publication/book.html.j2", format=project.formats[publication.format],
        source=item.source,
        output=PurePosixPath("print/publications") / f"leidinys-{publication.id}.pdf",
        context={"publication": publication, "chapters": chapters(item, project),
                 "padding": 0},
        variant={"format": publication.format, "binding": publication.binding},
        production=publication.production, colours="4/4", finishing=binding(publication),
        page_multiple=4 if saddle else None, reading_spreads=True,
        max_pages=MAX_PAGES)]
    jobs.append(digital_job(jobs[0], publication, project))
    if not saddle:
        jobs.append(cover_job(jobs[0], publication, project, item.source))
    return jobs + publication_cards(item, project)


def publication_cards(item: Item[Publication], project: Project) -> list[Job]:
    """The social media cards of a publication (``products/cards.py``).

    Its year, title and subtitle, and the campaign's website.
    """
    publication = item.model
    url = project.campaign.website
    publisher = f"{publication.publisher}, {publication.date.year}"
    return card_jobs(
        subject=f"leidinys-{publication.id}", title=publication.title,
        layout="publication.html.j2", source=item.source,
        context={"publication": publication, "url_text": url_text(url), "background": "red"},
        variant={"format": publication.format}, production=publication.production,
        project=project, message=Message(
            field="raudoname fone", link=url_text(url), below=(),
            top=tuple(t for t in (f"Leidinys · {publication.date.year}", publication.title,
                                  publication.subtitle) if t),
            caption=f"{publication.title}."
                    + (f" {publication.subtitle}." if publication.subtitle else "")
                    + f"\n\n{publisher}. "
                    f"Daugiau: {url}"))


def references(item: Item[Publication], project: Project) -> list[Problem | Diagnostic]:
    """At least one chapter, each readable UTF-8 text opening with its '# ' title."""
    files = chapter_files(item)
    if not files:
        return [(("id",), "no chapters: put chapters/*.md beside publication.yaml")]
    problems: list[Problem | Diagnostic] = []
    for path in files:
        display = project.config.display(path)
        text, unreadable = read_text(path, display)
        problems += unreadable
        if text is None:
            continue
        problems += unprintable(text, display)
        lines = text.splitlines()
        first = next((n for n, line in enumerate(lines, start=1) if line.strip()), None)
        if first is None:
            problems.append(error("chapter-empty", "the chapter is empty", source=display,
                                  line=1))
        elif not lines[first - 1].startswith("# "):
            problems.append(error("chapter-title", "a chapter must start with its title as a "
                                  "'# ' heading", source=display, line=first))
        problems += [error(code, message, source=display, line=line) for code, message, line
                     in _links_and_images(text, {path.name for path in files}, project)]
    return problems


LINKS_VERSION = 1
"""Part of the key of every cached link check: a changed check runs on every chapter again."""


def _links_and_images(text: str, chapters: set[str],
                      project: Project) -> list[tuple[str, str, int]]:
    """An image without alt text, a link neither https nor to a chapter's file: errors.

    (code, message, line) of each. The digital edition gives every image its alt text as
    the Figure's /Alt (PDF/UA-1) and keeps every link live: an http link would open
    unencrypted, anything else lands nowhere. Kept in ``output/.cache/links/`` by the
    chapter's text and the chapters' names (``Project.to_cache``: written by the build), so
    that a build whose chapters did not change parses no Markdown (a no-op build's largest
    cost after start-up); a cache entry that cannot be read is checked again.
    """
    key = sha256_text("\0".join((str(LINKS_VERSION), text, *sorted(chapters))))
    relative = f".cache/links/{key}.json"
    try:
        return [(str(code), str(message), int(line)) for code, message, line
                in read_json(project.config.output, relative)]
    except (ValueError, TypeError):  # none kept, or not (code, message, line) triples
        pass
    from pipeline.markdown import references as chapter_references

    problems = []
    for ref in chapter_references(text):
        if ref.kind == "image" and not ref.alt.strip():
            problems.append(("image-alt", f"the image '{ref.target}' has no alt text: write "
                             f"what it shows, as ![what it shows]({ref.target})", ref.line))
        elif ref.kind == "link" and not ref.target.startswith("https://") \
                and ref.target not in chapters:
            problems.append(("link-url", f"only https URLs and chapter files "
                             f"({', '.join(sorted(chapters)[:2])}…) are accepted as "
                             f"links, not '{ref.target}'", ref.line))
    project.to_cache[relative] = problems
    return problems


PUBLICATION = register(ProductKind(name="publication", folder="publications",
                                   model=Publication, expand=expand, references=references,
                                   pattern="*/publication.yaml", sources=chapter_files))
