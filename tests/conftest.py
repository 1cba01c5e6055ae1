"""Shared fixtures: a copy of the sample project, and one real build of it per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.build import BuildReport, build
from pipeline.config import ProjectConfig, load_config

REPO = Path(__file__).resolve().parent.parent


def copy_project(target: Path, *, posters: bool = True) -> Path:
    """Copy content/, layouts/ and brand/ of the repository into ``target``."""
    for name in ("layouts", "brand", "content"):
        shutil.copytree(REPO / name, target / name)
    if not posters:
        for path in (target / "content" / "posters").glob("*.yaml"):
            path.unlink()
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of the sample project."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[ProjectConfig, BuildReport]:
    """The sample campaign built once, into a temporary output folder."""
    output = tmp_path_factory.mktemp("output")
    config = load_config(REPO, output)
    return config, build(config)
