"""A meeting of a process (issue 66): the room where the text is read paragraph by paragraph, with its pointer,
lights, floor, slots, votes and machine drafts, and its own numbered events (an informal's reach only those invited:
numbered apart, so that no one else's numbering of the process's events has a gap telling of them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..types import utcnow
from .base import Base


class Meeting(Base):
    """`number` is the meeting's id as people and the API name it (per process: a global id would count others')."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("process_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10))  # plenary, informal
    state: Mapped[str] = mapped_column(String(10), default="scheduled")  # scheduled, open, suspended, closed
    title: Mapped[dict[str, str]]  # per language
    starts_at: Mapped[datetime | None] = mapped_column(default=None)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"), default=None)
    eids: Mapped[list[str] | None] = mapped_column(JSON, default=None)  # the scope; None: every paragraph
    delegations: Mapped[list[str]] = mapped_column(JSON, default=list)  # an informal's invited delegations (codes)
    facilitators: Mapped[list[int]] = mapped_column(JSON, default=list)  # user ids
    public: Mapped[bool] = mapped_column(default=False)
    pointer: Mapped[str | None] = mapped_column(String(64), default=None)  # the eId under discussion
    pointer_at: Mapped[datetime | None] = mapped_column(default=None)
    seq: Mapped[int] = mapped_column(default=0)  # the last event's number (meeting_events.seq)
    greens: Mapped[str] = mapped_column(String(20), default="")  # what its greens became on closing
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)


class MeetingEvent(Base):
    """What happened in a meeting, numbered per meeting: its live stream (Last-Event-ID) and its record."""

    __tablename__ = "meeting_events"
    __table_args__ = (UniqueConstraint("meeting_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))  # meeting.state, meeting.pointer, meeting.light …
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class MeetingLight(Base):
    __tablename__ = "meeting_lights"
    __table_args__ = (UniqueConstraint("meeting_id", "eid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    eid: Mapped[str] = mapped_column(String(64))
    light: Mapped[str] = mapped_column(String(10))  # white, green, yellow, red
    due_at: Mapped[datetime | None] = mapped_column(default=None)
    delegations: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


class FloorRequest(Base):
    """A delegation's request for the floor, and the turn it became: waiting → speaking → spoke (or withdrawn,
    removed)."""

    __tablename__ = "floor_requests"
    __table_args__ = (
        UniqueConstraint("meeting_id", "number"),
        Index("ix_floor_requests_meeting_state", "meeting_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    number: Mapped[int]
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="RESTRICT"), index=True)
    intent: Mapped[str] = mapped_column(String(20))
    eid: Mapped[str | None] = mapped_column(String(64), default=None)
    state: Mapped[str] = mapped_column(String(10), default="waiting")
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)


class MeetingText(Base):
    """A text typed into a paragraph in the room, for a delegation: the draft's write (its revisions) kept with who
    spoke the words, and the machine drafts of them in the other languages (`machine`: language → {state, text,
    engine}; state pending, done, none, failed)."""

    __tablename__ = "meeting_texts"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    eid: Mapped[str] = mapped_column(String(64))
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id", ondelete="RESTRICT"), index=True)
    before: Mapped[str] = mapped_column(Text)
    after: Mapped[str] = mapped_column(Text)
    revision: Mapped[str] = mapped_column(String(64))  # the draft revision it wrote
    machine: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    typed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    typed_at: Mapped[datetime] = mapped_column(default=utcnow)


class MeetingVote(Base):
    __tablename__ = "meeting_votes"
    __table_args__ = (UniqueConstraint("meeting_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    eid: Mapped[str | None] = mapped_column(String(64), default=None)
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("amendments.id", ondelete="CASCADE"), default=None)
    recorded: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(10), default="open")  # open, closed
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)


class MeetingBallot(Base):
    """A delegation's vote: one per delegation and vote, replaced until the vote closes."""

    __tablename__ = "meeting_ballots"
    __table_args__ = (UniqueConstraint("vote_id", "delegation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("meeting_votes.id", ondelete="CASCADE"))
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="RESTRICT"), index=True)
    vote: Mapped[str] = mapped_column(String(8))  # yes, no, abstain
    cast_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    cast_at: Mapped[datetime] = mapped_column(default=utcnow)
