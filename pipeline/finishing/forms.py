"""The form XObjects a document's pages draw, for finishing steps that edit them in place."""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf
from pikepdf import Dictionary, Name


def forms(document: pikepdf.Pdf) -> Iterator[pikepdf.Stream]:
    """Every form XObject reachable from the pages' resources, each once, depth first.

    A form reused by several pages or forms (the same indirect object) is yielded once.
    """
    seen: set[tuple[int, int]] = set()

    def visit(resources: pikepdf.Object | None) -> Iterator[pikepdf.Stream]:
        if not isinstance(resources, Dictionary):
            return
        objects = resources.get(Name.XObject)
        if not isinstance(objects, Dictionary):
            return
        for _, form in objects.items():
            if not isinstance(form, pikepdf.Stream) or form.get(Name.Subtype) != Name.Form:
                continue
            if form.is_indirect:
                if form.objgen in seen:
                    continue
                seen.add(form.objgen)
            yield form
            yield from visit(form.get(Name.Resources))

    for page in document.pages:
        yield from visit(page.obj.get(Name.Resources))
