"""Pages of the process list, a new process, a process's overview, settings and activity."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import litestar
import msgspec
from msgspec.structs import force_setattr

from ...domain.consultations.consultations import (
    FormLanguages,
    Language,
    PerLanguage,
    ProcessDraft,
    ProcessSettings,
    ProcessSlug,
    Titles,
)
from ...domain.values import MAX_LINE, MAX_PLACE
from ...domain.vocabulary import LANGUAGES, common_timezones
from ...i18n import ZoneChoices, zone_choices
from ...i18n import gettext as _
from ...services import processes, translations
from ...services.access import require_actor
from ...services.screens import processes as screens
from ..http import AnyRequest, AnyResponse
from ..params import Db, Slug, Who
from ..routes import get, post
from .common import flash, page, screen_page
from .forms import Form, PageForm, see_other
from .refusals import Sent, refusal_of, shown_again

TIMEZONES = common_timezones()  # read once: the list of zones does not change while the server runs


def _zones(values: dict[str, Any]) -> ZoneChoices:
    """The zone select's options: UTC, then every zone by region in the reader's language; the zone the form
    holds is always among them."""
    return zone_choices(TIMEZONES, first=("UTC",), keep=str(values.get("timezone") or ""))


def _per_language(form: ProcessSettings) -> None:
    """The titles and places of the form's field per language, checked as the API's `titles` and `places`."""
    fields = msgspec.structs.asdict(form)
    for part, name, limit in (("title", "titles", MAX_LINE), ("place", "places", MAX_PLACE)):
        given = PerLanguage(limit)({code: fields[f"{part}_{code}"] for code in LANGUAGES}, name)
        force_setattr(form, name, given)


class SettingsOnPage(ProcessSettings, frozen=True, kw_only=True):
    """A process's settings as the settings page's form gives them: a title and a place field per language
    (LANGUAGES), ticked boxes "true"."""

    titles: Titles = {}  # noqa: RUF012 - made of the fields below
    source_language: Language = ""
    languages: FormLanguages = None  # type: ignore[assignment]
    title_es: str = ""
    title_en: str = ""
    title_fr: str = ""
    place_es: str = ""
    place_en: str = ""
    place_fr: str = ""

    def check(self) -> None:
        _per_language(self)
        super().check()


class NewOnPage(ProcessDraft, frozen=True, kw_only=True):
    """A new process as its page's form gives it: its slug, and its settings as the settings page gives them."""

    slug: ProcessSlug = ""
    titles: Titles = {}  # noqa: RUF012 - made of the fields below
    source_language: Language = ""
    languages: FormLanguages = None  # type: ignore[assignment]
    title_es: str = ""
    title_en: str = ""
    title_fr: str = ""
    place_es: str = ""
    place_en: str = ""
    place_fr: str = ""

    def check(self) -> None:
        _per_language(self)
        super().check()


assert {f"{part}_{code}" for part in ("title", "place") for code in LANGUAGES} <= set(NewOnPage.__struct_fields__)


@get("/processes", include_in_schema=False)
def process_list(request: AnyRequest, db: Db, actor: Who) -> AnyResponse:
    return page(request, "processes/list.html", processes=processes.list_processes(db, require_actor(actor)))


def _new_page(request: AnyRequest, values: Sent, **context: Any) -> AnyResponse:
    """A new process's form; shown again, as sent, with why it was refused."""
    return page(request, "processes/new.html", **refusal_of(context), values=values, zones=_zones(dict(values)))


@litestar.get("/processes/new", include_in_schema=False, sync_to_thread=False)
def process_new(request: AnyRequest, actor: Who) -> AnyResponse:
    require_actor(actor)
    return _new_page(request, {"source_language": "es", "languages": list(LANGUAGES), "timezone": "UTC"})


