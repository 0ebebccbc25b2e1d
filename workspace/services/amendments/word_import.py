"""A Word file's tracked changes and margin comments, filed as amendments and threads on a version.

The preview files everything for real and undoes it (`rehearsal`): what it shows is exactly what
filing makes, numbers included. Filing is all or nothing, what the person left out (`skip`) aside.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from msgspec import Struct
from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.amendments.amendment_commands import ImportWord, ProposeAmendment
from ...domain.amendments.amendments import AmendmentKind, Status
from ...domain.comments.comment_commands import comment_body
from ...domain.declaration.document import Block, revision_id
from ...domain.errors import N_, AccordError, Conflict, InvalidInput, NotFound, Phrase, said
from ...domain.permissions import Action, allows, require
from ...domain.vocabulary import Role
from ...domain.word.word_amendments import WordAmendment, WordProposals, WordThread, read_proposals
from ...domain.word.word_reading import Unplaced
from ...renderers.publication_docx import read_back
from ...store.models import (
    Amendment,
    Comment,
    Delegation,
    Membership,
    ParagraphRevision,
    Process,
    Thread,
    User,
    WordAuthor,
)
from ...store.types import utcnow
from ..access import lock_process, process_for, record, require_actor, stored_id
from ..accounts.users import actor_of
from ..actor import Actor
from ..comments.records import next_comment
from ..comments.records import views as thread_views
from ..comments.threads import next_thread, reply_from, start_thread
from ..comments.views import ThreadView
from ..declaration.paragraphs import (
    DRAFT,
    draft_blocks,
    find_version,
    store_revisions,
    version_blocks,
)
from ..declaration.references import text_refs
from ..declaration.sides import Side, side
from ..delegations.records import acting_for, own
from ..heavy import heavy_work, in_worker
from ..pace import Pace, pace
from ..unit import Db, apart, reads, use_case
from .proposals import amendment_base, file_amendment
from .records import current_for, is_committee, next_number, views
from .views import AmendmentView


class PlacedView(Struct, frozen=True):
    """How an item of the file was placed: its key ("p12", "c3"), the paragraph it went to and how."""

    key: str
    where: str  # "paragraph 13", "comment 3": its place in the file, in the reader's words
    eid: str
    how: str  # bookmark, identical, similar, neighbours, absent (a clean rewrite left it out), after (an insert)
    score: float


class UnplacedView(Struct, frozen=True):
    where: str
    reason: str


class WordImportView(Struct, frozen=True):
    amendments: list[AmendmentView]
    threads: list[ThreadView]
    unplaced: list[UnplacedView]
    placed: list[PlacedView] = []
    saved: bool = False
    file: str = ""
    tracked: bool = True  # the file holds tracked changes (else it was compared as a clean rewrite)


def _proposer(
    tx: Session, process: Process, filer: Actor, role: Role | None, email: str | None
) -> tuple[Actor, Role | None]:
    """Who proposes: the person filing, or the member the committee files for (recorded as such)."""
    if email is None:
        return filer, role
    require(role, Action.DECIDE_AMENDMENT, is_admin=filer.is_admin)  # only the committee files for someone
    found = tx.execute(
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.process_id == process.id, User.email == email)
    ).first()
    if found is None:
        raise NotFound(N_("No member “{email}” in this process."), email=email)
    user, their = found
    member_role = Role(their)
    require(member_role, Action.PROPOSE_AMENDMENT)
    return actor_of(user), member_role


@dataclass(frozen=True)
class _Behalf:
    """On whose behalf a file's changes are filed: the delegation the filer named, else the one each Word author
    was mapped to, else the proposer's own."""

    named: Delegation | None
    by_author: dict[str, Delegation]
    own: Delegation | None

    def of(self, authors: Sequence[str]) -> Delegation | None:
        if self.named is not None:
            return self.named
        return next((self.by_author[a] for a in authors if a in self.by_author), self.own)


