"""Preflight on faults printers reject every day, and the command's JSON, exit codes and profiles.

The files of ``tests/cases/preflight/`` are copies of ``../shared/cases/preflight/`` (see its
README): each differs from ``control-pass.pdf`` by one fault, and each must get the verdict
the README gives, with default expectations as a printer runs it on a file made elsewhere.
"""

from __future__ import annotations

import json
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.diagnostics import Diagnostic, Severity
from pipeline.errors import ConfigError
from pipeline.preflight import CHECKS, Expectations, load_profile, profile_ids, run_preflight
from pipeline.preflight.context import Preflight
from tests.pdf_factory import box_at, page, text_at

REPO = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases" / "preflight"
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def preflight(name: str) -> list[Diagnostic]:
    """The findings of case ``name`` with default expectations."""
    return run_preflight((CASES / f"{name}.pdf").read_bytes(), Expectations(job=name))


TOP_LEFT = "mm from the trim's top-left"


def verdicts(findings: list[Diagnostic]) -> list[tuple[str, Severity]]:
    """(code, severity) of every error and warning."""
    return [(d.code, d.severity) for d in findings if d.severity is not INFO]


def test_the_cases_are_the_shared_ones() -> None:
    """This test ensures the six cases are here, byte for byte as shared when present."""
    names = sorted(p.name for p in CASES.glob("*.pdf"))
    assert names == ["control-pass.pdf", "hairlines.pdf", "inline-rgb-image-20ppi.pdf",
                     "rgb-shading.pdf", "rich-black-small-text.pdf", "tiny-text.pdf"]
    shared = REPO.parent / "shared" / "cases" / "preflight"
    for name in names if shared.is_dir() else []:
        assert (CASES / name).read_bytes() == (shared / name).read_bytes(), name


def test_control_passes() -> None:
    """This test ensures the control file has no error and no warning."""
    assert verdicts(preflight("control-pass")) == []


def test_hairlines() -> None:
    """This test ensures the 0 pt rule is an error and the 0.1 pt rule at least a warning,
    each located (the rules are 10 mm apart)."""
    findings = preflight("hairlines")
    zero = [d for d in findings if d.code == "line-hairline"]
    assert [d.severity for d in zero] == [ERROR]
    assert "line width 0 pt" in zero[0].message and "mm from the trim's top-left" in \
        zero[0].message
    thin = [d for d in findings if d.code in ("line-thin", "line-multiplate")
            and d.severity in (ERROR, WARNING)]
    assert len(thin) == 1 and "line 0.10 pt wide" in thin[0].message
    assert thin[0].measured == "0.10 pt" and thin[0].threshold == "≥ 0.25 pt"
    assert zero[0].message.split(" mm ")[0] != thin[0].message.split(" mm ")[0]


def test_rich_black_small_text() -> None:
    """This test ensures 6 pt text in C60 M40 Y40 K100 is a warning: text on four plates."""
    findings = preflight("rich-black-small-text")
    assert verdicts(findings) == [("text-multiplate", WARNING)]
    (finding,) = [d for d in findings if d.code == "text-multiplate"]
    assert "6.0 pt text on 4 plates (C60 M40 Y40 K100), below 8 pt" in finding.message


def test_rgb_shading_both_ways() -> None:
    """This test ensures the DeviceRGB shading is an RGB error both where ``sh`` paints it
    (placed at its clipping path) and where a shading pattern fills with it: two objects,
    two findings, each at its place."""
    data = (CASES / "rgb-shading.pdf").read_bytes()
    findings = run_preflight(data, Expectations(job="rgb-shading"))
    assert verdicts(findings) == [("colour-rgb", ERROR), ("colour-rgb", ERROR)]
    messages = [d.message for d in findings if d.code == "colour-rgb"]
    assert messages == [
        f"axial shading /Sh1 at 20.0, 57.0 {TOP_LEFT}: DeviceRGB colour: convert to CMYK with "
        "the output profile (GWG R0027)",
        f"axial shading /P1 (shading pattern) at 20.0, 157.0 {TOP_LEFT}: DeviceRGB colour: "
        "convert to CMYK with the output profile (GWG R0027)"]
    context = Preflight.open(data, Expectations(job="rgb-shading"))
    rgb = [m for m in context.marks if m.space.is_rgb]
    assert sorted((m.kind, "shading pattern" in m.name) for m in rgb) == [
        ("shading", False), ("shading", True)]


