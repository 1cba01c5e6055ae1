"""Copyfitting (issue #16, item 1): display text at the largest size its frame holds, in
balanced lines, an error naming the element that grows when even the smallest size does
not fit, and a cache that makes an unchanged rebuild measure nothing.

Each test sets a headline on the sample's A2 poster (range 125–196 pt in its layout) and
reads the result from WeasyPrint's boxes of the real render.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from pipeline.build import build, load, plan
from pipeline.config import load_config
from pipeline.diagnostics import Severity
from pipeline.inspection import inspect_layout
from pipeline.render.boxes import placed
from pipeline.render.copyfit import Fitter
from pipeline.render.fitted import balance
from pipeline.render.templates import make_environment, render_template
from pipeline.results import JobOutcome
from pipeline.session import make_renderer, template_context
from pipeline.typography import BALANCED, FittedText, Typography
from tests.conftest import REPO

pytestmark = pytest.mark.slow

JOB = "zmogus-ne-preke-kaunas-a2"
SHORT, MEDIUM, LONG = ("Žmogus – ne prekė", "Žmogus – ne prekė, o asmenybė",
                       "Ne prekė, o žmogus su vardu ir teisėmis")
TOO_LONG = "Žmogus – ne prekė, o asmenybė su savo vardu ir teisėmis"


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    config = load_config(REPO)
    project = load(config)
    [job] = plan(project, (JOB,))
    return {"project": project, "job": job, "env": make_environment(config.layouts),
            "renderer": make_renderer(project)}


def poster_html(sample: dict[str, Any], headline: str) -> str:
    """The HTML the poster layout makes for the sample's Kaunas A2 poster with ``headline``."""
    job = sample["job"]
    poster = job.context["poster"].model_copy(update={"headline": headline})
    job = replace(job, context={**job.context, "poster": poster})
    return render_template(sample["env"], job.layout, template_context(job, sample["project"]),
                           job=job.id)


def line_widths(boxes: list[Any], element: str) -> list[float]:
    """Length (mm) of each line of ``element``, from the text runs of the laid-out page."""
    lines: dict[float, list[float]] = {}
    for box in boxes:
        if box.kind == "text" and box.element == element:
            lines.setdefault(round(box.rect.y, 2), []).extend((box.rect.x, box.rect.right))
    return [max(edges) - min(edges) for _, edges in sorted(lines.items())]


def test_short_medium_long_headlines_get_three_sizes_without_overflow_in_balanced_lines(
        sample: dict[str, Any]) -> None:
    """This test ensures copyfitting sets a short, a medium and a long headline at three
    different sizes within the layout's range, each with nothing overflowing (the layout
    inspection of the real render) and its lines within ~20 % of each other."""
    fitter = Fitter(sample["renderer"].lay_out, None)
    sizes = []
    for headline in (SHORT, MEDIUM, LONG):
        fitted = fitter.fit(poster_html(sample, headline))
        assert not fitted.shortfalls
        rendered = sample["renderer"].render(fitted.html)
        boxes = list(placed(rendered.document))
        assert [str(d) for d in inspect_layout(rendered.document, boxes, sample["job"])
                if d.severity is Severity.ERROR] == []
        [headline_fit, lead_fit] = fitted.report(boxes)
        assert headline_fit.element == "headline" and lead_fit.element == "lead"
        low, high = headline_fit.range_pt
        assert (low, high) == (125, 196)
        assert low <= headline_fit.size_pt <= high
        sizes.append(headline_fit.size_pt)
        # Measured on the boxes, independently of the report.
        for element in ("headline", "lead"):
            widths = line_widths(boxes, element)
            assert 1 <= len(widths) <= 4, (headline, element, widths)
            ratio = balance(widths)
            # "Within ~20 %": the no-break rules of display text (linebreak.py) bind "ne
            # prekė" and "o asmenybė", so the medium headline's most even setting is 0.78;
            # below BALANCED (0.8) the report flags it, and the test allows the "~".
            assert ratio is None or ratio >= BALANCED - 0.05, (headline, element, widths)
        assert headline_fit.lines == len(line_widths(boxes, "headline"))
    assert sizes[0] > sizes[1] > sizes[2], sizes
    assert sizes[0] == 196  # a short headline gets the largest size


