"""Amendments in every language (issue 34; domain.amendments.renderings): one proposed in any edition, its rendering
into each other language made from that edition's paragraph, the translators' queue, and an accepted amendment's
renderings offered as the new translations of the paragraph it changed."""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import structs
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, lazyload

from ... import i18n
from ...domain.amendments.amendment_commands import ProposeAmendment
from ...domain.amendments.amendments import AmendmentKind, Proposal, Status
from ...domain.amendments.renderings import RenderingState, SetRendering, outside_span
from ...domain.brackets.limits import check_limits
from ...domain.declaration.document import revision_id
from ...domain.diffing import wire, word_diff
from ...domain.errors import N_, Conflict, Forbidden, InvalidInput, NotFound
from ...domain.labels import AMENDMENT_STATUSES
from ...domain.permissions import Action
from ...domain.translations.translations import State
from ...domain.vocabulary import Role
from ...store.models import Amendment, AmendmentRendering, ParagraphRevision, Process, Translation, Version
from ...store.types import utcnow
from ..access import process_for, record, stored_id
from ..actor import Actor
from ..declaration.paragraphs import draft_blocks, store_revision, store_revisions, texts_of, version_blocks
from ..declaration.references import text_refs
from ..pace import Pace, pace
from ..translations.editions import exact_edition
from ..translations.machine import Engine, MachineDraftView, offered
from ..translations.memory import memory
from ..translations.records import edition_language, may_review, may_write
from ..translations.views import SuggestionView
from ..unit import Db, reads, use_case
from .records import (
    find,
    is_committee,
    label_of,
    readable,
    renderings_of,  # noqa: F401 - the views' (kept beside them)
    subject_of,
)
from .views import QueueItem, RenderingView

DONE = (RenderingState.RENDERED.value, RenderingState.APPROVED.value)


def language_of(process: Process, lang: str | None) -> str:
    """A language of the process (422 naming it otherwise); None: the source language."""
    return edition_language(process, lang)


def origin_of(process: Process, row: Amendment) -> str:
    return row.lang or process.source_language


def _edition(tx: Session, process: Process, version_id: int | None, eid: str, lang: str) -> str | None:
    """The paragraph `eid` of the amendment's text (a version, or the draft) as its `lang` edition reads it: the
    source text, or the translation made from exactly that source revision (None: none yet)."""
    return _editions(tx, process, version_id, {eid}, lang).get(eid)


def filed_in(tx: Session, process: Process, row: Amendment, command: ProposeAmendment, source_base: str | None) -> None:
    """An amendment just filed in another edition than the source's (`command.lang`): its words are that edition's
    (`row` was filed with them: checked there), kept as its rendering "original"; in the source it changes nothing
    until rendered (its wording there is the source paragraph, unchanged; an insert's, empty). A deletion reads the
    same in every language: nothing to render."""
    lang = language_of(process, command.lang)
    row.lang = lang
    if command.kind == AmendmentKind.DELETE:
        return
    tx.flush()
    tx.add(
        AmendmentRendering(
            process_id=process.id,
            amendment_id=row.id,
            lang=lang,
            base_sha=row.base_sha,
            text_sha=row.text_sha,
            state=RenderingState.ORIGINAL.value,
            by_id=row.proposer_id,
        )
    )
    row.base_sha = store_revision(tx, source_base) if source_base is not None else None
    row.text_sha = store_revision(tx, source_base or "")
    row.patch = ""


def edition_base(tx: Session, process: Process, command: ProposeAmendment, version_id: int | None) -> str | None:
    """What an amendment filed in `command.lang` is made on: that edition's paragraph (422 when it has none yet)."""
    lang = language_of(process, command.lang)
    if command.kind == AmendmentKind.INSERT:
        return None
    text = _edition(tx, process, version_id, command.eid, lang)
    if text is None:
        raise InvalidInput(
            N_("The {language} edition has no translation of this paragraph yet: propose on another edition."),
            language=i18n.language_name(lang),
            detail={"field": "lang"},
        )
    return text


