"""A meeting's own live events, numbered per meeting: what its screen, console and delegates' pages follow, resumed
from the last one a browser had (Last-Event-ID)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...store.models import Meeting, MeetingEvent, Process
from ..actor import Actor
from ..unit import reads
from .records import in_room, screen_for
from .views import MeetingEventView

BATCH = 200


@reads
def meeting_events(
    tx: Session,
    actor: Actor | None,
    slug: str,
    number: int,
    after: int = 0,
    *,
    screen: bool = False,
    system: bool = False,
) -> list[MeetingEventView]:
    """The events of meeting `number` after `after` (at most BATCH): 404 for one the reader may not read (a public
    plenary's screen for anyone with `screen`). `system`: the live fan-out's read, for streams already checked."""
    if system:
        meeting_id = tx.scalar(
            select(Meeting.id)
            .join(Process, Process.id == Meeting.process_id)
            .where(Process.slug == slug, Meeting.number == number)
        )
    else:
        room = screen_for(tx, actor, slug, number) if screen else in_room(tx, actor, slug, number)
        meeting_id = room.meeting.id
    rows = tx.scalars(
        select(MeetingEvent)
        .where(MeetingEvent.meeting_id == meeting_id, MeetingEvent.seq > after)
        .order_by(MeetingEvent.seq)
        .limit(BATCH)
    )
    return [MeetingEventView(id=r.seq, type=r.kind, data=dict(r.data), at=r.at) for r in rows]


@reads
def last_event(tx: Session, actor: Actor | None, slug: str, number: int, *, screen: bool = False) -> tuple[int, int]:
    """(the process's id, the meeting's last event number), checking the reader may follow it."""
    room = screen_for(tx, actor, slug, number) if screen else in_room(tx, actor, slug, number)
    return room.process.id, room.meeting.seq
