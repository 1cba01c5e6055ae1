"""Mistakes real designers and volunteers make, one case file each, with the exact messages.

Every file in tests/bad_inputs/<kind>/ is a case. Its metadata is in comments: in YAML at
the top (``# place: …``, ``# expect: …``), in Markdown anywhere (``<!-- expect: … -->``):

- ``place``: where the file goes in a copy of the sample project (a sample file there is
  replaced);
- ``expect``: one message, exactly as ``build-print`` prints it after ``error:`` (line
  numbers are lines of the case file, comments included);
- ``build``: the problem is found when the product is made, not when the content is read:
  the jobs matching this pattern are built and their error-level findings compared.

Every other comment is a note on the mistake. The messages must name file and line (and the
field when the problem is inside one).
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipeline.build import build, load
from pipeline.config import load_config
from pipeline.diagnostics import Severity
from pipeline.errors import ContentError
from tests.conftest import copy_project

CASES_DIR = Path(__file__).parent / "bad_inputs"
CASES = sorted(path for path in CASES_DIR.rglob("*") if path.is_file())
KINDS = {"campaign", "poster", "leaflet", "outdoor", "event", "supervision", "publication",
         "radio", "spot"}
META = re.compile(r"^(?:# |<!-- )(place|expect|build): (.*?)(?: -->)?$")


@dataclass
class Case:
    """What a case file says about itself."""

    place: str = ""
    build: str | None = None
    expect: list[str] = field(default_factory=list)


def read_case(path: Path) -> Case:
    """The metadata of ``path`` (read leniently: some cases are deliberately not UTF-8)."""
    case = Case()
    for line in path.read_bytes().decode("utf-8", "replace").splitlines():
        match = META.match(line)
        if match is None:
            continue
        key, value = match.groups()
        if key == "expect":
            case.expect.append(value)
        else:
            setattr(case, key, value)
    return case


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_bad_input_reports_exact_messages(tmp_path: Path, path: Path) -> None:
    """This test ensures each bad input gives exactly its expected, located messages, and
    nothing else."""
    case = read_case(path)
    assert case.place.startswith("content/") and case.expect, f"{path.name}: no place/expect"
    root = copy_project(tmp_path / "project")
    target = root / case.place
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    if case.build is None:
        with pytest.raises(ContentError) as caught:
            load(load_config(root))
        found = [str(d) for d in caught.value.diagnostics]
    else:
        report = build(load_config(root, tmp_path / "output"), only=(case.build,))
        assert report.results, f"no job matches {case.build}"
        found = [str(d) for d in report.diagnostics if d.severity is Severity.ERROR]
    assert sorted(found) == sorted(case.expect)
    for message in found:
        assert re.match(r"content/\S+:\d+: ", message), message


def test_every_kind_has_bad_inputs() -> None:
    """This test ensures the corpus covers every product kind and holds at least 30 cases."""
    per_kind = Counter(path.parent.name for path in CASES)
    assert set(per_kind) == KINDS
    assert len(CASES) >= 30
