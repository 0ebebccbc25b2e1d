"""Amendments in the store: finding them, the text they are rebased on, and their views.

The committee rebases onto the working draft, its desk; everyone else onto the latest circulated
version, since the draft is not theirs to read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVarTuple

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.amendments.amendments import (
    AmendmentKind,
    Proposal,
    Rebased,
    RebaseState,
    Status,
    overlap,
    rebase,
    touched,
)
from ...domain.declaration.document import Block
from ...domain.diffing import Patch, Piece, word_diff
from ...domain.errors import N_, NotFound
from ...domain.permissions import Action, allows
from ...domain.series import AMENDMENT_MARK, amendment_label, parse_number, plain_label
from ...domain.vocabulary import Role
from ...store.models import (
    Amendment,
    AmendmentRendering,
    Cosponsor,
    Process,
    RollCall,
    User,
    Version,
)
from ..actor import Actor
from ..declaration.paragraphs import (
    draft_blocks,
    latest_version,
    texts_of,
    version_blocks,
)
from ..declaration.references import refs_in
from ..delegations.records import refs_by_id
from ..delegations.views import DelegationRef
from .views import AmendmentView, RebaseView, RenderingView, RollCallView, SourceView, VoteView

DRAFT = "draft"
Ts = TypeVarTuple("Ts")
# Lists go by number, everyone's series first, then the committee's (D1, D2 …).
ORDER = (Amendment.on_draft, Amendment.number)


def local(moment: datetime, zone: str) -> str:
    """A deadline as the process reads it (in its time zone), in the reader's language, for a message."""
    return i18n.format_datetime(moment, zone, "short")


def readable(query: Select[*Ts], committee: bool) -> Select[*Ts]:
    """Amendments filed on the working draft are the committee's, as the draft is: others never see
    them, in a list, a count or an overlap (nor in their numbers: the draft's are a series apart)."""
    return query if committee else query.where(Amendment.on_draft.is_(False))


def is_committee(role: Role | None, actor: Actor | None) -> bool:
    """Who reads the committee's amendments (those filed on the working draft) and decides them."""
    return allows(role, Action.DECIDE_AMENDMENT, is_admin=bool(actor and actor.is_admin))


def label_of(row: Amendment) -> str:
    """ "A7", or "D3" for the committee's amendments to the working draft (domain.series)."""
    return amendment_label(row.number, row.on_draft)


def subject_of(row: Amendment) -> str:
    """Its activity entries' subject: "amendment:7", "amendment:D3"."""
    return f"amendment:{plain_label(row.number, row.on_draft)}"


def find(tx: Session, process: Process, ref: int | str, committee: bool = True) -> Amendment:
    """Amendment `ref` (7, "A7", "D3"); for readers other than the committee (`committee` False), as if those
    filed on the working draft did not exist."""
    numbered = parse_number(ref, amendment=True)
    row = (
        None
        if numbered is None
        else tx.scalar(
            readable(
                select(Amendment).where(
                    Amendment.process_id == process.id,
                    Amendment.on_draft.is_(numbered.draft),
                    Amendment.number == numbered.number,
                ),
                committee,
            )
        )
    )
    if row is None:
        shown = numbered.label(AMENDMENT_MARK) if numbered is not None else str(ref)
        raise NotFound(N_("No amendment {label} in this process."), label=shown)
    return row


def next_number(tx: Session, process: Process, draft: bool) -> int:
    """The next number of the draft series (`draft`) or everyone's (the caller holds the process lock, so
    two proposals never share one)."""
    return (
        tx.scalar(
            select(func.max(Amendment.number)).where(Amendment.process_id == process.id, Amendment.on_draft.is_(draft))
        )
        or 0
    ) + 1


@dataclass(frozen=True)
class Current:
    """The text amendments are rebased on: the draft's or a version's paragraphs by eId."""

    label: str
    texts: dict[str, str]
    version: Version | None = None  # None: the working draft (or no text at all)

    @classmethod
    def of(cls, label: str, blocks: Iterable[Block], version: Version | None = None) -> Current:
        return cls(label, {b.eid: b.text for b in blocks}, version)


