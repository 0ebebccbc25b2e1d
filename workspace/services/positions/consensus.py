"""The consensus view: per paragraph, the room's level of agreement and who holds what, per section and over the
whole text, the delegations still objecting, and what changed since the last circulation."""

from __future__ import annotations

from collections import Counter, defaultdict

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


@reads
def consensus(tx: Session, actor: Actor | None, slug: str, version: str | None = None) -> ConsensusView:
    """Where the room stands on each paragraph of a text (a version, or the working draft for the committee)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    committee = role == Role.COMMITTEE or bool(actor and actor.is_admin)
    read, blocks = _text(tx, process, committee, version)
    refs = refs_of(tx, process, blocks, read) if read is None else text_refs(tx, process, read)  # a version's: kept
    statuses = {
        r.eid: (r.status, r.note)
        for r in tx.execute(
            select(ParagraphStatus.eid, ParagraphStatus.status, ParagraphStatus.note).where(
                ParagraphStatus.process_id == process.id
            )
        )
    }
    held = _held(tx, process, role, actor)
    amendments, threads = _discussed(tx, process, committee)
    paragraphs, sections, section = [], [], ("", "")
    section_counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    order: list[tuple[str, str]] = []
    options = choosing(blocks)
    for block in blocks:
        if block.kind == Kind.HEADING and block.depth == 0:
            section = (refs.get(block.eid, ""), block.text)
            continue
        status, note = statuses.get(block.eid, (None, ""))
        found = held.get(block.eid, [])
        level = level_of(
            status,
            bool(
                status
                or found
                or amendments.get(block.eid)
                or block.eid in threads
                or brackets(block.text)
                or block.eid in options
            ),
        )
        by_stance = tally(found)
        paragraphs.append(
            ParagraphConsensus(
                eid=block.eid,
                ref=refs.get(block.eid, ""),
                kind=block.kind.value,
                section=section[0],
                status=level.value,
                colour=COLOURS[level],
                counts={stance: len(codes) for stance, codes in by_stance.items()},
                delegations=by_stance,
                pending=pending(by_stance) if level == Level.AGREED_AD_REF else [],
                open_amendments=amendments.get(block.eid, 0),
                note=note,
            )
        )
        if section not in section_counts:
            order.append(section)
        section_counts[section][level.value] += 1
    for key in order:
        sections.append(
            SectionConsensus(
                ref=key[0], title=key[1], counts={lvl.value: section_counts[key].get(lvl.value, 0) for lvl in Level}
            )
        )
    overall = Counter(p.status for p in paragraphs)
    names = refs_by_id(tx, process)
    by_code = {ref.code: ref for ref in names.values()}
    objecting = sorted({code for p in paragraphs for code in p.delegations[Stance.OBJECTS.value]})
    return ConsensusView(
        version=read.label if read is not None else "draft",
        paragraphs=paragraphs,
        counts={lvl.value: overall.get(lvl.value, 0) for lvl in Level},
        sections=sections,
        objecting=[by_code[code] for code in objecting if code in by_code],
        changed=_changed(tx, process, role, actor, refs, names),
        positions_public=process.positions_public,
    )


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
