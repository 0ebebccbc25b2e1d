"""Low-level access to the declaration's paragraphs, shared by the draft, version and coverage use cases."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.document import Block, Kind, numbering, revision_id
from ..domain.errors import N_, NotFound
from ..store.models import (
    DraftParagraph,
    ParagraphEdit,
    ParagraphRevision,
    Process,
    Recommendation,
    RecommendationLink,
    Version,
    VersionParagraph,
)
from .access import stored_id
from .declaration_views import ParagraphView
from .views import Actor

DRAFT = "draft"


def store_revision(tx: Session, text: str) -> str:
    """The content address of `text`, stored once whatever how many versions hold it."""
    sha = revision_id(text)
    if tx.get(ParagraphRevision, sha) is None:
        tx.add(ParagraphRevision(sha=sha, text=text))
        tx.flush()
    return sha


def draft_rows(tx: Session, process: Process) -> list[DraftParagraph]:
    return list(
        tx.scalars(select(DraftParagraph).where(DraftParagraph.process_id == process.id).order_by(DraftParagraph.position, DraftParagraph.id))
    )


def draft_blocks(tx: Session, process: Process) -> list[Block]:
    return [Block(r.eid, Kind(r.kind), r.revision.text) for r in draft_rows(tx, process)]


def used_eids(tx: Session, process: Process) -> set[str]:
    """Every eId the process has ever had: the edit log registers each one at its creation."""
    return set(tx.scalars(select(ParagraphEdit.eid).where(ParagraphEdit.process_id == process.id).distinct()))


def log_edit(
    tx: Session, process: Process, actor: Actor | None, eid: str, action: str, cause: str,
    old_sha: str | None, new_sha: str | None, note: str = "",
) -> None:
    tx.add(ParagraphEdit(
        process_id=process.id, eid=eid, action=action, cause=cause, old_sha=old_sha, new_sha=new_sha,
        note=note, actor_id=stored_id(actor),
    ))


def paragraph_views(blocks: Sequence[Block], links: Mapping[str, list[str]] | None = None) -> list[ParagraphView]:
    numbers = numbering(blocks)
    links = links or {}
    return [
        ParagraphView(b.eid, b.kind.value, numbers.get(b.eid), b.text, revision_id(b.text), links.get(b.eid, []))
        for b in blocks
    ]


def version_blocks(tx: Session, version: Version) -> list[Block]:
    rows = tx.scalars(select(VersionParagraph).where(VersionParagraph.version_id == version.id).order_by(VersionParagraph.position))
    return [Block(r.eid, Kind(r.kind), r.revision.text) for r in rows]


def find_version(tx: Session, process: Process, ref: str) -> Version:
    """A version by number ("2") or label ("Rev.1", any case); a number wins over a label that looks like one."""
    ref = (ref or "").strip()
    query = select(Version).where(Version.process_id == process.id)
    version = tx.scalar(query.where(Version.number == int(ref))) if ref.isdigit() and len(ref) < 9 else None
    if version is None:
        version = tx.scalar(query.where(func.lower(Version.label) == ref.lower()))
    if version is None:
        raise NotFound(N_("No version “{ref}” in this process."), ref=ref)
    return version


def links_by_eid(tx: Session, process: Process) -> dict[str, list[str]]:
    """For each eId, the refs of the recommendations it takes up."""
    rows = tx.execute(
        select(RecommendationLink.eid, Recommendation.ref)
        .join(Recommendation, Recommendation.id == RecommendationLink.recommendation_id)
        .where(RecommendationLink.process_id == process.id)
        .order_by(Recommendation.ref)
    ).all()
    links: dict[str, list[str]] = {}
    for eid, ref in rows:
        links.setdefault(eid, []).append(ref)
    return links
