"""docs/preflight.md cannot go stale: its table of checks and its counts follow the code."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.preflight import CHECKS, load_profile, profile_ids

DOC = Path(__file__).resolve().parent.parent / "docs" / "preflight.md"


def table() -> dict[str, list[str]]:
    """The rows of the table of checks: code → its cells after the code."""
    rows: dict[str, list[str]] = {}
    checks = DOC.read_text(encoding="utf-8").split("\n## The checks\n")[1].split("\n## ")[0]
    for line in checks.splitlines():
        match = re.match(r"\| `([a-z0-9-]+)` \|(.*)\|$", line)
        if match:
            assert match[1] not in rows, f"{match[1]} is in the table twice"
            rows[match[1]] = [cell.strip() for cell in match[2].split(" | ")]
    return rows


def test_every_check_is_in_the_table_as_registered() -> None:
    """This test ensures every registered check has its row, in report order, with its
    default severity and what it covers as the code says, and no row names a check that
    does not exist."""
    rows = table()
    assert list(rows) == list(CHECKS)
    for code, check in CHECKS.items():
        _what, severity, covers, _threshold = rows[code]
        assert (severity, covers) == (check.severity.value, check.covers), code


def test_counts_in_the_doc_are_the_registry_s() -> None:
    """This test ensures the number of checks and the GWG requirements the doc lists are
    those of ``Check.covers``."""
    text = DOC.read_text(encoding="utf-8")
    items = sorted({r for c in CHECKS.values() for r in re.findall(r"R\d{4}", c.covers)})
    match = re.search(r"\*\*(\d+) checks\*\*, covering \*\*(\d+) GWG requirements\*\* "
                      r"\(([^)]*)\)", text.replace("\n", " "))
    assert match is not None
    assert (int(match[1]), int(match[2])) == (len(CHECKS), len(items))
    assert re.findall(r"R\d{4}", match[3]) == items


def test_every_shipped_profile_is_described() -> None:
    """This test ensures the doc's table of profiles names every shipped profile."""
    text = DOC.read_text(encoding="utf-8")
    assert all(f"| `{name}`" in text for name in profile_ids())


def test_the_printer_s_profile_example_loads(tmp_path: Path) -> None:
    """This test ensures the doc's example of a printer's own profile is a valid profile
    that does what its comments say."""
    text = DOC.read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "my-printer.yaml"
    path.write_text(example, encoding="utf-8")
    profile = load_profile(str(path))
    assert (profile.tac_limit, profile.min_ppi, profile.good_ppi) == (300, 200, 300)
    assert (profile.text_min_pt, profile.text_warn_pt) == (6.0, 7.0)
    assert profile.severity_of("transparency", CHECKS["transparency"].severity) is None
    assert profile.line_min_pt == 0.25  # from campaign, which it extends