def pending(tx: Session, process: Process, row: Amendment) -> bool:
    """Proposed in another language and not rendered into the source yet (or reworded since): nothing to apply to
    the draft."""
    if origin_of(process, row) == process.source_language or row.kind == AmendmentKind.DELETE.value:
        return False
    found = tx.execute(
        select(AmendmentRendering.state, AmendmentRendering.text_sha).where(
            AmendmentRendering.amendment_id == row.id, AmendmentRendering.lang == process.source_language
        )
    ).first()
    return found is None or found[0] not in DONE or found[1] != row.text_sha


def reworded(tx: Session, process: Process, row: Amendment, text: str) -> None:
    """The proposer rewords an amendment proposed in another edition: its words there change (checked against that
    edition's paragraph as it read), and every rendering is of other words now: each goes back to the queue
    (approved ones to be approved again), and in the source it changes nothing until rendered again."""
    renderings = {
        r.lang: r for r in tx.scalars(select(AmendmentRendering).where(AmendmentRendering.amendment_id == row.id))
    }
    original = renderings[origin_of(process, row)]
    base = texts_of(tx, {original.base_sha}).get(original.base_sha or "") if original.base_sha else None
    Proposal(AmendmentKind(row.kind), base, text).check()
    original.text_sha, original.at = store_revision(tx, text), utcnow()
    for kept in renderings.values():
        if kept is not original and kept.state == RenderingState.APPROVED.value:
            kept.state = RenderingState.RENDERED.value
    if row.base_sha is not None or row.kind == AmendmentKind.INSERT.value:
        row.text_sha = row.base_sha or store_revision(tx, "")
        row.patch = ""


def refuse_pending(tx: Session, process: Process, row: Amendment) -> None:
    if pending(tx, process, row):
        raise Conflict(
            N_(
                "Amendment {label} was proposed in {language} and is not rendered into {source} yet: its rendering is "
                "what the draft would take."
            ),
            label=label_of(row),
            language=i18n.language_name(origin_of(process, row)),
            source=i18n.language_name(process.source_language),
        )


def _origin_texts(tx: Session, process: Process, row: Amendment) -> tuple[str, str]:
    """The amendment's base and words in the language it was proposed in."""
    origin = origin_of(process, row)
    if origin == process.source_language:  # its own texts, loaded with it
        return (row.base.text if row.base is not None else ""), row.proposed.text
    else:
        kept = tx.scalar(
            select(AmendmentRendering).where(
                AmendmentRendering.amendment_id == row.id, AmendmentRendering.lang == origin
            )
        )
        shas = (kept.base_sha, kept.text_sha) if kept is not None else (row.base_sha, row.text_sha)
    texts = texts_of(tx, {s for s in shas if s})
    return texts.get(shas[0] or "", ""), texts.get(shas[1], "")


def _may_render(tx: Session, process: Process, role: Role | None, actor: Actor | None, lang: str, state: str) -> None:
    if not may_write(tx, process, role, actor, lang):
        raise Forbidden(
            N_("Only the drafting committee and the translators of {language} render amendments into it."),
            language=i18n.language_name(lang),
        )
    if state == RenderingState.APPROVED and not may_review(tx, process, role, actor, lang):
        raise Forbidden(
            N_("Only the drafting committee and reviewers of {language} can approve its translations."),
            language=i18n.language_name(lang),
        )


def _renderable(process: Process, row: Amendment, lang: str) -> None:
    if row.status != Status.OPEN.value:
        raise Conflict(
            N_("This amendment is already “{status}”: it can no longer change."), status=AMENDMENT_STATUSES[row.status]
        )
    if row.kind == AmendmentKind.DELETE.value:
        raise InvalidInput(N_("A deletion reads the same in every language: there is nothing to render."))
    if lang == origin_of(process, row):
        raise InvalidInput(
            N_("Amendment {label} was proposed in {language}: its words there are its own (its proposer edits them)."),
            label=label_of(row),
            language=i18n.language_name(lang),
            detail={"field": "lang"},
        )