@post("/processes/new", include_in_schema=False)
@shown_again(_new_page)
def process_create(request: AnyRequest, db: Db, actor: Who, data: Form[NewOnPage]) -> AnyResponse:
    # Opening a process from the web needs a person: without one the process would have no committee.
    process = processes.create_process(db, require_actor(actor), data)
    flash(request, _("The process is open. Record its consultation sessions next."))
    return see_other(f"/p/{process.slug}")


def _overview(request: AnyRequest, db: Db, actor: Who, slug: Slug, **context: Any) -> AnyResponse:
    screen = screens.process_overview(db, actor, slug)
    translated = translations.latest_progress(db, actor, slug)
    return screen_page(request, "process/overview.html", "overview", screen, translated=translated, **context)


@get("/p/{slug:str}", include_in_schema=False)
def process_overview(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    return _overview(request, db, actor, slug)


def _settings_values(process: Any) -> dict[str, Any]:
    return {
        "source_language": process.source_language,
        "languages": process.languages,
        "timezone": process.timezone,
        "phase": process.phase,
        "members_see_emails": process.members_see_emails,
        "positions_public": process.positions_public,
        **{f"title_{code}": process.titles.get(code, "") for code in LANGUAGES},
        **{f"place_{code}": process.places.get(code, "") for code in LANGUAGES},
    }


def _settings_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, values: Sent | None = None, **context: Any
) -> AnyResponse:
    """The process's settings; shown again, as sent (`values`), with why they were refused."""
    process = screens.process_for_action(db, actor, slug, "edit_process")
    values = _settings_values(process) if values is None else values
    return page(
        request,
        "process/edit.html",
        **refusal_of(context),
        tab="settings",
        process=process,
        values=values,
        zones=_zones(dict(values)),
    )


@get("/p/{slug:str}/edit", include_in_schema=False)
def process_edit_form(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    return _settings_page(request, db, actor, slug)


@post("/p/{slug:str}/edit", include_in_schema=False)
@shown_again(_settings_page)
def process_edit(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[SettingsOnPage]) -> AnyResponse:
    processes.update_process(db, actor, slug, data)
    flash(request, _("The process is saved."))
    return see_other(f"/p/{slug}")


def _on_overview(said: int) -> Callable[..., AnyResponse]:
    """A refused archive or deletion: the refusal of status `said` (409 archived already, 422 a slug mistyped) said
    above the process's overview, any other shown with it."""

    def again(request: AnyRequest, db: Db, actor: Who, slug: Slug, status: int, error: str, **_: Any) -> AnyResponse:
        if status != said:
            return _overview(request, db, actor, slug, status=status, error=error)
        flash(request, error)
        return see_other(f"/p/{slug}")

    return again


class ArchiveForm(PageForm):
    archived: str = "1"


@post("/p/{slug:str}/archive", include_in_schema=False)
@shown_again(_on_overview(409))
def archive(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[ArchiveForm]) -> AnyResponse:
    archived = data.archived != "0"
    processes.archive_process(db, actor, slug, archived)
    flash(request, _("The process is archived.") if archived else _("The process is in use again."))
    return see_other(f"/p/{slug}")


class DeleteForm(PageForm):
    confirm: str = ""
    keep_published: str = ""  # a checkbox: absent when not ticked


@post("/p/{slug:str}/delete", include_in_schema=False)
@shown_again(_on_overview(422))
def delete_process(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[DeleteForm]) -> AnyResponse:
    """An administrator deletes the process (its slug typed in the overview's dialog): then the list of processes."""
    done = processes.delete_process(db, actor, slug, data.confirm.strip(), bool(data.keep_published))
    flash(
        request,
        _("The process “%(slug)s” is deleted; its publications stay public.", slug=slug)
        if done.keep_published
        else _("The process “%(slug)s” is deleted, and everything it held is being removed.", slug=slug),
    )
    return see_other("/processes")


@get("/p/{slug:str}/activity", include_in_schema=False)
def activity(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    screen = screens.activity_screen(db, actor, slug)
    return screen_page(request, "process/activity.html", "activity", screen)
