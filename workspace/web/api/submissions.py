"""Submission windows, delegations' proposals, the compilation and a version's provenance (issue 33)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response
from litestar.params import QueryParameter, RawBody

from ...domain.submissions.submissions import CompileSubmissions, OpenWindow, RenderSubmission, Submit
from ...domain.word.word_reading import MAX_DOCX
from ...services import submissions
from ...services.submissions import CompilationView, ProvenanceView, SubmissionView, WindowView
from ..http import AnyRequest
from ..params import Db, JSONBody, Number, Slug, VersionRef, Who
from ..responses import csv_response
from .paging import LINK, LIST_LIMIT, Limit, Offset, part
from .routes import get, post, put
from .schemas import DelegationQuery, text_schema

FileName = Annotated[str | None, QueryParameter(schema_extra=text_schema(200))]
WindowNumber = Annotated[int | None, QueryParameter(ge=1, le=2_147_483_647, description="A window's number")]


class SubmissionController(Controller):
    path = "/processes/{slug:str}"
    tags = ("submissions",)

    @post("/submissions/windows", status_code=201)
    def open_window(self, db: Db, actor: Who, slug: Slug, data: JSONBody[OpenWindow]) -> WindowView:
        """The committee opens a window for proposals: its dates and, if not the whole text, its paragraphs."""
        return submissions.open_window(db, actor, slug, data)

    @get("/submissions/windows")
    def windows(self, db: Db, actor: Who, slug: Slug) -> list[WindowView]:
        return submissions.list_windows(db, actor, slug)

    @post("/submissions", status_code=201)
    def submit(
        self, db: Db, actor: Who, slug: Slug, data: JSONBody[Submit], window: WindowNumber = None
    ) -> SubmissionView:
        """A delegation's proposal in the window open now (409 with its dates outside it; 422 naming a paragraph it
        does not open)."""
        return submissions.submit(db, actor, slug, data, window)

    @post("/submissions/import", request_max_body_size=MAX_DOCX, status_code=201)
    def submit_file(
        self,
        request: AnyRequest,
        db: Db,
        actor: Who,
        slug: Slug,
        body: RawBody,
        window: WindowNumber = None,
        delegation: DelegationQuery = None,
        filename: FileName = None,
    ) -> list[SubmissionView]:
        """The body is a delegation's text of the latest version: a Word file (.docx, tracked changes or rewritten) or
        Markdown in the drafts format. Each difference is one proposal (new wording, a new paragraph, a deletion),
        all filed in the window or none; 415 naming what a file of another kind is, or the content type it was sent
        as if no proposals come in it (`application/xml`); 422 past what a delegation files in a window."""
        return submissions.submit_file(
            db,
            actor,
            slug,
            body,
            filename or "proposals",
            delegation or None,
            window,
            request.headers.get("content-type"),
        )

    @put("/submissions/{number:int}/rendering")
    def render(
        self, db: Db, actor: Who, slug: Slug, number: Number, data: JSONBody[RenderSubmission]
    ) -> SubmissionView:
        """The committee renders a proposal written in another edition into the source language: what the
        compilation takes (it refuses, naming them, proposals not rendered yet). 409 with the diff when the rendering
        changed since `base_revision`, or once the proposal is compiled."""
        return submissions.render_submission(db, actor, slug, number, data)

    @get("/submissions", response_headers=[LINK])
    def list_submissions(
        self,
        request: AnyRequest,
        db: Db,
        actor: Who,
        slug: Slug,
        window: WindowNumber = None,
        delegation: DelegationQuery = None,
        limit: Limit = LIST_LIMIT,
        offset: Offset = 0,
    ) -> Response[list[SubmissionView]]:
        """The proposals, of a window or of a delegation: `compiled_eid` is the paragraph each was compiled into, and
        `went` where its words are now (kept, amended or merged into another paragraph of the latest version,
        dropped, or in the working draft, not circulated yet)."""
        found = submissions.list_submissions(db, actor, slug, window, delegation or None, limit + 1, offset)
        return part(request, found, limit, offset)

    @post("/compilations", status_code=201)
    def compile(self, db: Db, actor: Who, slug: Slug, data: JSONBody[CompileSubmissions]) -> CompilationView:
        """The proposals not compiled yet, each in full as submitted after the paragraph it is about, in the working
        draft (and circulated, with `circulate`)."""
        return submissions.compile_submissions(db, actor, slug, data)

    @get("/versions/{ref:str}/provenance")
    def provenance(self, db: Db, actor: Who, slug: Slug, ref: VersionRef) -> ProvenanceView:
        """Each paragraph of the version, the paragraphs of the version before it came from, whose proposals they
        held, and how (kept, amended, moved, merged, new); and those that came to nothing (dropped)."""
        return submissions.version_provenance(db, actor, slug, ref)

    @get("/versions/{ref:str}/provenance.csv", media_type="text/csv")
    def provenance_csv(self, db: Db, actor: Who, slug: Slug, ref: VersionRef) -> Response[str]:
        view = submissions.version_provenance(db, actor, slug, ref)
        return csv_response(submissions.provenance_csv(view), f"{slug}-provenance.csv")
