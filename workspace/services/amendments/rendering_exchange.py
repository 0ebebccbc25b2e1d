"""The amendments to render, in and out of the CAT tools translators use (issue 34): an XLIFF 2.0 file of the
amendments proposed in one language to render into another (domain.amendments.rendering_xliff says why one language
pair a file), and its import, which applies each changed unit as `set_rendering` would, all of them or none.

A unit the file gives back as it went out changes nothing (no row, no activity); a changed one is rendered, or
approved from a reviewer's `final`. The rendering a unit was made from travels in the file (`base_revision`): a unit
whose rendering changed in Accord since the export is stale, and the import is refused (409, naming each), never
written over. The paragraphs' XLIFF import (services.translations.exchange) hands such a file on to this one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import msgspec
from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.amendments.amendments import AmendmentKind, Proposal, Status
from ...domain.amendments.rendering_xliff import (
    TO_XLIFF,
    RenderingDocument,
    RenderingUnit,
    imported_state,
    is_renderings_file,
    read_renderings,
    write_renderings,
)
from ...domain.amendments.renderings import RenderingState, SetRendering
from ...domain.declaration.compare_render import text_inline
from ...domain.declaration.document import revision_id
from ...domain.diffing import wire, word_diff
from ...domain.errors import N_, AccordError, Conflict, Forbidden, ImportFailed, ImportRefused, InvalidInput, NotFound
from ...domain.labels import AMENDMENT_STATUSES
from ...domain.permissions import Action
from ...domain.values import check_file_can_carry, clean_text
from ...domain.vocabulary import Role
from ...store.models import Amendment, AmendmentRendering, Process, Version
from ..access import process_for
from ..actor import Actor
from ..declaration.paragraphs import texts_of
from ..declaration.references import refs_in
from ..heavy import heavy_work, in_worker
from ..pace import Pace, pace
from ..translations import exchange
from ..translations.records import may_review, may_write
from ..translations.views import ImportReport, UnitReport
from ..unit import Db, apart, reads, use_case
from .records import find, is_committee, label_of, readable
from .renderings import language_of, origin_of, queue_entries, set_rendering
from .views import QueueItem

FILE_VERSION = "amendments"  # what an import's report names instead of a version: the file spans them


@reads
def export_renderings_xliff(
    tx: Session, actor: Actor | None, slug: str, lang: str, origin: str | None = None
) -> tuple[str, bytes]:
    """The open amendments proposed in `origin` to render into `lang` as XLIFF 2.0, each with its rendering so far
    (to render, rendered or approved: a file exported and imported back keeps every state). And a file name.
    `origin` by default: the process's source language, or the one other language when `lang` is the source."""
    process, role = process_for(tx, slug, actor, Action.READ)
    code = language_of(process, lang)
    _may_translate(tx, process, role, actor, code)
    source = _origin(process, code, origin)
    found = _to_render(tx, process, code, source, is_committee(role, actor))
    items = zip([row for row, _ in found], queue_entries(tx, process, found, code), strict=True)
    refs = _refs(tx, process, [row for row, _ in found], code)
    units = [
        RenderingUnit(
            item.label,
            item.eid,
            item.origin_text,
            item.text or None,  # an insert not rendered yet, a paragraph not translated yet: nothing to start from
            TO_XLIFF[RenderingState(item.state)],
            item.revision,
            ref=refs.get((row.version_id, row.eid), ""),
            change=text_inline(item.origin_ops),
        )
        for row, item in items
    ]
    check_file_can_carry(((u.label, text) for u in units for text in (u.source, u.target or "", u.change)), code)
    name = f"{process.slug}-amendments.{source}-{code}.xlf"
    return name, write_renderings(units, source, code, f"{process.slug}-amendments-{source}-{code}")


def import_renderings_xliff(
    db: Db, actor: Actor | None, slug: str, lang: str, data: bytes, filename: str = "amendments.xlf"
) -> ImportReport:
    """Import a file of amendments rendered into `lang`: checked whole, then each changed unit applied as
    `set_rendering` applies a rendering, or nothing is (422 with the report when a unit is refused, 409 naming the
    units whose rendering changed since the export). The file is read first, in a worker process and outside any
    transaction (`heavy_work`), by the paragraphs' XLIFF reader, with its safety."""
    _may_import(apart(db), actor, slug, lang)
    with heavy_work(actor):
        document = in_worker(read_renderings, data, filename)
    return _import(db, actor, slug, lang, document, filename)


# The paragraphs' XLIFF import recognises a file of amendments (its marker) and hands it to this import.
exchange.OTHER_XLIFF.append((is_renderings_file, import_renderings_xliff))


