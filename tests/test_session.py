"""One build's session: what every job shares, made before any worker is forked. Nothing is
rendered here."""

from __future__ import annotations

from pathlib import Path

from pipeline.build import load, plan
from pipeline.config import load_config
from pipeline.render.templates import make_environment
from pipeline.session import BuildOptions, BuildSession
from tests.conftest import REPO


def test_the_rule_pack_is_loaded_before_workers_are_forked(tmp_path: Path) -> None:
    """This test ensures the campaign's rule pack is loaded when the build session is made,
    so the worker processes forked from it inherit the pack instead of each reading and
    validating it again (``Project.pack`` is loaded once per build)."""
    config = load_config(REPO, tmp_path / "output")
    project = load(config)
    assert "pack" not in vars(project)  # loading and planning do not need it
    BuildSession(project, make_environment(config.layouts), BuildOptions(jobs=2),
                 plan(project))
    assert "pack" in vars(project)
    assert project.pack.id == project.campaign.funding.rule_pack


def test_overlay_without_proofs_changes_nothing_written() -> None:
    """This test ensures asking for the proof overlay with no proofs does not rebuild
    everything (the options' key is what changes output: proofs, and the overlay on them)."""
    assert BuildOptions(proofs=False, overlay=True).key == BuildOptions(proofs=False).key
    assert BuildOptions(proofs=True, overlay=True).key != BuildOptions(proofs=True).key
    assert BuildOptions(proofs=True).key != BuildOptions(proofs=False).key
