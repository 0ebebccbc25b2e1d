"""Characters that no file can carry (noncharacters, U+FFFE and U+FFFF of every plane, lone surrogates)
are refused at every way in, as control characters are: 422 naming the character, with the field of a
body or form, or the file and line of a file; nothing written, no 500. Both backends."""

from __future__ import annotations

import copy
import json
import logging

import pytest
from sqlalchemy import select

from tests.conftest import SESSION_JSON
from tests.demo_data import settled_kutahya
from tests.integration.support import dump
from tests.web.conftest import form_post, sign_in, token_headers
from workspace.domain.declaration.document import revision_id
from workspace.store.models import (
    DraftParagraph,
    ParagraphRevision,
    Process,
    Publication,
    Translation,
    Version,
    VersionParagraph,
)

P = "/api/processes/kutahya"
ZERO = """# Preámbulo {#hdg_1}

Reconociendo que las ciudades intermedias son polos de intermediación. {#pre_1}

1. Nos comprometemos a fortalecer la gobernanza multinivel. {#op_1}
2. Pedimos a los gobiernos nacionales apoyar la financiación local. {#op_2}
"""
# U+FFFE and U+FFFF (what XML 1.0 forbids), the other noncharacters of the Basic Multilingual Plane,
# and the last two code points of other planes.
UNCARRIED = ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"]


def code(char: str) -> str:
    return f"U+{ord(char):04X}"


@pytest.fixture
def server_errors(caplog):
    caplog.set_level(logging.ERROR, logger="accord")
    return caplog


@pytest.fixture
def scene(client, web_people):
    """A zero draft, a session with a recommendation, a translation to send back; the committee's token."""
    committee = token_headers(client, web_people.committee.email)
    assert (
        client.post(
            f"{P}/versions/import",
            json={"filename": "zero.md", "text": ZERO, "label": "Borrador cero"},
            headers=committee,
        ).status_code
        == 201
    )
    assert client.post(f"{P}/sessions", json={**SESSION_JSON, "ref": "alianzas"}, headers=committee).status_code == 201
    row = next(r for r in client.get(f"{P}/translations/en", headers=committee).json() if r["eid"] == "op_1")
    saved = client.put(
        f"{P}/translations/en/op_1",
        json={"text": "We commit.", "source_revision": row["source_revision"], "state": "translated"},
        headers=committee,
    )
    assert saved.status_code == 200, saved.text
    return {"committee": committee, "source_revision": row["source_revision"]}


def refused(response, char: str, *, field: str | None = None, file: str | None = None) -> None:
    """422 naming the character, with the field refused, or the file and line."""
    assert response.status_code == 422, response.text
    body = response.json()
    assert code(char) in body["error"], body
    if field is not None:
        assert (body["detail"] or {}).get("field") == field, body
    if file is not None:
        assert body["error"].startswith(f"{file}:"), body
        assert body["detail"]["file"] == file and isinstance(body["detail"]["line"], int), body


