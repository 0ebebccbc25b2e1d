"""What each discussion page shows at once, read in one transaction (permissions stay in the use cases)."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy.orm import Session

from ...domain.declaration.document import numbering
from ...domain.errors import N_, NotFound
from ...domain.paging import Window
from ...domain.permissions import Action
from .. import processes
from ..access import process_for
from ..actor import Actor
from ..comments.events import live_from
from ..comments.threads import get_thread, list_threads, threads_window
from ..comments.views import ThreadView
from ..declaration import versions
from ..declaration.naming import paragraph_name
from ..declaration.references import refs_in
from ..declaration.sides import side
from ..declaration.views import ParagraphView, VersionSummary
from ..processes.views import ProcessView
from ..unit import reads


class DiscussScreen(Struct, frozen=True, kw_only=True):
    """One paragraph of a version (or the draft) with the threads on it, anchored there."""

    process: ProcessView
    versions: list[VersionSummary]
    on: str  # the version's label, or "draft"
    ref: str  # how to name it in a link: its number, or "draft"
    paragraph: ParagraphView
    threads: list[ThreadView]
    live_after: int  # the reader's latest event when the page was read: where its stream starts (comments.live_from)


class ThreadsScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    versions: list[VersionSummary]
    threads: list[ThreadView]  # the page's
    window: Window
    live_after: int  # the reader's latest event when the page was read: where its stream starts (comments.live_from)


THREADS_PAGE = 100


class ThreadScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    versions: list[VersionSummary]
    thread: ThreadView
    live_after: int  # the reader's latest event when the page was read: where its stream starts (comments.live_from)


@reads
def discuss_screen(tx: Session, actor: Actor | None, slug: str, eid: str, ref: str | None) -> DiscussScreen:
    live_after = live_from(tx, actor, slug)
    process, role = process_for(tx, slug, actor, Action.READ)
    on = side(tx, process, ref, role, actor)
    numbers = numbering(on.blocks)
    block = next((b for b in on.blocks if b.eid == eid), None)
    if block is None:  # one of another text: as it was last printed
        printed = paragraph_name(tx, process, eid, on.version)
        raise NotFound(N_("No paragraph “{eid}” in {version}."), eid=printed, version=on.label or ref or "")
    paragraph = ParagraphView(
        eid=block.eid,
        kind=block.kind.value,
        number=numbers.get(block.eid),
        text=block.text,
        ref=refs_in(tx, process, on.version, {eid}).get(eid, ""),
        revision="",
    )
    label = on.label
    link = str(on.version.number) if on.version is not None else label
    threads = list_threads(tx, actor, slug, version=link, eid=eid)
    return DiscussScreen(
        process=processes.get_process(tx, actor, slug),
        versions=versions.list_versions(tx, actor, slug),
        on=label,
        ref=link,
        paragraph=paragraph,
        threads=threads,
        live_after=live_after,
    )


@reads
def threads_screen(
    tx: Session, /, actor: Actor | None, slug: str, page: int | None = None, **query: str | None
) -> ThreadsScreen:
    live_after = live_from(tx, actor, slug)
    shown, threads = threads_window(tx, actor, slug, page, THREADS_PAGE, **query)
    return ThreadsScreen(
        process=processes.get_process(tx, actor, slug),
        versions=versions.list_versions(tx, actor, slug),
        threads=threads,
        window=shown,
        live_after=live_after,
    )


@reads
def thread_screen(tx: Session, actor: Actor | None, slug: str, number: int | str, version: str | None) -> ThreadScreen:
    live_after = live_from(tx, actor, slug)
    return ThreadScreen(
        process=processes.get_process(tx, actor, slug),
        versions=versions.list_versions(tx, actor, slug),
        thread=get_thread(tx, actor, slug, number, version),
        live_after=live_after,
    )
