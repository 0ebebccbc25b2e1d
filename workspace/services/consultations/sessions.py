"""Consultation sessions: recorded by the committee, or imported from a concept note."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.consultations.consultation_commands import SessionFields
from ...domain.consultations.consultations import SessionDraft, with_offset
from ...domain.errors import N_, NotFound
from ...domain.permissions import Action
from ...domain.transfer.draft_format import parse_session_file
from ...domain.vocabulary import parse_slug, slugify
from ...store.models import ConsultationSession, Process, Recommendation
from ..access import lock_process, process_for, record
from ..actor import Actor
from ..unit import reads, use_case
from .refs import free_ref
from .views import SessionView


def session_view(s: ConsultationSession, count: int = 0) -> SessionView:
    # At the offset the organisers announced, whether just written or read back (the store gives UTC).
    return SessionView(
        ref=s.ref,
        title=s.title,
        starts_at=with_offset(s.starts_at, s.utc_offset_minutes),
        ends_at=with_offset(s.ends_at, s.utc_offset_minutes),
        utc_offset_minutes=s.utc_offset_minutes,
        place=s.place,
        platform=s.platform,
        organisers=list(s.organisers),
        languages=list(s.languages),
        capacity=s.capacity,
        theme=s.theme,
        summary=s.summary,
        recommendation_count=count,
    )


def find_session(tx: Session, process: Process, ref: str) -> ConsultationSession:
    row = tx.scalar(
        select(ConsultationSession).where(ConsultationSession.process_id == process.id, ConsultationSession.ref == ref)
    )
    if row is None:
        raise NotFound(N_("No session “{ref}” in this process."), ref=ref)
    return row


def _apply_session(row: ConsultationSession, draft: SessionDraft) -> None:
    row.title, row.starts_at, row.ends_at = draft.title, draft.starts_at, draft.ends_at
    row.utc_offset_minutes = draft.utc_offset_minutes
    row.place, row.platform = draft.place, draft.platform
    row.organisers, row.languages = list(draft.organisers), list(draft.languages)
    row.capacity, row.theme, row.summary = draft.capacity, draft.theme, draft.summary


def insert_session(
    tx: Session, actor: Actor | None, process: Process, draft: SessionDraft, ref: str | None
) -> ConsultationSession:
    lock_process(tx, process)  # refs are allocated in turns
    ref = parse_slug(ref, "reference") if ref else free_ref(tx, ConsultationSession, process, slugify(draft.title, 40))
    row = ConsultationSession(process_id=process.id, ref=ref)
    _apply_session(row, draft)
    tx.add(row)
    tx.flush()
    record(tx, actor, "session.created", f"session:{ref}", process, title=draft.title)
    return row


@use_case
def create_session(tx: Session, actor: Actor | None, slug: str, session: SessionFields) -> SessionView:
    """Record a session; its ref is made from its title unless given."""
    process, _ = process_for(tx, slug, actor, Action.RECORD_SESSION)
    return session_view(insert_session(tx, actor, process, session.draft(process.timezone), session.ref or None))


@use_case
def import_concept_note(tx: Session, actor: Actor | None, slug: str, filename: str, text: str) -> SessionView:
    """A session from a Markdown concept note with front matter (the drafts/ session format)."""
    process, _ = process_for(tx, slug, actor, Action.RECORD_SESSION)
    stem = filename.rsplit("/", 1)[-1].removesuffix(".md")
    parsed = parse_session_file(text, filename, slugify(stem, 60), process.timezone)
    ref = free_ref(tx, ConsultationSession, process, parsed.ref)
    return session_view(insert_session(tx, actor, process, parsed.session, ref))


@use_case
def update_session(tx: Session, actor: Actor | None, slug: str, ref: str, session: SessionFields) -> SessionView:
    process, _ = process_for(tx, slug, actor, Action.RECORD_SESSION)
    row = find_session(tx, process, ref)
    _apply_session(row, session.draft(process.timezone))
    record(tx, actor, "session.updated", f"session:{ref}", process)
    return session_view(row, count_recommendations(tx, row.id))


def count_recommendations(tx: Session, session_id: int) -> int:
    return tx.scalar(select(func.count()).where(Recommendation.session_id == session_id)) or 0


@reads
def list_sessions(tx: Session, actor: Actor | None, slug: str) -> list[SessionView]:
    process, _ = process_for(tx, slug, actor, Action.READ)
    counts = dict(
        tx.execute(
            select(Recommendation.session_id, func.count())
            .where(Recommendation.process_id == process.id)
            .group_by(Recommendation.session_id)
        ).all()
    )
    rows = tx.scalars(
        select(ConsultationSession)
        .where(ConsultationSession.process_id == process.id)
        .order_by(ConsultationSession.starts_at, ConsultationSession.ref)
    )
    return [session_view(s, counts.get(s.id, 0)) for s in rows]


@reads
def get_session(tx: Session, actor: Actor | None, slug: str, ref: str) -> SessionView:
    process, _ = process_for(tx, slug, actor, Action.READ)
    row = find_session(tx, process, ref)
    return session_view(row, count_recommendations(tx, row.id))
