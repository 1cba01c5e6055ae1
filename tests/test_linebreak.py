"""Lithuanian line breaking (issue 16, item 3): the rules on a list of cases, the template
environment and Markdown applying them, and the lines of final PDFs keeping them."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2
import pytest
from markupsafe import Markup

from pipeline.build import build
from pipeline.config import load_config
from pipeline.linebreak import NBSP, prepare, prepare_display
from pipeline.markdown import render_chapter
from pipeline.render.templates import make_environment
from tests.conftest import REPO, copy_project

# "~" stands for U+00A0 in the expected texts.
ALL_TEXT = [
    # one-letter words never end a line
    ("eiti į namus", "eiti į~namus"),
    ("Į darbą užsienyje", "Į~darbą užsienyje"),
    ("ne prekė, o asmenybė", "ne prekė, o~asmenybė"),
    ("žada darbą, o į namus negrįžta", "žada darbą, o~į~namus negrįžta"),
    ("saugu, a ne pavojinga", "saugu, a~ne pavojinga"),
    ("(o ne kitaip)", "(o~ne kitaip)"),
    ("A. Vaitkus", "A.~Vaitkus"),
    # a one-letter word ending a clause may end a line
    ("klausti ne „ar sutiko?“, o", "klausti ne „ar sutiko?“, o"),
    ("į.", "į."),
    # numbers keep their units and abbreviations
    ("2015 m. gruodžio 26 d.", "2015~m. gruodžio 26~d."),
    ("nuo 10 val. iki 15 min.", "nuo 10~val. iki 15~min."),
    ("5 proc. dalyvių", "5~proc. dalyvių"),
    ("3 km nuo centro", "3~km nuo centro"),
    ("10 % ir 100 Eur", "10~% ir 100~Eur"),
    ("10 000 Eur", "10~000~Eur"),
    ("XX a. pradžioje", "XX~a. pradžioje"),
    ("2 mln. žmonių", "2~mln. žmonių"),
    # an abbreviation keeps its number
    ("skambink tel. 112", "skambink tel.~112"),
    ("įsakymas Nr. 5", "įsakymas Nr.~5"),
    ("tel. +370 5 123 4567", "tel.~+370~5~123~4567"),
    ("Vilniaus g. 5", "Vilniaus g.~5"),
    # a number and a word that is not its unit may part
    ("2015 metų", "2015 metų"),
    ("5 metai", "5 metai"),
    ("3 mokiniai", "3 mokiniai"),
    # no break after an opening quote, nor before a closing one
    ("„ Neleisk “", "„~Neleisk~“"),
    ("„Neleisk savęs parduoti“", "„Neleisk savęs parduoti“"),
    # a dash that opens a clause does not start a line
    ("žodis – kitas", "žodis~– kitas"),
    ("žodis — kitas", "žodis~— kitas"),
    ("žodis - kitas", "žodis~- kitas"),
    ("VP1-1.3-SADM-01-K", "VP1-1.3-SADM-01-K"),
    ("– Labas", "– Labas"),
    # two-letter words are left alone in running text
    ("darbas ir pinigai", "darbas ir pinigai"),
    # nothing else changes: line breaks typed in the content, double spaces, no spaces
    ("o\nkitas", "o\nkitas"),
    ("o  kitas", "o  kitas"),
    ("", ""),
]

DISPLAY = [
    ("Žmogus – ne prekė", "Žmogus~– ne~prekė"),
    ("Žmogus – ne prekė, o asmenybė", "Žmogus~– ne~prekė, o~asmenybė"),
    ("Kartu atpažinti ir padėti", "Kartu atpažinti ir~padėti"),
    ("Darbas užsienyje – galimybė ar spąstai?", "Darbas užsienyje~– galimybė ar~spąstai?"),
    ("su iš be už", "su~iš~be~už"),
    ("ES lėšomis", "ES~lėšomis"),
    # a short word ending a clause may end a line; so may the last word
    ("Ne, ne", "Ne, ne"),
    ("Kas tai? Ne", "Kas tai? Ne"),
    # three letters or more may end a line
    ("Kur kreiptis pagalbos", "Kur kreiptis pagalbos"),
]


def tilde(text: str) -> str:
    return text.replace("~", NBSP)


@pytest.mark.parametrize(("text", "expected"), ALL_TEXT)
def test_rules_for_all_text(text: str, expected: str) -> None:
    """This test ensures each rule of item 3 binds exactly the spaces it names."""
    assert prepare(text) == tilde(expected)
    assert len(prepare(text)) == len(text)
    assert prepare(prepare(text)) == prepare(text)


@pytest.mark.parametrize(("text", "expected"), DISPLAY)
def test_display_rule(text: str, expected: str) -> None:
    """This test ensures display text ends no line with a word of one or two letters."""
    assert prepare_display(text) == tilde(expected)


@pytest.mark.parametrize(("text", "expected"), ALL_TEXT)
def test_display_keeps_the_rules_for_all_text(text: str, expected: str) -> None:
    """This test ensures the display rule adds to the rules for all text, never undoes one."""
    prepared = prepare_display(text)
    assert all(prepared[i] == NBSP for i, c in enumerate(tilde(expected)) if c == NBSP)


def render(source: str, **context: object) -> str:
    env = make_environment(REPO / "layouts")
    return env.from_string(source).render(**context)


def test_every_printed_string_is_prepared_and_escaped() -> None:
    """This test ensures the template environment prepares content strings (finalize), keeps
    them escaped, and leaves what the pipeline marked safe as it is."""
    html = render("<p>{{ text }}</p><p>{{ safe }}</p><p>{{ title|display }}</p>",
                  text="<b>o</b> & į namus", safe=Markup("<i>o</i> į namus"),
                  title="Žmogus – ne prekė")
    assert html == tilde("<p>&lt;b&gt;o&lt;/b&gt; &amp; į~namus</p><p><i>o</i> į namus</p>"
                         "<p>Žmogus~– ne~prekė</p>")


def test_numbers_and_file_names_print_as_they_are() -> None:
    """This test ensures what is not text keeps its spaces: an image file name, numbers."""
    assert render('<img src="content/{{ file }}">{{ n }}', file="images/o a.jpg", n=3) \
        == '<img src="content/images/o a.jpg">3'


def test_dates_get_their_no_break_spaces() -> None:
    """This test ensures a filter's output (lt_date) is prepared too: 2015 m. stays whole."""
    import datetime as dt
    assert render("{{ d|lt_date }}", d=dt.date(2015, 3, 26)) == tilde("2015~m. kovo 26~d.")


