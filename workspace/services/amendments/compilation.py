"""The compilation text (every paragraph with its open amendments), as a Word file, and the disposition table."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.amendments.amendments import Status
from ...domain.amendments.negotiation import NegotiationStatus, brackets
from ...domain.declaration.document import Block, numbering
from ...domain.errors import N_, NotFound
from ...domain.paging import Window, window
from ...domain.permissions import Action
from ...domain.vocabulary import slugify
from ...i18n import gettext, locale_scope
from ...renderers.compilation_docx import compilation_docx
from ...store.models import Amendment, ParagraphStatus, Process, Version
from ..access import process_for
from ..actor import Actor
from ..csv_export import csv_text
from ..declaration.paragraphs import find_version, latest_version, version_blocks
from ..declaration.references import text_refs
from ..declaration.sides import reads_draft
from ..unit import reads
from .records import DRAFT, ORDER, Current, readable, views
from .views import AmendmentView, CompilationParagraph, CompilationView, DispositionRow


@reads
def compilation(tx: Session, actor: Actor | None, slug: str, ref: str | None = None) -> CompilationView:
    """Each paragraph of the version with the open amendments to it under it, each rebased on that
    version's text: insertions and deletions against the paragraph, with proposer and co-sponsors.
    An insert stands under the paragraph it goes after."""
    process, role = process_for(tx, slug, actor, Action.READ)
    return _compiled(tx, process, ref, reads_draft(role, actor))


def _compiled(tx: Session, process: Process, ref: str | None, committee: bool) -> CompilationView:
    version = find_version(tx, process, ref) if ref else latest_version(tx, process)
    if version is None:
        return CompilationView(version="", language=process.source_language, paragraphs=[])
    blocks = version_blocks(tx, version)
    return _compile(tx, process, version, blocks, blocks, committee)


def _compile(
    tx: Session, process: Process, version: Version, blocks: list[Block], shown: list[Block], committee: bool
) -> CompilationView:
    """The paragraphs `shown` of the version (`blocks`, the whole: the amendments rebase on it, the numbers
    count in it), each with its open amendments: only theirs are read and rebased."""
    query = readable(
        select(Amendment).where(Amendment.process_id == process.id, Amendment.status == Status.OPEN), committee
    )
    if len(shown) != len(blocks):
        query = query.where(Amendment.eid.in_([b.eid for b in shown]))
    by_eid: dict[str, list[AmendmentView]] = {}
    for view in views(tx, list(tx.scalars(query.order_by(*ORDER))), Current.of(version.label, blocks), committee):
        by_eid.setdefault(view.eid, []).append(view)
    statuses = dict(
        tx.execute(
            select(ParagraphStatus.eid, ParagraphStatus.status).where(ParagraphStatus.process_id == process.id)
        ).all()
    )
    numbers = numbering(blocks)
    refs = text_refs(tx, process, version)
    paragraphs = [
        CompilationParagraph(
            eid=b.eid,
            kind=b.kind.value,
            number=numbers.get(b.eid),
            ref=refs.get(b.eid, ""),
            text=b.text,
            status=statuses.get(b.eid)
            or (NegotiationStatus.BRACKETED.value if brackets(b.text) else NegotiationStatus.OPEN.value),
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
    version = find_version(tx, process, ref) if ref else latest_version(tx, process)
    if version is None:
        return CompilationView(version="", language=process.source_language, paragraphs=[]), window(0, size)
    blocks = version_blocks(tx, version)
    shown = window(len(blocks), size, page, {b.eid: i for i, b in enumerate(blocks)}.get(at or ""))
    return _compile(tx, process, version, blocks, blocks[shown.start : shown.stop], reads_draft(role, actor)), shown


@dataclass(frozen=True)
class CompilationFile:
    name: str  # ASCII, for a Content-Disposition header: labels are not
    body: bytes  # the .docx
    view: CompilationView  # what it holds


@reads
def compilation_file(tx: Session, actor: Actor | None, slug: str, ref: str | None = None) -> CompilationFile:
    """The compilation as a Word file, each open amendment a tracked change by its proposer. Its few
    words of its own (legend, labels) are in the language of the version's text, whoever asks: the
    file is one document for a whole committee, not a page in the reader's language."""
    process, role = process_for(tx, slug, actor, Action.READ)
    with locale_scope(process.source_language):  # its printed references too ("PD 14" in a Spanish text)
        view = _compiled(tx, process, ref, reads_draft(role, actor))
    title = process.titles.get(process.source_language) or slug
    with locale_scope(view.language):
        body = compilation_docx(view, f"{title} · {view.version}", gettext)
    return CompilationFile(f"{slug}-{slugify(view.version or 'compilation', 40)}.docx", body, view)


@reads
def disposition(tx: Session, actor: Actor | None, slug: str, ref: str | None = None) -> list[DispositionRow]:
    """The committee's report: every amendment made against the version, with its decision, the
    reason and the resulting text."""
    process, role = process_for(tx, slug, actor, Action.READ)
    committee = reads_draft(role, actor)
    if ref and ref.strip().lower() == DRAFT:
        if not committee:
            raise NotFound(N_("No version “{ref}” in this process."), ref=ref)
        version = None  # the committee's amendments to the working draft
    else:
        version = find_version(tx, process, ref) if ref else latest_version(tx, process)
    query = select(Amendment).where(Amendment.process_id == process.id)
    query = query.where(Amendment.version_id == version.id) if version else query.where(Amendment.on_draft.is_(True))
    rows = list(tx.scalars(readable(query, committee).order_by(*ORDER)))
    return [
        DispositionRow(
            number=v.number,
            label=v.label,
            kind=v.kind,
            eid=v.eid,
            ref=v.ref,
            proposer=v.proposer,
            delegation=v.delegation,
            cosponsors=v.cosponsors,
            cosponsor_delegations=v.cosponsor_delegations,
            status=v.status,
            reason=v.reason,
            decided_by=v.decided_by,
            resulting_text=v.decided_text,
        )
        for v in views(tx, rows, None, committee)
    ]


CSV_COLUMNS = (
    "amendment",
    "kind",
    "paragraph",
    "reference",
    "proposer",
    "delegation",
    "cosponsors",
    "cosponsor_delegations",
    "decision",
    "reason",
    "decided_by",
    "resulting_text",
)


@reads
def disposition_csv(tx: Session, actor: Actor | None, slug: str, ref: str | None = None) -> str:
    return csv_text(
        CSV_COLUMNS,
        (
            (
                row.label,
                row.kind,
                row.eid,
                row.ref.replace("\u00a0", " "),
                row.proposer,
                row.delegation.code if row.delegation else "",
                "; ".join(row.cosponsors),
                "; ".join(d.code for d in row.cosponsor_delegations),
                row.status,
                row.reason,
                row.decided_by,
                row.resulting_text,
            )
            for row in disposition(tx, actor, slug, ref)
        ),
    )
