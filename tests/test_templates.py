"""Templates: sandboxed, strict about undefined names, content printed literally."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.build import load, plan
from pipeline.config import load_config
from pipeline.errors import RenderError
from pipeline.render.templates import make_environment, render_template
from pipeline.session import template_context


def test_content_is_escaped_never_evaluated(project: Path) -> None:
    """This test ensures HTML and Jinja syntax in content print literally."""
    path = project / "content" / "posters" / "zmogus-ne-preke.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "headline: Žmogus – ne prekė", "headline: \"{{ 7*7 }} <script>x</script> {% if 1 %}\"")
    path.write_text(text, encoding="utf-8")
    config = load_config(project)
    loaded = load(config)
    job = plan(loaded, ("*-kaunas-a2",))[0]
    html = render_template(make_environment(config.layouts), job.layout,
                           template_context(job, loaded), job=job.id)
    # The no-break spaces of Lithuanian line breaking aside (linebreak.py), printed as written.
    assert "{{ 7*7 }} &lt;script&gt;x&lt;/script&gt; {% if 1 %}" in html.replace("\xa0", " ")
    assert "49" not in html.split("<body>")[1].split("</h1>")[0]


def poster_layout_error(project: Path, written: str, typo: str) -> tuple[str, int]:
    """The RenderError message of the Kaunas A2 poster once ``written`` in its layout is
    replaced by ``typo``, and the layout line the typo is on."""
    layout = project / "layouts" / "poster" / "poster.html.j2"
    text = layout.read_text(encoding="utf-8")
    assert written in text
    layout.write_text(text.replace(written, typo), encoding="utf-8")
    line = next(i for i, t in enumerate(layout.read_text(encoding="utf-8").splitlines(), 1)
                if typo in t)
    config = load_config(project)
    loaded = load(config)
    job = plan(loaded, ("*-kaunas-a2",))[0]
    with pytest.raises(RenderError) as caught:
        render_template(make_environment(config.layouts), job.layout,
                        template_context(job, loaded), job=job.id)
    return str(caught.value), line


def test_undefined_variable_names_template_and_line(project: Path) -> None:
    """This test ensures a typo in a layout is an error naming the job, file and line."""
    message, line = poster_layout_error(project, "{{ poster.message }}",
                                        "{{ poster.messag }}")
    assert message.startswith(f"zmogus-ne-preke-kaunas-a2: layouts/poster/poster.html.j2:{line}: ")
    assert "messag" in message


@pytest.mark.parametrize("typo", ["palette.blu", 'palette["blu"]'])
def test_unknown_palette_colour_names_template_and_line(project: Path, typo: str) -> None:
    """This test ensures a colour name the brand lacks, written in a layout, is an error
    naming the job, file and line (it was an internal error that ended the build)."""
    message, line = poster_layout_error(project, "{{ palette[poster.background] }}",
                                        "{{ " + typo + " }}")
    assert message.startswith(f"zmogus-ne-preke-kaunas-a2: layouts/poster/poster.html.j2:{line}: ")
    assert "blu" in message


def test_sandbox_blocks_unsafe_attribute_access(project: Path) -> None:
    """This test ensures a layout cannot reach Python internals through content objects."""
    layout = project / "layouts" / "poster" / "poster.html.j2"
    layout.write_text(layout.read_text(encoding="utf-8").replace(
        "{{ poster.message }}", "{{ poster.__class__.__mro__ }}"), encoding="utf-8")
    config = load_config(project)
    loaded = load(config)
    job = plan(loaded, ("*-kaunas-a2",))[0]
    with pytest.raises(RenderError, match="unsafe"):
        render_template(make_environment(config.layouts), job.layout,
                        template_context(job, loaded), job=job.id)
