"""Consultation sessions and recommendations."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response
from litestar.params import QueryParameter

from ...domain.consultations.consultation_commands import RecommendationFields, SessionFields
from ...domain.consultations.consultations import Decision
from ...domain.vocabulary import RecommendationStatus
from ...services import consultations
from ...services.consultations.views import RecommendationPage, RecommendationView, SessionView
from ..params import Db, JSONBody, Query, Ref, Slug, Who
from ..responses import csv_response
from .routes import get, post, put
from .schemas import ConceptNote, choice_filter

RecommendationStatusFilter = Annotated[str | None, choice_filter(s.value for s in RecommendationStatus)]
Limit = Annotated[int, QueryParameter(ge=1, le=5000)]
Offset = Annotated[int, QueryParameter(ge=0, le=2_147_483_647)]


class ConsultationController(Controller):
    path = "/processes/{slug:str}"
    tags = ("consultations",)

    @get("/sessions")
    def sessions(self, db: Db, actor: Who, slug: Slug) -> list[SessionView]:
        return consultations.list_sessions(db, actor, slug)

    @post("/sessions")
    def create_session(self, db: Db, actor: Who, slug: Slug, data: JSONBody[SessionFields]) -> SessionView:
        return consultations.create_session(db, actor, slug, data)

    @post("/sessions/import")
    def import_session(self, db: Db, actor: Who, slug: Slug, data: JSONBody[ConceptNote]) -> SessionView:
        """A session from a Markdown concept note with YAML front matter."""
        return consultations.import_concept_note(db, actor, slug, data.filename, data.text)

    @get("/sessions/{ref:str}")
    def session(self, db: Db, actor: Who, slug: Slug, ref: Ref) -> SessionView:
        return consultations.get_session(db, actor, slug, ref)

    @put("/sessions/{ref:str}")
    def update_session(self, db: Db, actor: Who, slug: Slug, ref: Ref, data: JSONBody[SessionFields]) -> SessionView:
        return consultations.update_session(db, actor, slug, ref, data)

    @post("/sessions/{ref:str}/recommendations")
    def add_recommendation(
        self, db: Db, actor: Who, slug: Slug, ref: Ref, data: JSONBody[RecommendationFields]
    ) -> RecommendationView:
        """A recommendation of the session `ref` (a `session` in the body, if any, must be that one)."""
        return consultations.add_recommendation(db, actor, slug, ref, data)

    @get("/recommendations")
    def recommendations(
        self,
        db: Db,
        actor: Who,
        slug: Slug,
        session: Query = None,
        theme: Query = None,
        status: RecommendationStatusFilter = None,
        q: Query = None,
        limit: Limit = 500,
        offset: Offset = 0,
    ) -> RecommendationPage:
        """Filter by session ref, theme, status and free text."""
        return consultations.list_recommendations(
            db, actor, slug, session=session, theme=theme, status=status, q=q, limit=limit, offset=offset
        )

    @get("/recommendations.csv", media_type="text/csv")
    def recommendations_csv(
        self,
        db: Db,
        actor: Who,
        slug: Slug,
        session: Query = None,
        theme: Query = None,
        status: RecommendationStatusFilter = None,
        q: Query = None,
    ) -> Response[str]:
        text = consultations.recommendations_csv(db, actor, slug, session=session, theme=theme, status=status, q=q)
        return csv_response(text, f"{slug}-recommendations.csv")

    @get("/recommendations/{ref:str}")
    def recommendation(self, db: Db, actor: Who, slug: Slug, ref: Ref) -> RecommendationView:
        return consultations.get_recommendation(db, actor, slug, ref)

    @put("/recommendations/{ref:str}")
    def update_recommendation(
        self, db: Db, actor: Who, slug: Slug, ref: Ref, data: JSONBody[RecommendationFields]
    ) -> RecommendationView:
        return consultations.update_recommendation(db, actor, slug, ref, data)

    @post("/recommendations/{ref:str}/decision", status_code=200)  # changes a recommendation, creates nothing
    def decide(self, db: Db, actor: Who, slug: Slug, ref: Ref, data: JSONBody[Decision]) -> RecommendationView:
        """Set the status: open, incorporated, partly_incorporated, or not_retained with a reason."""
        return consultations.decide_recommendation(db, actor, slug, ref, data)