def _made_on(tx: Session, process: Process, row: Amendment, code: str) -> str:
    """The paragraph of the `code` edition that a rendering of `row` is made on ("" for an insert), or 409 when that
    edition has no translation of it yet."""
    if row.kind == AmendmentKind.INSERT.value:
        return ""
    base = _edition(tx, process, row.version_id, row.eid, code)
    if base is None:
        raise Conflict(
            N_("The {language} edition has no translation of this paragraph yet: translate it first."),
            language=i18n.language_name(code),
        )
    return base


def _reworded(row: Amendment, base: str, text: str) -> None:
    """A rendering into the source language is the amendment's wording there: what accepting it applies."""
    row.text_sha = revision_id(text)
    proposal = Proposal(AmendmentKind(row.kind), base if row.base_sha else None, text)
    row.patch = proposal.patch().as_text() if row.kind == AmendmentKind.MODIFY.value else ""


@use_case
def set_rendering(
    tx: Session,
    actor: Actor | None,
    slug: str,
    ref: int | str,
    lang: str,
    command: SetRendering,
    *,
    paced: bool = True,
) -> RenderingView:
    """Render amendment `ref` into `lang` (its translators, or the committee), on the rendering it started from
    (409 with the diff when it changed since); into the source language, it becomes the amendment's wording there.
    `paced` false: one unit of a file, which is paced as one action."""
    process, role = process_for(tx, slug, actor, Action.READ)
    row = find(tx, process, ref, is_committee(role, actor))
    code = language_of(process, lang)
    _may_render(tx, process, role, actor, code, command.state)
    if paced:
        pace(tx, actor, Pace.RENDERING)
    _renderable(process, row, code)
    found = tx.execute(
        select(AmendmentRendering, ParagraphRevision.text)
        .join(ParagraphRevision, ParagraphRevision.sha == AmendmentRendering.text_sha)
        .where(AmendmentRendering.amendment_id == row.id, AmendmentRendering.lang == code)
        .with_for_update(of=AmendmentRendering)
    ).first()
    kept = found[0] if found is not None else None
    base = _made_on(tx, process, row, code)
    current = found[1] if found is not None else base
    if command.base_revision != revision_id(current):
        raise _stale(tx, command.base_revision, current)
    Proposal(AmendmentKind(row.kind), base if row.kind != AmendmentKind.INSERT.value else None, command.text).check()
    on = tx.get(Version, row.version_id) if row.version_id is not None else None  # the text it was filed on
    check_limits([(row.eid, command.text)], lambda eid: text_refs(tx, process, on).get(eid, eid))
    origin_base, origin_text = _origin_texts(tx, process, row)
    store_revisions(tx, [base, command.text])  # stored first: a query may flush what is added
    base_sha = revision_id(base) if row.kind != AmendmentKind.INSERT.value else None
    text_sha = revision_id(command.text)
    outside = row.kind == AmendmentKind.MODIFY.value and outside_span(origin_base, origin_text, base, command.text)
    if kept is None:
        kept = AmendmentRendering(process_id=process.id, amendment_id=row.id, lang=code, text_sha=text_sha)
        _first(tx, kept, command.base_revision, base_sha, text_sha, command.state, stored_id(actor), outside)
    kept.base_sha, kept.text_sha = base_sha, text_sha
    kept.state, kept.by_id, kept.at, kept.outside = command.state, stored_id(actor), utcnow(), outside
    if code == process.source_language:  # the amendment's wording in the source: what the draft would take
        _reworded(row, base, command.text)
    record(tx, actor, "amendment.rendered", subject_of(row), process, lang=code, state=command.state)
    tx.flush()
    return RenderingView(
        text=command.text,
        state=kept.state,
        by=actor.name if actor is not None and kept.by_id else None,
        at=kept.at,
        outside=kept.outside,
        ops=list(word_diff(base, command.text)),
    )


