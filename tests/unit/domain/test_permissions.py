"""Who may do what: the whole role × action table, and the admin override."""

from __future__ import annotations

import itertools

import pytest

from workspace.domain.errors import Forbidden
from workspace.domain.permissions import ALLOWED, Action, allows, require
from workspace.domain.vocabulary import Role

# The table as the committee explained it to us, written out so a change to ALLOWED is deliberate.
EXPECTED = {
    Action.READ: {"committee", "member", "translator", "observer"},
    Action.EDIT_PROCESS: {"committee"},
    Action.MANAGE_MEMBERS: {"committee"},
    Action.RECORD_SESSION: {"committee"},
    Action.ADD_RECOMMENDATION: {"committee", "member"},
    Action.EDIT_ANY_RECOMMENDATION: {"committee"},
    Action.DECIDE_RECOMMENDATION: {"committee"},
    Action.EXPORT: {"committee"},
    Action.READ_DRAFT: {"committee"},
    Action.EDIT_DRAFT: {"committee"},
    Action.CIRCULATE: {"committee"},
    Action.LINK_RECOMMENDATION: {"committee"},
    Action.PROPOSE_AMENDMENT: {"committee", "member"},
    Action.DECIDE_AMENDMENT: {"committee"},
    Action.NEGOTIATE: {"committee"},
    Action.OBJECT: {"committee", "member"},
    Action.COMMENT: {"committee", "member", "translator"},
    Action.RESOLVE_ANY_THREAD: {"committee"},
    Action.TRANSLATE: {"committee", "translator"},
    Action.REVIEW_TRANSLATION: {"committee", "translator"},
    Action.EDIT_GLOSSARY: {"committee"},
    Action.PUBLISH: {"committee"},
    Action.MANAGE_DELEGATIONS: {"committee"},
    Action.TAKE_POSITION: {"committee", "member"},
}

CELLS = list(itertools.product(Role, Action))


def test_every_action_has_a_row_and_the_table_is_the_agreed_one():
    assert set(ALLOWED) == set(Action)
    assert {action: {role.value for role in roles} for action, roles in ALLOWED.items()} == EXPECTED


@pytest.mark.parametrize(("role", "action"), CELLS, ids=[f"{r.value}-{a.value}" for r, a in CELLS])
def test_allows_follows_the_table(role, action):
    assert allows(role, action) is (role in ALLOWED[action])


@pytest.mark.parametrize(("role", "action"), CELLS, ids=[f"{r.value}-{a.value}" for r, a in CELLS])
def test_require_raises_forbidden_with_a_reason_exactly_where_allows_says_no(role, action):
    if role in ALLOWED[action]:
        require(role, action)
        return
    with pytest.raises(Forbidden) as caught:
        require(role, action)
    assert caught.value.render().strip()
    assert caught.value.detail == {"action": action.value}


@pytest.mark.parametrize("action", list(Action))
def test_a_global_admin_may_do_everything_even_without_a_role(action):
    assert allows(None, action, is_admin=True)
    require(None, action, is_admin=True)
    for role in Role:
        assert allows(role, action, is_admin=True)


@pytest.mark.parametrize("action", list(Action))
def test_someone_without_a_role_may_do_nothing(action):
    assert not allows(None, action)
    with pytest.raises(Forbidden):
        require(None, action)


def test_each_refusal_says_something_different():
    messages = set()
    for action in Action:
        with pytest.raises(Forbidden) as caught:
            require(None, action)
        messages.add(caught.value.message)
    assert len(messages) == len(Action)
