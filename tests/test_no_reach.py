"""No reach outside the project (issue #9).

Every way content or a layout can ask for a local file or a network resource is refused as an
``unsafe-url`` error naming who asked (the content file and line, an SVG from content/, or
the layout), and no socket is ever opened during a build. The hostile project is built once
for the module, with every network entry point of the socket module patched to record and
refuse.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.build import build, load
from pipeline.config import load_config
from pipeline.diagnostics import Diagnostic
from pipeline.errors import ContentError
from pipeline.results import BuildReport, JobResult
from tests.conftest import copy_project, one_chapter

PORT = 8631  # nothing listens here; a connection attempt is what the guard would record
POSTER = "content/posters/zmogus-ne-preke.yaml"
CHAPTER = "content/publications/prevencija/chapters/01-ivadas.md"
BIG_DATA_URI = "data:image/png;base64," + "A" * 600_000  # more than MAX_DATA_URI_BYTES
SAMPLE_CHAPTER = (Path(__file__).resolve().parent.parent / CHAPTER).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def socket_guard() -> Iterator[list[str]]:
    """Patch every way Python opens a network connection to record the attempt and fail."""
    attempts: list[str] = []

    def refuse(name: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise OSError(f"test: {name} is not allowed during a build")
        return call

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse("socket.connect"))
        patch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
        patch.setattr(socket, "create_connection", refuse("create_connection"))
        patch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
        yield attempts


def test_the_socket_guard_catches_a_real_fetch(socket_guard: list[str]) -> None:
    """This test ensures the guard is effective: WeasyPrint's own fetcher (what the build
    would use without the project fetcher) is stopped and recorded."""
    from weasyprint.urls import URLFetcher

    before = len(socket_guard)
    with pytest.raises(OSError):
        URLFetcher(timeout=1).fetch(f"http://127.0.0.1:{PORT}/probe.png")
    assert len(socket_guard) > before
    del socket_guard[before:]


# --- Content that names something outside: refused when the content is loaded -------------

def set_poster_image(project: Path, file: str) -> int:
    """Give the sample poster an image; the line of its ``file:`` key."""
    path = project / POSTER
    text = path.read_text(encoding="utf-8")
    text += f"image:\n  file: {json.dumps(file)}\n  alt: Nuotrauka\n"
    path.write_text(text, encoding="utf-8")
    return len(text.splitlines()) - 1


def content_errors(project: Path) -> list[Diagnostic]:
    with pytest.raises(ContentError) as caught:
        load(load_config(project))
    return caught.value.diagnostics


@pytest.mark.parametrize(("file", "message"), [
    ("file:///etc/passwd", "'file:///etc/passwd' must be a path relative to content/"),
    ("/etc/passwd", "'/etc/passwd' must be a path relative to content/"),
    ("../../etc/passwd", "'../../etc/passwd' leaves content/ ('..' is not allowed)"),
    ("images/../../layouts/base.html.j2",
     "'images/../../layouts/base.html.j2' leaves content/ ('..' is not allowed)"),
    (f"http://127.0.0.1:{PORT}/x.jpg",
     f"'http://127.0.0.1:{PORT}/x.jpg' must be a path relative to content/"),
    ("http://localhost/x.jpg", "'http://localhost/x.jpg' must be a path relative to content/"),
    ("http://[::1]/x.jpg", "'http://[::1]/x.jpg' must be a path relative to content/"),
    ("http://169.254.169.254/latest/meta-data/",
     "'http://169.254.169.254/latest/meta-data/' must be a path relative to content/"),
    ("https://www.caritas.lt/logo.jpg",
     "'https://www.caritas.lt/logo.jpg' must be a path relative to content/"),
    ("data:image/png;base64,iVBORw0KGgo=",
     "'data:image/png;base64,iVBORw0KGgo=' must be a path relative to content/"),
])
def test_content_image_outside_the_project_is_refused(project: Path, socket_guard: list[str],
                                                      file: str, message: str) -> None:
    """This test ensures an image field naming a local file, a '..' path or a URL stops the
    build before anything is rendered, with an unsafe-url error at its file, line and field."""
    line = set_poster_image(project, file)
    [found] = [d for d in content_errors(project) if d.code == "unsafe-url"]
    assert (found.source, found.line, found.field, found.message) == (
        POSTER, line, "image.file", message)
    assert socket_guard == []


def test_symlinks_out_of_content_are_refused(project: Path, tmp_path: Path) -> None:
    """This test ensures links in content/ that lead out of the project (an image, a chapter,
    a folder) are errors naming the link, and the image field using one is refused too."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "photo.jpg").write_bytes(b"not read")
    (outside / "notes.md").write_text("# Slapta\n\nSECRET-NOTES\n", encoding="utf-8")
    images = project / "content" / "images"
    (images / "link.jpg").symlink_to(outside / "photo.jpg")
    (images / "shared").symlink_to(outside, target_is_directory=True)
    chapters = project / "content" / "publications" / "prevencija" / "chapters"
    (chapters / "99-slapta.md").symlink_to(outside / "notes.md")
    line = set_poster_image(project, "images/link.jpg")
    found = [d for d in content_errors(project) if d.code == "unsafe-url"]
    assert sorted((d.source, d.line, d.field, d.message) for d in found) == sorted([
        ("content/images/link.jpg", None, None, "a link to a file outside content/ "
         f"({outside / 'photo.jpg'}): copy the file into content/ instead"),
        ("content/images/shared", None, None, "a link to a file outside content/ "
         f"({outside}): copy the file into content/ instead"),
        ("content/publications/prevencija/chapters/99-slapta.md", None, None,
         f"a link to a file outside content/ ({outside / 'notes.md'}): copy the file into "
         "content/ instead"),
        (POSTER, line, "image.file",
         f"'images/link.jpg' points outside content/ (a link to {outside / 'photo.jpg'})"),
    ])


