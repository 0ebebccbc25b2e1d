"""Pages of the declaration: the reading page (a version, or the working draft for the committee), the draft's
editing, compare, history, coverage, import."""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import quote, urlencode

from litestar.datastructures import UploadFile
from litestar.response import Redirect
from markupsafe import Markup

from ...domain.declaration.declaration_commands import (
    AddParagraph,
    Circulate,
    DeleteParagraph,
    EditParagraph,
    ImportVersion,
    MoveParagraph,
    RestoreParagraph,
    SetVersionLabels,
)
from ...domain.errors import N_, Conflict, Forbidden, ImportFailed, InvalidInput, NotFound
from ...domain.paging import page_number
from ...domain.vocabulary import LANGUAGES
from ...domain.word.word_reading import MAX_DOCX
from ...i18n import gettext as _
from ...i18n import ngettext
from ...services.actor import Actor
from ...services.declaration import coverage, draft, importing, references, versions
from ...services.declaration.paragraphs import DRAFT
from ...services.declaration.views import ParagraphView
from ...services.screens import declaration as screens
from ...services.unit import Unit
from ..gzipped import GZIPS_ITSELF
from ..http import AnyRequest, AnyResponse
from ..params import Db, Eid, FromQuery, ParagraphRef, Slug, VersionRef, Who
from ..routes import get, post
from .common import failure, flash, kept_macros, kept_part, page
from .forms import Form, PageForm, Upload, chosen, see_other

BASE = "/p/{slug:str}/declaration"


class OrderForm(PageForm):
    base_order: str = ""

    def order(self) -> int | None:
        """The draft order revision the form was rendered with, if it says."""
        return int(self.base_order) if self.base_order.isdigit() else None


class AddForm(OrderForm):
    kind: str = ""
    text: str = ""
    after: str = ""
    depth: str = ""
    marker: str = ""


class EditForm(PageForm):
    text: str = ""
    base_revision: str = ""
    kind: str = ""
    note: str = ""
    editorial: str = ""  # a checkbox: absent when not ticked
    depth: str = ""
    marker: str | None = None  # absent: the paragraph keeps its place in the lists


class MoveForm(OrderForm):
    after: str = ""


class DeleteForm(PageForm):
    base_revision: str = ""


class LabelsForm(PageForm):
    """A version's names in each language (LANGUAGES)."""

    label_es: str = ""
    label_en: str = ""
    label_fr: str = ""

    def labels(self) -> dict[str, str]:
        """`label_en`, `label_fr` … as typed, the empty ones left out."""
        return {name: value for name, value in self.values().items() if name.startswith("label_") and value}


assert {f"label_{code}" for code in LANGUAGES} <= set(LabelsForm.__struct_fields__)


class CirculateForm(LabelsForm):
    label: str = ""
    date: str = ""
    note: str = ""
    renumber: str = ""  # a ticked box: the version circulates numbered cleanly (else numbers hold still)


class RestoreForm(PageForm):
    revision: str = ""
    base_revision: str = ""


class LinkForm(PageForm):
    ref: str = ""
    eid: str = ""
    remove: str = ""
    back: str = ""


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


def _conflict(exc: Conflict, eid: str | None) -> dict[str, Any]:
    """Where a 409 on the draft page opens (the paragraph concerned) and who changed the draft when."""
    detail = exc.detail if isinstance(exc.detail, dict) else {}
    return {
        "eid": eid or detail.get("eid"),
        "changed_by": detail.get("changed_by"),
        "changed_at": detail.get("changed_at"),
    }


@get(BASE, include_in_schema=False, opt={GZIPS_ITSELF: True})
def declaration(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, version: FromQuery[str | None] = None
) -> AnyResponse | Redirect:
    """The Declaration tab: the reading page of what the person may read (the working draft for the committee, the
    latest circulated version for everyone else). `version` (the switcher's choice, sent without script) opens that
    one: a version at its own address, the draft here."""
    lang = request.query_params.get("lang") or None
    chosen_ref = (version or "").strip()
    if chosen_ref and chosen_ref.lower() != DRAFT:
        query = f"?{urlencode({'lang': lang})}" if lang else ""
        return see_other(f"/p/{slug}/declaration/versions/{quote(chosen_ref, safe='')}{query}")
    if chosen_ref:
        screen = screens.draft_reading_screen(db, actor, slug, *_place(request), lang)
    else:
        screen = screens.reading_screen(db, actor, slug, *_place(request), lang)
    return _reading_page(request, screen, f"/p/{slug}/declaration")


