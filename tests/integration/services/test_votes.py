"""Votes on a voting list, on both backends: a decision recorded with the room's counts and roll call by delegation,
the decision agreeing with the vote (a majority of those present and voting), refused whole with its reason
otherwise; the vote shown with the amendment and gone when the decision is reopened; a delegation that voted is
kept (409 on delete) and merged with its votes."""

from __future__ import annotations

import pytest

from tests.integration.services.test_on_behalf_of_delegations import P, propose, room  # noqa: F401 (fixture)
from tests.integration.support import dump
from workspace.domain.amendments.amendment_commands import DecideAmendment, DecideInOrder
from workspace.domain.amendments.votes import Vote
from workspace.domain.delegations.delegations import DelegationFields
from workspace.domain.errors import Conflict, InvalidInput
from workspace.services import amendments, delegations


def test_a_roll_call_vote_is_recorded_with_the_decision_and_shown_with_the_amendment(store, people, room):  # noqa: F811 (the fixture)
    first, second = room
    delegations.add_delegation(store, people.committee, P, DelegationFields("MEX", {"es": "México"}, "member_state"))
    a, b = propose(store, people.member, first), propose(store, people.member, second)
    roll = {"ARG": "for", "EU": "against", "MEX": "for"}
    done = amendments.decide_amendments(
        store,
        people.committee,
        P,
        DecideInOrder.build(
            [(a.number, "accepted", "Adoptada por votación.", None), (b.number, "rejected", "Rechazada.", None)],
            [Vote.build(roll_call=roll), Vote.build(3, 10, 4)],
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
        (lambda: Vote.build(2, 5, 0), "accepted", "did not carry"),
        (lambda: Vote.build(5, 5, 1), "accepted", "did not carry"),  # a tie fails
        (lambda: Vote.build(6, 5, 0), "rejected", "carried"),
        (lambda: Vote.build(1, 0, 0), "moot", "not voted on"),
        (lambda: Vote.build(0, 0, 0), "accepted", "at least one ballot"),
        (lambda: Vote.build(-1, 0, 0), "accepted", "whole number"),
        (lambda: Vote.build(3, None, None, {"ARG": "for"}), "accepted", "1 in the roll call"),
        (lambda: Vote.build(roll_call={"ARG": "maybe"}), "accepted", "maybe"),
        (lambda: Vote.build(roll_call={f"D{n}": "for" for n in range(1001)}), "accepted", "at most 1000"),
    ],
)
def test_a_vote_that_disagrees_or_cannot_be_is_refused_with_its_reason(store, people, room, vote, decision, message):  # noqa: F811 (the fixture)
    first, _ = room
    number = propose(store, people.member, first).number
    before = dump(store)
    with pytest.raises(InvalidInput, match=message):
        amendments.decide_amendment(
            store, people.committee, P, number, DecideAmendment.build(decision, "Por.", None, vote())
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
            DecideAmendment.build("accepted", "Sí.", None, Vote.build(roll_call={"XX": "for"})),
        )
    assert dump(store) == before
    amendments.decide_amendment(
        store,
        people.committee,
        P,
        number,
        DecideAmendment.build("accepted", "Sí.", None, Vote.build(roll_call={"EU": "for"})),
    )
    with pytest.raises(Conflict):
        delegations.delete_delegation(store, people.committee, P, "EU")
    delegations.merge_delegation(store, people.committee, P, "EU", "ARG")
    vote = amendments.get_amendment(store, people.committee, P, number).vote
    assert vote is not None and [(c.delegation.code, c.vote) for c in vote.roll_call] == [("ARG", "for")]
