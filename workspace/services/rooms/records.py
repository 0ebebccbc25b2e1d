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
from ...domain.errors import AccordError
from ...domain.permissions import Action
from ...domain.presence import GONE_SECONDS, Where
from ...domain.rooms import RESTS_SECONDS, merged, new_epoch, outside_change, seeded, text_of
from ...domain.values import text_value
from ...domain.vocabulary import Role
from ...store.models import EditingRoom, Membership, Presence, Process, RoomUpdate, User
from ...store.types import utcnow
from ..access import process_for
from ..accounts.users import actor_of
from ..actor import Actor
from ..declaration.views import WriterView
from ..presence.records import delegation_codes
from ..unit import reads, use_case
from .targets import Target, found_target, require_joining, room_lang, target_of, write_text, writes
from .views import Committed, Kept, Opened, RoomView

COMPACT_AT = 64
"""Updates kept for a room beyond which a commit keeps them as one (a room's state read at each commit stays small)."""


def _room(tx: Session, process: Process, eid: str, lang: str) -> EditingRoom | None:
    query = select(EditingRoom).where(
        EditingRoom.process_id == process.id, EditingRoom.eid == eid, EditingRoom.lang == lang
    )
    return tx.scalar(query.with_for_update().execution_options(populate_existing=True))


def _updates(tx: Session, room_id: int) -> list[RoomUpdate]:
    return list(tx.scalars(select(RoomUpdate).where(RoomUpdate.room_id == room_id).order_by(RoomUpdate.id)))


def _seed(tx: Session, room: EditingRoom, target: Target) -> None:
    """The room's (new) life, from the text's revision (an edition's: from the draft's source now): the server's own
    first update."""
    state = seeded(target.text)
    room.epoch, room.base_revision, room.base_state = new_epoch(), target.revision, state
    room.source_revision = target.source
    room.typed_at = room.opened_at = utcnow()
    tx.add(RoomUpdate(room_id=room.id, update=state, committed=True))


def _made(tx: Session, process: Process, target: Target) -> EditingRoom:
    """The text's room, made and seeded if it has none (in a savepoint: two workers opening at once make one)."""
    eid, lang = target.paragraph.eid, target.lang
    room = _room(tx, process, eid, lang)
    if room is not None:
        return room
    try:
        with tx.begin_nested():
            room = EditingRoom(process_id=process.id, eid=eid, lang=lang, epoch="", base_revision="", base_state=b"")
            tx.add(room)
            tx.flush()
            _seed(tx, room, target)
            tx.flush()
        return room
    except IntegrityError:
        made = _room(tx, process, eid, lang)
        assert made is not None
        return made


def _rested(tx: Session, room: EditingRoom, target: Target) -> bool:
    """Nobody typed for RESTS_SECONDS and all is committed: the room starts a new life, its history dropped."""
    if room.typed_at > utcnow() - timedelta(seconds=RESTS_SECONDS) or room.base_revision != target.revision:
        return False
    pending = tx.scalar(select(RoomUpdate.id).where(RoomUpdate.room_id == room.id, RoomUpdate.committed.is_(False)))
    return pending is None


def _stored(text: str) -> str:
    """The room's text as a paragraph is stored (NFC, LF, no space at either end, within its length): the room keeps
    the space a writer has just typed at the end, the paragraph does not."""
    return text_value(text, "text", required=True, limit=MAX_PARAGRAPH)


def _absorb(tx: Session, room: EditingRoom, target: Target, state: bytes) -> bytes | None:
    """The text changed outside the room since its base: that change made concurrently with the room's edits, kept as
    the server's update; the room's base is now the text's revision. A text that is the room's own (a writer's page
    saved what the room holds) changes nothing: taken in again, its words would be there twice."""
    if room.base_revision == target.revision:
        return None
    with contextlib.suppress(AccordError):
        if _stored(text_of(state)) == target.text:
            room.base_state, room.base_revision = state, target.revision
            return None
    change = outside_change(room.base_state, text_of(room.base_state), target.text)
    tx.add(RoomUpdate(room_id=room.id, update=change, committed=True))
    room.base_state = merged([room.base_state, change])
    room.base_revision = target.revision
    return change


