"""Finding a process and the actor's role in it, and recording what was done."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, func, or_, select, text
from sqlalchemy.orm import Session

from ..domain.errors import N_, Conflict, NotAuthenticated, NotFound
from ..domain.notifications.news import VERB_KINDS
from ..domain.permissions import Action, require
from ..domain.processes.audience import Readers, audience_of, reads
from ..domain.processes.record_chain import GENESIS, content_of, digest_of, link, moment, new_salt
from ..domain.vocabulary import Role
from ..store.models import Activity, Membership, Outbox, Process
from ..store.state import unit_state
from ..store.types import utcnow
from .actor import SYSTEM, Actor
from .inbox_news import tell_inbox
from .outbox_entries import traced
from .unit import writing
from .webhook_events import enqueue as enqueue_webhooks

__all__ = ["SYSTEM", "lock_process", "process_for", "record", "require_actor", "role_in", "stored_id"]


def stored_id(actor: Actor | None) -> int | None:
    """The account id to record as author: none for the command line."""
    return actor.id if actor is not None and actor.id else None


def require_actor(actor: Actor | None) -> Actor:
    if actor is None:
        raise NotAuthenticated(N_("Please sign in first."))
    return actor


def role_in(tx: Session, process: Process, actor: Actor | None) -> Role | None:
    if actor is None:
        return None
    role = tx.scalar(select(Membership.role).where(Membership.process_id == process.id, Membership.user_id == actor.id))
    return Role(role) if role else None


# Built once: a page's first query, at every request (its compiled form is then found by its cache key at once).
_PROCESS_AND_ROLE = (
    select(Process, Membership.role)
    .outerjoin(Membership, (Membership.process_id == Process.id) & (Membership.user_id == bindparam("user")))
    .where(Process.slug == bindparam("slug"))
)


def looked_up(tx: Session, slug: str, actor: Actor) -> tuple[Process | None, Role | None]:
    """The process `slug` and the actor's role in it, in one query, once per transaction: a page composes several
    use cases (and its language is the process's), each asking again."""
    cache = unit_state(tx).process_for
    if (slug, actor.id) not in cache:
        row = tx.execute(_PROCESS_AND_ROLE, {"user": actor.id, "slug": slug}).first()
        known(tx, slug, actor, row[0] if row else None, row[1] if row else None)
    return cache[(slug, actor.id)]


def known(tx: Session, slug: str, actor: Actor, process: Process | None, role: str | None) -> None:
    """What `looked_up` reads, read with something else (who asks, at a request's start): kept for the transaction."""
    unit_state(tx).process_for[(slug, actor.id)] = (process, Role(role) if role else None)


def process_for(tx: Session, slug: str, actor: Actor | None, action: Action) -> tuple[Process, Role | None]:
    """The process `slug` if the actor may take `action` in it; 404 for outsiders, 403 for members."""
    actor = require_actor(actor)
    process, role = looked_up(tx, slug, actor)
    if process is None or process.deleted_at is not None or (role is None and not actor.is_admin):
        # Outsiders learn nothing about a process, not even that it exists; a deleted one is gone for everyone.
        raise NotFound(N_("No process “{slug}”."), slug=slug)
    require(role, action, is_admin=actor.is_admin)
    if process.archived_at is not None and writing() and not (unit_state(tx).unarchiving or unit_state(tx).deleting):
        # Read-only for all: every write use case asks for its process here first.
        raise Conflict(N_("The process “{slug}” is archived: it can be read, not changed."), slug=slug)
    return process, role


PUBLICLY_SHOWN = or_(Process.deleted_at.is_(None), Process.keep_published)
"""A process whose publications the public reads: not deleted, or deleted with its publications kept."""


def lock_process(tx: Session, process: Process) -> None:
    """Serialise with the other writers of this process (a row lock on PostgreSQL;
    SQLite's write transactions are serial already). NO KEY UPDATE does not block the foreign-key
    checks of concurrent inserts, as FOR UPDATE would (and deadlock)."""
    tx.execute(select(Process.id).where(Process.id == process.id).with_for_update(key_share=True))


Numbers = tuple[int, int, int]
"""A process's last `seq`, `translators_seq` and `shared_seq`."""


def _numbers(row: Activity) -> Numbers:
    return row.seq or 0, row.translators_seq or 0, row.shared_seq or 0


def _last_numbers(tx: Session, process_id: int) -> Numbers:
    """The last numbers of the process in each numbering, counting the entries this transaction has not
    flushed yet (read without flushing: the caller may hold objects still being built).

    Kept in the transaction beside the last entry numbered, so that a use case recording a thousand
    entries (a Word file's amendments) reads the store once, not once per entry over all the entries
    before it. Numbers kept by another transaction, or whose entry was undone since (its savepoint
    rolled back, so it left the session), are read afresh."""
    kept = unit_state(tx).activity_numbers.get(process_id)
    if kept is not None and kept[2] is tx.get_transaction() and kept[1] in tx:
        numbers: Numbers = kept[0]
        return numbers
    with tx.no_autoflush:
        stored = tx.execute(
            select(func.max(Activity.seq), func.max(Activity.translators_seq), func.max(Activity.shared_seq)).where(
                Activity.process_id == process_id
            )
        ).one()
    pending = [_numbers(a) for a in tx.new if isinstance(a, Activity) and a.process_id == process_id]
    seq, translators, shared = (max(n or 0 for n in column) for column in zip(stored, *pending, strict=True))
    return seq, translators, shared


def _last_link(tx: Session, process_id: int, seq: int) -> str:
    """The link of the process's entry `seq` (the one before the entry being recorded), from this transaction's
    entries if it is one of them, else from the store."""
    if seq == 0:
        return GENESIS
    kept = unit_state(tx).activity_numbers.get(process_id)
    if kept is not None and kept[2] is tx.get_transaction() and kept[1] in tx and kept[1].seq == seq:
        return kept[1].chain or GENESIS
    pending = [a for a in tx.new if isinstance(a, Activity) and a.process_id == process_id and a.seq == seq]
    if pending:
        return pending[0].chain or GENESIS
    with tx.no_autoflush:
        found = tx.scalar(select(Activity.chain).where(Activity.process_id == process_id, Activity.seq == seq))
    return found or GENESIS


def _chained(tx: Session, row: Activity, before: str) -> None:
    """The entry's salted digest and its link to the one before (domain.processes.record_chain)."""
    assert row.seq is not None
    row.salt = new_salt()
    content = content_of(row.seq, row.actor_id, row.verb, row.subject, row.data, moment(row.created_at))
    row.digest = digest_of(row.salt, content)
    row.chain = link(before, row.digest)


EVENT_LOCKS = 7201  # the advisory lock space of the event order (the other key is the process id)


def record(
    tx: Session,
    actor: Actor | None,
    verb: str,
    subject: str = "",
    process: Process | None = None,
    *,
    on_draft: bool = False,
    **data: Any,
) -> None:
    """Append to the audit trail, in the same transaction as the change it records; `on_draft`: it was
    done on the working draft, so only the committee reads it (domain.processes.audience: who reads each kind).

    The trail is also the process's stream of live events, numbered per process for each level of reader (`seq`
    for the committee, `translators_seq` and `shared_seq` for the entries translators and everyone read): on
    PostgreSQL, writers of one process take their numbers one after the other (a lock held to commit), so that a
    reader who saw 11 never finds a 10 committed after it. SQLite's writers are serial already."""
    if on_draft:
        data["on_draft"] = True
    row = Activity(
        process_id=process.id if process else None,
        actor_id=stored_id(actor),
        verb=verb,
        subject=subject,
        data=data,
        created_at=utcnow(),
    )
    if process is not None:
        if tx.get_bind().dialect.name == "postgresql":
            tx.execute(
                text("SELECT pg_advisory_xact_lock(:space, :process)"), {"space": EVENT_LOCKS, "process": process.id}
            )
        seq, translators, shared = _last_numbers(tx, process.id)
        audience = audience_of(verb, subject, data)
        row.seq = seq + 1
        row.translators_seq = translators + 1 if reads(Readers.TRANSLATORS, audience) else None
        row.shared_seq = shared + 1 if reads(Readers.PROCESS, audience) else None
        _chained(tx, row, _last_link(tx, process.id, seq))
    tx.add(row)
    if process is not None:
        enqueue_webhooks(tx, row, process)
        numbers = (seq + 1, row.translators_seq or translators, row.shared_seq or shared)
        unit_state(tx).activity_numbers[process.id] = (numbers, row, tx.get_transaction())
    if process is not None and verb in VERB_KINDS and not unit_state(tx).quiet:
        # The news goes out only if this transaction commits: the outbox row commits with it, and so do the inbox
        # entries of what the inbox keeps.
        tx.add(Outbox(kind="notify", activity=row, data=traced({})))
        tell_inbox(tx, row)