def _place(request: AnyRequest) -> tuple[int | None, str | None]:
    """Which page of a long text: `page`, or the one holding paragraph `at`."""
    return page_number(request.query_params.get("page")), request.query_params.get("at") or None


def _draft_page(
    request: AnyRequest,
    db: Unit,
    actor: Actor | None,
    slug: str,
    status: int = 200,
    at: str | None = None,
    **context: Any,
) -> AnyResponse:
    number, asked = _place(request)
    screen = screens.draft_screen(db, actor, slug, number, asked or at)
    return page(
        request,
        "declaration/draft.html",
        status,
        tab="declaration",
        process=screen.process,
        draft=screen.draft,
        versions=screen.versions,
        window=screen.window,
        **context,
    )


@get(BASE + "/draft", include_in_schema=False)
def draft_page(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    return _draft_page(request, db, actor, slug)


@post(BASE + "/draft/add", include_in_schema=False)
def draft_add(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[AddForm]) -> AnyResponse | Redirect:
    values = {"kind": data.kind, "text": data.text, "after": data.after, "depth": data.depth, "marker": data.marker}
    try:
        added = draft.add_paragraph(
            db,
            actor,
            slug,
            AddParagraph.build(data.kind, data.text, data.after or None, data.order(), data.depth or 0, data.marker),
        )
    except Conflict as exc:
        # The order changed meanwhile: the page opens at the paragraph the new one was to follow.
        return _draft_page(
            request,
            db,
            actor,
            slug,
            **failure(exc),
            failed_form="add",
            values=values,
            at=values["after"] or None,
            conflict=_conflict(exc, values["after"]),
        )
    except (InvalidInput, NotFound) as exc:
        return _draft_page(
            request, db, actor, slug, **failure(exc), failed_form="add", values=values, at=values["after"] or None
        )
    flash(request, _("Paragraph %(eid)s added.", eid=added.ref or added.eid))
    return see_other(f"/p/{slug}/declaration/draft?at={added.eid}#{added.eid}")


def _paragraph_page(
    request: AnyRequest, db: Unit, actor: Actor | None, slug: str, eid: str, status: int = 200, **context: Any
) -> AnyResponse:
    screen = screens.draft_paragraph_screen(db, actor, slug, eid)
    return page(
        request,
        "declaration/paragraph.html",
        status,
        tab="declaration",
        process=screen.process,
        paragraph=screen.paragraph,
        others=screen.others,
        order=screen.order,
        language=screen.language,
        choices=screen.choices,
        **context,
    )


@get(BASE + "/draft/{eid:str}", include_in_schema=False)
def paragraph_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: Eid) -> AnyResponse:
    """One paragraph's forms, loaded when asked: the draft page stays the size of the text."""
    return _paragraph_page(request, db, actor, slug, eid)


@post(BASE + "/draft/{eid:str}/edit", include_in_schema=False)
def draft_edit(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: Eid, data: Form[EditForm]
) -> AnyResponse | Redirect:
    text, base, kind, note = data.text, data.base_revision, data.kind, data.note
    editorial = bool(data.editorial)
    # Its place in the lists: kept when the form does not say (absent fields), else as chosen.
    depth, marker = data.depth or None, (data.marker.strip() if data.marker is not None else None)
    values = {
        "text": text,
        "base_revision": base,
        "kind": kind,
        "note": note,
        "editorial": editorial,
        "depth": depth,
        "marker": marker,
    }
    try:
        saved = draft.edit_paragraph(
            db, actor, slug, eid, EditParagraph.build(base, text, kind or None, note, editorial, depth, marker)
        )
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
    flash(request, _("Paragraph %(eid)s saved.", eid=saved.ref or eid))
    return see_other(f"/p/{slug}/declaration/draft?at={eid}#{eid}")


@post(BASE + "/draft/{eid:str}/move", include_in_schema=False)
def draft_move(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: Eid, data: Form[MoveForm]
) -> AnyResponse | Redirect:
    try:
        moved = draft.move_paragraph(db, actor, slug, eid, MoveParagraph.build(data.after or None, data.order()))
    except (InvalidInput, Conflict) as exc:
        return _paragraph_page(request, db, actor, slug, eid, **failure(exc))
    flash(request, _("Paragraph %(eid)s moved.", eid=moved.ref or eid))
    return see_other(f"/p/{slug}/declaration/draft?at={eid}#{eid}")


