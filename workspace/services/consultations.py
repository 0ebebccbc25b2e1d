"""Consultation sessions and the recommendations collected from them."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..domain.consultations import Decision, RecommendationDraft, SessionDraft, with_offset
from ..domain.draft_format import parse_session_file
from ..domain.errors import N_, Forbidden, NotFound
from ..domain.permissions import Action, allows
from ..domain.vocabulary import RecommendationStatus, parse_enum, parse_slug, slugify
from ..store.models import ConsultationSession, Process, Recommendation, RecommendationTheme, User
from .access import process_for, record, stored_id
from .unit import use_case
from .views import Actor, RecommendationPage, RecommendationView, SessionView


def session_view(s: ConsultationSession, count: int = 0) -> SessionView:
    # At the offset the organisers announced, whether just written or read back (the store gives UTC).
    return SessionView(
        ref=s.ref, title=s.title, starts_at=with_offset(s.starts_at, s.utc_offset_minutes),
        ends_at=with_offset(s.ends_at, s.utc_offset_minutes),
        utc_offset_minutes=s.utc_offset_minutes, place=s.place, platform=s.platform,
        organisers=list(s.organisers), languages=list(s.languages), capacity=s.capacity,
        theme=s.theme, summary=s.summary, recommendation_count=count,
    )


def _session(tx: Session, process: Process, ref: str) -> ConsultationSession:
    row = tx.scalar(
        select(ConsultationSession).where(ConsultationSession.process_id == process.id, ConsultationSession.ref == ref)
    )
    if row is None:
        raise NotFound(N_("No session “{ref}” in this process."), ref=ref)
    return row


def _free_ref(tx: Session, model: type[ConsultationSession] | type[Recommendation], process: Process, base: str) -> str:
    taken = set(tx.scalars(select(model.ref).where(model.process_id == process.id, model.ref.startswith(base))))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _apply_session(row: ConsultationSession, draft: SessionDraft) -> None:
    row.title, row.starts_at, row.ends_at = draft.title, draft.starts_at, draft.ends_at
    row.utc_offset_minutes = draft.utc_offset_minutes
    row.place, row.platform = draft.place, draft.platform
    row.organisers, row.languages = list(draft.organisers), list(draft.languages)
    row.capacity, row.theme, row.summary = draft.capacity, draft.theme, draft.summary


def insert_session(tx: Session, actor: Actor | None, process: Process, draft: SessionDraft, ref: str | None) -> ConsultationSession:
    ref = parse_slug(ref, "reference") if ref else _free_ref(tx, ConsultationSession, process, slugify(draft.title, 40))
    row = ConsultationSession(process_id=process.id, ref=ref)
    _apply_session(row, draft)
    tx.add(row)
    tx.flush()
    record(tx, actor, "session.created", f"session:{ref}", process, title=draft.title)
    return row


@use_case
def create_session(tx: Session, actor: Actor | None, slug: str, data: Mapping[str, Any]) -> SessionView:
    process, _ = process_for(tx, slug, actor, Action.RECORD_SESSION)
    draft = SessionDraft.build(data, process.timezone)
    return session_view(insert_session(tx, actor, process, draft, data.get("ref") or None))


@use_case
def import_concept_note(tx: Session, actor: Actor | None, slug: str, filename: str, text: str) -> SessionView:
    """A session from a Markdown concept note with front matter (the drafts/ session format)."""
    process, _ = process_for(tx, slug, actor, Action.RECORD_SESSION)
    stem = filename.rsplit("/", 1)[-1].removesuffix(".md")
    parsed = parse_session_file(text, filename, slugify(stem, 60), process.timezone)
    ref = _free_ref(tx, ConsultationSession, process, parsed.ref)
    return session_view(insert_session(tx, actor, process, parsed.session, ref))


@use_case
def update_session(tx: Session, actor: Actor | None, slug: str, ref: str, data: Mapping[str, Any]) -> SessionView:
    process, _ = process_for(tx, slug, actor, Action.RECORD_SESSION)
    row = _session(tx, process, ref)
    _apply_session(row, SessionDraft.build(data, process.timezone))
    record(tx, actor, "session.updated", f"session:{ref}", process)
    return session_view(row, _count(tx, row.id))


def _count(tx: Session, session_id: int) -> int:
    return tx.scalar(select(func.count()).where(Recommendation.session_id == session_id)) or 0


@use_case
def list_sessions(tx: Session, actor: Actor | None, slug: str) -> list[SessionView]:
    process, _ = process_for(tx, slug, actor, Action.READ)
    counts = dict(
        tx.execute(
            select(Recommendation.session_id, func.count()).where(Recommendation.process_id == process.id)
            .group_by(Recommendation.session_id)
        ).all()
    )
    rows = tx.scalars(
        select(ConsultationSession).where(ConsultationSession.process_id == process.id)
        .order_by(ConsultationSession.starts_at, ConsultationSession.ref)
    )
    return [session_view(s, counts.get(s.id, 0)) for s in rows]


@use_case
def get_session(tx: Session, actor: Actor | None, slug: str, ref: str) -> SessionView:
    process, _ = process_for(tx, slug, actor, Action.READ)
    row = _session(tx, process, ref)
    return session_view(row, _count(tx, row.id))


def recommendation_view(r: Recommendation, creator: str | None = None) -> RecommendationView:
    return RecommendationView(
        ref=r.ref, session_ref=r.session.ref, session_title=r.session.title, text=r.text, language=r.language,
        author=r.author, organisation=r.organisation, themes=r.themes, status=r.status, reason=r.reason,
        created_by=creator, created_at=r.created_at, updated_at=r.updated_at,
    )


def _creator_names(tx: Session, rows: list[Recommendation]) -> dict[int | None, str]:
    """Who added each recommendation, in one query (the view shows it everywhere, not only on its page)."""
    ids = {r.created_by_id for r in rows if r.created_by_id}
    return {uid: name for uid, name in tx.execute(select(User.id, User.name).where(User.id.in_(ids)))} if ids else {}


def _set_themes(row: Recommendation, themes: tuple[str, ...]) -> None:
    row.theme_rows = [RecommendationTheme(theme=t, position=i) for i, t in enumerate(themes)]


def insert_recommendation(
    tx: Session, actor: Actor | None, process: Process, session: ConsultationSession,
    draft: RecommendationDraft, decision: Decision, ref: str | None,
) -> Recommendation:
    if not ref:
        ref = _free_ref(tx, Recommendation, process, f"{session.ref[:50]}-r{_count(tx, session.id) + 1:02d}")
    row = Recommendation(
        process_id=process.id, session_id=session.id, ref=parse_slug(ref, "reference"), text=draft.text,
        language=draft.language, author=draft.author, organisation=draft.organisation,
        status=decision.status, reason=decision.reason, created_by_id=stored_id(actor),
    )
    _set_themes(row, draft.themes)
    tx.add(row)
    tx.flush()
    record(tx, actor, "recommendation.added", f"recommendation:{row.ref}", process, session=session.ref)
    return row


@use_case
def add_recommendation(tx: Session, actor: Actor | None, slug: str, session_ref: str, data: Mapping[str, Any]) -> RecommendationView:
    process, _ = process_for(tx, slug, actor, Action.ADD_RECOMMENDATION)
    session = _session(tx, process, session_ref)
    draft = RecommendationDraft.build({"language": process.source_language, **data})
    row = insert_recommendation(tx, actor, process, session, draft, Decision("open", ""), None)
    return recommendation_view(row, actor.name if actor else None)


def _recommendation(tx: Session, process: Process, ref: str) -> Recommendation:
    row = tx.scalar(select(Recommendation).where(Recommendation.process_id == process.id, Recommendation.ref == ref))
    if row is None:
        raise NotFound(N_("No recommendation “{ref}” in this process."), ref=ref)
    return row


@use_case
def get_recommendation(tx: Session, actor: Actor | None, slug: str, ref: str) -> RecommendationView:
    process, _ = process_for(tx, slug, actor, Action.READ)
    row = _recommendation(tx, process, ref)
    creator = tx.get(User, row.created_by_id) if row.created_by_id else None
    return recommendation_view(row, creator.name if creator else None)


@use_case
def update_recommendation(tx: Session, actor: Actor | None, slug: str, ref: str, data: Mapping[str, Any]) -> RecommendationView:
    """The committee edits any recommendation; a member edits their own while it is still open."""
    process, role = process_for(tx, slug, actor, Action.READ)
    row = _recommendation(tx, process, ref)
    admin = bool(actor and actor.is_admin)
    own_open = actor is not None and row.created_by_id == actor.id and row.status == RecommendationStatus.OPEN
    if not allows(role, Action.EDIT_ANY_RECOMMENDATION, is_admin=admin) and not (
        own_open and allows(role, Action.ADD_RECOMMENDATION)
    ):
        raise Forbidden(N_("Only the drafting committee, or its author while it is open, can edit this recommendation."))
    draft = RecommendationDraft.build({"language": row.language, **data})
    if data.get("session"):
        row.session = _session(tx, process, str(data["session"]))
    row.text, row.language, row.author, row.organisation = draft.text, draft.language, draft.author, draft.organisation
    _set_themes(row, draft.themes)
    record(tx, actor, "recommendation.edited", f"recommendation:{ref}", process)
    tx.flush()  # so updated_at is the time of this change
    return recommendation_view(row, _creator_names(tx, [row]).get(row.created_by_id))


@use_case
def decide_recommendation(tx: Session, actor: Actor | None, slug: str, ref: str, data: Mapping[str, Any]) -> RecommendationView:
    process, _ = process_for(tx, slug, actor, Action.DECIDE_RECOMMENDATION)
    row = _recommendation(tx, process, ref)
    decision = Decision.build(data)
    row.status, row.reason = decision.status, decision.reason
    record(tx, actor, "recommendation.decided", f"recommendation:{ref}", process, status=decision.status)
    tx.flush()  # so updated_at is the time of this change
    return recommendation_view(row, _creator_names(tx, [row]).get(row.created_by_id))


@use_case
def list_recommendations(
    tx: Session, actor: Actor | None, slug: str, *, session: str | None = None, theme: str | None = None,
    status: str | None = None, q: str | None = None, limit: int = 500, offset: int = 0,
) -> RecommendationPage:
    """Recommendations filtered by session, theme, status and free text (text, author, organisation)."""
    process, _ = process_for(tx, slug, actor, Action.READ)
    query = select(Recommendation).where(Recommendation.process_id == process.id)
    if session:
        query = query.where(Recommendation.session_id == _session(tx, process, session).id)
    if theme:
        query = query.where(
            Recommendation.id.in_(select(RecommendationTheme.recommendation_id).where(RecommendationTheme.theme == theme.lower()))
        )
    if status:
        query = query.where(Recommendation.status == parse_enum(RecommendationStatus, status, "status").value)
    if q and q.strip():
        # "50%" or "op_1" are searched as written, not as LIKE wildcards.
        needle = q.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{needle}%"
        query = query.where(
            or_(*(func.lower(c).like(pattern, escape="\\") for c in (Recommendation.text, Recommendation.author, Recommendation.organisation, Recommendation.ref)))
        )
    total = tx.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = tx.scalars(query.order_by(Recommendation.ref).limit(max(1, min(limit, 5000))).offset(max(0, offset)))
    all_themes = tx.scalars(
        select(RecommendationTheme.theme).join(Recommendation, Recommendation.id == RecommendationTheme.recommendation_id)
        .where(Recommendation.process_id == process.id).distinct().order_by(RecommendationTheme.theme)
    )
    counts = dict(
        tx.execute(
            select(Recommendation.status, func.count()).where(Recommendation.process_id == process.id).group_by(Recommendation.status)
        ).all()
    )
    found = list(rows)
    names = _creator_names(tx, found)
    items = [recommendation_view(r, names.get(r.created_by_id)) for r in found]
    return RecommendationPage(items=items, total=total, themes=list(all_themes), counts=counts)


CSV_COLUMNS = ("ref", "session_ref", "session_title", "language", "author", "organisation", "themes", "status", "reason", "text")


@use_case
def recommendations_csv(tx: Session, actor: Actor | None, slug: str, **filters: Any) -> str:
    """The filtered recommendations as CSV (UTF-8 with BOM, so spreadsheets read the accents)."""
    page = list_recommendations(tx, actor, slug, limit=5000, **filters)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in page.items:
        writer.writerow([
            item.ref, item.session_ref, item.session_title, item.language, item.author, item.organisation,
            "; ".join(item.themes), item.status, item.reason, item.text,
        ])
    return out.getvalue()
