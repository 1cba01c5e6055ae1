"""The compliance report for the project coordinator: every item × rule, verdict, evidence.

A self-contained HTML page (no scripts, no external assets) written next to report.json.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import TYPE_CHECKING

from pipeline.compliance.packs import RulePack
from pipeline.diagnostics import VERDICTS, Diagnostic

if TYPE_CHECKING:
    from pipeline.build import BuildReport

STYLE = """
body { font: 14px/1.4 sans-serif; margin: 2em; color: #111; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
.fail { color: #fff; background: #b00020; } .warn { background: #ffd54f; }
.pass { background: #c8e6c9; }
td.v { font-weight: bold; text-align: center; width: 3.5em; }
.small { color: #555; font-size: .9em; }
"""


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
    """HTML of the compliance report."""
    header = ("<tr><th>verdict</th><th>rule</th><th>page</th><th>element</th><th>measured</th>"
              "<th>threshold</th><th>finding</th><th>source</th></tr>")
    totals: Counter[str] = Counter()
    sections = []
    for result in report.results:
        findings = [d for d in result.diagnostics if d.reference is not None]
        totals.update(VERDICTS[d.severity] for d in findings)
        sections.append(f"<h2>{escape(result.job.id)}</h2><p class='small'>"
                        f"{escape(result.job.title)} · {escape(result.job.source)}</p>"
                        f"<table>{header}{_rows(findings)}</table>")
    if report.campaign:
        totals.update(VERDICTS[d.severity] for d in report.campaign)
        sections.insert(0, f"<h2>Visa kampanija (campaign)</h2><table>{header}"
                        f"{_rows(report.campaign)}</table>")
    summary = ", ".join(f"{totals[v]} {v}" for v in ("fail", "warn", "pass"))
    return (f"<!doctype html><html lang='lt'><head><meta charset='utf-8'>"
            f"<title>ES viešinimo reikalavimų ataskaita – {escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>"
            f"<h1>ES viešinimo reikalavimų ataskaita (EU publicity compliance)</h1>"
            f"<p>{escape(title)} · taisyklės (rule pack): <b>{escape(pack.id)}</b> – "
            f"{escape(pack.title)} · {len(report.results)} gaminiai (items) · {summary}</p>"
            + "".join(sections) + "</body></html>\n")
