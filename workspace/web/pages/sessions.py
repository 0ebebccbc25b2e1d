"""Consultation sessions: the list, a new one (typed or imported from a concept note), one session."""

from __future__ import annotations

from typing import Any

from litestar.datastructures import UploadFile
from litestar.response import Redirect

from ...domain.errors import N_, Conflict, ImportFailed, InvalidInput
from ...domain.vocabulary import common_timezones
from ...i18n import ZoneChoices, zone_choices
from ...i18n import gettext as _
from ...services import consultations
from ...services.consultations.views import SessionView
from ...services.processes.views import ProcessView
from ...services.screens import consultations as screens
from ...services.screens.processes import process_for_action
from ..http import AnyRequest, AnyResponse
from ..params import Db, Ref, Slug, Who
from ..routes import get, post
from .common import failure, flash, local_input, offset_label, page
from .forms import (
    Form,
    PageForm,
    RecommendationForm,
    SessionForm,
    Upload,
    chosen,
    see_other,
)

TIMEZONES = common_timezones()


class ConceptNote(PageForm):
    file: UploadFile | None = None


def _announced(announced: int | None) -> list[tuple[str, str]]:
    """(value, label) of the offset the session was announced at, first in the zone select when editing."""
    if announced is None:
        return []
    return [(offset_label(announced), _("%(offset)s, as announced", offset=offset_label(announced)))]


def _zones(process: ProcessView) -> ZoneChoices:
    """The process's zone, then every zone by region, named in the reader's language."""
    return zone_choices(TIMEZONES, first=(process.timezone,))


def _form(
    request: AnyRequest,
    process: ProcessView,
    values: dict[str, Any],
    *,
    session: SessionView | None = None,
    **context: Any,
) -> AnyResponse:
    return page(
        request,
        "sessions/form.html",
        tab="sessions",
        process=process,
        values=values,
        announced=_announced(session.utc_offset_minutes if session else None),
        zones=_zones(process),
        session=session,
        **context,
    )


@get("/p/{slug:str}/sessions", include_in_schema=False)
def session_list(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    screen = screens.process_sessions(db, actor, slug)
    return page(request, "sessions/list.html", tab="sessions", process=screen.process, sessions=screen.sessions)


@get("/p/{slug:str}/sessions/new", include_in_schema=False)
def session_new(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    process = process_for_action(db, actor, slug, "record_session")
    return _form(request, process, {"timezone": process.timezone, "languages": process.languages})


@post("/p/{slug:str}/sessions/new", include_in_schema=False)
def session_create(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[SessionForm]
) -> AnyResponse | Redirect:
    try:
        session = consultations.create_session(db, actor, slug, data.fields())
    except (InvalidInput, Conflict) as exc:
        process = process_for_action(db, actor, slug, "record_session")
        return _form(request, process, data.values(), **failure(exc))
    flash(request, _("The session is recorded."))
    return see_other(f"/p/{slug}/sessions/{session.ref}")


@post("/p/{slug:str}/sessions/import", include_in_schema=False)
def session_import(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Upload[ConceptNote]
) -> AnyResponse | Redirect:
    """A session from a concept note: Markdown with front matter, as in a process folder's sessions/."""
    try:
        filename, text = _read_note(chosen(data.file))
        session = consultations.import_concept_note(db, actor, slug, filename, text)
    except (InvalidInput, Conflict) as exc:
        process = process_for_action(db, actor, slug, "record_session")
        values = {"timezone": process.timezone, "languages": process.languages}
        context = failure(exc)
        return _form(request, process, values, status=context["status"], import_error=context["error"])
    flash(request, _("The concept note is imported as a session. Check its details."))
    return see_other(f"/p/{slug}/sessions/{session.ref}")


def _read_note(upload: UploadFile | None) -> tuple[str, str]:
    if upload is None or not upload.filename:
        raise InvalidInput(N_("Choose a concept note file (.md) to import."))
    raw = upload.file.read()
    try:
        return upload.filename, raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFailed(upload.filename, line, N_("The file is not UTF-8 text.")) from None


@get("/p/{slug:str}/sessions/{ref:str}", include_in_schema=False)
def session_detail(request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: Ref) -> AnyResponse:
    screen = screens.session_screen(db, actor, slug, ref)
    return page(
        request,
        "sessions/detail.html",
        tab="sessions",
        process=screen.process,
        session=screen.session,
        recommendations=screen.recommendations,
        values={"language": screen.process.source_language},
    )


@get("/p/{slug:str}/sessions/{ref:str}/edit", include_in_schema=False)
def session_edit_form(request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: Ref) -> AnyResponse:
    screen = screens.session_to_edit(db, actor, slug, ref)
    s = screen.session
    values = {
        "title": s.title,
        "starts_at": local_input(s.starts_at, s.utc_offset_minutes),
        "ends_at": local_input(s.ends_at, s.utc_offset_minutes),
        "timezone": offset_label(s.utc_offset_minutes),
        "place": s.place,
        "platform": s.platform,
        "organisers": ", ".join(s.organisers),
        "languages": s.languages,
        "capacity": "" if s.capacity is None else str(s.capacity),
        "theme": s.theme,
        "summary": s.summary,
    }
    return _form(request, screen.process, values, session=s)


@post("/p/{slug:str}/sessions/{ref:str}/edit", include_in_schema=False)
def session_edit(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: Ref, data: Form[SessionForm]
) -> AnyResponse | Redirect:
    try:
        consultations.update_session(db, actor, slug, ref, data.fields())
    except (InvalidInput, Conflict) as exc:
        screen = screens.session_to_edit(db, actor, slug, ref)
        return _form(request, screen.process, data.values(), session=screen.session, **failure(exc))
    flash(request, _("The session is saved."))
    return see_other(f"/p/{slug}/sessions/{ref}")


@post("/p/{slug:str}/sessions/{ref:str}/recommendations", include_in_schema=False)
def recommendation_add(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: Ref, data: Form[RecommendationForm]
) -> AnyResponse | Redirect:
    values = data.values()
    try:
        added = consultations.add_recommendation(db, actor, slug, ref, data.fields())
    except (InvalidInput, Conflict) as exc:
        screen = screens.session_screen(db, actor, slug, ref)
        return page(
            request,
            "sessions/detail.html",
            **failure(exc),
            tab="sessions",
            process=screen.process,
            session=screen.session,
            recommendations=screen.recommendations,
            values=values,
        )
    flash(request, _("Recommendation %(ref)s is added.", ref=added.ref))
    return see_other(f"/p/{slug}/sessions/{ref}#recommendations")


HANDLERS = [
    session_list,
    session_new,
    session_create,
    session_import,
    session_detail,
    session_edit_form,
    session_edit,
    recommendation_add,
]
