"""Bulk steps through the JSON API (issue 19's interface): many paragraphs' status at once, a voting list
of decisions taken in order all or none, a decision reopened, a language's translations approved in bulk
with the skipped and their reasons, and a version downloaded as Word and PDF in each language."""

from __future__ import annotations

import io
import subprocess

import pytest
from docx import Document

from tests import needs
from tests.integration.support import dump
from tests.web.conftest import token_headers

P = "/api/processes/kutahya"
ZERO = """# Preámbulo {#hdg_1}

Reconociendo que las ciudades intermedias son polos de intermediación. {#pre_1}

1. Nos comprometemos a fortalecer la gobernanza multinivel. {#op_1}
2. Pedimos a los gobiernos nacionales apoyar la financiación local. {#op_2}
3. Invitamos a las 30 ciudades a compartir sus prácticas. {#op_3}
"""


@pytest.fixture
def tokens(client, web_people):
    return {
        role: token_headers(client, getattr(web_people, role).email)
        for role in ("committee", "member", "observer", "translator", "outsider")
    }


@pytest.fixture
def zero(client, tokens):
    answer = client.post(
        f"{P}/versions/import",
        json={"filename": "zero.md", "text": ZERO, "label": "Borrador cero"},
        headers=tokens["committee"],
    )
    assert answer.status_code == 201, answer.text


