"""The declaration: working draft, circulated versions, compares, history, coverage."""

from __future__ import annotations

from litestar import Controller

from ...services import coverage, draft, version_import, versions
from ...services.declaration_views import (
    CompareView,
    CoverageView,
    DraftView,
    ImportView,
    ParagraphHistory,
    ParagraphView,
    VersionSummary,
    VersionView,
)
from ...services.unit import Store
from ...services.views import Actor
from ..routes import delete, get, post, put
from .schemas import CirculateInput, LinkInput, MoveInput, NewParagraph, ParagraphEdit, VersionFile


class DeclarationController(Controller):
    path = "/processes/{slug:str}"
    tags = ["declaration"]

    @get("/draft")
    def draft(self, db: Store, actor: Actor | None, slug: str) -> DraftView:
        """The working draft (drafting committee only); each paragraph carries its revision."""
        return draft.get_draft(db, actor, slug)

    @post("/draft/paragraphs")
    def add_paragraph(self, db: Store, actor: Actor | None, slug: str, data: NewParagraph) -> ParagraphView:
        return draft.add_paragraph(db, actor, slug, data.data())

    @put("/draft/paragraphs/{eid:str}")
    def edit_paragraph(self, db: Store, actor: Actor | None, slug: str, eid: str, data: ParagraphEdit) -> ParagraphView:
        """Replace the text; `base_revision` is the revision you edited. 409 with the current text if stale."""
        return draft.edit_paragraph(db, actor, slug, eid, data.data())

    @post("/draft/paragraphs/{eid:str}/move")
    def move_paragraph(self, db: Store, actor: Actor | None, slug: str, eid: str, data: MoveInput) -> ParagraphView:
        """Put the paragraph after `after` (an eId), or first if `after` is empty."""
        return draft.move_paragraph(db, actor, slug, eid, data.data())

    @delete("/draft/paragraphs/{eid:str}")
    def delete_paragraph(self, db: Store, actor: Actor | None, slug: str, eid: str, base_revision: str) -> None:
        draft.delete_paragraph(db, actor, slug, eid, {"base_revision": base_revision})

    @get("/versions")
    def versions(self, db: Store, actor: Actor | None, slug: str) -> list[VersionSummary]:
        return versions.list_versions(db, actor, slug)

    @post("/versions")
    def circulate(self, db: Store, actor: Actor | None, slug: str, data: CirculateInput) -> VersionSummary:
        """Circulate the working draft as the next version."""
        return draft.circulate(db, actor, slug, data.data())

    @post("/versions/import")
    def import_version(self, db: Store, actor: Actor | None, slug: str, data: VersionFile) -> ImportView:
        """A new version from a Markdown file; `preview` shows the matching and the changes without saving."""
        return version_import.import_version(
            db, actor, slug, data.filename, data.text, label=data.label, language=data.language, preview=data.preview
        )

    @get("/versions/{ref:str}")
    def version(self, db: Store, actor: Actor | None, slug: str, ref: str) -> VersionView:
        """A version by number or label."""
        return versions.get_version(db, actor, slug, ref)

    @put("/versions/{ref:str}")
    def edit_version(self, db: Store, actor: Actor | None, slug: str, ref: str) -> None:
        """Always 409: circulated versions are immutable."""
        versions.edit_version(db, actor, slug, ref)

    @get("/compare")
    def compare(self, db: Store, actor: Actor | None, slug: str, old: str, new: str) -> CompareView:
        """`old` and `new`: a version number, a label, or `draft`. Changes in the newer text's order."""
        return versions.compare_texts(db, actor, slug, old, new)

    @get("/paragraphs/{eid:str}/history")
    def history(self, db: Store, actor: Actor | None, slug: str, eid: str) -> ParagraphHistory:
        return versions.paragraph_history(db, actor, slug, eid)

    @get("/coverage")
    def coverage(self, db: Store, actor: Actor | None, slug: str) -> CoverageView:
        return coverage.coverage(db, actor, slug)

    @post("/recommendations/{ref:str}/links")
    def link(self, db: Store, actor: Actor | None, slug: str, ref: str, data: LinkInput) -> list[str]:
        """Record that paragraph `eid` takes up this recommendation."""
        return coverage.link_recommendation(db, actor, slug, ref, data.eid)

    @delete("/recommendations/{ref:str}/links/{eid:str}", status_code=200)
    def unlink(self, db: Store, actor: Actor | None, slug: str, ref: str, eid: str) -> list[str]:
        return coverage.unlink_recommendation(db, actor, slug, ref, eid)
