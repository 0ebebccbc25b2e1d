"""The bracket dashboard (issue 33): what is left to agree per article, the burn-down over the versions, the open
brackets (the committee resolves them on the working draft, or marks the option the clean text takes), and the
clean-text preview."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar.response import Redirect

from ...domain.brackets.bracket_commands import MarkBracket, ResolveBracket
from ...domain.errors import N_, Conflict, Forbidden, InvalidInput, NotFound
from ...i18n import gettext as _
from ...services import brackets
from ...services.actor import Actor
from ...services.screens import brackets as screens
from ...services.unit import Unit
from ..http import AnyRequest, AnyResponse
from ..params import Db, FromPath, FromQuery, Slug, Who
from ..routes import get, post
from .common import failure, flash, page
from .forms import Form, PageForm, see_other

BASE = "/p/{slug:str}/brackets"


class ResolveForm(PageForm):
    """A bracket agreed on an option ("0", "1" …) or dropped ("drop"), on the paragraph's revision the page showed."""

    choice: str = ""
    base_revision: str = ""
    version: str = ""
    lang: str = ""

    def command(self) -> ResolveBracket:
        drop = self.choice == "drop"
        option = int(self.choice) if self.choice.isdecimal() and len(self.choice) <= 2 else None
        if not drop and option is None:
            raise InvalidInput(
                N_("Choose the option agreed on, or that the bracket is dropped."), detail={"field": "choice"}
            )
        return ResolveBracket.build(option, drop, self.base_revision)


class MarkForm(PageForm):
    leading: str = ""
    delegation: str = ""
    version: str = ""
    lang: str = ""

    def command(self) -> MarkBracket:
        leading = int(self.leading) if self.leading.isdecimal() and len(self.leading) <= 2 else None
        return MarkBracket.build(leading, self.delegation or None)


def _dashboard(
    request: AnyRequest, db: Unit, actor: Actor | None, slug: str, version: str | None, lang: str | None, **context: Any
) -> AnyResponse:
    screen = screens.bracket_screen(db, actor, slug, version, lang)
    return page(
        request,
        "amendments/brackets.html",
        context.pop("status", 200),
        tab="amendments",
        process=screen.process,
        screen=screen,
        version=version or "",
        lang=lang or "",
        **context,
    )


def _back(slug: str, version: str, lang: str, at: str = "") -> Redirect:
    query = urlencode({k: v for k, v in (("version", version), ("lang", lang)) if v})
    return see_other(f"/p/{slug}/brackets" + (f"?{query}" if query else "") + (f"#{at}" if at else ""))


@get(BASE, include_in_schema=False)
def brackets_page(
    request: AnyRequest,
    db: Db,
    actor: Who,
    slug: Slug,
    version: FromQuery[str | None] = None,
    lang: FromQuery[str | None] = None,
) -> AnyResponse:
    return _dashboard(request, db, actor, slug, version, lang)


@post(BASE + "/{bracket:str}/resolve", include_in_schema=False)
def resolve_bracket(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, bracket: FromPath[str], data: Form[ResolveForm]
) -> AnyResponse | Redirect:
    try:
        resolved = brackets.resolve_bracket(db, actor, slug, bracket, data.command())
    except (InvalidInput, Conflict, Forbidden, NotFound) as exc:
        return _dashboard(
            request, db, actor, slug, data.version or None, data.lang or None, **failure(exc), failed_form=bracket
        )
    flash(
        request,
        _("The bracket is agreed on.") if resolved.state == "agreed" else _("The bracket is dropped."),
    )
    return _back(slug, data.version, data.lang, resolved.eid)


@post(BASE + "/{bracket:str}", include_in_schema=False)
def mark_bracket(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, bracket: FromPath[str], data: Form[MarkForm]
) -> AnyResponse | Redirect:
    try:
        marked = brackets.mark_bracket(db, actor, slug, bracket, data.command())
    except (InvalidInput, Conflict, Forbidden, NotFound) as exc:
        return _dashboard(
            request, db, actor, slug, data.version or None, data.lang or None, **failure(exc), failed_form=bracket
        )
    flash(request, _("Saved."))
    return _back(slug, data.version, data.lang, marked.eid)


@get(BASE + "/clean", include_in_schema=False)
def clean_page(
    request: AnyRequest,
    db: Db,
    actor: Who,
    slug: Slug,
    version: FromQuery[str | None] = None,
    lang: FromQuery[str | None] = None,
) -> AnyResponse:
    screen = screens.clean_screen(db, actor, slug, version, lang)
    return page(
        request,
        "amendments/clean.html",
        tab="amendments",
        process=screen.process,
        screen=screen,
        version=version or "",
        lang=lang or "",
    )


HANDLERS = [brackets_page, clean_page, resolve_bracket, mark_bracket]
