"""Template injection (issue #9): content is data, never markup or template code.

HTML, script and Jinja syntax in a poster's headline, lead and message, a leaflet paragraph,
a radio script segment and a Markdown chapter print literally in the final PDF (its text is
extracted with pdfium); nothing is evaluated, and nothing they name is fetched.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
import yaml

from pipeline.build import build
from pipeline.config import load_config
from pipeline.results import BuildReport
from tests.conftest import copy_project, one_chapter

# Each is printed as written; the markers around the Jinja expression show that it did not
# become 49.
JINJA = "X{{ 7*7 }}Y"
LOOP = "{% for x in range(10) %}x{% endfor %}"
DUNDER = "{{ ''.__class__ }}"
HTML = "<b>bold</b> <script>alert(1)</script> <img src=file:///etc/passwd>"
PAYLOADS = (JINJA, LOOP, DUNDER, "<b>bold</b>", "<script>alert(1)</script>",
            "<img src=file:///etc/passwd>")
JOBS = ("zmogus-ne-preke-kaunas-a3", "lankstinukas-jaunimui", "radio-verbavimo-rizika",
        "leidinys-prevencija")


def edit_yaml(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def poster(data: dict[str, Any]) -> None:
    data["headline"] = JINJA
    data["lead"] = HTML
    data["message"] = f"{LOOP} {DUNDER}"


def leaflet(data: dict[str, Any]) -> None:
    data["flap"]["paragraphs"][0] = f"{JINJA} {LOOP} {DUNDER} {HTML}"


def radio(data: dict[str, Any]) -> None:
    read = next(s for s in data["segments"] if s["type"] == "read")
    read["text"] = f"{JINJA} {LOOP} {DUNDER} {HTML}"  # shorter: the show keeps its slot


# Markdown's own syntax still applies (``__`` is emphasis), so the chapter escapes it.
CHAPTER = (f"\n\n{JINJA} {LOOP} {{{{ ''.\\_\\_class\\_\\_ }}}}\n\n"
           "<b>bold</b> <script>alert(1)</script> <img src=file:///etc/passwd>\n")


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    base = tmp_path_factory.mktemp("injection")
    root = copy_project(base / "project")
    content = root / "content"
    edit_yaml(content / "posters" / "zmogus-ne-preke.yaml", poster)
    edit_yaml(content / "leaflets" / "jaunimui.yaml", leaflet)
    edit_yaml(content / "radio" / "verbavimo-rizika.yaml", radio)
    first = one_chapter(root)  # one chapter keeps the job short
    first.write_text(first.read_text(encoding="utf-8") + CHAPTER, encoding="utf-8")
    output = base / "output"
    return output, build(load_config(root, output), only=JOBS)


def pdf_text(path: Path) -> str:
    """All text of the PDF, with line-end hyphens and all whitespace removed.

    pdfium gives a hyphen it recognises as hyphenation (a word broken at a line end) as
    U+FFFE, without the line break after it.
    """
    pdf = pypdfium2.PdfDocument(path)
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()
    return re.sub(r"\s+", "", re.sub(r"\ufffe|[-\u00ad]\s*[\r\n]+", "", text))


@pytest.mark.slow
@pytest.mark.parametrize("job", JOBS)
def test_content_prints_literally(injected: tuple[Path, BuildReport], job: str) -> None:
    """This test ensures HTML, <script> and Jinja in content print as written in the PDF:
    {{ 7*7 }} is not 49, the loop does not run, no Python object is reached, no tag becomes
    markup, and the <img> in the text is never fetched."""
    output, report = injected
    result = next(r for r in report.results if r.job.id == job)
    assert result.written, [str(d) for d in result.diagnostics if d.severity == "error"]
    assert [d for d in result.diagnostics if d.code in ("unsafe-url", "render-template")] == []
    text = pdf_text(output / result.job.output.as_posix())
    for payload in PAYLOADS:
        assert re.sub(r"\s+", "", payload) in text, payload
    assert "X49Y" not in text
    assert "xxxxxxxxxx" not in text
    assert "<class" not in text and "bold</b>" in text
