"""Translation pages: progress per language, the editor (source beside target, paragraph by
paragraph), the three-language aligned view, the glossary."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar.datastructures import UploadFile
from msgspec import structs

from ...domain.errors import N_, AccordError, Conflict, ImportRefused, InvalidInput
from ...domain.paging import page_number
from ...domain.translations.find_replace import Search
from ...domain.translations.glossary_text import parse_terms, terms_text
from ...domain.translations.terms import ProposeTerm, RejectProposal
from ...domain.translations.translation_checks import GlossaryTerm
from ...domain.translations.translations import ApproveMany, SaveTranslation, SendBack, Stored
from ...i18n import gettext as _
from ...i18n import ngettext
from ...services import translations
from ...services.screens import translations as screens
from ...services.translations import machine, proposals
from ...services.translations.views import GlossaryEntry
from ..http import AnyRequest, AnyResponse
from ..params import Asker, Db, Eid, FromPath, InPath, Query, Slug, Who
from ..routes import get, post
from .common import flash, page, parts, screen_page
from .forms import Form, Many, PageForm, Upload, chosen, many, see_other
from .refusals import OF_THE_FORM, Sent, decoded, refusal_of, shown_again

FORM = (InvalidInput, Conflict)  # what an import or a replacement shows on its page: 403, 404, 429 as everywhere
BASE = "/p/{slug:str}/translations"


class ImportForm(PageForm):
    version: str = ""
    file: UploadFile | None = None


class GlossaryForm(PageForm):
    terms: str = ""
    revision: str = ""


class ProposalForm(PageForm):
    """A term proposed for the glossary: the term, its translation into each target language (empty: none), a note."""

    source: str = ""
    es: str = ""
    en: str = ""
    fr: str = ""
    note: str = ""


class ReplaceForm(PageForm):
    """Search and replace in a language: the words, the options, and from the preview the changes ticked (`only`)
    with the revision each was shown at (`revisions`, `eid:text_revision`)."""

    find: str = ""
    replace: str = ""
    case_sensitive: str = ""
    whole_word: str = ""
    version: str = ""
    action: str = ""  # preview, apply
    only: Many = many()
    revisions: Many = many()


@get(BASE, include_in_schema=False)
def progress_page(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    screen = screens.progress_screen(db, actor, slug)
    return page(request, "translations/progress.html", tab="translations", **parts(screen))


def _editor(request: AnyRequest, db: Db, actor: Who, slug: Slug, lang: str, **context: Any) -> AnyResponse:
    q = request.query_params
    screen = screens.editor_screen(
        db,
        actor,
        slug,
        lang,
        q.get("version") or context.pop("version", None),
        q.get("state") or None,
        q.get("also") or None,
        page_number(q.get("page")),
        q.get("at") or context.pop("at", None),
    )
    if screen.writes:
        screen = structs.replace(
            screen,
            machine=machine.offered(
                machine.engine_from(request.app.state.settings), screen.process.source_language, screen.language
            ),
        )
    return screen_page(
        request, "translations/editor.html", "translations", screen, state=q.get("state") or "", **context
    )


@get(BASE + "/{lang:str}", include_in_schema=False)
def editor_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, lang: InPath) -> AnyResponse:
    return _editor(request, db, actor, slug, lang)


def _back(slug: str, lang: str, sent: Sent, eid: str) -> str:
    """Where the editor was (its version, third language and filter, from the form as sent), at the paragraph saved
    or, going on, the next one (`at`: the page holding it, the next page when the saved one was the last of its)."""
    following = (str(sent.get("next_eid") or "") if sent.get("go") == "next" else "") or eid
    place = (("version", "version"), ("also", "also"), ("state", "state_filter"))
    query = urlencode([*((k, str(sent[f])) for k, f in place if sent.get(f)), ("at", following)])
    return f"/p/{slug}/translations/{lang}?{query}#{following}"


def _paragraph_again(
    request: AnyRequest, db: Db, slug: Slug, lang: str, eid: str, values: Sent, **context: Any
) -> AnyResponse:
    """The editor shown again at the paragraph whose form was refused, with what was typed in it."""
    actor = context.pop("asker")() if "asker" in context else context.pop("actor")
    typed = {eid: values["text"]} if "text" in values else {}
    version = values.get("version") or None
    return _editor(request, db, actor, slug, lang, failed_form=eid, typed=typed, version=version, at=eid, **context)


@post(BASE + "/{lang:str}/{eid:str}", include_in_schema=False)
@shown_again(_paragraph_again, shows=OF_THE_FORM)
def save_page(
    request: AnyRequest,
    db: Db,
    asker: Asker,
    slug: Slug,
    lang: InPath,
    eid: Eid,
    data: Form[SaveTranslation],
    sent: Sent,
) -> AnyResponse:
    actor = asker()  # in this request's transaction, as the save itself
    named = translations.save_from_editor(db, actor, slug, lang, eid, data, sent.get("version") or None)
    flash(
        request,
        _("The translation of %(eid)s is confirmed as still correct.", eid=named)
        if data.still_correct
        else _("Paragraph %(eid)s saved as translated.", eid=named)
        if data.state == Stored.TRANSLATED
        else _("Draft of %(eid)s saved.", eid=named),
    )
    return see_other(_back(slug, lang, sent, eid))


@post(BASE + "/{lang:str}/{eid:str}/since", include_in_schema=False, status_code=200)
def since_page(db: Db, actor: Who, slug: Slug, lang: InPath, eid: Eid, data: Form[dict[str, Any]]) -> Any:
    """What changed in a translation since an open editor's text (the notice of someone's save), and what was typed
    there taken into it. Reads only."""
    typed = decoded(SaveTranslation, data)  # the editor's form as it is (its CSRF token and page fields aside)
    return translations.since_seen(db, actor, slug, lang, eid, typed, data.get("version") or None)


@post(BASE + "/{lang:str}/{eid:str}/review", include_in_schema=False)
@shown_again(_paragraph_again, shows=OF_THE_FORM)
def review_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, lang: InPath, eid: Eid, data: Form[SendBack], sent: Sent
) -> AnyResponse:
    """The reviewer's approval, or the translation sent back with a note (the button says which)."""
    version = sent.get("version") or None
    if sent.get("action") == "reject":
        back = translations.reject(db, actor, slug, lang, eid, data, version)
        flash(request, _("The translation of %(eid)s is sent back.", eid=back.ref or eid))
    else:
        approved = translations.approve(db, actor, slug, lang, eid, version)
        flash(request, _("The translation of %(eid)s is approved.", eid=approved.ref or eid))
    return see_other(_back(slug, lang, sent, eid))


