"""The delegations: their submissions, their positions and the Word authors they are."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..types import utcnow
from .base import Base, paragraph_fk


class Delegation(Base):
    """Who negotiates in a process: a Member State, a city, a network, an organisation, a group. Its `code` is
    what people type and addresses carry; its `names` are by language (domain.delegations)."""

    __tablename__ = "delegations"
    __table_args__ = (UniqueConstraint("process_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(16))
    names: Mapped[dict[str, str]]
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SubmissionWindow(Base):
    """A window the committee opened for delegations' proposals (issue 33): from `opens_at` to `closes_at`, on some
    paragraphs (`eids`) or the whole text (None)."""

    __tablename__ = "submission_windows"
    __table_args__ = (UniqueConstraint("process_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    eids: Mapped[list[str] | None] = mapped_column(JSON, default=None)
    # A meeting's slot (issue 66): the window it opened, and the delegations it asks (empty: all).
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), default=None)
    delegations: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Submission(Base):
    """A delegation's proposal in a window: new wording for `eid`, a new paragraph after `after`, or `eid` deleted;
    once compiled, the paragraph of the working draft that holds it (`compiled_eid`)."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("process_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("submission_windows.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    eid: Mapped[str | None] = mapped_column(String(64), default=None)
    after: Mapped[str | None] = mapped_column(String(64), default=None)
    text: Mapped[str] = mapped_column(Text, default="")
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    filed_at: Mapped[datetime] = mapped_column(default=utcnow)
    compiled_eid: Mapped[str | None] = mapped_column(String(64), default=None)
    # Written in another edition than the source (issue 34): its language, and its wording in the source as the
    # committee rendered it (what the compilation takes; None until rendered).
    lang: Mapped[str | None] = mapped_column(String(8), default=None)
    source_text: Mapped[str | None] = mapped_column(Text, default=None)
    rendered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)


class Position(Base):
    """Where a delegation stands now on a paragraph (`eid`) or an amendment (`amendment_id`): its `target`
    ("paragraph:op_3", "amendment:12") names which, once per delegation. `revision` counts its changes: a change
    is a compare-and-set on the revision its writer saw. Every change is kept in `position_changes`."""

    __tablename__ = "positions"
    __table_args__ = (
        UniqueConstraint("process_id", "delegation_id", "target"),
        paragraph_fk(),
        Index("ix_positions_process_target", "process_id", "target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    # RESTRICT: a delegation that holds positions is merged or renamed, never deleted (its record would go).
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="RESTRICT"), index=True)
    target: Mapped[str] = mapped_column(String(80))
    eid: Mapped[str | None] = mapped_column(String(64))
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("amendments.id", ondelete="CASCADE"), index=True)
    stance: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(default=1)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)

    delegation: Mapped[Delegation] = relationship(lazy="joined")


class PositionChange(Base):
    """One change of a delegation's position, as it was made: never updated nor deleted."""

    __tablename__ = "position_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"), index=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int]
    stance: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


class WordAuthor(Base):
    """A Word file's author ("Delegación de Prueba", "Ministry of Foreign Affairs") and the delegation the
    committee said it is, kept for the next file of that author."""

    __tablename__ = "word_authors"
    __table_args__ = (UniqueConstraint("process_id", "author"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(200))
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"), index=True)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)
