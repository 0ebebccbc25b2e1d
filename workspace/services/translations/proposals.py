"""Terms proposed for the glossary: a translator proposes a term with its translations and a note; the committee,
or a translator who reviews every language the term is translated into, approves it (it joins the glossary) or
rejects it. Until then it is only a proposal: no check and no suggestion uses it.

A decision is compare-and-set on the proposal's state (`UPDATE … WHERE state = 'proposed'`): of two decisions at
once, one is made and the other is a 409."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, cast

from msgspec import Struct
from sqlalchemy import case, func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from ...domain.errors import N_, Conflict, Forbidden, InvalidInput, NotFound
from ...domain.permissions import Action, allows
from ...domain.translations.terms import ProposeTerm, RejectProposal
from ...domain.vocabulary import Role, parse_enum
from ...store.models import GlossaryProposal, GlossaryTerm, Process, User
from ...store.types import utcnow
from ..access import lock_process, process_for, record, require_actor, stored_id
from ..actor import Actor
from ..pace import Pace, pace
from ..unit import reads, use_case
from .glossary import MAX_TERMS, checked_entries
from .records import may_review
from .views import GlossaryEntry, GlossaryProposalView


class ProposalState(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


PROPOSED, APPROVED, REJECTED = (s.value for s in ProposalState)


def _views(tx: Session, rows: list[GlossaryProposal]) -> list[GlossaryProposalView]:
    people = {r.proposed_by_id for r in rows} | {r.decided_by_id for r in rows}
    names = dict(tx.execute(select(User.id, User.name).where(User.id.in_(people - {None}))).all()) if rows else {}
    return [
        GlossaryProposalView(
            id=r.id,
            source=r.source,
            translations=dict(r.translations),
            note=r.note,
            state=r.state,
            proposed_by=names.get(r.proposed_by_id) if r.proposed_by_id else None,
            proposed_at=r.proposed_at,
            decided_by=names.get(r.decided_by_id) if r.decided_by_id else None,
            decided_at=r.decided_at,
            reason=r.reason,
        )
        for r in rows
    ]


def _in_glossary(tx: Session, process: Process, source: str) -> bool:
    return (
        tx.scalar(
            select(GlossaryTerm.id).where(
                GlossaryTerm.process_id == process.id, func.lower(GlossaryTerm.source) == source.lower()
            )
        )
        is not None
    )


@use_case
def propose_term(tx: Session, actor: Actor | None, slug: str, command: ProposeTerm) -> GlossaryProposalView:
    """A translator (or the committee) proposes a term with its translations (one at least) and a note."""
    process, _ = process_for(tx, slug, actor, Action.TRANSLATE)
    pace(tx, actor, Pace.GLOSSARY)
    who = require_actor(actor)
    [entry] = checked_entries(
        process, [GlossaryEntry(source=command.source, translations=command.translations, note=command.note)]
    )
    if not entry.translations:
        raise InvalidInput(
            N_("Give the term's translation into one language at least."), detail={"field": "translations"}
        )
    lock_process(tx, process)
    if _in_glossary(tx, process, entry.source):
        raise Conflict(N_("“{term}” is in the glossary already."), term=entry.source, detail={"field": "source"})
    waiting = list(
        tx.scalars(
            select(GlossaryProposal.source).where(
                GlossaryProposal.process_id == process.id, GlossaryProposal.state == PROPOSED
            )
        )
    )
    if any(s.lower() == entry.source.lower() for s in waiting):
        raise Conflict(
            N_("“{term}” is proposed already: its proposal waits for a decision."),
            term=entry.source,
            detail={"field": "source"},
        )
    if len(waiting) >= MAX_TERMS:
        raise Conflict(
            N_("Too many proposed terms wait for a decision: propose this one once some are decided."),
            detail={"field": "source"},
        )
    made = GlossaryProposal(
        process_id=process.id,
        source=entry.source,
        translations=entry.translations,
        note=entry.note,
        state=PROPOSED,
        proposed_by_id=stored_id(who),
        proposed_at=utcnow(),
        reason="",
    )
    tx.add(made)
    tx.flush()
    record(tx, actor, "glossary.proposed", f"glossary_proposal:{made.id}", process, term=entry.source)
    return _views(tx, [made])[0]


@reads
def list_proposals(
    tx: Session,
    actor: Actor | None,
    slug: str,
    state: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[GlossaryProposalView]:
    """The terms proposed (those waiting first, then the decided, newest first), for translators and the committee;
    `limit` of them from `offset`."""
    process, _ = process_for(tx, slug, actor, Action.TRANSLATE)
    query = select(GlossaryProposal).where(GlossaryProposal.process_id == process.id)
    if state:
        query = query.where(GlossaryProposal.state == parse_enum(ProposalState, state, "state").value)
    waiting_first = case((GlossaryProposal.state == PROPOSED, 0), else_=1)
    query = query.order_by(waiting_first, GlossaryProposal.id.desc()).offset(offset)
    return _views(tx, list(tx.scalars(query if limit is None else query.limit(limit))))


def _decides_on(tx: Session, process: Process, role: Role | None, actor: Actor | None) -> set[str] | None:
    """The languages whose proposed terms the reader decides on: None for all (the committee), else those they
    review (a translator given the right)."""
    if allows(role, Action.EDIT_GLOSSARY, is_admin=bool(actor and actor.is_admin)):
        return None
    if role != Role.TRANSLATOR:
        return set()
    return {c for c in process.languages if may_review(tx, process, role, actor, c)}


def _may_decide(languages: set[str] | None, row: GlossaryProposal) -> bool:
    """The committee decides on any proposed term; a translator who reviews every language it is translated into
    decides on it too."""
    return languages is None or (bool(row.translations) and set(row.translations) <= languages)


class ProposalsPanel(Struct, frozen=True, kw_only=True):
    """The proposed terms as the glossary page lists them, and those the reader may decide on."""

    proposals: list[GlossaryProposalView]
    decides: list[int]  # ids


PANEL = 200  # proposals on the page: every one waiting first, then the latest decided


@reads
def proposals_panel(tx: Session, actor: Actor | None, slug: str) -> ProposalsPanel | None:
    """The glossary page's proposed terms, for translators and the committee (None for the others)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    if not allows(role, Action.TRANSLATE, is_admin=bool(actor and actor.is_admin)):
        return None
    waiting_first = case((GlossaryProposal.state == PROPOSED, 0), else_=1)
    rows = list(
        tx.scalars(
            select(GlossaryProposal)
            .where(GlossaryProposal.process_id == process.id)
            .order_by(waiting_first, GlossaryProposal.id.desc())
            .limit(PANEL)
        )
    )
    languages = _decides_on(tx, process, role, actor)
    return ProposalsPanel(
        proposals=_views(tx, rows),
        decides=[r.id for r in rows if r.state == PROPOSED and _may_decide(languages, r)],
    )


