"""Pages of the declaration: the current text, the working draft, versions, compare, history, coverage, import."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from litestar import Request, Response
from litestar.datastructures import UploadFile
from litestar.response import Redirect

from ...domain.declaration_commands import (
    AddParagraph,
    Circulate,
    DeleteParagraph,
    EditParagraph,
    ImportVersion,
    MoveParagraph,
    RestoreParagraph,
    SetVersionLabels,
)
from ...domain.errors import N_, Conflict, ImportFailed, InvalidInput, NotFound
from ...domain.paging import page_number
from ...domain.vocabulary import LANGUAGES
from ...domain.word_reading import MAX_DOCX
from ...i18n import gettext as _
from ...services import comments
from ...services.actor import Actor
from ...services.declaration import coverage, draft, importing, screens, versions
from ...services.unit import Unit
from ..params import Db, Eid, FromQuery, Slug, VersionRef, Who
from ..routes import get, post
from .common import failure, flash, page
from .forms import RawForm as Form, RawUpload as Upload, first, see_other

BASE = "/p/{slug:str}/declaration"


def _order(data: dict[str, Any]) -> int | None:
    """The draft order revision the form was rendered with, if it says."""
    value = first(data, "base_order")
    return int(value) if value.isdigit() else None


def _conflict(exc: Conflict, eid: str | None) -> dict[str, Any]:
    """Where a 409 on the draft page opens (the paragraph concerned) and who changed the draft when."""
    detail = exc.detail if isinstance(exc.detail, dict) else {}
    return {"eid": eid or detail.get("eid"), "changed_by": detail.get("changed_by"), "changed_at": detail.get("changed_at")}


@get(BASE, include_in_schema=False)
def declaration(request: Request, db: Db, actor: Who, slug: Slug) -> Response:
    screen = screens.declaration_screen(db, actor, slug, *_place(request))
    return page(request, "declaration/index.html", tab="declaration", process=screen.process, versions=screen.versions, current=screen.current,
                window=screen.window)


def _place(request: Request) -> tuple[int | None, str | None]:
    """Which page of a long text: `page`, or the one holding paragraph `at`."""
    return page_number(request.query_params.get("page")), request.query_params.get("at") or None


def _draft_page(request: Request, db: Unit, actor: Actor | None, slug: str, status: int = 200, at: str | None = None,
                **context: Any) -> Response:
    number, asked = _place(request)
    screen = screens.draft_screen(db, actor, slug, number, asked or at)
    return page(request, "declaration/draft.html", status, tab="declaration", process=screen.process,
                draft=screen.draft, versions=screen.versions, window=screen.window, **context)


@get(BASE + "/draft", include_in_schema=False)
def draft_page(request: Request, db: Db, actor: Who, slug: Slug) -> Response:
    return _draft_page(request, db, actor, slug)


@post(BASE + "/draft/add", include_in_schema=False)
def draft_add(request: Request, db: Db, actor: Who, slug: Slug, data: Form) -> Response | Redirect:
    values = {"kind": first(data, "kind"), "text": first(data, "text"), "after": first(data, "after"),
              "depth": first(data, "depth"), "marker": first(data, "marker")}
    try:
        added = draft.add_paragraph(db, actor, slug, AddParagraph.build(values["kind"], values["text"], values["after"] or None,
                                                                          _order(data), values["depth"] or 0, values["marker"]))
    except Conflict as exc:
        # The order changed meanwhile: the page opens at the paragraph the new one was to follow.
        return _draft_page(request, db, actor, slug, **failure(exc), failed_form="add", values=values, at=values["after"] or None,
                           conflict=_conflict(exc, values["after"]))
    except (InvalidInput, NotFound) as exc:
        return _draft_page(request, db, actor, slug, **failure(exc), failed_form="add", values=values, at=values["after"] or None)
    flash(request, _("Paragraph %(eid)s added.", eid=added.eid))
    return see_other(f"/p/{slug}/declaration/draft?at={added.eid}#{added.eid}")


def _paragraph_page(request: Request, db: Unit, actor: Actor | None, slug: str, eid: str, status: int = 200,
                    **context: Any) -> Response:
    screen = screens.draft_paragraph_screen(db, actor, slug, eid)
    return page(request, "declaration/paragraph.html", status, tab="declaration", process=screen.process,
                paragraph=screen.paragraph, others=screen.others, order=screen.order, language=screen.language,
                choices=screen.choices, **context)


@get(BASE + "/draft/{eid:str}", include_in_schema=False)
def paragraph_page(request: Request, db: Db, actor: Who, slug: Slug, eid: Eid) -> Response:
    """One paragraph's forms, loaded when asked: the draft page stays the size of the text."""
    return _paragraph_page(request, db, actor, slug, eid)


