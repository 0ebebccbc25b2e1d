"""What the process use cases hand back, and the pages that show a process and its people."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from ...domain.permissions import Action, allows
from ...domain.vocabulary import Role
from ...store.models import Process
from ..actor import Actor
from ..delegations.views import DelegationRef


class ProcessView(Struct, frozen=True, kw_only=True):
    slug: str
    titles: dict[str, str]
    source_language: str
    languages: list[str]
    timezone: str
    places: dict[str, str]  # the place of the date line in each language
    phase: str
    my_role: str | None = None
    can: list[str] = []
    members_see_emails: bool = False  # members see each other's e-mail addresses (the committee always does)
    positions_public: bool = False  # members read every delegation's positions (else their own delegation's)
    archived_at: datetime | None = None  # archived then: read-only for all (`can` holds reading only)


class ProcessDeletion(Struct, frozen=True, kw_only=True):
    """A deletion accepted: the process is gone for everyone; a worker is removing its rows and stored files."""

    slug: str
    state: str  # "deleting": accepted, the removal under way (a GET of the process is 404 from now on)
    keep_published: bool  # its publications stay public at their addresses
    deleted_at: datetime


class MemberView(Struct, frozen=True, kw_only=True):
    email: str | None  # None where the reader may not see it (`sees_emails`)
    name: str  # empty for an invitation: a person's name is shown once they accept
    role: str
    languages: list[str]
    status: str = "member"  # member, or invited (not accepted yet)
    invitation: str | None = None  # the invitation's path (/invitations/…), given once, when it is made
    expires_at: datetime | None = None
    reviews: list[str] = []  # a translator's languages they may also approve in
    delegation: DelegationRef | None = None  # the delegation they speak for in this process


class InvitationView(Struct, frozen=True, kw_only=True):
    """What the invited person sees before accepting."""

    process: str  # the process's title, in its source language
    slug: str
    email: str
    role: str
    expires_at: datetime
    has_account: bool


class ActivityView(Struct, frozen=True, kw_only=True):
    verb: str
    subject: str
    actor: str | None
    data: dict[str, object]
    created_at: datetime


# What one page shows at once: several reads made in one transaction (services/screens.py).


def process_view(process: Process, role: Role | None, actor: Actor | None) -> ProcessView:
    admin = bool(actor and actor.is_admin)
    return ProcessView(
        slug=process.slug,
        titles=dict(process.titles),
        source_language=process.source_language,
        languages=list(process.languages),
        timezone=process.timezone,
        places=dict(process.places),
        phase=process.phase,
        my_role=role.value if role else None,
        can=[
            a.value for a in Action if allows(role, a, is_admin=admin) and (process.archived_at is None or a in READING)
        ],
        members_see_emails=process.members_see_emails,
        positions_public=process.positions_public,
        archived_at=process.archived_at,
    )


READING = frozenset({Action.READ, Action.READ_DRAFT, Action.EXPORT})  # what an archived process still allows


def sees_emails(process: Process, role: Role | None, actor: Actor | None) -> bool:
    """Whether `actor` sees the e-mail addresses of the process's other members: the committee (and
    admins) always, the others only if the committee allows it."""
    return process.members_see_emails or allows(role, Action.MANAGE_MEMBERS, is_admin=bool(actor and actor.is_admin))


EMAIL_KEYS = ("email", "on_behalf_of")  # what an activity entry's data holds that may be an address


def shown_entry(subject: str, data: dict[str, object], emails: bool) -> tuple[str, dict[str, object]]:
    """An activity entry's subject and data as a reader sees them: without e-mail addresses unless
    they may see them (`sees_emails`); an invitation's subject is its address."""
    if emails:
        return subject, dict(data)
    kept = {key: value for key, value in data.items() if key not in EMAIL_KEYS}
    return ("invitation:" if subject.startswith("invitation:") else subject), kept
