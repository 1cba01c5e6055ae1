"""Fuzzing the content loader and validator with Hypothesis (issue #9).

The property: whatever a content file holds, loading the project either succeeds or raises
``ContentError`` whose every diagnostic names the file and the line (and the field when the
problem is inside a field), with a message of reasonable length; never another exception,
never a traceback. The CLI, run on generated bad content, exits 2 without a traceback.

Inputs: random YAML structures dumped by PyYAML's emitter; raw random text and bytes (invalid
UTF-8, tabs, anchors and aliases, YAML punctuation); very deep nesting, alias bombs, self-
referencing aliases, duplicate keys; Unicode of every kind (combining marks, right-to-left,
NUL and control characters, astral-plane emoji, Lithuanian letters); huge values (20 kB to
5 MB) and empty ones; and, for every product kind, the sample file with a random field
replaced by a random value, deleted, misspelt, or joined by an unknown key.

The examples per test are sized for well under a minute in CI on a small machine. For a
longer local run set ``BUILD_PRINT_FUZZ_SCALE`` (e.g. ``=20``). Hypothesis keeps no example
database (``database=None``) and its other storage goes to the temporary folder, so nothing
is written into the repository; a failure prints the blob to reproduce it with
``@reproduce_failure``. The number of examples that ran and
the time taken are written to the terminal when the module finishes (and per test with
``--hypothesis-show-statistics``).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pipeline.brand import Brand, load_brand
from pipeline.build import plan
from pipeline.cli import cli
from pipeline.config import load_config
from pipeline.content.loader import load_project
from pipeline.content.yamlsource import format_field, read_yaml
from pipeline.diagnostics import Diagnostic, Severity, sort_key
from pipeline.errors import ContentError
from pipeline.formats import PrintFormat, load_formats
from pipeline.project import Project
from tests.conftest import REPO, copy_project

SCALE = max(1, int(os.environ.get("BUILD_PRINT_FUZZ_SCALE", "1")))
# Hypothesis also caches constants it finds in the code under .hypothesis/ of the current
# folder: keep that out of the checkout too.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY",
                      str(Path(tempfile.gettempdir()) / "build-print-hypothesis"))


def fuzz_settings(examples: int) -> settings:
    """Settings of one fuzz test: ``examples`` (times the scale), no deadline, no database."""
    return settings(max_examples=examples * SCALE, deadline=None, database=None,
                    print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much,
                                           HealthCheck.large_base_example])


# Where the sample file of each kind lives; a fuzzed file takes its place.
SAMPLES = {
    "campaign": "content/campaign.yaml",
    "poster": "content/posters/zmogus-ne-preke.yaml",
    "leaflet": "content/leaflets/jaunimui.yaml",
    "outdoor": "content/outdoor/zmogus-ne-preke.yaml",
    "event": "content/events/kaunas-konferencija.yaml",
    "supervision": "content/supervisions/kaunas-specialistai.yaml",
    "publication": "content/publications/prevencija/publication.yaml",
    "radio": "content/radio/pagalba-aukoms.yaml",
    "spot": "content/radio/spots/kur-kreiptis.yaml",
}
KEPT = ("content/campaign.yaml", "content/radio/spots/kur-kreiptis.yaml",
        "content/publications/prevencija/publication.yaml")
"""The lean fuzz project keeps only these content files (the show needs its spot)."""

RUNS: Counter[str] = Counter()
"""Examples run per test, reported when the module finishes."""
SECONDS: Counter[str] = Counter()


# --- the project and the property -------------------------------------------------------


@pytest.fixture(scope="module")
def lean(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Iterator[Path]:
    """A copy of the sample project with few content files, so that a load is quick."""
    root = copy_project(tmp_path_factory.mktemp("fuzz") / "project")
    for path in sorted((root / "content").rglob("*.yaml")):
        if path.relative_to(root).as_posix() not in KEPT:
            path.unlink()
    started = time.perf_counter()
    yield root
    total = time.perf_counter() - started
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        counts = ", ".join(f"{name} {count} ({SECONDS[name]:.1f} s)"
                           for name, count in sorted(RUNS.items()))
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nfuzz: {sum(RUNS.values())} examples in {total:.1f} s "
                                f"({counts})")


_BRAND: list[tuple[Brand, dict[str, PrintFormat]]] = []


def load_content(root: Path) -> Project:
    """What ``build.load`` does, with brand and format catalogue read once (they are not
    content and never change here): raise ``ContentError`` with every problem."""
    config = load_config(root)
    if not _BRAND:
        brand, problems = load_brand(config.brand, config.root)
        assert brand is not None and not problems
        _BRAND.append((brand, load_formats()))
    brand, formats = _BRAND[0]
    project, problems = load_project(config, brand, formats)
    if project is None or problems:
        raise ContentError(sorted(problems, key=sort_key))
    return project


@contextmanager
def placed(root: Path, relative: str, data: bytes) -> Iterator[Path]:
    """``data`` written at ``relative`` for the duration; the file is restored afterwards."""
    path = root / relative
    before = path.read_bytes() if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        yield path
    finally:
        if before is None:
            path.unlink()
        else:
            path.write_bytes(before)


# Problems with a whole file (it cannot be read, parsed or is too big) have no field.
FILE_LEVEL = ("yaml-", "file-", "chapter-", "content-missing", "content-extension")
MAX_MESSAGE = 600


def check(root: Path, relative: str, test: str, *,
          data: Any = None) -> list[Diagnostic] | None:
    """Load ``root``; assert the property; return the diagnostics (``None`` when valid).

    Content that loads must also expand into jobs (``plan``) without an exception. With
    ``data``, the plain data the file at ``relative`` was written from, the file was changed
    inside a field: every problem the validator reports in it must name a field, and that
    field must be one written in the file (or a field missing from a mapping written there),
    not a name made up by the validator.
    """
    started = time.perf_counter()
    try:
        project = load_content(root)
        plan(project)
        outcome = None
    except ContentError as exc:
        outcome = exc.diagnostics
        assert outcome, "ContentError without diagnostics"
        # Keys are read as text (YAML's 3: is the key '3').
        written = {format_field(tuple(part if isinstance(part, int) and not isinstance(
            get(data, path[:index]), dict) else str(part) for index, part in enumerate(path)))
            for path in all_paths(data)} | {""}
        for d in outcome:
            assert_located(d)
            if data is not None and d.source == relative and not d.code.startswith(FILE_LEVEL):
                assert d.field, f"no field: {d}"
                parent, _, name = d.field.rpartition(".")
                assert d.field in written or (parent in written and name.isidentifier()), (
                    f"{d.field!r} is not a field of the file: {d}")
    finally:
        RUNS[test] += 1
        SECONDS[test] += time.perf_counter() - started
    return outcome


def assert_located(d: Diagnostic) -> None:
    """``path:line: [field: ]message``, an error, a short message, no traceback."""
    assert d.severity is Severity.ERROR, d
    assert d.source and d.source.startswith("content/"), d
    assert isinstance(d.line, int) and d.line >= 1, d
    text = str(d)
    assert text.startswith(f"{d.source}:{d.line}: "), text
    if d.field:
        assert text.startswith(f"{d.source}:{d.line}: {d.field}: "), text
    assert d.message and "Traceback" not in text, text
    assert len(d.message) <= MAX_MESSAGE, f"message of {len(d.message)} characters: {text[:300]}"


# --- sample files and field paths --------------------------------------------------------


def sample_data(kind: str) -> Any:
    """The sample file of ``kind`` as plain data (dates as text)."""
    doc, problems = read_yaml(REPO / SAMPLES[kind], SAMPLES[kind])
    assert doc is not None and not problems
    return doc.data


def all_paths(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Every field path below the top of ``data``."""
    children: Any = (data.items() if isinstance(data, dict)
                     else enumerate(data) if isinstance(data, list) else ())
    for key, value in children:
        yield (*path, key)
        yield from all_paths(value, (*path, key))


