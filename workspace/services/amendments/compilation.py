"""The compilation text: every paragraph of a version with its open amendments, each rebased on that version's text
(in one language; in several, compilation_languages; as a Word file, compilation_word)."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ...domain.amendments.amendments import Status
from ...domain.amendments.negotiation import NegotiationStatus, brackets
from ...domain.declaration.document import Block, numbering
from ...domain.paging import Window, window
from ...domain.permissions import Action
from ...store.models import Amendment, ParagraphStatus, Process, Version
from ..access import process_for
from ..actor import Actor
from ..declaration.paragraphs import find_version, latest_version, version_blocks
from ..declaration.references import text_refs
from ..declaration.sides import reads_draft
from ..unit import reads
from .records import ORDER, Current, readable, views
from .views import AmendmentView, CompilationParagraph, CompilationView


@reads
def compilation(tx: Session, actor: Actor | None, slug: str, ref: str | None = None) -> CompilationView:
    """Each paragraph of the version with the open amendments to it under it, each rebased on that
    version's text: insertions and deletions against the paragraph, with proposer and co-sponsors.
    An insert stands under the paragraph it goes after."""
    process, role = process_for(tx, slug, actor, Action.READ)
    return compiled(tx, process, ref, reads_draft(role, actor))


def version_asked(tx: Session, process: Process, ref: str | None) -> Version | None:
    """Version `ref`, or the latest where none is named (None: the process has none yet)."""
    return find_version(tx, process, ref) if ref else latest_version(tx, process)


def compiled(tx: Session, process: Process, ref: str | None, committee: bool) -> CompilationView:
    """The compilation of version `ref` (the latest where none is named), as `committee` or not reads it."""
    version = version_asked(tx, process, ref)
    if version is None:
        return CompilationView(version="", language=process.source_language, paragraphs=[])
    blocks = version_blocks(tx, version)
    return _compile(tx, process, version, blocks, blocks, committee)


def open_amendments(process: Process, committee: bool) -> Select[Amendment]:
    """The query of the process's open amendments the reader may see (see `readable`)."""
    return readable(
        select(Amendment).where(Amendment.process_id == process.id, Amendment.status == Status.OPEN), committee
    )


def paragraph_statuses(tx: Session, process: Process) -> dict[str, str]:
    """The negotiation status set on paragraphs of the process, by eId."""
    return dict(
        tx.execute(
            select(ParagraphStatus.eid, ParagraphStatus.status).where(ParagraphStatus.process_id == process.id)
        ).all()
    )


def status_of(block: Block, statuses: dict[str, str]) -> str:
    """A paragraph's negotiation status: the one set on it, else bracketed where its text holds brackets, else open."""
    return statuses.get(block.eid) or (
        NegotiationStatus.BRACKETED.value if brackets(block.text) else NegotiationStatus.OPEN.value
    )


def _compile(
    tx: Session, process: Process, version: Version, blocks: list[Block], shown: list[Block], committee: bool
) -> CompilationView:
    """The paragraphs `shown` of the version (`blocks`, the whole: the amendments rebase on it, the numbers
    count in it), each with its open amendments: only theirs are read and rebased."""
    query = open_amendments(process, committee)
    if len(shown) != len(blocks):
        query = query.where(Amendment.eid.in_([b.eid for b in shown]))
    by_eid: dict[str, list[AmendmentView]] = {}
    for view in views(
        tx, list(tx.scalars(query.order_by(*ORDER))), Current.of(version.label, blocks, version), committee
    ):
        by_eid.setdefault(view.eid, []).append(view)
    statuses = paragraph_statuses(tx, process)
    numbers = numbering(blocks)
    refs = text_refs(tx, process, version)
    paragraphs = [
        CompilationParagraph(
            eid=b.eid,
            kind=b.kind.value,
            number=numbers.get(b.eid),
            ref=refs.get(b.eid, ""),
            text=b.text,
            status=status_of(b, statuses),
            amendments=by_eid.get(b.eid, []),
        )
        for b in shown
    ]
    return CompilationView(version=version.label, language=version.language, paragraphs=paragraphs)


@reads
def compilation_part(
    tx: Session, actor: Actor | None, slug: str, ref: str | None, page: int | None, at: str | None, size: int
) -> tuple[CompilationView, Window]:
    """A page of the compilation (`at`: the one holding that paragraph), counted in the version's paragraphs."""
    process, role = process_for(tx, slug, actor, Action.READ)
    version = version_asked(tx, process, ref)
    if version is None:
        return CompilationView(version="", language=process.source_language, paragraphs=[]), window(0, size)
    blocks = version_blocks(tx, version)
    shown = window(len(blocks), size, page, {b.eid: i for i, b in enumerate(blocks)}.get(at or ""))
    return _compile(tx, process, version, blocks, blocks[shown.start : shown.stop], reads_draft(role, actor)), shown
