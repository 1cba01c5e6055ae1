"""EU publicity rule packs: data in pipeline/data/packs/<id>.yaml, one per programming period.

A pack names the rules that apply, with the verdict a violation gets (``fail`` where a found
legal source requires it, ``warn`` where the rule is advisory, secondary or unverified) and
the source article, plus the texts and typefaces the rules check.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.errors import ConfigError
from pipeline.pack_ids import PACK_IDS


class Rule(BaseModel):
    """How a pack applies one rule of the check table (esf-rules.md §6).

    ``severity`` of a violation (``fail``: an error, ``warn``: a warning); ``source``: the
    article or guideline the finding cites.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    severity: Literal["fail", "warn"]
    source: str


class Texts(BaseModel):
    """The wording the pack requires (Lithuanian); ``None`` where the pack has no such text.

    ``eu_reference`` (TXT-EU), ``fund_reference`` (TXT-FUND-ESF), ``ma_statement``
    (TXT-MA-SLOGAN), ``cpr_statement`` (TXT-CPR-STATEMENT, AUD-21), ``abbreviation`` the
    EU's name must not be shortened to (TXT-EU-ABBR), ``document_statement`` the start of
    the ESF statement on documents (DOC-ESF-STATEMENT), ``national_mark_caption``
    (LT-MARK-0713).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    eu_reference: str | None = None
    fund_reference: str | None = None
    ma_statement: str | None = None
    cpr_statement: str | None = None
    abbreviation: str | None = None
    document_statement: str | None = None
    national_mark_caption: str | None = None


class RulePack(BaseModel):
    """One programming period's rules.

    ``texts`` and ``fonts`` are what the rules check, ``poster_min_mm`` the smallest project
    poster (short side, long side in mm) for POSTER-A3, ``rules`` the rules by id.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    title: str
    texts: Texts
    fonts: tuple[str, ...]
    poster_min_mm: tuple[float, float] | None = None
    rules: dict[str, Rule]

    def applies(self, rule_id: str) -> bool:
        """Whether the pack checks ``rule_id``."""
        return rule_id in self.rules


@cache
def load_pack(pack_id: str) -> RulePack:
    """The pack ``pack_id`` from pipeline/data/packs/; ``ConfigError`` if unknown or invalid.

    Read once per process.
    """
    if pack_id not in PACK_IDS:
        raise ConfigError(f"unknown rule pack '{pack_id}' (known: {', '.join(PACK_IDS)})")
    text = resources.files("pipeline").joinpath(f"data/packs/{pack_id}.yaml").read_text("utf-8")
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return RulePack.model_validate(yaml.load(text, Loader=loader))
    except ValidationError as exc:
        raise ConfigError(f"rule pack {pack_id} is invalid: {exc}") from exc