def mapping_paths(data: Any) -> list[tuple[str | int, ...]]:
    """Paths whose last part is a key of a mapping that is not inside a list."""
    return [p for p in all_paths(data) if all(isinstance(part, str) for part in p)]


def get(data: Any, path: tuple[str | int, ...]) -> Any:
    """The value at ``path`` in ``data``."""
    for part in path:
        data = data[part]
    return data


def replaced(data: Any, path: tuple[str | int, ...], value: Any) -> Any:
    """A deep copy of ``data`` with ``value`` at ``path``."""
    changed = copy.deepcopy(data)
    get(changed, path[:-1])[path[-1]] = value
    return changed


# --- strategies -------------------------------------------------------------------------

LITHUANIAN = "ąčęėįšųūžĄČĘĖĮŠŲŪŽ„“–"
SPECIAL = (
    LITHUANIAN
    + "\u0301\u0303\u0307\u0328"  # combining marks (accents, ogonek)
    + "\u05d0\u05d1\u0627\u0644\u200f\u202e\u2066"  # Hebrew, Arabic, RLM, RLO, isolate
    + "\U0001f600\U0001f1f1\U0001f1f9\u200d\U0001f469"  # emoji, flag, ZWJ
    + "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9f\u2028\u2029\ufeff\ufffe\uffff"  # controls
    + "\t\r\n "
    + ":-?[]{}&*!|>'\"%@`#,~=<\\"  # YAML indicators
)
CHARS = st.one_of(st.sampled_from(SPECIAL), st.characters(), st.characters(codec="ascii"))
TEXT = st.text(alphabet=CHARS, max_size=40)
FIELD_NAMES = sorted({part for kind in SAMPLES for path in all_paths(sample_data(kind))
                      for part in path if isinstance(part, str)})
