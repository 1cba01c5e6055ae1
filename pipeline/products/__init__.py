"""Registry of product kinds: content folder → model → jobs → layout.

Adding a kind is one module with a ``ProductKind`` and one ``register`` call; the loader,
the orchestrator and ``build-print list`` need no other edits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from pydantic import BaseModel

if TYPE_CHECKING:
    from pipeline.content.fields import Problem
    from pipeline.diagnostics import Diagnostic
    from pipeline.jobs import Job
    from pipeline.project import Item, Project

M = TypeVar("M", bound=BaseModel)


def no_sources(item: Item[Any]) -> list[Path]:
    """An item read from its YAML file alone."""
    return []


@dataclass(frozen=True)
class ProductKind(Generic[M]):
    """How one kind of product is read and turned into jobs; ``M`` is its content model."""

    name: str
    folder: str
    """Sub-folder of content/ whose ``*.yaml`` files hold this kind."""
    model: type[M]
    expand: Callable[[Item[M], Project], list[Job]]
    """One content item → its jobs (one per format, municipality, …)."""
    references: Callable[[Item[M], Project], Sequence[Problem | Diagnostic]]
    """Cross-file problems of one item (unknown municipality, colour, …), by field path; or
    diagnostics of other files the item reads (a publication's chapters)."""
    collect: Callable[[Project], list[Job]] | None = None
    """Jobs made from all items of the kind together (e.g. a schedule of events)."""
    pattern: str = "*.yaml"
    """Which files of the folder are items (publications: ``*/publication.yaml``)."""
    sources: Callable[[Item[M]], list[Path]] = no_sources
    """Content files an item reads besides its YAML file (a publication's chapters): where a
    refused URL or image is looked for to say who asked for it."""
    spoken_field: str | None = None
    """The field of the model that is read on air (radio): where a missing spoken funding
    credit is reported."""

    def own(self, item: Item[Any]) -> Item[M]:
        """``item`` as an item of this kind; ``TypeError`` if its model is another kind's."""
        if not isinstance(item.model, self.model):
            raise TypeError(f"{item.source} holds a {type(item.model).__name__}, "
                            f"not a {self.model.__name__} ({self.name})")
        return cast("Item[M]", item)

    def jobs(self, item: Item[Any], project: Project) -> list[Job]:
        """The jobs of ``item`` (see ``expand``)."""
        return self.expand(self.own(item), project)

    def problems(self, item: Item[Any], project: Project) -> Sequence[Problem | Diagnostic]:
        """Cross-file problems of ``item`` (see ``references``)."""
        return self.references(self.own(item), project)

    def files(self, item: Item[Any]) -> list[Path]:
        """The YAML file of ``item`` and every other content file it reads."""
        return [item.doc.path, *self.sources(self.own(item))]


KINDS: dict[str, ProductKind[Any]] = {}


def register(kind: ProductKind[M]) -> ProductKind[M]:
    """Add ``kind`` to the registry under its name (replacing one of that name); return it."""
    KINDS[kind.name] = kind
    return kind


BUILTIN = ("poster", "leaflet", "outdoor", "event", "supervision", "publication", "radio")
"""Modules of the built-in kinds, in the order their jobs are listed and built."""


def _load_builtin() -> None:
    from importlib import import_module

    for name in BUILTIN:
        import_module(f"pipeline.products.{name}")  # registers itself


_load_builtin()
