"""The consensus view: per paragraph, the room's level of agreement and who holds what, per section and over the
whole text, the delegations still objecting, and what changed since the last circulation."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.amendments.amendments import Status
from ...domain.amendments.negotiation import brackets, choosing
from ...domain.declaration.document import Block, Kind
from ...domain.delegations.positions import COLOURS, Level, Stance, level_of, pending, tally
from ...domain.errors import N_, NotFound
from ...domain.labels import AGREEMENT_LEVELS, STANCES
from ...domain.permissions import Action
from ...domain.vocabulary import Role
from ...store.models import Amendment, Delegation, ParagraphStatus, Position, PositionChange, Process, Thread, Version
from ..access import process_for
from ..actor import Actor
from ..amendments.records import readable
from ..csv_export import csv_text
from ..declaration.paragraphs import draft_blocks, find_version, latest_version, version_blocks
from ..declaration.references import refs_of, text_refs
from ..delegations.records import own, refs_by_id
from ..delegations.views import DelegationRef
from ..unit import reads
from .records import sees_all
from .views import ConsensusView, ParagraphConsensus, PositionChangeView, SectionConsensus


def _text(tx: Session, process: Process, committee: bool, ref: str | None) -> tuple[Version | None, list[Block]]:
    """The text read: the version asked for, else the working draft for the committee and the latest version for
    everyone else (a member asking for the draft gets the 404 of everything draft-only)."""
    if ref and ref != "draft":
        version = find_version(tx, process, ref)
        return version, version_blocks(tx, version)
    if committee and (ref == "draft" or not ref):
        return None, draft_blocks(tx, process)
    if ref == "draft":  # as every other text that is the committee's only (declaration/sides.py)
        raise NotFound(N_("No version “{ref}” in this process."), ref=ref)
    latest = latest_version(tx, process)
    if latest is None:
        raise NotFound(N_("No version of this process has been circulated yet."))
    return latest, version_blocks(tx, latest)


def _held(tx: Session, process: Process, role: Role | None, actor: Actor | None) -> dict[str, list[tuple[str, str]]]:
    """Per paragraph, the (delegation code, stance) pairs the reader may see."""
    query = (
        select(Position.eid, Delegation.code, Position.stance)
        .join(Delegation, Delegation.id == Position.delegation_id)
        .where(Position.process_id == process.id, Position.eid.is_not(None))
    )
    if not sees_all(process, role, actor):
        mine = own(tx, process, actor)
        query = query.where(Position.delegation_id == (mine.id if mine is not None else -1))
    held: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for eid, code, stance in tx.execute(query):
        held[str(eid)].append((code, stance))
    return held


def _discussed(tx: Session, process: Process, committee: bool) -> tuple[dict[str, int], set[str]]:
    """(open amendments per paragraph, paragraphs with a thread) the reader may know of."""
    amendments = dict(
        tx.execute(
            readable(
                select(Amendment.eid, func.count()).where(
                    Amendment.process_id == process.id, Amendment.status == Status.OPEN
                ),
                committee,
            ).group_by(Amendment.eid)
        ).all()
    )
    threads = select(Thread.eid).where(Thread.process_id == process.id).distinct()
    if not committee:
        threads = threads.where(Thread.version_id.is_not(None))
    return amendments, set(tx.scalars(threads))


@dataclass(frozen=True)
class _Room:
    """What the reader may know of the room on a text: the statuses recorded (with their notes), the positions held,
    the open amendments and the threads per paragraph, and the paragraphs that are options of a choice not made."""

    statuses: dict[str, tuple[str | None, str]]
    held: dict[str, list[tuple[str, str]]]
    amendments: dict[str, int]
    threads: set[str]
    options: set[str]

    def discussed(self, block: Block, status: str | None, found: list[tuple[str, str]]) -> bool:
        """Whether anything was ever said of the paragraph: a status, a position, an amendment, a thread, a bracket,
        an option."""
        return bool(
            status
            or found
            or self.amendments.get(block.eid)
            or block.eid in self.threads
            or brackets(block.text)
            or block.eid in self.options
        )

    def paragraph(self, block: Block, ref: str, section: str) -> ParagraphConsensus:
        """The paragraph's level of agreement and who holds what on it."""
        status, note = self.statuses.get(block.eid, (None, ""))
        found = self.held.get(block.eid, [])
        level = level_of(status, self.discussed(block, status, found))
        by_stance = tally(found)
        return ParagraphConsensus(
            eid=block.eid,
            ref=ref,
            kind=block.kind.value,
            section=section,
            status=level.value,
            colour=COLOURS[level],
            counts={stance: len(codes) for stance, codes in by_stance.items()},
            delegations=by_stance,
            pending=pending(by_stance) if level == Level.AGREED_AD_REF else [],
            open_amendments=self.amendments.get(block.eid, 0),
            note=note,
        )


def _statuses(tx: Session, process: Process) -> dict[str, tuple[str | None, str]]:
    """The status the committee recorded for each paragraph, with its note."""
    return {
        r.eid: (r.status, r.note)
        for r in tx.execute(
            select(ParagraphStatus.eid, ParagraphStatus.status, ParagraphStatus.note).where(
                ParagraphStatus.process_id == process.id
            )
        )
    }


