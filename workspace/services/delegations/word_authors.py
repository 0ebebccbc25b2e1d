"""Which delegation a Word file's author is: kept by the committee (or made when it files a file on a delegation's
behalf), read by every Word import of the process (services.amendments.word_import)."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.delegations.delegations import MAX_AUTHOR, MapWordAuthor
from ...domain.permissions import Action
from ...store.models import Delegation, User, WordAuthor
from ...store.types import utcnow
from ..access import process_for, record, stored_id
from ..actor import Actor
from ..unit import reads, use_case
from .records import named, ref_of
from .views import DelegationRef


class WordAuthorView(Struct, frozen=True, kw_only=True):
    author: str  # as Word writes it (w:author)
    delegation: DelegationRef
    set_by: str | None
    set_at: datetime


@reads
def list_word_authors(tx: Session, actor: Actor | None, slug: str) -> list[WordAuthorView]:
    """The Word authors the committee said are a delegation's, by author."""
    process, _ = process_for(tx, slug, actor, Action.MANAGE_DELEGATIONS)
    rows = tx.execute(
        select(WordAuthor, Delegation, User.name)
        .join(Delegation, Delegation.id == WordAuthor.delegation_id)
        .outerjoin(User, User.id == WordAuthor.set_by_id)
        .where(WordAuthor.process_id == process.id)
        .order_by(WordAuthor.author)
    ).all()
    return [
        WordAuthorView(author=row.author, delegation=ref, set_by=name, set_at=row.set_at)
        for row, delegation, name in rows
        if (ref := ref_of(delegation, process)) is not None
    ]


@use_case
def map_word_author(tx: Session, actor: Actor | None, slug: str, command: MapWordAuthor) -> list[WordAuthorView]:
    """The committee says which delegation a Word author is (its `delegation` None: forget the author)."""
    process, _ = process_for(tx, slug, actor, Action.MANAGE_DELEGATIONS)
    name, code = command.author, command.delegation
    row = tx.scalar(select(WordAuthor).where(WordAuthor.process_id == process.id, WordAuthor.author == name))
    if code is None:
        if row is not None:
            was = tx.get(Delegation, row.delegation_id)
            tx.delete(row)
            subject = f"delegation:{was.code}" if was is not None else ""
            record(tx, actor, "word_author.forgotten", subject, process, author=name, committee_only=True)
        tx.flush()
        return list_word_authors(tx, actor, slug)
    delegation = named(tx, process, code.strip().upper())
    if row is None:
        tx.add(WordAuthor(process_id=process.id, author=name, delegation_id=delegation.id, set_by_id=stored_id(actor)))
    else:
        row.delegation_id, row.set_by_id, row.set_at = delegation.id, stored_id(actor), utcnow()
    record(
        tx,
        actor,
        "word_author.mapped",
        f"delegation:{delegation.code}",
        process,
        author=name,
        code=delegation.code,
        committee_only=True,  # which Word author is whom: the committee's business
    )
    tx.flush()
    return list_word_authors(tx, actor, slug)


__all__ = ["MAX_AUTHOR", "WordAuthorView", "list_word_authors", "map_word_author"]
