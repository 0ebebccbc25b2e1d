"""How fast one person may write what others then read: a flood costs its author.

One member posting comments as fast as the server answered filled a thread with 1,800 comments a
minute; another filed 23,250 proposals in 23 seconds. Past rates that no live consultation reaches (a
fast typist, a committee member keying in a session's amendments, a translator confirming short
paragraphs), each use case refuses the action: 429 with when to try again, in the person's language.
The rates are per person, whatever the process, over a sliding minute and a sliding hour (`LIMITS`,
documented in the README's Security section).

Counted in the store, in the transaction of the action itself, so every worker agrees and a burst
cannot slip past: a person's paced actions take their turn (a lock per person on PostgreSQL; SQLite's
write transactions are serial already), count what that person did in the windows, and record this
one. An action that files many at once (a file of proposals) is taken while its author is under each
limit and counts everything it files, so what comes next waits until those leave the window. A refused
or rolled-back action counts nothing. The command line (no account) is not paced.

What is not paced, and why: what the committee does at its own desk (the working draft, decisions,
votes, brackets, statuses, windows, compilations: a few people answerable for the process, who write
the draft directly anyway), and a person's own settings, reading marks and follows, which grow nothing
anyone else reads. What is done once per thing (co-sponsoring an amendment, withdrawing it, deleting
one's comment) is bounded by the paced things it is done to.
"""

from __future__ import annotations

import math
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from ..domain.errors import N_, TooMany
from ..domain.vocabulary import Role
from ..store.models import PacedAction
from ..store.types import utcnow
from .actor import Actor


class Pace(StrEnum):
    COMMENT = "comment"  # a reply, or an edit of one's own comment
    THREAD = "thread"  # a thread opened (with its first comment)
    RESOLUTION = "resolution"  # a thread resolved or reopened: its followers are told
    AMENDMENT = "amendment"  # an amendment proposed, reworded or refreshed; a Word file filed is one
    PROPOSAL = "proposal"  # a delegation's proposal in a submission window; a file counts each it files
    RECOMMENDATION = "recommendation"  # a recommendation added, or one's own edited
    POSITION = "position"  # a delegation's position recorded or changed
    OBJECTION = "objection"  # an objection lodged under a silence procedure
    TRANSLATION = "translation"  # a translation saved, approved or sent back; a file, a replacement, a bulk approval
    RENDERING = "rendering"  # an amendment rendered into a language; a file of renderings is one
    GLOSSARY = "glossary_proposal"  # a term proposed for the glossary
    TOKEN = "token"  # an API token created
    # FLOOR = "floor"  # a request for the floor, when meetings have one: its rate goes here


MINUTE, HOUR = timedelta(minutes=1), timedelta(hours=1)

LIMITS: dict[Pace, tuple[tuple[int, timedelta], ...]] = {
    Pace.COMMENT: ((30, MINUTE), (600, HOUR)),
    Pace.THREAD: ((20, MINUTE), (300, HOUR)),
    Pace.RESOLUTION: ((30, MINUTE), (600, HOUR)),
    Pace.AMENDMENT: ((30, MINUTE), (500, HOUR)),
    Pace.PROPOSAL: ((30, MINUTE), (500, HOUR)),
    Pace.RECOMMENDATION: ((30, MINUTE), (500, HOUR)),
    Pace.POSITION: ((30, MINUTE), (500, HOUR)),
    Pace.OBJECTION: ((5, MINUTE), (30, HOUR)),
    Pace.TRANSLATION: ((120, MINUTE), (2000, HOUR)),
    Pace.RENDERING: ((60, MINUTE), (1000, HOUR)),
    Pace.GLOSSARY: ((10, MINUTE), (100, HOUR)),
    Pace.TOKEN: ((10, MINUTE), (100, HOUR)),
}
"""Per person: at most so many actions of a kind in any sliding window. Typed one at a time, a comment, an
amendment, a proposal, a recommendation or a position every two seconds for a minute, or every seven seconds for an
hour, is faster than anyone writes; a resolution is a click, as many as comments. A translator saving short
paragraphs or confirming machine drafts saves at most one a second, and 2,000 an hour is one every two seconds for
an hour (a day's work is a few hundred); an amendment's rendering is a translation of a few words. A silence
procedure asks one objection of a delegation, a glossary term takes a minute to write, a token is made once per
program (or at each run of a script that signs in, once a minute at most). A file of proposals counts each one (a
delegation's are tens to a few hundred; the window's own cap is `MAX_WINDOW_PROPOSALS`); a Word file of amendments,
a file of translations or of renderings is one action, whatever it holds (its size has the import's own caps)."""

COMMITTEE_FREE = frozenset({Pace.PROPOSAL})
"""Kinds the committee (and an administrator) is not paced for: it files every delegation's proposals it was sent,
hundreds each, where a member files only their own; the window's cap per delegation bounds them still."""

MESSAGES = {
    Pace.COMMENT: N_("You are commenting faster than Accord allows: you can comment again in {wait}."),
    Pace.THREAD: N_("You are opening threads faster than Accord allows: you can open one again in {wait}."),
    Pace.RESOLUTION: N_(
        "You are resolving and reopening threads faster than Accord allows: you can do so again in {wait}."
    ),
    Pace.AMENDMENT: N_("You are proposing amendments faster than Accord allows: you can propose one again in {wait}."),
    Pace.PROPOSAL: N_("You are filing proposals faster than Accord allows: you can file more again in {wait}."),
    Pace.RECOMMENDATION: N_(
        "You are adding recommendations faster than Accord allows: you can add one again in {wait}."
    ),
    Pace.POSITION: N_("You are recording positions faster than Accord allows: you can record one again in {wait}."),
    Pace.OBJECTION: N_("You are submitting objections faster than Accord allows: you can submit one again in {wait}."),
    Pace.TRANSLATION: N_("You are saving translations faster than Accord allows: you can save again in {wait}."),
    Pace.RENDERING: N_("You are rendering amendments faster than Accord allows: you can render one again in {wait}."),
    Pace.GLOSSARY: N_(
        "You are proposing glossary terms faster than Accord allows: you can propose one again in {wait}."
    ),
    Pace.TOKEN: N_("You are creating API tokens faster than Accord allows: you can create one again in {wait}."),
}

PACE_LOCKS = 7230
"""The advisory lock space of paced actions on PostgreSQL (the other key is the person's id)."""


def pace(
    tx: Session,
    actor: Actor | None,
    kind: Pace,
    *,
    count: bool = True,
    weight: int = 1,
    role: Role | None = None,
) -> None:
    """Count one action of `kind` by `actor` in this transaction (as `weight` actions: what a file files), or
    refuse it (TooMany, 429) if a limit is reached. Call it at the start of the use case, once its permission is
    checked (with the `role` it found, for the kinds the committee is free of). A preview (`count` false) is
    refused past the limit too, but counts nothing: it writes nothing."""
    limits = LIMITS[kind]
    if actor is None or not actor.id or not limits:
        return  # who is not signed in is refused by the use case itself; the command line is not paced
    if kind in COMMITTEE_FREE and (role == Role.COMMITTEE or actor.is_admin):
        return
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
    if count and weight > 0:
        tx.execute(delete(PacedAction).where(*mine, PacedAction.at <= now - max(w for _, w in limits)))
        tx.execute(insert(PacedAction), [{"user_id": actor.id, "kind": kind.value, "at": now}] * weight)


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


__all__ = ["COMMITTEE_FREE", "LIMITS", "Pace", "pace", "span"]
