"""Submission windows, delegations' proposals, their compilation into the working draft "in full as submitted", and
the provenance table of a version (domain.submissions)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.brackets.limits import check_limits
from ...domain.declaration.declaration_commands import Circulate, paragraph_text
from ...domain.declaration.declaration_format import match_paragraphs, parse_declaration
from ...domain.declaration.document import PREFIX, Block, Kind, next_eid, revision_id
from ...domain.declaration.draft_changes import EDIT, Insert, Reorder
from ...domain.errors import N_, Conflict, Forbidden, InvalidInput, NotFound, Unsupported
from ...domain.meetings.meetings import MeetingKind
from ...domain.permissions import Action
from ...domain.submissions.caps import file_within_window, read_as_file, within_text, within_window
from ...domain.submissions.submissions import (
    DOCX_MAGIC,
    CompileSubmissions,
    FileProposal,
    OpenWindow,
    Proposal,
    ProposalKind,
    RenderSubmission,
    Submit,
    compiled,
    compiled_order,
    proposals_of_text,
    provenance,
    successors,
    what_file,
    where_it_went,
)
from ...domain.word.word_amendments import read_proposals
from ...store.models import Delegation, Meeting, Process, Submission, SubmissionWindow, User, Version
from ...store.types import utcnow
from ..access import lock_process, process_for, record, stored_id
from ..actor import Actor
from ..declaration.draft import circulate_draft
from ..declaration.paragraphs import draft_blocks, latest_version, used_eids, version_blocks
from ..declaration.references import text_refs
from ..declaration.writes import write_draft
from ..delegations.records import acting_for, named, ref_of
from ..kept import LastUsed
from ..meetings.records import unseen_windows
from ..meetings.slots import slot_answered
from ..pace import Pace, pace
from ..unit import Db, reads, use_case
from .languages import (
    asks_something,
    in_source,
    offer_own_words,
    refuse_waiting,
    render,
    rendering_start,
    written_in,
)
from .views import (
    CompilationView,
    CompiledParagraph,
    SubmissionView,
    WentView,
    WindowView,
)


def _window_view(tx: Session, row: SubmissionWindow) -> WindowView:
    now = utcnow()
    count = tx.scalar(select(func.count(Submission.id)).where(Submission.window_id == row.id)) or 0
    return WindowView(
        number=row.number,
        opens=row.opens_at,
        closes=row.closes_at,
        eids=list(row.eids) if row.eids is not None else None,
        open=row.opens_at <= now < row.closes_at,
        submissions=count,
    )


@use_case
def open_window(tx: Session, actor: Actor | None, slug: str, command: OpenWindow) -> WindowView:
    """The committee opens a window for proposals, on some paragraphs of the latest version or the whole text."""
    process, _ = process_for(tx, slug, actor, Action.NEGOTIATE)
    lock_process(tx, process)
    opens, closes = command.placed(process.timezone)
    latest = latest_version(tx, process)
    if latest is None:
        raise Conflict(N_("No version of this process has been circulated yet."))
    if command.eids is not None:
        known = {b.eid for b in version_blocks(tx, latest)}
        for eid in command.eids:
            if eid not in known:
                raise InvalidInput(
                    N_("No paragraph “{eid}” in {version}."), eid=eid, version=latest.label, detail={"field": "eids"}
                )
    number = (
        tx.scalar(select(func.max(SubmissionWindow.number)).where(SubmissionWindow.process_id == process.id)) or 0
    ) + 1
    row = SubmissionWindow(
        process_id=process.id,
        number=number,
        opens_at=opens,
        closes_at=closes,
        eids=list(command.eids) if command.eids is not None else None,
        created_by_id=stored_id(actor),
    )
    tx.add(row)
    tx.flush()
    record(
        tx,
        actor,
        "submissions.window",
        f"window:{number}",
        process,
        opens=row.opens_at.isoformat(),
        closes=row.closes_at.isoformat(),
    )
    return _window_view(tx, row)


@reads
def list_windows(tx: Session, actor: Actor | None, slug: str) -> list[WindowView]:
    process, role = process_for(tx, slug, actor, Action.READ)
    rows = tx.scalars(
        select(SubmissionWindow)
        .where(SubmissionWindow.process_id == process.id, ~unseen_windows(tx, process, role, actor))
        .order_by(SubmissionWindow.number)
    )
    return [_window_view(tx, row) for row in rows]


@dataclass(frozen=True)
class Chain:
    """A process's versions in order, each one's texts, and the provenance table of each after the first: what a
    proposal is followed through. Versions never change: worked out once per worker for a list of versions."""

    labels: list[str]
    texts: list[dict[str, str]]
    steps: list[dict[str, tuple[str, ...]]]  # steps[i]: where each paragraph of versions[i - 1] went in versions[i]


_CHAINS: LastUsed[tuple[object, ...], Chain] = LastUsed(8)


def _chain(tx: Session, process: Process) -> Chain:
    versions = list(tx.scalars(select(Version).where(Version.process_id == process.id).order_by(Version.number)))

    def work() -> Chain:
        blocks = [version_blocks(tx, v) for v in versions]
        return Chain(
            labels=[v.label for v in versions],
            texts=[{b.eid: b.text for b in bs} for bs in blocks],
            steps=[{}, *(successors(provenance(before, after, {})) for before, after in pairwise(blocks))],
        )

    key = (str(tx.get_bind().engine.url), process.id, *((v.id, v.created_at) for v in versions))
    return _CHAINS.get(key, work)


def _went(tx: Session, process: Process, rows: Sequence[Submission], refs: dict[str, str]) -> dict[int, WentView]:
    """Where each compiled proposal of `rows` is now: followed from the first version holding its paragraph to the
    latest (`refs`: its paragraphs as printed)."""
    compiled = [r for r in rows if r.compiled_eid]
    if not compiled:
        return {}
    chain = _chain(tx, process)
    found: dict[int, WentView] = {}
    for row in compiled:
        eid = row.compiled_eid or ""
        first = next((i for i, texts in enumerate(chain.texts) if eid in texts), None)
        if first is None:
            found[row.number] = WentView(approach="draft", version=None, eids=[], refs=[])
            continue
        went = where_it_went(eid, chain.texts[first][eid], chain.steps[first + 1 :], chain.texts[-1])
        found[row.number] = WentView(
            approach=went.approach,
            version=chain.labels[-1],
            eids=list(went.places),
            refs=[refs.get(place, place) for place in went.places],
        )
    return found


def _view(
    tx: Session,
    process: Process,
    row: Submission,
    refs: dict[str, str],
    window: int,
    went: WentView | None = None,
    blocks: dict[str, Block] | None = None,
) -> SubmissionView:
    delegation = ref_of(tx.get(Delegation, row.delegation_id), process)
    assert delegation is not None  # a stored submission's delegation is kept (deleting it is refused)
    who = tx.get(User, row.filed_by_id) if row.filed_by_id else None
    target = row.after if row.kind == ProposalKind.INSERT else row.eid
    return SubmissionView(
        number=row.number,
        window=window,
        delegation=delegation,
        kind=row.kind,
        eid=row.eid,
        after=row.after,
        ref=refs.get(target or "", target or ""),
        text=row.text,
        filed_by=who.name if who else None,
        filed_at=row.filed_at,
        compiled_eid=row.compiled_eid,
        went=went,
        lang=row.lang or process.source_language,
        source_text=in_source(row),
        source_revision=revision_id(start) if (start := rendering_start(row, blocks or {})) is not None else None,
    )


@use_case
def submit(tx: Session, actor: Actor | None, slug: str, command: Submit, window: int | None = None) -> SubmissionView:
    """A delegation's proposal, in the window open now (or the one named): 409 with the window's dates outside it,
    422 naming a paragraph the window does not open; on behalf of the delegation the person speaks for (the
    committee: any)."""
    return _submitted(tx, actor, slug, [command], window)[0]


def _window(
    tx: Session, process: Process, number: int | None, missing: str, seen: ColumnElement[bool] | None = None
) -> SubmissionWindow:
    """The window `number`, or the latest; 404 saying `missing` when there is none."""
    query = select(SubmissionWindow).where(SubmissionWindow.process_id == process.id)
    if seen is not None:  # the reader's: an informal's slot is no window to those it does not invite
        query = query.where(seen)
    found = (
        tx.scalar(query.where(SubmissionWindow.number == number))
        if number is not None
        else tx.scalar(query.order_by(SubmissionWindow.number.desc()).limit(1))
    )
    if found is None:
        raise NotFound(missing)
    return found


@dataclass(frozen=True)
class _Text:
    """What proposals are made on: the latest version's paragraphs, as printed, and those the window opens (None:
    all)."""

    latest: Version | None
    blocks: dict[str, Block]
    refs: dict[str, str]
    opened: set[str] | None


def _open(tx: Session, process: Process, number: int | None, seen: ColumnElement[bool]) -> SubmissionWindow:
    """The window named (the latest by default), 409 with its dates when it is not open now."""
    chosen = _window(tx, process, number, N_("No submission window is open in this process."), seen)
    if not chosen.opens_at <= utcnow() < chosen.closes_at:
        raise Conflict(
            N_("The submission window is open from {opens} to {closes}: proposals are taken then only."),
            opens=i18n.format_datetime(chosen.opens_at, process.timezone, "short"),  # as the process reads the hour
            closes=i18n.format_datetime(chosen.closes_at, process.timezone, "short"),
            detail={"opens": chosen.opens_at.isoformat(), "closes": chosen.closes_at.isoformat()},
        )
    return chosen


def _on(text: _Text, command: Submit) -> Block:
    """The paragraph the proposal is about (or goes after): 404 if the text has none, 422 if the window does not
    open it."""
    target = (command.after if command.kind == ProposalKind.INSERT else command.eid) or ""
    if target not in text.blocks:
        version = text.latest.label if text.latest else ""
        raise NotFound(N_("No paragraph “{eid}” in {version}."), eid=target, version=version)
    if text.opened is not None and target not in text.opened:
        raise InvalidInput(
            N_("The window does not open {eid} to proposals."),
            eid=text.refs.get(target, target),
            detail={"field": "eid" if command.kind != ProposalKind.INSERT else "after"},
        )
    return text.blocks[target]


def _language(tx: Session, process: Process, text: _Text, command: Submit, block: Block) -> str | None:
    """The edition the proposal is written in (None: the source), once its words are checked as the paragraph's
    would be: it asks something, within the text's limits."""
    lang = written_in(tx, process, text.latest, command)
    asks_something(tx, process, text.latest, command, lang, block)
    if command.kind != ProposalKind.DELETE:
        heading = block.kind == Kind.HEADING  # a proposal on a heading: a paragraph under it
        paragraph_text(
            Kind.PREAMBULAR if heading else block.kind, command.text, block.depth, "" if heading else block.marker
        )
        check_limits([(block.eid, command.text)], lambda eid: text.refs.get(eid, eid))
    return lang


