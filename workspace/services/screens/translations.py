"""What each translation page shows at once, read in one transaction (permissions stay in the use cases)."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy.orm import Session

from ...domain.declaration.document import Block, numbering
from ...domain.paging import Window, window
from ...domain.permissions import Action
from ...domain.translations.translation_checks import Glossary
from ...domain.words import words
from .. import processes
from ..access import process_for
from ..actor import Actor
from ..amendments import renderings
from ..amendments.views import QueueItem
from ..comments.events import live_from
from ..declaration import versions
from ..declaration.references import text_refs
from ..declaration.sides import side
from ..declaration.views import VersionSummary
from ..processes.views import ProcessView
from ..translations.editions import edition_part, progress
from ..translations.editor import listed_blocks, translators_side
from ..translations.glossary import get_glossary
from ..translations.records import edition_language, glossary, may_review, may_write, target_language, views
from ..translations.views import EditionView, GlossaryView, ProgressView, TranslationView
from ..unit import reads


class EditorScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    versions: list[VersionSummary]
    language: str
    version: str  # the label, or "draft"
    ref: str  # its number, or "draft"
    rows: list[TranslationView]
    third: dict[str, str]  # eId → the text in the third language, when asked
    third_language: str
    writes: bool
    reviews: bool
    window: Window  # which part of the (filtered) paragraphs this page shows
    next_eid: str  # the first paragraph of the next page ("" on the last): Ctrl+Enter on the last row goes there
    live_after: int  # the reader's latest event when the page was read: where its stream starts (comments.live_from)
    # eId → the glossary's terms found in its source, each with its required translation ("" if none is set)
    terms: dict[str, list[tuple[str, str]]] = {}
    machine: str = ""  # the machine engine that drafts this language's paragraphs on demand ("" : none)


EDITOR_PAGE = 100  # rows of about 2 KB: a page of the editor stays near 200 KB whatever the text's size
ALIGNED_PAGE = 100


class AlignedScreen(Struct, frozen=True, kw_only=True):
    process: ProcessView
    versions: list[VersionSummary]
    editions: list[EditionView]  # the source first; the page's paragraphs only
    window: Window


class GlossaryScreen(Struct, frozen=True):
    process: ProcessView
    glossary: GlossaryView


class ProgressScreen(Struct, frozen=True):
    process: ProcessView
    progress: list[ProgressView]


@reads
def editor_screen(
    tx: Session,
    actor: Actor | None,
    slug: str,
    language: str,
    version: str | None,
    state: str | None,
    also: str | None,
    page: int | None = None,
    at: str | None = None,
) -> EditorScreen:
    """A page of the editor (`at`: the one holding that paragraph): only its rows get their texts, diffs and
    checks, so a page costs the same in a text of 300 paragraphs or 30,000."""
    live_after = live_from(tx, actor, slug)
    process, role = process_for(tx, slug, actor, Action.READ)
    code = target_language(process, language)
    on = translators_side(tx, process, version, role, actor)
    listed = listed_blocks(tx, process, on, code, state)
    place = {b.eid: i for i, b in enumerate(listed)}
    shown_window = window(len(listed), EDITOR_PAGE, page, place.get(at or ""))
    shown = listed[shown_window.start : shown_window.stop]
    numbers = numbering(on.blocks)
    rows = views(tx, process, shown, code, numbers=numbers, refs=text_refs(tx, process, on.version))
    third: dict[str, str] = {}
    other = ""
    if also and also != code and also in process.languages:
        other = also
        if also == process.source_language:
            third = {b.eid: b.text for b in shown}
        else:
            third = {v.eid: v.text for v in views(tx, process, shown, also, checks=False, numbers=numbers) if v.text}
    following = listed[shown_window.stop].eid if shown_window.stop < len(listed) else ""
    return EditorScreen(
        process=processes.get_process(tx, actor, slug),
        versions=versions.list_versions(tx, actor, slug),
        language=code,
        version=on.label,
        ref=on.ref,
        rows=rows,
        third=third,
        third_language=other,
        writes=may_write(tx, process, role, actor, code),
        reviews=may_review(tx, process, role, actor, code),
        window=shown_window,
        next_eid=following,
        live_after=live_after,
        terms=_terms(glossary(tx, process), shown, code),
    )


def _terms(terms: Glossary, blocks: list[Block], language: str) -> dict[str, list[tuple[str, str]]]:
    """The glossary's terms in each paragraph's source, for the translator to see beside it."""
    found = {}
    for b in blocks:
        used = sorted(terms.used_in(words(b.text))) if terms else []
        if used:
            found[b.eid] = [(terms.terms[n].source, terms.terms[n].translations.get(language, "")) for n in used]
    return found


@reads
def aligned_screen(
    tx: Session, actor: Actor | None, slug: str, version: str | None, page: int | None = None, at: str | None = None
) -> AlignedScreen:
    """A page of the version in every language side by side (`at`: the page holding that paragraph)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    on = side(tx, process, version, role, actor)
    place = {b.eid: i for i, b in enumerate(on.blocks)}
    shown_window = window(len(on.blocks), ALIGNED_PAGE, page, place.get(at or ""))
    shown = on.blocks[shown_window.start : shown_window.stop]
    numbers = numbering(on.blocks)
    languages = [process.source_language, *(c for c in process.languages if c != process.source_language)]
    return AlignedScreen(
        process=processes.get_process(tx, actor, slug),
        versions=versions.list_versions(tx, actor, slug),
        editions=[edition_part(tx, process, on, c, shown, numbers) for c in languages],
        window=shown_window,
    )


@reads
def glossary_screen(tx: Session, actor: Actor | None, slug: str) -> GlossaryScreen:
    return GlossaryScreen(processes.get_process(tx, actor, slug), get_glossary(tx, actor, slug))


@reads
def progress_screen(tx: Session, actor: Actor | None, slug: str) -> ProgressScreen:
    return ProgressScreen(processes.get_process(tx, actor, slug), progress(tx, actor, slug))


RENDERING_PAGE = 50


class RenderingScreen(Struct, frozen=True, kw_only=True):
    """The amendments a translator of `language` renders or approves there, a page at a time."""

    process: ProcessView
    language: str
    items: list[QueueItem]
    window: Window
    approves: bool  # the reader may approve a rendering in this language


@reads
def rendering_screen(
    tx: Session, actor: Actor | None, slug: str, language: str, page: int | None = None
) -> RenderingScreen:
    process, role = process_for(tx, slug, actor, Action.READ)
    code = edition_language(process, language)
    shown = window(renderings.queue_length(tx, actor, slug, code), RENDERING_PAGE, page)
    return RenderingScreen(
        process=processes.get_process(tx, actor, slug),
        language=code,
        items=renderings.rendering_queue(tx, actor, slug, code, RENDERING_PAGE, shown.start),
        window=shown,
        approves=may_review(tx, process, role, actor, code),
    )
