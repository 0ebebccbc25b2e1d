"""Votes in the room: the facilitator puts a paragraph or an amendment to the vote; each delegation present votes
for itself from its delegate's page (a second vote replaces the first until the vote closes); one vote open at a
time. A recorded vote names each delegation's. Closed on an amendment still open, the result is the amendment's
vote as the voting list records one (its counts and roll call), for the decision that follows."""

from __future__ import annotations

from collections import Counter

import msgspec
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.amendments.votes import Ballot as RollBallot
from ...domain.amendments.votes import Vote
from ...domain.errors import N_, Conflict, Forbidden, NotFound
from ...domain.meetings.meetings import CastBallot, OpenVote
from ...store.models import Amendment, Delegation, MeetingBallot, MeetingVote
from ...store.types import utcnow
from ..access import stored_id
from ..actor import Actor
from ..amendments.decisions import record_vote
from ..amendments.records import find as find_amendment
from ..amendments.records import label_of
from ..delegations.records import named
from ..unit import reads, use_case
from .records import InRoom, happened, in_room
from .texts import in_scope, refs
from .views import RoomVoteView

_ROLL = {"yes": RollBallot.FOR, "no": RollBallot.AGAINST, "abstain": RollBallot.ABSTAIN}


def _ballots(tx: Session, vote: MeetingVote) -> list[tuple[str, str]]:
    return [
        (code, ballot)
        for code, ballot in tx.execute(
            select(Delegation.code, MeetingBallot.vote)
            .join(Delegation, Delegation.id == MeetingBallot.delegation_id)
            .where(MeetingBallot.vote_id == vote.id)
            .order_by(Delegation.code)
        ).all()
    ]


def vote_view(tx: Session, room: InRoom, vote: MeetingVote) -> RoomVoteView:
    cast = _ballots(tx, vote)
    counted = Counter(ballot for _, ballot in cast)
    yes, no, abstain = counted["yes"], counted["no"], counted["abstain"]
    if vote.amendment_id is not None:
        amendment = tx.get(Amendment, vote.amendment_id)
        on: dict[str, object] = {"amendment": label_of(amendment) if amendment is not None else ""}
    else:
        on = {"eid": vote.eid, "ref": refs(tx, room).get(vote.eid or "", vote.eid)}
    return RoomVoteView(
        number=vote.number,
        on=on,
        recorded=vote.recorded,
        state=vote.state,
        yes=yes,
        no=no,
        abstain=abstain,
        carried=(yes > no) if vote.state == "closed" else None,
        roll_call=dict(cast) if vote.recorded else None,
    )


def vote_views(tx: Session, room: InRoom) -> list[RoomVoteView]:
    rows = tx.scalars(select(MeetingVote).where(MeetingVote.meeting_id == room.meeting.id).order_by(MeetingVote.number))
    return [vote_view(tx, room, v) for v in rows]


@reads
def list_votes(tx: Session, actor: Actor | None, slug: str, number: int) -> list[RoomVoteView]:
    return vote_views(tx, in_room(tx, actor, slug, number))


def _told(tx: Session, room: InRoom, vote: MeetingVote) -> RoomVoteView:
    tx.flush()
    shown = vote_view(tx, room, vote)
    happened(room, tx, "meeting.vote", number=vote.number, state=vote.state, vote=msgspec.to_builtins(shown))
    return shown


@use_case
def open_vote(tx: Session, actor: Actor | None, slug: str, number: int, command: OpenVote) -> RoomVoteView:
    room = in_room(tx, actor, slug, number, write=True)
    room.run()
    held = tx.scalar(
        select(MeetingVote.number).where(MeetingVote.meeting_id == room.meeting.id, MeetingVote.state == "open")
    )
    if held is not None:
        raise Conflict(N_("Vote {number} is still open: close it first."), number=held, detail={"number": held})
    eid, amendment_id = None, None
    if command.on.amendment is not None:
        amendment = find_amendment(tx, room.process, command.on.amendment, room.committee)
        if amendment.status != "open":
            raise Conflict(N_("{label} is decided already."), label=label_of(amendment))
        amendment_id = amendment.id
    else:
        eid = in_scope(tx, room, str(command.on.eid))
    top = tx.scalar(select(func.max(MeetingVote.number)).where(MeetingVote.meeting_id == room.meeting.id)) or 0
    vote = MeetingVote(
        meeting_id=room.meeting.id,
        number=top + 1,
        eid=eid,
        amendment_id=amendment_id,
        recorded=command.recorded,
        opened_at=utcnow(),
    )
    tx.add(vote)
    return _told(tx, room, vote)


def _vote(tx: Session, room: InRoom, number: int) -> MeetingVote:
    vote = tx.scalar(select(MeetingVote).where(MeetingVote.meeting_id == room.meeting.id, MeetingVote.number == number))
    if vote is None:
        raise NotFound(N_("No vote “{number}” in this meeting."), number=number)
    return vote


@use_case
def cast_ballot(
    tx: Session, actor: Actor | None, slug: str, number: int, vote_number: int, code: str, command: CastBallot
) -> RoomVoteView:
    """A delegation's vote, cast by its own member (403 for another's); a second one replaces the first."""
    room = in_room(tx, actor, slug, number, write=True)
    room.not_closed()
    room.speaks()
    code = code.strip().upper()
    if code != room.delegation:
        raise Forbidden(N_("A delegation votes for itself: you may vote for your own delegation only."))
    vote = _vote(tx, room, vote_number)
    if vote.state != "open":
        raise Conflict(N_("Vote {number} is closed."), number=vote_number)
    delegation = named(tx, room.process, code)
    ballot = tx.scalar(
        select(MeetingBallot).where(MeetingBallot.vote_id == vote.id, MeetingBallot.delegation_id == delegation.id)
    )
    if ballot is None:
        ballot = MeetingBallot(vote_id=vote.id, delegation_id=delegation.id, vote=command.vote)
        tx.add(ballot)
    ballot.vote, ballot.cast_by_id, ballot.cast_at = command.vote, stored_id(actor), utcnow()
    return _told(tx, room, vote)


@use_case
def close_vote(tx: Session, actor: Actor | None, slug: str, number: int, vote_number: int) -> RoomVoteView:
    """The result; on an amendment still open and not voted on, kept as its vote for the decision."""
    room = in_room(tx, actor, slug, number, write=True)
    room.run()
    vote = _vote(tx, room, vote_number)
    if vote.state != "open":
        raise Conflict(N_("Vote {number} is closed."), number=vote_number)
    vote.state, vote.closed_at = "closed", utcnow()
    cast = _ballots(tx, vote)
    if vote.amendment_id is not None:
        amendment = tx.get(Amendment, vote.amendment_id)
        if amendment is not None and amendment.status == "open" and amendment.vote is None and cast:
            counted = Counter(b for _, b in cast)
            roll = tuple((c, _ROLL[b]) for c, b in cast) if vote.recorded else ()
            record_vote(tx, room.process, amendment, Vote(counted["yes"], counted["no"], counted["abstain"], roll))
    return _told(tx, room, vote)
