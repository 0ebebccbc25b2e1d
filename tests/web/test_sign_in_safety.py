"""Sessions that really end, and passwords that cannot be guessed at leisure."""

from __future__ import annotations

import threading
import time

import pytest
from litestar.testing import TestClient

from tests.conftest import PASSWORD
from tests.web.conftest import another_browser, csrf, form_post, sign_in, token_headers
from workspace.domain.errors import NotAuthenticated
from workspace.services import accounts
from workspace.services.accounts import passwords, throttle
from workspace.web.api import accounts as api_accounts
from workspace.web.pages import auth as pages_auth


@pytest.fixture(autouse=True)
def slept(monkeypatch) -> list[float]:
    """The slowdowns asked for, in seconds, recorded instead of spent; and a test header that
    stands for the network address a request comes from (the test client has only one)."""
    waits: list[float] = []
    monkeypatch.setattr(throttle, "sleep", waits.append)

    def address(request):
        return request.headers.get("x-test-peer", "testclient")

    for module in (api_accounts, pages_auth):
        monkeypatch.setattr(module, "client_address", address)
    return waits


def from_(address: str) -> dict[str, str]:
    return {"x-test-peer": address}


def signed_in(client: TestClient) -> bool:
    return client.get("/processes", follow_redirects=False).status_code == 200


def copy_of(app, client: TestClient) -> TestClient:
    """Another browser on the app `client` started, holding a copy of `client`'s cookies."""
    other = another_browser(app)
    other.cookies.update(client.cookies)
    return other


def test_signing_out_ends_the_session_even_for_a_copied_cookie(app, client, web_people):
    sign_in(client, web_people.member.email)
    stolen = copy_of(app, client)
    assert signed_in(stolen)
    assert form_post(client, "/signout", {}).status_code == 303
    assert not signed_in(client) and not signed_in(stolen)


def test_a_new_password_ends_the_other_sessions_and_the_tokens_but_not_this_one(app, client, web_people):
    email = web_people.member.email
    sign_in(client, email)
    other = another_browser(app)
    sign_in(other, email)
    headers = token_headers(client, email)
    assert client.get("/api/me", headers=headers).status_code == 200
    changed = form_post(
        client,
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "una clave nueva y larga",
            "repeat_password": "una clave nueva y larga",
        },
    )
    assert changed.status_code == 303
    assert signed_in(client)
    assert not signed_in(other)
    assert client.get("/api/me", headers=headers).status_code == 401


def test_the_csrf_token_changes_at_sign_in(client, web_people):
    before = csrf(client)
    sign_in(client, web_people.member.email)
    assert csrf(client) != before


def test_wrong_passwords_from_one_address_are_refused_there_even_with_the_right_one_after(client, web_people):
    email = web_people.observer.email
    for _ in range(throttle.PER_PAIR):
        assert form_post(client, "/signin", {"email": email, "password": "not the password"}).status_code == 401
    refused = form_post(client, "/signin", {"email": email, "password": PASSWORD})
    assert refused.status_code == 429 and 0 < int(refused.headers["retry-after"]) <= 15 * 60 + 1
    api = client.post("/api/auth/token", json={"email": email, "password": PASSWORD})
    assert api.status_code == 429 and api.headers["retry-after"] and api.json()["detail"]["retry_after"] > 0
    # Another account is not concerned.
    assert (
        client.post(
            "/api/auth/token",
            json={"email": web_people.member.email, "password": PASSWORD},
            headers={"x-forwarded-for": "ignored"},
        ).status_code
        == 201
    )


def test_nobody_locks_the_owner_out_the_owner_signs_in_from_another_address(app, client, web_people, slept):
    email = web_people.committee.email
    for _ in range(throttle.PER_PAIR):
        assert (
            form_post(
                client, "/signin", {"email": email, "password": "guess"}, headers=from_("203.0.113.66")
            ).status_code
            == 401
        )
    assert (
        form_post(client, "/signin", {"email": email, "password": PASSWORD}, headers=from_("203.0.113.66")).status_code
        == 429
    )
    assert (
        client.post(
            "/api/auth/token", json={"email": email, "password": PASSWORD}, headers=from_("203.0.113.66")
        ).status_code
        == 429
    )
    owner = another_browser(app)
    page = form_post(owner, "/signin", {"email": email, "password": PASSWORD}, headers=from_("198.51.100.7"))
    assert page.status_code == 303 and signed_in(owner)
    assert (
        client.post(
            "/api/auth/token", json={"email": email, "password": PASSWORD}, headers=from_("198.51.100.7")
        ).status_code
        == 201
    )
    assert slept == [throttle.slowdown(throttle.PER_PAIR)] * 2  # slowed, not refused


