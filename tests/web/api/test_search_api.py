"""Search through the JSON API (issue 68), by real requests against the real app, on SQLite and PostgreSQL.

A write is searchable when its answer comes back (the index is kept in the writing transaction): each kind of text
is written through the API and searched at once (`test_…_is_found…`, a fresh database each). Nothing leaks: a world
shared by the module's read-only tests (one app and database per backend) holds, beside what everyone in the process
reads, text only the committee reads — a paragraph only in the working draft, an amendment and a thread of the
committee on the draft (D1), a proposal in an informal's slot that invites EU alone, ARG's positions on that paragraph
and on D1 — all with one word in common ("tamarindo") with one paragraph of Rev.1, another process's text with it
too, and the Kütahya demo published (Rev.1) beside what it never published; each person finds, counts and pages only
what they read. Then paging and its `Link`, one result per paragraph across versions and editions, `url`s that open
(200, the eId an element's id), printed references in the reader's language, bad input (422 or 400, never 500).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import select

from tests.backends import BACKENDS_DIFFER
from tests.conftest import SESSION_JSON, join, make_people
from tests.demo_data import KUTAHYA
from tests.integration.services.publication.test_publication import SYMBOL, settle
from tests.integration.support import QUICK_HASHER
from tests.web.api.test_api_amendments import P, tokens, zero  # noqa: F401 - fixtures
from tests.web.api.test_api_negotiation import room  # noqa: F401 - fixture
from tests.web.conftest import another_browser, sign_in
from tests.web.pages.test_pages_support import html
from workspace.domain.consultations.consultations import ProcessDraft
from workspace.services import accounts, pace, processes, publication, transfer
from workspace.services.actor import SYSTEM
from workspace.settings import Settings
from workspace.store.models import SearchEntry
from workspace.web.app import create_app

SEARCH = f"{P}/search"
NBSP = "\u00a0"
DEMO = "kutahya-2021"


def moment(hours: float) -> str:
    return (datetime.now(UTC) + timedelta(hours=hours)).isoformat(timespec="minutes")


def ok(response: Any, *statuses: int) -> Any:
    """The answer's body, once its status is one of `statuses` (200 unless said)."""
    assert response.status_code in (statuses or (200,)), response.text
    return response.json() if response.content else None


def found(client: TestClient, headers: dict[str, str] | None, q: str, path: str = SEARCH, **params: Any) -> list[dict]:
    """The hits of one search (every one asked: at most 100), checked to be a plain list."""
    response = client.get(path, params={"q": q, "limit": 100, **params}, headers=headers or {})
    hits = ok(response)
    assert isinstance(hits, list) and "Link" not in response.headers, response.headers
    return hits


def refs(hits: list[dict]) -> list[tuple[str, str]]:
    """What each hit is: its kind and its number (amendments, threads, submissions) or its eId."""
    return [(h["kind"], h.get("number") or h.get("eid") or h["ref"]) for h in hits]


def printed(ref: str) -> str:
    return ref.replace(NBSP, " ")


# -- a write is searchable when its answer comes back (a fresh database each) ------------------------------------------
@BACKENDS_DIFFER
def test_a_paragraph_of_the_draft_is_found_by_the_committee_at_once_and_by_members_once_circulated(client, room):  # noqa: F811
    c, m, o = room["committee"], room["member"], room["observer"]
    added = ok(
        client.post(
            f"{P}/draft/paragraphs",
            json={"kind": "operative", "text": "Sembraremos frambuesas en los huertos.", "after": "op_2"},
            headers=c,
        ),
        201,
    )
    eid = added["eid"]
    [hit] = found(client, c, "frambuesa")  # the singular finds the plural
    assert (hit["kind"], hit["eid"], hit["version"], hit["versions"], hit["lang"]) == (
        "paragraph",
        eid,
        "draft",
        ["draft"],
        "es",
    )
    assert "<mark>frambuesas</mark>" in hit["snippet"]
    assert found(client, m, "frambuesa") == [] and found(client, o, "frambuesa") == []
    edited = client.put(
        f"{P}/draft/paragraphs/{eid}",
        json={"text": "Sembraremos grosellas en los huertos.", "base_revision": added["revision"]},
        headers=c,
    )
    ok(edited)
    assert found(client, c, "frambuesa") == []  # the words it no longer holds
    assert [h["eid"] for h in found(client, c, "grosellas")] == [eid]
    assert found(client, m, "grosellas") == []
    ok(client.post(f"{P}/versions", json={"label": "Rev.1"}, headers=c), 201)
    for who in (m, o):
        [hit] = found(client, who, "grosellas")
        assert (hit["eid"], hit["version"], hit["versions"]) == (eid, "Rev.1", ["Rev.1"])
        assert printed(hit["ref"]) == printed(added["ref"]) == "OP 2 bis"  # numbers held still
        assert [h["eid"] for h in found(client, who, "grosellas", version="Rev.1")] == [eid]
        assert found(client, who, "grosellas", version="Borrador cero") == []
    [hit] = found(client, c, "grosellas")
    assert (hit["version"], hit["versions"]) == ("draft", ["Rev.1", "draft"])
    now = next(p for p in ok(client.get(f"{P}/draft", headers=c))["paragraphs"] if p["eid"] == eid)
    gone = client.delete(f"{P}/draft/paragraphs/{eid}", params={"base_revision": now["revision"]}, headers=c)
    assert gone.status_code == 204, gone.text
    [hit] = found(client, c, "grosellas")  # out of the draft: as circulated only
    assert (hit["version"], hit["versions"]) == ("Rev.1", ["Rev.1"])


