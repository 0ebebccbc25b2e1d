"""Reading circulated versions, comparing any two texts, and the history of one paragraph."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.diffing import Change, Paragraph, compare, word_diff
from ..domain.document import Block, numbering
from ..domain.errors import N_, Conflict, NotFound
from ..domain.permissions import Action, allows, require
from ..store.models import ParagraphEdit, ParagraphRevision, Process, Version
from .access import process_for
from .declaration_views import (
    ChangeView,
    CompareView,
    HistoryEntry,
    ParagraphHistory,
    VersionSummary,
    VersionView,
)
from .draft import version_summary
from .paragraphs import (
    DRAFT,
    draft_blocks,
    find_version,
    links_by_eid,
    paragraph_views,
    version_blocks,
)
from .unit import use_case
from .views import Actor


@use_case
def list_versions(tx: Session, actor: Actor | None, slug: str) -> list[VersionSummary]:
    process, _ = process_for(tx, slug, actor, Action.READ)
    rows = tx.scalars(select(Version).where(Version.process_id == process.id).order_by(Version.number))
    return [version_summary(tx, v) for v in rows]


@use_case
def get_version(tx: Session, actor: Actor | None, slug: str, ref: str) -> VersionView:
    process, _ = process_for(tx, slug, actor, Action.READ)
    version = find_version(tx, process, ref)
    return VersionView(version_summary(tx, version), paragraph_views(version_blocks(tx, version), links_by_eid(tx, process)))


def _side(tx: Session, process: Process, actor: Actor, role: object, ref: str) -> tuple[str, list[Block]]:
    if (ref or "").strip().lower() == DRAFT:
        require(role, Action.READ_DRAFT, is_admin=actor.is_admin)  # type: ignore[arg-type]
        return DRAFT, draft_blocks(tx, process)
    version = find_version(tx, process, ref)
    return version.label, version_blocks(tx, version)


def change_views(old: list[Block], new: list[Block]) -> list[ChangeView]:
    kinds = {b.eid: b.kind.value for b in old} | {b.eid: b.kind.value for b in new}
    old_numbers, new_numbers = numbering(old), numbering(new)
    return [
        ChangeView(
            eid=c.eid, change=c.change, kind=kinds[c.eid], old_number=old_numbers.get(c.eid), new_number=new_numbers.get(c.eid),
            old_text=c.old_text, new_text=c.new_text, ops=[(int(p.op), p.text) for p in c.ops], moved=c.moved,
        )
        for c in compare([Paragraph(b.eid, b.text) for b in old], [Paragraph(b.eid, b.text) for b in new])
    ]


def compare_view(old_label: str, new_label: str, changes: list[ChangeView]) -> CompareView:
    counts = {kind: 0 for kind in (Change.ADDED, Change.DELETED, Change.MOVED, Change.MODIFIED, Change.UNCHANGED)}
    for c in changes:
        counts[c.change] += 1
    return CompareView(old_label, new_label, changes, counts)


@use_case
def compare_texts(tx: Session, actor: Actor | None, slug: str, old_ref: str, new_ref: str) -> CompareView:
    """Two versions (by number or label), or a version and the working draft ("draft")."""
    process, role = process_for(tx, slug, actor, Action.READ)
    assert actor is not None
    old_label, old = _side(tx, process, actor, role, old_ref)
    new_label, new = _side(tx, process, actor, role, new_ref)
    return compare_view(old_label, new_label, change_views(old, new))


def _text(tx: Session, sha: str | None) -> str | None:
    row = tx.get(ParagraphRevision, sha) if sha else None
    return row.text if row else None


@use_case
def paragraph_history(tx: Session, actor: Actor | None, slug: str, eid: str) -> ParagraphHistory:
    """In which versions a paragraph changed, and each edit of it: by whom, why, what."""
    process, role = process_for(tx, slug, actor, Action.READ)
    versions = list(tx.scalars(select(Version).where(Version.process_id == process.id).order_by(Version.number)))
    states: list[tuple[str, str]] = []
    previous: Block | None = None
    for v in versions:
        block = next((b for b in version_blocks(tx, v) if b.eid == eid), None)
        if block is None:
            state = "deleted" if previous is not None else "absent"
        elif previous is None:
            state = "added"
        else:
            state = "modified" if block.text != previous.text else "unchanged"
        states.append((v.label, state))
        previous = block

    entries: list[HistoryEntry] = []
    # The draft's own edits are the committee's desk; members see the versions' story only.
    if allows(role, Action.READ_DRAFT, is_admin=bool(actor and actor.is_admin)):
        edits = tx.scalars(
            select(ParagraphEdit).where(ParagraphEdit.process_id == process.id, ParagraphEdit.eid == eid).order_by(ParagraphEdit.id)
        )
        for e in edits:
            old, new = _text(tx, e.old_sha), _text(tx, e.new_sha)
            ops = [(int(p.op), p.text) for p in word_diff(old or "", new or "")] if e.action in ("edited", "created") else []
            circulated = next((v.label for v in versions if v.created_at >= e.created_at), None)
            entries.append(HistoryEntry(e.action, e.cause, e.actor.name if e.actor else None, e.created_at, e.note, old, new, ops, circulated))
    if not entries and all(state == "absent" for _, state in states):
        raise NotFound(N_("No paragraph “{eid}” in this process."), eid=eid)
    return ParagraphHistory(eid, states, entries)


@use_case
def edit_version(tx: Session, actor: Actor | None, slug: str, ref: str) -> None:
    """There is no such thing: a circulated version never changes. Say so, and what to do instead."""
    process, _ = process_for(tx, slug, actor, Action.READ)
    version = find_version(tx, process, ref)
    raise Conflict(
        N_("Version “{label}” has been circulated and can no longer change: edit the working draft and circulate a new version."),
        label=version.label,
    )
