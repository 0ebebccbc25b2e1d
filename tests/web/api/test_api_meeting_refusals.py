"""A meeting's refusals through the JSON API (issue 66's Interface): the floor for another delegation, a pointer
outside the scope or on no paragraph, typing into a circulated version, anything on a closed meeting, an informal's
id to someone not invited; and a slot that takes a text only from the delegations it names. Each refusal writes
nothing (`state`)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.integration.support import state
from tests.web.api.test_api_amendments import P, tokens, zero  # noqa: F401 - fixtures
from tests.web.api.test_api_negotiation import room  # noqa: F401 - fixture
from tests.web.conftest import token_headers
from workspace.domain.errors import NotFound
from workspace.services import meetings
from workspace.store.types import utcnow

M = f"{P}/meetings"
NBSP = "\u00a0"


def schedule(client, headers, **body) -> int:
    made = client.post(M, json={"title": "Plenaria", **body}, headers=headers)
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def opened(client, headers, **body) -> int:
    number = schedule(client, headers, **body)
    assert client.put(f"{M}/{number}/state", json={"state": "open"}, headers=headers).status_code == 200
    return number


def refused(client, web_store, status: int, method: str, path: str, headers, **kwargs):
    """The answer to a request that must be refused with `status`, having written nothing."""
    before = state(web_store)
    answer = client.request(method, path, headers=headers, **kwargs)
    assert answer.status_code == status, f"{method} {path}: {answer.status_code} {answer.text}"
    assert set(answer.json()) == {"error", "detail"} and answer.json()["error"]
    assert state(web_store) == before, f"{method} {path} was refused but wrote"
    return answer.json()


def test_the_floor_is_asked_for_ones_own_delegation_only(client, room, web_store):  # noqa: F811
    c = room["committee"]
    number = opened(client, c)
    said = refused(client, web_store, 403, "POST", f"{M}/{number}/floor", room["member"], json={"delegation": "EU"})
    assert said["detail"] == {"field": "delegation"}
    for who in ("observer", "translator"):  # they speak for no delegation
        refused(client, web_store, 403, "POST", f"{M}/{number}/floor", room[who], json={"intent": "question"})
        refused(client, web_store, 403, "POST", f"{M}/{number}/floor", room[who], json={"delegation": "ARG"})
    refused(client, web_store, 422, "POST", f"{M}/{number}/floor", c, json={"delegation": "ZZZ"})
    asked = client.post(f"{M}/{number}/floor", json={"delegation": "EU", "intent": "object"}, headers=c)
    assert asked.status_code == 201 and asked.json()["delegation"] == "EU"
    # A member withdraws their own delegation's request only; a request no longer open is a conflict.
    refused(client, web_store, 403, "DELETE", f"{M}/{number}/floor/1", room["member"])
    assert client.delete(f"{M}/{number}/floor/1", headers=c).json()["queue"] == []
    refused(client, web_store, 409, "DELETE", f"{M}/{number}/floor/1", c)
    refused(client, web_store, 404, "DELETE", f"{M}/{number}/floor/9", c)
    refused(client, web_store, 409, "POST", f"{M}/{number}/floor/next", c, json={"number": 1})
    refused(client, web_store, 403, "POST", f"{M}/{number}/floor/next", room["member"])


def test_a_pointer_outside_the_scope_or_on_no_paragraph_is_refused_naming_it(client, room, web_store):  # noqa: F811
    c = room["committee"]
    number = opened(client, c, eids=["op_1"])
    for typed in ("OP 2", "op_2", "OP 99", "op_99", "pre_9"):
        said = refused(client, web_store, 422, "PUT", f"{M}/{number}/pointer", c, json={"eid": typed})
        assert typed in said["error"] and said["detail"] == {"field": "eid", "ref": typed}
    refused(client, web_store, 422, "PUT", f"{M}/{number}/lights/op_2", c, json={"light": "green"})
    refused(client, web_store, 422, "POST", f"{M}/{number}/floor", c, json={"delegation": "EU", "eid": "op_2"})
    refused(client, web_store, 422, "POST", f"{M}/{number}/votes", c, json={"on": {"eid": "op_2"}})
    due = (utcnow() + timedelta(hours=1)).isoformat()
    refused(client, web_store, 422, "POST", f"{M}/{number}/slots", c, json={"eid": "op_2", "due_at": due})
    draft = {p["eid"]: p for p in client.get(f"{P}/draft", headers=c).json()["paragraphs"]}
    typed = {"text": "Pedimos [todo].", "base_revision": draft["op_2"]["revision"], "delegation": "ARG"}
    said = refused(client, web_store, 422, "PUT", f"{M}/{number}/text/op_2", c, json=typed)
    assert said["detail"]["ref"] == "op_2"
    typed = {"text": "Nos [todo].", "base_revision": draft["op_1"]["revision"], "delegation": "ZZZ"}
    assert "ZZZ" in refused(client, web_store, 422, "PUT", f"{M}/{number}/text/op_1", c, json=typed)["error"]
    # Next and previous stay in the scope: its one paragraph.
    assert client.put(f"{M}/{number}/pointer", json={"eid": "next"}, headers=c).json()["eid"] == "op_1"
    assert client.put(f"{M}/{number}/pointer", json={"eid": "previous"}, headers=c).json()["eid"] == "op_1"
    # A scope naming a paragraph the text does not have is refused naming it, and nothing is scheduled.
    said = refused(client, web_store, 422, "POST", M, c, json={"title": "x", "eids": ["op_1", "op_77"]})
    assert "op_77" in said["error"] and said["detail"]["unknown"] == ["op_77"]
    said = refused(client, web_store, 422, "POST", M, c, json={"title": "x", "kind": "informal", "delegations": ["XX"]})
    assert "XX" in said["error"]
    said = refused(client, web_store, 422, "POST", M, c, json={"title": "x", "facilitators": ["nobody@example.org"]})
    assert "nobody@example.org" in said["error"]
    refused(client, web_store, 404, "POST", M, c, json={"title": "x", "version": "Rev.9"})


def test_a_meeting_reading_a_circulated_version_is_not_typed_into(client, room, web_store):  # noqa: F811
    c = room["committee"]
    number = opened(client, c, version="1")
    assert client.get(f"{M}/{number}", headers=c).json()["version"] == "Borrador cero"
    moved = client.put(f"{M}/{number}/pointer", json={"eid": "OP 2"}, headers=c)
    assert moved.status_code == 200 and moved.json()["ref"].replace(NBSP, " ") == "OP 2"
    draft = {p["eid"]: p for p in client.get(f"{P}/draft", headers=c).json()["paragraphs"]}
    body = {"text": "Pedimos [todo].", "base_revision": draft["op_2"]["revision"], "delegation": "ARG"}
    said = refused(client, web_store, 409, "PUT", f"{M}/{number}/text/op_2", c, json=body)
    assert "circulated version" in said["error"]
    # Into the draft, only while the meeting is open: scheduled or suspended, it is a conflict too.
    waiting = schedule(client, c)
    refused(client, web_store, 409, "PUT", f"{M}/{waiting}/text/op_2", c, json=body)
    assert client.put(f"{M}/{waiting}/state", json={"state": "open"}, headers=c).status_code == 200
    assert client.put(f"{M}/{waiting}/state", json={"state": "suspended"}, headers=c).status_code == 200
    refused(client, web_store, 409, "PUT", f"{M}/{waiting}/text/op_2", c, json=body)
    refused(client, web_store, 403, "PUT", f"{M}/{waiting}/text/op_2", room["member"], json=body)


def test_anything_on_a_closed_meeting_is_a_conflict_and_it_is_still_read(client, room, web_store):  # noqa: F811
    c, m = room["committee"], room["member"]
    number = opened(client, c)
    assert client.post(f"{M}/{number}/floor", json={"intent": "support"}, headers=m).status_code == 201
    assert client.post(f"{M}/{number}/votes", json={"on": {"eid": "op_1"}}, headers=c).status_code == 201
    closed = client.put(f"{M}/{number}/state", json={"state": "closed"}, headers=c)
    assert closed.status_code == 200 and closed.json()["greens"] == "none"
    revision = next(p for p in client.get(f"{P}/draft", headers=c).json()["paragraphs"] if p["eid"] == "op_1")
    due = (utcnow() + timedelta(hours=1)).isoformat()
    for method, path, who, body in (
        ("PUT", "state", c, {"state": "open"}),
        ("PUT", "state", c, {"state": "closed", "greens": "agreed"}),
        ("PUT", "pointer", c, {"eid": "op_1"}),
        ("PUT", "lights/op_1", c, {"light": "green"}),
        ("POST", "floor", m, {"intent": "object"}),
        ("POST", "floor", c, {"delegation": "EU"}),
        ("POST", "floor/next", c, None),
        ("DELETE", "floor/1", m, None),
        ("PUT", "text/op_1", c, {"text": "Otro.", "base_revision": revision["revision"], "delegation": "ARG"}),
        ("POST", "slots", c, {"eid": "op_1", "due_at": due}),
        ("POST", "votes", c, {"on": {"eid": "op_2"}}),
        ("PUT", "votes/1/ballots/ARG", m, {"vote": "yes"}),
        ("POST", "votes/1/close", c, None),
    ):
        said = refused(client, web_store, 409, method, f"{M}/{number}/{path}", who, json=body)
        assert said["detail"]["state"] == "closed", (method, path, said)
    for path in ("", "/room", "/lights", "/floor", "/votes"):
        assert client.get(f"{M}/{number}{path}", headers=m).status_code == 200, path
    assert client.get(f"{M}/{number}/pack?lang=fr", headers=m).status_code == 200


ROUTES = [
    ("GET", ""),
    ("GET", "/room"),
    ("GET", "/room?everything=true"),
    ("GET", "/lights"),
    ("GET", "/floor"),
    ("GET", "/votes"),
    ("GET", "/pack?lang=es"),
    ("GET", "/events"),
    ("PUT", "/state"),
    ("PUT", "/pointer"),
    ("PUT", "/lights/op_1"),
    ("POST", "/floor"),
    ("POST", "/floor/next"),
    ("DELETE", "/floor/1"),
    ("PUT", "/text/op_1"),
    ("POST", "/slots"),
    ("POST", "/votes"),
    ("PUT", "/votes/1/ballots/ARG"),
    ("POST", "/votes/1/close"),
]
BODIES = {
    "/state": {"state": "closed"},
    "/pointer": {"eid": "op_1"},
    "/lights/op_1": {"light": "red"},
    "/floor": {"intent": "point_of_order"},
    "/text/op_1": {"text": "x", "base_revision": "0" * 64, "delegation": "ARG"},
    "/slots": {"eid": "op_1", "due_at": "2099-01-01T10:00"},
    "/votes": {"on": {"eid": "op_1"}},
    "/votes/1/ballots/ARG": {"vote": "yes"},
}


def test_an_informal_is_not_there_for_anyone_not_invited(client, room, web_store):  # noqa: F811
    """A member whose delegation is not invited, an observer and a translator get the answer a meeting that does not
    exist gets, on every route, reading or writing; the invited delegation's member and the committee read it."""
    c = room["committee"]
    informal = opened(client, c, title={"es": "Consultas oficiosas"}, kind="informal", delegations=["EU"])
    assert client.post(f"{M}/{informal}/floor", json={"delegation": "EU"}, headers=c).status_code == 201
    assert client.post(f"{M}/{informal}/votes", json={"on": {"eid": "op_1"}}, headers=c).status_code == 201
    missing = informal + 40
    for who in ("member", "observer", "translator"):
        for method, path in ROUTES:
            body = BODIES.get(path.partition("?")[0])
            said = refused(client, web_store, 404, method, f"{M}/{informal}{path}", room[who], json=body)
            absent = client.request(method, f"{M}/{missing}{path}", headers=room[who], json=body)
            assert absent.status_code == 404
            assert said == {**absent.json(), "error": absent.json()["error"].replace(str(missing), str(informal))}
        assert all(m["id"] != informal for m in client.get(M, headers=room[who]).json())
        activity = client.get(f"{P}/activity", params={"limit": 1000}, headers=room[who]).json()
        assert not [e for e in activity if e["subject"] == f"meeting:{informal}"], who
    # The committee reads it, and its activity; a member of the invited delegation reads it too.
    assert client.get(f"{M}/{informal}/room", headers=c).json()["meeting"]["kind"] == "informal"
    activity = client.get(f"{P}/activity", params={"limit": 1000}, headers=c).json()
    assert [e for e in activity if e["subject"] == f"meeting:{informal}"]
    for who in ("member", "translator"):  # ARG's member now speaks for EU; a translator is placed in EU too
        joined = client.put(f"{P}/members/{who}@example.org", json={"delegation": "EU"}, headers=c)
        assert joined.status_code == 200, joined.text
        assert client.get(f"{M}/{informal}/floor", headers=room[who]).json()["queue"][0]["delegation"] == "EU"
        assert [m["id"] for m in client.get(M, headers=room[who]).json()] == [informal]
    eu = room["member"]
    assert client.put(f"{M}/{informal}/votes/1/ballots/EU", json={"vote": "no"}, headers=eu).json()["no"] == 1
    # The translator follows EU's meeting; only its members speak and vote for it.
    said = refused(
        client, web_store, 403, "PUT", f"{M}/{informal}/votes/1/ballots/EU", room["translator"], json={"vote": "yes"}
    )
    assert "members" in said["error"]
    assert client.delete(f"{M}/{informal}/floor/1", headers=c).status_code == 200
    refused(client, web_store, 403, "POST", f"{M}/{informal}/floor", room["translator"], json={"intent": "support"})
    assert client.post(f"{M}/{informal}/floor", json={"intent": "support"}, headers=eu).status_code == 201
    # Not the delegations of others: ARG asked for the floor in an informal it is not invited to.
    said = refused(client, web_store, 403, "POST", f"{M}/{informal}/floor", c, json={"delegation": "ARG"})
    assert said["detail"] == {"field": "delegation"}
    due = (utcnow() + timedelta(hours=1)).isoformat()
    said = refused(
        client,
        web_store,
        422,
        "POST",
        f"{M}/{informal}/slots",
        c,
        json={"eid": "op_1", "due_at": due, "delegations": ["ARG"]},
    )
    assert "ARG" in said["error"]


