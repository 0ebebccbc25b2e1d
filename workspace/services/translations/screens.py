"""What each translation page shows at once, read in one transaction (permissions stay in the use cases)."""

from __future__ import annotations

from msgspec import Struct
from sqlalchemy.orm import Session

from ...domain.permissions import Action
from .. import processes
from ..access import process_for
from ..actor import Actor
from ..declaration import versions
from ..declaration.views import VersionSummary
from ..processes.views import ProcessView
from ..unit import reads
from .editions import edition, progress
from .editor import _side, list_translations
from .glossary import get_glossary
from .records import may_review, may_write, target_language
from .views import EditionView, GlossaryView, ProgressView, TranslationView


class EditorScreen(Struct, frozen=True):
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


class AlignedScreen(Struct, frozen=True):
    process: ProcessView
    versions: list[VersionSummary]
    editions: list[EditionView]  # the source first


class GlossaryScreen(Struct, frozen=True):
    process: ProcessView
    glossary: GlossaryView


class ProgressScreen(Struct, frozen=True):
    process: ProcessView
    progress: list[ProgressView]


@reads
def editor_screen(tx: Session, actor: Actor | None, slug: str, language: str, version: str | None, state: str | None,
                  also: str | None) -> EditorScreen:
    process, role = process_for(tx, slug, actor, Action.READ)
    code = target_language(process, language)
    on = _side(tx, process, version, role, actor)
    rows = list_translations(tx, actor, slug, code, on.ref or None, state)
    third: dict[str, str] = {}
    other = ""
    if also and also != code and also in process.languages:
        other = also
        if also == process.source_language:
            third = on.texts
        else:
            third = {v.eid: v.text for v in list_translations(tx, actor, slug, also, on.ref or None) if v.text}
    return EditorScreen(processes.get_process(tx, actor, slug), versions.list_versions(tx, actor, slug), code, on.label, on.ref,
                        rows, third, other, may_write(tx, process, role, actor, code), may_review(tx, process, role, actor, code))


@reads
def aligned_screen(tx: Session, actor: Actor | None, slug: str, version: str | None) -> AlignedScreen:
    process = processes.get_process(tx, actor, slug)
    languages = [process.source_language, *(c for c in process.languages if c != process.source_language)]
    return AlignedScreen(process, versions.list_versions(tx, actor, slug), [edition(tx, actor, slug, c, version) for c in languages])


@reads
def glossary_screen(tx: Session, actor: Actor | None, slug: str) -> GlossaryScreen:
    return GlossaryScreen(processes.get_process(tx, actor, slug), get_glossary(tx, actor, slug))


@reads
def progress_screen(tx: Session, actor: Actor | None, slug: str) -> ProgressScreen:
    return ProgressScreen(processes.get_process(tx, actor, slug), progress(tx, actor, slug))
