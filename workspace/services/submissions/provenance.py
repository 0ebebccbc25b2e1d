"""A version's provenance table: each of its paragraphs, the paragraphs of the version before it came from, whose
proposals they held, and how (domain.submissions.provenance)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.errors import N_
from ...domain.labels import APPROACHES
from ...domain.permissions import Action
from ...domain.submissions.submissions import provenance
from ...store.models import Delegation, Submission, Version
from ..access import process_for
from ..actor import Actor
from ..csv_export import csv_text
from ..declaration.paragraphs import find_version, version_blocks
from ..declaration.references import text_refs
from ..unit import reads
from .views import ProvenanceRowView, ProvenanceView, SourceView


@reads
def version_provenance(tx: Session, actor: Actor | None, slug: str, ref: str) -> ProvenanceView:
    """Each paragraph of a version with the paragraphs of the version before it came from (and whose proposals
    they held), and how: kept, amended, moved, merged, new; then those of the version before that came to nothing."""
    process, _ = process_for(tx, slug, actor, Action.READ)
    version = find_version(tx, process, ref)
    previous = tx.scalar(select(Version).where(Version.process_id == process.id, Version.number == version.number - 1))
    before = version_blocks(tx, previous) if previous is not None else []
    after = version_blocks(tx, version)
    held: dict[str, list[str]] = {}
    for eid, code in tx.execute(
        select(Submission.compiled_eid, Delegation.code)
        .join(Delegation, Delegation.id == Submission.delegation_id)
        .where(Submission.process_id == process.id, Submission.compiled_eid.is_not(None))
        .order_by(Delegation.code)
    ):
        if eid is not None:
            held.setdefault(eid, []).append(code)
    now_refs = text_refs(tx, process, version)
    old_refs = text_refs(tx, process, previous) if previous is not None else {}
    rows = [
        ProvenanceRowView(
            eid=row.eid,
            ref=now_refs.get(row.eid or "", "") if row.eid else "",
            sources=[
                SourceView(eid=s.eid, ref=old_refs.get(s.eid, s.eid), delegations=list(s.delegations))
                for s in row.sources
            ],
            # whose proposals it holds: through its sources, or itself (a compiled proposal, new in this version)
            delegations=sorted(
                {code for s in row.sources for code in s.delegations} | set(held.get(row.eid or "", []))
            ),
            approach=row.approach,
        )
        for row in provenance(before, after, held)
    ]
    return ProvenanceView(version=version.label, previous=previous.label if previous else None, rows=rows)


def provenance_csv(view: ProvenanceView) -> str:
    """The provenance table as a spreadsheet reads it: the new paragraph, its sources, delegations and approach."""
    return csv_text(
        [
            i18n.translate(N_("eId")),
            i18n.translate(N_("Paragraph")),
            i18n.translate(N_("Sources")),
            i18n.translate(N_("Delegations")),
            i18n.translate(N_("Approach")),
        ],
        (
            [
                row.eid or "",
                row.ref.replace("\u00a0", " "),
                "; ".join(s.ref.replace("\u00a0", " ") for s in row.sources),
                ", ".join(row.delegations),
                i18n.translate(APPROACHES.get(row.approach, row.approach)),
            ]
            for row in view.rows
        ),
    )
