"""The members page: everyone sees who is in; only the committee invites, changes roles and removes."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.web.conftest import another_browser, form_post, sign_in
from tests.web.pages.test_pages_support import SLUG, error_message, field_value, html

# Fixtures shared by the page tests (the first is autouse).

PATH = f"/p/{SLUG}/members"


def member_rows(client) -> dict[str, str]:
    """e-mail → role label, as the table shows them."""
    page = html(client.get(PATH, headers={"Accept-Language": "en"}))
    return {
        row.find_all("td")[0].get_text(strip=True): row.find_all("td")[1].get_text(strip=True)
        for row in page.select("table.members tbody tr")
    }


def test_a_member_sees_the_table_but_no_forms(client, web_people):
    sign_in(client, web_people.member.email)
    page = html(client.get(PATH))
    assert len(page.select("table.members tbody tr")) == 4
    assert page.find("form", attrs={"action": PATH}) is None
    assert page.find("form", attrs={"action": f"{PATH}/remove"}) is None


def test_the_committee_invites_someone_and_gets_the_link_once(client, web_people):
    sign_in(client, web_people.committee.email)
    page = html(client.get(PATH))
    invite = page.find("form", id="invite-form")
    assert {f["name"] for f in invite.select("input, select") if f.get("name")} >= {"email", "role", "languages"}
    response = form_post(client, PATH, {"email": "Nueva@Example.org", "role": "translator", "languages": ["fr"]})
    assert response.status_code == 303 and response.headers["location"] == f"{PATH}#invitation-link"
    shown = html(client.get(PATH))
    link = shown.select_one("#invitation-link input.copy")["value"]
    assert link.startswith("http://127.0.0.1:8000/invitations/")  # the public URL, whatever the request's host
    row = next(r for r in shown.select("table.members tbody tr") if "nueva@example.org" in r.get_text())
    assert "invited" in row["class"] and "Translator" in row.get_text()
    assert html(client.get(PATH)).select_one("#invitation-link") is None  # shown once
    # The invited person opens the link, chooses a name and a password, and is in.
    newcomer = another_browser(client.app)
    page = html(newcomer.get(urlsplit(link).path))
    assert "Translator" in page.get_text() and page.find("input", attrs={"name": "password"})
    joined = form_post(
        newcomer,
        urlsplit(link).path,
        {"name": "Nueva Traductora", "password": "una clave propia", "repeat_password": "una clave propia"},
    )
    assert joined.status_code == 303 and joined.headers["location"] == f"/p/{SLUG}"
    assert newcomer.get(f"/p/{SLUG}", follow_redirects=False).status_code == 200
    assert member_rows(client)["nueva@example.org"] == "Translator"


def test_a_translator_without_languages_is_refused_and_the_form_kept(client, web_people):
    sign_in(client, web_people.committee.email)
    response = form_post(client, PATH, {"email": "t@example.org", "role": "translator"})
    assert response.status_code == 422
    page = html(response)
    invite = page.find("form", id="invite-form")
    assert "translator" in error_message(page).lower()
    assert field_value(page, "email", invite) == "t@example.org"
    assert field_value(page, "role", invite) == "translator"


def test_the_committee_changes_a_role_in_the_table(client, web_people):
    sign_in(client, web_people.committee.email)
    response = form_post(client, PATH, {"email": web_people.observer.email, "role": "member", "form": "row"})
    assert response.status_code == 303
    assert member_rows(client)[web_people.observer.email] == "Member"


def test_the_committee_removes_a_member(client, web_people):
    sign_in(client, web_people.committee.email)
    response = form_post(client, f"{PATH}/remove", {"email": web_people.observer.email})
    assert response.status_code == 303
    assert web_people.observer.email not in member_rows(client)


def test_the_last_committee_member_cannot_leave(client, web_people):
    sign_in(client, web_people.committee.email)
    response = form_post(client, f"{PATH}/remove", {"email": web_people.committee.email})
    assert response.status_code == 409
    page = html(response)
    assert error_message(page)
    assert field_value(page, "email", page.find("form", id="invite-form")) == ""  # the invitation stays empty


def test_a_member_cannot_invite(client, web_people):
    sign_in(client, web_people.member.email)
    response = form_post(client, PATH, {"email": "friend@example.org", "role": "committee"})
    assert response.status_code == 403
    assert "friend@example.org" not in member_rows(client)
