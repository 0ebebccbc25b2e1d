"""Mail over HTTP: the real app, a real SMTP server (aiosmtpd) and what it received.

“Forgot your password?” from the sign-in page to the link in the mail and a new password; the API's
variants; each person's choice of mails (API and page); the one-click unsubscribe of a mail's
`List-Unsubscribe` header, without sign-in or CSRF token (RFC 8058); what administrators read at
/admin/mail; and links made on the public URL, never on the request's Host header.

The app runs no worker here (`jobs_in_process=False`): `deliver()` does the due work in the test's
thread, as `accord worker` would, through the SMTP server.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest
from huey import MemoryHuey
from litestar.testing import TestClient
from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.web.conftest import another_browser, app_for, form_post, sign_in, token_headers
from tests.web.pages.test_pages_support import SLUG, error_message, form_at, html
from workspace.domain.amendments.amendment_commands import SetParagraphStatus
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate
from workspace.domain.notifications.news import Kind
from workspace.domain.publication.publication_commands import Publish
from workspace.domain.translations.translations import SaveTranslation
from workspace.services import accounts, amendments, translations
from workspace.services.actor import SYSTEM
from workspace.services.declaration import draft
from workspace.services.notifications import outgoing
from workspace.services.publication import publishing
from workspace.settings import Settings
from workspace.store.models import User
from workspace.worker.jobs import Jobs

PUBLIC = "https://accord.example.org"
NEW_PASSWORD = "a brand new passphrase"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def settings(db_url: str, mail_server) -> Settings:
    return Settings.from_env(
        {},
        database_url=db_url,
        secret_key="test-secret-key-0123456789abcdef",
        jobs_in_process=False,
        smtp_url=mail_server.url,
        public_url=PUBLIC,
    )


@pytest.fixture
def app(settings: Settings):  # the web tests' own fixtures (client, web_store, web_people) use this app
    return app_for(settings)


@pytest.fixture
def jobs(app, settings: Settings) -> Jobs:
    return Jobs(settings, app.state.db, huey=MemoryHuey("mail-web-tests", results=False))


@pytest.fixture
def people(web_people, jobs: Jobs, mail_server):
    """The process's people, once the mails of their invitations are sent and forgotten."""
    jobs.run_pending()
    mail_server.messages.clear()
    return web_people


def deliver(jobs: Jobs, mail_server, expected: int) -> list[EmailMessage]:
    """Run the due work; the messages the SMTP server received in all, which must be `expected`."""
    jobs.run_pending()
    got = [r.message for r in mail_server.wait_for(expected)]
    assert len(mail_server.messages) == expected, [m["To"] for m in (r.message for r in mail_server.messages)]
    return got


def text_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return part.get_content()


def reset_link(message: EmailMessage) -> str:
    found = re.findall(r"https?://\S+/password-reset/[\w-]+", text_of(message))
    assert len(set(found)) == 1, text_of(message)
    assert found[0].startswith(PUBLIC + "/password-reset/")
    return found[0]


@pytest.fixture
def anonymous(app) -> TestClient:
    """A second browser, with no cookie at all."""
    return another_browser(app)


