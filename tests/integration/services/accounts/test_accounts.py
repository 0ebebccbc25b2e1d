"""Accounts, passwords and API tokens, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.integration.support import dump
from workspace.domain.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated, NotFound
from workspace.domain.people import ChangeOwnPassword
from workspace.services import accounts
from workspace.services.actor import SYSTEM
from workspace.store.models import ApiToken, User

NEW_PASSWORD = "a much longer passphrase"


def user_row(store, email: str) -> User:
    with store() as tx:
        return tx.scalar(select(User).where(User.email == email))


# --- adding people ----------------------------------------------------------------------------


def test_add_user_returns_the_account_and_it_can_sign_in(store):
    view = accounts.add_user(store, SYSTEM, " Ana@Example.ORG ", "Ana Pérez", PASSWORD)
    assert (view.email, view.name, view.is_admin, view.can_sign_in) == ("ana@example.org", "Ana Pérez", False, True)
    actor = accounts.authenticate(store, "ana@example.org", PASSWORD)
    assert (actor.id, actor.email, actor.is_admin) == (view.id, "ana@example.org", False)


def test_add_user_without_password_makes_an_account_that_cannot_sign_in(store):
    view = accounts.add_user(store, SYSTEM, "invited@example.org", "")
    assert view.can_sign_in is False
    assert view.name == "invited"
    with pytest.raises(NotAuthenticated):
        accounts.authenticate(store, "invited@example.org", "")


def test_a_second_account_for_the_same_email_is_a_conflict(store, people):
    before = dump(store)
    for email in ["committee@example.org", "COMMITTEE@example.org", " committee@Example.org"]:
        with pytest.raises(Conflict) as caught:
            accounts.add_user(store, SYSTEM, email, "Again", PASSWORD)
        assert caught.value.params == {"email": "committee@example.org"}
    assert dump(store) == before


def test_only_an_admin_or_the_command_line_adds_people(store, people):
    with pytest.raises(Forbidden):
        accounts.add_user(store, people.committee, "new@example.org", "New", PASSWORD)
    assert user_row(store, "new@example.org") is None
    assert accounts.add_user(store, people.admin, "new@example.org", "New", PASSWORD).email == "new@example.org"


def test_a_short_password_is_refused_and_nothing_is_written(store):
    with pytest.raises(InvalidInput) as caught:
        accounts.add_user(store, SYSTEM, "ana@example.org", "Ana", "short")
    assert caught.value.params == {"n": 8}
    assert user_row(store, "ana@example.org") is None


def test_list_users_is_for_admins(store, people):
    emails = [u.email for u in accounts.list_users(store, people.admin)]
    assert emails == sorted(emails) and "observer@example.org" in emails
    with pytest.raises(Forbidden):
        accounts.list_users(store, people.member)


# --- passwords --------------------------------------------------------------------------------


def test_the_password_is_stored_as_an_argon2_hash(store, people):
    row = user_row(store, "member@example.org")
    assert row.password_hash.startswith("$argon2id$")
    assert PASSWORD not in row.password_hash
    assert PasswordHasher().verify(row.password_hash, PASSWORD)
    assert all(PASSWORD not in str(value) for table in dump(store).values() for r in table for value in r)


def test_wrong_credentials_get_the_same_refusal(store, people):
    for email, password in [
        ("member@example.org", "wrong password!"),
        ("member@example.org", ""),
        ("nobody@example.org", PASSWORD),
        ("", PASSWORD),
        ("member@example.org", PASSWORD.upper()),
    ]:
        with pytest.raises(NotAuthenticated) as caught:
            accounts.authenticate(store, email, password)
        assert caught.value.render() == "Wrong email or password."


def test_people_change_their_own_password(store, people):
    accounts.set_password(store, people.member, "member@example.org", NEW_PASSWORD)
    assert accounts.authenticate(store, "member@example.org", NEW_PASSWORD).id == people.member.id
    with pytest.raises(NotAuthenticated):
        accounts.authenticate(store, "member@example.org", PASSWORD)


def test_nobody_but_an_admin_changes_someone_else_password(store, people):
    before = dump(store)
    for actor in (people.member, people.committee, people.observer):
        with pytest.raises(Forbidden):
            accounts.set_password(store, actor, "translator@example.org", NEW_PASSWORD)
    assert dump(store) == before
    accounts.set_password(store, people.admin, "translator@example.org", NEW_PASSWORD)
    accounts.set_password(store, SYSTEM, "observer@example.org", NEW_PASSWORD)  # the server's command line
    assert accounts.authenticate(store, "translator@example.org", NEW_PASSWORD).id == people.translator.id
    assert accounts.authenticate(store, "observer@example.org", NEW_PASSWORD).id == people.observer.id


def test_set_password_for_an_unknown_account_or_too_short(store, people):
    with pytest.raises(NotFound):
        accounts.set_password(store, people.admin, "nobody@example.org", NEW_PASSWORD)
    with pytest.raises(InvalidInput):
        accounts.set_password(store, people.member, "member@example.org", "1234567")
    assert accounts.authenticate(store, "member@example.org", PASSWORD).id == people.member.id


def test_change_own_password_checks_the_current_one_and_the_repeat(store, people):
    with pytest.raises(InvalidInput) as caught:
        accounts.change_own_password(
            store,
            people.member,
            ChangeOwnPassword(current_password="not it", new_password=NEW_PASSWORD, repeat_password=NEW_PASSWORD),
        )
    assert caught.value.detail == {"field": "current_password"}
    with pytest.raises(InvalidInput) as caught:
        accounts.change_own_password(
            store,
            people.member,
            ChangeOwnPassword(current_password=PASSWORD, new_password=NEW_PASSWORD, repeat_password=NEW_PASSWORD + "!"),
        )
    assert caught.value.detail == {"field": "repeat_password"}
    assert accounts.authenticate(store, "member@example.org", PASSWORD).id == people.member.id
    accounts.change_own_password(
        store,
        people.member,
        ChangeOwnPassword(current_password=PASSWORD, new_password=NEW_PASSWORD, repeat_password=NEW_PASSWORD),
    )
    assert accounts.authenticate(store, "member@example.org", NEW_PASSWORD).id == people.member.id


def test_set_locale_is_kept_on_the_account(store, people):
    assert accounts.set_locale(store, people.member, "FR").locale == "fr"
    assert accounts.get_actor(store, people.member.id).locale == "fr"
    with pytest.raises(InvalidInput):
        accounts.set_locale(store, people.member, "de")
    assert accounts.set_locale(store, people.member, None).locale is None
    with pytest.raises(NotAuthenticated):
        accounts.set_locale(store, None, "es")


# --- API tokens -------------------------------------------------------------------------------


def test_a_created_token_authenticates_its_owner(store, people):
    created = accounts.create_token(store, people.translator, "script de traducción")
    assert created.token.startswith(accounts.TOKEN_PREFIX)
    actor = accounts.actor_for_token(store, created.token)
    assert (actor.id, actor.email) == (people.translator.id, "translator@example.org")
    [listed] = accounts.list_tokens(store, people.translator)
    assert (listed.id, listed.name, listed.prefix) == (created.id, "script de traducción", created.token[:10])


def test_reading_with_a_token_writes_nothing_and_a_change_records_its_use(store, people):
    created = accounts.create_token(store, people.translator, "script")
    before = dump(store)
    accounts.actor_for_token(store, created.token)
    assert dump(store) == before
    accounts.touch_token(store, created.token)
    [listed] = accounts.list_tokens(store, people.translator)
    assert listed.last_used_at is not None


def test_a_token_is_stored_only_as_a_hash(store, people):
    created = accounts.create_token(store, people.member, "ci")
    with store() as tx:
        row = tx.get(ApiToken, created.id)
        assert row.token_hash != created.token and len(row.token_hash) == 64
    assert all(created.token not in str(value) for table in dump(store).values() for r in table for value in r)


def test_an_unknown_token_is_refused(store, people):
    real = accounts.create_token(store, people.member, "real").token
    for token in ["", "acc_not-a-real-token", f"Bearer {real}", real[:-1], real.upper()]:
        with pytest.raises(NotAuthenticated):
            accounts.actor_for_token(store, token)


def test_a_revoked_token_no_longer_works(store, people):
    kept = accounts.create_token(store, people.member, "kept")
    revoked = accounts.create_token(store, people.member, "revoked")
    accounts.revoke_token(store, people.member, revoked.id)
    with pytest.raises(NotAuthenticated):
        accounts.actor_for_token(store, revoked.token)
    assert accounts.actor_for_token(store, kept.token).id == people.member.id
    assert [t.name for t in accounts.list_tokens(store, people.member)] == ["kept"]


def test_nobody_revokes_or_sees_someone_else_token(store, people):
    token = accounts.create_token(store, people.member, "mine")
    with pytest.raises(NotFound):
        accounts.revoke_token(store, people.committee, token.id)
    with pytest.raises(NotFound):
        accounts.revoke_token(store, people.member, token.id + 1000)
    assert accounts.list_tokens(store, people.committee) == []
    assert accounts.actor_for_token(store, token.token).id == people.member.id


def test_a_token_needs_a_name_and_a_person(store, people):
    with pytest.raises(InvalidInput):
        accounts.create_token(store, people.member, "  ")
    with pytest.raises(NotAuthenticated):
        accounts.create_token(store, None, "x")


def test_outside_the_tests_passwords_are_hashed_with_argon2id_at_its_full_cost(monkeypatch):
    monkeypatch.undo()  # the tests' quick hasher (tests/conftest.py)
    hasher = accounts.passwords.Hashing.hasher
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) >= (3, 65536, 4)
    assert hasher.hash(PASSWORD).startswith("$argon2id$v=19$m=65536,t=3,p=4$")
