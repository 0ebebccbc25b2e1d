"""What each declaration page shows at once, read in one transaction (permissions stay in the use cases)."""

from __future__ import annotations

from typing import TypeVar

from msgspec import Struct, structs
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from ...domain.declaration.references import anchors
from ...domain.errors import N_, NotFound
from ...domain.paging import Window, window
from ...domain.permissions import Action
from ...store.models import Version
from .. import amendments, comments, processes
from ..access import process_for
from ..actor import Actor
from ..amendments.views import AmendmentView
from ..declaration import coverage, draft, references, versions
from ..declaration.naming import paragraph_name
from ..declaration.paragraphs import DRAFT, find_version, version_number
from ..declaration.sides import reads_draft
from ..declaration.views import (
    CompareView,
    CoverageView,
    CrosswalkView,
    DraftView,
    LinkChoices,
    ParagraphHistory,
    ParagraphView,
    VersionSummary,
    VersionView,
)
from ..kept import UntilNextEntry, numbered_version
from ..processes.views import ProcessView
from ..translations.editions import in_edition
from ..translations.records import edition_language
from ..unit import reads
from .marks import MarkView, marks


class DraftScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    draft: DraftView  # its paragraphs: the page's
    versions: list[VersionSummary]
    window: Window
    live_after: int  # the reader's latest event when the page was read: where its stream starts (comments.live_from)


class ReadingScreen(Struct, frozen=True, kw_only=True):
    """A page of the text as one reads it: a circulated version, or the working draft (the committee's)."""

    process: ProcessView
    ref: str  # how links name the text: the version's number, or "draft"; "": nothing circulated yet to read
    version: VersionSummary | None  # None: the working draft (or nothing to read)
    language: str  # the text's source language
    paragraphs: list[ParagraphView]  # the page's, in the edition read
    versions: list[VersionSummary]
    window: Window
    live_after: int  # the reader's latest event when the page was read: where its stream starts (comments.live_from)
    marks: dict[str, list[MarkView]] = {}  # by eId: the words its open threads and amendments are on
    threads: dict[str, int] = {}  # by eId: its open threads the reader may see
    key: tuple[object, ...] = ()  # names what the screen shows for good: the same key, the same screen
    lang: str = ""  # the edition read (the source's by default)
    untranslated: list[str] = []  # paragraphs the edition has no translation of: shown as the source reads them


# Paragraphs a reading page of the text shows at once: a long text (3,000 paragraphs, 1 MB of words) is
# read a part at a time, each page under 200 KB; the downloads give it whole.
READING_PAGE = 200
_SCREENS = UntilNextEntry(256)  # a version's pages, by role
V = TypeVar("V", VersionView, DraftView)


def _part(view: V, page: int | None, at: str | None) -> tuple[V, Window]:
    """The text's page asked (or holding paragraph `at`: its eId, or its permalink's anchor, "pd-18"), its
    paragraphs numbered as in the whole."""
    place = {p.eid: i for i, p in enumerate(view.paragraphs)}
    if at and at not in place:
        place = {a: i for i, p in enumerate(view.paragraphs) for a in anchors(p.ref)}
    shown = window(len(view.paragraphs), READING_PAGE, page, place.get(at or ""))
    return structs.replace(view, paragraphs=view.paragraphs[shown.start : shown.stop]), shown


class CompareScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    versions: list[VersionSummary]
    compare: CompareView | None


class ParagraphScreen(Struct, frozen=True, kw_only=True):
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
def draft_screen(
    tx: Session, actor: Actor | None, slug: str, page: int | None = None, at: str | None = None
) -> DraftScreen:
    live_after = comments.live_from(tx, actor, slug)
    current, shown = _part(draft.get_draft(tx, actor, slug), page, at)
    return DraftScreen(
        process=processes.get_process(tx, actor, slug),
        draft=current,
        versions=versions.list_versions(tx, actor, slug),
        window=shown,
        live_after=live_after,
    )


