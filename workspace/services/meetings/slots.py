"""Slots for an alternative text: "DKR and BRA, alternative text for OP 14 within the hour" — a submission window on
one paragraph of the latest version, from now until the time given, for the delegations named (all when none). The
proposals come in through the submissions API as any other, in the language they are written in."""

from __future__ import annotations

import msgspec
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.errors import N_, InvalidInput
from ...domain.meetings.meetings import OpenSlot
from ...domain.values import parse_moment
from ...store.models import Delegation, Meeting, Process, Submission, SubmissionWindow
from ...store.types import utcnow
from ..access import lock_process, stored_id
from ..actor import Actor
from ..declaration.paragraphs import latest_version, version_blocks
from ..unit import use_case
from .records import InRoom, happened, in_room
from .room_checks import known_codes
from .texts import in_scope, refs
from .views import SlotView


def slot_views(tx: Session, room: InRoom) -> list[SlotView]:
    windows = list(
        tx.scalars(
            select(SubmissionWindow)
            .where(SubmissionWindow.meeting_id == room.meeting.id)
            .order_by(SubmissionWindow.number)
        )
    )
    if not windows:
        return []
    answers = tx.execute(
        select(Submission, Delegation.code)
        .join(Delegation, Delegation.id == Submission.delegation_id)
        .where(Submission.window_id.in_([w.id for w in windows]))
        .order_by(Submission.number)
    ).all()
    printed = refs(tx, room)
    shown = []
    for w in windows:
        eid = (w.eids or [""])[0]
        came = [
            {"number": s.number, "delegation": code, "lang": s.lang or room.process.source_language, "text": s.text}
            for s, code in answers
            if s.window_id == w.id
        ]
        shown.append(
            SlotView(
                number=w.number,
                eid=eid,
                ref=printed.get(eid, eid),
                due_at=w.closes_at,
                delegations=list(w.delegations or []),
                answers=came,
            )
        )
    return shown


@use_case
def open_slot(tx: Session, actor: Actor | None, slug: str, number: int, command: OpenSlot) -> SlotView:
    """A window for alternative texts on one paragraph, for named delegations (all when none), until `due_at`."""
    room = in_room(tx, actor, slug, number, write=True)
    room.run()
    eid = in_scope(tx, room, command.eid)
    latest = latest_version(tx, room.process)
    if latest is None or not version_blocks(tx, latest, eids=[eid]):
        raise InvalidInput(
            N_("Proposals are made on the latest circulated version, which has no {ref}: circulate it first."),
            ref=command.eid,
            detail={"field": "eid"},
        )
    known_codes(tx, room.process, command.delegations)
    if room.meeting.kind == "informal":
        outside = [c for c in command.delegations if c not in (room.meeting.delegations or [])]
        if outside:
            raise InvalidInput(
                N_("“{code}” is not invited to this informal."), code=outside[0], detail={"field": "delegations"}
            )
    now = utcnow()
    due = parse_moment(command.due_at, "due_at", room.process.timezone)
    if due <= now:
        raise InvalidInput(N_("A slot is due after now."), detail={"field": "due_at"})
    # Windows are numbered in the process, not the meeting: another meeting's slot or a window the committee opens
    # may be taking the next number at once (on PostgreSQL, the meeting's lock does not keep them apart).
    lock_process(tx, room.process)
    top = tx.scalar(select(func.max(SubmissionWindow.number)).where(SubmissionWindow.process_id == room.process.id))
    window = SubmissionWindow(
        process_id=room.process.id,
        number=(top or 0) + 1,
        opens_at=now,
        closes_at=due,
        eids=[eid],
        meeting_id=room.meeting.id,
        delegations=command.delegations or (list(room.meeting.delegations or [])),
        created_by_id=stored_id(actor),
    )
    tx.add(window)
    tx.flush()
    shown = next(s for s in slot_views(tx, room) if s.number == window.number)
    happened(room, tx, "meeting.slot", eid=eid, number=window.number, slot=msgspec.to_builtins(shown))
    return shown


def slot_answered(tx: Session, process: Process, actor: Actor | None, window: SubmissionWindow) -> None:
    """A proposal came in for a meeting's slot: the room is told (`meeting.slot`, with the slot and its answers)."""
    meeting = tx.scalar(select(Meeting).where(Meeting.id == window.meeting_id).with_for_update())
    if meeting is None:
        return
    room = InRoom(process, meeting, None, actor, None, False)
    shown = next((s for s in slot_views(tx, room) if s.number == window.number), None)
    if shown is not None:
        happened(room, tx, "meeting.slot", eid=shown.eid, number=window.number, slot=msgspec.to_builtins(shown))
