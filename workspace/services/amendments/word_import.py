"""A Word file's tracked changes and margin comments, filed as amendments and threads on a version.

The preview files everything for real and undoes it (`rehearsal`): what it shows is exactly what
filing makes, numbers included. Filing is all or nothing, what the person left out (`skip`) aside.
"""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.amendment_commands import ImportWord, ProposeAmendment
from ...domain.amendments import AmendmentKind
from ...domain.comment_commands import comment_body
from ...domain.document import Block
from ...domain.errors import N_, AccordError, InvalidInput, NotFound
from ...domain.permissions import Action, require
from ...domain.vocabulary import Role
from ...domain.word_amendments import WordAmendment, WordThread, proposals
from ...domain.word_reading import Unplaced, read_docx
from ...store.models import Membership, Process, Thread, User
from ..access import lock_process, process_for, record, require_actor
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
from ..declaration.sides import Side, side
from ..unit import rehearsal, use_case
from .proposals import _base, file_amendment, is_committee
from .records import current_for, next_number, views
from .views import AmendmentView


class PlacedView(Struct, frozen=True):
    """How an item of the file was placed: its key ("p12", "c3"), the paragraph it went to and how."""

    key: str
    where: str  # "paragraph 13", "comment 3": its place in the file
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


def _proposer(tx: Session, process: Process, filer: Actor, role: Role | None, email: str | None) -> tuple[Actor, Role | None]:
    """Who proposes: the person filing, or the member the committee files for (recorded as such)."""
    if email is None:
        return filer, role
    require(role, Action.DECIDE_AMENDMENT, is_admin=filer.is_admin)  # only the committee files for someone
    found = tx.execute(select(User, Membership.role).join(Membership, Membership.user_id == User.id)
                       .where(Membership.process_id == process.id, User.email == email)).first()
    if found is None:
        raise NotFound(N_("No member “{email}” in this process."), email=email)
    user, their = found
    member_role = Role(their)
    require(member_role, Action.PROPOSE_AMENDMENT)
    return actor_of(user), member_role


def _blocks(tx: Session, process: Process, version_id: int | None, ref: str) -> list[Block]:
    if version_id is None:
        return draft_blocks(tx, process)
    return version_blocks(tx, find_version(tx, process, ref))


@use_case
def import_word(tx: Session, actor: Actor | None, slug: str, command: ImportWord) -> WordImportView:
    """The amendments and threads a Word file asks of a version (the committee: also of the draft): a
    preview, or filed all at once, what `skip` names left out."""
    process, role = process_for(tx, slug, actor, Action.PROPOSE_AMENDMENT)
    filer = require_actor(actor)
    proposer, proposer_role = _proposer(tx, process, filer, role, command.on_behalf_of)
    # The version's rules are the filer's (the committee may file after the deadline, as for a proposal).
    version_id, texts = _base(tx, process, filer, role, command.version)
    if proposer is not filer and version_id is None:
        raise InvalidInput(N_("Only the committee amends the working draft: file it against a circulated version."))
    blocks = _blocks(tx, process, version_id, command.version)
    document = read_docx(command.data, command.filename)
    found = proposals(document, blocks)
    if not found.amendments and not found.threads:
        raise InvalidInput(N_("Nothing in “{file}” matches a paragraph of {version}, or it changes nothing: no amendment "
                              "and no comment to file."), file=command.filename, version=command.version,
                           detail={"unplaced": [_where(u) for u in found.unplaced]})
    label = DRAFT if version_id is None else find_version(tx, process, command.version).label
    unplaced = [_unplaced(u) for u in found.unplaced]
    lock_process(tx, process)
    wanted = [a for a in found.amendments if a.key not in command.skip]
    commented = [t for t in found.threads if t.key not in command.skip]
    with rehearsal(tx, undo=command.preview):
        # Every text stored at once, numbers given in turn: a file of hundreds of changes in a few queries.
        store_revisions(tx, [*(texts[a.eid] for a in wanted if a.kind != AmendmentKind.INSERT), *(a.text for a in wanted),
                             *(texts[t.eid] for t in commented)])
        rows, number = [], next_number(tx, process)
        for a in wanted:
            try:
                rows.append(file_amendment(tx, process, proposer, version_id, texts, _command(a, label),
                                           _source(command, a, filer, proposer), number, stored=True))
                number += 1
            except AccordError as exc:  # a change that asks nothing once read (a formatting change) …
                unplaced.append(UnplacedView(_place(a), exc.render(i18n.translate)))
        tx.flush()
        on = side(tx, process, command.version, proposer_role, proposer)
        first = next_thread(tx, process)
        opened = [_thread(tx, process, proposer, on, t, command, filer, first + k) for k, t in enumerate(commented)]
        amendments = views(tx, rows, current_for(tx, process, is_committee(role, filer)))
        threads = thread_views(tx, opened, on, proposer, history=True)
    if not command.preview:
        record(tx, filer, "amendments.imported", f"process:{process.slug}", process, file=command.filename, version=label,
               amendments=len(rows), threads=len(opened), on_behalf_of=command.on_behalf_of or "")
    placed = [PlacedView(key=a.key, where=_place(a), eid=a.eid, how=a.placement.how if a.placement else "after",
                         score=a.placement.score if a.placement else 0.0) for a in wanted]
    placed += [PlacedView(key=t.key, where=f"comment {t.key[1:]}", eid=t.eid, how=t.placement.how, score=t.placement.score)
               for t in commented]
    return WordImportView(amendments=amendments, threads=threads, unplaced=unplaced, placed=placed, saved=not command.preview,
                          file=command.filename, tracked=document.tracked)


def _place(a: WordAmendment) -> str:
    return f"paragraph {a.paragraph + 1}" if a.paragraph >= 0 else a.eid


def _where(u: Unplaced) -> dict[str, str]:
    return {"where": u.where, "reason": i18n.translate(u.reason).format(**u.params)}


def _unplaced(u: Unplaced) -> UnplacedView:
    return UnplacedView(**_where(u))


def _command(a: WordAmendment, version: str) -> ProposeAmendment:
    rationale = i18n.translate(a.note).format(**a.note_params) if a.note else ""
    return ProposeAmendment.build(version, a.eid, a.kind.value, a.text if a.kind != AmendmentKind.DELETE else None, rationale,
                                  a.paragraph_kind.value if a.kind == AmendmentKind.INSERT else None)


def _source(command: ImportWord, a: WordAmendment, filer: Actor, proposer: Actor) -> dict[str, object]:
    return {"file": command.filename, "authors": list(a.authors), "dates": list(a.dates), "key": a.key,
            "filed_by": filer.name if proposer is not filer else None}


def _thread(tx: Session, process: Process, proposer: Actor, on: Side, t: WordThread, command: ImportWord, filer: Actor,
            number: int) -> Thread:
    def source(author: str, date: str | None) -> dict[str, object]:
        return {"file": command.filename, "author": author, "date": date, "filed_by": filer.name if proposer is not filer else None,
                "key": t.key}

    row = start_thread(tx, process, proposer, on, t.eid, t.quote, comment_body(t.body), source(t.author, t.date), number,
                       stored=True)
    for reply in t.replies:
        reply_from(tx, process, row, proposer, reply.body, source(reply.author, reply.date))
    return row


__all__ = ["PlacedView", "UnplacedView", "WordImportView", "import_word"]