# -- “Forgot your password?” ---------------------------------------------------------------------
def test_forgot_password_mails_a_link_that_signs_in_once(client, anonymous, people, jobs, mail_server):
    member = people.member
    signin = html(client.get("/signin"))
    assert signin.find("a", href="/password-reset").get_text(strip=True) == "Forgot your password?"
    form = form_at(html(client.get("/password-reset")), "/password-reset")
    assert form.find("input", attrs={"name": "email", "type": "email"})

    asked = form_post(client, "/password-reset", {"email": member.email})
    unknown = form_post(client, "/password-reset", {"email": "nobody@example.org"})
    assert asked.status_code == unknown.status_code == 200
    said = html(asked).select_one("[role=status]").get_text(" ", strip=True)
    assert member.email in said
    # The same answer for an address without an account: nothing tells them apart.
    assert html(unknown).select_one("[role=status]").get_text(" ", strip=True) == said.replace(
        member.email, "nobody@example.org"
    )
    # A mistyped address is said to be one, on the form that keeps it.
    mistyped = form_post(client, "/password-reset", {"email": "member.example.org"})
    assert (
        mistyped.status_code == 422 and error_message(html(mistyped)) == "“member.example.org” is not an email address."
    )
    assert (
        form_at(html(mistyped), "/password-reset").find("input", attrs={"name": "email"})["value"]
        == "member.example.org"
    )

    (mail,) = deliver(jobs, mail_server, 1)  # one mail: none for the unknown address
    assert mail["To"].addresses[0].addr_spec == member.email and mail_server.messages[0].envelope_to == (member.email,)
    link = reset_link(mail)
    path = urlsplit(link).path

    page = html(anonymous.get(path))
    assert member.email in page.get_text() and form_at(page, path).find(
        "input", attrs={"name": "password", "type": "password"}
    )
    weak = form_post(anonymous, path, {"password": "short"})
    assert weak.status_code == 422 and error_message(html(weak))
    done = form_post(anonymous, path, {"password": NEW_PASSWORD})
    assert done.status_code == 303 and done.headers["location"] == "/processes"
    processes = anonymous.get("/processes", follow_redirects=False)
    assert processes.status_code == 200 and member.name in html(processes).get_text()

    assert anonymous.post("/api/auth/token", json={"email": member.email, "password": PASSWORD}).status_code == 401
    assert anonymous.post("/api/auth/token", json={"email": member.email, "password": NEW_PASSWORD}).status_code == 201
    # Used once, the link is dead: a page that says so and offers to ask again.
    for dead in (client.get(path), form_post(client, path, {"password": "yet another passphrase"})):
        assert dead.status_code == 404
        assert error_message(html(dead)) and html(dead).find("a", href="/password-reset")
    assert (
        anonymous.post(
            "/api/auth/token", json={"email": member.email, "password": "yet another passphrase"}
        ).status_code
        == 401
    )


def test_the_api_asks_for_a_link_and_sets_the_password(client, people, jobs, mail_server):
    observer = people.observer
    answers = {
        (r.status_code, r.content)
        for r in (
            client.post("/api/auth/password-reset", json={"email": email})
            for email in (observer.email, "nobody@example.org")
        )
    }
    assert len(answers) == 1 and answers.pop()[0] == 202  # the same answer whether the address has an account or not
    malformed = client.post("/api/auth/password-reset", json={"email": "not an address"})
    assert malformed.status_code == 422 and malformed.json()["error"] == "“not an address” is not an email address."
    (mail,) = deliver(jobs, mail_server, 1)
    assert mail["To"].addresses[0].addr_spec == observer.email
    token = reset_link(mail).rsplit("/", 1)[1]

    weak = client.post(f"/api/auth/password-reset/{token}", json={"password": "short"})
    assert weak.status_code == 422 and weak.json()["error"]
    assert client.post(f"/api/auth/password-reset/{token}", json={"password": NEW_PASSWORD}).status_code == 204
    assert client.post("/api/auth/token", json={"email": observer.email, "password": NEW_PASSWORD}).status_code == 201
    again = client.post(f"/api/auth/password-reset/{token}", json={"password": "yet another passphrase"})
    assert again.status_code == 404 and again.json()["error"]
    assert client.post(f"/api/auth/password-reset/{token}x", json={"password": NEW_PASSWORD}).status_code == 404


# -- a link to sign in, for people without a password ---------------------------------------------
def sign_in_link(message: EmailMessage) -> str:
    found = re.findall(r"https?://\S+/sign-in-link/[\w-]+", text_of(message))
    assert len(set(found)) == 1, text_of(message)
    return found[0]


