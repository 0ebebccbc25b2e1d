"""Search and replace across one language's translations of a version (or the working draft): a preview of every
change, then the changes chosen applied as ordinary saves.

Only translations made from the paragraph's source as it reads there are changed (draft, translated, approved): an
outdated one is named, not touched, since saving it would make it current without its translator reading the
source's change. Each change is saved as the editor saves a translation: compare-and-set on the text it was read
with (the one the preview showed, when its `revisions` are named), a draft stays a draft, anything else is
translated again (an approval is for the text approved), and each save is in the process's history. A paragraph
whose translation changed since the preview is skipped and named, never overwritten."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ... import i18n
from ...domain.brackets.limits import check_limits
from ...domain.declaration.document import revision_id
from ...domain.errors import N_, NN_, InvalidInput, NotFound
from ...domain.permissions import Action
from ...domain.translations.find_replace import Search, replaced
from ...domain.translations.translations import State, Stored
from ...domain.values import MAX_TEXT
from ...store.models import Process, Translation
from ..access import process_for, record, require_actor
from ..actor import Actor
from ..declaration.paragraphs import store_revision
from ..declaration.references import text_refs
from ..declaration.sides import Side
from ..pace import Pace, pace
from ..unit import use_case
from .editor import saved_over, translators_side
from .records import current, require_writer, target_language, translations_of
from .views import ReplaceChange, ReplaceSkipped, ReplaceView

MAX_NAMED = 5_000  # paragraphs named at once in `only` or `revisions`
_REASONS = {
    "stale": N_("Its translation changed since the preview: look at it again."),
    "no_match": N_("Its translation no longer holds the words found."),
    "gone": N_("This paragraph is not in the text."),
    "empty": N_("The replacement would leave its translation empty."),
    "too_long": N_("The replacement would make its translation too long."),
}


def _language(process: Process, language: str) -> str:
    """A language the process is translated into: 404 for one it does not have, 422 for its source."""
    code = (language or "").strip().lower()
    if code not in process.languages:
        raise NotFound(N_("“{language}” is not a language of this process."), language=language)
    return target_language(process, code)


def _named(only: Sequence[str] | None, revisions: Mapping[str, str] | None) -> None:
    for field, named in (("only", only), ("revisions", revisions)):
        if named is not None and len(named) > MAX_NAMED:
            raise InvalidInput(
                NN_(
                    "At most {limit} paragraph at once ({field}).",
                    "At most {limit} paragraphs at once ({field}).",
                    "limit",
                ),
                field=field,
                limit=MAX_NAMED,
                detail={"field": field},
            )


@use_case
def replace_in_translations(
    tx: Session,
    actor: Actor | None,
    slug: str,
    language: str,
    search: Search,
    *,
    preview: bool = True,
    only: Sequence[str] | None = None,
    revisions: Mapping[str, str] | None = None,
    version: str | None = None,
) -> ReplaceView:
    """Every translation into `language` of `version` (default: the latest; `draft`) that `search` changes: with
    `preview`, the changes only; else those of `only` (default: all) saved, each only if its text is still the one
    of `revisions[eid]` when named (else skipped as stale), and always compare-and-set against concurrent saves."""
    process, role = process_for(tx, slug, actor, Action.READ)
    code = _language(process, language)
    require_writer(tx, process, role, actor, code)
    pace(tx, actor, Pace.TRANSLATION, count=not preview)  # a preview counts nothing
    who = require_actor(actor)
    _named(only, revisions)
    on = translators_side(tx, process, version, role, actor)
    rows = translations_of(tx, process, code)
    refs = text_refs(tx, process, on.version)
    wanted = set(only) if only is not None else None
    asked = _Replacing(process, code, on, search, search.pattern(), wanted, revisions, refs)
    found = _found(asked, rows)
    if preview:
        return _view(code, on.label, True, [c for _, c in found.changes], [], found.skipped, found.outdated, refs)
    applied = _save_changes(tx, who, asked, found)
    tx.expire_all()
    return _view(code, on.label, False, applied, [c.eid for c in applied], found.skipped, found.outdated, refs)


@dataclass(frozen=True)
class _Replacing:
    """A search and replace as asked, in the translations into `language` of the text `on`: the search and its
    pattern, the paragraphs named (`wanted`, None: all), the revisions their translations were previewed at, and the
    text's printed references."""

    process: Process
    language: str
    on: Side
    search: Search
    pattern: re.Pattern[str]
    wanted: set[str] | None
    revisions: Mapping[str, str] | None
    refs: Mapping[str, str]

    def stale(self, eid: str, row: Translation) -> bool:
        """Whether translation `row` of `eid` changed since the preview that named its revision."""
        return self.revisions is not None and self.revisions.get(eid, row.text_sha) != row.text_sha

    def skip(self, eid: str, reason: str) -> ReplaceSkipped:
        """Paragraph `eid` skipped, and why."""
        return _skip(eid, self.refs, reason)


