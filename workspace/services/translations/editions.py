"""How far each language is, and a version's edition in a language: for each paragraph, the
translation made from exactly that version's source text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from functools import cache
from typing import Any

from msgspec import structs
from sqlalchemy import Select, and_, bindparam, case, func, select
from sqlalchemy.orm import Session, aliased

from ...domain.declaration.document import Block, numbering, revision_id
from ...domain.permissions import Action
from ...domain.translations.translations import State
from ...store.models import (
    DraftParagraph,
    ParagraphRevision,
    Process,
    Translation,
    Version,
    VersionParagraph,
)
from ..access import process_for
from ..actor import Actor
from ..declaration.paragraphs import DRAFT
from ..declaration.references import text_refs
from ..declaration.sides import Side, reads_draft, side
from ..declaration.views import ParagraphView
from ..kept import UntilNextEntry
from ..unit import reads
from .records import target_language
from .views import EditionParagraph, EditionView, LanguageProgress, ProgressView


def _progress(language: str, counts: Counter[str]) -> LanguageProgress:
    total = sum(counts.values())
    return LanguageProgress(
        language=language,
        total=total,
        missing=counts[State.MISSING.value],
        draft=counts[State.DRAFT.value],
        translated=counts[State.TRANSLATED.value],
        approved=counts[State.APPROVED.value],
        outdated=counts[State.OUTDATED.value],
        percent=round(100 * counts[State.APPROVED.value] / total) if total else 100,
    )


@cache
def _statements(draft: bool, some: bool) -> tuple[Select[Any], Select[Any], Select[Any]]:
    """The paragraphs of a version (`draft`: the working draft; `some`: only the eIds given) joined to their
    translation into a language made from exactly their source revision: that one gives the state, another
    one makes it outdated, none missing (`records.current`), decided by the database. Built once, with bound
    parameters (process_id, language, version_id, version_language, eids): building such a statement costs
    SQLAlchemy more than the database takes to run it. The counts per state, the states, the states and texts."""
    if draft:
        listed = select(DraftParagraph.eid, DraftParagraph.revision_sha).where(
            DraftParagraph.process_id == bindparam("process_id")
        )
    else:
        listed = select(VersionParagraph.eid, VersionParagraph.revision_sha).where(
            VersionParagraph.version_id == bindparam("version_id"),
            VersionParagraph.language == bindparam("version_language"),
        )
    if some:
        listed = listed.where(
            (DraftParagraph.eid if draft else VersionParagraph.eid).in_(bindparam("eids", expanding=True))
        )
    paragraphs = listed.subquery()
    exact, text = aliased(Translation), aliased(ParagraphRevision)
    other = (
        select(Translation.id)
        .where(
            Translation.process_id == bindparam("process_id"),
            Translation.language == bindparam("language"),
            Translation.eid == paragraphs.c.eid,
        )
        .exists()
    )
    state = case((exact.state.is_not(None), exact.state), (other, State.OUTDATED.value), else_=State.MISSING.value)
    query = (
        select(paragraphs.c.eid)
        .select_from(paragraphs)
        .outerjoin(
            exact,
            and_(
                exact.process_id == bindparam("process_id"),
                exact.language == bindparam("language"),
                exact.eid == paragraphs.c.eid,
                exact.source_sha == paragraphs.c.revision_sha,
            ),
        )
    )
    return (
        query.with_only_columns(state, func.count(), maintain_column_froms=True).group_by(state),
        query.add_columns(state),
        query.add_columns(state, text.text).outerjoin(text, text.sha == exact.text_sha),
    )


def _run(
    tx: Session,
    which: int,
    process: Process,
    version: Version | None,
    language: str,
    eids: Collection[str] | None = None,
) -> Any:
    statement = _statements(version is None, eids is not None)[which]
    values: dict[str, Any] = {"process_id": process.id, "language": language}
    if version is not None:
        values |= {"version_id": version.id, "version_language": version.language}
    if eids is not None:
        values["eids"] = list(eids)
    return tx.execute(statement, values)


def _counted(tx: Session, process: Process, version: Version | None, language: str) -> Counter[str]:
    """How many paragraphs of `version` (None: the working draft) are in each state in `language`, counted
    by the database without loading a text; kept until the process's next activity entry (26 counts of
    3,000 paragraphs cost 200 ms, for the progress of every version)."""
    return Counter(
        _COUNTS.get(
            tx,
            process,
            version,
            ("counts", language),
            lambda: Counter(
                {str(found): int(number) for found, number in _run(tx, 0, process, version, language).all()}
            ),
        )
    )


_COUNTS = UntilNextEntry(512)


def states_of(tx: Session, process: Process, version: Version | None, language: str) -> dict[str, str]:
    """Each paragraph's state in `language`, by eId, from the database alone (no text read): what a filter
    by state needs before a page of the list is shown."""
    return {eid: str(found) for eid, found in _run(tx, 1, process, version, language)}


def exact_edition(
    tx: Session, process: Process, version: Version | None, language: str, eids: Collection[str] | None = None
) -> dict[str, tuple[str, str | None]]:
    """Each paragraph of `version` (None: the working draft; or only those of `eids`) in `language`, by eId: its
    state, and the text of the translation made from exactly its source revision (None when outdated or
    missing), in one query, no ORM object."""
    rows = _run(tx, 2, process, version, language, eids)
    return {
        eid: (str(found), words if found not in (State.OUTDATED.value, State.MISSING.value) else None)
        for eid, found, words in rows
    }


@reads
def progress(tx: Session, actor: Actor | None, slug: str) -> list[ProgressView]:
    """Per version (newest first, the draft first for the committee), each target language's counts: the
    versions' counted by the database alone, whatever their number and size."""
    process, role = process_for(tx, slug, actor, Action.READ)
    targets = [code for code in process.languages if code != process.source_language]
    found = []
    if reads_draft(role, actor):
        found.append(
            ProgressView(
                version=DRAFT, languages=[_progress(code, _counted(tx, process, None, code)) for code in targets]
            )
        )
    for version in tx.scalars(select(Version).where(Version.process_id == process.id).order_by(Version.number.desc())):
        found.append(
            ProgressView(
                version=version.label,
                languages=[_progress(code, _counted(tx, process, version, code)) for code in targets],
            )
        )
    return found