def _approve_all_again(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, lang: str, values: Sent, **context: Any
) -> AnyResponse:
    version = values.get("version") or None
    return _editor(request, db, actor, slug, lang, failed_form="approve-all", version=version, **context)


@post(BASE + "/{lang:str}/approve", include_in_schema=False)
@shown_again(_approve_all_again, shows=OF_THE_FORM)
def approve_all_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, lang: InPath, data: Form[ApproveMany]
) -> AnyResponse:
    """Every translated paragraph of the version that passes its checks approved (the form says `all_translated`);
    the others are left translated, shown next (the list filtered on them), each with the checks that held it back."""
    done = translations.approve_many(db, actor, slug, lang, data)
    held = sum(1 for s in done.skipped if s.reason in ("checks", "to_check"))
    flash(
        request,
        ngettext("%(num)s paragraph approved.", "%(num)s paragraphs approved.", len(done.approved))
        + (
            " "
            + ngettext(
                "%(num)s paragraph is left for a reviewer's look (listed below, with what its checks found).",
                "%(num)s paragraphs are left for a reviewer's look (listed below, with what their checks found).",
                held,
            )
            if held
            else ""
        ),
    )
    query = {"version": data.version, **({"state": "translated"} if held else {})}
    return see_other(f"/p/{slug}/translations/{lang}?" + urlencode(query))


def _import_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, lang: str, data: ImportForm, **context: Any
) -> AnyResponse:
    screen = screens.editor_screen(db, actor, slug, lang, data.version or None, None, None)
    return screen_page(request, "translations/import.html", "translations", screen, **context)


def _import_refused(
    request: AnyRequest,
    db: Db,
    actor: Who,
    slug: Slug,
    lang: str,
    data: ImportForm,
    refusal: AccordError,
    **context: Any,
) -> AnyResponse:
    """The file refused, and why: nothing was saved (a refused exchange file says what became of each unit)."""
    report = refusal.report if isinstance(refusal, ImportRefused) else None
    return _import_page(request, db, actor, slug, lang, data, report=report, **refusal_of(context))


@post(BASE + "/{lang:str}/import", include_in_schema=False)
@shown_again(_import_refused, shows=FORM)
def import_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, lang: InPath, data: Upload[ImportForm]
) -> AnyResponse:
    """An XLIFF file or a Markdown edition: the page says what became of each unit (or, refused, why, and that nothing
    was saved)."""
    upload = chosen(data.file)
    if upload is None:
        raise InvalidInput(N_("Choose an XLIFF or Markdown file to import."), detail={"field": "file"})
    report = translations.import_file(db, actor, slug, lang, upload.file.read(), upload.filename, data.version or None)
    return _import_page(request, db, actor, slug, lang, data, report=report)


@get("/p/{slug:str}/declaration/aligned", include_in_schema=False)
def aligned_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, version: Query = None, at: Query = None
) -> AnyResponse:
    screen = screens.aligned_screen(db, actor, slug, version, page_number(request.query_params.get("page")), at)
    return page(request, "translations/aligned.html", tab="declaration", **parts(screen))


def _glossary(request: AnyRequest, db: Db, actor: Who, slug: Slug, **context: Any) -> AnyResponse:
    screen = screens.glossary_screen(db, actor, slug)
    context.setdefault("proposing", {})
    context.setdefault(
        "typed",
        terms_text(
            [
                GlossaryTerm(e.source, e.translations, {k: tuple(v) for k, v in e.forbidden.items()})
                for e in screen.glossary.terms
            ]
        ),
    )
    panel = proposals.proposals_panel(db, actor, slug)
    return page(request, "translations/glossary.html", tab="translations", panel=panel, **parts(screen), **context)


