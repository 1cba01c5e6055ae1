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
laid out again, not the whole book (and a word is looked up in its chapter's text, so it is
found even where the same line occurs in another chapter, which the whole book's text
would not tell apart). With ``--jobs`` above 1 a forked ``Helper`` mends later chapters
while this process lays out the earlier ones; the folios do not move a chapter's text, so
the mended HTML is the same whoever mends it, and this process lays out every part with
its page numbers. The parts' pages are joined into one WeasyPrint document written once
(``Renderer.joined``: each font subset once), so the layout checks, finishing and
everything after see one book.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing.queues import Queue
from typing import Any

from markupsafe import Markup

from pipeline.diagnostics import Diagnostic, info, warning
from pipeline.errors import PageLimitError, RenderError
from pipeline.jobs import Job
from pipeline.linebreak import prepare_display
from pipeline.render.keep import PASSES, Mends, bad_breaks, keep_whole
from pipeline.render.pdf import Rendered, Renderer, page_limit_error
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
    def page_rule(self) -> Markup:
        """The CSS that numbers the part's first page ``first_page`` (``renumbered``)."""
        return Markup(f"@page :first {{ counter-reset: page {self.first_page}; }}")

    @property
    def booktitle_css(self) -> Markup:
        """``booktitle`` as a CSS string (quotes, backslashes and markup escaped)."""
        escaped = "".join(c if c.isalnum() or c in " .,:;!?()–—-\u00a0" or ord(c) > 127
                          else f"\\{ord(c):x} " for c in self.booktitle)
        return Markup(f'"{escaped}"')


_PAGE_RULE = re.compile(r"@page :first \{ counter-reset: page \d+; \}")


def renumbered(html: str, part: Part, job: Job) -> str:
    """The HTML of a part (mended, maybe for another first page) numbered from ``part``'s.

    ``RenderError`` unless the HTML has the one page rule ``Part.page_rule`` makes.
    """
    html, found = _PAGE_RULE.subn(part.page_rule, html)
    if found != 1:
        raise RenderError(f"layouts/{job.layout}: a part's first page is numbered by "
                          f"'{{{{ part.page_rule }}}}', once ({found} found)", job.id)
    return html


HELPER_SHARE = 2 / 3
"""The share of the text (the last chapters, by length) the helper process is meant to mend:
a mended chapter is laid out about twice, and this process lays out every chapter once more
with its page numbers and writes the book. An implementation choice: on the 204-page
benchmark book (benchmarks/projects.py) this process then spends 9.6–10.1 s of CPU on the
layout and the helper 7.8–8.3 s; the claiming in ``Helper`` evens out a wrong guess."""


class Helper:
    """A forked process that mends chapters (``mend_one``) ahead of this one.

    It starts at chapter ``start`` and goes on up, skipping the chapters this process has
    claimed. This process goes from the first chapter on and ``take``s each in turn: the
    HTML the helper mended (waiting for it if the helper is on it), or ``None`` when the
    helper has not claimed it (this process mends it; the helper then skips it). A chapter
    the helper could not mend (an error) comes back ``None`` too: mended here, where the
    error is reported.
    """

    def __init__(self, chapters: int, start: int, mend_one: Callable[[int], str]) -> None:
        context = multiprocessing.get_context("fork")
        self.lock = context.Lock()
        self.claims = context.RawArray("b", chapters + 1)  # 1: this process, 2: the helper
        # A queue with a feeder thread: the helper never waits for this process to read.
        self.results: Queue[tuple[int, str | None]] = context.Queue()
        self.done: dict[int, str | None] = {}
        self.process = context.Process(target=self._run, args=(chapters, start, mend_one),
                                       daemon=True)
        self.process.start()

    def _run(self, chapters: int, start: int, mend_one: Callable[[int], str]) -> None:
        for number in range(start, chapters + 1):
            with self.lock:
                if self.claims[number]:
                    continue
                self.claims[number] = 2
            try:
                html: str | None = mend_one(number)
            except Exception:  # mended again here, where the error is reported
                html = None
            self.results.put((number, html))

    def take(self, number: int) -> str | None:
        """Chapter ``number`` as the helper mended it, or ``None``: mend it here."""
        with self.lock:
            if not self.claims[number]:
                self.claims[number] = 1
                return None
        while number not in self.done:
            got, html = self.results.get()
            self.done[got] = html
        return self.done[number]

    def close(self) -> None:
        """Stop the helper (it has nothing left to do once every chapter is taken)."""
        self.process.terminate()
        self.process.join()


