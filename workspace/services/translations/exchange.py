"""Translations in and out of the tools translators use: XLIFF 2.0 for CAT tools, a target-language
Markdown file for word processors. An import is checked whole against the version before anything
is written: all of it, or nothing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.declaration_format import parse_declaration
from ...domain.document import revision_id
from ...domain.errors import N_, ImportFailed
from ...domain.permissions import Action
from ...domain.translations import State, Stored
from ...domain.xliff import XliffUnit, read_xliff, write_xliff
from ...store.models import Process, Translation
from ...store.types import utcnow
from ..access import process_for, record, require_actor, stored_id
from ..actor import Actor
from ..declaration.paragraphs import known_revisions, store_revision
from ..declaration.sides import Side
from ..unit import reads, use_case
from .editor import _side
from .records import current, may_review, require_writer, target_language, translations_of
from .views import ImportReport

# Our states, and XLIFF 2.0's segment states (initial, translated, reviewed, final).
TO_XLIFF = {State.MISSING: "initial", State.OUTDATED: "initial", State.DRAFT: "initial", State.TRANSLATED: "translated",
            State.APPROVED: "final"}
FROM_XLIFF = {"initial": Stored.DRAFT, "translated": Stored.TRANSLATED, "reviewed": Stored.TRANSLATED, "final": Stored.APPROVED}


@reads
def export_xliff(tx: Session, actor: Actor | None, slug: str, language: str, version: str | None = None) -> tuple[str, bytes]:
    """The version's paragraphs as XLIFF 2.0 units (id = eId), each with its source revision and its
    translation made from it, if any. And a file name."""
    process, role = process_for(tx, slug, actor, Action.READ)
    code = target_language(process, language)
    on = _side(tx, process, version, role, actor)
    rows = translations_of(tx, process, code, [b.eid for b in on.blocks])
    units = []
    for b in on.blocks:
        row, state = current(rows.get(b.eid, []), revision_id(b.text))
        # An outdated translation goes out without its target: imported back untouched, it must not pass
        # for a translation of the new source text.
        target = row.text.text if row is not None and state != State.OUTDATED else None
        units.append(XliffUnit(b.eid, b.text, target, TO_XLIFF[state], revision_id(b.text)))
    name = f"{process.slug}-{on.ref}.{code}.xlf"
    return name, write_xliff(units, process.source_language, code, f"{process.slug}-{on.ref}", name)


def _store(tx: Session, process: Process, actor: Actor, eid: str, code: str, source_sha: str, text: str, state: Stored) -> bool:
    """Save one imported translation made from `source_sha`; False if it was already so."""
    row = tx.scalar(select(Translation).where(Translation.process_id == process.id, Translation.eid == eid, Translation.language == code,
                                              Translation.source_sha == source_sha))
    text_sha = store_revision(tx, text)
    if row is not None and row.text_sha == text_sha and row.state == state.value:
        return False
    if row is None:
        tx.add(Translation(process_id=process.id, eid=eid, language=code, source_sha=source_sha, text_sha=text_sha, state=state.value,
                           updated_by_id=stored_id(actor), updated_at=utcnow()))
    else:
        row.text_sha, row.state, row.updated_by_id, row.updated_at, row.checked_sha = text_sha, state.value, stored_id(actor), utcnow(), None
    return True


@use_case
def import_xliff(tx: Session, actor: Actor | None, slug: str, language: str, data: bytes, filename: str,
                 version: str | None = None) -> ImportReport:
    """Import a language's XLIFF file against the version: every unit must be a paragraph of it; a
    unit made from an earlier source text is imported as made from that text (so, outdated)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    code = target_language(process, language)
    require_writer(tx, process, role, actor, code)
    who = require_actor(actor)
    on = _side(tx, process, version, role, actor)
    document = read_xliff(data, filename)
    if document.target_lang.split("-")[0].lower() != code or document.source_lang.split("-")[0].lower() != process.source_language:
        raise ImportFailed(filename, 1, N_("This file translates {source} into {target}, not {expected_source} into {expected}."),
                           source=document.source_lang, target=document.target_lang, expected_source=process.source_language,
                           expected=code)
    texts = on.texts
    plan = []
    for unit in document.units:
        if unit.eid not in texts:
            raise ImportFailed(filename, None, N_("The unit “{eid}” is not a paragraph of {version}."), eid=unit.eid,
                               version=on.label)
        if unit.target is None or not unit.target.strip():
            continue
        sha = revision_id(texts[unit.eid])
        made_from = unit.source_revision or sha
        if made_from != sha and made_from not in known_revisions(tx, process, unit.eid):  # a text this paragraph had
            raise ImportFailed(filename, None, N_("The unit “{eid}” names a source text Accord does not know."), eid=unit.eid)
        state = FROM_XLIFF.get(unit.state, Stored.DRAFT)
        if state == Stored.APPROVED and not may_review(tx, process, role, actor, code):
            state = Stored.TRANSLATED  # only a reviewer approves, whatever the file says
        plan.append((unit.eid, made_from, unit.target, state, made_from != sha))
    imported = sum(_store(tx, process, who, eid, code, made_from, text, state) for eid, made_from, text, state, _ in plan)
    report = ImportReport(code, on.label, imported, len(plan) - imported, [eid for eid, *_, old in plan if old],
                          [b.eid for b in on.blocks if b.eid not in {u.eid for u in document.units}])
    record(tx, actor, "translation.imported", f"process:{process.slug}", process, language=code, file=filename, units=len(plan))
    return report


@use_case
def import_markdown(tx: Session, actor: Actor | None, slug: str, language: str, text: str, filename: str,
                    version: str | None = None, approved: bool = False) -> ImportReport:
    """A whole edition written in a word processor, paragraphs matched by their eId: each saved as a
    translation of the version's source text (translated; `approved` by a reviewer who says so)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    code = target_language(process, language)
    require_writer(tx, process, role, actor, code)
    who = require_actor(actor)
    on: Side = _side(tx, process, version, role, actor)
    _meta, blocks = parse_declaration(text, filename)
    texts = on.texts
    placed: list[tuple[str, str]] = []  # each paragraph's eId, checked, and its text
    for n, b in enumerate(blocks, 1):
        if not b.eid or b.eid not in texts:
            raise ImportFailed(filename, None, N_("Paragraph {n} of the file ({eid}) is not a paragraph of {version}: each paragraph "
                                                  "ends with the eId of the paragraph it translates."), n=n, eid=b.eid or "—",
                               version=on.label)
        placed.append((b.eid, b.text))
    state = Stored.APPROVED if approved and may_review(tx, process, role, actor, code) else Stored.TRANSLATED
    imported = sum(_store(tx, process, who, eid, code, revision_id(texts[eid]), text, state) for eid, text in placed)
    report = ImportReport(code, on.label, imported, len(blocks) - imported, [],
                          [b.eid for b in on.blocks if b.eid not in {x.eid for x in blocks}])
    record(tx, actor, "translation.imported", f"process:{process.slug}", process, language=code, file=filename, units=len(blocks))
    return report