@get("/p/{slug:str}/glossary", include_in_schema=False)
def glossary_page(request: AnyRequest, db: Db, actor: Who, slug: Slug) -> AnyResponse:
    return _glossary(request, db, actor, slug)


def _glossary_again(request: AnyRequest, db: Db, actor: Who, slug: Slug, values: Sent, **context: Any) -> AnyResponse:
    """The glossary shown again with the form refused as typed (its terms, the term proposed), or the proposal
    decided on, and why it was refused."""
    proposal = context.pop("proposal", None)
    if proposal is not None:
        failed: dict[str, Any] = {"failed_form": f"proposal-{proposal}"}
    elif "terms" in values:
        failed = {"failed_form": "glossary", "typed": values["terms"]}
    else:
        failed = {"failed_form": "propose", "proposing": values}
    return _glossary(request, db, actor, slug, **failed, **context)


@post("/p/{slug:str}/glossary", include_in_schema=False)
@shown_again(_glossary_again)
def glossary_save(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[GlossaryForm]) -> AnyResponse:
    """One term per line: `source = en: term; fr: term; !en: forbidden` (the page explains it)."""
    entries = [
        GlossaryEntry(
            source=t.source, translations=t.translations, forbidden={k: list(v) for k, v in t.forbidden.items()}
        )
        for t in parse_terms(data.terms)
    ]
    translations.set_glossary(db, actor, slug, data.revision, entries)
    flash(request, _("The glossary is saved."))
    return see_other(f"/p/{slug}/glossary")


@post("/p/{slug:str}/glossary/proposals", include_in_schema=False)
@shown_again(_glossary_again)
def propose_page(request: AnyRequest, db: Db, actor: Who, slug: Slug, data: Form[ProposalForm]) -> AnyResponse:
    """A translator proposes a term: it is listed as proposed until the committee (or a reviewer) decides. The form
    gives the term's translation into each language in a field of its own."""
    given = {code: term for code, term in (("es", data.es), ("en", data.en), ("fr", data.fr)) if term.strip()}
    made = translations.propose_term(
        db, actor, slug, ProposeTerm(source=data.source, translations=given, note=data.note)
    )
    flash(request, _("“%(term)s” is proposed: it joins the glossary once approved.", term=made.source))
    return see_other(f"/p/{slug}/glossary#proposals")


@post("/p/{slug:str}/glossary/proposals/{proposal:int}", include_in_schema=False)
@shown_again(_glossary_again)
def decide_proposal_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, proposal: FromPath[int], data: Form[RejectProposal], sent: Sent
) -> AnyResponse:
    """The term approved, or rejected with a reason (the button says which)."""
    if sent.get("action") == "reject":
        made = translations.reject_proposal(db, actor, slug, proposal, data)
        flash(request, _("“%(term)s” is not taken into the glossary.", term=made.source))
    else:
        made = translations.approve_proposal(db, actor, slug, proposal)
        flash(request, _("“%(term)s” is in the glossary now.", term=made.source))
    return see_other(f"/p/{slug}/glossary#proposals")


def _replace_again(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, lang: str, data: ReplaceForm, **context: Any
) -> AnyResponse:
    """The editor again with the search and replace as typed, and why it was refused."""
    failed: dict[str, Any] = {"failed_form": "replace", "replacing_form": data, "version": data.version or None}
    return _editor(request, db, actor, slug, lang, **refusal_of(context), **failed)


@post(BASE + "/{lang:str}/replace", include_in_schema=False)
@shown_again(_replace_again, shows=FORM)
def replace_page(
    request: AnyRequest, db: Db, actor: Who, slug: Slug, lang: InPath, data: Form[ReplaceForm]
) -> AnyResponse:
    """Search and replace in the language: `preview` shows every change, each ticked; `apply` saves the ticked ones
    (those changed since the preview are skipped and named)."""
    version = data.version or None
    applying = data.action == "apply"
    search = Search.build(
        find=data.find, replace=data.replace, case_sensitive=bool(data.case_sensitive), whole_word=bool(data.whole_word)
    )
    revisions = dict(r.partition(":")[::2] for r in data.revisions) if applying else None
    if applying and not data.only:
        raise InvalidInput(N_("Tick at least one change to make."), detail={"field": "only"})
    only = list(data.only) if applying else None
    done = translations.replace_in_translations(
        db, actor, slug, lang, search, preview=not applying, only=only, revisions=revisions, version=version
    )
    if not applying:
        return _editor(request, db, actor, slug, lang, replacing=done, replacing_form=data, version=version)
    said = ngettext("Replaced in %(num)s paragraph.", "Replaced in %(num)s paragraphs.", len(done.applied))
    if done.skipped:
        said += " " + _(
            "Not changed: %(paragraphs)s (changed since the preview, or no longer holding the words).",
            paragraphs=", ".join(s.ref or s.eid for s in done.skipped),
        )
    flash(request, said)
    return see_other(f"/p/{slug}/translations/{lang}?" + urlencode({"version": data.version or "draft"}))
