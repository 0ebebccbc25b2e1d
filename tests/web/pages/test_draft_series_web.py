"""Numbers that say nothing, over HTTP (issue 30, finding 8): a member once read amendments 1–10 then 12, thread 7
missing and comment 11 missing: the committee's amendment, thread and comment on the working draft. Now the
committee's draft work is numbered apart (D1, D2 …) and comments per process, so a member's lists, API and pages,
have no gap; the committee reaches its own by their labels. On both backends."""

from __future__ import annotations

import pytest

from tests.web.api.test_api_amendments import P, amend, tokens, zero  # noqa: F401 (fixtures)
from tests.web.conftest import form_post, sign_in
from tests.web.pages.test_pages_support import html

PAGES = "/p/kutahya"


def open_thread(client, headers, version: str, body: str) -> dict:
    answer = client.post(
        f"{P}/threads", json={"version": version, "eid": "op_1", "quote": None, "body": body}, headers=headers
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def reply(client, headers, thread: str, body: str) -> dict:
    answer = client.post(f"{P}/threads/{thread}/comments", json={"body": body}, headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


@pytest.fixture
def interleaved(client, tokens, zero):  # noqa: F811 - the fixtures
    """Member work on version 1 and, between each piece of it, the committee's on the working draft."""
    member, committee = tokens["member"], tokens["committee"]
    for n in range(3):
        assert amend(client, member, rationale=f"Del miembro {n}.").status_code == 201
        desk = amend(client, committee, version="draft", rationale=f"Del comité {n}.")
        assert desk.status_code == 201 and desk.json()["label"] == f"D{n + 1}"
        opened = open_thread(client, member, "1", f"Pregunta {n}.")
        reply(client, committee, str(opened["id"]), f"Respuesta {n}.")
        internal = open_thread(client, committee, "draft", f"Nota interna {n}.")
        assert internal["label"] == f"D{n + 1}"
        reply(client, committee, internal["label"], f"Otra nota interna {n}.")
    return tokens


def test_a_members_api_lists_have_no_gap(client, interleaved):
    for role in ("member", "observer", "translator"):
        headers = interleaved[role]
        listed = client.get(f"{P}/amendments", headers=headers).json()
        assert [(a["number"], a["label"]) for a in listed] == [(1, "A1"), (2, "A2"), (3, "A3")]
        threads = client.get(f"{P}/threads", headers=headers).json()
        assert [(t["id"], t["label"]) for t in threads] == [(1, "1"), (2, "2"), (3, "3")]
        assert [c["id"] for t in threads for c in t["comments"]] == [1, 2, 3, 4, 5, 6]
        one = client.get(f"{P}/threads/2", headers=headers).json()
        assert [c["id"] for c in one["comments"]] == [3, 4]
        subjects = [e["subject"] for e in client.get(f"{P}/activity", headers=headers).json()]
        assert not [s for s in subjects if s.partition(":")[2].startswith("D")]
        for path in ("amendments/D1", "amendments/d2", "threads/D1"):
            assert client.get(f"{P}/{path}", headers=headers).status_code == 404, path
        if role != "observer":  # who may comment: the draft's comment D1 does not exist for them
            assert client.put(f"{P}/comments/D1", json={"body": "¿Y?"}, headers=headers).status_code == 404


def test_a_members_pages_have_no_gap(client, web_people, interleaved):
    sign_in(client, web_people.member.email)
    listed = html(client.get(f"{PAGES}/amendments"))
    cards = listed.select("article.amendment h3 a")
    assert [(a.get_text(strip=True), a["href"]) for a in cards] == [
        (f"A{n}", f"{PAGES}/amendments/{n}") for n in (1, 2, 3)
    ]
    assert "D1" not in listed.get_text()
    threads = html(client.get(f"{PAGES}/threads"))
    assert [h.get_text(strip=True) for h in threads.select(".thread-title")] == ["Thread 1", "Thread 2", "Thread 3"]
    page = html(client.get(f"{PAGES}/threads/3"))
    assert [li["id"] for li in page.select("li.comment")] == ["c5", "c6"]
    assert client.get(f"{PAGES}/amendments/D1").status_code == 404
    assert client.get(f"{PAGES}/threads/D1").status_code == 404


def test_the_committee_reaches_its_draft_work_by_its_labels(client, web_people, interleaved):
    committee = interleaved["committee"]
    listed = client.get(f"{P}/amendments", headers=committee).json()
    assert [a["label"] for a in listed] == ["A1", "A2", "A3", "D1", "D2", "D3"]
    assert client.get(f"{P}/amendments/D2", headers=committee).json()["rationale"] == "Del comité 1."
    assert client.get(f"{P}/amendments/A2", headers=committee).json()["rationale"] == "Del miembro 1."
    assert client.get(f"{P}/amendments/2", headers=committee).json()["rationale"] == "Del miembro 1."
    edited = client.put(f"{P}/comments/D2", json={"body": "Mejor dicho."}, headers=committee)
    assert edited.status_code == 200 and (edited.json()["id"], edited.json()["label"]) == (2, "D2")
    assert client.delete(f"{P}/comments/2", headers=committee).status_code == 204  # its reply on thread 1
    thread = client.get(f"{P}/threads/D1", headers=committee).json()
    assert [(c["label"], c["body"]) for c in thread["comments"]] == [("D1", "Nota interna 0."), ("D2", "Mejor dicho.")]
    decided = client.post(
        f"{P}/amendments/decisions",
        headers=committee,
        json={
            "decisions": [
                {"number": "D3", "decision": "rejected", "reason": "No."},
                {"number": 3, "decision": "rejected", "reason": "Tampoco."},
            ]
        },
    )
    assert decided.status_code == 200, decided.text
    assert [a["label"] for a in decided.json()] == ["D3", "A3"]
    for bad in ("X1", "A", "99999999999", "1.5"):  # not a number nor a label: refused before any lookup
        assert client.get(f"{P}/amendments/{bad}", headers=committee).status_code == 400, bad
    assert client.get(f"{P}/amendments/9999999999", headers=committee).status_code == 404  # beyond what is kept: none
    assert client.get(f"{P}/threads/A1", headers=committee).status_code == 400  # a thread has no A
    sign_in(client, web_people.committee.email)
    page = html(client.get(f"{PAGES}/amendments/D1"))
    assert page.select_one("h1").get_text(strip=True) == "Amendment D1"
    done = form_post(client, f"{PAGES}/amendments/D1/decision", {"decision": "rejected", "reason": "No.", "text": ""})
    assert done.status_code == 303 and done.headers["location"] == f"{PAGES}/amendments/D1"
    voting = html(client.get(f"{PAGES}/amendments/voting"))
    assert [s["name"] for s in voting.select("select[name^=decision-]")] == ["decision-1", "decision-2", "decision-D2"]
