"""Pages of the working draft's editing (the committee): add, edit, move, delete and restore a paragraph, circulate
the draft, number it cleanly. Each form is the use case's own command; a refusal shows the page again with what
was typed and, for a stale write (409), what changed meanwhile and who changed it."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any, TypeVar

import msgspec

from ...domain.declaration.declaration_commands import (
    AddParagraph,
    Circulate,
    DeleteParagraph,
    EditParagraph,
    MoveParagraph,
    RestoreParagraph,
)
from ...domain.errors import AccordError, Forbidden, NotFound
from ...domain.inputs import Command
from ...domain.paging import page_number
from ...domain.vocabulary import LANGUAGES
from ...i18n import gettext as _
from ...i18n import ngettext
from ...services.declaration import draft, naming, references
from ...services.screens import declaration as screens
from ..http import AnyRequest, AnyResponse
from ..params import Db, Eid, Slug, Who
from ..routes import get, post
from .common import flash, page, parts
from .forms import Form, PageForm, see_other
from .refusals import OF_THE_FORM, Sent, decoded, shown_again, tried, untyped

BASE = "/p/{slug:str}/declaration"
C = TypeVar("C", bound=Command)


def place(request: AnyRequest) -> tuple[int | None, str | None]:
    """Which page of a long text: `page`, or the one holding paragraph `at`."""
    return page_number(request.query_params.get("page")), request.query_params.get("at") or None


def by_language(sent: Mapping[str, Any], prefix: str) -> dict[str, str]:
    """A form's text per language (`label_en`, `place_fr` …), the empty ones left out."""
    return {code: sent[prefix + code] for code in LANGUAGES if sent.get(prefix + code)}


def with_languages(command: C, field: str, sent: Mapping[str, Any], prefix: str) -> C:
    """The command with its text per language as the form gives it, one field a language (checked as the command
    checks it)."""
    return msgspec.structs.replace(command, **{field: by_language(sent, prefix)})


def printed(db: Db, actor: Who, slug: Slug, eid: str) -> str:
    """A paragraph of the working draft as a message names it ("OP 14"); one the draft no longer has as it was last
    printed ("OP 9 [deleted]", "OP 9 (Rev.1)"): services.declaration.naming."""
    found = tried(lambda: naming.name_in_draft(db, actor, slug, eid), (NotFound, Forbidden))
    return eid if isinstance(found, AccordError) else found


def _draft_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, at: str | None = None, **context: Any
) -> AnyResponse:
    number, asked = place(request)
    screen = screens.draft_screen(db, actor, slug, number, asked or at)
    return page(request, "declaration/draft.html", tab="declaration", **parts(screen), **context)


def _paragraph_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: str, **context: Any) -> AnyResponse:
    screen = screens.draft_paragraph_screen(db, actor, slug, eid)
    return page(request, "declaration/paragraph.html", tab="declaration", **parts(screen), **context)


@get(BASE + "/draft", include_in_schema=False)
def draft_page(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    return _draft_page(request, db, actor, slug)


def _add_again(request: AnyRequest, db: Db, actor: Who, slug: Slug, values: Sent, **context: Any) -> AnyResponse:
    """The draft page again at the paragraph the new one was to follow; after a 409 (the order changed meanwhile),
    who changed the draft when."""
    after = values.get("after") or None
    if context["status"] == 409:
        last = draft.last_change(db, actor, slug)
        shown = after or last["eid"]
        context["conflict"] = {**last, "eid": shown, "ref": printed(db, actor, slug, shown) if shown else ""}
    return _draft_page(request, db, actor, slug, after, failed_form="add", values=values, **context)


@post(BASE + "/draft/add", include_in_schema=False)
@shown_again(_add_again, shows=(*OF_THE_FORM, NotFound))
def draft_add(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[AddParagraph]) -> AnyResponse:
    added = draft.add_paragraph(db, actor, slug, data)
    flash(request, _("Paragraph %(eid)s added.", eid=added.ref or added.eid))
    return see_other(f"/p/{slug}/declaration/draft?at={added.eid}#{added.eid}")


@get(BASE + "/draft/{eid:str}", include_in_schema=False)
def paragraph_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: Eid) -> AnyResponse:
    """One paragraph's forms, loaded when asked: the draft page stays the size of the text."""
    return _paragraph_page(request, db, actor, slug, eid)


def _edit_again(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: str, values: Sent, **context: Any
) -> AnyResponse:
    """The paragraph's page with the text as typed. After a 409, the three texts (theirs now, the person's, the one
    both started from), and both changes combined where they touch different words: the form is then based on the
    current text, so saving is a deliberate choice, never a blind "save again"."""
    if context["status"] == 409:
        typed = decoded(EditParagraph, values)
        stale = draft.since_seen(db, actor, slug, eid, typed.base_revision, typed.text)
        context["stale"] = stale
        if stale.get("merged") is not None:
            values = {**values, "text": stale["merged"]}
    return _paragraph_page(request, db, actor, slug, eid, values=values, **context)


