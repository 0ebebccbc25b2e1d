"""The consultations' sessions and the recommendations they gathered."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...domain.search import fold
from ..types import utcnow
from .base import Base, paragraph_fk


class ConsultationSession(Base):
    __tablename__ = "consultation_sessions"
    __table_args__ = (UniqueConstraint("process_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(500))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    # The offset the organisers announced (minutes east of UTC), kept so export gives back their text.
    utc_offset_minutes: Mapped[int] = mapped_column(Integer, default=0)
    place: Mapped[str] = mapped_column(String(300), default="")
    platform: Mapped[str] = mapped_column(String(100), default="")
    organisers: Mapped[list[str]] = mapped_column(default=list)
    languages: Mapped[list[str]] = mapped_column(default=list)
    capacity: Mapped[int | None]
    theme: Mapped[str] = mapped_column(String(500), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Recommendation(Base):
    __tablename__ = "recommendations"
    __table_args__ = (
        UniqueConstraint("process_id", "ref"),
        Index("ix_recommendations_process_status", "process_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("consultation_sessions.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    author: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(24), default="open")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Text, author, organisation and ref as search compares them (domain.search.fold): kept with the row.
    folded: Mapped[str] = mapped_column(Text, default="")

    session: Mapped[ConsultationSession] = relationship(lazy="joined")
    theme_rows: Mapped[list[RecommendationTheme]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="RecommendationTheme.position"
    )

    @property
    def themes(self) -> list[str]:
        return [row.theme for row in self.theme_rows]


class RecommendationTheme(Base):
    """One theme of a recommendation: a table rather than JSON so filtering stays in SQL."""

    __tablename__ = "recommendation_themes"

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)


class RecommendationLink(Base):
    """A recommendation taken up by a paragraph (traceability), by eId so it follows the paragraph."""

    __tablename__ = "recommendation_links"
    __table_args__ = (paragraph_fk(),)

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    )
    eid: Mapped[str] = mapped_column(String(64), primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def recommendation_folded(row: Recommendation) -> str:
    return fold(" ".join((row.text or "", row.author or "", row.organisation or "", row.ref or "")))


@event.listens_for(Recommendation, "before_insert")
@event.listens_for(Recommendation, "before_update")
def _fold_recommendation(_mapper: Any, _connection: Any, row: Recommendation) -> None:
    row.folded = recommendation_folded(row)
