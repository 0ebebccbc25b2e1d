"""What each declaration page shows at once, read in one transaction (permissions stay in the use cases)."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy.orm import Session

from . import coverage, draft, processes, versions
from .declaration_views import (
    CompareView,
    CoverageView,
    DraftView,
    ParagraphHistory,
    VersionSummary,
    VersionView,
)
from .unit import use_case
from .views import Actor, ProcessView


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


class HistoryScreen(Struct, frozen=True):
    process: ProcessView
    history: ParagraphHistory


class CoverageScreen(Struct, frozen=True):
    process: ProcessView
    coverage: CoverageView


@use_case
def declaration_screen(tx: Session, actor: Actor | None, slug: str) -> DeclarationScreen:
    process = processes.get_process(tx, actor, slug)
    listed = versions.list_versions(tx, actor, slug)
    current = versions.get_version(tx, actor, slug, str(listed[-1].number)) if listed else None
    return DeclarationScreen(process, listed, current)


@use_case
def draft_screen(tx: Session, actor: Actor | None, slug: str) -> DraftScreen:
    return DraftScreen(processes.get_process(tx, actor, slug), draft.get_draft(tx, actor, slug), versions.list_versions(tx, actor, slug))


@use_case
def version_screen(tx: Session, actor: Actor | None, slug: str, ref: str) -> VersionScreen:
    return VersionScreen(processes.get_process(tx, actor, slug), versions.get_version(tx, actor, slug, ref), versions.list_versions(tx, actor, slug))


@use_case
def compare_screen(tx: Session, actor: Actor | None, slug: str, old: str | None, new: str | None) -> CompareScreen:
    process = processes.get_process(tx, actor, slug)
    listed = versions.list_versions(tx, actor, slug)
    compared = versions.compare_texts(tx, actor, slug, old, new) if old and new else None
    return CompareScreen(process, listed, compared)


@use_case
def history_screen(tx: Session, actor: Actor | None, slug: str, eid: str) -> HistoryScreen:
    return HistoryScreen(processes.get_process(tx, actor, slug), versions.paragraph_history(tx, actor, slug, eid))


@use_case
def coverage_screen(tx: Session, actor: Actor | None, slug: str) -> CoverageScreen:
    return CoverageScreen(processes.get_process(tx, actor, slug), coverage.coverage(tx, actor, slug))