@BACKENDS_DIFFER
def test_a_french_translation_is_found_in_its_edition_and_its_new_wording_replaces_it(client, room):  # noqa: F811
    c, m = room["committee"], room["member"]
    row = next(
        t for t in ok(client.get(f"{P}/translations/fr", params={"version": "1"}, headers=c)) if t["eid"] == "op_1"
    )
    french = "Nous nous engageons à renforcer la gouvernance des collectivités et du pamplemousse."
    ok(
        client.put(
            f"{P}/translations/fr/op_1",
            params={"version": "1"},
            json={"text": french, "source_revision": row["source_revision"], "state": "translated"},
            headers=c,
        )
    )
    [hit] = found(client, m, "pamplemousse")
    assert (hit["kind"], hit["eid"], hit["lang"], hit["version"]) == ("paragraph", "op_1", "fr", "Borrador cero")
    assert hit["siblings"]["fr"] == french
    assert hit["siblings"]["es"] == "Nos comprometemos a fortalecer la gobernanza multinivel."
    assert [h["lang"] for h in found(client, m, "collectivites pamplemousse", lang="fr")] == ["fr"]  # accents aside
    assert found(client, m, "pamplemousse", lang="es") == [] and found(client, m, "pamplemousse", lang="en") == []
    again = "Nous nous engageons à renforcer la gouvernance des collectivités et du pomelo."
    ok(
        client.put(
            f"{P}/translations/fr/op_1",
            params={"version": "1"},
            json={"text": again, "source_revision": row["source_revision"], "state": "translated"},
            headers=c,
        )
    )
    assert found(client, m, "pamplemousse") == [] == found(client, c, "pamplemousse")
    assert [(h["eid"], h["lang"]) for h in found(client, m, "pomelo")] == [("op_1", "fr")]
    # The working draft holds op_1's text as circulated: for the committee the translation stands there too, until
    # the draft's op_1 changes (then it is the French of the zero draft only), and again once the text comes back.
    [hit] = found(client, c, "pomelo")
    assert (hit["lang"], hit["version"], hit["versions"]) == ("fr", "draft", ["Borrador cero", "draft"])
    draft_op_1 = next(p for p in ok(client.get(f"{P}/draft", headers=c))["paragraphs"] if p["eid"] == "op_1")
    changed = ok(
        client.put(
            f"{P}/draft/paragraphs/op_1",
            json={"text": "Nos comprometemos a fortalecer la gobernanza.", "base_revision": draft_op_1["revision"]},
            headers=c,
        )
    )
    [hit] = found(client, c, "pomelo")
    assert (hit["version"], hit["versions"]) == ("Borrador cero", ["Borrador cero"])
    assert in_the_draft(client, "op_1") == {"es": False, "fr": False, "es:new": True}
    ok(
        client.put(
            f"{P}/draft/paragraphs/op_1",
            json={"text": draft_op_1["text"], "base_revision": changed["revision"]},
            headers=c,
        )
    )
    assert found(client, c, "pomelo")[0]["version"] == "draft"
    assert in_the_draft(client, "op_1") == {"es": True, "fr": True, "es:new": False}


def in_the_draft(client: TestClient, eid: str) -> dict[str, bool]:
    """Whether each of a paragraph's texts stands in the working draft, as the index keeps it (store.search_index):
    op_1's Spanish as circulated ("es"), its French ("fr", the pomelo's), and its other Spanish ("es:new")."""
    with client.app.state.db.engine.connect() as conn:
        rows = conn.execute(
            select(SearchEntry.language, SearchEntry.text, SearchEntry.drafted).where(
                SearchEntry.kind == "paragraph", SearchEntry.key == eid, SearchEntry.language.in_(("es", "fr"))
            )
        ).all()
    kept: dict[str, bool] = {}
    for language, text, drafted in rows:
        if language == "fr" and "pomelo" in text:
            kept["fr"] = bool(drafted)
        elif language == "es" and text == "Nos comprometemos a fortalecer la gobernanza multinivel.":
            kept["es"] = bool(drafted)
        elif language == "es" and text == "Nos comprometemos a fortalecer la gobernanza.":
            kept["es:new"] = bool(drafted)
    return kept