def _may_translate(tx: Session, process: Process, role: Role | None, actor: Actor | None, code: str) -> None:
    if not may_write(tx, process, role, actor, code):
        raise Forbidden(
            N_("Only the drafting committee and the translators of {language} render amendments into it."),
            language=i18n.language_name(code),
        )


@reads
def _may_import(tx: Session, actor: Actor | None, slug: str, lang: str) -> None:
    """Refused before the file is read: who may not render into `lang` learns it at once."""
    process, role = process_for(tx, slug, actor, Action.READ)
    _may_translate(tx, process, role, actor, language_of(process, lang))


def _origin(process: Process, code: str, origin: str | None) -> str:
    """The language a file's amendments were proposed in: `origin`, else the source language, else (rendering into
    the source) the one other language of the process; 422 when there are several to choose from."""
    if origin:
        chosen = language_of(process, origin)
        if chosen == code:
            raise InvalidInput(
                N_("The amendments proposed in {language} are its own words: there is nothing to render into it."),
                language=i18n.language_name(code),
                detail={"field": "from"},
            )
        return chosen
    if code != process.source_language:
        return process.source_language
    others = [other for other in process.languages if other != code]
    if len(others) == 1:
        return others[0]
    raise InvalidInput(
        N_(
            "Say which language the amendments to render into {language} were proposed in ({choices}): a file holds "
            "one language pair."
        ),
        language=i18n.language_name(code),
        choices=", ".join(others),
        detail={"field": "from"},
    )


def _proposed_in(process: Process, origin: str) -> ColumnElement[bool]:
    # An amendment without a language was proposed in the source language.
    if origin == process.source_language:
        return or_(Amendment.lang.is_(None), Amendment.lang == origin)
    return Amendment.lang == origin


def _to_render(
    tx: Session, process: Process, code: str, origin: str, committee: bool
) -> list[tuple[Amendment, AmendmentRendering | None]]:
    """The open amendments proposed in `origin` that have words to render into `code`, with their rendering there."""
    query = readable(
        select(Amendment, AmendmentRendering)
        .outerjoin(
            AmendmentRendering,
            and_(AmendmentRendering.amendment_id == Amendment.id, AmendmentRendering.lang == code),
        )
        .where(
            Amendment.process_id == process.id,
            Amendment.status == Status.OPEN.value,
            Amendment.kind != AmendmentKind.DELETE.value,
            _proposed_in(process, origin),
        ),
        committee,
    ).order_by(Amendment.on_draft, Amendment.number)
    return [(row, kept) for row, kept in tx.execute(query)]


def _refs(tx: Session, process: Process, rows: Sequence[Amendment], code: str) -> dict[tuple[int | None, str], str]:
    """The printed reference of each amendment's paragraph (in the text it was made against), in `code`."""
    found: dict[tuple[int | None, str], str] = {}
    for version_id in {r.version_id for r in rows}:
        version = tx.get(Version, version_id) if version_id is not None else None
        eids = {r.eid for r in rows if r.version_id == version_id}
        for eid, ref in refs_in(tx, process, version, eids, code).items():
            found[(version_id, eid)] = ref
    return found


@dataclass(frozen=True)
class _Planned:
    unit: RenderingUnit
    row: Amendment
    item: QueueItem
    write: SetRendering | None  # None: nothing to write
    stale: bool = False


@use_case
def _import(
    tx: Session, actor: Actor | None, slug: str, lang: str, document: RenderingDocument, filename: str
) -> ImportReport:
    """Each unit checked (the amendment it names, what it asks), then every changed one written, or none is."""
    process, role = process_for(tx, slug, actor, Action.READ)
    code = language_of(process, lang)
    _may_translate(tx, process, role, actor, code)
    pace(tx, actor, Pace.RENDERING, count=False)  # a file is one action, counted once it writes (below)
    origin = _language_pair(process, code, document, filename)
    committee = is_committee(role, actor)
    reviewer = may_review(tx, process, role, actor, code)
    refusals = list(document.refused)
    named = _named(tx, process, origin, committee, document.units, filename, refusals)
    planned = _plans(tx, process, code, reviewer, named, filename, refusals)
    report = _report(tx, process, code, origin, committee, filename, planned, refusals)
    _refuse(tx, filename, planned, refusals, report)
    _write(tx, actor, slug, code, planned)
    return report


def _named(
    tx: Session,
    process: Process,
    origin: str,
    committee: bool,
    units: Sequence[RenderingUnit],
    filename: str,
    refusals: list[ImportFailed],
) -> list[tuple[RenderingUnit, Amendment]]:
    """The amendment each unit names; a unit naming none, or one not to render from the file's language, is
    refused (added to `refusals`)."""
    named: list[tuple[RenderingUnit, Amendment]] = []
    for unit in units:
        try:
            named.append((unit, _amendment(tx, process, origin, committee, unit, filename)))
        except AccordError as exc:
            refusals.append(_refusal(filename, unit, exc))
    return named