def current_for(tx: Session, process: Process, committee: bool, eids: Collection[str] | None = None) -> Current:
    """The draft (`committee`) or the latest version, whole, or only its paragraphs `eids`: deciding or
    showing one amendment reads its paragraph alone, at the same cost whatever the document's size."""
    if committee:
        return Current.of(DRAFT, draft_blocks(tx, process, eids))
    latest = latest_version(tx, process)
    return Current.of(latest.label, version_blocks(tx, latest, eids=eids), latest) if latest else Current(DRAFT, {})


def proposal_of(row: Amendment, texts: Mapping[str, str] | None = None) -> Proposal:
    """What `row` proposes; its texts from `texts` (by sha, read once for many rows) where given, since rows
    just filed have not loaded theirs."""
    if texts is not None and row.text_sha in texts:
        return Proposal(
            AmendmentKind(row.kind), texts.get(row.base_sha, "") if row.base_sha else None, texts[row.text_sha]
        )
    return Proposal(AmendmentKind(row.kind), row.base.text if row.base else None, row.proposed.text)


def rebased(row: Amendment, current: Current, texts: Mapping[str, str] | None = None) -> Rebased:
    """The amendment on the current text; its patch was made once, at proposal time, so rebasing
    hundreds of amendments never diffs their bases again."""
    patch = Patch.from_text(row.patch) if row.patch else None
    return rebase(
        proposal_of(row, texts), current.texts.get(row.eid), anchor_present=row.eid in current.texts, patch=patch
    )


def source_view(data: dict[str, Any] | None) -> SourceView | None:
    if not data:
        return None
    return SourceView(
        file=data.get("file", ""),
        authors=list(data.get("authors", [])),
        dates=list(data.get("dates", [])),
        key=data.get("key", ""),
        filed_by=data.get("filed_by"),
    )


def _vote(counts: Mapping[str, int], calls: list[RollCallView]) -> VoteView:
    yes, no = int(counts.get("for", 0)), int(counts.get("against", 0))
    return VoteView(yes=yes, no=no, abstain=int(counts.get("abstain", 0)), carried=yes > no, roll_call=calls)


def _refs(
    tx: Session, process: Process | None, rows: Iterable[Amendment], versions: Mapping[int, Version]
) -> dict[int | None, dict[str, str]]:
    """The printed references of the texts `rows` were filed against, by version id (None: the working draft)."""
    if process is None:
        return {}
    wanted = {r.version_id for r in rows}
    return {
        id_: refs_in(
            tx, process, versions[id_] if id_ is not None else None, {r.eid for r in rows if r.version_id == id_}
        )
        for id_ in wanted
        if id_ is None or id_ in versions
    }


def renderings_of(tx: Session, rows: Sequence[Amendment]) -> dict[int, dict[str, RenderingView]]:
    """Each amendment's renderings by language, in one query."""
    ids = [r.id for r in rows]
    if not ids:
        return {}
    found = list(
        tx.execute(
            select(AmendmentRendering, User.name)
            .outerjoin(User, User.id == AmendmentRendering.by_id)
            .where(AmendmentRendering.amendment_id.in_(ids))
        ).all()
    )
    texts = texts_of(tx, {sha for r, _ in found for sha in (r.base_sha, r.text_sha) if sha})
    out: dict[int, dict[str, RenderingView]] = {}
    for rendering, name in found:
        out.setdefault(rendering.amendment_id, {})[rendering.lang] = RenderingView(
            text=texts.get(rendering.text_sha, ""),
            state=rendering.state,
            by=name,
            at=rendering.at,
            outside=rendering.outside,
            ops=list(word_diff(texts.get(rendering.base_sha or "", ""), texts.get(rendering.text_sha, ""))),
        )
    return out


def views(
    tx: Session,
    rows: list[Amendment],
    current: Current | None,
    committee: bool = True,
    unsaved: Mapping[str, str] | None = None,
) -> list[AmendmentView]:
    """Views of `rows`, open ones rebased on `current`, with the overlaps among them (among those the
    reader may see: `committee`, see `readable`); in a fixed number of queries whatever the number of
    amendments. `unsaved`: the texts (by sha) of rows that are not in the store (a preview's)."""
    read = _Read.of(tx, rows, committee, unsaved)
    rebasing = _Rebasing.of(tx, read.process, rows, current, committee, read.texts)
    rendered = renderings_of(tx, rows)
    return [_view(r, read, rebasing.view(r), rendered.get(r.id, {})) for r in rows]


