"""The room as it stands: the shared pointer, the lights, and everything a screen, console or delegate's page shows."""

from __future__ import annotations

import msgspec
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.meetings.meetings import Light, MovePointer, SetLight, step
from ...domain.values import parse_moment
from ...store.models import MeetingLight
from ...store.types import utcnow
from ..access import stored_id
from ..actor import Actor
from ..unit import reads, use_case
from .floor import floor_view
from .meetings import meeting_view
from .records import InRoom, happened, in_room, screen_for
from .room_checks import known_codes
from .slots import slot_views
from .texts import in_scope, light_view, lights_of, paragraphs, refs, scope
from .views import LightView, PointerView, RoomView
from .votes import vote_views

MOVES = {"next": 1, "previous": -1, "prev": -1}


@use_case
def move_pointer(tx: Session, actor: Actor | None, slug: str, number: int, command: MovePointer) -> PointerView:
    """The facilitator moves the room to a paragraph of the scope (its eId, its printed reference as typed, or the
    next or previous one); every follower's page comes to it."""
    room = in_room(tx, actor, slug, number, write=True)
    room.run()
    typed = command.eid.strip().lower()
    eid = (
        step(scope(tx, room), room.meeting.pointer, MOVES[typed]) if typed in MOVES else in_scope(tx, room, command.eid)
    )
    room.meeting.pointer, room.meeting.pointer_at = eid, utcnow()
    shown = paragraphs(tx, room, [eid])[0]
    happened(room, tx, "meeting.pointer", eid=eid, ref=shown.ref, paragraph=_data(shown))
    return PointerView(eid=eid, ref=refs(tx, room).get(eid, eid), at=room.meeting.pointer_at)


def _data(shown: object) -> dict[str, object]:
    """A view as an event carries it (JSON's values)."""
    data: dict[str, object] = msgspec.to_builtins(shown)
    return data


@use_case
def set_light(tx: Session, actor: Actor | None, slug: str, number: int, eid: str, command: SetLight) -> LightView:
    """A paragraph's light in this meeting: white, green, yellow (changes sought: by a time, waiting on delegations)
    or red (cannot accept: by whom)."""
    room = in_room(tx, actor, slug, number, write=True)
    room.run()
    eid = in_scope(tx, room, eid)
    known_codes(tx, room.process, command.delegations)
    row = tx.scalar(select(MeetingLight).where(MeetingLight.meeting_id == room.meeting.id, MeetingLight.eid == eid))
    if row is None:
        row = MeetingLight(meeting_id=room.meeting.id, eid=eid, light=Light.WHITE.value)
        tx.add(row)
    row.light, row.note, row.delegations = command.light, command.note, command.delegations
    row.due_at = parse_moment(command.due_at, "due_at", room.process.timezone) if command.due_at else None
    row.set_by_id, row.set_at = stored_id(actor), utcnow()
    tx.flush()
    shown = light_view(row, eid, refs(tx, room).get(eid, eid))
    happened(room, tx, "meeting.light", eid=eid, light=row.light, view=_data(shown))
    return shown


@reads
def list_lights(tx: Session, actor: Actor | None, slug: str, number: int) -> list[LightView]:
    """Every paragraph of the scope with its light (white where none was set), in the text's order."""
    room = in_room(tx, actor, slug, number)
    return _lights(tx, room)


def _lights(tx: Session, room: InRoom) -> list[LightView]:
    rows, printed = lights_of(tx, room.meeting), refs(tx, room)
    return [light_view(rows.get(eid), eid, printed.get(eid, eid)) for eid in scope(tx, room)]


def _room(tx: Session, room: InRoom, *, everything: bool) -> RoomView:
    eids = scope(tx, room)
    at = room.meeting.pointer
    if everything:
        shown = eids
    elif at in eids:
        k = eids.index(at)
        shown = eids[max(0, k - 1) : k + 2]
    else:
        shown = eids[:2]
    return RoomView(
        meeting=meeting_view(tx, room),
        languages=[
            room.process.source_language,
            *(c for c in room.process.languages if c != room.process.source_language),
        ],
        paragraphs=paragraphs(tx, room, shown),
        floor=floor_view(tx, room),
        slots=slot_views(tx, room),
        votes=vote_views(tx, room),
        lights=_lights(tx, room),
    )


@reads
def room_view(tx: Session, actor: Actor | None, slug: str, number: int, *, everything: bool = False) -> RoomView:
    """The room as it stands for someone signed in: the pointer's paragraph with one before and one after (every
    paragraph of the scope with `everything`, the console's), the floor, the slots, the votes, the lights."""
    return _room(tx, in_room(tx, actor, slug, number), everything=everything)


@reads
def screen_view(tx: Session, actor: Actor | None, slug: str, number: int) -> RoomView:
    """The room for its screen: a public plenary's signed out too."""
    return _room(tx, screen_for(tx, actor, slug, number), everything=False)
