"""The life of a process (issue 36): archived when finished (read-only for all, its published text still public),
taken out of the archive by its committee; deleted by an administrator (gone for everyone at once, its rows and
files removed by a job: services/processes/deletion.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import N_, Conflict, Forbidden, InvalidInput, NotFound
from ...domain.permissions import Action
from ...store.models import Process
from ...store.state import unit_state
from ...store.types import utcnow
from ..access import lock_process, process_for, record, require_actor
from ..actor import Actor
from ..outbox_entries import add_deletion
from ..unit import use_case
from .views import ProcessDeletion, ProcessView, process_view


@use_case
def archive_process(tx: Session, actor: Actor | None, slug: str, archived: bool = True) -> ProcessView:
    """The committee archives the process (`archived`), or takes it out of the archive: 409 when it is so already.
    Archived, every write in it is refused (services.access.process_for), whoever asks."""
    unit_state(tx).unarchiving = True  # the one write an archived process takes (it says itself what is so already)
    try:
        process, role = process_for(tx, slug, actor, Action.EDIT_PROCESS)
    finally:
        unit_state(tx).unarchiving = False
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


@use_case
def delete_process(
    tx: Session, actor: Actor | None, slug: str, confirm: str, keep_published: bool = False
) -> ProcessDeletion:
    """An administrator deletes the process, `confirm` being its slug typed again (422 otherwise): it is gone for
    everyone at once (every read and write of it answers 404, lists leave it out) and a job removes its rows and
    stored files (services/processes/deletion.py). With `keep_published`, its publications stay public at their
    addresses. A committee member who is not an administrator is refused (403); anyone else learns nothing (404),
    and so does an administrator asking again: the process is gone. Recorded as "process.deleted", with no process
    (the trail keeps it once the process's own entries are removed)."""
    who = require_actor(actor)
    unit_state(tx).deleting = True  # an archived process is deleted as any other
    try:
        process, _role = process_for(tx, slug, who, Action.READ)
    finally:
        unit_state(tx).deleting = False
    if not who.is_admin:
        raise Forbidden(N_("Only an administrator can delete a process."), detail={"action": "delete_process"})
    if confirm != slug:
        raise InvalidInput(
            N_("To delete this process, type “{slug}” (its short name) in “{field}”."),
            slug=slug,
            field="confirm",
            detail={"field": "confirm"},
        )
    lock_process(tx, process)
    # Read again under the lock: another administrator's deletion may have committed while this one waited for it.
    if tx.scalar(select(Process.deleted_at).where(Process.id == process.id)) is not None:
        raise NotFound(N_("No process “{slug}”."), slug=slug)
    process.deleted_at = utcnow()
    process.keep_published = keep_published
    record(tx, who, "process.deleted", f"process:{slug}", None, slug=slug, keep_published=keep_published)
    add_deletion(tx, process.id, slug)
    return ProcessDeletion(slug=slug, state="deleting", keep_published=keep_published, deleted_at=process.deleted_at)