@post(BASE + "/draft/{eid:str}/edit", include_in_schema=False)
def draft_edit(request: Request, db: Db, actor: Who, slug: Slug, eid: Eid, data: Form) -> Response | Redirect:
    text, base, kind, note = first(data, "text"), first(data, "base_revision"), first(data, "kind"), first(data, "note")
    editorial = bool(first(data, "editorial"))
    # Its place in the lists: kept when the form does not say (absent fields), else as chosen.
    depth, marker = first(data, "depth") or None, (first(data, "marker").strip() if "marker" in data else None)
    values = {"text": text, "base_revision": base, "kind": kind, "note": note, "editorial": editorial, "depth": depth, "marker": marker}
    try:
        draft.edit_paragraph(db, actor, slug, eid, EditParagraph.build(base, text, kind or None, note, editorial, depth, marker))
    except Conflict as exc:
        # The three texts (theirs now, the person's, the one both started from), and both changes combined
        # where they touch different words; the form is then based on the current text, so saving is a
        # deliberate choice, never a blind "save again".
        detail = exc.detail or {}
        if detail.get("merged") is not None:
            values = {**values, "text": detail["merged"]}
        return _paragraph_page(request, db, actor, slug, eid, **failure(exc), stale=detail, values=values)
    except InvalidInput as exc:
        return _paragraph_page(request, db, actor, slug, eid, **failure(exc), values=values)
    flash(request, _("Paragraph %(eid)s saved.", eid=eid))
    return see_other(f"/p/{slug}/declaration/draft?at={eid}#{eid}")


@post(BASE + "/draft/{eid:str}/move", include_in_schema=False)
def draft_move(request: Request, db: Db, actor: Who, slug: Slug, eid: Eid, data: Form) -> Response | Redirect:
    try:
        draft.move_paragraph(db, actor, slug, eid, MoveParagraph.build(first(data, "after") or None, _order(data)))
    except (InvalidInput, Conflict) as exc:
        return _paragraph_page(request, db, actor, slug, eid, **failure(exc))
    flash(request, _("Paragraph %(eid)s moved.", eid=eid))
    return see_other(f"/p/{slug}/declaration/draft?at={eid}#{eid}")


@post(BASE + "/draft/{eid:str}/delete", include_in_schema=False)
def draft_delete(request: Request, db: Db, actor: Who, slug: Slug, eid: Eid, data: Form) -> Response | Redirect:
    try:
        draft.delete_paragraph(db, actor, slug, eid, DeleteParagraph.build(first(data, "base_revision")))
    except Conflict as exc:
        if exc.detail and exc.detail.get("current_text") is None:  # deleted meanwhile: nothing left to show
            return _draft_page(request, db, actor, slug, **failure(exc), conflict=_conflict(exc, eid), at=eid)
        return _paragraph_page(request, db, actor, slug, eid, **failure(exc), stale=exc.detail)
    flash(request, _("Paragraph %(eid)s deleted.", eid=eid))
    return see_other(f"/p/{slug}/declaration/draft")


@post(BASE + "/draft/circulate", include_in_schema=False)
def draft_circulate(request: Request, db: Db, actor: Who, slug: Slug, data: Form) -> Response | Redirect:
    values = {"label": first(data, "label"), "date": first(data, "date"), "note": first(data, "note"), **_labels(data)}
    try:
        version = draft.circulate(db, actor, slug, Circulate.build(values["label"], values["date"] or None, values["note"],
                                                                   _by_language(_labels(data))))
    except (InvalidInput, Conflict) as exc:
        return _draft_page(request, db, actor, slug, **failure(exc), failed_form="circulate", values=values)
    flash(request, _("Version %(label)s circulated.", label=version.label))
    return see_other(f"/p/{slug}/declaration/versions/{version.number}")


