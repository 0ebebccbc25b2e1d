"""Reading the declaration's paragraphs from the store, shared by the draft, version and coverage use cases."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Collection, Iterable, Mapping, Sequence

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, lazyload

from ...domain.brackets.kept import kept_value
from ...domain.declaration.document import Block, Kind, numbering, revision_id
from ...domain.errors import N_, NotFound
from ...domain.values import check_carried
from ...store.inserts import insert_new
from ...store.models import (
    DraftParagraph,
    Paragraph,
    ParagraphEdit,
    ParagraphRevision,
    Process,
    Recommendation,
    RecommendationLink,
    Version,
    VersionLabel,
    VersionParagraph,
)
from ...store.state import unit_state
from .views import ParagraphView

DRAFT = "draft"


def _held(tx: Session) -> set[str] | None:
    """The texts this transaction holds a lock on (PostgreSQL; None on SQLite, whose writers are serial already).

    A writer locks a text it names without storing it: a text nothing names any more is removed by a deleted
    process's removal (services/processes/deletion.py), and one that another process names anew meanwhile must not
    go. The removal waits for the writer, then finds the text named and keeps it; or the writer waits for the
    removal, then stores the text again."""
    if tx.get_bind().dialect.name != "postgresql":
        return None
    # The innermost transaction: a savepoint rolled back releases the locks taken in it.
    transaction = tx.get_nested_transaction() or tx.get_transaction()
    state = unit_state(tx)
    kept = state.held_texts
    if kept is None or kept[0] is not transaction:  # another transaction (or savepoint) holds nothing yet
        kept = state.held_texts = (transaction, set())
    return kept[1]


def store_revision(tx: Session, text: str) -> str:
    """The content address of `text`, stored once whatever how many versions hold it."""
    check_carried(text)  # every way in refuses such texts with its own reason: this is the last line
    sha = revision_id(text)
    held = _held(tx)
    if held is None or sha in held:
        stored = tx.get(ParagraphRevision, sha) is not None
    else:
        stored = tx.get(ParagraphRevision, sha, with_for_update={"key_share": True}) is not None
        held.add(sha)
    if not stored:
        # Two writers storing the same new text at once (the same translation, the same edit): either insert does.
        tx.flush()
        insert_new(tx, ParagraphRevision, sha=sha, text=text, brackets=kept_value(text))
    return sha


def store_revisions(tx: Session, texts: Iterable[str]) -> None:
    """Store many texts at once (an import): one query for the known ones, one flush for the new."""
    by_sha = {revision_id(check_carried(t)): t for t in texts}
    if not by_sha:
        return
    # Loaded whole (and held), so that `store_revision` finds them in the session without a query each.
    known_ones = select(ParagraphRevision).where(ParagraphRevision.sha.in_(list(by_sha)))
    held = _held(tx)
    if held is not None:
        known_ones = known_ones.with_for_update(key_share=True)
        held.update(by_sha)
    known = {r.sha for r in tx.scalars(known_ones)}
    tx.add_all(
        ParagraphRevision(sha=sha, text=text, brackets=kept_value(text))
        for sha, text in by_sha.items()
        if sha not in known
    )
    tx.flush()


def texts_of(tx: Session, shas: Iterable[str]) -> dict[str, str]:
    """The texts of many revisions, in one query."""
    wanted = list(set(shas))
    if not wanted:
        return {}
    return dict(
        tx.execute(select(ParagraphRevision.sha, ParagraphRevision.text).where(ParagraphRevision.sha.in_(wanted))).all()
    )


def text_of(tx: Session, sha: str | None) -> str | None:
    row = tx.get(ParagraphRevision, sha) if sha else None
    return row.text if row else None


def draft_rows(tx: Session, process: Process) -> list[DraftParagraph]:
    query = select(DraftParagraph).where(DraftParagraph.process_id == process.id)
    return list(tx.scalars(query.order_by(DraftParagraph.position, DraftParagraph.id)))


def draft_blocks(tx: Session, process: Process, eids: Collection[str] | None = None) -> list[Block]:
    """The draft's paragraphs as blocks, or only those of `eids` (one paragraph's action reads its own), read as
    plain rows (no ORM object: a third of the time at 3,000)."""
    query = (
        select(
            DraftParagraph.eid, DraftParagraph.kind, ParagraphRevision.text, DraftParagraph.depth, DraftParagraph.marker
        )
        .join(ParagraphRevision, ParagraphRevision.sha == DraftParagraph.revision_sha)
        .where(DraftParagraph.process_id == process.id)
    )
    if eids is not None:
        query = query.where(DraftParagraph.eid.in_(eids))
    return [
        Block(eid, Kind(kind), text, depth, marker)
        for eid, kind, text, depth, marker in tx.execute(query.order_by(DraftParagraph.position, DraftParagraph.id))
    ]


def draft_revision(blocks: Iterable[Block]) -> str:
    """A fingerprint of the whole draft (order, kinds, places in lists, texts): what an import preview was made on."""
    digest = hashlib.sha256()
    for b in blocks:
        digest.update(f"{b.eid}\t{b.kind.value}\t{b.depth}\t{b.marker}\t{revision_id(b.text)}\n".encode())
    return digest.hexdigest()


def registered(tx: Session, process: Process, eid: str) -> Paragraph | None:
    return tx.scalar(select(Paragraph).where(Paragraph.process_id == process.id, Paragraph.eid == eid))


def used_eids(tx: Session, process: Process) -> set[str]:
    """Every eId the process has ever had: the register holds each one from its creation."""
    return set(tx.scalars(select(Paragraph.eid).where(Paragraph.process_id == process.id)))


def draft_row(tx: Session, process: Process, eid: str) -> DraftParagraph | None:
    return tx.scalar(select(DraftParagraph).where(DraftParagraph.process_id == process.id, DraftParagraph.eid == eid))


def known_revisions(tx: Session, process: Process, eid: str) -> set[str]:
    """Every text a paragraph has had: in its edits and in the circulated versions."""
    edits = tx.execute(
        select(ParagraphEdit.old_sha, ParagraphEdit.new_sha).where(
            ParagraphEdit.process_id == process.id, ParagraphEdit.eid == eid
        )
    ).all()
    circulated = tx.scalars(
        select(VersionParagraph.revision_sha).where(
            VersionParagraph.process_id == process.id, VersionParagraph.eid == eid
        )
    )
    return {sha for pair in edits for sha in pair if sha} | set(circulated)


def previous_neighbour(tx: Session, process: Process, eid: str) -> str | None:
    """Where a deleted paragraph stood: the paragraph before it in the last version that held it,
    if that one is still in the draft (else it comes back first)."""
    row = tx.execute(
        select(VersionParagraph.version_id, VersionParagraph.position)
        .join(Version, Version.id == VersionParagraph.version_id)
        .where(
            VersionParagraph.process_id == process.id,
            VersionParagraph.eid == eid,
            VersionParagraph.language == Version.language,
        )
        .order_by(Version.number.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    before = tx.scalars(
        select(VersionParagraph.eid)
        .join(Version, Version.id == VersionParagraph.version_id)
        .where(
            VersionParagraph.version_id == row.version_id,
            VersionParagraph.position < row.position,
            VersionParagraph.language == Version.language,
        )
        .order_by(VersionParagraph.position.desc())
    )
    in_draft = set(tx.scalars(select(DraftParagraph.eid).where(DraftParagraph.process_id == process.id)))
    return next((e for e in before if e in in_draft), None)


def number_in_draft(tx: Session, row: DraftParagraph) -> int | None:
    """The operative number of a draft paragraph, counted in the store (not by reading the draft)."""
    if row.kind != Kind.OPERATIVE or row.depth:
        return None
    return tx.scalar(
        select(func.count()).where(
            DraftParagraph.process_id == row.process_id,
            DraftParagraph.kind == Kind.OPERATIVE.value,
            DraftParagraph.depth == 0,
            (DraftParagraph.position < row.position)
            | ((DraftParagraph.position == row.position) & (DraftParagraph.id <= row.id)),
        )
    )


def links_by_eid(tx: Session, process: Process, eid: str | None = None) -> dict[str, list[str]]:
    """For each eId (or only `eid`), the refs of the recommendations it takes up."""
    query = (
        select(RecommendationLink.eid, Recommendation.ref)
        .join(Recommendation, Recommendation.id == RecommendationLink.recommendation_id)
        .where(RecommendationLink.process_id == process.id)
    )
    if eid is not None:
        query = query.where(RecommendationLink.eid == eid)
    links: dict[str, list[str]] = {}
    for key, ref in tx.execute(query.order_by(Recommendation.ref)).all():
        links.setdefault(key, []).append(ref)
    return links


def paragraph_views(
    blocks: Sequence[Block], links: Mapping[str, list[str]] | None = None, refs: Mapping[str, str] | None = None
) -> list[ParagraphView]:
    numbers = numbering(blocks)
    links = links or {}
    refs = refs or {}
    return [
        ParagraphView(
            eid=b.eid,
            kind=b.kind.value,
            number=numbers.get(b.eid),
            text=b.text,
            ref=refs.get(b.eid, ""),
            revision=revision_id(b.text),
            recommendations=links.get(b.eid, []),
            depth=b.depth,
            marker=b.marker,
        )
        for b in blocks
    ]


_READ: OrderedDict[tuple[object, ...], tuple[Block, ...]] = OrderedDict()
_READ_LOCK = threading.Lock()
READ_VERSIONS = 32
"""Editions of versions kept in memory, the last read first: a version never changes (the database refuses
it), and the pages of a 3,000-paragraph text read one or two whole (40 ms each) to number, page and compare."""


def version_blocks(
    tx: Session, version: Version, language: str | None = None, eids: Collection[str] | None = None
) -> list[Block]:
    """A version's edition in `language` (its source edition by default), or only its paragraphs `eids`."""
    code = language or version.language
    query = (
        select(
            VersionParagraph.eid,
            VersionParagraph.kind,
            ParagraphRevision.text,
            VersionParagraph.depth,
            VersionParagraph.marker,
        )
        .join(ParagraphRevision, ParagraphRevision.sha == VersionParagraph.revision_sha)
        .where(VersionParagraph.version_id == version.id, VersionParagraph.language == code)
    )
    if eids is not None:
        query = query.where(VersionParagraph.eid.in_(eids))
        return [
            Block(eid, Kind(kind), text, depth, marker)
            for eid, kind, text, depth, marker in tx.execute(query.order_by(VersionParagraph.position))
        ]
    # A database and a version are named by what never changes: its URL, the version's id and moment of circulation.
    key = (str(tx.get_bind().engine.url), version.id, version.created_at, code)
    with _READ_LOCK:
        kept = _READ.get(key)
        if kept is not None:
            _READ.move_to_end(key)
            return list(kept)
    read = tuple(
        Block(eid, Kind(kind), text, depth, marker)
        for eid, kind, text, depth, marker in tx.execute(query.order_by(VersionParagraph.position))
    )
    if (
        language is None or language == version.language
    ):  # a translated edition grows until it is complete: read it each time
        with _READ_LOCK:
            _READ[key] = read
            while len(_READ) > READ_VERSIONS:
                _READ.popitem(last=False)
    return list(read)


