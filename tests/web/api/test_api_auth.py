"""The API's front door: the OpenAPI schema, tokens, and what a browser session may do."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.web.conftest import sign_in, token_headers


def assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "detail"}
    assert isinstance(body["error"], str) and body["error"]
    assert "Traceback" not in response.text
    return body


def test_the_openapi_schema_lists_the_api(client):
    response = client.get("/schema/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Accord API"
    paths = schema["paths"]
    for path in [
        "/api/me",
        "/api/auth/token",
        "/api/tokens",
        "/api/processes",
        "/api/processes/{slug}",
        "/api/processes/{slug}/members",
        "/api/processes/{slug}/sessions",
        "/api/processes/{slug}/sessions/{ref}/recommendations",
        "/api/processes/{slug}/recommendations",
        "/api/processes/{slug}/recommendations.csv",
        "/api/processes/{slug}/recommendations/{ref}/decision",
    ]:
        assert path in paths, path
    assert all(path.startswith("/api/") for path in paths), "pages must stay out of the API schema"
    assert schema["components"]["securitySchemes"]["token"] == {"type": "http", "scheme": "bearer"}


def test_a_token_from_a_password_identifies_its_owner(client, web_people):
    headers = token_headers(client, "member@example.org")
    me = client.get("/api/me", headers=headers)
    assert me.status_code == 200
    assert me.json() == {
        "id": web_people.member.id,
        "email": "member@example.org",
        "name": "Member",
        "is_admin": False,
        "locale": None,
    }


@pytest.mark.parametrize(
    "credentials",
    [
        {"email": "member@example.org", "password": "wrong password"},
        {"email": "nobody@example.org", "password": PASSWORD},
    ],
)
def test_wrong_credentials_get_no_token(client, web_people, credentials):
    body = assert_error(client.post("/api/auth/token", json=credentials), 401)
    assert body["error"] == "Wrong email or password."


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer acc_nonsense"},
        {"Authorization": "Bearer "},
        {"Authorization": "Basic bWU6cGFzcw=="},
    ],
)
def test_a_protected_route_without_a_valid_token_is_401_in_json(client, web_people, headers):
    assert_error(client.get("/api/me", headers=headers), 401)
    assert_error(client.get("/api/processes", headers=headers), 401)


def test_tokens_are_listed_without_their_secret_and_can_be_revoked(client, web_people):
    headers = token_headers(client, "committee@example.org")
    created = client.post("/api/tokens", json={"name": "hoja de cálculo"}, headers=headers)
    assert created.status_code == 201
    secret = created.json()["token"]
    listed = client.get("/api/tokens", headers=headers)
    assert [t["name"] for t in listed.json()] == ["tests", "hoja de cálculo"]
    assert secret not in listed.text
    assert client.delete(f"/api/tokens/{created.json()['id']}", headers=headers).status_code == 204
    assert_error(client.get("/api/me", headers={"Authorization": f"Bearer {secret}"}), 401)
    assert client.get("/api/me", headers=headers).status_code == 200


def test_the_locale_is_kept_on_the_account(client, web_people):
    headers = token_headers(client, "translator@example.org")
    response = client.put("/api/me/locale", json={"locale": "fr"}, headers=headers)
    assert response.status_code == 200 and response.json()["locale"] == "fr"
    assert client.get("/api/me", headers=headers).json()["locale"] == "fr"
    assert_error(client.put("/api/me/locale", json={"locale": "de"}, headers=headers), 422)


def test_a_browser_session_may_read_the_api_but_not_write_to_it(client, web_people):
    sign_in(client, "committee@example.org")
    assert client.get("/api/me").json()["email"] == "committee@example.org"
    assert [p["slug"] for p in client.get("/api/processes").json()] == ["kutahya"]
    new = {"slug": "tanger", "titles": {"es": "Tánger"}, "source_language": "es"}
    assert_error(client.post("/api/processes", json=new), 401)
    assert_error(client.put("/api/me/locale", json={"locale": "es"}), 401)
    assert_error(client.post("/api/tokens", json={"name": "x"}), 401)
    # nothing was created by the refused writes
    assert [p["slug"] for p in client.get("/api/processes").json()] == ["kutahya"]
    assert client.get("/api/tokens").json() == []


def test_a_token_wins_over_the_browser_session(client, web_people):
    sign_in(client, "committee@example.org")
    headers = token_headers(client, "observer@example.org")
    assert client.get("/api/me", headers=headers).json()["email"] == "observer@example.org"
