"""EU publicity compliance: rule packs on a compliant poster, and one fault at a time, each
found with its rule id and verdict through the build and through `build-print check`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from pipeline.build import build
from pipeline.cli import cli
from pipeline.compliance import check_campaign, check_pdf, check_spoken, load_pack
from pipeline.compliance.rules import RULES
from pipeline.config import ProjectConfig, load_config
from pipeline.diagnostics import VERDICTS, Diagnostic, Severity
from pipeline.emblem import emblem_svg
from pipeline.pack_ids import PACK_IDS
from pipeline.results import BuildReport

pytestmark = pytest.mark.slow
PARTIAL = ("layouts", "partials", "funding_block.html.j2")
EMBLEM_CALL = '{{ emblem_svg(emblem_mm, border=(on != "paper"), screen=screen) }}'


def problems(findings: list[Diagnostic]) -> set[tuple[str, str]]:
    """(rule id, verdict) of every compliance finding that is not a pass."""
    return {(d.code, VERDICTS[d.severity]) for d in findings
            if d.is_compliance and d.severity is not Severity.INFO}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def set_pack(project: Path, pack: str) -> None:
    edit(project / "content" / "campaign.yaml", "rule_pack: lt-esf-2007-2013",
         f"rule_pack: {pack}")


def pasted_emblem(project: Path, svg: str) -> None:
    """A designer pastes emblem artwork into the layout instead of the generated one."""
    edit(project.joinpath(*PARTIAL), EMBLEM_CALL, svg)


def stretched(project: Path) -> None:
    svg = str(emblem_svg(30))
    svg = svg.replace('width="45.000mm"', 'width="60.000mm"').replace(
        "<svg ", '<svg preserveAspectRatio="none" ', 1)
    pasted_emblem(project, svg)


def eleven_stars(project: Path) -> None:
    svg = str(emblem_svg(30))
    first = svg.index("<polygon")
    pasted_emblem(project, svg[:first] + svg[svg.index("/>", first) + 2:])


def wrong_blue(project: Path) -> None:
    pasted_emblem(project, str(emblem_svg(30)).replace("device-cmyk(1 0.8 0 0)", "#0000FF"))


def small_emblem(project: Path) -> None:
    layout = project / "layouts" / "poster" / "poster.html.j2"
    edit(layout, "[30 * k, 12]|max", "8")
    # The wordmark shrinks too, so the emblem stays the largest logo: one fault only.
    edit(layout, 'logo(brand, palette, "caritas", 14 * k)', 'logo(brand, palette, "caritas", 6)')


def coloured_background(project: Path) -> None:
    edit(project.joinpath(*PARTIAL), ".funding-emblem { flex: none; line-height: 0; }",
         ".funding-emblem { flex: none; line-height: 0; padding: 5mm; "
         "background: {{ palette.red }}; }")


def no_fund_reference(project: Path) -> None:
    edit(project.joinpath(*PARTIAL),
         '<p class="funding-fund" data-element="fund-reference">'
         '{{ pack.texts.fund_reference }}</p>', "")


def abbreviated_eu(project: Path) -> None:
    edit(project.joinpath(*PARTIAL), "{{ pack.texts.eu_reference }}", "ES")


def no_cpr_statement(project: Path) -> None:
    edit(project.joinpath(*PARTIAL),
         '<p class="funding-eu" data-element="cpr-statement">{{ pack.texts.cpr_statement }}</p>',
         "")


def big_partner_logo(project: Path) -> None:
    images = project / "content" / "images"
    images.mkdir(exist_ok=True)
    Image.new("RGB", (1200, 800), (30, 120, 60)).save(images / "partneris.png")
    edit(project / "layouts" / "poster" / "poster.html.j2",
         '{{ logo(brand, palette, "caritas", 14 * k) }}',
         '<img data-element="logo-partner" src="content/images/partneris.png" '
         'style="width: 36mm; height: 24mm">')


FAULTS: list[tuple[str, Callable[[Path], None], str, set[tuple[str, str]]]] = [
    ("emblem-8mm", small_emblem, "lt-esf-2007-2013", {("SIZE-MIN", "warn")}),
    ("stretched-2-to-1", stretched, "lt-esf-2007-2013", {("EMB-RATIO", "fail")}),
    ("eleven-stars", eleven_stars, "lt-esf-2007-2013", {("EMB-STARS", "fail")}),
    # Pure #0000FF is no form of the emblem; the nearest is the screen RGB form.
    ("wrong-blue", wrong_blue, "lt-esf-2007-2013", {("CLR-RGB", "fail")}),
    ("colour-without-border", coloured_background, "lt-esf-2007-2013",
     {("CLR-BG-BORDER", "warn")}),
    ("no-fund-reference", no_fund_reference, "lt-esf-2007-2013", {("TXT-FUND-ESF", "warn")}),
    ("es-abbreviation", abbreviated_eu, "lt-esf-2007-2013",
     {("TXT-EU", "fail"), ("TXT-EU-ABBR", "warn")}),
    ("no-cpr-statement", no_cpr_statement, "eu-2021-2027", {("TXT-CPR-STATEMENT", "fail")}),
    ("partner-logo-larger", big_partner_logo, "eu-2014-2020", {("SIZE-VS-LOGOS", "fail")}),
    ("partner-logo-larger-07", big_partner_logo, "lt-esf-2007-2013",
     {("SIZE-VS-LOGOS", "warn")}),
]
# Always present under 2007–2013 until the designer supplies the national mark's artwork.
EXPECTED_07 = {("LT-MARK-0713", "warn")}


def built_pdf(config: ProjectConfig, report: BuildReport) -> Path:
    [result] = report.results
    relative = result.job.output.relative_to("print")
    for folder in ("print", "rejected"):
        if (config.output / folder / relative).is_file():
            return config.output / folder / relative
    raise AssertionError(f"no PDF for {result.job.id}: {[str(d) for d in result.diagnostics]}")


@pytest.mark.parametrize("pack", PACK_IDS)
def test_compliant_poster_passes_every_pack(project: Path, pack: str) -> None:
    """This test ensures the sample poster, with the funding block the pack prescribes,
    has no fail-level finding under any pack, in the build and in `check`."""
    set_pack(project, pack)
    config = load_config(project)
    report = build(config, only=("*-kaunas-a3",))
    [result] = report.results
    expected = EXPECTED_07 if pack == "lt-esf-2007-2013" else set()
    assert problems(result.diagnostics) == expected
    assert result.written
    codes = {d.code for d in result.diagnostics if d.is_compliance}
    assert codes == {rule for rule in RULES if load_pack(pack).applies(rule)} - {
        "DOC-ESF-STATEMENT"}  # documents only
    outside = check_pdf(built_pdf(config, report).read_bytes(), job="x", pack=load_pack(pack))
    assert problems(outside) == expected


@pytest.mark.parametrize(("fault", "inject", "pack", "expected"), FAULTS,
                         ids=[f[0] for f in FAULTS])
def test_fault_is_found_in_build_and_in_check(project: Path, fault: str,
                                              inject: Callable[[Path], None], pack: str,
                                              expected: set[tuple[str, str]]) -> None:
    """This test ensures each publicity fault gives exactly its rule id and verdict, both
    in the build (layout + PDF) and in `build-print check` on the PDF alone."""
    if pack != "lt-esf-2007-2013":
        set_pack(project, pack)
    inject(project)
    config = load_config(project)
    report = build(config, only=("*-kaunas-a3",))
    [result] = report.results
    extra = EXPECTED_07 if pack == "lt-esf-2007-2013" else set()
    assert problems(result.diagnostics) == expected | extra, [str(d) for d in result.diagnostics]
    assert result.written == all(verdict != "fail" for _, verdict in expected)
    pdf = built_pdf(config, report)
    runner = CliRunner()
    outcome = runner.invoke(cli, ["check", "--json", "--pack", pack, str(pdf)])
    assert outcome.exit_code == (1 if any(v == "fail" for _, v in expected) else 0)
    findings = json.loads(outcome.stdout)[str(pdf)]
    assert {(f["code"], f["verdict"]) for f in findings if f["verdict"] != "pass"} == \
        expected | extra


def test_check_command_reports_position_size_and_colours(
        sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures `check` on a PDF alone reports the emblem's size, ratio, stars and
    colours, and the statements, in plain text."""
    config, _ = sample_build
    pdf = config.output / "print/posters/zmogus-ne-preke-panevezys-a2.pdf"
    outcome = CliRunner().invoke(cli, ["check", str(pdf)])
    assert outcome.exit_code == 0, outcome.stdout
    out = outcome.stdout
    assert re.search(r"pass EMB-RATIO +page 1: emblem rectangle 45\.\d × 30\.\d mm, "
                     r"ratio 1\.\d{3}", out)
    assert re.search(r"pass EMB-STARS +page 1: 12 stars", out)
    assert re.search(r"pass TXT-EU +“Europos Sąjunga” found in the text of the PDF", out)
    assert re.search(r"pass CLR-CMYK +page 1: process CMYK 100/80/0/0 and 0/0/100/0: "
                     r"field #[0-9A-F]{6}, stars #[0-9A-F]{6} \(ΔE \d+\.\d / \d+\.\d\)", out)
    assert "warn LT-MARK-0713" in out


