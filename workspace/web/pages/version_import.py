"""The import of a version (the committee): a Markdown or Word file previewed (the matching and the changes, each
paragraph marked with its change), then the same file again, confirmed in the page's dialog (what is added, changed
and deleted), circulated."""

from __future__ import annotations

import base64
from typing import Any

from litestar.datastructures import UploadFile

from ...domain.declaration.declaration_commands import ImportVersion, WordVersion
from ...domain.errors import N_, InvalidInput
from ...domain.word.word_reading import MAX_DOCX
from ...i18n import gettext as _
from ...services.declaration import importing
from ...services.screens import declaration as screens
from ..http import AnyRequest, AnyResponse
from ..params import Db, Slug, Who
from ..routes import get, post
from .common import flash, page
from .forms import PageForm, Upload, carried, chosen, see_other, text_of
from .refusals import OF_THE_FORM, shown_again

BASE = "/p/{slug:str}/declaration/import"


class ImportForm(PageForm):
    """A Markdown or Word file; the preview's confirmation carries the text (or the Word file, in base64) back."""

    file: UploadFile | None = None
    label: str = ""
    confirm: str = ""
    replace_draft: str = ""
    base_draft: str = ""
    filename: str = ""
    text: str = ""
    word: str = ""


def _asked(form: ImportForm) -> ImportVersion:
    """The file sent (or carried back) as the use case reads it: a preview, or with `confirm` the import. A file
    upload is no command form: its file is read here."""
    asked: dict[str, Any] = {
        "label": form.label,
        "preview": not form.confirm,
        "replace_draft": bool(form.replace_draft),
        "base_draft": form.base_draft or None,
    }
    upload = chosen(form.file)
    if upload is not None:
        raw = upload.file.read()
        if upload.filename.lower().endswith(".docx"):
            return WordVersion(filename=upload.filename, text="", docx=raw, **asked)
        text, undecoded = text_of(raw)
        if undecoded:
            raise InvalidInput(N_("The file is not UTF-8 text."))
        return ImportVersion(filename=upload.filename, text=text, **asked)
    if form.word:
        if not (word := carried(form.word)):
            raise InvalidInput(N_("Choose a Markdown file to import."), detail={"field": "file"})
        return WordVersion(filename=form.filename or "declaration.docx", text="", docx=word, **asked)
    if not form.text.strip():
        raise InvalidInput(N_("Choose a Markdown file to import."), detail={"field": "file"})
    return ImportVersion(filename=form.filename or "declaration.md", text=form.text, **asked)


def _import_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, **context: Any) -> AnyResponse:
    screen = screens.draft_screen(db, actor, slug)
    return page(request, "declaration/import.html", tab="declaration", process=screen.process, **context)


@get(BASE, include_in_schema=False)
def import_form(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    return _import_page(request, db, actor, slug, result=None, values={})


def _import_again(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, values: dict[str, Any], **context: Any
) -> AnyResponse:
    return _import_page(request, db, actor, slug, result=None, values={"label": values.get("label", "")}, **context)


@post(BASE, include_in_schema=False, request_max_body_size=MAX_DOCX * 4 // 3 + 64 * 1024)
@shown_again(_import_again, shows=OF_THE_FORM)
def import_version(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Upload[ImportForm]) -> AnyResponse:
    """First a preview (the matching and the changes); then the same text again with `confirm` saves it.
    A Word file is read with every tracked change accepted, and carried back to the confirmation in base64."""
    command = _asked(data)
    result = importing.import_version(db, actor, slug, command)
    if not command.preview:
        flash(request, _("Version %(label)s imported and circulated.", label=result.label))
        return see_other(f"/p/{slug}/declaration/versions/{result.version}")
    return _import_page(
        request,
        db,
        actor,
        slug,
        result=result,
        changes={c.eid: c for c in result.compare.changes},  # each row of the preview marked with its change
        values={"label": result.label},
        filename=command.filename,
        text=command.text,
        word=base64.b64encode(command.word).decode("ascii") if command.word is not None else "",
    )
