"""A layout's ``<style>`` sheets parsed once per renderer, not once per layout.

WeasyPrint parses a document's ``<style>`` elements (tinycss2, selectors, ``@font-face``
set-up) each time it lays the document out: about 12 ms of a 105 ms layout of a chapter of
the booklet. The copyfitting passes of a layout, a book's mending layouts and every job of
one layout and format repeat the same text, so the renderer (``render.pdf.Renderer``)
parses each distinct text once (a ``Sheet``: a ``weasyprint.CSS`` of its font configuration)
and hands them to WeasyPrint in document order (``render(stylesheets=…)``) with the
``<style>`` elements taken out of the HTML (``split``).

The cascade is the same. WeasyPrint ranks sheets passed in as user sheets rather than
author sheets (CSS 2.1 §6.4.1); with every sheet passed in, no author sheet is left and
presentational hints are off (WeasyPrint's default), so the only author declarations are
style attributes, which beat every sheet rule but ``!important`` ones either way; the sheets'
order, hence specificity ties, is the document's. What a ``CSS`` object keeps to itself is
kept out: a document with a ``<link>``, a ``<style>`` with attributes (``media``), an
``@import``, ``@color-profile``, ``@counter-style`` or ``@layer`` rule, a ``<style>`` inside
an inline SVG (the SVG's own), or a style attribute with ``!important`` (which would then
lose to a sheet's ``!important``) is laid out as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from weasyprint import CSS

_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_AS_IT_IS = re.compile(r"<link\b|<style\s[^>]*>|@import|@color-profile|@counter-style|@layer"
                       r"|\bstyle\s*=\s*(\"[^\"]*|'[^']*)!\s*important", re.I)


def split(html: str) -> tuple[str, list[str]]:
    """``html`` without its ``<style>`` elements, and their texts in document order.

    ``(html, [])`` (laid out as it is) when a sheet could not be passed in unchanged (see
    the module's docstring).
    """
    if _AS_IT_IS.search(html):
        return html, []
    found = list(_STYLE.finditer(html))
    if not found or any(html.count("<svg", 0, m.start()) > html.count("</svg>", 0, m.start())
                        for m in found):  # an inline SVG's own sheet is its renderer's
        return html, []
    return _STYLE.sub("", html), [m.group(1) for m in found]


@dataclass(frozen=True)
class Sheet:
    """One ``<style>`` text parsed, with what parsing it fetched and logged.

    ``served``, ``refused``, ``broken``: the files it read (fonts) and the requests refused
    or unusable, as a ``ProjectFetcher`` records them; ``messages``: WeasyPrint's warnings
    (an invalid declaration). Each layout that uses it reports them as its own.
    """

    css: CSS
    served: tuple[Path, ...]
    refused: tuple[tuple[str, str], ...]
    broken: tuple[tuple[str, str], ...]
    messages: tuple[str, ...]
