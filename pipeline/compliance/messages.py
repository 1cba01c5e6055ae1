"""Compliance wording that can be read in Lithuanian or English: templates and their values.

A check writes ``msg("{count} stars", count=11)``: the finding keeps the English text (for
the terminal and report.json) and the template with its values, so the compliance report
can render it in the reader's language from the message catalogue (``pipeline/locale``,
see ``report_l10n``). Words passed as values (``found``, a colour form's name) are
translated too when the catalogue has them; ``N_`` marks such words for extraction.
"""

from __future__ import annotations

from typing import NamedTuple

Localised = tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]
"""(field, template, ((name, value), …)) for each text of a finding built from a template."""


def N_(text: str) -> str:
    """Mark ``text`` for the message catalogue without translating it here."""
    return text


class Message(NamedTuple):
    """A template (an English msgid with ``{name}`` fields) and its values, as text."""

    template: str
    params: tuple[tuple[str, str], ...]

    def __str__(self) -> str:
        """The English text."""
        return self.template.format(**dict(self.params))


def msg(template: str, **params: object) -> Message:
    """``template`` with ``params``, each kept as its ``str``.

    For example ``msg("{count} stars", count=12)``.
    """
    return Message(template, tuple((key, str(value)) for key, value in params.items()))


def localised(**texts: str | Message | None) -> tuple[dict[str, str | None], Localised]:
    """The English text of each of ``texts`` and the templates of those built with ``msg``."""
    plain: dict[str, str | None] = {}
    keep = []
    for name, text in texts.items():
        plain[name] = None if text is None else str(text)
        if isinstance(text, Message):
            keep.append((name, text.template, text.params))
    return plain, tuple(keep)