@dataclass(frozen=True)
class _Read:
    """What `views` reads once for all its rows: the delegations, co-sponsors and roll calls, the versions and
    printed references, the numbers of the compromises they were merged into, their texts and deciders."""

    process: Process | None
    delegations: dict[int, DelegationRef]
    cosponsors: defaultdict[int, list[str]]  # their names, by amendment id
    cosponsoring: defaultdict[int, list[DelegationRef]]
    calls: defaultdict[int, list[RollCallView]]
    labels: dict[int, str]  # the versions' labels by id
    refs: dict[int | None, dict[str, str]]  # see `_refs`
    numbers: dict[int, tuple[int, bool]]  # (number, on the draft) by id: the rows' and their compromises'
    decided: dict[str, str]  # the wordings applied, by sha
    texts: dict[str, str]  # the bases and proposals, by sha (the unsaved ones too)
    deciders: dict[int, str]  # names by user id

    @classmethod
    def of(cls, tx: Session, rows: list[Amendment], committee: bool, unsaved: Mapping[str, str] | None) -> _Read:
        process = tx.get(Process, rows[0].process_id) if rows else None
        delegations = refs_by_id(tx, process) if process is not None else {}
        cosponsors, cosponsoring = _cosponsors(tx, rows, delegations)
        calls = _roll_calls(tx, rows, delegations)
        versions = _versions(tx, rows)
        return cls(
            process,
            delegations,
            cosponsors,
            cosponsoring,
            calls,
            labels={id_: v.label for id_, v in versions.items()},
            refs=_refs(tx, process, rows, versions),
            numbers=_numbers(tx, rows, committee),
            decided=texts_of(tx, {r.decided_sha for r in rows if r.decided_sha}),
            texts={**texts_of(tx, {sha for r in rows for sha in (r.base_sha, r.text_sha) if sha}), **(unsaved or {})},
            deciders=_deciders(tx, rows),
        )

    def merged_into(self, row: Amendment) -> tuple[int, bool] | None:
        """The compromise `row` was merged into, if the reader may know it: its number and series."""
        return self.numbers.get(row.merged_into_id) if row.merged_into_id else None

    def language(self, row: Amendment) -> str:
        """The edition `row` was proposed in (none recorded: the source language)."""
        return row.lang or (self.process.source_language if self.process is not None else "")


def _cosponsors(
    tx: Session, rows: list[Amendment], delegations: dict[int, DelegationRef]
) -> tuple[defaultdict[int, list[str]], defaultdict[int, list[DelegationRef]]]:
    """Each row's co-sponsors (their names, in the order they joined) and the delegations they co-sponsor for."""
    ids = [r.id for r in rows]
    cosponsors: defaultdict[int, list[str]] = defaultdict(list)
    cosponsoring: defaultdict[int, list[DelegationRef]] = defaultdict(list)
    if not ids:
        return cosponsors, cosponsoring
    for amendment_id, name, delegation_id in tx.execute(
        select(Cosponsor.amendment_id, User.name, Cosponsor.delegation_id)
        .join(User, User.id == Cosponsor.user_id)
        .where(Cosponsor.amendment_id.in_(ids))
        .order_by(Cosponsor.created_at)
    ):
        cosponsors[amendment_id].append(name)
        if delegation_id in delegations:
            cosponsoring[amendment_id].append(delegations[delegation_id])
    return cosponsors, cosponsoring


def _roll_calls(
    tx: Session, rows: list[Amendment], delegations: dict[int, DelegationRef]
) -> defaultdict[int, list[RollCallView]]:
    """The roll calls of the rows decided by a vote, in the order the delegations were called."""
    calls: defaultdict[int, list[RollCallView]] = defaultdict(list)
    voted = [r.id for r in rows if r.vote]
    if not voted:
        return calls
    for amendment_id, delegation_id, ballot in tx.execute(
        select(RollCall.amendment_id, RollCall.delegation_id, RollCall.ballot)
        .where(RollCall.amendment_id.in_(voted))
        .order_by(RollCall.amendment_id, RollCall.position)
    ):
        if delegation_id in delegations:
            calls[amendment_id].append(RollCallView(delegation=delegations[delegation_id], vote=ballot))
    return calls


