"""Paragraph hits: where each text found stands (the versions a reader may read, the working draft for the
committee), one hit per paragraph with its history, and how the hit reads (its reference, its other editions)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Row, select, tuple_
from sqlalchemy.orm import Session

from ...domain.search.matching import score
from ...domain.search.query import Query
from ...store.models import DraftParagraph, ParagraphRevision, SearchEntry, Translation, Version, VersionParagraph
from ...store.search_index import in_versions
from ..declaration.references import text_refs
from .scopes import Scope

DRAFT = "draft"
_CHUNK = 5_000  # ids a query names at most: PostgreSQL hashes the versions' paragraphs once per query, so few and large


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
    newest: int = 0  # the number of the latest text it stands in (the working draft's: after every version)
    matched: list[Row[Any]] = field(default_factory=list)  # every text of the paragraph that holds the words
    places: list[Place] = field(default_factory=list)  # where they stand: worked out for the hits shown (`complete`)

    @property
    def latest(self) -> Place:
        return max(self.places) if self.places else Place(self.newest, "", None)


def found(tx: Session, scope: Scope, rows: Sequence[Row[Any]], query: Query, version: int | None) -> list[ParagraphHit]:
    """The paragraphs among `rows` (candidates of one process) the reader may read that hold the query, each with the
    latest text it stands in (only version `version`, its id, when the reader narrowed to one); the texts standing
    nowhere the reader may read are not scored; the rest is worked out for the hits shown."""
    newest = _newest(tx, scope, rows, version)
    hits: dict[str, ParagraphHit] = {}
    for row in rows:
        number = newest.get(row.id)
        if number is None or not (points := score(query, row.words, row.keys, row.text, row.language)):
            continue
        hit = hits.get(row.key)
        if hit is None:
            hits[row.key] = ParagraphHit(scope, row.key, points, row, number, [row])
            continue
        hit.matched.append(row)
        if (points, number) > (hit.score, hit.newest):
            hit.score, hit.row, hit.newest = points, row, number
    return list(hits.values())


def complete(tx: Session, hits: Sequence[ParagraphHit]) -> dict[tuple[int, str], dict[str, str]]:
    """Where each hit's texts stand (every place, for its history and its link), and its paragraph in that version's
    editions: for the hits shown only."""
    by_process: dict[int, list[ParagraphHit]] = defaultdict(list)
    for hit in hits:
        by_process[hit.scope.process.id].append(hit)
    editions: dict[tuple[int, str], dict[str, str]] = {}
    for group in by_process.values():
        unplaced = [hit for hit in group if not hit.places]
        if unplaced:  # one reading for the page's hits of a process
            held = _places(tx, unplaced[0].scope, [row for hit in unplaced for row in hit.matched])
            for hit in unplaced:
                hit.places = sorted({p for row in hit.matched for p in held.get((row.key, row.language, row.sha), [])})
        editions.update(_editions(tx, group))
    return editions


def _newest(tx: Session, scope: Scope, rows: Sequence[Row[Any]], version: int | None) -> dict[int, int]:
    """The latest place of each text (by its index row's id) that the reader may read: a version's number (or
    `version`'s only), the working draft's for the committee; texts standing nowhere they may read are left out."""
    newest: dict[int, int] = {}
    only = version if version is not None else scope.published
    if only is None:  # the latest version each text stands in, kept on its entry (store.search_index)
        newest.update((row.id, row.circulated) for row in rows if row.circulated)
    else:
        ids = [row.id for row in rows]
        for start in range(0, len(ids), _CHUNK):
            for stored in (True, False):
                found = tx.execute(in_versions(ids[start : start + _CHUNK], only, stored=stored))
                newest.update((id_, number) for id_, number in found)  # a result has keys(): not a mapping
    if scope.committee and version is None:  # standing in the working draft, kept on its entry (store.search_index)
        newest.update((row.id, DRAFT_PLACE.number) for row in rows if row.drafted)
    return newest


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


def reading(tx: Session, hit: ParagraphHit, editions: dict[tuple[int, str], dict[str, str]]) -> dict[str, Any]:
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
    siblings = editions.get((version.id, hit.eid), {}) if version is not None else None
    return {
        "ref": ref,
        "url": url,
        "version": place.label,
        "versions": [p.label for p in hit.places if p.version_id is not None]
        + ([DRAFT] if DRAFT_PLACE in hit.places else []),
        "siblings": siblings,
    }


def _editions(tx: Session, hits: Sequence[ParagraphHit]) -> dict[tuple[int, str], dict[str, str]]:
    """Each hit's paragraph in every edition of the version it last stands in, by (version id, eId): as stored with
    the version, else the translation made from exactly its source text; two queries for a page of hits."""
    pairs = {(h.latest.version_id, h.eid) for h in hits if h.latest.version_id is not None}
    if not pairs:
        return {}
    found: dict[tuple[int, str], dict[str, str]] = defaultdict(dict)
    sources: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)  # (eid, source sha) → (version, eid)
    for version_id, eid, lang, text, sha, source in tx.execute(
        select(VersionParagraph.version_id, VersionParagraph.eid, VersionParagraph.language, ParagraphRevision.text)
        .add_columns(VersionParagraph.revision_sha, Version.language)
        .join(ParagraphRevision, ParagraphRevision.sha == VersionParagraph.revision_sha)
        .join(Version, Version.id == VersionParagraph.version_id)
        .where(tuple_(VersionParagraph.version_id, VersionParagraph.eid).in_(sorted(pairs)))
    ):
        found[(version_id, eid)][lang] = text
        if lang == source:
            sources[(eid, sha)].append((version_id, eid))
    process_id = hits[0].scope.process.id
    for eid, lang, text, source_sha in tx.execute(
        select(Translation.eid, Translation.language, ParagraphRevision.text, Translation.source_sha)
        .join(ParagraphRevision, ParagraphRevision.sha == Translation.text_sha)
        .where(
            Translation.process_id == process_id, tuple_(Translation.eid, Translation.source_sha).in_(sorted(sources))
        )
    ):
        for place in sources[(eid, source_sha)]:
            found[place].setdefault(lang, text)
    return found


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
        .add_columns(SearchEntry.text, SearchEntry.words, SearchEntry.keys, SearchEntry.circulated, SearchEntry.drafted)
        .where(
            SearchEntry.process_id == scope.process.id,
            SearchEntry.kind == "paragraph",
            SearchEntry.key == eid,
            SearchEntry.language == language,
            SearchEntry.sha == sha,
        )
    ).first()
    return [ParagraphHit(scope, eid, 0, row, place.number, [row], [place])] if row is not None else []
