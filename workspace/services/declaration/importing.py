"""A new version from a Markdown file: paragraphs matched to the draft's, the draft replaced, circulated.

The preview says which uncirculated edits of the working draft the import would replace; saving
them away needs the person's explicit choice (`replace_draft`), and the draft must still be the
one the preview was made on (`base_draft`).
"""

from __future__ import annotations

from dataclasses import dataclass

import msgspec
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.declaration.declaration_commands import Circulate, ImportVersion
from ...domain.declaration.document import Block
from ...domain.declaration.draft_changes import Cause, CauseKind, DraftChange, Insert, Remove, Reorder, SetText
from ...domain.declaration.version_names import DefaultName
from ...domain.diffing import Change
from ...domain.errors import N_, NN_, Conflict, ImportFailed, InvalidInput, said
from ...domain.permissions import Action
from ...domain.transfer.front_matter import line_of
from ...domain.word.version_import import VersionRead, read_version
from ...renderers.publication_docx import read_back_blocks
from ...store.models import Process
from ..access import lock_process, process_for, record
from ..actor import Actor
from ..heavy import heavy_work, in_worker
from ..unit import Db, apart, reads, use_case
from .default_names import default_name_of
from .draft import circulate_draft
from .paragraphs import (
    draft_blocks,
    draft_revision,
    draft_rows,
    latest_version,
    used_eids,
    version_blocks,
)
from .versions import change_views, compare_view
from .views import ChangeView, ImportView, MatchView, NoticeView
from .writes import write_draft

MAX_FILE = 2 * 1024 * 1024


def uncirculated_changes(tx: Session, process: Process, draft: list[Block]) -> list[ChangeView]:
    """What the working draft holds that the last version does not (all of it before a first version)."""
    latest = latest_version(tx, process)
    before = version_blocks(tx, latest) if latest else []
    return [c for c in change_views(before, draft) if c.change != Change.UNCHANGED]


@dataclass(frozen=True)
class _Before:
    """The working draft a version file is read against, as it was before the file was read."""

    previous: list[Block]
    used: set[str]
    pending: list[ChangeView]
    base: str
    default: DefaultName  # the version's name if neither the person nor the file names it


@reads
def _draft_before(tx: Session, actor: Actor | None, slug: str, command: ImportVersion) -> _Before:
    process, _ = process_for(tx, slug, actor, Action.CIRCULATE)
    if len(command.text.encode("utf-8")) > MAX_FILE:
        raise InvalidInput(N_("The file is larger than 2 MB."))
    language = command.language or process.source_language
    if language != process.source_language:
        raise InvalidInput(
            N_(
                "Versions are imported in the source language ({source}); other languages come with the translation "
                "workflow."
            ),
            source=i18n.language_name(process.source_language),
        )
    previous = draft_blocks(tx, process)
    return _Before(
        previous,
        used_eids(tx, process),
        uncirculated_changes(tx, process, previous),
        draft_revision(previous),
        default_name_of(tx, process),
    )


def import_version(db: Db, actor: Actor | None, slug: str, command: ImportVersion) -> ImportView:
    """Match the file's paragraphs to the working draft's (eId, identical text, similar text, place,
    else new), make the draft the file's text, and circulate it. With `preview`, save nothing.

    The file is read and matched in a worker process, outside any transaction (`heavy_work`), against the
    draft as it was read before; the preview writes nothing, and saving refuses (409) a draft that
    changed while the file was read, as it does one that changed since the person's preview."""
    before = _draft_before(apart(db), actor, slug, command)
    with heavy_work(actor):
        read = in_worker(_read, command, before.previous, before.used, before.default)
    new_blocks = [m.block for m in read.matches]
    view = ImportView(
        label=read.header.label,
        saved=False,
        matches=[
            MatchView(
                eid=m.block.eid,
                kind=m.block.kind.value,
                how=m.how,
                score=round(m.score, 3),
                line=m.line,
                text=m.block.text,
                depth=m.block.depth,
                marker=m.block.marker,
            )
            for m in read.matches
        ],
        compare=compare_view("draft", read.header.label, change_views(before.previous, new_blocks)),
        version=None,
        draft_changes=before.pending,
        base_draft=before.base,
        notices=[
            NoticeView(
                file=command.filename,
                line=n.line,
                message=i18n.translate_with(n.message, n.params),
                where=said(n.where, i18n.translate),
            )
            for n in read.notices
        ],
    )
    if command.preview:
        return view
    return _save(db, actor, slug, command, before, read.header, new_blocks, view)


