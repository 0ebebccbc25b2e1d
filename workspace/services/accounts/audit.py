"""The audit trail for administrators (issue 36): who did what, when, across processes, from the activity log;
filtered by process, person and date, as a list and as CSV."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import N_, InvalidInput, NotFound
from ...domain.people import FormerMember
from ...domain.values import parse_email
from ...store.models import Activity, Process, User
from ..actor import Actor
from ..csv_export import csv_text
from ..unit import reads
from .users import admin_or_system

MAX_AUDIT = 1000


class AuditEntry(Struct, frozen=True, kw_only=True):
    at: datetime
    process: str | None  # its slug; None: an account's or the server's
    person: str | None  # who did it: their e-mail address (None: the server; "a former member": an erased account)
    verb: str
    subject: str
    data: dict[str, object]


def _since(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            N_("The field “{field}” must be a date and time (YYYY-MM-DDTHH:MM, with its offset)."),
            field="since",
            detail={"field": "since"},
        ) from None
    if moment.tzinfo is None:
        raise InvalidInput(
            N_("The field “{field}” must be a date and time (YYYY-MM-DDTHH:MM, with its offset)."),
            field="since",
            detail={"field": "since"},
        )
    return moment


@reads
def audit(
    tx: Session,
    actor: Actor | None,
    process: str | None = None,
    person: str | None = None,
    since: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[AuditEntry]:
    """The activity log across processes, newest first, for an administrator: of one process (`process`, its
    slug), one person (`person`, their e-mail address), from a moment on (`since`); 404 naming an unknown process
    or person."""
    admin_or_system(actor)
    query = (
        select(Activity, Process.slug, User.email, User.erased_at)
        .outerjoin(Process, Process.id == Activity.process_id)
        .outerjoin(User, User.id == Activity.actor_id)
    )
    if process:
        slug = process.strip()
        # A deleted process's own entries go with it; its deletion stays, recorded with no process (its slug named).
        deleted = (Activity.verb == "process.deleted") & (Activity.subject == f"process:{slug}")
        found = tx.scalar(select(Process.id).where(Process.slug == slug))
        if found is None and tx.scalar(select(Activity.id).where(deleted).limit(1)) is None:
            raise NotFound(N_("No process “{slug}”."), slug=process)
        query = query.where(deleted | (Activity.process_id == found) if found is not None else deleted)
    if person:
        who = tx.scalar(select(User.id).where(User.email == parse_email(person), User.erased_at.is_(None)))
        if who is None:
            raise NotFound(N_("No account for “{email}”."), email=person)
        query = query.where(Activity.actor_id == who)
    if (moment := _since(since)) is not None:
        query = query.where(Activity.created_at >= moment)
    rows = tx.execute(query.order_by(Activity.id.desc()).limit(max(1, min(limit, MAX_AUDIT))).offset(max(0, offset)))
    return [
        AuditEntry(
            at=a.created_at,
            process=slug if slug is not None or a.verb != "process.deleted" else a.data.get("slug"),
            person=FormerMember() if erased else email,
            verb=a.verb,
            subject=a.subject,
            data=dict(a.data),
        )
        for a, slug, email, erased in rows
    ]


def audit_csv(entries: list[AuditEntry]) -> str:
    return csv_text(
        ("at", "process", "person", "verb", "subject"),
        ((e.at.isoformat(), e.process or "", e.person or "", e.verb, e.subject) for e in entries),
    )