@BACKENDS_DIFFER
def test_an_amendment_is_found_by_its_wording_and_by_its_rationale(client, room):  # noqa: F811
    m, o = room["member"], room["observer"]
    proposed = client.post(
        f"{P}/amendments",
        json={
            "version": "1",
            "eid": "op_2",
            "kind": "modify",
            "text": "Pedimos a los gobiernos nacionales apoyar la financiación local y las alcaparras.",
            "rationale": "Lo pide la cooperativa del membrillo.",
        },
        headers=m,
    )
    ok(proposed, 201)
    for who in (m, o):
        for q in ("alcaparra", "membrillo"):
            [hit] = found(client, who, q)
            assert (hit["kind"], hit["number"], printed(hit["ref"]), hit["eid"]) == ("amendment", "A1", "A1", "op_2")
            assert hit["url"] == "/p/kutahya/amendments/A1"
            assert f"<mark>{'alcaparras' if q == 'alcaparra' else q}</mark>" in hit["snippet"]
    ok(client.put(f"{P}/amendments/1", json={"rationale": "Lo pide la cooperativa del níspero."}, headers=m))
    assert found(client, m, "membrillo") == []
    assert refs(found(client, o, "nispero")) == [("amendment", "A1")]
    decided = {"decision": "rejected", "reason": "La cooperativa del azafrán no lo pidió."}
    ok(client.post(f"{P}/amendments/1/decision", json=decided, headers=room["committee"]), 201)
    assert refs(found(client, o, "azafran")) == [("amendment", "A1")]  # the reason of its decision too


@BACKENDS_DIFFER
def test_a_comment_is_found_then_its_new_words_and_nothing_once_deleted(client, room, unpaced):  # noqa: F811
    m, o = room["member"], room["observer"]
    thread = ok(
        client.post(f"{P}/threads", json={"version": "1", "eid": "op_1", "body": "Hablemos de la guayaba."}, headers=m),
        201,
    )
    [hit] = found(client, o, "guayaba", kind="thread")
    assert (hit["kind"], hit["number"], hit["eid"], printed(hit["ref"])) == (
        "thread",
        thread["label"],
        "op_1",
        "thread 1 on OP 1",  # named as people name it, with where it is
    )
    [hit] = found(client, {**o, "Accept-Language": "fr"}, "guayaba", kind="thread")
    assert printed(hit["ref"]) == "fil 1 sur PD 1"
    reply = ok(
        client.post(f"{P}/threads/{thread['label']}/comments", json={"body": "Y de la papaya madura."}, headers=m),
        201,
    )
    assert refs(found(client, o, "papaya")) == [("thread", thread["label"])]
    ok(client.put(f"{P}/comments/{reply['id']}", json={"body": "Y de la maracuyá madura."}, headers=m))
    assert found(client, o, "papaya") == []  # the earlier wording is kept, not searched
    assert refs(found(client, o, "maracuya")) == [("thread", thread["label"])]
    assert client.delete(f"{P}/comments/{reply['id']}", headers=m).status_code == 204
    assert found(client, o, "maracuya") == [] and found(client, o, "madura") == []
    assert refs(found(client, o, "guayaba")) == [("thread", thread["label"])]  # the thread's first comment stays


@BACKENDS_DIFFER
def test_a_recommendation_is_found_when_added_and_when_reworded(client, room):  # noqa: F811
    c, m = room["committee"], room["member"]
    session = ok(client.post(f"{P}/sessions", json=SESSION_JSON, headers=c), 201)["ref"]
    added = ok(
        client.post(
            f"{P}/sessions/{session}/recommendations", json={"text": "Sembrar chirimoyas en las plazas."}, headers=m
        ),
        201,
    )
    [hit] = found(client, m, "chirimoya")
    assert (hit["kind"], hit["ref"], hit["url"]) == (
        "recommendation",
        added["ref"],
        f"/p/kutahya/recommendations/{added['ref']}",
    )
    ok(client.put(f"{P}/recommendations/{added['ref']}", json={"text": "Sembrar guanábanas en las plazas."}, headers=c))
    assert found(client, m, "chirimoya") == []
    assert refs(found(client, m, "guanabanas")) == [("recommendation", added["ref"])]


