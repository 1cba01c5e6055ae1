"""The registry of publicity checks (reference/esf-rules.md §6), by rule id.

Each check reads the ``Evidence`` of one item and returns findings for the rules its pack
applies: a pass is recorded as well as a failure, with the element, the measured value,
the threshold and the source article. Tolerances marked INFERRED in the reference are
implementation choices, stated in the threshold text.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.compliance.evidence import Evidence
from pipeline.compliance.messages import N_, Message, localised
from pipeline.diagnostics import Diagnostic, Severity
from pipeline.rule_packs import RulePack

Rule = Callable[[Evidence, RulePack], list[Diagnostic]]
RULES: dict[str, Rule] = {}
"""The checks, by the rule id they are registered under, in the order they run."""
RULE_IDS: dict[str, tuple[str, ...]] = {}
"""The rule ids each check decides (usually one; the colour check decides one of five)."""

RATIO_TOLERANCE = 0.02  # ±2 % (esf-rules.md §6, INFERRED)
RING_TOLERANCE = 0.03  # ±3 % (INFERRED)
MIN_HEIGHT_MM = 10.0  # DG COMM 2012 guideline, advisory
DOCUMENT_PRODUCTS = ("attendance-sheet", "certificate", "document")

TITLES = {
    "EMB-PRESENT": N_("EU emblem present"),
    "EMB-RATIO": N_("Emblem proportions 3:2"),
    "EMB-STARS": N_("Twelve upright stars"),
    "EMB-RING": N_("Star circle radius H/3"),
    "EMB-STARSIZE": N_("Star size H/18"),
    "CLR-CMYK": N_("Emblem colours: process CMYK"),
    "CLR-RGB": N_("Emblem colours: screen RGB"),
    "CLR-SPOT": N_("Emblem colours: spot colours"),
    "CLR-MONO-BLACK": N_("Emblem colours: black only"),
    "CLR-MONO-BLUE": N_("Emblem colours: blue only"),
    "CLR-BG-BORDER": N_("White border on a coloured background"),
    "TXT-EU": N_("European Union named"),
    "TXT-EU-ABBR": N_("European Union not abbreviated"),
    "TXT-FUND-ESF": N_("European Social Fund named"),
    "TXT-MA-SLOGAN": N_("Managing Authority's statement"),
    "TXT-CPR-STATEMENT": N_("Funding statement"),
    "TXT-NO-OVERLAP": N_("No text over the emblem"),
    "FNT-WHITELIST": N_("Typeface of the EU statements"),
    "FNT-STYLE": N_("No italic or underline"),
    "SIZE-VS-LOGOS": N_("Emblem as large as other logos"),
    "SIZE-MIN": N_("Emblem at least 10 mm high"),
    "DOC-ESF-STATEMENT": N_("ESF statement on documents"),
    "LT-MARK-0713": N_("National 2007–2013 support mark"),
    "POSTER-A3": N_("Project poster of A3 or larger"),
    "AUD-07": N_("Spoken funding credit"),
    "AUD-14": N_("Spoken funding credit"),
    "AUD-21": N_("Spoken funding credit"),
}
"""A short title of every rule, as the report shows it (English msgids of the catalogue)."""


def rule(*rule_ids: str) -> Callable[[Rule], Rule]:
    """A decorator that registers a check in ``RULES`` under the first of ``rule_ids``.

    The check runs when the pack applies any of them.
    """
    def add(function: Rule) -> Rule:
        RULES[rule_ids[0]] = function
        RULE_IDS[rule_ids[0]] = rule_ids
        return function
    return add


def finding(ev: Evidence, pack: RulePack, rule_id: str, ok: bool, message: str | Message, *,
            page: int | None = None, element: str | None = None,
            measured: str | Message | None = None, threshold: str | Message | None = None,
            warn: bool = False) -> Diagnostic:
    """A pass (info), or a violation with the severity the pack gives the rule.

    ``warn`` makes a violation a warning whatever the pack says (what could not be
    measured or was found only in part). The finding cites the pack's source for the rule,
    carries the rule pack's id and keeps the templates of texts built with ``msg``.
    """
    spec = pack.rules[rule_id]
    severity = Severity.INFO if ok else (
        Severity.ERROR if spec.severity == "fail" and not warn else Severity.WARNING)
    texts, l10n = localised(message=message, measured=measured, threshold=threshold)
    return Diagnostic(rule_id, severity, texts["message"] or "", job=ev.job, page=page,
                      element=element, measured=texts["measured"],
                      threshold=texts["threshold"], reference=spec.source,
                      rule_pack=pack.id, l10n=l10n)


