"""Two API clients edit the same paragraph at the same instant, against a real server, on both backends."""

from __future__ import annotations

import threading
from collections import Counter

import httpx
import pytest
from sqlalchemy import delete

from tests import loopback
from tests.conftest import make_people
from tests.e2e.server import running_server
from workspace.domain.declaration.document import revision_id
from workspace.services import accounts
from workspace.store.db import make_store, transaction
from workspace.store.models import PacedAction

TRIALS = 50


@pytest.fixture(scope="module")
def started(module_db_url, tmp_path_factory):
    """One server per backend for the module's races: each race makes the paragraphs, amendments and versions it
    races over, so what an earlier race left is never what a later one reads (a server started for each of the
    eight tests cost a second and a half of its start and stop)."""
    from tests.integration.support import QUICK_HASHER

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)
        store = make_store(module_db_url)
        people = make_people(store)
        token = accounts.create_token(store, people.committee, "race").token
        store.dispose()
        with running_server(tmp_path_factory.mktemp("races"), module_db_url) as running:
            yield running.url, token, module_db_url


@pytest.fixture
def server(started):
    """The module's server, the committee's pace forgotten: each race proposes up to 25 amendments, as one person
    starting afresh (30 a minute is a person's limit, services/pace.py)."""
    store = make_store(started[2])
    try:
        with transaction(store) as tx:
            tx.execute(delete(PacedAction))
    finally:
        store.dispose()
    return started


def test_concurrent_http_edits_of_one_paragraph(server):
    url, token, db_url = server
    headers = {"Authorization": f"Bearer {token}"}
    api = f"{url}/api/processes/kutahya"
    tally: Counter[str] = Counter()
    with loopback.client(headers=headers, timeout=30) as setup:
        for trial in range(TRIALS):
            p = setup.post(f"{api}/draft/paragraphs", json={"kind": "operative", "text": f"Texto {trial}."}).json()
            barrier = threading.Barrier(2)
            answers: list[httpx.Response] = [None, None]  # type: ignore[list-item]

            def put(i: int, barrier: threading.Barrier, answers: list[httpx.Response], p: dict, trial: int) -> None:
                with loopback.client(headers=headers, timeout=30) as client:
                    barrier.wait()
                    answers[i] = client.put(
                        f"{api}/draft/paragraphs/{p['eid']}",
                        json={"text": f"Versión {i} de {trial}.", "base_revision": p["revision"]},
                    )

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


