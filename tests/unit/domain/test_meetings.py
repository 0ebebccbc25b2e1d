"""A meeting's rules, pure: the floor's order, the pointer's steps, the states and what each command refuses."""

from __future__ import annotations

import itertools

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.errors import Conflict, InvalidInput
from workspace.domain.meetings.meetings import (
    MOVES,
    AskFloor,
    Intent,
    MeetingState,
    OpenVote,
    ScheduleMeeting,
    SetLight,
    SetMeetingState,
    Waiting,
    change_state,
    queue_order,
    step,
)

RANK = {Intent.POINT_OF_ORDER.value: 0, Intent.REPLY.value: 1}

waiting_lists = st.lists(
    st.tuples(st.integers(min_value=1, max_value=10_000), st.sampled_from([i.value for i in Intent])),
    unique_by=lambda pair: pair[0],
    max_size=40,
).flatmap(lambda pairs: st.permutations(pairs))  # the order they are read in says nothing


@settings(max_examples=examples(300))
@given(waiting_lists)
def test_the_floor_goes_to_points_of_order_then_replies_then_the_rest_each_in_the_order_asked(pairs):
    order = queue_order([Waiting(n, intent) for n, intent in pairs])
    assert sorted(order) == sorted(n for n, _ in pairs)  # a permutation: nobody dropped or heard twice
    intent = dict(pairs)
    groups = [RANK.get(intent[n], 2) for n in order]
    assert groups == sorted(groups)  # points of order, then replies, then the others
    for _, same in itertools.groupby(order, key=lambda n: RANK.get(intent[n], 2)):
        numbers = list(same)
        assert numbers == sorted(numbers)  # within each, as asked


def test_the_floor_in_a_room_as_it_is_read():
    asked = [
        Waiting(1, "support"),
        Waiting(2, "object"),
        Waiting(3, "reply"),
        Waiting(4, "point_of_order"),
        Waiting(5, "question"),
        Waiting(6, "reply"),
        Waiting(7, "point_of_order"),
    ]
    assert queue_order(asked) == [4, 7, 3, 6, 1, 2, 5]
    assert queue_order([]) == []


SCOPE = ["pre_1", "op_1", "op_2", "op_2_bis", "op_3"]


@settings(max_examples=examples(300))
@given(
    st.lists(st.from_regex(r"op_[0-9]{1,3}", fullmatch=True), min_size=1, max_size=12, unique=True),
    st.one_of(st.none(), st.from_regex(r"op_[0-9]{1,3}", fullmatch=True)),
    st.integers(min_value=-20, max_value=20),
)
def test_a_step_stays_in_the_scope_and_stops_at_its_ends(scope, at, by):
    reached = step(scope, at, by)
    assert reached in scope
    if at in scope:
        assert scope.index(reached) == max(0, min(len(scope) - 1, scope.index(at) + by))
    else:  # nowhere yet (or somewhere the scope no longer holds): the first, or the last going back
        assert reached == (scope[0] if by >= 0 else scope[-1])


@pytest.mark.parametrize(
    ("at", "by", "reached"),
    [
        (None, 1, "pre_1"),
        (None, -1, "op_3"),
        ("op_1", 1, "op_2"),
        ("op_2", -1, "op_1"),
        ("op_3", 1, "op_3"),  # the last stays the last
        ("pre_1", -1, "pre_1"),  # the first the first
        ("op_1", 10, "op_3"),
        ("op_3", -10, "pre_1"),
        ("op_9", 1, "pre_1"),  # a paragraph the scope no longer holds: from the start
    ],
)
def test_next_and_previous_in_a_scope(at, by, reached):
    assert step(SCOPE, at, by) == reached


def test_a_meeting_without_a_paragraph_has_nowhere_to_go():
    with pytest.raises(InvalidInput) as caught:
        step([], None, 1)
    assert caught.value.detail == {"field": "eid"}


ALLOWED = {
    ("scheduled", "open"),
    ("scheduled", "closed"),
    ("open", "suspended"),
    ("open", "closed"),
    ("suspended", "open"),
    ("suspended", "closed"),
}


@pytest.mark.parametrize(("now", "to"), list(itertools.product([s.value for s in MeetingState], repeat=2)))
def test_every_move_of_a_meetings_state_is_allowed_or_refused_as_the_room_runs(now, to):
    if (now, to) in ALLOWED:
        change_state(MeetingState(now), MeetingState(to))
        return
    with pytest.raises(Conflict) as caught:
        change_state(MeetingState(now), MeetingState(to))
    assert caught.value.detail == {"state": now, "asked": to}


