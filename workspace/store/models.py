"""The tables of Accord. Schema changes go through Alembic migrations in migrations/."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from .types import UTCDateTime, utcnow

# Stable constraint names, so migrations can name what they alter.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[str]: JSON()}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # None: the account exists (imported, invited) but cannot sign in until a password is set.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")


class Process(Base):
    __tablename__ = "processes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    titles: Mapped[dict[str, Any]]
    source_language: Mapped[str] = mapped_column(String(8))
    languages: Mapped[list[str]]
    timezone: Mapped[str] = mapped_column(String(64))
    place: Mapped[str] = mapped_column(String(200), default="")
    phase: Mapped[str] = mapped_column(String(20), default="consultation")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("process_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    # For translators: the languages they translate into.
    languages: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")


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
    __table_args__ = (UniqueConstraint("process_id", "ref"), Index("ix_recommendations_process_status", "process_id", "status"))

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


class Activity(Base):
    """Append-only audit trail: who did what, when. The source of live events later."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int | None] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verb: Mapped[str] = mapped_column(String(50))
    subject: Mapped[str] = mapped_column(String(100), default="")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship(lazy="joined")


class ParagraphRevision(Base):
    """A paragraph text, addressed by its sha256: every version holding the same text shares one row."""

    __tablename__ = "paragraph_revisions"

    sha: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class DraftParagraph(Base):
    """The working draft: the one mutable head of a process's declaration."""

    __tablename__ = "draft_paragraphs"
    __table_args__ = (UniqueConstraint("process_id", "eid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    eid: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    position: Mapped[int]
    revision_sha: Mapped[str] = mapped_column(ForeignKey("paragraph_revisions.sha"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    revision: Mapped[ParagraphRevision] = relationship(lazy="joined")


class Version(Base):
    """An immutable, circulated snapshot of the declaration ("Borrador cero", "Rev.1" …)."""

    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("process_id", "number"), UniqueConstraint("process_id", "label"))

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    number: Mapped[int]
    label: Mapped[str] = mapped_column(String(100))
    circulated_on: Mapped[str] = mapped_column(String(10))  # ISO date, in the process's time zone
    note: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by: Mapped[User | None] = relationship(lazy="joined")


class VersionParagraph(Base):
    __tablename__ = "version_paragraphs"

    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    eid: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    revision_sha: Mapped[str] = mapped_column(ForeignKey("paragraph_revisions.sha"))

    revision: Mapped[ParagraphRevision] = relationship(lazy="joined")


class ParagraphEdit(Base):
    """Each change to a paragraph of the working draft: by whom, why, from which text to which.

    It is also the register of every eId a process has used, so none is ever given twice.
    """

    __tablename__ = "paragraph_edits"
    __table_args__ = (Index("ix_paragraph_edits_process_eid", "process_id", "eid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    eid: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))  # created, edited, moved, deleted
    cause: Mapped[str] = mapped_column(String(16))  # edit, import, amendment
    old_sha: Mapped[str | None] = mapped_column(ForeignKey("paragraph_revisions.sha"))
    new_sha: Mapped[str | None] = mapped_column(ForeignKey("paragraph_revisions.sha"))
    note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship(lazy="joined")


class RecommendationLink(Base):
    """A recommendation taken up by a paragraph (traceability), by eId so it follows the paragraph."""

    __tablename__ = "recommendation_links"

    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True)
    eid: Mapped[str] = mapped_column(String(64), primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