_ONLY = N_("Only the drafting committee, and reviewers of a term's languages, can decide on a proposed term.")


def _decided(
    tx: Session, actor: Actor | None, slug: str, proposal: int, state: str, reason: str = ""
) -> tuple[Process, GlossaryProposal]:
    process, role = process_for(tx, slug, actor, Action.READ)
    row = tx.scalar(
        select(GlossaryProposal).where(GlossaryProposal.process_id == process.id, GlossaryProposal.id == proposal)
    )
    if not allows(role, Action.TRANSLATE, is_admin=bool(actor and actor.is_admin)):
        raise Forbidden(_ONLY)  # members and observers learn nothing of the proposals
    if row is None:
        raise NotFound(N_("No proposed term {number}."), number=proposal)
    if not _may_decide(_decides_on(tx, process, role, actor), row):
        raise Forbidden(_ONLY)
    lock_process(tx, process)
    if state == APPROVED and row.state == PROPOSED:
        if _in_glossary(tx, process, row.source):
            raise Conflict(
                N_("“{term}” is in the glossary already: change it there, and reject this proposal."),
                term=row.source,
            )
        count = tx.scalar(select(func.count()).select_from(GlossaryTerm).where(GlossaryTerm.process_id == process.id))
        if (count or 0) >= MAX_TERMS:
            raise Conflict(N_("The glossary is full: remove a term before approving another."))
    changed = cast(
        CursorResult[Any],
        tx.execute(
            update(GlossaryProposal)
            .where(GlossaryProposal.id == row.id, GlossaryProposal.state == PROPOSED)
            .values(state=state, decided_by_id=stored_id(actor), decided_at=utcnow(), reason=reason)
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    tx.refresh(row)
    if changed != 1:
        raise Conflict(
            N_("This term was approved already.") if row.state == APPROVED else N_("This term was rejected already."),
            detail={"state": row.state},
        )
    return process, row


@use_case
def approve_proposal(tx: Session, actor: Actor | None, slug: str, proposal: int) -> GlossaryProposalView:
    """The proposed term joins the glossary, with its translations and note (409 if the glossary has it already)."""
    process, row = _decided(tx, actor, slug, proposal, APPROVED)
    tx.add(
        GlossaryTerm(
            process_id=process.id, source=row.source, translations=row.translations, forbidden={}, note=row.note
        )
    )
    tx.flush()
    record(tx, actor, "glossary.term_approved", f"glossary_proposal:{row.id}", process, term=row.source)
    return _views(tx, [row])[0]


@use_case
def reject_proposal(
    tx: Session, actor: Actor | None, slug: str, proposal: int, command: RejectProposal
) -> GlossaryProposalView:
    """The proposed term is not taken into the glossary; its reason says why, for its proposer."""
    process, row = _decided(tx, actor, slug, proposal, REJECTED, command.reason)
    record(tx, actor, "glossary.term_rejected", f"glossary_proposal:{row.id}", process, term=row.source)
    return _views(tx, [row])[0]


__all__ = ["approve_proposal", "list_proposals", "proposals_panel", "propose_term", "reject_proposal"]