def _behalf(
    tx: Session, process: Process, filer: Actor, role: Role | None, proposer: Actor, command: ImportWord
) -> _Behalf:
    named = acting_for(tx, process, role, filer, command.delegation) if command.delegation else None
    query = (
        select(WordAuthor.author, Delegation)
        .join(Delegation, Delegation.id == WordAuthor.delegation_id)
        .where(WordAuthor.process_id == process.id)
    )
    # A Word author named as a delegation is named (its code, or its name in a language: a compilation Accord wrote
    # comes back under its delegations), unless the committee mapped that author otherwise.
    mapped = {
        name: d
        for d in tx.scalars(select(Delegation).where(Delegation.process_id == process.id))
        for name in (d.code, *d.names.values())
    }
    mapped.update({author: delegation for author, delegation in tx.execute(query)})  # noqa: C416 (rows, not pairs)
    return _Behalf(named, mapped, own(tx, process, proposer))


def _map_authors(
    tx: Session, process: Process, filer: Actor, role: Role | None, delegation: Delegation, authors: set[str]
) -> None:
    """The committee filed a file on behalf of `delegation`: its Word authors are that delegation's for the next
    files (a member's filing maps nothing: a Word author's name is not theirs to claim)."""
    if not allows(role, Action.MANAGE_DELEGATIONS, is_admin=filer.is_admin):
        return
    known = {
        row.author: row
        for row in tx.scalars(
            select(WordAuthor).where(WordAuthor.process_id == process.id, WordAuthor.author.in_(authors))
        )
    }
    for author in sorted(authors):
        row = known.get(author)
        if row is None:
            tx.add(
                WordAuthor(
                    process_id=process.id, author=author[:200], delegation_id=delegation.id, set_by_id=stored_id(filer)
                )
            )
        elif row.delegation_id != delegation.id:
            row.delegation_id, row.set_by_id, row.set_at = delegation.id, stored_id(filer), utcnow()


def _blocks(tx: Session, process: Process, version_id: int | None, ref: str) -> tuple[list[Block], dict[str, str]]:
    """The text's paragraphs, and their printed references in the reader's language."""
    version = None if version_id is None else find_version(tx, process, ref)
    return (draft_blocks(tx, process) if version is None else version_blocks(tx, version)), text_refs(
        tx, process, version
    )


@dataclass(frozen=True)
class _Basis:
    """What a Word file is read against, read before the file is: the version's paragraphs and texts."""

    version_id: int | None
    texts: dict[str, str]
    blocks: list[Block]
    refs: dict[str, str]  # each paragraph's printed reference, in the reader's language


@reads
def _basis(tx: Session, actor: Actor | None, slug: str, command: ImportWord) -> _Basis:
    process, role = process_for(tx, slug, actor, Action.PROPOSE_AMENDMENT)
    pace(tx, actor, Pace.AMENDMENT, count=False)  # past the rate, refused before the file is read
    filer = require_actor(actor)
    proposer, _ = _proposer(tx, process, filer, role, command.on_behalf_of)
    # The version's rules are the filer's (the committee may file after the deadline, as for a proposal).
    version_id, texts = amendment_base(tx, process, filer, role, command.version)
    if proposer is not filer and version_id is None:
        raise InvalidInput(N_("Only the committee amends the working draft: file it against a circulated version."))
    return _Basis(version_id, texts, *_blocks(tx, process, version_id, command.version))