KEYS = st.one_of(st.sampled_from(FIELD_NAMES), TEXT, st.integers(-5, 5))
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), TEXT,
    st.dates().map(str), st.sampled_from(["", " ", "13:00", "25:61", "2014-02-30", "20140312",
                                          "all", "A2", "red", "kaunas", "https://www.caritas.lt",
                                          "http://www.caritas.lt", "https://", "yes", "~",
                                          "978-609-95612-0-0", "9786099561201", ".inf", "-1",
                                          "images/minia.jpg", "../campaign.yaml", "/etc/passwd",
                                          "music", "read", "spot", "lt-esf-2007-2013"]))
VALUES = st.recursive(SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)), max_leaves=12)


def dump(data: Any, flow: bool | None, ascii_only: bool) -> bytes:
    """``data`` as YAML from PyYAML's emitter (block, flow or mixed; escaped or raw Unicode)."""
    text = yaml.safe_dump(data, allow_unicode=not ascii_only, default_flow_style=flow,
                          sort_keys=False, width=100)
    # A lone surrogate cannot be UTF-8: the bytes become invalid UTF-8, another bad input.
    return text.encode("utf-8", "surrogatepass")


DUMPS = st.tuples(st.sampled_from([False, True, None]), st.booleans())


# --- random structures, text and bytes ----------------------------------------------------


@fuzz_settings(120)
@given(kind=st.sampled_from(sorted(SAMPLES)), data=VALUES, style=DUMPS)
def test_random_yaml_structures(lean: Path, kind: str, data: Any,
                                style: tuple[bool | None, bool]) -> None:
    """This test ensures any YAML structure in any content file loads or is reported located."""
    with placed(lean, SAMPLES[kind], dump(data, *style)):
        check(lean, SAMPLES[kind], "random structures")


YAML_LINES = st.lists(st.one_of(
    st.builds(lambda indent, key, value: f"{' ' * indent}{key}: {value}",
              st.integers(0, 6), st.sampled_from(FIELD_NAMES), TEXT),
    st.builds(lambda indent, value: f"{' ' * indent}- {value}", st.integers(0, 6), TEXT),
    st.integers(1, 6000).map(lambda digits: f"id: {'9' * digits}"),  # int() has a limit
    st.sampled_from(["a: &x [1, 2]", "b: *x", "c: &y {k: *y}", "- &z [*z]", "<<: *x",
                     "\tid: tab", "id: !!binary aGVsbG8=", "id: !foo x", "---", "...",
                     "? [a, b]\n: c", "key: |\n  literal\n   block", "key: >-\n  folded",
                     "'unclosed: x", "id: [a, {b: c]", "%YAML 1.1", "# comment", ""]),
    TEXT), max_size=12).map("\n".join)


@fuzz_settings(150)
@given(kind=st.sampled_from(sorted(SAMPLES)), text=YAML_LINES)
def test_raw_text(lean: Path, kind: str, text: str) -> None:
    """This test ensures random YAML-like text (tabs, anchors, aliases, tags, unclosed quotes,
    control characters) never escapes as an exception."""
    with placed(lean, SAMPLES[kind], text.encode("utf-8", "surrogatepass")):
        check(lean, SAMPLES[kind], "raw text")


@fuzz_settings(80)
@given(kind=st.sampled_from(sorted(SAMPLES)), prefix=st.sampled_from(
    [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"id: ", "id: Žmogus".encode("cp1257")]),
    data=st.binary(max_size=300))
def test_raw_bytes(lean: Path, kind: str, prefix: bytes, data: bytes) -> None:
    """This test ensures arbitrary bytes (invalid UTF-8, UTF-16, Windows-1257) are reported
    as such, with the line of the bad byte."""
    with placed(lean, SAMPLES[kind], prefix + data):
        problems = check(lean, SAMPLES[kind], "raw bytes")
    try:
        (prefix + data).decode("utf-8")
    except UnicodeDecodeError:
        assert problems is not None
        assert any(d.code == "file-encoding" and d.source == SAMPLES[kind] for d in problems)


# --- structures that exhaust a naive reader -----------------------------------------------


