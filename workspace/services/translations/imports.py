"""What every translation import shares, XLIFF or Markdown: each unit of the file checked as the
editor checks a save, a report on every unit, and the writes, all of them or none.

A unit the file gives back as it is stored writes nothing (no activity, no change of `updated_at`)
and keeps its state; see `imported_state` for what a file may change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import msgspec
from sqlalchemy import update
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.declaration.document import revision_id
from ...domain.errors import N_, AccordError, Conflict, ImportFailed, ImportRefused
from ...domain.translations.translations import State, Stored, imported_state
from ...domain.values import MAX_TEXT, text_value
from ...store.memory_index import remember
from ...store.models import Process, Translation
from ...store.types import utcnow
from ..access import record, stored_id
from ..actor import Actor
from ..declaration.paragraphs import store_revision, store_revisions
from ..declaration.references import text_refs
from ..declaration.sides import Side
from .records import current, translations_of
from .views import ImportReport, UnitReport


@dataclass(frozen=True)
class Unit:
    """One checked unit of a file: the translation it brings of paragraph `eid`, made from `made_from`."""

    eid: str
    line: int
    made_from: str  # the source revision
    text: str | None  # None: the file brings no translation of it
    claimed: Stored | None  # the state the file claims; None: it claims none
    outdated: bool = False  # made from an earlier source text than the version's


def target_text(raw: str) -> str:
    """A translation as the editor saves it: NFC, LF line ends, no control character, trimmed, at most
    MAX_TEXT characters (422 otherwise)."""
    return text_value(raw, "text", limit=MAX_TEXT)


def refusal(file: str, line: int | None, eid: str, exc: AccordError) -> ImportFailed:
    """An error met while checking a unit, as a refusal of that unit at `line`."""
    if isinstance(exc, ImportFailed):
        return exc
    return ImportFailed(file, line or None, exc.message, **{**exc.params, "eid": eid})


# A unit to write: the row it was read with (None: its first translation from that source) and its new state.
_Write = tuple[Unit, Translation | None, Stored]


def apply(
    tx: Session,
    process: Process,
    actor: Actor,
    code: str,
    on: Side,
    file: str,
    units: Sequence[Unit],
    refusals: Sequence[ImportFailed],
    reviewer: bool,
) -> ImportReport:
    """Report on every unit; with no refusal, write the ones that change (a compare-and-set each on the
    translation as it was read), else raise ImportRefused with the report and write nothing."""
    rows = translations_of(tx, process, code, [b.eid for b in on.blocks])
    now = {b.eid: revision_id(b.text) for b in on.blocks}
    # With a unit refused, nothing is written: every other one stays as it is.
    writes, reports = _outcomes(units, rows, now, reviewer, written=not refusals)
    reports.extend(_refused(exc, rows, now) for exc in refusals)
    reports.sort(key=lambda r: r.line or 0)
    refs = text_refs(tx, process, on.version)
    report = _report(code, on, file, units, refusals, writes, reports, refs)
    if refusals:
        raise ImportRefused(sorted(refusals, key=lambda e: e.line or 0), msgspec.to_builtins(report))
    _write_all(tx, process, actor, code, writes, refs)
    if writes:
        record(
            tx,
            actor,
            "translation.imported",
            f"process:{process.slug}",
            process,
            language=code,
            file=file,
            units=len(writes),
            on_draft=on.version is None,
        )
    return report


def _outcomes(
    units: Sequence[Unit], rows: dict[str, list[Translation]], now: dict[str, str], reviewer: bool, written: bool
) -> tuple[list[_Write], list[UnitReport]]:
    """The units that change their translation (none unless `written`) and a report on each unit: updated, or
    unchanged in the state its paragraph reads in now (`now`: each paragraph's source revision)."""
    writes: list[_Write] = []
    reports: list[UnitReport] = []
    for unit in units:
        row = next((r for r in rows.get(unit.eid, []) if r.source_sha == unit.made_from), None)
        state = _imported(unit, row, reviewer)
        if state is not None and written:
            writes.append((unit, row, state))
            shown = state.value if not unit.outdated else State.OUTDATED.value
            reports.append(UnitReport(eid=unit.eid, line=unit.line, outcome="updated", state=shown))
        else:
            stays = _state_now(rows, now, unit.eid)
            reports.append(UnitReport(eid=unit.eid, line=unit.line, outcome="unchanged", state=stays))
    return writes, reports


def _imported(unit: Unit, row: Translation | None, reviewer: bool) -> Stored | None:
    """The state `unit` saves its translation in over `row` (its translation from the same source, if any); None: it
    brings none, or gives it back as it is stored."""
    if unit.text is None:
        return None
    same_text = row is not None and row.text_sha == revision_id(unit.text)
    return imported_state(Stored(row.state) if row is not None else None, same_text, unit.claimed, reviewer)


def _state_now(rows: dict[str, list[Translation]], now: dict[str, str], eid: str) -> str:
    """The state paragraph `eid`'s translation reads in with the source revision it has now."""
    return current(rows.get(eid, []), now[eid])[1].value


def _refused(exc: ImportFailed, rows: dict[str, list[Translation]], now: dict[str, str]) -> UnitReport:
    """The report on a refused unit: why, and the state its paragraph's translation stays in."""
    eid = str(exc.params.get("eid", ""))
    stays = _state_now(rows, now, eid) if eid in now else ""
    return UnitReport(
        eid=eid, line=exc.line, outcome="refused", state=stays, reason=AccordError.render(exc, i18n.translate)
    )


def _report(
    code: str,
    on: Side,
    file: str,
    units: Sequence[Unit],
    refusals: Sequence[ImportFailed],
    writes: list[_Write],
    reports: list[UnitReport],
    refs: dict[str, str],
) -> ImportReport:
    """The import's report: its counts, the paragraphs the file does not name, each unit's report and the printed
    references of the paragraphs it speaks of."""
    named = {u.eid for u in units} | {str(e.params.get("eid")) for e in refusals}
    not_in_file = [b.eid for b in on.blocks if b.eid not in named]
    return ImportReport(
        language=code,
        version=on.label,
        imported=len(writes),
        unchanged=sum(r.outcome == "unchanged" for r in reports),
        outdated=[u.eid for u, _, _ in writes if u.outdated],
        not_in_file=not_in_file,
        refused=len(refusals),
        saved=not refusals,
        file=file,
        units=reports,
        refs={eid: refs[eid] for eid in [*named, *not_in_file] if eid in refs},
    )


def _write_all(
    tx: Session, process: Process, actor: Actor, code: str, writes: list[_Write], refs: dict[str, str]
) -> None:
    """Every write, the new rows' source words indexed for the memory."""
    store_revisions(
        tx, [unit.text for unit, _, _ in writes if unit.text is not None]
    )  # in two queries, not two per unit
    made = [
        made
        for unit, row, state in writes
        if (made := _write(tx, process, actor, code, unit, row, state, refs.get(unit.eid) or unit.eid)) is not None
    ]
    tx.flush()
    remember(tx, made)


def _write(
    tx: Session,
    process: Process,
    actor: Actor,
    code: str,
    unit: Unit,
    row: Translation | None,
    state: Stored,
    named: str,
) -> Translation | None:
    """Write one unit (its paragraph `named` as printed, for a message): the new row it made, if any."""
    assert unit.text is not None
    text_sha = store_revision(tx, unit.text)
    moment = utcnow()
    # An approval names its reviewer; any other write of a translation clears the last review, as a save does.
    review = (
        {"reviewed_by_id": stored_id(actor), "reviewed_at": moment, "note": ""}
        if state == Stored.APPROVED
        else {"reviewed_by_id": None, "reviewed_at": None}
    )
    if row is None:
        # Two first translations at once: the unique (eid, language, source) lets one in, the other gets 409.
        new = Translation(
            process_id=process.id,
            eid=unit.eid,
            language=code,
            source_sha=unit.made_from,
            text_sha=text_sha,
            state=state.value,
            updated_by_id=stored_id(actor),
            updated_at=moment,
            **review,
        )
        tx.add(new)
        return new
    changed = tx.execute(
        update(Translation)
        .where(Translation.id == row.id, Translation.text_sha == row.text_sha, Translation.state == row.state)
        .values(
            text_sha=text_sha,
            state=state.value,
            updated_by_id=stored_id(actor),
            updated_at=moment,
            checked_sha=None,
            **review,
        )
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if changed != 1:
        raise Conflict(
            N_("The translation of {eid} was saved by someone else since you opened it: look at it again."),
            eid=named,
        )
    return None


__all__ = ["Unit", "apply", "refusal", "target_text"]
