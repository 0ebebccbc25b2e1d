"""How the negotiation stands: paragraph statuses, the dashboard, amendment deadlines, silence procedures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.amendments.amendment_commands import (
    Objection,
    SetDeadline,
    SetParagraphStatus,
    SetParagraphStatuses,
    StartSilence,
)
from ...domain.amendments.amendments import Status
from ...domain.amendments.negotiation import HOLDING_BACK, NegotiationStatus, brackets, choosing
from ...domain.declaration.document import Block, numbering
from ...domain.errors import N_, Conflict, Forbidden, NotFound
from ...domain.permissions import Action
from ...store.models import (
    Amendment,
    AmendmentPeriod,
    Paragraph,
    ParagraphStatus,
    Process,
    Silence,
    Version,
)
from ...store.models import Objection as ObjectionRow
from ...store.types import utcnow
from ..access import process_for, record, stored_id
from ..actor import Actor
from ..declaration.paragraphs import (
    draft_blocks,
    find_version,
    latest_version,
    registered,
    version_blocks,
)
from ..declaration.references import refs_in, text_refs
from ..pace import Pace, pace
from ..unit import reads, use_case
from .records import is_committee, local, readable
from .views import DashboardView, ObjectionView, SilenceView, StatusView


@use_case
def set_paragraph_status(
    tx: Session, actor: Actor | None, slug: str, eid: str, command: SetParagraphStatus
) -> StatusView:
    process, _ = process_for(tx, slug, actor, Action.NEGOTIATE)
    if registered(tx, process, eid) is None:
        raise NotFound(N_("No paragraph “{eid}” in this process."), eid=eid)
    return _status_views(tx, process, [status_set(tx, actor, process, eid, command)])[0]


@use_case
def set_paragraph_statuses(
    tx: Session, actor: Actor | None, slug: str, command: SetParagraphStatuses
) -> list[StatusView]:
    """One status for many paragraphs (marking a page of them agreed): all of them, or none if one is unknown."""
    process, _ = process_for(tx, slug, actor, Action.NEGOTIATE)
    known = set(
        tx.scalars(select(Paragraph.eid).where(Paragraph.process_id == process.id, Paragraph.eid.in_(command.eids)))
    )
    unknown = [eid for eid in command.eids if eid not in known]
    if unknown:
        raise NotFound(N_("No paragraph “{eid}” in this process."), eid=unknown[0], detail={"unknown": unknown})
    return _status_views(tx, process, [status_set(tx, actor, process, eid, command) for eid in command.eids])


def status_set(
    tx: Session, actor: Actor | None, process: Process, eid: str, command: SetParagraphStatus | SetParagraphStatuses
) -> ParagraphStatus:
    row = tx.get(ParagraphStatus, (process.id, eid))
    if row is None:
        row = ParagraphStatus(process_id=process.id, eid=eid)
        tx.add(row)
    row.status, row.note, row.set_by_id, row.set_at = str(command.status), command.note, stored_id(actor), utcnow()
    record(tx, actor, "paragraph.status", f"paragraph:{eid}", process, status=str(command.status))
    return row


def _status_views(tx: Session, process: Process, rows: list[ParagraphStatus]) -> list[StatusView]:
    """What the dashboard then says of the paragraphs whose status was set (the committee's, on the working draft):
    their references, brackets and open amendments, read once for them all."""
    tx.flush()
    eids = {r.eid for r in rows}
    refs = refs_in(tx, process, None, eids)
    texts = {b.eid: b.text for b in draft_blocks(tx, process, eids)}
    still_open = dict(
        tx.execute(
            select(Amendment.eid, func.count())
            .where(Amendment.process_id == process.id, Amendment.eid.in_(eids), Amendment.status == Status.OPEN)
            .group_by(Amendment.eid)
        ).all()
    )
    return [
        StatusView(
            eid=r.eid,
            number=None,
            ref=refs.get(r.eid, ""),
            status=r.status,
            note=r.note,
            brackets=brackets(texts.get(r.eid, "")),
            open_amendments=int(still_open.get(r.eid, 0)),
        )
        for r in rows
    ]


@reads
def dashboard(tx: Session, actor: Actor | None, slug: str) -> DashboardView:
    """Counts per status, and the paragraphs that hold the text back: of the working draft for the
    committee, of the latest version for everyone else."""
    process, role = process_for(tx, slug, actor, Action.READ)
    latest = latest_version(tx, process)
    committee = is_committee(role, actor)
    blocks = draft_blocks(tx, process) if committee else (version_blocks(tx, latest) if latest else [])
    statuses = {r.eid: r for r in tx.scalars(select(ParagraphStatus).where(ParagraphStatus.process_id == process.id))}
    open_counts = _open_counts(tx, process, committee)
    numbers = numbering(blocks)
    refs = text_refs(tx, process, None if committee else latest) if blocks else {}
    options = choosing(blocks)
    views = [_paragraph_view(b, statuses.get(b.eid), b.eid in options, numbers, refs, open_counts) for b in blocks]
    counts = Counter(v.status for v in views)
    period = tx.get(AmendmentPeriod, latest.id) if latest else None
    return DashboardView(
        counts={s.value: counts.get(s.value, 0) for s in NegotiationStatus},
        holding_back=[v for v in views if _holds_back(v, options)],
        paragraphs=views,
        deadline=period.deadline if period else None,
        silence=_silence_view(tx, process),
    )


def _open_counts(tx: Session, process: Process, committee: bool) -> dict[str, int]:
    """The number of open amendments to each paragraph, by eId (those the reader may see: see `readable`)."""
    return dict(
        tx.execute(
            readable(
                select(Amendment.eid, func.count()).where(
                    Amendment.process_id == process.id, Amendment.status == Status.OPEN
                ),
                committee,
            ).group_by(Amendment.eid)
        ).all()
    )


def _paragraph_view(
    b: Block,
    row: ParagraphStatus | None,
    has_options: bool,
    numbers: dict[str, int],
    refs: dict[str, str],
    open_counts: dict[str, int],
) -> StatusView:
    """Where one paragraph stands: the status set for it, else bracketed (brackets or options in it) or open."""
    found = brackets(b.text)
    bracketed = bool(found) or has_options
    status = row.status if row else (NegotiationStatus.BRACKETED.value if bracketed else NegotiationStatus.OPEN.value)
    return StatusView(
        eid=b.eid,
        number=numbers.get(b.eid),
        ref=refs.get(b.eid, ""),
        status=status,
        note=row.note if row else "",
        brackets=found,
        open_amendments=open_counts.get(b.eid, 0),
    )


def _holds_back(view: StatusView, options: Collection[str]) -> bool:
    """A paragraph holds the text back while not agreed, bracketed, amended or offering options."""
    return bool(view.status in HOLDING_BACK or view.brackets or view.open_amendments or view.eid in options)


@use_case
def set_deadline(tx: Session, actor: Actor | None, slug: str, ref: str, command: SetDeadline) -> DashboardView:
    """The date after which only the committee files amendments against version `ref`."""
    process, _ = process_for(tx, slug, actor, Action.NEGOTIATE)
    version = find_version(tx, process, ref)
    deadline = command.at(process.timezone)
    row = tx.get(AmendmentPeriod, version.id)
    if row is None:
        tx.add(AmendmentPeriod(version_id=version.id, deadline=deadline, set_by_id=stored_id(actor)))
    else:
        row.deadline, row.set_by_id, row.set_at = deadline, stored_id(actor), utcnow()
    record(tx, actor, "version.deadline", f"version:{version.number}", process, deadline=deadline.isoformat())
    tx.flush()
    return dashboard(tx, actor, slug)


def _silence(tx: Session, process: Process) -> Silence | None:
    return tx.scalar(select(Silence).where(Silence.process_id == process.id).order_by(Silence.id.desc()).limit(1))


def _silence_view(tx: Session, process: Process) -> SilenceView | None:
    silence = _silence(tx, process)
    if silence is None:
        return None
    version = tx.get(Version, silence.version_id)
    objections = [
        ObjectionView(by=o.user.name if o.user else None, text=o.text, at=o.created_at)
        for o in tx.scalars(select(ObjectionRow).where(ObjectionRow.silence_id == silence.id).order_by(ObjectionRow.id))
    ]
    state = "running" if utcnow() < silence.deadline else ("broken" if objections else "adopted")
    return SilenceView(
        version=version.label if version else "", deadline=silence.deadline, state=state, objections=objections
    )


@use_case
def start_silence(tx: Session, actor: Actor | None, slug: str, command: StartSilence) -> SilenceView:
    """The committee puts the command's version under silence until its deadline."""
    process, _ = process_for(tx, slug, actor, Action.NEGOTIATE)
    version = find_version(tx, process, command.version)
    running = _silence(tx, process)
    if running is not None and utcnow() < running.deadline:
        raise Conflict(
            N_("A silence procedure is already running until {deadline} ({zone})."),
            deadline=local(running.deadline, process.timezone),
            zone=i18n.zone_time(process.timezone),
        )
    deadline = command.at(process.timezone)
    if deadline <= utcnow():
        raise Conflict(N_("The end of the silence procedure must be in the future."))
    tx.add(Silence(process_id=process.id, version_id=version.id, deadline=deadline, started_by_id=stored_id(actor)))
    record(tx, actor, "silence.started", f"version:{version.number}", process, deadline=deadline.isoformat())
    tx.flush()
    view = _silence_view(tx, process)
    assert view is not None
    return view


@use_case
def object_to_silence(tx: Session, actor: Actor | None, slug: str, command: Objection) -> SilenceView:
    """A written objection breaks the silence, if lodged before its deadline."""
    process, _ = process_for(tx, slug, actor, Action.OBJECT)
    pace(tx, actor, Pace.OBJECTION)
    silence = _silence(tx, process)
    if silence is None:
        raise NotFound(N_("No silence procedure in this process."))
    if utcnow() >= silence.deadline:
        raise Forbidden(
            N_("The silence procedure ended on {deadline} ({zone}): objections are closed."),
            deadline=local(silence.deadline, process.timezone),
            zone=i18n.zone_time(process.timezone),
        )
    tx.add(ObjectionRow(silence_id=silence.id, user_id=stored_id(actor), text=command.text))
    record(tx, actor, "silence.objection", f"silence:{silence.id}", process)
    tx.flush()
    view = _silence_view(tx, process)
    assert view is not None
    return view


@reads
def get_silence(tx: Session, actor: Actor | None, slug: str) -> SilenceView | None:
    """The last silence procedure of the process, or None if there never was one."""
    process, _ = process_for(tx, slug, actor, Action.READ)
    return _silence_view(tx, process)
