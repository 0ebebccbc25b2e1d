"""What a room writes: a paragraph of the working draft, or its translation into one of the process's languages (an
edition's room), which is the translation made from the draft's source its writers read. Who may write each: the
drafting committee the draft, that language's translators (and the committee) an edition."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.declaration.document import revision_id
from ...domain.declaration.draft_changes import Cause, CauseKind, SetText
from ...domain.errors import N_, Forbidden, InvalidInput, NotFound
from ...domain.permissions import Action, allows, require
from ...domain.vocabulary import Role
from ...store.models import DraftParagraph, Process
from ..access import record
from ..actor import Actor
from ..declaration.naming import paragraph_name
from ..declaration.sides import reads_draft_sources
from ..declaration.writes import write_draft
from ..translations.editor import write_together
from ..translations.records import current, require_writer, translations_of, writes_language


@dataclass(frozen=True)
class Target:
    """A room's text as the store holds it now: the draft's `paragraph` (an edition's source), the room's language
    ("" for the draft's own), the text (an edition's latest translation; "" while there is none), its revision, and the
    source revision an edition's translation was made from."""

    paragraph: DraftParagraph
    lang: str
    text: str
    revision: str
    made_from: str = ""

    @property
    def source(self) -> str:
        """An edition's source: the draft paragraph's revision ("" for the draft's own room)."""
        return self.paragraph.revision_sha if self.lang else ""


def room_lang(process: Process, lang: str | None) -> str:
    """The room's language: "" for the working draft's own, or an edition's (422 for one the process lacks)."""
    if lang is None or lang == process.source_language:
        return ""
    if lang not in process.languages:
        raise InvalidInput(N_("“{lang}” is not a language of this process."), lang=lang, detail={"field": "lang"})
    return lang


def require_joining(tx: Session, process: Process, role: Role | None, actor: Actor, lang: str) -> None:
    """Only those who write the text join its room: the committee the draft, that language's translators an edition
    (who read the draft's paragraphs to keep it in step)."""
    if not lang:
        require(role, Action.EDIT_DRAFT, is_admin=actor.is_admin)
        return
    require_writer(tx, process, role, actor, lang)
    if not reads_draft_sources(role, actor):  # an edition's room translates the draft
        raise Forbidden(N_("Only the drafting committee and the translators read the working draft."))


def no_longer_writes(lang: str) -> Forbidden:
    """Why a writer taken off the committee (or off the edition's language) while connected is shown out."""
    if lang:
        return Forbidden(N_("You can no longer write this translation: only its language's translators write it."))
    return Forbidden(
        N_("You can no longer write this paragraph: only the drafting committee writes the working draft.")
    )


SOURCE_CHANGED = InvalidInput(
    N_(
        "The source of this paragraph changed in the working draft: what was typed until now is kept as the "
        "translation of the source before; reload the page to read the source as it is now."
    )
)
"""What an edition's writers are told when the draft's source changed under their room."""


def writes(role: Role | None, is_admin: bool, languages: Collection[str], lang: str) -> bool:
    """May someone (their role, whether they administer, their membership's languages) still write the room's text?"""
    if not lang:
        return allows(role, Action.EDIT_DRAFT, is_admin=is_admin)
    return writes_language(role, is_admin, languages, lang)


def target_of(tx: Session, process: Process, eid: str, lang: str) -> Target | None:
    """The room's text now; None when the draft has no paragraph `eid` (any more)."""
    paragraph = tx.scalar(
        select(DraftParagraph).where(DraftParagraph.process_id == process.id, DraftParagraph.eid == eid)
    )
    if paragraph is None:
        return None
    if not lang:
        return Target(paragraph, lang, paragraph.revision.text, paragraph.revision_sha)
    row, _ = current(translations_of(tx, process, lang, [eid]).get(eid, []), paragraph.revision_sha)
    if row is None:
        return Target(paragraph, lang, "", "")
    return Target(paragraph, lang, row.text.text, row.text_sha, row.source_sha)


def found_target(tx: Session, process: Process, eid: str, lang: str) -> Target:
    """The room's text now, or 404 naming the paragraph as the draft names it (as last printed: OP 5)."""
    target = target_of(tx, process, eid, lang)
    if target is None:
        raise NotFound(N_("No paragraph “{eid}” in the working draft."), eid=paragraph_name(tx, process, eid))
    return target


def write_text(
    tx: Session,
    process: Process,
    target: Target,
    source: str,
    text: str,
    writers: list[tuple[str, str]],
    actor: Actor | None,
) -> str:
    """The room's text written with the compare-and-set of a save: the draft's paragraph (its history's cause:
    written together, naming the writers), or the translation made from `source`. The revision written."""
    names = [name for name, _ in writers]
    eid = target.paragraph.eid
    if target.lang:
        revision, state = write_together(tx, process, eid, target.lang, source, text, actor)
        record(
            tx, actor, "translation.saved", f"paragraph:{eid}", process,
            language=target.lang, state=state, version="draft", together=names,
        )  # fmt: skip
        return revision
    cause = Cause(CauseKind.TOGETHER, writers=tuple(writers))
    write_draft(tx, process, actor, [SetText(eid, target.paragraph.revision_sha, text)], cause)
    record(tx, actor, "paragraph.edited", f"paragraph:{eid}", process, together=names)
    return revision_id(text)