def _versions(tx: Session, rows: list[Amendment]) -> dict[int, Version]:
    """The versions the rows were filed against, by id."""
    wanted = {r.version_id for r in rows if r.version_id}
    return {v.id: v for v in tx.scalars(select(Version).where(Version.id.in_(wanted)))}


def _numbers(tx: Session, rows: list[Amendment], committee: bool) -> dict[int, tuple[int, bool]]:
    """The rows' numbers and series by id, and those of the compromises they were merged into that are not among
    them: a compromise is the committee's (made on the draft), so others are not told its number."""
    numbers = {r.id: (r.number, r.on_draft) for r in rows}
    merged = {r.merged_into_id for r in rows if r.merged_into_id} - set(numbers)
    if merged:
        numbers |= {
            id_: (number, draft)
            for id_, number, draft in tx.execute(
                select(Amendment.id, Amendment.number, Amendment.on_draft).where(Amendment.id.in_(merged))
            )
            if committee or not draft
        }
    return numbers


def _deciders(tx: Session, rows: list[Amendment]) -> dict[int, str]:
    """The names of those who decided the rows, by user id."""
    return dict(
        tx.execute(
            select(User.id, User.name).where(User.id.in_({r.decided_by_id for r in rows if r.decided_by_id}))
        ).all()
    )


@dataclass(frozen=True)
class _Rebasing:
    """The open rows on the text they are rebased on (`current`; None: not rebased): how each applies, the open
    amendments changing some of the same words, and where its paragraph stands in that text (renumbered since it was
    filed, it is named otherwise)."""

    current: Current | None
    rebases: dict[int, Rebased]
    overlaps: dict[int, list[tuple[int, bool]]]
    now: dict[str, str]  # the printed references in `current`, by eId

    @classmethod
    def of(
        cls,
        tx: Session,
        process: Process | None,
        rows: list[Amendment],
        current: Current | None,
        committee: bool,
        texts: Mapping[str, str],
    ) -> _Rebasing:
        if current is None:
            return cls(None, {}, {}, {})
        rebases = {r.id: rebased(r, current, texts) for r in rows if r.status == Status.OPEN}
        overlaps = _overlaps(tx, rows, rebases, current, committee)
        now = (
            refs_in(tx, process, current.version, {r.eid for r in rows if r.id in rebases})
            if rebases and process
            else {}
        )
        return cls(current, rebases, overlaps, now)

    def view(self, row: Amendment) -> RebaseView | None:
        """How `row` applies to the current text (None: it is not open, or nothing is rebased)."""
        found = self.rebases.get(row.id)
        if found is None or self.current is None:
            return None
        overlapping = self.overlaps.get(row.id, [])
        return RebaseView(
            state=found.state.value,
            text=found.text,
            ops=list(found.ops),
            overlaps=[n for n, _ in overlapping],
            overlap_labels=[amendment_label(n, d) for n, d in overlapping],
            against=self.current.label,
            ref=self.now.get(row.eid, ""),
            failed=list(found.failed),
        )


def _view(r: Amendment, read: _Read, rebase: RebaseView | None, renderings: dict[str, RenderingView]) -> AmendmentView:
    """One row's view, from what `views` read once for all of them."""
    proposal = proposal_of(r, read.texts)
    into = read.merged_into(r)
    return AmendmentView(
        number=r.number,
        label=label_of(r),
        kind=r.kind,
        eid=r.eid,
        version=read.labels.get(r.version_id, DRAFT) if r.version_id else DRAFT,
        status=r.status,
        ref=read.refs.get(r.version_id, {}).get(r.eid, ""),
        delegation=read.delegations.get(r.delegation_id) if r.delegation_id else None,
        cosponsor_delegations=read.cosponsoring[r.id],
        base_revision=r.base_sha,
        base_text=proposal.base_text,
        text=proposal.text,
        ops=list(proposal.ops()),
        proposer=r.proposer.name if r.proposer else None,
        cosponsors=read.cosponsors[r.id],
        rebase=rebase,
        rationale=r.rationale,
        reason=r.reason,
        decided_by=read.deciders.get(r.decided_by_id) if r.decided_by_id else None,
        decided_at=r.decided_at,
        decided_text=read.decided.get(r.decided_sha) if r.decided_sha else None,
        merged_into=into[0] if into else None,
        merged_into_label=amendment_label(*into) if into else None,
        created_eid=r.created_eid,
        created_at=r.created_at,
        source=source_view(r.source),
        vote=_vote(r.vote, read.calls[r.id]) if r.vote else None,
        lang=read.language(r),
        renderings=renderings,
    )


