"""Radio script sheets, rundown and prompter text, built from a constructed show."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.build import build, load, plan
from pipeline.config import load_config
from pipeline.diagnostics import Severity
from pipeline.render.boxes import placed
from pipeline.render.templates import make_environment, render_template
from pipeline.session import make_renderer, template_context

pytestmark = pytest.mark.slow
PARAGRAPH = ("Verbuotojai dažnai žada gerą darbą užsienyje, didelį atlyginimą ir nemokamą "
             "kelionę. Vėliau jie atima dokumentus, uždaro žmogų ir verčia dirbti be atlygio. "
             "Jei pasiūlymas atrodo per geras, kad būtų tiesa, sustokite ir pasitarkite.")


def write_show(root: Path, *, credit: bool = True, paragraphs: int = 12, slot: int = 270,
               spot_words: str = "Niekam neatiduok savo paso.") -> None:
    radio = root / "content" / "radio"
    (radio / "spots").mkdir(parents=True, exist_ok=True)
    (radio / "spots" / "pasas.yaml").write_text(
        "id: pasas\ntitle: Neatiduok savo paso\nnominal_seconds: 30\n"
        "voice: {id: diktorius, label: Diktorius}\n"
        f"text: {spot_words} Remia Europos Sąjunga, Europos socialinis fondas.\n",
        encoding="utf-8")
    text = "\\n\\n".join([PARAGRAPH] * paragraphs)
    segments = [
        '  - {type: jingle, title: Užsklanda, seconds: 10}',
        f'  - {{type: read, title: Įžanga, host: vedejas, text: "{text}"}}',
        '  - {type: spot, spot: pasas}',
    ]
    if credit:
        segments.append('  - {type: credit, host: vedejas, text: "Laidą remia Europos Sąjunga, '
                        'Europos socialinis fondas."}')
    (radio / "bandymas.yaml").write_text(
        "id: bandymas\ntitle: Bandomoji laida\nstation: Radijas\nair_date: 2014-05-20\n"
        f'air_time: "18:00"\nslot_seconds: {slot}\nhosts: [{{id: vedejas, label: Vedėjas}}]\n'
        "segments:\n" + "\n".join(segments) + "\n", encoding="utf-8")


def test_sheets_keep_paragraphs_whole_and_mark_more_and_ends(project: Path) -> None:
    """This test ensures no paragraph is split across pages, TOLIAU at the foot of a page
    whose item continues, PABAIGA after each item, slug and page n/N on every page."""
    write_show(project)
    config = load_config(project)
    report = build(config, only=("radio-bandymas",))
    [result] = report.results
    assert result.written, [str(d) for d in result.diagnostics]
    pages = [re.sub(r"\s+", " ", p.extract_text())
             for p in PdfReader(config.output / "radio" / "bandymas.pdf").pages]
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Lapas {number} iš {len(pages)}" in text
        assert "Bandomoji laida · Radijas · 2014 m. gegužės 20 d., 18:00" in text
    assert "TOLIAU »" in pages[0]
    assert sum(text.count("PABAIGA") for text in pages) == 4  # one per item
    whole = PARAGRAPH[:60]
    occurrences = sum(text.count(whole) for text in pages)
    assert occurrences == 12
    for text in pages:  # every paragraph that starts on a page also ends on it
        assert text.count(whole) == text.count("pasitarkite.")


def test_read_copy_is_at_least_14_pt(project: Path) -> None:
    """This test ensures the copy a host reads is set at 14 pt or more."""
    write_show(project, paragraphs=1)
    config = load_config(project)
    loaded = load(config)
    job = plan(loaded, ("radio-bandymas",))[0]
    html = render_template(make_environment(config.layouts), job.layout,
                           template_context(job, loaded), job=job.id)
    document = make_renderer(loaded).render(html).document
    sizes = {round(b.font_size_mm * 72 / 25.4, 1) for b in placed(document)
             if b.kind == "text" and b.element == "read"}
    assert sizes and min(sizes) >= 14


def test_rundown_prompter_and_credit(project: Path) -> None:
    """This test ensures the rundown table, the prompter text, and a missing spoken credit as
    an error of the script, the rundown and the spot alike (the last good script and
    rundown stay, both stale)."""
    write_show(project, credit=False, paragraphs=1, slot=75)
    config = load_config(project)
    report = build(config, only=("radio-bandymas", "radio-bandymas-rundown"))
    script, _ = report.results
    assert "radio-credit" not in {d.code for d in script.diagnostics}  # the spot carries it
    rundown = re.sub(r"\s+", " ", PdfReader(config.output / "radio" / "bandymas-rundown.pdf")
                     .pages[0].extract_text())
    assert "Eiga: Bandomoji laida" in rundown and "Neatiduok savo paso" in rundown
    assert re.search(r"Iš viso \(laikas 1:15\) \d:\d\d [+−]\d:\d\d 18:\d\d:\d\d 18:01:15",
                     rundown)
    prompter = (config.output / "radio" / "bandymas.txt").read_text(encoding="utf-8")
    assert prompter.startswith("Bandomoji laida\nRadijas · 2014 m. gegužės 20 d. · "
                               "18:00:00–18:01:15\n")
    assert "(SKAITYMAS: VEDĖJAS, " in prompter
    assert "(KLIPAS: „Neatiduok savo paso“, 0:30, DIKTORIUS)" in prompter

    write_show(project, credit=False, paragraphs=1, slot=75)
    spot = project / "content" / "radio" / "spots" / "pasas.yaml"
    spot.write_text(spot.read_text(encoding="utf-8").replace(
        " Remia Europos Sąjunga, Europos socialinis fondas.", ""), encoding="utf-8")
    report = build(config, only=("radio-bandymas", "radio-bandymas-rundown", "spot-pasas"))
    assert len(report.results) == 3
    for result in report.results:
        errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
        assert [d.code for d in errors] == ["radio-credit"], result.job.id
        assert not result.written
        # The script and the rundown built above stay, together, both stale.
        assert result.stale is result.job.id.startswith("radio-"), result.job.id
