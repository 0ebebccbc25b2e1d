"""Who asks, read with the process a page's address names: their role in it and its latest entry come in the same
query (the page's use cases then find them in the transaction: `access.looked_up`, `kept.last_entry`), so that a
kept page of a version is answered with that one statement, whether a browser's session or a token asks."""

from __future__ import annotations

from typing import Any, TypeVarTuple

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from ...store.models import Activity, Membership, Process, User
from ...store.state import unit_state
from ..access import known
from ..actor import Actor
from ..kept import entry_known
from ..unread import UNREAD, unread_known
from .users import ACTOR_COLUMNS

Ts = TypeVarTuple("Ts")


def at_process(credential: Any) -> Select[Any]:
    """The person `credential` (a table with a `user_id`) names, with the process of `:slug`, their role in it and
    its latest entry (None for a process that does not exist or that they are not in: the caller tells nothing)."""
    return (
        select(
            *ACTOR_COLUMNS,
            Process,
            Membership.role,
            select(func.max(Activity.seq)).where(Activity.process_id == Process.id).scalar_subquery(),
        )
        .select_from(credential)
        .join(User, credential.user_id == User.id)
        .outerjoin(Process, Process.slug == bindparam("slug"))
        .outerjoin(Membership, (Membership.process_id == Process.id) & (Membership.user_id == User.id))
    )


def asking_at(tx: Session, slug: str, row: Any) -> Actor:
    """The person of a row of `at_process`, what it read of the process kept for the transaction."""
    user, email, name, is_admin, locale, process, role, latest = row
    actor = Actor(user, email, name, is_admin, locale)
    known(tx, slug, actor, process, role)
    if process is not None and unit_state(tx).read_only:  # a write's later entries must be read where it needs them
        entry_known(tx, process.id, latest)
    return actor


def counting_unread(statement: Select[*Ts]) -> Select[*Ts, int]:
    """`statement` (who asks) with their inbox's unread count as its last column: a page's header shows it, read in
    the statement that reads who asks rather than in one of its own."""
    return statement.add_columns(UNREAD)


def unread_taken(tx: Session, row: Any, unread: bool) -> Any:
    """A row of who asks without its unread count (`counting_unread`), which is kept for the transaction."""
    if not unread:
        return row
    *rest, count = row
    unread_known(tx, rest[0], count or 0)
    return rest
