"""How refusals, mails and the audit trail name a paragraph: by its printed reference, never by its eId.

A paragraph the text read no longer has is named as it was last printed: "OP 9 [deleted]" while the working draft
holds its numbers still (references.refs_in), "OP 9 (Rev.1)" once a renumbering has given its number to another
paragraph (the last version that held it says which text the reference is of). One that no version ever held (added
to the working draft, deleted before any circulation) is named by its first words, for the committee only: nobody
else reads the draft."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.permissions import Action
from ...store.models import ParagraphEdit, Process, Version, VersionParagraph
from ..access import process_for
from ..actor import Actor
from ..unit import reads
from .paragraphs import text_of
from .references import refs_in, text_refs
from .version_labels import labels_of

_WORDS = 8  # a paragraph's first words, enough to tell it from its neighbours
_QUOTED = {"es": "«{}»", "fr": "«\u00a0{}\u00a0»"}  # the glossary's quotation marks; English “…”


def paragraph_names(
    tx: Session, process: Process, version: Version | None, eids: Collection[str], language: str | None = None
) -> dict[str, str]:
    """eid -> how a message names it to a reader of `version` (None: the working draft, read by the committee), in
    `language` (the reader's): its printed reference there, else as it was last printed. An eId that never named a
    paragraph of the process is left out (a message names it as it was typed)."""
    lang = language or i18n.get_locale()
    found = {eid: ref for eid, ref in refs_in(tx, process, version, eids, lang).items() if eid in eids}
    gone = [eid for eid in eids if eid not in found]
    if gone:
        found |= _last_printed(tx, process, gone, lang)
        gone = [eid for eid in gone if eid not in found]
    if gone and version is None:
        found |= _first_words(tx, process, gone, lang)
    return found


def paragraph_name(tx: Session, process: Process, eid: str, version: Version | None = None) -> str:
    """One paragraph as a message names it to the reader (`paragraph_names`); what names none, as it was typed."""
    return paragraph_names(tx, process, version, {eid}).get(eid, eid)


def _last_printed(tx: Session, process: Process, eids: list[str], language: str) -> dict[str, str]:
    """The reference each paragraph had in the last version that held it, with that version's name."""
    rows = tx.execute(
        select(VersionParagraph.eid, func.max(Version.number))
        .join(Version, Version.id == VersionParagraph.version_id)
        .where(VersionParagraph.process_id == process.id, VersionParagraph.eid.in_(eids))
        .group_by(VersionParagraph.eid)
    ).all()
    if not rows:
        return {}
    found: dict[str, str] = {}
    held = select(Version).where(Version.process_id == process.id, Version.number.in_({n for _, n in rows}))
    for version in tx.scalars(held):
        number = version.number
        refs, name = text_refs(tx, process, version, language), labels_of(version).get(language, version.label)
        found |= {eid: f"{refs[eid]} ({name})" for eid, last in rows if last == number and eid in refs}
    return found


def _first_words(tx: Session, process: Process, eids: list[str], language: str) -> dict[str, str]:
    """A paragraph of the working draft only, by the first words of the last text it had there."""
    found: dict[str, str] = {}
    for eid in eids:
        last = tx.execute(
            select(ParagraphEdit.new_sha, ParagraphEdit.old_sha)
            .where(ParagraphEdit.process_id == process.id, ParagraphEdit.eid == eid)
            .order_by(ParagraphEdit.id.desc())
            .limit(1)
        ).first()
        text = text_of(tx, (last[0] or last[1]) if last is not None else None)
        words = text.replace("*", "").replace("_", "").split() if text else []
        if words:
            shown = " ".join(words[:_WORDS]) + ("…" if len(words) > _WORDS else "")
            found[eid] = _QUOTED.get(language, "“{}”").format(shown)
    return found


@reads
def name_in_draft(tx: Session, actor: Actor | None, slug: str, eid: str) -> str:
    """Paragraph `eid` as a message of the working draft's pages names it (`paragraph_name`): "OP 14", "OP 9
    [deleted]" … as the committee reads the draft."""
    process, _ = process_for(tx, slug, actor, Action.READ_DRAFT)
    return paragraph_name(tx, process, eid)
