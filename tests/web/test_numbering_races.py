"""Numbers given at the same instant, against a real server, on both backends: members and the committee file
amendments, open threads and comment at once, on a version and on the working draft; every answer is 201 and
each series (everyone's, and the committee's draft series D1, D2 …) counts 1, 2, 3 … with no number twice and
none skipped."""

from __future__ import annotations

import threading

import httpx
import pytest

from tests import loopback
from tests.conftest import join, make_people
from tests.e2e.server import running_server
from tests.integration.services.declaration.test_declaration import ZERO
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.services import accounts
from workspace.services.declaration import importing as version_import
from workspace.store.db import make_store

TRIALS = 8
TEXT = "Pedimos a los gobiernos nacionales apoyar con firmeza la financiación local."
OP1 = "Nos comprometemos a fortalecer la gobernanza multinivel."


@pytest.fixture
def server(db_url, tmp_path, monkeypatch):
    from tests.integration.support import QUICK_HASHER

    monkeypatch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)
    store = make_store(db_url)
    people = make_people(store)
    other = join(store, people.committee, "kutahya", "otra@example.org", "member")
    version_import.import_version(store, people.committee, "kutahya", ImportVersion(filename="zero.md", text=ZERO))
    tokens = {
        who: accounts.create_token(store, actor, "race").token
        for who, actor in (("committee", people.committee), ("member", people.member), ("other", other))
    }
    store.dispose()
    with running_server(tmp_path, db_url) as running:
        yield f"{running.url}/api/processes/kutahya", tokens, db_url.split(":")[0]


def at_once(requests: list[tuple[str, str, str, dict]]) -> list[httpx.Response]:
    """(token, method, path, body) each sent by a client of its own, all released together."""
    barrier = threading.Barrier(len(requests))
    answers: list[httpx.Response] = [None] * len(requests)  # type: ignore[list-item]

    def send(i: int, token: str, method: str, path: str, body: dict) -> None:
        with loopback.client(headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
            barrier.wait()
            answers[i] = client.request(method, path, json=body)

    threads = [threading.Thread(target=send, args=(i, *r)) for i, r in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def test_filing_at_once_never_gives_a_number_twice(server):
    api, token, backend = server
    member, other, committee = token["member"], token["other"], token["committee"]
    with loopback.client(headers={"Authorization": f"Bearer {committee}"}, timeout=60) as setup:
        public = setup.post(f"{api}/threads", json={"version": "1", "eid": "op_1", "body": "Abrimos."}).json()["label"]
        desk = setup.post(f"{api}/threads", json={"version": "draft", "eid": "op_1", "body": "Nota."}).json()["label"]
    assert (public, desk) == ("1", "D1")
    for trial in range(TRIALS):
        # on paragraphs in turn: each answer rebases the open amendments of its paragraph
        eid, text = (
            ("op_2", TEXT.replace("local", f"local {trial}"))
            if trial % 2
            else ("op_1", OP1.replace("multinivel", f"multinivel {trial}"))
        )
        amendment = {"version": "1", "eid": eid, "kind": "modify", "text": text}
        answers = at_once(
            [
                (member, "POST", f"{api}/amendments", amendment),
                (other, "POST", f"{api}/amendments", amendment),
                (committee, "POST", f"{api}/amendments", {**amendment, "version": "draft"}),
                (committee, "POST", f"{api}/amendments", {**amendment, "version": "draft"}),
                (member, "POST", f"{api}/threads", {"version": "1", "eid": "op_1", "body": f"Pregunta {trial}."}),
                (other, "POST", f"{api}/threads/{public}/comments", {"body": f"Sí {trial}."}),
                (member, "POST", f"{api}/threads/{public}/comments", {"body": f"No {trial}."}),
                (committee, "POST", f"{api}/threads/{desk}/comments", {"body": f"Interna {trial}."}),
                (committee, "POST", f"{api}/threads/{desk}/comments", {"body": f"Otra interna {trial}."}),
            ]
        )
        assert [a.status_code for a in answers] == [201] * len(answers), [
            a.text for a in answers if a.status_code != 201
        ]
    with loopback.client(headers={"Authorization": f"Bearer {committee}"}, timeout=60) as read:
        labels = [a["label"] for a in read.get(f"{api}/amendments", params={"limit": 1000}).json()]
        assert labels == [f"A{n}" for n in range(1, 2 * TRIALS + 1)] + [f"D{n}" for n in range(1, 2 * TRIALS + 1)]
        threads = read.get(f"{api}/threads", params={"version": "draft", "limit": 1000}).json()
        assert [t["label"] for t in threads] == [str(n) for n in range(1, TRIALS + 2)] + ["D1"]
        said = [c["label"] for t in threads if not t["label"].startswith("D") for c in t["comments"]]
        assert sorted(said, key=int) == [
            str(n) for n in range(1, 3 * TRIALS + 2)
        ]  # first comments and replies: one series
        internal = [c["label"] for c in read.get(f"{api}/threads/{desk}").json()["comments"]]
        assert internal == [f"D{n}" for n in range(1, 2 * TRIALS + 2)]
    print(f"\n[{backend} over HTTP] {TRIALS} trials of 9 filings at once: every number once, in each series")
