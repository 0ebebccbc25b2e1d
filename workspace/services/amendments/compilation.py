"""The compilation text (every paragraph with its open amendments) and the disposition table."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.amendments import Status
from ...domain.document import numbering
from ...domain.errors import N_, NotFound
from ...domain.negotiation import NegotiationStatus, brackets
from ...domain.permissions import Action
from ...store.models import Amendment, ParagraphStatus
from ..access import process_for
from ..actor import Actor
from ..csv_export import csv_text
from ..declaration.paragraphs import find_version, latest_version, version_blocks
from ..declaration.sides import reads_draft
from ..unit import reads
from .records import DRAFT, Current, readable, views
from .views import CompilationParagraph, CompilationView, DispositionRow


@reads
def compilation(tx: Session, actor: Actor | None, slug: str, ref: str | None = None) -> CompilationView:
    """Each paragraph of the version with the open amendments to it under it, each rebased on that
    version's text: insertions and deletions against the paragraph, with proposer and co-sponsors.
    An insert stands under the paragraph it goes after."""
    process, role = process_for(tx, slug, actor, Action.READ)
    committee = reads_draft(role, actor)
    version = find_version(tx, process, ref) if ref else latest_version(tx, process)
    if version is None:
        return CompilationView("", process.source_language, [])
    blocks = version_blocks(tx, version)
    rows = list(tx.scalars(readable(select(Amendment).where(Amendment.process_id == process.id, Amendment.status == Status.OPEN),
                                    committee).order_by(Amendment.number)))
    by_eid: dict[str, list] = {}
    for view in views(tx, rows, Current.of(version.label, blocks), committee):
        by_eid.setdefault(view.eid, []).append(view)
    statuses = dict(tx.execute(select(ParagraphStatus.eid, ParagraphStatus.status).where(ParagraphStatus.process_id == process.id)).all())
    numbers = numbering(blocks)
    paragraphs = [
        CompilationParagraph(b.eid, b.kind.value, numbers.get(b.eid), b.text,
                             statuses.get(b.eid) or (NegotiationStatus.BRACKETED.value if brackets(b.text) else NegotiationStatus.OPEN.value),
                             by_eid.get(b.eid, []))
        for b in blocks
    ]
    return CompilationView(version.label, version.language, paragraphs)


@reads
def disposition(tx: Session, actor: Actor | None, slug: str, ref: str | None = None) -> list[DispositionRow]:
    """The committee's report: every amendment made against the version, with its decision, the
    reason and the resulting text."""
    process, role = process_for(tx, slug, actor, Action.READ)
    if ref and ref.strip().lower() == DRAFT:
        if not reads_draft(role, actor):
            raise NotFound(N_("No version “{ref}” in this process."), ref=ref)
        version = None  # the committee's amendments to the working draft
    else:
        version = find_version(tx, process, ref) if ref else latest_version(tx, process)
    query = select(Amendment).where(Amendment.process_id == process.id)
    query = query.where(Amendment.version_id == version.id) if version else query.where(Amendment.version_id.is_(None))
    rows = list(tx.scalars(query.order_by(Amendment.number)))
    return [
        DispositionRow(v.number, v.kind, v.eid, v.proposer, v.cosponsors, v.status, v.reason, v.decided_by, v.decided_text)
        for v in views(tx, rows, None)
    ]


CSV_COLUMNS = ("amendment", "kind", "paragraph", "proposer", "cosponsors", "decision", "reason", "decided_by", "resulting_text")


@reads
def disposition_csv(tx: Session, actor: Actor | None, slug: str, ref: str | None = None) -> str:
    return csv_text(CSV_COLUMNS, (
        (f"A{row.number}", row.kind, row.eid, row.proposer, "; ".join(row.cosponsors), row.status, row.reason,
         row.decided_by, row.resulting_text)
        for row in disposition(tx, actor, slug, ref)
    ))
