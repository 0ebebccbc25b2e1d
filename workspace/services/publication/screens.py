"""What the committee's publish page shows at once, read in one transaction."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.permissions import Action
from ...store.models import Publication
from .. import processes
from ..access import process_for
from ..actor import Actor
from ..declaration import versions
from ..declaration.views import VersionSummary
from ..processes.views import ProcessView
from ..unit import reads
from .publishing import check_gate
from .records import summaries
from .views import GateView, PublicationSummary


class PublishScreen(Struct, frozen=True):
    process: ProcessView
    versions: list[VersionSummary]
    chosen: str | None  # the version asked for (its number), by default the latest
    gate: GateView | None
    published: list[PublicationSummary]  # earlier publications, which a corrigendum corrects


@reads
def publish_screen(tx: Session, actor: Actor | None, slug: str, version: str | None) -> PublishScreen:
    process = processes.get_process(tx, actor, slug)
    listed = versions.list_versions(tx, actor, slug)
    chosen = version or (str(listed[-1].number) if listed else None)
    gate = check_gate(tx, actor, slug, chosen) if chosen else None  # the committee's only: 403 for others
    row, _ = process_for(tx, slug, actor, Action.READ)
    rows = list(tx.scalars(select(Publication).where(Publication.process_id == row.id).order_by(Publication.number)))
    return PublishScreen(process, listed, chosen, gate, summaries(tx, rows))