def _overlaps(
    tx: Session, rows: list[Amendment], rebases: dict[int, Rebased], current: Current | None, committee: bool
) -> dict[int, list[tuple[int, bool]]]:
    """For each open amendment of `rows` that applies, the open ones changing some of the same words: all
    of them, not only those among `rows` (one amendment shown alone, or a filtered list, names the same
    overlaps as the whole list)."""
    if current is None or not rebases:
        return {}
    shown = [r for r in rows if r.id in rebases]
    others = _other_open(tx, shown, rebases, committee)
    everyone = {**rebases, **{r.id: rebased(r, current) for r in others}}
    return _overlapping(_spans([*shown, *others], everyone, current), rebases)


def _other_open(tx: Session, shown: list[Amendment], rebases: dict[int, Rebased], committee: bool) -> list[Amendment]:
    """The open amendments to the paragraphs of `shown` that are not among them (those the reader may see)."""
    return list(
        tx.scalars(
            readable(
                select(Amendment).where(
                    Amendment.process_id == shown[0].process_id,
                    Amendment.status == Status.OPEN.value,
                    Amendment.eid.in_({r.eid for r in shown}),
                    Amendment.id.not_in(list(rebases)),
                ),
                committee,
            )
        )
    )


_Spans = dict[str, list[tuple[Amendment, list[tuple[int, int]]]]]


def _spans(rows: list[Amendment], everyone: Mapping[int, Rebased], current: Current) -> _Spans:
    """By paragraph, the spans of the current text each of `rows` that applies changes (an insert changes none)."""
    spans: _Spans = defaultdict(list)
    for r in rows:
        found = everyone[r.id]
        text = current.texts.get(r.eid)
        if found.state != RebaseState.APPLIES or text is None or r.kind == AmendmentKind.INSERT:
            continue
        spans[r.eid].append((r, touched(text, found.ops)))
    return spans


def _overlapping(spans: _Spans, rebases: Mapping[int, Rebased]) -> dict[int, list[tuple[int, bool]]]:
    """For each amendment asked about (`rebases`), the (number, series) of those whose spans overlap its own, in
    order; pairs of others are not asked."""
    result: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for same in spans.values():
        for i, (a, a_spans) in enumerate(same):
            for b, b_spans in same[i + 1 :]:
                if (a.id in rebases or b.id in rebases) and overlap(a_spans, b_spans):
                    result[a.id].append((b.number, b.on_draft))
                    result[b.id].append((a.number, a.on_draft))
    return {k: sorted(v, key=lambda n: (n[1], n[0])) for k, v in result.items() if k in rebases}


def open_changes(
    tx: Session, process: Process, committee: bool, eids: list[str]
) -> list[tuple[str, str, str, list[Piece]]]:
    """The open amendments to the paragraphs `eids` (those on the draft for the committee only): label, eId, kind,
    and the word diff from the text each was made on to its proposal (what a page of the text marks)."""
    rows = tx.execute(
        readable(
            select(
                Amendment.number,
                Amendment.on_draft,
                Amendment.eid,
                Amendment.kind,
                Amendment.base_sha,
                Amendment.text_sha,
            ).where(Amendment.process_id == process.id, Amendment.status == Status.OPEN.value, Amendment.eid.in_(eids)),
            committee,
        ).order_by(*ORDER)
    ).all()
    texts = texts_of(tx, {sha for row in rows for sha in (row.base_sha, row.text_sha) if sha})
    return [
        (
            amendment_label(row.number, row.on_draft),
            row.eid,
            row.kind,
            list(word_diff(texts.get(row.base_sha, ""), texts.get(row.text_sha, ""))) if row.base_sha else [],
        )
        for row in rows
    ]