@BACKENDS_DIFFER
def test_a_delegations_proposal_in_a_window_is_found(client, room):  # noqa: F811
    c, m, o = room["committee"], room["member"], room["observer"]
    ok(client.post(f"{P}/submissions/windows", json={"opens": moment(-1), "closes": moment(24)}, headers=c), 201)
    words = {"kind": "modify", "eid": "op_2", "text": "Pedimos a los gobiernos nacionales apoyar la carambola local."}
    made = ok(client.post(f"{P}/submissions", json=words, headers=m), 201)
    for who in (m, o, c):
        [hit] = found(client, who, "carambola")
        assert (hit["kind"], hit["number"]) == ("submission", str(made["number"]))
        assert "<mark>carambola</mark>" in hit["snippet"]
        assert hit["url"] == f"/p/kutahya/submissions?delegation=ARG#s{made['number']}"  # its row in its list
        page = client.get(hit["url"].split("#")[0], headers=who)
        assert page.status_code == 200 and f'id="s{made["number"]}"' in page.text


@BACKENDS_DIFFER
def test_a_positions_note_is_found_and_its_new_note_replaces_it(client, room):  # noqa: F811
    m, c = room["member"], room["committee"]
    ok(client.put(f"{P}/positions", json={"eid": "op_1", "position": "objects", "note": "Falta el lichi."}, headers=m))
    for who in (m, c):
        [hit] = found(client, who, "lichi")
        assert (hit["kind"], printed(hit["ref"]), hit["eid"]) == ("position", "ARG on OP 1", "op_1")
    [hit] = found(client, {**m, "Accept-Language": "es"}, "lichi")
    assert printed(hit["ref"]) == "ARG sobre PD 1"  # in the reader's language
    ok(
        client.put(
            f"{P}/positions",
            json={"eid": "op_1", "position": "objects", "note": "Falta el rambután.", "base_revision": 1},
            headers=m,
        )
    )
    assert found(client, m, "lichi") == []
    assert refs(found(client, m, "rambutan")) == [("position", "op_1")]


# -- one world for the read-only tests (per backend) ----------------------------------------------------------------
ZERO_MD = """# Preámbulo {#hdg_1}

Reconociendo que los municipios son polos de intermediación entre lo urbano y lo rural. {#pre_1}

1. Nos comprometemos a fortalecer la gobernanza multinivel con los ayuntamientos. {#op_1}
2. Pedimos a los gobiernos nacionales apoyar la financiación local de los municipios. {#op_2}
3. Promoveremos la cooperación descentralizada entre municipios hermanos. {#op_3}
4. Impulsaremos la participación ciudadana en los municipios pequeños. {#op_4}
5. Protegeremos el patrimonio cultural de los municipios y sus barrios. {#op_5}
6. Compartiremos datos abiertos sobre el agua potable. {#op_6}
"""
REV1_EDITS = {
    "op_2": "Pedimos a los gobiernos nacionales apoyar con firmeza la financiación local de los municipios.",
    "op_3": "Promoveremos la cooperación descentralizada entre municipios hermanos y el comercio del tamarindo.",
    "op_6": "Compartiremos datos abiertos sobre el agua potable y el girasol.",
}
OP_1 = {
    "en": "We commit to strengthening multilevel governance with the town halls.",
    "fr": "Nous nous engageons à renforcer la gouvernance à plusieurs niveaux avec les mairies.",
}
HIDDEN = {  # a word of each thing only the committee reads, with what it is
    "zarzamora": ("paragraph", "op_7"),  # only in the working draft
    "berenjena": ("amendment", "D1"),  # the committee's amendment on the draft
    "calabacin": ("thread", "D1"),  # the committee's thread on the draft
    "pimenton": ("submission", "2"),  # EU's proposal in an informal's slot that invites EU alone
    "guindilla": ("position", "op_7"),  # ARG's position (the committee took it) on the paragraph of the draft
    "frutilla": ("position", "ARG on D1"),  # ARG's position on the committee's amendment D1
}
SHARED = "tamarindo"  # in each of them, in Rev.1's OP 3, and in another process's text
VISIBLE_KINDS = ("paragraph", "amendment", "thread", "recommendation", "submission", "position")  # each says "girasol"
DEMO_PUBLISHED, DEMO_ZERO_ONLY = "chefchaouen", "disturbios"  # in the demo's published Rev.1; only in its zero draft
DEMO_UNPUBLISHED = {"ascendente": "recommendation", "indonesia": "amendment"}  # words of the demo's process alone


@dataclass
class World:
    app: Litestar
    client: TestClient
    tokens: dict[str, dict[str, str]]  # Bearer headers by person; "anonymous": none
    emails: dict[str, str]
    recommendation: str  # the ref of the member's recommendation

    def get(self, who: str, path: str, **params: Any) -> Any:
        return self.client.get(path, params=params, headers=self.tokens[who])

    def hits(self, who: str, q: str, path: str = SEARCH, **params: Any) -> list[dict]:
        return found(self.client, self.tokens[who], q, path, **params)