def test_a_person_without_a_password_signs_in_by_a_mailed_link_once(
    client, anonymous, people, jobs, mail_server, web_store
):
    invited = accounts.add_user(web_store, SYSTEM, "sinclave@example.org", "Ana Sin Clave", None)
    answers = {
        (r.status_code, r.content)
        for r in (
            client.post("/api/auth/sign-in-link", json={"email": email})
            for email in (invited.email, "nobody@example.org")
        )
    }
    assert len(answers) == 1 and answers.pop()[0] == 202  # the same answer whether the address has an account or not
    bodiless = client.post("/api/auth/sign-in-link")
    assert bodiless.status_code == 400 and bodiless.json()["detail"][0]["message"] == "This request needs a JSON body."
    malformed = client.post("/api/auth/sign-in-link", json={"email": "not an address"})
    assert malformed.status_code == 422 and malformed.json()["error"] == "“not an address” is not an email address."
    assert html(client.get("/signin")).find("a", href="/sign-in-link")
    asked = form_post(client, "/sign-in-link", {"email": people.member.email})
    assert asked.status_code == 200 and people.member.email in html(asked).select_one("[role=status]").get_text()

    first, second = deliver(jobs, mail_server, 2)
    assert {first["To"].addresses[0].addr_spec, second["To"].addresses[0].addr_spec} == {
        invited.email,
        people.member.email,
    }
    mail = first if first["To"].addresses[0].addr_spec == invited.email else second
    path = urlsplit(sign_in_link(mail)).path
    # Opening the link (as a mail program looking at it does) signs nobody in and uses nothing: a button does.
    opened = html(anonymous.get(path))
    assert invited.email in opened.get_text() and form_at(opened, path)
    assert html(anonymous.get(path)).find("form", action=path)  # still there
    # Not a link to choose a password, whatever its secret.
    assert anonymous.get(path.replace("/sign-in-link/", "/password-reset/")).status_code == 404
    done = form_post(anonymous, path, {})
    assert done.status_code == 303 and done.headers["location"] == "/processes"
    assert anonymous.get("/account", follow_redirects=False).status_code == 200
    with web_store.reader() as tx:
        row = tx.execute(select(User.last_sign_in_via, User.last_sign_in_at).where(User.email == invited.email)).one()
    assert row.last_sign_in_via == "link" and row.last_sign_in_at is not None
    # Used once: dead for anyone after, with a page that offers a new one.
    for dead in (client.get(path), form_post(client, path, {})):
        assert dead.status_code == 404 and html(dead).find("a", href="/sign-in-link")
    # The administrator's copy of the mail shows where the link leads, never its secret.
    admin = accounts.actor_by_email(web_store, people.admin.email)
    (kept,) = [m for m in outgoing.list_mail(web_store, admin).mails if m.recipient == invited.email]
    assert "/sign-in-link/…" in kept.text and path.rsplit("/", 1)[1] not in kept.text


def test_a_disabled_account_gets_no_link_and_its_link_stops_working(client, people, jobs, mail_server, web_store):
    admin = token_headers(client, people.admin.email)
    assert client.post("/api/auth/sign-in-link", json={"email": people.observer.email}).status_code == 202
    (mail,) = deliver(jobs, mail_server, 1)
    path = urlsplit(sign_in_link(mail)).path
    assert (
        client.put(f"/api/admin/accounts/{people.observer.email}", json={"disabled": True}, headers=admin).status_code
        == 200
    )
    assert form_post(client, path, {}).status_code == 404
    assert client.post("/api/auth/sign-in-link", json={"email": people.observer.email}).status_code == 202
    deliver(jobs, mail_server, 1)  # no second mail


