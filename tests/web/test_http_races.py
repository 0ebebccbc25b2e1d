"""Two API clients edit the same paragraph at the same instant, against a real server, on both backends."""

from __future__ import annotations

import threading
from collections import Counter

import httpx
import pytest

from tests.conftest import make_people
from tests.e2e.server import running_server
from workspace.services import accounts
from workspace.store.db import make_store

TRIALS = 50


@pytest.fixture
def server(db_url, tmp_path, monkeypatch):
    from tests.integration.support import QUICK_HASHER

    monkeypatch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)
    store = make_store(db_url)
    people = make_people(store)
    token = accounts.create_token(store, people.committee, "race").token
    store.dispose()
    with running_server(tmp_path, db_url) as running:
        yield running.url, token, db_url


def test_concurrent_http_edits_of_one_paragraph(server):
    url, token, db_url = server
    headers = {"Authorization": f"Bearer {token}"}
    api = f"{url}/api/processes/kutahya"
    tally: Counter[str] = Counter()
    with httpx.Client(headers=headers, timeout=30) as setup:
        for trial in range(TRIALS):
            p = setup.post(f"{api}/draft/paragraphs", json={"kind": "operative", "text": f"Texto {trial}."}).json()
            barrier = threading.Barrier(2)
            answers: list[httpx.Response] = [None, None]  # type: ignore[list-item]

            def put(i: int, barrier: threading.Barrier, answers: list[httpx.Response], p: dict, trial: int) -> None:
                with httpx.Client(headers=headers, timeout=30) as client:
                    barrier.wait()
                    answers[i] = client.put(f"{api}/draft/paragraphs/{p['eid']}",
                                            json={"text": f"Versión {i} de {trial}.", "base_revision": p["revision"]})

            threads = [threading.Thread(target=put, args=(i, barrier, answers, p, trial)) for i in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            statuses = sorted(a.status_code for a in answers)
            assert statuses == [200, 409], [a.text for a in answers]
            won = next(a for a in answers if a.status_code == 200).json()
            lost = next(a for a in answers if a.status_code == 409).json()
            assert lost["detail"]["current_text"] == won["text"] and lost["detail"]["diff"]
            now = setup.get(f"{api}/draft").json()
            assert next(x for x in now["paragraphs"] if x["eid"] == p["eid"])["text"] == won["text"]
            history = setup.get(f"{api}/paragraphs/{p['eid']}/history").json()
            assert history["entries"][-1]["new_text"] == won["text"] and len(history["entries"]) == 2
            tally["200"] += 1
            tally["409"] += 1
    print(f"\n[{db_url.split(':')[0]} over HTTP] edit vs edit: {TRIALS} trials, {dict(tally)}, lost writes 0")