def _read(command: ImportVersion, previous: list[Block], used: set[str], default: DefaultName) -> VersionRead:
    """The file read and matched to the draft's paragraphs; a Word file, against them as Accord's own Word file of
    them reads (`read_back_blocks`): the draft downloaded and sent back unchanged is the draft. In a worker process."""
    written = read_back_blocks(previous) if command.word is not None else None
    return read_version(command, previous, used, written, default)


@use_case
def _save(
    tx: Session,
    actor: Actor | None,
    slug: str,
    command: ImportVersion,
    before: _Before,
    header: Circulate,
    new_blocks: list[Block],
    view: ImportView,
) -> ImportView:
    process, _ = process_for(tx, slug, actor, Action.CIRCULATE)
    lock_process(tx, process)
    base = draft_revision(draft_blocks(tx, process))
    if base != before.base:
        raise Conflict(
            N_("The working draft changed while your file was being read: please send it again."),
            detail={"base_draft": base},
        )
    if command.base_draft is not None and command.base_draft != base:
        raise Conflict(
            N_("The working draft changed since your preview: preview the file again."), detail={"base_draft": base}
        )
    if before.pending and not command.replace_draft:
        raise Conflict(
            NN_(
                "The working draft has {count} uncirculated change that this import would replace: "
                "look at it in the preview, and confirm that it may be replaced.",
                "The working draft has {count} uncirculated changes that this import would replace: "
                "look at them in the preview, and confirm that they may be replaced.",
                "count",
            ),
            count=len(before.pending),
            detail={"draft_changes": [c.eid for c in before.pending], "base_draft": base},
        )
    replace_draft(tx, actor, process, new_blocks, Cause(CauseKind.IMPORT, command.filename))
    # A version file is the text as it was printed: its paragraphs numbered cleanly, as it numbers them.
    try:
        circulated = circulate_draft(tx, actor, process, msgspec.structs.replace(header, renumber=True))
    except InvalidInput as refused:
        raise _in_the_file(command, refused) from refused
    record(
        tx,
        actor,
        "version.imported",
        f"version:{circulated.number}",
        process,
        file=command.filename,
        replaced=len(before.pending),
    )
    return msgspec.structs.replace(view, saved=True, version=circulated.number)


def _in_the_file(command: ImportVersion, refused: InvalidInput) -> InvalidInput:
    """A name the file gave its version (its front matter's `label`) refused as a name: said at the file's line, as
    any refusal of a file's content is; a name the person typed (`label` of the command) stays theirs to fix."""
    field = refused.detail.get("field") if isinstance(refused.detail, dict) else None
    if command.label is not None or field != "label" or isinstance(refused, ImportFailed):
        return refused
    line = line_of(command.text, "label") if command.word is None else None
    return ImportFailed(command.filename, line, refused.message, **refused.params)


def replace_draft(tx: Session, actor: Actor | None, process: Process, blocks: list[Block], cause: Cause) -> None:
    """Make the working draft exactly `blocks`, through the one write path: each paragraph
    created, edited or deleted against the revision read here, then the order set."""
    rows = {r.eid: r for r in draft_rows(tx, process)}
    keep = {b.eid for b in blocks}
    changes: list[DraftChange] = [Remove(eid, row.revision_sha) for eid, row in rows.items() if eid not in keep]
    for block in blocks:
        existing = rows.get(block.eid)
        if existing is None:
            changes.append(Insert(block.kind, block.text, None, block.eid, block.depth, block.marker))
        elif (existing.revision.text, existing.kind, existing.depth, existing.marker) != (
            block.text,
            block.kind.value,
            block.depth,
            block.marker,
        ):
            changes.append(SetText(block.eid, existing.revision_sha, block.text, block.kind, block.depth, block.marker))
    changes.append(Reorder(tuple(b.eid for b in blocks)))
    write_draft(tx, process, actor, changes, cause)


__all__ = ["import_version", "replace_draft", "uncirculated_changes"]
