"""Paragraph hits: where each text found stands (the versions a reader may read, the working draft for the
committee), one hit per paragraph with its history, and how the hit reads (its reference, its other editions)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from ...domain.search.matching import score
from ...domain.search.query import Query
from ...store.models import DraftParagraph, ParagraphRevision, SearchEntry, Translation, Version, VersionParagraph
from ..declaration.references import text_refs
from .scopes import Scope

DRAFT = "draft"
_CHUNK = 500


@dataclass(frozen=True, order=True)
class Place:
    number: int  # a version's number; the working draft comes after every version
    label: str
    version_id: int | None


DRAFT_PLACE = Place(2**31, DRAFT, None)


@dataclass
class ParagraphHit:
    scope: Scope
    eid: str
    score: int
    row: Row[Any]  # the best matching text
    places: list[Place] = field(default_factory=list)  # where it stands, with these words, in any edition

    @property
    def latest(self) -> Place:
        return max(p for p in self.places)


def found(tx: Session, scope: Scope, rows: Sequence[Row[Any]], query: Query, version: int | None) -> list[ParagraphHit]:
    """The paragraphs among `rows` (candidates of one process) the reader may read that hold the query, with
    where they stand; only those in version `version` (its id) when the reader narrowed to one."""
    held = _places(tx, scope, rows)
    hits: dict[str, ParagraphHit] = {}
    standing: dict[str, set[Place]] = {}
    for row in rows:
        places = held.get((row.key, row.language, row.sha))
        if not places or (version is not None and all(p.version_id != version for p in places)):
            continue
        points = score(query, row.words, row.keys, row.text, row.language)
        if not points:
            continue
        hit = hits.get(row.key)
        if hit is None:
            hit = hits[row.key] = ParagraphHit(scope, row.key, points, row)
            standing[row.key] = set(places)
        elif (points, max(places)) > (hit.score, max(standing[row.key])):
            hit.score, hit.row = points, row
        standing[row.key].update(places)
    for eid, hit in hits.items():
        hit.places = sorted(standing[eid])
    return list(hits.values())


def _places(tx: Session, scope: Scope, rows: Sequence[Row[Any]]) -> dict[tuple[str, str, str], list[Place]]:
    """Where each candidate text stands that the reader may read: (eid, language, sha) → places. A text in another
    language than the source stands where the source text it was translated from stands."""
    wanted = {(r.key, r.language, r.sha) for r in rows}
    source = scope.process.source_language
    translated: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)  # (eid, source sha) → (lang, sha)
    others = sorted({sha for _, lang, sha in wanted if lang != source})
    for start in range(0, len(others), _CHUNK):
        for eid, lang, sha, source_sha in tx.execute(
            select(Translation.eid, Translation.language, Translation.text_sha, Translation.source_sha).where(
                Translation.text_sha.in_(others[start : start + _CHUNK]), Translation.process_id + 0 == scope.process.id
            )
        ):
            if (eid, lang, sha) in wanted:
                translated[(eid, source_sha)].add((lang, sha))
    held = _standing(tx, scope, wanted | {(eid, source, sha) for eid, sha in translated})
    for (eid, source_sha), made in translated.items():
        for lang, sha in made:
            held[(eid, lang, sha)].extend(held.get((eid, source, source_sha), []))
    return held


def _standing(
    tx: Session, scope: Scope, wanted: set[tuple[str, str, str]]
) -> defaultdict[tuple[str, str, str], list[Place]]:
    """Where texts (eid, language, sha) stand as versions and the draft store them."""
    process = scope.process
    shas = sorted({sha for _, _, sha in wanted})
    held: defaultdict[tuple[str, str, str], list[Place]] = defaultdict(list)
    for start in range(0, len(shas), _CHUNK):
        part = shas[start : start + _CHUNK]
        query = (
            select(VersionParagraph.eid, VersionParagraph.language, VersionParagraph.revision_sha, Version.number)
            .add_columns(Version.label, Version.id)
            .join(Version, Version.id == VersionParagraph.version_id)
            # By the revision's index: SQLite keeps no statistics and would read the process's every row by its own
            # index ("+ 0" keeps the process's condition off the index).
            .where(VersionParagraph.revision_sha.in_(part), VersionParagraph.process_id + 0 == process.id)
        )
        if scope.published is not None:
            query = query.where(Version.id == scope.published)
        for eid, lang, sha, number, label, version_id in tx.execute(query):
            if (eid, lang, sha) in wanted:
                held[(eid, lang, sha)].append(Place(number, label, version_id))
        if scope.committee:
            for eid, sha in tx.execute(
                select(DraftParagraph.eid, DraftParagraph.revision_sha).where(
                    DraftParagraph.revision_sha.in_(part), DraftParagraph.process_id + 0 == process.id
                )
            ):
                if (eid, process.source_language, sha) in wanted:
                    held[(eid, process.source_language, sha)].append(DRAFT_PLACE)
    return held


def reading(tx: Session, hit: ParagraphHit) -> dict[str, Any]:
    """How the hit reads: its printed reference where it last stands, in the reader's language, the page that shows
    it, and its text in that version's other editions."""
    process, place, lang = hit.scope.process, hit.latest, hit.row.language
    version = tx.get(Version, place.version_id) if place.version_id is not None else None
    ref = text_refs(tx, process, version).get(hit.eid, hit.eid)
    at = urlencode({"lang": lang, "at": hit.eid})
    if hit.scope.published is not None:
        url = f"/p/{process.slug}/{lang}#{hit.eid}"
    elif version is None:
        url = f"/p/{process.slug}/declaration?{at}#{hit.eid}"
    else:
        url = f"/p/{process.slug}/declaration/versions/{version.number}?{at}#{hit.eid}"
    siblings = _editions(tx, hit, version) if version is not None else None
    return {
        "ref": ref,
        "url": url,
        "version": place.label,
        "versions": [p.label for p in hit.places if p.version_id is not None]
        + ([DRAFT] if DRAFT_PLACE in hit.places else []),
        "siblings": siblings,
    }