@reads
def consensus(tx: Session, actor: Actor | None, slug: str, version: str | None = None) -> ConsensusView:
    """Where the room stands on each paragraph of a text (a version, or the working draft for the committee)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    committee = role == Role.COMMITTEE or bool(actor and actor.is_admin)
    read, blocks = _text(tx, process, committee, version)
    refs = refs_of(tx, process, blocks, read) if read is None else text_refs(tx, process, read)  # a version's: kept
    statuses = _statuses(tx, process)
    held = _held(tx, process, role, actor)
    amendments, threads = _discussed(tx, process, committee)
    room = _Room(statuses, held, amendments, threads, choosing(blocks))
    paragraphs, placed = _paragraphs(blocks, refs, room)
    overall = Counter(p.status for p in paragraphs)
    names = refs_by_id(tx, process)
    return ConsensusView(
        version=read.label if read is not None else "draft",
        paragraphs=paragraphs,
        counts={lvl.value: overall.get(lvl.value, 0) for lvl in Level},
        sections=_sections(paragraphs, placed),
        objecting=_objecting(paragraphs, names),
        changed=_changed(tx, process, role, actor, refs, names),
        positions_public=process.positions_public,
    )


def _paragraphs(
    blocks: list[Block], refs: dict[str, str], room: _Room
) -> tuple[list[ParagraphConsensus], list[tuple[str, str]]]:
    """Each paragraph's consensus (top-level headings open sections, they are no paragraphs of their own), and the
    section (reference, title) each stands in."""
    paragraphs: list[ParagraphConsensus] = []
    placed: list[tuple[str, str]] = []
    section = ("", "")
    for block in blocks:
        if block.kind == Kind.HEADING and block.depth == 0:
            section = (refs.get(block.eid, ""), block.text)
            continue
        paragraphs.append(room.paragraph(block, refs.get(block.eid, ""), section[0]))
        placed.append(section)
    return paragraphs, placed


def _sections(paragraphs: list[ParagraphConsensus], placed: list[tuple[str, str]]) -> list[SectionConsensus]:
    """Each section that holds paragraphs, in order, with how many of them stand at each level."""
    counts: dict[tuple[str, str], Counter[str]] = {}
    for paragraph, section in zip(paragraphs, placed, strict=True):
        counts.setdefault(section, Counter())[paragraph.status] += 1
    return [
        SectionConsensus(ref=ref, title=title, counts={lvl.value: found.get(lvl.value, 0) for lvl in Level})
        for (ref, title), found in counts.items()
    ]


def _objecting(paragraphs: list[ParagraphConsensus], names: dict[int, DelegationRef]) -> list[DelegationRef]:
    """The delegations objecting to any paragraph, by code."""
    by_code = {ref.code: ref for ref in names.values()}
    objecting = sorted({code for p in paragraphs for code in p.delegations[Stance.OBJECTS.value]})
    return [by_code[code] for code in objecting if code in by_code]


def _changed(
    tx: Session,
    process: Process,
    role: Role | None,
    actor: Actor | None,
    refs: dict[str, str],
    names: dict[int, DelegationRef],
    limit: int = 200,
) -> list[PositionChangeView]:
    """The positions changed since the latest circulation (the last `limit`, latest first), as the reader may see."""
    latest = latest_version(tx, process)
    query = (
        select(
            Position.delegation_id, Position.eid, Position.amendment_id, PositionChange.stance, PositionChange.set_at
        )
        .join(Position, Position.id == PositionChange.position_id)
        .where(PositionChange.process_id == process.id, Position.eid.is_not(None))
    )
    if latest is not None:
        query = query.where(PositionChange.set_at > latest.created_at)
    if not sees_all(process, role, actor):
        mine = own(tx, process, actor)
        query = query.where(Position.delegation_id == (mine.id if mine is not None else -1))
    views = []
    for delegation_id, eid, _, stance, at in tx.execute(query.order_by(PositionChange.id.desc()).limit(limit)):
        who = names.get(delegation_id)
        if isinstance(who, DelegationRef) and (eid in refs):
            views.append(
                PositionChangeView(
                    delegation=who, eid=eid, ref=refs.get(eid), amendment=None, position=stance, set_at=at
                )
            )
    return views


def consensus_csv(view: ConsensusView) -> str:
    """The consensus view as a spreadsheet: one row per paragraph, its level, the count and codes of each stance."""
    stances = list(Stance)
    columns = [
        i18n.translate(N_("Paragraph")),
        i18n.translate(N_("eId")),
        i18n.translate(N_("Level of agreement")),
        *(i18n.translate(STANCES[s.value]) for s in stances),
        *(i18n.translate(STANCES[s.value]) + " (" + i18n.translate(N_("delegations")) + ")" for s in stances),
        i18n.translate(N_("Pending")),
        i18n.translate(N_("Open amendments")),
    ]
    rows = (
        [
            p.ref.replace("\u00a0", " "),
            p.eid,
            i18n.translate(AGREEMENT_LEVELS[p.status]),
            *(p.counts[s.value] for s in stances),
            *("; ".join(p.delegations[s.value]) for s in stances),
            "; ".join(p.pending),
            p.open_amendments,
        ]
        for p in view.paragraphs
    )
    return csv_text(columns, rows)
