"""No secret reaches the server's output (issue 65, finding 2): uvicorn's access line printed the path and query of
every request, so that opening a mailed link's page, before the link was even used, wrote its token down, and the
OpenID provider's `code` with it; from the log alone a reader signed in as a member and set another's password.

One real `accord serve` (forked from the tests' zygote: the command's own code and options; its in-process worker
sending mail to a real SMTP server) and the real
OpenID provider of the tests: a sign-in by a mailed link, a password reset, an invitation accepted through the
provider, an unsubscribe link; then every line the server wrote, on its standard output and error, is searched for
each of those secrets. Accord's own access lines are there, naming each route by its template."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

from tests import loopback
from tests.e2e.server import COMMITTEE, demo_store, running_server
from tests.oidc_provider import sign_in_at_provider
from workspace.domain.consultations.consultations import MemberDraft
from workspace.services import accounts, processes
from workspace.services.notifications.outward import Outward
from workspace.store.db import make_store

SLUG = "kutahya-2021"
SECRET_KEY = "e2e-secret-key-0123456789abcdef"  # running_server's


def mailed_token(mail_server, count: int, route: str) -> str:
    """The token of the `route` link in the `count`th mail the SMTP server received."""
    message = mail_server.wait_for(count)[count - 1].message
    text = message.get_body(("plain",)).get_content()
    found = re.search(rf"{route}/([A-Za-z0-9_.-]+)", text)
    assert found, text
    return found.group(1)


def form(client, path: str, **data: str):  # type: ignore[no-untyped-def]
    """A form posted as a browser does: with the CSRF token of its cookie (set by the page it came from)."""
    return client.post(path, data={**data, "_csrf_token": client.cookies.get("accord_csrf", "")})


def test_no_mailed_link_token_nor_openid_answer_is_written_to_the_servers_output(tmp_path, oidc_provider, mail_server):
    public = f"http://127.0.0.1:{oidc_provider.e2e_port}"
    database = demo_store(tmp_path)
    store = make_store(database)
    secrets: dict[str, str] = {}
    with running_server(
        tmp_path,
        database,
        cli=True,
        port=oidc_provider.e2e_port,
        ACCORD_PUBLIC_URL=public,
        ACCORD_SMTP_URL=mail_server.url,
        **oidc_provider.environment(),
    ) as server:
        with loopback.client(base_url=server.url, timeout=30) as committee:
            assert committee.get("/sign-in-link").status_code == 200
            assert form(committee, "/sign-in-link", email=COMMITTEE).status_code == 200
            secrets["sign-in link"] = token = mailed_token(mail_server, 1, "/sign-in-link")
            assert committee.get(f"/sign-in-link/{token}").status_code == 200  # its page: the link not used yet
            assert form(committee, f"/sign-in-link/{token}").status_code == 303  # signed in
            assert committee.get("/password-reset").status_code == 200  # a new CSRF cookie for the new session
            assert form(committee, "/password-reset", email=COMMITTEE).status_code == 200
            secrets["password reset"] = token = mailed_token(mail_server, 2, "/password-reset")
            assert committee.get(f"/password-reset/{token}").status_code == 200
            assert form(committee, f"/password-reset/{token}", password="a new passphrase").status_code == 303

        with store.reader() as tx:
            actor = accounts.actor_by_email(tx, COMMITTEE)
        invited = processes.set_member(store, actor, SLUG, MemberDraft(email="invitee@example.org", role="member"))
        secrets["invitation"] = invited.invitation.rsplit("/", 1)[1]
        with loopback.client(base_url=server.url, timeout=30) as invitee:
            assert invitee.get(invited.invitation).status_code == 200
            start = invitee.get("/auth/oidc/login", params={"next": invited.invitation})
            assert start.status_code == 303, start.text
            answer = sign_in_at_provider(start.headers["location"], "invitee", stop_at=public)
            query = parse_qs(urlsplit(answer).query)
            secrets["OpenID code"], secrets["OpenID state"] = query["code"][0], query["state"][0]
            back = invitee.get(answer)
            assert back.status_code == 303 and back.headers["location"] == f"/p/{SLUG}", back.text
            secrets["unsubscribe"] = unsubscribe = Outward(public, SECRET_KEY).unsubscribe_token(actor.id, "all")
            assert invitee.get(f"/unsubscribe/{unsubscribe}").status_code == 200
            assert invitee.post(f"/unsubscribe/{unsubscribe}").status_code == 200
    store.dispose()
    output = server.log.read_text(encoding="utf-8", errors="replace")
    assert not [name for name, secret in secrets.items() if secret in output], output[-3000:]
    routes = {
        json.loads(line.split("accord.access:", 1)[1])["route"]
        for line in output.splitlines()
        if "accord.access:" in line
    }
    assert {"/sign-in-link/{token}", "/password-reset/{token}", "/invitations/{token}"} <= routes, routes
    assert {"/auth/oidc/callback", "/unsubscribe/{token}"} <= routes, routes
