"""The declaration through the JSON API: versions, stale edits, compare JSON, refusals, inert Markdown."""

from __future__ import annotations

import pytest

from tests.web.conftest import token_headers

ZERO = """---
label: "Borrador cero"
---
# Preámbulo

Reconociendo el papel de las <script>alert(1)</script> ciudades [intermedias](javascript:alert(1)).

1. Nos comprometemos a fortalecer la gobernanza multinivel.
2. Pedimos apoyo a la financiación local.
"""
P = "/api/processes/kutahya"


@pytest.fixture
def committee(client, web_people):
    return token_headers(client, web_people.committee.email)


@pytest.fixture
def member(client, web_people):
    return token_headers(client, web_people.member.email)


@pytest.fixture
def zero(client, committee):
    response = client.post(f"{P}/versions/import", json={"filename": "zero.md", "text": ZERO}, headers=committee)
    assert response.status_code == 201, response.text
    return response.json()


def test_edit_circulate_and_compare_as_json(client, committee, member, zero):
    paragraph = next(p for p in client.get(f"{P}/draft", headers=committee).json()["paragraphs"] if p["eid"] == "op_2")
    edited = client.put(
        f"{P}/draft/paragraphs/op_2",
        json={"text": "Pedimos apoyo decidido a la financiación local.", "base_revision": paragraph["revision"]},
        headers=committee,
    )
    assert edited.status_code == 200 and edited.json()["number"] == 2
    assert client.post(f"{P}/versions", json={"label": "Rev.1"}, headers=committee).status_code == 201

    compared = client.get(f"{P}/compare", params={"old": "Borrador cero", "new": "2"}, headers=member)
    assert compared.status_code == 200
    body = compared.json()
    assert body["counts"]["modified"] == 1 and body["counts"]["unchanged"] == 3
    change = next(c for c in body["changes"] if c["eid"] == "op_2")
    assert change["change"] == "modified"
    assert change["ops"] == [[0, "Pedimos apoyo "], [1, "decidido "], [0, "a la financiación local."]]
    # Unchanged paragraphs are counted, and sent only when asked for.
    assert [c["eid"] for c in body["changes"]] == ["op_2"]
    everything = client.get(f"{P}/compare", params={"old": "1", "new": "2", "unchanged": "true"}, headers=member).json()
    assert len(everything["changes"]) == 4 and everything["counts"] == body["counts"]


def test_compare_ops_rebuild_both_texts_of_rewrapped_and_modified_paragraphs(client, committee, member):
    wrapped = (
        "# Preámbulo\n\nReconociendo que las ciudades\nintermedias son polos.\n\n"
        "1. Nos comprometemos a\n   fortalecer la gobernanza.\n"
    )
    rewrapped = (
        "# Preámbulo\n\nReconociendo que las\nciudades intermedias son polos.\n\n"
        "1. Nos comprometemos\n   a reforzar la gobernanza.\n"
    )
    for label, text in (("Borrador cero", wrapped), ("Rev.1", rewrapped)):
        imported = client.post(
            f"{P}/versions/import", json={"filename": "v.md", "text": text, "label": label}, headers=committee
        )
        assert imported.status_code == 201, imported.text
    body = client.get(f"{P}/compare", params={"old": "1", "new": "2", "unchanged": "true"}, headers=member).json()
    assert body["counts"] == {"added": 0, "deleted": 0, "moved": 0, "modified": 1, "unchanged": 2}
    for c in body["changes"]:
        assert "".join(t for op, t in c["ops"] if op != 1) == c["old_text"]
        assert "".join(t for op, t in c["ops"] if op != -1) == c["new_text"]
    modified = next(c for c in body["changes"] if c["change"] == "modified")
    assert "\n" in modified["old_text"] and "\n" in modified["new_text"]
    assert [t.strip() for op, t in modified["ops"] if op == -1 and t.strip()] == ["fortalecer"]
    assert [t.strip() for op, t in modified["ops"] if op == 1 and t.strip()] == ["reforzar"]


def test_a_stale_edit_answers_409_with_the_current_text_and_the_diff(client, committee, zero):
    paragraph = next(p for p in client.get(f"{P}/draft", headers=committee).json()["paragraphs"] if p["eid"] == "op_1")
    first = {"text": paragraph["text"] + " Ya.", "base_revision": paragraph["revision"]}
    assert client.put(f"{P}/draft/paragraphs/op_1", json=first, headers=committee).status_code == 200
    stale = client.put(
        f"{P}/draft/paragraphs/op_1", json={"text": "Otra.", "base_revision": paragraph["revision"]}, headers=committee
    )
    assert stale.status_code == 409
    detail = stale.json()["detail"]
    assert detail["current_text"] == paragraph["text"] + " Ya." and detail["diff"][-1] == [1, " Ya."]