def _call(client: TestClient, method: str, path: str, headers: dict[str, str], **kw: Any) -> Any:
    response = client.request(method, path, headers=headers, **kw)
    assert response.status_code in (200, 201), (method, path, response.text)
    return response.json() if response.content else None


def _populate(app: Litestar, client: TestClient) -> World:
    store = app.state.db
    people = make_people(store)  # kutahya: committee, member, translator (en), observer; an outsider; an admin
    processes.create_process(  # the outsider is the committee of another process
        store,
        people.outsider,
        ProcessDraft(slug="otro", titles={"es": "Otro proceso"}, source_language="es", languages=("es",)),
    )
    transfer.import_folder(store, None, KUTAHYA)  # the demo, Rev.1 published
    settle(store, SYSTEM)
    publication.publish(store, SYSTEM, DEMO, publication.Publish(version="Rev.1", symbol=SYMBOL, date="2021-10-08"))
    # A member who speaks for EU, the delegation the informal invites.
    invited = join(store, people.committee, "kutahya", "invited@example.org", "member")
    actors = {
        who: getattr(people, who) for who in ("committee", "member", "translator", "observer", "outsider", "admin")
    }
    actors["invited"] = invited
    emails = {who: actor.email for who, actor in actors.items()}
    bearer = {
        who: {"Authorization": f"Bearer {accounts.create_token(store, actor, 'search').token}"}
        for who, actor in actors.items()
    }
    bearer["anonymous"] = {}
    c, m = bearer["committee"], bearer["member"]

    def call(method: str, path: str, headers: dict[str, str], **kw: Any) -> Any:
        return _call(client, method, path, headers, **kw)

    call("POST", f"{P}/versions/import", c, json={"filename": "zero.md", "text": ZERO_MD, "label": "Borrador cero"})
    draft = {p["eid"]: p for p in call("GET", f"{P}/draft", c)["paragraphs"]}
    for eid, text in REV1_EDITS.items():
        call("PUT", f"{P}/draft/paragraphs/{eid}", c, json={"text": text, "base_revision": draft[eid]["revision"]})
    call("POST", f"{P}/versions", c, json={"label": "Rev.1"})
    for lang, text in OP_1.items():
        row = next(
            t for t in call("GET", f"{P}/translations/{lang}", c, params={"version": "Rev.1"}) if t["eid"] == "op_1"
        )
        body = {"text": text, "source_revision": row["source_revision"], "state": "translated"}
        call("PUT", f"{P}/translations/{lang}/op_1", c, params={"version": "Rev.1"}, json=body)
    # What everyone in the process reads, each saying "girasol".
    for code, name in (("ARG", "Argentina"), ("EU", "Unión Europea")):
        call("POST", f"{P}/delegations", c, json={"code": code, "names": {"es": name}})
    call("PUT", f"{P}/members/{emails['member']}", c, json={"delegation": "ARG"})
    call("PUT", f"{P}/members/{emails['invited']}", c, json={"delegation": "EU"})
    call(
        "POST",
        f"{P}/amendments",
        m,
        json={
            "version": "Rev.1",
            "eid": "op_4",
            "kind": "modify",
            "text": "Impulsaremos la participación ciudadana con presupuestos participativos.",
            "rationale": "Lo pidió la sesión del girasol.",
        },
    )
    call(
        "POST", f"{P}/threads", m, json={"version": "Rev.1", "eid": "op_6", "body": "¿Por qué el <girasol> y no otro?"}
    )
    session = call("POST", f"{P}/sessions", c, json=SESSION_JSON)["ref"]
    recommendation = call(
        "POST", f"{P}/sessions/{session}/recommendations", m, json={"text": "Sembrar un girasol en cada plaza."}
    )["ref"]
    window = call("POST", f"{P}/submissions/windows", c, json={"opens": moment(-1), "closes": moment(24)})["number"]
    call(
        "POST",
        f"{P}/submissions",
        m,
        params={"window": window},
        json={"kind": "modify", "eid": "op_6", "text": "Compartiremos datos abiertos sobre el girasol."},
    )
    call("PUT", f"{P}/positions", m, json={"eid": "op_6", "position": "supports", "note": "Apoyamos el girasol."})
    # What the committee alone reads.
    call(
        "POST",
        f"{P}/draft/paragraphs",
        c,
        json={
            "kind": "operative",
            "text": "Sembraremos zarzamora y tamarindo en los huertos urbanos.",
            "after": "op_6",
        },
    )
    call(
        "POST",
        f"{P}/amendments",
        c,
        json={
            "version": "draft",
            "eid": "op_5",
            "kind": "modify",
            "text": "Protegeremos el patrimonio cultural, la berenjena y el tamarindo.",
        },
    )
    call(
        "POST",
        f"{P}/threads",
        c,
        json={"version": "draft", "eid": "op_1", "body": "Revisar el calabacín y el tamarindo."},
    )
    informal = call(
        "POST",
        f"{P}/meetings",
        c,
        json={"title": "Amigos de la Presidencia", "kind": "informal", "delegations": ["EU"]},
    )["id"]
    call("PUT", f"{P}/meetings/{informal}/state", c, json={"state": "open"})
    slot = call("POST", f"{P}/meetings/{informal}/slots", c, json={"eid": "op_2", "due_at": moment(2)})["number"]
    call(
        "POST",
        f"{P}/submissions",
        c,
        params={"window": slot},
        json={
            "kind": "modify",
            "eid": "op_2",
            "text": "Pedimos apoyar el pimentón y el tamarindo.",
            "delegation": "EU",
        },
    )
    for target, note in (
        ({"eid": "op_7"}, "Sin tamarindo ni guindilla."),
        ({"amendment": "D1"}, "Tamarindo y frutilla."),
    ):
        position = {**target, "position": "objects", "note": note, "delegation": "ARG"}
        call("PUT", f"{P}/positions", c, json=position)
    # Another process's text, with the word in common.
    o = bearer["outsider"]
    call(
        "POST",
        "/api/processes/otro/draft/paragraphs",
        o,
        json={"kind": "operative", "text": "Cultivaremos la mandarina y el tamarindo."},
    )
    call("POST", "/api/processes/otro/versions", o, json={"label": "Rev.1"})
    return World(app, client, bearer, emails, recommendation)


