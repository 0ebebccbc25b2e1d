"""Translation memory: approved translations of identical or similar source texts, across the
versions and processes the reader belongs to (of a working draft, only where they read it).

The candidates come from the index of source words (`store/memory_index.py`), as the in-memory
`suggest` chooses them: the entries sharing the most rare words with the asked text. Each word's list
is first counted only up to COMMON (a longer one tells entries apart poorly and costs a long read);
the rarest words are then read, up to BUDGET entries in all, and the entries sharing most of them,
among those the reader may see, are scored on their texts."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session, aliased

from ...domain.declaration.document import parse_eid, revision_id
from ...domain.errors import N_, InvalidInput
from ...domain.permissions import Action
from ...domain.translations.translation_memory import ranked, word_keys
from ...domain.translations.translations import Stored
from ...domain.values import MAX_TEXT, text_value
from ...store.models import (
    Membership,
    MemoryWord,
    ParagraphRevision,
    Process,
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
def memory(
    tx: Session, actor: Actor | None, slug: str, text: str, language: str, limit: int = 5, eid: str | None = None
) -> list[SuggestionView]:
    """Suggestions for `text` in `language`, best first. Asked for paragraph `eid` (whose source `text` is), its own
    translation made from that source is never suggested (it is in the translator's box already), and its earlier
    translations (made from an earlier source of it: an outdated paragraph's) are marked `previous`, not news."""
    process, _ = process_for(tx, slug, actor, Action.READ)
    asked = text_value(text, "text", required=True, limit=MAX_TEXT)
    code = (language or "").strip().lower()
    if code not in process.languages:
        raise InvalidInput(
            N_("“{language}” is not a language of this process."), language=language, detail={"field": "lang"}
        )
    wanted = max(1, min(limit, 20))
    own, earlier = _own(tx, process, code, parse_eid(eid) if eid else "", asked)
    pairs = _candidates(tx, actor, code, asked)
    found = [s for s in ranked(asked, pairs, limit=wanted + 1) if own is None or s.target != own]
    return [
        SuggestionView(
            source=s.source,
            text=s.target,
            similarity=round(s.similarity, 3),
            diff=list(s.diff),
            previous=(s.source, s.target) in earlier,
        )
        for s in found[:wanted]
    ]


def _own(tx: Session, process: Process, language: str, eid: str, text: str) -> tuple[str | None, set[tuple[str, str]]]:
    """Paragraph `eid`'s translation made from source `text` (None: none yet), and its translations made from its
    earlier sources, as (source, translation) pairs."""
    if not eid:
        return None, set()
    source, target = aliased(ParagraphRevision), aliased(ParagraphRevision)
    rows = tx.execute(
        select(Translation.source_sha, source.text, target.text)
        .join(source, source.sha == Translation.source_sha)
        .join(target, target.sha == Translation.text_sha)
        .where(Translation.process_id == process.id, Translation.eid == eid, Translation.language == language)
    ).all()
    sha = revision_id(text)
    own = next((r[2] for r in rows if r[0] == sha), None)
    return own, {(r[1], r[2]) for r in rows if r[0] != sha}


def _entries(tx: Session, actor: Actor | None, language: str, ids: list[int]) -> dict[int, tuple[str, str]]:
    """(source, translation) by id of the translations `ids` that are approved entries of `language` the
    reader may be suggested: of their processes, and of texts circulated there unless they read the working
    draft (an administrator: all). Read by id, the reader's rights applied here: given to the database with
    them, SQLite and PostgreSQL both chose to read every translation of the reader's processes."""
    source, target = aliased(ParagraphRevision), aliased(ParagraphRevision)
    rows = tx.execute(
        select(Translation.id, Translation.process_id, Translation.source_sha, source.text, target.text)
        .join(source, source.sha == Translation.source_sha)
        .join(target, target.sha == Translation.text_sha)
        .where(Translation.id.in_(ids), Translation.state == Stored.APPROVED.value, Translation.language == language)
    ).all()
    if actor is not None and not actor.is_admin:
        roles = dict(
            tx.execute(select(Membership.process_id, Membership.role).where(Membership.user_id == actor.id)).all()
        )
        rows = [r for r in rows if r.process_id in roles]
        only_circulated = {
            r.source_sha for r in rows if roles[r.process_id] not in {x.value for x in DRAFT_SOURCE_READERS}
        }
        circulated = (
            set(
                tx.execute(
                    select(VersionParagraph.revision_sha, Version.process_id)
                    .join(Version, Version.id == VersionParagraph.version_id)
                    .where(VersionParagraph.revision_sha.in_(only_circulated))
                ).all()
            )
            if only_circulated
            else set()
        )
        rows = [r for r in rows if r.source_sha not in only_circulated or (r.source_sha, r.process_id) in circulated]
    return {r.id: (r[3], r[4]) for r in rows}


_SHARED = (
    select(MemoryWord.translation_id, func.count())
    .where(MemoryWord.language == bindparam("language"), MemoryWord.word.in_(bindparam("rare", expanding=True)))
    .group_by(MemoryWord.translation_id)
)
"""How many of the rare words each indexed translation's source holds: read from the index alone (a join to
the translations here made PostgreSQL scan all of them)."""
READ_AT_ONCE = 200  # candidates looked up at once, the most promising first, until CANDIDATES are visible


def _rare_words(tx: Session, language: str, text: str) -> list[int]:
    """The asked text's rarest indexed words, whose lists hold at most BUDGET entries together. Each list is
    counted to COMMON + 1 at most, in one statement, but for the words found common before (a memory only
    grows: a common word stays common), which are most of a text's words."""
    common = _COMMON.setdefault((str(tx.get_bind().engine.url), language), set())
    keys = [k for k in _asked_words(text) if k not in common]
    if not keys:
        return []
    counted, values = _counting(tx, language, keys)
    sizes = sorted((n, k) for k, n in tx.execute(sql(counted), values) if n)
    if len(common) < 100_000:
        common.update(k for n, k in sizes if n > COMMON)
    return _within_budget(sizes)


def _asked_words(text: str) -> list[int]:
    """The keys of the asked text's words, of its WORDS longest ones if it has more."""
    keys = sorted(word_keys(text))
    if len(keys) > WORDS:
        longest = sorted(set(text.casefold().split()), key=len, reverse=True)
        keys = sorted(word_keys(" ".join(longest[:WORDS])))
    return keys


def _counting(tx: Session, language: str, keys: list[int]) -> tuple[str, dict[str, object]]:
    """The statement that counts each word's list to COMMON + 1 at most, and its values."""
    values: dict[str, object] = {"language": language, "cap": COMMON + 1}
    if tx.get_bind().dialect.name == "postgresql":  # one subquery planned once (a union of 50 took 15 ms to plan)
        counted = (
            "SELECT w, (SELECT count(*) FROM (SELECT 1 FROM memory_words WHERE language = :language AND word = w "
            "LIMIT :cap) AS found) FROM unnest(CAST(:words AS bigint[])) AS w"
        )
        values["words"] = keys
    else:
        counted = " UNION ALL ".join(
            f"SELECT :w{n}, (SELECT count(*) FROM (SELECT 1 FROM memory_words WHERE language = :language "
            f"AND word = :w{n} LIMIT :cap) AS found)"
            for n in range(len(keys))
        )
        values |= {f"w{n}": k for n, k in enumerate(keys)}
    return counted, values


def _within_budget(sizes: list[tuple[int, int]]) -> list[int]:
    """The rarest words, (list size, word) smallest first, whose lists hold at most BUDGET entries together and
    none more than COMMON."""
    chosen, total = [], 0
    for n, k in sizes:
        if n > COMMON or total + n > BUDGET:
            break
        chosen.append(k)
        total += n
    return chosen


_COMMON: dict[tuple[str, str], set[int]] = {}
"""Per database and language, the words found in more than COMMON entries."""


def _candidates(tx: Session, actor: Actor | None, language: str, text: str) -> list[tuple[str, str]]:
    """(source, translation) of the visible entries sharing the most rare words with `text`, most first."""
    # The same source first (a text of common words only, as a heading may be, has no other candidates).
    ranked = list(
        tx.scalars(
            select(Translation.id)
            .where(Translation.source_sha == revision_id(text), Translation.language == language)
            .order_by(Translation.id)
            .limit(CANDIDATES)
        )
    )
    rare = _rare_words(tx, language, text)
    if rare:
        shared = sorted(tx.execute(_SHARED, {"language": language, "rare": rare}), key=lambda row: (-row[1], row[0]))
        ranked += [i for i, _ in shared if i not in ranked]
    found: list[tuple[str, str]] = []
    for start in range(0, len(ranked), READ_AT_ONCE):
        part = ranked[start : start + READ_AT_ONCE]
        texts = _entries(tx, actor, language, part)
        found += [texts[i] for i in part if i in texts]
        if len(found) >= CANDIDATES:
            break
    return found[:CANDIDATES]