def _submitted(
    tx: Session, actor: Actor | None, slug: str, commands: Sequence[Submit], window: int | None
) -> list[SubmissionView]:
    """Every proposal of `commands` filed, or none: the window, the version and the numbers read once for them all."""
    process, role = process_for(tx, slug, actor, Action.PROPOSE_AMENDMENT)
    pace(tx, actor, Pace.PROPOSAL, weight=len(commands), role=role)
    lock_process(tx, process)
    chosen = _open(tx, process, window, ~unseen_windows(tx, process, role, actor))
    latest = latest_version(tx, process)
    blocks = {b.eid: b for b in version_blocks(tx, latest)} if latest is not None else {}
    text = _Text(latest, blocks, text_refs(tx, process, latest), set(chosen.eids) if chosen.eids is not None else None)
    number = tx.scalar(select(func.max(Submission.number)).where(Submission.process_id == process.id)) or 0
    rows: list[tuple[Submission, str]] = []
    for command in commands:
        delegation = acting_for(tx, process, role, actor, command.delegation.upper() if command.delegation else None)
        if delegation is None:
            raise InvalidInput(
                N_("A proposal is made on behalf of a delegation: you speak for none in this process."),
                detail={"field": "delegation"},
            )
        _asked_of(chosen, delegation.code)
        lang = _language(tx, process, text, command, _on(text, command))
        number += 1
        insert = command.kind == ProposalKind.INSERT
        row = Submission(
            process_id=process.id,
            window_id=chosen.id,
            number=number,
            delegation_id=delegation.id,
            kind=str(command.kind),
            eid=None if insert else command.eid,
            after=command.after if insert else None,
            text=command.text if command.kind != ProposalKind.DELETE else "",
            filed_by_id=stored_id(actor),
            lang=lang,
        )
        rows.append((row, delegation.code))
    _within_window(tx, chosen, rows)
    tx.add_all(row for row, _ in rows)
    tx.flush()
    informal = _of_informal(tx, chosen)  # its slot's: the committee's to read in the activity (the room tells the rest)
    for row, code in rows:
        record(
            tx, actor, "submission.filed", f"submission:{row.number}", process, delegation=code, committee_only=informal
        )
    if chosen.meeting_id is not None:  # a meeting's slot: the room sees what came in
        slot_answered(tx, process, actor, chosen)
    return [_view(tx, process, row, text.refs, chosen.number, blocks=blocks) for row, _ in rows]