def import_word(db: Db, actor: Actor | None, slug: str, command: ImportWord) -> WordImportView:
    """The amendments and threads a Word file asks of a version (the committee: also of the draft): a
    preview, or filed all at once, what `skip` names left out.

    In steps that make nobody else wait: what the file is read against is read first (a read of its own),
    then the file is read and matched outside any transaction (one file at a time per person, one per core:
    `heavy_work`). A preview then builds what filing would make without writing anything (a read: it holds
    no lock, however large the file); filing writes it all in one transaction that checks the rules again,
    and that the draft's paragraphs it changes did not change meanwhile."""
    with heavy_work(actor):
        basis = _basis(apart(db), actor, slug, command)
        tracked, found = in_worker(_read, command.data, command.filename, basis.blocks)
    if not found.amendments and not found.threads:
        raise InvalidInput(
            N_(
                "Nothing in “{file}” matches a paragraph of {version}, or it changes nothing: no amendment "
                "and no comment to file."
            ),
            file=command.filename,
            version=command.version,
            detail={"unplaced": [_where(u, basis.refs) for u in found.unplaced]},
        )
    step = _preview if command.preview else _file
    return step(db, actor, slug, command, basis, tracked, found)


def _read(data: bytes, filename: str, blocks: list[Block]) -> tuple[bool, WordProposals]:
    """What the file asks of the text of `blocks`, which it is read against as Accord's own Word file of it reads
    (`read_back`): the file downloaded and sent back unchanged asks nothing. In a worker process."""
    return read_proposals(data, filename, blocks, read_back(blocks))


@reads
def _preview(
    tx: Session, actor: Actor | None, slug: str, command: ImportWord, basis: _Basis, tracked: bool, found: WordProposals
) -> WordImportView:
    return _made(tx, actor, slug, command, basis, tracked, found, save=False)


@use_case
def _file(
    tx: Session, actor: Actor | None, slug: str, command: ImportWord, basis: _Basis, tracked: bool, found: WordProposals
) -> WordImportView:
    return _made(tx, actor, slug, command, basis, tracked, found, save=True)


def _made(
    tx: Session,
    actor: Actor | None,
    slug: str,
    command: ImportWord,
    basis: _Basis,
    tracked: bool,
    found: WordProposals,
    save: bool,
) -> WordImportView:
    """What the file makes: filed (`save`), or built as filing would build it and kept out of the store."""
    process, role = process_for(tx, slug, actor, Action.PROPOSE_AMENDMENT)
    pace(tx, actor, Pace.AMENDMENT, count=save)  # one filing is one action (the import has its caps); a preview none
    filer = require_actor(actor)
    proposer, proposer_role = _proposer(tx, process, filer, role, command.on_behalf_of)
    wanted = [a for a in found.amendments if a.key not in command.skip]
    commented = [t for t in found.threads if t.key not in command.skip]
    eids = {a.eid for a in wanted} | {t.eid for t in commented}
    version_id, texts = amendment_base(tx, process, filer, role, command.version, eids)  # its rules again: time went by
    if version_id is None and texts != {eid: basis.texts[eid] for eid in eids if eid in basis.texts}:
        raise Conflict(N_("The working draft changed while your file was being read: please send it again."))
    label = DRAFT if version_id is None else find_version(tx, process, command.version).label
    behalf = _behalf(tx, process, filer, role, proposer, command)
    unplaced = [_unplaced(u, basis.refs) for u in found.unplaced]
    made = [
        *(texts[a.eid] for a in wanted if a.kind != AmendmentKind.INSERT),
        *(a.text for a in wanted),
        *(texts[t.eid] for t in commented),
    ]
    unsaved = (
        None
        if save
        else _Unsaved(tx, process, proposer, version_id is None, {revision_id(text): text for text in made})
    )
    if save:
        lock_process(tx, process)
        # Every text stored at once, numbers given in turn: a file of hundreds of changes in a few queries.
        store_revisions(tx, made)
    rows, number = [], next_number(tx, process, version_id is None)
    for a in wanted:
        try:
            row = file_amendment(
                tx,
                process,
                proposer,
                version_id,
                texts,
                _command(a, label),
                _source(command, a, filer, proposer),
                number,
                stored=True,
                add=save,
                delegation=behalf.of(a.authors),
            )
        except AccordError as exc:  # a change that asks nothing once read (a formatting change) …
            unplaced.append(UnplacedView(_place(a, basis.refs), exc.render(i18n.translate)))
            continue
        rows.append(row if unsaved is None else unsaved.amendment(row))
        number += 1
    if save:
        tx.flush()
    on = side(tx, process, command.version, proposer_role, proposer)
    first = next_thread(tx, process, on.version is None)
    if unsaved is None:
        opened = [
            _thread(tx, process, proposer, on, t, command, filer, first + k, behalf.of([t.author]))
            for k, t in enumerate(commented)
        ]
        if behalf.named is not None:
            authors = {name for a in wanted for name in a.authors} | {t.author for t in commented if t.author}
            _map_authors(tx, process, filer, role, behalf.named, authors)
    else:
        opened = [
            unsaved.thread(process, on, t, _sources(command, t, filer, proposer), first + k, behalf.of([t.author]))
            for k, t in enumerate(commented)
        ]
    amendments = views(
        tx, rows, current_for(tx, process, is_committee(role, filer)), unsaved=unsaved.texts if unsaved else None
    )
    threads = thread_views(tx, opened, on, proposer, history=True, unsaved=unsaved.comments if unsaved else None)
    if save:
        record(
            tx,
            filer,
            "amendments.imported",
            f"process:{process.slug}",
            process,
            file=command.filename,
            version=label,
            amendments=len(rows),
            threads=len(opened),
            on_behalf_of=command.on_behalf_of or "",
        )
    placed = [
        PlacedView(
            key=a.key,
            where=_place(a, basis.refs),
            eid=a.eid,
            how=a.placement.how if a.placement else "after",
            score=a.placement.score if a.placement else 0.0,
        )
        for a in wanted
    ]
    placed += [
        PlacedView(
            key=t.key,
            where=_said(Phrase(N_("comment {n}"), n=t.key[1:])),
            eid=t.eid,
            how=t.placement.how,
            score=t.placement.score,
        )
        for t in commented
    ]
    return WordImportView(
        amendments=amendments,
        threads=threads,
        unplaced=unplaced,
        placed=placed,
        saved=save,
        file=command.filename,
        tracked=tracked,
    )


