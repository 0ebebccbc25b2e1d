"""Searching: one process (`in_process`), or every process the reader may read and every published declaration
(`everywhere`). The store finds the candidates, the domain decides and ranks, each kind keeps what the reader may
not read out of the results, their counts and their snippets."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from ...domain.errors import N_, Choices, InvalidInput
from ...domain.permissions import Action
from ...domain.search.query import Query, read
from ...domain.search.snippets import snippet
from ...domain.vocabulary import parse_language
from ..access import process_for
from ..actor import Actor
from ..declaration.paragraphs import find_version, latest_version
from ..declaration.references import find_paragraph
from ..unit import reads
from . import bracketed, others, paragraphs
from .candidates import candidates
from .scopes import KINDS, Scope, every_scope, member_scope
from .views import HitView

MAX_LIMIT = 100
Hit = paragraphs.ParagraphHit | others.OtherHit


@reads
def in_process(
    tx: Session,
    actor: Actor | None,
    slug: str,
    q: str,
    *,
    lang: str | None = None,
    kind: str | None = None,
    version: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[HitView]:
    """What process `slug` holds of `q`, as the reader may read it; `lang`, `kind` and `version` narrow it."""
    process, role = process_for(tx, slug, actor, Action.READ)
    scope = member_scope(process, role, actor)
    query = read(q)
    version_id = None
    if version:
        if version.strip().lower() == paragraphs.DRAFT:
            raise InvalidInput(N_("Search the working draft by leaving the version out."), detail={"field": "version"})
        version_id = find_version(tx, process, version).id
    kinds = _kinds(kind)
    hits = _hits(tx, [scope], query, _language(lang), kinds, version_id)
    if query.reference is not None and "paragraph" in kinds:
        hits = _referenced(tx, scope, query, hits)
    return _page(tx, hits, query, limit, offset)


@reads
def everywhere(
    tx: Session, actor: Actor | None, q: str, *, lang: str | None = None, limit: int = 20, offset: int = 0
) -> list[HitView]:
    """What every process the reader takes part in holds of `q`, and every published declaration."""
    query = read(q)
    hits = _hits(tx, every_scope(tx, actor), query, _language(lang), KINDS, None)
    return _page(tx, hits, query, limit, offset)


def _language(lang: str | None) -> str | None:
    return parse_language(lang) if lang else None


def _kinds(kind: str | None) -> tuple[str, ...]:
    if not kind:
        return KINDS
    if kind not in KINDS:
        raise InvalidInput(
            N_("Unknown kind “{kind}”: use one of {allowed}."),
            kind=kind,
            allowed=Choices(KINDS),
            detail={"field": "kind"},
        )
    return (kind,)


def _hits(
    tx: Session,
    scopes: Sequence[Scope],
    query: Query,
    language: str | None,
    kinds: Sequence[str],
    version_id: int | None,
) -> list[Hit]:
    """Every hit the reader may read, best first: the better match, then the more recent."""
    by_id = {scope.process.id: scope for scope in scopes}
    wanted = {kind for scope in scopes for kind in scope.kinds if kind in kinds}
    if not by_id or not wanted:
        return []
    read = wanted | ({"paragraph"} if "bracket" in wanted else set())  # a bracket is found in its paragraph's text
    grouped: dict[tuple[int, str], list[Any]] = defaultdict(list)
    for row in candidates(tx, list(by_id), query, language, read):
        if row.kind in by_id[row.process_id].kinds:
            grouped[(row.process_id, row.kind)].append(row)
    hits: list[Hit] = []
    for (process_id, kind), rows in grouped.items():
        scope = by_id[process_id]
        if kind == "paragraph":
            found = paragraphs.found(tx, scope, rows, query, version_id)
            hits.extend(found if "paragraph" in wanted else [])
            hits.extend(bracketed.in_brackets(found, query) if "bracket" in wanted else [])
        else:
            hits.extend(others.found(tx, scope, kind, rows, query))
    return sorted(hits, key=_rank)


def _rank(hit: Hit) -> tuple[Any, ...]:
    """Better matches first, then what stands in a later text (a paragraph) or came later (an item's number); then an
    order both stores share (the process, the item's name), never the index's row ids, which each store numbers its
    own way."""
    if isinstance(hit, paragraphs.ParagraphHit):
        return (-hit.score, -hit.newest, hit.scope.process.slug, _natural(hit.eid))
    numbers = [int(n) for n in re.findall(r"\d+", hit.item)]
    return (-hit.score, 0, hit.scope.process.slug, hit.kind, [-n for n in numbers], hit.item)


def _natural(name: str) -> list[tuple[str, int]]:
    """ "op_12" after "op_9": the text and the numbers of a name, in order."""
    return [(part, 0) if i % 2 == 0 else ("", int(part)) for i, part in enumerate(re.split(r"(\d+)", name))]


def _referenced(tx: Session, scope: Scope, query: Query, hits: list[Hit]) -> list[Hit]:
    """A printed reference typed ("OP 14"): that paragraph first, as it reads in the latest text the reader has."""
    latest = None if scope.committee else latest_version(tx, scope.process)
    if latest is None and not scope.committee:
        return hits
    typed = f"{query.words[0]} {' '.join(query.words[1:])}"
    eid = find_paragraph(tx, scope.process, typed, latest)
    if eid is None:
        return hits
    first = [h for h in hits if isinstance(h, paragraphs.ParagraphHit) and h.eid == eid]
    rest = [h for h in hits if h not in first]
    return (first or paragraphs.referenced(tx, scope, eid, latest)) + rest


def _page(tx: Session, hits: list[Hit], query: Query, limit: int, offset: int) -> list[HitView]:
    shown = hits[offset : offset + min(limit, MAX_LIMIT + 1)]
    editions = paragraphs.complete(tx, [hit for hit in shown if isinstance(hit, paragraphs.ParagraphHit)])
    return [_view(tx, hit, query, editions) for hit in shown]


def _view(tx: Session, hit: Hit, query: Query, editions: dict[tuple[int, str], dict[str, str]]) -> HitView:
    row = hit.row
    if isinstance(hit, paragraphs.ParagraphHit):
        said = paragraphs.reading(tx, hit, editions)
    else:
        said = others.reading(tx, hit)
    eid = hit.eid if isinstance(hit, paragraphs.ParagraphHit) else said.pop("eid", None)
    return HitView(
        kind="bracket" if isinstance(hit, bracketed.BracketHit) else row.kind,
        process=hit.scope.process.slug,
        lang=row.language,
        snippet=snippet(hit.bracket if isinstance(hit, bracketed.BracketHit) else row.text, query, row.language),
        eid=eid,
        **said,
    )