def _of_informal(tx: Session, window: SubmissionWindow) -> bool:
    meeting = tx.get(Meeting, window.meeting_id) if window.meeting_id is not None else None
    return meeting is not None and meeting.kind == MeetingKind.INFORMAL


def _asked_of(window: SubmissionWindow, code: str) -> None:
    """403 for a delegation a meeting's slot does not ask (a window of none named asks every delegation)."""
    if window.delegations and code not in window.delegations:
        raise Forbidden(
            N_("This window asks {asked} for a text: {code} is not among them."),
            asked=", ".join(window.delegations),
            code=code,
            detail={"field": "delegation"},
        )


def _within_window(tx: Session, window: SubmissionWindow, rows: Sequence[tuple[Submission, str]]) -> None:
    """Refuse (422) proposals taking a delegation past its cap in the window (counted under the process's lock)."""
    adding = Counter(row.delegation_id for row, _ in rows)
    filed = dict(
        tx.execute(
            select(Submission.delegation_id, func.count(Submission.id))
            .where(Submission.window_id == window.id, Submission.delegation_id.in_(adding))
            .group_by(Submission.delegation_id)
        ).all()
    )
    codes = {row.delegation_id: code for row, code in rows}
    for delegation, count in adding.items():
        within_window(codes[delegation], filed.get(delegation, 0), count)


