"""Checks several of the room's actions share."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import N_, InvalidInput
from ...store.models import Delegation, Process


def known_codes(tx: Session, process: Process, codes: Sequence[str], field: str = "delegations") -> None:
    """422 naming the first of `codes` that is no delegation of the process."""
    if not codes:
        return
    known = set(tx.scalars(select(Delegation.code).where(Delegation.process_id == process.id)))
    for code in codes:
        if code not in known:
            raise InvalidInput(N_("“{code}” is not a delegation of this process."), code=code, detail={"field": field})
