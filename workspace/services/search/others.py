"""Hits other than paragraphs: amendments, comment threads, submissions, recommendations, positions' notes — each
only where the reader may read it (the committee's series, an informal's slot, another delegation's positions are
left out as their own lists leave them out), one hit per item (a thread: per thread)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.search.matching import score
from ...domain.search.query import Query
from ...domain.series import AMENDMENT_MARK, DRAFT_MARK, amendment_label
from ...store.models import Amendment, Delegation, Position, Submission, SubmissionWindow, Thread, Version
from ..declaration.naming import paragraph_name
from ..declaration.paragraphs import latest_version
from ..meetings.records import unseen_windows
from ..positions.positions import on_circulated
from ..positions.records import visible
from ..submissions.views import PROPOSALS_PAGE
from .scopes import Scope


@dataclass
class OtherHit:
    scope: Scope
    kind: str
    item: str  # the item's key: an amendment's "7", a thread's "12", a recommendation's ref …
    score: int
    row: Row[Any]


def found(tx: Session, scope: Scope, kind: str, rows: Sequence[Row[Any]], query: Query) -> list[OtherHit]:
    """The items of `kind` among `rows` (one process's candidates) the reader may read that hold the query."""
    hidden = _HIDDEN[kind](tx, scope)
    hits: dict[str, OtherHit] = {}
    for row in rows:
        item = row.key.split("/")[0] if kind == "thread" else row.key
        if hidden(item, row.key):
            continue
        points = score(query, row.words, row.keys, row.text, row.language)
        if points and (item not in hits or points > hits[item].score):
            hits[item] = OtherHit(scope, kind, item, points, row)
    return list(hits.values())


Hidden = Callable[[str, str], bool]


def _committee_series(_tx: Session, scope: Scope) -> Hidden:
    """Amendments and threads: the committee's (on the working draft, "D3") for the committee alone."""
    return lambda item, _key: not scope.committee and item.startswith(DRAFT_MARK)


def _submissions(tx: Session, scope: Scope) -> Hidden:
    """A delegation's proposal in an informal's slot, for those the informal invites."""
    process = scope.process
    unseen = {
        str(n)
        for n in tx.scalars(
            select(Submission.number)
            .join(SubmissionWindow, SubmissionWindow.id == Submission.window_id)
            .where(Submission.process_id == process.id, unseen_windows(tx, process, scope.role, scope.actor))
        )
    }
    return lambda item, _key: item in unseen


def _positions(tx: Session, scope: Scope) -> Hidden:
    """Positions: every delegation's, or one's own, as the process says; for anyone but the committee, none on what
    the working draft alone holds (an amendment to it, a paragraph that never left it), as their list shows them."""
    query = visible(tx, select(Position), scope.process, scope.role, scope.actor).where(
        Position.process_id == scope.process.id
    )
    rows = list(tx.scalars(query))
    seen = {str(row.id) for row in (rows if scope.committee else on_circulated(tx, scope.process, rows))}
    return lambda item, _key: item not in seen


_HIDDEN: dict[str, Callable[[Session, Scope], Hidden]] = {
    "amendment": _committee_series,
    "thread": _committee_series,
    "recommendation": lambda _tx, _scope: lambda _item, _key: False,
    "submission": _submissions,
    "position": _positions,
}


def reading(tx: Session, hit: OtherHit) -> dict[str, Any]:
    """How the hit is named and where it opens, in the reader's language."""
    slug, item = hit.scope.process.slug, hit.item
    if hit.kind == "amendment":
        label = item if item.startswith(DRAFT_MARK) else AMENDMENT_MARK + item
        draft = item.startswith(DRAFT_MARK)
        eid = tx.scalar(
            select(Amendment.eid).where(
                Amendment.process_id == hit.scope.process.id,
                Amendment.on_draft.is_(draft),
                Amendment.number == int(item.removeprefix(DRAFT_MARK)),
            )
        )
        return {"ref": label, "number": label, "eid": eid, "url": f"/p/{slug}/amendments/{label}"}
    if hit.kind == "thread":
        eid, version_id = tx.execute(
            select(Thread.eid, Thread.version_id).where(
                Thread.process_id == hit.scope.process.id,
                Thread.on_draft.is_(item.startswith(DRAFT_MARK)),
                Thread.number == int(item.removeprefix(DRAFT_MARK)),
            )
        ).one()
        version = tx.get(Version, version_id) if version_id is not None else None  # None: the draft's (committee's)
        on = paragraph_name(tx, hit.scope.process, eid, version)
        ref = i18n.gettext("thread %(number)s on %(ref)s", number=item, ref=on)
        return {"ref": ref, "number": item, "eid": eid, "url": f"/p/{slug}/threads/{item}"}
    if hit.kind == "submission":
        ref = i18n.gettext("proposal %(number)s", number=item)
        return {"ref": ref, "number": item, "url": _proposal_url(tx, hit.scope, int(item))}
    if hit.kind == "position":
        code, eid, number, on_draft = tx.execute(
            select(Delegation.code, Position.eid, Amendment.number, Amendment.on_draft)
            .join(Delegation, Delegation.id == Position.delegation_id)
            .outerjoin(Amendment, Amendment.id == Position.amendment_id)
            .where(Position.id == int(item))
        ).one()
        if number is not None:  # on an amendment: as its series prints it
            on = amendment_label(number, on_draft)
        else:  # on a paragraph: as the committee reads it in the draft, everyone else where it last circulated
            process = hit.scope.process
            on = paragraph_name(tx, process, eid, None if hit.scope.committee else latest_version(tx, process))
        ref = i18n.gettext("%(delegation)s on %(ref)s", delegation=code, ref=on)
        return {"ref": ref, "eid": eid, "url": f"/p/{slug}/consensus"}
    return {"ref": item, "url": f"/p/{slug}/recommendations/{item}"}


def _proposal_url(tx: Session, scope: Scope, number: int) -> str:
    """Where a proposal shows: its delegation's list of proposals, at the page that holds it (as the reader's list
    pages it: the windows they may see, by number), at its row."""
    process = scope.process
    code, delegation_id = tx.execute(
        select(Delegation.code, Submission.delegation_id)
        .join(Delegation, Delegation.id == Submission.delegation_id)
        .where(Submission.process_id == process.id, Submission.number == number)
    ).one()
    before = tx.scalar(
        select(func.count())
        .select_from(Submission)
        .join(SubmissionWindow, SubmissionWindow.id == Submission.window_id)
        .where(
            Submission.process_id == process.id,
            Submission.delegation_id == delegation_id,
            Submission.number < number,
            ~unseen_windows(tx, process, scope.role, scope.actor),
        )
    )
    page = (before or 0) // PROPOSALS_PAGE + 1
    query = urlencode({"delegation": code, **({"page": page} if page > 1 else {})})
    return f"/p/{process.slug}/submissions?{query}#s{number}"