def test_markdown_text_nodes_are_prepared_not_code_nor_urls() -> None:
    """This test ensures Markdown text gets the rules, across emphasis and soft line breaks,
    and code, link targets and image paths keep their spaces."""
    chapter = render_chapter(
        "# Kelias į namus\n\n"
        "Eiti į **namus** ir o\nkitas `o a` 2015\nm. [o nuoroda](https://x.lt/o_a \"o a\")."
        "[^1]\n\n## Ar ne taip\n\n![a b](img.png \"o c\")\n\n[^1]: Išnaša apie o kitus.\n",
        image_base="pub")
    html = chapter.html
    assert tilde("Eiti į~<strong>namus</strong> ir o~kitas <code>o a</code> 2015~m.") in html
    assert tilde('<a href="https://x.lt/o_a" title="o a">o~nuoroda</a>') in html
    assert tilde("<h2>Ar~ne~taip</h2>") in html
    assert tilde('alt="a b"><figcaption>o~c</figcaption>') in html
    assert tilde('<span class="footnote">Išnaša apie o~kitus.</span>') in html
    assert chapter.title == "Kelias į namus"  # the layout prepares it (display filter)


# --- final PDFs -------------------------------------------------------------------------

# Sentences dense with what must not part, set in running text of the book and the leaflet.
STRESS = ("Nuo 2015 m. gruodžio 26 d. iki 2016 m. sausio 5 d. 10 val. ir 15 min. o į a "
          "skambink tel. 112 arba Nr. 5, o 10 % ir 100 Eur bei 3 km – žodis „citata“ o "
          "į darbą a ne į vargą, o ne į skolas; 5 proc. ir 10 000 Eur, XX a. pradžioje o "
          "į namus. ")
LEAD = ("Jie žada darbą ir pinigus, o iš tiesų ne padeda: su melu ar be jo, už tave "
        "sprendžia jie.")
UNITS = r"(?:m\.|d\.|val\.|min\.|proc\.|km|%|Eur|a\.)"


