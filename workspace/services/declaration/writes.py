"""The one way the working draft changes: every writer goes through `write_draft`.

Each change is a compare-and-set on the revision it was based on (`UPDATE … WHERE revision =
:base`, then the row count), so a stale base is a 409 with the current text and the diff,
never a silent overwrite; edits of different paragraphs never conflict. Changes of the order
(add, move, delete, import) also bump the process's draft order: the row lock that serialises
them on PostgreSQL, and the base an add or a move may name to refuse a stale view of the order.
Each change is logged with its cause (edit, import, amendment, translation, restore).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ...domain.brackets.limits import check_limits
from ...domain.declaration.declaration_format import check_text
from ...domain.declaration.document import Block, Kind, check_structure, next_eid, revision_id
from ...domain.declaration.draft_changes import (
    Cause,
    CauseKind,
    DraftChange,
    Insert,
    Place,
    Remove,
    Reorder,
    SetText,
    is_structural,
)
from ...domain.diffing import word_diff
from ...domain.errors import N_, Conflict, InvalidInput, NotFound
from ...store.models import DraftParagraph, Paragraph, ParagraphEdit, Process
from ...store.types import utcnow
from ..access import stored_id
from ..actor import Actor
from .editorial import carry_translations
from .naming import paragraph_name
from .paragraphs import draft_blocks, registered, store_revisions, text_of
from .references import refs_of

GAP = 1024
"""Room between neighbouring positions, so an insertion or a move rewrites one row, not the draft."""


def write_draft(
    tx: Session,
    process: Process,
    actor: Actor | None,
    changes: Sequence[DraftChange],
    cause: Cause,
    *,
    note: str = "",
    editorial: bool = False,
    base_order: int | None = None,
) -> list[str]:
    """Apply `changes` to the working draft, all or none (the caller's transaction); return the
    eIds of the paragraphs it created, so the caller names the paragraph actually created."""
    if base_order is not None or any(is_structural(c) for c in changes):
        _bump_order(tx, process, base_order)
    for change in changes:
        _check_text(tx, process, change)
    log = _Log(tx, process, actor, cause, note, editorial)
    # Every new text stored at once: one query and one flush, whatever the number of changes.
    store_revisions(tx, [c.text for c in changes if isinstance(c, (SetText, Insert))])
    inserts = [c for c in changes if isinstance(c, Insert)]
    known = _Known(tx, process) if inserts else None
    eids = _register(tx, process, inserts, known)
    created = _apply(tx, process, actor, changes, log, eids, known)
    tx.flush()
    _check_written(tx, process, changes, eids)
    return created


def _check_written(tx: Session, process: Process, changes: Sequence[DraftChange], eids: dict[int, str]) -> None:
    """The draft as written still reads: no more brackets than a reader can follow, every sub-item under an item."""
    # Brackets past what a reader can follow are refused, the paragraph named as the draft now numbers it.
    check_limits(
        [(eids.get(id(c)) or c.eid or "", c.text) for c in changes if isinstance(c, (SetText, Insert))],
        lambda eid: refs_of(tx, process, draft_blocks(tx, process), None).get(eid, eid),
    )
    if any(is_structural(c) for c in changes):
        _check_lists(tx, process)


def _check_text(tx: Session, process: Process, change: DraftChange) -> None:
    """Every text goes through here: the declaration file must be able to carry it, whichever way it came
    in (an edit that keeps the kind, an accepted amendment, a restore, an import)."""
    if isinstance(change, Insert):
        check_text(change.kind, change.text, change.depth, change.marker)
        return
    if not isinstance(change, SetText):
        return
    row = _row(tx, process, change.eid)
    if row is not None:
        check_text(
            change.kind or Kind(row.kind),
            change.text,
            row.depth if change.depth is None else change.depth,
            row.marker if change.marker is None else change.marker,
        )


def _apply(
    tx: Session,
    process: Process,
    actor: Actor | None,
    changes: Sequence[DraftChange],
    log: _Log,
    eids: dict[int, str],
    known: _Known | None,
) -> list[str]:
    """Make each change in turn, its texts already stored and its new eIds registered; return the eIds created."""
    # A final Reorder places everything: inserts then need no place of their own.
    reordering = any(isinstance(c, Reorder) for c in changes)
    created: list[str] = []
    for change in changes:
        if isinstance(change, SetText):
            _set_text(tx, process, actor, change, log)
        elif isinstance(change, Remove):
            _remove(tx, process, change, log)
        elif isinstance(change, Insert):
            assert known is not None
            created.append(_insert(tx, process, actor, change, eids[id(change)], log, known, place=not reordering))
        elif isinstance(change, Place):
            _place(tx, process, change, log)
        else:
            _reorder(tx, process, change)
    return created


def _check_lists(tx: Session, process: Process) -> None:
    """Every sub-item still belongs to an item above it (a draft without sub-items needs no look)."""
    nested = tx.scalar(
        select(DraftParagraph.id).where(DraftParagraph.process_id == process.id, DraftParagraph.depth > 0).limit(1)
    )
    if nested is None:
        return
    rows = tx.execute(
        select(DraftParagraph.eid, DraftParagraph.kind, DraftParagraph.depth, DraftParagraph.marker)
        .where(DraftParagraph.process_id == process.id)
        .order_by(DraftParagraph.position, DraftParagraph.id)
    )
    check_structure([Block(r.eid, Kind(r.kind), "", r.depth, r.marker) for r in rows])


class _Log:
    """The paragraph's history: each change with who, why and from which text to which."""

    def __init__(
        self, tx: Session, process: Process, actor: Actor | None, cause: Cause, note: str, editorial: bool
    ) -> None:
        self.tx, self.process, self.actor, self.cause, self.note, self.editorial = (
            tx,
            process,
            actor,
            cause,
            note,
            editorial,
        )

    def __call__(self, eid: str, action: str, old_sha: str | None, new_sha: str | None) -> None:
        self.tx.add(
            ParagraphEdit(
                process_id=self.process.id,
                eid=eid,
                action=action,
                cause=self.cause.kind.value,
                cause_ref=self.cause.ref,
                old_sha=old_sha,
                new_sha=new_sha,
                note=self.note,
                editorial=self.editorial,
                actor_id=stored_id(self.actor),
                writers=[
                    {"person": name, **({"delegation": code} if code else {})} for name, code in self.cause.writers
                ]
                or None,
            )
        )


def _bump_order(tx: Session, process: Process, base: int | None) -> None:
    statement = update(Process).where(Process.id == process.id)
    if base is not None:
        statement = statement.where(Process.draft_order == base)
    result = tx.execute(
        statement.values(draft_order=Process.draft_order + 1)
        .returning(Process.draft_order)
        .execution_options(synchronize_session=False)
    )
    order = result.scalar_one_or_none()
    if order is None:
        current = tx.scalar(select(Process.draft_order).where(Process.id == process.id))
        raise Conflict(
            N_("The order of the working draft changed since you opened it: look at it again, then redo your change."),
            detail={"base_order": base, "current_order": current, **last_edit(tx, process)},
        )
    set_committed_value(process, "draft_order", order)


def _row(tx: Session, process: Process, eid: str, *, fresh: bool = False) -> DraftParagraph | None:
    """The draft row of `eid`; `fresh`: as the database holds it now, not as this session first read it
    (after a compare-and-set lost to another writer)."""
    query = select(DraftParagraph).where(DraftParagraph.process_id == process.id, DraftParagraph.eid == eid)
    return tx.scalar(query.execution_options(populate_existing=True) if fresh else query)


def _rowcount(result: object) -> int:
    return cast(CursorResult[Any], result).rowcount


def last_edit(tx: Session, process: Process, eid: str | None = None) -> dict[str, Any]:
    """The last change to the working draft (of paragraph `eid`, if given): which paragraph, who made it, when."""
    query = select(ParagraphEdit).where(ParagraphEdit.process_id == process.id)
    if eid is not None:
        query = query.where(ParagraphEdit.eid == eid)
    last = tx.scalar(query.order_by(ParagraphEdit.id.desc()).limit(1))
    return {
        "eid": last.eid if last else None,
        "changed_by": last.actor.name if last and last.actor else None,
        "changed_at": last.created_at.isoformat() if last else None,
    }


def stale(tx: Session, process: Process, eid: str, base: str) -> Conflict:
    """409 with what the person needs to redo their change: the current text, what changed since
    their base, and who changed it when."""
    row = _row(tx, process, eid, fresh=True)
    base_text = text_of(tx, base)
    current_text = row.revision.text if row else None
    detail = {
        "eid": eid,
        "current_revision": row.revision_sha if row else None,
        "current_text": current_text,
        "base_revision": base,
        "base_text": base_text,
        "diff": list(word_diff(base_text, current_text)) if base_text is not None and current_text is not None else [],
        **last_edit(tx, process, eid),
    }
    printed = paragraph_name(tx, process, eid)  # named as the reader names it ("OP 5", gone: "OP 5 [deleted]")
    if row is None:
        return Conflict(N_("Paragraph {eid} was deleted since you opened it."), eid=printed, detail=detail)
    return Conflict(
        N_(
            "Someone changed paragraph {eid} since you opened it. Here is the current text and what changed; redo "
            "your edit on it."
        ),
        eid=printed,
        detail=detail,
    )


def _missing(tx: Session, process: Process, eid: str) -> NotFound:
    """A paragraph the draft does not have: one it had, as it was last printed; an eId never used, as typed."""
    return NotFound(N_("No paragraph “{eid}” in the working draft."), eid=paragraph_name(tx, process, eid))


def _set_text(tx: Session, process: Process, actor: Actor | None, change: SetText, log: _Log) -> None:
    sha = revision_id(change.text)  # stored by write_draft
    if change.base == sha:
        row = _row(tx, process, change.eid)
        if (
            row is not None
            and row.revision_sha == sha
            and change.kind in (None, row.kind)
            and change.depth in (None, row.depth)
            and change.marker in (None, row.marker)
        ):
            return  # nothing to change
    values: dict[str, Any] = {"revision_sha": sha, "updated_by_id": stored_id(actor), "updated_at": utcnow()}
    if change.kind is not None:
        values["kind"] = change.kind.value
    if change.depth is not None:
        values["depth"] = change.depth
    if change.marker is not None:
        values["marker"] = change.marker
    changed = _rowcount(
        tx.execute(
            update(DraftParagraph)
            .where(
                DraftParagraph.process_id == process.id,
                DraftParagraph.eid == change.eid,
                DraftParagraph.revision_sha == change.base,
            )
            .values(**values)
            .execution_options(synchronize_session="fetch")
        )
    )
    if changed != 1:
        if registered(tx, process, change.eid) is None:
            raise _missing(tx, process, change.eid)
        raise stale(tx, process, change.eid, change.base)
    log(change.eid, "edited", change.base, sha)
    if log.editorial:
        carry_translations(tx, process, change.eid, change.base, sha)


def _remove(tx: Session, process: Process, change: Remove, log: _Log) -> None:
    gone = _rowcount(
        tx.execute(
            delete(DraftParagraph)
            .where(
                DraftParagraph.process_id == process.id,
                DraftParagraph.eid == change.eid,
                DraftParagraph.revision_sha == change.base,
            )
            .execution_options(synchronize_session="fetch")
        )
    )
    if gone != 1:
        if registered(tx, process, change.eid) is None:
            raise _missing(tx, process, change.eid)
        raise stale(tx, process, change.eid, change.base)
    log(change.eid, "deleted", change.base, None)


class _Known:
    """The eIds registered and in the draft, read once for a batch of inserts (an import)."""

    def __init__(self, tx: Session, process: Process) -> None:
        self.registered = set(tx.scalars(select(Paragraph.eid).where(Paragraph.process_id == process.id)))
        self.in_draft = set(tx.scalars(select(DraftParagraph.eid).where(DraftParagraph.process_id == process.id)))


def _register(tx: Session, process: Process, inserts: list[Insert], known: _Known | None) -> dict[int, str]:
    """The eId of each insert (its own, or a fresh one), the new ones registered in one flush: before
    any draft row points at them."""
    eids: dict[int, str] = {}
    if not inserts or known is None:
        return eids
    for change in inserts:
        if change.eid is not None and change.eid in known.in_draft:
            raise Conflict(N_("Paragraph {eid} is already in the working draft."), eid=change.eid)
        eid = change.eid or next_eid(change.kind, known.registered | set(eids.values()))
        eids[id(change)] = eid
    fresh = {eid: change.kind for change in inserts if (eid := eids[id(change)]) not in known.registered}
    tx.add_all(Paragraph(process_id=process.id, eid=eid, kind=kind.value) for eid, kind in fresh.items())
    tx.flush()
    return eids


def _insert(
    tx: Session,
    process: Process,
    actor: Actor | None,
    change: Insert,
    eid: str,
    log: _Log,
    known: _Known,
    *,
    place: bool = True,
) -> str:
    restored = eid in known.registered
    position = _position_after(tx, process, change.after, depth=change.depth) if place else 0
    known.registered.add(eid)
    known.in_draft.add(eid)
    sha = revision_id(change.text)  # stored by write_draft
    tx.add(
        DraftParagraph(
            process_id=process.id,
            eid=eid,
            kind=change.kind.value,
            depth=change.depth,
            marker=change.marker,
            position=position,
            revision_sha=sha,
            updated_by_id=stored_id(actor),
        )
    )
    log(eid, "restored" if restored and log.cause.kind == CauseKind.RESTORE else "created", None, sha)
    return eid


def _place(tx: Session, process: Process, change: Place, log: _Log) -> None:
    if change.after == change.eid:
        raise InvalidInput(N_("A paragraph cannot be moved after itself."))
    row = _row(tx, process, change.eid)
    if row is None:
        raise _missing(tx, process, change.eid)
    following = _subtree(tx, process, row)  # its sub-items go with it, in their order
    if change.after is not None and change.after in {r.eid for r in following}:
        raise InvalidInput(N_("A paragraph cannot be moved among its own sub-items."))
    row.position = _position_after(tx, process, change.after, moving=row, depth=row.depth)
    previous = row
    for sub in following:
        tx.flush()
        sub.position = _position_after(tx, process, previous.eid, moving=sub, into=True)
        previous = sub
    log(change.eid, "moved", row.revision_sha, row.revision_sha)


def sub_items(tx: Session, process: Process, eid: str) -> list[str]:
    """The eIds of the sub-items under `eid` in the draft (none for most paragraphs)."""
    row = _row(tx, process, eid)
    return [r.eid for r in _subtree(tx, process, row)] if row is not None else []


def _subtree(tx: Session, process: Process, row: DraftParagraph) -> list[DraftParagraph]:
    """The sub-items (at any depth) right under `row`, in order; for a paragraph without any, one
    query for the paragraph after it."""
    after = (
        select(DraftParagraph)
        .where(DraftParagraph.process_id == process.id, DraftParagraph.position > row.position)
        .order_by(DraftParagraph.position, DraftParagraph.id)
    )
    first = tx.scalar(after.limit(1))
    if first is None or first.depth <= row.depth:
        return []
    found: list[DraftParagraph] = []
    for other in tx.scalars(after):
        if other.depth <= row.depth:
            break
        found.append(other)
    return found


def _reorder(tx: Session, process: Process, change: Reorder) -> None:
    rows = {r.eid: r for r in tx.scalars(select(DraftParagraph).where(DraftParagraph.process_id == process.id))}
    if set(rows) != set(change.eids) or len(change.eids) != len(rows):
        raise Conflict(N_("The working draft changed meanwhile; try again."))
    for index, eid in enumerate(change.eids, start=1):
        if rows[eid].position != index * GAP:
            rows[eid].position = index * GAP


def _position_after(
    tx: Session,
    process: Process,
    after: str | None,
    moving: DraftParagraph | None = None,
    into: bool = False,
    depth: int = 0,
) -> int:
    """A free position right after `after` and its sub-items (first when None), leaving the others
    where they are; right after `after` itself with `into`, or for a paragraph deeper than it (its
    first sub-item)."""
    others = select(DraftParagraph.position).where(DraftParagraph.process_id == process.id)
    if moving is not None:
        others = others.where(DraftParagraph.id != moving.id)
    if after is None:
        first = tx.scalar(select(func.min(others.subquery().c.position)))
        return 0 if first is None else first - GAP
    anchor = _row(tx, process, after)
    if anchor is None:
        raise _missing(tx, process, after)
    if not into and depth <= anchor.depth:
        anchor = ([anchor, *(r for r in _subtree(tx, process, anchor) if r is not moving)])[-1]
    following: int | None = tx.scalar(
        select(func.min(others.where(DraftParagraph.position > anchor.position).subquery().c.position))
    )
    if following is None:
        return anchor.position + GAP
    if following - anchor.position >= 2:
        return (anchor.position + following) // 2
    _renumber(tx, process)
    return _position_after(tx, process, after, moving, into, depth)


def _renumber(tx: Session, process: Process) -> None:
    """Spread the positions out again (rare: only when a gap has been halved away)."""
    rows = tx.scalars(
        select(DraftParagraph)
        .where(DraftParagraph.process_id == process.id)
        .order_by(DraftParagraph.position, DraftParagraph.id)
    )
    for index, row in enumerate(rows, start=1):
        row.position = index * GAP
    tx.flush()
