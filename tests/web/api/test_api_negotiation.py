"""Delegations, positions, the consensus view and printed references through the JSON API, with the names and
statuses of the interface (issue 32)."""

from __future__ import annotations

import csv
import io

import pytest

from tests.web.api.test_api_amendments import ZERO, P, tokens, zero  # noqa: F401 - fixtures

NBSP = "\u00a0"


@pytest.fixture
def room(client, tokens, zero):  # noqa: F811 - the fixtures above
    """ARG (the member speaks for it) and EU; Rev.1 with an operative paragraph inserted after OP 1 and one deleted."""
    for code, names, kind in (
        ("arg", {"es": "Argentina", "fr": "Argentine"}, "member_state"),
        ("EU", {"es": "UE"}, "group"),
    ):
        made = client.post(
            f"{P}/delegations", json={"code": code, "names": names, "kind": kind}, headers=tokens["committee"]
        )
        assert made.status_code == 201, made.text
    member = client.put(f"{P}/members/member@example.org", json={"delegation": "ARG"}, headers=tokens["committee"])
    assert member.status_code == 200 and member.json()["delegation"] == {"code": "ARG", "name": "Argentina"}
    return tokens


def test_delegations_with_the_statuses_of_the_interface(client, room):
    assert [d["code"] for d in client.get(f"{P}/delegations", headers=room["observer"]).json()] == ["ARG", "EU"]
    french = client.get(f"{P}/delegations/arg", headers={**room["observer"], "Accept-Language": "fr"}).json()
    assert (french["name"], french["names"], french["members"]) == (
        "Argentine",
        {"es": "Argentina", "fr": "Argentine"},
        1,
    )
    refused = client.post(f"{P}/delegations", json={"code": "ARG", "names": {"es": "Otra"}}, headers=room["committee"])
    assert refused.status_code == 409
    not_ours = client.put(f"{P}/members/member@example.org", json={"delegation": "ZZZ"}, headers=room["committee"])
    assert not_ours.status_code == 422 and "ZZZ" in not_ours.json()["error"]
    assert (
        client.post(f"{P}/delegations", json={"code": "X1", "names": {"es": "x"}}, headers=room["member"]).status_code
        == 403
    )
    assert client.get(f"{P}/delegations/NOPE", headers=room["member"]).status_code == 404
    renamed = client.put(
        f"{P}/delegations/EU", json={"code": "UE", "names": {"es": "Unión Europea"}}, headers=room["committee"]
    )
    assert renamed.status_code == 200 and (renamed.json()["code"], renamed.json()["kind"]) == ("UE", "group")


def test_positions_are_taken_on_behalf_of_a_delegation_and_a_stale_one_is_409_with_what_is_stored(client, room):
    body = {"eid": "op_1", "position": "objects", "note": "Demasiado vago."}
    made = client.put(f"{P}/positions", json=body, headers=room["member"])
    assert made.status_code == 200, made.text
    assert made.json()["delegation"] == {"code": "ARG", "name": "Argentina"} and made.json()["revision"] == 1
    again = client.put(f"{P}/positions", json={"eid": "op_1", "position": "supports"}, headers=room["member"])
    assert again.status_code == 409 and again.json()["detail"]["stored"]["position"] == "objects"
    moved = client.put(
        f"{P}/positions", json={"eid": "op_1", "position": "supports", "base_revision": 1}, headers=room["member"]
    )
    assert moved.status_code == 200 and moved.json()["revision"] == 2
    other = {"eid": "op_1", "position": "supports", "delegation": "EU"}
    assert client.put(f"{P}/positions", json=other, headers=room["member"]).status_code == 403
    assert (
        client.put(f"{P}/positions", json={**other, "delegation": "QQ"}, headers=room["committee"]).status_code == 422
    )
    assert (
        client.put(f"{P}/positions", json={**other, "position": "objects"}, headers=room["committee"]).status_code
        == 200
    )
    assert (
        client.put(f"{P}/positions", json={"eid": "op_1", "position": "supports"}, headers=room["observer"]).status_code
        == 403
    )
    deleting = client.delete(f"{P}/delegations/ARG", headers=room["committee"])
    assert deleting.status_code == 409 and deleting.json()["detail"] == {"kept": ["positions"]}
    mine = client.get(f"{P}/positions", headers=room["member"]).json()
    assert [(p["delegation"]["code"], p["position"]) for p in mine] == [("ARG", "supports")]  # not the EU's


