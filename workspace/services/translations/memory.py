"""Translation memory: approved translations of identical or similar source texts, across the
versions and processes the reader belongs to (of a working draft, only where they read it).

The candidates come from the index of source words (`store/memory_index.py`), as the in-memory
`suggest` chooses them: the entries sharing the most rare words with the asked text. Each word's list
is first counted only up to COMMON (a longer one tells entries apart poorly and costs a long read);
the rarest words are then read, up to BUDGET entries in all, and the entries sharing most of them,
among those the reader may see, are scored on their texts."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Select, bindparam, exists, func, or_, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session, aliased

from ...domain.errors import N_, InvalidInput
from ...domain.permissions import Action
from ...domain.translation_memory import ranked, word_keys
from ...domain.translations import Stored
from ...domain.values import MAX_TEXT, text_field
from ...store.models import (
    Membership,
    MemoryWord,
    ParagraphRevision,
    Translation,
    Version,
    VersionParagraph,
)
from ..access import process_for
from ..actor import Actor
from ..declaration.sides import DRAFT_SOURCE_READERS
from ..unit import reads
from .views import SuggestionView

COMMON = 400  # entries: a word in more of them is not read…
BUDGET = 8_000  # …and the rare words' lists are read up to this many entries in all
WORDS = 64  # of a long asked text, its longest words are looked up (the rare ones, mostly)
CANDIDATES = 20  # entries scored on their texts (as `suggest` scores)


@reads
def memory(tx: Session, actor: Actor | None, slug: str, text: str, language: str, limit: int = 5) -> list[SuggestionView]:
    process, _ = process_for(tx, slug, actor, Action.READ)
    asked = text_field({"text": text}, "text", required=True, limit=MAX_TEXT)
    code = (language or "").strip().lower()
    if code not in process.languages:
        raise InvalidInput(N_("“{language}” is not a language of this process."), language=language, detail={"field": "lang"})
    pairs = _candidates(tx, actor, code, asked)
    return [SuggestionView(source=s.source, text=s.target, similarity=round(s.similarity, 3), diff=list(s.diff))
            for s in ranked(asked, pairs, limit=max(1, min(limit, 20)))]


@cache
def _shared(everyone: bool) -> Select[str, str]:
    """(source, translation) of the approved entries sharing the most of the words `rare` with the asked
    text, most first: of the processes of `user` and of texts circulated there, unless they read the
    working draft (`everyone`: an administrator's). Built once: its parameters are bound at each call."""
    visible = (Translation.state == Stored.APPROVED.value) & (Translation.language == bindparam("language"))
    if not everyone:
        mine = select(Membership.process_id).where(Membership.user_id == bindparam("user"))
        circulated = exists().where(VersionParagraph.revision_sha == Translation.source_sha, Version.id == VersionParagraph.version_id,
                                    Version.process_id == Translation.process_id)
        readers = [r.value for r in DRAFT_SOURCE_READERS]
        visible &= Translation.process_id.in_(mine) & or_(Translation.process_id.in_(mine.where(Membership.role.in_(readers))), circulated)
    shared = (select(MemoryWord.translation_id, func.count().label("shared"))
              .join(Translation, Translation.id == MemoryWord.translation_id)
              .where(MemoryWord.language == bindparam("language"), MemoryWord.word.in_(bindparam("rare", expanding=True)), visible)
              .group_by(MemoryWord.translation_id).order_by(func.count().desc(), MemoryWord.translation_id)
              .limit(bindparam("candidates")).subquery())
    source, target = aliased(ParagraphRevision), aliased(ParagraphRevision)
    return (select(source.text, target.text).select_from(shared)
            .join(Translation, Translation.id == shared.c.translation_id)
            .join(source, source.sha == Translation.source_sha).join(target, target.sha == Translation.text_sha)
            .order_by(shared.c.shared.desc(), shared.c.translation_id))


def _rare_words(tx: Session, language: str, text: str) -> list[int]:
    """The asked text's rarest indexed words, whose lists hold at most BUDGET entries together (at least
    the rarest one, if every word is common). Each list is counted to COMMON + 1 at most, in one statement."""
    keys = sorted(word_keys(text))
    if len(keys) > WORDS:
        longest = sorted({w for w in text.casefold().split()}, key=len, reverse=True)
        keys = sorted(word_keys(" ".join(longest[:WORDS])))
    if not keys:
        return []
    counted = " UNION ALL ".join(
        f"SELECT :w{n}, (SELECT count(*) FROM (SELECT 1 FROM memory_words WHERE language = :language AND word = :w{n} LIMIT :cap) AS found)"
        for n in range(len(keys)))
    values = {"language": language, "cap": COMMON + 1, **{f"w{n}": k for n, k in enumerate(keys)}}
    sizes = sorted((n, k) for k, n in tx.execute(sql(counted), values) if n)
    chosen, total = [], 0
    for n, k in sizes:
        if n > COMMON or total + n > BUDGET:
            break
        chosen.append(k)
        total += n
    return chosen or [k for _, k in sizes[:1]]


def _candidates(tx: Session, actor: Actor | None, language: str, text: str) -> list[tuple[str, str]]:
    """(source, translation) of the visible entries sharing the most rare words with `text`, most first."""
    rare = _rare_words(tx, language, text)
    if not rare:
        return []
    values: dict[str, object] = {"language": language, "rare": rare, "candidates": CANDIDATES}
    if actor is not None and not actor.is_admin:
        values["user"] = actor.id
    return [(row[0], row[1]) for row in tx.execute(_shared("user" not in values), values)]
