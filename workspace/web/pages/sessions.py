"""Consultation sessions: the list, a new one (typed or imported from a concept note), one session."""

from __future__ import annotations

import re
from typing import Any

from litestar.datastructures import UploadFile
from msgspec.structs import force_setattr

from ...domain.consultations.consultation_commands import SessionFields
from ...domain.errors import N_, ImportFailed, InvalidInput
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
from .common import flash, local_input, offset_label, page, parts
from .forms import Form, PageForm, Upload, chosen, see_other, text_of
from .recommendations import RecommendationOnPage
from .refusals import Sent, shown_again

TIMEZONES = common_timezones()
_OFFSET = re.compile(r"^UTC([+\u2212-])(\d{2}):(\d{2})$")


class SessionOnPage(SessionFields, frozen=True, kw_only=True):
    """A session as its page's form gives it: local times in the zone chosen beside them, organisers as
    comma-separated text and the capacity as typed (the service's `draft` reads them so, every field refused at
    once), a field left empty "".

    The zone is an IANA name, or the offset the session was announced with (`UTC−03:00`), which is written onto the
    times themselves since it is not a zone name.
    """

    title: str = ""
    starts_at: str = ""
    ends_at: str = ""
    organisers: str = ""  # type: ignore[assignment]
    languages: tuple[str, ...] | str | None = None  # type: ignore[assignment]  # one box ticked is text
    capacity: str = ""  # type: ignore[assignment]

    def check(self) -> None:
        match = _OFFSET.match(self.timezone or "")
        if match:
            suffix = f"{'-' if match.group(1) != '+' else '+'}{match.group(2)}:{match.group(3)}"
            force_setattr(self, "timezone", "")
            force_setattr(self, "starts_at", self.starts_at + suffix if self.starts_at else "")
            force_setattr(self, "ends_at", self.ends_at + suffix if self.ends_at else "")


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
    return page(request, "sessions/list.html", tab="sessions", **parts(screen))


def _new_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, values: Sent | None = None, **context: Any
) -> AnyResponse:
    """A new session's form (the process's zone and languages to start with); shown again, as sent."""
    process = process_for_action(db, actor, slug, "record_session")
    typed = {"timezone": process.timezone, "languages": process.languages} if values is None else dict(values)
    return _form(request, process, typed, **context)


@get("/p/{slug:str}/sessions/new", include_in_schema=False)
def session_new(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    return _new_page(request, db, actor, slug)


@post("/p/{slug:str}/sessions/new", include_in_schema=False)
@shown_again(_new_page)
def session_create(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[SessionOnPage]) -> AnyResponse:
    session = consultations.create_session(db, actor, slug, data)
    flash(request, _("The session is recorded."))
    return see_other(f"/p/{slug}/sessions/{session.ref}")


def _import_again(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, status: int, error: str, **_: Any
) -> AnyResponse:
    return _new_page(request, db, actor, slug, status=status, import_error=error)


@post("/p/{slug:str}/sessions/import", include_in_schema=False)
@shown_again(_import_again)
def session_import(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Upload[ConceptNote]) -> AnyResponse:
    """A session from a concept note: Markdown with front matter, as in a process folder's sessions/."""
    filename, text = _read_note(chosen(data.file))
    session = consultations.import_concept_note(db, actor, slug, filename, text)
    flash(request, _("The concept note is imported as a session. Check its details."))
    return see_other(f"/p/{slug}/sessions/{session.ref}")


def _read_note(upload: UploadFile | None) -> tuple[str, str]:
    if upload is None or not upload.filename:
        raise InvalidInput(N_("Choose a concept note file (.md) to import."))
    text, undecoded = text_of(upload.file.read())
    if undecoded:
        raise ImportFailed(upload.filename, undecoded, N_("The file is not UTF-8 text."))
    return upload.filename, text


def _session_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: str, values: Sent | None = None, **context: Any
) -> AnyResponse:
    """A session with its recommendations; shown again, with the recommendation typed (`values`)."""
    screen = screens.session_screen(db, actor, slug, ref)
    values = {"language": screen.process.source_language} if values is None else values
    return page(request, "sessions/detail.html", tab="sessions", values=values, **parts(screen), **context)


@get("/p/{slug:str}/sessions/{ref:str}", include_in_schema=False)
def session_detail(request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: Ref) -> AnyResponse:
    return _session_page(request, db, actor, slug, ref)


def _edit_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: str, values: Sent | None = None, **context: Any
) -> AnyResponse:
    """A session's form, as recorded; shown again, as sent."""
    screen = screens.session_to_edit(db, actor, slug, ref)
    typed = _recorded(screen.session) if values is None else dict(values)
    return _form(request, screen.process, typed, session=screen.session, **context)


def _recorded(s: SessionView) -> dict[str, Any]:
    """A session's fields as its form shows them: its times at the offset it was announced with."""
    return {
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


@get("/p/{slug:str}/sessions/{ref:str}/edit", include_in_schema=False)
def session_edit_form(request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: Ref) -> AnyResponse:
    return _edit_page(request, db, actor, slug, ref)


@post("/p/{slug:str}/sessions/{ref:str}/edit", include_in_schema=False)
@shown_again(_edit_page)
def session_edit(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: Ref, data: Form[SessionOnPage]
) -> AnyResponse:
    consultations.update_session(db, actor, slug, ref, data)
    flash(request, _("The session is saved."))
    return see_other(f"/p/{slug}/sessions/{ref}")


@post("/p/{slug:str}/sessions/{ref:str}/recommendations", include_in_schema=False)
@shown_again(_session_page)
def recommendation_add(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: Ref, data: Form[RecommendationOnPage]
) -> AnyResponse:
    added = consultations.add_recommendation(db, actor, slug, ref, data)
    flash(request, _("Recommendation %(ref)s is added.", ref=added.ref))
    return see_other(f"/p/{slug}/sessions/{ref}#recommendations")
