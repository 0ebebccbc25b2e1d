"""The translation editor's use cases: list a language's paragraphs of a version (or the draft),
save a translation made from a source revision, approve it or send it back."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, NoReturn, cast

from sqlalchemy import Select, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from ...domain.brackets.limits import check_limits
from ...domain.declaration.document import Block, numbering, revision_id
from ...domain.diffing import merge, wire, word_diff
from ...domain.errors import N_, Conflict, NotFound
from ...domain.permissions import Action
from ...domain.translations.translations import SaveTranslation, SendBack, State, Stored, check_approvable
from ...domain.vocabulary import Role, parse_enum
from ...store.inserts import insert_new
from ...store.memory_index import remember
from ...store.models import Process, Translation
from ...store.types import utcnow
from ..access import process_for, record, require_actor, stored_id
from ..actor import Actor
from ..declaration.naming import paragraph_name
from ..declaration.paragraphs import DRAFT, paragraph_number, store_revision, texts_of
from ..declaration.references import refs_in, text_refs
from ..declaration.sides import Side, reads_draft_sources, side
from ..pace import Pace, pace
from ..unit import reads, use_case
from .editions import states_of
from .records import (
    current,
    require_reviewer,
    require_writer,
    target_language,
    translations_of,
    views,
)
from .views import TranslationView


@reads
def list_translations(
    tx: Session,
    actor: Actor | None,
    slug: str,
    language: str,
    version: str | None = None,
    state: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[TranslationView]:
    """Every paragraph of `version` (default: the latest; `draft` for the committee and translators)
    with its translation into `language`, filtered by state; `limit` of them from `offset`."""
    process, role = process_for(tx, slug, actor, Action.READ)
    code = target_language(process, language)
    on = translators_side(tx, process, version, role, actor)
    listed = listed_blocks(tx, process, on, code, state)
    shown = listed[offset:] if limit is None else listed[offset : offset + limit]
    return views(tx, process, shown, code, numbers=numbering(on.blocks), refs=text_refs(tx, process, on.version))


def listed_blocks(tx: Session, process: Process, on: Side, language: str, state: str | None) -> list[Block]:
    """The paragraphs of `on` in the state asked (all without one), the states counted by the database: the
    texts, diffs and checks of a list are then made for the part of it shown only."""
    wanted = parse_enum(State, state, "state").value if state else None
    if wanted is None:
        return list(on.blocks)
    states = states_of(tx, process, on.version, language)
    return [b for b in on.blocks if states.get(b.eid, State.MISSING.value) == wanted]


def translators_side(
    tx: Session,
    process: Process,
    version: str | None,
    role: Role | None,
    actor: Actor | None,
    eids: Collection[str] | None = None,
) -> Side:
    """Translators work on the draft too: the committee's text is what they keep in step with."""
    return side(tx, process, version, role, actor, draft=reads_draft_sources(role, actor), eids=eids)


@reads
def since_seen(
    tx: Session,
    actor: Actor | None,
    slug: str,
    language: str,
    eid: str,
    seen: SaveTranslation,
    version: str | None = None,
) -> dict[str, Any]:
    """What changed in the translation of `eid` into `language` since the text an open editor started from (`seen`:
    the editor's form as it is, its `base_text_revision` and `text`), and the text typed there taken into it where the
    two touch different words (`merged`; None: the same words): the notice someone's save shows whoever has the
    translation open (static/accord/translation_notices.js), before they save. Reads only."""
    process, role = process_for(tx, slug, actor, Action.READ)
    code = target_language(process, language)
    require_writer(tx, process, role, actor, code)
    on = translators_side(tx, process, version, role, actor, {eid})
    source_sha = revision_id(_source(tx, process, eid, on))
    rows = translations_of(tx, process, code, [eid]).get(eid, [])
    row, _ = current(rows, source_sha)
    now = row.text.text if row is not None else ""
    base = seen.base_text_revision or ""
    # No translation of this source when the editor opened: it showed the latest one made from another (outdated)
    older = next((r.text.text for r in rows if r.source_sha != source_sha), "")
    before = texts_of(tx, [base]).get(base, "") if base else older
    return {
        "current_text": now,
        "current_revision": row.text_sha if row is not None and row.source_sha == source_sha else "",
        "diff": wire(word_diff(before, now)),
        "merged": merge(before, seen.text, now),
    }


