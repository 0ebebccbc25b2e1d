"""Limits that hold under a burst, against a real server on both backends: wrong passwords sent at once
are checked at most five times, a reset link works once however many use it at the same instant, and
the client's address is the peer's unless the peer is a proxy Accord was told to trust."""

from __future__ import annotations

import re
import threading
from collections import Counter
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import delete, func, select

from tests import loopback
from tests.conftest import PASSWORD, make_people
from tests.e2e.server import running_server
from tests.integration.support import QUICK_HASHER
from workspace.services import accounts
from workspace.services.accounts import random_ids, throttle
from workspace.store.db import make_store, transaction
from workspace.store.models import PasswordReset, SignIn, SignInFailure, User
from workspace.store.types import utcnow

TRIALS = 4
BURST = 40


@pytest.fixture(scope="module")
def server(module_db_url, tmp_path_factory):
    """One server per backend for the module's bursts (each test forgets the failures before it, see `served`)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)  # as every test hashes (tests/conftest.py)
        store = make_store(module_db_url)
        people = make_people(store)
        with running_server(tmp_path_factory.mktemp("server"), module_db_url) as running:
            yield running.url, store, people
        store.dispose()


@pytest.fixture
def served(server):
    """The module's server, with no sign-in failure counted yet (the last test's count against the address)."""
    forget_failures(server[1])
    return server


def at_once(count: int, send, prepare=None) -> list[httpx.Response]:  # type: ignore[no-untyped-def]
    """`send(client, i)` from `count` clients released together (each `prepare(client, i)`d first); their answers in
    order."""
    barrier = threading.Barrier(count)
    answers: list[httpx.Response | None] = [None] * count

    def run(i: int) -> None:
        with loopback.client(timeout=60) as client:
            if prepare is not None:
                prepare(client, i)
            barrier.wait()
            answers[i] = send(client, i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(a is not None for a in answers)
    return answers  # type: ignore[return-value]


def forget_failures(store) -> None:  # type: ignore[no-untyped-def]
    with transaction(store) as tx:
        tx.execute(delete(SignInFailure))


def test_a_burst_of_wrong_passwords_is_checked_at_most_five_times(served):
    url, store, people = served
    for _ in range(TRIALS):
        forget_failures(store)
        answers = at_once(
            BURST,
            lambda c, i: c.post(
                f"{url}/api/auth/token",
                json={"email": people.member.email, "password": f"wrong guess {i}", "name": "burst"},
            ),
        )
        tally = Counter(a.status_code for a in answers)
        assert set(tally) <= {401, 429}, tally
        assert tally[401] <= throttle.PER_PAIR, tally
        assert all(a.headers.get("retry-after", "").isdigit() for a in answers if a.status_code == 429)


def test_the_right_password_inside_a_burst_never_gets_in_after_the_limit(served):
    url, store, people = served
    right = BURST // 2  # in the middle of the burst: released with the others
    got_in = 0
    for _ in range(TRIALS):
        forget_failures(store)
        answers = at_once(
            BURST,
            lambda c, i: c.post(
                f"{url}/api/auth/token",
                json={
                    "email": people.member.email,
                    "password": PASSWORD if i == right else f"wrong guess {i}",
                    "name": "burst",
                },
            ),
        )
        tally = Counter(a.status_code for a in answers)
        assert set(tally) <= {201, 401, 429}, tally
        # The right password starts the count again (as it would for its owner a minute later): the
        # wrong ones reserved after that are still on the table, the ones before it are gone.
        after = failures_left(store, people.member.email)
        assert after <= throttle.PER_PAIR, (tally, after)
        if tally[201]:
            # It got in only as one of the first five tries: at most four wrong ones were checked before.
            assert tally[401] - after <= throttle.PER_PAIR - 1, (tally, after)
        else:
            assert tally[401] <= throttle.PER_PAIR, tally
        got_in += tally[201]
    assert got_in <= TRIALS


def failures_left(store, email: str) -> int:  # type: ignore[no-untyped-def]
    with transaction(store) as tx:
        return tx.scalar(select(func.count()).select_from(SignInFailure).where(SignInFailure.email == email)) or 0


def _reset_link(store, email: str, purpose: str = "reset") -> str:  # type: ignore[no-untyped-def]
    token, hashed = random_ids.new_secret()
    with transaction(store) as tx:
        user = tx.query(User).filter_by(email=email).one()
        tx.add(
            PasswordReset(user_id=user.id, token_hash=hashed, expires_at=utcnow() + timedelta(hours=1), purpose=purpose)
        )
    return token


def _sessions(store, email: str) -> int:  # type: ignore[no-untyped-def]
    with transaction(store) as tx:
        return tx.scalar(select(func.count()).select_from(SignIn).join(User).where(User.email == email)) or 0


def test_a_sign_in_link_used_sixteen_times_at_once_signs_in_once(served):
    url, store, people = served
    for _ in range(TRIALS):
        path = f"{url}/sign-in-link/{_reset_link(store, people.observer.email, 'sign_in')}"
        csrf: list[str] = [""] * 16

        def opened(
            client: httpx.Client, i: int, path: str = path, csrf: list[str] = csrf
        ) -> None:  # the page, its form's CSRF token
            found = re.search(r'name="_csrf_token" value="([^"]+)"', client.get(path).text)
            assert found, "no form on the link's page"
            csrf[i] = found.group(1)

        before = _sessions(store, people.observer.email)
        answers = at_once(16, lambda c, i, path=path, csrf=csrf: c.post(path, data={"_csrf_token": csrf[i]}), opened)
        tally = Counter(a.status_code for a in answers)
        # One click signs in (303 to the processes); every other finds the link used (404).
        assert tally[303] == 1 and tally[404] == 15, tally
        assert _sessions(store, people.observer.email) == before + 1


def test_a_reset_link_used_sixteen_times_at_once_works_once(served):
    url, store, people = served
    for trial in range(TRIALS * 2):
        token = _reset_link(store, people.observer.email)
        answers = at_once(
            16,
            lambda c, i, token=token, trial=trial: c.post(
                f"{url}/api/auth/password-reset/{token}", json={"password": f"new passphrase {trial} {i}"}
            ),
        )
        tally = Counter(a.status_code for a in answers)
        # One use sets the password; every other is refused (404), or told to come back when sixteen
        # argon2 hashes at once are more than the server computes at a time (429, before any use).
        assert tally[204] == 1 and set(tally) <= {204, 404, 429} and tally[404] >= 1, tally
        chosen = next(i for i, a in enumerate(answers) if a.status_code == 204)
        with loopback.client(timeout=30) as client:
            signed = client.post(
                f"{url}/api/auth/token",
                json={"email": people.observer.email, "password": f"new passphrase {trial} {chosen}", "name": "after"},
            )
            assert signed.status_code == 201, signed.text


def _burst_from_many_headers(url: str, email: str, password: str, first: int, count: int) -> list[int]:
    with loopback.client(timeout=30) as client:
        return [
            client.post(
                f"{url}/api/auth/token",
                json={"email": email, "password": password, "name": "x"},
                headers={"X-Forwarded-For": f"198.51.100.{first + i}"},
            ).status_code
            for i in range(count)
        ]


@pytest.mark.parametrize("trusted", ["", "127.0.0.1"])
def test_forwarded_addresses_are_believed_only_from_a_trusted_proxy(tmp_path, sqlite_url, trusted):
    """`accord serve` itself: without ACCORD_TRUSTED_PROXIES, X-Forwarded-For is anyone's to write and
    changes nothing (every try counts at the peer's address); with the proxy trusted, each forwarded
    client is counted at its own address."""
    store = make_store(sqlite_url)
    people = make_people(store)
    store.dispose()
    with running_server(tmp_path, sqlite_url, cli=True, ACCORD_TRUSTED_PROXIES=trusted) as running:
        wrong = _burst_from_many_headers(running.url, people.member.email, "wrong guess", 1, throttle.PER_PAIR + 3)
        right = _burst_from_many_headers(running.url, people.member.email, PASSWORD, 100, 1)
        again = _burst_from_many_headers(running.url, people.member.email, PASSWORD, 1, 1)
    if trusted:
        assert wrong == [401] * (throttle.PER_PAIR + 3)  # each at its own address: none over its limit
        assert right == again == [201]
    else:
        assert wrong == [401] * throttle.PER_PAIR + [429] * 3  # one address, whatever the header says
        assert right == again == [429]
