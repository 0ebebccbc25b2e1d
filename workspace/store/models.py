"""The tables of Accord. Schema changes go through Alembic migrations in migrations/."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeEngine

from ..domain.search import fold
from .types import PersonName, UTCDateTime, utcnow

# Stable constraint names, so migrations can name what they alter.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, TypeEngine[Any]]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
        dict[str, str]: JSON(),
        dict[str, list[str]]: JSON(),
    }


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # Read as "a former member" (in the reader's language) once the account is erased (store.types.PersonName).
    name: Mapped[str] = mapped_column(PersonName(200))
    # None: the account exists (imported, invited) but cannot sign in until a password is set.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Disabled by an administrator (issue 36): cannot sign in; its sessions and tokens ended then. None: enabled.
    disabled_at: Mapped[datetime | None] = mapped_column(default=None)
    # The latest sign-in and how (issue 36's administrator's view): "password", "sso" or "link" (a link by mail).
    last_sign_in_at: Mapped[datetime | None] = mapped_column(default=None)
    last_sign_in_via: Mapped[str | None] = mapped_column(String(16), default=None)
    # The organisation's OpenID provider's `sub` for this person, once they signed in through it (issue 36).
    oidc_subject: Mapped[str | None] = mapped_column(String(255), unique=True, default=None)
    # Erased by an administrator (issue 36): its name, address and ways in are gone; the row stays for what the person
    # contributed (services.accounts.erasure). None: a living account.
    erased_at: Mapped[datetime | None] = mapped_column(default=None)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")


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


class ConsultationSession(Base):
    __tablename__ = "consultation_sessions"
    __table_args__ = (UniqueConstraint("process_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(500))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    # The offset the organisers announced (minutes east of UTC), kept so export gives back their text.
    utc_offset_minutes: Mapped[int] = mapped_column(Integer, default=0)
    place: Mapped[str] = mapped_column(String(300), default="")
    platform: Mapped[str] = mapped_column(String(100), default="")
    organisers: Mapped[list[str]] = mapped_column(default=list)
    languages: Mapped[list[str]] = mapped_column(default=list)
    capacity: Mapped[int | None]
    theme: Mapped[str] = mapped_column(String(500), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Recommendation(Base):
    __tablename__ = "recommendations"
    __table_args__ = (
        UniqueConstraint("process_id", "ref"),
        Index("ix_recommendations_process_status", "process_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("consultation_sessions.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    author: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(24), default="open")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Text, author, organisation and ref as search compares them (domain.search.fold): kept with the row.
    folded: Mapped[str] = mapped_column(Text, default="")

    session: Mapped[ConsultationSession] = relationship(lazy="joined")
    theme_rows: Mapped[list[RecommendationTheme]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="RecommendationTheme.position"
    )

    @property
    def themes(self) -> list[str]:
        return [row.theme for row in self.theme_rows]


class RecommendationTheme(Base):
    """One theme of a recommendation: a table rather than JSON so filtering stays in SQL."""

    __tablename__ = "recommendation_themes"

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)


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

    actor: Mapped[User | None] = relationship(lazy="joined")


class ParagraphRevision(Base):
    """A paragraph text, addressed by its sha256: every version holding the same text shares one row."""

    __tablename__ = "paragraph_revisions"

    sha: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    # Its brackets, read once as it is stored (domain.brackets.kept); None for a text without a bracket mark.
    brackets: Mapped[str | None] = mapped_column(Text, deferred=True, default=None)


def _paragraph_fk() -> ForeignKeyConstraint:
    """(process, eId) of a row that speaks of a paragraph must be a registered paragraph."""
    return ForeignKeyConstraint(["process_id", "eid"], ["paragraphs.process_id", "paragraphs.eid"])


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
        _paragraph_fk(),
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
        _paragraph_fk(),
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
    __table_args__ = (Index("ix_paragraph_edits_process_eid", "process_id", "eid"), _paragraph_fk())

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

    actor: Mapped[User | None] = relationship(lazy="joined")


class RecommendationLink(Base):
    """A recommendation taken up by a paragraph (traceability), by eId so it follows the paragraph."""

    __tablename__ = "recommendation_links"
    __table_args__ = (_paragraph_fk(),)

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    )
    eid: Mapped[str] = mapped_column(String(64), primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SignIn(Base):
    """A browser session: the cookie carries its id, so signing out (or a new password) ends it for good."""

    __tablename__ = "sign_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the random id in the cookie
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SignInFailure(Base):
    """A wrong password: recent ones throttle further tries for the account and for the address."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (
        Index("ix_sign_in_failures_email_at", "email", "at"),
        Index("ix_sign_in_failures_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class PacedAction(Base):
    """An action whose pace is limited per person (a comment, a thread, an amendment): the recent ones
    refuse the next past a rate (services/pace.py)."""

    __tablename__ = "paced_actions"
    __table_args__ = (Index("ix_paced_actions_user_id_kind_at", "user_id", "kind", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=utcnow)


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


class Amendment(Base):
    """A proposed change to the declaration, numbered per process (A1, A2 …), kept with its base text.

    `eid` is the paragraph it changes (for an insert: the paragraph it goes after); `version_id` the
    circulated version it was made against (None: the working draft).
    """

    __tablename__ = "amendments"
    __table_args__ = (
        UniqueConstraint("process_id", "on_draft", "number"),
        _paragraph_fk(),
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


class ParagraphStatus(Base):
    """Where the negotiation of a paragraph stands (open, agreed ad ref, agreed, bracketed, pending)."""

    __tablename__ = "paragraph_statuses"
    __table_args__ = (_paragraph_fk(),)

    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True)
    eid: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


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


class Thread(Base):
    """A comment thread on a paragraph of a version (or of the working draft), numbered per process.

    Its target is kept as a W3C Web Annotation would: the paragraph (eId), the text it was made on
    (`revision_sha`), and a text-quote selector with a text-position selector (all null: the
    whole paragraph). It is re-anchored on whatever version it is read on.
    """

    __tablename__ = "threads"
    __table_args__ = (
        UniqueConstraint("process_id", "on_draft", "number"),
        _paragraph_fk(),
        Index("ix_threads_process_eid", "process_id", "eid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    # Opened on the working draft: the committee's, numbered in its draft series (thread D1, D2 …).
    on_draft: Mapped[bool] = mapped_column(default=False, server_default=false())
    number: Mapped[int]
    eid: Mapped[str] = mapped_column(String(64))
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id", ondelete="RESTRICT"))  # None: the draft
    language: Mapped[str] = mapped_column(String(8))
    revision_sha: Mapped[str] = mapped_column(ForeignKey("paragraph_revisions.sha"), index=True)
    quote_exact: Mapped[str | None] = mapped_column(Text)
    quote_prefix: Mapped[str | None] = mapped_column(Text)
    quote_suffix: Mapped[str | None] = mapped_column(Text)
    quote_start: Mapped[int | None]
    quote_end: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(12), default="open")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Opened on behalf of this delegation (None: in the person's own name).
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None]

    origin: Mapped[ParagraphRevision] = relationship(lazy="joined")


class Comment(Base):
    """A comment of a thread, in Markdown. Deleting it leaves a tombstone (body emptied, `deleted_at`).

    People name it by its `number` in the process, in its thread's series (the ids are global: their gaps
    would tell of other processes, and of the committee's threads on the draft)."""

    __tablename__ = "comments"
    __table_args__ = (UniqueConstraint("process_id", "on_draft", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    on_draft: Mapped[bool] = mapped_column(default=False, server_default=false())  # its thread's series
    number: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    # A margin comment of a Word file: {"file", "author", "date", "filed_by"}.
    source: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)

    author: Mapped[User | None] = relationship(lazy="joined")


class CommentEdit(Base):
    """An earlier wording of a comment, kept when its author edits or deletes it."""

    __tablename__ = "comment_edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime]  # when this wording was written
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)


class Follower(Base):
    __tablename__ = "thread_followers"

    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Notification(Base):
    """An entry of someone's inbox: a reply, a resolution or a reopening on a thread they follow."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_read", "user_id", "read_at"),
        Index("ix_notifications_thread_id", "thread_id"),  # a thread or comment deleted: the cascade finds them
        Index("ix_notifications_comment_id", "comment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))  # reply, resolved, reopened
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]


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
        _paragraph_fk(),
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
    sha256: Mapped[str] = mapped_column(String(64))
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


# -- work after the request, and e-mail ---------------------------------------------------------


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


class PasswordReset(Base):
    """A single-use link by mail, valid for an hour; only its hash is kept: to choose a new password
    (`purpose` "reset") or to sign in without one (`purpose` "sign_in")."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(16), default="reset", server_default="reset")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class ScheduledRun(Base):
    """A scheduled job's run for one period (a digest's day, a reminder's deadline): the primary key
    lets one worker of many claim it, so it runs once whatever the number of workers."""

    __tablename__ = "scheduled_runs"

    job: Mapped[str] = mapped_column(String(40), primary_key=True)
    period: Mapped[str] = mapped_column(String(100), primary_key=True)
    ran_at: Mapped[datetime] = mapped_column(default=utcnow)


def recommendation_folded(row: Recommendation) -> str:
    return fold(" ".join((row.text or "", row.author or "", row.organisation or "", row.ref or "")))


@event.listens_for(Recommendation, "before_insert")
@event.listens_for(Recommendation, "before_update")
def _fold_recommendation(_mapper: Any, _connection: Any, row: Recommendation) -> None:
    row.folded = recommendation_folded(row)


class Position(Base):
    """Where a delegation stands now on a paragraph (`eid`) or an amendment (`amendment_id`): its `target`
    ("paragraph:op_3", "amendment:12") names which, once per delegation. `revision` counts its changes: a change
    is a compare-and-set on the revision its writer saw. Every change is kept in `position_changes`."""

    __tablename__ = "positions"
    __table_args__ = (
        UniqueConstraint("process_id", "delegation_id", "target"),
        _paragraph_fk(),
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


def _naming_when_set(column: Column[Any]) -> Index:
    """The index of a nullable column that names a text, over the rows that name one: whole, SQLite's statistics count
    its NULLs (most rows) as one value, and its planner then reads the table through rather than the index when a
    deleted process's texts are looked for (services/processes/deletion.py)."""
    named = column.is_not(None)
    return Index(f"ix_{column.table.name}_{column.name}", column, sqlite_where=named, postgresql_where=named)


for _table in Base.metadata.sorted_tables:  # every nullable column naming a text (the others are indexed where made)
    for _fk in _table.foreign_keys:
        if _fk.column.table.name == "paragraph_revisions" and _fk.parent.nullable:
            _naming_when_set(_fk.parent)
