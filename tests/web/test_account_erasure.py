"""An administrator erases an account (issue 36), through the API and the accounts page on both backends: the
person's name and address go, with their sessions, tokens, memberships and mails; what they wrote stays, shown as by
"a former member" in the reader's language (or by the delegation it was made for), and nothing finds them by their old
address or name any more. The accounts list says when and how each account last signed in."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlalchemy import Text, cast, or_, select

from tests.backends import BACKENDS_DIFFER
from tests.conftest import PASSWORD, join
from tests.web.api.test_api_amendments import P, tokens, zero  # noqa: F401 - fixtures
from tests.web.conftest import form_post, sign_in, token_headers
from workspace.services import accounts, outbox
from workspace.services.actor import SYSTEM
from workspace.services.notifications.outward import Outward
from workspace.store.models import Activity, Invitation, MailMessage, Outbox, User

pytestmark = BACKENDS_DIFFER  # the erasure locks the account row on PostgreSQL and searches the trail's JSON as text

EMAIL, NAME = "valentina.quispe@example.org", "Valentina Quispe"
FORMER = {"en": "a former member", "es": "una persona que fue miembro", "fr": "une personne anciennement membre"}


@pytest.fixture
def valentina(web_store, web_people):
    """A member of kutahya with a name and address nobody else has."""
    accounts.add_user(web_store, SYSTEM, EMAIL, NAME, PASSWORD)
    return join(web_store, web_people.committee, "kutahya", accounts.authenticate(web_store, EMAIL, PASSWORD), "member")


def _traces(store) -> list[str]:
    """Rows of the tables that could still hold the old address: mails, invitations, the outbox, the trail."""
    with store.reader() as tx:
        found = [
            *tx.scalars(select(MailMessage.recipient).where(MailMessage.recipient == EMAIL)),
            *tx.scalars(select(Invitation.email).where(Invitation.email == EMAIL)),
            *(str(d) for d in tx.scalars(select(Outbox.data).where(cast(Outbox.data, Text).contains(EMAIL)))),
            *tx.scalars(
                select(Activity.verb).where(
                    or_(Activity.subject.contains(EMAIL), cast(Activity.data, Text).contains(EMAIL))
                )
            ),
            *tx.scalars(select(User.email).where(or_(User.email == EMAIL, User.name == NAME))),
        ]
    return found


def test_an_erased_account_leaves_what_it_wrote_to_a_former_member_and_nothing_finds_it(
    client,
    web_store,
    web_people,
    tokens,  # noqa: F811
    zero,  # noqa: F811
    valentina,
):
    committee, admin = tokens["committee"], token_headers(client, web_people.admin.email)
    mine = token_headers(client, EMAIL)
    thread = client.post(f"{P}/threads", json={"version": "1", "eid": "op_1", "body": "Una duda mía."}, headers=mine)
    assert thread.status_code == 201, thread.text
    number = thread.json()["label"]
    client.post(f"{P}/threads/{number}/comments", json={"body": "Respondo."}, headers=committee).raise_for_status()
    asked = client.post(f"{P}/threads", json={"version": "1", "eid": "op_1", "body": "¿Y esto?"}, headers=committee)
    answered = client.post(f"{P}/threads/{asked.json()['label']}/comments", json={"body": "Esto."}, headers=mine)
    answered.raise_for_status()  # the committee follows its thread: news of her answer, to compose at the next relay
    client.post(f"{P}/delegations", json={"code": "ARG", "names": {"es": "Argentina"}}, headers=committee)
    client.put(f"{P}/members/{EMAIL}", json={"delegation": "ARG"}, headers=committee).raise_for_status()
    body = {"version": "1", "eid": "op_2", "kind": "modify", "text": "Pedimos apoyar la financiación local."}
    amendment = client.post(f"{P}/amendments", json=body, headers=mine)
    assert amendment.status_code == 201 and amendment.json()["delegation"]["code"] == "ARG", amendment.text
    outbox.relay(web_store, Outward("http://127.0.0.1:8000", "secret"))  # her invitation's mail, news of the reply
    assert client.post("/api/auth/password-reset", json={"email": EMAIL}).status_code == 202  # a mail to compose
    client.post(f"{P}/threads/{number}/comments", json={"body": "Gracias."}, headers=mine).raise_for_status()
    sign_in(client, EMAIL)
    browser = dict(client.cookies)
    client.cookies.clear()

    with web_store.reader() as tx:
        assert {"invitation", "thread_reply"} <= set(
            tx.scalars(select(MailMessage.kind).where(MailMessage.recipient == EMAIL))
        )
    assert _traces(web_store)  # her mails, invitation, reset link to send, entries in the trail, account
    with web_store.reader() as tx:  # news of what she did, composed for others, not sent yet (no mail server here)
        naming = set(
            tx.scalars(
                select(MailMessage.id).where(
                    MailMessage.recipient != EMAIL, MailMessage.state == "pending", MailMessage.text.contains(NAME)
                )
            )
        )
    assert naming
    path = f"/api/admin/accounts/{EMAIL}"
    assert client.delete(path, headers=tokens["member"]).status_code == 403
    assert client.delete(f"/api/admin/accounts/{web_people.admin.email}", headers=admin).status_code == 409  # own
    assert client.delete("/api/admin/accounts/nobody@example.org", headers=admin).status_code == 404
    erased = client.delete(path, headers=admin)
    assert erased.status_code == 204, erased.text
    assert client.delete(path, headers=admin).status_code == 404  # gone: the old address names nothing any more

    assert client.get("/api/me", headers=mine).status_code == 401  # the token is dead
    client.cookies.update(browser)
    assert client.get("/account", follow_redirects=False).status_code in (302, 303)  # so is the browser session
    client.cookies.clear()
    assert client.post("/api/auth/token", json={"email": EMAIL, "password": PASSWORD, "name": "x"}).status_code == 401

    for lang, words in FORMER.items():  # what they wrote stays, by a former member, in the reader's language
        read = client.get(f"{P}/threads/{number}", headers={**committee, "Accept-Language": lang}).json()
        assert (read["created_by"], read["comments"][0]["author"], read["comments"][0]["body"]) == (
            words,
            words,
            "Una duda mía.",
        )
        assert read["comments"][1]["author"] == "Committee"
    proposed = client.get(f"{P}/amendments/{amendment.json()['label']}", headers=committee).json()
    assert proposed["proposer"] == FORMER["en"] and proposed["delegation"]["code"] == "ARG"
    docx = client.get(f"{P}/compilation.docx", params={"version": "1"}, headers={**committee, "Accept-Language": "fr"})
    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert 'w:author="Argentina"' in xml and NAME not in xml  # a delegation's amendment: under its name

    members = client.get(f"{P}/members", headers=committee).json()
    assert EMAIL not in json.dumps(members) and NAME not in json.dumps(members, ensure_ascii=False)
    assert client.get(f"{P}/threads", params={"author": "Valentina"}, headers=committee).json() == []
    assert client.get(f"{P}/amendments", params={"proposer": "Valentina"}, headers=committee).json() == []
    assert client.get("/api/admin/audit", params={"person": EMAIL}, headers=admin).status_code == 404
    # What is no address (a control character in it) is said so, never sent to the database.
    for path in (f"/api/admin/accounts/{EMAIL}%00", "/api/admin/audit?person=a%00b@example.org"):
        odd = client.request("DELETE" if "accounts" in path else "GET", path, headers=admin)
        assert odd.status_code == 422 and "is not an email address" in odd.json()["error"], odd.text
    trail = client.get("/api/admin/audit", headers=admin).json()
    assert [e["verb"] for e in trail[:2]] == ["account.erased", "account.erased"]
    assert EMAIL not in json.dumps(trail) and NAME not in json.dumps(trail, ensure_ascii=False)
    listed = client.get("/api/admin/accounts", headers=admin).json()
    assert EMAIL not in json.dumps(listed) and len(listed) == 6  # the six people of the tests, not her
    theirs = client.get("/api/me/data", headers=committee).json()  # the committee invited her
    assert EMAIL not in json.dumps(theirs) and NAME not in json.dumps(theirs, ensure_ascii=False)
    assert _traces(web_store) == []
    with web_store.reader() as tx:  # those mails name a former member, in each one's language, and her nowhere
        composed = tx.execute(
            select(MailMessage.locale, MailMessage.subject, MailMessage.text, MailMessage.html).where(
                MailMessage.id.in_(naming)
            )
        ).all()
    assert len(composed) == len(naming)
    for locale, *parts in composed:
        assert all(NAME not in (part or "") for part in parts) and FORMER[locale] in parts[1], parts
    outbox.relay(web_store, Outward("http://127.0.0.1:8000", "secret"))  # the news of her last reply, told after
    with web_store.reader() as tx:
        told = tx.scalars(
            select(MailMessage.text).where(MailMessage.kind == "thread_reply").order_by(MailMessage.id.desc())
        ).first()
    assert (
        "una persona que fue miembro respondió" in told and NAME not in told
    )  # to the committee, in the process's Spanish


def test_the_accounts_page_says_how_each_signed_in_and_erases_after_asking(client, web_people, zero, valentina):  # noqa: F811
    from tests.web.pages.test_pages_support import html

    sign_in(client, EMAIL)
    thread = client.post(
        f"{P}/threads", json={"version": "1", "eid": "op_1", "body": "Otra duda."}, headers=token_headers(client, EMAIL)
    )
    number = thread.json()["label"]
    sign_in(client, web_people.admin.email)
    admin = token_headers(client, web_people.admin.email)
    listed = {a["email"]: a for a in client.get("/api/admin/accounts", params={"limit": 2}, headers=admin).json()}
    assert listed[web_people.admin.email]["last_sign_in_via"] == "password"
    assert listed[web_people.admin.email]["last_sign_in_at"] and listed["committee@example.org"]["disabled"] is False
    assert client.get("/api/admin/accounts", headers=token_headers(client, web_people.member.email)).status_code == 403

    page = html(client.get("/admin/accounts", params={"zone": "America/Lima"}, headers={"Accept-Language": "es"}))
    rows = {r.select_one("th").get_text(" ", strip=True).split()[0]: r for r in page.select("table.accounts tbody tr")}
    said = rows[EMAIL].select_one("td.last-sign-in").get_text(" ", strip=True)
    assert said.endswith("contraseña") and rows[EMAIL].select_one("time")["datetime"]
    assert rows["outsider@example.org"].select_one("td.last-sign-in").get_text(strip=True) == "nunca"
    erase = rows[EMAIL].select_one("form[action^='/admin/accounts/erase']")
    assert EMAIL in erase["data-confirm"] and "una persona que fue miembro" in erase["data-confirm-detail"]
    assert not rows[web_people.admin.email].select("form[action^='/admin/accounts/erase']")  # never one's own

    done = form_post(client, "/admin/accounts/erase", {"email": EMAIL})
    assert done.status_code == 303, done.text
    assert EMAIL not in html(client.get("/admin/accounts")).get_text()
    again = form_post(client, "/admin/accounts/erase", {"email": EMAIL})
    assert again.status_code == 404 and "role" in html(again).select_one("#form-error").attrs  # said on the page
    shown = html(client.get(f"/p/kutahya/threads/{number}", headers={"Accept-Language": "fr"})).get_text()
    assert "une personne anciennement membre" in shown and NAME not in shown
