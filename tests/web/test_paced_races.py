"""One person's comments, threads, amendments and files of proposals sent all at once by parallel clients to a real
server, on both backends: never more accepted than the rate allows (services/pace.py; a file counts each proposal it
files), every other one refused 429 with `Retry-After` and the reason in the language each client asked for, and
what is stored is exactly what was accepted. On a page, a refused reply answers the same, as a page."""

from __future__ import annotations

import threading

import httpx
import pytest

from tests import loopback
from tests.conftest import join, make_people
from tests.e2e.server import running_server
from tests.integration.mailbox import import_zero
from tests.integration.services.amendments.test_amendments import OP2
from tests.integration.services.declaration.test_declaration import ZERO
from tests.web.conftest import form_post, sign_in
from tests.web.pages.test_pages_support import html
from tests.web.pages.test_pages_support import import_zero as web_zero
from workspace.services import accounts, pace
from workspace.services.pace import Pace
from workspace.store.db import make_store

TRIALS = 3
MORE = 15  # requests beyond the limit, in each burst
LANGUAGES = {"es": "Está ", "en": "You are ", "fr": "Vous "}


@pytest.fixture
def server(db_url, tmp_path, monkeypatch):
    from tests.integration.support import QUICK_HASHER

    monkeypatch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)
    store = make_store(db_url)
    people = make_people(store)
    import_zero(store, people.committee)
    flooders = [
        join(store, people.committee, "kutahya", f"flooder-{n}@example.org", "member") for n in range(TRIALS + 3)
    ]
    tokens = [accounts.create_token(store, f, "flood").token for f in flooders]
    committee = accounts.create_token(store, people.committee, "setup").token
    store.dispose()
    with running_server(tmp_path, db_url) as running:
        yield running.url, tokens, {"Authorization": f"Bearer {committee}"}


def at_once(url: str, token: str, path: str, bodies: list[dict | bytes]) -> list[httpx.Response]:
    """`bodies` (JSON, or a file's bytes) sent by as many clients of one person at the same instant, each in its
    language."""
    barrier = threading.Barrier(len(bodies))
    answers: list[httpx.Response] = [None] * len(bodies)  # type: ignore[list-item]

    def send(i: int) -> None:
        language = list(LANGUAGES)[i % 3]
        with loopback.client(
            base_url=url, timeout=60, headers={"Authorization": f"Bearer {token}", "Accept-Language": language}
        ) as client:
            barrier.wait()
            body = bodies[i]
            answers[i] = client.post(path, content=body) if isinstance(body, bytes) else client.post(path, json=body)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def accepted(answers: list[httpx.Response], kind: Pace) -> int:
    """How many were accepted, once every refusal is checked: 429, when to try again, said in the client's language."""
    [(limit, window), _] = pace.LIMITS[kind]
    assert {a.status_code for a in answers} <= {201, 429}, [(a.status_code, a.text[:200]) for a in answers]
    for i, answer in enumerate(answers):
        if answer.status_code == 429:
            wait = int(answer.headers["Retry-After"])
            assert 1 <= wait <= window.total_seconds()
            body = answer.json()
            assert body["detail"]["retry_after"] == wait and body["detail"]["limit"] == limit
            assert body["error"].startswith(LANGUAGES[list(LANGUAGES)[i % 3]]) and body["error"].endswith(
                f"{pace.span(wait)}."
            )
    made = sum(a.status_code == 201 for a in answers)
    assert made <= limit
    return made


