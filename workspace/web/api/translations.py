"""Translations: the editor's list, save, approve and send back; XLIFF and Markdown exchange;
progress, language editions, the glossary and the translation memory."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Response
from litestar.params import PathParameter, QueryParameter, RawBody

from ...domain.declaration.document import EID, parse_eid
from ...domain.errors import N_, InvalidInput
from ...domain.translations.find_replace import MAX_FIND, Search
from ...domain.translations.terms import ProposeTerm, RejectProposal
from ...domain.translations.translations import ApproveMany, SaveTranslation, SendBack
from ...domain.values import MAX_TEXT, flag
from ...domain.vocabulary import LANGUAGES
from ...services import translations
from ...services.amendments import rendering_exchange, renderings
from ...services.amendments.views import QueueItem
from ...services.translations import machine
from ...services.translations.machine import MachineDraftView
from ...services.translations.replace import MAX_NAMED
from ...services.translations.views import (
    ApprovalView,
    EditionView,
    GlossaryProposalView,
    GlossaryView,
    ImportReport,
    ProgressView,
    ReplaceView,
    SuggestionView,
    TranslationView,
)
from ..http import AnyRequest
from ..openapi import also_as
from ..params import Db, Eid, JSONBody, Number, Query, Slug, Who
from ..responses import attached, handed
from .paging import LINK, LIST_LIMIT, Limit, Offset, part
from .routes import get, post, put
from .schemas import (
    Body,
    EidText,
    GlossaryInput,
    choice_filter,
    field_says,
    text_schema,
)

XLIFF = "application/xliff+xml"
MARKDOWN = "text/markdown; charset=utf-8"
LangOrFile = Annotated[
    str,
    PathParameter(
        pattern=r"^(?:es|en|fr)(?:\.xlf|\.md)?$",
        description="A language code (en); `en.xlf` for the XLIFF file, `en.md` for the Markdown edition.",
    ),
]
Lang = Annotated[str, PathParameter(pattern=r"^(?:es|en|fr)$", description="A language code: es, en or fr.")]
# Documented, checked by the app (its 422 says what is wrong).
MemoryText = Annotated[str, QueryParameter(schema_extra=text_schema(MAX_TEXT, required=True))]
LangQuery = Annotated[str, QueryParameter(schema_extra={"enum": list(LANGUAGES)})]
# `from` is a Python keyword: the handler's argument is `origin`, the query parameter keeps the name.
OriginQuery = Annotated[
    str | None,
    choice_filter(LANGUAGES, name="from", description="The language the amendments were proposed in: es, en or fr."),
]
# `state` names Litestar's own app state as a handler argument: the query parameter keeps the name.
StateQuery = Annotated[
    str | None,
    choice_filter(
        ["missing", "draft", "translated", "approved", "outdated"],
        name="state",
        description="missing, draft, translated, approved or outdated",
    ),
]


ProposalStateQuery = Annotated[
    str | None,
    choice_filter(["proposed", "approved", "rejected"], name="state", description="proposed, approved or rejected"),
]
MemoryEid = Annotated[
    str | None,
    QueryParameter(
        schema_extra={"pattern": f"^(?:{EID.pattern[1:-1]})?$"},
        description="The paragraph the text is the source of: its own translation is then not suggested, and its "
        "earlier ones are marked `previous`.",
    ),
]


class ReplaceInput(Body):
    """What to find in a language's translations and what to put in its place; `preview` (the default) only says
    what would change. Applying: `only` the paragraphs named (default: all), each only if its translation is still
    the `text_revision` the preview gave, when named in `revisions` (eId → text_revision)."""

    find: Annotated[str, field_says(**text_schema(MAX_FIND, required=True))]
    replace: Annotated[str, field_says(**text_schema(MAX_FIND))] = ""
    # Yes/no fields checked as sent (domain.values.flag): 0 or "no" is not a boolean.
    case_sensitive: Annotated[Any, field_says(type="boolean")] = False
    whole_word: Annotated[Any, field_says(type="boolean")] = False
    preview: Annotated[Any, field_says(type="boolean")] = True
    only: Annotated[list[EidText], field_says(max_items=MAX_NAMED)] | None = None
    revisions: Annotated[dict[str, str], field_says(max_properties=MAX_NAMED)] | None = None


class TranslationController(Controller):
    path = "/processes/{slug:str}"
    tags = ("translations",)

    @get("/translations/{lang:str}", operation_class=also_as(XLIFF, MARKDOWN), response_headers=[LINK])
    def translations(
        self,
        request: AnyRequest,
        db: Db,
        actor: Who,
        slug: Slug,
        lang: LangOrFile,
        version: Query = None,
        wanted: StateQuery = None,
        limit: Limit = LIST_LIMIT,
        offset: Offset = 0,
    ) -> Response[list[TranslationView]]:
        """Each paragraph of `version` (default: the latest; `draft` too) with its translation into `lang`: state
        (missing, draft, translated, approved, outdated), what it was made from, the source's change since, the checks;
        in the text's order, a part of at most `limit` from `offset` (the `Link` header names the next).
        `GET /translations/{lang}.xlf` gives the same as an XLIFF 2.0 file, `GET /translations/{lang}.md` the
        edition as a Markdown declaration file (the paragraphs translated from exactly the version's source texts)."""
        if wanted and lang.endswith((".xlf", ".md")):
            raise InvalidInput(
                N_("A file holds every paragraph: the “state” filter is for the list."), detail={"field": "state"}
            )
        if ("limit" in request.query_params or "offset" in request.query_params) and lang.endswith((".xlf", ".md")):
            raise InvalidInput(
                N_("A file holds every paragraph: “limit” and “offset” are for the list."), detail={"field": "limit"}
            )
        if lang.endswith(".xlf"):
            name, body = translations.export_xliff(db, actor, slug, lang.removesuffix(".xlf"), version)
            return attached(body, name, XLIFF)
        if lang.endswith(".md"):
            name, text = translations.export_markdown(db, actor, slug, lang.removesuffix(".md"), version)
            return attached(text, name, handed(MARKDOWN))
        return part(
            request,
            translations.list_translations(db, actor, slug, lang, version, wanted, limit + 1, offset),
            limit,
            offset,
        )

    @get("/translations/{lang:str}/amendments", response_headers=[LINK])
    def amendment_queue(
        self,
        request: AnyRequest,
        db: Db,
        actor: Who,
        slug: Slug,
        lang: Lang,
        limit: Limit = LIST_LIMIT,
        offset: Offset = 0,
    ) -> Response[list[QueueItem]]:
        """The open amendments to render into `lang` or to approve there (its translators', and the committee's): each
        with its change in the language it was proposed in, the paragraph in `lang`, and the rendering so far with
        its `revision` (a rendering's `base_revision`). A part of at most `limit` from `offset`."""
        found = renderings.rendering_queue(db, actor, slug, lang, limit + 1, offset)
        return part(request, found, limit, offset)

    @get("/translations/{lang:str}/amendments.xlf", media_type=XLIFF)
    def amendments_xliff(
        self, db: Db, actor: Who, slug: Slug, lang: Lang, origin: OriginQuery = None
    ) -> Response[bytes]:
        """The open amendments proposed in `from` to render into `lang`, as an XLIFF 2.0 file for a CAT tool (one
        language pair a file): a unit per amendment (its id the label), the source its words as proposed, the target
        its rendering so far (that edition's paragraph before any), the state `initial` (to render), `translated`
        (rendered) or `final` (approved). `from` by default: the source language (rendering into the source, the
        process's one other language). `POST /translations/{lang}/amendments/import` reads it back, and so does
        `POST /translations/{lang}/import`."""
        name, body = rendering_exchange.export_renderings_xliff(db, actor, slug, lang, origin or None)
        return attached(body, name, XLIFF)

    @post("/translations/{lang:str}/amendments/import")
    def import_amendments(
        self, db: Db, actor: Who, slug: Slug, lang: Lang, body: RawBody, filename: Query = None
    ) -> ImportReport:
        """The body is a file of amendments to render as `GET /translations/{lang}/amendments.xlf` gives it: each
        changed unit is rendered (approved from a reviewer's `final`), as `PUT /amendments/{number}/renderings/{lang}`
        would, or nothing is; a unit given back as it went out changes nothing. Refused units: 422 with
        `detail.report` and `detail.errors` (each with its line); a unit whose rendering changed since the export: 409
        naming it, `detail.units` with the diff."""
        return rendering_exchange.import_renderings_xliff(db, actor, slug, lang, body, filename or "amendments.xlf")

    @put("/translations/{lang:str}/{eid:str}")
    def save(
        self,
        db: Db,
        actor: Who,
        slug: Slug,
        lang: Lang,
        eid: Eid,
        data: JSONBody[SaveTranslation],
        version: Query = None,
    ) -> TranslationView:
        """Save the translation made from `source_revision` (the paragraph's source in `version` now, else 409 with it
        and its diff), as `draft` or `translated`. An outdated translation saved with its text unchanged is refused
        (409 with the source's change since it was made) unless `still_correct` confirms it for the source now."""
        return translations.save_translation(db, actor, slug, lang, eid, data, version)

    @post("/translations/{lang:str}/approve", status_code=200)  # approves, creates nothing
    def approve_many(self, db: Db, actor: Who, slug: Slug, lang: Lang, data: JSONBody[ApproveMany]) -> ApprovalView:
        """A reviewer approves the paragraphs `eids` of `version`, or with `all_translated` every translated one: each
        only if it is current, translated, passes its checks and holds nothing a reviewer should look at first. The
        answer lists the approved and the skipped, each skipped with its `reason` (code) and `message`."""
        return translations.approve_many(db, actor, slug, lang, data)

    @get("/translations/{lang:str}/{eid:str}/machine")
    def machine(
        self, request: AnyRequest, db: Db, actor: Who, slug: Slug, lang: Lang, eid: Eid, version: Query = None
    ) -> MachineDraftView:
        """A machine draft of the paragraph, for its translators: a suggestion to read and edit, never saved by itself
        (it counts as translated only once a person saves it). 404 where no engine translates this pair."""
        return machine.machine_draft(
            db, machine.engine_from(request.app.state.settings), actor, slug, lang, eid, version
        )

    @post("/translations/{lang:str}/{eid:str}/approve")
    def approve(self, db: Db, actor: Who, slug: Slug, lang: Lang, eid: Eid, version: Query = None) -> TranslationView:
        """A reviewer approves the current translation (409 if it is outdated or empty)."""
        return translations.approve(db, actor, slug, lang, eid, version)

    @post("/translations/{lang:str}/{eid:str}/reject")
    def reject(
        self, db: Db, actor: Who, slug: Slug, lang: Lang, eid: Eid, data: JSONBody[SendBack], version: Query = None
    ) -> TranslationView:
        """A reviewer sends the translation back with a note."""
        return translations.reject(db, actor, slug, lang, eid, data, version)

    @post("/translations/{lang:str}/import")
    def import_file(
        self,
        request: AnyRequest,
        db: Db,
        actor: Who,
        slug: Slug,
        lang: Lang,
        body: RawBody,
        version: Query = None,
        filename: Query = None,
    ) -> ImportReport:
        """The body is an XLIFF 2.0 file (or, sent as `text/markdown`, a whole edition in Markdown with each
        paragraph's eId): checked whole against the version, then imported, or nothing is. A unit given back as it
        went out keeps its state; a changed one is translated (a draft if `initial`), approved only from a reviewer's
        `final`. The report says of every unit: `unchanged`, `updated` or `refused` (with its line and reason); with
        any refused, nothing is written and the answer is 422, `detail.report` the report and `detail.errors` every
        refusal."""
        markdown = request.headers.get("content-type", "").startswith("text/markdown")
        return translations.import_file(
            db,
            actor,
            slug,
            lang,
            body,
            filename or ("translation.md" if markdown else "translation.xlf"),
            version,
            markdown=markdown,
        )

    @get("/progress")
    def progress(self, db: Db, actor: Who, slug: Slug) -> list[ProgressView]:
        """Per version, each target language's paragraphs per state and the share approved."""
        return translations.progress(db, actor, slug)

    @get("/editions/{lang:str}")
    def edition(self, db: Db, actor: Who, slug: Slug, lang: Lang, version: Query = None) -> EditionView:
        """The version's edition in `lang`: the translations made from exactly its source texts."""
        return translations.edition(db, actor, slug, lang, version)

    @get("/glossary")
    def glossary(self, db: Db, actor: Who, slug: Slug) -> GlossaryView:
        return translations.get_glossary(db, actor, slug)

    @put("/glossary")
    def set_glossary(self, db: Db, actor: Who, slug: Slug, data: JSONBody[GlossaryInput]) -> GlossaryView:
        """Replace the glossary, naming the `revision` you read (409 if it changed since)."""
        return translations.set_glossary(db, actor, slug, data.revision, data.entries())

    @get("/glossary/proposals", response_headers=[LINK])
    def glossary_proposals(
        self,
        request: AnyRequest,
        db: Db,
        actor: Who,
        slug: Slug,
        wanted: ProposalStateQuery = None,
        limit: Limit = LIST_LIMIT,
        offset: Offset = 0,
    ) -> Response[list[GlossaryProposalView]]:
        """The terms proposed for the glossary (for translators and the committee): those waiting for a decision
        first, then the decided, newest first; `state` filters. A proposed term is not a glossary term: no check
        and no suggestion uses it until it is approved."""
        found = translations.list_proposals(db, actor, slug, wanted or None, limit + 1, offset)
        return part(request, found, limit, offset)

    @post("/glossary/proposals")
    def propose_term(self, db: Db, actor: Who, slug: Slug, data: JSONBody[ProposeTerm]) -> GlossaryProposalView:
        """A translator (or the committee) proposes a term with its translations and a note (409 if the glossary
        has it already, or it is proposed already)."""
        return translations.propose_term(db, actor, slug, data)

    @post("/glossary/proposals/{proposal:int}/approve", status_code=200)
    def approve_proposal(self, db: Db, actor: Who, slug: Slug, proposal: Number) -> GlossaryProposalView:
        """The committee, or a translator who reviews every language the term is translated into, approves it: it
        joins the glossary (409 if it was decided already, or the glossary has the term)."""
        return translations.approve_proposal(db, actor, slug, proposal)

    @post("/glossary/proposals/{proposal:int}/reject", status_code=200)
    def reject_proposal(
        self, db: Db, actor: Who, slug: Slug, proposal: Number, data: JSONBody[RejectProposal]
    ) -> GlossaryProposalView:
        """The same people reject it, saying why (409 if it was decided already)."""
        return translations.reject_proposal(db, actor, slug, proposal, data)

    @post("/translations/{lang:str}/replace", status_code=200)
    def replace(
        self, db: Db, actor: Who, slug: Slug, lang: Lang, data: JSONBody[ReplaceInput], version: Query = None
    ) -> ReplaceView:
        """Search and replace in the translations into `lang` of `version` (default: the latest; `draft` too), for
        its translators and the committee: `case_sensitive`, `whole_word`. With `preview` (the default) every change
        it would make (each paragraph's text before and after, the change as `diff`); without, the changes saved as
        the editor saves (a draft stays a draft, anything else is translated again), those of `only` if named, and
        each only if its translation is still the `text_revision` named in `revisions`: a paragraph changed since
        is skipped (`skipped`, reason `stale`), never overwritten. Outdated translations are not changed
        (`outdated` names those holding the words)."""
        return translations.replace_in_translations(
            db,
            actor,
            slug,
            lang,
            Search.build(
                find=data.find,
                replace=data.replace,
                case_sensitive=flag(data.case_sensitive, "case_sensitive"),
                whole_word=flag(data.whole_word, "whole_word"),
            ),
            preview=flag(data.preview, "preview"),
            only=[parse_eid(eid) for eid in data.only] if data.only is not None else None,
            revisions=data.revisions,
            version=version,
        )

    @get("/memory")
    def memory(
        self, db: Db, actor: Who, slug: Slug, text: MemoryText, lang: LangQuery, eid: MemoryEid = None
    ) -> list[SuggestionView]:
        """Approved translations of identical or similar source texts, best first, with the similarity and the
        word diff between the two sources. With `eid`, the paragraph's own current translation is never suggested,
        and its earlier translations (made from an earlier source text of it) are marked `previous`."""
        return translations.memory(db, actor, slug, text, lang, eid=eid or None)
