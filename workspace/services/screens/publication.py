"""What the committee's publish page shows at once, read in one transaction."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.paging import Window, window
from ...domain.permissions import Action
from ...store.models import Publication
from .. import processes
from ..access import process_for
from ..actor import Actor
from ..declaration import versions
from ..declaration.views import VersionSummary
from ..processes.views import ProcessView
from ..publication.gate import check_gate
from ..publication.records import summaries
from ..publication.views import GateView, PublicationSummary
from ..unit import reads


class PublishScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    versions: list[VersionSummary]
    chosen: str | None  # the version asked for (its number), by default the latest
    gate: GateView | None  # its blockers: the page's, of the kind asked
    published: list[PublicationSummary]  # earlier publications, which a corrigendum corrects
    kinds: dict[str, int]  # how many blockers of each kind, in the gate's order
    kind: str  # the kind shown ("" for all)
    window: Window


GATE_PAGE = 100


@reads
def publish_screen(
    tx: Session, actor: Actor | None, slug: str, version: str | None, kind: str | None = None, page: int | None = None
) -> PublishScreen:
    """The gate of the version chosen, its blockers grouped by kind with their counts, a page of them shown."""
    process = processes.get_process(tx, actor, slug)
    listed = versions.list_versions(tx, actor, slug)
    chosen = version or (str(listed[-1].number) if listed else None)
    counted = check_gate(tx, actor, slug, chosen, limit=0) if chosen else None  # the committee's only: 403 for others
    row, _ = process_for(tx, slug, actor, Action.READ)
    rows = list(tx.scalars(select(Publication).where(Publication.process_id == row.id).order_by(Publication.number)))
    kinds = counted.counts if counted else {}
    kind = kind if kind in kinds else ""
    shown = window(kinds[kind] if kind else sum(kinds.values()), GATE_PAGE, page)
    # The same gate (worked out once in this transaction): only the page's items are made into views.
    gate = (
        check_gate(tx, actor, slug, chosen, kind=kind, limit=shown.stop - shown.start, offset=shown.start)
        if chosen
        else None
    )
    return PublishScreen(
        process=process,
        versions=listed,
        chosen=chosen,
        gate=gate,
        published=summaries(tx, rows),
        kinds=kinds,
        kind=kind,
        window=shown,
    )
