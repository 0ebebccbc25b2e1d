"""The translators' amendment queue (issue 34): each open amendment to render into a language, its change in the
language it was proposed in beside that language's paragraph, and the rendering saved from there."""

from __future__ import annotations

from typing import Any

from litestar.response import Redirect

from ...domain.amendments.renderings import SetRendering
from ...domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from ...domain.paging import page_number
from ...domain.series import AMENDMENT_MARK, parse_number
from ...i18n import gettext as _
from ...services.actor import Actor
from ...services.amendments import renderings
from ...services.screens import translations as screens
from ...services.translations import machine
from ...services.unit import Unit
from ..http import AnyRequest, AnyResponse
from ..params import AmendmentRef, Db, FromPath, Slug, Who
from ..routes import get, post
from .common import failure, flash, page
from .forms import Form, PageForm, see_other

Lang = FromPath[str]


class RenderingForm(PageForm):
    text: str = ""
    state: str = "rendered"
    base_revision: str = ""


def _queue(request: AnyRequest, db: Unit, actor: Actor | None, slug: str, lang: str, **context: Any) -> AnyResponse:
    screen = screens.rendering_screen(db, actor, slug, lang, page_number(request.query_params.get("page")))
    engine = machine.engine_from(request.app.state.settings)
    context["engines"] = {i.lang: machine.offered(engine, i.lang, screen.language) for i in screen.items}
    asked = request.query_params.get("machine")
    if asked and "error" not in context:
        try:  # a machine draft of one amendment's words, beside its form
            context["drafted"] = {asked: renderings.machine_rendering(db, engine, actor, slug, asked, lang)}
        except (InvalidInput, Conflict, Forbidden, NotFound) as exc:
            context |= {**failure(exc), "failed_form": f"r{asked}"}
    remembered = request.query_params.get("memory")
    if remembered and "error" not in context:
        try:  # the translation memory for one amendment's words, beside its form
            context["memory"] = {remembered: renderings.rendering_memory(db, actor, slug, remembered, lang)}
        except (InvalidInput, Conflict, Forbidden, NotFound) as exc:
            context |= {**failure(exc), "failed_form": f"r{remembered}"}
    return page(
        request,
        "translations/amendments.html",
        context.pop("status", 200),
        tab="translations",
        process=screen.process,
        screen=screen,
        **context,
    )


@get("/p/{slug:str}/translations/{lang:str}/amendments", include_in_schema=False)
def rendering_queue(request: AnyRequest, db: Db, actor: Who, slug: Slug, lang: Lang) -> AnyResponse:
    return _queue(request, db, actor, slug, lang)


@post("/p/{slug:str}/amendments/{number:str}/renderings/{lang:str}", include_in_schema=False)
def render(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: AmendmentRef, lang: Lang, data: Form[RenderingForm]
) -> AnyResponse | Redirect:
    try:
        done = renderings.set_rendering(
            db, actor, slug, number, lang, SetRendering.build(data.text, data.state, data.base_revision)
        )
    except (InvalidInput, Conflict, Forbidden, NotFound) as exc:
        return _queue(
            request, db, actor, slug, lang, **failure(exc), failed_form=f"r{number}", values={"text": data.text}
        )
    numbered = parse_number(number, amendment=True)
    label = numbered.label(AMENDMENT_MARK) if numbered is not None else number  # as people name it: "A7", "D3"
    flash(
        request,
        _("Amendment %(label)s is rendered.", label=label)
        if done.state == "rendered"
        else _("Amendment %(label)s is rendered and approved.", label=label),
    )
    return see_other(f"/p/{slug}/translations/{lang}/amendments")


HANDLERS = [rendering_queue, render]