def test_a_closed_meeting_never_moves_again():
    assert MOVES[MeetingState.CLOSED] == frozenset()
    assert {(a.value, b.value) for a, tos in MOVES.items() for b in tos} == ALLOWED


def refused(of: type, **fields: object) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        msgspec.convert(fields, of)
    return caught.value


def field_of(error: InvalidInput) -> str:
    """The field a refusal names: in its detail, or as the word it did not know (an unknown kind, light …)."""
    return str((error.detail or {}).get("field") or error.params["what"])


def test_an_informal_names_its_delegations_and_a_plenary_none():
    assert refused(ScheduleMeeting, title="Amigos", kind="informal").detail == {"field": "delegations"}
    assert refused(ScheduleMeeting, title="Plenaria", kind="plenary", delegations=["ARG"]).detail == {
        "field": "delegations"
    }
    informal = msgspec.convert(
        {"title": "Amigos", "kind": "informal", "delegations": ["arg", " eu ", "ARG"]}, ScheduleMeeting
    )
    assert informal.delegations == ["ARG", "EU"]  # in capitals, each once
    assert (informal.title, informal.version, informal.public) == ({"*": "Amigos"}, "draft", False)


def test_an_informals_screen_is_never_public_a_plenarys_may_be():
    assert refused(ScheduleMeeting, title="x", kind="informal", delegations=["ARG"], public=True).detail == {
        "field": "public"
    }
    assert msgspec.convert({"title": "x", "public": True}, ScheduleMeeting).public is True


def test_a_title_is_one_for_every_language_or_one_per_language():
    made = msgspec.convert({"title": {"es": "Plenaria", "fr": " Plénière "}}, ScheduleMeeting)
    assert made.title == {"es": "Plenaria", "fr": "Plénière"}
    assert refused(ScheduleMeeting, title="").detail["field"] == "title"
    assert refused(ScheduleMeeting, title="x" * 201).detail["field"] == "title"
    assert field_of(refused(ScheduleMeeting, title="x", kind="pleno")) == "kind"
    assert msgspec.convert({"title": "x", "eids": ["op_2", "op_1", "op_2"]}, ScheduleMeeting).eids == ["op_2", "op_1"]


@pytest.mark.parametrize(
    "fields",
    [
        {"light": "white", "delegations": ["ARG"]},
        {"light": "white", "due_at": "2030-01-01T10:00"},
        {"light": "green", "due_at": "2030-01-01T10:00", "delegations": ["ARG"]},
        {"light": "red", "due_at": "2030-01-01T10:00"},
        {"light": "blue"},
    ],
)
def test_lights_refuse_what_their_colour_cannot_say(fields):
    assert field_of(refused(SetLight, **fields)) in ("light", "due_at")


@pytest.mark.parametrize(
    "fields",
    [
        {"light": "white"},
        {"light": "green", "note": "Sin objeción."},
        {"light": "green", "delegations": ["ARG"]},  # agreed ad referendum on closing: waiting on ARG
        {"light": "yellow", "due_at": "2030-01-01T10:00", "delegations": ["arg"]},
        {"light": "yellow"},
        {"light": "red", "delegations": ["EU"], "note": "No puede aceptar."},
    ],
)
def test_lights_take_what_their_colour_says(fields):
    light = msgspec.convert(fields, SetLight)
    assert light.light == fields["light"] and light.delegations == [c.upper() for c in fields.get("delegations", [])]


def test_the_floor_and_the_states_take_only_their_words():
    assert field_of(refused(AskFloor, intent="shout")) == "intent"
    assert msgspec.convert({}, AskFloor).intent == "support"
    assert msgspec.convert({"delegation": "arg", "intent": "point_of_order"}, AskFloor).delegation == "ARG"
    assert field_of(refused(SetMeetingState, state="adjourned")) == "state"
    assert field_of(refused(SetMeetingState, state="closed", greens="all")) == "greens"
    assert msgspec.convert({"state": "closed"}, SetMeetingState).greens == "none"


def test_a_vote_is_on_a_paragraph_or_an_amendment_never_both_nor_neither():
    assert refused(OpenVote, on={}).detail == {"field": "on"}
    assert refused(OpenVote, on={"eid": "op_1", "amendment": 3}).detail == {"field": "on"}
    assert msgspec.convert({"on": {"amendment": "A7"}, "recorded": True}, OpenVote).on.amendment == "A7"
