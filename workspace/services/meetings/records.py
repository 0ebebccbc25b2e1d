"""Finding a meeting and who may do what in it, and its events: numbered per meeting, kept before they are sent.

Who reads a meeting: the committee (and administrators) and its facilitators always; a plenary, everyone in the
process; an informal, the members of its invited delegations. Everyone else is told there is no such meeting (404),
as for a process they are not in. A public plenary's screen is read signed out too (`screen_for`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, select
from sqlalchemy.orm import Session

from ...domain.errors import N_, Conflict, Forbidden, NotFound
from ...domain.meetings.meetings import MeetingKind, MeetingState
from ...domain.permissions import Action, allows
from ...domain.vocabulary import Role
from ...store.models import Meeting, MeetingEvent, Process, SubmissionWindow, Version
from ...store.types import utcnow
from ..access import PUBLICLY_SHOWN, process_for, record, stored_id
from ..actor import Actor
from ..delegations.records import own


@dataclass(frozen=True)
class InRoom:
    """A meeting as one reader reaches it: the process, their role, their delegation's code, and what they may do."""

    process: Process
    meeting: Meeting
    role: Role | None
    actor: Actor | None
    delegation: str | None  # the reader's own delegation's code
    facilitating: bool  # the committee, an administrator, or a facilitator of this meeting

    @property
    def committee(self) -> bool:
        return self.role == Role.COMMITTEE or bool(self.actor and self.actor.is_admin)

    def run(self) -> None:
        """403 for anyone who does not run the meeting; 409 once it is closed."""
        if not self.facilitating:
            raise Forbidden(N_("Only the meeting's facilitators and the drafting committee run the meeting."))
        self.not_closed()

    def speaks(self) -> None:
        """403 for someone whose role does not act for a delegation (an observer or a translator the committee has
        placed in one follows its meeting; as for its positions, only its members speak and vote for it)."""
        if not allows(self.role, Action.TAKE_POSITION, is_admin=bool(self.actor and self.actor.is_admin)):
            raise Forbidden(N_("Only members ask for the floor and vote for a delegation: you follow the meeting."))

    def not_closed(self) -> None:
        if self.meeting.state == MeetingState.CLOSED:
            raise Conflict(N_("This meeting is closed: nothing in it changes any more."), detail={"state": "closed"})


def missing(number: int | str) -> NotFound:
    return NotFound(N_("No meeting “{number}” in this process."), number=number)


def _meeting(tx: Session, process: Process, number: int, *, lock: bool) -> Meeting:
    query = select(Meeting).where(Meeting.process_id == process.id, Meeting.number == number)
    found = tx.scalar(query.with_for_update() if lock else query)
    if found is None:
        raise missing(number)
    return found


def may_read(meeting: Meeting, role: Role | None, actor: Actor | None, delegation: str | None) -> bool:
    if role == Role.COMMITTEE or (actor is not None and actor.is_admin):
        return True
    if actor is not None and actor.id in (meeting.facilitators or []):
        return True
    if meeting.kind == MeetingKind.PLENARY:
        return role is not None
    return delegation is not None and delegation in (meeting.delegations or [])


def unseen_windows(tx: Session, process: Process, role: Role | None, actor: Actor | None) -> ColumnElement[bool]:
    """The submission windows the reader may not know of (the slots of informals they are not invited to), as a
    condition on SubmissionWindow.id: lists, counts and the activity leave them out."""
    mine = own(tx, process, actor)
    code = mine.code if mine is not None else None
    informals = tx.scalars(
        select(Meeting).where(Meeting.process_id == process.id, Meeting.kind == MeetingKind.INFORMAL)
    )
    hidden = [m.id for m in informals if not may_read(m, role, actor, code)]
    return SubmissionWindow.meeting_id.in_(hidden) if hidden else false()


def in_room(tx: Session, actor: Actor | None, slug: str, number: int, *, write: bool = False) -> InRoom:
    """The meeting `number` as `actor` reaches it (404 for one they may not read); `write` locks it, so that its
    events are numbered one after the other and its floor and votes are changed by one writer at a time."""
    process, role = process_for(tx, slug, actor, Action.READ)
    meeting = _meeting(tx, process, number, lock=write)
    mine = own(tx, process, actor)
    code = mine.code if mine is not None else None
    if not may_read(meeting, role, actor, code):
        raise missing(number)
    committee = role == Role.COMMITTEE or bool(actor and actor.is_admin)
    facilitating = committee or (actor is not None and actor.id in (meeting.facilitators or []))
    return InRoom(process, meeting, role, actor, code, facilitating)


def screen_for(tx: Session, actor: Actor | None, slug: str, number: int) -> InRoom:
    """The meeting for its screen: as `in_room` for someone who may read it, and for anyone, signed in or not, a public
    plenary's (a webcast: an outsider signed in is not refused what they would read signed out). Anyone else is told
    what `in_room` tells them, and signed out that there is no such process: no screen tells a process that exists
    from one that does not, as an unpublished process's public pages do not."""
    refused = NotFound(N_("No process “{slug}”."), slug=slug)
    if actor is not None:
        try:
            return in_room(tx, actor, slug, number)
        except NotFound as exc:
            refused = exc
    process = tx.scalar(select(Process).where(Process.slug == slug, PUBLICLY_SHOWN, Process.deleted_at.is_(None)))
    meeting = (
        tx.scalar(select(Meeting).where(Meeting.process_id == process.id, Meeting.number == number))
        if process is not None
        else None
    )
    if process is None or meeting is None or not meeting.public or meeting.kind != MeetingKind.PLENARY:
        raise refused
    return InRoom(process, meeting, None, None, None, False)


def read_version(tx: Session, meeting: Meeting) -> Version | None:
    return tx.get(Version, meeting.version_id) if meeting.version_id is not None else None


def happened(room: InRoom, tx: Session, kind: str, **data: Any) -> MeetingEvent:
    """An event of the meeting, numbered after the last (the meeting is locked), and the process's activity entry
    that wakes its streams: an informal's for the committee alone (its numbering then has no gap for others)."""
    assert kind in EVENT_KINDS, kind
    meeting = room.meeting
    meeting.seq += 1
    event = MeetingEvent(
        meeting_id=meeting.id, seq=meeting.seq, kind=kind, data=data, actor_id=stored_id(room.actor), at=utcnow()
    )
    tx.add(event)
    informal = meeting.kind == MeetingKind.INFORMAL
    record(
        tx,
        room.actor,
        kind,
        f"meeting:{meeting.number}",
        room.process,
        committee_only=informal,
        meeting=meeting.number,
        **{k: v for k, v in data.items() if k in _RECORDED},
    )
    return event


EVENT_KINDS = {
    "meeting.state": "scheduled, opened, suspended, closed (and what its greens became)",
    "meeting.pointer": "the room moved to a paragraph (in every language)",
    "meeting.light": "a paragraph's light",
    "meeting.floor": "the floor: a request, the floor given, a request removed (the whole floor)",
    "meeting.text": "words typed for a delegation, and later their machine drafts",
    "meeting.slot": "an alternative text asked for",
    "meeting.vote": "a vote opened, cast, closed",
}
"""The meeting's kinds of event, which are also its activity entries' verbs (the process's stream)."""

_RECORDED = frozenset({"eid", "state", "light", "delegation", "intent", "number", "greens", "ref"})
"""What the activity entry keeps of an event (the event keeps the rest: texts, the queue)."""
