"""Rooms kept in the store: opened (seeded by the server from the paragraph's revision), each update kept before it is
relayed, and committed with the same compare-and-set as a save, after taking in what changed outside the room.

Every worker may open, keep and commit: the room's row is locked for each (SQLite's write transactions are serial),
and a commit reads the room's whole state from its kept updates, never from a worker's memory, so a worker that has
not heard an update yet (Redis is slower than the store) never writes a text without it."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import delete, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.declaration.declaration_commands import MAX_PARAGRAPH
from ...domain.declaration.document import revision_id
from ...domain.declaration.draft_changes import Cause, CauseKind, SetText
from ...domain.errors import N_, AccordError, InvalidInput, NotFound
from ...domain.permissions import Action, allows
from ...domain.presence import GONE_SECONDS
from ...domain.rooms import RESTS_SECONDS, merged, new_epoch, outside_change, seeded, text_of
from ...domain.values import text_value
from ...domain.vocabulary import Role
from ...store.models import DraftParagraph, EditingRoom, Membership, Presence, Process, RoomUpdate, User
from ...store.types import utcnow
from ..access import process_for, record
from ..accounts.users import actor_of
from ..actor import Actor
from ..declaration.naming import paragraph_name
from ..declaration.views import WriterView
from ..declaration.writes import write_draft
from ..presence.records import delegation_codes
from ..unit import reads, use_case
from .views import Committed, Kept, Opened, RoomView

COMPACT_AT = 64
"""Updates kept for a room beyond which a commit keeps them as one (a room's state read at each commit stays small)."""


def _room_lang(process: Process, lang: str | None) -> str:
    """The room's language: the working draft's own (kept as "") or, later, an edition's."""
    if lang is None or lang == process.source_language:
        return ""
    if lang not in process.languages:
        raise InvalidInput(N_("“{lang}” is not a language of this process."), lang=lang, detail={"field": "lang"})
    raise InvalidInput(
        N_("Rooms are open on the working draft's own text: an edition's translators save each paragraph in turn."),
        detail={"field": "lang"},
    )


def _paragraph(tx: Session, process: Process, eid: str) -> DraftParagraph:
    row = tx.scalar(select(DraftParagraph).where(DraftParagraph.process_id == process.id, DraftParagraph.eid == eid))
    if row is None:  # one the draft had, as it was last printed (OP 5); an eId never used, as typed
        raise NotFound(N_("No paragraph “{eid}” in the working draft."), eid=paragraph_name(tx, process, eid))
    return row


def _room(tx: Session, process: Process, eid: str, lang: str) -> EditingRoom | None:
    query = select(EditingRoom).where(
        EditingRoom.process_id == process.id, EditingRoom.eid == eid, EditingRoom.lang == lang
    )
    return tx.scalar(query.with_for_update().execution_options(populate_existing=True))


def _updates(tx: Session, room_id: int) -> list[RoomUpdate]:
    return list(tx.scalars(select(RoomUpdate).where(RoomUpdate.room_id == room_id).order_by(RoomUpdate.id)))


def _seed(tx: Session, room: EditingRoom, paragraph: DraftParagraph) -> None:
    """The room's (new) life, from the paragraph's revision: the server's own first update."""
    state = seeded(paragraph.revision.text)
    room.epoch, room.base_revision, room.base_state = new_epoch(), paragraph.revision_sha, state
    room.typed_at = room.opened_at = utcnow()
    tx.add(RoomUpdate(room_id=room.id, update=state, committed=True))


def _made(tx: Session, process: Process, eid: str, lang: str, paragraph: DraftParagraph) -> EditingRoom:
    """The paragraph's room, made and seeded if it has none (in a savepoint: two workers opening at once make one)."""
    room = _room(tx, process, eid, lang)
    if room is not None:
        return room
    try:
        with tx.begin_nested():
            room = EditingRoom(process_id=process.id, eid=eid, lang=lang, epoch="", base_revision="", base_state=b"")
            tx.add(room)
            tx.flush()
            _seed(tx, room, paragraph)
            tx.flush()
        return room
    except IntegrityError:
        made = _room(tx, process, eid, lang)
        assert made is not None
        return made


def _rested(tx: Session, room: EditingRoom, paragraph: DraftParagraph) -> bool:
    """Nobody typed for RESTS_SECONDS and all is committed: the room starts a new life, its history dropped."""
    if room.typed_at > utcnow() - timedelta(seconds=RESTS_SECONDS) or room.base_revision != paragraph.revision_sha:
        return False
    pending = tx.scalar(select(RoomUpdate.id).where(RoomUpdate.room_id == room.id, RoomUpdate.committed.is_(False)))
    return pending is None


def _stored(text: str) -> str:
    """The room's text as a paragraph is stored (NFC, LF, no space at either end, within its length): the room keeps
    the space a writer has just typed at the end, the paragraph does not."""
    return text_value(text, "text", required=True, limit=MAX_PARAGRAPH)


def _absorb(tx: Session, room: EditingRoom, paragraph: DraftParagraph, state: bytes) -> bytes | None:
    """The paragraph changed outside the room since its base: that change made concurrently with the room's edits,
    kept as the server's update; the room's base is now the paragraph's revision. A text that is the room's own (a
    writer's page saved what the room holds) changes nothing: taken in again, its words would be there twice."""
    if room.base_revision == paragraph.revision_sha:
        return None
    with contextlib.suppress(AccordError):
        if _stored(text_of(state)) == paragraph.revision.text:
            room.base_state, room.base_revision = state, paragraph.revision_sha
            return None
    change = outside_change(room.base_state, text_of(room.base_state), paragraph.revision.text)
    tx.add(RoomUpdate(room_id=room.id, update=change, committed=True))
    room.base_state = merged([room.base_state, change])
    room.base_revision = paragraph.revision_sha
    return change


@use_case
def open_room(tx: Session, actor: Actor | None, slug: str, eid: str, lang: str | None) -> Opened:
    """The room of paragraph `eid` for a writer to join: made and seeded by the server if none is open (or the open
    one has rested), with what changed outside it taken in."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    code = _room_lang(process, lang)
    paragraph = _paragraph(tx, process, eid)
    room = _made(tx, process, eid, code, paragraph)
    if _rested(tx, room, paragraph):
        tx.execute(delete(RoomUpdate).where(RoomUpdate.room_id == room.id))
        _seed(tx, room, paragraph)
    tx.flush()
    state = merged([row.update for row in _updates(tx, room.id)])
    if (absorbed := _absorb(tx, room, paragraph, state)) is not None:
        state = merged([state, absorbed])
    return Opened(room.id, process.id, room.epoch, state, room.base_revision)


def _role(value: str | None) -> Role | None:
    return Role(value) if value else None


@use_case
def keep(tx: Session, room_id: int, epoch: str, updates: Sequence[tuple[bytes, int | None]]) -> Kept:
    """Keep writers' updates (each with its writer's number) before they are relayed, those of writers who may still
    write the paragraph (someone taken off the committee while connected is refused: `refused`); `alive` False if the
    room's life has ended meanwhile (its writers must reload)."""
    process_id = tx.scalar(
        update(EditingRoom)
        .where(EditingRoom.id == room_id, EditingRoom.epoch == epoch)
        .values(typed_at=utcnow())
        .returning(EditingRoom.process_id)
        .execution_options(synchronize_session=False)
    )
    if process_id is None:
        return Kept(alive=False)
    writers = {writer for _, writer in updates if writer is not None}
    held = dict(
        tx.execute(
            select(User.id, Membership.role)
            .join(Membership, (Membership.user_id == User.id) & (Membership.process_id == process_id), isouter=True)
            .where(User.id.in_(writers), User.disabled_at.is_(None))
        ).all()
    )
    admins = set(tx.scalars(select(User.id).where(User.id.in_(held), User.is_admin.is_(True))))
    refused = {  # a disabled account is not `held` at all
        w for w in writers if w not in held or not allows(_role(held[w]), Action.EDIT_DRAFT, is_admin=w in admins)
    }
    tx.add_all(
        RoomUpdate(room_id=room_id, update=data, writer_id=writer) for data, writer in updates if writer not in refused
    )
    return Kept(alive=True, refused=frozenset(refused))


