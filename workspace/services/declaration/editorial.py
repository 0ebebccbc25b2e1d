"""What an editorial change of the source (a typo, punctuation) does to its translations: they stay
valid. Each translation made from the old text is carried to the new one, marked to be checked."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...store.memory_index import remember
from ...store.models import Process, Translation
from ...store.types import utcnow


def carry_translations(tx: Session, process: Process, eid: str, old_sha: str, new_sha: str) -> None:
    if old_sha == new_sha:
        return
    carried = []
    for row in list(
        tx.scalars(
            select(Translation).where(
                Translation.process_id == process.id, Translation.eid == eid, Translation.source_sha == old_sha
            )
        )
    ):
        exists = tx.scalar(
            select(Translation.id).where(
                Translation.process_id == process.id,
                Translation.eid == eid,
                Translation.language == row.language,
                Translation.source_sha == new_sha,
            )
        )
        if exists is None:
            carried.append(
                Translation(
                    process_id=process.id,
                    eid=eid,
                    language=row.language,
                    source_sha=new_sha,
                    text_sha=row.text_sha,
                    state=row.state,
                    checked_sha=old_sha,
                    updated_by_id=row.updated_by_id,
                    updated_at=utcnow(),
                    reviewed_by_id=row.reviewed_by_id,
                    reviewed_at=row.reviewed_at,
                )
            )
            tx.add(carried[-1])
    tx.flush()
    remember(tx, carried)
