"""A new version from a Markdown file: paragraphs matched to the last ones, the draft replaced, circulated."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from ..domain.consultations import text_field
from ..domain.declaration_format import match_paragraphs, parse_declaration
from ..domain.document import Block
from ..domain.errors import N_, InvalidInput
from ..domain.permissions import Action
from ..domain.vocabulary import parse_language
from ..store.models import DraftParagraph, Process
from .access import process_for, stored_id
from .declaration_views import ImportView, MatchView
from .draft import _lock_structure, circulate_draft
from .paragraphs import draft_blocks, draft_rows, log_edit, store_revision, used_eids
from .unit import use_case
from .versions import change_views, compare_view
from .views import Actor

MAX_FILE = 2 * 1024 * 1024


@use_case
def import_version(
    tx: Session, actor: Actor | None, slug: str, filename: str, text: str, *,
    label: str | None = None, language: str | None = None, preview: bool = False,
) -> ImportView:
    """Match the file's paragraphs to the working draft's (eId, identical text, similar text, else new),
    make the draft the file's text, and circulate it. With `preview`, save nothing."""
    process, _ = process_for(tx, slug, actor, Action.CIRCULATE)
    if len(text.encode("utf-8")) > MAX_FILE:
        raise InvalidInput(N_("The file is larger than 2 MB."))
    lang = parse_language(language or process.source_language)
    if lang != process.source_language:
        raise InvalidInput(
            N_("Versions are imported in the source language ({source}); other languages come with the translation workflow."),
            source=process.source_language,
        )
    meta, imported = parse_declaration(text, filename)
    if not imported:
        raise InvalidInput(N_("The file holds no paragraph."))
    label = text_field({"label": label or meta.get("label") or ""}, "label", required=True, limit=100)
    _lock_structure(tx, process)
    previous = draft_blocks(tx, process)
    matches = match_paragraphs(previous, imported, used_eids(tx, process))
    new_blocks = [m.block for m in matches]
    compared = compare_view("draft", label, change_views(previous, new_blocks))
    views = [MatchView(m.block.eid, m.block.kind.value, m.how, round(m.score, 3), m.line, m.block.text) for m in matches]
    if preview:
        return ImportView(label, False, views, compared)

    replace_draft(tx, actor, process, new_blocks, "import", filename)
    version = circulate_draft(tx, actor, process, {"label": label, "date": str(meta.get("date") or ""), "note": str(meta.get("note") or "")})
    return ImportView(label, True, views, compared, version.number)


def replace_draft(tx: Session, actor: Actor | None, process: Process, blocks: list[Block], cause: str, note: str) -> None:
    """Make the working draft exactly `blocks`, logging each paragraph created, edited or deleted."""
    rows = {r.eid: r for r in draft_rows(tx, process)}
    keep = {b.eid for b in blocks}
    for eid, row in rows.items():
        if eid not in keep:
            log_edit(tx, process, actor, eid, "deleted", cause, row.revision_sha, None, note=note)
    tx.execute(delete(DraftParagraph).where(DraftParagraph.process_id == process.id, DraftParagraph.eid.not_in(keep)))
    for position, block in enumerate(blocks):
        sha = store_revision(tx, block.text)
        existing = rows.get(block.eid)
        if existing is None:
            tx.add(DraftParagraph(process_id=process.id, eid=block.eid, kind=block.kind.value, position=position,
                                  revision_sha=sha, updated_by_id=stored_id(actor)))
            log_edit(tx, process, actor, block.eid, "created", cause, None, sha, note=note)
        else:
            if existing.revision_sha != sha or existing.kind != block.kind.value:
                log_edit(tx, process, actor, block.eid, "edited", cause, existing.revision_sha, sha, note=note)
            existing.revision_sha, existing.kind, existing.position = sha, block.kind.value, position
    tx.flush()


__all__ = ["import_version", "replace_draft"]