def test_too_long_headline_is_blamed_with_its_content_line_and_what_would_fit(
        project: Path) -> None:
    """This test ensures a headline that overflows even at its smallest size fails the job
    with the headline named (not the lead it pushes out), its content file, line and field,
    the amount in mm and what would fit: fewer characters, or a smaller minimum."""
    path = project / "content" / "posters" / "zmogus-ne-preke.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("headline: Žmogus – ne prekė", f"headline: {TOO_LONG}"),
                    encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("headline:"))
    report = build(load_config(project), only=(JOB,))
    [result] = report.results
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert [d.code for d in errors] == ["copyfit"], [str(d) for d in errors]
    [finding] = errors
    assert (finding.source, finding.line, finding.field, finding.element) == (
        "content/posters/zmogus-ne-preke.yaml", line, "headline", "headline")
    assert finding.message.startswith(
        f"'headline' (“{TOO_LONG[:47]}…”, {len(TOO_LONG)} characters) does not fit its frame "
        "'top' even at its smallest size, 125 pt: the frame overflows by ")
    assert " mm; shorten it by about " in finding.message
    assert " characters, or allow " in finding.message and finding.message.endswith(" pt")
    shorten = int(finding.message.split("shorten it by about ")[1].split()[0])
    allow = float(finding.message.split(", or allow ")[1].split()[0])
    assert 0 < shorten < len(TOO_LONG) and 60 < allow < 125
    assert not result.written
    # The report says which element did not fit.
    fitted = {f.element: f for f in result.outcome.typography.fitted}
    assert not fitted["headline"].fits and fitted["lead"].fits


def test_what_the_message_suggests_fits(sample: dict[str, Any]) -> None:
    """This test ensures the advice is measured: the headline shortened by the characters
    the message names fits at the smallest size."""
    fitter = Fitter(sample["renderer"].lay_out, None)
    [short] = fitter.fit(poster_html(sample, TOO_LONG)).shortfalls
    assert short.shorten is not None
    cut = TOO_LONG[:len(TOO_LONG) - short.shorten].strip()
    assert fitter.fit(poster_html(sample, cut)).shortfalls == []


def test_a_rebuild_with_unchanged_text_measures_nothing(sample: dict[str, Any],
                                                        tmp_path: Path) -> None:
    """This test ensures fitted sizes are cached by text, frame, font and range: in memory
    and in output/.cache/copyfit, so a new process measures nothing for unchanged display
    text, and a change outside the fitted frame (the local line) measures nothing either."""
    html = poster_html(sample, MEDIUM)
    first = Fitter(sample["renderer"].lay_out, tmp_path)
    fitted = first.fit(html)
    assert first.passes > 0
    assert len(list((tmp_path / ".cache" / "copyfit").glob("*.json"))) == 1
    passes = first.passes
    assert first.fit(html).html == fitted.html and first.passes == passes  # in memory
    again = Fitter(sample["renderer"].lay_out, tmp_path)  # a new process: from the disk
    layouts = sample["renderer"].layouts
    assert again.fit(html).html == fitted.html
    local = html.replace("susitikimai", "pokalbiai")  # the local line (after its no-break space)
    assert local != html
    again.fit(local)
    assert again.passes == 0 and sample["renderer"].layouts == layouts
    again.fit(poster_html(sample, SHORT))  # the headline changed: measured again
    assert again.passes > 0


def test_typography_report_round_trips_through_the_job_cache() -> None:
    """This test ensures the typography report keeps its shape through report.json and the
    job cache (``JobOutcome.to_json``/``from_json``)."""
    typography = Typography(fitted=[FittedText("headline", "top", 189.0, (140.0, 196.0), 3,
                                               0.854, True, "headline")],
                            short_word_line_ends=2, empty_share={"inside": 0.3})
    outcome = JobOutcome(pages=1, typography=typography)
    assert JobOutcome.from_json(json.loads(json.dumps(outcome.to_json()))) == outcome
    assert Typography.from_json({}) == Typography()