def _stale(tx: Session, started_from: str, current: str) -> Conflict:
    started = texts_of(tx, {started_from}).get(started_from, "")
    return Conflict(
        N_("Someone changed this rendering since you opened it: here is what changed."),
        detail={"diff": wire(word_diff(started, current)), "revision": revision_id(current)},
    )


def _first(
    tx: Session,
    kept: AmendmentRendering,
    started_from: str,
    base_sha: str | None,
    text_sha: str,
    state: str,
    by_id: int | None,
    outside: bool,
) -> None:
    """The first rendering of an amendment into a language, written at once under a savepoint: of two translators
    rendering it at the same moment, the second finds the first's row (the unique key waits for its commit) and gets
    the stale answer with the diff, as any later rendering would, never a bare constraint error."""
    kept.base_sha, kept.state, kept.by_id, kept.at, kept.outside = base_sha, state, by_id, utcnow(), outside
    try:
        with tx.begin_nested():
            tx.add(kept)
            tx.flush()
    except IntegrityError:
        won = tx.execute(
            select(ParagraphRevision.text)
            .join(AmendmentRendering, AmendmentRendering.text_sha == ParagraphRevision.sha)
            .where(AmendmentRendering.amendment_id == kept.amendment_id, AmendmentRendering.lang == kept.lang)
        ).scalar_one()
        raise _stale(tx, started_from, won) from None


def _queue(process: Process, code: str, committee: bool) -> Select[Amendment, AmendmentRendering]:
    """The open amendments to render into `code` or to approve there: not proposed in it, not a deletion, and not
    approved there yet; in their order (everyone's, then the committee's for the committee)."""
    return readable(
        select(Amendment, AmendmentRendering)
        .outerjoin(
            AmendmentRendering,
            and_(AmendmentRendering.amendment_id == Amendment.id, AmendmentRendering.lang == code),
        )
        .where(
            Amendment.process_id == process.id,
            Amendment.status == Status.OPEN.value,
            Amendment.kind != AmendmentKind.DELETE.value,
            or_(AmendmentRendering.id.is_(None), AmendmentRendering.state == RenderingState.RENDERED.value),
            # not proposed in it (an amendment without a language was proposed in the source)
            and_(Amendment.lang.is_not(None), Amendment.lang != code)
            if code == process.source_language
            else or_(Amendment.lang.is_(None), Amendment.lang != code),
        ),
        committee,
    ).order_by(Amendment.on_draft, Amendment.number)


def _queue_reader(tx: Session, actor: Actor | None, slug: str, lang: str) -> tuple[Process, str, bool]:
    process, role = process_for(tx, slug, actor, Action.READ)
    code = language_of(process, lang)
    if not may_write(tx, process, role, actor, code):
        raise Forbidden(
            N_("Only the drafting committee and the translators of {language} render amendments into it."),
            language=i18n.language_name(code),
        )
    return process, code, is_committee(role, actor)


@reads
def rendering_queue(
    tx: Session, actor: Actor | None, slug: str, lang: str, limit: int | None = None, offset: int = 0
) -> list[QueueItem]:
    """The translators' queue of `lang` (and the committee's), a part of it: see `_queue`."""
    process, code, committee = _queue_reader(tx, actor, slug, lang)
    found = [(row, kept) for row, kept in tx.execute(_queue(process, code, committee).limit(limit).offset(offset))]
    return queue_entries(tx, process, found, code)


@reads
def queue_length(tx: Session, actor: Actor | None, slug: str, lang: str) -> int:
    process, code, committee = _queue_reader(tx, actor, slug, lang)
    return tx.scalar(select(func.count()).select_from(_queue(process, code, committee).subquery())) or 0


