"""A process, who takes part in it (memberships, invitations), what happened in it (activity), the jobs run for it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..types import utcnow
from .accounts import User
from .base import Base


class Process(Base):
    __tablename__ = "processes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    titles: Mapped[dict[str, Any]]
    source_language: Mapped[str] = mapped_column(String(8))
    languages: Mapped[list[str]]
    timezone: Mapped[str] = mapped_column(String(64))
    # The place of the date line in each language ("Kütahya, Turquía" / "Kütahya, Türkiye"), like the titles.
    places: Mapped[dict[str, str]] = mapped_column(default=dict)
    phase: Mapped[str] = mapped_column(String(20), default="consultation")
    # Whether members, translators and observers see each other's e-mail addresses (the committee
    # always does): off unless the committee allows it, so that an address is not a target.
    members_see_emails: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Whether members see the other delegations' positions (the committee always does; a delegation its own).
    positions_public: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The printed numbers the working draft holds still against, fixed by the committee's last renumbering since
    # the last circulation ({eid: [kind, number, suffix]}); None: the latest version's (domain.declaration.references).
    draft_basis: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    # Bumped by every change of the working draft's structure (add, move, delete, import): the
    # revision a structural write names as its base, and the row lock that serialises them.
    draft_order: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Archived (issue 36): finished, read-only for all (its published text still public); None: in use.
    archived_at: Mapped[datetime | None] = mapped_column(default=None)
    # Deleted by an administrator (issue 36): gone for everyone at once, every read and write of it a 404; a job then
    # removes its rows and stored files (services/processes/deletion.py). None: not deleted.
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    # Deleted with its publications kept public at their addresses: this row stays, holding them (and the versions
    # they were made from), once the job has removed the rest.
    keep_published: Mapped[bool] = mapped_column(default=False, server_default=false())


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("process_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    # For translators: the languages they translate into; `reviews`: those they may approve in.
    languages: Mapped[list[str]] = mapped_column(default=list)
    reviews: Mapped[list[str]] = mapped_column(default=list)
    # The delegation this person speaks for in this process (None: for themselves); one per process.
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")


class Activity(Base):
    """Append-only audit trail: who did what, when. The source of live events later."""

    __tablename__ = "activity"
    __table_args__ = (
        UniqueConstraint("process_id", "seq"),
        UniqueConstraint("process_id", "translators_seq"),
        UniqueConstraint("process_id", "shared_seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int | None] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    # The process's own numbering of its events (ids are global: their gaps would tell of other processes):
    # `seq` counts every entry, for the committee; `translators_seq` those translators read, `shared_seq` those
    # everyone reads (None: not theirs; domain.processes.audience), so that their gaps tell nothing of the others.
    seq: Mapped[int | None]
    translators_seq: Mapped[int | None]
    shared_seq: Mapped[int | None]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verb: Mapped[str] = mapped_column(String(50))
    subject: Mapped[str] = mapped_column(String(100), default="")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The hash chain of a process's entries (domain.processes.record_chain): the salted digest of the entry's content
    # (the salt removed when a person's data in it is erased), and its link to the entry before.
    salt: Mapped[str | None] = mapped_column(String(32))
    digest: Mapped[str | None] = mapped_column(String(64))
    chain: Mapped[str | None] = mapped_column(String(64))

    actor: Mapped[User | None] = relationship(lazy="joined")


class Invitation(Base):
    """An invitation to join a process with a role: a single-use, expiring link; the person's name
    is known only once they accept."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(20))
    languages: Mapped[list[str]] = mapped_column(default=list)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ScheduledRun(Base):
    """A scheduled job's run for one period (a digest's day, a reminder's deadline): the primary key
    lets one worker of many claim it, so it runs once whatever the number of workers."""

    __tablename__ = "scheduled_runs"

    job: Mapped[str] = mapped_column(String(40), primary_key=True)
    period: Mapped[str] = mapped_column(String(100), primary_key=True)
    ran_at: Mapped[datetime] = mapped_column(default=utcnow)