def helper_start(lengths: list[int]) -> int:
    """The chapter the helper starts at: the last ``HELPER_SHARE`` of the text is after it."""
    total, before = sum(lengths), 0
    for number, length in enumerate(lengths, start=1):
        if before + length / 2 >= total * (1 - HELPER_SHARE):
            return max(number, 2)
        before += length
    return len(lengths)


@contextmanager
def _book_limit(limit: int) -> Iterator[None]:
    """A part's page limit error as the book's: the page and limit of the whole book."""
    try:
        yield
    except PageLimitError:
        raise page_limit_error(limit) from None


def mend(renderer: Renderer, html: str, mends: Mends | None = None,
         **options: Any) -> tuple[Rendered, str]:
    """``html`` laid out (not written), mended: the layout and its HTML.

    Laid out again with the words kept whole whose hyphens broke a rule of book typesetting
    (``render.keep``), until none is left, none can be found in the HTML, or
    ``keep.PASSES`` more layouts are done. ``mends``: where a settled mend of the same
    HTML is kept (``Mends``), to start from and to keep this one in.
    """
    original = html
    if mends is not None:
        html = mends.start(html)
    rendered = renderer.render(html, **options)
    settled = True
    for _ in range(PASSES):
        bad = bad_breaks(rendered.lines)
        if not bad:
            break
        html, missed = keep_whole(html, bad)
        if len(missed) == len(bad):
            break
        rendered = renderer.render(html, **options)
    else:  # stopped by PASSES: settled only if the last layout left nothing to keep
        settled = not bad_breaks(rendered.lines)
    if mends is not None and settled:
        mends.keep(original, html)
    return rendered, html


def hyphenation_warnings(rendered: Rendered, job: Job) -> list[Diagnostic]:
    """A ``book-hyphenation`` warning for each bad break ``mend`` left (on the joined book)."""
    return [warning("book-hyphenation", f"'{b.fragment}-' ends a line and its word could not "
                    f"be kept whole ({b.kind})", job=job.id, source=job.source, page=b.page)
            for b in bad_breaks(rendered.lines)]


