"""A meeting through the JSON API (issue 66): scheduled, opened, the pointer moved by reference, lights, the floor in
the room's order, a delegation's words typed into the draft with their brackets attributed, a slot, a vote the
delegations cast themselves, the close that makes the greens agreed, the pack, and an informal's secrecy."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta

import docx
import pytest

from tests.web.api.test_api_amendments import P, tokens, zero  # noqa: F401 - fixtures
from tests.web.api.test_api_negotiation import room  # noqa: F401 - fixture

M = f"{P}/meetings"
NBSP = "\u00a0"


@pytest.fixture
def plenary(client, room):  # noqa: F811
    made = client.post(
        f"{M}",
        json={"title": {"es": "Plenaria", "en": "Plenary", "fr": "Plénière"}, "kind": "plenary"},
        headers=room["committee"],
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["id"], body["kind"], body["state"], body["version"], body["pointer"]) == (
        1,
        "plenary",
        "scheduled",
        "draft",
        None,
    )
    opened = client.put(f"{M}/1/state", json={"state": "open"}, headers=room["committee"])
    assert opened.status_code == 200 and opened.json()["state"] == "open"
    return room


def test_the_pointer_moves_by_reference_and_the_lights_are_set(client, plenary):
    h = plenary["committee"]
    moved = client.put(f"{M}/1/pointer", json={"eid": "OP 2"}, headers=h)
    assert moved.status_code == 200, moved.text
    assert (moved.json()["eid"], moved.json()["ref"].replace(NBSP, " ")) == ("op_2", "OP 2")
    assert client.put(f"{M}/1/pointer", json={"eid": "previous"}, headers=h).json()["eid"] == "op_1"
    refused = client.put(f"{M}/1/pointer", json={"eid": "OP 99"}, headers=h)
    assert refused.status_code == 422 and "OP 99" in refused.json()["error"]
    assert client.put(f"{M}/1/pointer", json={"eid": "op_2"}, headers=plenary["member"]).status_code == 403
    light = client.put(
        f"{M}/1/lights/op_1", json={"light": "yellow", "delegations": ["arg"], "due_at": "2030-01-01T10:00"}, headers=h
    )
    assert light.status_code == 200, light.text
    assert (light.json()["light"], light.json()["delegations"]) == ("yellow", ["ARG"])
    lights = client.get(f"{M}/1/lights", headers=plenary["observer"]).json()
    assert [(x["eid"], x["light"]) for x in lights if x["eid"] in ("op_1", "op_2")] == [
        ("op_1", "yellow"),
        ("op_2", "white"),
    ]
    assert client.get(f"{M}/1", headers=plenary["observer"]).json()["pointer"]["eid"] == "op_1"


def test_the_floor_is_given_in_the_rooms_order_and_a_member_asks_for_their_own_delegation_only(client, plenary):
    c, m = plenary["committee"], plenary["member"]
    asked = client.post(f"{M}/1/floor", json={"intent": "support"}, headers=m)
    assert asked.status_code == 201, asked.text
    assert (asked.json()["number"], asked.json()["delegation"], asked.json()["state"]) == (1, "ARG", "waiting")
    assert client.post(f"{M}/1/floor", json={"intent": "object"}, headers=m).status_code == 409
    assert client.post(f"{M}/1/floor", json={"intent": "object", "delegation": "EU"}, headers=m).status_code == 403
    order = client.post(f"{M}/1/floor", json={"intent": "point_of_order", "delegation": "EU"}, headers=c)
    assert order.status_code == 201
    floor = client.get(f"{M}/1/floor", headers=plenary["observer"]).json()
    assert [r["delegation"] for r in floor["queue"]] == ["EU", "ARG"]
    given = client.post(f"{M}/1/floor/next", headers=c).json()
    assert given["speaker"]["delegation"] == "EU" and [r["delegation"] for r in given["queue"]] == ["ARG"]
    given = client.post(f"{M}/1/floor/next", headers=c).json()
    assert given["speaker"]["delegation"] == "ARG" and [r["delegation"] for r in given["record"]] == ["EU", "ARG"]
    assert client.delete(f"{M}/1/floor/1", headers=c).status_code == 200
    assert client.get(f"{M}/1/floor", headers=m).json()["speaker"] is None


def test_words_typed_for_a_delegation_are_the_drafts_write_with_its_brackets(client, plenary):
    c = plenary["committee"]
    paragraph = next(p for p in client.get(f"{P}/draft", headers=c).json()["paragraphs"] if p["eid"] == "op_1")
    text = paragraph["text"].replace("multinivel", "[multinivel][territorial]")
    assert "[multinivel]" in text
    typed = client.put(
        f"{M}/1/text/op_1", json={"text": text, "base_revision": paragraph["revision"], "delegation": "arg"}, headers=c
    )
    assert typed.status_code == 200, typed.text
    body = typed.json()
    assert body["delegation"] == "ARG" and body["brackets"][0]["delegation"] == "ARG"
    assert set(body["machine"]) == {"en", "fr"} and body["machine"]["en"]["machine"] is True
    stale = client.put(
        f"{M}/1/text/op_1",
        json={"text": text + " x", "base_revision": paragraph["revision"], "delegation": "ARG"},
        headers=c,
    )
    assert stale.status_code == 409
    brackets = client.get(f"{P}/brackets?version=draft", headers=c).json()
    assert [b["delegation"]["code"] for b in brackets if b["eid"] == "op_1"] == ["ARG"]


def test_a_vote_the_delegations_cast_themselves_and_the_close_makes_the_greens_agreed(client, plenary):
    c, m = plenary["committee"], plenary["member"]
    opened = client.post(f"{M}/1/votes", json={"on": {"eid": "op_2"}, "recorded": True}, headers=c)
    assert opened.status_code == 201, opened.text
    assert client.post(f"{M}/1/votes", json={"on": {"eid": "op_1"}}, headers=c).status_code == 409
    assert client.put(f"{M}/1/votes/1/ballots/EU", json={"vote": "yes"}, headers=m).status_code == 403
    assert client.put(f"{M}/1/votes/1/ballots/ARG", json={"vote": "no"}, headers=m).status_code == 200
    assert client.put(f"{M}/1/votes/1/ballots/ARG", json={"vote": "yes"}, headers=m).json()["yes"] == 1
    result = client.post(f"{M}/1/votes/1/close", headers=c).json()
    assert (result["yes"], result["no"], result["carried"], result["roll_call"]) == (1, 0, True, {"ARG": "yes"})
    assert client.put(f"{M}/1/lights/op_2", json={"light": "green"}, headers=c).status_code == 200
    waiting = client.put(f"{M}/1/lights/op_1", json={"light": "green", "delegations": ["EU"]}, headers=c)
    assert waiting.status_code == 200 and waiting.json()["delegations"] == ["EU"]
    closed = client.put(f"{M}/1/state", json={"state": "closed", "greens": "agreed"}, headers=c)
    assert closed.status_code == 200 and closed.json()["greens"] == "agreed"
    assert client.put(f"{M}/1/pointer", json={"eid": "op_1"}, headers=c).status_code == 409
    statuses = client.get(f"{P}/consensus?version=draft", headers=c).json()
    assert any(p["eid"] == "op_2" and p["status"] == "agreed_plenary" for p in statuses["paragraphs"])
    pack = client.get(f"{M}/1/pack?lang=es", headers=m)
    assert pack.status_code == 200 and pack.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(pack.content)).namelist()
    assert any(n.endswith(".docx") for n in names) and any(n.endswith(".pdf") for n in names)
    assert client.get(f"{M}/1/pack?lang=es", headers=m).content == pack.content


def test_an_informal_reaches_only_those_invited(client, room):  # noqa: F811
    c = room["committee"]
    made = client.post(
        f"{M}", json={"title": "Amigos de la Presidencia", "kind": "informal", "delegations": ["EU"]}, headers=c
    )
    assert made.status_code == 201, made.text
    number = made.json()["id"]
    for who in ("member", "observer", "translator"):
        assert client.get(f"{M}/{number}", headers=room[who]).status_code == 404
        assert all(m["id"] != number for m in client.get(f"{M}", headers=room[who]).json())
    assert client.get(f"{M}/{number}", headers=c).status_code == 200
    assert client.post(f"{M}", json={"title": "x", "kind": "informal"}, headers=c).status_code == 422
    assert client.post(f"{M}", json={"title": "x"}, headers=room["member"]).status_code == 403


def test_a_facilitator_named_by_address_runs_the_meeting_and_others_read_their_name(client, room, web_people):  # noqa: F811
    c, m = room["committee"], room["member"]
    email = web_people.member.email
    made = client.post(f"{M}", json={"title": "Plenaria", "facilitators": [email.upper()]}, headers=c)
    assert made.status_code == 201, made.text
    assert made.json()["facilitators"] == [email]
    number = made.json()["id"]
    assert client.get(f"{M}/{number}", headers=m).json()["facilitators"] == [web_people.member.name]
    assert client.put(f"{M}/{number}/state", json={"state": "open"}, headers=m).status_code == 200
    assert client.put(f"{M}/{number}/state", json={"state": "open"}, headers=room["observer"]).status_code == 403
    stranger = client.post(f"{M}", json={"title": "x", "facilitators": ["nobody@example.org"]}, headers=c)
    assert stranger.status_code == 422 and "nobody@example.org" in stranger.json()["error"]


@pytest.mark.needs("poppler")
def test_the_pack_reads_back_in_three_languages_with_the_changes_attributed(client, plenary):
    """The issue's Done-when, through the API: words typed for ARG; the pack in es-en-fr read back with python-docx
    (every language's clean text, the source's tracked changes authored ARG) and pdftotext (the clean PDFs)."""
    c = plenary["committee"]
    paragraph = next(p for p in client.get(f"{P}/draft", headers=c).json()["paragraphs"] if p["eid"] == "op_2")
    text = paragraph["text"].replace("la financiación local", "la financiación [local][territorial]")
    typed = client.put(
        f"{M}/1/text/op_2", json={"text": text, "base_revision": paragraph["revision"], "delegation": "ARG"}, headers=c
    )
    assert typed.status_code == 200, typed.text
    pack = client.get(f"{M}/1/pack?lang=es-en-fr", headers=plenary["member"])
    assert pack.status_code == 200
    files = zipfile.ZipFile(io.BytesIO(pack.content))
    for lang in ("es", "en", "fr"):
        [clean] = [n for n in files.namelist() if n.endswith(f"-{lang}-clean.docx")]
        words = "\n".join(p.text for p in docx.Document(io.BytesIO(files.read(clean))).paragraphs)
        assert "OP" in words or "PD" in words or "PO" in words  # its printed references
        [pdf] = [n for n in files.namelist() if n.endswith(f"-{lang}-clean.pdf")]
        read = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"],
            input=files.read(pdf),
            capture_output=True,
            check=True,
        ).stdout.decode()
        assert read.strip()
    [tracked] = [n for n in files.namelist() if n.endswith("-es-tracked.docx")]
    xml = zipfile.ZipFile(io.BytesIO(files.read(tracked))).read("word/document.xml").decode()
    assert "[local][territorial]" in "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
    assert re.search(r'<w:ins [^>]*w:author="ARG[^"]*"', xml)
    es = "\n".join(
        p.text for p in docx.Document(io.BytesIO(files.read(tracked.replace("tracked", "clean")))).paragraphs
    )
    assert "[local][territorial]" in es


def test_an_informals_slot_and_its_proposals_reach_only_those_it_invites(client, room):  # noqa: F811
    """A slot of an informal is a submission window: its window, its proposals and their activity are nowhere for
    those the informal does not invite (ARG's member …), and a proposal without a window named finds none."""
    c, m = room["committee"], room["member"]
    made = client.post(
        f"{M}", json={"title": "Amigos de la Presidencia", "kind": "informal", "delegations": ["EU"]}, headers=c
    )
    number = made.json()["id"]
    assert client.put(f"{M}/{number}/state", json={"state": "open"}, headers=c).status_code == 200
    due = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    slot = client.post(f"{M}/{number}/slots", json={"eid": "op_2", "due_at": due}, headers=c)
    assert slot.status_code == 201, slot.text
    window = slot.json()["number"]
    words = {
        "kind": "modify",
        "eid": "op_2",
        "text": "Pedimos a los gobiernos apoyar la financiación local.",
        "delegation": "EU",
    }
    assert client.post(f"{P}/submissions?window={window}", json=words, headers=c).status_code == 201
    assert [w["number"] for w in client.get(f"{P}/submissions/windows", headers=c).json()] == [window]
    assert len(client.get(f"{P}/submissions", headers=c).json()) == 1
    for who in ("member", "observer", "translator"):
        assert client.get(f"{P}/submissions/windows", headers=room[who]).json() == []
        assert client.get(f"{P}/submissions", headers=room[who]).json() == []
        activity = client.get("/api/processes/kutahya/activity", headers=room[who]).json()
        assert "submission.filed" not in str(activity) and "meeting" not in str(activity)
    mine = {"kind": "modify", "eid": "op_2", "text": "Otro texto para la financiación local."}
    assert client.post(f"{P}/submissions", json=mine, headers=m).status_code == 404  # no window it may know of
    assert client.post(f"{P}/submissions?window={window}", json=mine, headers=m).status_code == 404