def _plans(
    tx: Session,
    process: Process,
    code: str,
    reviewer: bool,
    named: Sequence[tuple[RenderingUnit, Amendment]],
    filename: str,
    refusals: list[ImportFailed],
) -> list[_Planned]:
    """What each named unit asks of its amendment's rendering so far (read once for them all: `queue_entries`); a
    unit asking what `set_rendering` would refuse is refused (added to `refusals`)."""
    kept = {
        k.amendment_id: k
        for k in tx.scalars(
            select(AmendmentRendering).where(
                AmendmentRendering.amendment_id.in_([row.id for _, row in named]), AmendmentRendering.lang == code
            )
        )
    }
    items = queue_entries(tx, process, [(row, kept.get(row.id)) for _, row in named], code)
    planned: list[_Planned] = []
    for (unit, row), item in zip(named, items, strict=True):
        try:
            planned.append(_plan(code, reviewer, unit, row, item, filename))
        except AccordError as exc:
            refusals.append(_refusal(filename, unit, exc))
    return planned


def _refuse(
    tx: Session, filename: str, planned: Sequence[_Planned], refusals: Sequence[ImportFailed], report: ImportReport
) -> None:
    """Nothing is imported when a unit is refused (422, with the report) or stale (409, naming each such unit and
    what changed in its rendering since the file was exported)."""
    if refusals:
        raise ImportRefused(sorted(refusals, key=lambda e: e.line or 0), msgspec.to_builtins(report))
    stale = [p for p in planned if p.stale]
    if stale:
        raise Conflict(
            N_(
                "Someone changed the rendering of {units} since the file was exported: nothing was imported. Look at "
                "what changed, then bring your words to the rendering as it is now."
            ),
            detail={"file": filename, "units": [_stale_detail(tx, p) for p in stale]},
            units=", ".join(f"{p.unit.label} ({filename}:{p.unit.line})" for p in stale),
        )


def _write(tx: Session, actor: Actor | None, slug: str, code: str, planned: Sequence[_Planned]) -> None:
    """Each unit that changes a rendering written as `set_rendering` writes it; the file paced as one action."""
    for p in planned:
        if p.write is None:
            continue
        try:
            set_rendering(tx, actor, slug, label_of(p.row), code, p.write, paced=False)
        except Conflict as exc:  # changed between the check above and the write's lock: named all the same
            raise Conflict(N_("Unit “{eid}”: {problem}"), detail=exc.detail, eid=p.unit.label, problem=exc) from None
    if any(p.write is not None for p in planned):
        pace(tx, actor, Pace.RENDERING)


def _language_pair(process: Process, code: str, document: RenderingDocument, filename: str) -> str:
    """The language the file's amendments were proposed in, once the file is found to render them into `code`."""
    source = document.source_lang.split("-")[0].lower()
    target = document.target_lang.split("-")[0].lower()
    if target != code or source not in process.languages or source == code:
        raise ImportFailed(
            filename,
            1,
            N_("This file renders amendments proposed in {source} into {target}, not into {expected}."),
            source=i18n.language_name(document.source_lang),
            target=i18n.language_name(document.target_lang),
            expected=i18n.language_name(code),
        )
    return source


def _amendment(
    tx: Session, process: Process, origin: str, committee: bool, unit: RenderingUnit, filename: str
) -> Amendment:
    """The amendment a unit names (its label), if it is one with words in the file's source language."""
    try:
        row = find(tx, process, unit.label, committee)
    except NotFound:
        raise ImportFailed(
            filename, unit.line, N_("The unit “{eid}” names no amendment of this process."), eid=unit.label
        ) from None
    if row.kind == AmendmentKind.DELETE.value:
        raise InvalidInput(N_("A deletion reads the same in every language: there is nothing to render."))
    if origin_of(process, row) != origin:
        raise InvalidInput(
            N_("Amendment {label} was proposed in {language}, not in the language of this file's sources ({source})."),
            label=label_of(row),
            language=i18n.language_name(origin_of(process, row)),
            source=i18n.language_name(origin),
        )
    return row