def _joined(tx: Session, actor: Actor | None, slug: str, eid: str, lang: str | None) -> tuple[Process, Target]:
    """The process and the room's text, for someone who may write it (404 for an outsider, 403 for a member)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    code = room_lang(process, lang)
    assert actor is not None  # process_for asked for one
    require_joining(tx, process, role, actor, code)
    return process, found_target(tx, process, eid, code)


@use_case
def open_room(tx: Session, actor: Actor | None, slug: str, eid: str, lang: str | None) -> Opened:
    """The room of paragraph `eid` (in the draft's own language, or an edition's) for a writer to join: made and seeded
    by the server if none is open (or the open one has rested), with what changed outside it taken in."""
    process, target = _joined(tx, actor, slug, eid, lang)
    room = _made(tx, process, target)
    if _rested(tx, room, target):
        tx.execute(delete(RoomUpdate).where(RoomUpdate.room_id == room.id))
        _seed(tx, room, target)
    tx.flush()
    state = merged([row.update for row in _updates(tx, room.id)])
    if (absorbed := _absorb(tx, room, target, state)) is not None:
        state = merged([state, absorbed])
    return Opened(room.id, process.id, room.epoch, state, room.base_revision, target.lang)


def _role(value: str | None) -> Role | None:
    return Role(value) if value else None


@use_case
def keep(tx: Session, room_id: int, epoch: str, updates: Sequence[tuple[bytes, int | None]]) -> Kept:
    """Keep writers' updates (each with its writer's number) before they are relayed, those of writers who may still
    write the text (someone taken off the committee, or off the language, while connected is refused: `refused`);
    `alive` False if the room's life has ended meanwhile (its writers must reload)."""
    found = tx.execute(
        update(EditingRoom)
        .where(EditingRoom.id == room_id, EditingRoom.epoch == epoch)
        .values(typed_at=utcnow())
        .returning(EditingRoom.process_id, EditingRoom.lang)
        .execution_options(synchronize_session=False)
    ).first()
    if found is None:
        return Kept(alive=False)
    process_id, lang = found
    writers = {writer for _, writer in updates if writer is not None}
    held = {  # a disabled account is not held at all
        user: (_role(role), bool(admin), languages or ())
        for user, role, admin, languages in tx.execute(
            select(User.id, Membership.role, User.is_admin, Membership.languages)
            .join(Membership, (Membership.user_id == User.id) & (Membership.process_id == process_id), isouter=True)
            .where(User.id.in_(writers), User.disabled_at.is_(None))
        ).all()
    }
    refused = {w for w in writers if w not in held or not writes(*held[w], lang)}
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
    tx: Session, process: Process, room: EditingRoom, target: Target, source: str, state: bytes, typed: list[RoomUpdate]
) -> bool:
    """The room's text, if it differs from the text stored, written with the compare-and-set of a save (an edition's
    as the translation made from `source`); the room's base is then the revision written. Whether it was written."""
    raw = text_of(state)
    if not raw.strip() and not target.text:  # an edition's room nobody has written in yet
        return False
    text = _stored(raw)
    if text == target.text:
        return False
    writer_ids = [row.writer_id for row in typed if row.writer_id is not None]
    last = tx.get(User, writer_ids[-1]) if writer_ids else None
    with tx.begin_nested():
        written = write_text(
            tx, process, target, source, text, _writers(tx, process, writer_ids), actor_of(last) if last else None
        )
    room.base_revision, room.base_state = written, state
    return True


def _take_in(
    tx: Session, room: EditingRoom, target: Target, state: bytes, absorbed: bytes | None
) -> tuple[bytes, bytes | None]:
    """The room's state with what changed outside it taken in, and all that was taken in by this commit."""
    change = _absorb(tx, room, target, state)
    if change is None:
        return state, absorbed
    return merged([state, change]), change if absorbed is None else merged([absorbed, change])


