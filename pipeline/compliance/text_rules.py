"""The checks of the text: the statements the pack requires, their typeface and style.

The statements are looked for in the text layer of the PDF; pages without one are read by
OCR where Tesseract is installed (``Evidence.has``), and otherwise the finding says the
text could not be checked.
"""

from __future__ import annotations

import re

from pipeline.compliance.evidence import Evidence
from pipeline.compliance.messages import N_, Message, msg
from pipeline.compliance.registry import (
    DOCUMENT_PRODUCTS,
    finding,
    rule,
)
from pipeline.diagnostics import Diagnostic
from pipeline.rule_packs import RulePack

FOUND, ABSENT, PRESENT = N_("found"), N_("absent"), N_("present")


def quoted(text: str) -> Message:
    """``text`` in quotation marks, as the reader's language writes them (“…”, „…“)."""
    return msg("“{text}”", text=text)


def _unread(ev: Evidence, pack: RulePack, rule_id: str, wanted: str,
            element: str) -> Diagnostic:
    """A warning: the text could not be read, so ``wanted`` was not checked."""
    pages = ", ".join(map(str, ev.unread_pages))
    return finding(ev, pack, rule_id, False,
                   msg("cannot check text: no text layer on page(s) {pages} (“{wanted}” not "
                       "checked)", pages=pages, wanted=wanted),
                   element=element, measured=msg("no text layer"), threshold=quoted(wanted),
                   warn=True)


def _found_message(ev: Evidence, text: str) -> Message:
    if ev.ocr_pages and text not in ev.layer_text:
        return msg("“{text}” found in the text read by OCR (Tesseract, Lithuanian) from "
                   "page(s) {pages}", text=text, pages=", ".join(map(str, ev.ocr_pages)))
    return msg("“{text}” found in the text of the PDF", text=text)


def _present(ev: Evidence, pack: RulePack, rule_id: str, text: str | None,
             element: str) -> list[Diagnostic]:
    if text is None:
        return []
    found = ev.has(text)
    if not found and ev.unread_pages:
        return [_unread(ev, pack, rule_id, text, element)]
    message = _found_message(ev, text) if found else (
        msg("“{text}” not found in the text or the OCR reading of the PDF", text=text)
        if ev.ocr_pages else msg("“{text}” not found in the text of the PDF", text=text))
    return [finding(ev, pack, rule_id, found, message, element=element,
                    measured=FOUND if found else ABSENT, threshold=quoted(text))]


