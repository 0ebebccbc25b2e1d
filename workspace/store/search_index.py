"""Keeping the search index in step with the texts: in the transaction that writes them, before it commits.

A session's flushes say which rows of an indexed kind changed (`_heard`), and its statements which tables were
written by compare-and-set UPDATEs no flush reports (`_stated`); before the commit (`_indexed`) their texts are
indexed again: the paragraphs of the versions the transaction wrote, the working draft of a process whose draft it
wrote, the translations and positions its activity names. A paragraph's text is indexed once per place it may stand
(eId, language, revision): old texts stay, as the versions keep them; each keeps the latest version it stands in
(`circulated`) and whether it stands in the working draft (`drafted`), so that a search ranks without joining the
versions or reading the draft."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import Connection, Select, delete, event, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.orm.util import identity_key

from ..domain.search.terms import index_words
from .models import (
    Activity,
    Amendment,
    AmendmentRendering,
    Comment,
    DraftParagraph,
    ParagraphEdit,
    ParagraphRevision,
    Position,
    PositionChange,
    Process,
    Recommendation,
    SearchEntry,
    Submission,
    Thread,
    Translation,
    Version,
    VersionParagraph,
)
from .search_sources import READERS, Source, amendment_key, comment_key
from .state import StoreSession, UnitState, unit_state

PARAGRAPH = "paragraph"
_BATCH = 500
_LATEST_BATCH = 5_000  # entries whose latest version one query finds: PostgreSQL hashes the versions once a query


def write(tx: Session, process_id: int, kind: str, sources: Iterable[Source]) -> int:
    """Index `sources` of one kind (those indexed already are left as they are); how many rows were new."""
    rows = []
    for source in sources:
        words, keys = index_words(source.text, source.language)
        rows.append(
            {
                "process_id": process_id,
                "kind": kind,
                "key": source.key,
                "language": source.language,
                "sha": source.sha or _sha(source.text),
                "text": source.text,
                "words": words,
                "keys": keys,
            }
        )
    if not rows:
        return 0
    dialect = postgresql if tx.get_bind().dialect.name == "postgresql" else sqlite
    # One statement whatever the rows, sent as a batch (SQLAlchemy's "insertmanyvalues" writes the multi-row INSERTs):
    # compiled once per engine, where an INSERT with the rows in its VALUES was compiled again at each write, all of
    # its rows included: a text's indexing took two to three times as long (tests/bench/test_search_index_write_speed).
    statement = dialect.insert(SearchEntry).on_conflict_do_nothing().returning(SearchEntry.id)
    return len(tx.execute(statement, rows).all())  # rowcount: -1 for a batch on psycopg


def _paragraphs(tx: Session, process_id: int, triples: Iterable[tuple[str, str, str]]) -> int:
    """Index paragraph texts given as (eid, language, revision sha), reading the texts not yet indexed."""
    wanted = set(triples)
    wanted -= {(key, language, sha) for _, key, language, sha in _entries(tx, process_id, wanted)}
    if not wanted:
        return 0
    texts = dict(
        tx.execute(
            select(ParagraphRevision.sha, ParagraphRevision.text).where(
                ParagraphRevision.sha.in_({sha for _, _, sha in wanted})
            )
        ).all()
    )
    return write(
        tx, process_id, PARAGRAPH, (Source(eid, lang, texts[sha], sha) for eid, lang, sha in wanted if sha in texts)
    )


def _entries(tx: Session, process_id: int, texts: Collection[tuple[str, str, str]]) -> list[tuple[int, str, str, str]]:
    """The index's paragraph entries (id, eid, language, sha) of the paragraphs and languages of some texts (eid,
    language, sha): read by their eIds, the index's own order, never by an anti-join whose plan a store without fresh
    statistics gets wrong (PostgreSQL took 14 s to find the texts of a working draft of 3,000 paragraphs not yet
    indexed, right after a bulk load)."""
    ordered, languages = sorted({eid for eid, _, _ in texts}), sorted({language for _, language, _ in texts})
    found: list[tuple[int, str, str, str]] = []
    for start in range(0, len(ordered), _BATCH):
        found += [
            (id_, key, language, sha)
            for id_, key, language, sha in tx.execute(
                select(SearchEntry.id, SearchEntry.key, SearchEntry.language, SearchEntry.sha).where(
                    SearchEntry.process_id == process_id,
                    SearchEntry.kind == PARAGRAPH,
                    SearchEntry.key.in_(ordered[start : start + _BATCH]),
                    SearchEntry.language.in_(languages),
                )
            )
        ]
    return found


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def in_versions(ids: Collection[int], version_id: int | None, *, stored: bool) -> Select[int, int]:
    """(entry id, number) of the latest version each paragraph text (by its entry's id) stands in, or of version
    `version_id` only: as versions store it (`stored`), or as the translation of a version's source text."""
    found = select(SearchEntry.id, func.max(Version.number))
    if stored:
        found = found.join(
            VersionParagraph,
            (VersionParagraph.revision_sha == SearchEntry.sha)
            & (VersionParagraph.eid == SearchEntry.key)
            & (VersionParagraph.language == SearchEntry.language),
        )
    else:
        found = found.join(
            Translation,
            (Translation.text_sha == SearchEntry.sha)
            & (Translation.eid == SearchEntry.key)
            & (Translation.language == SearchEntry.language)
            & (Translation.process_id == SearchEntry.process_id),
        ).join(
            VersionParagraph,
            (VersionParagraph.revision_sha == Translation.source_sha) & (VersionParagraph.eid == SearchEntry.key),
        )
    # By the revision's index: SQLite keeps no statistics and would read the process's every row by its own index
    # ("+ 0" keeps the process's condition off it).
    found = found.join(Version, Version.id == VersionParagraph.version_id).where(
        SearchEntry.id.in_(list(ids)), VersionParagraph.process_id + 0 == SearchEntry.process_id
    )
    if not stored:
        found = found.where(VersionParagraph.language == Version.language)
    if version_id is not None:
        found = found.where(Version.id == version_id)
    return found.group_by(SearchEntry.id)


def _circulated(tx: Session, process_id: int, triples: Iterable[tuple[str, str, str]], *, editions: bool) -> None:
    """Keep on the entries of paragraph texts (eid, language, sha) the latest version each stands in; with `editions`,
    on every text of those paragraphs' editions (a translation's new wording: the text it replaced stands no more)."""
    wanted = set(triples)
    pairs = {(eid, language) for eid, language, _ in wanted}
    entries = [
        (id_, (key, language, sha))
        for id_, key, language, sha in _entries(tx, process_id, wanted)
        if ((key, language) in pairs if editions else (key, language, sha) in wanted)
    ]
    latest = _latest(tx, process_id, {text[0] for _, text in entries})
    by_number: dict[int, list[int]] = defaultdict(list)
    for id_, text in entries:
        by_number[latest.get(text, 0)].append(id_)
    for number, same in by_number.items():
        for start in range(0, len(same), _LATEST_BATCH):
            tx.execute(
                update(SearchEntry)
                .where(SearchEntry.id.in_(same[start : start + _LATEST_BATCH]), SearchEntry.circulated != number)
                .values(circulated=number)
                .execution_options(synchronize_session=False)
            )


def _latest(tx: Session, process_id: int, eids: Collection[str]) -> dict[tuple[str, str, str], int]:
    """The latest version each text (eid, language, sha) of some paragraphs stands in: as stored, or as the
    translation of the version's source text. Read table by table by their own indexes, and put together here: a join
    planned without fresh statistics (after a bulk load) took PostgreSQL half a minute."""
    process = tx.get(Process, process_id)
    versions = {
        id_: (number, language)
        for id_, number, language in tx.execute(
            select(Version.id, Version.number, Version.language).where(Version.process_id == process_id)
        )
    }
    if process is None or not versions:
        return {}
    languages, ordered = list(process.languages), sorted(eids)
    latest: dict[tuple[str, str, str], int] = {}
    for start in range(0, len(ordered), _BATCH):
        part = ordered[start : start + _BATCH]
        sources: dict[tuple[str, str], int] = {}  # (eid, source text sha) → the latest version it is the source of
        for version_id, eid, language, sha in tx.execute(
            select(VersionParagraph.version_id, VersionParagraph.eid, VersionParagraph.language)
            .add_columns(VersionParagraph.revision_sha)
            .where(
                VersionParagraph.version_id.in_(list(versions)),
                VersionParagraph.language.in_(languages),
                VersionParagraph.eid.in_(part),
            )
        ):
            number, source = versions[version_id]
            latest[(eid, language, sha)] = max(latest.get((eid, language, sha), 0), number)
            if language == source:
                sources[(eid, sha)] = max(sources.get((eid, sha), 0), number)
        for eid, language, text_sha, source_sha in tx.execute(
            select(Translation.eid, Translation.language, Translation.text_sha, Translation.source_sha).where(
                Translation.process_id == process_id, Translation.language.in_(languages), Translation.eid.in_(part)
            )
        ):
            number = sources.get((eid, source_sha), 0)
            if number:
                latest[(eid, language, text_sha)] = max(latest.get((eid, language, text_sha), 0), number)
    return latest


def draft(tx: Session, process: Process, texts: Collection[tuple[str, str | None]] | None = None) -> int:
    """Index the working draft's texts not yet indexed (in the source language), and keep on its paragraphs' entries
    which stand in it: some paragraphs' new texts (eid, revision sha; None: the paragraph left the draft), or every
    paragraph's."""
    if texts is None:
        rows = tx.execute(
            select(DraftParagraph.eid, DraftParagraph.revision_sha).where(DraftParagraph.process_id == process.id)
        ).all()
        made = _paragraphs(tx, process.id, ((eid, process.source_language, sha) for eid, sha in rows))
        _drafted(tx, process.id, None)
        return made
    made = _paragraphs(tx, process.id, ((eid, process.source_language, sha) for eid, sha in texts if sha is not None))
    _drafted(tx, process.id, {eid for eid, _ in texts})
    return made


def _drafted(tx: Session, process_id: int, eids: Collection[str] | None) -> None:
    """Keep on the entries of some paragraphs (their eIds; None: every paragraph of the process) whether each text
    stands in the working draft: the draft's own text in the source language, and the translations made from exactly
    it. Read table by table by their own indexes, as `_latest` reads."""
    process = tx.get(Process, process_id)
    if process is None:
        return
    parts: list[list[str] | None] = [None]
    if eids is not None:
        ordered = sorted(eids)
        parts = [ordered[start : start + _BATCH] for start in range(0, len(ordered), _BATCH)]
    for part in parts:
        drafts = select(DraftParagraph.eid, DraftParagraph.revision_sha).where(DraftParagraph.process_id == process_id)
        made = select(Translation.eid, Translation.language, Translation.text_sha, Translation.source_sha).where(
            Translation.process_id == process_id
        )
        entries = select(SearchEntry.id, SearchEntry.key, SearchEntry.language, SearchEntry.sha, SearchEntry.drafted)
        entries = entries.where(SearchEntry.process_id == process_id, SearchEntry.kind == PARAGRAPH)
        if part is not None:
            drafts, made = drafts.where(DraftParagraph.eid.in_(part)), made.where(Translation.eid.in_(part))
            entries = entries.where(SearchEntry.key.in_(part))
        current: dict[str, str] = dict(tx.execute(drafts).all())
        held = {(eid, process.source_language, sha) for eid, sha in current.items()}
        held.update((eid, lang, sha) for eid, lang, sha, source in tx.execute(made) if current.get(eid) == source)
        flips: dict[bool, list[int]] = {True: [], False: []}
        for id_, key, language, sha, drafted in tx.execute(entries):
            if ((key, language, sha) in held) != drafted:
                flips[not drafted].append(id_)
        for value, ids in flips.items():
            for start in range(0, len(ids), _LATEST_BATCH):
                tx.execute(
                    update(SearchEntry)
                    .where(SearchEntry.id.in_(ids[start : start + _LATEST_BATCH]))
                    .values(drafted=value)
                    .execution_options(synchronize_session=False)
                )


def versions(tx: Session, process_id: int, version_ids: Collection[int]) -> int:
    """Index the paragraphs of some versions (every edition) not yet indexed, and keep on each text standing in them
    (the translations made from their source texts too) its latest version."""
    if not version_ids:
        return 0
    ids = list(version_ids)
    placed = select(VersionParagraph.eid, VersionParagraph.language, VersionParagraph.revision_sha).where(
        VersionParagraph.version_id.in_(ids)
    )
    placed_rows = [(e, lang, sha) for e, lang, sha in tx.execute(placed.distinct())]
    made = _paragraphs(tx, process_id, placed_rows)
    translated = (
        select(Translation.eid, Translation.language, Translation.text_sha)
        .join(
            VersionParagraph,
            (VersionParagraph.eid == Translation.eid) & (VersionParagraph.revision_sha == Translation.source_sha),
        )
        .join(Version, Version.id == VersionParagraph.version_id)
        .where(
            VersionParagraph.version_id.in_(ids),
            VersionParagraph.language == Version.language,
            Translation.process_id == process_id,
        )
    )
    standing = [*placed_rows, *((e, lang, sha) for e, lang, sha in tx.execute(translated.distinct()))]
    _circulated(tx, process_id, standing, editions=False)
    return made


def translations(tx: Session, process_id: int, ids: Collection[int] | None = None) -> int:
    """Index the translations' texts (some rows, or all the process's), each with its latest version: a version's
    edition in a language is the translations made from exactly its source texts (services.translations.editions)."""
    query = select(Translation.eid, Translation.language, Translation.text_sha).where(
        Translation.process_id == process_id
    )
    if ids is not None:
        if not ids:
            return 0
        query = query.where(Translation.id.in_(list(ids)))
    triples = [(e, lang, sha) for e, lang, sha in tx.execute(query.distinct())]
    made = _paragraphs(tx, process_id, triples)
    _circulated(tx, process_id, triples, editions=True)
    _drafted(tx, process_id, None if ids is None else {eid for eid, _, _ in triples})
    return made


def translated(tx: Session, process_id: int, language: str, eids: Collection[str] | None) -> int:
    """Index the translations into `language` (of `eids`, or all) whose text is not indexed yet, and keep their latest
    version: the editor writes them by statements no flush reports, and records each save."""
    query = select(Translation.eid, Translation.language, Translation.text_sha).where(
        Translation.process_id == process_id, Translation.language == language
    )
    if eids is not None:
        query = query.where(Translation.eid.in_(list(eids)))
    triples = [(e, lang, sha) for e, lang, sha in tx.execute(query.distinct())]
    made = _paragraphs(tx, process_id, triples)
    _circulated(tx, process_id, triples, editions=True)
    _drafted(tx, process_id, None if eids is None else {eid for eid, _, _ in triples})
    return made


def _translations_recorded(session: Session, activity_ids: Collection[int]) -> None:
    """Index the translations the transaction's activity says it saved, approved, imported or replaced."""
    if not activity_ids:
        return
    saved: dict[tuple[int, str], set[str] | None] = {}
    for process_id, subject, data in session.execute(
        select(Activity.process_id, Activity.subject, Activity.data).where(
            Activity.id.in_(list(activity_ids)), Activity.verb.like("translation.%")
        )
    ):
        language = data.get("language") if isinstance(data, dict) else None
        if process_id is None or not isinstance(language, str):
            continue
        place = (process_id, language)
        eid = subject.removeprefix("paragraph:") if subject.startswith("paragraph:") else None
        if eid is None or saved.get(place, set()) is None:
            saved[place] = None  # a whole file: every translation into the language not indexed yet
        else:
            saved.setdefault(place, set()).add(eid)  # type: ignore[union-attr]
    for (process_id, language), eids in saved.items():
        translated(session, process_id, language, eids)


def kind(tx: Session, process: Process, name: str, keys: Collection[str] | None) -> int:
    """Index the texts of one kind again (some keys, or all): the new ones added, those gone removed."""
    sources = READERS[name](tx, process, keys)
    current = {(s.key, s.language, _sha(s.text)) for s in sources}
    stored = select(SearchEntry.id, SearchEntry.key, SearchEntry.language, SearchEntry.sha).where(
        SearchEntry.process_id == process.id, SearchEntry.kind == name
    )
    if keys is not None:
        stored = stored.where(SearchEntry.key.in_(list(keys)))
    gone = [id_ for id_, key, lang, sha in tx.execute(stored) if (key, lang, sha) not in current]
    for start in range(0, len(gone), _BATCH):
        tx.execute(delete(SearchEntry).where(SearchEntry.id.in_(gone[start : start + _BATCH])))
    return write(tx, process.id, name, sources)


def rebuild(tx: Session, process: Process) -> int:
    """The process's index made anew from its texts (`accord search reindex`, a migration, a restored backup)."""
    tx.execute(delete(SearchEntry).where(SearchEntry.process_id == process.id))
    made = draft(tx, process)
    version_ids = tx.scalars(
        select(VersionParagraph.version_id).where(VersionParagraph.process_id == process.id).distinct()
    ).all()
    made += versions(tx, process.id, version_ids)
    made += translations(tx, process.id)
    for name in READERS:
        made += kind(tx, process, name, None)
    return made


def rebuild_all(connection: Connection) -> int:
    """Every process's index made anew, on a connection (a migration's)."""
    with Session(bind=connection) as tx:
        made = sum(rebuild(tx, process) for process in tx.scalars(select(Process)).all())
        tx.flush()
    return made


def _amendment_key(session: Session, amendment_id: int) -> str | None:
    """A rendering's amendment as the index names it, if the session holds it (else None: read them all)."""
    amendment = session.identity_map.get(identity_key(Amendment, amendment_id))
    return amendment_key(amendment.number, amendment.on_draft) if isinstance(amendment, Amendment) else None


def _comment_key(session: Session, comment: Comment) -> str | None:
    thread = session.identity_map.get(identity_key(Thread, comment.thread_id))
    if not isinstance(thread, Thread) or comment.number is None:
        return None
    return comment_key(thread.number, comment.number, comment.on_draft)


# The rows whose change means their kind's texts are read again, and the key each names (None: read the process's).
_KINDS: dict[type[Any], tuple[str, Any]] = {
    Amendment: ("amendment", lambda _s, row: amendment_key(row.number, row.on_draft) if row.number else None),
    AmendmentRendering: ("amendment", lambda s, row: _amendment_key(s, row.amendment_id)),
    Comment: ("thread", _comment_key),
    Recommendation: ("recommendation", lambda _s, row: row.ref),
    Submission: ("submission", lambda _s, row: str(row.number)),
    Position: ("position", lambda _s, row: str(row.id) if row.id is not None else None),
    PositionChange: ("position", lambda _s, row: str(row.position_id)),
}
# Tables written by statements (compare-and-set writes, inserts that a concurrent one may win) whose texts the index
# holds: the rows they wrote are found from the activity the transaction recorded.
_STATEMENTS = {
    DraftParagraph.__tablename__: "draft",
    Translation.__tablename__: "translation",
    Position.__tablename__: "position",
}


@event.listens_for(StoreSession, "do_orm_execute")
def _stated(execute: ORMExecuteState) -> None:
    if execute.is_insert or execute.is_update or execute.is_delete:
        written = _STATEMENTS.get(getattr(getattr(execute.statement, "table", None), "name", ""))
        if written is not None:
            unit_state(execute.session).searched_statements.add(written)


@event.listens_for(StoreSession, "after_flush")
def _heard(session: Session, _context: Any) -> None:
    state = unit_state(session)
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, VersionParagraph):
            state.searched_versions.add(row.version_id)
            continue
        if isinstance(row, ParagraphEdit):  # every change of the working draft's texts is in its paragraph's history
            if row in session.new:
                state.searched_drafts.setdefault(row.process_id, set()).add((row.eid, row.new_sha))
            continue
        if isinstance(row, Translation) and row not in session.deleted:
            state.searched_translations.setdefault(row.process_id, set()).add(row.id)
            continue
        if isinstance(row, Thread) and row in session.deleted:
            state.searched[(row.process_id, "thread")] = None  # its comments go with it
            continue
        found = _KINDS.get(type(row))
        if found is None or getattr(row, "process_id", None) is None:
            continue
        name, key_of = found
        place = (row.process_id, name)
        key = key_of(session, row) if row not in session.deleted else None
        if key is None:
            state.searched[place] = None
        elif state.searched.get(place, set()) is not None:
            state.searched.setdefault(place, set()).add(key)  # type: ignore[union-attr]


