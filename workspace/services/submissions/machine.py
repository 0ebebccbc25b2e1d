"""A machine draft of a proposal's rendering (issue 67): a proposal written in another edition waits for the
committee to render it into the source language, as an amendment does; the engine that drafts an amendment's
rendering drafts the proposal's too. Only a suggestion for the rendering box: nothing is saved."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.declaration.document import revision_id
from ...domain.errors import N_, Conflict, NotFound
from ...domain.permissions import Action
from ...domain.submissions.submissions import ProposalKind
from ...store.models import Submission
from ..access import process_for
from ..actor import Actor
from ..declaration.paragraphs import latest_version, version_blocks
from ..translations.machine import Engine, MachineDraftView, offered
from ..unit import Db, reads
from .languages import nothing_to_render, rendering_start


@reads
def _to_draft(tx: Session, actor: Actor | None, slug: str, number: int) -> tuple[str, str, str, str, str]:
    """Proposal `number`'s words, their language, the source language, its paragraph and the revision its rendering
    starts from; refused as rendering it would be."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    row = tx.scalar(select(Submission).where(Submission.process_id == process.id, Submission.number == number))
    if row is None:
        raise NotFound(N_("No proposal {number} in this process."), number=number)
    if row.lang is None or row.kind == ProposalKind.DELETE.value:
        raise nothing_to_render(process, row)
    if row.compiled_eid is not None:
        raise Conflict(
            N_("Proposal {number} is compiled already: its wording is the working draft's now."), number=row.number
        )
    latest = latest_version(tx, process)
    eids = {row.eid} if row.eid else set()
    blocks = {b.eid: b for b in version_blocks(tx, latest, eids=eids)} if latest is not None and eids else {}
    start = rendering_start(row, blocks) or ""
    return row.text, row.lang, process.source_language, row.eid or row.after or "", revision_id(start)


def machine_rendering(db: Db, engine: Engine | None, actor: Actor | None, slug: str, number: int) -> MachineDraftView:
    """A machine draft of proposal `number`, written in another edition, in the source language: its words
    translated whole, for the committee to read and correct in the rendering box (`source_revision`: the rendering's
    base); nothing is saved. The engine runs outside the store's transaction."""
    text, source, target, eid, start = _to_draft(db, actor, slug, number)
    if engine is None or not offered(engine, source, target):
        raise NotFound(
            N_("No machine translation from {source} into {target} is set up here."), source=source, target=target
        )
    return MachineDraftView(
        eid=eid, source_revision=start, text=engine.translate(text, source, target), engine=engine.name
    )
