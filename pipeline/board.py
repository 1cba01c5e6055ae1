"""The proof board, output/index.html: every item at a glance.

For the designer, the printer and the coordinator: items grouped by product and
municipality, each with its thumbnail, status and findings, links to the PDF, the job
ticket and the full-size proofs; radio items link their rundown and prompter text. A
finding every item has alike (the national mark's artwork not supplied) is listed once at
the top and left out of each item's status, as in the compliance report. One
self-contained file (inline CSS and script, no network, works from file://). It reloads
itself when a build changes output/: it polls ``build.js``, which holds the id of the
current board (a script, because a page opened from file:// may load scripts but not read
files).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import lithuanian
from pipeline.compliance.report import campaign_wide
from pipeline.diagnostics import Diagnostic, Severity, has_errors
from pipeline.jobs import spreads_path
from pipeline.output import write_atomic

if TYPE_CHECKING:
    from pipeline.results import BuildReport, JobResult

PRODUCT_NAMES = {
    "poster": "Plakatai (posters)", "leaflet": "Lankstinukai (leaflets)",
    "outdoor": "Lauko reklama (outdoor)", "event-poster": "Renginių plakatai (event posters)",
    "invitation": "Kvietimai (invitations)",
    "attendance-sheet": "Dalyvių sąrašai (attendance sheets)",
    "certificate": "Pažymėjimai (certificates)", "schedule": "Tvarkaraščiai (schedules)",
    "programme": "Programos (programmes)", "publication": "Leidiniai (publications)",
    "cover": "Viršeliai (covers)",
    "digital-edition": "Skaitmeniniai leidiniai (digital editions)",
    "radio-script": "Radijo laidų scenarijai (radio scripts)",
    "rundown": "Radijo laidų eiga (rundowns)", "radio-spot": "Radijo klipai (radio spots)",
    "social-card": "Socialinių tinklų kortelės (social media cards)",
}
STATUS_NAMES = {"pass": "tinka", "warn": "peržiūrėti", "fail": "netinka"}
ALL_MUNICIPALITIES = "Visos savivaldybės"

STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #111; background: #f4f4f4; }
header { background: #fff; padding: 1em 2em; border-bottom: 1px solid #ddd; position: sticky;
  top: 0; z-index: 1; }
h1 { font-size: 1.4em; margin: 0 0 .3em; } h2 { margin: 1.5em 2rem .5em; font-size: 1.2em; }
h3 { margin: 1em 2rem .4em; font-size: 1em; color: #555; }
.filters label { margin-right: 1.5em; }
.cards { display: flex; flex-wrap: wrap; gap: 1em; margin: 0 2rem; }
.card { background: #fff; border: 1px solid #ddd; border-left: 6px solid #2e7d32; width: 300px;
  padding: .6em; border-radius: 4px; }
.card[data-status=warn] { border-left-color: #f9a825; }
.card[data-status=fail] { border-left-color: #b00020; }
.card[hidden] { display: none; }
.thumb { display: block; height: 220px; margin: 0 auto .5em; text-align: center; }
.thumb img { max-width: 100%; max-height: 220px; box-shadow: 0 1px 4px #0004; }
.noproof { height: 220px; display: flex; align-items: center; justify-content: center;
  color: #777; background: #eee; }
.badge { font-weight: bold; padding: 0 .4em; border-radius: 3px; font-size: .85em; }
.badge.pass { background: #c8e6c9; } .badge.warn { background: #ffe082; }
.badge.fail { background: #b00020; color: #fff; } .badge.stale { background: #555; color: #fff; }
.title { font-weight: 600; margin: .3em 0; } .small { color: #555; font-size: .85em; }
ul.findings { padding-left: 1.2em; margin: .3em 0; font-size: .85em; }
li.error { color: #b00020; } li.warning { color: #8a5a00; }
.links a { margin-right: .8em; }
.alt { font-size: .85em; background: #f4f4f4; padding: .3em .5em; margin: .3em 0; }
"""

