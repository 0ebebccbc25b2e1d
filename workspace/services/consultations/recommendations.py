"""Recommendations collected from sessions: added, edited, decided, filtered, exported."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.consultations.consultation_commands import RecommendationFields
from ...domain.consultations.consultations import Decision, RecommendationDraft
from ...domain.errors import N_, Forbidden, NotFound
from ...domain.permissions import Action, allows
from ...domain.search import words as search_words
from ...domain.vocabulary import RecommendationStatus, parse_enum, parse_slug
from ...store.models import ConsultationSession, Process, Recommendation, RecommendationTheme, User
from ..access import lock_process, process_for, record, stored_id
from ..actor import Actor
from ..csv_export import csv_text
from ..pace import Pace, pace
from ..unit import reads, use_case
from .refs import free_ref
from .sessions import count_recommendations, find_session
from .views import RecommendationPage, RecommendationView


def recommendation_view(r: Recommendation, creator: str | None = None) -> RecommendationView:
    return RecommendationView(
        ref=r.ref,
        session_ref=r.session.ref,
        session_title=r.session.title,
        text=r.text,
        language=r.language,
        author=r.author,
        organisation=r.organisation,
        themes=r.themes,
        status=r.status,
        reason=r.reason,
        created_by=creator,
        created_at=r.created_at,
        updated_at=r.updated_at,
    )


def _creator_names(tx: Session, rows: list[Recommendation]) -> dict[int | None, str]:
    """Who added each recommendation, in one query (the view shows it everywhere, not only on its page)."""
    ids = {r.created_by_id for r in rows if r.created_by_id}
    return dict(tx.execute(select(User.id, User.name).where(User.id.in_(ids))).all()) if ids else {}


def _set_themes(row: Recommendation, themes: tuple[str, ...]) -> None:
    row.theme_rows = [RecommendationTheme(theme=t, position=i) for i, t in enumerate(themes)]


def insert_recommendation(
    tx: Session,
    actor: Actor | None,
    process: Process,
    session: ConsultationSession,
    draft: RecommendationDraft,
    decision: Decision,
    ref: str | None,
) -> Recommendation:
    if not ref:
        # Allocations in one process take turns: two people adding at once never get the same ref.
        lock_process(tx, process)
        ref = free_ref(
            tx, Recommendation, process, f"{session.ref[:50]}-r{count_recommendations(tx, session.id) + 1:02d}"
        )
    row = Recommendation(
        process_id=process.id,
        session_id=session.id,
        ref=parse_slug(ref, "reference"),
        text=draft.text,
        language=draft.language,
        author=draft.author,
        organisation=draft.organisation,
        status=decision.status,
        reason=decision.reason,
        created_by_id=stored_id(actor),
    )
    _set_themes(row, draft.themes)
    tx.add(row)
    tx.flush()
    record(tx, actor, "recommendation.added", f"recommendation:{row.ref}", process, session=session.ref)
    return row


@use_case
def add_recommendation(
    tx: Session,
    actor: Actor | None,
    slug: str,
    session_ref: str,
    recommendation: RecommendationFields,
) -> RecommendationView:
    recommendation.check_session(session_ref)
    process, _ = process_for(tx, slug, actor, Action.ADD_RECOMMENDATION)
    pace(tx, actor, Pace.RECOMMENDATION)
    session = find_session(tx, process, session_ref)
    draft = recommendation.draft(process.source_language)
    row = insert_recommendation(tx, actor, process, session, draft, Decision(status="open"), None)
    return recommendation_view(row, actor.name if actor else None)


def _recommendation(tx: Session, process: Process, ref: str) -> Recommendation:
    row = tx.scalar(select(Recommendation).where(Recommendation.process_id == process.id, Recommendation.ref == ref))
    if row is None:
        raise NotFound(N_("No recommendation “{ref}” in this process."), ref=ref)
    return row


@reads
def get_recommendation(tx: Session, actor: Actor | None, slug: str, ref: str) -> RecommendationView:
    process, _ = process_for(tx, slug, actor, Action.READ)
    row = _recommendation(tx, process, ref)
    creator = tx.get(User, row.created_by_id) if row.created_by_id else None
    return recommendation_view(row, creator.name if creator else None)


@use_case
def update_recommendation(
    tx: Session,
    actor: Actor | None,
    slug: str,
    ref: str,
    recommendation: RecommendationFields,
) -> RecommendationView:
    """The committee edits any recommendation; a member edits their own while it is still open.
    Its `session`, if given, is the ref of the session it moves to."""
    process, role = process_for(tx, slug, actor, Action.READ)
    row = _recommendation(tx, process, ref)
    admin = bool(actor and actor.is_admin)
    own_open = actor is not None and row.created_by_id == actor.id and row.status == RecommendationStatus.OPEN
    if not allows(role, Action.EDIT_ANY_RECOMMENDATION, is_admin=admin) and not (
        own_open and allows(role, Action.ADD_RECOMMENDATION)
    ):
        raise Forbidden(
            N_("Only the drafting committee, or its author while it is open, can edit this recommendation.")
        )
    pace(tx, actor, Pace.RECOMMENDATION)
    draft = recommendation.draft(row.language)
    if recommendation.session:
        row.session = find_session(tx, process, recommendation.session)
    row.text, row.language, row.author, row.organisation = draft.text, draft.language, draft.author, draft.organisation
    _set_themes(row, draft.themes)
    record(tx, actor, "recommendation.edited", f"recommendation:{ref}", process)
    tx.flush()  # so updated_at is the time of this change
    return recommendation_view(row, _creator_names(tx, [row]).get(row.created_by_id))


@use_case
def decide_recommendation(
    tx: Session, actor: Actor | None, slug: str, ref: str, decision: Decision
) -> RecommendationView:
    process, _ = process_for(tx, slug, actor, Action.DECIDE_RECOMMENDATION)
    row = _recommendation(tx, process, ref)
    row.status, row.reason = decision.status, decision.reason
    record(tx, actor, "recommendation.decided", f"recommendation:{ref}", process, status=decision.status)
    tx.flush()  # so updated_at is the time of this change
    return recommendation_view(row, _creator_names(tx, [row]).get(row.created_by_id))


@reads
def list_recommendations(
    tx: Session,
    actor: Actor | None,
    slug: str,
    *,
    session: str | None = None,
    theme: str | None = None,
    status: str | None = None,
    q: str | None = None,
    limit: int = 500,
    offset: int = 0,
) -> RecommendationPage:
    """Recommendations filtered by session, theme, status and free text (text, author, organisation)."""
    process, _ = process_for(tx, slug, actor, Action.READ)
    query = select(Recommendation).where(Recommendation.process_id == process.id)
    if session:
        query = query.where(Recommendation.session_id == find_session(tx, process, session).id)
    if theme:
        query = query.where(
            Recommendation.id.in_(
                select(RecommendationTheme.recommendation_id).where(RecommendationTheme.theme == theme.lower())
            )
        )
    if status:
        query = query.where(Recommendation.status == parse_enum(RecommendationStatus, status, "status").value)
    # Every word, anywhere in the text, author, organisation or ref, accents and case set aside.
    for word in search_words(q or ""):
        # "50%" or "op_1" are searched as written, not as LIKE wildcards.
        needle = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Recommendation.folded.like(f"%{needle}%", escape="\\"))
    total = tx.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = tx.scalars(query.order_by(Recommendation.ref).limit(max(1, min(limit, 5000))).offset(max(0, offset)))
    all_themes = tx.scalars(
        select(RecommendationTheme.theme)
        .join(Recommendation, Recommendation.id == RecommendationTheme.recommendation_id)
        .where(Recommendation.process_id == process.id)
        .distinct()
        .order_by(RecommendationTheme.theme)
    )
    counts = dict(
        tx.execute(
            select(Recommendation.status, func.count())
            .where(Recommendation.process_id == process.id)
            .group_by(Recommendation.status)
        ).all()
    )
    found = list(rows)
    names = _creator_names(tx, found)
    items = [recommendation_view(r, names.get(r.created_by_id)) for r in found]
    return RecommendationPage(items=items, total=total, themes=list(all_themes), counts=counts)


CSV_COLUMNS = (
    "ref",
    "session_ref",
    "session_title",
    "language",
    "author",
    "organisation",
    "themes",
    "status",
    "reason",
    "text",
)


@reads
def recommendations_csv(tx: Session, /, actor: Actor | None, slug: str, **filters: Any) -> str:
    """The filtered recommendations as CSV."""
    page = list_recommendations(tx, actor, slug, limit=5000, **filters)
    return csv_text(
        CSV_COLUMNS,
        (
            (
                item.ref,
                item.session_ref,
                item.session_title,
                item.language,
                item.author,
                item.organisation,
                "; ".join(item.themes),
                item.status,
                item.reason,
                item.text,
            )
            for item in page.items
        ),
    )
