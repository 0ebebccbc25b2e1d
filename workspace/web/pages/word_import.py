"""The upload of a Word file: its tracked changes and comments previewed, unticked at will, then filed
as amendments and threads. The file travels from the preview to the filing in the form (base64)."""

from __future__ import annotations

import base64
from typing import Any

from litestar.datastructures import UploadFile

from ...domain.amendments.amendment_commands import ImportWord
from ...domain.errors import N_, InvalidInput
from ...domain.word.word_reading import MAX_DOCX
from ...i18n import gettext as _
from ...i18n import ngettext
from ...services import amendments
from ...services.screens import amendments as screens
from ..http import AnyRequest, AnyResponse
from ..params import Db, Query, Slug, Who
from ..routes import get, post
from .common import flash, screen_page
from .forms import Many, PageForm, Upload, carried, chosen, many, see_other
from .refusals import shown_again

BASE = "/p/{slug:str}/amendments/import"
# The form carries the file back in base64 (a third more), with the other fields.
MAX_FORM = MAX_DOCX * 4 // 3 + 64 * 1024


class WordForm(PageForm):
    """The upload; then its confirmation, the file carried back in base64, the items offered and those kept ticked."""

    file: UploadFile | None = None
    filename: str = ""
    content: str = ""
    version: str = ""
    on_behalf_of: str = ""
    delegation: str = ""  # the committee files a delegation's file: every change is that delegation's
    confirm: str = ""
    offered: Many = many()
    keep: Many = many()


def _page(request: AnyRequest, db: Db, actor: Who, slug: Slug, version: str | None, **context: Any) -> AnyResponse:
    screen = screens.word_screen(db, actor, slug, version)
    return screen_page(request, "amendments/import.html", "amendments", screen, **context)


@get(BASE, include_in_schema=False)
def word_form(request: AnyRequest, db: Db, actor: Who, slug: Slug, version: Query = None) -> AnyResponse:
    return _page(request, db, actor, slug, version)


def _asked(form: WordForm) -> ImportWord:
    """The file sent (or carried back in base64) as the use case reads it: a preview, or with `confirm` the filing
    of the items left ticked. A file upload is no command form: its file is read here."""
    upload = chosen(form.file)
    if upload is not None:
        filename, body = upload.filename, upload.file.read()
    else:
        body = carried(form.content)
        filename = form.filename or "amendments.docx"
        if not body:
            raise InvalidInput(N_("Choose a Word file (.docx) to upload."), detail={"field": "file"})
    return ImportWord.build(
        version=form.version,
        data=body,
        filename=filename,
        preview=not form.confirm,
        on_behalf_of=form.on_behalf_of or None,
        skip=sorted(set(form.offered) - set(form.keep)) if form.confirm else [],
        delegation=form.delegation or None,
    )


def _again(request: AnyRequest, db: Db, actor: Who, slug: Slug, values: dict[str, Any], **context: Any) -> AnyResponse:
    version = values.get("version") or None
    kept = {key: values.get(key, "") for key in ("version", "on_behalf_of", "delegation")}
    return _page(request, db, actor, slug, version, values=kept, **context)


@post(BASE, include_in_schema=False, request_max_body_size=MAX_FORM)
@shown_again(_again)
def word_upload(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Upload[WordForm]) -> AnyResponse:
    """A preview of the file; with `confirm`, the same file filed, but the items unticked."""
    command = _asked(data)
    result = amendments.import_word(db, actor, slug, command)
    if not command.preview:
        flash(
            request,
            _(
                "Filed from %(file)s: %(amendments)s and %(threads)s.",
                amendments=ngettext("%(num)s amendment", "%(num)s amendments", len(result.amendments)),
                threads=ngettext("%(num)s thread", "%(num)s threads", len(result.threads)),
                file=result.file,
            ),
        )
        return see_other(f"/p/{slug}/amendments?version={data.version}")
    return _page(
        request,
        db,
        actor,
        slug,
        data.version,
        result=result,
        filename=command.filename,
        content=base64.b64encode(command.data).decode("ascii"),
        values={"version": data.version, "on_behalf_of": data.on_behalf_of, "delegation": data.delegation},
    )
