"""The floor: one request per delegation at a time, given in the room's order (domain.meetings.queue_order), and the
record of who spoke on which paragraph, with what intent, for how long."""

from __future__ import annotations

import msgspec
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.errors import N_, Conflict, Forbidden, NotFound
from ...domain.meetings.meetings import AskFloor, GiveFloor, Turn, Waiting, queue_order
from ...store.models import Delegation, FloorRequest
from ...store.types import utcnow
from ..access import stored_id
from ..actor import Actor
from ..delegations.records import named
from ..unit import reads, use_case
from .records import InRoom, happened, in_room
from .texts import in_scope, reader_language, refs
from .views import FloorView, RequestView

OPEN = (Turn.WAITING.value, Turn.SPEAKING.value)


def _seconds(row: FloorRequest) -> int | None:
    if row.started_at is None or row.ended_at is None:
        return None
    return int((row.ended_at - row.started_at).total_seconds())


def request_view(row: FloorRequest, delegation: Delegation, printed: dict[str, str], lang: str) -> RequestView:
    return RequestView(
        number=row.number,
        delegation=delegation.code,
        delegation_name=delegation.names.get(lang) or next(iter(delegation.names.values()), delegation.code),
        intent=row.intent,
        eid=row.eid,
        ref=printed.get(row.eid, row.eid) if row.eid else None,
        state=row.state,
        asked_at=row.asked_at,
        started_at=row.started_at,
        ended_at=row.ended_at,
        seconds=_seconds(row),
    )


def floor_view(tx: Session, room: InRoom) -> FloorView:
    lang = reader_language(room)
    rows = tx.execute(
        select(FloorRequest, Delegation)
        .join(Delegation, Delegation.id == FloorRequest.delegation_id)
        .where(FloorRequest.meeting_id == room.meeting.id)
        .order_by(FloorRequest.number)
    ).all()
    printed = refs(tx, room, lang)
    views = {row.number: request_view(row, d, printed, lang) for row, d in rows}
    order = queue_order([Waiting(r.number, r.intent) for r, _ in rows if r.state == Turn.WAITING])
    speaker = next((views[r.number] for r, _ in rows if r.state == Turn.SPEAKING), None)
    spoken = sorted((r for r, _ in rows if r.started_at is not None), key=lambda r: (r.started_at, r.number))
    record = [views[r.number] for r in spoken]
    return FloorView(speaker=speaker, queue=[views[n] for n in order], record=record)


def _changed(tx: Session, room: InRoom, what: str, number: int | None = None) -> FloorView:
    tx.flush()
    shown = floor_view(tx, room)
    happened(room, tx, "meeting.floor", what=what, number=number, floor=msgspec.to_builtins(shown))
    return shown


@use_case
def ask_floor(tx: Session, actor: Actor | None, slug: str, number: int, command: AskFloor) -> RequestView:
    """A delegation asks for the floor: a member for their own delegation only (403 else), the committee and the
    facilitators for any; one request per delegation at a time (409 with the one it has)."""
    room = in_room(tx, actor, slug, number, write=True)
    room.not_closed()
    code = command.delegation or room.delegation
    if code is None:
        raise Forbidden(
            N_("You speak for no delegation in this process: the drafting committee can name yours."),
            detail={"field": "delegation"},
        )
    if code != room.delegation and not room.facilitating:
        raise Forbidden(N_("You may ask for the floor for your own delegation only."), detail={"field": "delegation"})
    if not room.facilitating:
        room.speaks()
    delegation = named(tx, room.process, code)
    if room.meeting.kind == "informal" and code not in (room.meeting.delegations or []):
        raise Forbidden(N_("This delegation is not invited to this informal."), detail={"field": "delegation"})
    held = tx.scalar(
        select(FloorRequest.number).where(
            FloorRequest.meeting_id == room.meeting.id,
            FloorRequest.delegation_id == delegation.id,
            FloorRequest.state.in_(OPEN),
        )
    )
    if held is not None:
        raise Conflict(
            N_("{code} has asked for the floor already (request {number})."),
            code=code,
            number=held,
            detail={"number": held},
        )
    eid = in_scope(tx, room, command.eid) if command.eid else None
    latest = tx.scalar(select(func.max(FloorRequest.number)).where(FloorRequest.meeting_id == room.meeting.id)) or 0
    row = FloorRequest(
        meeting_id=room.meeting.id,
        number=latest + 1,
        delegation_id=delegation.id,
        intent=command.intent,
        eid=eid,
        asked_by_id=stored_id(actor),
        asked_at=utcnow(),
    )
    tx.add(row)
    _changed(tx, room, "asked", row.number)
    return request_view(row, delegation, refs(tx, room), reader_language(room))


@reads
def get_floor(tx: Session, actor: Actor | None, slug: str, number: int) -> FloorView:
    return floor_view(tx, in_room(tx, actor, slug, number))


def _request(tx: Session, room: InRoom, number: int) -> FloorRequest:
    row = tx.scalar(
        select(FloorRequest).where(FloorRequest.meeting_id == room.meeting.id, FloorRequest.number == number)
    )
    if row is None:
        raise NotFound(N_("No request for the floor “{number}” in this meeting."), number=number)
    return row


@use_case
def give_floor(tx: Session, actor: Actor | None, slug: str, number: int, command: GiveFloor) -> FloorView:
    """The facilitator gives the floor to the next in the queue (or to request `number`): the speaker's turn ends."""
    room = in_room(tx, actor, slug, number, write=True)
    room.run()
    now = utcnow()
    rows = list(
        tx.scalars(select(FloorRequest).where(FloorRequest.meeting_id == room.meeting.id, FloorRequest.state.in_(OPEN)))
    )
    waiting = {r.number: r for r in rows if r.state == Turn.WAITING}
    if command.number is not None:
        chosen = waiting.get(command.number)
        if chosen is None:
            raise Conflict(
                N_("Request {number} is not waiting for the floor."),
                number=command.number,
                detail={"number": command.number},
            )
    else:
        order = queue_order([Waiting(r.number, r.intent) for r in waiting.values()])
        chosen = waiting[order[0]] if order else None
    for r in rows:
        if r.state == Turn.SPEAKING:
            r.state, r.ended_at = Turn.SPOKE.value, now
    if chosen is not None:
        chosen.state, chosen.started_at = Turn.SPEAKING.value, now
        if chosen.eid is None:
            chosen.eid = room.meeting.pointer
    return _changed(tx, room, "given", chosen.number if chosen is not None else None)


@use_case
def remove_request(tx: Session, actor: Actor | None, slug: str, number: int, request: int) -> FloorView:
    """A request withdrawn by its delegation's member, or removed by the facilitator (a speaker's turn ended)."""
    room = in_room(tx, actor, slug, number, write=True)
    room.not_closed()
    row = _request(tx, room, request)
    own = room.delegation is not None and row.delegation_id == named(tx, room.process, room.delegation).id
    if not (room.facilitating or own):
        raise Forbidden(N_("Only the facilitators remove another delegation's request."))
    if row.state == Turn.SPEAKING:
        row.state, row.ended_at = Turn.SPOKE.value, utcnow()
    elif row.state == Turn.WAITING:
        row.state = Turn.REMOVED.value if room.facilitating and not own else Turn.WITHDRAWN.value
    else:
        raise Conflict(N_("Request {number} is no longer open."), number=request, detail={"number": request})
    return _changed(tx, room, "removed", request)