@reads
def latest_progress(tx: Session, actor: Actor | None, slug: str) -> ProgressView | None:
    """How far each target language is in the latest version (None before any is circulated)."""
    process, _ = process_for(tx, slug, actor, Action.READ)
    latest = tx.scalar(select(Version).where(Version.process_id == process.id).order_by(Version.number.desc()).limit(1))
    if latest is None:
        return None
    return ProgressView(
        version=latest.label,
        languages=[
            _progress(code, _counted(tx, process, latest, code))
            for code in process.languages
            if code != process.source_language
        ],
    )


def in_edition(
    tx: Session, process: Process, version: Version | None, paragraphs: Sequence[ParagraphView], language: str
) -> tuple[list[ParagraphView], list[str]]:
    """`paragraphs` of `version` (None: the draft) as its `language` edition reads them: each translated one in its
    words (its revision that of those words, its reference as that language prints it); the others as the source
    reads them, their eIds listed (untranslated)."""
    if language == process.source_language:
        return list(paragraphs), []
    found = exact_edition(tx, process, version, language, [p.eid for p in paragraphs])
    refs = text_refs(tx, process, version, language)
    shown, missing = [], []
    for p in paragraphs:
        text = found.get(p.eid, ("", None))[1]
        if text is None:
            shown.append(p)
            missing.append(p.eid)
        else:
            shown.append(structs.replace(p, text=text, revision=revision_id(text), ref=refs.get(p.eid, p.ref)))
    return shown, missing


@reads
def edition(tx: Session, actor: Actor | None, slug: str, language: str, version: str | None = None) -> EditionView:
    """The version's edition in `language`: exact, or incomplete where a paragraph has no approved
    translation made from this version's source text (never another revision's)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    on = side(tx, process, version, role, actor)
    return edition_part(tx, process, on, language, on.blocks, numbering(on.blocks))


def edition_part(
    tx: Session, process: Process, on: Side, language: str, shown: Sequence[Block], numbers: dict[str, int]
) -> EditionView:
    """The paragraphs `shown` of `on`'s edition in `language` (`numbers`: counted in the whole text); it is
    complete when every paragraph of the whole text is approved, counted by the database."""
    code = (language or "").strip().lower()
    if code == process.source_language:
        refs = text_refs(tx, process, on.version, code)
        return EditionView(
            version=on.label,
            language=code,
            complete=True,
            paragraphs=[
                EditionParagraph(
                    eid=b.eid,
                    kind=b.kind.value,
                    number=numbers.get(b.eid),
                    text=b.text,
                    state=State.APPROVED.value,
                    ref=refs.get(b.eid, ""),
                )
                for b in shown
            ],
        )
    code = target_language(process, code)
    refs = text_refs(tx, process, on.version, code)
    whole = len(shown) == len(on.blocks)
    found = exact_edition(tx, process, on.version, code, None if whole else [b.eid for b in shown])
    paragraphs = []
    for b in shown:
        state, text = found.get(b.eid, (State.MISSING.value, None))
        paragraphs.append(
            EditionParagraph(
                eid=b.eid, kind=b.kind.value, number=numbers.get(b.eid), text=text, state=state, ref=refs.get(b.eid, "")
            )
        )
    complete = (
        all(p.state == State.APPROVED.value for p in paragraphs)
        if whole
        else _counted(tx, process, on.version, code)[State.APPROVED.value] == len(on.blocks)
    )
    return EditionView(version=on.label, language=code, complete=complete, paragraphs=paragraphs)