SCRIPT = """
const board = document.body.dataset.build;
function applyFilters() {
  const status = document.getElementById('status').value;
  const place = document.getElementById('municipality').value;
  let shown = 0;
  for (const card of document.querySelectorAll('.card')) {
    const okStatus = status === 'all' || card.dataset.status === status
      || (status === 'stale' && card.dataset.stale === 'true');
    const okPlace = place === 'all' || card.dataset.municipality === place;
    card.hidden = !(okStatus && okPlace);
    if (!card.hidden) shown++;
  }
  for (const group of document.querySelectorAll('.group')) {
    group.hidden = !group.querySelector('.card:not([hidden])');
  }
  document.getElementById('shown').textContent = shown;
}
document.getElementById('status').addEventListener('change', applyFilters);
document.getElementById('municipality').addEventListener('change', applyFilters);
window.buildPrintBuild = function (id) { if (id !== board) location.reload(); };
setInterval(function () {
  const script = document.createElement('script');
  script.src = 'build.js?' + Date.now();
  script.onload = script.onerror = function () { script.remove(); };
  document.head.appendChild(script);
}, 2000);
applyFilters();
"""


def write_board(output_dir: Path, report: BuildReport, title: str) -> None:
    """Write output/index.html and output/build.js (each only if it changed).

    ``title`` is the campaign's. Both carry the board's id (the first 16 hex digits of the
    page's SHA-256), so an open board reloads when the page changes.
    """
    body = board_html(report, title)
    build_id = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
    html = body.replace("data-build=''", f"data-build='{build_id}'", 1)
    write_atomic(output_dir, "index.html", html.encode("utf-8"))
    write_atomic(output_dir, "build.js", f'buildPrintBuild("{build_id}");\n'.encode())


def board_html(report: BuildReport, title: str) -> str:
    """The proof board page as HTML (with an empty build id, filled in by ``write_board``)."""
    products: dict[str, dict[str, list[JobResult]]] = {}
    for result in report.results:
        place = result.job.variant.get("municipality", ALL_MUNICIPALITIES)
        products.setdefault(result.job.product, {}).setdefault(place, []).append(result)
    places = sorted({p for groups in products.values() for p in groups} - {ALL_MUNICIPALITIES})
    shared = campaign_wide(report)
    totals = Counter(_status(r, shared) for r in report.results)
    stale = sum(r.stale for r in report.results)
    sections = []
    for product, groups in products.items():
        parts = [f"<section class='group'><h2>{escape(PRODUCT_NAMES.get(product, product))}</h2>"]
        for place in sorted(groups, key=lambda p: (p == ALL_MUNICIPALITIES, p)):
            cards = "".join(_card(r, place, shared) for r in groups[place])
            parts.append(f"<div class='group'><h3>{escape(place)}</h3>"
                         f"<div class='cards'>{cards}</div></div>")
        sections.append("".join(parts) + "</section>")
    status_options = "".join(
        f"<option value='{s}'>{STATUS_NAMES[s]} ({s}): {totals[s]}</option>"
        for s in ("pass", "warn", "fail"))
    place_options = "".join(f"<option>{escape(p)}</option>"
                            for p in [*places, ALL_MUNICIPALITIES])
    campaign = "".join(f"<li class='{d.severity.value}'>{escape(str(d))}</li>"
                       for d in report.campaign if d.severity is not Severity.INFO)
    campaign += "".join(
        f"<li class='{severity.value}'>{escape(code)}: {escape(message)} (visiems "
        f"{count} gaminiams, todėl ne jų būsenoje; for all {count} items, so not in their "
        "status)</li>"
        for (code, severity, message), count in _shared_counts(report, shared).items())
    return (
        "<!doctype html><html lang='lt'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width'>"
        f"<title>Korektūrų lenta – {escape(title)}</title><style>{STYLE}</style></head>"
        "<body data-build=''><header>"
        f"<h1>Korektūrų lenta (proof board) – {escape(title)}</h1>"
        f"<p class='small'>{lithuanian.items(len(report.results))} (items): "
        f"{totals['pass']} tinka, {totals['warn']} peržiūrėti, {totals['fail']} netinka"
        f"{f', {stale} pasenę (stale)' if stale else ''} · rodoma (shown): "
        "<span id='shown'></span> · <a href='compliance.html'>ES viešinimo ataskaita</a> · "
        "<a href='report.json'>report.json</a></p>"
        + (f"<ul class='findings'>{campaign}</ul>" if campaign else "") +
        "<div class='filters'><label>Būsena (status) <select id='status'>"
        f"<option value='all'>visos (all)</option>{status_options}"
        f"<option value='stale'>pasenę (stale): {stale}</option></select></label>"
        "<label>Savivaldybė (municipality) <select id='municipality'>"
        f"<option value='all'>visos (all)</option>{place_options}</select></label></div>"
        "</header><main>" + "".join(sections) +
        f"</main><script>{SCRIPT}</script></body></html>\n")