def _versions(session: Session, version_ids: Collection[int]) -> None:
    """Index the paragraphs of the versions a transaction wrote (each in its process)."""
    if version_ids:
        for process_id, version_id in session.execute(
            select(VersionParagraph.process_id, VersionParagraph.version_id)
            .where(VersionParagraph.version_id.in_(list(version_ids)))
            .distinct()
        ).all():
            versions(session, process_id, [version_id])


_Taken = tuple[
    dict[tuple[int, str], set[str] | None],
    set[int],
    dict[int, set[int]],
    set[str],
    dict[int, set[tuple[str, str | None]]],
]


def _taken(state: UnitState) -> _Taken | None:
    """What the transaction wrote that the index holds, taken off its state (None: nothing): the keys of each kind
    changed, the versions, the translations' rows, the tables statements wrote, the working drafts' new texts."""
    pending = (state.searched, state.searched_versions, state.searched_translations, state.searched_statements)
    if state.read_only or not (any(pending) or state.searched_drafts):
        return None
    taken = (dict(state.searched), set(state.searched_versions), state.searched_translations)
    written = (set(state.searched_statements), state.searched_drafts)
    state.searched, state.searched_versions, state.searched_translations = {}, set(), {}
    state.searched_statements, state.searched_drafts = set(), {}
    return (*taken, *written)


