"""What the negotiation pages show at once: the delegations, and the consensus view with the reader's own
delegation and the positions it holds (read in one transaction; permissions stay in the use cases)."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy.orm import Session

from ...domain.permissions import Action, allows
from .. import delegations, positions
from ..access import process_for
from ..actor import Actor
from ..declaration import versions
from ..declaration.views import VersionSummary
from ..delegations.views import DelegationRef, DelegationView
from ..positions.views import ConsensusView, PositionView
from ..processes import members, processes
from ..processes.views import MemberView, ProcessView
from ..unit import reads


class DelegationsScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    delegations: list[DelegationView]
    members: list[MemberView]


class ConsensusScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    consensus: ConsensusView
    versions: list[VersionSummary]
    mine: DelegationRef | None  # the delegation the reader speaks for (or acts for: the committee's choice)
    held: dict[str, PositionView]  # its positions by eId: what a change is based on
    delegations: list[DelegationView]  # those the reader may act for: all for the committee, else theirs


@reads
def delegations_screen(tx: Session, actor: Actor | None, slug: str) -> DelegationsScreen:
    return DelegationsScreen(
        process=processes.get_process(tx, actor, slug),
        delegations=delegations.list_delegations(tx, actor, slug),
        members=members.list_members(tx, actor, slug),
    )


@reads
def consensus_screen(
    tx: Session, actor: Actor | None, slug: str, version: str | None, acting: str | None = None
) -> ConsensusScreen:
    """`acting`: the delegation the committee chose to act for on the page (else the reader's own)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    committee = allows(role, Action.MANAGE_DELEGATIONS, is_admin=bool(actor and actor.is_admin))
    everyone = delegations.list_delegations(tx, actor, slug)
    chosen = delegations.acting_for(tx, process, role, actor, acting) if acting and committee else None
    mine = delegations.ref_of(chosen or delegations.own(tx, process, actor), process)
    held = (
        {p.eid: p for p in positions.list_positions(tx, actor, slug, delegation=mine.code) if p.eid}
        if mine is not None
        else {}
    )
    return ConsensusScreen(
        process=processes.get_process(tx, actor, slug),
        consensus=positions.consensus(tx, actor, slug, version),
        versions=versions.list_versions(tx, actor, slug),
        mine=mine,
        held=held,
        delegations=everyone if committee else [d for d in everyone if mine is not None and d.code == mine.code],
    )
