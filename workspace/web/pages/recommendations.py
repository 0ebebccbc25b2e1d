"""Recommendations: the filtered list (and its CSV), one recommendation, its edit and decision."""

from __future__ import annotations

from functools import partial
from typing import Any, TypedDict

from litestar import Response

from ...domain.consultations.consultation_commands import RecommendationFields
from ...domain.consultations.consultations import Decision
from ...domain.inputs import RequiredText
from ...domain.labels import STATUSES
from ...i18n import gettext as _
from ...services import consultations
from ...services.consultations.views import RecommendationView
from ...services.screens import consultations as screens
from ..http import AnyRequest, AnyResponse
from ..labels import label
from ..params import Db, Query, Ref, Slug, Who
from ..responses import csv_response
from ..routes import get, post
from .common import flash, page, parts
from .forms import Form, see_other
from .refusals import Sent, shown_again


class RecommendationOnPage(RecommendationFields, frozen=True, kw_only=True):
    """A recommendation as its page's form gives it: its themes as comma-separated text (the service's `draft`
    reads them so), its text "" when left empty (refused as the API refuses it)."""

    text: RequiredText = ""
    themes: str = ""  # type: ignore[assignment]


class Filters(TypedDict):
    session: str | None
    theme: str | None
    status: str | None
    q: str | None


def _filters(session: str | None, theme: str | None, status: str | None, q: str | None) -> Filters:
    """Empty select values ("all") mean no filter."""
    return {
        "session": session or None,
        "theme": theme or None,
        "status": status or None,
        "q": (q or "").strip() or None,
    }


@get("/p/{slug:str}/recommendations", include_in_schema=False)
def recommendation_list(
    request: AnyRequest,
    db: Db,
    actor: Who,
    slug: Slug,
    session: Query = None,
    theme: Query = None,
    status: Query = None,
    q: Query = None,
) -> AnyResponse:
    filters = _filters(session, theme, status, q)
    screen = screens.recommendations_screen(db, actor, slug, **filters)
    return page(request, "recommendations/list.html", tab="recommendations", filters=filters, **parts(screen))


@get("/p/{slug:str}/recommendations.csv", include_in_schema=False)
def recommendation_csv(
    db: Db, actor: Who, slug: Slug, session: Query = None, theme: Query = None, status: Query = None, q: Query = None
) -> Response[str]:
    text = consultations.recommendations_csv(db, actor, slug, **_filters(session, theme, status, q))
    return csv_response(text, f"{slug}-recommendations.csv")


def _edit_values(r: RecommendationView) -> dict[str, Any]:
    return {
        "text": r.text,
        "author": r.author,
        "organisation": r.organisation,
        "themes": ", ".join(r.themes),
        "language": r.language,
        "session": r.session_ref,
    }


def _detail(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: str, data: Any = None, **context: Any
) -> AnyResponse:
    screen = screens.recommendation_screen(db, actor, slug, ref)
    r = screen.recommendation
    context.setdefault("values", _edit_values(r))
    context.setdefault("decision", {"status": r.status, "reason": r.reason})
    return page(request, "recommendations/detail.html", tab="recommendations", **parts(screen), **context)


@get("/p/{slug:str}/recommendations/{ref:str}", include_in_schema=False)
def recommendation_detail(request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: Ref) -> AnyResponse:
    return _detail(request, db, actor, slug, ref)


@post("/p/{slug:str}/recommendations/{ref:str}/edit", include_in_schema=False)
@shown_again(partial(_detail, failed_form="edit"))
def recommendation_edit(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: Ref, data: Form[RecommendationOnPage]
) -> AnyResponse:
    consultations.update_recommendation(db, actor, slug, ref, data)
    flash(request, _("The recommendation is saved."))
    return see_other(f"/p/{slug}/recommendations/{ref}")


def _decision_again(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: str, values: Sent, **context: Any
) -> AnyResponse:
    return _detail(request, db, actor, slug, ref, decision=values, failed_form="decision", **context)


@post("/p/{slug:str}/recommendations/{ref:str}/decision", include_in_schema=False)
@shown_again(_decision_again)
def recommendation_decide(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: Ref, data: Form[Decision]
) -> AnyResponse:
    decided = consultations.decide_recommendation(db, actor, slug, ref, data)
    flash(request, _("Decision recorded: %(status)s.", status=label(STATUSES, decided.status)))
    return see_other(f"/p/{slug}/recommendations/{ref}")
