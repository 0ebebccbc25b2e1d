"""The declaration's texts: paragraphs, the working draft, its circulated versions and their edits."""

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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..types import utcnow
from .accounts import User
from .base import Base, paragraph_fk


class ParagraphRevision(Base):
    """A paragraph text, addressed by its sha256: every version holding the same text shares one row."""

    __tablename__ = "paragraph_revisions"

    sha: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    # Its brackets, read once as it is stored (domain.brackets.kept); None for a text without a bracket mark.
    brackets: Mapped[str | None] = mapped_column(Text, deferred=True, default=None)


class Paragraph(Base):
    """The identity behind an eId: one row per eId a process ever used, never reused nor deleted.

    Texts (draft, versions, translations), links, amendments and threads all point here.
    """

    __tablename__ = "paragraphs"
    __table_args__ = (UniqueConstraint("process_id", "eid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    eid: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # the kind it was created as (its eId's prefix)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DraftParagraph(Base):
    """The working draft: the one mutable head of a process's declaration."""

    __tablename__ = "draft_paragraphs"
    __table_args__ = (
        UniqueConstraint("process_id", "eid"),
        paragraph_fk(),
        Index("ix_draft_paragraphs_order", "process_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    eid: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    # Its place in the file's lists (domain.declaration.document.Block): 0 at the top level, and how it is written.
    depth: Mapped[int] = mapped_column(default=0, server_default="0")
    marker: Mapped[str] = mapped_column(String(12), default="", server_default="")
    position: Mapped[int]
    revision_sha: Mapped[str] = mapped_column(ForeignKey("paragraph_revisions.sha"), index=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    revision: Mapped[ParagraphRevision] = relationship(lazy="joined")


class Version(Base):
    """An immutable, circulated snapshot of the declaration ("Borrador cero", "Rev.1" …)."""

    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("process_id", "number"), UniqueConstraint("process_id", "label"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # RESTRICT: a process with circulated versions cannot be deleted but by the job that removes a deleted process's
    # rows in order (versions never change, nor are deleted otherwise: a trigger refuses).
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="RESTRICT"))
    number: Mapped[int]
    label: Mapped[str] = mapped_column(String(100))
    circulated_on: Mapped[str] = mapped_column(String(10))  # ISO date, in the process's time zone
    note: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8))  # the source language: the edition it was circulated in
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by: Mapped[User | None] = relationship(lazy="joined")
    other_labels: Mapped[list[VersionLabel]] = relationship(lazy="selectin", order_by="VersionLabel.language")


class VersionLabel(Base):
    """What a version is called in a language other than its source's ("Zero draft", "Avant-projet"): a
    version is immutable, its names in the other languages are not (given when it circulates, or later)."""

    __tablename__ = "version_labels"
    __table_args__ = (UniqueConstraint("process_id", "language", "label"),)

    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(100))
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


class VersionNumbers(Base):
    """The printed numbers of a version's paragraphs as it circulated ({eid: [kind, number, suffix]}, the deleted
    ones since the last renumbering included), and whether the committee renumbered them cleanly then: written
    once, with the version, and never changed."""

    __tablename__ = "version_numbers"

    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="RESTRICT"), primary_key=True)
    numbers: Mapped[dict[str, Any]] = mapped_column(JSON)
    renumbered: Mapped[bool] = mapped_column(default=False)


class VersionParagraph(Base):
    """A paragraph of a version's edition in one language. Never updated nor deleted (a trigger refuses).

    The source edition is written when the version is circulated; a translated text records the
    source revision it was made from (`source_sha`), so an edition is exact for its version.
    """

    __tablename__ = "version_paragraphs"
    # By revision: whether a text was ever circulated (the translation memory's question for a member).
    __table_args__ = (
        UniqueConstraint("version_id", "language", "eid"),
        paragraph_fk(),
        Index("ix_version_paragraphs_revision_sha", "revision_sha"),
        Index("ix_version_paragraphs_process_id", "process_id"),  # a process deleted: its rows found
    )

    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="RESTRICT"), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="RESTRICT"))
    eid: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    depth: Mapped[int] = mapped_column(default=0, server_default="0")
    marker: Mapped[str] = mapped_column(String(12), default="", server_default="")
    revision_sha: Mapped[str] = mapped_column(ForeignKey("paragraph_revisions.sha"))
    source_sha: Mapped[str | None] = mapped_column(ForeignKey("paragraph_revisions.sha"))

    revision: Mapped[ParagraphRevision] = relationship(lazy="joined", foreign_keys=[revision_sha])


class ParagraphEdit(Base):
    """Each change to a paragraph of the working draft: by whom, why, from which text to which."""

    __tablename__ = "paragraph_edits"
    __table_args__ = (Index("ix_paragraph_edits_process_eid", "process_id", "eid"), paragraph_fk())

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    eid: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))  # created, edited, moved, deleted, restored
    cause: Mapped[str] = mapped_column(String(16))  # edit, import, amendment, translation, restore
    cause_ref: Mapped[str] = mapped_column(String(200), default="")  # the file, amendment number … behind it
    editorial: Mapped[bool] = mapped_column(default=False)  # a typo or punctuation fix: translations stay valid
    old_sha: Mapped[str | None] = mapped_column(ForeignKey("paragraph_revisions.sha"))
    new_sha: Mapped[str | None] = mapped_column(ForeignKey("paragraph_revisions.sha"))
    note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Written together in a room (cause "together"): each writer as named then, {"person", "delegation"?}.
    writers: Mapped[list[dict[str, str]] | None] = mapped_column(default=None)

    actor: Mapped[User | None] = relationship(lazy="joined")


class ParagraphStatus(Base):
    """Where the negotiation of a paragraph stands (open, agreed ad ref, agreed, bracketed, pending)."""

    __tablename__ = "paragraph_statuses"
    __table_args__ = (paragraph_fk(),)

    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True)
    eid: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)
