"""The translators' amendment queue (issue 34): each open amendment to render into a language, its change in the
language it was proposed in beside that language's paragraph, and the rendering saved from there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...domain.amendments.renderings import SetRendering
from ...domain.errors import AccordError, Conflict, Forbidden, InvalidInput, NotFound
from ...domain.paging import page_number
from ...domain.series import AMENDMENT_MARK, parse_number
from ...i18n import gettext as _
from ...services.amendments import renderings
from ...services.screens import translations as screens
from ...services.translations import machine
from ..http import AnyRequest, AnyResponse
from ..params import AmendmentRef, Db, InPath, Slug, Who
from ..routes import get, post
from .common import failure, flash, screen_page
from .forms import Form, see_other
from .refusals import shown_again, tried


def _beside(context: dict[str, Any], key: str, number: str | None, make: Callable[[str], Any]) -> None:
    """What one amendment's form is shown with (`key`: a machine draft, the memory), or why it is not."""
    if number and "error" not in context:
        made = tried(lambda: make(number), (InvalidInput, Conflict, Forbidden, NotFound))
        if isinstance(made, AccordError):
            context |= {**failure(made), "failed_form": f"r{number}"}
        else:
            context[key] = {number: made}


def _queue(request: AnyRequest, db: Db, actor: Who, slug: Slug, lang: str, **context: Any) -> AnyResponse:
    screen = screens.rendering_screen(db, actor, slug, lang, page_number(request.query_params.get("page")))
    engine = machine.engine_from(request.app.state.settings)
    context["engines"] = {i.lang: machine.offered(engine, i.lang, screen.language) for i in screen.items}
    asked = request.query_params.get
    _beside(
        context, "drafted", asked("machine"), lambda n: renderings.machine_rendering(db, engine, actor, slug, n, lang)
    )
    _beside(context, "memory", asked("memory"), lambda n: renderings.rendering_memory(db, actor, slug, n, lang))
    return screen_page(request, "translations/amendments.html", "translations", screen, **context)


@get("/p/{slug:str}/translations/{lang:str}/amendments", include_in_schema=False)
def rendering_queue(request: AnyRequest, db: Db, actor: Who, slug: Slug, lang: InPath) -> AnyResponse:
    return _queue(request, db, actor, slug, lang)


def _render_again(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: str, lang: str, **context: Any
) -> AnyResponse:
    """The queue shown again with the rendering typed beside its amendment, and why it was refused."""
    return _queue(request, db, actor, slug, lang, failed_form=f"r{number}", **context)


@post("/p/{slug:str}/amendments/{number:str}/renderings/{lang:str}", include_in_schema=False)
@shown_again(_render_again)
def render(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: AmendmentRef, lang: InPath, data: Form[SetRendering]
) -> AnyResponse:
    done = renderings.set_rendering(db, actor, slug, number, lang, data)
    numbered = parse_number(number, amendment=True)
    label = numbered.label(AMENDMENT_MARK) if numbered is not None else number  # as people name it: "A7", "D3"
    flash(
        request,
        _("Amendment %(label)s is rendered.", label=label)
        if done.state == "rendered"
        else _("Amendment %(label)s is rendered and approved.", label=label),
    )
    return see_other(f"/p/{slug}/translations/{lang}/amendments")
