"""The working draft: add, edit, move and delete paragraphs; circulate it as a version.

Every edit names the revision it was based on. The write is a compare-and-set on that
revision, so a stale base is a 409 with the current text and the diff, never a silent
overwrite; edits of different paragraphs never conflict.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from ..domain.consultations import text_field
from ..domain.diffing import word_diff
from ..domain.document import Kind, next_eid
from ..domain.errors import N_, Conflict, InvalidInput, NotFound
from ..domain.permissions import Action
from ..domain.vocabulary import parse_enum
from ..store.models import DraftParagraph, ParagraphRevision, Process, Version, VersionParagraph
from .access import process_for, record, stored_id
from .declaration_views import DraftView, ParagraphView, VersionSummary
from .paragraphs import (
    draft_blocks,
    draft_rows,
    links_by_eid,
    log_edit,
    paragraph_views,
    store_revision,
    used_eids,
)
from .unit import use_case
from .views import Actor

MAX_PARAGRAPH = 20_000


def _lock_structure(tx: Session, process: Process) -> None:
    """Serialise structural changes (add, move, delete) of one process's draft on PostgreSQL."""
    tx.execute(select(Process.id).where(Process.id == process.id).with_for_update())


def _row(tx: Session, process: Process, eid: str) -> DraftParagraph:
    row = tx.scalar(select(DraftParagraph).where(DraftParagraph.process_id == process.id, DraftParagraph.eid == eid))
    if row is None:
        raise NotFound(N_("No paragraph “{eid}” in the working draft."), eid=eid)
    return row


def _paragraph_text(raw: Mapping[str, Any]) -> str:
    return text_field(raw, "text", required=True, limit=MAX_PARAGRAPH)


def _stale(tx: Session, row: DraftParagraph, base: str) -> Conflict:
    """409 with what the person needs to redo their edit: the current text and what changed since their base."""
    current = tx.get(ParagraphRevision, row.revision_sha)
    base_row = tx.get(ParagraphRevision, base) if base else None
    current_text = current.text if current else ""
    ops = [(int(p.op), p.text) for p in word_diff(base_row.text, current_text)] if base_row else []
    return Conflict(
        N_("Someone changed paragraph {eid} since you opened it. Here is the current text and what changed; redo your edit on it."),
        eid=row.eid,
        detail={"eid": row.eid, "current_revision": row.revision_sha, "current_text": current_text,
                "base_revision": base, "base_text": base_row.text if base_row else None, "diff": ops},
    )


@use_case
def get_draft(tx: Session, actor: Actor | None, slug: str) -> DraftView:
    process, _ = process_for(tx, slug, actor, Action.READ_DRAFT)
    latest = tx.scalar(select(func.max(Version.number)).where(Version.process_id == process.id))
    return DraftView(paragraph_views(draft_blocks(tx, process), links_by_eid(tx, process)), process.source_language, latest)


@use_case
def add_paragraph(tx: Session, actor: Actor | None, slug: str, data: Mapping[str, Any]) -> ParagraphView:
    """A new paragraph after `after` (an eId), or first when `after` is empty; it gets a fresh eId."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    kind = Kind(parse_enum(Kind, str(data.get("kind") or ""), "kind").value)
    text = _paragraph_text(data)
    _lock_structure(tx, process)
    rows = draft_rows(tx, process)
    after = str(data.get("after") or "")
    index = 0
    if after:
        index = next((i + 1 for i, r in enumerate(rows) if r.eid == after), -1)
        if index < 0:
            raise NotFound(N_("No paragraph “{eid}” in the working draft."), eid=after)
    eid = next_eid(kind, used_eids(tx, process) | {r.eid for r in rows})
    sha = store_revision(tx, text)
    row = DraftParagraph(process_id=process.id, eid=eid, kind=kind.value, position=0, revision_sha=sha,
                         updated_by_id=stored_id(actor))
    tx.add(row)
    rows.insert(index, row)
    for position, r in enumerate(rows):
        r.position = position
    log_edit(tx, process, actor, eid, "created", "edit", None, sha)
    record(tx, actor, "paragraph.added", f"paragraph:{eid}", process)
    tx.flush()
    return paragraph_views(draft_blocks(tx, process))[index]


@use_case
def edit_paragraph(tx: Session, actor: Actor | None, slug: str, eid: str, data: Mapping[str, Any]) -> ParagraphView:
    """Replace a paragraph's text, if it is still the revision the editor started from."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    row = _row(tx, process, eid)
    base = str(data.get("base_revision") or "")
    if not base:
        raise InvalidInput(N_("Say which revision your edit is based on (base_revision)."), detail={"field": "base_revision"})
    text = _paragraph_text(data)
    kind = Kind(parse_enum(Kind, str(data.get("kind") or row.kind), "kind").value)
    sha = store_revision(tx, text)
    if base == sha and row.revision_sha == sha and kind.value == row.kind:
        return _view_of(tx, process, eid)  # nothing changed
    # Compare-and-set: atomic on both SQLite and PostgreSQL.
    changed = cast(CursorResult[Any], tx.execute(
        update(DraftParagraph)
        .where(DraftParagraph.id == row.id, DraftParagraph.revision_sha == base)
        .values(revision_sha=sha, kind=kind.value, updated_by_id=stored_id(actor))
        .execution_options(synchronize_session=False)
    )).rowcount
    if changed != 1:
        tx.refresh(row)
        raise _stale(tx, row, base)
    tx.refresh(row)
    log_edit(tx, process, actor, eid, "edited", "edit", base, sha, note=text_field(data, "note"))
    record(tx, actor, "paragraph.edited", f"paragraph:{eid}", process)
    return _view_of(tx, process, eid)


