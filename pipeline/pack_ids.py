"""The ids of the EU publicity rule packs, one per programming period.

The only place they are written: the content model (``funding.rule_pack``), the pack
loader and the CLI's ``--pack`` choice read them here. A module of its own, with no
imports of its own, so that ``build-print --help`` does not load pydantic to list them.
"""

from __future__ import annotations

from typing import Literal, get_args

PackId = Literal["lt-esf-2007-2013", "eu-2014-2020", "eu-2021-2027"]
"""A rule pack id (``pipeline/data/packs/<id>.yaml``)."""
PACK_IDS: tuple[str, ...] = get_args(PackId)
DEFAULT_PACK_ID: PackId = "lt-esf-2007-2013"
"""The pack ``build-print check`` uses unless told: this campaign's programming period
(the ESF 2007–2013 Human Resources Development Operational Programme)."""