def test_inline_rgb_image_at_20_ppi() -> None:
    """This test ensures an inline DeviceRGB image at 20 ppi is two errors: colour and
    resolution, both naming it."""
    findings = preflight("inline-rgb-image-20ppi")
    assert sorted(verdicts(findings)) == [("colour-rgb", ERROR), ("image-resolution", ERROR)]
    for d in findings:
        if d.severity is ERROR:
            assert d.message.startswith("image inline image (40 × 40 px) at ")
    assert any("20 ppi at final size" in d.message for d in findings)


def test_tiny_text() -> None:
    """This test ensures text at 3 pt and at 2 pt is found (both: the smallest named and
    one more like it)."""
    findings = preflight("tiny-text")
    tiny = [d for d in findings if d.code == "text-tiny" and d.severity in (ERROR, WARNING)]
    assert len(tiny) == 1
    assert "2.0 pt text, below 4 pt" in tiny[0].message
    assert "(and 1 more like it on this page)" in tiny[0].message
    assert verdicts(findings) == [("text-tiny", ERROR)]


# --- build-print preflight ------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["preflight", *args], prog_name="build-print")
    return result.exit_code, result.stdout, result.stderr


K = b"0 0 0 1 k "


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """Cases and small pages: TAC 310 % (passes 320 %, not 305 %), a clean page, a file
    that is no PDF."""
    made = {"tac-310": page(b"0.8 0.7 0.6 1 k " + box_at(20, 30, 40, 40) + b" f"),
            "clean": page(K + box_at(20, 30, 40, 40) + b" f" + text_at(20, 80, 12)),
            "broken": page(K)[:300]}
    paths = {}
    for name, data in made.items():
        paths[name] = tmp_path / f"{name}.pdf"
        paths[name].write_bytes(data)
    for case in CASES.glob("*.pdf"):
        paths[case.stem] = case
    return paths


def test_json_schema(files: dict[str, Path]) -> None:
    """This test ensures every finding of `preflight --json` has a known code, a severity of
    error/warning/info, a message and the file's name as job; located findings a page."""
    code, out, _ = run("--json", *map(str, files.values()))
    assert code == 1
    data = json.loads(out)
    assert list(data) == [str(p) for p in files.values()]
    codes = set(CHECKS) | {"pdf-unreadable"}
    for name, findings in data.items():
        assert findings, name
        for finding in findings:
            assert finding["code"] in codes
            assert finding["severity"] in ("error", "warning", "info")
            assert isinstance(finding["message"], str) and finding["message"]
            assert finding["job"] == Path(name).name
            if "mm from the trim's top-left" in finding["message"]:
                assert isinstance(finding["page"], int) and finding["page"] >= 1
    assert [f["code"] for f in data[str(files["broken"])]] == ["pdf-unreadable"]


@pytest.mark.parametrize(("name", "exit_code"), [
    ("control-pass", 0), ("clean", 0), ("tac-310", 0),
    ("rich-black-small-text", 0),  # warnings only
    ("hairlines", 1), ("rgb-shading", 1), ("inline-rgb-image-20ppi", 1), ("tiny-text", 1),
    ("broken", 1),
])
def test_exit_code_is_1_iff_an_error(files: dict[str, Path], name: str, exit_code: int
                                     ) -> None:
    """This test ensures the exit code is 1 exactly when a finding is an error."""
    code, out, _ = run("--json", str(files[name]))
    assert code == exit_code
    severities = {f["severity"] for f in json.loads(out)[str(files[name])]}
    assert ("error" in severities) == (exit_code == 1)


def test_magazine_profile_changes_the_verdict(files: dict[str, Path]) -> None:
    """This test ensures `--profile gwg2015-magazine` applies its 305 % limit: TAC 310 %
    passes the campaign's 320 % and fails the magazine's."""
    code, out, _ = run(str(files["tac-310"]))
    assert code == 0 and "0 error(s), 0 warning(s)" in out
    code, out, _ = run("--profile", "gwg2015-magazine", str(files["tac-310"]))
    assert code == 1
    assert "ink-coverage     page 1: fill at 20.0, 30.0 mm from the trim's top-left: total " \
        "ink 310 % (C80 M70 Y60 K100) exceeds 305 %" in out


