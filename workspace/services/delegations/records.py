"""Finding a process's delegations, and who may act for which: read by every feature that acts on behalf of one
(amendments, co-sponsorships, threads, positions, Word imports)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.delegations.delegations import delegation_code, name_in
from ...domain.errors import N_, Forbidden, InvalidInput
from ...domain.permissions import Action, allows
from ...domain.vocabulary import Role
from ...store.models import Delegation, Membership, Process
from ..actor import Actor
from .views import DelegationRef


def named(tx: Session, process: Process, code: str) -> Delegation:
    """The process's delegation `code`; 422 naming the code if the process has none of that code."""
    found = tx.scalar(select(Delegation).where(Delegation.process_id == process.id, Delegation.code == code))
    if found is None:
        raise InvalidInput(
            N_("“{code}” is not a delegation of this process."), code=code, detail={"field": "delegation"}
        )
    return found


def own(tx: Session, process: Process, actor: Actor | None) -> Delegation | None:
    """The delegation `actor` speaks for in `process`, if any."""
    if actor is None or not actor.id:
        return None
    return tx.scalar(
        select(Delegation)
        .join(Membership, Membership.delegation_id == Delegation.id)
        .where(Membership.process_id == process.id, Membership.user_id == actor.id)
    )


def acting_for(
    tx: Session, process: Process, role: Role | None, actor: Actor | None, code: str | None
) -> Delegation | None:
    """The delegation an action is taken on behalf of: `code` if given, else the actor's own (None: their own
    name). The drafting committee acts for any delegation (a secretariat files what a delegation sent); anyone
    else only for their own (403)."""
    mine = own(tx, process, actor)
    if code is None:
        return mine
    wanted = named(tx, process, delegation_code(code))
    if mine is not None and wanted.id == mine.id:
        return wanted
    if not allows(role, Action.MANAGE_DELEGATIONS, is_admin=bool(actor and actor.is_admin)):
        raise Forbidden(
            N_("You do not speak for the delegation “{code}” in this process."),
            code=wanted.code,
            detail={"field": "delegation"},
        )
    return wanted


def ref_of(delegation: Delegation | None, process: Process) -> DelegationRef | None:
    """The delegation as a reader names it, in the reader's language."""
    if delegation is None:
        return None
    return DelegationRef(
        code=delegation.code, name=name_in(delegation.names, i18n.get_locale(), process.source_language)
    )


def refs_by_id(tx: Session, process: Process) -> dict[int, DelegationRef]:
    """Every delegation of the process by its id, as `ref_of` names it: for a list that names many."""
    return {
        d.id: DelegationRef(code=d.code, name=name_in(d.names, i18n.get_locale(), process.source_language))
        for d in tx.scalars(select(Delegation).where(Delegation.process_id == process.id))
    }