@pytest.fixture(scope="module")
def world(module_db_url: str) -> Iterator[World]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)
        patch.setattr(pace, "LIMITS", dict.fromkeys(pace.LIMITS, ()))
        app = create_app(
            Settings.from_env(
                {}, database_url=module_db_url, secret_key="test-secret-key-0123456789abcdef", jobs_in_process=False
            )
        )
        with TestClient(app) as client:
            client.headers["Accept-Language"] = "en"
            yield _populate(app, client)


def browser(world: World, who: str) -> TestClient:
    """A browser of the world's app in which `who` signed in (none for someone signed out)."""
    made = another_browser(world.app)
    if who != "anonymous":
        sign_in(made, world.emails[who])
    return made


# -- nothing leaks ----------------------------------------------------------------------------------------------------
@BACKENDS_DIFFER
@pytest.mark.parametrize("who", ["member", "observer", "translator"])
def test_what_the_committee_alone_reads_reaches_no_one_else_of_the_process(world, who):
    """Every leak listed at once: each hidden thing by its own word, in the process's search and everywhere; then
    the word they all share, which must count and page as the one paragraph of Rev.1 the reader has."""
    leaks = []
    for word, (kind, _) in HIDDEN.items():
        for path, params in ((SEARCH, {}), (SEARCH, {"kind": kind}), ("/api/search", {})):
            if got := world.hits(who, word, path=path, **params):
                leaks.append(
                    f"{path} q={word} {params}: {[(h['kind'], h['ref'], h['eid'], h['snippet']) for h in got]}"
                )
    for path in (SEARCH, "/api/search"):
        one = world.get(who, path, q=SHARED, limit=1)
        if [h["eid"] for h in ok(one)] != ["op_3"] or "Link" in one.headers:
            leaks.append(f"{path} q={SHARED} limit=1: {ok(one)} Link={one.headers.get('Link')}")
        if rest := ok(world.get(who, path, q=SHARED, limit=20, offset=1)):
            leaks.append(f"{path} q={SHARED} offset=1: {[(h['kind'], h['ref'], h['eid']) for h in rest]}")
    # A printed reference names no paragraph the reader does not have: OP 6 bis is in the working draft only.
    if any(h["eid"] == "op_7" for h in world.hits(who, "OP 6 bis")):
        leaks.append("q=OP 6 bis: op_7")
    every = str(world.hits(who, SHARED) + world.hits(who, "girasol") + world.hits(who, "girasol", path="/api/search"))
    leaks += [f"{word!r} in a snippet" for word in (*HIDDEN, "calabacín", "pimentón", "mandarina") if word in every]
    assert not leaks, f"{who}:\n" + "\n".join(leaks)
    [hit] = world.hits(who, SHARED)
    assert (hit["kind"], hit["eid"], hit["version"], hit["versions"]) == ("paragraph", "op_3", "Rev.1", ["Rev.1"])
    assert "<mark>tamarindo</mark>" in hit["snippet"]


@BACKENDS_DIFFER
def test_a_member_of_the_delegation_an_informal_invites_finds_its_proposal_and_no_more(world):
    assert refs(world.hits("invited", "pimenton")) == [HIDDEN["pimenton"]]
    assert sorted(refs(world.hits("invited", SHARED))) == sorted([("paragraph", "op_3"), HIDDEN["pimenton"]])
    for word in set(HIDDEN) - {"pimenton"}:
        assert world.hits("invited", word) == [], word


