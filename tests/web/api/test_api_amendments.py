"""Amendments through the JSON API, with the names of the interface; the compilation as a real Word file."""

from __future__ import annotations

import io
import subprocess
import zipfile

import pytest
from docx import Document

from tests import needs
from tests.integration.support import dump
from tests.web.conftest import sign_in, token_headers
from tests.web.pages.test_pages_support import html

P = "/api/processes/kutahya"
ZERO = """# Preámbulo {#hdg_1}

Reconociendo que las ciudades intermedias son polos de intermediación. {#pre_1}

1. Nos comprometemos a fortalecer la gobernanza multinivel. {#op_1}
2. Pedimos a los gobiernos nacionales apoyar la financiación local. {#op_2}
"""


@pytest.fixture
def tokens(client, web_people):
    return {
        role: token_headers(client, getattr(web_people, role).email)
        for role in ("committee", "member", "observer", "translator")
    }


@pytest.fixture
def zero(client, tokens):
    answer = client.post(
        f"{P}/versions/import",
        json={"filename": "zero.md", "text": ZERO, "label": "Borrador cero"},
        headers=tokens["committee"],
    )
    assert answer.status_code == 201, answer.text


def amend(client, headers, **body):
    payload = {
        "version": "1",
        "eid": "op_2",
        "kind": "modify",
        "text": "Pedimos a los gobiernos nacionales apoyar con firmeza la financiación local.",
        "rationale": "Más claro.",
    }
    return client.post(f"{P}/amendments", json={**payload, **body}, headers=headers)


def test_the_whole_life_of_an_amendment_through_the_api(client, tokens, zero):
    created = amend(client, tokens["member"])
    assert created.status_code == 201, created.text
    body = created.json()
    assert set(body) >= {
        "number",
        "kind",
        "eid",
        "version",
        "status",
        "base_revision",
        "base_text",
        "text",
        "ops",
        "proposer",
        "cosponsors",
        "rebase",
    }
    assert (body["number"], body["kind"], body["version"], body["status"]) == (1, "modify", "Borrador cero", "open")
    assert body["rebase"]["state"] == "applies" and body["rebase"]["overlaps"] == []
    assert [1, "con firmeza "] in body["ops"]
    assert client.post(f"{P}/amendments/1/cosponsors", headers=tokens["committee"]).status_code == 201
    assert client.post(f"{P}/amendments/1/cosponsors", headers=tokens["committee"]).status_code == 409
    listed = client.get(
        f"{P}/amendments", params={"status": "open", "eid": "op_2", "version": "1"}, headers=tokens["observer"]
    ).json()
    assert [a["number"] for a in listed] == [1] and listed[0]["cosponsors"] == ["Committee"]
    assert (
        client.put(f"{P}/amendments/1", json={"rationale": "Aún más claro."}, headers=tokens["member"]).json()[
            "rationale"
        ]
        == "Aún más claro."
    )
    decided = client.post(
        f"{P}/amendments/1/decision", json={"decision": "accepted", "reason": "Refuerza."}, headers=tokens["committee"]
    )
    assert decided.status_code == 201 and decided.json()["status"] == "accepted"
    draft = client.get(f"{P}/draft", headers=tokens["committee"]).json()
    assert next(p for p in draft["paragraphs"] if p["eid"] == "op_2")["text"].endswith(
        "apoyar con firmeza la financiación local."
    )
    assert (
        client.post(
            f"{P}/amendments/1/decision", json={"decision": "rejected", "reason": "No."}, headers=tokens["committee"]
        ).status_code
        == 409
    )
    rows = client.get(f"{P}/disposition", params={"version": "1"}, headers=tokens["member"]).json()
    assert rows[0]["status"] == "accepted" and rows[0]["reason"] == "Refuerza."
    csv = client.get(f"{P}/disposition.csv", params={"version": "1"}, headers=tokens["member"])
    assert csv.headers["content-type"].startswith("text/csv") and "Refuerza." in csv.text


def test_bad_input_and_refusals_have_the_statuses_of_the_interface(client, tokens, zero, web_store):
    before = dump(web_store)
    assert amend(client, tokens["member"], eid="op_9").status_code == 404
    assert amend(client, tokens["member"], version="Rev.9").status_code == 404
    assert (
        amend(
            client, tokens["member"], text="Pedimos a los gobiernos nacionales apoyar la financiación local."
        ).status_code
        == 422
    )
    assert amend(client, tokens["member"], kind="insert", text="").status_code == 422
    assert amend(client, tokens["observer"]).status_code == 403
    assert amend(client, tokens["translator"]).status_code == 403
    assert dump(web_store) == before
    assert amend(client, tokens["member"]).status_code == 201
    assert client.post(f"{P}/amendments/1/cosponsors", headers=tokens["member"]).status_code == 422  # one's own
    assert (
        client.post(
            f"{P}/amendments/1/decision", json={"decision": "accepted", "reason": "Sí."}, headers=tokens["member"]
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"{P}/amendments/1/decision", json={"decision": "accepted", "reason": ""}, headers=tokens["committee"]
        ).status_code
        == 422
    )
    assert client.get(f"{P}/amendments/99", headers=tokens["member"]).status_code == 404
    assert (
        client.put(
            f"{P}/versions/1/deadline", json={"deadline": "2020-01-01T00:00"}, headers=tokens["committee"]
        ).status_code
        == 200
    )
    late = amend(client, tokens["member"])
    assert late.status_code == 403 and "01/01/2020" in late.json()["error"]  # in the reader's way, not ISO


