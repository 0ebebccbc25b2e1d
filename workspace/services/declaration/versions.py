"""Reading circulated versions, comparing any two texts, and the history of one paragraph."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.declaration.declaration_commands import SetVersionLabels
from ...domain.declaration.document import Block, numbering
from ...domain.diffing import Change, Paragraph, compare, word_diff
from ...domain.errors import N_, Conflict, NotFound
from ...domain.permissions import Action, allows, require
from ...domain.publication.publication import PublicationModel, build_edition
from ...domain.vocabulary import Role
from ...store.models import ParagraphEdit, Process, Version, VersionParagraph
from ..access import lock_process, process_for, record
from ..actor import Actor
from ..kept import UntilNextEntry
from ..unit import reads, use_case
from .draft import count_paragraphs, version_summary
from .paragraphs import (
    DRAFT,
    draft_blocks,
    draft_row,
    find_version,
    links_by_eid,
    paragraph_views,
    registered,
    texts_of,
    version_blocks,
)
from .references import refs_in, refs_of, text_refs
from .version_labels import labels_of, put_labels
from .views import (
    ChangeView,
    CompareView,
    HistoryEntry,
    ParagraphHistory,
    VersionSummary,
    VersionView,
    WriterView,
)


def version_list(tx: Session, process: Process) -> list[VersionSummary]:
    """Every version with its paragraph count, in two queries whatever their number; kept until the process's
    next activity entry (every page offers the versions: counting 12 versions of 3,000 paragraphs took 17 ms)."""
    return list(_VERSIONS.get(tx, process, None, ("versions",), lambda: _version_list(tx, process)))


_VERSIONS = UntilNextEntry(64)


def _version_list(tx: Session, process: Process) -> list[VersionSummary]:
    counts = dict(
        tx.execute(
            select(VersionParagraph.version_id, func.count())
            .join(Version, Version.id == VersionParagraph.version_id)
            .where(Version.process_id == process.id, VersionParagraph.language == Version.language)
            .group_by(VersionParagraph.version_id)
        ).all()
    )
    rows = tx.scalars(select(Version).where(Version.process_id == process.id).order_by(Version.number))
    return [version_summary(v, counts.get(v.id, 0)) for v in rows]


@reads
def list_versions(tx: Session, actor: Actor | None, slug: str) -> list[VersionSummary]:
    process, _ = process_for(tx, slug, actor, Action.READ)
    return version_list(tx, process)


@reads
def get_version(tx: Session, actor: Actor | None, slug: str, ref: str) -> VersionView:
    process, _ = process_for(tx, slug, actor, Action.READ)
    version = find_version(tx, process, ref)
    blocks = version_blocks(tx, version)
    return VersionView(
        version=version_summary(version, len(blocks)),
        paragraphs=paragraph_views(blocks, links_by_eid(tx, process), refs_of(tx, process, blocks, version)),
    )


@reads
def version_model(tx: Session, actor: Actor | None, slug: str, ref: str) -> PublicationModel:
    """A version's text as a render model (its source edition), for a Word file to amend it in: each
    paragraph bookmarked with its eId, so that the file read back finds them (a version is no publication:
    its symbol is its label)."""
    process, _ = process_for(tx, slug, actor, Action.READ)
    version = find_version(tx, process, ref)
    code = version.language
    title = process.titles.get(code) or process.slug
    day = date.fromisoformat(version.circulated_on)
    edition = build_edition(code, title, version_blocks(tx, version), process.places.get(code, ""), day)
    return PublicationModel(process.slug, version.label, version.label, version.created_at, day, (edition,))


def _side(
    tx: Session, process: Process, actor: Actor, role: Role | None, ref: str
) -> tuple[str, list[Block], dict[str, str]]:
    """A side of a comparison: its label, its paragraphs and their printed references in the reader's language."""
    if (ref or "").strip().lower() == DRAFT:
        require(role, Action.READ_DRAFT, is_admin=actor.is_admin)
        return DRAFT, draft_blocks(tx, process), text_refs(tx, process, None)
    version = find_version(tx, process, ref)
    return version.label, version_blocks(tx, version), text_refs(tx, process, version)