@BACKENDS_DIFFER
def test_the_committee_finds_what_it_alone_reads_and_pages_it(world):
    for word, expected in HIDDEN.items():
        assert refs(world.hits("committee", word)) == [expected], word
    assert sorted(refs(world.hits("committee", SHARED))) == sorted([("paragraph", "op_3"), *HIDDEN.values()])
    first = world.get("committee", SEARCH, q=SHARED, limit=1)
    assert len(ok(first)) == 1 and 'rel="next"' in first.headers["Link"]
    [drafted] = world.hits("committee", "zarzamora")
    assert printed(drafted["ref"]) == "OP 6 bis"  # added after Rev.1's OP 6: numbers held still
    assert refs(world.hits("committee", "OP 6 bis"))[0] == ("paragraph", "op_7")


@BACKENDS_DIFFER
def test_an_outsider_and_someone_signed_out_learn_nothing_of_the_process(world):
    nowhere = "/api/processes/nowhere/search"
    for who, status in (("outsider", 404), ("anonymous", 401)):
        asked = world.get(who, SEARCH, q=SHARED)
        missing = world.get(who, nowhere, q=SHARED)
        assert asked.status_code == missing.status_code == status, asked.text
        assert asked.text.replace("kutahya", "{slug}") == missing.text.replace("nowhere", "{slug}")
        assert SHARED not in asked.text
    # Their search everywhere: the outsider's own process, never this one's.
    assert [(h["process"], h["eid"]) for h in world.hits("outsider", SHARED, path="/api/search")] == [("otro", "op_1")]
    assert world.hits("outsider", "girasol", path="/api/search") == []
    assert world.hits("anonymous", SHARED, path="/api/search") == []
    assert world.hits("anonymous", "girasol", path="/api/search") == []
    assert all(h["process"] != "otro" for h in world.hits("member", SHARED, path="/api/search"))


@BACKENDS_DIFFER
def test_signed_out_a_reader_finds_the_published_declaration_and_nothing_it_never_published(world):
    hits = world.hits("anonymous", DEMO_PUBLISHED, path="/api/search")
    assert hits and {h["process"] for h in hits} == {DEMO}
    assert all(h["kind"] == "paragraph" and h["versions"] == ["Rev.1"] for h in hits), hits
    assert len({h["eid"] for h in hits}) == len(hits)  # one per paragraph, whatever edition matched
    assert {h["lang"] for h in world.hits("anonymous", DEMO_PUBLISHED, path="/api/search", lang="fr")} == {"fr"}
    # Text the demo's zero draft held and Rev.1 dropped, and its amendments, recommendations and threads: the
    # process's, not the public's (an administrator finds them).
    assert world.hits("anonymous", DEMO_ZERO_ONLY, path="/api/search") == []
    admin = world.hits("admin", DEMO_ZERO_ONLY, path="/api/search")
    assert admin and all(h["process"] == DEMO for h in admin)
    assert any("Borrador cero" in h.get("versions", []) for h in admin)
    for word, kind in DEMO_UNPUBLISHED.items():
        assert [h["kind"] for h in world.hits("admin", word, path="/api/search")] == [kind], word
        assert world.hits("anonymous", word, path="/api/search") == [], word
    # A member of another process reads the published declaration too, beside their own.
    theirs = world.hits("member", DEMO_PUBLISHED, path="/api/search")
    assert theirs and all((h["process"], h["versions"]) == (DEMO, ["Rev.1"]) for h in theirs), theirs
    assert world.get("member", f"/api/processes/{DEMO}/search", q=DEMO_PUBLISHED).status_code == 404  # not theirs


# -- paging, history, editions, addresses, references ----------------------------------------------------------------
@BACKENDS_DIFFER
def test_a_search_is_read_a_part_at_a_time_by_its_link(world):
    seen, path, parts = [], f"{SEARCH}?q=municipios&limit=2", []
    while path:
        answer = world.client.get(path, headers=world.tokens["member"])
        part = ok(answer)
        parts.append(len(part))
        seen += [h["eid"] for h in part]
        link = answer.headers.get("Link")
        if link is None:
            break
        assert link.endswith('>; rel="next"') and link.startswith("<")
        path = link[1 : link.index(">")]
        asked = parse_qs(urlsplit(path).query)
        assert asked["q"] == ["municipios"] and asked["limit"] == ["2"]
    assert parts == [2, 2, 1]
    assert sorted(seen) == ["op_2", "op_3", "op_4", "op_5", "pre_1"]  # each once
    assert ok(world.get("member", SEARCH, q="municipios", limit=2, offset=10)) == []