def queue_entries(
    tx: Session, process: Process, found: Sequence[tuple[Amendment, AmendmentRendering | None]], lang: str
) -> list[QueueItem]:
    """The queue's entries for `found`, in a fixed number of queries whatever their number: the originals' words, the
    paragraphs in `lang` (per version), the renderings so far."""
    originals = _originals(tx, [row.id for row, _ in found])
    texts = texts_of(tx, _queue_shas(found, originals))
    editions = {
        version_id: _editions(tx, process, version_id, eids, lang)
        for version_id, eids in _eids_by_version(found).items()
    }
    refs = {
        version_id: text_refs(tx, process, tx.get(Version, version_id) if version_id else None, lang)
        for version_id in editions
    }
    return [
        structs.replace(
            _item(process, row, kept, originals.get(row.id), texts, editions[row.version_id]),
            ref=refs[row.version_id].get(row.eid, ""),
        )
        for row, kept in found
    ]


def _originals(tx: Session, ids: list[int]) -> dict[int, AmendmentRendering]:
    """The amendments' words in the edition they were proposed in, by amendment id (only those proposed in another
    edition than the source's have them)."""
    return {
        kept.amendment_id: kept
        for kept in tx.scalars(
            select(AmendmentRendering).where(
                AmendmentRendering.amendment_id.in_(ids),
                AmendmentRendering.state == RenderingState.ORIGINAL.value,
            )
        )
    }


def _origin_shas(row: Amendment, original: AmendmentRendering | None) -> tuple[str | None, str]:
    """The revisions of an amendment's base and words in the language it was proposed in."""
    return (original.base_sha, original.text_sha) if original is not None else (row.base_sha, row.text_sha)


def _queue_shas(
    found: Sequence[tuple[Amendment, AmendmentRendering | None]], originals: dict[int, AmendmentRendering]
) -> set[str]:
    """The revisions the entries show: each amendment's base and words where it was proposed, its rendering so far."""
    shas = {sha for row, _ in found for sha in _origin_shas(row, originals.get(row.id)) if sha}
    return shas | {kept.text_sha for _, kept in found if kept}


def _eids_by_version(found: Sequence[tuple[Amendment, AmendmentRendering | None]]) -> dict[int | None, set[str]]:
    """The paragraphs the amendments `found` change, by the version they were filed on (None: the working draft)."""
    eids: dict[int | None, set[str]] = {}
    for row, _ in found:
        eids.setdefault(row.version_id, set()).add(row.eid)
    return eids


def _editions(
    tx: Session, process: Process, version_id: int | None, eids: set[str], lang: str
) -> dict[str, str | None]:
    # Its id and language are what is read of it: not its names in the other languages.
    version = tx.get(Version, version_id, options=[lazyload(Version.other_labels)]) if version_id is not None else None
    if lang == process.source_language:
        found = version_blocks(tx, version, eids=eids) if version else draft_blocks(tx, process, eids)
        return {b.eid: b.text for b in found}
    return {eid: text for eid, (_, text) in exact_edition(tx, process, version, lang, eids).items()}


def _item(
    process: Process,
    row: Amendment,
    kept: AmendmentRendering | None,
    original: AmendmentRendering | None,
    texts: dict[str, str],
    edition: dict[str, str | None],
) -> QueueItem:
    shas = _origin_shas(row, original)
    origin_base, origin_text = texts.get(shas[0] or "", ""), texts.get(shas[1], "")
    insert = row.kind == AmendmentKind.INSERT.value
    base = "" if insert else edition.get(row.eid)
    text = texts[kept.text_sha] if kept is not None else (base or "")
    return QueueItem(
        number=row.number,
        label=label_of(row),
        kind=row.kind,
        eid=row.eid,
        lang=origin_of(process, row),
        origin_base=None if insert else origin_base,
        origin_text=origin_text,
        origin_ops=list(word_diff(origin_base, origin_text)) if not insert else [],
        base=base,
        text=text,
        revision=revision_id(text),
        state=kept.state if kept is not None else RenderingState.TO_RENDER.value,
        outside=bool(kept and kept.outside),
    )