def _source_moved(
    tx: Session, process: Process, room: EditingRoom, target: Target, state: bytes, typed: list[RoomUpdate]
) -> tuple[Target, bool]:
    """An edition's source changed: what was typed while its writers read the source before is written as the
    translation of that source, unless the source as it is now was translated meanwhile (taken in already: the room's
    text holds both, and is written as that translation). The room then translates the source as it is now; its text
    now, and whether it was written."""
    before = target.made_from != target.source
    written = bool(typed) and before and _write(tx, process, room, target, room.source_revision, state, typed)
    room.source_revision = target.source
    return target_of(tx, process, room.eid, room.lang) or target, written


@use_case
def commit(tx: Session, room_id: int) -> Committed:
    """Write the room's text if it differs from the text stored, after taking in what changed outside the room; the
    room's base is then the revision written. A text the draft refuses (too many brackets …) stays in the room, and
    its writers are told why. An edition's room whose source changed writes what was typed while its writers read the
    source before as the translation of that source (it shows as outdated, with the source's change; or, when the
    source as it is now was translated meanwhile, merged into that translation), and goes on from the source as it is
    now (`source`: its writers are told)."""
    room = tx.scalar(select(EditingRoom).where(EditingRoom.id == room_id).with_for_update())
    if room is None:
        return Committed(None, False, None)
    process = tx.get(Process, room.process_id)
    target = target_of(tx, process, room.eid, room.lang) if process is not None else None
    if process is None or target is None:  # deleted meanwhile: nothing to write to, the room closes
        tx.delete(room)
        return Committed(None, False, None)
    rows = _updates(tx, room.id)
    state = merged([row.update for row in rows])
    typed = [row for row in rows if not row.committed]
    absorbed, written, source = None, False, None
    try:
        state, absorbed = _take_in(tx, room, target, state, None)
        if room.source_revision != target.source:
            source = target.source
            target, written = _source_moved(tx, process, room, target, state, typed)
            state, absorbed = _take_in(tx, room, target, state, absorbed)
        written = _write(tx, process, room, target, target.source, state, typed) or written
    except AccordError as refused:
        return Committed(room.base_revision, False, absorbed, refused=refused, source=source)
    room.base_state = state
    _settle(tx, room, rows, state)
    return Committed(room.base_revision, written, absorbed, source=source)


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
    process, target = _joined(tx, actor, slug, eid, lang)
    room = tx.scalar(
        select(EditingRoom).where(
            EditingRoom.process_id == process.id, EditingRoom.eid == eid, EditingRoom.lang == target.lang
        )
    )
    since = utcnow() - timedelta(seconds=GONE_SECONDS)
    here = tx.execute(
        select(Presence.user_id, Presence.where)
        .where(Presence.process_id == process.id, Presence.place == Where(draft=True, lang=target.lang or None).place)
        .where(Presence.editing.is_(True), Presence.seen_at >= since)
        .order_by(Presence.since)
    ).all()
    writers = _writers(tx, process, [user for user, where in here if where.get("eid") == eid])
    return RoomView(
        revision=room.base_revision if room is not None else target.revision,
        writers=[WriterView(person=name, delegation=code or None) for name, code in writers],
        epoch=room.epoch if room is not None else None,
    )


@reads
def moved(tx: Session, room_id: int) -> bool:
    """Has the text (or an edition's source) changed outside the room since its base (a commit then takes the change
    in)? The paragraph deleted is a change too (the commit closes the room)."""
    room = tx.get(EditingRoom, room_id)
    process = tx.get(Process, room.process_id) if room is not None else None
    if room is None or process is None:
        return False
    target = target_of(tx, process, room.eid, room.lang)
    return target is None or (room.base_revision, room.source_revision) != (target.revision, target.source)


@reads
def unwritten(tx: Session, quiet_for: float) -> list[int]:
    """Rooms holding kept updates that were never written, nobody having typed in them for `quiet_for` seconds: their
    worker stopped (killed, restarted) before it committed, and nobody opened them since."""
    typed = exists(select(RoomUpdate.id).where(RoomUpdate.room_id == EditingRoom.id, RoomUpdate.committed.is_(False)))
    since = utcnow() - timedelta(seconds=quiet_for)
    return list(tx.scalars(select(EditingRoom.id).where(EditingRoom.typed_at < since, typed).order_by(EditingRoom.id)))