def test_two_voting_lists_deciding_the_same_amendments_at_once(server):
    """Two committee clients send voting lists over the same open amendments at the same instant (one accepts
    them, the other rejects them): one list is taken whole, the other refused whole (409); no amendment is
    decided by both, and the draft carries the accepted wordings only if the accepting list won."""
    url, token, _ = server
    headers = {"Authorization": f"Bearer {token}"}
    api = f"{url}/api/processes/kutahya"
    tally: Counter[str] = Counter()
    with loopback.client(headers=headers, timeout=30) as setup:
        for trial in range(TRIALS // 5):
            made = [
                setup.post(
                    f"{api}/draft/paragraphs", json={"kind": "operative", "text": f"Lista {trial}, párrafo {k}."}
                ).json()
                for k in range(2)
            ]
            numbers = [
                setup.post(
                    f"{api}/amendments",
                    json={
                        "version": "draft",
                        "eid": p["eid"],
                        "kind": "modify",
                        "text": f"Lista {trial}, párrafo {k} enmendado.",
                    },
                ).json()["label"]
                for k, p in enumerate(made)
            ]
            barrier = threading.Barrier(2)
            answers: list[httpx.Response] = [None, None]  # type: ignore[list-item]

            def vote(i: int, barrier: threading.Barrier, answers: list[httpx.Response], numbers: list[str]) -> None:
                decision = ("accepted", "rejected")[i]
                with loopback.client(headers=headers, timeout=30) as client:
                    barrier.wait()
                    answers[i] = client.post(
                        f"{api}/amendments/decisions",
                        json={
                            "decisions": [{"number": n, "decision": decision, "reason": f"Lista {i}."} for n in numbers]
                        },
                    )

            threads = [threading.Thread(target=vote, args=(i, barrier, answers, numbers)) for i in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
            winner = ("accepted", "rejected")[next(i for i, a in enumerate(answers) if a.status_code == 200)]
            tally[winner] += 1
            statuses = [setup.get(f"{api}/amendments/{n}").json()["status"] for n in numbers]
            assert statuses == [winner, winner]  # the whole list of the winner, nothing of the other
            texts = {p["eid"]: p["text"] for p in setup.get(f"{api}/draft").json()["paragraphs"]}
            assert [texts[p["eid"]].endswith("enmendado.") for p in made] == [winner == "accepted"] * 2
    assert sum(tally.values()) == TRIALS // 5


def test_two_versions_given_the_same_name_at_once(server):
    """Two committee clients name two versions alike in English at the same instant: one name is kept, the other
    refused (409); never both versions under one name, which a reference by name could not tell apart."""
    url, token, _ = server
    headers = {"Authorization": f"Bearer {token}"}
    api = f"{url}/api/processes/kutahya"
    with loopback.client(headers=headers, timeout=30) as setup:
        for label in ("Borrador cero", "Rev.1"):
            setup.post(
                f"{api}/draft/paragraphs", json={"kind": "operative", "text": f"Texto de {label}."}
            ).raise_for_status()
            setup.post(f"{api}/versions", json={"label": label}).raise_for_status()
        winners: Counter[int] = Counter()
        for trial in range(TRIALS // 2):
            name = f"Draft {trial} for the room"
            barrier = threading.Barrier(2)
            answers: list[httpx.Response] = [None, None]  # type: ignore[list-item]

            def name_it(i: int, barrier: threading.Barrier, answers: list[httpx.Response], name: str) -> None:
                with loopback.client(headers=headers, timeout=30) as client:
                    barrier.wait()
                    answers[i] = client.put(f"{api}/versions/{i + 1}/labels", json={"labels": {"en": name}})

            threads = [threading.Thread(target=name_it, args=(i, barrier, answers, name)) for i in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
            winner = next(i for i, a in enumerate(answers) if a.status_code == 200) + 1
            winners[winner] += 1
            named = [v["number"] for v in setup.get(f"{api}/versions").json() if v["labels"].get("en") == name]
            assert named == [winner]
            assert setup.get(f"{api}/versions/{name}").json()["version"]["number"] == winner
    assert sum(winners.values()) == TRIALS // 2


def test_two_first_renderings_of_one_amendment_at_once(server):
    """Two clients render the same amendment into English for the first time at the same instant, from the same
    English paragraph: one rendering is kept, the other gets the stale answer with the diff to the kept one (never a
    bare constraint error), and the amendment holds exactly the kept words."""
    url, token, db_url = server
    headers = {"Authorization": f"Bearer {token}"}
    api = f"{url}/api/processes/kutahya"
    tally: Counter[str] = Counter()
    with loopback.client(headers=headers, timeout=30) as setup:
        for trial in range(TRIALS // 2):
            p = setup.post(f"{api}/draft/paragraphs", json={"kind": "operative", "text": f"Apoyo {trial}."}).json()
            setup.put(
                f"{api}/translations/en/{p['eid']}",
                params={"version": "draft"},
                json={"text": f"Support {trial}.", "source_revision": p["revision"], "state": "translated"},
            ).raise_for_status()
            made = setup.post(
                f"{api}/amendments",
                json={"version": "draft", "eid": p["eid"], "kind": "modify", "text": f"Apoyo firme {trial}."},
            )
            assert made.status_code == 201, made.text
            label = made.json()["label"]
            [item] = [i for i in setup.get(f"{api}/translations/en/amendments").json() if i["label"] == label]
            barrier = threading.Barrier(2)
            answers: list[httpx.Response] = [None, None]  # type: ignore[list-item]

            def render(i: int, barrier: threading.Barrier, answers: list[httpx.Response], item: dict) -> None:
                with loopback.client(headers=headers, timeout=30) as client:
                    barrier.wait()
                    answers[i] = client.put(
                        f"{api}/amendments/{item['label']}/renderings/en",
                        json={"text": f"Firm support {i}.", "state": "rendered", "base_revision": item["revision"]},
                    )

            threads = [threading.Thread(target=render, args=(i, barrier, answers, item)) for i in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
            won = next(a for a in answers if a.status_code == 200).json()
            lost = next(a for a in answers if a.status_code == 409).json()
            # The diff leads from the words the loser started from to the kept rendering.
            assert "".join(t for op, t in lost["detail"]["diff"] if op <= 0) == f"Support {trial}.", lost
            assert "".join(t for op, t in lost["detail"]["diff"] if op >= 0) == won["text"], lost
            assert lost["detail"]["revision"] == revision_id(won["text"])
            kept = setup.get(f"{api}/amendments/{label}").json()["renderings"]["en"]
            assert kept["text"] == won["text"]
            tally[won["text"]] += 1
    assert sum(tally.values()) == TRIALS // 2
    print(
        f"\n[{db_url.split(':')[0]} over HTTP] first rendering vs first rendering: {TRIALS // 2} trials, {dict(tally)}"
    )