def offer_renderings(tx: Session, process: Process, row: Amendment) -> list[str]:
    """An amendment just accepted as proposed: its rendering in each other language becomes the draft translation of
    the paragraph's new source text there (what the translator confirms in one step). The languages offered."""
    if row.decided_sha is None or row.decided_sha != row.text_sha:
        return []  # accepted as modified: the renderings are of other words
    eid = row.created_eid or row.eid
    offered = []
    for kept in tx.scalars(
        select(AmendmentRendering).where(
            AmendmentRendering.amendment_id == row.id, AmendmentRendering.lang != process.source_language
        )
    ):
        if kept.state not in (*DONE, RenderingState.ORIGINAL.value):
            continue
        exists = tx.scalar(
            select(Translation).where(
                Translation.process_id == process.id,
                Translation.eid == eid,
                Translation.language == kept.lang,
                Translation.source_sha == row.decided_sha,
            )
        )
        if exists is None:
            tx.add(
                Translation(
                    process_id=process.id,
                    eid=eid,
                    language=kept.lang,
                    source_sha=row.decided_sha,
                    text_sha=kept.text_sha,
                    state=State.DRAFT.value,
                    updated_by_id=kept.by_id,
                )
            )
            offered.append(kept.lang)
    return offered


@reads
def _to_draft(tx: Session, actor: Actor | None, slug: str, ref: int | str, lang: str) -> tuple[str, str, str, str]:
    """The amendment's words in the language it was proposed in, that language, the target, its paragraph's eId."""
    process, role = process_for(tx, slug, actor, Action.READ)
    row = find(tx, process, ref, is_committee(role, actor))
    code = language_of(process, lang)
    _may_render(tx, process, role, actor, code, RenderingState.RENDERED)
    _renderable(process, row, code)
    return _origin_texts(tx, process, row)[1], origin_of(process, row), code, row.eid


@reads
def _source_words(
    tx: Session, actor: Actor | None, slug: str, ref: int | str, lang: str
) -> tuple[str | None, str, str]:
    """The amendment's wording in the source language (None: proposed in another and not rendered there yet, or
    asked for the source language itself), the target language, its paragraph's eId."""
    process, role = process_for(tx, slug, actor, Action.READ)
    row = find(tx, process, ref, is_committee(role, actor))
    code = language_of(process, lang)
    _may_render(tx, process, role, actor, code, RenderingState.RENDERED)
    _renderable(process, row, code)
    if code == process.source_language or pending(tx, process, row):
        return None, code, row.eid  # the memory is of translations from the source
    return texts_of(tx, {row.text_sha}).get(row.text_sha), code, row.eid


def rendering_memory(db: Db, actor: Actor | None, slug: str, ref: int | str, lang: str) -> list[SuggestionView]:
    """The translation memory for amendment `ref` in `lang`, for its translators: approved translations of source
    texts like the amendment's wording in the source language (none while it waits to be rendered there), its
    paragraph's own earlier translations marked as such."""
    words, code, eid = _source_words(db, actor, slug, ref, lang)
    if words is None:
        return []
    return memory(db, actor, slug, words, code, 3, eid)


def machine_rendering(
    db: Db, engine: Engine | None, actor: Actor | None, slug: str, ref: int | str, lang: str
) -> MachineDraftView:
    """A machine draft of amendment `ref`'s words in `lang`, for its translators: the whole amended paragraph, to read
    beside the edition's own (whose words a rendering keeps); nothing is saved."""
    text, source, target, eid = _to_draft(db, actor, slug, ref, lang)
    if engine is None or not offered(engine, source, target):
        raise NotFound(
            N_("No machine translation from {source} into {target} is set up here."), source=source, target=target
        )
    return MachineDraftView(
        eid=eid, source_revision=revision_id(text), text=engine.translate(text, source, target), engine=engine.name
    )
