"""Search pages: a process's (`/p/{slug}/search`) and every process's and published declaration's (`/search`),
each a box with its filters and the hits, a page at a time."""

from __future__ import annotations

from typing import Any

from ...domain.paging import page_number
from ...services.screens import search as screens
from ..http import AnyRequest, AnyResponse
from ..params import Db, Query, Slug, Who
from ..routes import get
from .common import failure, page, parts


def _asked(request: AnyRequest, q: str | None) -> screens.Asked:
    got = request.query_params
    return screens.Asked(
        q=(q or "").strip(),
        lang=got.get("lang") or "",
        kind=got.get("kind") or "",
        version=got.get("version") or "",
        page=page_number(got.get("page")) or 1,
    )


def _shown(request: AnyRequest, name: str, screen: screens.SearchScreen, **context: Any) -> AnyResponse:
    refused: dict[str, Any] = failure(screen.refused) if screen.refused is not None else {"status": 200}
    return page(request, name, refused.pop("status"), **parts(screen), **refused, **context)


@get("/p/{slug:str}/search", include_in_schema=False)
def process_search(request: AnyRequest, db: Db, actor: Who, slug: Slug, q: Query = None) -> AnyResponse:
    """The process's texts the reader may read that hold the words asked: paragraphs (one per paragraph, with the
    versions it stood in and its other editions), amendments, threads, proposals, recommendations, positions."""
    screen = screens.process_search_screen(db, actor, slug, _asked(request, q))
    return _shown(request, "search/process.html", screen, tab="")


@get("/search", include_in_schema=False)
def everywhere(request: AnyRequest, db: Db, actor: Who, q: Query = None) -> AnyResponse:
    """Where was this agreed: every process the reader takes part in and every published declaration."""
    return _shown(request, "search/everywhere.html", screens.everywhere_screen(db, actor, _asked(request, q)))