@reads
def room_state(tx: Session, room_id: int) -> tuple[str, bytes] | None:
    """The room's life and whole state as kept (what a worker catches up from); None if the room is gone."""
    epoch = tx.scalar(select(EditingRoom.epoch).where(EditingRoom.id == room_id))
    if epoch is None:
        return None
    return epoch, merged([row.update for row in _updates(tx, room_id)])


def _writers(tx: Session, process: Process, user_ids: Sequence[int]) -> list[tuple[str, str]]:
    """Each writer's name and delegation, in the order they first typed."""
    names = dict(tx.execute(select(User.id, User.name).where(User.id.in_(user_ids))).all())
    codes = delegation_codes(tx, process, user_ids)
    return [(names[i], codes.get(i, "")) for i in dict.fromkeys(user_ids) if i in names]


def _write(
    tx: Session, process: Process, room: EditingRoom, paragraph: DraftParagraph, text: str, typed: list[RoomUpdate]
) -> None:
    """The room's text as the paragraph's new revision, compare-and-set on the revision it is based on."""
    writer_ids = [row.writer_id for row in typed if row.writer_id is not None]
    writers = _writers(tx, process, writer_ids)
    last = tx.get(User, writer_ids[-1]) if writer_ids else None
    actor = actor_of(last) if last is not None else None
    cause = Cause(CauseKind.TOGETHER, writers=tuple(writers))
    write_draft(tx, process, actor, [SetText(paragraph.eid, paragraph.revision_sha, text)], cause)
    record(tx, actor, "paragraph.edited", f"paragraph:{paragraph.eid}", process, together=[name for name, _ in writers])


