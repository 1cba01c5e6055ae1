"""A schedule's entries are set to its list (issue 16 item 5): few events large, many fitted."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.build import build
from pipeline.config import load_config
from pipeline.diagnostics import Severity
from tests.conftest import copy_project


@pytest.mark.slow
def test_two_events_are_set_large_and_twenty_are_fitted(tmp_path: Path) -> None:
    """This test ensures Kaunas's schedule (two events) sets its entries at the largest size
    of their range, and with eighteen more events (copies of one, other ids) the same list
    holds all twenty at a smaller size, nothing overflowing."""
    root = copy_project(tmp_path / "project")
    report = build(load_config(root, tmp_path / "few"), only=("tvarkarastis-kaunas",))
    [few] = report.results
    [entries] = [f for f in few.outcome.typography.fitted if f.element == "entries"]
    assert entries.size_pt == entries.range_pt[1] == 36 and entries.fits
    source = (root / "content" / "events" / "kaunas-studentai.yaml").read_text(encoding="utf-8")
    for n in range(18):
        (root / "content" / "events" / f"kaunas-kopija-{n}.yaml").write_text(
            source.replace("id: kaunas-studentai", f"id: kaunas-kopija-{n}"), encoding="utf-8")
    report = build(load_config(root, tmp_path / "many"), only=("tvarkarastis-kaunas",))
    [many] = report.results
    [entries] = [f for f in many.outcome.typography.fitted if f.element == "entries"]
    assert entries.range_pt[0] <= entries.size_pt < 20 and entries.fits
    assert not [str(d) for d in many.diagnostics if d.severity is Severity.ERROR]