@event.listens_for(StoreSession, "before_commit")
def _indexed(session: Session) -> None:
    """Index what the transaction wrote: the rows its flushes reported, and for the statements that wrote the working
    draft, translations or positions, those of the processes it recorded activity for."""
    state = unit_state(session)
    taken = _taken(state)
    if taken is None:
        return
    touched, version_ids, new_rows, statements, drafts = taken
    recorded = {process_id for process_id, _ in state.activity if process_id is not None}
    for process_id, ids in new_rows.items():
        translations(session, process_id, ids)
    if "translation" in statements:
        _translations_recorded(session, [activity_id for _, activity_id in state.activity])
    _versions(session, version_ids)
    whole = recorded - set(drafts) if "draft" in statements else set()
    if "position" in statements:
        touched.update(((process_id, "position"), None) for process_id in recorded)
    for process_id in set(drafts) | whole | {p for p, _ in touched}:
        kinds = {name: keys for (pid, name), keys in touched.items() if pid == process_id}
        texts = None if process_id in whole else drafts.get(process_id, set())
        _process(session, process_id, kinds, texts)


def _process(
    session: Session, process_id: int, kinds: dict[str, set[str] | None], drafted: set[tuple[str, str | None]] | None
) -> None:
    """Index a process's working draft's new texts (`drafted`; None: every paragraph's, for a write of the draft no
    paragraph history names) and the kinds of text a transaction changed."""
    process = session.get(Process, process_id)
    if process is not None:
        if drafted is None or drafted:
            draft(session, process, drafted)
        for name, keys in kinds.items():
            kind(session, process, name, keys)
