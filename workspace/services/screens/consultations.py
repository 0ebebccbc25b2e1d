"""What the consultation pages show at once, read in one transaction."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy.orm import Session

from ...domain.permissions import Action
from ..actor import Actor
from ..consultations import recommendations, sessions
from ..consultations.views import RecommendationPage, RecommendationView, SessionView
from ..declaration import coverage
from ..declaration.views import LinkChoices, LinkedParagraph
from ..processes import get_process
from ..processes.views import ProcessView
from ..unit import reads
from .processes import process_for_action


class ProcessSessions(Struct, frozen=True):
    process: ProcessView
    sessions: list[SessionView]


class SessionScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    session: SessionView
    recommendations: list[RecommendationView]


class RecommendationsScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    sessions: list[SessionView]
    page: RecommendationPage


class RecommendationScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    recommendation: RecommendationView
    sessions: list[SessionView]
    paragraphs: list[LinkedParagraph] = []  # the paragraphs that take it up
    choices: LinkChoices | None = None  # what the committee may link it to


@reads
def process_sessions(tx: Session, actor: Actor | None, slug: str) -> ProcessSessions:
    return ProcessSessions(get_process(tx, actor, slug), sessions.list_sessions(tx, actor, slug))


@reads
def session_screen(tx: Session, actor: Actor | None, slug: str, ref: str) -> SessionScreen:
    process = get_process(tx, actor, slug)
    session = sessions.get_session(tx, actor, slug, ref)
    page = recommendations.list_recommendations(tx, actor, slug, session=ref, limit=5000)
    return SessionScreen(process=process, session=session, recommendations=page.items)


@reads
def recommendations_screen(
    tx: Session,
    actor: Actor | None,
    slug: str,
    *,
    session: str | None = None,
    theme: str | None = None,
    status: str | None = None,
    q: str | None = None,
    limit: int = 500,
) -> RecommendationsScreen:
    process = get_process(tx, actor, slug)
    page = recommendations.list_recommendations(
        tx, actor, slug, session=session, theme=theme, status=status, q=q, limit=limit
    )
    return RecommendationsScreen(process=process, sessions=sessions.list_sessions(tx, actor, slug), page=page)


@reads
def recommendation_screen(tx: Session, actor: Actor | None, slug: str, ref: str) -> RecommendationScreen:
    process = get_process(tx, actor, slug)
    recommendation = recommendations.get_recommendation(tx, actor, slug, ref)
    choices = coverage.link_choices(tx, actor, slug) if Action.LINK_RECOMMENDATION.value in process.can else None
    return RecommendationScreen(
        process=process,
        recommendation=recommendation,
        sessions=sessions.list_sessions(tx, actor, slug),
        paragraphs=coverage.paragraphs_taking_up(tx, actor, slug, ref),
        choices=choices,
    )


@reads
def session_to_edit(tx: Session, actor: Actor | None, slug: str, ref: str) -> SessionScreen:
    """A session and its process, for the committee's edit form (403 for anyone else)."""
    process = process_for_action(tx, actor, slug, Action.RECORD_SESSION.value)
    return SessionScreen(process=process, session=sessions.get_session(tx, actor, slug, ref), recommendations=[])
