"""The browser's session cookie (web/session_cookie.py): written again when the session changes and once a day, not
at every answer; whatever is written is the session as it now stands."""

from __future__ import annotations

from tests.web.conftest import form_post, sign_in
from workspace.web import session_cookie

SESSION = "accord_session"


def sets_session(answer) -> bool:
    return any(value.startswith(SESSION) for value in answer.headers.get_list("set-cookie"))


def test_the_session_cookie_is_written_when_the_session_changes_and_once_a_day(client, web_people, monkeypatch):
    sign_in(client, web_people.member.email)  # the sign-in wrote it
    first = client.get("/processes")
    assert first.status_code == 200 and not sets_session(first)
    assert not sets_session(client.get("/account"))

    made = form_post(client, "/account/tokens", {"name": "hoja de cálculo"})  # a new token, shown once
    assert made.status_code == 303 and sets_session(made)
    shown = client.get("/account")  # shows it and forgets it: the session changed again
    assert "hoja de cálculo" in shown.text and sets_session(shown)
    again = client.get("/account")
    assert not sets_session(again)

    tomorrow = session_cookie.today() + 1
    monkeypatch.setattr(session_cookie, "today", lambda: tomorrow)
    renewed = client.get("/processes")
    assert sets_session(renewed)  # its fourteen days run from today's visit
    assert not sets_session(client.get("/processes"))
    assert client.get("/account").status_code == 200  # still signed in, with the cookie written today


def test_signing_out_still_ends_the_session_whatever_the_cookie_says(client, web_people):
    sign_in(client, web_people.member.email)
    kept = client.cookies.get(SESSION)
    assert form_post(client, "/signout", {}).status_code == 303
    client.cookies.set(SESSION, kept)  # a copy of the cookie from before
    answer = client.get("/account", follow_redirects=False)
    assert answer.status_code in (302, 303) and "/signin" in answer.headers["location"]
