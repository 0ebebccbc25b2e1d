"""Pages of the declaration: the current text, the working draft, versions, compare, history, coverage, import."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template

from ...domain.errors import N_, Conflict, ImportFailed, InvalidInput, NotFound
from ...i18n import gettext as _
from ...services import coverage, draft, version_import
from ...services import declaration_screens as screens
from ...services.unit import Store
from ...services.views import Actor
from ..routes import get, post
from .common import failure, flash, page
from .forms import Form, Upload, first, see_other

BASE = "/p/{slug:str}/declaration"


@get(BASE, include_in_schema=False)
def declaration(request: Request, db: Store, actor: Actor | None, slug: str) -> Template:
    screen = screens.declaration_screen(db, actor, slug)
    return page(request, "declaration/index.html", tab="declaration", process=screen.process, versions=screen.versions, current=screen.current)


def _draft_page(request: Request, db: Store, actor: Actor | None, slug: str, status: int = 200, **context: Any) -> Template:
    screen = screens.draft_screen(db, actor, slug)
    return page(request, "declaration/draft.html", status, tab="declaration", process=screen.process,
                draft=screen.draft, versions=screen.versions, **context)


@get(BASE + "/draft", include_in_schema=False)
def draft_page(request: Request, db: Store, actor: Actor | None, slug: str) -> Template:
    return _draft_page(request, db, actor, slug)


@post(BASE + "/draft/add", include_in_schema=False)
def draft_add(request: Request, db: Store, actor: Actor | None, slug: str, data: Form) -> Template | Redirect:
    values = {"kind": first(data, "kind"), "text": first(data, "text"), "after": first(data, "after")}
    try:
        added = draft.add_paragraph(db, actor, slug, values)
    except (InvalidInput, NotFound) as exc:
        return _draft_page(request, db, actor, slug, **failure(exc), failed_form="add", values=values)
    flash(request, _("Paragraph %(eid)s added.", eid=added.eid))
    return see_other(f"/p/{slug}/declaration/draft#{added.eid}")


@post(BASE + "/draft/{eid:str}/edit", include_in_schema=False)
def draft_edit(request: Request, db: Store, actor: Actor | None, slug: str, eid: str, data: Form) -> Template | Redirect:
    values = {"text": first(data, "text"), "base_revision": first(data, "base_revision"), "kind": first(data, "kind"), "note": first(data, "note")}
    try:
        draft.edit_paragraph(db, actor, slug, eid, values)
    except Conflict as exc:
        # Keep what the person typed, show what changed meanwhile, and let them save on the current text.
        return _draft_page(request, db, actor, slug, **failure(exc), failed_form=f"edit-{eid}", stale=exc.detail, values=values)
    except InvalidInput as exc:
        return _draft_page(request, db, actor, slug, **failure(exc), failed_form=f"edit-{eid}", values=values)
    flash(request, _("Paragraph %(eid)s saved.", eid=eid))
    return see_other(f"/p/{slug}/declaration/draft#{eid}")


@post(BASE + "/draft/{eid:str}/move", include_in_schema=False)
def draft_move(request: Request, db: Store, actor: Actor | None, slug: str, eid: str, data: Form) -> Template | Redirect:
    try:
        draft.move_paragraph(db, actor, slug, eid, {"after": first(data, "after")})
    except InvalidInput as exc:
        return _draft_page(request, db, actor, slug, **failure(exc), failed_form=f"move-{eid}")
    flash(request, _("Paragraph %(eid)s moved.", eid=eid))
    return see_other(f"/p/{slug}/declaration/draft#{eid}")


@post(BASE + "/draft/{eid:str}/delete", include_in_schema=False)
def draft_delete(request: Request, db: Store, actor: Actor | None, slug: str, eid: str, data: Form) -> Template | Redirect:
    try:
        draft.delete_paragraph(db, actor, slug, eid, {"base_revision": first(data, "base_revision")})
    except Conflict as exc:
        return _draft_page(request, db, actor, slug, **failure(exc), failed_form=f"edit-{eid}", stale=exc.detail)
    flash(request, _("Paragraph %(eid)s deleted.", eid=eid))
    return see_other(f"/p/{slug}/declaration/draft")


@post(BASE + "/draft/circulate", include_in_schema=False)
def draft_circulate(request: Request, db: Store, actor: Actor | None, slug: str, data: Form) -> Template | Redirect:
    values = {"label": first(data, "label"), "date": first(data, "date"), "note": first(data, "note")}
    try:
        version = draft.circulate(db, actor, slug, values)
    except (InvalidInput, Conflict) as exc:
        return _draft_page(request, db, actor, slug, **failure(exc), failed_form="circulate", values=values)
    flash(request, _("Version %(label)s circulated.", label=version.label))
    return see_other(f"/p/{slug}/declaration/versions/{version.number}")


@get(BASE + "/versions/{ref:str}", include_in_schema=False)
def version_page(request: Request, db: Store, actor: Actor | None, slug: str, ref: str) -> Template:
    screen = screens.version_screen(db, actor, slug, ref)
    return page(request, "declaration/version.html", tab="declaration", process=screen.process, version=screen.version, versions=screen.versions)


@get(BASE + "/compare", include_in_schema=False)
def compare_page(
    request: Request, db: Store, actor: Actor | None, slug: str, old: str | None = None, new: str | None = None,
    view: str = "inline", all: bool = False,
) -> Template:
    screen = screens.compare_screen(db, actor, slug, old, new)
    if not (old and new) and len(screen.versions) >= 2:
        old, new = str(screen.versions[-2].number), str(screen.versions[-1].number)
        screen = screens.compare_screen(db, actor, slug, old, new)
    return page(request, "declaration/compare.html", tab="declaration", process=screen.process, versions=screen.versions,
                compare=screen.compare, old=old, new=new, view="sides" if view == "sides" else "inline", show_all=all)


@get(BASE + "/paragraphs/{eid:str}", include_in_schema=False)
def history_page(request: Request, db: Store, actor: Actor | None, slug: str, eid: str) -> Template:
    screen = screens.history_screen(db, actor, slug, eid)
    return page(request, "declaration/history.html", tab="declaration", process=screen.process, history=screen.history)


@get(BASE + "/coverage", include_in_schema=False)
def coverage_page(request: Request, db: Store, actor: Actor | None, slug: str) -> Template:
    screen = screens.coverage_screen(db, actor, slug)
    return page(request, "declaration/coverage.html", tab="declaration", process=screen.process, coverage=screen.coverage)


@post(BASE + "/links", include_in_schema=False)
def link(request: Request, db: Store, actor: Actor | None, slug: str, data: Form) -> Redirect:
    ref, eid = first(data, "ref"), first(data, "eid").strip()
    if first(data, "remove"):
        coverage.unlink_recommendation(db, actor, slug, ref, eid)
        flash(request, _("Recommendation %(ref)s is no longer linked to %(eid)s.", ref=ref, eid=eid))
    else:
        coverage.link_recommendation(db, actor, slug, ref, eid)
        flash(request, _("Recommendation %(ref)s is linked to %(eid)s.", ref=ref, eid=eid))
    return see_other(f"/p/{slug}/recommendations/{ref}")


@get(BASE + "/import", include_in_schema=False)
def import_form(request: Request, db: Store, actor: Actor | None, slug: str) -> Template:
    screen = screens.draft_screen(db, actor, slug)
    return page(request, "declaration/import.html", tab="declaration", process=screen.process, result=None, values={})


def _upload_text(data: dict[str, Any]) -> tuple[str, str]:
    upload = data.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        raw = upload.file.read()
        try:
            return upload.filename, raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(N_("The file is not UTF-8 text.")) from None
    text = str(data.get("text") or "")
    if not text.strip():
        raise InvalidInput(N_("Choose a Markdown file to import."), detail={"field": "file"})
    return str(data.get("filename") or "declaration.md"), text


@post(BASE + "/import", include_in_schema=False)
def import_version(request: Request, db: Store, actor: Actor | None, slug: str, data: Upload) -> Template | Redirect:
    """First a preview (the matching and the changes); then the same text again with `confirm` saves it."""
    values = {"label": str(data.get("label") or "")}
    confirm = bool(data.get("confirm"))
    try:
        filename, text = _upload_text(data)
        result = version_import.import_version(db, actor, slug, filename, text, label=values["label"] or None, preview=not confirm)
    except (InvalidInput, ImportFailed, Conflict) as exc:
        screen = screens.draft_screen(db, actor, slug)
        return page(request, "declaration/import.html", tab="declaration", process=screen.process, result=None, values=values, **failure(exc))
    if confirm:
        flash(request, _("Version %(label)s imported and circulated.", label=result.label))
        return see_other(f"/p/{slug}/declaration/versions/{result.version}")
    screen = screens.draft_screen(db, actor, slug)
    return page(request, "declaration/import.html", tab="declaration", process=screen.process, result=result,
                values={**values, "label": result.label}, filename=filename, text=text)


HANDLERS = [
    declaration, draft_page, draft_add, draft_edit, draft_move, draft_delete, draft_circulate, version_page,
    compare_page, history_page, coverage_page, link, import_form, import_version,
]
