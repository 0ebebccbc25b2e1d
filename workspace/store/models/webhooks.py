"""Webhooks (issue 64): an organisation's system told of a process's events (or of every process's, for the
instance), each delivery signed per Standard Webhooks, kept with its retries and the answers it got."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..types import utcnow
from .base import Base


class Webhook(Base):
    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int | None] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    kinds: Mapped[list[str]] = mapped_column(default=list)
    secret: Mapped[str] = mapped_column(String(100))  # whsec_…, shown once, when it is made
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    failing_since: Mapped[datetime | None]  # the first failure of the failures since the last 2xx
    disabled_at: Mapped[datetime | None]  # after a day of failures (or deleted: the row goes)


class WebhookDelivery(Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "next_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[str] = mapped_column(String(40), unique=True)  # the `webhook-id`: the same at every retry
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[bytes] = mapped_column(LargeBinary)  # the body, exactly as signed and sent
    attempts: Mapped[int] = mapped_column(default=0)
    next_at: Mapped[datetime | None]  # when it is tried next; None: delivered, or given up
    taken_at: Mapped[datetime | None]  # a worker sending it now (no other takes it meanwhile)
    status: Mapped[str] = mapped_column(String(12), default="pending")  # pending, delivered, failed
    answer: Mapped[int | None]  # the HTTP status of the last answer
    error: Mapped[str] = mapped_column(Text, default="")  # why the last attempt failed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