def page_lines(text: str) -> list[str]:
    """The lines of a page's text as pdfium gives it: it joins the halves of a hyphenated
    word with U+FFFE (as scripts/typography_audit.py reads them)."""
    return [part for line in text.replace("\r\n", "\n").split("\n")
            for part in line.split("\ufffe")]


def lines_of(pdf: Path) -> list[list[str]]:
    """The text lines of each page of ``pdf`` (empty ones left out)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [[line for line in page_lines(page.get_textpage().get_text_range()) if line.split()]
                for page in document]
    finally:
        document.close()


def words(text: str) -> list[str]:
    return text.split()


@pytest.fixture(scope="module")
def stressed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[list[str]]]:
    """Lines of each page of a poster, a leaflet and the book built with the stress text in them."""
    root = copy_project(tmp_path_factory.mktemp("linebreak") / "project")
    chapter = root / "content" / "publications" / "prevencija" / "chapters" / "01-ivadas.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + STRESS * 6 + "\n",
                       encoding="utf-8")
    poster = root / "content" / "posters" / "zmogus-ne-preke.yaml"
    text = poster.read_text(encoding="utf-8")
    text = re.sub(r"lead: >-\n(  .*\n)+", f"lead: \"{LEAD}\"\n", text)
    poster.write_text(text, encoding="utf-8")
    output = root / "out"
    build(load_config(root, output),
          only=("zmogus-ne-preke-kaunas-a3", "lankstinukas-jaunimui", "leidinys-prevencija",
                "stendas-*"))
    found = {pdf.stem: lines_of(pdf) for folder in ("print", "rejected")
             for pdf in (output / folder).rglob("*.pdf")}
    assert {"zmogus-ne-preke-kaunas-a3", "lankstinukas-jaunimui", "leidinys-prevencija",
            "stendas-zmogus-ne-preke"} <= set(found)
    return found


@pytest.mark.slow
def test_no_line_of_any_product_ends_with_a_one_letter_word(
        stressed: dict[str, list[list[str]]]) -> None:
    """This test ensures no line of the final PDFs ends with a one-letter word (a letter-
    spaced heading cut into letters by the text extraction aside)."""
    bad = [(name, line) for name, pages in stressed.items() for lines in pages for line in lines
           if re.fullmatch(r"[^\W\d_]", line.split()[-1])]
    assert not bad


@pytest.mark.slow
def test_numbers_keep_their_units_and_abbreviations_their_numbers(
        stressed: dict[str, list[list[str]]]) -> None:
    """This test ensures "2015 m.", "10 val.", "tel. 112", "10 000" are never split, no line
    ends with an opening quote nor starts with a dash, in the stress text of the book."""
    pages = stressed["leidinys-prevencija"]
    assert sum("2015" in line for lines in pages for line in lines) >= 6  # the stress text
    for line, following in ((lines[i], lines[i + 1]) for lines in pages
                            for i in range(len(lines) - 1)):
        last, first = line.split()[-1], following.split()[0]
        assert not (re.fullmatch(r"\d+", last) and re.match(UNITS, first)), (line, following)
        assert not (re.fullmatch(r"\d+", last) and re.fullmatch(r"\d+", first)), (line, following)
        assert last not in ("tel.", "Nr.", "„"), (line, following)
        assert first not in ("–", "—"), (line, following)


@pytest.mark.slow
def test_display_lines_end_with_no_short_word(stressed: dict[str, list[list[str]]]) -> None:
    """This test ensures the lines of display text (the poster's headline and lead, the
    billboard's headline) end with no word of one or two letters: "Žmogus – ne / prekė"
    breaks as "Žmogus – / ne prekė"."""
    display = {"zmogus-ne-preke-kaunas-a3": ["Žmogus – ne prekė", LEAD],
               "stendas-zmogus-ne-preke": ["Žmogus – ne prekė"]}
    for name, texts in display.items():
        flat = [" ".join(words(text)) for text in texts]
        lines = [" ".join(words(line)) for page in stressed[name] for line in page]
        mine = [line for line in lines if line and any(line in text for text in flat)]
        assert len(mine) >= 2, (name, lines)
        for line in mine:
            assert not re.fullmatch(r"[^\W\d_]{1,2}", line.split()[-1]), (name, line)