@reads
def draft_paragraph_screen(tx: Session, actor: Actor | None, slug: str, eid: str) -> ParagraphScreen:
    current = draft.get_draft(tx, actor, slug)
    paragraph = next((p for p in current.paragraphs if p.eid == eid), None)
    if paragraph is None:  # one it had: as it was last printed
        named = paragraph_name(tx, process_for(tx, slug, actor, Action.READ_DRAFT)[0], eid)
        raise NotFound(N_("No paragraph “{eid}” in the working draft."), eid=named)
    others = [p for p in current.paragraphs if p.eid != eid]
    process = processes.get_process(tx, actor, slug)
    choices = coverage.link_choices(tx, actor, slug) if Action.LINK_RECOMMENDATION.value in process.can else None
    return ParagraphScreen(
        process=process,
        paragraph=paragraph,
        others=others,
        order=current.order,
        language=current.language,
        choices=choices,
    )


@reads
def reading_screen(
    tx: Session,
    actor: Actor | None,
    slug: str,
    page: int | None = None,
    at: str | None = None,
    lang: str | None = None,
) -> ReadingScreen:
    """What the Declaration tab opens on: the working draft for who may read it (the committee), else the latest
    circulated version; before any is circulated, nothing to read (`ref` empty)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    if reads_draft(role, actor):
        return draft_reading_screen(tx, actor, slug, page, at, lang)
    latest = tx.scalar(_LATEST, {"process": process.id})
    if latest is not None:
        return version_screen(tx, actor, slug, str(latest), page, at, lang)
    return ReadingScreen(
        process=processes.get_process(tx, actor, slug),
        ref="",
        version=None,
        language=process.source_language,
        paragraphs=[],
        versions=[],
        window=window(0, READING_PAGE),
        live_after=comments.live_from(tx, actor, slug),
        lang=edition_language(process, lang),
    )


_LATEST = select(func.max(Version.number)).where(Version.process_id == bindparam("process"))  # built once


@reads
def version_screen(
    tx: Session,
    actor: Actor | None,
    slug: str,
    ref: str,
    page: int | None = None,
    at: str | None = None,
    lang: str | None = None,
) -> ReadingScreen:
    """What everyone of one role reads on a page of a version is the same until the process changes: a thousand
    delegates opening it within seconds are answered from one screen, made once per worker (issue 37)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    number = version_number(ref)
    version = (numbered_version(tx, process, number) if number is not None else None) or find_version(
        tx, process, ref, labels=False
    )
    admin = actor is not None and actor.is_admin
    code = edition_language(process, lang)
    reader = ("version", role.value if role else None, admin, code, page, at or "")

    def made() -> ReadingScreen:  # kept with the screen: a new entry makes a new one
        live_after = comments.live_from(tx, actor, slug)
        shown, part = _part(versions.get_version(tx, actor, slug, ref), page, at)
        eids = [p.eid for p in shown.paragraphs]
        read, untranslated = in_edition(tx, process, tx.get(Version, version.id), shown.paragraphs, code)
        return ReadingScreen(
            process=processes.get_process(tx, actor, slug),
            ref=str(shown.version.number),
            version=shown.version,
            language=shown.version.language,
            paragraphs=read,
            versions=versions.list_versions(tx, actor, slug),
            window=part,
            live_after=live_after,
            marks=marks(tx, actor, slug, str(shown.version.number), eids),
            threads=comments.open_counts(tx, actor, slug),
            key=(*_SCREENS.key(tx, process, version), *reader[:4], part.start),  # `at`s of one page: one key
            lang=code,
            untranslated=untranslated,
        )

    return _SCREENS.get(tx, process, version, reader, made)


@reads
def draft_reading_screen(
    tx: Session,
    actor: Actor | None,
    slug: str,
    page: int | None = None,
    at: str | None = None,
    lang: str | None = None,
) -> ReadingScreen:
    """A page of the working draft to read, comment on and suggest changes in: the committee's, made once until the
    process changes (every change of the draft is an entry), as a version's page is."""
    process, role = process_for(tx, slug, actor, Action.READ_DRAFT)
    admin = actor is not None and actor.is_admin
    code = edition_language(process, lang)
    reader = (DRAFT, role.value if role else None, admin, code, page, at or "")

    def made() -> ReadingScreen:  # kept with the screen: a new entry makes a new one
        live_after = comments.live_from(tx, actor, slug)
        shown, part = _part(draft.get_draft(tx, actor, slug), page, at)
        eids = [p.eid for p in shown.paragraphs]
        read, untranslated = in_edition(tx, process, None, shown.paragraphs, code)
        return ReadingScreen(
            process=processes.get_process(tx, actor, slug),
            ref=DRAFT,
            version=None,
            language=shown.language,
            paragraphs=read,
            versions=versions.list_versions(tx, actor, slug),
            window=part,
            live_after=live_after,
            marks=marks(tx, actor, slug, DRAFT, eids),
            threads=comments.open_counts(tx, actor, slug),
            key=(*_SCREENS.key(tx, process, None), *reader[:4], part.start),
            lang=code,
            untranslated=untranslated,
        )

    return _SCREENS.get(tx, process, None, reader, made)


