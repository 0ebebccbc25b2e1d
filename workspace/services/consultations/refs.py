"""Readable references of sessions and recommendations, unique within a process."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...store.models import ConsultationSession, Process, Recommendation


def free_ref(tx: Session, model: type[ConsultationSession | Recommendation], process: Process, base: str) -> str:
    taken = set(tx.scalars(select(model.ref).where(model.process_id == process.id, model.ref.startswith(base))))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