def submit_file(
    db: Db,
    actor: Actor | None,
    slug: str,
    data: bytes,
    filename: str,
    delegation: str | None,
    window: int | None,
    media_type: str | None = None,
) -> list[SubmissionView]:
    """A delegation's proposals as a file: the version as Word with tracked changes (or rewritten), or as Markdown in
    the drafts format; each difference from the latest version is one proposal, filed together (all or none). 415
    naming what a file of another kind is, or the content type it was sent as when no proposals come in it; 422 for
    a file asking more than a delegation files in a window (refused before the store is written to)."""
    version, blocks = _latest_text(db, actor, slug)
    commands = [
        Submit(
            kind=p.kind,
            text=p.text,
            eid=p.eid if p.kind != ProposalKind.INSERT else None,
            after=p.eid if p.kind == ProposalKind.INSERT else None,
            delegation=delegation,
        )
        for p in _read_file(data, filename, media_type, blocks)
    ]
    if not commands:
        raise InvalidInput(N_("The file asks nothing of {version}: it is the same text."), version=version)
    file_within_window(filename, len(commands))
    return _submit_all(db, actor, slug, commands, window)


@reads
def _latest_text(tx: Session, actor: Actor | None, slug: str) -> tuple[str, list[Block]]:
    process, role = process_for(tx, slug, actor, Action.PROPOSE_AMENDMENT)
    pace(tx, actor, Pace.PROPOSAL, count=False, role=role)  # past the rate, refused before the file is read
    latest = latest_version(tx, process)
    if latest is None:
        raise Conflict(N_("No version of this process has been circulated yet."))
    return latest.label, version_blocks(tx, latest)


