"""EU/ESF publicity compliance: rule packs as data, checks registered by rule id.

``check_job`` works on build-print's own items (layout + final PDF), ``check_pdf`` on any
PDF (raster + text only), ``check_spoken`` on radio scripts, ``check_campaign`` on the
campaign as a whole. Every finding is a ``Diagnostic`` whose code is the rule id, with
element, measured value, threshold and source; passes are kept (severity info).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipeline.compliance.evidence import Evidence, from_layout, from_pdf, normalise
from pipeline.compliance.messages import msg
from pipeline.compliance.registry import finding
from pipeline.compliance.text_rules import ABSENT, PRESENT
from pipeline.diagnostics import Diagnostic
from pipeline.pdffile import PdfFile, open_pdf
from pipeline.render.boxes import Placed
from pipeline.rule_packs import RulePack, load_pack

if TYPE_CHECKING:  # WeasyPrint loads only when something is rendered
    from weasyprint import Document

__all__ = ["check_campaign", "check_job", "check_pdf", "check_spoken", "load_pack"]


def run_rules(evidence: Evidence, pack: RulePack) -> list[Diagnostic]:
    """The findings of every rule ``pack`` applies on ``evidence``, in ``RULES`` order."""
    # The checks register when their modules load (pdfium, Pillow, the preflight walk):
    # only when something is checked, so a build that reuses every job never loads them.
    from pipeline.compliance.rules import RULE_IDS, RULES

    findings: list[Diagnostic] = []
    for key, check in RULES.items():
        if any(pack.applies(rule_id) for rule_id in RULE_IDS[key]):
            findings += check(evidence, pack)
    return findings


def check_job(document: Document, boxes: list[Placed], pdf: bytes | PdfFile, *, job: str,
              product: str, scale: int, pack: RulePack) -> list[Diagnostic]:
    """Compliance findings of one item build-print made, passes included.

    ``document`` is its laid-out WeasyPrint document, ``boxes`` what is placed on it (mm),
    ``pdf`` the final bytes or the file opened once (``PdfFile``, shared with preflight and
    the proofs; left open), ``scale`` the denominator of the layout scale (10 for a
    billboard laid out at 1:10); ``pack`` says which rules apply, how severe a violation is
    and the source of each.
    """
    file, opened = open_pdf(pdf)
    try:
        return run_rules(from_layout(document, boxes, file, job, product, scale), pack)
    finally:
        if opened:
            file.close()


def check_pdf(pdf: bytes, *, job: str, pack: RulePack,
              product: str | None = None) -> list[Diagnostic]:
    """Compliance findings of a PDF made anywhere, passes included.

    Only what the file shows: its text, fonts, image placements and the emblems found on a
    raster of each page. ``job`` names it in the findings; ``product`` is ``document`` for
    documents for participants (DOC-ESF-STATEMENT applies only to those). A file that
    cannot be read (damaged, truncated, not a PDF) is one error finding,
    ``pdf-unreadable``, as in preflight.
    """
    import pikepdf
    from pypdf.errors import PdfReadError
    from pypdfium2 import PdfiumError

    from pipeline.preflight.context import unreadable

    with PdfFile(pdf) as file:
        try:
            evidence = from_pdf(file, job, product)
        except (PdfReadError, PdfiumError, pikepdf.PdfError, ValueError, KeyError) as exc:
            return [unreadable(job, exc)]
        return run_rules(evidence, pack)


def check_spoken(text: str, *, job: str, pack: RulePack) -> list[Diagnostic]:
    """The spoken funding credit of a radio show or spot (AUD-07/14/21): one finding.

    ``text`` is what is read on air. A pack with a ``cpr_statement`` (2021–2027) wants it
    said as written; the others want "Europos Sąjung…" and "Europos socialin… fond…" in any
    case ending. Both are INFERRED checks (esf-rules.md §5: no audio rule was found). No
    finding when the pack has no AUD rule.
    """
    rule_id = next((r for r in ("AUD-07", "AUD-14", "AUD-21") if pack.applies(r)), None)
    if rule_id is None:
        return []
    spoken = normalise(text)
    evidence = Evidence(job=job, product="radio", scale=1, texts=[spoken], emblems=[])
    if pack.texts.cpr_statement:
        wanted = [pack.texts.cpr_statement]
        ok = pack.texts.cpr_statement in spoken
    else:
        wanted = ["Europos Sąjung…", "Europos socialin… fond…"]
        ok = bool(re.search(r"Europos Sąjung\w*", spoken)) and bool(
            re.search(r"Europos socialin\w+ fond\w*", spoken))
    return [finding(evidence, pack, rule_id, ok,
                    msg("spoken funding credit present") if ok
                    else msg("spoken funding credit missing"),
                    element="funding-credit", measured=PRESENT if ok else ABSENT,
                    threshold=" + ".join(wanted))]


def check_campaign(pack: RulePack, posters: list[tuple[str, tuple[float, float]]]
                   ) -> list[Diagnostic]:
    """Campaign-wide rules: at least one poster of A3 or larger (POSTER-A3).

    ``posters``: (job id, trim (width, height) in mm) of every poster job. Short side and
    long side are compared with the pack's ``poster_min_mm`` (297 × 420 mm: esf-rules.md
    §2.3, §3.3), with 0.5 mm allowed for rounding (an implementation choice). No finding
    when the pack has no POSTER-A3 rule.
    """
    if pack.poster_min_mm is None or not pack.applies("POSTER-A3"):
        return []
    small, large = sorted(pack.poster_min_mm)
    big_enough = [job for job, size in posters
                  if min(size) >= small - 0.5 and max(size) >= large - 0.5]
    evidence = Evidence(job="campaign", product=None, scale=1, texts=[], emblems=[])
    return [finding(evidence, pack, "POSTER-A3", bool(big_enough),
                    msg("{count} poster(s) of A3 or larger", count=len(big_enough))
                    if big_enough else msg("no poster of A3 or larger"), element="poster",
                    measured=", ".join(big_enough[:3]) or msg("none"),
                    threshold=f"≥ {small:g} × {large:g} mm")]
