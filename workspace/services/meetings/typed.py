"""Typing in the room: the secretariat puts a delegation's words into the paragraph under discussion, through the
working draft's compare-and-set write (a stale base is 409 with the diff); each new bracket or option is introduced by
that delegation; machine drafts of the new words in the other languages are made by the outbox (machine.py) within
seconds, and shown labelled as machine output."""

from __future__ import annotations

import msgspec
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.brackets.brackets import digests, read_brackets
from ...domain.declaration.document import revision_id
from ...domain.declaration.draft_changes import Cause, CauseKind, SetText
from ...domain.errors import N_, Conflict, InvalidInput
from ...domain.meetings.meetings import MeetingKind, MeetingState, TypeText
from ...store.models import BracketRecord, MeetingText, Outbox
from ...store.types import utcnow
from ..access import stored_id
from ..actor import Actor
from ..declaration.paragraphs import draft_row, text_of
from ..declaration.writes import write_draft
from ..delegations.records import named
from ..outbox_entries import traced
from ..unit import use_case
from .records import InRoom, happened, in_room
from .texts import in_scope, languages, marks, paragraphs, refs
from .views import MachineView, TypedView


def _ids(eid: str, text: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The brackets of a text by id, with their words and options."""
    found = read_brackets(text).brackets
    return {f"{eid}~{d}": (b.span(text), b.options) for b, d in zip(found, digests(found), strict=True)}


def _introduced(tx: Session, room: InRoom, eid: str, before: str, after: str, delegation_id: int) -> None:
    """Every bracket the new text holds that the old did not: introduced by the delegation whose words these are."""
    old = _ids(eid, before)
    new = {bid: held for bid, held in _ids(eid, after).items() if bid not in old}
    if not new:
        return
    kept = set(
        tx.scalars(
            select(BracketRecord.bracket).where(
                BracketRecord.process_id == room.process.id, BracketRecord.bracket.in_(new)
            )
        )
    )
    for bid, (words, options) in new.items():
        if bid not in kept:
            tx.add(
                BracketRecord(
                    process_id=room.process.id,
                    bracket=bid,
                    eid=eid,
                    text=words,
                    options=list(options),
                    delegation_id=delegation_id,
                    updated_by_id=stored_id(room.actor),
                    updated_at=utcnow(),
                )
            )


def typed_view(tx: Session, room: InRoom, row: MeetingText, code: str) -> TypedView:
    return TypedView(
        eid=row.eid,
        ref=refs(tx, room).get(row.eid, row.eid),
        text=row.after,
        revision=row.revision,
        delegation=code,
        brackets=marks(tx, room.process, row.eid, row.after),
        machine={lang: MachineView(**made) for lang, made in row.machine.items()},
    )


@use_case
def type_text(tx: Session, actor: Actor | None, slug: str, number: int, eid: str, command: TypeText) -> TypedView:
    """The paragraph's new text as typed in the room for `delegation`, on the revision the typist saw."""
    room = in_room(tx, actor, slug, number, write=True)
    room.run()
    if room.meeting.version_id is not None:
        raise Conflict(
            N_("This meeting reads a circulated version: its text does not change. Type into the working draft's."),
            detail={"field": "eid"},
        )
    if room.meeting.state != MeetingState.OPEN:
        raise Conflict(
            N_("Open the meeting to type into its text."),
            detail={"state": room.meeting.state},
        )
    eid = in_scope(tx, room, eid)
    delegation = named(tx, room.process, command.delegation)
    if room.meeting.kind == MeetingKind.INFORMAL and delegation.code not in (room.meeting.delegations or []):
        raise InvalidInput(
            N_("“{code}” is not invited to this informal."), code=delegation.code, detail={"field": "delegation"}
        )
    stored = draft_row(tx, room.process, eid)
    before = (text_of(tx, stored.revision_sha) if stored is not None else None) or ""
    cause = Cause(CauseKind.MEETING, f"{room.meeting.number} · {delegation.code}")
    write_draft(tx, room.process, actor, [SetText(eid, command.base_revision, command.text)], cause)
    _introduced(tx, room, eid, before, command.text, delegation.id)
    others = languages(room.process)[1:]
    row = MeetingText(
        meeting_id=room.meeting.id,
        eid=eid,
        delegation_id=delegation.id,
        before=before,
        after=command.text,
        revision=revision_id(command.text),
        machine={lang: {"state": "pending"} for lang in others},
        typed_by_id=stored_id(actor),
        typed_at=utcnow(),
    )
    tx.add(row)
    tx.flush()
    if others:
        tx.add(Outbox(kind="machine", data=traced({"text": row.id})))
    shown = typed_view(tx, room, row, delegation.code)
    told_text(room, tx, row, shown)
    return shown


def told_text(room: InRoom, tx: Session, row: MeetingText, shown: TypedView) -> None:
    """The room is told the words typed (and later their machine drafts) with the paragraph as it now reads in every
    language: the pages put it in place from the event, asking the server for nothing."""
    tx.flush()
    paragraph = paragraphs(tx, room, [row.eid])
    happened(
        room,
        tx,
        "meeting.text",
        eid=row.eid,
        delegation=shown.delegation,
        typed=msgspec.to_builtins(shown),
        paragraph=msgspec.to_builtins(paragraph[0]) if paragraph else None,
    )
