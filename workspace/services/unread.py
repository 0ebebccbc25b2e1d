"""How many entries of someone's inbox are unread: the header's count on every page, and what a live stream tells
its reader when it changes.

The count is the inbox's own (`inbox.inbox`): notifications not read yet, of processes the person still belongs to
(all, for an administrator), in a role that reads them (`readable`). A page reads it with who asks, in that same
statement (`UNREAD`, a column of the statements of `accounts`), so the header costs no statement of its own; the live
streams of a process read it for all their readers in one statement (`unread_counts`)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from ..domain.permissions import Action, allows
from ..domain.vocabulary import Role
from ..store.models import Membership, Notification, Process, User
from ..store.state import unit_state
from .actor import Actor
from .unit import reads

_n = aliased(Notification)
# Who reads what only the committee reads (the working draft's threads and amendments): their entries' readers.
_DRAFT_READERS = [role.value for role in Role if allows(role, Action.READ_DRAFT)]


def readable(notification: Any, user_id: Any, is_admin: Any) -> ColumnElement[bool]:
    """`notification` (the model or an alias of it) is of a process that is not deleted and that `user_id` still
    belongs to (any, for an administrator), in a role that reads it (the committee, for what only it reads)."""
    m, p = aliased(Membership), aliased(Process)
    live = exists().where(p.id == notification.process_id, p.deleted_at.is_(None)).correlate_except(p)
    belongs = (
        exists()
        .where(
            m.process_id == notification.process_id,
            m.user_id == user_id,
            or_(~notification.committee_only, m.role.in_(_DRAFT_READERS)),
        )
        .correlate_except(m)
    )
    return and_(live, or_(is_admin, belongs))


def _unread_of(user_id: Any, is_admin: Any) -> ColumnElement[bool]:
    """Notification `_n` is unread by `user_id`, and theirs to read."""
    return and_(_n.user_id == user_id, _n.read_at.is_(None), readable(_n, user_id, is_admin))


def _counted() -> Select[int]:
    return select(func.count(_n.id)).select_from(_n)


# The unread count of the person of a row of `users` (a column of the statements that read who asks).
UNREAD = _counted().where(_unread_of(User.id, User.is_admin)).correlate(User).scalar_subquery()


def unread_known(tx: Session, user_id: int, count: int) -> None:
    """The unread count of `user_id`, read with who asks: kept for the transaction (`unread_count` finds it)."""
    unit_state(tx).unread[user_id] = count


def forget_unread(tx: Session) -> None:
    """The counts kept for the transaction are no longer right (notifications were marked read in it)."""
    unit_state(tx).unread = {}


@reads
def unread_count(tx: Session, actor: Actor | None) -> int | None:
    """The header's count for `actor` (None when nobody is signed in): the one read with them if it was, else read."""
    if actor is None:
        return None
    known = unit_state(tx).unread
    if actor.id in known:
        return known[actor.id]
    count: int = tx.scalar(_counted().where(_unread_of(actor.id, actor.is_admin))) or 0
    unread_known(tx, actor.id, count)
    return count


@reads
def unread_counts(tx: Session, user_ids: Collection[int]) -> dict[int, int]:
    """The unread count of each of `user_ids` (0 for one with none), in one statement: the live streams' readers."""
    if not user_ids:
        return {}
    person = aliased(User)
    rows = tx.execute(
        select(_n.user_id, func.count(_n.id))
        .select_from(_n)
        .join(person, person.id == _n.user_id)
        .where(_n.user_id.in_(set(user_ids)), _unread_of(_n.user_id, person.is_admin))
        .group_by(_n.user_id)
    ).all()
    counts = dict.fromkeys(user_ids, 0)
    counts.update((user_id, count) for user_id, count in rows)
    return counts
