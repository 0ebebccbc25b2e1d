"""The brackets of a negotiated text, their dashboard and the clean text they leave (issue 33)."""

from __future__ import annotations

from typing import Annotated, cast

import msgspec
from litestar import Controller, MediaType, Response
from litestar.params import PathParameter

from ... import i18n
from ...domain.brackets.bracket_commands import MarkBracket, ResolveBracket
from ...domain.vocabulary import LANGUAGES
from ...renderers.burndown_svg import burndown_svg
from ...services import brackets
from ...services.brackets import BracketSummary, BracketView, BurndownPoint, CleanView
from ...services.kept import LastUsed
from ..http import AnyRequest
from ..params import Db, JSONBody, Query, Slug, VersionRef, Who
from .paging import LINK, LIST_LIMIT, Limit, Offset, part
from .routes import get, post, put
from .schemas import DelegationQuery, choice_filter

BracketId = Annotated[
    str, PathParameter(max_length=100, description="A bracket's id, as its list gives it: op_12~3f9c0a41be")
]
# `state` names Litestar's own application state in a handler's arguments: the filter is read under another name.
StateFilter = Annotated[str | None, choice_filter(("open", "agreed", "dropped"), name="state")]
# es, en or fr (empty, as an unchosen form filter, or absent: the source language); the service then refuses one the
# process lacks, naming it.
Lang = Annotated[str | None, choice_filter(LANGUAGES, description="A language of the process (default: its source)")]


# A summary is kept until the process's next entry, the same one handed to every reader (services.brackets): encoded
# once too (a 3,000-paragraph text's is 400 KB, whose encoding was a fifth of a request under sixteen readers).
_ENCODED: LastUsed[int, tuple[BracketSummary, bytes]] = LastUsed(32)


def _encoded(view: BracketSummary) -> Response[BracketSummary]:
    kept = _ENCODED.find(id(view))
    if kept is None or kept[0] is not view:  # held with its bytes: its id names no other while kept
        kept = (view, msgspec.json.encode(view))
        _ENCODED.put(id(view), kept)
    return Response(cast(BracketSummary, kept[1]), media_type=MediaType.JSON)  # bytes go out as they are


class BracketController(Controller):
    path = "/processes/{slug:str}"
    tags = ("brackets",)

    @get("/brackets", response_headers=[LINK])
    def list_brackets(
        self,
        request: AnyRequest,
        db: Db,
        actor: Who,
        slug: Slug,
        version: Query = None,
        lang: Lang = None,
        bracket_state: StateFilter = None,
        delegation: DelegationQuery = None,
        limit: Limit = LIST_LIMIT,
        offset: Offset = 0,
    ) -> Response[list[BracketView]]:
        """The brackets of a version (its number or label; the latest by default, the working draft for the
        committee) in a language: nested ones (`parent`), adjacent alternatives as one bracket with its `options`,
        placeholders; on the draft also those agreed or dropped on it. A part of at most `limit` from `offset`."""
        found = brackets.list_brackets(
            db,
            actor,
            slug,
            version=version,
            lang=lang,
            state=bracket_state or None,
            delegation=delegation or None,
            limit=limit + 1,
            offset=offset,
        )
        return part(request, found, limit, offset)

    @post("/brackets/{bracket:str}/resolve", status_code=200)
    def resolve(
        self, db: Db, actor: Who, slug: Slug, bracket: BracketId, data: JSONBody[ResolveBracket]
    ) -> BracketView:
        """Agree on an option of a bracket of the working draft, or drop it: its paragraph is edited so, on its
        `base_revision` (409 with the diff when it moved on); 409 too if the bracket was resolved already."""
        return brackets.resolve_bracket(db, actor, slug, bracket, data)

    @put("/brackets/{bracket:str}")
    def mark(self, db: Db, actor: Who, slug: Slug, bracket: BracketId, data: JSONBody[MarkBracket]) -> BracketView:
        """The committee marks the option of an open bracket that the clean text takes, and the delegation that
        introduced it."""
        return brackets.mark_bracket(db, actor, slug, bracket, data)

    @get("/brackets/summary")
    def summary(
        self, db: Db, actor: Who, slug: Slug, version: Query = None, lang: Lang = None
    ) -> Response[BracketSummary]:
        """Per article (a top-level paragraph with its sub-items), the brackets by state and the open ones by
        delegation; the totals; what is unbalanced, by paragraph and line."""
        return _encoded(brackets.bracket_summary(db, actor, slug, version, lang))

    @get("/brackets/burndown")
    def burndown(self, db: Db, actor: Who, slug: Slug, lang: Lang = None) -> list[BurndownPoint]:
        """The open brackets of each circulated version, oldest first (and of the working draft, for the committee)."""
        return brackets.burndown(db, actor, slug, lang)

    @get("/brackets/burndown.svg", media_type="image/svg+xml")
    def burndown_chart(self, db: Db, actor: Who, slug: Slug, lang: Lang = None) -> Response[bytes]:
        """The burn-down as a chart (SVG), to show or to download."""
        points = brackets.burndown(db, actor, slug, lang)
        # In the reader's language, as the page around it: the chart's name and its working draft's bar.
        chart = burndown_svg(points, i18n.gettext("Open brackets per version"), i18n.gettext("working draft"))
        return Response(
            chart.encode("utf-8"),
            media_type="image/svg+xml",
            headers={"Content-Disposition": f'inline; filename="{slug}-brackets-burndown.svg"'},
        )

    @get("/versions/{ref:str}/clean")
    def clean(self, db: Db, actor: Who, slug: Slug, ref: VersionRef, lang: Lang = None) -> CleanView:
        """The clean-text preview of a version (or `draft`): every bracket resolved to its leading option (the first,
        unless the committee marked another; a placeholder dropped)."""
        return brackets.clean_text(db, actor, slug, ref, lang)

    @get("/versions/{ref:str}/clean.md", media_type="text/markdown; charset=utf-8")
    def clean_md(self, db: Db, actor: Who, slug: Slug, ref: VersionRef, lang: Lang = None) -> Response[str]:
        """The clean-text preview as a declaration file (Markdown)."""
        view = brackets.clean_text(db, actor, slug, ref, lang)
        return Response(brackets.clean_markdown(view), media_type="text/markdown")