def test_the_consensus_view_and_its_csv_name_paragraphs_as_printed(client, room):
    client.put(f"{P}/paragraphs/op_2/status", json={"status": "agreed_ad_ref"}, headers=room["committee"])
    client.put(
        f"{P}/positions", json={"eid": "op_2", "position": "reservation", "delegation": "EU"}, headers=room["committee"]
    )
    view = client.get(f"{P}/consensus", params={"version": "1"}, headers=room["committee"]).json()
    by_eid = {p["eid"]: p for p in view["paragraphs"]}
    assert by_eid["op_2"]["ref"] == f"OP{NBSP}2" and by_eid["op_2"]["status"] == "agreed_ad_ref"
    assert by_eid["op_2"]["colour"] == "green" and by_eid["op_2"]["pending"] == ["EU"]
    assert by_eid["pre_1"]["ref"] == f"PP{NBSP}1" and by_eid["pre_1"]["status"] == "not_discussed"
    spanish = client.get(
        f"{P}/consensus.csv", params={"version": "1"}, headers={**room["committee"], "Accept-Language": "es"}
    )
    assert spanish.status_code == 200 and spanish.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(spanish.text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Párrafo", "eId", "Grado de acuerdo"]
    assert rows[[r[1] for r in rows].index("op_2")][:3] == ["PD 2", "op_2", "Acordado ad ref."]
    draft = client.get(f"{P}/consensus", params={"version": "draft"}, headers=room["member"])
    assert draft.status_code == 404 and draft.json()["error"] == "No version “draft” in this process."  # as elsewhere


def test_numbers_hold_still_between_circulations_and_the_crosswalk_says_how_they_moved(client, room):
    draft = client.get(f"{P}/draft", headers=room["committee"]).json()
    revision = {p["eid"]: p["revision"] for p in draft["paragraphs"]}
    added = client.post(
        f"{P}/draft/paragraphs",
        json={"kind": "operative", "text": "Nuevo párrafo.", "after": "op_1", "base_order": draft["order"]},
        headers=room["committee"],
    )
    assert added.status_code == 201 and added.json()["ref"] == f"OP{NBSP}1{NBSP}bis", added.text
    deleted = client.delete(
        f"{P}/draft/paragraphs/op_2", params={"base_revision": revision["op_2"]}, headers=room["committee"]
    )
    assert deleted.status_code == 204
    circulated = client.post(f"{P}/versions", json={"label": "Rev.1"}, headers=room["committee"])
    assert circulated.status_code == 201
    rev1 = client.get(f"{P}/versions/2", headers={**room["member"], "Accept-Language": "fr"}).json()
    assert [p["ref"] for p in rev1["paragraphs"] if p["kind"] == "operative"] == [f"PD{NBSP}1", f"PD{NBSP}1{NBSP}bis"]
    walk = client.get(f"{P}/versions/2/crosswalk", headers=room["member"]).json()
    assert walk["renumbered"] is False and walk["previous"] == "Borrador cero"
    assert {r["eid"]: (r["old"], r["new"]) for r in walk["rows"]}["op_2"] == (f"OP{NBSP}2", None)
    renumbered = client.post(f"{P}/draft/renumber", headers=room["committee"])
    assert renumbered.status_code == 200
    moves = {r["eid"]: (r["old"], r["new"]) for r in renumbered.json()["rows"]}
    new_eid = added.json()["eid"]
    assert moves[new_eid] == (f"OP{NBSP}1{NBSP}bis", f"OP{NBSP}2")
    assert client.post(f"{P}/draft/renumber", headers=room["member"]).status_code == 403
    spreadsheet = client.get(f"{P}/versions/2/crosswalk.csv", headers=room["member"])
    assert spreadsheet.status_code == 200 and "op_2,OP 2," in spreadsheet.text


def test_amendments_threads_and_cosponsorships_on_behalf_of_a_delegation_and_a_vote(client, room):
    body = {"version": "1", "eid": "op_2", "kind": "modify", "text": "Pedimos apoyar la financiación local."}
    mine = client.post(f"{P}/amendments", json=body, headers=room["member"])
    assert mine.status_code == 201, mine.text
    assert mine.json()["delegation"] == {"code": "ARG", "name": "Argentina"}
    assert mine.json()["ref"].replace(NBSP, " ") == "OP 2"
    assert client.post(f"{P}/amendments", json={**body, "delegation": "EU"}, headers=room["member"]).status_code == 403
    unknown = client.post(f"{P}/amendments", json={**body, "delegation": "ZZZ"}, headers=room["member"])
    assert unknown.status_code == 422 and "ZZZ" in unknown.json()["error"]
    label = mine.json()["label"]
    backed = client.post(f"{P}/amendments/{label}/cosponsors", json={"delegation": "EU"}, headers=room["committee"])
    assert backed.status_code == 201 and backed.json()["cosponsor_delegations"] == [{"code": "EU", "name": "UE"}]
    listed = client.get(f"{P}/amendments", params={"delegation": "eu"}, headers=room["observer"]).json()
    assert [a["label"] for a in listed] == [label]
    thread = client.post(
        f"{P}/threads", json={"version": "1", "eid": "op_1", "body": "¿Por qué?"}, headers=room["member"]
    )
    assert thread.status_code == 201 and thread.json()["delegation"]["code"] == "ARG"
    decided = client.post(
        f"{P}/amendments/{label}/decision",
        json={"decision": "accepted", "reason": "Votada.", "vote": {"roll_call": {"ARG": "for", "EU": "abstain"}}},
        headers=room["committee"],
    )
    assert decided.status_code == 201, decided.text
    vote = decided.json()["vote"]
    assert (vote["for"], vote["against"], vote["abstain"], vote["carried"]) == (1, 0, 1, True)
    assert [c["delegation"]["code"] for c in vote["roll_call"]] == ["ARG", "EU"]
    disposition = client.get(f"{P}/disposition.csv", params={"version": "1"}, headers=room["observer"]).text.lstrip(
        "\ufeff"
    )
    row = next(r for r in csv.DictReader(io.StringIO(disposition)) if r["amendment"] == label)
    assert (row["delegation"], row["cosponsor_delegations"], row["reference"]) == ("ARG", "EU", "OP 2")


def test_lists_and_the_projector_take_a_printed_reference_as_people_say_it(client, room):
    body = {"version": "1", "eid": "op_2", "kind": "modify", "text": "Pedimos apoyar la financiación local."}
    made = client.post(f"{P}/amendments", json=body, headers=room["member"]).json()
    for typed in ("OP 2", "op2", "pd 2", "op_2"):
        found = client.get(f"{P}/amendments", params={"eid": typed}, headers=room["observer"]).json()
        assert [a["label"] for a in found] == [made["label"]], typed
    assert client.get(f"{P}/amendments", params={"eid": "OP 9"}, headers=room["observer"]).json() == []
    client.post(f"{P}/threads", json={"version": "1", "eid": "op_2", "body": "¿Y?"}, headers=room["member"])
    assert [t["eid"] for t in client.get(f"{P}/threads", params={"eid": "OP 2"}, headers=room["observer"]).json()] == [
        "op_2"
    ]


def test_the_committee_keeps_which_delegation_a_word_author_is(client, room):
    said = client.put(
        f"{P}/word-authors",
        json={"author": "Ministerio de Relaciones Exteriores", "delegation": "arg"},
        headers=room["committee"],
    )
    assert said.status_code == 200, said.text
    assert [(w["author"], w["delegation"]["code"]) for w in said.json()] == [
        ("Ministerio de Relaciones Exteriores", "ARG")
    ]
    assert client.get(f"{P}/word-authors", headers=room["member"]).status_code == 403
    unknown = client.put(f"{P}/word-authors", json={"author": "X", "delegation": "ZZZ"}, headers=room["committee"])
    assert unknown.status_code == 422 and "ZZZ" in unknown.json()["error"]
    forgotten = client.put(
        f"{P}/word-authors",
        json={"author": "Ministerio de Relaciones Exteriores", "delegation": None},
        headers=room["committee"],
    )
    assert forgotten.status_code == 200 and forgotten.json() == []
    seen = {
        who: [e["verb"] for e in client.get(f"{P}/activity", headers=room[who]).json() if "word_author" in e["verb"]]
        for who in ("committee", "member")
    }
    assert seen == {"committee": ["word_author.forgotten", "word_author.mapped"], "member": []}  # the committee's


def test_translation_rows_editions_and_histories_carry_the_printed_reference(client, room):
    """A translator's rows name paragraphs in the reader's language, an edition's in its own language."""
    rows = client.get(
        f"{P}/translations/en", params={"version": "1"}, headers={**room["translator"], "Accept-Language": "fr"}
    )
    assert rows.status_code == 200, rows.text
    refs = {r["eid"]: r["ref"] for r in rows.json()}
    assert refs["op_2"] == f"PD{NBSP}2" and refs["pre_1"] == f"AP{NBSP}1"
    english = client.get(f"{P}/editions/en", params={"version": "1"}, headers=room["member"]).json()
    assert {p["eid"]: p["ref"] for p in english["paragraphs"]}["op_2"] == f"OP{NBSP}2"
    spanish = client.get(f"{P}/editions/es", params={"version": "1"}, headers=room["member"]).json()
    assert {p["eid"]: p["ref"] for p in spanish["paragraphs"]}["op_2"] == f"PD{NBSP}2"
    history = client.get(f"{P}/paragraphs/op_2/history", headers=room["member"]).json()
    assert history["ref"] == f"OP{NBSP}2"


def test_an_amendment_filed_before_a_renumbering_names_its_paragraph_as_filed_and_as_it_stands_now(client, room):
    """Filed on OP 2 of the zero draft; a paragraph is inserted before it and the draft renumbered, then Rev.1
    circulated: the amendment keeps "OP 2" (its version's name for the paragraph), its rebase on Rev.1 says "OP 3"."""
    body = {"version": "1", "eid": "op_2", "kind": "modify", "text": "Pedimos apoyar la financiación local."}
    filed = client.post(f"{P}/amendments", json=body, headers=room["member"])
    assert filed.status_code == 201, filed.text
    draft = client.get(f"{P}/draft", headers=room["committee"]).json()
    added = client.post(
        f"{P}/draft/paragraphs",
        json={"kind": "operative", "text": "Nuevo párrafo.", "after": "op_1", "base_order": draft["order"]},
        headers=room["committee"],
    )
    assert added.status_code == 201, added.text
    assert client.post(f"{P}/draft/renumber", headers=room["committee"]).status_code == 200
    assert client.post(f"{P}/versions", json={"label": "Rev.1"}, headers=room["committee"]).status_code == 201
    listed = client.get(f"{P}/amendments", headers=room["member"]).json()
    mine = next(a for a in listed if a["label"] == filed.json()["label"])
    assert mine["ref"].replace(NBSP, " ") == "OP 2"
    assert mine["rebase"]["against"] == "Rev.1" and mine["rebase"]["ref"].replace(NBSP, " ") == "OP 3"