# -- the choice of mails ------------------------------------------------------------------------
def test_each_person_chooses_their_mails_through_the_api(client, people):
    assert client.get("/api/me/notifications").status_code == 401
    assert client.put("/api/me/notifications", json={"kinds": {"mention": "off"}}).status_code == 401
    headers = token_headers(client, people.member.email)
    before = client.get("/api/me/notifications", headers=headers).json()["kinds"]
    assert set(before) == {k.value for k in Kind} and before["mention"] == "immediate"

    unknown_kind = client.put("/api/me/notifications", json={"kinds": {"gossip": "daily"}}, headers=headers)
    assert unknown_kind.status_code == 422 and "gossip" in unknown_kind.json()["error"]
    unknown_cadence = client.put("/api/me/notifications", json={"kinds": {"mention": "hourly"}}, headers=headers)
    assert unknown_cadence.status_code == 422 and "hourly" in unknown_cadence.json()["error"]

    changed = client.put(
        "/api/me/notifications", json={"kinds": {"mention": "weekly", "publication": "off"}}, headers=headers
    )
    assert changed.status_code == 200
    expected = before | {"mention": "weekly", "publication": "off"}
    assert changed.json()["kinds"] == expected
    assert client.get("/api/me/notifications", headers=headers).json()["kinds"] == expected
    # Another person's choice is theirs.
    assert (
        client.get("/api/me/notifications", headers=token_headers(client, people.observer.email)).json()["kinds"]
        == before
    )


def test_the_mails_page_saves_the_choice(client, people):
    sign_in(client, people.translator.email)
    form = form_at(html(client.get("/account/notifications")), "/account/notifications")
    assert {s["name"] for s in form.find_all("select")} == {k.value for k in Kind}
    assert [o["value"] for o in form.find("select", attrs={"name": "thread_reply"}).find_all("option")] == [
        "immediate",
        "daily",
        "weekly",
        "off",
    ]
    saved = form_post(client, "/account/notifications", {"thread_reply": "off", "deadline": "daily"})
    assert saved.status_code == 303 and saved.headers["location"] == "/account/notifications"
    again = form_at(html(client.get("/account/notifications")), "/account/notifications")
    assert again.find("select", attrs={"name": "thread_reply"}).find("option", selected=True)["value"] == "off"
    assert again.find("select", attrs={"name": "deadline"}).find("option", selected=True)["value"] == "daily"
    kinds = client.get("/api/me/notifications", headers=token_headers(client, people.translator.email)).json()["kinds"]
    assert (kinds["thread_reply"], kinds["deadline"], kinds["mention"]) == ("off", "daily", "immediate")
    refused = form_post(client, "/account/notifications", {"thread_reply": "hourly"})
    assert refused.status_code == 422 and "hourly" in error_message(html(refused))
    assert (
        client.get("/api/me/notifications", headers=token_headers(client, people.translator.email)).json()["kinds"][
            "thread_reply"
        ]
        == "off"
    )