def paragraph_number(tx: Session, process: Process, version: Version | None, block: Block) -> int | None:
    """The number `numbering` gives `block` in the draft (`version` None) or in `version`, counted by the
    database: the numbered paragraphs up to it, without reading the others."""
    if not block.numbered:
        return None
    if version is None:
        row = tx.scalar(
            select(DraftParagraph).where(DraftParagraph.process_id == process.id, DraftParagraph.eid == block.eid)
        )
        return number_in_draft(tx, row) if row is not None else None
    position = tx.scalar(
        select(VersionParagraph.position).where(
            VersionParagraph.version_id == version.id,
            VersionParagraph.language == version.language,
            VersionParagraph.eid == block.eid,
        )
    )
    return tx.scalar(
        select(func.count())
        .select_from(VersionParagraph)
        .where(
            VersionParagraph.version_id == version.id,
            VersionParagraph.language == version.language,
            VersionParagraph.kind == Kind.OPERATIVE.value,
            VersionParagraph.depth == 0,
            VersionParagraph.position <= position,
        )
    )


# A version by its number, as pages name it: built once (with and without its names in other languages).
_BY_NUMBER = select(Version).where(Version.process_id == bindparam("process"), Version.number == bindparam("number"))
_BY_NUMBER_NO_LABELS = _BY_NUMBER.options(lazyload(Version.other_labels))