def lay_out_book(job: Job, session: BuildSession, *, renderer: Renderer | None = None,
                 pdf_options: Mapping[str, Any] | None = None,
                 **options: Any) -> tuple[Rendered, int]:
    """The publication ``job`` laid out part by part, mended and joined; the padding.

    The padding: the blank pages added before the back cover to make up whole sheets
    (``job.page_multiple``). With more than one process allowed (``--jobs``), a helper
    process mends the later chapters (``Helper``, from ``helper_start`` on) while this one
    lays out from the first; whoever mends a chapter, its HTML is the same, and this process
    lays out every part as the book has it, so the file is the same too.

    ``options`` go to ``Renderer.render`` (``image_limits``, ``max_pages``: the book's
    page limit, each part stopping at what the parts before it leave). ``renderer``: the
    one to lay out with (the session's by default; a digital edition's serves images in
    sRGB); ``pdf_options``: WeasyPrint's options for writing the joined book (a digital
    edition's ``pdf_variant``). Raises ``RenderError`` (template) and ``PageLimitError``
    (the book's page and limit).
    """
    renderer = renderer or session.renderer()
    mends = Mends(session.project.config.output, session.mended,
                  lambda html: _PAGE_RULE.sub("", html))  # folios do not move the text
    context = template_context(job, session.project)
    chapters = job.context["chapters"]
    limit: int = options.pop("max_pages", 100)
    title = prepare_display(job.context["publication"].title)
    notes = [chapter.html.count('<span class="footnote">') for chapter in chapters]

    def chapter(number: int, first: int) -> Part:
        return Part("chapter", number, first, sum(notes[:number - 1]), booktitle=title,
                    then_right=number < len(chapters))

    def html_of(part: Part, padding: int = 0) -> str:
        html = render_template(session.env, job.layout, {**context, "part": part,
                                                         "padding": padding}, job=job.id)
        if part.kind != "chapter" and 'data-element="chapter"' in html:
            raise RenderError(f"layouts/{job.layout} sets chapters in its {part.kind} part: "
                              "a book layout lays out the part it is given (`part`, see "
                              "layouts/publication/book.html.j2)", job.id)
        return session.fitter().fit(html).html

    def trimmed(part: Part, rendered: Rendered) -> Rendered:
        if not part.then_right:
            return rendered
        pages = rendered.document.pages  # the page after the break is the next chapter's
        return replace(rendered, document=rendered.document.copy(pages[:-1]))

    def budget(part: Part) -> int:  # what the pages before the part leave of the limit
        if part.first_page > limit:
            raise page_limit_error(limit)
        return limit - part.first_page + 1

    def mended_part(part: Part, padding: int = 0) -> tuple[Rendered, str]:
        with _book_limit(limit):
            rendered, html = mend(renderer, html_of(part, padding), mends,
                                  max_pages=budget(part), **options)
        return trimmed(part, rendered), html

    def numbered(part: Part, html: str) -> Rendered:  # a chapter the helper mended
        with _book_limit(limit):
            return trimmed(part, renderer.render(renumbered(html, part, job),
                                                 max_pages=budget(part), **options))

    def mended_chapter(number: int) -> str:  # in the helper: the folios do not move the text
        return mended_part(chapter(number, 1))[1]

    mended: dict[int, str] = {}
    helper = Helper(len(chapters), helper_start([len(c.html) for c in chapters]),
                    mended_chapter) if session.options.jobs > 1 and len(chapters) > 1 \
        and "fork" in multiprocessing.get_all_start_methods() else None
    try:
        front, _ = mended_part(Part("front", contents=tuple(0 for _ in chapters),
                                    then_right=bool(chapters)))
        for _ in range(FRONT_PASSES):
            parts, first, starts = [front], len(front.document.pages) + 1, []
            for number in range(1, len(chapters) + 1):
                part = chapter(number, first)
                starts.append(first)
                html = mended.get(number) or (helper.take(number) if helper else None)
                if html is None:
                    rendered, mended[number] = mended_part(part)
                else:
                    mended[number] = html
                    rendered = numbered(part, html)
                parts.append(rendered)
                first += len(rendered.document.pages)
            front, _ = mended_part(Part("front", contents=tuple(starts),
                                        then_right=bool(chapters)))
            parts[0], moved = front, len(front.document.pages) != len(parts[0].document.pages)
            if not moved:
                break
        else:
            raise RenderError(f"the front matter does not settle at a page count in "
                              f"{FRONT_PASSES} layouts", job.id)
    finally:
        if helper is not None:
            helper.close()
    padding = 0
    if job.page_multiple:  # saddle stitch: the back cover, blank pages before it
        padding = -first % job.page_multiple
        parts.append(mended_part(Part("back", first_page=first), padding)[0])
    return renderer.joined(parts, **(pdf_options or {})), padding


def padding_note(rendered: Rendered, padding: int, job: Job) -> list[Diagnostic]:
    """The ``pages-padded`` note of a saddle-stitched book made up to whole sheets."""
    if not padding:
        return []
    total = len(rendered.document.pages)
    return [info("pages-padded", f"{padding} blank page(s) added before the back cover: "
                 f"{total - padding} → {total} pages (a multiple of {job.page_multiple})",
                 job=job.id, source=job.source)]
