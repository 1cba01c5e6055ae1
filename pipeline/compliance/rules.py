"""The publicity checks (reference/esf-rules.md §6), registered by rule id, in run order.

The checks of the emblem, of the text, and of the emblem's place among the rest register
themselves in ``RULES`` when their modules are imported (in this order); each reads the
``Evidence`` of one item and returns findings for the rules its pack applies.
"""

from __future__ import annotations

from pipeline.compliance import emblem_rules, placement_rules, text_rules
from pipeline.compliance.registry import RULE_IDS, RULES, TITLES, finding
from pipeline.compliance.text_rules import ABSENT, PRESENT

__all__ = ["ABSENT", "PRESENT", "RULES", "RULE_IDS", "TITLES", "emblem_rules", "finding",
           "placement_rules", "text_rules"]
