"""The compliance report for the project coordinator: every item × rule, verdict, evidence.

A self-contained HTML page (no scripts, no external assets) written next to report.json. It
reads top down the way an auditor works: what needs attention (each failing or warned rule
once, with the items it concerns), then a summary with one row per item (its verdict, the
file the printer gets), then every item's findings in full, passes included.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import TYPE_CHECKING

from pipeline import lithuanian
from pipeline.diagnostics import VERDICTS, Diagnostic, Severity
from pipeline.rule_packs import RulePack

if TYPE_CHECKING:
    from pipeline.results import BuildReport

STYLE = """
body { font: 14px/1.4 sans-serif; margin: 2em; color: #111; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
.fail { color: #fff; background: #b00020; } .warn { background: #ffd54f; }
.pass { background: #c8e6c9; }
td.v { font-weight: bold; text-align: center; width: 3.5em; }
td.n { text-align: right; width: 3em; }
.small { color: #555; font-size: .9em; }
"""

_WORST = ("fail", "warn", "pass")


def _verdict(counts: Counter[str]) -> str:
    return next((v for v in _WORST if counts[v]), "pass")


def _rows(findings: list[Diagnostic]) -> str:
    rows = []
    for d in findings:
        verdict = VERDICTS[d.severity]
        rows.append(
            f"<tr><td class='v {verdict}'>{verdict}</td><td>{escape(d.code)}</td>"
            f"<td>{escape(str(d.page or ''))}</td><td>{escape(d.element or '')}</td>"
            f"<td>{escape(d.measured or '')}</td><td>{escape(d.threshold or '')}</td>"
            f"<td>{escape(d.message)}</td><td class='small'>{escape(d.reference or '')}</td></tr>")
    return "\n".join(rows)


def compliance_report(report: BuildReport, pack: RulePack, title: str) -> str:
    """The compliance report of ``report`` as one HTML page.

    What needs attention, a summary row per item, then the campaign-wide findings and every
    item's compliance findings, passes included; ``pack`` and ``title`` name the rule pack
    and the campaign.
    """
    header = ("<tr><th>verdict</th><th>rule</th><th>page</th><th>element</th><th>measured</th>"
              "<th>threshold</th><th>finding</th><th>source</th></tr>")
    totals: Counter[str] = Counter()
    sections, summary_rows = [], []
    attention: dict[tuple[str, str], list[tuple[str, Diagnostic]]] = {}
    for result in report.results:
        job = result.job
        findings = [d for d in result.diagnostics if d.is_compliance]
        counts = Counter(VERDICTS[d.severity] for d in findings)
        totals.update(counts)
        for d in findings:
            if d.severity is not Severity.INFO:
                attention.setdefault((VERDICTS[d.severity], d.code), []).append((job.id, d))
        verdict = _verdict(counts)
        summary_rows.append(
            f"<tr><td class='v {verdict}'>{verdict}</td>"
            f"<td><a href='#{escape(job.id)}'>{escape(job.id)}</a><br>"
            f"<span class='small'>{escape(job.title)}</span></td>"
            + "".join(f"<td class='n'>{counts[v]}</td>" for v in _WORST)
            + f"<td class='small'>{escape(result.outcome.file or '–')}</td></tr>")
        sections.append(f"<h2 id='{escape(job.id)}'>{escape(job.id)}</h2><p class='small'>"
                        f"{escape(job.title)} · {escape(job.source)}</p>"
                        f"<table>{header}{_rows(findings)}</table>")
    if report.campaign:
        totals.update(VERDICTS[d.severity] for d in report.campaign)
        for d in report.campaign:
            if d.severity is not Severity.INFO:
                attention.setdefault((VERDICTS[d.severity], d.code), []).append(("", d))
        sections.insert(0, f"<h2 id='campaign'>Visa kampanija (campaign)</h2><table>{header}"
                        f"{_rows(report.campaign)}</table>")
    summary = ", ".join(f"{totals[v]} {v}" for v in _WORST)
    return (f"<!doctype html><html lang='lt'><head><meta charset='utf-8'>"
            f"<title>ES viešinimo reikalavimų ataskaita – {escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>"
            f"<h1>ES viešinimo reikalavimų ataskaita (EU publicity compliance)</h1>"
            f"<p>{escape(title)} · taisyklės (rule pack): <b>{escape(pack.id)}</b> – "
            f"{escape(pack.title)} · {lithuanian.items(len(report.results))} (items) · "
            f"{summary}</p>"
            + _attention(attention)
            + "<h2 id='summary'>Santrauka (summary)</h2><table><tr><th>verdict</th>"
            "<th>gaminys (item)</th><th>fail</th><th>warn</th><th>pass</th>"
            "<th>failas (file)</th></tr>" + "\n".join(summary_rows) + "</table>"
            + "".join(sections) + "</body></html>\n")


def _attention(groups: dict[tuple[str, str], list[tuple[str, Diagnostic]]]) -> str:
    """Each failing or warned rule once, with the items it concerns (fails first)."""
    if not groups:
        return ("<h2 id='attention'>Reikia dėmesio (needs attention)</h2>"
                "<p>Nieko: visos taisyklės tenkinamos (every rule passes).</p>")
    rows = []
    for (verdict, code), found in sorted(groups.items(),
                                         key=lambda g: (_WORST.index(g[0][0]), g[0][1])):
        first = found[0][1]
        items = sorted({item for item, _ in found})
        links = ", ".join(f"<a href='#{escape(i)}'>{escape(i)}</a>" if i
                          else "<a href='#campaign'>kampanija</a>" for i in items)
        rows.append(f"<tr><td class='v {verdict}'>{verdict}</td><td>{escape(code)}</td>"
                    f"<td>{escape(first.message)}</td><td class='n'>{len(items)}</td>"
                    f"<td class='small'>{links}</td>"
                    f"<td class='small'>{escape(first.reference or '')}</td></tr>")
    return ("<h2 id='attention'>Reikia dėmesio (needs attention)</h2><table><tr><th>verdict"
            "</th><th>rule</th><th>finding (first item)</th><th>kiek (count)</th><th>gaminiai "
            "(items)</th><th>source</th></tr>" + "\n".join(rows) + "</table>")
