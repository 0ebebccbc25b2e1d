"""The working draft: add, edit, move and delete paragraphs; circulate it as a version.

Every change goes through `writes.write_draft`: a compare-and-set on the revision it was based on.
A paragraph's change answers with that paragraph only, so it costs the same whatever the draft's size.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.declaration.declaration_commands import (
    AddParagraph,
    Circulate,
    DeleteParagraph,
    EditParagraph,
    MoveParagraph,
    RestoreParagraph,
)
from ...domain.declaration.document import Kind
from ...domain.declaration.draft_changes import EDIT, Cause, CauseKind, Insert, Place, Remove, SetText
from ...domain.diffing import merge, word_diff
from ...domain.errors import N_, Conflict, InvalidInput, NotFound
from ...domain.permissions import Action
from ...store.models import Process, Version, VersionParagraph
from ..access import lock_process, process_for, record, stored_id
from ..actor import Actor
from ..unit import reads, use_case
from .naming import paragraph_name, paragraph_names
from .paragraphs import (
    draft_blocks,
    draft_row,
    draft_rows,
    known_revisions,
    latest_version,
    links_by_eid,
    paragraph_views,
    previous_neighbour,
    registered,
    text_of,
    version_blocks,
)
from .references import draft_paragraph_view, numbered_anew, numbers_at_circulation, refs_of
from .version_labels import check_free, labels_of, put_labels
from .views import DraftView, ParagraphView, VersionSummary
from .writes import last_edit, stale, sub_items, write_draft


@reads
def get_draft(tx: Session, actor: Actor | None, slug: str) -> DraftView:
    process, _ = process_for(tx, slug, actor, Action.READ_DRAFT)
    latest = tx.scalar(select(func.max(Version.number)).where(Version.process_id == process.id))
    blocks = draft_blocks(tx, process)
    views = paragraph_views(blocks, links_by_eid(tx, process), refs_of(tx, process, blocks, None))
    return DraftView(
        paragraphs=views, language=process.source_language, latest_version=latest, order=process.draft_order
    )


@reads
def get_draft_paragraph(tx: Session, actor: Actor | None, slug: str, eid: str) -> ParagraphView:
    process, _ = process_for(tx, slug, actor, Action.READ_DRAFT)
    return draft_paragraph_view(tx, process, eid)


@use_case
def add_paragraph(tx: Session, actor: Actor | None, slug: str, command: AddParagraph) -> ParagraphView:
    """A new paragraph after `after` (first when None), with a fresh eId: the answer names it."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    change = Insert(Kind(command.kind), command.text, command.after, None, command.depth, command.marker)
    [eid] = write_draft(tx, process, actor, [change], EDIT, base_order=command.base_order)
    record(tx, actor, "paragraph.added", f"paragraph:{eid}", process)
    return draft_paragraph_view(tx, process, eid)


@use_case
def edit_paragraph(tx: Session, actor: Actor | None, slug: str, eid: str, command: EditParagraph) -> ParagraphView:
    """Replace a paragraph's text, if it is still the revision the editor started from."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    kind = Kind(command.kind) if command.kind else None
    change = SetText(eid, command.base_revision, command.text, kind, command.depth, command.marker)
    try:
        write_draft(tx, process, actor, [change], EDIT, note=command.note, editorial=command.editorial)
    except Conflict as stale:
        _both_changes(stale, command.text)
        raise
    record(tx, actor, "paragraph.edited", f"paragraph:{eid}", process, editorial=command.editorial)
    return draft_paragraph_view(tx, process, eid)


@reads
def since_seen(
    tx: Session, actor: Actor | None, slug: str, eid: str, base_revision: str, text: str | None = None
) -> dict[str, Any]:
    """What a stale write's 409 says, read again for the page that shows its form again: paragraph `eid`'s current
    text and what changed since the revision the person saw, who changed it when; with the person's own `text`,
    their change and both combined (`yours`, `merged`)."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    seen = stale(tx, process, eid, base_revision)
    if text is not None:
        _both_changes(seen, text)
    return dict(seen.detail)


@reads
def last_change(tx: Session, actor: Actor | None, slug: str) -> dict[str, Any]:
    """Who changed the working draft last, when, and which paragraph (a 409 on its order)."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    return last_edit(tx, process)


def _both_changes(stale: Conflict, text: str) -> None:
    """A stale edit's 409 says, beside their change, the person's own (`yours`: the diff from the text both
    started from) and both combined where they touch different words (`merged`; None: the same words)."""
    detail = stale.detail if isinstance(stale.detail, dict) else None
    if detail is None or detail.get("base_text") is None or detail.get("current_text") is None:
        return
    detail["yours"] = list(word_diff(detail["base_text"], text))
    detail["merged"] = merge(detail["base_text"], text, detail["current_text"])


@use_case
def move_paragraph(tx: Session, actor: Actor | None, slug: str, eid: str, command: MoveParagraph) -> ParagraphView:
    """Put a paragraph after `after` (or first). Its eId stays; operative numbers follow the order."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    write_draft(tx, process, actor, [Place(eid, command.after)], EDIT, base_order=command.base_order)
    record(tx, actor, "paragraph.moved", f"paragraph:{eid}", process, after=command.after)
    return draft_paragraph_view(tx, process, eid)