class _Unsaved:
    """A preview's amendments and threads: the rows filing would insert, with what the store would give them
    (defaults, ids, the texts of their revisions), kept out of the session so that nothing is written."""

    def __init__(self, tx: Session, process: Process, proposer: Actor, draft: bool, texts: dict[str, str]) -> None:
        self.user = tx.get(User, proposer.id) if proposer.id else None
        self.texts = texts
        self.comments: dict[int, list[Comment]] = {}
        self.now = utcnow()
        self._ids = count(1)  # rows' own ids, which no view shows: apart from any real one
        self._comment_numbers = count(next_comment(tx, process, draft))  # comments' numbers are shown

    def amendment(self, row: Amendment) -> Amendment:
        row.id, row.status, row.reason, row.proposer = -next(self._ids), Status.OPEN.value, "", self.user
        row.created_at = row.updated_at = self.now
        row.decided_by_id = row.decided_at = row.decided_sha = row.merged_into_id = row.created_eid = None
        return row

    def thread(
        self,
        process: Process,
        on: Side,
        t: WordThread,
        sources: list[dict[str, object]],
        number: int,
        delegation: Delegation | None,
    ) -> Thread:
        text = on.texts[t.eid]
        row = Thread(
            id=-next(self._ids),
            process_id=process.id,
            on_draft=on.version is None,
            number=number,
            eid=t.eid,
            version_id=on.version.id if on.version else None,
            language=on.language,
            revision_sha=revision_id(text),
            quote_exact=t.quote.exact if t.quote else None,
            quote_prefix=t.quote.prefix if t.quote else None,
            quote_suffix=t.quote.suffix if t.quote else None,
            quote_start=t.quote.start if t.quote else None,
            quote_end=t.quote.end if t.quote else None,
            created_by_id=self.user.id if self.user else None,
            delegation_id=delegation.id if delegation is not None else None,
            status="open",
            created_at=self.now,
            resolved_by_id=None,
            resolved_at=None,
            origin=ParagraphRevision(sha=revision_id(text), text=text),
        )
        bodies = [comment_body(t.body), *(comment_body(r.body) for r in t.replies)]
        self.comments[row.id] = [
            Comment(
                id=-next(self._ids),
                thread_id=row.id,
                process_id=process.id,
                on_draft=row.on_draft,
                number=next(self._comment_numbers),
                author_id=row.created_by_id,
                author=self.user,
                body=body,
                source=source,
                created_at=self.now,
                edited_at=None,
                deleted_at=None,
            )
            for body, source in zip(bodies, sources, strict=True)
        ]
        return row


