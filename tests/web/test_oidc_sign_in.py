"""Signing in with the organisation's accounts (issue 36), through the app and a real OpenID provider running as a
process (tests/oidc_provider: panva's oidc-provider), on both backends.

The test is the browser: it asks Accord's /auth/oidc/login, signs in at the provider's own form over HTTP
(`sign_in_at_provider`), and brings the provider's answer back to /auth/oidc/callback; Accord exchanges the code
with the provider and verifies its ID token against the provider's keys, for real. A refused sign-in answers a
page in the reader's language (400 or 403), creates nothing and is recorded in the audit trail.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from tests.oidc_provider import LABEL, TEST_URL, sign_in_at_provider
from tests.web.pages.test_pages_support import html
from workspace.domain.consultations.consultations import MemberDraft
from workspace.services import accounts, processes
from workspace.services.accounts import throttle
from workspace.settings import Settings
from workspace.store.models import Activity, Membership, SignInFailure, User

SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def settings_for(oidc_provider):
    def build(url: str) -> Settings:
        return Settings.from_env(
            {},
            database_url=url,
            secret_key="test-secret-key-0123456789abcdef",
            jobs_in_process=False,
            public_url=TEST_URL,
            **oidc_provider.settings(),
        )

    return build


def answer_of(client, login: str, next: str | None = None, **how) -> str:
    """The provider's answer (the callback's address) once `login` signed in there, the sign-in started at Accord."""
    start = client.get("/auth/oidc/login", params={"next": next} if next else {}, follow_redirects=False)
    assert start.status_code == 303, start.text
    assert "code_challenge_method=S256" in start.headers["location"]
    return sign_in_at_provider(start.headers["location"], login, **how)


def user(store, email: str) -> User | None:
    with store.reader() as tx:
        return tx.scalar(select(User).where(User.email == email))


def refusals(store) -> list[dict]:
    with store.reader() as tx:
        return [
            a.data
            for a in tx.scalars(select(Activity).where(Activity.verb == "user.sso_refused").order_by(Activity.id))
        ]


def test_a_known_address_is_linked_then_found_by_its_subject(client, web_people, web_store):
    signin = html(client.get("/signin?next=/p/kutahya"))
    assert signin.select_one("#sso-sign-in")["href"] == "/auth/oidc/login?next=/p/kutahya"
    assert signin.select_one("#sso-sign-in").get_text() == f"Sign in with {LABEL}"
    back = client.get(answer_of(client, "member", "/p/kutahya"), follow_redirects=False)
    assert back.status_code == 303 and back.headers["location"] == "/p/kutahya", back.text
    linked = user(web_store, "member@example.org")
    assert linked.oidc_subject == "member" and linked.last_sign_in_via == "sso"
    assert linked.name == "Member"  # the account's own name is kept
    ways = html(client.get("/account")).select_one("#sign-in-ways").get_text(" ", strip=True)
    assert ways == f"Password · {LABEL}"  # both ways, for one who has both
    client.post("/signout", data={"_csrf_token": client.cookies.get("accord_csrf")})
    client.cookies.clear()
    again = client.get(answer_of(client, "member"), follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == "/processes"
    assert client.get("/account").status_code == 200
    with web_store.reader() as tx:
        assert [a.verb for a in tx.scalars(select(Activity).where(Activity.verb.like("user.sso%")))] == [
            "user.sso_linked"
        ]


def test_a_sign_in_through_the_provider_keeps_the_browsers_language_for_mails(client, web_people, web_store):
    """Issue 67: an account that says "the language of my browser" gets its mails in the language of the browser it
    last signed in with, whichever way it signed in."""
    client.headers["Accept-Language"] = "fr-FR,fr;q=0.9"
    assert client.get(answer_of(client, "member"), follow_redirects=False).status_code == 303
    assert user(web_store, "member@example.org").browser_locale == "fr"
    hint = html(client.get("/account")).select_one("#a-locale-hint").get_text(" ", strip=True)
    assert hint.endswith("dernière connexion\u00a0: français."), hint


def test_an_unknown_person_is_refused_unless_accounts_are_made(client, web_people, web_store):
    refused = client.get(answer_of(client, "nora"), follow_redirects=False)
    assert refused.status_code == 403
    assert "There is no account for nora.newcomer@example.org in Accord" in refused.text
    assert user(web_store, "nora.newcomer@example.org") is None
    assert refusals(web_store)[-1]["reason"] == "no_account"
    client.app.state.settings = replace(client.app.state.settings, oidc_create_accounts=True)
    made = client.get(answer_of(client, "nora"), follow_redirects=False)
    assert made.status_code == 303, made.text
    nora = user(web_store, "nora.newcomer@example.org")
    assert (nora.name, nora.password_hash, nora.oidc_subject, nora.is_admin) == ("Nora Newcomer", None, "nora", False)
    page = html(client.get("/account"))
    assert page.select_one("#sign-in-ways").get_text(" ", strip=True) == LABEL
    assert page.select_one("#password-form") is None  # no password to change: a link to choose one instead
    assert page.select_one("a[href='/password-reset']")


def test_the_admin_claim_makes_and_unmakes_administrators(client, web_people, web_store):
    assert not user(web_store, "committee@example.org").is_admin
    assert client.get(answer_of(client, "committee"), follow_redirects=False).status_code == 303
    assert user(web_store, "committee@example.org").is_admin  # in the group the claim names
    assert client.get("/admin/accounts").status_code == 200
    client.cookies.clear()
    assert client.get(answer_of(client, "admin"), follow_redirects=False).status_code == 303
    assert not user(web_store, "admin@example.org").is_admin  # the claim is followed: not in the group, not one
    with web_store.reader() as tx:
        changes = [
            (a.subject, a.data) for a in tx.scalars(select(Activity).where(Activity.verb == "user.admin_by_claim"))
        ]
    assert [data["is_admin"] for _, data in changes] == [True, False]


def test_an_invitation_is_accepted_through_the_provider(client, web_people, web_store):
    view = processes.set_member(
        web_store, web_people.committee, "kutahya", MemberDraft(email="invitee@example.org", role="member")
    )
    path = view.invitation
    offered = html(client.get(path)).select_one("#sso-accept")
    assert offered["href"] == f"/auth/oidc/login?next={path}" and offered.get_text() == f"Accept with {LABEL}"
    back = client.get(answer_of(client, "invitee", path), follow_redirects=False)
    assert back.status_code == 303 and back.headers["location"] == "/p/kutahya", back.text
    invitee = user(web_store, "invitee@example.org")  # made for the invitation, accounts not made otherwise
    assert invitee.name == "Ines Invitee" and invitee.oidc_subject == "invitee"
    with web_store.reader() as tx:
        role = tx.scalar(select(Membership.role).where(Membership.user_id == invitee.id))
    assert role == "member"
    assert "Welcome: you are now in the process." in client.get("/p/kutahya").text
    assert client.get(path).status_code == 404  # used


@SQLITE_ONLY
def test_a_wrong_missing_or_replayed_state_and_a_replayed_code_are_refused(client, web_people, web_store):
    before = len(refusals(web_store))
    assert client.get("/auth/oidc/callback?code=abc&state=forged").status_code == 400
    assert client.get("/auth/oidc/callback?code=abc").status_code == 400
    answer = answer_of(client, "translator", "//elsewhere.example/")  # never back to another site
    assert client.get(answer, follow_redirects=False).headers["location"] == "/processes"
    client.cookies.clear()
    replayed = client.get(answer, follow_redirects=False)  # the same callback again: its state was used
    assert replayed.status_code == 400 and "Please start again" in replayed.text
    # The same code under a state of this browser's: the provider refuses it (used, and not this sign-in's PKCE).
    code = dict(part.split("=", 1) for part in answer.split("?", 1)[1].split("&"))["code"]
    start = client.get("/auth/oidc/login", follow_redirects=False)
    state = dict(part.split("=", 1) for part in start.headers["location"].split("?", 1)[1].split("&"))["state"]
    again = client.get(f"/auth/oidc/callback?code={code}&state={state}", follow_redirects=False)
    assert again.status_code == 400 and f"The sign-in with {LABEL} was not accepted any more" in again.text
    assert client.get("/account", follow_redirects=False).status_code in (302, 303)  # nobody signed in
    assert [
        (r["reason"], (r["detail"] or {}).get("state") or (r["detail"] or {}).get("error"))
        for r in refusals(web_store)[before:]
    ] == [
        ("state", "unknown"),
        ("state", "missing"),
        ("state", "unknown"),
        ("code", "invalid_grant"),
    ]


@SQLITE_ONLY
def test_an_answer_naming_another_issuer_is_refused_to_the_letter(client, web_people, web_store):
    """RFC 9207: the `iss` of the provider's answer is compared with its issuer as a plain string (a mix-up with
    another provider is what it stops): the same issuer with a slash more is another, and nobody is signed in."""
    from urllib.parse import parse_qsl, urlencode, urlsplit

    before = len(refusals(web_store))
    answer = urlsplit(answer_of(client, "member"))
    said = dict(parse_qsl(answer.query))
    issuer = client.app.state.settings.oidc_issuer
    assert said.get("iss", issuer) == issuer  # the provider names itself (or says nothing)
    other = client.get(f"{answer.path}?{urlencode(said | {'iss': issuer + '/'})}", follow_redirects=False)
    assert other.status_code == 400, other.text
    assert client.get("/account", follow_redirects=False).status_code in (302, 303)  # nobody signed in
    assert [(r["reason"], (r["detail"] or {}).get("check")) for r in refusals(web_store)[before:]] == [
        ("id_token", "iss")
    ]


def test_anyone_calling_the_callback_is_answered_but_written_down_only_up_to_the_throttles_limit(
    client, web_people, web_store
):
    """The callback is anyone's to call: each refusal is answered, and counted as a failed sign-in from the address;
    past the sign-in throttle's limit (five in fifteen minutes) no more is written to the audit trail, so a loop of
    requests cannot fill it. Another address is written down again."""
    before = len(refusals(web_store))
    answers = [client.get(f"/auth/oidc/callback?code=abc&state=forged{i}").status_code for i in range(12)]
    assert answers == [400] * 12
    assert len(refusals(web_store)) - before == throttle.PER_PAIR
    elsewhere = client.get("/auth/oidc/callback?code=abc&state=forged", headers={"X-Forwarded-For": "198.51.100.7"})
    assert elsewhere.status_code == 400 and len(refusals(web_store)) - before == throttle.PER_PAIR  # not believed
    with web_store.writer.begin() as tx:  # the window passed
        for failure in tx.scalars(select(SignInFailure)):
            failure.at -= throttle.WINDOW
    assert client.get("/auth/oidc/callback?code=abc&state=late").status_code == 400
    assert len(refusals(web_store)) - before == throttle.PER_PAIR + 1


@SQLITE_ONLY
def test_the_provider_refusing_and_an_unverified_address_are_refused_in_the_readers_language(
    client, web_people, web_store
):
    client.headers["Accept-Language"] = "fr"
    count = len(accounts.list_users(web_store, web_people.admin))
    aborted = client.get(answer_of(client, "member", abort=True), follow_redirects=False)
    assert aborted.status_code == 403 and "Non connecté" in aborted.text, aborted.text
    unverified = client.get(answer_of(client, "observer"), follow_redirects=False)
    assert unverified.status_code == 403 and "observer@example.org" in unverified.text
    assert "Non connecté" in unverified.text
    no_address = client.get(answer_of(client, "nomail"), follow_redirects=False)
    assert no_address.status_code == 403
    assert user(web_store, "observer@example.org").oidc_subject is None  # not linked
    assert user(web_store, "member@example.org").oidc_subject is None
    assert len(accounts.list_users(web_store, web_people.admin)) == count
    assert [r["reason"] for r in refusals(web_store)] == ["provider_error", "unverified_email", "no_email"]
    assert refusals(web_store)[0]["detail"]["error"] == "access_denied"


@SQLITE_ONLY
def test_a_disabled_account_is_refused(client, web_people, web_store):
    accounts.set_disabled(web_store, web_people.admin, "translator@example.org", True)
    refused = client.get(answer_of(client, "translator"), follow_redirects=False)
    assert refused.status_code == 403 and "is disabled" in refused.text
    assert user(web_store, "translator@example.org").oidc_subject is None
    assert refusals(web_store)[-1] == {
        "reason": "disabled",
        "detail": None,
        "email": "translator@example.org",
        "issuer": client.app.state.settings.oidc_issuer,
    }


@SQLITE_ONLY
def test_a_provider_out_of_reach_answers_503_and_without_settings_the_pages_are_not_there(client, web_people):
    from tests.oidc_provider import _free_port

    client.app.state.settings = replace(client.app.state.settings, oidc_issuer=f"http://127.0.0.1:{_free_port()}")
    down = client.get("/auth/oidc/login", follow_redirects=False)
    assert down.status_code == 503 and "cannot be reached just now" in down.text
    assert down.headers["retry-after"] == "30"
    client.app.state.settings = replace(client.app.state.settings, oidc_issuer="")
    assert client.get("/auth/oidc/login").status_code == 404
    assert client.get("/auth/oidc/callback?code=x&state=y").status_code == 404
    assert html(client.get("/signin")).select_one("#sso-sign-in") is None


def test_half_a_configuration_is_refused_at_start():
    with pytest.raises(ValueError, match="ACCORD_OIDC_CLIENT_SECRET, ACCORD_OIDC_LABEL"):
        Settings.from_env(
            {"ACCORD_OIDC_ISSUER": "https://id.example.org", "ACCORD_OIDC_CLIENT_ID": "accord"}
        ).check_oidc()
    with pytest.raises(ValueError, match="ACCORD_OIDC_ISSUER"):
        Settings.from_env({"ACCORD_OIDC_CREATE_ACCOUNTS": "true"}).check_oidc()
    whole = {
        "oidc_issuer": "https://id.example.org",
        "oidc_client_id": "a",
        "oidc_client_secret": "b",
        "oidc_label": "c",
    }
    with pytest.raises(ValueError, match="ACCORD_OIDC_ADMIN_CLAIM"):
        Settings(**whole, oidc_admin_claim="=yes").check_oidc()
    Settings(**whole, oidc_admin_claim="realm_access.roles=accord-admin").check_oidc()
    Settings().check_oidc()  # none at all: fine
    from click.testing import CliRunner

    from workspace.cli import main

    refused = CliRunner().invoke(main, ["serve"], env={"ACCORD_OIDC_ISSUER": "https://id.example.org"})
    assert refused.exit_code != 0 and "set ACCORD_OIDC_CLIENT_ID, ACCORD_OIDC_CLIENT_SECRET" in refused.output