@use_case
def delete_paragraph(tx: Session, actor: Actor | None, slug: str, eid: str, command: DeleteParagraph) -> None:
    """Delete a paragraph, if it is still the revision the editor saw. Its eId is never given again."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    under = sub_items(tx, process, eid)
    if under:  # they would silently become sub-items of the paragraph above
        names = paragraph_names(tx, process, None, {eid, under[0]})
        raise InvalidInput(
            N_("Paragraph {eid} has sub-items ({sub}…): delete or move them first."),
            eid=names.get(eid, eid),
            sub=names.get(under[0], under[0]),
            detail={"eid": eid, "sub_items": under},
        )
    write_draft(tx, process, actor, [Remove(eid, command.base_revision)], EDIT, note=command.note)
    record(tx, actor, "paragraph.deleted", f"paragraph:{eid}", process)


@use_case
def restore_paragraph(
    tx: Session, actor: Actor | None, slug: str, eid: str, command: RestoreParagraph
) -> ParagraphView:
    """An earlier text of the paragraph becomes its text again (a compare-and-set on the current one);
    a deleted paragraph comes back with its eId, after its old neighbour."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    paragraph = registered(tx, process, eid)
    known = known_revisions(tx, process, eid) if paragraph else set()
    text = text_of(tx, command.revision) if command.revision in known else None
    if paragraph is None or text is None:
        raise NotFound(
            N_("Paragraph {eid} never had the revision “{revision}”."),
            eid=paragraph_name(tx, process, eid),
            revision=command.revision[:12],
        )
    cause = Cause(CauseKind.RESTORE, command.revision)
    current = draft_row(tx, process, eid)
    if current is not None:
        if command.base_revision is None:
            raise InvalidInput(
                N_("Say which revision your edit is based on ({field})."),
                field="base_revision",
                detail={"field": "base_revision"},
            )
        write_draft(tx, process, actor, [SetText(eid, command.base_revision, text)], cause)
    else:
        after = command.after or previous_neighbour(tx, process, eid)
        write_draft(tx, process, actor, [Insert(Kind(paragraph.kind), text, after, eid)], cause)
    record(tx, actor, "paragraph.restored", f"paragraph:{eid}", process, revision=command.revision)
    return draft_paragraph_view(tx, process, eid)


def version_summary(v: Version, paragraphs: int) -> VersionSummary:
    return VersionSummary(
        number=v.number,
        label=v.label,
        labels=labels_of(v),
        circulated_on=v.circulated_on,
        note=v.note,
        language=v.language,
        paragraphs=paragraphs,
        created_by=v.created_by.name if v.created_by else None,
        created_at=v.created_at,
    )


def count_paragraphs(tx: Session, version: Version) -> int:
    return (
        tx.scalar(
            select(func.count()).where(
                VersionParagraph.version_id == version.id, VersionParagraph.language == version.language
            )
        )
        or 0
    )


def circulate_draft(tx: Session, actor: Actor | None, process: Process, command: Circulate) -> Version:
    """Freeze the draft as the next version (the caller holds the process lock)."""
    check_free(
        tx, process, None, {"label": command.label, **{f"labels.{code}": text for code, text in command.names.items()}}
    )
    rows = draft_rows(tx, process)
    if not rows:
        raise InvalidInput(N_("The working draft is empty: there is nothing to circulate."))
    latest = latest_version(tx, process)
    blocks = draft_blocks(tx, process)
    if (
        latest is not None
        and version_blocks(tx, latest) == blocks
        and not numbered_anew(tx, process, blocks, command.renumber)
    ):
        raise Conflict(
            N_("The working draft is the same as version “{label}”: there is nothing new to circulate."),
            label=latest.label,
        )
    # Numbered before the version exists: the draft holds still against the latest version until then.
    numbers = numbers_at_circulation(tx, process, blocks, command.renumber)
    on = command.date or datetime.now(ZoneInfo(process.timezone)).date().isoformat()
    version = Version(
        process_id=process.id,
        number=(latest.number if latest else 0) + 1,
        label=command.label,
        circulated_on=on,
        note=command.note,
        language=process.source_language,
        created_by_id=stored_id(actor),
    )
    tx.add(version)
    tx.flush()
    put_labels(tx, actor, process, version, command.names)
    numbers.version_id = version.id
    tx.add(numbers)
    tx.add_all(
        VersionParagraph(
            version_id=version.id,
            language=version.language,
            position=position,
            process_id=process.id,
            eid=r.eid,
            kind=r.kind,
            depth=r.depth,
            marker=r.marker,
            revision_sha=r.revision_sha,
        )
        for position, r in enumerate(rows)
    )
    record(tx, actor, "version.circulated", f"version:{version.number}", process, label=command.label)
    tx.flush()
    return version


@use_case
def circulate(tx: Session, actor: Actor | None, slug: str, command: Circulate) -> VersionSummary:
    """Freeze the working draft as the next version ("Borrador cero", "Rev.1" …)."""
    process, _ = process_for(tx, slug, actor, Action.CIRCULATE)
    lock_process(tx, process)
    version = circulate_draft(tx, actor, process, command)
    return version_summary(version, count_paragraphs(tx, version))
