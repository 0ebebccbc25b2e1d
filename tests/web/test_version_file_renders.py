"""A version's files made on demand, under bursts, against a real server (uvicorn in a subprocess) with real renderer
processes, counted from outside (/proc) and in the server's log: 20 requests at once for one file start one renderer
and get the same bytes; a person's share and a worker's queue are bounded (429 and 503, with `Retry-After`); the
files kept stay under their bound, and one removed comes back the same, byte for byte."""

from __future__ import annotations

import fcntl
import io
import os
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from docx import Document

from tests import loopback
from tests.conftest import PASSWORD, join, make_people
from tests.e2e.server import running_server
from tests.integration.support import QUICK_HASHER
from tests.process_watch import Watch
from tests.web.conftest import token_headers
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.domain.publication.publication import file_name
from workspace.services import accounts
from workspace.services.declaration import importing
from workspace.services.publication import downloads
from workspace.services.publication.on_demand import Limits
from workspace.services.publication.rendering import rendered_file
from workspace.store.db import make_store

S = "kutahya"
ZERO = """# Preámbulo {#hdg_1}

Reconociendo que las ciudades intermedias son polos de intermediación. {#pre_1}

1. Nos comprometemos a fortalecer la gobernanza multinivel. {#op_1}
2. Pedimos a los gobiernos nacionales apoyar la financiación local. {#op_2}
"""
AT_ONCE = 20
LIMITS = Limits()
STARTED = "a renderer started for"


@pytest.fixture
def served(db_url, tmp_path, monkeypatch):
    """A server on the test's database, a version to download, and the tokens of five members."""
    monkeypatch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)
    store = make_store(db_url)
    people = make_people(store)
    importing.import_version(
        store, people.committee, S, ImportVersion(filename="zero.md", text=ZERO, label="Borrador cero")
    )
    members = [
        people.member,
        *(join(store, people.committee, S, f"member{n}@example.org", "member") for n in range(2, 6)),
    ]
    tokens = [
        accounts.create_token(store, accounts.authenticate(store, m.email, PASSWORD), "renders").token for m in members
    ]
    store.dispose()

    @contextmanager
    def server(**env: str) -> Iterator[tuple[object, list[str]]]:
        with running_server(tmp_path, db_url, **env) as running:
            yield running, tokens

    return server


def send(
    url: str, asks: list[tuple[str, dict[str, str]]]
) -> tuple[list[threading.Thread], list[httpx.Response | None]]:
    """Each (token, query) of `asks` sent at the same instant, on a connection of its own; the answers fill in as
    they come."""
    answers: list[httpx.Response | None] = [None] * len(asks)
    barrier = threading.Barrier(len(asks))
    client = loopback.client(
        base_url=url,
        timeout=120,
        limits=httpx.Limits(max_connections=None),  # one client: a new one takes 60 ms
        headers={"Accept-Language": "en"},
    )

    def ask(i: int) -> None:
        token, params = asks[i]
        barrier.wait()
        answers[i] = client.get(
            f"/api/processes/{S}/versions/1/download", params=params, headers={"Authorization": f"Bearer {token}"}
        )

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(asks))]
    for t in threads:
        t.start()
    return threads, answers


def at_once(url: str, asks: list[tuple[str, dict[str, str]]]) -> list[httpx.Response]:
    threads, answers = send(url, asks)
    for t in threads:
        t.join()
    return answers  # type: ignore[return-value]


def answered(answers: list[httpx.Response | None], count: int) -> list[httpx.Response]:
    """The answers once `count` of them came (or a minute passed: then the test fails on what came)."""
    deadline = time.monotonic() + 60
    while sum(a is not None for a in answers) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return [a for a in answers if a is not None]


def started(log: Path) -> int:
    return log.read_text().count(STARTED)


def test_twenty_requests_at_once_for_a_version_pdf_start_one_renderer_and_get_the_same_bytes(served):
    """Three files (trials), each asked 20 times at once by one member: one renderer each, 20 identical PDFs."""
    with served() as (server, tokens):
        made = []
        for trial, params in enumerate(
            (
                {"format": "pdf", "lang": "es-en-fr"},
                {"format": "pdf", "lang": "fr", "lines": "true"},
                {"format": "pdf", "lang": "en-es"},
            )
        ):
            logged = started(server.log)
            with Watch(server.pid) as seen:
                answers = at_once(server.url, [(tokens[0], params)] * AT_ONCE)
            assert [a.status_code for a in answers] == [200] * AT_ONCE, [
                a.text for a in answers if a.status_code != 200
            ]
            bodies = Counter(a.content for a in answers)
            assert len(bodies) == 1 and next(iter(bodies)).startswith(b"%PDF"), (
                f"trial {trial}: {len(bodies)} different byte strings"
            )
            # One renderer, counted exactly by the server's log; the /proc watcher samples, and on a loaded machine
            # (CI's four workers) it once missed a renderer's whole life, but it never sees a second one unlogged.
            assert started(server.log) - logged == 1
            assert len(seen.renderers) <= 1, f"trial {trial}: {len(seen.renderers)} renderer processes started"
            made.append(answers[0].content)
        later = at_once(
            server.url, [(token, {"format": "pdf", "lang": "es-en-fr"}) for token in tokens[1:3]]
        )  # others, later: kept
        assert [a.content for a in later] == [made[0]] * 2 and started(server.log) == 3


@contextmanager
def slots_held(folder: Path) -> Iterator[None]:
    """Every renderer slot of the machine held, as busy workers would: the server's makings wait in its queue."""
    folder.mkdir(parents=True, exist_ok=True)
    handles = [os.open(folder / f"slot-{n}.lock", os.O_RDWR | os.O_CREAT, 0o600) for n in range(LIMITS.slots)]
    try:
        for handle in handles:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        for handle in handles:
            os.close(handle)


