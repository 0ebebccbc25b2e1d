"""Publications of a version and their stored files."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..types import utcnow
from .base import Base


class Publication(Base):
    """The final text, frozen: a version's editions in every language, as published. Never updated nor
    deleted (a trigger refuses); a correction is a new publication, a corrigendum of this one."""

    __tablename__ = "publications"
    __table_args__ = (UniqueConstraint("process_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # RESTRICT: a published process keeps its publications (and its versions), but when an administrator deletes it
    # without keeping them (`Process.keep_published`): the deletion's job removes them, and only it (a trigger).
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="RESTRICT"))
    number: Mapped[int]
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="RESTRICT"))
    symbol: Mapped[str] = mapped_column(String(100))
    place: Mapped[str] = mapped_column(String(200), default="")
    day: Mapped[str] = mapped_column(String(10))  # ISO date of the date line, in the process's time zone
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    corrigendum_of_id: Mapped[int | None] = mapped_column(ForeignKey("publications.id", ondelete="RESTRICT"))
    corrects: Mapped[str] = mapped_column(Text, default="")
    # Every edition, paragraph by paragraph, with its checksum: megabytes for a long text, read only where asked for.
    model: Mapped[dict[str, Any]] = mapped_column(deferred=True)
    # What lists of publications show (domain.publication.publication.model_head): its version, each edition's
    # language, title, date line and checksum.
    head: Mapped[dict[str, Any]] = mapped_column(server_default="{}")


class PublicationFile(Base):
    """One file of a publication (a PDF, a Word file …), rendered once when it was published: its
    bytes here, or in the object store under `object_key`, with their sha256. Never updated nor
    deleted (a trigger refuses), like the publication."""

    __tablename__ = "publication_files"
    __table_args__ = (
        UniqueConstraint("publication_id", "name"),
        CheckConstraint("(content IS NULL) <> (object_key IS NULL)", name="content_or_object"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id", ondelete="RESTRICT"))
    position: Mapped[int]  # the order the files are listed in
    name: Mapped[str] = mapped_column(String(200))  # kutahya-2021.es-en-fr.pdf
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # a file handed in to verify is found by it
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)  # None: in the object store
    object_key: Mapped[str | None] = mapped_column(String(300))


class PublicationRender(Base):
    """A worker rendering a publication's files, as it goes: `done` of `total` files made, for the
    publications page while they are; `error` if it failed (the files are then made when first asked)."""

    __tablename__ = "publication_renders"

    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id", ondelete="CASCADE"), primary_key=True)
    total: Mapped[int]
    done: Mapped[int] = mapped_column(default=0)
    finished_at: Mapped[datetime | None]
    error: Mapped[str] = mapped_column(Text, default="")


class KeptLeftover(Base):
    """A leftover of the negotiation that the committee keeps in the text on purpose (issue 67): a compile tag, a
    paragraph beside the proposal meant to replace it, a placeholder or a footnote marker, by its key
    (domain.publication.leftovers.key_of: the same in every edition and every later version). The gate lists it as
    kept and no longer blocks on it; taking it back removes the row."""

    __tablename__ = "kept_leftovers"
    __table_args__ = (UniqueConstraint("process_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    kept_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    kept_at: Mapped[datetime] = mapped_column(default=utcnow)
