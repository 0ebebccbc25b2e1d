"""What each declaration page shows at once, read in one transaction (permissions stay in the use cases)."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy.orm import Session

from ...domain.errors import N_, NotFound
from ...domain.permissions import Action
from .. import processes
from ..actor import Actor
from ..processes.views import ProcessView
from ..unit import reads
from . import coverage, draft, versions
from .views import (
    CompareView,
    CoverageView,
    DraftView,
    LinkChoices,
    ParagraphHistory,
    ParagraphView,
    VersionSummary,
    VersionView,
)


class DeclarationScreen(Struct, frozen=True):
    process: ProcessView
    versions: list[VersionSummary]
    current: VersionView | None


class DraftScreen(Struct, frozen=True):
    process: ProcessView
    draft: DraftView
    versions: list[VersionSummary]


class VersionScreen(Struct, frozen=True):
    process: ProcessView
    version: VersionView
    versions: list[VersionSummary]


class CompareScreen(Struct, frozen=True):
    process: ProcessView
    versions: list[VersionSummary]
    compare: CompareView | None


class ParagraphScreen(Struct, frozen=True):
    """One paragraph of the working draft with what its forms need (the others, to move it after)."""

    process: ProcessView
    paragraph: ParagraphView
    others: list[ParagraphView]
    order: int
    language: str
    choices: LinkChoices | None = None  # the recommendations it may be linked to


class HistoryScreen(Struct, frozen=True):
    process: ProcessView
    history: ParagraphHistory


class CoverageScreen(Struct, frozen=True):
    process: ProcessView
    coverage: CoverageView


@reads
def declaration_screen(tx: Session, actor: Actor | None, slug: str) -> DeclarationScreen:
    process = processes.get_process(tx, actor, slug)
    listed = versions.list_versions(tx, actor, slug)
    current = versions.get_version(tx, actor, slug, str(listed[-1].number)) if listed else None
    return DeclarationScreen(process, listed, current)


@reads
def draft_screen(tx: Session, actor: Actor | None, slug: str) -> DraftScreen:
    return DraftScreen(processes.get_process(tx, actor, slug), draft.get_draft(tx, actor, slug), versions.list_versions(tx, actor, slug))


@reads
def draft_paragraph_screen(tx: Session, actor: Actor | None, slug: str, eid: str) -> ParagraphScreen:
    current = draft.get_draft(tx, actor, slug)
    paragraph = next((p for p in current.paragraphs if p.eid == eid), None)
    if paragraph is None:
        raise NotFound(N_("No paragraph “{eid}” in the working draft."), eid=eid)
    others = [p for p in current.paragraphs if p.eid != eid]
    process = processes.get_process(tx, actor, slug)
    choices = coverage.link_choices(tx, actor, slug) if Action.LINK_RECOMMENDATION.value in process.can else None
    return ParagraphScreen(process, paragraph, others, current.order, current.language, choices)


@reads
def version_screen(tx: Session, actor: Actor | None, slug: str, ref: str) -> VersionScreen:
    return VersionScreen(processes.get_process(tx, actor, slug), versions.get_version(tx, actor, slug, ref), versions.list_versions(tx, actor, slug))


@reads
def compare_screen(tx: Session, actor: Actor | None, slug: str, old: str | None, new: str | None) -> CompareScreen:
    process = processes.get_process(tx, actor, slug)
    listed = versions.list_versions(tx, actor, slug)
    compared = versions.compare_texts(tx, actor, slug, old, new) if old and new else None
    return CompareScreen(process, listed, compared)


@reads
def history_screen(tx: Session, actor: Actor | None, slug: str, eid: str) -> HistoryScreen:
    return HistoryScreen(processes.get_process(tx, actor, slug), versions.paragraph_history(tx, actor, slug, eid))


@reads
def coverage_screen(tx: Session, actor: Actor | None, slug: str) -> CoverageScreen:
    return CoverageScreen(processes.get_process(tx, actor, slug), coverage.coverage(tx, actor, slug))
