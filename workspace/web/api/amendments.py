"""Amendments: propose, co-sponsor, withdraw, refresh, decide, compromise; compilation, disposition, negotiation."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response
from litestar.params import QueryParameter, RawBody

from ...domain.amendments.amendment_commands import (
    Compromise,
    CosponsorAs,
    DecideAmendment,
    DecideInOrder,
    EditAmendment,
    ImportWord,
    Objection,
    ProposeAmendment,
    SetDeadline,
    SetParagraphStatus,
    SetParagraphStatuses,
    StartSilence,
)
from ...domain.amendments.amendments import Status
from ...domain.amendments.renderings import SetRendering
from ...domain.vocabulary import LANGUAGES, slugify
from ...domain.word.word_reading import MAX_DOCX
from ...services import amendments
from ...services.amendments import renderings
from ...services.amendments.compilation_languages import CompilationInLanguages, compilation_in_languages
from ...services.amendments.disposition import DispositionInLanguages, disposition_in_languages
from ...services.amendments.languages import asked
from ...services.amendments.views import (
    AmendmentView,
    CompilationView,
    DashboardView,
    RenderingView,
    SilenceView,
    StatusView,
)
from ...services.amendments.word_import import WordImportView
from ...services.translations import machine
from ...services.translations.machine import MachineDraftView
from ...services.translations.views import SuggestionView
from ..http import AnyRequest
from ..openapi import OptionalBody
from ..params import AmendmentRef, Db, Eid, FromQuery, JSONBody, Query, Slug, VersionRef, Who
from ..responses import DOCX, csv_response, docx_response
from .paging import LINK, LIST_LIMIT, Limit, Offset, part
from .routes import get, post, put
from .schemas import DelegationQuery, choice_filter, text_schema
from .translations import Lang

VersionText = Annotated[str, QueryParameter(schema_extra=text_schema(100, required=True))]
OnBehalfOf = Annotated[str | None, QueryParameter(schema_extra={"format": "email", "max_length": 254})]
FileName = Annotated[str | None, QueryParameter(schema_extra=text_schema(200))]
StatusFilter = Annotated[str | None, choice_filter(status.value for status in Status)]
# Documented here, checked by the service (its 422 names what is not a language of the process); empty is the default.
_CODE = "|".join(LANGUAGES)
CompilationLang = Annotated[
    str | None,
    QueryParameter(
        description="A language of the process, or several side by side joined by `-` (default: the source text)",
        schema_extra={
            "pattern": f"^(?:(?:{_CODE})(?:-(?:{_CODE})){{0,{len(LANGUAGES) - 1}}})?$",
            "examples": ["en", "es-en-fr"],
        },
    ),
]


class AmendmentController(Controller):
    path = "/processes/{slug:str}"
    tags = ("amendments",)

    @post("/amendments")
    def propose(self, db: Db, actor: Who, slug: Slug, data: JSONBody[ProposeAmendment]) -> AmendmentView:
        """Propose a change of paragraph `eid` of `version` (a number, a label, or `draft` for the committee):
        `modify` (the new text), `insert` (a new paragraph after `eid`) or `delete`."""
        return amendments.propose(db, actor, slug, data)

    @get("/amendments", response_headers=[LINK])
    def amendments(
        self,
        request: AnyRequest,
        db: Db,
        actor: Who,
        slug: Slug,
        version: Query = None,
        status: StatusFilter = None,
        eid: Query = None,
        proposer: Query = None,
        delegation: DelegationQuery = None,
        limit: Limit = LIST_LIMIT,
        offset: Offset = 0,
    ) -> Response[list[AmendmentView]]:
        """In the order of their numbers (the committee's on the working draft, D1, D2 …, after everyone's); open ones
        carry `rebase`: how they stand on the current text (the draft for the committee, else the latest version). A
        part of at most `limit` from `offset`; the `Link` header names the next. `delegation`: those filed or
        co-sponsored on behalf of that delegation (its code)."""
        return part(
            request,
            amendments.list_amendments(
                db,
                actor,
                slug,
                version=version,
                status=status,
                eid=eid,
                proposer=proposer,
                delegation=delegation,
                limit=limit + 1,
                offset=offset,
            ),
            limit,
            offset,
        )

    @post("/amendments/import", request_max_body_size=MAX_DOCX, status_code=201)
    def import_word(
        self,
        db: Db,
        actor: Who,
        slug: Slug,
        body: RawBody,
        version: VersionText,
        preview: FromQuery[bool] = True,
        on_behalf_of: OnBehalfOf = None,
        skip: FromQuery[list[str] | None] = None,
        filename: FileName = None,
        delegation: DelegationQuery = None,
    ) -> Response[WordImportView]:
        """The body is a Word file (.docx): its tracked changes become amendments to `version` (the committee:
        also `draft`), each on the paragraph it was matched to (its eId bookmark, the same text, or similar
        text), and its margin comments threads on the commented words, with their replies; without tracked
        changes, the file is compared paragraph by paragraph. `preview=true` (the default) answers 200 with all
        that filing would make, and what could not be placed (`unplaced`), saving nothing; `preview=false` files
        it all (201), but the places `skip` names (`p12`, `c3`: each item's `source.key` in the preview). The
        committee files for a member with `on_behalf_of` (their e-mail). Each change is filed on behalf of
        `delegation` (its code: the committee names any, a member only theirs); left out, on behalf of the
        delegation its Word author was mapped to, else the proposer's own. Filing with `delegation` maps the
        file's Word authors to it for the next files."""
        view = amendments.import_word(
            db,
            actor,
            slug,
            ImportWord.build(
                version=version,
                data=body,
                filename=filename,
                preview=preview,
                on_behalf_of=on_behalf_of,
                skip=[k for part in skip or [] for k in part.split(",")],
                delegation=delegation,
            ),
        )
        return Response(view, status_code=200 if preview else 201)

    @post("/amendments/decisions", status_code=200)  # decides, creates nothing
    def decide_in_order(self, db: Db, actor: Who, slug: Slug, data: JSONBody[DecideInOrder]) -> list[AmendmentView]:
        """A voting list: each decision (`number`: 7, "A7" or "D3"; `decision`, `reason`, `text` for
        `accepted_as_modified`) taken in its order on the text the ones before it made; if one is refused (it no longer
        applies, it is not open …) none is taken, and the answer says which (`detail.position`, `detail.number`) and why
        (`detail.refused`)."""
        return amendments.decide_amendments(db, actor, slug, data)

    @post("/amendments/compromise")
    def compromise(self, db: Db, actor: Who, slug: Slug, data: JSONBody[Compromise]) -> AmendmentView:
        """Merge open amendments to one paragraph (`amendments`: 7, "A7" or "D3") into one wording, applied to the
        working draft: the compromise is one of the committee's amendments to the working draft (D…)."""
        return amendments.compromise(db, actor, slug, data)

    @get("/amendments/{number:str}")
    def amendment(self, db: Db, actor: Who, slug: Slug, number: AmendmentRef) -> AmendmentView:
        return amendments.get_amendment(db, actor, slug, number)

    @put("/amendments/{number:str}")
    def edit(
        self, db: Db, actor: Who, slug: Slug, number: AmendmentRef, data: JSONBody[EditAmendment]
    ) -> AmendmentView:
        """Its proposer rewords it (or its rationale) while it is open."""
        return amendments.edit(db, actor, slug, number, data)

    @put("/amendments/{number:str}/renderings/{lang:str}")
    def render(
        self, db: Db, actor: Who, slug: Slug, number: AmendmentRef, lang: Lang, data: JSONBody[SetRendering]
    ) -> RenderingView:
        """Its wording in `lang` (that language's translators, or the committee), made from that edition's paragraph
        so that only the amended words differ; `base_revision`: the revision of the rendering it started from (at first
        the paragraph's, as the queue gives it), 409 with the diff when it changed since. Into the source language it
        becomes the amendment's wording there (what accepting it applies); `outside`: it changes words outside the
        amendment's span there, for the reviewer."""
        return renderings.set_rendering(db, actor, slug, number, lang, data)

    @get("/amendments/{number:str}/renderings/{lang:str}/machine")
    def machine_rendering(
        self, request: AnyRequest, db: Db, actor: Who, slug: Slug, number: AmendmentRef, lang: Lang
    ) -> MachineDraftView:
        """A machine draft of the amendment's words in `lang`, for its translators: the whole amended paragraph, a
        suggestion to read beside that edition's paragraph (whose words a rendering keeps); never saved by itself."""
        engine = machine.engine_from(request.app.state.settings)
        return renderings.machine_rendering(db, engine, actor, slug, number, lang)

    @get("/amendments/{number:str}/renderings/{lang:str}/memory")
    def rendering_memory(
        self, db: Db, actor: Who, slug: Slug, number: AmendmentRef, lang: Lang
    ) -> list[SuggestionView]:
        """The translation memory for the amendment in `lang`, for its translators: approved translations of source
        texts like the amendment's wording in the source language, best first (empty while it waits to be rendered
        into the source); the paragraph's own earlier translations are marked `previous`."""
        return renderings.rendering_memory(db, actor, slug, number, lang)

    @post("/amendments/{number:str}/cosponsors", operation_class=OptionalBody)
    def cosponsor(
        self, db: Db, actor: Who, slug: Slug, number: AmendmentRef, data: JSONBody[CosponsorAs | None] = None
    ) -> AmendmentView:
        """The caller co-sponsors it, on behalf of `delegation` (the caller's own delegation when left out; the
        committee may name any, a member only theirs: 403); a person once, a delegation once (409)."""
        return amendments.cosponsor(db, actor, slug, number, data or CosponsorAs())

    @post("/amendments/{number:str}/withdraw")
    def withdraw(self, db: Db, actor: Who, slug: Slug, number: AmendmentRef) -> AmendmentView:
        return amendments.withdraw(db, actor, slug, number)

    @post("/amendments/{number:str}/refresh", operation_class=OptionalBody)
    def refresh(
        self, db: Db, actor: Who, slug: Slug, number: AmendmentRef, data: JSONBody[EditAmendment | None] = None
    ) -> AmendmentView:
        """Its proposer moves it onto the current text; `text` is needed when its words changed."""
        return amendments.refresh(db, actor, slug, number, data or EditAmendment())

    @post("/amendments/{number:str}/decision")
    def decide(
        self, db: Db, actor: Who, slug: Slug, number: AmendmentRef, data: JSONBody[DecideAmendment]
    ) -> AmendmentView:
        """`accepted` (applied to the working draft), `accepted_as_modified` (with `text`), `rejected` or
        `moot`, always with a `reason`. 409 with the conflict if it no longer applies."""
        return amendments.decide_amendment(db, actor, slug, number, data)

    @post("/amendments/{number:str}/reopen", status_code=200)
    def reopen(self, db: Db, actor: Who, slug: Slug, number: AmendmentRef) -> AmendmentView:
        """The committee takes back a decision (accepted, rejected, moot) until the next version circulates: the
        amendment is open again, and what accepting it wrote in the working draft is undone (409 if the paragraph
        changed since)."""
        return amendments.reopen_amendment(db, actor, slug, number)

    @get("/compilation")
    def compilation(
        self, db: Db, actor: Who, slug: Slug, version: Query = None, lang: CompilationLang = None
    ) -> CompilationView | CompilationInLanguages:
        """Every paragraph of the version (default: the latest) with its open amendments. With `lang`, in that
        language of the process, or in several side by side (`es-en-fr`): each paragraph in each (`translated` false:
        the source text, it has no translation of this source text yet), each amendment's wording in each (`state`
        `not_rendered`: the words it was proposed in, `words` says which)."""
        if not asked(lang):
            return amendments.compilation(db, actor, slug, version)
        return compilation_in_languages(db, actor, slug, lang, version)

    @get("/compilation.docx", media_type=DOCX)
    def compilation_docx(
        self, db: Db, actor: Who, slug: Slug, version: Query = None, lang: CompilationLang = None
    ) -> Response[bytes]:
        """The compilation as a Word file: each amendment a tracked change by its proposer. With `lang`, in that
        language (the text its edition, each amendment its rendering, the file's own words in it), or in several side
        by side (`es-en-fr`: a table, a column per language)."""
        file = amendments.compilation_file(db, actor, slug, version, lang)
        return docx_response(file.body, file.name)

    @get("/disposition", response_headers=[LINK])
    def disposition(
        self,
        request: AnyRequest,
        db: Db,
        actor: Who,
        slug: Slug,
        version: Query = None,
        lang: CompilationLang = None,
        limit: Limit = LIST_LIMIT,
        offset: Offset = 0,
    ) -> Response[list[DispositionInLanguages]]:
        """Every amendment made against the version, with its decision, a part at a time (the whole table:
        `disposition.csv`). With `lang` (one language or several: `es-en-fr`), each one's `wordings` in each, and
        `ref` as the first prints it."""
        found = disposition_in_languages(db, actor, slug, version, lang, limit + 1, offset)
        return part(request, found, limit, offset)

    @get("/disposition.csv", media_type="text/csv")
    def disposition_csv(
        self, db: Db, actor: Who, slug: Slug, version: Query = None, lang: CompilationLang = None
    ) -> Response[str]:
        """The disposition table as a spreadsheet. With `lang`, its headers and words in that language (the first of
        several), a wording column per language."""
        text = amendments.disposition_csv(db, actor, slug, version, lang)
        name = f"{slug}-disposition-{slugify(lang)}.csv" if asked(lang) else f"{slug}-disposition.csv"
        return csv_response(text, name)

    @put("/paragraphs/{eid:str}/status")
    def set_status(self, db: Db, actor: Who, slug: Slug, eid: Eid, data: JSONBody[SetParagraphStatus]) -> StatusView:
        """open, agreed_ad_ref, agreed (in plenary), bracketed, pending, agreed_informals or reopened, with a note."""
        return amendments.set_paragraph_status(db, actor, slug, eid, data)

    @post("/paragraphs/status", status_code=200)  # changes statuses, creates nothing
    def set_statuses(self, db: Db, actor: Who, slug: Slug, data: JSONBody[SetParagraphStatuses]) -> list[StatusView]:
        """One status (and note) for many paragraphs (`eids`): all of them, or none if one is unknown (404)."""
        return amendments.set_paragraph_statuses(db, actor, slug, data)

    @get("/status")
    def status(self, db: Db, actor: Who, slug: Slug) -> DashboardView:
        """How the negotiation stands: counts per status, and what holds the text back."""
        return amendments.dashboard(db, actor, slug)

    @put("/versions/{ref:str}/deadline")
    def deadline(self, db: Db, actor: Who, slug: Slug, ref: VersionRef, data: JSONBody[SetDeadline]) -> DashboardView:
        """After this moment only the committee files amendments against the version."""
        return amendments.set_deadline(db, actor, slug, ref, data)

    @post("/silence")
    def start_silence(self, db: Db, actor: Who, slug: Slug, data: JSONBody[StartSilence]) -> SilenceView:
        """Put a version under silence until `deadline`: adopted then, unless someone objects."""
        return amendments.start_silence(db, actor, slug, data)

    @get("/silence")
    def silence(self, db: Db, actor: Who, slug: Slug) -> SilenceView | None:
        """The last silence procedure (null if there never was one): running, adopted or broken."""
        return amendments.get_silence(db, actor, slug)

    @post("/silence/objections")
    def objection(self, db: Db, actor: Who, slug: Slug, data: JSONBody[Objection]) -> SilenceView:
        return amendments.object_to_silence(db, actor, slug, data)
