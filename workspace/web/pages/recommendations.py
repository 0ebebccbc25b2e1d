"""Recommendations: the filtered list (and its CSV), one recommendation, its edit and decision."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.response import Redirect, Template

from ...domain.errors import Conflict, InvalidInput
from ...i18n import gettext as _
from ...services import consultations, screens
from ...services.unit import Store
from ...services.views import Actor, RecommendationView
from ..labels import STATUSES, label
from ..responses import csv_response
from ..routes import get, post
from .common import failure, flash, page
from .forms import Form, fields, see_other

EDIT_FIELDS = ("text", "author", "organisation", "themes", "language", "session")


def _filters(session: str | None, theme: str | None, status: str | None, q: str | None) -> dict[str, str | None]:
    """Empty select values ("all") mean no filter."""
    return {"session": session or None, "theme": theme or None, "status": status or None, "q": (q or "").strip() or None}


@get("/p/{slug:str}/recommendations", include_in_schema=False)
def recommendation_list(
    request: Request, db: Store, actor: Actor | None, slug: str, session: str | None = None,
    theme: str | None = None, status: str | None = None, q: str | None = None,
) -> Template:
    filters = _filters(session, theme, status, q)
    screen = screens.recommendations_screen(db, actor, slug, **filters)
    return page(
        request, "recommendations/list.html", tab="recommendations", process=screen.process,
        sessions=screen.sessions, page=screen.page, filters=filters,
    )


@get("/p/{slug:str}/recommendations.csv", include_in_schema=False)
def recommendation_csv(
    db: Store, actor: Actor | None, slug: str, session: str | None = None, theme: str | None = None,
    status: str | None = None, q: str | None = None,
) -> Response[str]:
    text = consultations.recommendations_csv(db, actor, slug, **_filters(session, theme, status, q))
    return csv_response(text, f"{slug}-recommendations.csv")


def _edit_values(r: RecommendationView) -> dict[str, Any]:
    return {
        "text": r.text, "author": r.author, "organisation": r.organisation, "themes": ", ".join(r.themes),
        "language": r.language, "session": r.session_ref,
    }


def _detail(request: Request, db: Store, actor: Actor | None, slug: str, ref: str, **context: Any) -> Template:
    screen = screens.recommendation_screen(db, actor, slug, ref)
    r = screen.recommendation
    context.setdefault("values", _edit_values(r))
    context.setdefault("decision", {"status": r.status, "reason": r.reason})
    return page(
        request, "recommendations/detail.html", tab="recommendations", process=screen.process,
        recommendation=r, sessions=screen.sessions, **context,
    )


@get("/p/{slug:str}/recommendations/{ref:str}", include_in_schema=False)
def recommendation_detail(request: Request, db: Store, actor: Actor | None, slug: str, ref: str) -> Template:
    return _detail(request, db, actor, slug, ref)


@post("/p/{slug:str}/recommendations/{ref:str}/edit", include_in_schema=False)
def recommendation_edit(request: Request, db: Store, actor: Actor | None, slug: str, ref: str, data: Form) -> Template | Redirect:
    values = fields(data, *EDIT_FIELDS)
    try:
        consultations.update_recommendation(db, actor, slug, ref, values)
    except (InvalidInput, Conflict) as exc:
        return _detail(request, db, actor, slug, ref, **failure(exc), values=values, failed_form="edit")
    flash(request, _("The recommendation is saved."))
    return see_other(f"/p/{slug}/recommendations/{ref}")


@post("/p/{slug:str}/recommendations/{ref:str}/decision", include_in_schema=False)
def recommendation_decide(request: Request, db: Store, actor: Actor | None, slug: str, ref: str, data: Form) -> Template | Redirect:
    decision = fields(data, "status", "reason")
    try:
        decided = consultations.decide_recommendation(db, actor, slug, ref, decision)
    except (InvalidInput, Conflict) as exc:
        return _detail(request, db, actor, slug, ref, **failure(exc), decision=decision, failed_form="decision")
    flash(request, _("Decision recorded: %(status)s.", status=label(STATUSES, decided.status)))
    return see_other(f"/p/{slug}/recommendations/{ref}")


HANDLERS = [recommendation_list, recommendation_csv, recommendation_detail, recommendation_edit, recommendation_decide]
