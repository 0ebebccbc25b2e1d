"""Consultation sessions and recommendations."""

from __future__ import annotations

from litestar import Controller, Response

from ...services import consultations
from ...services.unit import Store
from ...services.views import Actor, RecommendationPage, RecommendationView, SessionView
from ..responses import csv_response
from ..routes import get, post, put
from .schemas import ConceptNote, DecisionInput, RecommendationInput, SessionInput


class ConsultationController(Controller):
    path = "/processes/{slug:str}"
    tags = ["consultations"]

    @get("/sessions")
    def sessions(self, db: Store, actor: Actor | None, slug: str) -> list[SessionView]:
        return consultations.list_sessions(db, actor, slug)

    @post("/sessions")
    def create_session(self, db: Store, actor: Actor | None, slug: str, data: SessionInput) -> SessionView:
        return consultations.create_session(db, actor, slug, data.data())

    @post("/sessions/import")
    def import_session(self, db: Store, actor: Actor | None, slug: str, data: ConceptNote) -> SessionView:
        """A session from a Markdown concept note with YAML front matter."""
        return consultations.import_concept_note(db, actor, slug, data.filename, data.text)

    @get("/sessions/{ref:str}")
    def session(self, db: Store, actor: Actor | None, slug: str, ref: str) -> SessionView:
        return consultations.get_session(db, actor, slug, ref)

    @put("/sessions/{ref:str}")
    def update_session(self, db: Store, actor: Actor | None, slug: str, ref: str, data: SessionInput) -> SessionView:
        return consultations.update_session(db, actor, slug, ref, data.data())

    @post("/sessions/{ref:str}/recommendations")
    def add_recommendation(
        self, db: Store, actor: Actor | None, slug: str, ref: str, data: RecommendationInput
    ) -> RecommendationView:
        return consultations.add_recommendation(db, actor, slug, ref, data.data())

    @get("/recommendations")
    def recommendations(
        self, db: Store, actor: Actor | None, slug: str, session: str | None = None, theme: str | None = None,
        status: str | None = None, q: str | None = None, limit: int = 500, offset: int = 0,
    ) -> RecommendationPage:
        """Filter by session ref, theme, status and free text."""
        return consultations.list_recommendations(
            db, actor, slug, session=session, theme=theme, status=status, q=q, limit=limit, offset=offset
        )

    @get("/recommendations.csv", media_type="text/csv")
    def recommendations_csv(
        self, db: Store, actor: Actor | None, slug: str, session: str | None = None, theme: str | None = None,
        status: str | None = None, q: str | None = None,
    ) -> Response[str]:
        text = consultations.recommendations_csv(db, actor, slug, session=session, theme=theme, status=status, q=q)
        return csv_response(text, f"{slug}-recommendations.csv")

    @get("/recommendations/{ref:str}")
    def recommendation(self, db: Store, actor: Actor | None, slug: str, ref: str) -> RecommendationView:
        return consultations.get_recommendation(db, actor, slug, ref)

    @put("/recommendations/{ref:str}")
    def update_recommendation(
        self, db: Store, actor: Actor | None, slug: str, ref: str, data: RecommendationInput
    ) -> RecommendationView:
        return consultations.update_recommendation(db, actor, slug, ref, data.data())

    @post("/recommendations/{ref:str}/decision", status_code=200)  # changes a recommendation, creates nothing
    def decide(self, db: Store, actor: Actor | None, slug: str, ref: str, data: DecisionInput) -> RecommendationView:
        """Set the status: open, incorporated, partly_incorporated, or not_retained with a reason."""
        return consultations.decide_recommendation(db, actor, slug, ref, data.data())