@BACKENDS_DIFFER
def test_a_paragraph_is_one_result_with_the_versions_it_stood_in_oldest_first(world):
    [hit] = world.hits("member", "financiacion")  # in both versions, its text changed between them
    assert (hit["eid"], hit["version"], hit["versions"]) == ("op_2", "Rev.1", ["Borrador cero", "Rev.1"])
    assert "<mark>financiación</mark>" in hit["snippet"]
    [hit] = world.hits("committee", "financiacion")
    assert (hit["version"], hit["versions"]) == ("draft", ["Borrador cero", "Rev.1", "draft"])
    # `version` (a label or a number): only paragraphs standing in it with those words.
    assert world.hits("member", "firmeza", version="Borrador cero") == []
    assert [h["eid"] for h in world.hits("member", "firmeza", version="2")] == ["op_2"]
    assert [h["eid"] for h in world.hits("member", SHARED, version="Rev.1", kind="paragraph")] == ["op_3"]
    assert world.hits("member", SHARED, version="1", kind="paragraph") == []


@BACKENDS_DIFFER
def test_a_paragraph_of_a_version_comes_with_its_other_editions(world):
    [hit] = world.hits("observer", "ayuntamientos")
    assert (hit["eid"], hit["lang"], hit["version"]) == ("op_1", "es", "Rev.1")
    assert hit["siblings"]["en"] == OP_1["en"] and hit["siblings"]["fr"] == OP_1["fr"]
    [french] = world.hits("observer", "mairies")
    assert (french["eid"], french["lang"]) == ("op_1", "fr")
    assert "ayuntamientos" in french["siblings"]["es"]
    assert world.hits("observer", "mairies", lang="en") == []


@BACKENDS_DIFFER
def test_each_hit_opens_a_page_its_reader_may_read(world):
    hits = world.hits("member", "girasol")
    assert sorted(h["kind"] for h in hits) == sorted(VISIBLE_KINDS)
    member = browser(world, "member")
    for hit in hits:
        page = member.get(hit["url"])
        assert page.status_code == 200, (hit["url"], page.status_code)
        if hit["kind"] == "paragraph":
            assert html(page).find(id=hit["eid"]) is not None, hit["url"]
    assert next(h["ref"] for h in hits if h["kind"] == "recommendation") == world.recommendation
    thread = next(h for h in hits if h["kind"] == "thread")
    assert "&lt;<mark>girasol</mark>&gt;" in thread["snippet"]  # the text escaped, the word marked
    [drafted] = world.hits("committee", "zarzamora")
    assert html(browser(world, "committee").get(drafted["url"])).find(id="op_7") is not None
    published = world.hits("anonymous", DEMO_PUBLISHED, path="/api/search")[0]
    page = browser(world, "anonymous").get(published["url"])
    assert page.status_code == 200 and html(page).find(id=published["eid"]) is not None


@BACKENDS_DIFFER
@pytest.mark.parametrize(("language", "typed"), [("en", "OP 1"), ("es", "PD 1"), ("fr", "PD 1"), ("en", "op1")])
def test_a_printed_reference_puts_that_paragraph_first_as_the_reader_prints_it(world, language, typed):
    answer = world.client.get(
        SEARCH, params={"q": typed}, headers={**world.tokens["member"], "Accept-Language": language}
    )
    first = ok(answer)[0]
    assert (first["kind"], first["eid"]) == ("paragraph", "op_1")
    assert printed(first["ref"]) == ("OP 1" if language == "en" else "PD 1")


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"q": ""}, 422, "q"),
        ({"q": "  ¡¿!? … "}, 422, "q"),
        ({"q": "a" * 201}, 422, "q"),
        ({"q": "uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece"}, 422, "q"),
        ({"q": "agua", "kind": "poem"}, 422, "kind"),
        ({"q": "agua", "lang": "xx"}, 422, "xx"),
        ({"q": "agua", "version": "Rev.9"}, 404, None),
        ({"q": "agua", "version": "draft"}, 422, "version"),
        ({"q": "agua", "limit": 0}, 400, "limit"),
        ({"q": "agua", "limit": 101}, 400, "limit"),
        ({"q": "agua", "offset": -1}, 400, "offset"),
    ],
    ids=[
        "empty",
        "punctuation",
        "too-long",
        "too-many-words",
        "kind",
        "lang",
        "version",
        "draft-version",
        "limit-0",
        "limit-101",
        "offset",
    ],
)
def test_bad_input_is_refused_with_a_reason(world, params, status, field):
    for path in (SEARCH, "/api/search"):
        if path == "/api/search" and set(params) & {"kind", "version"}:
            continue
        answer = world.client.get(path, params=params, headers=world.tokens["member"])
        assert answer.status_code == status, (path, answer.status_code, answer.text)
        body = answer.json()
        assert body["error"], body
        if field is not None:
            assert field in str(body), body
