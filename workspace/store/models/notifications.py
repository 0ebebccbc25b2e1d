"""What people are told: notifications, the outbox of events, mail and its settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..types import utcnow
from .base import Base
from .processes import Activity


class Notification(Base):
    """An entry of someone's inbox: a reply, a resolution or a reopening on a thread they follow, a mention of them in
    a comment; a decision on their amendment, a version circulated, a publication (news of no thread: its activity
    entry says what). `committee_only`: what only the drafting committee reads (of the working draft)."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_read", "user_id", "read_at"),
        Index("ix_notifications_thread_id", "thread_id"),  # a thread or comment deleted: the cascade finds them
        Index("ix_notifications_comment_id", "comment_id"),
        Index("ix_notifications_process_id", "process_id"),  # a process or activity entry deleted: found, not scanned
        Index("ix_notifications_activity_id", "activity_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))  # reply, resolved, reopened, mention, decision, version, publication
    committee_only: Mapped[bool] = mapped_column(default=False, server_default=false())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]


class Outbox(Base):
    """Work due because an action committed, written in the action's transaction: an activity to tell
    people of (`notify`), a mail to compose (`mail`: an invitation, a password reset), a publication's
    files to render (`render`). Workers take each entry once (`done_at`); what a crash interrupted
    is taken again by the next sweep."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_done", "done_at", "id"),
        Index("ix_outbox_activity_id", "activity_id"),  # an activity entry deleted: the cascade finds them
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    # When a worker last took it (a render or a removal: under way for a while from then, services.outbox).
    taken_at: Mapped[datetime | None] = mapped_column(default=None)
    done_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)

    activity: Mapped[Activity | None] = relationship()


class MailMessage(Base):
    """A mail composed for one person, kept as sent (administrators read them at /admin/mail).
    `state`: pending (to send at `next_attempt_at`), sent, or failed (kept, never dropped)."""

    __tablename__ = "mail_messages"
    __table_args__ = (Index("ix_mail_messages_state", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    process_id: Mapped[int | None] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(250), unique=True)
    in_reply_to: Mapped[str | None] = mapped_column(String(250))
    unsubscribe_url: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class MailItem(Base):
    """One thing to tell one person by mail: at once (`mail_id` set when composed; news of a thread may
    wait a few minutes for its batch), or gathered into their daily or weekly digest of the process."""

    __tablename__ = "mail_items"
    __table_args__ = (
        Index("ix_mail_items_waiting", "cadence", "mail_id", "user_id"),
        Index("ix_mail_items_thread_id_user_id_id", "thread_id", "user_id", "id"),
        Index("ix_mail_items_process_id", "process_id"),  # a process or activity entry deleted: found, not scanned
        Index("ix_mail_items_activity_id", "activity_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    # News of a thread: a follower's immediate mails of one thread are batched (notifications/batches.py).
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    cadence: Mapped[str] = mapped_column(String(10))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    mail_id: Mapped[int | None] = mapped_column(ForeignKey("mail_messages.id", ondelete="SET NULL"))

    mail: Mapped[MailMessage | None] = relationship()


class NotificationSetting(Base):
    """How a person wants to hear of one kind of news: immediate, daily, weekly or off (no row: the default)."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    cadence: Mapped[str] = mapped_column(String(10))
