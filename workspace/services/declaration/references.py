"""Printed references in the store: each version's numbers as it circulated, what the working draft holds still
against, the committee's renumbering, and the crosswalk old → new (domain.declaration.references)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.declaration.document import EID, Block, Kind
from ...domain.declaration.references import (
    Basis,
    Number,
    basis_of,
    clean_basis,
    crosswalk,
    find,
    printed_numbers,
    reference,
    references,
)
from ...domain.errors import N_, InvalidInput, NotFound
from ...domain.permissions import Action
from ...store.models import DraftParagraph, Process, Version, VersionNumbers
from ..access import lock_process, process_for, record
from ..actor import Actor
from ..csv_export import csv_text
from ..kept import LastUsed, UntilNextEntry
from ..unit import reads, use_case
from .paragraphs import draft_blocks, find_version, latest_version, links_by_eid, number_in_draft, version_blocks
from .views import CrosswalkRow, CrosswalkView, ParagraphView


def _numbers(stored: Mapping[str, Any]) -> dict[str, Number]:
    """Stored numbers ({eid: [kind, number, suffix]}) as Numbers; the deleted ones are those the text no longer has."""
    return {
        eid: Number(Kind(kind), int(base), int(suffix), deleted=bool(rest and rest[0]))
        for eid, (kind, base, suffix, *rest) in stored.items()
    }


def _stored(numbers: Mapping[str, Number]) -> dict[str, list[Any]]:
    return {eid: [n.kind.value, n.base, n.suffix, n.deleted] for eid, n in numbers.items()}


def version_numbers(tx: Session, version: Version) -> dict[str, Number]:
    """A version's printed numbers as it circulated (kept per worker: a version never changes)."""
    key = (str(tx.get_bind().engine.url), version.id, version.created_at)
    return _VERSION_NUMBERS.get(key, lambda: _version_numbers(tx, version))


def _version_numbers(tx: Session, version: Version) -> dict[str, Number]:
    row = tx.get(VersionNumbers, version.id)
    if row is not None:
        return _numbers(row.numbers)
    return printed_numbers(version_blocks(tx, version), None)  # a version of before: numbered cleanly


_VERSION_NUMBERS: LastUsed[tuple[object, ...], dict[str, Number]] = LastUsed(64)
_VERSION_BASIS: LastUsed[tuple[object, ...], Basis] = LastUsed(64)  # what the draft holds still against


def draft_basis(tx: Session, process: Process) -> Basis | None:
    """What the working draft holds still against: the committee's renumbering since the last circulation, or the
    numbers of the latest version (None: no version yet, the draft is numbered cleanly)."""
    if process.draft_basis:
        return {eid: (str(v[0]), int(v[1]), int(v[2])) for eid, v in process.draft_basis.items()}
    latest = latest_version(tx, process)
    if latest is None:
        return None
    key = (str(tx.get_bind().engine.url), latest.id, latest.created_at)
    return _VERSION_BASIS.get(key, lambda: basis_of(version_numbers(tx, latest)))


def basis_for(tx: Session, process: Process, version: Version | None) -> Basis | None:
    """The basis of a text: a version's own numbers, or the working draft's (`version` None)."""
    return basis_of(version_numbers(tx, version)) if version is not None else draft_basis(tx, process)


def refs_of(
    tx: Session, process: Process, blocks: Sequence[Block], version: Version | None, language: str | None = None
) -> dict[str, str]:
    """Every paragraph's printed reference (and the deleted ones held still) in the reader's language."""
    return references(blocks, basis_for(tx, process, version), language or i18n.get_locale())


# A circulated version's references never change: kept per worker by what names the version for good and the
# language; the working draft's until the process's next activity entry.
_VERSION_REFS: LastUsed[tuple[object, ...], dict[str, str]] = LastUsed(256)
_DRAFT_REFS = UntilNextEntry(64)


def text_refs(tx: Session, process: Process, version: Version | None, language: str | None = None) -> dict[str, str]:
    """Every paragraph's printed reference in a version (None: the working draft), in `language` (the reader's):
    what a list naming many paragraphs reads once (kept: worked out once per version and language)."""
    lang = language or i18n.get_locale()
    if version is None:
        return _DRAFT_REFS.get(
            tx, process, None, ("refs", lang), lambda: refs_of(tx, process, draft_blocks(tx, process), None, lang)
        )
    key = (str(tx.get_bind().engine.url), version.id, version.created_at, lang)
    return _VERSION_REFS.get(key, lambda: refs_of(tx, process, version_blocks(tx, version), version, lang))


