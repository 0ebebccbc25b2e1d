"""Votes on a voting list, on both backends: a decision recorded with the room's counts and roll call by delegation,
the decision agreeing with the vote (a majority of those present and voting), refused whole with its reason
otherwise; the vote shown with the amendment and gone when the decision is reopened; a delegation that voted is
kept (409 on delete) and merged with its votes."""

from __future__ import annotations

import pytest

from tests.integration.services.delegations.test_on_behalf_of_delegations import P, propose, room  # noqa: F401 (fixture)
from tests.integration.support import dump
from workspace.domain.amendments.amendment_commands import DecideAmendment, DecideInOrder, DecisionInList
from workspace.domain.amendments.votes import RoomVote
from workspace.domain.delegations.delegations import AddDelegation, MergeDelegation
from workspace.domain.errors import Conflict, InvalidInput
from workspace.services import amendments, delegations


def test_a_roll_call_vote_is_recorded_with_the_decision_and_shown_with_the_amendment(store, people, room):  # noqa: F811 (the fixture)
    first, second = room
    delegations.add_delegation(
        store, people.committee, P, AddDelegation(code="MEX", names={"es": "México"}, kind="member_state")
    )
    a, b = propose(store, people.member, first), propose(store, people.member, second)
    roll = {"ARG": "for", "EU": "against", "MEX": "for"}
    done = amendments.decide_amendments(
        store,
        people.committee,
        P,
        DecideInOrder(
            decisions=[
                DecisionInList(
                    number=a.number, decision="accepted", reason="Adoptada por votación.", vote=RoomVote(roll_call=roll)
                ),
                DecisionInList(
                    number=b.number, decision="rejected", reason="Rechazada.", vote=RoomVote(yes=3, no=10, abstain=4)
                ),
            ]
        ),
    )
    first_vote, second_vote = done[0].vote, done[1].vote
    assert first_vote is not None and (first_vote.yes, first_vote.no, first_vote.abstain) == (2, 1, 0)
    assert first_vote.carried and [(c.delegation.code, c.vote) for c in first_vote.roll_call] == [
        ("ARG", "for"),
        ("EU", "against"),
        ("MEX", "for"),
    ]
    assert second_vote is not None and not second_vote.carried and second_vote.roll_call == []
    seen = amendments.get_amendment(store, people.observer, P, a.number)
    assert seen.vote == first_vote
    assert [
        c.delegation.code for c in amendments.reopen_amendment(store, people.committee, P, b.number).vote or []
    ] == []
    assert amendments.get_amendment(store, people.committee, P, b.number).vote is None  # went with its decision


@pytest.mark.parametrize(
    ("vote", "decision", "message"),
    [
        (lambda: RoomVote(yes=2, no=5, abstain=0), "accepted", "did not carry"),
        (lambda: RoomVote(yes=5, no=5, abstain=1), "accepted", "did not carry"),  # a tie fails
        (lambda: RoomVote(yes=6, no=5, abstain=0), "rejected", "carried"),
        (lambda: RoomVote(yes=1, no=0, abstain=0), "moot", "not voted on"),
        (lambda: RoomVote(yes=0, no=0, abstain=0), "accepted", "at least one ballot"),
        (lambda: RoomVote(yes=-1, no=0, abstain=0), "accepted", "whole number"),
        (lambda: RoomVote(yes=3, roll_call={"ARG": "for"}), "accepted", "1 in the roll call"),
        (lambda: RoomVote(roll_call={"ARG": "maybe"}), "accepted", "maybe"),
        (lambda: RoomVote(roll_call={f"D{n}": "for" for n in range(1001)}), "accepted", "at most 1000"),
    ],
)
def test_a_vote_that_disagrees_or_cannot_be_is_refused_with_its_reason(store, people, room, vote, decision, message):  # noqa: F811 (the fixture)
    first, _ = room
    number = propose(store, people.member, first).number
    before = dump(store)
    with pytest.raises(InvalidInput, match=message):
        amendments.decide_amendment(
            store, people.committee, P, number, DecideAmendment(decision=decision, reason="Por.", vote=vote())
        )
    assert dump(store) == before


def test_a_roll_call_names_only_the_process_s_delegations_and_a_voter_is_kept(store, people, room):  # noqa: F811 (the fixture)
    first, _ = room
    number = propose(store, people.member, first).number
    before = dump(store)
    with pytest.raises(InvalidInput, match="“XX” is not a delegation of this process"):
        amendments.decide_amendment(
            store,
            people.committee,
            P,
            number,
            DecideAmendment(decision="accepted", reason="Sí.", vote=RoomVote(roll_call={"XX": "for"})),
        )
    assert dump(store) == before
    amendments.decide_amendment(
        store,
        people.committee,
        P,
        number,
        DecideAmendment(decision="accepted", reason="Sí.", vote=RoomVote(roll_call={"EU": "for"})),
    )
    with pytest.raises(Conflict):
        delegations.delete_delegation(store, people.committee, P, "EU")
    delegations.merge_delegation(store, people.committee, P, "EU", MergeDelegation(into="ARG"))
    vote = amendments.get_amendment(store, people.committee, P, number).vote
    assert vote is not None and [(c.delegation.code, c.vote) for c in vote.roll_call] == [("ARG", "for")]