def test_poster_a3_rule_for_the_campaign() -> None:
    """This test ensures the campaign-wide A3 poster duty (2014–2020, 2021–2027)."""
    pack = load_pack("eu-2014-2020")
    assert problems(check_campaign(pack, [("a4", (210, 297))])) == {("POSTER-A3", "fail")}
    assert problems(check_campaign(pack, [("a4", (210, 297)), ("a3", (420, 297))])) == set()
    assert check_campaign(load_pack("lt-esf-2007-2013"), [("a4", (210, 297))]) == []


@pytest.mark.parametrize(("pack", "text", "expected"), [
    ("lt-esf-2007-2013", "Laidą remia Europos Sąjunga, Europos socialinis fondas.", set()),
    ("lt-esf-2007-2013", "Laidą remia Europos Sąjungos Europos socialinio fondo lėšos.", set()),
    ("lt-esf-2007-2013", "Laidą remia Lietuvos Caritas.", {("AUD-07", "warn")}),
    ("eu-2014-2020", "Laidą remia Lietuvos Caritas.", {("AUD-14", "warn")}),
    ("eu-2021-2027", "Bendrai finansuoja Europos Sąjunga.", set()),
    ("eu-2021-2027", "Finansuoja ES.", {("AUD-21", "warn")}),
])
def test_spoken_funding_credit(pack: str, text: str, expected: set[tuple[str, str]]) -> None:
    """This test ensures the radio credit line is checked against each pack's wording."""
    findings = check_spoken(text, job="laida", pack=load_pack(pack))
    assert len(findings) == 1
    assert problems(findings) == expected