@rule("TXT-EU")
def eu_reference(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """The Union named in full: the pack's ``eu_reference`` in the text of the PDF."""
    return _present(ev, pack, "TXT-EU", pack.texts.eu_reference, "eu-reference")


@rule("TXT-EU-ABBR")
def eu_abbreviation(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """The Union's name is not abbreviated: no stand-alone ``abbreviation`` in the text.

    Zero occurrences; one next to a slash (the document number 2011/36/ES) does not count.
    """
    short = pack.texts.abbreviation
    if not short:
        return []
    # "2011/36/ES" (also broken after the slash) is a document number, not the Union's
    # name abbreviated.
    ev.read_textless()
    hits = len(re.findall(rf"(?<![\w/])(?<!/ ){re.escape(short)}(?![\w/])", ev.text))
    if not hits and ev.unread_pages:
        return [_unread(ev, pack, "TXT-EU-ABBR", short, "eu-reference")]
    return [finding(ev, pack, "TXT-EU-ABBR", hits == 0,
                    msg("abbreviation “{short}” used {hits} time(s)", short=short, hits=hits)
                    if hits else msg("no abbreviation “{short}”", short=short),
                    element="eu-reference", measured=str(hits), threshold="0")]


@rule("TXT-FUND-ESF")
def fund_reference(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """The Fund named: nominative passes, another case form warns, none fails.

    The pack's ``fund_reference`` in the text; an inflected "Europos socialin… fond…" only
    warns (esf-rules.md §6, TXT-FUND-ESF); without either, the pack's severity applies.
    """
    name = pack.texts.fund_reference
    if name is None:
        return []
    if ev.has(name):
        return [finding(ev, pack, "TXT-FUND-ESF", True, _found_message(ev, name),
                        element="fund-reference", measured=FOUND, threshold=quoted(name))]
    inflected = re.search(r"Europos socialin\w+ fond\w+", ev.text)
    if inflected:
        return [finding(ev, pack, "TXT-FUND-ESF", False,
                        msg("only the inflected form “{form}” found, not “{name}”",
                            form=inflected.group(), name=name),
                        element="fund-reference", measured=inflected.group(),
                        threshold=quoted(name), warn=True)]
    return _present(ev, pack, "TXT-FUND-ESF", name, "fund-reference")


@rule("TXT-MA-SLOGAN")
def ma_statement(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """The Managing Authority's statement, the pack's ``ma_statement``, in the text.

    Its Lithuanian wording is unverified (esf-rules.md §1.4): the pack makes it a warning.
    """
    return _present(ev, pack, "TXT-MA-SLOGAN", pack.texts.ma_statement, "slogan")


@rule("TXT-CPR-STATEMENT")
def cpr_statement(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """“Co-funded by the European Union”, written out in full: the pack's ``cpr_statement``.

    Annex IX 1.2 of Reg. 2021/1060 (esf-rules.md §3.2).
    """
    return _present(ev, pack, "TXT-CPR-STATEMENT", pack.texts.cpr_statement, "cpr-statement")


def _whitelisted(family: str, fonts: tuple[str, ...]) -> bool:
    squashed = re.sub(r"[^a-z]", "", family.lower())
    return any(re.sub(r"[^a-z]", "", name.lower()) in squashed for name in fonts)


@rule("FNT-WHITELIST")
def font_whitelist(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """The EU statements are set in a typeface of the pack's list.

    Art. 4(4) of Reg. 821/2014, Annex IX 1.3 of Reg. 2021/1060 (esf-rules.md §2.2, §3.2). A
    family matches when it contains a listed name (letters only, case ignored).
    """
    seen: dict[tuple[str, str], bool] = {}
    for element, family, _, _ in ev.statement_fonts:
        seen.setdefault((element if ev.from_layout else "eu-statement", family),
                        _whitelisted(family, pack.fonts))
    return [finding(ev, pack, "FNT-WHITELIST", ok,
                    msg("“{element}” set in {family}", element=element, family=family),
                    element=element, measured=family, threshold=", ".join(pack.fonts))
            for (element, family), ok in sorted(seen.items())]


NORMAL = N_("normal")


@rule("FNT-STYLE")
def font_style(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """No italic, underline or other effects on the EU statements.

    Art. 4(4) of Reg. 821/2014, Annex IX 1.3 of Reg. 2021/1060 (esf-rules.md §2.2, §3.2).
    From a PDF alone only italic is seen, by the font's name.
    """
    seen: dict[str, tuple[str, bool]] = {}
    for element, _, style, decorated in ev.statement_fonts:
        key = element if ev.from_layout else "eu-statement"
        if seen.get(key, (NORMAL, False)) == (NORMAL, False):
            seen[key] = (style, decorated)
    results = []
    for element, (style, decorated) in sorted(seen.items()):
        look: str | Message = msg("{style}, decorated", style=style) if decorated else style
        results.append(finding(ev, pack, "FNT-STYLE", style == NORMAL and not decorated,
                               msg("“{element}” is {look}", element=element, look=look),
                               element=element, measured=look,
                               threshold=msg("normal, no underline")))
    return results


@rule("DOC-ESF-STATEMENT")
def document_statement(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """Documents for participants state the ESF co-financing (Art. 8(4) of Reg. 1828/2006).

    Attendance sheets, certificates and files checked as ``document``: their text contains
    the pack's ``document_statement`` (esf-rules.md §1.3).
    """
    wanted = pack.texts.document_statement
    if ev.product not in DOCUMENT_PRODUCTS or wanted is None:
        return []
    found = ev.has(wanted)
    if not found and ev.unread_pages:
        return [_unread(ev, pack, "DOC-ESF-STATEMENT", wanted, "funding-statement")]
    return [finding(ev, pack, "DOC-ESF-STATEMENT", found,
                    msg("funding statement found on the document") if found
                    else msg("funding statement missing on the document"),
                    element="funding-statement", measured=FOUND if found else ABSENT,
                    threshold=msg("text containing “{wanted}…”", wanted=wanted))]


@rule("LT-MARK-0713")
def national_mark(ev: Evidence, pack: RulePack) -> list[Diagnostic]:
    """Lithuania's 2007–2013 structural support mark (artwork supplied by the designer).

    Order 1K-366 p. 2.1–2.2 (esf-rules.md §1.4): the brand logo ``lt-mark-0713`` in the
    layout, or the pack's ``national_mark_caption`` in the text.
    """
    caption = pack.texts.national_mark_caption or ""
    found = ev.national_mark or (bool(caption) and ev.has(caption))
    return [finding(ev, pack, "LT-MARK-0713", found,
                    msg("national EU 2007–2013 support mark present") if found else
                    msg("national EU 2007–2013 support mark not present: its artwork must "
                        "be supplied (never imitated) as brand logo 'lt-mark-0713'"),
                    element="logo-lt-mark-0713", measured=PRESENT if found else ABSENT,
                    threshold=PRESENT)]
