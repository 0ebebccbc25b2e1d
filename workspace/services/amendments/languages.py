"""Amendments in the languages of a process, as the compilation and the disposition table show them (issue 34):
which languages a reader asked for, each amendment's renderings as kept, and the few words said of them in each.

A compilation asked for in one language of the process is that language's edition of the version, each open
amendment as its rendering there; asked for in several ("es-en-fr"), the languages side by side. What an amendment
reads as in a language where it is not rendered yet is the words it was proposed in, said so: never nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeGuard

from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.amendments.renderings import RenderingState
from ...domain.errors import N_, InvalidInput
from ...i18n import gettext, locale_scope
from ...store.models import Amendment, AmendmentRendering, Process
from ..declaration.paragraphs import texts_of
from .renderings import DONE

NOT_RENDERED = "not_rendered"
SAME = "same"  # a deletion reads the same in every language: nothing to render
WORDED = (RenderingState.ORIGINAL.value, *DONE)


def asked(lang: str | None) -> TypeGuard[str]:
    """Whether the compilation is asked for in languages: empty, as a form sends an unchosen choice, is the default."""
    return bool(lang and lang.strip())


def languages_asked(process: Process, lang: str) -> list[str]:
    """`lang` as the compilation takes it: one language of the process ("en"), or several side by side in the order
    given ("es-en-fr"; one named twice is taken once); 422 naming what is not one of them."""
    codes = [part.strip().lower() for part in lang.split("-")]
    wrong = next(
        (part for part, code in zip(lang.split("-"), codes, strict=True) if code not in process.languages), None
    )
    if wrong is not None:
        raise InvalidInput(
            N_("“{language}” is not a language of this process."),
            language=wrong.strip() or lang,
            detail={"field": "lang"},
        )
    return list(dict.fromkeys(codes))


@dataclass(frozen=True)
class Kept:
    """An amendment's rendering in a language: its state, the paragraph it was made from and its words."""

    state: str
    base: str | None
    text: str


def kept_renderings(tx: Session, rows: Sequence[Amendment]) -> dict[int, dict[str, Kept]]:
    """Each amendment's renderings by language, with their texts, in two queries."""
    if not rows:
        return {}
    found = tx.execute(
        select(
            AmendmentRendering.amendment_id,
            AmendmentRendering.lang,
            AmendmentRendering.state,
            AmendmentRendering.base_sha,
            AmendmentRendering.text_sha,
        ).where(AmendmentRendering.amendment_id.in_([r.id for r in rows]))
    ).all()
    texts = texts_of(tx, {sha for row in found for sha in (row.base_sha, row.text_sha) if sha})
    out: dict[int, dict[str, Kept]] = {}
    for amendment_id, lang, state, base_sha, text_sha in found:
        out.setdefault(amendment_id, {})[lang] = Kept(
            state, texts.get(base_sha) if base_sha else None, texts.get(text_sha, "")
        )
    return out


def said_in(lang: str, message: str) -> str:
    """`message` in `lang`, whoever asks."""
    with locale_scope(lang):
        return gettext(message)


def language_named(reader: str, code: str) -> str:
    """Language `code` as `reader`'s language names it ("inglés", "English", "anglais")."""
    with locale_scope(reader):
        return i18n.language_name(code)


def in_own_words(lang: str, source: str, origin: str, there: Kept | None) -> bool:
    """Whether an amendment reads in `lang` as its own text: `lang` is the source language, and it was proposed
    there or is rendered into it (`there`: its rendering in `lang`)."""
    return lang == source and (origin == source or (there is not None and there.state in DONE))


def worded_in(lang: str, source: str, there: Kept | None) -> bool:
    """Whether an amendment has words of its own in `lang`, another language than the source: proposed there, or
    rendered into it (`there`: its rendering in `lang`)."""
    return lang != source and there is not None and there.state in WORDED