def find_version(tx: Session, process: Process, ref: str, *, labels: bool = True) -> Version:
    """A version by number ("2") or label ("Rev.1", any case, in any language); a number wins over a label that looks
    like one. Without `labels`, its names in other languages are read only if they are asked for (a query less)."""
    ref = (ref or "").strip()
    number = version_number(ref)
    by_number = _BY_NUMBER if labels else _BY_NUMBER_NO_LABELS
    version = tx.scalar(by_number, {"process": process.id, "number": number}) if number is not None else None
    if version is not None:
        return version
    query = select(Version).where(Version.process_id == process.id)
    if not labels:
        query = query.options(lazyload(Version.other_labels))
    version = tx.scalar(query.where(func.lower(Version.label) == ref.lower()))
    if version is None:  # its name in another language ("Zero draft"): a name names one version only
        version = tx.scalar(
            query.join(VersionLabel, VersionLabel.version_id == Version.id).where(
                func.lower(VersionLabel.label) == ref.lower()
            )
        )
    if version is None:
        raise NotFound(N_("No version “{ref}” in this process."), ref=ref)
    return version


def version_number(ref: str) -> int | None:
    """The number a version's reference names ("12"), if it is one."""
    ref = ref.strip()
    return int(ref) if ref.isdecimal() and len(ref) < 9 else None


def latest_version(tx: Session, process: Process) -> Version | None:
    return tx.scalar(select(Version).where(Version.process_id == process.id).order_by(Version.number.desc()).limit(1))