def _source(tx: Session, process: Process, eid: str, on: Side) -> str:
    text = on.texts.get(eid)
    if text is None:
        raise NotFound(N_("No paragraph “{eid}” in {version}."), eid=_named(tx, process, on, eid), version=on.label)
    return text


@use_case
def save_translation(
    tx: Session,
    actor: Actor | None,
    slug: str,
    language: str,
    eid: str,
    command: SaveTranslation,
    version: str | None = None,
) -> TranslationView:
    """Save a translation of paragraph `eid` made from source revision `source_revision`: it must be
    the paragraph's text in `version` (default: the latest), else 409 with the source now and its diff."""
    process, on, code = _save(tx, actor, slug, language, eid, command, version)
    return _view(tx, process, on, eid, code)


@use_case
def save_from_editor(
    tx: Session,
    actor: Actor | None,
    slug: str,
    language: str,
    eid: str,
    command: SaveTranslation,
    version: str | None = None,
) -> str:
    """The same save, from the editor's form: the page goes on to the next paragraph, so no view of the saved one
    (its glossary, checks and rendered texts) is made; only its printed reference, which the page's message names."""
    process, on, _ = _save(tx, actor, slug, language, eid, command, version)
    return _named(tx, process, on, eid)


def _save(
    tx: Session, actor: Actor | None, slug: str, language: str, eid: str, command: SaveTranslation, version: str | None
) -> tuple[Process, Side, str]:
    process, role = process_for(tx, slug, actor, Action.READ)
    code = target_language(process, language)
    require_writer(tx, process, role, actor, code)
    pace(tx, actor, Pace.TRANSLATION)
    who = require_actor(actor)
    on = translators_side(tx, process, version, role, actor, {eid})
    source = _source(tx, process, eid, on)
    sha = revision_id(source)
    if command.source_revision != sha:
        _source_changed(tx, process, on, eid, command.source_revision, source)
    confirmed_over = _confirmed_over(tx, process, on, code, eid, source, command)
    saving = _Saving(process, on, eid, code, sha, command, who)
    _write(tx, saving, confirmed_over)
    _record_saved(tx, actor, saving, confirmed_over)
    return process, on, code


@dataclass(frozen=True)
class _Saving:
    """One save under way: paragraph `eid` of the text `on` read in `process`, translated into `language` from
    source revision `source_sha`, by `who` with `command`."""

    process: Process
    on: Side
    eid: str
    language: str
    source_sha: str
    command: SaveTranslation
    who: Actor | None  # None: a shared room's text nobody typed since (only taken in from outside)

    def row(self) -> Select[Translation]:
        """The query of the translation made from this source revision (one at most: the key is unique)."""
        return select(Translation).where(
            Translation.process_id == self.process.id,
            Translation.eid == self.eid,
            Translation.language == self.language,
            Translation.source_sha == self.source_sha,
        )

    def named(self, tx: Session) -> str:
        """The paragraph as a message names it."""
        return _named(tx, self.process, self.on, self.eid)


def _source_changed(tx: Session, process: Process, on: Side, eid: str, read: str, source: str) -> NoReturn:
    """409: the source was at revision `read` when the translator opened it and reads `source` now; its diff."""
    old = texts_of(tx, [read]).get(read)
    raise Conflict(
        N_("The source of {eid} changed since you opened it: translate it as it reads now."),
        eid=_named(tx, process, on, eid),
        detail={
            "source_revision": revision_id(source),
            "source_text": source,
            "source_diff": wire(word_diff(old, source)) if old is not None else None,
        },
    )


def _write(tx: Session, saving: _Saving, confirmed_over: str | None) -> None:
    """The translation's text and state written, compare-and-set on the text the translator read (the command's
    base, if it names one): a save made meanwhile is a 409, never overwritten."""
    command = saving.command
    row = tx.scalar(saving.row())
    seen = row.text_sha if row is not None else ""
    if command.base_text_revision is not None and command.base_text_revision != seen:
        _changed(tx, saving.named(tx), command.base_text_revision, row)
    check_limits([(saving.eid, command.text)], lambda _: saving.named(tx))
    text_sha = store_revision(tx, command.text)
    if row is None:
        _insert_first(tx, saving, text_sha, confirmed_over)
    elif not saved_over(tx, row.id, seen, text_sha, command.state, saving.who):
        tx.expire(row)
        _changed(
            tx,
            saving.named(tx),
            command.base_text_revision if command.base_text_revision is not None else seen,
            row,
        )