@post(BASE + "/draft/{eid:str}/delete", include_in_schema=False)
def draft_delete(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: Eid, data: Form[DeleteForm]
) -> AnyResponse | Redirect:
    named = _printed(db, actor, slug, eid)  # as it read before it went
    try:
        draft.delete_paragraph(db, actor, slug, eid, DeleteParagraph.build(data.base_revision))
    except Conflict as exc:
        if exc.detail and exc.detail.get("current_text") is None:  # deleted meanwhile: nothing left to show
            return _draft_page(request, db, actor, slug, **failure(exc), conflict=_conflict(exc, eid), at=eid)
        return _paragraph_page(request, db, actor, slug, eid, **failure(exc), stale=exc.detail)
    flash(request, _("Paragraph %(eid)s deleted.", eid=named))
    return see_other(f"/p/{slug}/declaration/draft")


@post(BASE + "/draft/circulate", include_in_schema=False)
def draft_circulate(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[CirculateForm]
) -> AnyResponse | Redirect:
    values = {"label": data.label, "date": data.date, "note": data.note, "renumber": data.renumber, **data.labels()}
    try:
        version = draft.circulate(
            db,
            actor,
            slug,
            Circulate.build(
                data.label, data.date or None, data.note, _by_language(data.labels()), renumber=bool(data.renumber)
            ),
        )
    except (InvalidInput, Conflict) as exc:
        return _draft_page(request, db, actor, slug, **failure(exc), failed_form="circulate", values=values)
    flash(request, _("Version %(label)s circulated.", label=version.label))
    return see_other(f"/p/{slug}/declaration/versions/{version.number}")


@post(BASE + "/draft/renumber", include_in_schema=False)
def draft_renumber(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[PageForm]) -> AnyResponse | Redirect:
    """The committee numbers the working draft cleanly now: bis, ter and [deleted] give way to PP 1 …, OP 1 …"""
    try:
        crosswalk = references.renumber_draft(db, actor, slug)
    except (InvalidInput, Conflict) as exc:
        return _draft_page(request, db, actor, slug, **failure(exc), failed_form="renumber")
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


def _by_language(values: dict[str, str]) -> dict[str, str]:
    return {key.removeprefix("label_"): value for key, value in values.items()}


@post(BASE + "/versions/{ref:str}/labels", include_in_schema=False)
def version_labels(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: VersionRef, data: Form[LabelsForm]
) -> AnyResponse | Redirect:
    values = data.labels()
    try:
        view = versions.set_version_labels(db, actor, slug, ref, SetVersionLabels.build(_by_language(values)))
    except (InvalidInput, Conflict) as exc:
        return _version_page(request, db, actor, slug, ref, **failure(exc), failed_form="labels", values=values)
    flash(request, _("The names of %(label)s are saved.", label=view.label))
    return see_other(f"/p/{slug}/declaration/versions/{view.number}")


@get(BASE + "/versions/{ref:str}", include_in_schema=False, opt={GZIPS_ITSELF: True})
def version_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: VersionRef) -> AnyResponse:
    return _version_page(request, db, actor, slug, ref)


def _version_page(request: AnyRequest, db: Unit, actor: Actor | None, slug: str, ref: str, **extra: Any) -> AnyResponse:
    screen = screens.version_screen(db, actor, slug, ref, *_place(request), request.query_params.get("lang") or None)
    return _reading_page(request, screen, f"/p/{slug}/declaration/versions/{screen.ref}", **extra)


def _reading_page(request: AnyRequest, screen: screens.ReadingScreen, here: str, **extra: Any) -> AnyResponse:
    """The reading page of a version or of the working draft (`here`: its address, without the query), made once
    for every reader of its screen (`kept`) unless a form's answer (`extra`) is in it."""
    text = kept_part(screen.key, lambda: paragraphs_html(request, screen)) if screen.ref else Markup("")
    return page(
        request,
        "declaration/reading.html",
        kept=None if extra or not screen.ref else screen.key,
        tab="declaration",
        process=screen.process,
        reading=screen,
        versions=screen.versions,
        window=screen.window,
        text_html=text,
        edition=screen.lang,
        untranslated=len(screen.untranslated),
        here=here,
        **extra,
    )


