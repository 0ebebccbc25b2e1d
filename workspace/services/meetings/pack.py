"""The session pack's model, read from the store (the renderer, renderers/session_pack.py, makes the files): the text
as it came in and as it left the room, every paragraph read with its light, brackets, slots and positions, the floor
and the votes. Dated by the meeting's last event, so that a pack downloaded twice without a change is the same bytes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.meetings.pack_model import (
    PackBracket,
    PackEdit,
    PackModel,
    PackParagraph,
    PackPosition,
    PackSlot,
    PackTurn,
    PackVote,
)
from ...store.models import Delegation, MeetingEvent, MeetingText, Position
from ..actor import Actor
from ..unit import reads
from .floor import floor_view
from .records import InRoom, in_room, read_version
from .slots import slot_views
from .texts import languages, paragraphs, refs, scope
from .views import ParagraphInRoom, SlotView
from .votes import vote_views


def _edits(tx: Session, room: InRoom) -> dict[str, list[tuple[MeetingText, str]]]:
    rows = tx.execute(
        select(MeetingText, Delegation.code)
        .join(Delegation, Delegation.id == MeetingText.delegation_id)
        .where(MeetingText.meeting_id == room.meeting.id)
        .order_by(MeetingText.id)
    ).all()
    found: dict[str, list[tuple[MeetingText, str]]] = {}
    for row, code in rows:
        found.setdefault(row.eid, []).append((row, code))
    return found


def _pointed(tx: Session, room: InRoom) -> set[str]:
    rows = tx.scalars(
        select(MeetingEvent.data).where(
            MeetingEvent.meeting_id == room.meeting.id, MeetingEvent.kind == "meeting.pointer"
        )
    )
    return {str(d.get("eid")) for d in rows}


def _positions(tx: Session, room: InRoom) -> dict[str, list[PackPosition]]:
    rows = tx.execute(
        select(Position.eid, Delegation.code, Position.stance, Position.note)
        .join(Delegation, Delegation.id == Position.delegation_id)
        .where(Position.process_id == room.process.id, Position.eid.is_not(None))
        .order_by(Delegation.code)
    ).all()
    found: dict[str, list[PackPosition]] = {}
    for eid, code, stance, note in rows:
        if eid is None:
            continue
        found.setdefault(eid, []).append(PackPosition(delegation=code, stance=stance, note=note or ""))
    return found


def _made_at(tx: Session, room: InRoom) -> datetime:
    last = tx.scalar(select(func.max(MeetingEvent.at)).where(MeetingEvent.meeting_id == room.meeting.id))
    return last or room.meeting.created_at


def _titles(room: InRoom, codes: list[str]) -> dict[str, str]:
    title = room.meeting.title
    return {lang: title.get(lang) or title.get("*") or next(iter(title.values()), "") for lang in codes}


def _paragraph(
    p: ParagraphInRoom,
    typed: list[tuple[MeetingText, str]],
    read: bool,
    positions: list[PackPosition],
    slots: list[SlotView],
    source: str,
) -> PackParagraph:
    came_in = dict(p.texts)
    if typed:  # the words the room found, before its first edit
        came_in[source] = typed[0][0].before
    return PackParagraph(
        eid=p.eid,
        ref=p.ref,
        heading=False,
        came_in=came_in,
        left=dict(p.texts),
        machine=dict(p.machine),
        read=read or p.light.light != "white",
        light=p.light.light,
        light_due_at=p.light.due_at,
        light_delegations=tuple(p.light.delegations),
        light_note=p.light.note,
        edits=tuple(PackEdit(code, row.before, row.after, row.typed_at) for row, code in typed),
        brackets=tuple(PackBracket(b.text, tuple(b.options), b.delegation, "open") for b in p.brackets),
        positions=tuple(positions),
        slots=tuple(
            PackSlot(
                s.number,
                s.due_at,
                tuple(s.delegations),
                tuple((a["delegation"], a["lang"], a["text"]) for a in s.answers),
            )
            for s in slots
            if s.eid == p.eid
        ),
    )


def _turns(tx: Session, room: InRoom, codes: list[str]) -> tuple[PackTurn, ...]:
    printed = {lang: refs(tx, room, lang) for lang in codes}
    floor = floor_view(tx, room)
    return tuple(
        PackTurn(
            number=t.number,
            delegation=t.delegation,
            delegation_name=t.delegation_name,
            intent=t.intent,
            ref={lang: printed[lang].get(t.eid, t.eid) for lang in codes} if t.eid else {},
            state=t.state,
            asked_at=t.asked_at,
            started_at=t.started_at,
            ended_at=t.ended_at,
        )
        for t in sorted([*floor.record, *floor.queue], key=lambda r: r.number)
    )


def _votes(tx: Session, room: InRoom, codes: list[str]) -> tuple[PackVote, ...]:
    return tuple(
        PackVote(
            number=v.number,
            on={lang: str(v.on.get("ref") or v.on.get("amendment") or "") for lang in codes},
            recorded=v.recorded,
            state=v.state,
            yes=v.yes,
            no=v.no,
            abstain=v.abstain,
            carried=v.carried,
            roll_call=tuple(sorted((v.roll_call or {}).items())),
        )
        for v in vote_views(tx, room)
    )


def pack_model(tx: Session, room: InRoom) -> PackModel:
    codes = languages(room.process)
    edits, pointed, positions, slots = _edits(tx, room), _pointed(tx, room), _positions(tx, room), slot_views(tx, room)
    kept = tuple(
        _paragraph(p, edits.get(p.eid, []), p.eid in pointed, positions.get(p.eid, []), slots, codes[0])
        for p in paragraphs(tx, room, scope(tx, room))
    )
    names = {
        d.code: d.names.get(codes[0]) or next(iter(d.names.values()), d.code)
        for d in tx.scalars(select(Delegation).where(Delegation.process_id == room.process.id))
    }
    version = read_version(tx, room.meeting)
    return PackModel(
        slug=room.process.slug,
        process_title={lang: str(room.process.titles.get(lang) or "") for lang in codes},
        meeting_number=room.meeting.number,
        meeting_title=_titles(room, codes),
        kind=room.meeting.kind,
        state=room.meeting.state,
        version_label=dict.fromkeys(codes, version.label if version is not None else ""),
        source_language=codes[0],
        languages=tuple(codes),
        starts_at=room.meeting.starts_at,
        made_at=_made_at(tx, room),
        delegations=names,
        paragraphs=kept,
        floor=_turns(tx, room, codes),
        votes=_votes(tx, room, codes),
        greens=room.meeting.greens,
        timezone=room.process.timezone,
    )


@reads
def meeting_pack_model(tx: Session, actor: Actor | None, slug: str, number: int) -> PackModel:
    """The pack of meeting `number`, for those who may read the meeting."""
    return pack_model(tx, in_room(tx, actor, slug, number))