def refs_in(
    tx: Session, process: Process, version: Version | None, eids: Collection[str], language: str | None = None
) -> dict[str, str]:
    """The printed references of a few paragraphs (`eids`) of a version or the draft: those of the draft held still
    against its basis read alone (one paragraph's action costs the same whatever the draft's size), the others
    (and those the draft no longer has, listed "[deleted]" until a renumbering) from the whole text (kept:
    `text_refs`)."""
    if version is not None or not eids or len(eids) > 50:
        return text_refs(tx, process, version, language)
    basis = draft_basis(tx, process)
    rows = tx.execute(
        select(DraftParagraph.eid, DraftParagraph.kind, DraftParagraph.depth).where(
            DraftParagraph.process_id == process.id, DraftParagraph.eid.in_(list(eids))
        )
    ).all()
    if len(rows) < len(set(eids)):
        return text_refs(tx, process, None, language)  # one the draft no longer has: its basis may list it deleted
    found = {}
    for eid, kind, depth in rows:
        entry = basis.get(eid) if basis is not None else None
        if entry is None or entry[0] != kind or depth != 0:
            return text_refs(tx, process, None, language)  # placed by the draft's order: read it whole
        suffix = entry[2] if len(entry) > 2 else 0
        found[eid] = reference(Number(Kind(entry[0]), entry[1], suffix), language or i18n.get_locale())
    return found


def numbers_at_circulation(tx: Session, process: Process, blocks: Sequence[Block], renumber: bool) -> VersionNumbers:
    """The numbers a version circulates with (the caller adds its version id): clean if the committee renumbers
    (or for the first version), else held still against the draft's basis; renumbered if they are clean because
    the committee renumbered the draft since the last circulation. The draft then holds to them."""
    basis = None if renumber else draft_basis(tx, process)
    numbers = printed_numbers(blocks, basis)
    renumbered = basis is None or (bool(process.draft_basis) and numbers == printed_numbers(blocks, None))
    process.draft_basis = None
    return VersionNumbers(numbers=_stored(numbers), renumbered=renumbered)


def numbered_anew(tx: Session, process: Process, blocks: Sequence[Block], renumber: bool) -> bool:
    """Whether circulating the draft (`blocks`, the same text as the latest version's) would print other numbers
    than that version did: the committee renumbered it since (`renumber_draft`), or renumbers it now. A clean
    renumbering is what a new version is issued for, its crosswalk with it."""
    latest = latest_version(tx, process)
    if latest is None:
        return True
    now = printed_numbers(blocks, None if renumber else draft_basis(tx, process))
    return now != version_numbers(tx, latest)


def find_paragraph(tx: Session, process: Process, typed: str, version: Version | None) -> str | None:
    """The eId a typed printed reference ("OP 14", "pd 7 bis") names in a version or the draft, if any."""
    blocks = version_blocks(tx, version) if version is not None else draft_blocks(tx, process)
    return find(typed, printed_numbers(blocks, basis_for(tx, process, version)))


def eid_of(tx: Session, process: Process, typed: str, version: Version | None) -> str:
    """The eId a filter names: an eId as typed, or a printed reference ("OP 14", "pd 7 bis") of the text read (a
    version, or the draft); what names nothing is kept as typed (and finds nothing)."""
    typed = typed.strip()
    if EID.fullmatch(typed) and "_" in typed:  # eIds have one (op_12): "op14" is a reference typed without a space
        return typed
    return find_paragraph(tx, process, typed, version) or typed


def _rows(before: Mapping[str, Number], after: Mapping[str, Number]) -> list[CrosswalkRow]:
    language = i18n.get_locale()
    return [CrosswalkRow(eid=eid, old=old, new=new) for eid, old, new in crosswalk(before, after, language)]


@reads
def version_crosswalk(tx: Session, actor: Actor | None, slug: str, ref: str) -> CrosswalkView:
    """How a version's printed references read against the version before it: old → new for every paragraph."""
    process, _ = process_for(tx, slug, actor, Action.READ)
    version = find_version(tx, process, ref)
    previous = tx.scalar(select(Version).where(Version.process_id == process.id, Version.number == version.number - 1))
    before = version_numbers(tx, previous) if previous is not None else {}
    row = tx.get(VersionNumbers, version.id)
    return CrosswalkView(
        version=version.label,
        previous=previous.label if previous is not None else None,
        renumbered=bool(row.renumbered) if row is not None else True,
        rows=_rows(before, version_numbers(tx, version)),
    )


