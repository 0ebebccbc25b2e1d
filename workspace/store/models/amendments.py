"""Amendments and how they are decided: their renderings, cosponsors, periods, brackets, silences, roll calls."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..types import utcnow
from .accounts import User
from .base import Base, paragraph_fk
from .declaration import ParagraphRevision


class Amendment(Base):
    """A proposed change to the declaration, numbered per process (A1, A2 …), kept with its base text.

    `eid` is the paragraph it changes (for an insert: the paragraph it goes after); `version_id` the
    circulated version it was made against (None: the working draft).
    """

    __tablename__ = "amendments"
    __table_args__ = (
        UniqueConstraint("process_id", "on_draft", "number"),
        paragraph_fk(),
        Index("ix_amendments_process_status", "process_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    # Filed on the working draft: the committee's alone, numbered in its draft series (D1, D2 …: domain.series)
    # so that everyone else's numbers have no gap; never changes, so a number once said stays.
    on_draft: Mapped[bool] = mapped_column(default=False, server_default=false())
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10))  # modify, insert, delete
    eid: Mapped[str] = mapped_column(String(64))
    paragraph_kind: Mapped[str | None] = mapped_column(String(16))  # an insert: the kind of the new paragraph
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id", ondelete="RESTRICT"))
    base_sha: Mapped[str | None] = mapped_column(ForeignKey("paragraph_revisions.sha"))
    text_sha: Mapped[str] = mapped_column(ForeignKey("paragraph_revisions.sha"), index=True)  # the proposed wording
    patch: Mapped[str] = mapped_column(Text, default="")  # base → proposal, made once (rebasing reuses it)
    rationale: Mapped[str] = mapped_column(Text, default="")
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Filed on behalf of this delegation (None: in the proposer's own name).
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    status: Mapped[str] = mapped_column(String(24), default="open")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_sha: Mapped[str | None] = mapped_column(ForeignKey("paragraph_revisions.sha"))  # the wording applied
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("amendments.id", ondelete="SET NULL"))
    created_eid: Mapped[str | None] = mapped_column(String(64))  # an accepted insert: the paragraph it made
    # Filed from a Word file: {"file", "authors", "dates", "key", "filed_by"} (services.amendments.word_import).
    source: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    # Decided by a vote of the room: {"for", "against", "abstain"}; the roll call, if any, in `roll_calls`.
    vote: Mapped[dict[str, int] | None] = mapped_column(JSON, default=None)
    # The edition it was proposed in (None: the source language); its wording there is its rendering "original".
    lang: Mapped[str | None] = mapped_column(String(8), default=None)

    proposer: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[proposer_id])
    base: Mapped[ParagraphRevision | None] = relationship(lazy="joined", foreign_keys=[base_sha])
    proposed: Mapped[ParagraphRevision] = relationship(lazy="joined", foreign_keys=[text_sha])


class AmendmentRendering(Base):
    """An amendment in one language (issue 34): its wording there (`text_sha`), made from that edition's paragraph as
    it read (`base_sha`), so that only the amended words differ; `state` original (the language it was proposed in),
    rendered, approved; `outside`: it changes words outside the amendment's span there (flagged for the reviewer)."""

    __tablename__ = "amendment_renderings"
    __table_args__ = (UniqueConstraint("amendment_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendments.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(8))
    base_sha: Mapped[str | None] = mapped_column(ForeignKey("paragraph_revisions.sha"), default=None)
    text_sha: Mapped[str] = mapped_column(ForeignKey("paragraph_revisions.sha"), index=True)
    state: Mapped[str] = mapped_column(String(12))
    outside: Mapped[bool] = mapped_column(default=False, server_default=false())
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class RollCall(Base):
    """How a delegation voted on an amendment, when the room took a roll call."""

    __tablename__ = "roll_calls"

    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendments.id", ondelete="CASCADE"), primary_key=True)
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("delegations.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    ballot: Mapped[str] = mapped_column(String(8))  # for, against, abstain
    position: Mapped[int]  # the order it was called in


class BracketRecord(Base):
    """What the committee did with a bracket of the working draft (issue 33): agreed on an option, dropped it, marked
    an option as leading (for the clean text), or said which delegation introduced it. Only brackets someone acted
    on have a row; an open bracket is one the text holds. `bracket` is its id (domain.brackets.bracket_id)."""

    __tablename__ = "bracket_records"
    __table_args__ = (UniqueConstraint("process_id", "bracket"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    bracket: Mapped[str] = mapped_column(String(100))
    eid: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)  # the bracket as the text held it, brackets and all
    options: Mapped[list[str]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(10), default="open")  # open, agreed, dropped
    chosen: Mapped[int | None] = mapped_column(default=None)  # agreed: the option's index
    leading: Mapped[int | None] = mapped_column(default=None)  # the option the clean text takes (None: the first)
    delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegations.id", ondelete="RESTRICT"), index=True, default=None
    )
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Cosponsor(Base):
    __tablename__ = "amendment_cosponsors"

    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendments.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")


class AmendmentPeriod(Base):
    """A version's deadline for amendments (in UTC; shown in the process's time zone)."""

    __tablename__ = "amendment_periods"

    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="RESTRICT"), primary_key=True)
    deadline: Mapped[datetime]
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


class Silence(Base):
    """A silence procedure on a version: adopted at the deadline unless someone objects in writing."""

    __tablename__ = "silences"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="RESTRICT"))
    deadline: Mapped[datetime]
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)


class Objection(Base):
    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    silence_id: Mapped[int] = mapped_column(ForeignKey("silences.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User | None] = relationship(lazy="joined")
