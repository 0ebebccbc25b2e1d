"""The submissions page (issue 33): the committee opens a window and compiles what was proposed in it; a delegate
proposes new wording, a new paragraph or a deletion on behalf of their delegation; and a version's provenance."""

from __future__ import annotations

from functools import partial
from typing import Any

from ...domain.errors import AccordError
from ...domain.paging import page_number
from ...domain.submissions.submissions import CompileSubmissions, OpenWindow, RenderSubmission, Submit
from ...i18n import gettext as _
from ...i18n import ngettext
from ...services import submissions
from ...services.screens import submissions as screens
from ...services.submissions import machine as proposal_machine
from ...services.translations import machine
from ..http import AnyRequest, AnyResponse
from ..params import Db, Number, Slug, VersionRef, Who
from ..routes import get, post
from .common import failure, flash, screen_page
from .forms import Form, see_other
from .refusals import REFUSED, shown_again, tried

BASE = "/p/{slug:str}/submissions"


def _page(request: AnyRequest, db: Db, actor: Who, slug: Slug, **context: Any) -> AnyResponse:
    query = request.query_params
    screen = screens.submissions_screen(
        db, actor, slug, query.get("delegation") or None, page_number(query.get("page"))
    )
    engine = machine.engine_from(request.app.state.settings)
    source = screen.process.source_language
    # Which languages a proposal's rendering into the source can be drafted from here (a link beside its box).
    context["engines"] = {code: machine.offered(engine, code, source) for code in screen.process.languages}
    asked = query.get("machine")
    if asked and asked.isdigit() and "error" not in context:
        made = tried(lambda: proposal_machine.machine_rendering(db, engine, actor, slug, int(asked)), REFUSED)
        if isinstance(made, AccordError):
            context |= {**failure(made), "failed_form": f"s{asked}"}
        else:
            context["drafted"] = {int(asked): made}
    return screen_page(request, "amendments/submissions.html", "amendments", screen, **context)


@get(BASE, include_in_schema=False)
def submissions_page(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    return _page(request, db, actor, slug)


@post(BASE + "/windows", include_in_schema=False)
@shown_again(partial(_page, failed_form="window"))
def open_window(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[OpenWindow]) -> AnyResponse:
    """The window's dates and times as a datetime-local field gives them: on the process's clock."""
    submissions.open_window(db, actor, slug, data)
    flash(request, _("The submission window is open."))
    return see_other(f"/p/{slug}/submissions")


@post(BASE, include_in_schema=False)
@shown_again(partial(_page, failed_form="proposal"))
def propose(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[Submit]) -> AnyResponse:
    made = submissions.submit(db, actor, slug, data)
    flash(request, _("Proposal %(number)s is filed.", number=made.number))
    return see_other(f"/p/{slug}/submissions#s{made.number}")


def _rendering_again(request: AnyRequest, db: Db, actor: Who, slug: Slug, number: int, **context: Any) -> AnyResponse:
    return _page(request, db, actor, slug, failed_form=f"s{number}", **context)


@post(BASE + "/{number:int}/rendering", include_in_schema=False)
@shown_again(_rendering_again)
def render(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, number: Number, data: Form[RenderSubmission]
) -> AnyResponse:
    """The committee's rendering into the source language of a proposal written in another edition."""
    submissions.render_submission(db, actor, slug, number, data)
    flash(request, _("Proposal %(number)s is rendered.", number=number))
    return see_other(f"/p/{slug}/submissions#s{number}")


@post(BASE + "/compile", include_in_schema=False)
@shown_again(partial(_page, failed_form="compile"))
def compile_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[CompileSubmissions]) -> AnyResponse:
    done = submissions.compile_submissions(db, actor, slug, data)
    count = len(done.paragraphs)
    flash(
        request,
        ngettext(
            "%(num)s proposal compiled into the working draft.",
            "%(num)s proposals compiled into the working draft.",
            count,
        ),
    )
    return see_other(f"/p/{slug}/declaration/draft")


@get("/p/{slug:str}/declaration/versions/{ref:str}/provenance", include_in_schema=False)
def provenance_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: VersionRef) -> AnyResponse:
    query = request.query_params
    screen = screens.provenance_screen(db, actor, slug, ref, page_number(query.get("page")), query.get("at") or None)
    return screen_page(request, "declaration/provenance.html", "declaration", screen, ref=ref, window=screen.window)