def _plain(ref: str | None) -> str:
    """A reference as a spreadsheet cell holds it: ordinary spaces (a cell does not break lines)."""
    return (ref or "").replace("\u00a0", " ")


def crosswalk_csv(view: CrosswalkView) -> str:
    """The crosswalk as a spreadsheet reads it: eId, old reference, new reference."""
    return csv_text(
        [i18n.translate(N_("eId")), i18n.translate(N_("Before")), i18n.translate(N_("Now"))],
        ([row.eid, _plain(row.old), _plain(row.new)] for row in view.rows),
    )


@use_case
def renumber_draft(tx: Session, actor: Actor | None, slug: str) -> CrosswalkView:
    """Number the working draft cleanly now (PP 1 …, OP 1 …): what it printed since the last circulation
    (bis, ter, [deleted]) gives way, and the crosswalk says how each reference changed."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    lock_process(tx, process)
    blocks = draft_blocks(tx, process)
    if not blocks:
        raise InvalidInput(N_("The working draft is empty: there is nothing to renumber."))
    before = printed_numbers(blocks, draft_basis(tx, process))
    process.draft_basis = {eid: [kind, base, 0] for eid, (kind, base) in clean_basis(blocks).items()}
    after = printed_numbers(blocks, draft_basis(tx, process))
    record(tx, actor, "draft.renumbered", "draft", process, on_draft=True)
    tx.flush()
    latest = latest_version(tx, process)
    return CrosswalkView(
        version="draft", previous=latest.label if latest else None, renumbered=True, rows=_rows(before, after)
    )


def draft_row_ref(tx: Session, process: Process, row: DraftParagraph, language: str | None = None) -> str:
    """One draft paragraph's reference: from the basis where it is held still, else from the draft's order."""
    basis = draft_basis(tx, process)
    entry = basis.get(row.eid) if basis is not None else None
    if entry is not None and entry[0] == row.kind and row.depth == 0:
        return refs_of(tx, process, [Block(row.eid, Kind(row.kind), "", 0, row.marker)], None, language)[row.eid]
    return refs_of(tx, process, draft_blocks(tx, process), None, language).get(row.eid, "")


def draft_paragraph_view(tx: Session, process: Process, eid: str) -> ParagraphView:
    """One paragraph of the draft, at a cost that does not grow with the draft (read afresh: a write
    of this transaction may have changed it behind an object already loaded)."""
    row = tx.scalar(
        select(DraftParagraph)
        .where(DraftParagraph.process_id == process.id, DraftParagraph.eid == eid)
        .execution_options(populate_existing=True)
    )
    if row is None:
        raise NotFound(N_("No paragraph “{eid}” in the working draft."), eid=eid)
    return ParagraphView(
        eid=row.eid,
        kind=row.kind,
        number=number_in_draft(tx, row),
        text=row.revision.text,
        ref=draft_row_ref(tx, process, row),
        revision=row.revision_sha,
        recommendations=links_by_eid(tx, process, eid).get(eid, []),
        depth=row.depth,
        marker=row.marker,
    )


def hold_version_numbers(tx: Session, version: Version, numbers: Mapping[str, Number]) -> None:
    """A version just circulated holds `numbers` as printed (a folder's crosswalk file: how it was numbered where it
    was exported from), over the numbers it was given; it was not renumbered cleanly."""
    row = tx.get(VersionNumbers, version.id)
    held = {**(_numbers(row.numbers) if row is not None else {}), **numbers}
    if row is None:
        tx.add(VersionNumbers(version_id=version.id, numbers=_stored(held), renumbered=False))
    else:
        row.numbers, row.renumbered = _stored(held), False
    tx.flush()


def hold_draft_numbers(process: Process, numbers: Mapping[str, Number]) -> None:
    """The working draft holds to `numbers` (the committee renumbered it since the last circulation)."""
    process.draft_basis = {eid: list(entry) for eid, entry in basis_of(numbers).items()}


def draft_numbers(tx: Session, process: Process) -> dict[str, Number]:
    """The working draft's printed numbers (held still against its basis)."""
    return printed_numbers(draft_blocks(tx, process), draft_basis(tx, process))