def test_unknown_profile_exits_2_naming_the_shipped_ones(files: dict[str, Path]) -> None:
    """This test ensures an unknown profile is a usage error: exit 2, one line naming the
    shipped profiles, nothing on stdout."""
    code, out, err = run("--profile", "nope", str(files["clean"]))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("error: no preflight profile 'nope'")
    assert "shipped profiles: campaign, gwg2015-magazine, gwg2015-sheetfed, office" in err
    assert profile_ids() == ["campaign", "gwg2015-magazine", "gwg2015-sheetfed", "office"]


def test_a_printers_profile_sets_a_severity(files: dict[str, Path], tmp_path: Path) -> None:
    """This test ensures a user profile that extends the campaign's and sets
    text-multiplate to error turns the rich-black case into an error (exit 1)."""
    profile = tmp_path / "printer.yaml"
    profile.write_text("extends: campaign\nseverity:\n  text-multiplate: error\n",
                       encoding="utf-8")
    code, out, _ = run("--json", "--profile", str(profile), str(files["rich-black-small-text"]))
    assert code == 1
    found = [(f["code"], f["severity"]) for f in json.loads(out)[
        str(files["rich-black-small-text"])] if f["severity"] != "info"]
    assert found == [("text-multiplate", "error")]


@pytest.mark.parametrize(("text", "says"), [
    ("extends: campaign\ntac_limit: 300\n", "unknown key 'tac_limit'"),
    ("extends: campaign\nink:\n  tac_limt: 300\n", "unknown key ink.tac_limt"),
    ("extends: campaign\nseverity:\n  text-multiplat: error\n",
     "unknown check code(s) text-multiplat"),
    ("extends: campaign\nseverity:\n  text-multiplate: fatal\n",
     "severity.text-multiplate: 'fatal' is not error, warning, info or off"),
    ("extends: nowhere\n", "no preflight profile 'nowhere'"),
    ("ink: [\n", "not a readable YAML profile"),
])
def test_a_profile_with_a_mistake_is_a_clear_error(files: dict[str, Path], tmp_path: Path,
                                                   text: str, says: str) -> None:
    """This test ensures a mistake in a printer's profile (a misspelt key at any level, a
    misspelt check code, a bad severity) is an error naming the file, exit 2, not ignored."""
    profile = tmp_path / "printer.yaml"
    profile.write_text(text, encoding="utf-8")
    code, out, err = run("--profile", str(profile), str(files["clean"]))
    assert (code, out) == (2, "")
    assert err.startswith("error: ") and says in err
    if "nowhere" not in says:
        assert str(profile) in err
    with pytest.raises(ConfigError, match=r"printer\.yaml|nowhere"):
        load_profile(str(profile))


def test_profile_values_reach_the_checks() -> None:
    """This test ensures the shipped profiles hold what their files say (a spot check of the
    merge: magazine extends sheet-fed, the campaign adds the printers' floors)."""
    sheetfed, magazine, campaign = (load_profile(n) for n in (
        "gwg2015-sheetfed", "gwg2015-magazine", "campaign"))
    assert (sheetfed.tac_limit, magazine.tac_limit, campaign.tac_limit) == (320, 305, 320)
    assert (magazine.text_multi_plate_pt, magazine.pages) == (9.0, 1)
    assert (sheetfed.text_min_pt, campaign.text_min_pt, campaign.text_warn_pt) == (None, 4, 5)
    assert campaign.line_min_pt == 0.25 and sheetfed.line_min_pt is None


def test_the_profiles_are_packaged() -> None:
    """This test ensures every data file (profiles included) is in the package data, so an
    installed build-print has its profiles, not only a checkout."""
    globs = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["package-data"]["pipeline"]
    data = REPO / "pipeline" / "data"
    for path in data.rglob("*.yaml"):
        relative = path.relative_to(REPO / "pipeline").as_posix()
        assert any(fnmatch(relative, g) and relative.count("/") == g.count("/")
                   for g in globs), relative


def test_a_bare_off_in_a_profile_switches_a_check_off(files: dict[str, Path],
                                                       tmp_path: Path) -> None:
    """This test ensures ``text-tiny: off`` unquoted (YAML reads it as false) switches the
    check off as the quoted "off" does, and the tiny-text case then passes."""
    profile = tmp_path / "printer.yaml"
    profile.write_text("extends: campaign\nseverity:\n  text-tiny: off\n", encoding="utf-8")
    assert load_profile(str(profile)).severity_of("text-tiny", Severity.ERROR) is None
    code, out, _ = run("--profile", str(profile), str(files["tiny-text"]))
    assert code == 0 and "text-tiny" not in out
