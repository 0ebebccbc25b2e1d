"""The index made anew: for one process or every one (`accord search reindex`; a restored backup)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import N_, NotFound
from ...store.models import Process
from ...store.search_index import rebuild
from ..unit import use_case


@use_case
def reindex(tx: Session, slug: str | None = None) -> int:
    """How many texts were indexed: process `slug`'s, or every process's."""
    query = select(Process)
    if slug is not None:
        query = query.where(Process.slug == slug)
    processes = list(tx.scalars(query))
    if slug is not None and not processes:
        raise NotFound(N_("No process “{slug}”."), slug=slug)
    return sum(rebuild(tx, process) for process in processes)
