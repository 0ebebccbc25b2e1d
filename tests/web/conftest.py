"""The real app through Litestar's test client, on a fresh database of each backend (`db_url`).

Every web test is made for SQLite and PostgreSQL, as the store and service tests are: what a request
does in its one transaction (read-only on PostgreSQL, BEGIN IMMEDIATE on SQLite) is tested where
it runs (`make test` runs the PostgreSQL twin where the backend can change the outcome, `make
test-postgresql` the others: tests/backends.py). A module whose tests cannot depend on the backend keeps to SQLite with
`pytestmark = SQLITE_ONLY`, and says why in its docstring.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.conftest import PASSWORD, People, make_people, restored
from workspace.services.unit import store_for
from workspace.settings import Settings
from workspace.store.db import Store
from workspace.web.app import create_app

SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
"""For a module of tests that cannot depend on the backend: the app on SQLite only."""


_BUILT: dict[Settings, Litestar] = {}


def app_for(settings: Settings) -> Litestar:
    """The app of `settings`. Litestar takes a third of a second to build an app of 400 routes: each test process
    builds it once per settings and gives each test its own store and settings, where every handler and lifespan hook
    reads them (app.state). The database and the mail server (read by the job worker alone, never by the app) are
    each test's own."""
    key = replace(settings, database_url="", smtp_url="")
    built = _BUILT.get(key)
    if built is None:
        built = _BUILT[key] = create_app(settings)
        return built
    built.state.db.dispose()  # the last test's, if it never started the app
    built.state.db = store_for(settings, settings.threads)
    built.state.settings = settings
    return built


@pytest.fixture
def app(db_url: str, settings_for) -> Litestar:
    """The app on this test's fresh database (`app_for`)."""
    return app_for(settings_for(db_url).with_secret())


@pytest.fixture
def web_store(app) -> Store:
    return app.state.db


@pytest.fixture
def web_people(web_store) -> People:
    return restored(web_store, "people", make_people)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        # Tests read English messages unless they ask for another language; without this,
        # a process's own language (Spanish here) is the fallback, as it is for real visitors.
        test_client.headers["Accept-Language"] = "en"
        yield test_client


def another_browser(app: Litestar) -> TestClient:
    """Another browser on the app the test's `client` started: its own cookies, reading English. Not entered: a second
    start of the running app began its live-event workers again over the first ones, which were left pending."""
    other = TestClient(app)
    other.headers["Accept-Language"] = "en"
    return other


def csrf(client: TestClient) -> str:
    """The CSRF token a browser would hold (the cookie is set on the first page it opens)."""
    if not client.cookies.get("accord_csrf"):
        client.get("/signin")
    return client.cookies.get("accord_csrf")


def form_post(client: TestClient, path: str, data: dict, **kwargs):
    return client.post(path, data={**data, "_csrf_token": csrf(client)}, follow_redirects=False, **kwargs)


def sign_in(client: TestClient, email: str) -> None:
    response = form_post(client, "/signin", {"email": email, "password": PASSWORD})
    assert response.status_code == 303, response.text
    assert not client.cookies.get("accord_csrf")  # rotated at sign-in: a browser gets a new one on its next page
    client.get(response.headers["location"])


def token_headers(client: TestClient, email: str) -> dict[str, str]:
    response = client.post("/api/auth/token", json={"email": email, "password": PASSWORD, "name": "tests"})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}