@pytest.mark.parametrize("char", UNCARRIED, ids=code)
def test_every_json_body_refuses_the_character_with_its_field(client, web_store, scene, server_errors, char):
    headers, bad = scene["committee"], f"Nos comprometemos{char} a todo."
    before = dump(web_store)
    for method, path, body, field in [
        ("post", "/api/processes", {"slug": "otro", "titles": {"es": bad}, "source_language": "es"}, "titles.es"),
        ("put", P, {"titles": {"es": "Kütahya"}, "source_language": "es", "place": bad}, "place"),
        ("put", P, {"titles": {"es": "Kütahya"}, "source_language": "es", "places": {"en": bad}}, "places.en"),
        ("post", f"{P}/members", {"email": "nueva@example.org", "role": "member", "name": bad}, "name"),
        ("post", f"{P}/draft/paragraphs", {"kind": "operative", "text": bad}, "text"),
        ("post", f"{P}/versions", {"label": bad}, "label"),
        ("post", f"{P}/sessions", {**SESSION_JSON, "summary": bad}, "summary"),
        ("post", f"{P}/sessions/alianzas/recommendations", {"text": bad}, "text"),
        ("post", f"{P}/amendments", {"version": "1", "eid": "op_2", "kind": "modify", "text": bad}, "text"),
        (
            "post",
            f"{P}/amendments",
            {"version": "1", "eid": "op_2", "kind": "modify", "text": "Otra.", "rationale": bad},
            "rationale",
        ),
        ("post", f"{P}/threads", {"version": "1", "eid": "op_1", "body": bad}, "body"),
        ("put", f"{P}/translations/en/op_2", {"text": bad, "source_revision": scene["source_revision"]}, "text"),
        ("post", f"{P}/translations/en/op_1/reject?version=1", {"note": bad}, "note"),
        ("post", f"{P}/publications", {"version": "1", "symbol": bad}, "symbol"),
        ("post", "/api/tokens", {"name": bad}, "name"),
        (
            "put",
            f"{P}/glossary",
            {
                "revision": client.get(f"{P}/glossary", headers=headers).json()["revision"],
                "terms": [{"source": "ciudad", "translations": {"fr": bad}}],
            },
            "translations.fr",
        ),
    ]:
        response = getattr(client, method)(path, json=body, headers=headers)
        refused(response, char, field=field)
    assert dump(web_store) == before
    assert not server_errors.records


@pytest.mark.parametrize("char", UNCARRIED, ids=code)
def test_every_file_refuses_the_character_with_its_line(client, web_store, scene, server_errors, char):
    headers = scene["committee"]
    before = dump(web_store)
    version = ZERO.replace("la gobernanza", f"la gober{char}nanza")
    refused(
        client.post(
            f"{P}/versions/import", json={"filename": "rev1.md", "text": version, "label": "Rev.1"}, headers=headers
        ),
        char,
        file="rev1.md",
    )
    assert (
        client.post(
            f"{P}/versions/import", json={"filename": "rev1.md", "text": version, "label": "Rev.1"}, headers=headers
        ).json()["detail"]["line"]
        == 5
    )
    note = (
        f'---\ntitle: "Nota{char}"\n'
        'starts_at: "2021-10-07T10:00:00+03:00"\nends_at: "2021-10-07T11:00:00+03:00"\n---\nTexto\n'
    )
    refused(
        client.post(f"{P}/sessions/import", json={"filename": "nota.md", "text": note}, headers=headers),
        char,
        file="nota.md",
    )
    # An escape in the front matter reads as the character itself: refused with the line of its field.
    escaped = (
        f'---\ntitle: "Nota \\U{ord(char):08X}"\nstarts_at: "2021-10-07T10:00:00+03:00"\n'
        'ends_at: "2021-10-07T11:00:00+03:00"\n---\nTexto\n'
    )
    refused(
        client.post(f"{P}/sessions/import", json={"filename": "nota.md", "text": escaped}, headers=headers),
        char,
        file="nota.md",
    )
    xliff = client.get(f"{P}/translations/en.xlf?version=1", headers=headers)
    assert xliff.status_code == 200, xliff.text
    for written in (char, f"&#x{ord(char):X};"):  # as the character, or as XML writes any character
        data = xliff.content.replace(b"We commit.", f"We commit{written}.".encode())
        answer = client.post(
            f"{P}/translations/en/import?version=1&filename=en.xlf",
            content=data,
            headers={**headers, "content-type": "application/xliff+xml"},
        )
        # U+FFFE and U+FFFF are not XML: the parser refuses the file at its line. The others are, and
        # the XLIFF reader passes them on: the store refuses them (the reader should name the line).
        assert answer.status_code == 422, answer.text
        assert code(char) in answer.json()["error"] or answer.json()["error"].startswith("en.xlf:"), answer.text
    edition = f"1. We commit{char}. {{#op_1}}\n"
    refused(
        client.post(
            f"{P}/translations/en/import?version=1&filename=en.md",
            content=edition.encode(),
            headers={**headers, "content-type": "text/markdown"},
        ),
        char,
        file="en.md",
    )
    assert dump(web_store) == before
    assert not server_errors.records


