"""The job cache (``output/.cache/jobs/<id>.json``): a manifest from another format or a
damaged one costs a rebuild of that job, never the build. Nothing is rendered here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.diagnostics import warning
from pipeline.hashing import FileState
from pipeline.incremental import CACHE_FORMAT, JobCache, Manifest
from pipeline.results import JobOutcome

JOB = "zmogus-ne-preke-kaunas-a2"


def stored(output: Path) -> dict[str, object]:
    """A manifest as a build writes it, read back as plain data."""
    written = output / "print" / f"{JOB}.pdf"
    written.parent.mkdir(parents=True)
    written.write_bytes(b"%PDF-1.6\n")
    outcome = JobOutcome([warning("LT-MARK-0713", "mark not present", job=JOB)],
                         written=True, pages=1, seconds=0.25, proofs=[],
                         file=f"print/{JOB}.pdf",
                         outputs={f"print/{JOB}.pdf": FileState.of(written)})
    JobCache(output).put(JOB, Manifest("code", "job", "html", "snapshot", outcome))
    data = json.loads((output / ".cache" / "jobs" / f"{JOB}.json").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def test_a_stored_manifest_reads_back(tmp_path: Path) -> None:
    """This test ensures a manifest reads back as it was written (the control for the
    damaged ones below)."""
    stored(tmp_path)
    manifest = JobCache(tmp_path).get(JOB)
    assert manifest is not None and manifest.outcome.pages == 1
    assert manifest.outcome.diagnostics[0].code == "LT-MARK-0713"


@pytest.mark.parametrize("damage", [
    "null", "[]", "42", '"text"', "{", "",
    "old-format", "outcome-is-a-list", "inputs-is-a-list", "diagnostics-is-a-dict",
])
def test_a_damaged_manifest_is_no_manifest(tmp_path: Path, damage: str) -> None:
    """This test ensures a manifest that is not what this version writes (another format,
    cut short, or valid JSON of another shape) reads as absent, so its job is rebuilt,
    instead of ending the build with an internal error."""
    data = stored(tmp_path)
    outcome = data["outcome"]
    assert isinstance(outcome, dict)
    if damage == "old-format":
        data["format"] = CACHE_FORMAT - 1
        text = json.dumps(data)
    elif damage == "outcome-is-a-list":
        text = json.dumps({**data, "outcome": [outcome]})
    elif damage == "inputs-is-a-list":
        text = json.dumps({**data, "outcome": {**outcome, "inputs": ["a", "b"]}})
    elif damage == "diagnostics-is-a-dict":
        text = json.dumps({**data, "outcome": {**outcome, "diagnostics": {"a": 1}}})
    else:
        text = damage
    (tmp_path / ".cache" / "jobs" / f"{JOB}.json").write_text(text, encoding="utf-8")
    assert JobCache(tmp_path).get(JOB) is None