def _shared(d: Diagnostic, shared: set[tuple[str, Severity, str]]) -> bool:
    """Whether ``d`` is a finding every item has alike (``compliance.report.campaign_wide``)."""
    return (d.code, d.severity, d.message) in shared


def _status(result: JobResult, shared: set[tuple[str, Severity, str]]) -> str:
    """The item's status without the campaign-wide findings, which say nothing about it."""
    own = [d for d in result.diagnostics if not _shared(d, shared)]
    if has_errors(own):
        return "fail"
    return "warn" if any(d.severity is Severity.WARNING for d in own) else "pass"


def _shared_counts(report: BuildReport, shared: set[tuple[str, Severity, str]]
                   ) -> dict[tuple[str, Severity, str], int]:
    """How many items have each campaign-wide finding."""
    counts: Counter[tuple[str, Severity, str]] = Counter()
    for result in report.results:
        counts.update({(d.code, d.severity, d.message) for d in result.diagnostics
                       if _shared(d, shared)})
    return dict(sorted(counts.items()))


def _card(result: JobResult, place: str, shared: set[tuple[str, Severity, str]]) -> str:
    job = result.job
    status = _status(result, shared)
    thumb = next((p for p in result.outcome.proofs if p.endswith("/thumb.png")), None)
    pages = [p for p in result.outcome.proofs if not p.endswith("/thumb.png")]
    image = (f"<a class='thumb' href='{escape(pages[0])}'><img src='{escape(thumb)}' "
             f"alt='{escape(job.id)}'></a>" if thumb and pages
             else "<div class='noproof thumb'>korektūros nėra (no proof)</div>")
    if job.card is not None and result.outcome.file is not None:
        image = _card_image(result, result.outcome.file)
    badges = f"<span class='badge {status}'>{STATUS_NAMES[status]} ({status})</span>"
    if result.stale:
        badges += (" <span class='badge stale' title='print/ holds an older good file that "
                   "no longer matches the content'>pasenęs (stale)</span>")
    findings = [d for d in result.diagnostics
                if d.severity is not Severity.INFO and not _shared(d, shared)]
    passed = sum(1 for d in result.diagnostics
                 if d.is_compliance and d.severity is Severity.INFO)
    checked = "".join(f"<div class='small'>{escape(d.message)}</div>" for d in result.diagnostics
                      if d.code == "screen-checked")  # a digital edition's checks
    items = "".join(
        f"<li class='{d.severity.value}'>{escape(d.code)}"
        f"{f' (p. {d.page})' if d.page else ''}: {escape(d.message)}</li>" for d in findings)
    links = []
    if result.outcome.file is not None:
        label = "PDF" if result.written else "atmestas PDF (rejected)"
        if job.card is not None:
            label = "PNG" if result.written else "atmesta PNG (rejected)"
        links.append(f"<a href='{escape(result.outcome.file)}'>{label}</a>")
    if result.stale:
        links.append(f"<a href='{escape(job.output.as_posix())}'>ankstesnis PDF (stale)</a>")
    if result.written and job.press:
        links.append(f"<a href='{escape(job.output.with_suffix('.job.txt').as_posix())}'>"
                     "užsakymo lapas (ticket)</a> <a href='"
                     f"{escape(job.output.with_suffix('.job.json').as_posix())}'>JSON</a>")
    spreads = spreads_path(job).as_posix()
    if spreads in result.outcome.outputs:
        links.append(f"<a href='{escape(spreads)}' title='atvartai skaitymo tvarka peržiūrai; "
                     "spaustuvė gauna pavienius puslapius (facing pages for review; the "
                     "printer gets single pages)'>atvartai – korektūra, ne spaustuvei "
                     "(reading spreads: a proof, not for the printer)</a>")
    if result.written and job.card is not None:
        links.append(f"<a href='{escape(job.output.with_suffix('.jpg').as_posix())}'>JPEG</a>")
    if result.written and job.text_output is not None:
        label = "alt tekstas ir įrašas (alt text, caption)" if job.card is not None \
            else "suflerio tekstas (prompter)"
        links.append(f"<a href='{escape(job.text_output[0].as_posix())}'>{label}</a>")
    if len(pages) > 1:
        numbered = " ".join(f"<a href='{escape(p)}'>{n}</a>" for n, p in enumerate(pages, 1))
        links.append(f"<details><summary>{len(pages)} psl. korektūros (proofs)</summary>"
                     f"{numbered}</details>")
    return (
        f"<article class='card' id='{escape(job.id)}' data-status='{status}' "
        f"data-stale='{str(result.stale).lower()}' data-municipality='{escape(place)}'>"
        f"{image}{badges}<div class='title'>{escape(job.title)}</div>"
        f"<div class='small'>{escape(job.id)} · {escape(job.format.name)} · "
        f"{result.pages} psl. · {escape(job.source)}"
        f"{f' · ES patikros: {passed} tinka' if passed else ''}</div>{checked}"
        + (f"<ul class='findings'>{items}</ul>" if items else "") + _typography(result)
        + f"<div class='links'>{' '.join(links)}</div></article>")


