"""Who is where in a process now: one row per person and place, refreshed by the page's heartbeat, gone a minute
after the last (domain.presence)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..types import utcnow
from .accounts import User
from .base import Base


class Presence(Base):
    __tablename__ = "presence"
    __table_args__ = (
        UniqueConstraint("process_id", "user_id", "place"),
        Index("ix_presence_seen", "process_id", "seen_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    place: Mapped[str] = mapped_column(String(24))  # Where.place: "v3", "draft:fr", "m2"
    where: Mapped[dict[str, Any]]  # Where.shown(): the version, draft or meeting, the edition, the paragraph
    editing: Mapped[bool] = mapped_column(default=False)
    since: Mapped[datetime] = mapped_column(default=utcnow)  # at this paragraph, in this way (reading or editing)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    told_at: Mapped[datetime] = mapped_column(default=utcnow)  # last told on the process's stream

    user: Mapped[User] = relationship(lazy="joined")
