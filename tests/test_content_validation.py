"""Bad content is reported as ``path:line: field.path: message``, every problem at once.

Each file of tests/corpus/ carries the exact messages it must produce in ``# expect:`` lines.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.build import load
from pipeline.config import load_config
from pipeline.errors import ContentError
from tests.conftest import copy_project

CORPUS = Path(__file__).parent / "corpus"


def expected(path: Path) -> list[str]:
    return [line.removeprefix("# expect: ").rstrip("\n")
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("# expect: ")]


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load(load_config(root))
    return [str(d) for d in caught.value.diagnostics]


@pytest.mark.parametrize("case", sorted((CORPUS / "posters").glob("*.yaml")), ids=lambda p: p.stem)
def test_bad_poster_file_reports_exact_problem(tmp_path: Path, case: Path) -> None:
    """This test ensures that each bad poster file gives exactly its expected messages."""
    root = copy_project(tmp_path / "p", posters=False)
    shutil.copy(case, root / "content" / "posters" / case.name)
    assert sorted(problems(root)) == sorted(expected(case))


@pytest.mark.parametrize("case", sorted((CORPUS / "campaign").glob("*.yaml")), ids=lambda p: p.stem)
def test_bad_campaign_file_reports_exact_problem(tmp_path: Path, case: Path) -> None:
    """This test ensures that campaign.yaml problems name file, line and field."""
    root = copy_project(tmp_path / "p")
    shutil.copy(case, root / "content" / "campaign.yaml")
    assert sorted(problems(root)) == sorted(expected(case))


def test_all_problems_of_several_files_are_reported_together(tmp_path: Path) -> None:
    """This test ensures that validation never stops at the first bad file."""
    root = copy_project(tmp_path / "p", posters=False)
    cases = [CORPUS / "posters" / name for name in
             ("01-syntax-error.yaml", "05-bad-url.yaml", "10-unknown-municipality.yaml",
              "13-unknown-colour.yaml")]
    for case in cases:
        shutil.copy(case, root / "content" / "posters" / case.name)
    shutil.copy(CORPUS / "campaign" / "01-bad-date.yaml", root / "content" / "campaign.yaml")
    want = [line for case in cases for line in expected(case)]
    # Cross-references need a valid campaign; with a broken one only the file-local
    # problems can be checked, and they all are.
    want = [w for w in want if "unknown municipality" not in w and "palette" not in w]
    want += expected(CORPUS / "campaign" / "01-bad-date.yaml")
    assert sorted(problems(root)) == sorted(want)


def test_duplicate_poster_id_is_reported(tmp_path: Path) -> None:
    """This test ensures that two files cannot claim the same poster id."""
    root = copy_project(tmp_path / "p")
    source = root / "content" / "posters" / "zmogus-ne-preke.yaml"
    shutil.copy(source, source.with_name("kopija.yaml"))
    assert problems(root) == [
        "content/posters/zmogus-ne-preke.yaml:2: id: id 'zmogus-ne-preke' is already used by "
        "content/posters/kopija.yaml"]


def test_missing_local_line_is_reported(tmp_path: Path) -> None:
    """This test ensures that every municipality a poster is built for has its local line."""
    root = copy_project(tmp_path / "p")
    path = root / "content" / "posters" / "zmogus-ne-preke.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(line for line in text.splitlines() if "siauliai:" not in line),
                    encoding="utf-8")
    assert problems(root) == [
        "content/posters/zmogus-ne-preke.yaml:15: local_lines: no local line for 'siauliai'"]


def test_sample_content_is_valid() -> None:
    """This test ensures that the shipped campaign loads without a single problem."""
    project = load(load_config(Path(__file__).resolve().parent.parent))
    assert [m.name for m in project.campaign.municipalities] == [
        "Kaunas", "Klaipėda", "Šiauliai", "Panevėžys", "Marijampolė"]
    assert project.campaign.funding.measure == "VP1-1.3-SADM-01-K"
    assert str(project.campaign.period.start) == "2013-09-20"