def change_views(
    old: list[Block],
    new: list[Block],
    old_refs: Mapping[str, str] | None = None,
    new_refs: Mapping[str, str] | None = None,
) -> list[ChangeView]:
    kinds = {b.eid: b.kind.value for b in old} | {b.eid: b.kind.value for b in new}
    old_numbers, new_numbers = numbering(old), numbering(new)
    return [
        ChangeView(
            eid=c.eid,
            change=c.change,
            kind=kinds[c.eid],
            old_number=old_numbers.get(c.eid),
            new_number=new_numbers.get(c.eid),
            old_text=c.old_text,
            new_text=c.new_text,
            ops=list(c.ops),
            moved=c.moved,
            old_ref=(old_refs or {}).get(c.eid, "") if c.old_text is not None else "",
            new_ref=(new_refs or {}).get(c.eid, "") if c.new_text is not None else "",
        )
        for c in compare([Paragraph(b.eid, b.text) for b in old], [Paragraph(b.eid, b.text) for b in new])
    ]


def compare_view(old_label: str, new_label: str, changes: list[ChangeView], *, unchanged: bool = True) -> CompareView:
    """The changes with their counts; without `unchanged`, unchanged paragraphs are counted, not sent."""
    counts = dict.fromkeys((Change.ADDED, Change.DELETED, Change.MOVED, Change.MODIFIED, Change.UNCHANGED), 0)
    for c in changes:
        counts[c.change] += 1
    if not unchanged:
        changes = [c for c in changes if c.change != Change.UNCHANGED]
    return CompareView(old=old_label, new=new_label, changes=changes, counts=counts)


@reads
def compare_texts(
    tx: Session, actor: Actor | None, slug: str, old_ref: str, new_ref: str, *, unchanged: bool = True
) -> CompareView:
    """Two versions (by number or label), or a version and the working draft ("draft")."""
    process, role = process_for(tx, slug, actor, Action.READ)
    assert actor is not None
    old_label, old, old_refs = _side(tx, process, actor, role, old_ref)
    new_label, new, new_refs = _side(tx, process, actor, role, new_ref)
    return compare_view(old_label, new_label, change_views(old, new, old_refs, new_refs), unchanged=unchanged)


@reads
def paragraph_history(tx: Session, actor: Actor | None, slug: str, eid: str) -> ParagraphHistory:
    """In which versions a paragraph changed, and each edit of it: by whom, why, what, and whether
    a version circulated that very text. A fixed number of queries, whatever the versions."""
    process, role = process_for(tx, slug, actor, Action.READ)
    if registered(tx, process, eid) is None:
        raise NotFound(N_("No paragraph “{eid}” in this process."), eid=eid)
    versions = list(tx.scalars(select(Version).where(Version.process_id == process.id).order_by(Version.number)))
    shas = _circulated_shas(tx, process, eid)
    committee = allows(role, Action.READ_DRAFT, is_admin=bool(actor and actor.is_admin))
    if not shas and not committee:  # only ever in the working draft: as unknown to others as the draft is
        raise NotFound(N_("No paragraph “{eid}” in this process."), eid=eid)
    states = _version_states(versions, shas)
    entries: list[HistoryEntry] = []
    # The draft's own edits are the committee's desk; members see the versions' story only.
    if committee:
        entries = _edit_entries(tx, process, eid, versions, shas)
        row = draft_row(tx, process, eid)
        if row is not None:
            return ParagraphHistory(
                eid=eid,
                versions=states,
                entries=entries,
                current_revision=row.revision_sha,
                ref=refs_in(tx, process, None, {eid}).get(eid, ""),
            )
    # Named as the last version that has it printed it.
    last = next((v for v in reversed(versions) if shas.get(v.id) is not None), None)
    ref = text_refs(tx, process, last).get(eid, "") if last is not None else ""
    return ParagraphHistory(eid=eid, versions=states, entries=entries, ref=ref)


def _circulated_shas(tx: Session, process: Process, eid: str) -> dict[int, str]:
    """The revision of paragraph `eid` that each version circulated in its own language, by version id."""
    return dict(
        tx.execute(
            select(VersionParagraph.version_id, VersionParagraph.revision_sha)
            .join(Version, Version.id == VersionParagraph.version_id)
            .where(
                Version.process_id == process.id,
                VersionParagraph.eid == eid,
                VersionParagraph.language == Version.language,
            )
        ).all()
    )