@post(BASE + "/draft/{eid:str}/edit", include_in_schema=False)
@shown_again(_edit_again, shows=OF_THE_FORM)
def draft_edit(request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: Eid, data: Form[EditParagraph]) -> AnyResponse:
    saved = draft.edit_paragraph(db, actor, slug, eid, data)
    flash(request, _("Paragraph %(eid)s saved.", eid=saved.ref or eid))
    return see_other(f"/p/{slug}/declaration/draft?at={eid}#{eid}")


@post(BASE + "/draft/{eid:str}/since", include_in_schema=False, status_code=200)
def draft_since(db: Db, actor: Who, slug: Slug, eid: Eid, data: Form[dict[str, Any]]) -> dict[str, Any]:
    """What changed in paragraph `eid` since the revision an open editor started from, and the text typed there taken
    into it where the two touch different words (`merged`): the notice someone's save shows whoever has the paragraph
    open (static/accord/notices.js), before they save. Reads only."""
    typed = decoded(EditParagraph, data)  # the editor's form as it is (its CSRF token aside)
    return draft.since_seen(db, actor, slug, eid, typed.base_revision, typed.text)


@post(BASE + "/draft/{eid:str}/move", include_in_schema=False)
@shown_again(untyped(_paragraph_page), shows=OF_THE_FORM)
def draft_move(request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: Eid, data: Form[MoveParagraph]) -> AnyResponse:
    moved = draft.move_paragraph(db, actor, slug, eid, data)
    flash(request, _("Paragraph %(eid)s moved.", eid=moved.ref or eid))
    return see_other(f"/p/{slug}/declaration/draft?at={eid}#{eid}")


def _delete_again(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: str, values: Sent, **context: Any
) -> AnyResponse:
    """The paragraph's page, with what changed since the person saw it (409); the draft page at its place if it was
    deleted meanwhile: nothing left to show."""
    if context["status"] != 409:
        return _paragraph_page(request, db, actor, slug, eid, **context)
    stale = draft.since_seen(db, actor, slug, eid, decoded(DeleteParagraph, values).base_revision)
    if stale.get("current_text") is None:
        gone = {key: stale.get(key) for key in ("eid", "changed_by", "changed_at")} | {
            "ref": printed(db, actor, slug, eid)
        }
        return _draft_page(request, db, actor, slug, eid, conflict=gone, **context)
    return _paragraph_page(request, db, actor, slug, eid, stale=stale, **context)


@post(BASE + "/draft/{eid:str}/delete", include_in_schema=False)
@shown_again(_delete_again, shows=OF_THE_FORM)
def draft_delete(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: Eid, data: Form[DeleteParagraph]
) -> AnyResponse:
    named = printed(db, actor, slug, eid)  # as it read before it went
    draft.delete_paragraph(db, actor, slug, eid, data)
    flash(request, _("Paragraph %(eid)s deleted.", eid=named))
    return see_other(f"/p/{slug}/declaration/draft")


@post(BASE + "/draft/circulate", include_in_schema=False)
@shown_again(partial(_draft_page, failed_form="circulate"), shows=OF_THE_FORM)
def draft_circulate(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[Circulate], sent: Sent
) -> AnyResponse:
    version = draft.circulate(db, actor, slug, with_languages(data, "labels", sent, "label_"))
    flash(request, _("Version %(label)s circulated.", label=version.label))
    return see_other(f"/p/{slug}/declaration/versions/{version.number}")


def _renumber_again(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Any, **context: Any) -> AnyResponse:
    return _draft_page(request, db, actor, slug, failed_form="renumber", **context)


@post(BASE + "/draft/renumber", include_in_schema=False)
@shown_again(_renumber_again, shows=OF_THE_FORM)
def draft_renumber(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[PageForm]) -> AnyResponse:
    """The committee numbers the working draft cleanly now: bis, ter and [deleted] give way to PP 1 …, OP 1 …"""
    crosswalk = references.renumber_draft(db, actor, slug)
    moved = [row for row in crosswalk.rows if row.old != row.new]
    flash(
        request,
        ngettext(
            "Numbered cleanly: %(num)s reference changed (%(list)s).",
            "Numbered cleanly: %(num)s references changed (%(list)s).",
            len(moved),
            list=", ".join(f"{row.old or '—'} → {row.new or '—'}" for row in moved[:12]),
        )
        if moved
        else _("Numbered cleanly: no reference changed."),
    )
    return see_other(f"/p/{slug}/declaration/draft")


def _history_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: str, **context: Any) -> AnyResponse:
    screen = screens.history_screen(db, actor, slug, eid)
    return page(request, "declaration/history.html", tab="declaration", **parts(screen), **context)


@get(BASE + "/paragraphs/{eid:str}", include_in_schema=False)
def history_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: Eid) -> AnyResponse:
    return _history_page(request, db, actor, slug, eid)


@post(BASE + "/paragraphs/{eid:str}/restore", include_in_schema=False)
@shown_again(untyped(_history_page), shows=(*OF_THE_FORM, NotFound))
def history_restore(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: Eid, data: Form[RestoreParagraph]
) -> AnyResponse:
    """An earlier text of the paragraph back in the working draft (or the deleted paragraph itself)."""
    restored = draft.restore_paragraph(db, actor, slug, eid, data)
    flash(request, _("An earlier text of %(eid)s is restored.", eid=restored.ref or eid))
    return see_other(f"/p/{slug}/declaration/draft?at={eid}#{eid}")