def _labels(data: Form) -> dict[str, str]:
    """The form's `label_en`, `label_fr` … (a version's names in the other languages), as typed."""
    return {key: first(data, key) for key in data if key.startswith("label_") and key.removeprefix("label_") in LANGUAGES}


def _by_language(values: dict[str, str]) -> dict[str, str]:
    return {key.removeprefix("label_"): value for key, value in values.items()}


@post(BASE + "/versions/{ref:str}/labels", include_in_schema=False)
def version_labels(request: Request, db: Db, actor: Who, slug: Slug, ref: VersionRef, data: Form) -> Response | Redirect:
    values = _labels(data)
    try:
        view = versions.set_version_labels(db, actor, slug, ref, SetVersionLabels.build(_by_language(values)))
    except (InvalidInput, Conflict) as exc:
        return _version_page(request, db, actor, slug, ref, **failure(exc), failed_form="labels", values=values)
    flash(request, _("The names of %(label)s are saved.", label=view.label))
    return see_other(f"/p/{slug}/declaration/versions/{view.number}")


@get(BASE + "/versions/{ref:str}", include_in_schema=False)
def version_page(request: Request, db: Db, actor: Who, slug: Slug, ref: VersionRef) -> Response:
    return _version_page(request, db, actor, slug, ref)


def _version_page(request: Request, db: Unit, actor: Actor | None, slug: str, ref: str, **extra: Any) -> Response:
    screen = screens.version_screen(db, actor, slug, ref, *_place(request))
    return page(request, "declaration/version.html", tab="declaration", process=screen.process, version=screen.version,
                versions=screen.versions, open_threads=comments.open_counts(db, actor, slug), window=screen.window,
                marks=screen.marks, **extra)


@get(BASE + "/versions/{ref:str}/projector/{eid:str}", include_in_schema=False)
def projector_page(request: Request, db: Db, actor: Who, slug: Slug, ref: VersionRef, eid: Eid) -> Response:
    """A paragraph under negotiation, large, for the room's screen (arrow keys go to the next and previous)."""
    screen = screens.projector_screen(db, actor, slug, ref, eid)
    return page(request, "declaration/projector.html", tab="declaration", process=screen.process, screen=screen)


@get(BASE + "/compare", include_in_schema=False)
def compare_page(
    request: Request, db: Db, actor: Who, slug: Slug, old: FromQuery[str | None] = None,
    new: FromQuery[str | None] = None, view: FromQuery[str] = "inline", all: FromQuery[bool] = False,
    only: FromQuery[str | None] = None,
) -> Response:
    screen = screens.compare_screen(db, actor, slug, old, new)
    if not (old and new) and len(screen.versions) >= 2:
        old, new = str(screen.versions[-2].number), str(screen.versions[-1].number)
        screen = screens.compare_screen(db, actor, slug, old, new)
    return page(request, "declaration/compare.html", tab="declaration", process=screen.process, versions=screen.versions,
                compare=screen.compare, old=old, new=new, view="sides" if view == "sides" else "inline", show_all=all,
                only=only or "")


@get(BASE + "/paragraphs/{eid:str}", include_in_schema=False)
def history_page(request: Request, db: Db, actor: Who, slug: Slug, eid: Eid) -> Response:
    screen = screens.history_screen(db, actor, slug, eid)
    return page(request, "declaration/history.html", tab="declaration", process=screen.process, history=screen.history)


@post(BASE + "/paragraphs/{eid:str}/restore", include_in_schema=False)
def history_restore(request: Request, db: Db, actor: Who, slug: Slug, eid: Eid, data: Form) -> Response | Redirect:
    """An earlier text of the paragraph back in the working draft (or the deleted paragraph itself)."""
    try:
        command = RestoreParagraph.build(first(data, "revision"), first(data, "base_revision") or None)
        draft.restore_paragraph(db, actor, slug, eid, command)
    except (InvalidInput, NotFound, Conflict) as exc:
        screen = screens.history_screen(db, actor, slug, eid)
        return page(request, "declaration/history.html", tab="declaration", process=screen.process,
                    history=screen.history, **failure(exc))
    flash(request, _("An earlier text of %(eid)s is restored.", eid=eid))
    return see_other(f"/p/{slug}/declaration/draft?at={eid}#{eid}")