# -- one-click unsubscribe ----------------------------------------------------------------------
def test_the_unsubscribe_link_of_a_mail_works_without_signing_in(
    client, anonymous, web_store, people, jobs, mail_server
):
    draft.add_paragraph(web_store, people.committee, SLUG, AddParagraph(kind="operative", text="Nos comprometemos."))
    draft.circulate(web_store, people.committee, SLUG, Circulate(label="Rev.1"))
    jobs.run_pending()
    received = {r.envelope_to[0]: r.message for r in mail_server.messages}
    mail = received[people.member.email]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = mail["List-Unsubscribe"].strip("<>")
    assert url.startswith(PUBLIC + "/unsubscribe/")
    path = urlsplit(url).path
    kinds = token_headers(client, people.member.email)
    assert client.get("/api/me/notifications", headers=kinds).json()["kinds"]["version_circulated"] == "immediate"

    page = html(anonymous.get(path))
    assert people.member.email in page.get_text() and form_at(page, path).find("button")
    assert (
        client.get("/api/me/notifications", headers=kinds).json()["kinds"]["version_circulated"] == "immediate"
    )  # GET changes nothing

    tampered = path[:-1] + ("A" if path[-1] != "A" else "B")
    assert anonymous.get(tampered).status_code == 404
    assert (
        anonymous.post(
            tampered,
            content=b"List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ).status_code
        == 404
    )

    # What a mail client sends (RFC 8058): no cookie, no CSRF token.
    anonymous.cookies.clear()
    done = anonymous.post(
        path, content=b"List-Unsubscribe=One-Click", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert done.status_code == 200 and html(done).select_one("[role=status]")
    after = client.get("/api/me/notifications", headers=kinds).json()["kinds"]
    assert after["version_circulated"] == "off" and after["mention"] == "immediate"


# -- what administrators read -------------------------------------------------------------------
def mail_rows(response) -> list[tuple[str, str]]:
    return [
        (row.find("td").get_text(strip=True), row["class"][0]) for row in html(response).select("table.mail tbody tr")
    ]


def test_administrators_read_sent_and_failed_mails(client, people, jobs, mail_server):
    observer, member = people.observer.email, people.member.email
    client.post("/api/auth/password-reset", json={"email": observer})
    mail_server.fail_next(1, 550)  # the first mail is refused for good: kept as failed
    jobs.run_pending()
    client.post("/api/auth/password-reset", json={"email": member})
    deliver(jobs, mail_server, 1)

    assert client.get("/admin/mail", follow_redirects=False).headers["location"] == "/signin?next=/admin/mail"
    sign_in(client, people.committee.email)
    assert client.get("/admin/mail").status_code in (403, 404)
    client.cookies.clear()
    sign_in(client, people.admin.email)
    invitations = [
        (email, "mail-sent") for email in (observer, people.translator.email, member)
    ]  # made with the process
    assert mail_rows(client.get("/admin/mail")) == [(member, "mail-sent"), (observer, "mail-failed"), *invitations]
    failed = client.get("/admin/mail", params={"state": "failed"})
    assert mail_rows(failed) == [(observer, "mail-failed")]
    assert "550" in html(failed).select_one("tr.mail-failed .error-message").get_text()
    assert mail_rows(client.get("/admin/mail", params={"state": "sent"})) == [(member, "mail-sent"), *invitations]
    assert mail_rows(client.get("/admin/mail", params={"state": "pending"})) == []
    bad = client.get("/admin/mail", params={"state": "lost"})
    assert bad.status_code == 422 and "lost" in error_message(html(bad))


def resend_action(response, recipient: str) -> str | None:
    """The address of the “Send again” form on the row of the newest mail to `recipient`."""
    row = next(
        r for r in html(response).select("table.mail tbody tr") if r.find("td").get_text(strip=True) == recipient
    )
    form = row.find("form")
    return form["action"] if form else None


def test_administrators_see_mailed_links_masked_and_send_them_again(client, anonymous, people, jobs, mail_server):
    member, guest = people.member.email, "guest@example.org"
    client.post("/api/auth/password-reset", json={"email": member})
    invitation = client.post(
        f"/api/processes/{SLUG}/members",
        json={"email": guest, "role": "observer"},
        headers=token_headers(client, people.committee.email),
    ).json()["invitation"]
    mails = {m["To"].addresses[0].addr_spec: m for m in deliver(jobs, mail_server, 2)}
    reset = reset_link(mails[member])
    assert invitation in text_of(mails[guest])
    mail_server.messages.clear()

    sign_in(client, people.admin.email)
    shown = client.get("/admin/mail")
    for secret in (reset.rsplit("/", 1)[1], invitation.rsplit("/", 1)[1]):
        assert secret not in shown.text  # anywhere in the page
    texts = [pre.get_text() for pre in html(shown).select("pre.mail-text")]
    assert any(PUBLIC + "/password-reset/…" in t for t in texts) and any(PUBLIC + "/invitations/…" in t for t in texts)
    assert resend_action(shown, people.translator.email) is not None  # every invitation and reset has one …
    circulated = client.get("/admin/mail")
    resend_reset, resend_invitation = resend_action(circulated, member), resend_action(circulated, guest)

    # … which only an administrator may use (checked by the service: a committee member gets 403, nothing is sent).
    client.cookies.clear()
    sign_in(client, people.committee.email)
    assert form_post(client, resend_invitation, {}).status_code == 403
    jobs.run_pending()
    assert mail_server.messages == []

    client.cookies.clear()
    sign_in(client, people.admin.email)
    for action in (resend_reset, resend_invitation):
        sent = form_post(client, action, {})
        assert sent.status_code == 303 and sent.headers["location"] == "/admin/mail"
    again = {m["To"].addresses[0].addr_spec: m for m in deliver(jobs, mail_server, 2)}
    new_reset, new_invitation = (
        reset_link(again[member]),
        re.search(r"\S+/invitations/[\w-]+", text_of(again[guest])).group(0),
    )
    assert new_reset != reset and new_invitation != invitation
    assert anonymous.get(urlsplit(new_reset).path).status_code == 200
    assert (
        anonymous.get("/api/invitations/" + invitation.rsplit("/", 1)[1]).status_code == 404
    )  # a new invitation ends the old
    assert anonymous.get("/api/invitations/" + new_invitation.rsplit("/", 1)[1]).status_code == 200
    assert "A new link is on its way to" in html(client.get("/admin/mail")).get_text()

    # An invitation accepted (or withdrawn) has nothing to send again: said, not a 500.
    client.post("/api/invitations/" + new_invitation.rsplit("/", 1)[1], json={"name": "Guest", "password": PASSWORD})
    gone = form_post(client, resend_action(client.get("/admin/mail"), guest), {})
    assert gone.status_code == 404 and guest in error_message(html(gone))


# -- links on the public URL --------------------------------------------------------------------
def publish_tiny(store, committee) -> None:
    """One paragraph, translated, approved and agreed, published as UCLG/T/1."""
    eid = draft.add_paragraph(store, committee, SLUG, AddParagraph(kind="operative", text="Nos comprometemos.")).eid
    draft.circulate(store, committee, SLUG, Circulate(label="Rev.1"))
    for lang, wording in (("en", "We commit."), ("fr", "Nous nous engageons.")):
        (row,) = translations.list_translations(store, committee, SLUG, lang, "Rev.1")
        translations.save_translation(
            store,
            committee,
            SLUG,
            lang,
            eid,
            SaveTranslation(text=wording, source_revision=row.source_revision, state="translated"),
            "Rev.1",
        )
        translations.approve(store, committee, SLUG, lang, eid, "Rev.1")
    amendments.set_paragraph_status(store, committee, SLUG, eid, SetParagraphStatus(status="agreed"))
    publishing.publish(store, committee, SLUG, Publish(version="Rev.1", symbol="UCLG/T/1"))


def test_links_are_made_on_the_public_url_whatever_the_host(client, web_store, people, jobs, mail_server):
    evil = {"Host": "evil.test"}
    invited = client.post(
        f"/api/processes/{SLUG}/members",
        json={"email": "guest@example.org", "role": "observer"},
        headers={**token_headers(client, people.committee.email), **evil},
    )
    assert invited.status_code == 201 and invited.json()["invitation"].startswith(PUBLIC + "/invitations/")
    sign_in(client, people.committee.email)
    form_post(client, f"/p/{SLUG}/members", {"email": "other@example.org", "role": "observer"}, headers=evil)
    shown = html(client.get(f"/p/{SLUG}/members", headers=evil)).select_one("#invitation-link input.copy")["value"]
    assert shown.startswith(PUBLIC + "/invitations/")
    mails = {m["To"].addresses[0].addr_spec: text_of(m) for m in deliver(jobs, mail_server, 2)}
    assert invited.json()["invitation"] in mails["guest@example.org"] and shown in mails["other@example.org"]
    assert "evil.test" not in "".join(mails.values())

    publish_tiny(web_store, people.committee)
    feed = ET.fromstring(client.get(f"/p/{SLUG}/publications.atom", headers=evil).content)
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")] + [e.text for e in feed.iter(f"{ATOM}id")]
    assert len(hrefs) >= 4 and all(h.startswith(PUBLIC + f"/p/{SLUG}/") for h in hrefs), hrefs
