"""The project model: what a build reads, validated.

``Item`` is one content file of a product kind with its typed model; ``Project`` holds the
campaign, the brand, the format catalogue, every item and the campaign's rule pack. The
content reader (``content/loader.py``) makes them; the product registry (``products/``)
and everything after it reads them. This module imports neither.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from pipeline.brand import Brand
from pipeline.config import ProjectConfig
from pipeline.content.models import Campaign
from pipeline.content.yamlsource import SourceDocument
from pipeline.formats import PrintFormat
from pipeline.rule_packs import RulePack, load_pack

M = TypeVar("M", bound=BaseModel, covariant=True)


@dataclass(frozen=True)
class Item(Generic[M]):
    """One validated content file of a product kind (``kind``: the kind's registry name)."""

    kind: str
    doc: SourceDocument
    model: M

    @property
    def source(self) -> str:
        """Project-relative path of the file (``content/posters/plakatas.yaml``)."""
        return self.doc.display


@dataclass(frozen=True)
class Project:
    """Everything a build reads, validated."""

    config: ProjectConfig
    campaign: Campaign
    brand: Brand
    formats: dict[str, PrintFormat]
    items: tuple[Item[Any], ...]
    to_cache: dict[str, Any] = field(default_factory=dict, compare=False)
    """What loading found that a build keeps in output/ (path relative to it → JSON), written
    by ``build`` once it holds the output folder: a load never writes there itself."""

    def item(self, source: str) -> Item[Any] | None:
        """The item read from ``source`` (a project-relative path), or ``None``."""
        return next((item for item in self.items if item.source == source), None)

    @cached_property
    def pack(self) -> RulePack:
        """The EU publicity rule pack the campaign names (``funding.rule_pack``).

        Loaded once per project (forked workers inherit it); ``ConfigError`` if its file is
        invalid.
        """
        return load_pack(self.campaign.funding.rule_pack)
