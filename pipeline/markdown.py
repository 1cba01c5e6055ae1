"""Markdown chapters → HTML for book layouts (markdown-it-py, CommonMark + tables + footnotes).

Raw HTML in Markdown is not allowed (it is escaped, never interpreted). Footnotes are moved
to where they are called, as ``<span class="footnote">``, so the layout can float them to
the foot of the page (CSS ``float: footnote``). Images become figures with their title as
caption; their paths are relative to the publication's folder. Anything else (a URL with a
scheme, an absolute path) is passed on as written, so that the URL fetcher refuses it by
name rather than as a missing file.

Links: an https URL is a live link; a link to another chapter's file (``03-formos.md``) is a
cross-reference, written as a link to that chapter (``#ch-3``, ``chapter_anchors``).
``references`` lists the links and images of a chapter with their lines, for validation.

Text gets Lithuanian no-break spaces (``linebreak.prepare``; headings the display rule,
``prepare_display``) in its text nodes only: never in code, URLs or attributes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup
from mdit_py_plugins.footnote import footnote_plugin

from pipeline.linebreak import NBSP, prepare, prepare_display

# Stands for an inline token that is not text (emphasis, a link's ends, code, an image) while
# the text of one inline run is prepared: one character, not a space.
_OPAQUE = "\ue000"


@dataclass(frozen=True)
class Reference:
    """A link or an image of a chapter.

    ``kind``: ``link`` or ``image``; ``line``: 1-based; ``target``: its href or src as
    written; ``alt``: an image's alt text.
    """

    kind: str
    line: int
    target: str
    alt: str = ""


def references(text: str) -> list[Reference]:
    """Every link and image of the Markdown ``text``, in order, with its line.

    The line is the first of its paragraph (or table, list item) that holds the target as
    written, else the paragraph's first.
    """
    md = _parser()
    lines = text.splitlines()
    found = []
    for token in md.parse(text, {}):
        if token.type != "inline" or not token.map:
            continue
        start, end = token.map
        for child in token.children or []:
            if child.type not in ("link_open", "image"):
                continue
            target = str(child.attrGet("href" if child.type == "link_open" else "src") or "")
            line = next((n + 1 for n in range(start, min(end, len(lines)))
                         if target and target in lines[n]), start + 1)
            alt = "".join(c.content for c in child.children or [] if c.type != "image")
            found.append(Reference("image" if child.type == "image" else "link", line,
                                   target, alt))
    return found


@dataclass(frozen=True)
class Chapter:
    """One chapter: its title (the level-1 heading) and its body as HTML."""

    title: str
    html: Markup


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table").use(footnote_plugin)


def _prepare_inline(inline: Token, *, display: bool) -> None:
    """No-break spaces in the text of one inline run (a paragraph, a heading, a cell).

    The run's text, soft line breaks as spaces and any other token as one opaque character,
    is prepared as one string (the rules keep its length), then given back token by token:
    a soft break that must not break becomes a no-break space.
    """
    children = inline.children or []
    pieces = [child.content if child.type == "text" else " " if child.type == "softbreak"
              else _OPAQUE for child in children]
    joined = "".join(pieces)
    if " " not in joined:
        return
    prepared = (prepare_display if display else prepare)(joined)
    position = 0
    for child, piece in zip(children, pieces, strict=True):
        new = prepared[position:position + len(piece)]
        position += len(piece)
        if child.type == "text":
            child.content = new
        elif child.type == "softbreak" and new == NBSP:
            child.type, child.content = "text", NBSP


RUNT_WORD = 6
"""A paragraph's last word this short (characters, with its punctuation) is bound to the word
before it by a no-break space, so that it never stands alone on the last line (a runt): an
implementation choice."""


def _bind_last_words(tokens: list[Token]) -> None:
    """The last word of each paragraph bound to the one before when it is short."""
    for index, token in enumerate(tokens[1:], start=1):
        if token.type != "inline" or tokens[index - 1].type != "paragraph_open":
            continue
        last = token.children[-1] if token.children else None
        if last is not None and last.type == "text":
            last.content = re.sub(rf"(?<=\S) (\S{{1,{RUNT_WORD}}})$", "\u00a0\\1",
                                  last.content)


def render_chapter(text: str, *, image_base: str,
                   chapter_anchors: dict[str, str] | None = None) -> Chapter:
    """The chapter written in ``text`` (Markdown), as HTML.

    A level-1 heading that opens the text is its title and is not repeated in the body.
    Relative image paths are prefixed with ``image_base`` (the publication's folder,
    project-relative); footnotes become ``<span class="footnote">`` where they are called;
    a link to a chapter's file name in ``chapter_anchors`` goes to its anchor (``#ch-3``).
    """
    md = _parser()
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)
    for index, token in enumerate(tokens):
        if token.type == "inline":
            _prepare_inline(token, display=index > 0 and tokens[index - 1].type == "heading_open")
    notes: dict[int, str] = {}
    body: list[Token] = []
    current: int | None = None
    buffer: list[Token] = []
    inside = False
    for token in tokens:
        if token.type == "footnote_block_open":
            inside = True
        elif token.type == "footnote_block_close":
            inside = False
        elif inside:
            if token.type == "footnote_open":
                current, buffer = int(token.meta["id"]), []
            elif token.type == "footnote_close" and current is not None:
                html = md.renderer.render(buffer, md.options, env)
                notes[current] = re.sub(r"</?p>", "", html).strip()
            elif token.type != "footnote_anchor":
                buffer.append(token)
        else:
            body.append(token)
    _bind_last_words(body)
    title = ""
    if len(body) >= 3 and body[0].type == "heading_open" and body[0].tag == "h1":
        title = body[1].content
        body = body[3:]

    def footnote_ref(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        return f'<span class="footnote">{notes.get(int(tokens[idx].meta["id"]), "")}</span>'

    def image(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        src = str(token.attrGet("src") or "")
        relative = not urlsplit(src).scheme and not src.startswith("/")
        src = escape(f"{image_base}/{src}" if relative else src)
        alt = escape(self.renderInlineAsText(token.children or [], options, env))
        caption = token.attrGet("title")
        caption_html = (f"<figcaption>{escape(prepare(str(caption)))}</figcaption>"
                        if caption else "")
        return f'<span class="figure"><img src="{src}" alt="{alt}">{caption_html}</span>'

    def link_open(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        href = str(tokens[idx].attrGet("href") or "")
        if chapter_anchors and href in chapter_anchors:
            tokens[idx].attrSet("href", f"#{chapter_anchors[href]}")
        return str(self.renderToken(tokens, idx, options, env))

    md.add_render_rule("footnote_ref", footnote_ref)
    md.add_render_rule("link_open", link_open)
    md.add_render_rule("image", image)
    # Safe: markdown-it escapes all text and raw HTML is disabled.
    return Chapter(title=title, html=Markup(md.renderer.render(body, md.options, env)))
