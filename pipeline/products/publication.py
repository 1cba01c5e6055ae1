"""Publications: books and booklets from Markdown chapters (content/publications/<slug>/).

One job for the reader PDF (cover, title page, imprint with the funding block, contents,
chapters); saddle-stitched booklets are padded to a multiple of four pages with blank
pages before the back cover, and printer spreads are written beside them.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from pydantic import BaseModel

from pipeline.content.models import Problem, Publication
from pipeline.jobs import Job
from pipeline.markdown import Chapter, render_chapter
from pipeline.products import ProductKind, register

if TYPE_CHECKING:
    from pipeline.content.loader import Item, Project


def chapter_files(item: Item) -> list[Path]:
    """chapters/*.md beside publication.yaml, in file-name order."""
    return sorted((item.doc.path.parent / "chapters").glob("*.md"))


def chapters(item: Item, project: Project) -> list[Chapter]:
    """The chapters rendered to HTML."""
    base = item.doc.path.parent.relative_to(project.config.root).as_posix()
    return [render_chapter(path.read_text(encoding="utf-8"), image_base=base)
            for path in chapter_files(item)]


def expand(item: Item, project: Project) -> list[Job]:
    """The reader PDF (and, for saddle stitch, its spreads)."""
    publication = item.model
    assert isinstance(publication, Publication)
    saddle = publication.binding == "saddle-stitch"
    return [Job(
        id=f"leidinys-{publication.id}", kind="publication", title=publication.title,
        layout="publication/book.html.j2", format=project.formats[publication.format],
        source=item.source,
        output=PurePosixPath("print/publications") / f"leidinys-{publication.id}.pdf",
        context={"publication": publication, "chapters": chapters(item, project),
                 "padding": 0},
        variant={"format": publication.format, "binding": publication.binding},
        production=publication.production, colours="4/4",
        page_multiple=4 if saddle else None, impose="saddle-stitch" if saddle else None)]


def references(model: BaseModel, project: Project) -> list[Problem]:
    """At least one chapter, each opening with its '# ' title."""
    assert isinstance(model, Publication)
    item = next(i for i in project.items if i.model is model)
    files = chapter_files(item)
    if not files:
        return [(("id",), "no chapters: put chapters/*.md beside publication.yaml")]
    problems: list[Problem] = []
    for path in files:
        first = next((line for line in path.read_text(encoding="utf-8").splitlines()
                      if line.strip()), "")
        if not first.startswith("# "):
            problems.append((("id",), f"chapters/{path.name} must start with its title as "
                                      "a '# ' heading"))
    return problems


PUBLICATION = register(ProductKind(name="publication", folder="publications",
                                   model=Publication, expand=expand, references=references,
                                   pattern="*/publication.yaml"))
