"""The instance's signing keys and the signed manifests of its publications (domain.publication.signing)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..types import utcnow
from .base import Base


class SigningKey(Base):
    """An Ed25519 key of the instance: its public half, published (`/.well-known/accord-keys.json`), and its secret as
    minisign keeps one, encrypted with the instance's secret key (kept outside the database). One key signs at a time:
    a rotated key is retired (`retired_at`), never deleted, and what it signed stays verifiable with it."""

    __tablename__ = "signing_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_id: Mapped[str] = mapped_column(String(16), unique=True)  # minisign's key number, as minisign prints it
    public_key: Mapped[str] = mapped_column(String(64))  # the second line of minisign's .pub file
    secret: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None]


class PublicationManifest(Base):
    """A publication's manifest and its signature, frozen bytes served as they were signed (never updated)."""

    __tablename__ = "publication_manifests"

    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id", ondelete="CASCADE"), primary_key=True)
    manifest: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    key_id: Mapped[str] = mapped_column(ForeignKey("signing_keys.key_id", ondelete="RESTRICT"), index=True)
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecordCheckpoint(Base):
    """A signed checkpoint of a process's activity record (domain.processes.record_chain): how many entries it had and
    its last link, at a publication or at the end of a day with activity. Never updated."""

    __tablename__ = "record_checkpoints"
    __table_args__ = (UniqueConstraint("process_id", "count", "reason"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    count: Mapped[int]
    head: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(20))  # publication, day
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)
    key_id: Mapped[str] = mapped_column(ForeignKey("signing_keys.key_id", ondelete="RESTRICT"))
    data: Mapped[bytes] = mapped_column(LargeBinary)  # what was signed: record_chain.checkpoint_data
    signature: Mapped[bytes] = mapped_column(LargeBinary)  # minisign's .minisig of `data`