@reads
def compare_screen(tx: Session, actor: Actor | None, slug: str, old: str | None, new: str | None) -> CompareScreen:
    process = processes.get_process(tx, actor, slug)
    listed = versions.list_versions(tx, actor, slug)
    compared = versions.compare_texts(tx, actor, slug, old, new) if old and new else None
    return CompareScreen(process=process, versions=listed, compare=compared)


@reads
def history_screen(tx: Session, actor: Actor | None, slug: str, eid: str) -> HistoryScreen:
    return HistoryScreen(processes.get_process(tx, actor, slug), versions.paragraph_history(tx, actor, slug, eid))


@reads
def coverage_screen(tx: Session, actor: Actor | None, slug: str) -> CoverageScreen:
    return CoverageScreen(processes.get_process(tx, actor, slug), coverage.coverage(tx, actor, slug))


class CrosswalkScreen(Struct, frozen=True, kw_only=True):
    """How a version's printed references read against the version before it."""

    process: ProcessView
    number: int  # the version's
    crosswalk: CrosswalkView


@reads
def crosswalk_screen(tx: Session, actor: Actor | None, slug: str, ref: str) -> CrosswalkScreen:
    view = references.version_crosswalk(tx, actor, slug, ref)
    process, _ = process_for(tx, slug, actor, Action.READ)
    number = find_version(tx, process, ref).number
    return CrosswalkScreen(process=processes.get_process(tx, actor, slug), number=number, crosswalk=view)


class ProjectorScreen(Struct, frozen=True, kw_only=True):
    """One paragraph of a version for the room: its text, its open amendments, the paragraphs around it."""

    process: ProcessView
    version: str  # the label
    ref: str  # the number
    language: str
    paragraph: ParagraphView
    amendments: list[AmendmentView]
    previous: str  # the eId before it ("" for the first)
    following: str  # the eId after it ("" for the last)
    voted: list[AmendmentView] = []  # its amendments the room voted on, with the results
    previous_ref: str = ""  # the printed references of those two
    following_ref: str = ""


def _same_ref(typed: str, ref: str) -> bool:
    """Whether a typed reference is the printed one, spaces (no-break ones too) and case aside."""
    return "".join(typed.split()).casefold() == "".join(ref.split()).casefold()


@reads
def projector_screen(tx: Session, actor: Actor | None, slug: str, ref: str, eid: str) -> ProjectorScreen:
    view = versions.get_version(tx, actor, slug, ref)
    eids = [p.eid for p in view.paragraphs]
    if eid not in eids:  # a printed reference, as the room says it ("OP 14")
        eid = next((p.eid for p in view.paragraphs if p.ref and _same_ref(eid, p.ref)), eid)
    if eid not in eids:  # one of another text: as it was last printed
        process, _ = process_for(tx, slug, actor, Action.READ)
        printed = paragraph_name(tx, process, eid, find_version(tx, process, ref))
        raise NotFound(N_("No paragraph “{eid}” in {version}."), eid=printed, version=view.version.label)
    at = eids.index(eid)
    number = str(view.version.number)
    return ProjectorScreen(
        process=processes.get_process(tx, actor, slug),
        version=view.version.label,
        ref=number,
        language=view.version.language,
        paragraph=view.paragraphs[at],
        amendments=amendments.list_amendments(tx, actor, slug, version=number, status="open", eid=eid),
        previous=eids[at - 1] if at else "",
        following=eids[at + 1] if at + 1 < len(eids) else "",
        voted=[a for a in amendments.list_amendments(tx, actor, slug, version=number, eid=eid) if a.vote is not None],
        previous_ref=view.paragraphs[at - 1].ref if at else "",
        following_ref=view.paragraphs[at + 1].ref if at + 1 < len(eids) else "",
    )