@use_case
def commit(tx: Session, room_id: int) -> Committed:
    """Write the room's text if it differs from the paragraph's, after taking in what changed outside the room; the
    room's base is then the revision written. A text the draft refuses (too many brackets …) stays in the room, and
    its writers are told why."""
    room = tx.scalar(select(EditingRoom).where(EditingRoom.id == room_id).with_for_update())
    if room is None:
        return Committed(None, False, None)
    process = tx.get(Process, room.process_id)
    paragraph = tx.scalar(
        select(DraftParagraph).where(DraftParagraph.process_id == room.process_id, DraftParagraph.eid == room.eid)
    )
    if process is None or paragraph is None:  # deleted meanwhile: nothing to write to, the room closes
        tx.delete(room)
        return Committed(None, False, None)
    rows = _updates(tx, room.id)
    state = merged([row.update for row in rows])
    if (absorbed := _absorb(tx, room, paragraph, state)) is not None:
        state = merged([state, absorbed])
    typed = [row for row in rows if not row.committed]
    try:
        text = _stored(text_of(state))
        written = text != paragraph.revision.text
        if written:
            with tx.begin_nested():
                _write(tx, process, room, paragraph, text, typed)
    except AccordError as refused:
        return Committed(room.base_revision, False, absorbed, refused=refused)
    if written:
        room.base_revision = revision_id(text)
    room.base_state = state
    _settle(tx, room, rows, state)
    return Committed(room.base_revision, written, absorbed)


def _settle(tx: Session, room: EditingRoom, rows: list[RoomUpdate], state: bytes) -> None:
    """The updates read are committed; many are kept as one (only those read: one kept meanwhile stays as it is)."""
    ids = [row.id for row in rows]
    if len(rows) > COMPACT_AT:
        tx.execute(delete(RoomUpdate).where(RoomUpdate.id.in_(ids)))
        tx.add(RoomUpdate(room_id=room.id, update=state, committed=True))
    else:
        tx.execute(
            update(RoomUpdate)
            .where(RoomUpdate.id.in_(ids))
            .values(committed=True)
            .execution_options(synchronize_session=False)
        )


@reads
def room_info(tx: Session, actor: Actor | None, slug: str, eid: str, lang: str | None) -> RoomView:
    """A paragraph's room as a writer sees it before joining: its base revision, who has it open now, its life."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    code = _room_lang(process, lang)
    paragraph = _paragraph(tx, process, eid)
    room = tx.scalar(
        select(EditingRoom).where(
            EditingRoom.process_id == process.id, EditingRoom.eid == eid, EditingRoom.lang == code
        )
    )
    since = utcnow() - timedelta(seconds=GONE_SECONDS)
    here = tx.execute(
        select(Presence.user_id, Presence.where)
        .where(Presence.process_id == process.id, Presence.place == "draft", Presence.editing.is_(True))
        .where(Presence.seen_at >= since)
        .order_by(Presence.since)
    ).all()
    writers = _writers(tx, process, [user for user, where in here if where.get("eid") == eid])
    return RoomView(
        revision=room.base_revision if room is not None else paragraph.revision_sha,
        writers=[WriterView(person=name, delegation=code or None) for name, code in writers],
        epoch=room.epoch if room is not None else None,
    )


@reads
def moved(tx: Session, room_id: int) -> bool:
    """Has the paragraph changed outside the room since its base (a commit then takes the change in)?"""
    found = tx.execute(
        select(EditingRoom.base_revision, DraftParagraph.revision_sha)
        .join(
            DraftParagraph,
            (DraftParagraph.process_id == EditingRoom.process_id) & (DraftParagraph.eid == EditingRoom.eid),
            isouter=True,
        )
        .where(EditingRoom.id == room_id)
    ).first()
    return found is not None and found[0] != found[1]


@reads
def unwritten(tx: Session, quiet_for: float) -> list[int]:
    """Rooms holding kept updates that were never written, nobody having typed in them for `quiet_for` seconds: their
    worker stopped (killed, restarted) before it committed, and nobody opened them since."""
    typed = exists(select(RoomUpdate.id).where(RoomUpdate.room_id == EditingRoom.id, RoomUpdate.committed.is_(False)))
    since = utcnow() - timedelta(seconds=quiet_for)
    return list(tx.scalars(select(EditingRoom.id).where(EditingRoom.typed_at < since, typed).order_by(EditingRoom.id)))