def _plan(code: str, reviewer: bool, unit: RenderingUnit, row: Amendment, item: QueueItem, filename: str) -> _Planned:
    """What one unit asks, checked as `set_rendering` checks a rendering: nothing, a write, or a stale base."""
    text = clean_text(unit.target).strip() if unit.target is not None else ""
    if not text:  # no target (an insert not rendered yet), or emptied by a tool: it brings nothing
        return _Planned(unit, row, item, None)
    stored = RenderingState(item.state)
    as_exported = revision_id(text) == unit.base_revision
    changed_since = item.revision != unit.base_revision
    if as_exported and changed_since:  # the file brings no words but the ones it was exported with
        if unit.state == "final" and reviewer and stored != RenderingState.APPROVED:
            return _Planned(unit, row, item, None, stale=True)  # an approval of words that are no longer there
        return _Planned(unit, row, item, None)
    state = imported_state(stored, text == item.text, unit.state, reviewer)
    if state is None:
        return _Planned(unit, row, item, None)
    if row.status != Status.OPEN.value:
        raise ImportFailed(
            filename,
            unit.line,
            N_("Amendment {label} is “{status}” since the file was exported: its rendering can no longer change."),
            label=label_of(row),
            status=AMENDMENT_STATUSES[row.status],
            eid=label_of(row),
        )
    if item.base is None:
        raise Conflict(
            N_("The {language} edition has no translation of this paragraph yet: translate it first."),
            language=i18n.language_name(code),
        )
    if _cleaned(unit.source) != item.origin_text:
        raise ImportFailed(
            filename,
            unit.source_line or unit.line,
            N_(
                "The source of unit “{eid}” is not the amendment's words now: a source is never edited, and the "
                "amendment may have changed since the file was exported (export the file again)."
            ),
            eid=unit.label,
        )
    command = SetRendering(text=text, state=state.value, base_revision=unit.base_revision)
    insert = row.kind == AmendmentKind.INSERT.value
    Proposal(AmendmentKind(row.kind), None if insert else item.base, command.text).check()
    return _Planned(unit, row, item, command, stale=changed_since)


def _cleaned(text: str) -> str | None:
    try:
        return clean_text(text)
    except AccordError:
        return None


def _refusal(filename: str, unit: RenderingUnit, exc: AccordError) -> ImportFailed:
    """An error met while checking a unit, as a refusal of that unit at its line (naming it)."""
    if isinstance(exc, ImportFailed):
        return exc
    on_target = isinstance(exc.detail, dict) and exc.detail.get("field") == "text"
    line = unit.target_line if on_target else unit.line
    return ImportFailed(filename, line or unit.line or None, N_("Unit “{eid}”: {problem}"), eid=unit.label, problem=exc)


def _stale_detail(tx: Session, planned: _Planned) -> dict[str, object]:
    """What changed in a stale unit's rendering since the file was exported: the words, and the revision now."""
    started = texts_of(tx, {planned.unit.base_revision}).get(planned.unit.base_revision, "")
    return {
        "unit": planned.unit.label,
        "line": planned.unit.line,
        "diff": wire(word_diff(started, planned.item.text)),
        "revision": planned.item.revision,
    }


def _unit(planned: _Planned, *, written: bool) -> UnitReport:
    """A unit planned: `updated` with the state its rendering is saved in, or `unchanged` with the one it has."""
    state = planned.write.state if written and planned.write is not None else planned.item.state
    return UnitReport(
        eid=planned.unit.label, line=planned.unit.line, outcome="updated" if written else "unchanged", state=state
    )


def _report(
    tx: Session,
    process: Process,
    code: str,
    origin: str,
    committee: bool,
    filename: str,
    planned: Sequence[_Planned],
    refusals: Sequence[ImportFailed],
) -> ImportReport:
    """What became of each unit: `updated` (with the state it is saved in), `unchanged`, or `refused` (why)."""
    units = [_unit(p, written=p.write is not None and not refusals) for p in planned]
    units += [
        UnitReport(
            eid=str(exc.params.get("eid", "")),
            line=exc.line,
            outcome="refused",
            state="",
            reason=AccordError.render(exc, i18n.translate),
        )
        for exc in refusals
    ]
    units.sort(key=lambda u: u.line or 0)
    named = {p.unit.label for p in planned} | {str(e.params.get("eid", "")) for e in refusals}
    in_accord = [label_of(row) for row, _ in _to_render(tx, process, code, origin, committee)]
    writes = sum(p.write is not None for p in planned) if not refusals else 0
    return ImportReport(
        language=code,
        version=FILE_VERSION,
        imported=writes,
        unchanged=sum(u.outcome == "unchanged" for u in units),
        outdated=[],
        not_in_file=[label for label in in_accord if label not in named],
        refused=len(refusals),
        saved=not refusals,
        file=filename,
        units=units,
    )


__all__ = ["export_renderings_xliff", "import_renderings_xliff"]