@get(BASE + "/coverage", include_in_schema=False)
def coverage_page(request: Request, db: Db, actor: Who, slug: Slug) -> Response:
    screen = screens.coverage_screen(db, actor, slug)
    return page(request, "declaration/coverage.html", tab="declaration", process=screen.process, coverage=screen.coverage)


@post(BASE + "/links", include_in_schema=False)
def link(request: Request, db: Db, actor: Who, slug: Slug, data: Form) -> Redirect:
    ref, eid = first(data, "ref"), first(data, "eid").strip()
    if first(data, "remove"):
        coverage.unlink_recommendation(db, actor, slug, ref, eid)
        flash(request, _("Recommendation %(ref)s is no longer linked to %(eid)s.", ref=ref, eid=eid))
    else:
        coverage.link_recommendation(db, actor, slug, ref, eid)
        flash(request, _("Recommendation %(ref)s is linked to %(eid)s.", ref=ref, eid=eid))
    # Back to the screen the link was made from: the recommendation's, or the paragraph's.
    back = f"/p/{slug}/declaration/draft/{eid}" if first(data, "back") == "paragraph" else f"/p/{slug}/recommendations/{ref}"
    return see_other(back + "#links")


@get(BASE + "/import", include_in_schema=False)
def import_form(request: Request, db: Db, actor: Who, slug: Slug) -> Response:
    screen = screens.draft_screen(db, actor, slug)
    return page(request, "declaration/import.html", tab="declaration", process=screen.process, result=None, values={})


def _upload(data: dict[str, Any]) -> tuple[str, str, bytes | None]:
    """(file name, Markdown text, Word file): an upload, or what the preview's form carries back."""
    upload = data.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        raw = upload.file.read()
        if upload.filename.lower().endswith(".docx"):
            return upload.filename, "", raw
        try:
            return upload.filename, raw.decode("utf-8"), None
        except UnicodeDecodeError:
            raise InvalidInput(N_("The file is not UTF-8 text.")) from None
    if data.get("word"):
        try:
            return str(data.get("filename") or "declaration.docx"), "", base64.b64decode(str(data["word"]), validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput(N_("Choose a Markdown file to import."), detail={"field": "file"}) from None
    text = str(data.get("text") or "")
    if not text.strip():
        raise InvalidInput(N_("Choose a Markdown file to import."), detail={"field": "file"})
    return str(data.get("filename") or "declaration.md"), text, None


@post(BASE + "/import", include_in_schema=False, request_max_body_size=MAX_DOCX * 4 // 3 + 64 * 1024)
def import_version(request: Request, db: Db, actor: Who, slug: Slug, data: Upload) -> Response | Redirect:
    """First a preview (the matching and the changes); then the same text again with `confirm` saves it.
    A Word file is read with every tracked change accepted, and carried back to the confirmation in base64."""
    values = {"label": str(data.get("label") or "")}
    confirm = bool(data.get("confirm"))
    try:
        filename, text, word = _upload(data)
        command = ImportVersion.build(filename, text, values["label"] or None, preview=not confirm,
                                      replace_draft=bool(data.get("replace_draft")), base_draft=str(data.get("base_draft") or "") or None,
                                      word=word)
        result = importing.import_version(db, actor, slug, command)
    except (InvalidInput, ImportFailed, Conflict) as exc:
        screen = screens.draft_screen(db, actor, slug)
        return page(request, "declaration/import.html", tab="declaration", process=screen.process, result=None, values=values, **failure(exc))
    if confirm:
        flash(request, _("Version %(label)s imported and circulated.", label=result.label))
        return see_other(f"/p/{slug}/declaration/versions/{result.version}")
    screen = screens.draft_screen(db, actor, slug)
    return page(request, "declaration/import.html", tab="declaration", process=screen.process, result=result,
                values={**values, "label": result.label}, filename=filename, text=text,
                word=base64.b64encode(word).decode("ascii") if word is not None else "")


HANDLERS = [
    declaration, draft_page, draft_add, paragraph_page, draft_edit, draft_move, draft_delete, draft_circulate, version_labels, version_page, projector_page,
    compare_page, history_page, history_restore, coverage_page, link, import_form, import_version,
]
