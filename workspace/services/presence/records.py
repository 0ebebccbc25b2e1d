"""Presence kept in the store, one row per person and place: a heartbeat refreshes its row and says what changed, a
list reads the rows of the last minute that the reader may see. Rows a minute old are taken out by the next heartbeat
of the process, and told as gone."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import timedelta

import msgspec
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.errors import N_, Forbidden, InvalidInput
from ...domain.permissions import Action, allows, require
from ...domain.presence import GONE_SECONDS, RETOLD_SECONDS, Heartbeat, Seen, may_see, seen_by
from ...domain.vocabulary import Role
from ...store.models import Delegation, Membership, Presence, Process
from ...store.types import utcnow
from ..access import process_for
from ..actor import Actor
from ..declaration.paragraphs import find_version
from ..meetings.records import in_room
from ..unit import Db, apart, reads, use_case
from .views import PresenceView, Sight, Told


def _languages(tx: Session, process: Process, actor: Actor) -> list[str]:
    held = tx.scalar(
        select(Membership.languages).where(Membership.process_id == process.id, Membership.user_id == actor.id)
    )
    return list(held or [])


def _may_be_there(tx: Session, process: Process, role: Role | None, actor: Actor, slug: str, beat: Heartbeat) -> None:
    """404 for a place that is not there, 403 for one the person may not be in (or not edit in)."""
    where, admin = beat.where, actor.is_admin
    if where.lang is not None and where.lang not in process.languages:
        raise InvalidInput(N_("“{lang}” is not a language of this process."), lang=where.lang, detail={"field": "lang"})
    translates = where.lang is not None and (
        allows(role, Action.EDIT_DRAFT, is_admin=admin)
        or (allows(role, Action.TRANSLATE) and where.lang in _languages(tx, process, actor))
    )
    if where.meeting is not None:
        if not in_room(tx, actor, slug, where.meeting).facilitating:
            raise Forbidden(N_("Only the meeting's facilitators and the drafting committee run the meeting."))
    elif where.draft and not translates:
        require(role, Action.READ_DRAFT, is_admin=admin)
    elif where.version is not None:
        find_version(tx, process, str(where.version), labels=False)
    if beat.editing and not (translates or allows(role, Action.PROPOSE_AMENDMENT, is_admin=admin)):
        raise Forbidden(N_("You read this text: only those who may change it have it open in an editor."))


def _view(row: Presence, delegation: str | None, *, gone: bool = False, you: bool = False) -> PresenceView:
    return PresenceView(
        key=f"{row.user_id}-{row.place}",
        person=row.user.name,
        delegation=delegation,
        where=dict(row.where),
        editing=row.editing,
        since=row.since,
        you=you,
        gone=gone,
    )


def delegation_codes(tx: Session, process: Process, user_ids: Collection[int]) -> dict[int, str]:
    """The code of the delegation each of these people speaks for in the process (none: not listed)."""
    if not user_ids:
        return {}
    rows = tx.execute(
        select(Membership.user_id, Delegation.code)
        .join(Delegation, Delegation.id == Membership.delegation_id)
        .where(Membership.process_id == process.id, Membership.user_id.in_(user_ids))
    )
    return dict(rows.all())


def _seen(row: Presence) -> tuple[Seen, str | None]:
    lang = row.where.get("lang")
    return seen_by(row.where), str(lang) if lang else None


def _told(row: Presence, view: PresenceView) -> tuple[Seen, str | None, PresenceView]:
    return (*_seen(row), view)


def _refreshed(tx: Session, process: Process, actor: Actor, beat: Heartbeat) -> tuple[Presence, bool]:
    """The person's row at the place, refreshed (made if new, in a savepoint: two tabs beating at once make one),
    and whether to tell it: it changed, or was last told RETOLD_SECONDS ago."""
    now, where = utcnow(), beat.where.shown()
    query = select(Presence).where(
        Presence.process_id == process.id, Presence.user_id == actor.id, Presence.place == beat.where.place
    )
    row = tx.scalar(query)
    if row is None:
        try:
            with tx.begin_nested():
                row = Presence(
                    process_id=process.id, user_id=actor.id, place=beat.where.place, where=where,
                    editing=beat.editing, since=now, seen_at=now, told_at=now,
                )  # fmt: skip
                tx.add(row)
            return row, True
        except IntegrityError:  # the other tab's, made meanwhile
            row = tx.scalars(query).one()
    changed = row.where != where or row.editing != beat.editing
    if changed:
        row.where, row.editing, row.since = where, beat.editing, now
    row.seen_at = now
    tell = changed or now - row.told_at >= timedelta(seconds=RETOLD_SECONDS)
    if tell:
        row.told_at = now
    return row, tell


@use_case
def heartbeat(tx: Session, actor: Actor | None, slug: str, beat: Heartbeat) -> Told:
    """The person is at `beat.where` (an editor open there: `editing`); what to tell the others of it, and of those
    not heard from for GONE_SECONDS (taken out)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    assert actor is not None  # process_for refuses the signed out
    _may_be_there(tx, process, role, actor, slug, beat)
    expired = utcnow() - timedelta(seconds=GONE_SECONDS)
    gone = list(tx.scalars(select(Presence).where(Presence.process_id == process.id, Presence.seen_at < expired)))
    if gone:
        tx.execute(delete(Presence).where(Presence.id.in_([row.id for row in gone])))
    row, tell = _refreshed(tx, process, actor, beat)
    told = [row] if tell else []
    codes = delegation_codes(tx, process, {actor.id, *(r.user_id for r in gone)})
    own = _view(row, codes.get(actor.id))
    return Told(
        process.id,
        [_told(r, _view(r, codes.get(r.user_id), gone=True)) for r in gone] + [_told(r, own) for r in told],
        msgspec.structs.replace(own, you=True),
    )


