"""A book laid out part by part and joined: the same pages as laying it out whole.

Every chapter starts on a right-hand page (``break-before: right``), so how a chapter's text
falls on its pages depends on nothing before it but three values passed in (``Part``): its
first page number (the folios), the footnotes numbered before it, and the book's title for
the left-hand running head (set on the title page, in the front matter). The parts are the
front matter (covers, title page, imprint, contents), each chapter, and for saddle stitch the
back (the blank pages that make up the last sheet, the back cover). Each part ends with the
page break before a right-hand chapter when one follows (the blank left-hand page WeasyPrint
makes there is kept, the page after it dropped). The contents take each chapter's first
page from the page counts of the parts before it.

Each part's hyphenation is mended on its own (``mend``): only a part with a bad break is
laid out again, not the whole book. The parts' pages are joined into one WeasyPrint
document written once (``Renderer.joined``), so the layout checks, finishing and
everything after see one book.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from pipeline.diagnostics import Diagnostic, info, warning
from pipeline.errors import RenderError
from pipeline.jobs import Job
from pipeline.linebreak import prepare_display
from pipeline.render.boxes import lines
from pipeline.render.keep import PASSES, bad_breaks, keep_whole
from pipeline.render.pdf import Rendered, Renderer
from pipeline.render.templates import render_template
from pipeline.session import BuildSession, template_context

FRONT_PASSES = 3
"""Layouts of the front matter at most: its page count can change once the contents hold
the real page numbers (a longer number wrapping a title), moving every chapter."""


@dataclass(frozen=True)
class Part:
    """One part of a book as the layout (``book.html.j2``) receives it.

    ``kind``: ``front``, ``chapter`` or ``back``; ``chapter``: its number (1-based);
    ``first_page``: the number of its first page; ``footnotes``: how many footnotes the
    chapters before it have; ``contents``: the first page of each chapter (the front
    matter's contents); ``booktitle``: the left-hand running head; ``then_right``: a
    chapter follows, so the part ends with the break to a right-hand page.
    """

    kind: str
    chapter: int = 0
    first_page: int = 1
    footnotes: int = 0
    contents: tuple[int, ...] = ()
    booktitle: str = ""
    then_right: bool = False

    @property
    def booktitle_css(self) -> Markup:
        """``booktitle`` as a CSS string (quotes, backslashes and markup escaped)."""
        escaped = "".join(c if c.isalnum() or c in " .,:;!?()–—-\u00a0" or ord(c) > 127
                          else f"\\{ord(c):x} " for c in self.booktitle)
        return Markup(f'"{escaped}"')


def mend(renderer: Renderer, html: str, **options: Any) -> tuple[Rendered, str]:
    """``html`` laid out (not written), mended: the layout and its HTML.

    Laid out again with the words kept whole whose hyphens broke a rule of book typesetting
    (``render.keep``), until none is left, none can be found in the HTML, or
    ``keep.PASSES`` more layouts are done.
    """
    rendered = renderer.render(html, write=False, **options)
    for _ in range(PASSES):
        bad = bad_breaks(list(lines(rendered.document)))
        if not bad:
            break
        html, missed = keep_whole(html, bad)
        if len(missed) == len(bad):
            break
        rendered = renderer.render(html, write=False, **options)
    return rendered, html


def hyphenation_warnings(rendered: Rendered, job: Job) -> list[Diagnostic]:
    """A ``book-hyphenation`` warning for each bad break ``mend`` left (on the joined book)."""
    return [warning("book-hyphenation", f"'{b.fragment}-' ends a line and its word could not "
                    f"be kept whole ({b.kind})", job=job.id, source=job.source, page=b.page)
            for b in bad_breaks(list(lines(rendered.document)))]


def lay_out_book(job: Job, session: BuildSession, **options: Any) -> tuple[Rendered, int]:
    """The publication ``job`` laid out part by part, mended and joined; the padding.

    The padding: the blank pages added before the back cover to make up whole sheets
    (``job.page_multiple``).

    ``options`` go to ``Renderer.render`` (``image_limits``, ``max_pages``: a part stops
    at the pages the book has left). Raises ``RenderError`` (template) and
    ``PageLimitError`` as ``Renderer.render`` does.
    """
    renderer = session.renderer()
    context = template_context(job, session.project)
    chapters = job.context["chapters"]
    publication = job.context["publication"]
    limit = options.pop("max_pages", 100)

    def lay_out(part: Part, padding: int = 0, before: int = 0) -> Rendered:
        html = render_template(session.env, job.layout, {**context, "part": part,
                                                         "padding": padding}, job=job.id)
        if part.kind != "chapter" and 'data-element="chapter"' in html:
            raise RenderError(f"layouts/{job.layout} sets chapters in its {part.kind} part: "
                              "a book layout lays out the part it is given (`part`, see "
                              "layouts/publication/book.html.j2)", job.id)
        rendered, _ = mend(renderer, session.fitter().fit(html).html,
                           max_pages=limit - before + 1, **options)
        if part.then_right:  # the page after the break belongs to the next chapter
            pages = rendered.document.pages
            rendered = replace(rendered, document=rendered.document.copy(pages[:-1]))
        return rendered

    title = prepare_display(publication.title)
    notes = [chapter.html.count('<span class="footnote">') for chapter in chapters]
    front = lay_out(Part("front", contents=tuple(0 for _ in chapters),
                         then_right=bool(chapters)))
    for _ in range(FRONT_PASSES):
        parts, first = [front], len(front.document.pages) + 1
        starts = []
        for number in range(1, len(chapters) + 1):
            starts.append(first)
            parts.append(lay_out(Part(
                "chapter", number, first, sum(notes[:number - 1]), booktitle=title,
                then_right=number < len(chapters)), before=first))
            first += len(parts[-1].document.pages)
        front = lay_out(Part("front", contents=tuple(starts), then_right=bool(chapters)))
        parts[0], moved = front, len(front.document.pages) != len(parts[0].document.pages)
        if not moved:
            break
    else:
        raise RenderError(f"the front matter does not settle at a page count in "
                          f"{FRONT_PASSES} layouts", job.id)
    padding = 0
    if job.page_multiple:  # saddle stitch: the back cover, blank pages before it
        padding = -first % job.page_multiple
        parts.append(lay_out(Part("back", first_page=first), padding, before=first))
    return renderer.joined(parts), padding


def padding_note(rendered: Rendered, padding: int, job: Job) -> list[Diagnostic]:
    """The ``pages-padded`` note of a saddle-stitched book made up to whole sheets."""
    if not padding:
        return []
    total = len(rendered.document.pages)
    return [info("pages-padded", f"{padding} blank page(s) added before the back cover: "
                 f"{total - padding} → {total} pages (a multiple of {job.page_multiple})",
                 job=job.id, source=job.source)]
