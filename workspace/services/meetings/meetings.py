"""Meetings of a process: scheduled by the committee, listed to those who may read each, opened, suspended and closed
(the greens then becoming the paragraphs' levels of agreement)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.amendments.amendment_commands import SetParagraphStatuses
from ...domain.errors import N_, InvalidInput
from ...domain.meetings.meetings import (
    Greens,
    Light,
    MeetingKind,
    MeetingState,
    ScheduleMeeting,
    SetMeetingState,
    change_state,
)
from ...domain.permissions import Action
from ...domain.values import parse_moment
from ...domain.vocabulary import Role
from ...store.models import Meeting, MeetingLight, Membership, Process, User
from ...store.types import utcnow
from ..access import lock_process, process_for, stored_id
from ..actor import Actor
from ..amendments.negotiation import status_set
from ..declaration.paragraphs import find_version
from ..delegations.records import own
from ..processes.views import sees_emails
from ..unit import reads, use_case
from .records import InRoom, happened, in_room, may_read, read_version
from .room_checks import known_codes
from .texts import read_blocks, refs
from .views import MeetingView, PointerView


def meeting_view(tx: Session, room: InRoom) -> MeetingView:
    meeting = room.meeting
    # Its facilitators as the schedule named them (addresses) to who sees members' addresses, by name to the others.
    shown = User.email if sees_emails(room.process, room.role, room.actor) else User.name
    names = dict(tx.execute(select(User.id, shown).where(User.id.in_(meeting.facilitators or []))).all())
    pointer = None
    if meeting.pointer is not None and meeting.pointer_at is not None:
        ref = refs(tx, room).get(meeting.pointer, meeting.pointer)
        pointer = PointerView(eid=meeting.pointer, ref=ref, at=meeting.pointer_at)
    version = read_version(tx, meeting)
    return MeetingView(
        id=meeting.number,
        kind=meeting.kind,
        state=meeting.state,
        title=dict(meeting.title),
        version=version.label if version is not None else "draft",
        eids=list(meeting.eids) if meeting.eids is not None else None,
        delegations=list(meeting.delegations or []),
        facilitators=[str(names[i]) for i in meeting.facilitators or [] if i in names],
        pointer=pointer,
        public=meeting.public,
        starts_at=meeting.starts_at,
        greens=meeting.greens,
        seq=meeting.seq,
        facilitating=room.facilitating,
        delegation=room.delegation,
        timezone=room.process.timezone,
    )


def _facilitators(tx: Session, process: Process, emails: list[str]) -> list[int]:
    """The facilitators named by address: each a committee member or a member of the process (422 naming one who is
    not)."""
    found: dict[str, int] = dict(
        tx.execute(
            select(func.lower(User.email), User.id)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.process_id == process.id, func.lower(User.email).in_([e.lower() for e in emails]))
        ).all()
    )
    for email in emails:
        if email.lower() not in found:
            raise InvalidInput(
                N_("{email} is not a member of this process: only its members facilitate its meetings."),
                email=email,
                detail={"field": "facilitators"},
            )
    return [found[e.lower()] for e in emails]


@use_case
def schedule_meeting(tx: Session, actor: Actor | None, slug: str, command: ScheduleMeeting) -> MeetingView:
    """The committee schedules a plenary or an informal: what it reads, its scope, who is invited and facilitates."""
    process, role = process_for(tx, slug, actor, Action.NEGOTIATE)
    lock_process(tx, process)
    version = None if command.version.strip().lower() == "draft" else find_version(tx, process, command.version)
    number = (tx.scalar(select(func.max(Meeting.number)).where(Meeting.process_id == process.id)) or 0) + 1
    known_codes(tx, process, command.delegations)
    meeting = Meeting(
        process_id=process.id,
        number=number,
        kind=command.kind,
        title=command.title,
        starts_at=parse_moment(command.starts_at, "starts_at", process.timezone) if command.starts_at else None,
        version_id=version.id if version is not None else None,
        eids=command.eids,
        delegations=command.delegations,
        facilitators=_facilitators(tx, process, command.facilitators),
        public=command.public,
        created_by_id=stored_id(actor),
    )
    tx.add(meeting)
    tx.flush()
    room = InRoom(process, meeting, role, actor, None, True)
    if command.eids is not None:
        known = {b.eid for b in read_blocks(tx, room)}
        unknown = [eid for eid in command.eids if eid not in known]
        if unknown:
            raise InvalidInput(
                N_("“{ref}” is not a paragraph of the text this meeting reads."),
                ref=unknown[0],
                detail={"field": "eids", "unknown": unknown},
            )
    happened(room, tx, "meeting.state", state=meeting.state)
    return meeting_view(tx, room)


@reads
def list_meetings(tx: Session, actor: Actor | None, slug: str, limit: int = 200, offset: int = 0) -> list[MeetingView]:
    """The meetings the reader may read, newest first (an informal they are not invited to is not there)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    mine = own(tx, process, actor)
    code = mine.code if mine is not None else None
    rows = tx.scalars(select(Meeting).where(Meeting.process_id == process.id).order_by(Meeting.number.desc()))
    readable = [m for m in rows if may_read(m, role, actor, code)][offset : offset + limit]
    committee = role == Role.COMMITTEE or bool(actor and actor.is_admin)
    return [
        meeting_view(tx, InRoom(process, m, role, actor, code, committee or bool(actor and actor.id in m.facilitators)))
        for m in readable
    ]


@reads
def get_meeting(tx: Session, actor: Actor | None, slug: str, number: int) -> MeetingView:
    return meeting_view(tx, in_room(tx, actor, slug, number))


def _greens(tx: Session, room: InRoom, greens: str) -> None:
    """The paragraphs lit green become agreed as the closing facilitator says (a plenary's agreed; an informal's
    agreed in informals; ad referendum naming the delegations it waits on)."""
    if greens == Greens.NONE:
        return
    if greens == Greens.AGREED and room.meeting.kind == MeetingKind.INFORMAL:
        raise InvalidInput(
            N_("An informal agrees a text in informals (or ad referendum): only a plenary agrees it."),
            detail={"field": "greens"},
        )
    rows = list(
        tx.scalars(
            select(MeetingLight).where(MeetingLight.meeting_id == room.meeting.id, MeetingLight.light == Light.GREEN)
        )
    )
    for row in rows:
        waiting = ", ".join(row.delegations or [])
        note = row.note if greens != Greens.AGREED_AD_REF or not waiting else f"{row.note} ({waiting})".strip()
        status_set(
            tx, room.actor, room.process, row.eid, SetParagraphStatuses(eids=[row.eid], status=greens, note=note)
        )


@use_case
def set_state(tx: Session, actor: Actor | None, slug: str, number: int, command: SetMeetingState) -> MeetingView:
    """Open, suspend, reopen or close the meeting; on closing, its greens become what the facilitator confirms."""
    room = in_room(tx, actor, slug, number, write=True)
    room.run()
    to = MeetingState(command.state)
    change_state(MeetingState(room.meeting.state), to)
    if to == MeetingState.CLOSED:
        _greens(tx, room, command.greens)
        room.meeting.greens, room.meeting.closed_at = command.greens, utcnow()
    elif to == MeetingState.OPEN and room.meeting.opened_at is None:
        room.meeting.opened_at = utcnow()
    room.meeting.state = to.value
    happened(room, tx, "meeting.state", state=to.value, greens=room.meeting.greens)
    return meeting_view(tx, room)