def paragraphs_html(request: AnyRequest, screen: screens.ReadingScreen) -> Markup:
    """The paragraphs of a page of a text as every reader of the screen's role sees them: each kept by what it
    shows (its text, its marks, its count of open threads), so that a change renders again only what it changed."""
    slug, source, ref = screen.process.slug, screen.language, screen.ref
    untranslated = set(screen.untranslated)
    calls = []
    for p in screen.paragraphs:
        count, marks = screen.threads.get(p.eid, 0), tuple(screen.marks.get(p.eid, ()))
        language = source if p.eid in untranslated or not screen.lang else screen.lang  # the words' own language
        calls.append(((slug, language, ref, *_shown(p), count, marks), (p, slug, language, ref, count, marks)))
    return Markup("").join(kept_macros(request, "declaration/_paragraph.html", "paragraph", calls))


def _shown(p: ParagraphView) -> tuple[object, ...]:
    """What names what a paragraph shows, for good (its revision names its text)."""
    return (p.eid, p.kind, p.number, p.revision, tuple(p.recommendations), p.depth, p.marker)


@get(BASE + "/versions/{ref:str}/projector/{eid:str}", include_in_schema=False)
def projector_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: VersionRef, eid: ParagraphRef
) -> AnyResponse:
    """A paragraph under negotiation, large, for the room's screen (arrow keys go to the next and previous)."""
    screen = screens.projector_screen(db, actor, slug, ref, eid)
    return page(request, "declaration/projector.html", tab="declaration", process=screen.process, screen=screen)


@get(BASE + "/compare", include_in_schema=False)
def compare_page(
    request: AnyRequest,
    db: Db,
    actor: Who,
    slug: Slug,
    old: FromQuery[str | None] = None,
    new: FromQuery[str | None] = None,
    view: FromQuery[str] = "inline",
    all: FromQuery[bool] = False,
    only: FromQuery[str | None] = None,
) -> AnyResponse:
    screen = screens.compare_screen(db, actor, slug, old, new)
    if not (old and new) and len(screen.versions) >= 2:
        old, new = str(screen.versions[-2].number), str(screen.versions[-1].number)
        screen = screens.compare_screen(db, actor, slug, old, new)
    return page(
        request,
        "declaration/compare.html",
        tab="declaration",
        process=screen.process,
        versions=screen.versions,
        compare=screen.compare,
        old=old,
        new=new,
        view="sides" if view == "sides" else "inline",
        show_all=all,
        only=only or "",
    )


def _printed(db: Unit, actor: Actor | None, slug: str, eid: str) -> str:
    """A paragraph of the working draft as a message names it ("OP 14"); one the draft no longer has, by its eId."""
    try:
        return draft.get_draft_paragraph(db, actor, slug, eid).ref or eid
    except (NotFound, Forbidden):
        return eid


@get(BASE + "/paragraphs/{eid:str}", include_in_schema=False)
def history_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: Eid) -> AnyResponse:
    screen = screens.history_screen(db, actor, slug, eid)
    return page(request, "declaration/history.html", tab="declaration", process=screen.process, history=screen.history)


@post(BASE + "/paragraphs/{eid:str}/restore", include_in_schema=False)
def history_restore(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, eid: Eid, data: Form[RestoreForm]
) -> AnyResponse | Redirect:
    """An earlier text of the paragraph back in the working draft (or the deleted paragraph itself)."""
    try:
        command = RestoreParagraph.build(data.revision, data.base_revision or None)
        restored = draft.restore_paragraph(db, actor, slug, eid, command)
    except (InvalidInput, NotFound, Conflict) as exc:
        screen = screens.history_screen(db, actor, slug, eid)
        return page(
            request,
            "declaration/history.html",
            tab="declaration",
            process=screen.process,
            history=screen.history,
            **failure(exc),
        )
    flash(request, _("An earlier text of %(eid)s is restored.", eid=restored.ref or eid))
    return see_other(f"/p/{slug}/declaration/draft?at={eid}#{eid}")


@get(BASE + "/versions/{ref:str}/crosswalk", include_in_schema=False)
def crosswalk_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: VersionRef) -> AnyResponse:
    """Each paragraph's printed reference in a version against the one before it (old → new)."""
    screen = screens.crosswalk_screen(db, actor, slug, ref)
    return page(request, "declaration/crosswalk.html", tab="declaration", process=screen.process, screen=screen)


