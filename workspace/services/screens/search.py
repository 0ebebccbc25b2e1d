"""The search pages at once: what was asked, what was found (or why the words were refused), and the process's
versions for the filter."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy.orm import Session

from ...domain.errors import InvalidInput
from .. import search
from ..actor import Actor
from ..declaration.versions import list_versions
from ..declaration.views import VersionSummary
from ..processes import processes
from ..processes.views import ProcessView
from ..search.views import HitView
from ..unit import reads

PAGE = 20


class Asked(Struct, frozen=True, kw_only=True):
    q: str = ""
    lang: str = ""
    kind: str = ""
    version: str = ""
    page: int = 1


class SearchScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView | None  # None: every process and published declaration (`/search`)
    asked: Asked
    hits: list[HitView]
    more: bool  # a next page
    versions: list[VersionSummary] = []
    refused: InvalidInput | None = None  # the words asked are no search (nothing to look for, too much)


@reads
def process_search_screen(tx: Session, actor: Actor | None, slug: str, asked: Asked) -> SearchScreen:
    process = processes.get_process(tx, actor, slug)
    versions = list_versions(tx, actor, slug)
    if not asked.q.strip():
        return SearchScreen(process=process, asked=asked, hits=[], more=False, versions=versions)
    try:
        hits = search.in_process(
            tx,
            actor,
            slug,
            asked.q,
            lang=asked.lang or None,
            kind=asked.kind or None,
            version=asked.version or None,
            limit=PAGE + 1,
            offset=(asked.page - 1) * PAGE,
        )
    except InvalidInput as refused:  # shown beside the box, with what was typed
        return SearchScreen(process=process, asked=asked, hits=[], more=False, versions=versions, refused=refused)
    return SearchScreen(process=process, asked=asked, hits=hits[:PAGE], more=len(hits) > PAGE, versions=versions)


@reads
def everywhere_screen(tx: Session, actor: Actor | None, asked: Asked) -> SearchScreen:
    if not asked.q.strip():
        return SearchScreen(process=None, asked=asked, hits=[], more=False)
    try:
        hits = search.everywhere(
            tx, actor, asked.q, lang=asked.lang or None, limit=PAGE + 1, offset=(asked.page - 1) * PAGE
        )
    except InvalidInput as refused:
        return SearchScreen(process=None, asked=asked, hits=[], more=False, refused=refused)
    return SearchScreen(process=None, asked=asked, hits=hits[:PAGE], more=len(hits) > PAGE)