def test_a_slot_takes_a_text_from_the_delegations_it_names_in_the_language_written(client, room, web_store):  # noqa: F811
    c, m = room["committee"], room["member"]
    number = opened(client, c)
    due = (utcnow() + timedelta(hours=1)).isoformat()
    slot = client.post(f"{M}/{number}/slots", json={"eid": "OP 1", "due_at": due, "delegations": ["eu"]}, headers=c)
    assert slot.status_code == 201, slot.text
    asked = slot.json()
    assert (asked["eid"], asked["delegations"], asked["answers"]) == ("op_1", ["EU"], [])
    window = asked["number"]
    # A French proposal modifies the French edition's paragraph: the version's op_1 in French first.
    row = next(
        t for t in client.get(f"{P}/translations/fr", params={"version": "1"}, headers=c).json() if t["eid"] == "op_1"
    )
    french = {"text": "Nous nous engageons à renforcer la gouvernance.", "source_revision": row["source_revision"]}
    saved = client.put(
        f"{P}/translations/fr/op_1", params={"version": "1"}, json={**french, "state": "translated"}, headers=c
    )
    assert saved.status_code == 200, saved.text
    words = {"kind": "modify", "eid": "op_1", "text": "Nous nous engageons à renforcer la gouvernance locale."}
    said = refused(client, web_store, 403, "POST", f"{P}/submissions?window={window}", m, json={**words, "lang": "fr"})
    assert "ARG" in said["error"] and "EU" in said["error"]
    refused(client, web_store, 403, "POST", f"{P}/submissions?window={window}", c, json={**words, "delegation": "ARG"})
    before = client.get(f"{M}/{number}", headers=c).json()["seq"]
    came = client.post(f"{P}/submissions?window={window}", json={**words, "delegation": "EU", "lang": "fr"}, headers=c)
    assert came.status_code == 201, came.text
    [answer] = client.get(f"{M}/{number}/room", headers=m).json()["slots"][0]["answers"]
    assert (answer["delegation"], answer["lang"], answer["text"]) == ("EU", "fr", words["text"])
    # The room is told what came in: one `meeting.slot` event, the answer in it.
    [told] = meetings.meeting_events(web_store, None, "kutahya", number, before, system=True)
    assert told.type == "meeting.slot" and told.data["slot"]["answers"][0]["delegation"] == "EU"
    refused(
        client, web_store, 422, "POST", f"{M}/{number}/slots", c, json={"eid": "op_1", "due_at": "2000-01-01T10:00"}
    )
    refused(client, web_store, 403, "POST", f"{M}/{number}/slots", m, json={"eid": "op_1", "due_at": due})


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"light": "white", "delegations": ["ARG"]}, "light"),
        ({"light": "green", "due_at": "2030-01-01T10:00"}, "due_at"),
        ({"light": "red", "due_at": "2030-01-01T10:00"}, "due_at"),
        ({"light": "yellow", "delegations": ["ZZZ"]}, "delegations"),
    ],
)
def test_a_light_refuses_what_its_colour_cannot_say(client, room, web_store, body, field):  # noqa: F811
    number = opened(client, room["committee"])
    said = refused(client, web_store, 422, "PUT", f"{M}/{number}/lights/op_1", room["committee"], json=body)
    assert said["detail"]["field"] == field
    refused(client, web_store, 403, "PUT", f"{M}/{number}/lights/op_1", room["member"], json={"light": "green"})


def test_a_public_plenarys_screen_is_read_by_anyone_and_nothing_else_of_it(client, room, web_store, web_people):  # noqa: F811
    """A webcast: the screen of a plenary scheduled `public` is read signed out and by anyone signed in, outsiders
    too; its console, queue and everything else stay the process's; a plenary not public and an informal have no
    screen for them."""
    c = room["committee"]
    public = opened(client, c, public=True)
    assert client.put(f"{M}/{public}/pointer", json={"eid": "OP 2"}, headers=c).status_code == 200
    private = opened(client, c)
    for who in (None, web_people.outsider):
        shown = meetings.screen_view(web_store, who, "kutahya", public)
        assert shown.meeting.pointer is not None and shown.meeting.pointer.eid == "op_2"
        assert [e.type for e in meetings.meeting_events(web_store, who, "kutahya", public, 0, screen=True)][-1] == (
            "meeting.pointer"
        )
        with pytest.raises(NotFound):
            meetings.screen_view(web_store, who, "kutahya", private)
    outsider = token_headers(client, web_people.outsider.email)
    for path in ("", "/room", "/floor", "/lights", "/votes", "/events"):
        assert client.get(f"{M}/{public}{path}", headers=outsider).status_code == 404, path