def test_guesses_from_many_addresses_only_slow_the_account_down(client, web_people, slept):
    email = web_people.member.email
    for i in range(3 * throttle.PER_PAIR):
        answer = client.post(
            "/api/auth/token", json={"email": email, "password": "guess"}, headers=from_(f"192.0.2.{i}")
        )
        assert answer.status_code == 401
    assert (
        client.post(
            "/api/auth/token", json={"email": email, "password": PASSWORD}, headers=from_("198.51.100.7")
        ).status_code
        == 201
    )
    assert slept == [throttle.slowdown(n) for n in range(throttle.SLOW_AFTER, 3 * throttle.PER_PAIR + 1)]
    assert 0 < slept[0] < slept[-1] <= throttle.MAX_DELAY


def test_one_address_trying_many_accounts_is_throttled(client, web_people):
    for i in range(throttle.PER_ADDRESS):
        answer = client.post("/api/auth/token", json={"email": f"guess{i}@example.org", "password": "x"})
        assert answer.status_code == 401
    assert (
        client.post("/api/auth/token", json={"email": web_people.member.email, "password": PASSWORD}).status_code == 429
    )
    assert form_post(client, "/signin", {"email": web_people.member.email, "password": PASSWORD}).status_code == 429
    assert (
        client.post(
            "/api/auth/token",
            json={"email": web_people.member.email, "password": PASSWORD},
            headers=from_("198.51.100.7"),
        ).status_code
        == 201
    )


def test_a_right_password_resets_the_count_of_the_account_from_that_address(client, web_people):
    email = web_people.member.email
    for _ in range(throttle.PER_PAIR - 1):
        client.post("/api/auth/token", json={"email": email, "password": "wrong"})
    assert client.post("/api/auth/token", json={"email": email, "password": PASSWORD}).status_code == 201
    for _ in range(throttle.PER_PAIR - 1):
        assert client.post("/api/auth/token", json={"email": email, "password": "wrong"}).status_code == 401


def test_password_hashing_runs_at_most_one_per_core_at_once(monkeypatch):
    running, most = 0, 0
    lock = threading.Lock()

    class Slow:
        def verify(self, stored, password):
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
            time.sleep(0.05)
            with lock:
                running -= 1
            return False

    monkeypatch.setattr(passwords.Hashing, "hasher", Slow())
    threads = [threading.Thread(target=passwords.verify, args=("hash", "guess")) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 1 <= most <= passwords._SLOTS._initial_value  # type: ignore[attr-defined]


def test_only_an_administrator_sets_someone_else_s_password(client, web_people, web_store):
    target = web_people.observer.email
    anonymous = form_post(client, "/admin/accounts/password", {"email": target, "password": "tomada por asalto"})
    assert anonymous.status_code in (302, 303) and anonymous.headers["location"].startswith("/signin")
    sign_in(client, web_people.committee.email)
    assert client.get("/admin/accounts").status_code == 403
    assert (
        form_post(client, "/admin/accounts/password", {"email": target, "password": "tomada por asalto"}).status_code
        == 403
    )
    with pytest.raises(NotAuthenticated):
        accounts.authenticate(web_store, target, "tomada por asalto")
    form_post(client, "/signout", {})
    sign_in(client, web_people.admin.email)
    listed = client.get("/admin/accounts")
    assert listed.status_code == 200 and target in listed.text
    assert (
        form_post(client, "/admin/accounts/password", {"email": target, "password": "la nueva clave"}).status_code
        == 303
    )
    assert accounts.authenticate(web_store, target, "la nueva clave").email == target


def test_nobody_signed_in_is_never_the_system(web_store, web_people):
    for call in (
        lambda: accounts.set_password(web_store, None, web_people.observer.email, "otra clave larga"),
        lambda: accounts.list_users(web_store, None),
        lambda: accounts.add_user(web_store, None, "x@example.org", "X", "una clave larga"),
    ):
        with pytest.raises(NotAuthenticated):
            call()
