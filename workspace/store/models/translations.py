"""Translations of the paragraphs, the translation memory's words and the glossary."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..types import utcnow
from .base import Base, paragraph_fk
from .declaration import ParagraphRevision


class Translation(Base):
    """A paragraph's text in a target language, made from one source revision (`source_sha`).

    Keyed by that revision: a version's edition in a language is exactly the translations made from
    its source texts; when the source changes, the old translation is outdated, and setting the
    source back makes it current again. `checked_sha`: carried over an editorial source edit from
    that earlier source revision (to be checked, still valid). `confirmed_over`: the translation
    made from that earlier source revision, confirmed unchanged by its translator as still correct.
    """

    __tablename__ = "translations"
    __table_args__ = (
        UniqueConstraint("process_id", "eid", "language", "source_sha"),
        paragraph_fk(),
        Index("ix_translations_lookup", "process_id", "language", "eid"),
        Index("ix_translations_source_sha", "source_sha"),
    )  # the translation memory's exact matches

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    eid: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    source_sha: Mapped[str] = mapped_column(ForeignKey("paragraph_revisions.sha"))
    text_sha: Mapped[str] = mapped_column(ForeignKey("paragraph_revisions.sha"), index=True)
    state: Mapped[str] = mapped_column(String(12))  # draft, translated, approved
    note: Mapped[str] = mapped_column(Text, default="")  # the reviewer's, when sent back
    checked_sha: Mapped[str | None] = mapped_column(ForeignKey("paragraph_revisions.sha"))
    # The earlier source revision whose translation a translator confirmed, unchanged, as still correct here.
    confirmed_over: Mapped[str | None] = mapped_column(ForeignKey("paragraph_revisions.sha"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None]

    text: Mapped[ParagraphRevision] = relationship(lazy="joined", foreign_keys=[text_sha])


class MemoryWord(Base):
    """A word of the source text a translation was made from (`translation_memory.word_keys`): the
    translation memory's index. The entries sharing the most rare words with an asked text are its
    candidates; a word's list read only to a bounded length tells a rare word from a common one."""

    __tablename__ = "memory_words"
    __table_args__ = (Index("ix_memory_words_translation_id", "translation_id"), {"sqlite_with_rowid": False})

    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    word: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    translation_id: Mapped[int] = mapped_column(ForeignKey("translations.id", ondelete="CASCADE"), primary_key=True)


class GlossaryTerm(Base):
    """A term of the process's glossary: its required translations, and terms not to use."""

    __tablename__ = "glossary_terms"
    __table_args__ = (UniqueConstraint("process_id", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(200))
    translations: Mapped[dict[str, str]] = mapped_column(default=dict)
    forbidden: Mapped[dict[str, list[str]]] = mapped_column(default=dict)
    note: Mapped[str] = mapped_column(Text, default="")


class GlossaryProposal(Base):
    """A term a translator proposes for the glossary, with its translations and a note: not a glossary term (no
    check nor suggestion uses it) until the committee, or a reviewer of its languages, approves it."""

    __tablename__ = "glossary_proposals"
    __table_args__ = (Index("ix_glossary_proposals_process_state", "process_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(200))
    translations: Mapped[dict[str, str]] = mapped_column(default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(12), default="proposed")  # proposed, approved, rejected
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(Text, default="")  # why it was rejected
