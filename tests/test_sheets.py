"""A layout's <style> sheets are parsed once per renderer and lay out as they did inline."""

from __future__ import annotations

from pathlib import Path

import pytest
from weasyprint import HTML

from pipeline.render.fetcher import ProjectFetcher
from pipeline.render.pdf import Renderer
from pipeline.render.sheets import split

REPO = Path(__file__).resolve().parent.parent
FONT = REPO / "brand" / "fonts" / "EBGaramond12-Regular.otf"

DOCUMENT = f"""<!doctype html><html lang="lt"><head><meta charset="utf-8"><style>
@font-face {{ font-family: 'Garamond'; src: url('{FONT.as_uri()}'); }}
@page {{ size: 100mm 80mm; bleed: 3mm; margin: 10mm; @bottom-center {{ content: counter(page); }} }}
@page :first {{ counter-reset: page 7; }}
html {{ font-family: 'Garamond'; color: device-cmyk(0 0 0 1); }}
p {{ hyphens: auto; font-size: 11pt; }}
.box p {{ color: device-cmyk(0 1 1 0); }}
</style></head><body>
<div class="box"><p>Žmogus – ne prekė: prekyba žmonėmis yra nusikaltimas.</p></div>
<style>.box p {{ color: device-cmyk(1 0 0 0); font-size: 14pt; }}</style>
<p style="font-size: 9pt">Informacija ir pagalba telefonu bei internetu, visą parą.</p>
<p>{"Pakartotinis sakinys apie prevenciją ir pagalbą nukentėjusiems. " * 40}</p>
</body></html>"""


def _inline_pdf(renderer: Renderer, html: str) -> bytes:
    """``html`` laid out by WeasyPrint with its sheets in the document (as before)."""
    fetcher = ProjectFetcher(renderer.allowed_roots)
    return bytes(HTML(string=html, base_url=renderer.base_url, url_fetcher=fetcher)
                 .render(font_config=renderer.font_config).write_pdf())


def test_a_documents_sheets_are_parsed_once_and_lay_out_as_they_did_inline() -> None:
    """This test ensures each distinct <style> text is parsed once however many layouts use
    it, that every layout still records the font file the sheet fetched (an input of the
    job), and that the pages are the same bytes as WeasyPrint makes from the sheets left in
    the document: two sheets in document order (the later one wins a tie), @page rules with
    margin boxes and a counter, @font-face and a style attribute."""
    renderer = Renderer(REPO, (REPO,))
    first = renderer.render(DOCUMENT)
    second = renderer.render(DOCUMENT)
    renderer.sheets.clear()  # a third layout parses them again: the cache is the reason
    renderer.render(DOCUMENT)
    assert len(renderer.sheets) == 2
    assert first.served == second.served == [FONT]
    assert len(first.document.pages) > 1  # the margin boxes and the counter on several
    renderer.write(second)
    assert second.pdf == _inline_pdf(renderer, DOCUMENT)


def test_layouts_that_share_a_parsed_sheet_each_report_what_parsing_it_found() -> None:
    """This test ensures a warning WeasyPrint logs while parsing a sheet (an unknown
    property) and a font URL the fetcher refuses are reported by every layout that uses the
    sheet, not only by the first one, which parsed it."""
    renderer = Renderer(REPO, (REPO,))
    html = ("<style>@font-face { font-family: X; src: url('file:///etc/passwd'); }"
            "p { colour: red; font-family: X; }</style><p>Tekstas</p>")
    for _ in range(2):
        rendered = renderer.render(html)
        assert any("colour" in message for message in rendered.warnings)
        assert [url for url, _ in rendered.refused] == ["file:///etc/passwd"]
    assert len(renderer.sheets) == 1


@pytest.mark.parametrize("html", [
    '<style media="print">p { color: red }</style><p>x</p>',
    '<link rel="stylesheet" href="a.css"><style>p { color: red }</style><p>x</p>',
    '<style>@import url(a.css); p { color: red }</style><p>x</p>',
    '<style>@counter-style x { system: cyclic; symbols: "*"; }</style><p>x</p>',
    '<style>@layer base { p { color: red } }</style><p>x</p>',
    "<style>@color-profile --x { src: url(x.icc); }</style><p>x</p>",
    '<style>p { color: red !important }</style><p style="color: blue ! important">x</p>',
    '<style>p { color: red }</style><svg><style>rect { fill: red }</style><rect/></svg>',
])
def test_a_document_whose_sheets_cannot_be_passed_in_unchanged_is_laid_out_as_it_is(
        html: str) -> None:
    """This test ensures the sheets stay in the document wherever passing them to WeasyPrint
    apart could change what they do: another sheet (<link>, media), rules a CSS object
    keeps to itself, an inline SVG's own sheet, and a style attribute's !important, which
    would lose to a passed-in sheet's !important instead of winning."""
    assert split(html) == (html, [])


def test_split_takes_every_style_element_out_in_document_order() -> None:
    body, texts = split("<head><style>a{}</style></head><body><style>b{}</style><p "
                        'style="color: red">x</p></body>')
    assert texts == ["a{}", "b{}"]
    assert body == '<head></head><body><p style="color: red">x</p></body>'
