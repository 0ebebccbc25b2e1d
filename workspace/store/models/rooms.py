"""Shared editing rooms (domain.rooms): one per paragraph and edition while people write it together, and every
update its writers sent, kept before it is relayed (a worker killed mid-typing loses nothing acknowledged)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..types import utcnow
from .base import Base


class EditingRoom(Base):
    __tablename__ = "editing_rooms"
    __table_args__ = (UniqueConstraint("process_id", "eid", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    eid: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(8))  # the working draft's own language, or an edition's
    epoch: Mapped[str] = mapped_column(String(32))  # domain.rooms.new_epoch: this life of the room
    base_revision: Mapped[str] = mapped_column(String(64))  # the text's revision the room last wrote or read ("": none)
    base_state: Mapped[bytes] = mapped_column(LargeBinary)  # the room's whole state when its text was that revision's
    # An edition's room: the draft's source revision its writers read (their text is the translation made from it)
    source_revision: Mapped[str] = mapped_column(String(64), default="", server_default="")
    typed_at: Mapped[datetime] = mapped_column(default=utcnow)  # the last update heard
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)


class RoomUpdate(Base):
    __tablename__ = "room_updates"
    __table_args__ = (Index("ix_room_updates_room", "room_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("editing_rooms.id", ondelete="CASCADE"))
    update: Mapped[bytes] = mapped_column(LargeBinary)
    writer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))  # None: the server
    committed: Mapped[bool] = mapped_column(default=False)  # in a revision the room wrote (or taken from outside)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