@get(BASE + "/coverage", include_in_schema=False)
def coverage_page(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    screen = screens.coverage_screen(db, actor, slug)
    return page(
        request, "declaration/coverage.html", tab="declaration", process=screen.process, coverage=screen.coverage
    )


@post(BASE + "/links", include_in_schema=False)
def link(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[LinkForm]) -> Redirect:
    ref, eid = data.ref, data.eid.strip()
    if data.remove:
        coverage.unlink_recommendation(db, actor, slug, ref, eid)
        flash(
            request,
            _("Recommendation %(ref)s is no longer linked to %(eid)s.", ref=ref, eid=_printed(db, actor, slug, eid)),
        )
    else:
        coverage.link_recommendation(db, actor, slug, ref, eid)
        flash(request, _("Recommendation %(ref)s is linked to %(eid)s.", ref=ref, eid=_printed(db, actor, slug, eid)))
    # Back to the screen the link was made from: the recommendation's, or the paragraph's.
    back = f"/p/{slug}/declaration/draft/{eid}" if data.back == "paragraph" else f"/p/{slug}/recommendations/{ref}"
    return see_other(back + "#links")


@get(BASE + "/import", include_in_schema=False)
def import_form(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    screen = screens.draft_screen(db, actor, slug)
    return page(request, "declaration/import.html", tab="declaration", process=screen.process, result=None, values={})


def _upload(data: ImportForm) -> tuple[str, str, bytes | None]:
    """(file name, Markdown text, Word file): an upload, or what the preview's form carries back."""
    upload = chosen(data.file)
    if upload is not None:
        raw = upload.file.read()
        if upload.filename.lower().endswith(".docx"):
            return upload.filename, "", raw
        try:
            return upload.filename, raw.decode("utf-8"), None
        except UnicodeDecodeError:
            raise InvalidInput(N_("The file is not UTF-8 text.")) from None
    if data.word:
        try:
            return data.filename or "declaration.docx", "", base64.b64decode(data.word, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput(N_("Choose a Markdown file to import."), detail={"field": "file"}) from None
    if not data.text.strip():
        raise InvalidInput(N_("Choose a Markdown file to import."), detail={"field": "file"})
    return data.filename or "declaration.md", data.text, None


@post(BASE + "/import", include_in_schema=False, request_max_body_size=MAX_DOCX * 4 // 3 + 64 * 1024)
def import_version(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Upload[ImportForm]
) -> AnyResponse | Redirect:
    """First a preview (the matching and the changes); then the same text again with `confirm` saves it.
    A Word file is read with every tracked change accepted, and carried back to the confirmation in base64."""
    values = {"label": data.label}
    confirm = bool(data.confirm)
    try:
        filename, text, word = _upload(data)
        command = ImportVersion.build(
            filename,
            text,
            values["label"] or None,
            preview=not confirm,
            replace_draft=bool(data.replace_draft),
            base_draft=data.base_draft or None,
            word=word,
        )
        result = importing.import_version(db, actor, slug, command)
    except (InvalidInput, ImportFailed, Conflict) as exc:
        screen = screens.draft_screen(db, actor, slug)
        return page(
            request,
            "declaration/import.html",
            tab="declaration",
            process=screen.process,
            result=None,
            values=values,
            **failure(exc),
        )
    if confirm:
        flash(request, _("Version %(label)s imported and circulated.", label=result.label))
        return see_other(f"/p/{slug}/declaration/versions/{result.version}")
    screen = screens.draft_screen(db, actor, slug)
    return page(
        request,
        "declaration/import.html",
        tab="declaration",
        process=screen.process,
        result=result,
        values={**values, "label": result.label},
        filename=filename,
        text=text,
        word=base64.b64encode(word).decode("ascii") if word is not None else "",
    )


HANDLERS = [
    declaration,
    draft_page,
    draft_add,
    paragraph_page,
    draft_edit,
    draft_move,
    draft_delete,
    draft_circulate,
    draft_renumber,
    version_labels,
    version_page,
    projector_page,
    crosswalk_page,
    compare_page,
    history_page,
    history_restore,
    coverage_page,
    link,
    import_form,
    import_version,
]