def test_layout_gives_the_emblem_its_border_on_colour(project: Path) -> None:
    """This test ensures that on a coloured background the layout picks the bordered
    emblem (on="red") and the check verifies the white H/25 border."""
    coloured_background(project)
    edit(project / "layouts" / "poster" / "poster.html.j2", 'on="paper")', 'on="red")')
    report = build(load_config(project), only=("*-kaunas-a3",))
    [result] = report.results
    border = [d for d in result.diagnostics if d.code == "CLR-BG-BORDER"]
    assert [(VERDICTS[d.severity], d.measured) for d in border] == [
        ("pass", "100% white on colour")]


def test_compliance_report_lists_every_item_and_rule(
        sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures compliance.html shows every item × rule with verdict and source,
    and report.json carries the same findings with their verdicts."""
    config, report = sample_build
    html = (config.output / "compliance.html").read_text(encoding="utf-8")
    for result in report.results:
        assert f"<h2 id='{result.job.id}'>{result.job.id}</h2>" in html
        assert f"<a href='#{result.job.id}'>{result.job.id}</a>" in html  # summary row
    details = html[html.index("</table>", html.index("id='summary'")):]
    assert details.count("<td class='v pass' data-label='išvada'>tinka</td>") == sum(
        1 for d in report.diagnostics if d.is_compliance and d.severity is Severity.INFO)
    assert "Reg. 1828/2006 Art. 9(a)" in html and "lt-esf-2007-2013" in html
    data = json.loads((config.output / "report.json").read_text(encoding="utf-8"))
    verdicts = {f["verdict"] for job in data["jobs"] for f in job["findings"] if "verdict" in f}
    assert verdicts == {"pass", "warn"}


def test_compliance_report_opens_with_what_needs_attention(
        sample_build: tuple[ProjectConfig, BuildReport]) -> None:
    """This test ensures the auditor first sees each warned or failed rule once; a finding
    every item has alike (the national mark's artwork is not supplied) is shown once in the
    campaign section, linked from there, and left out of each item's status and counts."""
    config, report = sample_build
    html = (config.output / "compliance.html").read_text(encoding="utf-8")
    attention = html[html.index("id='attention'"):html.index("id='campaign'")]
    warned = {d.job for d in report.diagnostics
              if d.code == "LT-MARK-0713" and d.severity is Severity.WARNING}
    checked = {d.job for d in report.diagnostics if d.code == "LT-MARK-0713"}
    assert warned == checked, "the sample has no national mark artwork: every item warns"
    assert len(warned) >= 40  # every print item
    row = attention[attention.index("LT-MARK-0713"):]
    row = row[:row.index("</tr>")]
    assert f"<td class='n' data-label='kiek'>{len(warned)}</td>" in row
    assert re.findall(r"href='#([^']+)'", row) == ["campaign"]
    campaign = html[html.index("id='campaign'"):html.index("id='summary'")]
    assert campaign.count("LT-MARK-0713") == 1
    items = html[html.index("id='summary'"):]
    assert "LT-MARK-0713" not in items  # in no item's section
    summary = items[:items.index("</table>")]
    assert summary.count("<tr>") == len(report.results)  # one per item (+ the header row)
    poster = next(r for r in report.results if r.job.id == "zmogus-ne-preke-kaunas-a3")
    passes = sum(1 for d in poster.diagnostics
                 if d.is_compliance and d.severity is Severity.INFO)
    row = summary[summary.rindex("<tr>", 0, summary.index(f"<a href='#{poster.job.id}'>")):]
    row = row[:row.index("</tr>")]
    assert "<td class='v pass' data-label='išvada'>tinka</td>" in row  # the item itself passes
    assert (f"<td class='n' data-label='netinka'>0</td><td class='n' data-label='peržiūrėti'>"
            f"0</td><td class='n' data-label='tinka'>{passes}</td>") in row


@pytest.mark.parametrize(("count", "words"), [
    (1, "1 gaminys"), (2, "2 gaminiai"), (9, "9 gaminiai"), (10, "10 gaminių"),
    (11, "11 gaminių"), (12, "12 gaminių"), (21, "21 gaminys"), (53, "53 gaminiai"),
    (111, "111 gaminių"), (0, "0 gaminių")])
def test_item_count_in_lithuanian(count: int, words: str) -> None:
    """This test ensures the reports' item count agrees in Lithuanian."""
    from pipeline.lithuanian import items

    assert items(count) == words