def _read_file(data: bytes, filename: str, media_type: str | None, blocks: list[Block]) -> list[FileProposal]:
    if data.startswith(DOCX_MAGIC):
        _, found = read_proposals(data, filename, blocks)
        return [FileProposal(ProposalKind(a.kind.value), a.eid, a.text) for a in found.amendments]
    kind = what_file(data)
    if kind is None:
        read_as_file(filename, media_type)  # what its bytes do not name, its content type may
    try:
        text = data.decode("utf-8") if kind is None else None
    except UnicodeDecodeError:
        text = None
    if text is None:
        raise Unsupported(
            N_("{file} is {what}: proposals come as a Word (.docx) or a Markdown file."),
            file=filename,
            what=i18n.translate(kind or N_("binary data")),
        )
    _, imported = parse_declaration(text, filename)
    matches = match_paragraphs(blocks, imported, {b.eid for b in blocks})
    return proposals_of_text(blocks, [(m.block, m.how) for m in matches])


@use_case
def _submit_all(
    tx: Session, actor: Actor | None, slug: str, commands: list[Submit], window: int | None
) -> list[SubmissionView]:
    return _submitted(tx, actor, slug, commands, window)


@reads
def list_submissions(
    tx: Session,
    actor: Actor | None,
    slug: str,
    window: int | None = None,
    delegation: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[SubmissionView]:
    """The proposals of a window (all of them by default), or of a delegation, in their order; `went` says where
    the words of each compiled one are now."""
    process, role = process_for(tx, slug, actor, Action.READ)
    seen = (SubmissionWindow.process_id == process.id) & ~unseen_windows(tx, process, role, actor)
    windows = {w.id: w.number for w in tx.scalars(select(SubmissionWindow).where(seen))}
    query = select(Submission).where(Submission.window_id.in_(windows)).order_by(Submission.number)
    if window is not None:
        query = query.where(Submission.window_id.in_([i for i, n in windows.items() if n == window]))
    if delegation:
        query = query.where(Submission.delegation_id == named(tx, process, delegation.strip().upper()).id)
    latest = latest_version(tx, process)
    refs = text_refs(tx, process, latest)
    rows = list(tx.scalars(query.limit(limit).offset(offset)))
    went = _went(tx, process, rows, refs)
    # The source paragraphs a rendering of a proposal written in another edition starts from: only theirs are read.
    wanted = {r.eid for r in rows if r.lang is not None and r.eid and r.source_text is None}
    blocks = {b.eid: b for b in version_blocks(tx, latest, eids=wanted)} if latest is not None and wanted else {}
    return [_view(tx, process, row, refs, windows[row.window_id], went.get(row.number), blocks=blocks) for row in rows]


@use_case
def render_submission(
    tx: Session, actor: Actor | None, slug: str, number: int, command: RenderSubmission
) -> SubmissionView:
    """The committee renders proposal `number`, written in another edition, into the source language (what the
    compilation takes), on the rendering it started from: 409 with the diff when it changed since."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    lock_process(tx, process)
    row = tx.scalar(select(Submission).where(Submission.process_id == process.id, Submission.number == number))
    if row is None:
        raise NotFound(N_("No proposal {number} in this process."), number=number)
    latest = latest_version(tx, process)
    blocks = {b.eid: b for b in version_blocks(tx, latest)} if latest is not None else {}
    render(tx, actor, process, row, blocks, command.text, command.base_revision)
    tx.flush()
    window = tx.get(SubmissionWindow, row.window_id)
    assert window is not None  # a submission's window is kept with it
    return _view(tx, process, row, text_refs(tx, process, latest), window.number, blocks=blocks)


@reads
def submission_counts(tx: Session, actor: Actor | None, slug: str) -> dict[str, int]:
    """How many proposals each delegation filed (by code), in the order of the codes."""
    process, role = process_for(tx, slug, actor, Action.READ)
    return dict(
        tx.execute(
            select(Delegation.code, func.count(Submission.id))
            .join(Submission, Submission.delegation_id == Delegation.id)
            .join(SubmissionWindow, SubmissionWindow.id == Submission.window_id)
            .where(Submission.process_id == process.id, ~unseen_windows(tx, process, role, actor))
            .group_by(Delegation.code)
            .order_by(Delegation.code)
        ).all()
    )


@use_case
def compile_submissions(tx: Session, actor: Actor | None, slug: str, command: CompileSubmissions) -> CompilationView:
    """The proposals of `command.window` (the latest) not compiled yet, each added to the working draft in full as
    submitted after the paragraph it is about (its delegation named after it), in the text's order then by
    delegation; with `command.circulate`, the compilation circulates as a version of that label."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_DRAFT)
    lock_process(tx, process)
    chosen = _window(tx, process, command.window, N_("No submission window in this process."))
    rows = list(
        tx.scalars(
            select(Submission)
            .where(Submission.window_id == chosen.id, Submission.compiled_eid.is_(None))
            .order_by(Submission.number)
        )
    )
    refuse_waiting(process, rows)
    codes = {d.id: d.code for d in tx.scalars(select(Delegation).where(Delegation.process_id == process.id))}
    blocks = draft_blocks(tx, process)
    proposals = [Proposal(r.number, r.kind, r.eid, r.after, in_source(r) or "", codes[r.delegation_id]) for r in rows]
    added = compiled(blocks, proposals, process.source_language)
    within_text(len(blocks), len(added))
    created = _fresh_eids(tx, process, [c.kind for c in added])
    # Every paragraph added with its eId, then the whole order at once: no place worked out one insert at a time.
    changes: list[Insert | Reorder] = [
        Insert(c.kind, c.text, c.after, eid=eid, depth=c.depth, marker=c.marker)
        for c, eid in zip(added, created, strict=True)
    ]
    if added:
        changes.append(Reorder(tuple(compiled_order(blocks, added, created))))
        write_draft(tx, process, actor, changes, EDIT, note=f"compilation {chosen.number}")
    by_number = {r.number: r for r in rows}
    for c, eid in zip(added, created, strict=True):
        by_number[c.number].compiled_eid = eid
        offer_own_words(tx, process, by_number[c.number], eid, c.text, codes[by_number[c.number].delegation_id])
    record(tx, actor, "submissions.compiled", f"window:{chosen.number}", process, on_draft=True, count=len(created))
    tx.flush()
    version = None
    if command.circulate:
        version = circulate_draft(tx, actor, process, Circulate(label=command.circulate)).label
    refs = text_refs(tx, process, None if version is None else latest_version(tx, process))
    return CompilationView(
        window=chosen.number,
        paragraphs=[
            CompiledParagraph(
                eid=eid,
                ref=refs.get(eid, eid),
                submission=c.number,
                delegation=codes[by_number[c.number].delegation_id],
                text=c.text,
            )
            for c, eid in zip(added, created, strict=True)
        ],
        version=version,
    )


def _fresh_eids(tx: Session, process: Process, kinds: Sequence[Kind]) -> list[str]:
    """New eIds for paragraphs of `kinds`, after every eId the process ever had (never given twice)."""
    used = used_eids(tx, process)
    highest: dict[Kind, int] = {}
    made = []
    for kind in kinds:
        if kind not in highest:
            highest[kind] = int(next_eid(kind, used).rsplit("_", 1)[1]) - 1
        highest[kind] += 1
        made.append(f"{PREFIX[kind]}_{highest[kind]}")
    return made