def _said(where: str) -> str:
    """A place in the file in the reader's words ("párrafo 6"): a Phrase said, any other text as it is."""
    return str(said(where, i18n.translate))


def _place(a: WordAmendment, refs: dict[str, str]) -> str:
    """Where a change is in the file, or (a paragraph a clean rewrite left out) the version's paragraph it drops."""
    return _said(Phrase(N_("paragraph {n}"), n=a.paragraph + 1)) if a.paragraph >= 0 else refs.get(a.eid) or a.eid


def _where(u: Unplaced, refs: dict[str, str]) -> dict[str, str]:
    """What could not be placed, and why, in the reader's words: a paragraph of the version by its printed reference."""
    params = {k: refs.get(v, v) if k == "eid" else v for k, v in u.params.items()}
    return {"where": _said(u.where), "reason": i18n.translate(u.reason).format(**params)}


def _unplaced(u: Unplaced, refs: dict[str, str]) -> UnplacedView:
    return UnplacedView(**_where(u, refs))


def _command(a: WordAmendment, version: str) -> ProposeAmendment:
    rationale = i18n.translate(a.note).format(**a.note_params) if a.note else ""
    return ProposeAmendment(
        version=version,
        eid=a.eid,
        kind=a.kind.value,
        text=a.text if a.kind != AmendmentKind.DELETE else "",
        rationale=rationale,
        paragraph_kind=a.paragraph_kind.value if a.kind == AmendmentKind.INSERT else None,
    )


def _source(command: ImportWord, a: WordAmendment, filer: Actor, proposer: Actor) -> dict[str, object]:
    return {
        "file": command.filename,
        "authors": list(a.authors),
        "dates": list(a.dates),
        "key": a.key,
        "filed_by": filer.name if proposer is not filer else None,
    }


def _sources(command: ImportWord, t: WordThread, filer: Actor, proposer: Actor) -> list[dict[str, object]]:
    """Where the thread's first comment and each of its replies came from: the file, its Word author and date."""

    def source(author: str, date: str | None) -> dict[str, object]:
        return {
            "file": command.filename,
            "author": author,
            "date": date,
            "filed_by": filer.name if proposer is not filer else None,
            "key": t.key,
        }

    return [source(t.author, t.date), *(source(reply.author, reply.date) for reply in t.replies)]


def _thread(
    tx: Session,
    process: Process,
    proposer: Actor,
    on: Side,
    t: WordThread,
    command: ImportWord,
    filer: Actor,
    number: int,
    delegation: Delegation | None,
) -> Thread:
    first, *replies = _sources(command, t, filer, proposer)
    row = start_thread(
        tx,
        process,
        proposer,
        on,
        t.eid,
        t.quote,
        comment_body(t.body),
        first,
        number,
        stored=True,
        delegation=delegation,
    )
    for reply, source in zip(t.replies, replies, strict=True):
        reply_from(tx, process, row, proposer, reply.body, source)
    return row


__all__ = ["PlacedView", "UnplacedView", "WordImportView", "import_word"]
