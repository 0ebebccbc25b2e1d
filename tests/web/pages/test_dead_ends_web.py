"""No dead ends for a person signed in (issue 67, item 9): `/admin` is the administration's door for an administrator
and, for anyone else, a 404 page whose header still names who is signed in (as does the 404 of any address no route
has), in their language. SQLite only: nothing here is read differently on PostgreSQL."""

from __future__ import annotations

from tests.web.conftest import SQLITE_ONLY, sign_in
from tests.web.pages.test_pages_support import html
from workspace.services import accounts
from workspace.services.actor import SYSTEM

pytestmark = SQLITE_ONLY


def header(page) -> tuple[str | None, bool, bool]:
    """Who the header names (its link to their account), and whether it offers to sign in, or to sign out."""
    nav = page.select_one("header.bar nav")
    named = nav.select_one("a[href='/account']")
    return (
        named.get_text(strip=True) if named else None,
        nav.select_one("a[href='/signin']") is not None,
        nav.select_one("form[action='/signout']") is not None,
    )


def test_admin_is_the_administrations_door_and_a_404_that_knows_who_is_signed_in(client, web_people):
    anonymous = client.get("/admin", follow_redirects=False)
    assert anonymous.status_code == 404 and header(html(anonymous)) == (None, True, False)

    sign_in(client, web_people.member.email)
    refused = client.get("/admin", follow_redirects=False)
    assert refused.status_code == 404
    page = html(refused)
    assert header(page) == ("Member", False, True)
    assert page.find("h1").get_text(strip=True) == "This page does not exist."
    assert not page.select("header a[href='/admin/accounts']")

    sign_in(client, web_people.admin.email)
    door = client.get("/admin", follow_redirects=False)
    assert door.status_code == 303 and door.headers["location"] == "/admin/accounts"
    assert client.get("/admin/accounts").status_code == 200


def test_an_address_no_route_has_names_who_is_signed_in_in_their_language(client, web_store, web_people):
    sign_in(client, web_people.member.email)
    for path in ("/nowhere", "/admin/nothing/here", "/p/kutahya/nothing/at/all"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert header(html(answer)) == ("Member", False, True), path
    accounts.set_locale(web_store, web_people.member, "fr")
    french = html(client.get("/nowhere"))
    assert french.find("html")["lang"] == "fr" and header(french)[0] == "Member"
    assert french.find("h1").get_text(strip=True) == "Cette page n’existe pas."
    accounts.set_password(web_store, SYSTEM, web_people.member.email, "another password 123")  # ends the sign-in
    assert header(html(client.get("/nowhere"))) == (None, True, False)
