"""What one page shows at once: the process and the lists around it, read in one transaction.

Each function composes the use cases of processes/consultations/accounts, so every permission
check stays where it is; a page calls one of these instead of three use cases in a row.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..domain.permissions import Action
from ..store.models import User
from . import accounts, consultations, processes
from .access import process_for, process_view, require_actor
from .unit import use_case
from .views import (
    AccountScreen,
    ActivityScreen,
    Actor,
    MembersScreen,
    ProcessOverview,
    ProcessSessions,
    ProcessView,
    RecommendationScreen,
    RecommendationsScreen,
    SessionScreen,
)


@use_case
def process_overview(tx: Session, actor: Actor | None, slug: str) -> ProcessOverview:
    process = processes.get_process(tx, actor, slug)
    counts = consultations.list_recommendations(tx, actor, slug, limit=1).counts
    return ProcessOverview(
        process=process, sessions=consultations.list_sessions(tx, actor, slug), counts=counts,
        member_count=len(processes.list_members(tx, actor, slug)),
    )


@use_case
def process_sessions(tx: Session, actor: Actor | None, slug: str) -> ProcessSessions:
    return ProcessSessions(processes.get_process(tx, actor, slug), consultations.list_sessions(tx, actor, slug))


@use_case
def session_screen(tx: Session, actor: Actor | None, slug: str, ref: str) -> SessionScreen:
    process = processes.get_process(tx, actor, slug)
    session = consultations.get_session(tx, actor, slug, ref)
    page = consultations.list_recommendations(tx, actor, slug, session=ref, limit=5000)
    return SessionScreen(process, session, page.items)


@use_case
def recommendations_screen(
    tx: Session, actor: Actor | None, slug: str, *, session: str | None = None, theme: str | None = None,
    status: str | None = None, q: str | None = None, limit: int = 500,
) -> RecommendationsScreen:
    process = processes.get_process(tx, actor, slug)
    page = consultations.list_recommendations(tx, actor, slug, session=session, theme=theme, status=status, q=q, limit=limit)
    return RecommendationsScreen(process, consultations.list_sessions(tx, actor, slug), page)


@use_case
def recommendation_screen(tx: Session, actor: Actor | None, slug: str, ref: str) -> RecommendationScreen:
    process = processes.get_process(tx, actor, slug)
    recommendation = consultations.get_recommendation(tx, actor, slug, ref)
    return RecommendationScreen(process, recommendation, consultations.list_sessions(tx, actor, slug))


@use_case
def members_screen(tx: Session, actor: Actor | None, slug: str) -> MembersScreen:
    return MembersScreen(processes.get_process(tx, actor, slug), processes.list_members(tx, actor, slug))


@use_case
def activity_screen(tx: Session, actor: Actor | None, slug: str, limit: int = 200) -> ActivityScreen:
    return ActivityScreen(processes.get_process(tx, actor, slug), processes.list_activity(tx, actor, slug, limit))


@use_case
def account_screen(tx: Session, actor: Actor | None) -> AccountScreen:
    actor = require_actor(actor)
    user = tx.get(User, actor.id)
    assert user is not None
    return AccountScreen(accounts.user_view(user), accounts.list_tokens(tx, actor))


@use_case
def process_for_action(tx: Session, actor: Actor | None, slug: str, action: str) -> ProcessView:
    """The process, if the actor may take `action` in it: a form page asks before it shows the form."""
    process, role = process_for(tx, slug, actor, Action(action))
    return process_view(process, role, actor)


@use_case
def session_to_edit(tx: Session, actor: Actor | None, slug: str, ref: str) -> SessionScreen:
    """A session and its process, for the committee's edit form (403 for anyone else)."""
    process = process_for_action(tx, actor, slug, Action.RECORD_SESSION.value)
    return SessionScreen(process, consultations.get_session(tx, actor, slug, ref), [])
