"""Amendment actions that really race, on both backends: two threads released together, many trials.

Two committee members accept two amendments changing the same words: exactly one is applied, the
other is refused (409, conflict) and stays open, and the draft and its history hold only the winner.
Proposals made at once get distinct numbers; one person co-sponsoring twice at once counts once.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import join
from tests.integration.services.amendments.test_amendments import OP2, draft_text, propose, zero  # noqa: F401 (fixture)
from tests.integration.services.declaration.test_draft_races import TRIALS, edits_of, race
from workspace.domain.amendments.amendment_commands import DecideAmendment
from workspace.domain.errors import Conflict
from workspace.services import amendments

P = "kutahya"
pytestmark = pytest.mark.usefixtures(
    "zero", "unpaced"
)  # both tests start from version zero; they race numbers, not rates


@pytest.fixture
def second_committee(store, people):
    return join(store, people.committee, P, "segunda@example.org", "committee")


def test_accepting_two_amendments_to_the_same_words_at_once_applies_exactly_one(store, people, second_committee):
    wins = Counter()
    for n in range(TRIALS):
        text = draft_text(store, people, "op_2")
        head, last = text.rsplit(" ", 1)
        a = propose(store, people.committee, text=f"{head} {last[:-1]} a{n}.", version="draft").label
        b = propose(store, people.committee, text=f"{head} {last[:-1]} b{n}.", version="draft").label
        edits = edits_of(store, "op_2")
        accept = DecideAmendment(decision="accepted", reason="De acuerdo.")
        outcomes = race(
            lambda a=a, accept=accept: amendments.decide_amendment(store, people.committee, P, a, accept),
            lambda b=b, accept=accept: amendments.decide_amendment(store, second_committee, P, b, accept),
        )
        errors = [o.error for o in outcomes if o.error is not None]
        assert len(errors) == 1 and isinstance(errors[0], Conflict), errors
        assert errors[0].detail["state"] == "conflict"
        winner = a if outcomes[0].error is None else b
        loser = b if winner == a else a
        wins["first" if winner == a else "second"] += 1
        assert draft_text(store, people, "op_2") == f"{head} {last[:-1]} {'a' if winner == a else 'b'}{n}."
        assert edits_of(store, "op_2") == edits + 1
        assert amendments.get_amendment(store, people.committee, P, winner).status == "accepted"
        assert amendments.get_amendment(store, people.committee, P, loser).status == "open"
    print(f"\n[{store.engine.dialect.name}] accept vs accept, {TRIALS} trials: {dict(wins)}, 0 half-applied")
    assert draft_text(store, people, "op_2") != OP2


def test_proposals_at_once_get_distinct_numbers_and_a_double_cosponsor_counts_once(store, people):
    numbers = []
    for n in range(
        TRIALS
    ):  # on three paragraphs in turn: each proposal's answer rebases the open ones of its paragraph
        eid = ("op_1", "op_2", "op_3")[n % 3]
        outcomes = race(
            lambda eid=eid: propose(store, people.member, eid=eid, kind="delete"),
            lambda eid=eid: propose(store, people.committee, eid=eid, kind="delete"),
        )
        assert [o.error for o in outcomes] == [None, None]
        numbers += [o.value.number for o in outcomes]
    assert sorted(numbers) == list(range(1, 2 * TRIALS + 1))
    mine = [n for n in numbers if amendments.get_amendment(store, people.member, P, n).proposer == people.member.name]
    assert len(mine) == TRIALS
    for number in mine:  # the committee co-sponsors each of the member's, twice at once
        outcomes = race(
            lambda number=number: amendments.cosponsor(store, people.committee, P, number),
            lambda number=number: amendments.cosponsor(store, people.committee, P, number),
        )
        errors = [o.error for o in outcomes if o.error is not None]
        assert len(errors) == 1 and isinstance(errors[0], Conflict), errors
        assert amendments.get_amendment(store, people.member, P, number).cosponsors == [people.committee.name]
