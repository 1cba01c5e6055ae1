"""Shared fixtures: a copy of the sample project, and one real build of it per session."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from pipeline.build import build
from pipeline.config import ProjectConfig, load_config
from pipeline.results import BuildReport

REPO = Path(__file__).resolve().parent.parent


def copy_project(target: Path, *, posters: bool = True) -> Path:
    """Copy content/, layouts/ and brand/ of the repository into ``target``."""
    for name in ("layouts", "brand", "content"):
        shutil.copytree(REPO / name, target / name)
    if not posters:
        for path in (target / "content" / "posters").glob("*.yaml"):
            path.unlink()
    return target


def one_chapter(root: Path) -> Path:
    """The sample booklet of the project at ``root`` cut to its first chapter (a short job);
    its links to the chapters removed kept as plain text. Returns the chapter's path."""
    chapters = sorted((root / "content" / "publications" / "prevencija" / "chapters")
                      .glob("*.md"))
    for path in chapters[1:]:
        path.unlink()
    text = chapters[0].read_text(encoding="utf-8")
    chapters[0].write_text(re.sub(r"\[([^\]]*)\]\(\d\d-[a-z-]+\.md\)", r"\1", text),
                           encoding="utf-8")
    return chapters[0]


def system_tool(*names: str, package: str) -> str:
    """The path of a Debian program (the first of ``names`` found) that .ci/run installs
    with ``package``: skipped without it, but under CI its absence is a failure."""
    found = next((path for path in map(shutil.which, names) if path), None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{names[0]} is not installed (apt-get install {package})")
        pytest.skip(f"{names[0]} is not installed")
    return found


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