def test_a_fit_group_sets_its_elements_in_several_frames_at_one_size(
        sample: dict[str, Any]) -> None:
    """This test ensures elements of one ``data-fit-group`` in different frames (a leaflet's
    inside panels) are set at the smallest size fitted for any of them, where on their own
    the short text would be set larger; both still fit their frames."""
    brand = sample["project"].brand
    short, long = "Žmogus – ne prekė", " ".join(["Verbuotojai žada gerą darbą."] * 12)

    def html(group: str) -> str:
        panels = "".join(
            f'<div data-frame="panel-{n}" style="position: absolute; top: 0; left: {n * 90}mm;'
            f' width: 80mm; height: 60mm"><p data-element="body" data-fit="8pt 30pt"'
            f'{group} style="margin: 0; font-family: {brand.family("sans")}">{text}</p></div>'
            for n, text in enumerate((short, long)))
        return (f"<html><head><style>{brand.font_face_css} @page {{ size: 200mm 80mm; "
                f"margin: 0 }}</style></head><body>{panels}</body></html>")

    fitter = Fitter(sample["renderer"].lay_out, None)
    alone = {fit.frame: setting.size_pt for fit, setting in fitter.fit(html("")).fits}
    together = fitter.fit(html(' data-fit-group="inside"'))
    grouped = {fit.frame: setting.size_pt for fit, setting in together.fits}
    assert alone["panel-0"] > alone["panel-1"] + 5, alone
    assert grouped == {"panel-0": alone["panel-1"], "panel-1": alone["panel-1"]}
    rendered = sample["renderer"].render(together.html)
    boxes = list(placed(rendered.document))
    fitted = together.report(boxes)
    assert [f.fits for f in fitted] == [True, True]
    assert not [str(d) for d in inspect_layout(rendered.document, boxes, sample["job"])
                if d.code == "layout-overflow"]


def test_the_frames_of_a_layout_are_measured_together_with_the_sizes_each_gets_alone(
        sample: dict[str, Any]) -> None:
    """This test ensures a layout's frames share their measuring passes (issue 19): three
    frames that each need several passes cost as many passes as the slowest of them, not
    the sum, and each gets the size (and line breaks) it gets when it is the only frame."""
    brand = sample["project"].brand
    texts = ("Žmogus – ne prekė, o asmenybė", " ".join(["Verbuotojai žada gerą darbą."] * 6),
             " ".join(["Pagalba yra arti."] * 14))

    def panel(n: int, text: str) -> str:
        return (f'<div data-frame="panel-{n}" style="position: absolute; top: 0; '
                f'left: {n * 66}mm; width: 60mm; height: 60mm"><p data-element="body" '
                f'data-fit="8pt 40pt" style="margin: 0; font-family: {brand.family("sans")}">'
                f"{text}</p></div>")

    def page(panels: str) -> str:
        return (f"<html><head><style>{brand.font_face_css} @page {{ size: 200mm 80mm; "
                f"margin: 0 }}</style></head><body>{panels}</body></html>")

    alone, passes = {}, []
    for n, text in enumerate(texts):
        fitter = Fitter(sample["renderer"].lay_out, None)
        [(fit, setting)] = fitter.fit(page(panel(n, text))).fits
        alone[fit.frame] = setting
        passes.append(fitter.passes)
    assert min(passes) >= 2 and len({s.size_pt for s in alone.values()}) == 3, (passes, alone)
    together = Fitter(sample["renderer"].lay_out, None)
    fitted = together.fit(page("".join(panel(n, t) for n, t in enumerate(texts))))
    assert {fit.frame: setting for fit, setting in fitted.fits} == alone
    assert together.passes == max(passes) < sum(passes)


def test_a_frame_that_fits_at_its_largest_size_is_measured_and_balanced_in_one_pass(
        sample: dict[str, Any]) -> None:
    """This test ensures a frame whose text fits at the top of its range costs one measuring
    pass: the copy with its words set apart, which balancing measures, is laid out with the
    first copy (issue 19); the lines are still balanced, better than the first setting."""
    brand = sample["project"].brand
    text = "Verbuotojai žada gerą darbą, didelį atlyginimą ar meilę"
    html = (f"<html><head><style>{brand.font_face_css} @page {{ size: 100mm 80mm; "
            f"margin: 0 }}</style></head><body><div data-frame=\"panel\" style=\"position: "
            f"absolute; top: 0; left: 0; width: 60mm; height: 60mm\"><p data-element=\"body\" "
            f"data-fit=\"14pt 16pt\" style=\"margin: 0; font-size: 16pt; "
            f"font-family: {brand.family('sans')}\">"
            f"{text}</p></div></body></html>")
    fitter = Fitter(sample["renderer"].lay_out, None)
    [(_fit, setting)] = fitter.fit(html).fits
    assert fitter.passes == 1 and setting.size_pt == 16.0
    assert setting.lines_html is not None and setting.lines_html.count("<br>") >= 1
    first = sample["renderer"].render(html)  # at the same size, broken where it falls
    fitted = sample["renderer"].render(fitter.fit(html).html)
    before = balance(line_widths(list(placed(first.document)), "body"))
    after = balance(line_widths(list(placed(fitted.document)), "body"))
    assert before is not None and after is not None and after > before + 0.05, (before, after)
