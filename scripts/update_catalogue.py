"""Update the compliance report's message catalogue and compile it (Babel).

Extracts every message of pipeline/compliance (``msg(...)``, ``N_(...)``, ``_(...)``),
merges it into pipeline/locale/<lang>/LC_MESSAGES/build_print.po (new messages untranslated,
vanished ones dropped) and compiles build_print.mo next to it, which the package ships (a
fresh install needs no build step). Exits 1 listing the messages still untranslated.

Usage: .venv/bin/python scripts/update_catalogue.py
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "pipeline" / "compliance"
LOCALES = ROOT / "pipeline" / "locale"
DOMAIN = "build_print"
LANGUAGES = ("lt",)
KEYWORDS = {"msg": None, "N_": None, "_": None}


def template() -> Catalog:
    """Every message the compliance code marks, as a catalogue template."""
    catalog = Catalog(project="build-print", charset="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # f-strings passed as *values* are not messages
        for name, line, message, comments, _ in extract_from_dir(
                SOURCES, method_map=[("**.py", "python")], keywords=KEYWORDS):
            catalog.add(message, locations=[(f"pipeline/compliance/{name}", line)],
                        auto_comments=comments)
    return catalog


def update(language: str, pot: Catalog) -> list[str]:
    """Merge ``pot`` into the language's .po, compile the .mo; the untranslated msgids."""
    folder = LOCALES / language / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    po = folder / f"{DOMAIN}.po"
    if po.exists():
        with po.open("rb") as source:
            catalog = read_po(source, locale=language, domain=DOMAIN)
    else:
        catalog = Catalog(locale=language, domain=DOMAIN, project="build-print")
    created = catalog.creation_date
    catalog.update(pot, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    # A stable, honest header: no template placeholders, no date that changes every run.
    catalog.fuzzy = False
    catalog.creation_date = catalog.revision_date = created
    catalog.project, catalog.version = "build-print", "0.1"
    catalog.msgid_bugs_address = ""
    catalog.copyright_holder = "the build-print authors"
    catalog.last_translator = catalog.language_team = "build-print"
    catalog.header_comment = (f"# {language} messages of build-print's compliance report.\n"
                              "# Update with scripts/update_catalogue.py; translate here.")
    with po.open("wb") as target:
        write_po(target, catalog, width=100, sort_output=True, include_lineno=False)
    with (folder / f"{DOMAIN}.mo").open("wb") as target:
        write_mo(target, catalog)
    return [m.id for m in catalog if m.id and not m.string]


def main() -> int:
    """Update every language; 1 when any message is untranslated."""
    pot = template()
    missing = {language: update(language, pot) for language in LANGUAGES}
    for language, ids in missing.items():
        for msgid in ids:
            print(f"{language}: untranslated: {msgid}", file=sys.stderr)
    return 1 if any(missing.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