def _insert_first(tx: Session, saving: _Saving, text_sha: str, confirmed_over: str | None) -> None:
    """The first translation from this source revision, its source words indexed for the memory."""
    # Two first translations at once: the unique (eid, language, source) lets one in; the other finds
    # the row made meanwhile (its insert did nothing) and gets the 409 with that text and its diff.
    if not insert_new(
        tx,
        Translation,
        process_id=saving.process.id,
        eid=saving.eid,
        language=saving.language,
        source_sha=saving.source_sha,
        text_sha=text_sha,
        state=saving.command.state,
        note="",
        confirmed_over=confirmed_over,
        updated_by_id=stored_id(saving.who),
        updated_at=utcnow(),
    ):
        made = tx.scalar(saving.row().execution_options(populate_existing=True))
        _changed(tx, saving.named(tx), saving.command.base_text_revision or "", made)
    remember(tx, [tx.scalars(saving.row()).one()])


def _record_saved(tx: Session, actor: Actor | None, saving: _Saving, confirmed_over: str | None) -> None:
    """The save in the activity log: a confirmation over an earlier source revision, or a plain save."""
    eid, version = saving.eid, "draft" if saving.on.version is None else saving.on.label
    if confirmed_over is not None:
        record(
            tx,
            actor,
            "translation.confirmed",
            f"paragraph:{eid}",
            saving.process,
            language=saving.language,
            eid=eid,
            over=confirmed_over,
            state=saving.command.state,
            version=version,
        )
    else:
        record(
            tx,
            actor,
            "translation.saved",
            f"paragraph:{eid}",
            saving.process,
            language=saving.language,
            state=saving.command.state,
            version=version,
        )