def nested(depth: int, style: str) -> str:
    """A ``title`` nested ``depth`` levels deep, in flow or block style."""
    if style == "flow-list":
        return "title: " + "[" * depth + "x" + "]" * depth + "\n"
    if style == "flow-map":
        return "title: " + "{a: " * depth + "x" + "}" * depth + "\n"
    if style == "block-list":
        return ("title:\n" + "".join(f"{'  ' * level}- \n" for level in range(depth))
                + "  " * depth + "- x\n")
    return ("title:\n" + "".join(f"{'  ' * (level + 1)}a:\n" for level in range(depth))
            + "  " * (depth + 1) + "b: x\n")


def alias_bomb(levels: int, fan: int) -> str:
    """A "billion laughs": each level a list of ``fan`` aliases of the level below."""
    lines = ["a0: &a0 [lol]"]
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * fan)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


@fuzz_settings(40)
@given(kind=st.sampled_from(sorted(SAMPLES)), depth=st.integers(1, 3000),
       style=st.sampled_from(["flow-list", "flow-map", "block-list", "block-map"]))
def test_deep_nesting(lean: Path, kind: str, depth: int, style: str) -> None:
    """This test ensures nesting of any depth is refused (or validated) without a
    RecursionError."""
    with placed(lean, SAMPLES[kind], nested(depth, style).encode()):
        problems = check(lean, SAMPLES[kind], "deep nesting")
    assert problems is not None


@fuzz_settings(40)
@given(kind=st.sampled_from(sorted(SAMPLES)), levels=st.integers(1, 12),
       fan=st.integers(2, 10), recursive=st.booleans())
def test_alias_bombs(lean: Path, kind: str, levels: int, fan: int, recursive: bool) -> None:
    """This test ensures "billion laughs" and self-referencing aliases are refused quickly."""
    text = alias_bomb(levels, fan) + ("loop: &loop [1, *loop]\n" if recursive else "")
    started = time.perf_counter()
    with placed(lean, SAMPLES[kind], text.encode()):
        problems = check(lean, SAMPLES[kind], "alias bombs")
    assert problems is not None
    assert time.perf_counter() - started < 10
    if fan ** levels > 20_000 or recursive:
        assert any(d.code == "yaml-limit" for d in problems), problems


@fuzz_settings(40)
@given(kind=st.sampled_from(sorted(SAMPLES)), data=st.data())
def test_duplicate_keys(lean: Path, kind: str, data: st.DataObject) -> None:
    """This test ensures a key written twice, at any level of mappings, is reported."""
    sample = sample_data(kind)
    path = data.draw(st.sampled_from(mapping_paths(sample)))
    lines = yaml.safe_dump(sample, allow_unicode=True, sort_keys=False, width=1000).splitlines()
    # Block style indents a nested mapping by two spaces: write the key once more before
    # its first line at that indentation.
    start = " " * 2 * (len(path) - 1) + f"{path[-1]}:"
    index = next(i for i, line in enumerate(lines) if line.startswith(start))
    lines.insert(index, f"{start} dar kartą")
    with placed(lean, SAMPLES[kind], ("\n".join(lines) + "\n").encode()):
        problems = check(lean, SAMPLES[kind], "duplicate keys")
    assert problems is not None
    assert any(d.code == "yaml-duplicate-key" for d in problems), problems


# --- Unicode and huge values in real fields -----------------------------------------------


TEXT_PATHS = {kind: [p for p in all_paths(sample_data(kind))
                     if isinstance(get(sample_data(kind), p), str)] for kind in SAMPLES}
UNICODE = st.text(alphabet=st.one_of(st.sampled_from(SPECIAL), st.characters(
    codec="utf-8", categories=["L", "M", "N", "P", "S", "Z", "C"])), min_size=0, max_size=80)


@fuzz_settings(120)
@given(kind=st.sampled_from(sorted(SAMPLES)), data=st.data(), text=UNICODE, style=DUMPS)
def test_unicode_in_text_fields(lean: Path, kind: str, data: st.DataObject, text: str,
                                style: tuple[bool | None, bool]) -> None:
    """This test ensures any Unicode in any text field loads or is reported at that field."""
    path = data.draw(st.sampled_from(TEXT_PATHS[kind]))
    changed = replaced(sample_data(kind), path, text)
    with placed(lean, SAMPLES[kind], dump(changed, *style)):
        problems = check(lean, SAMPLES[kind], "unicode", data=changed)
    if problems is not None and any(ch in text for ch in "\x00\x01\x07\x1b\x7f\ufffe"):
        assert any(d.code == "yaml-character" for d in problems), problems


