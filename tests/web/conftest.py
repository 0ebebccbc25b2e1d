"""The real app through Litestar's test client, on a fresh SQLite database (and PostgreSQL where asked)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.testing import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import PASSWORD, People, make_people
from workspace.web.app import create_app


@pytest.fixture
def app(sqlite_url: str, settings_for):
    return create_app(settings_for(sqlite_url))


@pytest.fixture
def web_store(app) -> sessionmaker[Session]:
    return app.state.db


@pytest.fixture
def web_people(web_store) -> People:
    return make_people(web_store)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        # Tests read English messages unless they ask for another language; without this,
        # a process's own language (Spanish here) is the fallback, as it is for real visitors.
        test_client.headers["Accept-Language"] = "en"
        yield test_client


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


def token_headers(client: TestClient, email: str) -> dict[str, str]:
    response = client.post("/api/auth/token", json={"email": email, "password": PASSWORD, "name": "tests"})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}