def test_accepting_a_conflicting_amendment_is_409_with_the_conflict(client, tokens, zero, web_store):
    amend(client, tokens["member"])
    op2 = next(
        p for p in client.get(f"{P}/draft", headers=tokens["committee"]).json()["paragraphs"] if p["eid"] == "op_2"
    )
    client.put(
        f"{P}/draft/paragraphs/op_2",
        json={
            "text": "Pedimos a los gobiernos nacionales garantizar la financiación local.",
            "base_revision": op2["revision"],
        },
        headers=tokens["committee"],
    )
    assert client.get(f"{P}/amendments/1", headers=tokens["committee"]).json()["rebase"]["state"] == "conflict"
    before = dump(web_store)
    refused = client.post(
        f"{P}/amendments/1/decision", json={"decision": "accepted", "reason": "Sí."}, headers=tokens["committee"]
    )
    assert refused.status_code == 409 and refused.json()["detail"]["state"] == "conflict"
    assert dump(web_store) == before


def test_the_compilation_is_a_word_file_with_real_tracked_changes(client, tokens, zero, tmp_path):
    amend(client, tokens["member"])
    client.post(f"{P}/amendments/1/cosponsors", headers=tokens["committee"])
    amend(client, tokens["member"], eid="op_1", kind="delete", text="")
    compiled = client.get(f"{P}/compilation", params={"version": "1"}, headers=tokens["observer"]).json()
    assert [len(p["amendments"]) for p in compiled["paragraphs"]] == [0, 0, 1, 1]
    answer = client.get(f"{P}/compilation.docx", params={"version": "1"}, headers=tokens["observer"])
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(answer.content))
    assert any("apoyar la financiación local" in p.text for p in document.paragraphs)
    xml = zipfile.ZipFile(io.BytesIO(answer.content)).read("word/document.xml").decode()
    assert '<w:ins w:id="' in xml and 'w:author="Member"' in xml and "<w:del " in xml
    assert "con firmeza" in xml.split("<w:ins", 1)[1].split("</w:ins>", 1)[0]
    path = tmp_path / "compilation.docx"
    path.write_bytes(answer.content)
    office = needs.program("libreoffice")
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        timeout=180,
        capture_output=True,
    )
    assert (tmp_path / "compilation.pdf").stat().st_size > 1000


def test_the_word_file_of_a_version_with_any_label_downloads(client, tokens):
    text = "1. Nos comprometemos. {#op_1}\n"
    label = 'Révision "finale"\u2014Kütahya'
    assert (
        client.post(
            f"{P}/versions/import", json={"filename": "v.md", "text": text, "label": label}, headers=tokens["committee"]
        ).status_code
        == 201
    )
    answer = client.get(f"{P}/compilation.docx", params={"version": label}, headers=tokens["member"])
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="kutahya-revision-finale-kutahya.docx"'


def test_one_amendment_shown_alone_names_the_overlaps_the_list_names(client, tokens, web_store, zero):
    """Before, `GET /amendments/{n}` said `overlaps: []` where the list said [2]: it looked only at itself."""
    assert amend(client, tokens["member"]).status_code == 201
    assert (
        amend(
            client, tokens["committee"], text="Pedimos a los gobiernos nacionales respaldar la financiación local."
        ).status_code
        == 201
    )
    assert (
        amend(
            client, tokens["member"], eid="op_1", text="Nos comprometemos a reforzar la gobernanza multinivel."
        ).status_code
        == 201
    )
    for reader in ("committee", "member", "observer"):  # the committee on the draft, the others on the latest version
        listed = {
            a["number"]: a["rebase"]["overlaps"] for a in client.get(f"{P}/amendments", headers=tokens[reader]).json()
        }
        assert listed == {1: [2], 2: [1], 3: []}
        for number, overlaps in listed.items():
            alone = client.get(f"{P}/amendments/{number}", headers=tokens[reader]).json()
            assert alone["rebase"]["overlaps"] == overlaps
        mine = client.get(f"{P}/amendments", params={"proposer": "member@example.org"}, headers=tokens[reader]).json()
        # A filtered list too; an observer may not look someone up by address (members_see_emails is off).
        assert {a["number"]: a["rebase"]["overlaps"] for a in mine} == ({} if reader == "observer" else {1: [2], 3: []})
    sign_in(client, "member@example.org")  # and the amendment's page says the same
    page = html(client.get("/p/kutahya/amendments/1"))
    said = next(
        p for p in page.find_all("p") if p.get_text(" ", strip=True).startswith("It changes some of the same words as")
    )
    assert [a["href"] for a in said.find_all("a")] == ["/p/kutahya/amendments/2"]
