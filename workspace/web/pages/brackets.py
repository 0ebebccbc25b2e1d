"""The bracket dashboard (issue 33): what is left to agree per article, the burn-down over the versions, the open
brackets (the committee resolves them on the working draft, or marks the option the clean text takes), and the
clean-text preview."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar.response import Redirect

from ...domain.brackets.bracket_commands import MarkBracket, ResolveBracket
from ...i18n import gettext as _
from ...services import brackets
from ...services.screens import brackets as screens
from ..http import AnyRequest, AnyResponse
from ..params import Db, InPath, Query, Slug, Who
from ..routes import get, post
from .common import flash, screen_page
from .forms import Form, see_other
from .refusals import shown_again

BASE = "/p/{slug:str}/brackets"


def _page(
    request: AnyRequest, name: str, screen: Any, version: str | None, lang: str | None, **context: Any
) -> AnyResponse:
    """A page of the brackets (`name`: the dashboard, the clean text) of `version` in `lang`, kept in its links."""
    return screen_page(request, name, "amendments", screen, version=version or "", lang=lang or "", **context)


def _dashboard(
    request: AnyRequest,
    db: Db,
    actor: Who,
    slug: Slug,
    version: str | None = None,
    lang: str | None = None,
    bracket: str | None = None,
    **context: Any,
) -> AnyResponse:
    screen = screens.bracket_screen(db, actor, slug, version or None, lang or None)
    return _page(request, "amendments/brackets.html", screen, version, lang, failed_form=bracket, **context)


def _back(slug: str, version: str | None, lang: str | None, at: str = "") -> Redirect:
    query = urlencode({k: v for k, v in (("version", version), ("lang", lang)) if v})
    return see_other(f"/p/{slug}/brackets" + (f"?{query}" if query else "") + (f"#{at}" if at else ""))


@get(BASE, include_in_schema=False)
def brackets_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, version: Query = None, lang: Query = None
) -> AnyResponse:
    return _dashboard(request, db, actor, slug, version, lang)


@post(BASE + "/{bracket:str}/resolve", include_in_schema=False)
@shown_again(_dashboard)
def resolve_bracket(
    request: AnyRequest,
    db: Db,
    actor: Who,
    slug: Slug,
    bracket: InPath,
    data: Form[ResolveBracket],
    version: Query = None,
    lang: Query = None,
) -> AnyResponse:
    resolved = brackets.resolve_bracket(db, actor, slug, bracket, data)
    flash(request, _("The bracket is agreed on.") if resolved.state == "agreed" else _("The bracket is dropped."))
    return _back(slug, version, lang, resolved.eid)


@post(BASE + "/{bracket:str}", include_in_schema=False)
@shown_again(_dashboard)
def mark_bracket(
    request: AnyRequest,
    db: Db,
    actor: Who,
    slug: Slug,
    bracket: InPath,
    data: Form[MarkBracket],
    version: Query = None,
    lang: Query = None,
) -> AnyResponse:
    marked = brackets.mark_bracket(db, actor, slug, bracket, data)
    flash(request, _("Saved."))
    return _back(slug, version, lang, marked.eid)


@get(BASE + "/clean", include_in_schema=False)
def clean_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, version: Query = None, lang: Query = None
) -> AnyResponse:
    screen = screens.clean_screen(db, actor, slug, version, lang)
    return _page(request, "amendments/clean.html", screen, version, lang)
