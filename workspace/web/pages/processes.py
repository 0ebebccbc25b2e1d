"""Pages of the process list, a new process, a process's overview, settings and activity."""

from __future__ import annotations

from typing import Any

import litestar
from litestar.response import Redirect

from ...domain.consultations.consultations import ProcessDraft, ProcessSettings
from ...domain.errors import Conflict, InvalidInput
from ...domain.vocabulary import LANGUAGES, common_timezones
from ...i18n import ZoneChoices, zone_choices
from ...i18n import gettext as _
from ...services import processes, translations
from ...services.access import require_actor
from ...services.screens import processes as screens
from ..http import AnyRequest, AnyResponse
from ..params import Db, Slug, Who
from ..routes import get, post
from .common import failure, flash, page
from .forms import Form, Many, PageForm, many, see_other

TIMEZONES = common_timezones()  # read once: the list of zones does not change while the server runs


def _zones(values: dict[str, Any]) -> ZoneChoices:
    """The zone select's options: UTC, then every zone by region in the reader's language; the zone the form
    holds is always among them."""
    return zone_choices(TIMEZONES, first=("UTC",), keep=str(values.get("timezone") or ""))


class ProcessForm(PageForm):
    """A process's settings as the form gives them: a title and a place field per language (LANGUAGES)."""

    slug: str = ""
    source_language: str = ""
    languages: Many = many()
    timezone: str = ""
    phase: str = ""
    members_see_emails: str = ""  # a checkbox: absent when not ticked
    positions_public: str = ""  # a checkbox
    title_es: str = ""
    title_en: str = ""
    title_fr: str = ""
    place_es: str = ""
    place_en: str = ""
    place_fr: str = ""


assert {f"{part}_{code}" for part in ("title", "place") for code in LANGUAGES} <= set(ProcessForm.__struct_fields__)


def process_settings(form: ProcessForm) -> ProcessSettings:
    """The settings as the form gives them: a title field per language."""
    return ProcessSettings.build(**_settings_fields(form))


def new_process(form: ProcessForm) -> ProcessDraft:
    return ProcessDraft.build(slug=form.slug, **_settings_fields(form))


def _settings_fields(form: ProcessForm) -> dict[str, Any]:
    values = form.values()
    return {
        "titles": {code: values[f"title_{code}"] for code in LANGUAGES},
        "source_language": form.source_language,
        "languages": list(form.languages),
        "places": {code: values[f"place_{code}"] for code in LANGUAGES},
        "timezone": form.timezone or None,
        "phase": form.phase or None,  # left out: the defaults
        "members_see_emails": bool(form.members_see_emails),
        "positions_public": bool(form.positions_public),
    }


@get("/processes", include_in_schema=False)
def process_list(request: AnyRequest, db: Db, actor: Who) -> AnyResponse:
    return page(request, "processes/list.html", processes=processes.list_processes(db, require_actor(actor)))


@litestar.get("/processes/new", include_in_schema=False, sync_to_thread=False)
def process_new(request: AnyRequest, actor: Who) -> AnyResponse:
    require_actor(actor)
    values = {"source_language": "es", "languages": list(LANGUAGES), "timezone": "UTC"}
    return page(request, "processes/new.html", values=values, zones=_zones(values))


@post("/processes/new", include_in_schema=False)
def process_create(request: AnyRequest, db: Db, actor: Who, data: Form[ProcessForm]) -> AnyResponse | Redirect:
    # Opening a process from the web needs a person: without one the process would have no committee.
    require_actor(actor)
    values = data.values()
    try:
        process = processes.create_process(db, actor, new_process(data))
    except (InvalidInput, Conflict) as exc:
        return page(request, "processes/new.html", **failure(exc), values=values, zones=_zones(values))
    flash(request, _("The process is open. Record its consultation sessions next."))
    return see_other(f"/p/{process.slug}")


@get("/p/{slug:str}", include_in_schema=False)
def process_overview(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    screen = screens.process_overview(db, actor, slug)
    return page(
        request,
        "process/overview.html",
        tab="overview",
        process=screen.process,
        screen=screen,
        translated=translations.latest_progress(db, actor, slug),
    )


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


@get("/p/{slug:str}/edit", include_in_schema=False)
def process_edit_form(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    process = screens.process_for_action(db, actor, slug, "edit_process")
    values = _settings_values(process)
    return page(request, "process/edit.html", tab="settings", process=process, values=values, zones=_zones(values))


@post("/p/{slug:str}/edit", include_in_schema=False)
def process_edit(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[ProcessForm]
) -> AnyResponse | Redirect:
    try:
        processes.update_process(db, actor, slug, process_settings(data))
    except (InvalidInput, Conflict) as exc:
        process = screens.process_for_action(db, actor, slug, "edit_process")
        values = data.values()
        return page(
            request,
            "process/edit.html",
            **failure(exc),
            tab="settings",
            process=process,
            values=values,
            zones=_zones(values),
        )
    flash(request, _("The process is saved."))
    return see_other(f"/p/{slug}")


class ArchiveForm(PageForm):
    archived: str = "1"


@post("/p/{slug:str}/archive", include_in_schema=False)
def archive(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[ArchiveForm]) -> AnyResponse | Redirect:
    archived = data.archived != "0"
    try:
        processes.archive_process(db, actor, slug, archived)
    except Conflict as exc:
        flash(request, str(failure(exc).get("error", "")))
        return see_other(f"/p/{slug}")
    flash(request, _("The process is archived.") if archived else _("The process is in use again."))
    return see_other(f"/p/{slug}")


class DeleteForm(PageForm):
    confirm: str = ""
    keep_published: str = ""  # a checkbox: absent when not ticked


@post("/p/{slug:str}/delete", include_in_schema=False)
def delete_process(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[DeleteForm]
) -> AnyResponse | Redirect:
    """An administrator deletes the process (its slug typed in the overview's dialog): then the list of processes."""
    try:
        done = processes.delete_process(db, actor, slug, data.confirm.strip(), bool(data.keep_published))
    except InvalidInput as exc:
        flash(request, str(failure(exc).get("error", "")))
        return see_other(f"/p/{slug}")
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
    return page(request, "process/activity.html", tab="activity", process=screen.process, screen=screen)


HANDLERS = [
    process_list,
    process_new,
    process_create,
    process_overview,
    process_edit_form,
    process_edit,
    archive,
    delete_process,
    activity,
]