def _editions(tx: Session, hit: ParagraphHit, version: Version) -> dict[str, str]:
    """The paragraph in each edition of `version`: as stored with the version, else the translation made from
    exactly its source text."""
    stored = dict(
        tx.execute(
            select(VersionParagraph.language, ParagraphRevision.text)
            .join(ParagraphRevision, ParagraphRevision.sha == VersionParagraph.revision_sha)
            .where(VersionParagraph.version_id == version.id, VersionParagraph.eid == hit.eid)
        ).all()
    )
    source_sha = tx.scalar(
        select(VersionParagraph.revision_sha).where(
            VersionParagraph.version_id == version.id,
            VersionParagraph.eid == hit.eid,
            VersionParagraph.language == version.language,
        )
    )
    for lang, text in tx.execute(
        select(Translation.language, ParagraphRevision.text)
        .join(ParagraphRevision, ParagraphRevision.sha == Translation.text_sha)
        .where(
            Translation.process_id == hit.scope.process.id,
            Translation.eid == hit.eid,
            Translation.source_sha == source_sha,
        )
    ):
        stored.setdefault(lang, text)
    return stored


def referenced(tx: Session, scope: Scope, eid: str, version: Version | None) -> list[ParagraphHit]:
    """The paragraph a printed reference names, as a hit though none of its words were asked for: its text in the
    source language where it stands (the draft for the committee, else the latest version)."""
    language = scope.process.source_language
    if version is None:
        sha = tx.scalar(
            select(DraftParagraph.revision_sha).where(
                DraftParagraph.process_id == scope.process.id, DraftParagraph.eid == eid
            )
        )
        place = DRAFT_PLACE
    else:
        sha = tx.scalar(
            select(VersionParagraph.revision_sha).where(
                VersionParagraph.version_id == version.id,
                VersionParagraph.eid == eid,
                VersionParagraph.language == version.language,
            )
        )
        place, language = Place(version.number, version.label, version.id), version.language
    row = tx.execute(
        select(SearchEntry.id, SearchEntry.kind, SearchEntry.key, SearchEntry.language, SearchEntry.sha)
        .add_columns(SearchEntry.text, SearchEntry.words, SearchEntry.keys)
        .where(
            SearchEntry.process_id == scope.process.id,
            SearchEntry.kind == "paragraph",
            SearchEntry.key == eid,
            SearchEntry.language == language,
            SearchEntry.sha == sha,
        )
    ).first()
    return [ParagraphHit(scope, eid, 0, row, [place])] if row is not None else []
