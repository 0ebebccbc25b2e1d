"""What a request costs before any work: a static file, who-am-I, and small pages. Run with `make bench`."""

from __future__ import annotations

import statistics
import time

from litestar.testing import TestClient

from tests.conftest import make_people
from tests.integration.support import QUICK_HASHER
from tests.web.conftest import sign_in, token_headers
from workspace.services import accounts
from workspace.store.db import make_store
from workspace.web.app import create_app


def median_ms(client: TestClient, path: str, headers: dict[str, str] | None = None, rounds: int = 200) -> float:
    client.get(path, headers=headers)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(path, headers=headers)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times) * 1000


def test_the_cost_of_a_request_before_any_work(db_url, settings_for, monkeypatch):
    monkeypatch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)
    store = make_store(db_url)
    people = make_people(store)
    store.dispose()
    with TestClient(create_app(settings_for(db_url))) as client:
        headers = token_headers(client, people.committee.email)
        static = median_ms(client, "/static/accord.css")
        me = median_ms(client, "/api/me", headers)
        process = median_ms(client, "/api/processes/kutahya", headers)
        sign_in(client, people.committee.email)
        page = median_ms(client, "/p/kutahya/sessions")
    print(
        f"\n[{db_url.split(':')[0]}] median per request: static file {static:.1f} ms, /api/me {me:.1f} ms, "
        f"a process (API) {process:.1f} ms, the sessions page {page:.1f} ms"
    )
    assert me < 20 * static
