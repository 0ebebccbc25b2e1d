"""The inbox's kinds of news through the API (issue 67, item 9), on both backends: besides the replies on threads one
follows, a mention in a comment, a decision on one's amendment, a version circulated and a publication reach the
inbox of exactly the people their mail is for (never who did it), `kind` chooses one; what only the drafting
committee reads (the working draft's threads and amendments) reaches no one else, and leaves the inbox of a person no
longer of the committee."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, join, restored
from tests.integration.services.publication.test_publication import SYMBOL, settle
from tests.integration.services.transfer.test_amendment_files import KUTAHYA
from tests.web.api.test_api_amendments import P, amend
from tests.web.conftest import token_headers
from workspace.services import accounts, processes, transfer
from workspace.services.actor import SYSTEM

pytestmark = pytest.mark.backends_differ  # what the inbox reads is joined and filtered in SQL on each backend

ROLES = ("committee", "member", "observer", "translator")


@pytest.fixture
def tokens(client, web_people):
    return {role: token_headers(client, getattr(web_people, role).email) for role in ROLES}


@pytest.fixture
def zero(client, tokens):
    from tests.web.api.test_api_amendments import ZERO

    answer = client.post(
        f"{P}/versions/import",
        json={"filename": "zero.md", "text": ZERO, "label": "Borrador cero"},
        headers=tokens["committee"],
    )
    assert answer.status_code == 201, answer.text


def news(client, headers, kind: str | None = None) -> list[dict]:
    answer = client.get("/api/inbox", params={"kind": kind} if kind else {}, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def test_a_version_a_decision_and_a_mention_reach_the_inbox_of_whom_they_concern(client, tokens, zero):
    # The zero draft circulated: news for everyone in the process but the committee that circulated it.
    for role in ("member", "observer", "translator"):
        [version] = news(client, tokens[role], "version")
        assert (version["kind"], version["about"], version["link"]) == (
            "version",
            "Borrador cero",  # its name as the file gave it (a given name has no others: issue 67)
            "/p/kutahya/declaration/versions/1",
        )
        assert version["by"] == "Committee" and version["thread"] is None and not version["read"]
    assert news(client, tokens["committee"]) == []

    # The member's amendment decided: news for its proposer alone.
    assert amend(client, tokens["member"]).status_code == 201
    decided = client.post(
        f"{P}/amendments/1/decision",
        json={"decision": "rejected", "reason": "Ya está dicho."},
        headers=tokens["committee"],
    )
    assert decided.status_code in (200, 201), decided.text
    [decision] = news(client, tokens["member"], "decision")
    assert {k: decision[k] for k in ("kind", "about", "decision", "eid", "ref", "link", "by")} == {
        "kind": "decision",
        "about": "A1",
        "decision": "rejected",
        "eid": "op_2",
        "ref": "OP\u00a02",  # a no-break space between the letters and the number
        "link": "/p/kutahya/amendments/1",
        "by": "Committee",
    }
    for role in ("committee", "observer", "translator"):
        assert news(client, tokens[role], "decision") == []

    # A thread whose first comment mentions the translator: news for the translator alone.
    opened = client.post(
        f"{P}/threads",
        json={"version": "1", "eid": "op_1", "quote": None, "body": "¿Cómo lo traduciría, @translator?"},
        headers=tokens["committee"],
    )
    assert opened.status_code == 201, opened.text
    [mention] = news(client, tokens["translator"], "mention")
    assert (mention["thread"], mention["thread_label"], mention["eid"], mention["link"]) == (
        1,
        "1",
        "op_1",
        "/p/kutahya/threads/1#c1",
    )
    assert mention["excerpt"] == "¿Cómo lo traduciría, @translator?"
    for role in ("committee", "member", "observer"):
        assert news(client, tokens[role], "mention") == []

    # The translator replies (and so follows); the committee's answer mentions them: one entry, a mention.
    assert client.post(f"{P}/threads/1/comments", json={"body": "Así."}, headers=tokens["translator"]).is_success
    assert client.post(
        f"{P}/threads/1/comments", json={"body": "Gracias, @translator."}, headers=tokens["committee"]
    ).is_success
    of_thread = [n for n in news(client, tokens["translator"]) if n["thread"] == 1]
    assert [(n["kind"], n["link"]) for n in of_thread] == [
        ("mention", "/p/kutahya/threads/1#c3"),
        ("mention", "/p/kutahya/threads/1#c1"),
    ]
    assert [n["kind"] for n in news(client, tokens["committee"])] == ["reply"]  # the translator's reply

    # Every kind is counted unread, and read one by one.
    box = client.get("/api/inbox", headers=tokens["member"]).json()
    assert box["unread"] == 2 and [n["kind"] for n in box["items"]] == ["decision", "version"]
    read = client.post("/api/inbox/read", json={"ids": [decision["id"]]}, headers=tokens["member"])
    assert read.is_success and read.json()["unread"] == 1
    assert news(client, tokens["member"], "decision")[0]["read"]

    refused = client.get("/api/inbox", params={"kind": "news"}, headers=tokens["member"])
    assert refused.status_code == 422 and "news" in refused.json()["error"]


def test_what_only_the_committee_reads_reaches_no_one_else(client, web_store, web_people, tokens, zero):
    second = join(web_store, web_people.committee, "kutahya", "segunda@example.org", "committee")
    other = token_headers(client, second.email)
    # On the working draft: a thread of the committee that names the member, and an amendment of the committee's.
    opened = client.post(
        f"{P}/threads",
        json={"version": "draft", "eid": "op_1", "quote": None, "body": "@member y @segunda: ¿lo vemos?"},
        headers=tokens["committee"],
    )
    assert opened.status_code == 201, opened.text
    proposed = amend(client, other, version="draft", eid="op_1", text="Nos comprometemos a fortalecerla.")
    assert proposed.status_code == 201, proposed.text
    decided = client.post(
        f"{P}/amendments/D1/decision", json={"decision": "rejected", "reason": "No."}, headers=tokens["committee"]
    )
    assert decided.status_code in (200, 201), decided.text

    mine = [(n["kind"], n["thread_label"] or n["about"]) for n in news(client, other)]
    assert mine == [("decision", "D1"), ("mention", "D1")]  # joined after the zero draft: no news of it
    for role in ("member", "observer", "translator"):
        assert [n["kind"] for n in news(client, tokens[role])] == ["version"], role
        assert client.get("/api/inbox", headers=tokens[role]).json()["unread"] == 1

    # No longer of the committee: what only it reads leaves the person's inbox, and its count.
    processes.set_member(web_store, web_people.committee, "kutahya", _draft(second.email, "member"))
    assert news(client, other) == []
    assert client.get("/api/inbox", headers=other).json()["unread"] == 0


def _draft(email: str, role: str):
    from workspace.domain.consultations.consultations import MemberDraft

    return MemberDraft(email=email, role=role, languages=())


def test_a_publication_reaches_every_member_but_who_published(client, web_store, web_people):
    def build(store):
        transfer.import_folder(store, None, KUTAHYA)
        settle(store, SYSTEM)
        for email in ("comite@demo.accord", "miembro@demo.accord", "observador@demo.accord"):
            accounts.set_password(store, SYSTEM, email, PASSWORD)

    restored(web_store, "settled demo, three passwords", build)
    people = {
        email: token_headers(client, email)
        for email in ("comite@demo.accord", "miembro@demo.accord", "observador@demo.accord")
    }
    published = client.post(
        "/api/processes/kutahya-2021/publications",
        json={"version": "2", "symbol": SYMBOL, "date": "2021-10-08"},
        headers=people["comite@demo.accord"],
    )
    assert published.status_code == 201, published.text
    for email in ("miembro@demo.accord", "observador@demo.accord"):
        [told] = news(client, people[email], "publication")
        assert (told["about"], told["link"], told["process"]) == (
            SYMBOL,
            "/p/kutahya-2021/publications",
            "kutahya-2021",
        )
    assert news(client, people["comite@demo.accord"], "publication") == []