def _version_states(versions: list[Version], shas: Mapping[int, str]) -> list[tuple[str, str]]:
    """Each version's label with what it did to the paragraph against the version before it: absent, added,
    modified, unchanged or deleted."""
    states: list[tuple[str, str]] = []
    previous: str | None = None
    for v in versions:
        states.append((v.label, _version_state(previous, shas.get(v.id))))
        previous = shas.get(v.id)
    return states


def _version_state(previous: str | None, sha: str | None) -> str:
    """What a version did to the paragraph, from the revision the version before held (`previous`) to its own."""
    if sha is None:
        return "deleted" if previous is not None else "absent"
    if previous is None:
        return "added"
    return "modified" if sha != previous else "unchanged"


# Edits whose words are shown changed; the others (deleted, moved …) show none.
_WORDED_EDITS = ("edited", "created", "restored")


def _edit_entries(
    tx: Session, process: Process, eid: str, versions: list[Version], shas: dict[int, str]
) -> list[HistoryEntry]:
    """Every edit of the paragraph in the working draft, oldest first, with its texts."""
    edits = list(
        tx.scalars(
            select(ParagraphEdit)
            .where(ParagraphEdit.process_id == process.id, ParagraphEdit.eid == eid)
            .order_by(ParagraphEdit.id)
        )
    )
    texts = texts_of(tx, {sha for e in edits for sha in (e.old_sha, e.new_sha) if sha})
    return [
        _history_entry(e, edits[i + 1].created_at if i + 1 < len(edits) else None, texts, versions, shas)
        for i, e in enumerate(edits)
    ]


def _history_entry(
    edit: ParagraphEdit, later: object, texts: Mapping[str, str], versions: list[Version], shas: dict[int, str]
) -> HistoryEntry:
    """One edit as the history shows it; `later` is when the next edit came, if one did."""
    old, new = texts.get(edit.old_sha or ""), texts.get(edit.new_sha or "")
    return HistoryEntry(
        action=edit.action,
        cause=edit.cause,
        actor=edit.actor.name if edit.actor else None,
        at=edit.created_at,
        note=edit.note,
        old_text=old,
        new_text=new,
        ops=list(word_diff(old or "", new or "")) if edit.action in _WORDED_EDITS else [],
        circulated_in=_circulated_in(edit, later, versions, shas),
        cause_ref=edit.cause_ref,
        editorial=edit.editorial,
        old_revision=edit.old_sha,
        new_revision=edit.new_sha,
        writers=[WriterView(person=w["person"], delegation=w.get("delegation")) for w in edit.writers or ()],
    )


def _circulated_in(
    edit: ParagraphEdit, next_edit_at: object, versions: list[Version], shas: dict[int, str]
) -> str | None:
    """The version that circulated this edit's text: the first one after it, if no other edit came
    between and the version holds exactly that text (an import may have replaced it unseen)."""
    following = next((v for v in versions if v.created_at >= edit.created_at), None)
    if following is None or (next_edit_at is not None and next_edit_at <= following.created_at):  # type: ignore[operator]
        return None
    return following.label if shas.get(following.id) == edit.new_sha else None


@reads
def edit_version(tx: Session, actor: Actor | None, slug: str, ref: str) -> None:
    """There is no such thing: a circulated version never changes. Say so, and what to do instead."""
    process, _ = process_for(tx, slug, actor, Action.READ)
    version = find_version(tx, process, ref)
    raise Conflict(
        N_(
            "Version “{label}” has been circulated and can no longer change: edit the working draft and circulate a "
            "new version."
        ),
        label=version.label,
    )


@use_case
def set_version_labels(
    tx: Session, actor: Actor | None, slug: str, ref: str, command: SetVersionLabels
) -> VersionSummary:
    """The committee names version `ref` in the process's other languages (all of them at once)."""
    process, _ = process_for(tx, slug, actor, Action.CIRCULATE)
    lock_process(tx, process)
    version = find_version(tx, process, ref)
    before = labels_of(version)
    put_labels(tx, actor, process, version, command.labels)
    if labels_of(version) != before:
        record(
            tx,
            actor,
            "version.labelled",
            f"version:{version.number}",
            process,
            label=version.label,
            labels=labels_of(version),
        )
    return version_summary(version, count_paragraphs(tx, version))


__all__ = [
    "change_views",
    "compare_texts",
    "compare_view",
    "count_paragraphs",
    "get_version",
    "list_versions",
    "paragraph_history",
    "set_version_labels",
    "version_list",
]