def amend(client, headers, eid, text, **more):
    answer = client.post(
        f"{P}/amendments", json={"version": "1", "eid": eid, "kind": "modify", "text": text, **more}, headers=headers
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["number"]


def draft_paragraph(client, tokens, eid):
    return next(
        p for p in client.get(f"{P}/draft", headers=tokens["committee"]).json()["paragraphs"] if p["eid"] == eid
    )


def draft_text(client, tokens, eid):
    return draft_paragraph(client, tokens, eid)["text"]


def test_many_paragraphs_agreed_at_once_or_none(client, tokens, zero, web_store):
    done = client.post(
        f"{P}/paragraphs/status",
        json={"eids": ["op_1", "op_2"], "status": "agreed", "note": "Plenaria"},
        headers=tokens["committee"],
    )
    assert done.status_code == 200, done.text
    assert [(s["eid"], s["status"], s["note"]) for s in done.json()] == [
        ("op_1", "agreed", "Plenaria"),
        ("op_2", "agreed", "Plenaria"),
    ]
    board = client.get(f"{P}/status", headers=tokens["committee"]).json()
    assert board["counts"]["agreed"] == 2

    before = dump(web_store)
    unknown = client.post(
        f"{P}/paragraphs/status", json={"eids": ["op_3", "op_99"], "status": "agreed"}, headers=tokens["committee"]
    )
    assert unknown.status_code == 404 and unknown.json()["detail"]["unknown"] == ["op_99"]
    for body in (
        {"eids": [], "status": "agreed"},
        {"eids": ["op_1"], "status": "sealed"},
        {"eids": ["not an eid"], "status": "agreed"},
    ):
        refused = client.post(f"{P}/paragraphs/status", json=body, headers=tokens["committee"])
        assert refused.status_code == 422, (body, refused.text)
    assert (
        client.post(
            f"{P}/paragraphs/status", json={"eids": ["op_3"], "status": "agreed"}, headers=tokens["member"]
        ).status_code
        == 403
    )
    outsider = client.post(
        f"{P}/paragraphs/status", json={"eids": ["op_3"], "status": "agreed"}, headers=tokens["outsider"]
    )
    assert outsider.status_code == 404  # an outsider learns nothing, not even that the process exists
    assert dump(web_store) == before


def test_a_voting_list_is_taken_in_order_all_or_none(client, tokens, zero, web_store):
    first = amend(
        client, tokens["member"], "op_2", "Pedimos a los gobiernos nacionales apoyar con firmeza la financiación local."
    )
    rival = amend(
        client, tokens["member"], "op_2", "Pedimos a los gobiernos nacionales garantizar la financiación local."
    )
    other = amend(
        client, tokens["member"], "op_1", "Nos comprometemos a fortalecer decididamente la gobernanza multinivel."
    )

    # The rival changes the words the first one accepted changed: in this order it no longer applies, so none is taken.
    before = dump(web_store)
    listed = [
        {"number": other, "decision": "rejected", "reason": "Sin apoyo."},
        {"number": first, "decision": "accepted", "reason": "Consenso."},
        {"number": rival, "decision": "accepted", "reason": "También."},
    ]
    refused = client.post(f"{P}/amendments/decisions", json={"decisions": listed}, headers=tokens["committee"])
    assert refused.status_code == 409, refused.text
    assert refused.json()["detail"]["position"] == 3 and refused.json()["detail"]["number"] == rival
    assert "A3" in refused.json()["error"] or str(rival) in refused.json()["error"]
    assert dump(web_store) == before

    listed[2] = {"number": rival, "decision": "moot", "reason": "Superada por A1."}
    decided = client.post(f"{P}/amendments/decisions", json={"decisions": listed}, headers=tokens["committee"])
    assert decided.status_code == 200, decided.text
    assert [(a["number"], a["status"]) for a in decided.json()] == [
        (other, "rejected"),
        (first, "accepted"),
        (rival, "moot"),
    ]
    assert "con firmeza" in draft_text(client, tokens, "op_2")

    twice = client.post(
        f"{P}/amendments/decisions", json={"decisions": [listed[0], listed[0]]}, headers=tokens["committee"]
    )
    assert twice.status_code == 422
    member = client.post(f"{P}/amendments/decisions", json={"decisions": [listed[0]]}, headers=tokens["member"])
    assert member.status_code == 403


def test_a_decision_is_reopened_until_the_next_version_circulates(client, tokens, zero):
    accepted = amend(
        client, tokens["member"], "op_2", "Pedimos a los gobiernos nacionales apoyar con firmeza la financiación local."
    )
    rejected = amend(
        client, tokens["member"], "op_1", "Nos comprometemos a fortalecer decididamente la gobernanza multinivel."
    )
    original = draft_text(client, tokens, "op_2")
    for number, decision in ((accepted, "accepted"), (rejected, "rejected")):
        answer = client.post(
            f"{P}/amendments/{number}/decision",
            json={"decision": decision, "reason": "Votación."},
            headers=tokens["committee"],
        )
        assert answer.status_code == 201, answer.text
    assert "con firmeza" in draft_text(client, tokens, "op_2")

    assert client.post(f"{P}/amendments/{accepted}/reopen", headers=tokens["member"]).status_code == 403
    reopened = client.post(f"{P}/amendments/{accepted}/reopen", headers=tokens["committee"])
    assert reopened.status_code == 200, reopened.text
    assert reopened.json()["status"] == "open" and reopened.json()["rebase"]["state"] == "applies"
    assert draft_text(client, tokens, "op_2") == original  # its acceptance undone in the draft
    assert (
        client.post(f"{P}/amendments/{accepted}/reopen", headers=tokens["committee"]).status_code == 409
    )  # open already
    activity = client.get(f"{P}/activity", headers=tokens["committee"]).json()
    assert any(e["verb"] == "amendment.reopened" for e in activity)

    # Decided again, then a version circulates: the decisions before it stand.
    client.post(
        f"{P}/amendments/{accepted}/decision",
        json={"decision": "accepted", "reason": "Votación."},
        headers=tokens["committee"],
    )
    assert client.post(f"{P}/versions", json={"label": "Rev.1"}, headers=tokens["committee"]).status_code == 201
    for number in (accepted, rejected):
        late = client.post(f"{P}/amendments/{number}/reopen", headers=tokens["committee"])
        assert late.status_code == 409 and "Rev.1" in late.json()["error"]


def test_a_reopened_acceptance_whose_paragraph_changed_since_is_refused(client, tokens, zero):
    accepted = amend(
        client, tokens["member"], "op_2", "Pedimos a los gobiernos nacionales apoyar con firmeza la financiación local."
    )
    client.post(
        f"{P}/amendments/{accepted}/decision",
        json={"decision": "accepted", "reason": "Votación."},
        headers=tokens["committee"],
    )
    now = draft_paragraph(client, tokens, "op_2")
    edited = client.put(
        f"{P}/draft/paragraphs/op_2",
        json={"text": now["text"] + " Y pronto.", "base_revision": now["revision"]},
        headers=tokens["committee"],
    )
    assert edited.status_code == 200, edited.text
    refused = client.post(f"{P}/amendments/{accepted}/reopen", headers=tokens["committee"])
    assert refused.status_code == 409
    assert client.get(f"{P}/amendments/{accepted}", headers=tokens["committee"]).json()["status"] == "accepted"


def save(client, tokens, eid, text, state="translated"):
    source = client.get(f"{P}/translations/en", params={"version": "1"}, headers=tokens["translator"]).json()
    revision = next(t["source_revision"] for t in source if t["eid"] == eid)
    answer = client.put(
        f"{P}/translations/en/{eid}",
        params={"version": "1"},
        json={"text": text, "source_revision": revision, "state": state},
        headers=tokens["translator"],
    )
    assert answer.status_code == 200, answer.text


def test_every_translated_paragraph_that_passes_its_checks_is_approved_the_others_skipped_with_reasons(
    client, tokens, zero, web_store
):
    save(client, tokens, "hdg_1", "Preamble")
    save(client, tokens, "op_1", "We commit to strengthening multilevel governance.")
    save(client, tokens, "op_2", "We ask national governments", state="draft")
    save(
        client, tokens, "op_3", "We invite the 40 cities to share their practices."
    )  # its number differs from the source's

    before = dump(web_store)
    assert (
        client.post(
            f"{P}/translations/en/approve", json={"version": "1", "all_translated": True}, headers=tokens["translator"]
        ).status_code
        == 403
    )  # a translator is no reviewer
    assert (
        client.post(
            f"{P}/translations/en/approve",
            json={"version": "1", "all_translated": True, "eids": ["op_1"]},
            headers=tokens["committee"],
        ).status_code
        == 422
    )
    assert (
        client.post(f"{P}/translations/en/approve", json={"version": "1"}, headers=tokens["committee"]).status_code
        == 422
    )
    assert client.post(
        f"{P}/translations/es/approve", json={"version": "1", "all_translated": True}, headers=tokens["committee"]
    ).status_code in (404, 422)  # the source language has no translations
    assert dump(web_store) == before

    done = client.post(
        f"{P}/translations/en/approve", json={"version": "1", "all_translated": True}, headers=tokens["committee"]
    )
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["approved"] == ["hdg_1", "op_1"]
    assert [(s["eid"], s["reason"]) for s in body["skipped"]] == [("op_3", "checks")]
    assert "40" in body["skipped"][0]["message"] or "30" in body["skipped"][0]["message"]
    assert body["skipped"][0]["message"].endswith(".") and ".." not in body["skipped"][0]["message"]  # one full stop

    named = client.post(
        f"{P}/translations/en/approve",
        json={"version": "1", "eids": ["op_1", "op_2", "pre_1", "op_77"]},
        headers=tokens["committee"],
    ).json()
    assert named["approved"] == []
    assert [(s["eid"], s["reason"]) for s in named["skipped"]] == [
        ("op_77", "not_in_version"),
        ("pre_1", "missing"),
        ("op_1", "approved"),
        ("op_2", "draft"),
    ]
    states = {
        t["eid"]: t["state"]
        for t in client.get(f"{P}/translations/en", params={"version": "1"}, headers=tokens["committee"]).json()
    }
    assert states == {
        "hdg_1": "approved",
        "pre_1": "missing",
        "op_1": "approved",
        "op_2": "draft",
        "op_3": "translated",
    }


def test_a_version_downloads_as_word_with_eid_bookmarks_and_as_pdf_in_each_language(client, tokens, zero, tmp_path):
    save(client, tokens, "op_1", "We commit to strengthening multilevel governance.")
    word = client.get(f"{P}/versions/1/download", params={"format": "docx", "lang": "en"}, headers=tokens["member"])
    assert word.status_code == 200, word.text
    assert word.headers["content-disposition"].endswith('.en.docx"')
    document = Document(io.BytesIO(word.content))
    texts = [p.text for p in document.paragraphs]
    assert "We commit to strengthening multilevel governance." in " ".join(texts)
    assert any("[es] Pedimos" in t and "financiación local" in t for t in texts)  # not translated: the source, marked
    names = {
        b.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}name")
        for b in document.element.body.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bookmarkStart"
        )
    }
    assert {"hdg_1", "pre_1", "op_1", "op_2", "op_3"} <= names

    by_label = client.get(f"{P}/versions/Borrador cero/download", params={"format": "docx"}, headers=tokens["observer"])
    assert by_label.status_code == 200 and ".es.docx" in by_label.headers["content-disposition"]
    three = client.get(
        f"{P}/versions/1/download", params={"format": "docx", "lang": "es-en-fr"}, headers=tokens["member"]
    )
    assert three.status_code == 200 and len(Document(io.BytesIO(three.content)).tables[0].columns) == 3

    assert client.get(f"{P}/versions/draft/download", headers=tokens["member"]).status_code == 404
    assert client.get(f"{P}/versions/draft/download", headers=tokens["committee"]).status_code == 200
    assert client.get(f"{P}/versions/1/download", headers=tokens["outsider"]).status_code == 404
    assert client.get(f"{P}/versions/9/download", headers=tokens["member"]).status_code == 404
    for params in ({"format": "odt"}, {"lang": "de"}, {"lang": "es-es"}):
        refused = client.get(f"{P}/versions/1/download", params=params, headers=tokens["member"])
        assert refused.status_code == 422, (params, refused.text)

    pdf = client.get(f"{P}/versions/1/download", params={"format": "pdf", "lang": "es-en-fr"}, headers=tokens["member"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    path = tmp_path / "v1.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(
        [needs.program("poppler", "pdftotext"), str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())  # a column's lines joined
    assert "multilevel governance" in text and "gobernanza multinivel" in text


def pdf_lines(content: bytes, tmp_path) -> list[str]:
    path = tmp_path / "text.pdf"
    path.write_bytes(content)
    return subprocess.run(
        [needs.program("poppler", "pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.splitlines()


def test_for_the_room_a_version_downloads_with_each_pages_lines_numbered(client, tokens, zero, tmp_path):
    plain = pdf_lines(
        client.get(f"{P}/versions/1/download", params={"format": "pdf"}, headers=tokens["member"]).content, tmp_path
    )
    numbered = client.get(
        f"{P}/versions/1/download", params={"format": "pdf", "lines": "true"}, headers=tokens["member"]
    )
    assert numbered.status_code == 200 and "-lines.es.pdf" in numbered.headers["content-disposition"]
    lines = [line for line in pdf_lines(numbered.content, tmp_path) if line.strip()]
    counted = [int(line.split()[0]) for line in lines if line.split()[0].isdigit()]
    assert counted[:6] == [1, 2, 3, 4, 5, 6]  # every line of the page, from 1
    assert any("Nos comprometemos a fortalecer" in line and line.split()[0].isdigit() for line in lines)
    assert not any(line.strip().startswith("1 ") for line in plain)  # asked for, not by default

    word = client.get(
        f"{P}/versions/1/download", params={"format": "docx", "lang": "en", "lines": "true"}, headers=tokens["member"]
    )
    numbers = (
        Document(io.BytesIO(word.content))
        .sections[0]
        ._sectPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lnNumType")
    )
    assert (
        numbers is not None
        and numbers.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}restart") == "newPage"
    )
    assert (
        client.get(f"{P}/versions/1/download", params={"lines": "maybe"}, headers=tokens["member"]).status_code == 400
    )
    table = client.get(
        f"{P}/versions/1/download",
        params={"format": "docx", "lang": "es-en", "lines": "true"},
        headers=tokens["member"],
    )
    assert table.status_code == 422 and "table" in table.json()["error"]  # Word counts a table row as one line


def test_the_gate_over_the_api_speaks_the_callers_language(client, tokens, zero):
    said = {}
    for lang in ("es", "en", "fr"):
        answer = client.get(
            f"{P}/gate",
            params={"version": "1", "kind": "translation", "limit": 1},
            headers={**tokens["committee"], "Accept-Language": lang},
        )
        assert answer.status_code == 200, answer.text
        said[lang] = answer.json()["blockers"][0]["message"]
    assert len(set(said.values())) == 3, said  # three languages, three wordings
    assert "\u00a0:" in said["fr"] or ":" not in said["fr"]  # and the French spacing


def test_a_character_no_font_of_the_pdf_shows_is_refused_with_its_code_not_a_crash(client, tokens):
    text = ZERO.replace("la financiación local.", "la financiación local \U00092f38.")
    answer = client.post(
        f"{P}/versions/import",
        json={"filename": "zero.md", "text": text, "label": "Borrador cero"},
        headers=tokens["committee"],
    )
    assert answer.status_code == 201, answer.text
    pdf = client.get(f"{P}/versions/1/download", params={"format": "pdf"}, headers=tokens["member"])
    assert pdf.status_code == 409 and "U+92F38" in pdf.json()["error"], pdf.text
    word = client.get(f"{P}/versions/1/download", params={"format": "docx"}, headers=tokens["member"])
    assert word.status_code == 200  # the Word file carries it


def test_a_stale_draft_edit_answers_with_both_changes_combined_where_they_can_be(client, tokens, zero):
    now = draft_paragraph(client, tokens, "op_2")
    theirs = now["text"].replace("Pedimos", "Pedimos hoy")
    assert (
        client.put(
            f"{P}/draft/paragraphs/op_2",
            json={"text": theirs, "base_revision": now["revision"]},
            headers=tokens["committee"],
        ).status_code
        == 200
    )
    mine = now["text"].replace("local.", "local y regional.")
    stale = client.put(
        f"{P}/draft/paragraphs/op_2", json={"text": mine, "base_revision": now["revision"]}, headers=tokens["committee"]
    )
    assert stale.status_code == 409
    detail = stale.json()["detail"]
    assert detail["merged"] == now["text"].replace("Pedimos", "Pedimos hoy").replace("local.", "local y regional.")
    assert [text.strip() for op, text in detail["yours"] if op == 1] == ["y regional"]
    same = client.put(
        f"{P}/draft/paragraphs/op_2",
        json={"text": now["text"].replace("Pedimos", "Exigimos"), "base_revision": now["revision"]},
        headers=tokens["committee"],
    )
    assert same.status_code == 409 and same.json()["detail"]["merged"] is None  # the same word changed by both
