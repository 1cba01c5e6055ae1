"""The URL fetcher serves project files only; everything else is refused with a reason."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from PIL import Image

from pipeline.build import build
from pipeline.config import load_config
from pipeline.errors import ImageError, UnsafeURLError
from pipeline.render.fetcher import ProjectFetcher


@pytest.fixture
def fetcher(tmp_path: Path) -> ProjectFetcher:
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "outside.txt").write_text("secret")
    return ProjectFetcher((tmp_path / "brand",))


@pytest.mark.parametrize(("url", "message"), [
    ("https://www.caritas.lt/logo.png",
     "remote URLs are not allowed in print output: https://www.caritas.lt/logo.png"),
    ("http://127.0.0.1:8000/x.css",
     "remote URLs are not allowed in print output: http://127.0.0.1:8000/x.css"),
    ("ftp://example.org/x.png", "remote URLs are not allowed in print output: ftp://example.org/x.png"),
    ("file:///etc/passwd", "file outside the project is not allowed: /etc/passwd"),
    ("file://otherhost/etc/passwd", "file URLs on another host are not allowed: "
                                    "file://otherhost/etc/passwd"),
    ("javascript:alert(1)",
     "'javascript:' URLs are not allowed in print output: javascript:alert(1)"),
])
def test_refused_urls(fetcher: ProjectFetcher, url: str, message: str) -> None:
    """This test ensures each kind of outside resource is refused with its reason."""
    with pytest.raises(UnsafeURLError) as caught:
        fetcher.fetch(url)
    assert str(caught.value) == message
    assert fetcher.refused == [(url, message)]


def test_dot_dot_escape_is_refused(fetcher: ProjectFetcher, tmp_path: Path) -> None:
    """This test ensures a '../' path out of an allowed folder is refused before resolving."""
    url = (tmp_path / "brand").as_uri() + "/../outside.txt"
    with pytest.raises(UnsafeURLError, match=r"'\.\.' escapes are not allowed: file://"):
        fetcher.fetch(url)


def test_symlink_out_of_the_project_is_refused(fetcher: ProjectFetcher, tmp_path: Path) -> None:
    """This test ensures a symlink inside an allowed folder cannot point outside it."""
    link = tmp_path / "brand" / "link.txt"
    link.symlink_to(tmp_path / "outside.txt")
    with pytest.raises(UnsafeURLError, match="file outside the project is not allowed"):
        fetcher.fetch(link.as_uri())


def test_project_file_is_served(fetcher: ProjectFetcher, tmp_path: Path) -> None:
    """This test ensures files inside the allowed folders are served with their type."""
    response = fetcher.fetch((tmp_path / "brand" / "logo.svg").as_uri())
    assert response.content_type == "image/svg+xml"
    assert response.read().startswith(b"<svg")
    assert fetcher.refused == []


@pytest.mark.slow
def test_layout_asking_for_remote_image_fails_the_job(project: Path, tmp_path: Path) -> None:
    """This test ensures a template pulling in a remote image fails its job with a named error,
    and no PDF is written for it."""
    layout = project / "layouts" / "poster" / "poster.html.j2"
    original = layout.read_text(encoding="utf-8")
    changed = original.replace('<div class="top" data-frame="top">',
                               '<img src="https://www.caritas.lt/logo.png">'
                               '<div class="top" data-frame="top">')
    assert changed != original
    layout.write_text(changed, encoding="utf-8")
    output = tmp_path / "out"
    report = build(load_config(project, output), only=("*-kaunas-a3",))
    [result] = report.results
    assert not result.written and result.status == "fail"
    assert [str(d) for d in result.diagnostics if d.code == "unsafe-url"] == [
        "layouts/poster/poster.html.j2: zmogus-ne-preke-kaunas-a3: remote URLs are not allowed "
        "in print output: "
        "https://www.caritas.lt/logo.png (asked for by the layout, not the content)"]
    assert not (output / "print").exists()


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_inline_image_is_decoded_strictly(fetcher: ProjectFetcher, kind: str) -> None:
    """This test ensures a data: URI image is served whole and refused when cut short
    (WeasyPrint's lenient loader would print the missing part grey), with the reason."""
    buffer = io.BytesIO()
    Image.effect_noise((300, 200), 60).convert("RGB").save(buffer, kind)
    whole = buffer.getvalue()
    mime = f"image/{kind.lower()}"
    url = f"data:{mime};base64,{base64.b64encode(whole).decode()}"
    assert fetcher.fetch(url).read() == whole
    cut = f"data:{mime};base64,{base64.b64encode(whole[: len(whole) // 2]).decode()}"
    with pytest.raises(ImageError, match=f"cannot be decoded \\({kind}, 300 × 200"):
        fetcher.fetch(cut)
    assert [url for url, _ in fetcher.broken] == [cut]  # reported as a broken image
