"""The compliance report for the project coordinator and the funder: every item × rule.

A self-contained HTML page (no scripts, no external assets) written next to report.json, in
Lithuanian (``lang="lt"``, the default) or English, from the message catalogue in
pipeline/locale (Babel; every rule title, message, measured value and verdict). It reads
top down the way an auditor works: what needs attention (each failing or warned rule once,
with the items it concerns), the findings that are the same for the whole campaign (shown
once, so each item's status reflects the item), a summary row per item, then every item's
findings, passes included. Narrow screens (a phone, 420 px) get each table row as a card
with its column names; ``compliance.pdf`` is the same HTML on A4 pages (WeasyPrint),
exported on request (``export_pdf``: ``build-print report``).
"""

from __future__ import annotations

import gettext
from collections import Counter
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import lithuanian
from pipeline.compliance.messages import N_
from pipeline.compliance.registry import TITLES
from pipeline.diagnostics import VERDICTS, Diagnostic, Severity
from pipeline.errors import ConfigError
from pipeline.output import output_lock, write_atomic
from pipeline.rule_packs import RulePack

if TYPE_CHECKING:
    from pipeline.results import BuildReport

LANGUAGES = ("lt", "en")
LOCALES = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "build_print"
EXPORT_COMMAND = "build-print report"
"""The command that writes compliance.pdf (``export_pdf``)."""
STYLE = """
@page { size: A4; margin: 12mm 10mm; }
* { box-sizing: border-box; }
body { font: 14px/1.4 sans-serif; margin: 2em; color: #111; overflow-wrap: break-word; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
.fail { color: #fff; background: #b00020; } .warn { background: #ffd54f; }
.pass { background: #c8e6c9; }
td.v { font-weight: bold; text-align: center; width: 6.5em; }
td.n { text-align: right; width: 3em; }
.small { color: #555; font-size: .9em; }
@media screen and (max-width: 760px) {
  body { margin: .8em; }
  table, tbody, tr, td { display: block; width: 100%; }
  tr.head { display: none; }
  tr { border: 1px solid #ccc; border-radius: 4px; margin: 0 0 .6em; padding: .2em 0; }
  td { border: 0; padding: .15em .6em; }
  td.v, td.n { width: auto; text-align: left; }
  td[data-label]::before { content: attr(data-label) ": "; font-weight: bold; color: #555; }
  td.v[data-label]::before { color: inherit; }
  td:empty { display: none; }
}
@media print {
  /* Rows as flex boxes with fixed column shares: WeasyPrint lays out the 1000-row report
     about twice as fast as with table layout, and the columns still line up. */
  body { font-size: 7.5pt; margin: 0; }
  .screen { display: none; }
  table, tbody { display: block; }
  tr { display: flex; break-inside: avoid; border-bottom: .5pt solid #ccc; }
  th, td { display: block; flex: 1 1 0; min-width: 0; border: 0; padding: 1.5pt 2pt; }
  td.v, td.n { width: auto; }
  tr > :nth-child(1) { flex: 0 0 5.5em; }
  .findings tr > :nth-child(3) { flex: 0 0 2.5em; }
  .findings tr > :nth-child(7) { flex: 2.5 1 0; }
  .summary tr > :nth-child(2), .attention tr > :nth-child(3) { flex: 3 1 0; }
  .summary tr > :nth-child(3), .summary tr > :nth-child(4), .summary tr > :nth-child(5),
  .attention tr > :nth-child(4) { flex: 0 0 3.5em; }
  .summary tr > :nth-child(6), .attention tr > :nth-child(5) { flex: 2 1 0; }
}
"""
_WORST = ("fail", "warn", "pass")
Gettext = Callable[[str], str]
FINDING_COLUMNS = (N_("verdict"), N_("rule"), N_("page"), N_("element"), N_("measured"),
                   N_("threshold"), N_("finding"), N_("source"))