@fuzz_settings(25)
@given(kind=st.sampled_from(sorted(SAMPLES)), data=st.data(),
       size=st.one_of(st.integers(20_001, 300_000), st.integers(1_000_000, 5_000_000),
                      st.just(0)),
       char=st.sampled_from(["a", "ž", "\U0001f600", " ", "\n"]))
def test_huge_and_empty_values(lean: Path, kind: str, data: st.DataObject, size: int,
                               char: str) -> None:
    """This test ensures huge values (20 kB to 5 MB) and empty ones are refused with file,
    line and field, quickly and without quoting the whole value back."""
    path = data.draw(st.sampled_from(TEXT_PATHS[kind]))
    # PyYAML's emitter is slow on megabytes: the value goes into the text as a JSON string,
    # which is a YAML double-quoted scalar.
    changed = replaced(sample_data(kind), path, "HUGE-VALUE")
    text = yaml.safe_dump(changed, allow_unicode=True, default_flow_style=False,
                          sort_keys=False, width=1000)
    content = text.replace("HUGE-VALUE", json.dumps(char * size, ensure_ascii=False)).encode()
    started = time.perf_counter()
    with placed(lean, SAMPLES[kind], content):
        problems = check(lean, SAMPLES[kind], "huge values", data=changed)
    assert time.perf_counter() - started < 10
    if len(content) > 1_048_576:
        assert problems and any(d.code == "file-too-large" for d in problems)
    elif size > 20_000:
        assert problems and any(d.code == "yaml-too-long" and d.source == SAMPLES[kind]
                                for d in problems), problems


# --- wrong values in every field of every kind --------------------------------------------

MUTATIONS = ("replace", "delete", "misspell", "add")


@fuzz_settings(300)
@given(kind=st.sampled_from(sorted(SAMPLES)), data=st.data(),
       mutation=st.sampled_from(MUTATIONS), value=VALUES, style=DUMPS)
def test_wrong_values_in_every_field(lean: Path, kind: str, data: st.DataObject,
                                     mutation: str, value: Any,
                                     style: tuple[bool | None, bool]) -> None:
    """This test ensures a sample file with one field replaced by a random value, deleted,
    misspelt, or joined by an unknown key is reported at that field (or loads)."""
    sample = sample_data(kind)
    path = data.draw(st.sampled_from(list(all_paths(sample))))
    parent = get(sample, path[:-1])
    if mutation == "replace" or not isinstance(parent, dict):
        changed = replaced(sample, path, value)
    else:
        changed = replaced(sample, path, None)
        holder = get(changed, path[:-1])
        old = holder.pop(path[-1])
        if mutation == "misspell":
            key = str(path[-1])
            typo = data.draw(st.sampled_from([key[:-1], key + "s", key.upper(),
                                              key.replace("_", "-"), key[1:] or "x"]))
            holder[typo] = get(sample, path)
        elif mutation == "add":
            holder[str(path[-1])] = old
            holder[data.draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_ąčęėįšųūž",
                                     min_size=1, max_size=12))] = value
    with placed(lean, SAMPLES[kind], dump(changed, *style)):
        check(lean, SAMPLES[kind], "wrong values", data=changed)


# --- the command line ---------------------------------------------------------------------

BAD_CONTENT = st.one_of(
    YAML_LINES.map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(min_size=1, max_size=200).map(lambda data: b"\xff" + data),
    st.integers(40, 500).map(lambda depth: nested(depth, "flow-list").encode()),
    st.integers(5, 12).map(lambda levels: alias_bomb(levels, 9).encode()),
)


@fuzz_settings(12)
@given(kind=st.sampled_from(sorted(SAMPLES)), content=BAD_CONTENT)
def test_cli_exits_2_without_traceback(lean: Path, kind: str, content: bytes) -> None:
    """This test ensures the command line reports generated bad content with exit code 2,
    the located messages and no traceback, and builds nothing."""
    output = lean.parent / "cli-output"
    with placed(lean, SAMPLES[kind], content):
        problems = check(lean, SAMPLES[kind], "cli")
        assume(problems is not None)  # valid content would start a real build
        for args in (["--project", str(lean), "--output", str(output), "--quiet"],
                     ["list", "--project", str(lean)]):
            result = CliRunner().invoke(cli, args, prog_name="build-print")
            assert result.exit_code == 2, (result.output, result.exception)
            assert "Traceback" not in result.output and "internal error" not in result.output
            for problem in problems:
                assert f"error: {problem}" in result.stderr
            assert "problem(s) in the content; nothing was built." in result.stderr
    assert not output.exists()
    shutil.rmtree(output, ignore_errors=True)
