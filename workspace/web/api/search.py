"""Search: one process's texts, or every process the caller reads and every published declaration."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response
from litestar.params import QueryParameter

from ...domain.search.query import MAX_QUERY
from ...domain.vocabulary import LANGUAGES
from ...services import search
from ...services.search.finding import MAX_LIMIT
from ...services.search.scopes import KINDS
from ...services.search.views import HitView
from ..http import AnyRequest
from ..openapi import PublicOperation
from ..params import Db, Query, Slug, Who
from .paging import LINK, Offset, part
from .routes import get
from .schemas import choice_filter, text_schema

Words = Annotated[
    str,
    QueryParameter(
        description="What to look for: words (accents and case aside; a word finds its inflections and the words it "
        'begins), "a phrase in quotes", or a printed reference ("OP 14").',
        schema_extra=text_schema(MAX_QUERY, required=True),
    ),
]
SearchLang = Annotated[
    str | None, choice_filter(LANGUAGES, description="Only texts in this language (an edition, a rendering).")
]
Kind = Annotated[str | None, choice_filter(KINDS, description="Only this kind of text.")]
Limit = Annotated[
    int, QueryParameter(ge=1, le=MAX_LIMIT, description=f"At most this many (default 20, at most {MAX_LIMIT}).")
]


class SearchController(Controller):
    tags = ("search",)

    @get("/processes/{slug:str}/search", response_headers=[LINK])
    def in_process(
        self,
        request: AnyRequest,
        db: Db,
        actor: Who,
        slug: Slug,
        q: Words,
        lang: SearchLang = None,
        kind: Kind = None,
        version: Query = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> Response[list[HitView]]:
        """What the process holds of `q` that the caller may read — its paragraphs (the working draft's for the
        committee, every circulated version's in every edition: one hit per paragraph, with the versions it stood in
        and its other editions), amendments, threads, submissions, recommendations and positions' notes — the best
        match first. `version` (a number or a label): only paragraphs standing in it. The `Link` header names the
        next part."""
        found = search.in_process(
            db, actor, slug, q, lang=lang or None, kind=kind or None, version=version, limit=limit + 1, offset=offset
        )
        return part(request, found, limit, offset)

    @get("/search", response_headers=[LINK], security=[], operation_class=PublicOperation)
    def everywhere(
        self,
        request: AnyRequest,
        db: Db,
        actor: Who,
        q: Words,
        lang: SearchLang = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> Response[list[HitView]]:
        """Where was this agreed: `q` in every process the caller takes part in and in every published declaration
        (for anyone, signed in or not), the best match first; each hit names its `process`."""
        return part(
            request, search.everywhere(db, actor, q, lang=lang or None, limit=limit + 1, offset=offset), limit, offset
        )
