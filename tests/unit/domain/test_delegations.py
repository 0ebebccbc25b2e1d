"""Delegations and positions, pure: codes, names by language, the four stances and the room's level of agreement."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.delegations.delegations import CODE, DelegationDraft, name_in, parse_code
from workspace.domain.delegations.positions import COLOURS, Level, SetPosition, Stance, level_of, pending, tally
from workspace.domain.errors import InvalidInput

LANGS = ["es", "en", "fr"]


@pytest.mark.parametrize(
    ("typed", "code"), [("arg", "ARG"), (" G-77 ", "G-77"), ("eu", "EU"), ("cglu-afr", "CGLU-AFR")]
)
def test_codes_are_read_in_capitals(typed, code):
    assert parse_code(typed) == code


@pytest.mark.parametrize("typed", ["", "A", "-EU", "EU-", "G 77", "ÑAM", "A" * 17, "AR_G"])
def test_what_is_not_a_code_is_refused_naming_it(typed):
    with pytest.raises(InvalidInput) as caught:
        parse_code(typed)
    assert caught.value.params["code"] == typed and caught.value.detail == {"field": "code"}


@settings(max_examples=examples(200))
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", min_size=0, max_size=20))
def test_a_code_is_accepted_in_any_case_as_the_same_code_or_refused_in_every_case(typed):
    try:
        code = parse_code(typed)
    except InvalidInput:
        with pytest.raises(InvalidInput):
            parse_code(typed.swapcase())
        return
    assert CODE.match(code) and code == typed.upper() and parse_code(typed.lower()) == code


def test_a_draft_keeps_the_names_it_has_and_needs_the_source_one():
    draft = DelegationDraft.build(
        code="fra", names={"fr": " France ", "en": ""}, kind="member_state", languages=["fr", "en"]
    )
    assert (draft.code, draft.names, draft.kind) == ("FRA", {"fr": "France"}, "member_state")
    assert name_in(draft.names, "en", "fr") == "France"  # a missing name reads in the source language
    with pytest.raises(InvalidInput, match="source language"):
        DelegationDraft.build(code="FRA", names={"en": "France"}, kind=None, languages=["fr", "en"])
    with pytest.raises(InvalidInput, match="not a language of this process"):
        DelegationDraft.build(code="FRA", names={"fr": "France", "es": "Francia"}, kind=None, languages=["fr", "en"])
    assert DelegationDraft.build(code="FRA", names={"fr": "France"}, kind=None, languages=["fr"]).kind == "member_state"


@pytest.mark.parametrize(
    ("status", "discussed", "level"),
    [
        (None, False, Level.NOT_DISCUSSED),
        (None, True, Level.UNDER_NEGOTIATION),
        ("open", True, Level.UNDER_NEGOTIATION),
        ("bracketed", False, Level.NOT_DISCUSSED),
        ("agreed_informals", False, Level.AGREED_INFORMALS),
        ("agreed_ad_ref", True, Level.AGREED_AD_REF),
        ("agreed", True, Level.AGREED_PLENARY),
        ("reopened", True, Level.REOPENED),
    ],
)
def test_the_level_of_agreement_is_what_the_committee_recorded_else_whether_it_was_discussed(status, discussed, level):
    assert level_of(status, discussed) == level


def test_the_colours_are_those_of_un_drafts():
    assert {level: COLOURS[level] for level in Level} == {
        Level.NOT_DISCUSSED: "white",
        Level.UNDER_NEGOTIATION: "white",
        Level.REOPENED: "white",
        Level.AGREED_INFORMALS: "yellow",
        Level.AGREED_AD_REF: "green",
        Level.AGREED_PLENARY: "green",
    }


@settings(max_examples=examples(200))
@given(st.dictionaries(st.from_regex(r"[A-Z]{2,4}", fullmatch=True), st.sampled_from(list(Stance))))
def test_a_tally_names_every_delegation_once_under_its_stance(held):
    counted = tally((code, stance.value) for code, stance in held.items())
    assert set(counted) == {s.value for s in Stance}
    assert sorted(code for codes in counted.values() for code in codes) == sorted(held)
    assert all(codes == sorted(codes) for codes in counted.values())
    assert pending(counted) == sorted(c for c, s in held.items() if s in (Stance.RESERVATION, Stance.OBJECTS))


def test_a_position_names_one_thing_and_one_stance():
    made = SetPosition(delegation="arg", amendment="a7", position="can_live_with", note=" Con matices. ")
    assert (made.delegation, made.amendment, made.eid, made.position, made.note) == (
        "ARG",
        "A7",
        None,
        "can_live_with",
        "Con matices.",
    )
    assert SetPosition(eid="op_3", position="objects").delegation is None  # the writer's own
    assert SetPosition(amendment=7, position="supports").amendment == "A7"
    assert SetPosition(amendment="D3", position="supports").amendment == "D3"
    with pytest.raises(InvalidInput, match="too long"):
        SetPosition(eid="op_3", position="objects", note="x" * 2001)
