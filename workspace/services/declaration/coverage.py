"""Traceability: which paragraphs take up which recommendations, and what is not taken up yet."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import delete, select
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from ...domain.declaration.document import Block, numbering, parse_eid
from ...domain.errors import N_, NotFound
from ...domain.permissions import Action, allows
from ...store.models import (
    ConsultationSession,
    Process,
    Recommendation,
    RecommendationLink,
)
from ..access import process_for, record, stored_id
from ..actor import Actor
from ..unit import reads, use_case
from .naming import paragraph_name
from .paragraphs import draft_blocks, latest_version, registered, version_blocks
from .references import text_refs
from .views import CoverageGroup, CoverageItem, CoverageView, LinkChoices, LinkedParagraph


def _recommendation(tx: Session, process: Process, ref: str) -> Recommendation:
    row = tx.scalar(select(Recommendation).where(Recommendation.process_id == process.id, Recommendation.ref == ref))
    if row is None:
        raise NotFound(N_("No recommendation “{ref}” in this process."), ref=ref)
    return row


def add_link(tx: Session, actor: Actor | None, process: Process, recommendation: Recommendation, eid: str) -> None:
    exists = tx.get(RecommendationLink, (recommendation.id, eid))
    if exists is None:
        tx.add(
            RecommendationLink(
                recommendation_id=recommendation.id, eid=eid, process_id=process.id, created_by_id=stored_id(actor)
            )
        )
        record(tx, actor, "recommendation.linked", f"recommendation:{recommendation.ref}", process, eid=eid)


@use_case
def link_recommendation(tx: Session, actor: Actor | None, slug: str, ref: str, eid: str) -> list[str]:
    """Record that paragraph `eid` takes up recommendation `ref`; returns the paragraphs linked to it."""
    process, _ = process_for(tx, slug, actor, Action.LINK_RECOMMENDATION)
    recommendation = _recommendation(tx, process, ref)
    eid = parse_eid(eid)
    if registered(tx, process, eid) is None:
        raise NotFound(N_("No paragraph “{eid}” in this process."), eid=eid)
    add_link(tx, actor, process, recommendation, eid)
    tx.flush()
    return linked_eids(tx, recommendation)


@use_case
def unlink_recommendation(tx: Session, actor: Actor | None, slug: str, ref: str, eid: str) -> list[str]:
    process, _ = process_for(tx, slug, actor, Action.LINK_RECOMMENDATION)
    recommendation = _recommendation(tx, process, ref)
    gone = cast(
        CursorResult[Any],
        tx.execute(
            delete(RecommendationLink).where(
                RecommendationLink.recommendation_id == recommendation.id, RecommendationLink.eid == eid
            )
        ),
    ).rowcount
    if not gone:
        raise NotFound(
            N_("Recommendation {ref} is not linked to {eid}."), ref=ref, eid=paragraph_name(tx, process, eid)
        )
    record(tx, actor, "recommendation.unlinked", f"recommendation:{ref}", process, eid=eid)
    return linked_eids(tx, recommendation)


def linked_eids(tx: Session, recommendation: Recommendation) -> list[str]:
    return list(
        tx.scalars(
            select(RecommendationLink.eid)
            .where(RecommendationLink.recommendation_id == recommendation.id)
            .order_by(RecommendationLink.eid)
        )
    )


def reference_text(tx: Session, process: Process) -> list[Block]:
    """What coverage points into: the latest circulated version, else the working draft."""
    latest = latest_version(tx, process)
    return version_blocks(tx, latest) if latest else draft_blocks(tx, process)


@reads
def coverage(tx: Session, actor: Actor | None, slug: str) -> CoverageView:
    """Per session and per theme: which recommendations are taken up, by which paragraphs, and which are not."""
    process, _ = process_for(tx, slug, actor, Action.READ)
    numbers = numbering(reference_text(tx, process))
    printed = text_refs(tx, process, latest_version(tx, process))
    links: dict[int, list[str]] = {}
    for rid, eid in tx.execute(
        select(RecommendationLink.recommendation_id, RecommendationLink.eid)
        .where(RecommendationLink.process_id == process.id)
        .order_by(RecommendationLink.eid)
    ).all():
        links.setdefault(rid, []).append(eid)
    recommendations = list(
        tx.scalars(
            select(Recommendation)
            .join(ConsultationSession, ConsultationSession.id == Recommendation.session_id)
            .where(Recommendation.process_id == process.id)
            .order_by(ConsultationSession.starts_at, Recommendation.ref)
        )
    )
    items = {
        r.id: CoverageItem(
            ref=r.ref,
            text=r.text,
            status=r.status,
            session_ref=r.session.ref,
            session_title=r.session.title,
            themes=r.themes,
            paragraphs=[(eid, numbers.get(eid)) for eid in links.get(r.id, [])],
            refs={eid: printed[eid] for eid in links.get(r.id, []) if eid in printed},
        )
        for r in recommendations
    }

    def group(key: str, title: str, members: list[CoverageItem]) -> CoverageGroup:
        return CoverageGroup(
            key=key, title=title, total=len(members), taken_up=sum(1 for m in members if m.paragraphs), items=members
        )

    sessions: dict[str, list[CoverageItem]] = {}
    titles: dict[str, str] = {}
    themes: dict[str, list[CoverageItem]] = {}
    for r in recommendations:
        item = items[r.id]
        sessions.setdefault(r.session.ref, []).append(item)
        titles[r.session.ref] = r.session.title
        for theme in r.themes:
            themes.setdefault(theme, []).append(item)
    all_items = list(items.values())
    return CoverageView(
        by_session=[group(ref, titles[ref], members) for ref, members in sessions.items()],
        by_theme=[group(theme, theme, themes[theme]) for theme in sorted(themes)],
        not_taken_up=[i for i in all_items if not i.paragraphs and i.status != "not_retained"],
        total=len(all_items),
        taken_up=sum(1 for i in all_items if i.paragraphs),
    )


@reads
def paragraphs_taking_up(tx: Session, actor: Actor | None, slug: str, ref: str) -> list[LinkedParagraph]:
    """The paragraphs that take up recommendation `ref`, with their number and text in the reference
    text (the latest version, else the working draft for those who may read it)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    eids = linked_eids(tx, _recommendation(tx, process, ref))
    if not eids:
        return []
    latest = latest_version(tx, process)
    refs: dict[str, str] = {}
    if latest is not None:
        blocks = version_blocks(tx, latest)
        refs = text_refs(tx, process, latest)
    elif allows(role, Action.READ_DRAFT, is_admin=bool(actor and actor.is_admin)):
        blocks = draft_blocks(tx, process)
        refs = text_refs(tx, process, None)
    else:
        blocks = []
    texts, numbers = {b.eid: b.text for b in blocks}, numbering(blocks)
    return [
        LinkedParagraph(eid=eid, number=numbers.get(eid), text=texts.get(eid), ref=refs.get(eid, "")) for eid in eids
    ]


@reads
def link_choices(tx: Session, actor: Actor | None, slug: str) -> LinkChoices:
    """For the committee's link forms: the paragraphs of the working draft and every recommendation."""
    process, _ = process_for(tx, slug, actor, Action.LINK_RECOMMENDATION)
    blocks = draft_blocks(tx, process)
    numbers, printed = numbering(blocks), text_refs(tx, process, None)
    refs = tx.execute(
        select(Recommendation.ref, Recommendation.text)
        .where(Recommendation.process_id == process.id)
        .order_by(Recommendation.ref)
    ).all()
    return LinkChoices(
        paragraphs=[
            LinkedParagraph(eid=b.eid, number=numbers.get(b.eid), text=b.text, ref=printed.get(b.eid, ""))
            for b in blocks
        ],
        recommendations=[(r, t) for r, t in refs],
    )


__all__ = ["coverage", "link_choices", "link_recommendation", "paragraphs_taking_up", "unlink_recommendation"]
