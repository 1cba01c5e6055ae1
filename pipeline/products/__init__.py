"""Registry of product kinds: content folder → model → jobs → layout.

Adding a kind is one module with a ``ProductKind`` and one ``register`` call; the loader,
the orchestrator and ``build-print list`` need no other edits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import BaseModel

if TYPE_CHECKING:
    from pipeline.content.loader import Item, Project
    from pipeline.content.models import Problem
    from pipeline.diagnostics import Diagnostic
    from pipeline.jobs import Job


@dataclass(frozen=True)
class ProductKind:
    """How one kind of product is read and turned into jobs."""

    name: str
    folder: str
    """Sub-folder of content/ whose ``*.yaml`` files hold this kind."""
    model: type[BaseModel]
    expand: Callable[[Item, Project], list[Job]]
    """One content item → its jobs (one per format, municipality, …)."""
    references: Callable[[BaseModel, Project], Sequence[Problem | Diagnostic]]
    """Cross-file problems of one item (unknown municipality, colour, …), by field path; or
    diagnostics of other files the item reads (a publication's chapters)."""
    collect: Callable[[Project], list[Job]] | None = None
    """Jobs made from all items of the kind together (e.g. a schedule of events)."""
    pattern: str = "*.yaml"
    """Which files of the folder are items (publications: ``*/publication.yaml``)."""


KINDS: dict[str, ProductKind] = {}


def register(kind: ProductKind) -> ProductKind:
    """Add ``kind`` to the registry."""
    KINDS[kind.name] = kind
    return kind


BUILTIN = ("poster", "leaflet", "outdoor", "event", "supervision", "publication", "radio")
"""Modules of the built-in kinds, in the order their jobs are listed and built."""


def _load_builtin() -> None:
    from importlib import import_module

    for name in BUILTIN:
        import_module(f"pipeline.products.{name}")  # registers itself


_load_builtin()