LANGUAGES = ("es", "en", "fr", "es-en", "es-fr", "en-fr", "es-en-fr", "en-es", "fr-es", "fr-en")
PDFS = [{"format": "pdf", "lang": lang, "lines": lines} for lines in ("false", "true") for lang in LANGUAGES]
WORD = [{"format": "docx", "lang": lang} for lang in LANGUAGES] + [
    {"format": "docx", "lang": lang, "lines": "true"} for lang in ("es", "en", "fr")
]


@pytest.mark.parametrize(
    "db_url", ["sqlite"], indirect=True
)  # the slots are the machine's (in the folder of an SQLite database)
def test_a_persons_share_and_the_queue_are_bounded_and_say_when_to_come_back(served, tmp_path):
    """While the machine's renderers are busy, one member asks for 20 different PDFs at once: their share is taken,
    the rest refused at once (429); other members then ask for Word files, one person's share each at most: the
    worker's queue fills, and beyond it 503. Each refusal says when to come back. Once the renderers are free, each
    file taken is made once, and sent."""
    room = LIMITS.queue - LIMITS.per_person
    assert len(WORD) > room
    with served() as (server, tokens), Watch(server.pid) as seen:
        with slots_held(tmp_path / "renders"):
            mine_sent, mine = send(server.url, [(tokens[0], params) for params in PDFS])
            refused_mine = answered(mine, len(PDFS) - LIMITS.per_person)
            theirs_sent, theirs = send(
                server.url, [(tokens[1 + i // LIMITS.per_person], params) for i, params in enumerate(WORD)]
            )
            refused_theirs = answered(theirs, len(WORD) - room)
            assert not seen.renderers  # none could start
        for t in mine_sent + theirs_sent:
            t.join()
    assert Counter(a.status_code for a in refused_mine) == {429: len(PDFS) - LIMITS.per_person}
    assert Counter(a.status_code for a in refused_theirs) == {503: len(WORD) - room}
    for refused in refused_mine:
        assert int(refused.headers["retry-after"]) >= 1 and "being made already" in refused.json()["error"]
    for refused in refused_theirs:
        assert int(refused.headers["retry-after"]) >= 1 and "many files" in refused.json()["error"]
    taken = [a for a in mine + theirs if a is not None and a.status_code == 200]
    assert len(taken) == LIMITS.per_person + room
    assert (
        sum(a.content.startswith(b"%PDF") for a in taken)
        == LIMITS.per_person
        == len(seen.renderers)
        == started(server.log)
    )


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the kept files are in the folder of an SQLite database
def test_kept_files_stay_under_their_bound_and_one_removed_comes_back_the_same(served, db_url, tmp_path):
    store = make_store(db_url)
    try:  # the size of one of the PDFs, made here as the server makes them
        model, codes = downloads.download_model(
            store, accounts.authenticate(store, "member@example.org", PASSWORD), S, "1", "es"
        )
        bound = int(
            len(rendered_file(model, file_name(S, codes, "pdf"))) * 2.5
        )  # two PDFs of about this size, not three
    finally:
        store.dispose()
    folder, path = tmp_path / "renders", f"/api/processes/{S}/versions/1/download"
    with (
        served(ACCORD_RENDER_CACHE_BYTES=str(bound)) as (server, tokens),
        loopback.client(base_url=server.url, timeout=120, headers={"Authorization": f"Bearer {tokens[0]}"}) as client,
    ):
        bodies = {}
        for lang in ("es", "en", "fr", "es-en", "en-fr"):
            answer = client.get(path, params={"format": "pdf", "lang": lang})
            assert answer.status_code == 200
            bodies[lang] = answer.content
            sizes = [p.stat().st_size for p in folder.iterdir() if len(p.name) == 64]
            assert sizes and sum(sizes) <= bound, sizes
        logged = started(server.log)
        assert client.get(path, params={"format": "pdf", "lang": "en-fr"}).content == bodies["en-fr"]
        assert started(server.log) == logged  # the last made is kept
        assert client.get(path, params={"format": "pdf", "lang": "es"}).content == bodies["es"]
        assert started(server.log) == logged + 1  # the first was removed: made again, the same bytes


def test_the_drafts_file_is_kept_until_the_draft_changes(client, web_people):
    """The draft's file is dated by the process's last activity: asked again, the same bytes (kept); once a paragraph
    changed, a new file with the new text."""
    committee = token_headers(client, web_people.committee.email)
    draft = f"/api/processes/{S}/draft"
    added = client.post(
        f"{draft}/paragraphs", json={"kind": "operative", "text": "Nos comprometemos a actuar."}, headers=committee
    )
    assert added.status_code == 201, added.text
    path = f"/api/processes/{S}/versions/draft/download"
    first, again = (client.get(path, params={"format": "docx"}, headers=committee) for _ in range(2))
    assert first.status_code == 200 and first.content == again.content
    assert any("Nos comprometemos a actuar." in p.text for p in Document(io.BytesIO(first.content)).paragraphs)
    edited = client.put(
        f"{draft}/paragraphs/{added.json()['eid']}",
        json={"text": "Nos comprometemos a actuar hoy.", "base_revision": added.json()["revision"]},
        headers=committee,
    )
    assert edited.status_code == 200, edited.text
    changed = client.get(path, params={"format": "docx"}, headers=committee)
    texts = [p.text for p in Document(io.BytesIO(changed.content)).paragraphs]
    assert any("Nos comprometemos a actuar hoy." in t for t in texts) and changed.content != first.content
    assert client.get(path, params={"format": "docx"}, headers=committee).content == changed.content
