"""The declaration: working draft, circulated versions, compares, history, coverage."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from litestar import Controller, Response
from litestar.concurrency import sync_to_thread
from litestar.params import QueryParameter

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
from ...services.declaration import coverage, draft, importing, references, versions
from ...services.declaration.views import (
    CompareView,
    CoverageView,
    CrosswalkView,
    DraftView,
    ImportView,
    ParagraphHistory,
    ParagraphView,
    VersionSummary,
    VersionView,
)
from ...services.publication import downloads
from ..downloads import made_response
from ..http import AnyRequest
from ..openapi import also_as
from ..params import Db, Eid, FromQuery, JSONBody, Ref, Slug, VersionRef, Who
from ..responses import csv_response
from ..routes import finishing
from .routes import delete, get, get_waiting, post, put
from .schemas import LinkInput

# Documented here, checked by the service (its 422 says what is wrong).
# Empty, as a form sends an unchosen choice, is the default (docx; the source language).
DownloadFormat = Annotated[str, QueryParameter(schema_extra={"enum": [*sorted(downloads.FORMATS), ""]})]
DownloadLanguages = Annotated[
    str | None,
    QueryParameter(schema_extra={"pattern": "^(?:[a-z]{2}(-[a-z]{2}){0,2})?$", "examples": ["en", "es-en-fr"]}),
]


class DeclarationController(Controller):
    path = "/processes/{slug:str}"
    tags = ("declaration",)

    @get("/draft")
    def draft(self, db: Db, actor: Who, slug: Slug) -> DraftView:
        """The working draft (drafting committee only); each paragraph carries its revision."""
        return draft.get_draft(db, actor, slug)

    @post("/draft/paragraphs")
    def add_paragraph(self, db: Db, actor: Who, slug: Slug, data: JSONBody[AddParagraph]) -> ParagraphView:
        return draft.add_paragraph(db, actor, slug, data)

    @put("/draft/paragraphs/{eid:str}")
    def edit_paragraph(self, db: Db, actor: Who, slug: Slug, eid: Eid, data: JSONBody[EditParagraph]) -> ParagraphView:
        """Replace the text; `base_revision` is the revision you edited. 409 with the current text if stale."""
        return draft.edit_paragraph(db, actor, slug, eid, data)

    @post("/draft/paragraphs/{eid:str}/move")
    def move_paragraph(self, db: Db, actor: Who, slug: Slug, eid: Eid, data: JSONBody[MoveParagraph]) -> ParagraphView:
        """Put the paragraph after `after` (an eId), or first if `after` is empty."""
        return draft.move_paragraph(db, actor, slug, eid, data)

    @post("/draft/paragraphs/{eid:str}/restore")
    def restore_paragraph(
        self, db: Db, actor: Who, slug: Slug, eid: Eid, data: JSONBody[RestoreParagraph]
    ) -> ParagraphView:
        """An earlier text (`revision`, from the paragraph's history) becomes its text again, if the current
        one is still `base_revision`; a deleted paragraph comes back with its eId (after `after`)."""
        return draft.restore_paragraph(db, actor, slug, eid, data)

    @delete("/draft/paragraphs/{eid:str}")
    def delete_paragraph(self, db: Db, actor: Who, slug: Slug, eid: Eid, base_revision: FromQuery[str]) -> None:
        draft.delete_paragraph(db, actor, slug, eid, DeleteParagraph(base_revision=base_revision))

    @get("/versions")
    def versions(self, db: Db, actor: Who, slug: Slug) -> list[VersionSummary]:
        return versions.list_versions(db, actor, slug)

    @post("/versions")
    def circulate(self, db: Db, actor: Who, slug: Slug, data: JSONBody[Circulate]) -> VersionSummary:
        """Circulate the working draft as the next version."""
        return draft.circulate(db, actor, slug, data)

    @post("/versions/import")
    def import_version(self, db: Db, actor: Who, slug: Slug, data: JSONBody[ImportVersion]) -> ImportView:
        """A new version from a Markdown file; `preview` shows the matching and the changes without saving."""
        return importing.import_version(db, actor, slug, data)

    @get_waiting("/versions/{ref:str}")
    async def version(self, request: AnyRequest, db: Db, actor: Who, slug: Slug, ref: VersionRef) -> VersionView:
        """A version by number or label. `GET /versions/{ref}.docx` gives it as a Word file to amend with
        tracked changes and comments (each paragraph bookmarked with its eId), to upload to
        `POST /amendments/import` (the download's Word file in the version's language)."""
        if ref.endswith(".docx"):
            ask = partial(
                downloads.download, actor=actor, slug=slug, ref=ref.removesuffix(".docx"), format="docx", languages=None
            )
            return await made_response(request, db, ask)  # type: ignore[return-value]
        return await sync_to_thread(finishing(versions.get_version), db=db, actor=actor, slug=slug, ref=ref)

    @get_waiting(
        "/versions/{ref:str}/download",
        media_type=downloads.FORMATS["docx"],
        operation_class=also_as(downloads.FORMATS["pdf"]),
    )
    async def download(
        self,
        request: AnyRequest,
        db: Db,
        actor: Who,
        slug: Slug,
        ref: VersionRef,
        format: DownloadFormat = "docx",
        lang: DownloadLanguages = None,
        lines: FromQuery[bool] = False,
    ) -> Response[bytes]:
        """A version (a number, a label, or `draft` for the committee) as a file: `format` docx or pdf, `lang` one
        language (`en`) or several side by side (`es-en-fr`); the source language by default; `lines=true` numbers each
        page's lines (for the room). In the Word file each paragraph is bookmarked with its eId. A paragraph not
        translated reads in the source, marked `[es]`. Each file is made once and kept (the same bytes each time); while
        too many are being made, 503 (or 429 past a person's share) with `Retry-After`."""
        return await made_response(
            request,
            db,
            partial(downloads.download, actor=actor, slug=slug, ref=ref, format=format, languages=lang, lines=lines),
        )

    @get("/versions/{ref:str}/crosswalk")
    def crosswalk(self, db: Db, actor: Who, slug: Slug, ref: VersionRef) -> CrosswalkView:
        """How each paragraph's printed reference reads in this version against the version before it (`old` →
        `new`, in the reader's language): after a clean renumbering, or numbers held still (OP 7 bis, OP 9
        [deleted]). `GET …/crosswalk.csv` gives it as a spreadsheet."""
        return references.version_crosswalk(db, actor, slug, ref)

    @get("/versions/{ref:str}/crosswalk.csv", media_type="text/csv")
    def crosswalk_csv(self, db: Db, actor: Who, slug: Slug, ref: VersionRef) -> Response[str]:
        view = references.version_crosswalk(db, actor, slug, ref)
        return csv_response(references.crosswalk_csv(view), f"{slug}-crosswalk-{view.version}.csv")

    @post("/draft/renumber", status_code=200)
    def renumber(self, db: Db, actor: Who, slug: Slug) -> CrosswalkView:
        """Number the working draft cleanly now (committee): bis, ter and [deleted] give way to 1, 2, 3; the answer
        is the crosswalk from what it printed to its new references."""
        return references.renumber_draft(db, actor, slug)

    @put("/versions/{ref:str}/labels")
    def version_labels(
        self, db: Db, actor: Who, slug: Slug, ref: VersionRef, data: JSONBody[SetVersionLabels]
    ) -> VersionSummary:
        """The committee names a version in the process's other languages, all at once (`{"labels": {"en": "Zero draft",
        "fr": "Avant-projet"}}`; a language left out has none, and reads the source's label). A version asked for by any
        of its names is found; a name already another version's, in any language, is 409."""
        return versions.set_version_labels(db, actor, slug, ref, data)

    @put("/versions/{ref:str}")
    def edit_version(self, db: Db, actor: Who, slug: Slug, ref: VersionRef) -> None:
        """Always 409: circulated versions are immutable."""
        versions.edit_version(db, actor, slug, ref)

    @get("/compare")
    def compare(
        self,
        db: Db,
        actor: Who,
        slug: Slug,
        old: FromQuery[str],
        new: FromQuery[str],
        unchanged: FromQuery[bool] = False,
    ) -> CompareView:
        """`old` and `new`: a version number, a label, or `draft`. Changes in the newer text's order;
        unchanged paragraphs are counted, and listed only with `unchanged=true`. Each change's `ops`
        rebuild both texts exactly: the kept and deleted pieces joined are `old_text`, the kept and
        inserted ones `new_text` (a re-wrapped line is a deletion and an insertion of spaces)."""
        return versions.compare_texts(db, actor, slug, old, new, unchanged=unchanged)

    @get("/paragraphs/{eid:str}/history")
    def history(self, db: Db, actor: Who, slug: Slug, eid: Eid) -> ParagraphHistory:
        return versions.paragraph_history(db, actor, slug, eid)

    @get("/coverage")
    def coverage(self, db: Db, actor: Who, slug: Slug) -> CoverageView:
        return coverage.coverage(db, actor, slug)

    @post("/recommendations/{ref:str}/links")
    def link(self, db: Db, actor: Who, slug: Slug, ref: Ref, data: JSONBody[LinkInput]) -> list[str]:
        """Record that paragraph `eid` takes up this recommendation."""
        return coverage.link_recommendation(db, actor, slug, ref, data.eid)

    @delete("/recommendations/{ref:str}/links/{eid:str}", status_code=200)
    def unlink(self, db: Db, actor: Who, slug: Slug, ref: Ref, eid: Eid) -> list[str]:
        return coverage.unlink_recommendation(db, actor, slug, ref, eid)
