"""How fast one person may comment, open threads and propose amendments: a flood costs its author.

One member posting comments as fast as the server answered filled a thread with 1,800 comments a
minute. Past rates that no live consultation reaches (a fast typist, a committee member keying in a
session's amendments), each use case refuses the action: 429 with when to try again, in the person's
language. The rates are per person, whatever the process, over a sliding minute and a sliding hour
(`LIMITS`, documented in the README's Security section).

Counted in the store, in the transaction of the action itself, so every worker agrees and a burst
cannot slip past: a person's paced actions take their turn (a lock per person on PostgreSQL; SQLite's
write transactions are serial already), count what that person did in the windows, and record this
one. A refused or rolled-back action counts nothing. The command line (no account) is not paced.
"""

from __future__ import annotations

import math
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from ..domain.errors import N_, TooMany
from ..store.models import PacedAction
from ..store.types import utcnow
from .actor import Actor


class Pace(StrEnum):
    COMMENT = "comment"  # a reply, or an edit of one's own comment
    THREAD = "thread"  # a thread opened (with its first comment)
    AMENDMENT = "amendment"  # an amendment proposed or reworded; a Word file filed is one, whatever it holds


MINUTE, HOUR = timedelta(minutes=1), timedelta(hours=1)

LIMITS: dict[Pace, tuple[tuple[int, timedelta], ...]] = {
    Pace.COMMENT: ((30, MINUTE), (600, HOUR)),
    Pace.THREAD: ((20, MINUTE), (300, HOUR)),
    Pace.AMENDMENT: ((30, MINUTE), (500, HOUR)),
}
"""Per person: at most so many actions of a kind in any sliding window. A comment every two seconds for a
minute, or every six seconds for an hour, is faster than anyone types; a Word import of hundreds of
amendments is one action (its size has the import's own caps)."""

MESSAGES = {
    Pace.COMMENT: N_("You are commenting faster than Accord allows: you can comment again in {wait}."),
    Pace.THREAD: N_("You are opening threads faster than Accord allows: you can open one again in {wait}."),
    Pace.AMENDMENT: N_("You are proposing amendments faster than Accord allows: you can propose one again in {wait}."),
}

PACE_LOCKS = 7230
"""The advisory lock space of paced actions on PostgreSQL (the other key is the person's id)."""


def pace(tx: Session, actor: Actor | None, kind: Pace, *, count: bool = True) -> None:
    """Count one action of `kind` by `actor` in this transaction, or refuse it (TooMany, 429) if it would
    go past a limit. Call it at the start of the use case, once its permission is checked. A preview
    (`count` false) is refused past the limit too, but counts nothing: it writes nothing."""
    limits = LIMITS[kind]
    if actor is None or not actor.id or not limits:
        return  # who is not signed in is refused by the use case itself; the command line is not paced
    if tx.get_bind().dialect.name == "postgresql":
        tx.execute(text("SELECT pg_advisory_xact_lock(:space, :who)"), {"space": PACE_LOCKS, "who": actor.id})
    now = utcnow()  # read once the turn is ours: the person's actions are recorded in time order
    mine = (PacedAction.user_id == actor.id, PacedAction.kind == kind.value)
    for limit, window in limits:
        # The limit-th latest action within the window: while it is there, the limit is reached.
        reached = tx.scalar(
            select(PacedAction.at)
            .where(*mine, PacedAction.at > now - window)
            .order_by(PacedAction.at.desc())
            .offset(limit - 1)
            .limit(1)
        )
        if reached is not None:
            raise _refusal(kind, limit, window, reached + window - now)
    if count:
        tx.execute(delete(PacedAction).where(*mine, PacedAction.at <= now - max(w for _, w in limits)))
        tx.add(PacedAction(user_id=actor.id, kind=kind.value, at=now))


def _refusal(kind: Pace, limit: int, window: timedelta, wait: timedelta) -> TooMany:
    seconds = max(1, math.ceil(wait.total_seconds()))
    refused = TooMany(MESSAGES[kind], retry_after=seconds, wait=span(seconds))
    refused.detail.update(kind=kind.value, limit=limit, window=int(window.total_seconds()))
    return refused


def span(seconds: int) -> str:
    """`45 s`, `2 min`, `1 h`: a wait in symbols that read alike in Spanish, English and French."""
    if seconds >= 3600 and seconds % 3600 == 0:
        return f"{seconds // 3600}\u00a0h"
    if seconds < 120 and seconds % 60:
        return f"{seconds}\u00a0s"
    return f"{math.ceil(seconds / 60)}\u00a0min"


__all__ = ["LIMITS", "Pace", "pace", "span"]