@dataclass
class _Found:
    """What a search found: the changes it makes (each with the translation it was read from), the outdated
    translations it would change (named, not touched) and the paragraphs skipped."""

    changes: list[tuple[Translation, ReplaceChange]] = dataclasses.field(default_factory=list)
    outdated: list[str] = dataclasses.field(default_factory=list)
    skipped: list[ReplaceSkipped] = dataclasses.field(default_factory=list)

    def add(self, asked: _Replacing, eid: str, row: Translation, state: State) -> None:
        """The change the search makes in translation `row` of paragraph `eid`, or why it is skipped (a paragraph
        not named, `only` being all of them, is not skipped when the search does not change it)."""
        made = replaced(row.text.text, asked.search, asked.pattern)
        if made is None:
            if asked.wanted is not None:
                self.skipped.append(asked.skip(eid, "stale" if asked.stale(eid, row) else "no_match"))
            return
        if not made.text.strip():
            self.skipped.append(asked.skip(eid, "empty"))
        elif len(made.text) > MAX_TEXT:
            self.skipped.append(asked.skip(eid, "too_long"))
        else:
            check_limits([(eid, made.text)], lambda named: asked.refs.get(named, named))
            change = ReplaceChange(
                eid=eid,
                ref=asked.refs.get(eid, ""),
                state=state.value,
                text_revision=row.text_sha,
                before=row.text.text,
                after=made.text,
                count=made.count,
                diff=list(made.pieces),
            )
            self.changes.append((row, change))


def _found(asked: _Replacing, rows: dict[str, list[Translation]]) -> _Found:
    """What the search finds in the translations of the text (`rows`: each paragraph's, newest first)."""
    found = _Found()
    for block in asked.on.blocks:
        row, state = current(rows.get(block.eid, []), revision_id(block.text))
        if row is None:
            continue
        if state == State.OUTDATED:
            if asked.pattern.search(row.text.text):
                found.outdated.append(block.eid)
        elif asked.wanted is None or block.eid in asked.wanted:
            found.add(asked, block.eid, row, state)
    listed = {b.eid for b in asked.on.blocks}
    # Named but never there, or deleted since.
    found.skipped += [asked.skip(e, "gone") for e in sorted((asked.wanted or set()) - listed)]
    return found


def _save_changes(tx: Session, who: Actor, asked: _Replacing, found: _Found) -> list[ReplaceChange]:
    """Each change saved as the editor saves a translation, each in the history; the changes saved (a translation
    changed since the preview, or meanwhile, is skipped as stale)."""
    applied: list[ReplaceChange] = []
    for row, change in found.changes:
        if asked.stale(change.eid, row):
            found.skipped.append(asked.skip(change.eid, "stale"))
            continue
        kept = Stored.DRAFT.value if change.state == State.DRAFT.value else Stored.TRANSLATED.value
        if not saved_over(tx, row.id, row.text_sha, store_revision(tx, change.after), kept, who):  # as the editor
            found.skipped.append(asked.skip(change.eid, "stale"))
            continue
        record(
            tx,
            who,
            "translation.saved",
            f"paragraph:{change.eid}",
            asked.process,
            language=asked.language,
            state=kept,
            version="draft" if asked.on.version is None else asked.on.label,
            replaced=asked.search.find,
            replacement=asked.search.replace,
        )
        applied.append(change)
    return applied


def _skip(eid: str, refs: Mapping[str, str], reason: str) -> ReplaceSkipped:
    return ReplaceSkipped(eid=eid, ref=refs.get(eid, ""), reason=reason, message=i18n.translate(_REASONS[reason]))


def _view(
    language: str,
    version: str,
    preview: bool,
    changes: list[ReplaceChange],
    applied: list[str],
    skipped: list[ReplaceSkipped],
    outdated: list[str],
    refs: Mapping[str, str],
) -> ReplaceView:
    return ReplaceView(
        language=language,
        version=version or "draft",
        preview=preview,
        changes=changes,
        applied=applied,
        skipped=skipped,
        outdated=outdated,
        outdated_refs=[refs.get(e, e) for e in outdated],
    )