def saved_over(tx: Session, row_id: int, seen: str, text_sha: str, state: str, who: Actor | None) -> bool:
    """A translation's new text and state, written only if its text is still `seen` (compare-and-set, so that a
    concurrent save is never silently overwritten): whether it was. Its checks and review start again."""
    changed = cast(
        CursorResult[Any],
        tx.execute(  # an UPDATE's result is a cursor result; its rows counted
            update(Translation)
            .where(Translation.id == row_id, Translation.text_sha == seen)
            .values(
                text_sha=text_sha,
                state=state,
                updated_by_id=stored_id(who),
                updated_at=utcnow(),
                checked_sha=None,
                confirmed_over=None,
                reviewed_by_id=None,
                reviewed_at=None,
            )
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    return changed == 1


def write_together(
    tx: Session, process: Process, eid: str, language: str, source_sha: str, text: str, who: Actor | None
) -> tuple[str, str]:
    """A shared room's text (services.rooms) as the translation of `eid` into `language` made from source revision
    `source_sha` (the source its writers read, the draft's), compare-and-set on the text that translation has now (a
    409 when it changed meanwhile: the room takes that change in and writes again). It keeps its state, an approved
    one going back to its reviewer as translated; a first one is a draft. Its text revision and state."""
    on = side(tx, process, DRAFT, None, None, draft=True, eids={eid})
    row = tx.scalar(
        select(Translation).where(
            Translation.process_id == process.id,
            Translation.eid == eid,
            Translation.language == language,
            Translation.source_sha == source_sha,
        )
    )
    state = Stored.DRAFT.value if row is None else row.state
    if state == Stored.APPROVED.value:
        state = Stored.TRANSLATED.value
    command = SaveTranslation(
        text=text, source_revision=source_sha, state=state, base_text_revision=row.text_sha if row else ""
    )
    _write(tx, _Saving(process, on, eid, language, source_sha, command, who), None)
    return revision_id(text), state


def _named(tx: Session, process: Process, on: Side, eid: str) -> str:
    """A paragraph as a message names it: its printed reference in the text read, in the reader's language (one
    that text does not have: as it was last printed)."""
    return paragraph_name(tx, process, eid, on.version)


def _confirmed_over(
    tx: Session, process: Process, on: Side, code: str, eid: str, source: str, command: SaveTranslation
) -> str | None:
    """An outdated translation saved with its text unchanged is confirmed as still correct for the source now,
    or refused (409 with the source's change since it was made): marking it translated untouched would hide
    that change from its reviewer. The earlier source revision it is confirmed over, or None for a plain save."""
    latest, state = current(translations_of(tx, process, code, [eid]).get(eid, []), revision_id(source))
    if latest is None or state != State.OUTDATED or command.text != latest.text.text:
        return None
    if not command.still_correct:
        made_from = texts_of(tx, [latest.source_sha]).get(latest.source_sha, "")
        raise Conflict(
            N_(
                "The source of {eid} changed since this translation was made: change the translation, or confirm "
                "that it is still correct for the source as it reads now."
            ),
            eid=_named(tx, process, on, eid),
            detail={
                "source_revision": revision_id(source),
                "source_text": source,
                "made_from": latest.source_sha,
                "source_diff": wire(word_diff(made_from, source)),
            },
        )
    return latest.source_sha


def _changed(tx: Session, named: str, base: str, row: Translation | None) -> None:
    """409: someone saved this translation (of the paragraph `named` as printed) since it was read; their text and
    what they changed."""
    now = texts_of(tx, [row.text_sha]).get(row.text_sha, "") if row is not None else ""
    before = texts_of(tx, [base]).get(base, "") if base else ""
    raise Conflict(
        N_("The translation of {eid} was saved by someone else since you opened it: look at it again."),
        eid=named,
        detail={
            "text": now,
            "text_revision": row.text_sha if row is not None else None,
            "diff": wire(word_diff(before, now)),
        },
    )


def _view(tx: Session, process: Process, on: Side, eid: str, language: str) -> TranslationView:
    tx.flush()
    tx.expire_all()
    [block] = [b for b in on.blocks if b.eid == eid]
    number = paragraph_number(tx, process, on.version, block)
    numbers = {eid: number} if number is not None else {}
    return views(tx, process, [block], language, numbers=numbers, refs=refs_in(tx, process, on.version, {eid}))[0]


def _reviewed(
    tx: Session, actor: Actor | None, slug: str, language: str, eid: str, version: str | None
) -> tuple[Process, Side, Translation, str]:
    process, role = process_for(tx, slug, actor, Action.READ)
    code = target_language(process, language)
    require_reviewer(tx, process, role, actor, code)
    pace(tx, actor, Pace.TRANSLATION)
    on = translators_side(tx, process, version, role, actor, {eid})
    source = _source(tx, process, eid, on)
    row, state = current(translations_of(tx, process, code, [eid]).get(eid, []), revision_id(source))
    check_approvable(state, row.text.text if row is not None else "")
    assert row is not None
    return process, on, row, code


@use_case
def approve(
    tx: Session, actor: Actor | None, slug: str, language: str, eid: str, version: str | None = None
) -> TranslationView:
    """A reviewer approves the translation made from the paragraph's current source (409 if outdated or empty)."""
    process, on, row, code = _reviewed(tx, actor, slug, language, eid, version)
    row.state, row.reviewed_by_id, row.reviewed_at, row.note, row.checked_sha = (
        Stored.APPROVED.value,
        stored_id(actor),
        utcnow(),
        "",
        None,
    )
    record(tx, actor, "translation.approved", f"paragraph:{eid}", process, language=code, on_draft=on.version is None)
    return _view(tx, process, on, eid, code)


@use_case
def reject(
    tx: Session, actor: Actor | None, slug: str, language: str, eid: str, command: SendBack, version: str | None = None
) -> TranslationView:
    """A reviewer sends a translation back to its translator, with a note (it becomes a draft again)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    code = target_language(process, language)
    require_reviewer(tx, process, role, actor, code)
    pace(tx, actor, Pace.TRANSLATION)
    on = translators_side(tx, process, version, role, actor, {eid})
    source = _source(tx, process, eid, on)
    row, state = current(translations_of(tx, process, code, [eid]).get(eid, []), revision_id(source))
    if row is None or state in (State.MISSING, State.OUTDATED):
        raise Conflict(N_("There is no current translation of {eid} to send back."), eid=_named(tx, process, on, eid))
    row.state, row.note, row.reviewed_by_id, row.reviewed_at = (
        Stored.DRAFT.value,
        command.note,
        stored_id(actor),
        utcnow(),
    )
    record(
        tx,
        actor,
        "translation.rejected",
        f"paragraph:{eid}",
        process,
        language=code,
        translator=row.updated_by_id,
        on_draft=on.version is None,
        version_id=on.version.id if on.version is not None else None,
    )
    return _view(tx, process, on, eid, code)