@pytest.mark.parametrize("char", UNCARRIED, ids=code)
def test_forms_refuse_the_character_with_the_form_kept(client, web_people, web_store, scene, server_errors, char):
    sign_in(client, web_people.committee.email)
    before = dump(web_store)
    answer = form_post(client, "/p/kutahya/declaration/draft/add", {"kind": "operative", "text": f"Nuevo{char}."})
    assert answer.status_code == 422 and code(char) in answer.text
    answer = form_post(client, "/p/kutahya/declaration/import", {"text": ZERO.replace("Pedimos", f"Pedi{char}mos")})
    assert answer.status_code == 422 and code(char) in answer.text and "declaration.md:6:" in answer.text
    assert dump(web_store) == before
    assert not server_errors.records


def test_a_lone_surrogate_never_reaches_the_store(client, web_people, web_store, scene, server_errors):
    headers = scene["committee"]
    before = dump(web_store)
    # Written as a JSON escape (a lone surrogate has no UTF-8 bytes): the decoder refuses it.
    body = json.dumps({"kind": "operative", "text": "Nuevo\ud800."}).encode()
    answer = client.post(f"{P}/draft/paragraphs", content=body, headers={**headers, "content-type": "application/json"})
    assert answer.status_code == 400
    assert dump(web_store) == before
    # The bytes a surrogate would have in UTF-8, in a form: Litestar reads them as U+FFFD (a character
    # every file carries), so what is stored can always be written out.
    sign_in(client, web_people.committee.email)
    answer = client.post(
        "/p/kutahya/declaration/draft/add",
        content=b"kind=operative&text=Nuevo%ED%A0%80.&_csrf_token=" + client.cookies.get("accord_csrf", "").encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert answer.status_code < 500
    for rows in dump(web_store).values():
        for row in rows:
            for value in row:
                if isinstance(value, str):
                    value.encode("utf-8")  # a lone surrogate would raise
    assert not server_errors.records


# Texts saved before such characters were refused: written straight into the store, as old data is.

S = "kutahya-2021"
DEMO = f"/api/processes/{S}"


def _translation_made_before(store, eid: str, language: str, char: str) -> None:
    """The approved translation of `eid` made from Rev.1's text, now holding `char`."""
    with store.writer.begin() as tx:
        process = tx.scalar(select(Process).where(Process.slug == S))
        version = tx.scalar(select(Version).where(Version.process_id == process.id, Version.label == "Rev.1"))
        source = tx.scalar(
            select(VersionParagraph.revision_sha).where(
                VersionParagraph.version_id == version.id, VersionParagraph.eid == eid
            )
        )
        row = tx.scalar(
            select(Translation).where(
                Translation.process_id == process.id,
                Translation.eid == eid,
                Translation.language == language,
                Translation.source_sha == source,
            )
        )
        text = row.text.text + char
        tx.merge(ParagraphRevision(sha=revision_id(text), text=text))
        row.text_sha = revision_id(text)


def _publication_made_before(store, language: str, eid: str, char: str) -> None:
    """A corrigendum of publication 1, published before the gate checked the texts: `eid` holds `char`."""
    with store.writer.begin() as tx:
        first = tx.scalar(select(Publication).where(Publication.number == 1))
        model = copy.deepcopy(first.model)
        edition = next(e for e in model["editions"] if e["language"] == language)
        paragraph = next(p for p in edition["paragraphs"] if p["eid"] == eid)
        paragraph["text"] += char
        tx.add(
            Publication(
                process_id=first.process_id,
                number=2,
                version_id=first.version_id,
                symbol=first.symbol + "/Corr.1",
                place=first.place,
                day=first.day,
                corrigendum_of_id=first.id,
                corrects="op_3",
                model=model,
            )
        )


def _source_made_before(store, eid: str, char: str) -> None:
    """The working draft's `eid` holding `char`, as an edit made before could leave it."""
    with store.writer.begin() as tx:
        process = tx.scalar(select(Process).where(Process.slug == S))
        row = tx.scalar(
            select(DraftParagraph).where(DraftParagraph.process_id == process.id, DraftParagraph.eid == eid)
        )
        text = row.revision.text + char
        tx.merge(ParagraphRevision(sha=revision_id(text), text=text))
        row.revision_sha = revision_id(text)


@pytest.mark.parametrize("char", ["\ufffe", "\ufdd0"], ids=code)
def test_old_texts_no_file_can_carry_block_the_gate_and_no_file_answers_500(
    client, web_store, web_people, server_errors, char
):
    settled_kutahya(web_store)
    admin = token_headers(client, web_people.admin.email)
    assert client.get(f"{DEMO}/gate", params={"version": "Rev.1"}, headers=admin).json()["clear"]
    assert (
        client.post(
            f"{DEMO}/publications", json={"version": "Rev.1", "symbol": "UCLG/KUT/2021/DECL"}, headers=admin
        ).status_code
        == 201
    )
    _translation_made_before(web_store, "op_3", "fr", char)
    _publication_made_before(web_store, "fr", "op_3", char)

    # The gate checks the texts again: one blocker, for the translation that holds the character.
    gate = client.get(f"{DEMO}/gate", params={"version": "Rev.1"}, headers=admin).json()
    assert [(b["kind"], b["eid"], b["language"]) for b in gate["blockers"]] == [("character", "op_3", "fr")]
    assert code(char) in gate["blockers"][0]["message"] and gate["blockers"][0]["fix"].endswith("#op_3")
    refused = client.post(
        f"{DEMO}/publications",
        json={"version": "Rev.1", "symbol": "UCLG/KUT/2021/DECL/Corr.2", "corrigendum_of": 1, "corrects": "op_3"},
        headers=admin,
    )
    assert refused.status_code == 409 and [b["kind"] for b in refused.json()["detail"]["blockers"]] == ["character"]

    # A source text too: a version circulated from a draft holding one.
    _source_made_before(web_store, "op_5", char)
    assert client.post(f"{DEMO}/versions", json={"label": "Rev.2"}, headers=admin).status_code == 201
    gate = client.get(f"{DEMO}/gate", params={"version": "Rev.2"}, headers=admin).json()
    found = {(b["eid"], b["language"]): b["fix"] for b in gate["blockers"] if b["kind"] == "character"}
    assert set(found) == {("op_3", "fr"), ("op_5", None)}  # the translation of op_3 is still Rev.2's
    assert found["op_5", None] == f"/p/{S}/declaration/draft?at=op_5#op_5"
    assert (
        found["op_3", "fr"] == f"/p/{S}/translations/fr?version=3&at=op_3#op_3"
    )  # fixed where the translation is (Rev.2 is number 3)

    # The files that cannot carry it refuse with a reason; the others are made; nothing answers 500.
    for name, status in (
        (f"{S}.fr.docx", 409),
        (f"{S}.es-en-fr.docx", 409),
        (f"{S}.fr.xml", 409),
        (f"{S}.es.xml", 200),
        (f"{S}.fr.pdf", 409),
        (f"{S}.es.pdf", 200),
        (f"{S}.fr.html", 200),
        (f"{S}.es-en-fr.json", 200),
    ):
        answer = client.get(f"{DEMO}/publications/2/{name}")
        assert answer.status_code == status, (name, answer.text)
        if status == 409:
            assert code(char) in answer.json()["error"] and "op_3" in answer.json()["error"]
    assert client.get(f"{DEMO}/publications/1/{S}.fr.docx").status_code == 200
    # Nor does a translator's XLIFF file: refused naming the paragraph, the other language still made.
    xliff = client.get(f"{DEMO}/translations/fr.xlf", params={"version": "Rev.2"}, headers=admin)
    assert xliff.status_code == 409 and "op_3" in xliff.json()["error"]
    assert client.get(f"{DEMO}/translations/en.xlf", params={"version": "Rev.1"}, headers=admin).status_code == 200
    compilation = client.get(f"{DEMO}/compilation.docx", params={"version": "Rev.2"}, headers=admin)
    assert compilation.status_code == 409 and code(char) in compilation.json()["error"]
    assert not server_errors.records
