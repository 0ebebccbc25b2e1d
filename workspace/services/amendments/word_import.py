"""A Word file's tracked changes and margin comments, filed as amendments and threads on a version.

The preview files everything for real and undoes it (`rehearsal`): what it shows is exactly what
filing makes, numbers included. Filing is all or nothing, what the person left out (`skip`) aside.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from msgspec import Struct
from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.amendments.amendment_commands import ImportWord, ProposeAmendment
from ...domain.amendments.amendments import AmendmentKind
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
    Delegation,
    Membership,
    Process,
    Thread,
    User,
    WordAuthor,
)
from ...store.types import utcnow
from ..access import lock_process, process_for, record, require_actor, stored_id
from ..accounts.users import actor_of
from ..actor import Actor
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
from .word_preview import Unsaved


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
class _Who:
    """Who files a Word file, and for whom: the filer and their role, the proposer (the filer, or the member the
    committee files for) and theirs."""

    process: Process
    role: Role | None
    filer: Actor
    proposer: Actor
    proposer_role: Role | None

    @classmethod
    def of(cls, tx: Session, actor: Actor | None, slug: str, command: ImportWord, *, count: bool) -> _Who:
        """Checked at each step: one who may propose, within the pace (`count`: this step is the action counted)."""
        process, role = process_for(tx, slug, actor, Action.PROPOSE_AMENDMENT)
        pace(tx, actor, Pace.AMENDMENT, count=count)
        filer = require_actor(actor)
        proposer, proposer_role = _proposer(tx, process, filer, role, command.on_behalf_of)
        return cls(process, role, filer, proposer, proposer_role)

    @property
    def committee(self) -> bool:
        """The filer reads as the committee does (the amendments on the working draft too)."""
        return is_committee(self.role, self.filer)


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


def _behalf(tx: Session, who: _Who, command: ImportWord) -> _Behalf:
    process = who.process
    named = acting_for(tx, process, who.role, who.filer, command.delegation) if command.delegation else None
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
    return _Behalf(named, mapped, own(tx, process, who.proposer))


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
    who = _Who.of(tx, actor, slug, command, count=False)  # past the rate, refused before the file is read
    # The version's rules are the filer's (the committee may file after the deadline, as for a proposal).
    version_id, texts = amendment_base(tx, who.process, who.filer, who.role, command.version)
    if who.proposer is not who.filer and version_id is None:
        raise InvalidInput(N_("Only the committee amends the working draft: file it against a circulated version."))
    return _Basis(version_id, texts, *_blocks(tx, who.process, version_id, command.version))


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
    filing = _Filing.start(tx, actor, slug, command, basis, found, save)
    unplaced = [_unplaced(u, basis.refs) for u in found.unplaced]
    if save:
        filing.store()
    rows = filing.file_amendments(unplaced)
    on, opened = filing.open_threads()
    who, unsaved = filing.who, filing.unsaved
    amendments = views(
        tx, rows, current_for(tx, who.process, who.committee), unsaved=unsaved.texts if unsaved else None
    )
    threads = thread_views(tx, opened, on, who.proposer, history=True, unsaved=unsaved.comments if unsaved else None)
    if save:
        filing.record_import(rows, opened)
    return WordImportView(
        amendments=amendments,
        threads=threads,
        unplaced=unplaced,
        placed=filing.placed(),
        saved=save,
        file=command.filename,
        tracked=tracked,
    )


@dataclass(frozen=True)
class _Filing:
    """A file's changes and comments being filed, or previewed (`unsaved`: the rows kept out of the store), with
    what the call reads once: who files them for whom, the text they amend (read again: time went by since the
    file was), the label it is named by, on whose behalf each goes."""

    tx: Session
    who: _Who
    command: ImportWord
    basis: _Basis
    amendments: list[WordAmendment]  # the file's, but those `skip` names
    threads: list[WordThread]  # the same
    version_id: int | None  # None: the working draft
    texts: dict[str, str]  # the paragraphs they are made on, by eId
    label: str  # the version's, or "draft"
    behalf: _Behalf
    unsaved: Unsaved | None  # None: filed for real

    @classmethod
    def start(
        cls,
        tx: Session,
        actor: Actor | None,
        slug: str,
        command: ImportWord,
        basis: _Basis,
        found: WordProposals,
        save: bool,
    ) -> _Filing:
        """The rules checked again (the version's: the deadline may have passed; the draft's paragraphs: they may have
        changed while the file was read), a filing counted as one action (the import has its caps), a preview not."""
        who = _Who.of(tx, actor, slug, command, count=save)
        wanted = [a for a in found.amendments if a.key not in command.skip]
        commented = [t for t in found.threads if t.key not in command.skip]
        eids = {a.eid for a in wanted} | {t.eid for t in commented}
        version_id, texts = amendment_base(tx, who.process, who.filer, who.role, command.version, eids)
        _still_as_read(basis, version_id, texts, eids)
        label = DRAFT if version_id is None else find_version(tx, who.process, command.version).label
        behalf = _behalf(tx, who, command)
        made = _texts_made(wanted, commented, texts)
        unsaved = (
            None
            if save
            else Unsaved(tx, who.process, who.proposer, version_id is None, {revision_id(t): t for t in made})
        )
        return cls(tx, who, command, basis, wanted, commented, version_id, texts, label, behalf, unsaved)

    def store(self) -> None:
        """Filing: the process locked, every text stored at once and numbers given in turn (`file_amendments`): a
        file of hundreds of changes in a few queries."""
        lock_process(self.tx, self.who.process)
        store_revisions(self.tx, _texts_made(self.amendments, self.threads, self.texts))

    def file_amendments(self, unplaced: list[UnplacedView]) -> list[Amendment]:
        """The changes filed as amendments, numbered in turn (a preview's kept out of the store); one refused once
        read (a formatting change, which asks nothing …) is told in `unplaced`, with why."""
        who, rows = self.who, []
        number = next_number(self.tx, who.process, self.version_id is None)
        for a in self.amendments:
            try:
                row = file_amendment(
                    self.tx,
                    who.process,
                    who.proposer,
                    self.version_id,
                    self.texts,
                    _command(a, self.label),
                    _source(self.command, a, who.filer, who.proposer),
                    number,
                    stored=True,
                    add=self.unsaved is None,
                    delegation=self.behalf.of(a.authors),
                )
            except AccordError as exc:
                unplaced.append(UnplacedView(_place(a, self.basis.refs), exc.render(i18n.translate)))
                continue
            rows.append(row if self.unsaved is None else self.unsaved.amendment(row))
            number += 1
        if self.unsaved is None:
            self.tx.flush()
        return rows

    def open_threads(self) -> tuple[Side, list[Thread]]:
        """The side the comments are made on, and the threads they open (a preview's kept out of the store). Filed on
        behalf of a delegation, the file's Word authors are mapped to it (`_map_authors`)."""
        who, tx = self.who, self.tx
        on = side(tx, who.process, self.command.version, who.proposer_role, who.proposer)
        first = next_thread(tx, who.process, on.version is None)
        if self.unsaved is not None:
            return on, [
                self.unsaved.thread(
                    who.process, on, t, _sources(self.command, t, who.filer, who.proposer), first + k, self._for(t)
                )
                for k, t in enumerate(self.threads)
            ]
        opened = [
            _thread(tx, who.process, who.proposer, on, t, self.command, who.filer, first + k, self._for(t))
            for k, t in enumerate(self.threads)
        ]
        if self.behalf.named is not None:
            authors = {name for a in self.amendments for name in a.authors} | {
                t.author for t in self.threads if t.author
            }
            _map_authors(tx, who.process, who.filer, who.role, self.behalf.named, authors)
        return on, opened

    def _for(self, t: WordThread) -> Delegation | None:
        """On whose behalf the thread of comment `t` is opened."""
        return self.behalf.of([t.author])

    def record_import(self, rows: list[Amendment], opened: list[Thread]) -> None:
        """The filing in the activity log: the file, the text it amends, what it filed."""
        process = self.who.process
        record(
            self.tx,
            self.who.filer,
            "amendments.imported",
            f"process:{process.slug}",
            process,
            file=self.command.filename,
            version=self.label,
            amendments=len(rows),
            threads=len(opened),
            on_behalf_of=self.command.on_behalf_of or "",
        )

    def placed(self) -> list[PlacedView]:
        """Where each change and comment filed was placed, and how."""
        return [
            *(_placed_change(a, self.basis.refs) for a in self.amendments),
            *(_placed_comment(t) for t in self.threads),
        ]


def _still_as_read(basis: _Basis, version_id: int | None, texts: dict[str, str], eids: set[str]) -> None:
    """409 when the working draft's paragraphs `eids` changed while the file was being read (a version's never do)."""
    if version_id is None and texts != {eid: basis.texts[eid] for eid in eids if eid in basis.texts}:
        raise Conflict(N_("The working draft changed while your file was being read: please send it again."))


def _texts_made(amendments: list[WordAmendment], threads: list[WordThread], texts: dict[str, str]) -> list[str]:
    """The texts a filing stores: the paragraphs its changes (but inserts) and comments are made on, the changes'
    words."""
    return [
        *(texts[a.eid] for a in amendments if a.kind != AmendmentKind.INSERT),
        *(a.text for a in amendments),
        *(texts[t.eid] for t in threads),
    ]


def _placed_change(a: WordAmendment, refs: dict[str, str]) -> PlacedView:
    """Where a change was placed: the paragraph it went to, how (an insert: after it)."""
    return PlacedView(
        key=a.key,
        where=_place(a, refs),
        eid=a.eid,
        how=a.placement.how if a.placement else "after",
        score=a.placement.score if a.placement else 0.0,
    )


def _placed_comment(t: WordThread) -> PlacedView:
    """Where a margin comment was placed: the paragraph it went to, and how."""
    return PlacedView(
        key=t.key,
        where=_said(Phrase(N_("comment {n}"), n=t.key[1:])),
        eid=t.eid,
        how=t.placement.how,
        score=t.placement.score,
    )


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