def test_designer_links_out_of_the_project_are_refused(project: Path, tmp_path: Path) -> None:
    """This test ensures a template linked from outside layouts/ (Jinja would include it
    verbatim), a link in brand/ and a brand font folder outside brand/ (it would become a
    folder the URL fetcher may read) are refused before anything is rendered."""
    secret = tmp_path / "secret.html"
    secret.write_text("SECRET", encoding="utf-8")
    (project / "layouts" / "partials" / "notes.html.j2").symlink_to(secret)
    (project / "brand" / "logo-link.svg").symlink_to(secret)
    brand = project / "brand" / "brand.yaml"
    text = brand.read_text(encoding="utf-8")
    changed = text.replace("package: font-source-serif-pro", "folder: ../../../../../usr/share")
    assert changed != text
    brand.write_text(changed, encoding="utf-8")
    line = next(n for n, row in enumerate(changed.splitlines(), 1) if "folder: ../../" in row)
    found = [(d.source, d.line, d.message) for d in content_errors(project)
             if d.code == "unsafe-url"]
    assert sorted(found) == sorted([
        ("brand/brand.yaml", line, "'../../../../../usr/share' is outside brand/"),
        ("brand/logo-link.svg", None,
         f"a link to a file outside brand/ ({secret}): copy the file into brand/ instead"),
        ("layouts/partials/notes.html.j2", None,
         f"a link to a file outside layouts/ ({secret}): copy the file into layouts/ instead"),
    ])


# --- Layouts, SVG images and Markdown chapters: refused by the URL fetcher -----------------

HOSTILE_LAYOUT = f"""
{{% if poster.id == "zmogus-ne-preke" %}}
<style>@import url("http://127.0.0.1:{PORT}/remote.css");</style>
<style>@import url("OUTSIDE_CSS");</style>
<style>
@font-face {{ font-family: Remote; src: url("https://fonts.example.org/remote.woff2"); }}
@font-face {{ font-family: Outside; src: url("OUTSIDE_FONT"); }}
.lead {{ font-family: Remote, Outside, sans-serif; }}
</style>
<img src="file:///etc/passwd" alt="">
<img src="../../../../../../../../../../etc/group" alt="">
<img src="http://127.0.0.1:{PORT}/a.png" alt="">
<img src="http://localhost/b.png" alt="">
<img src="http://[::1]/c.png" alt="">
<img src="http://169.254.169.254/latest/meta-data/" alt="">
<img src="https://www.caritas.lt/logo.png" alt="">
<img src="{BIG_DATA_URI}" alt="">
{{% endif %}}
"""

HOSTILE_SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="400" height="300" viewBox="0 0 400 300">
  <image href="http://127.0.0.1:{PORT}/svg.png" width="10" height="10"/>
  <image xlink:href="file:///etc/passwd" width="10" height="10"/>
  <style>@import url("http://127.0.0.1:{PORT}/quoted.css");
  @font-face {{ font-family: SvgRemote; src: url("http://localhost:{PORT}/f.woff"); }}</style>
  <text font-family="SvgRemote" x="10" y="100">x</text>
  <use href="http://127.0.0.1:{PORT}/sprite.svg#icon"/>
  <rect width="400" height="300" fill="device-cmyk(0 0 0 0.2)"/>