def _card_image(result: JobResult, png: str) -> str:
    """A social media card's picture (its PNG, what is posted) and its alt text, shown."""
    alt = str(result.job.context.get("alt_text", ""))
    return (f"<a class='thumb' href='{escape(png)}'><img src='{escape(png)}' "
            f"alt='{escape(alt)}'></a><p class='alt'><b>Alt:</b> {escape(alt)}</p>")


MEASURES = (("collisions", "susidūrimai (collisions)"),
            ("short_word_line_ends", "trumpi žodžiai eilutės gale (short-word line ends)"),
            ("hyphenated_lines", "kėlimai (hyphenated lines)"))


def _typography(result: JobResult) -> str:
    """The job's typography report: fitted sizes, lines and balance, the other measures."""
    report = result.outcome.typography
    rows = []
    for fit in report.fitted:
        low, high = fit.range_pt
        balance = "" if fit.balance is None else f", balansas (balance) {fit.balance:.0%}"
        rows.append(f"<li{'' if fit.fits and fit.balanced else ' class=warning'}>"
                    f"{escape(fit.element)}: {fit.size_pt:.1f} pt ({low:g}–{high:g})"
                    f"{f', {fit.lines} eil. (lines)' if fit.lines else ''}{balance}</li>")
    rows += [f"<li>{label}: {getattr(report, name)}</li>" for name, label in MEASURES
             if getattr(report, name) is not None]
    rows += [f"<li>tuščia (empty) {escape(panel)}: {share:.0%}</li>"
             for panel, share in report.empty_share.items()]
    return ("<details class='typography small'><summary>Tipografija (typography)</summary>"
            f"<ul>{''.join(rows)}</ul></details>" if rows else "")

