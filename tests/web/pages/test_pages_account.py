"""The account page: interface language, own password, the choice of mails, personal API tokens."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.conftest import PASSWORD
from tests.web.conftest import another_browser, form_post, sign_in, token_headers
from tests.web.pages.test_pages_support import SLUG, error_message, form_at, html
from workspace.services import accounts

# Fixtures shared by the page tests (the first is autouse).


def token_names(page) -> list[str]:
    return [row.find("th").get_text(strip=True) for row in page.select("table.tokens tbody tr")]


def test_the_account_page_has_its_five_parts(client, web_people):
    sign_in(client, web_people.translator.email)
    page = html(client.get("/account"))
    assert page.find("h1")
    assert [h.get_text(strip=True) for h in page.find_all("h2")] == [
        "Interface language",
        "Password",
        "Emails",
        "Your data",
        "Personal API tokens",
    ]
    assert page.find("section", attrs={"aria-labelledby": "my-data"}).find("a", href="/api/me/data")
    assert page.find("section", attrs={"aria-labelledby": "mails"}).find("a", href="/account/notifications")
    assert form_at(page, "/language").find("input", attrs={"name": "next"})["value"] == "/account"
    password = form_at(page, "/account/password")
    assert [i["name"] for i in password.select("input[type=password]")] == [
        "current_password",
        "new_password",
        "repeat_password",
    ]
    assert form_at(page, "/account/tokens").find("input", attrs={"name": "name"})


def test_a_token_is_shown_once_then_only_its_prefix(client, web_people):
    sign_in(client, web_people.member.email)
    response = form_post(client, "/account/tokens", {"name": "export script"})
    assert response.status_code == 303
    page = html(client.get("/account"))
    token = page.find("code", id="new-token").get_text(strip=True)
    assert token.startswith(accounts.TOKEN_PREFIX)
    assert token_names(page) == ["export script"]
    assert (
        client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()["email"] == web_people.member.email
    )

    again = html(client.get("/account"))
    assert again.find("code", id="new-token") is None
    assert token not in again.get_text()
    assert again.select_one("table.tokens code").get_text() == token[:10] + "…"


def test_a_token_is_revoked(client, web_people):
    created = accounts.create_token(client.app.state.db, web_people.member, "old")
    sign_in(client, web_people.member.email)
    response = form_post(client, f"/account/tokens/{created.id}/revoke", {})
    assert response.status_code == 303
    assert token_names(html(client.get("/account"))) == []
    assert client.get("/api/me", headers={"Authorization": f"Bearer {created.token}"}).status_code == 401


def test_someone_elses_token_cannot_be_revoked(client, web_people):
    created = accounts.create_token(client.app.state.db, web_people.committee, "theirs")
    sign_in(client, web_people.member.email)
    assert form_post(client, f"/account/tokens/{created.id}/revoke", {}).status_code == 404
    assert [t.name for t in accounts.list_tokens(client.app.state.db, web_people.committee)] == ["theirs"]


def test_a_token_needs_a_name(client, web_people):
    sign_in(client, web_people.member.email)
    response = form_post(client, "/account/tokens", {"name": "  "})
    assert response.status_code == 422
    assert error_message(html(response))


def test_the_password_is_changed_with_the_current_one_and_twice_the_new(client, web_people):
    sign_in(client, web_people.member.email)
    email = web_people.member.email
    wrong = form_post(
        client,
        "/account/password",
        {"current_password": "nope", "new_password": "a new secret", "repeat_password": "a new secret"},
    )
    assert wrong.status_code == 422 and error_message(html(wrong))
    mismatch = form_post(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": "a new secret", "repeat_password": "a new secreT"},
    )
    assert mismatch.status_code == 422
    assert html(mismatch).find("input", attrs={"name": "repeat_password"})["aria-invalid"] == "true"
    short = form_post(
        client, "/account/password", {"current_password": PASSWORD, "new_password": "short", "repeat_password": "short"}
    )
    assert short.status_code == 422
    accounts.authenticate(client.app.state.db, email, PASSWORD)  # nothing changed yet

    done = form_post(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": "a new secret", "repeat_password": "a new secret"},
    )
    assert done.status_code == 303
    assert accounts.authenticate(client.app.state.db, email, "a new secret").email == email


def test_a_newcomers_refused_account_is_shown_again_with_the_name_typed_never_the_passwords(client, web_people):
    """The invitation page decodes the API's JoinAsNew and shows every refusal again through one path: the field
    named by its label on the form (no longer its code), the name kept, no password put back."""
    link = client.post(
        f"/api/processes/{SLUG}/members",
        json={"email": "newcomer@example.org", "role": "observer"},
        headers=token_headers(client, web_people.committee.email),
    ).json()["invitation"]
    path = urlsplit(link).path
    newcomer = another_browser(client.app)
    blank = form_post(
        newcomer, path, {"name": " ", "password": "una clave larga", "repeat_password": "una clave larga"}
    )
    assert blank.status_code == 422 and error_message(html(blank)) == "The field “Name” is required."
    typed = {"name": "Nueva Persona", "password": "una clave larga", "repeat_password": "otra clave larga"}
    mismatch = html(form_post(newcomer, path, typed))
    assert "not the same" in error_message(mismatch)
    assert mismatch.find("input", attrs={"name": "name"})["value"] == "Nueva Persona"
    assert all(not i.get("value") for i in mismatch.select("input[type=password]"))
    assert "una clave larga" not in str(mismatch) and "otra clave larga" not in str(mismatch)