def _sight(role: Role | None, languages: Sequence[str], *, actor: Actor) -> Sight:
    return Sight(role == Role.COMMITTEE or actor.is_admin, frozenset(languages if role == Role.TRANSLATOR else ()))


@reads
def present(tx: Session, actor: Actor | None, slug: str) -> list[PresenceView]:
    """Who is where in the process now (heard from in the last GONE_SECONDS), as far as the reader may see: the
    working draft and meetings' consoles for the committee, the draft's editions for their translators too."""
    process, role = process_for(tx, slug, actor, Action.READ)
    assert actor is not None
    sight = _sight(role, _languages(tx, process, actor), actor=actor)
    since = utcnow() - timedelta(seconds=GONE_SECONDS)
    rows = [
        row
        for row in tx.scalars(
            select(Presence)
            .where(Presence.process_id == process.id, Presence.seen_at >= since)
            .order_by(Presence.since, Presence.id)
        )
        if may_see(*_seen(row), sight.committee, sight.languages)
    ]
    codes = delegation_codes(tx, process, {row.user_id for row in rows})
    return [_view(row, codes.get(row.user_id), you=row.user_id == actor.id) for row in rows]


@reads
def sights(tx: Session, process_id: int, actors: Sequence[Actor]) -> dict[int, Sight]:
    """What each reader of a process's stream may see of presence (one query for all); none for one no longer in it."""
    held: dict[int, tuple[Role | None, Sequence[str]]] = {
        user_id: (Role(role), languages)
        for user_id, role, languages in tx.execute(
            select(Membership.user_id, Membership.role, Membership.languages).where(
                Membership.process_id == process_id, Membership.user_id.in_({a.id for a in actors})
            )
        )
    }
    return {
        actor.id: _sight(*held.get(actor.id, (None, ())), actor=actor)
        for actor in actors
        if actor.id in held or actor.is_admin
    }


def arrived(db: Db, actor: Actor | None, slug: str, beat: Heartbeat) -> Told:
    """A page's heartbeat in a transaction of its own, committed before anything of it is told (in the request's, it
    held the write lock until the answer was sent: two hundred readers moving at once waited seconds for it)."""
    return heartbeat(apart(db), actor, slug, beat)
