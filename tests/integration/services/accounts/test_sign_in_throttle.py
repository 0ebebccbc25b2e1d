"""Wrong passwords: refused per (account, address) and per address, only slowed down per account,
on SQLite and PostgreSQL. The slowdown is a value the code computes: recorded here, never waited."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from workspace.domain.errors import NotAuthenticated, TooMany
from workspace.services import accounts
from workspace.services.accounts import password_resets, throttle

ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"


@pytest.fixture
def slept(monkeypatch) -> list[float]:
    """Every slowdown the code asks for, in seconds (none is really spent)."""
    waits: list[float] = []
    monkeypatch.setattr(throttle, "sleep", waits.append)
    return waits


def wrong(store, email: str, address: str, times: int = 1) -> None:
    for _ in range(times):
        with pytest.raises(NotAuthenticated):
            accounts.authenticate(store, email, "not the password", address)


def test_the_attacker_is_locked_out_and_the_owner_from_elsewhere_signs_in(store, people, slept):
    email = people.committee.email
    wrong(store, email, ATTACKER, throttle.PER_PAIR)
    with pytest.raises(TooMany) as refused:
        accounts.authenticate(store, email, PASSWORD, ATTACKER)  # even the right password, from there
    assert 0 < refused.value.retry_after <= throttle.WINDOW.total_seconds() + 1
    assert accounts.authenticate(store, email, PASSWORD, OWNER).id == people.committee.id
    with pytest.raises(TooMany):  # the owner's success clears the owner's count, not the attacker's
        accounts.authenticate(store, email, PASSWORD, ATTACKER)


def test_one_address_is_refused_after_its_limit_whatever_the_accounts(store, people, slept):
    for i in range(throttle.PER_ADDRESS):
        wrong(store, f"guess{i}@example.org", ATTACKER)
    with pytest.raises(TooMany):
        accounts.authenticate(store, people.member.email, PASSWORD, ATTACKER)
    assert accounts.authenticate(store, people.member.email, PASSWORD, OWNER).id == people.member.id


def test_failures_from_many_addresses_slow_the_account_down_but_never_refuse_it(store, people, slept):
    email = people.member.email
    for i in range(40):  # under the per-pair limit at each address
        wrong(store, email, f"192.0.2.{i}")
    assert accounts.authenticate(store, email, PASSWORD, OWNER).id == people.member.id
    assert len(slept) == 40 - throttle.SLOW_AFTER + 1  # every answer after the first few waited
    assert slept == sorted(slept) and slept[0] == throttle.FIRST_DELAY and max(slept) == throttle.MAX_DELAY
    # Other accounts are not slowed down.
    slept.clear()
    assert accounts.authenticate(store, people.observer.email, PASSWORD, OWNER).id == people.observer.id
    assert slept == []


def test_the_slowdown_grows_and_is_bounded():
    delays = [throttle.slowdown(n) for n in range(1000)]
    assert delays[: throttle.SLOW_AFTER] == [0.0] * throttle.SLOW_AFTER
    assert delays == sorted(delays) and delays[throttle.SLOW_AFTER] > 0
    assert max(delays) == throttle.MAX_DELAY <= 5


def test_the_wait_can_be_passed_in(store, people):
    waits: list[float] = []
    for i in range(throttle.SLOW_AFTER):
        wrong(store, people.member.email, f"192.0.2.{i}")
    accounts.authenticate(store, people.member.email, PASSWORD, OWNER, sleep=waits.append)
    assert waits == [throttle.slowdown(throttle.SLOW_AFTER)]


def test_a_right_password_clears_its_own_pair_only(store, people, slept):
    email = people.member.email
    wrong(store, email, ATTACKER, throttle.PER_PAIR - 1)
    wrong(store, email, OWNER, throttle.PER_PAIR - 1)
    accounts.authenticate(store, email, PASSWORD, OWNER)
    wrong(store, email, OWNER, throttle.PER_PAIR - 1)  # the owner's count started again
    wrong(store, email, ATTACKER)  # the attacker's did not: its fifth
    with pytest.raises(TooMany):
        accounts.authenticate(store, email, "not the password", ATTACKER)


def test_password_reset_requests_do_not_count_as_wrong_passwords(store, people, slept):
    for _ in range(password_resets.PER_ADDRESS + 5):
        password_resets.request_reset(store, people.member.email, "en", address=OWNER)
    assert accounts.authenticate(store, people.member.email, PASSWORD, OWNER).id == people.member.id
    assert slept == []