def test_parallel_comments_threads_amendments_and_proposals_of_one_person_never_pass_the_rate(server):
    url, tokens, committee = server
    limit = pace.LIMITS[Pace.COMMENT][0][0]
    api = f"{url}/api/processes/kutahya"
    thread = httpx.post(
        f"{api}/threads",
        headers=committee,
        timeout=30,
        json={"version": "1", "eid": "op_1", "quote": None, "body": "Abrimos."},
    ).json()["id"]
    for trial in range(TRIALS):
        answers = at_once(
            url,
            tokens[trial],
            f"/api/processes/kutahya/threads/{thread}/comments",
            [{"body": f"Inundación {trial}-{n}."} for n in range(limit + MORE)],
        )
        made = accepted(answers, Pace.COMMENT)
        assert made == limit, f"trial {trial}: {made} accepted"  # the budget was whole: only the rate refused
        stored = httpx.get(f"{api}/threads/{thread}", headers=committee, timeout=30).json()["comments"]
        assert sum(c["body"].startswith(f"Inundación {trial}-") for c in stored) == made

    # Threads and amendments alike (one server for all: starting one costs seconds).
    limit = pace.LIMITS[Pace.THREAD][0][0]
    answers = at_once(
        url,
        tokens[-2],
        "/api/processes/kutahya/threads",
        [{"version": "1", "eid": "op_1", "quote": None, "body": f"Hilo {n}."} for n in range(limit + MORE)],
    )
    assert accepted(answers, Pace.THREAD) == limit
    assert len(httpx.get(f"{api}/threads", headers=committee, timeout=30).json()) == limit + 1
    limit = pace.LIMITS[Pace.AMENDMENT][0][0]
    answers = at_once(
        url,
        tokens[-1],
        "/api/processes/kutahya/amendments",
        [
            {
                "version": "1",
                "eid": "op_2",
                "kind": "modify",
                "text": OP2.replace("apoyar", f"apoyar ({n})"),
                "rationale": "",
            }
            for n in range(limit + MORE)
        ],
    )
    assert accepted(answers, Pace.AMENDMENT) == limit
    assert len(httpx.get(f"{api}/amendments", headers=committee, timeout=30).json()) == limit

    # Files of proposals: each is taken while its author is under the limit and counts every proposal it files,
    # so of files of ten sent at once, as many are taken as fill the minute, whatever their order.
    limit = pace.LIMITS[Pace.PROPOSAL][0][0]
    flooder = f"flooder-{TRIALS}@example.org"
    for method, path, body in (
        ("POST", "/delegations", {"code": "ARG", "names": {"es": "Argentina"}}),
        ("PUT", f"/members/{flooder}", {"delegation": "ARG"}),
        ("POST", "/submissions/windows", {"opens": "2020-01-01T00:00+00:00", "closes": "2100-01-01T00:00+00:00"}),
    ):
        made = httpx.request(method, f"{api}{path}", headers=committee, timeout=30, json=body)
        assert made.status_code in (200, 201), made.text
    files = [
        (ZERO + "".join(f"\nUna propuesta nueva, la {n}.{k}.\n" for k in range(10))).encode()
        for n in range(limit // 10 + 2)
    ]
    answers = at_once(url, tokens[TRIALS], "/api/processes/kutahya/submissions/import", files)
    assert accepted(answers, Pace.PROPOSAL) == limit // 10
    assert len(httpx.get(f"{api}/submissions", headers=committee, timeout=30).json()) == limit


def test_a_reply_on_the_page_past_the_rate_is_told_in_the_persons_language(client, web_people, monkeypatch):
    monkeypatch.setattr(pace, "LIMITS", {**pace.LIMITS, Pace.COMMENT: ((1, pace.MINUTE),)})
    web_zero(client, web_people)
    sign_in(client, web_people.member.email)
    client.headers["Accept-Language"] = "fr"
    assert (
        form_post(
            client, "/p/kutahya/discuss/op_1", {"version": "1", "eid": "op_1", "exact": "", "body": "Un fil."}
        ).status_code
        == 303
    )
    assert form_post(client, "/p/kutahya/threads/1/reply", {"body": "Une réponse."}).status_code == 303
    refused = form_post(client, "/p/kutahya/threads/1/reply", {"body": "Encore une."})
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    said = html(refused).select_one("#error-title").get_text(" ", strip=True)
    assert said.startswith("Vous commentez plus vite qu’Accord ne le permet")