def catalogue(lang: str) -> Gettext:
    """The gettext function of ``lang`` (``lt``: the shipped catalogue; ``en``: the msgids).

    Raises ``ValueError`` for another language, ``FileNotFoundError`` when the compiled
    catalogue is not installed (Babel would fall back to English without a word).
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown report language '{lang}' (known: {', '.join(LANGUAGES)})")
    if lang == "en":
        return gettext.NullTranslations().gettext
    from babel.support import Translations

    compiled = LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not compiled.is_file():
        raise FileNotFoundError(f"{compiled}: the {lang} message catalogue is not installed "
                                "(reinstall build-print, or run scripts/update_catalogue.py)")
    return Translations.load(str(LOCALES), [lang], domain=DOMAIN).gettext


def localise(d: Diagnostic, name: str, _: Gettext) -> str:
    """The finding's ``message``, ``measured`` or ``threshold`` in the catalogue's language."""
    for field, template, params in d.l10n:
        if field == name:
            return _(template).format(**{k: _(v) if v else v for k, v in params})
    value = getattr(d, name) or ""
    return _(value) if value else ""


def _verdict(counts: Counter[str]) -> str:
    return next((v for v in _WORST if counts[v]), "pass")


def _cell(label: str, content: str, css: str = "") -> str:
    """A table cell that names its column on narrow screens (``data-label``)."""
    kind = f" class='{css}'" if css else ""
    return f"<td{kind} data-label='{escape(label)}'>{content}</td>"


def _header(columns: tuple[str, ...], _: Gettext) -> str:
    return "<tr class='head'>" + "".join(f"<th>{escape(_(c))}</th>" for c in columns) + "</tr>"


def _rows(findings: list[Diagnostic], _: Gettext) -> str:
    rows = []
    labels = [_(c) for c in FINDING_COLUMNS]
    for d in findings:
        verdict = VERDICTS[d.severity]
        title = _(TITLES[d.code]) if d.code in TITLES else ""
        cells = [(_(verdict), f"v {verdict}"),
                 (escape(d.code) + (f"<br><span class='small'>{escape(title)}</span>"
                                    if title else ""), ""),
                 (escape(str(d.page or "")), ""), (escape(d.element or ""), ""),
                 (escape(localise(d, "measured", _)), ""),
                 (escape(localise(d, "threshold", _)), ""),
                 (escape(localise(d, "message", _)), ""),
                 (escape(d.reference or ""), "small")]
        rows.append("<tr>" + "".join(_cell(label, content, css) for label, (content, css)
                                     in zip(labels, cells, strict=True)) + "</tr>")
    return "\n".join(rows)


def campaign_wide(report: BuildReport) -> set[tuple[str, Severity, str]]:
    """(rule, severity, message) of violations that every item the rule applies to has alike.

    Such a finding (the national mark's artwork not supplied, on all 44 print items) says
    something about the campaign, not about any item: the report shows it once. A rule
    counts when it has findings on at least two items and they are all the same violation.
    """
    by_rule: dict[str, list[set[tuple[str, Severity, str]]]] = {}
    for result in report.results:
        mine: dict[str, set[tuple[str, Severity, str]]] = {}
        for d in result.diagnostics:
            if d.is_compliance:
                mine.setdefault(d.code, set()).add((d.code, d.severity, d.message))
        for code, kinds in mine.items():
            by_rule.setdefault(code, []).append(kinds)
    shared: set[tuple[str, Severity, str]] = set()
    for per_item in by_rule.values():
        alike = set.union(*per_item)
        if len(per_item) >= 2 and len(alike) == 1:
            (kind,) = alike
            if kind[1] is not Severity.INFO:
                shared.add(kind)
    return shared


def compliance_report(report: BuildReport, pack: RulePack, title: str,
                      lang: str = "lt") -> str:
    """The compliance report of ``report`` as one HTML page in ``lang`` (``lt`` or ``en``).

    ``pack`` and ``title`` name the rule pack and the campaign. Raises ``ValueError`` for
    an unknown language.
    """
    _ = catalogue(lang)
    header = _header(FINDING_COLUMNS, _)
    shared = campaign_wide(report)
    totals: Counter[str] = Counter()
    sections, summary_rows = [], []
    attention: dict[tuple[str, str], list[tuple[str, Diagnostic]]] = {}
    summary_labels = [_(c) for c in (N_("verdict"), N_("item"), N_("fail"), N_("warn"),
                                     N_("pass"), N_("file"))]
    for result in report.results:
        job = result.job
        findings = [d for d in result.diagnostics if d.is_compliance
                    and (d.code, d.severity, d.message) not in shared]
        counts = Counter(VERDICTS[d.severity] for d in findings)
        totals.update(counts)
        for d in findings:
            if d.severity is not Severity.INFO:
                attention.setdefault((VERDICTS[d.severity], d.code), []).append((job.id, d))
        verdict = _verdict(counts)
        cells = [(escape(_(verdict)), f"v {verdict}"),
                 (f"<a href='#{escape(job.id)}'>{escape(job.id)}</a><br>"
                  f"<span class='small'>{escape(job.title)}</span>", "")]
        cells += [(str(counts[v]), "n") for v in _WORST]
        cells.append((escape(result.outcome.file or "–"), "small"))
        summary_rows.append("<tr>" + "".join(
            _cell(label, content, css)
            for label, (content, css) in zip(summary_labels, cells, strict=True)) + "</tr>")
        sections.append(f"<h2 id='{escape(job.id)}'>{escape(job.id)}</h2><p class='small'>"
                        f"{escape(job.title)} · {escape(job.source)}</p>"
                        f"<table class='findings'>{header}{_rows(findings, _)}</table>")
    campaign = _campaign(report, shared, header, _)
    for d in report.campaign + _first_of_each(report, shared):
        totals[VERDICTS[d.severity]] += 1
        if d.severity is not Severity.INFO:
            attention.setdefault((VERDICTS[d.severity], d.code), []).append(("", d))
    count = (lithuanian.items(len(report.results)) if lang == "lt"
             else f"{len(report.results)} items")
    summary = ", ".join(f"{_(v)}: {totals[v]}" for v in _WORST)
    heading, pack_label = _("EU publicity compliance report"), _("rule pack")
    export = escape(_("{pdf} (A4, for e-mail and archive) is made by the command {command}, "
                      "after a build.")).format(
        pdf="<a href='compliance.pdf'>compliance.pdf</a>",
        command=f"<code>{escape(EXPORT_COMMAND)}</code>")
    summary_heading = _("Summary")
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{escape(heading)} – {escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>"
            f"<h1>{escape(heading)}</h1>"
            f"<p>{escape(title)} · {escape(pack_label)}: <b>{escape(pack.id)}</b> – "
            f"{escape(pack.title)} · {escape(count)} · {escape(summary)}</p>"
            f"<p class='screen'>{export}</p>"
            + _attention(attention, _checked(report), _) + campaign
            + f"<h2 id='summary'>{escape(summary_heading)}</h2><table class='summary'>"
            + _header(("verdict", "item", "fail", "warn", "pass", "file"), _)
            + "\n".join(summary_rows) + "</table>" + "".join(sections) + "</body></html>\n")


def _first_of_each(report: BuildReport, shared: set[tuple[str, Severity, str]]
                   ) -> list[Diagnostic]:
    """One finding of each campaign-wide kind (the first item's), in report order."""
    seen: dict[tuple[str, Severity, str], Diagnostic] = {}
    for result in report.results:
        for d in result.diagnostics:
            key = (d.code, d.severity, d.message)
            if key in shared and key not in seen:
                seen[key] = d
    return list(seen.values())


def _campaign(report: BuildReport, shared: set[tuple[str, Severity, str]], header: str,
              _: Gettext) -> str:
    """The campaign section: campaign rules and the findings every item has alike, once."""
    wide = _first_of_each(report, shared)
    if not report.campaign and not wide:
        return ""
    note = ""
    if wide:
        explained = _("Findings that are the same for every item are shown here once; the "
                      "items below are judged without them.")
        count = _("They concern all {count} items.").format(count=_items_of(report, wide))
        note = f"<p class='small'>{escape(explained)} {escape(count)}</p>"
    heading = _("Whole campaign")
    return (f"<h2 id='campaign'>{escape(heading)}</h2>{note}<table class='findings'>{header}"
            f"{_rows(report.campaign + wide, _)}</table>")


def _checked(report: BuildReport) -> dict[str, int]:
    """How many items each rule has findings on."""
    counts: Counter[str] = Counter()
    for result in report.results:
        counts.update({d.code for d in result.diagnostics if d.is_compliance})
    return dict(counts)


def _items_of(report: BuildReport, wide: list[Diagnostic]) -> int:
    """How many items the campaign-wide findings concern (the most of any of them)."""
    checked = _checked(report)
    return max((checked.get(d.code, 0) for d in wide), default=0)


def _attention(groups: dict[tuple[str, str], list[tuple[str, Diagnostic]]],
               total: dict[str, int], _: Gettext) -> str:
    """Each failing or warned rule once, with the items it concerns (fails first)."""
    title = _("Needs attention")
    heading = f"<h2 id='attention'>{escape(title)}</h2>"
    if not groups:
        nothing = _("Nothing: every rule passes.")
        return heading + f"<p>{escape(nothing)}</p>"
    columns = (N_("verdict"), N_("rule"), N_("finding (first item)"), N_("count"),
               N_("items"), N_("source"))
    labels = [_(c) for c in columns]
    rows = []
    for (verdict, code), found in sorted(groups.items(),
                                         key=lambda g: (_WORST.index(g[0][0]), g[0][1])):
        first = found[0][1]
        items = sorted({item for item, _item in found})
        campaign = _("campaign")
        links = ", ".join(f"<a href='#{escape(i)}'>{escape(i)}</a>" if i
                          else f"<a href='#campaign'>{escape(campaign)}</a>" for i in items)
        count = str(len(items)) if items != [""] else str(total.get(code, len(items)))
        cells = [(escape(_(verdict)), f"v {verdict}"), (escape(code), ""),
                 (escape(localise(first, "message", _)), ""), (count, "n"),
                 (links, "small"), (escape(first.reference or ""), "small")]
        rows.append("<tr>" + "".join(_cell(label, content, css) for label, (content, css)
                                     in zip(labels, cells, strict=True)) + "</tr>")
    return (heading + "<table class='attention'>" + _header(columns, _) + "\n".join(rows)
            + "</table>")


def write_report(output: Path, report: BuildReport, pack: RulePack, title: str,
                 lang: str = "lt") -> None:
    """Write compliance.html into ``output``; remove a compliance.pdf it no longer matches.

    The A4 export is made on request (``export_pdf``, ``build-print report``): rendering the
    report (71 pages for the sample) took 18.8 s of a 54.5 s one-core full build, after
    every job (issue 19). A compliance.pdf of an earlier build stays while the HTML is
    unchanged and is removed when it changed, or when this build checked nothing (every
    job failed before its PDF): it would tell of another build.
    """
    html = compliance_report(report, pack, title, lang)
    page, pdf = output / "compliance.html", output / "compliance.pdf"
    unchanged = page.is_file() and page.read_text("utf-8") == html
    checked = bool(report.campaign) or any(d.is_compliance for d in report.diagnostics)
    write_atomic(output, "compliance.html", html.encode("utf-8"))
    if not unchanged or not checked:
        pdf.unlink(missing_ok=True)


def export_pdf(output: Path) -> Path:
    """Render ``output``/compliance.html as compliance.pdf on A4 pages (WeasyPrint); its path.

    The same HTML: its print style sets the tables on A4 and hides what is for the screen.
    Written atomically (an interrupted export leaves the last PDF or none), holding the
    output folder's lock. ``ConfigError`` when there is no compliance.html (no build has run
    into ``output``) or a build holds the folder;
    ``OSError`` when a file cannot be read or written.
    """
    page = output / "compliance.html"
    if not page.is_file():
        raise ConfigError(f"{page}: there is no compliance report to export; run build-print "
                          "first (it writes compliance.html), then build-print report")
    from weasyprint import HTML

    with output_lock(output):  # not while a build rewrites the report
        html = HTML(string=page.read_text("utf-8"), base_url=output.resolve().as_uri() + "/")
        write_atomic(output, "compliance.pdf", html.write_pdf())
    return output / "compliance.pdf"
