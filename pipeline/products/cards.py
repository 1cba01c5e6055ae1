"""Social media cards of a poster's message, an event or a publication, in every format.

Not a product kind of its own: each kind that has something to post asks for its cards
(``card_jobs``) with the subject, the layout in ``layouts/social/`` and what the card says,
so a card is rebuilt exactly when its item's content, layout or partials change. Job ids
are ``social-<subject>.<format>`` (``--only 'social-*'``: every card; ``'*.story'``: every
story), files ``social/<subject>-<format>.png``, ``.jpg`` and ``.txt``: one text file per
card, because what a card says differs by format (the link card leaves the funding
statement to its caption) and a social media manager uploads a file with the text beside
it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from pipeline.content.models import Production
from pipeline.jobs import Job
from pipeline.social import EMBLEM_HOIST_PX, SocialFormat, load_social_formats

if TYPE_CHECKING:
    from pipeline.project import Project

PRODUCT = "social-card"


@dataclass(frozen=True)
class Message:
    """What a card shows and says, for its alt text and caption (Lithuanian).

    ``field``: the coloured field as the alt text names it (``raudoname fone``); ``top``:
    the texts on it, ``below``: those on the white field under it, each in reading order;
    ``link``: the URL the card shows; ``caption``: the post's text before the funding
    statement.
    """

    field: str
    top: tuple[str, ...]
    below: tuple[str, ...]
    link: str
    caption: str


COLOUR_NAMES = {"red": "raudoname", "red-dark": "tamsiai raudoname", "grey": "pilkame",
                "ink": "juodame", "warm-light": "šviesiame"}
"""How the alt text names a card's coloured field (the palette colour of its background)."""


def colour_name(colour: str) -> str:
    """The palette colour ``colour`` as the alt text names the card's field (``raudoname fone``)."""
    return f"{COLOUR_NAMES.get(colour, 'spalvotame')} fone"


def url_text(url: str) -> str:
    """A link as people read it on a card: without ``https://`` and a trailing slash."""
    return url.split("//", 1)[-1].rstrip("/")


def _quoted(texts: tuple[str, ...]) -> str:
    return ", ".join(f"„{text.rstrip('.')}“" for text in texts)


def alt_text(message: Message, card: SocialFormat, project: Project) -> str:
    """The card's alt text: what the image shows and says, in Lithuanian, top to bottom.

    The texts of the coloured and the white field in reading order, then the funding block
    as it is drawn, the logo and the link; the funding statement is not repeated word for
    word (it ends the caption).
    """
    texts = project.pack.texts
    eu = tuple(t for t in (texts.cpr_statement, texts.eu_reference, texts.fund_reference,
                           texts.ma_statement) if t)
    logo = project.brand.data.logos.get("caritas")
    below = f" Žemiau baltame fone: {_quoted(message.below)}." if message.below else ""
    statement = (", po jais – projekto finansavimo pranešimas (jo tekstas – įrašo pabaigoje)"
                 if card.statement else "")
    return (f"Viršuje {message.field} baltomis raidėmis: {_quoted(message.top)}.{below} "
            "Apačioje – Europos Sąjungos vėliava (mėlynas stačiakampis su dvylika geltonų "
            f"žvaigždžių) ir užrašai {_quoted(eu)}{statement}; dešinėje – "
            f"„{logo.name if logo else project.campaign.implementer.name}“ ženklas ir "
            f"adresas „{message.link}“.")


def card_text(message: Message, card: SocialFormat, project: Project) -> str:
    """The card's text file: its alt text, then a suggested caption.

    The caption ends with the campaign's funding statement.
    """
    statement = " ".join(project.campaign.funding.statement.split())
    return (f"Alternatyvusis tekstas (alt):\n{alt_text(message, card, project)}\n\n"
            f"Siūlomas įrašo tekstas:\n{message.caption}\n\n{statement}\n")


def card_jobs(*, subject: str, title: str, layout: str, source: str,
              context: Mapping[str, Any], variant: Mapping[str, str], message: Message,
              project: Project, production: Production | None = None) -> list[Job]:
    """One card job per format of ``social.yaml`` for ``subject``.

    ``subject``: what the cards show (a poster in a municipality, an event); laid out by
    ``layouts/social/<layout>`` with ``context``; ``message`` gives their alt text and
    caption.
    """
    from pipeline.screen import ScreenPalette  # Pillow: only when cards are planned

    brand = project.brand
    palette = ScreenPalette(brand.palette.colours, brand.profile_path)
    jobs = []
    for card in load_social_formats().values():
        name = f"{subject}-{card.id}"
        output = PurePosixPath("social") / f"{name}.png"
        jobs.append(Job(
            id=f"social-{subject}.{card.id}", product=PRODUCT,
            title=f"{title} – {card.name}", layout=f"social/{layout}",
            format=card.page_format(), source=source, output=output, pages=1,
            context={**context, "card": card, "palette": palette,
                     "card_emblem_px": EMBLEM_HOIST_PX,
                     "alt_text": alt_text(message, card, project)},
            variant={**variant, "format": card.id},
            production=production or Production(), press=False, card=card,
            text_output=(output.with_suffix(".txt"), card_text(message, card, project))))
    return jobs