def test_refusals_and_unknowns(client, committee, member, zero):
    assert client.get(f"{P}/draft", headers=member).status_code == 403
    assert client.post(f"{P}/versions", json={"label": "Rev.9"}, headers=member).status_code == 403
    assert client.put(f"{P}/versions/1", headers=committee).status_code == 409
    assert client.get(f"{P}/versions/Rev.9", headers=member).status_code == 404
    assert client.get(f"{P}/paragraphs/op_99/history", headers=member).status_code == 404
    assert (
        client.put(
            f"{P}/draft/paragraphs/op_99", json={"text": "x", "base_revision": "0"}, headers=committee
        ).status_code
        == 404
    )
    assert (
        client.post(f"{P}/draft/paragraphs", json={"kind": "annex", "text": "x"}, headers=committee).status_code == 422
    )
    bad = client.post(
        f"{P}/versions/import",
        json={"filename": "bad.md", "text": "Uno {#op_1}\n\nDos {#op_1}\n", "label": "X"},
        headers=committee,
    )
    assert bad.status_code == 422 and bad.json()["error"].startswith("bad.md:3:")
    assert (
        client.post(
            f"{P}/versions/import",
            json={"filename": "x.md", "text": ZERO, "label": "X", "language": "xx"},
            headers=committee,
        ).status_code
        == 422
    )


def test_markdown_of_a_version_is_rendered_inert(client, web_people, zero):
    from tests.web.conftest import sign_in

    sign_in(client, web_people.member.email)
    html = client.get("/p/kutahya/declaration/versions/1").text
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html


def test_a_real_style_draft_imports_over_http_with_its_notices_and_its_lists(client, committee, member):
    from pathlib import Path

    path = Path(__file__).parents[2] / "fixtures" / "negotiation" / "05-final.md"
    body = {"filename": path.name, "text": path.read_text(encoding="utf-8"), "preview": True}
    preview = client.post(f"{P}/versions/import", json=body, headers=committee)
    assert preview.status_code == 201 and not preview.json()["saved"], preview.text
    result = preview.json()
    notices = {(n["line"], n["message"].split(" ")[1]) for n in result["notices"]}
    assert {(10, "image"), (26, "thematic")} <= notices
    assert all(n["file"] == path.name for n in result["notices"])
    nested = [m for m in result["matches"] if m["depth"]]
    assert [(m["depth"], m["marker"]) for m in nested][:3] == [(1, "*"), (1, "*"), (1, "-")]
    saved = client.post(f"{P}/versions/import", json={**body, "preview": False}, headers=committee)
    assert saved.status_code == 201, saved.text
    version = client.get(f"{P}/versions/1", headers=member).json()
    assert [(p["depth"], p["marker"]) for p in version["paragraphs"] if p["depth"]] == [
        (m["depth"], m["marker"]) for m in nested
    ]


def test_a_sub_item_is_added_and_edited_over_http_and_a_misplaced_one_refused(client, committee):
    imported = client.post(
        f"{P}/versions/import",
        json={"filename": "zero.md", "label": "Zero", "text": "1. Decidimos: {#op_1}\n    - (a) uno; {#op_2}\n"},
        headers=committee,
    )
    assert imported.status_code == 201, imported.text
    added = client.post(
        f"{P}/draft/paragraphs",
        json={"kind": "operative", "text": "(b) dos;", "after": "op_2", "depth": 1, "marker": "-"},
        headers=committee,
    )
    assert added.status_code == 201, added.text
    assert (added.json()["depth"], added.json()["marker"]) == (1, "-")
    wrong = client.post(
        f"{P}/draft/paragraphs", json={"kind": "operative", "text": "x", "depth": 1, "marker": "-"}, headers=committee
    )
    assert wrong.status_code == 422 and "sub-item" in wrong.json()["error"]
    bad_marker = client.post(
        f"{P}/draft/paragraphs",
        json={"kind": "operative", "text": "x", "after": "op_2", "depth": 1, "marker": "(c)"},
        headers=committee,
    )
    assert bad_marker.status_code == 422
    op_2 = next(p for p in client.get(f"{P}/draft", headers=committee).json()["paragraphs"] if p["eid"] == "op_2")
    moved = client.put(
        f"{P}/draft/paragraphs/op_2",
        json={"text": op_2["text"], "base_revision": op_2["revision"], "marker": "1."},
        headers=committee,
    )
    assert moved.status_code == 200 and moved.json()["marker"] == "1."