def _view_of(tx: Session, process: Process, eid: str) -> ParagraphView:
    return next(p for p in paragraph_views(draft_blocks(tx, process)) if p.eid == eid)


@use_case
def move_paragraph(tx: Session, actor: Actor | None, slug: str, eid: str, data: Mapping[str, Any]) -> ParagraphView:
    """Put a paragraph after `after` (or first). Its eId stays; operative numbers follow the order."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    _lock_structure(tx, process)
    rows = draft_rows(tx, process)
    row = next((r for r in rows if r.eid == eid), None)
    if row is None:
        raise NotFound(N_("No paragraph “{eid}” in the working draft."), eid=eid)
    after = str(data.get("after") or "")
    if after == eid:
        raise InvalidInput(N_("A paragraph cannot be moved after itself."))
    rows.remove(row)
    index = 0
    if after:
        index = next((i + 1 for i, r in enumerate(rows) if r.eid == after), -1)
        if index < 0:
            raise NotFound(N_("No paragraph “{eid}” in the working draft."), eid=after)
    rows.insert(index, row)
    for position, r in enumerate(rows):
        r.position = position
    log_edit(tx, process, actor, eid, "moved", "edit", row.revision_sha, row.revision_sha)
    record(tx, actor, "paragraph.moved", f"paragraph:{eid}", process, after=after or None)
    tx.flush()
    return _view_of(tx, process, eid)


@use_case
def delete_paragraph(tx: Session, actor: Actor | None, slug: str, eid: str, data: Mapping[str, Any]) -> None:
    """Delete a paragraph, if it is still the revision the editor saw. Its eId is never given again."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    _lock_structure(tx, process)
    row = _row(tx, process, eid)
    base = str(data.get("base_revision") or "")
    if base != row.revision_sha:
        raise _stale(tx, row, base)
    tx.execute(delete(DraftParagraph).where(DraftParagraph.id == row.id))
    log_edit(tx, process, actor, eid, "deleted", "edit", base, None)
    record(tx, actor, "paragraph.deleted", f"paragraph:{eid}", process)


def version_summary(tx: Session, v: Version) -> VersionSummary:
    count = tx.scalar(select(func.count()).where(VersionParagraph.version_id == v.id)) or 0
    return VersionSummary(v.number, v.label, v.circulated_on, v.note, v.language, count,
                          v.created_by.name if v.created_by else None, v.created_at)


def circulate_draft(tx: Session, actor: Actor | None, process: Process, data: Mapping[str, Any]) -> Version:
    label = text_field(data, "label", required=True, limit=100)
    if tx.scalar(select(Version.id).where(Version.process_id == process.id, func.lower(Version.label) == label.lower())):
        raise Conflict(N_("A version labelled “{label}” already exists."), label=label)
    rows = draft_rows(tx, process)
    if not rows:
        raise InvalidInput(N_("The working draft is empty: there is nothing to circulate."))
    on = text_field(data, "date", limit=10) or datetime.now(ZoneInfo(process.timezone)).date().isoformat()
    try:
        datetime.fromisoformat(on)
    except ValueError:
        raise InvalidInput(N_("The date must be written as YYYY-MM-DD."), detail={"field": "date"}) from None
    number = (tx.scalar(select(func.max(Version.number)).where(Version.process_id == process.id)) or 0) + 1
    version = Version(process_id=process.id, number=number, label=label, circulated_on=on,
                      note=text_field(data, "note", limit=5000), language=process.source_language,
                      created_by_id=stored_id(actor))
    tx.add(version)
    tx.flush()
    for position, r in enumerate(rows):
        tx.add(VersionParagraph(version_id=version.id, position=position, eid=r.eid, kind=r.kind, revision_sha=r.revision_sha))
    record(tx, actor, "version.circulated", f"version:{number}", process, label=label)
    tx.flush()
    return version


@use_case
def circulate(tx: Session, actor: Actor | None, slug: str, data: Mapping[str, Any]) -> VersionSummary:
    """Freeze the working draft as the next version ("Borrador cero", "Rev.1" …)."""
    process, _ = process_for(tx, slug, actor, Action.CIRCULATE)
    _lock_structure(tx, process)
    return version_summary(tx, circulate_draft(tx, actor, process, data))
