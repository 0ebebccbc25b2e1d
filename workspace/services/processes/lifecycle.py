"""The life of a process (issue 36): archived when finished (read-only for all, its published text still public),
taken out of the archive by its committee."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...domain.errors import N_, Conflict
from ...domain.permissions import Action
from ...store.types import utcnow
from ..access import UNARCHIVING, lock_process, process_for, record
from ..actor import Actor
from ..unit import use_case
from .views import ProcessView, process_view


@use_case
def archive_process(tx: Session, actor: Actor | None, slug: str, archived: bool = True) -> ProcessView:
    """The committee archives the process (`archived`), or takes it out of the archive: 409 when it is so already.
    Archived, every write in it is refused (services.access.process_for), whoever asks."""
    tx.info[UNARCHIVING] = True  # the one write an archived process takes (it says itself what is so already)
    try:
        process, role = process_for(tx, slug, actor, Action.EDIT_PROCESS)
    finally:
        tx.info.pop(UNARCHIVING, None)
    lock_process(tx, process)
    if (process.archived_at is not None) == archived:
        raise Conflict(
            N_("The process “{slug}” is archived already.")
            if archived
            else N_("The process “{slug}” is not archived."),
            slug=slug,
        )
    process.archived_at = utcnow() if archived else None
    record(tx, actor, "process.archived" if archived else "process.unarchived", f"process:{slug}", process)
    return process_view(process, role, actor)