</svg>
"""

# WeasyPrint 70 never fetches an @import inside an SVG: url("…") is skipped, and url(…) or
# a bare string makes its SVG code call a method that does not exist, so the image is left
# out, which the build reports as a bad image.
IMPORT_SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30">
<style>@import url(http://127.0.0.1:{PORT}/svg.css);</style><rect width="40" height="30"/>
</svg>
"""

XXE_SVG = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><text y="20">&secret;</text></svg>
"""

CHAPTER_IMAGES = f"""

![a](../../../../../../../../../../etc/passwd)

![b](http://127.0.0.1:{PORT}/chapter.png)

![c](https://169.254.169.254/latest/meta-data/)

![d](/etc/hosts)

![e](%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/shadow)

![f]({BIG_DATA_URI})

![g](../../images/import.svg)

![h](../../images/xxe.svg)
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory,
            socket_guard: list[str]) -> tuple[Path, BuildReport]:
    """The sample project with every hostile reference below, built (3 jobs) under the guard."""
    base = tmp_path_factory.mktemp("hostile")
    root = copy_project(base / "project")
    secret = base / "secret"
    secret.mkdir()
    (secret / "outside.css").write_text("body { background: red } /* SECRET */")
    (secret / "outside.woff2").write_bytes(b"wOF2 SECRET")
    layout = root / "layouts" / "poster" / "poster.html.j2"
    hostile_layout = HOSTILE_LAYOUT.replace("OUTSIDE_CSS", (secret / "outside.css").as_uri()) \
        .replace("OUTSIDE_FONT", (secret / "outside.woff2").as_uri())
    text = layout.read_text(encoding="utf-8")
    layout.write_text(text.replace("{% block body %}\n", "{% block body %}\n" + hostile_layout),
                      encoding="utf-8")
    images = root / "content" / "images"
    (images / "hostile.svg").write_text(HOSTILE_SVG, encoding="utf-8")
    (images / "import.svg").write_text(IMPORT_SVG, encoding="utf-8")
    (images / "xxe.svg").write_text(XXE_SVG, encoding="utf-8")
    poster = (root / POSTER).read_text(encoding="utf-8")
    (root / "content" / "posters" / "svg.yaml").write_text(
        poster.replace("id: zmogus-ne-preke", "id: svg") +
        "image:\n  file: images/hostile.svg\n  alt: Iliustracija\n", encoding="utf-8")
    one_chapter(root)  # one chapter keeps the job short
    first = root / CHAPTER
    first.write_text(first.read_text(encoding="utf-8") + CHAPTER_IMAGES, encoding="utf-8")
    report = build(load_config(root, base / "output"),
                   only=("zmogus-ne-preke-kaunas-a3", "svg-kaunas-a3", "leidinys-prevencija"))
    return secret, report


def result_of(report: BuildReport, job: str) -> JobResult:
    return next(r for r in report.results if r.job.id == job)


def refusals(result: JobResult) -> list[tuple[str, str | None, int | None, str]]:
    return sorted((d.code, d.source, d.line, d.message) for d in result.diagnostics
                  if d.code in ("unsafe-url", "bad-image"))


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.slow
def test_no_socket_is_opened_during_a_hostile_build(hostile: tuple[Path, BuildReport],
                                                    socket_guard: list[str]) -> None:
    """This test ensures that a build full of remote and local references (layouts, SVG,
    CSS @import and @font-face, Markdown) never tries to open a network connection, reports
    the refusals, and writes none of the jobs where the printer looks."""
    secret, report = hostile
    assert socket_guard == []
    assert sorted((r.job.id, r.status, r.written) for r in report.results) == [
        ("leidinys-prevencija", "fail", False), ("svg-kaunas-a3", "fail", False),
        ("zmogus-ne-preke-kaunas-a3", "fail", False)]
    # 12 from the layout, 3 from the SVG, 8 from the chapter: each is its own finding.
    assert sorted(len(refusals(r)) for r in report.results) == [3, 8, 12]
    assert not (secret.parent / "output" / "print").exists()


@pytest.mark.slow
def test_layout_references_are_refused_naming_the_layout(
        hostile: tuple[Path, BuildReport]) -> None:
    """This test ensures each outside reference of a layout (file:, '../', http to loopback,
    localhost, IPv6 loopback, cloud metadata, https, CSS @import and @font-face with a remote
    or outside URL, an oversized data: URI) is its own unsafe-url error."""
    secret, report = hostile
    layout = "layouts/poster/poster.html.j2"
    remote = "remote URLs are not allowed in print output: "
    outside = "file outside the project is not allowed: "
    by_layout = " (asked for by the layout, not the content)"
    assert refusals(result_of(report, "zmogus-ne-preke-kaunas-a3")) == sorted(
        ("unsafe-url", layout, None, message + by_layout) for message in [
            f"{remote}http://127.0.0.1:{PORT}/remote.css",
            f"{outside}{secret / 'outside.css'}",
            f"{remote}https://fonts.example.org/remote.woff2",
            f"{outside}{secret / 'outside.woff2'}",
            f"{outside}/etc/passwd",
            f"{outside}/etc/group",
            f"{remote}http://127.0.0.1:{PORT}/a.png",
            f"{remote}http://localhost/b.png",
            f"{remote}http://[::1]/c.png",
            f"{remote}http://169.254.169.254/latest/meta-data/",
            f"{remote}https://www.caritas.lt/logo.png",
            f"data: URI of {len(BIG_DATA_URI)} bytes is too large",
        ])


@pytest.mark.slow
def test_svg_references_are_refused_naming_the_svg(hostile: tuple[Path, BuildReport]) -> None:
    """This test ensures an SVG image from content/ cannot fetch through href, xlink:href or
    an @font-face: WeasyPrint asks the project fetcher, which refuses each one by the SVG's
    file and line. An external <use> and a quoted @import are never fetched at all
    (WeasyPrint ignores them; the socket guard would see it if that changed)."""
    _, report = hostile
    svg = "content/images/hostile.svg"
    by_content = " (asked for by the content)"
    assert refusals(result_of(report, "svg-kaunas-a3")) == sorted([
        ("unsafe-url", svg, line_of(HOSTILE_SVG, "svg.png"), "remote URLs are not allowed in "
         f"print output: http://127.0.0.1:{PORT}/svg.png{by_content}"),
        ("unsafe-url", svg, line_of(HOSTILE_SVG, "file:///etc/passwd"),
         f"file outside the project is not allowed: /etc/passwd{by_content}"),
        ("unsafe-url", svg, line_of(HOSTILE_SVG, "f.woff"), "remote URLs are not allowed in "
         f"print output: http://localhost:{PORT}/f.woff{by_content}"),
    ])


@pytest.mark.slow
def test_chapter_images_are_refused_naming_chapter_and_line(
        hostile: tuple[Path, BuildReport]) -> None:
    """This test ensures Markdown images pointing outside ('../' out of the project, http,
    https to the metadata address, an absolute path, a percent-encoded '..', an oversized
    data: URI) are unsafe-url errors at the chapter's line, and SVGs that WeasyPrint cannot
    load (an @import, an external entity) are bad-image errors there."""
    _, report = hostile
    by_content = " (asked for by the content)"
    lines = {name: line_of(SAMPLE_CHAPTER + CHAPTER_IMAGES, f"![{name}]") for name in "abcdefgh"}
    found = refusals(result_of(report, "leidinys-prevencija"))
    expected = [
        ("unsafe-url", lines["a"], "file outside the project is not allowed: /etc/passwd"),
        ("unsafe-url", lines["b"], "remote URLs are not allowed in print output: "
         f"http://127.0.0.1:{PORT}/chapter.png"),
        ("unsafe-url", lines["c"], "remote URLs are not allowed in print output: "
         "https://169.254.169.254/latest/meta-data/"),
        ("unsafe-url", lines["d"], "file outside the project is not allowed: /etc/hosts"),
        ("unsafe-url", lines["e"], "'..' escapes are not allowed: "),
        ("unsafe-url", lines["f"], f"data: URI of {len(BIG_DATA_URI)} bytes is too large"),
    ]
    unsafe = [(line, message) for code, _, line, message in found if code == "unsafe-url"]
    assert len(unsafe) == len(expected)
    for (line, message), (_, want_line, want) in zip(unsafe, sorted(expected), strict=True):
        assert line == want_line and message.startswith(want) and message.endswith(by_content)
    assert {source for _, source, _, _ in found} == {CHAPTER}
    bad = [(line, message) for code, _, line, message in found if code == "bad-image"]
    assert [line for line, _ in bad] == [lines["g"], lines["h"]]
    assert bad[0][1].startswith("content/images/import.svg: WeasyPrint could not load it: ")
    assert bad[1][1].startswith("content/images/xxe.svg: WeasyPrint could not load it: "
                                "ParseError: undefined entity &secret;")
