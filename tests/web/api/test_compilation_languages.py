"""The voting material in each language and side by side (issue 34), through the API: the compilation (JSON and
Word) and the disposition table (JSON and CSV) asked for in a language of the process, or in several at once.

The text is the zero draft of tests/web/api/test_api_amendments.py, its two operative paragraphs translated into English
and French (the heading and the preambular paragraph not: shown in Spanish, said so). A1 is proposed on the French
edition and rendered into Spanish and English; A2 is proposed in Spanish and rendered into English only; A3 is proposed
in Spanish on the preambular paragraph, which no other edition has yet: rendered nowhere."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from tests import needs
from tests.web.api.test_api_amendments import P, tokens, zero  # noqa: F401 - fixtures
from tests.web.conftest import sign_in

TEXTS = {
    "op_1": {
        "en": "We commit to strengthening multilevel governance.",
        "fr": "Nous nous engageons à renforcer la gouvernance multiniveau.",
    },
    "op_2": {
        "en": "We call on national governments to support local finance.",
        "fr": "Nous demandons aux gouvernements nationaux de soutenir le financement local.",
    },
}
A1_FR = "Nous demandons aux gouvernements nationaux de soutenir fermement le financement local."
A1_ES = "Pedimos a los gobiernos nacionales apoyar con firmeza la financiación local."
A1_EN = "We call on national governments to support local finance firmly."
A2_ES = "Nos comprometemos a fortalecer decididamente la gobernanza multinivel."
A2_EN = "We commit to resolutely strengthening multilevel governance."
A3_ES = "Reconociendo que las ciudades intermedias son polos esenciales de intermediación."


def put_translations(client, headers) -> None:
    for lang in ("en", "fr"):
        rows = {r["eid"]: r for r in client.get(f"{P}/translations/{lang}", headers=headers).json()}
        for eid, texts in TEXTS.items():
            saved = client.put(
                f"{P}/translations/{lang}/{eid}",
                json={"text": texts[lang], "source_revision": rows[eid]["source_revision"], "state": "translated"},
                headers=headers,
            )
            assert saved.status_code == 200, saved.text


def propose(client, headers, **body) -> str:
    made = client.post(f"{P}/amendments", json={"version": "1", "kind": "modify", **body}, headers=headers)
    assert made.status_code == 201, made.text
    return made.json()["label"]


def render(client, headers, label: str, lang: str, text: str) -> None:
    [item] = [
        i for i in client.get(f"{P}/translations/{lang}/amendments", headers=headers).json() if i["label"] == label
    ]
    done = client.put(
        f"{P}/amendments/{label}/renderings/{lang}",
        json={"text": text, "state": "rendered", "base_revision": item["revision"]},
        headers=headers,
    )
    assert done.status_code == 200, done.text


@pytest.fixture
def negotiated(client, tokens, zero):  # noqa: F811 - the fixtures
    committee, member = tokens["committee"], tokens["member"]
    put_translations(client, committee)
    a1 = propose(client, member, eid="op_2", text=A1_FR, lang="fr", rationale="Plus ferme.")
    render(client, committee, a1, "es", A1_ES)
    render(client, tokens["translator"], a1, "en", A1_EN)
    a2 = propose(client, member, eid="op_1", text=A2_ES, rationale="Más decidido.")
    render(client, tokens["translator"], a2, "en", A2_EN)
    a3 = propose(client, member, eid="pre_1", text=A3_ES)
    assert (a1, a2, a3) == ("A1", "A2", "A3")
    return tokens


def revisions(body: bytes) -> list[tuple[str, str]]:
    """The document's tracked changes in order: ("ins" | "del", their words)."""
    xml = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
    found = []
    for tag, words in re.findall(r"<w:(ins|del) [^>]*>(.*?)</w:\1>", xml, flags=re.S):
        found.append((tag, "".join(re.findall(r"<w:(?:t|delText)[^>]*>([^<]*)<", words))))
    return found


def converted(body: bytes, folder: Path, to: str) -> Path:
    """The Word file as LibreOffice converts it (`to`: its filter, "pdf", "txt:…"): the file it wrote."""
    office = needs.program("libreoffice")
    path = folder / "compilation.docx"
    path.write_bytes(body)
    profile = f"-env:UserInstallation=file://{folder}/profile"
    subprocess.run(
        [office, profile, "--headless", "--convert-to", to, "--outdir", str(folder), str(path)],
        check=True,
        timeout=180,
        capture_output=True,
    )
    return path.with_suffix("." + to.split(":")[0])


def body_xml(docx: bytes) -> bytes:
    """What a Word file says (its zip entries carry the second they were written)."""
    return zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")


def inserted(element) -> str:
    """The words a part of the document inserts as tracked changes."""
    return "".join(t.text or "" for change in element.iter(qn("w:ins")) for t in change.iter(qn("w:t")))


def test_the_compilation_in_english_is_the_english_edition_with_each_amendment_rendered_or_noted(
    client,
    negotiated,
):
    answer = client.get(f"{P}/compilation.docx", params={"version": "1", "lang": "en"}, headers=negotiated["observer"])
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-disposition"] == 'attachment; filename="kutahya-borrador-cero-en.docx"'
    text = [p.text for p in Document(io.BytesIO(answer.content)).paragraphs]
    assert text[0] == "Kütahya Declaration · Borrador cero"
    assert text[1] == "Compilation of the open amendments to Borrador cero."  # its own words in English
    assert "1. We commit to strengthening multilevel governance." in text
    assert "2. We call on national governments to support local finance." in text
    # The preambular paragraph has no English yet: its Spanish, said so.
    at = text.index("Reconociendo que las ciudades intermedias son polos de intermediación.")
    assert text[at + 1] == "Not translated into English yet: the text in Spanish."
    # Each amendment by its printed reference in English, its change in English; A3 in Spanish, said so.
    labels = [t for t in text if re.match(r"^A\d · ", t)]
    assert labels[0].startswith("A3 · PP\u00a01 · Member")
    assert labels[0].endswith(" · not rendered into English yet — proposed in Spanish")
    assert labels[1].startswith("A2 · OP\u00a01 · Member") and "not rendered" not in labels[1]
    assert labels[2].startswith("A1 · OP\u00a02 · Member") and "not rendered" not in labels[2]
    changes = revisions(answer.content)
    assert ("ins", "esenciales ") in changes  # A3: its Spanish words
    assert ("ins", "resolutely ") in changes  # A2 as rendered: "resolutely strengthening"
    assert any(tag == "ins" and "firmly" in words for tag, words in changes)  # A1 as rendered
    assert not any("fermement" in words or "firmeza" in words for _, words in changes)
    assert "Más decidido." in text and "Plus ferme." in text  # rationales, as written
    xml = zipfile.ZipFile(io.BytesIO(answer.content)).read("word/document.xml").decode()
    assert 'w:author="Member"' in xml


def test_the_compilation_side_by_side_has_a_column_per_language_in_the_order_asked(client, negotiated, tmp_path):
    answer = client.get(
        f"{P}/compilation.docx", params={"version": "1", "lang": "es-en-fr"}, headers=negotiated["member"]
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-disposition"] == 'attachment; filename="kutahya-borrador-cero-es-en-fr.docx"'
    document = Document(io.BytesIO(answer.content))
    [table] = document.tables
    assert len(table.columns) == 3
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    added = [[inserted(cell._tc) for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Español", "English", "Français"]
    assert len(rows) == 1 + 4 + 3  # the heading row, four paragraphs, three amendments
    op_2 = next(r for r in rows if r[0].startswith("2. "))
    assert op_2 == [
        "2. Pedimos a los gobiernos nacionales apoyar la financiación local.",
        "2. " + TEXTS["op_2"]["en"],
        "2. " + TEXTS["op_2"]["fr"],
    ]
    at = rows.index(op_2) + 1
    a1 = rows[at]
    assert [cell.split(" · Member")[0] for cell in a1] == ["A1 · PD\u00a02", "A1 · OP\u00a02", "A1 · PD\u00a02"]
    assert added[at] == ["con firmeza ", " firmly", "fermement "]  # a tracked change in each language
    assert "Plus ferme." in a1[2] and "Plus ferme." not in a1[0]  # the rationale in the column it was proposed in
    at = next(i for i, r in enumerate(rows) if r[0].startswith("A2 · "))
    assert added[at] == ["decididamente ", "resolutely ", "decididamente "]
    # Its Spanish words, said so in the column's language (the languages named in French).
    assert "français" in rows[at][2].split("\n")[0] and "espagnol" in rows[at][2].split("\n")[0]
    changes = [words for tag, words in revisions(answer.content) if tag == "ins"]
    assert {"fermement ", "decididamente "} <= set(changes)
    # LibreOffice opens it and reads every language's words.
    read = converted(answer.content, tmp_path, "txt:Text (encoded):UTF8").read_text(encoding="utf-8")
    for words in ("apoyar la financiación local", "support local finance", "soutenir", "fermement", "resolutely"):
        assert words in read, words


def test_the_english_compilation_opens_in_libreoffice(client, negotiated, tmp_path):
    answer = client.get(f"{P}/compilation.docx", params={"version": "1", "lang": "en"}, headers=negotiated["member"])
    assert converted(answer.content, tmp_path, "pdf").stat().st_size > 1000


def test_the_json_compilation_in_languages(client, negotiated):
    answer = client.get(f"{P}/compilation", params={"version": "1", "lang": "fr-en"}, headers=negotiated["observer"])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["version"], body["source_language"], body["languages"]) == ("Borrador cero", "es", ["fr", "en"])
    by_eid = {p["eid"]: p for p in body["paragraphs"]}
    assert [(t["lang"], t["translated"], t["ref"]) for t in by_eid["op_2"]["texts"]] == [
        ("fr", True, "PD\u00a02"),
        ("en", True, "OP\u00a02"),
    ]
    assert [t["translated"] for t in by_eid["pre_1"]["texts"]] == [False, False]
    [a1] = by_eid["op_2"]["amendments"]
    assert a1["amendment"]["label"] == "A1" and a1["amendment"]["lang"] == "fr"
    assert [(w["lang"], w["words"], w["state"], w["rebase"]) for w in a1["wordings"]] == [
        ("fr", "fr", "original", "applies"),
        ("en", "en", "rendered", "applies"),
    ]
    [a2] = by_eid["op_1"]["amendments"]
    assert [(w["words"], w["state"]) for w in a2["wordings"]] == [("es", "not_rendered"), ("en", "rendered")]
    assert [1, "decididamente "] in a2["wordings"][0]["ops"]
    # Without `lang`: the compilation as it always was.
    plain = client.get(f"{P}/compilation", params={"version": "1"}, headers=negotiated["observer"]).json()
    assert set(plain) == {"version", "language", "paragraphs"} and plain["language"] == "es"


def test_the_disposition_in_french_has_french_headers_and_wording(client, negotiated):
    answer = client.get(f"{P}/disposition.csv", params={"version": "1", "lang": "fr"}, headers=negotiated["member"])
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-disposition"] == 'attachment; filename="kutahya-disposition-fr.csv"'
    twice = client.get(f"{P}/compilation", params={"version": "1", "lang": "fr-fr"}, headers=negotiated["member"])
    assert twice.json()["languages"] == ["fr"]  # a language named twice is taken once
    rows = list(csv.reader(io.StringIO(answer.text.lstrip("\ufeff"))))
    header = rows[0]
    assert header[:4] == ["Amendement", "Type", "Paragraphe", "Réf."] and "Rédaction" in header
    assert {"Motif", "Décision", "Auteur", "Délégation", "Coauteurs", "Texte résultant"} <= set(header)
    by_label = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by_label["A1"]["Rédaction"] == A1_FR
    assert by_label["A1"]["Réf."] == "PD 2"
    not_rendered = by_label["A2"]["Rédaction"]  # its Spanish words, said so
    assert not_rendered.endswith(A2_ES) and "français" in not_rendered and "espagnol" in not_rendered
    assert by_label["A1"]["Décision"] != "open"  # the decision in words

    side = client.get(f"{P}/disposition.csv", params={"version": "1", "lang": "en-es"}, headers=negotiated["member"])
    lines = list(csv.reader(io.StringIO(side.text.lstrip("\ufeff"))))
    wording = [i for i, name in enumerate(lines[0]) if name.startswith("Wording")]
    assert [lines[0][i] for i in wording] == ["Wording (English)", "Wording (Spanish)"]
    a1 = next(r for r in lines[1:] if r[0] == "A1")
    assert [a1[i] for i in wording] == [A1_EN, A1_ES]

    rows_json = client.get(
        f"{P}/disposition", params={"version": "1", "lang": "fr"}, headers=negotiated["member"]
    ).json()
    a1_json = next(r for r in rows_json if r["label"] == "A1")
    assert a1_json["wordings"] == [
        {
            "lang": "fr",
            "ref": "PD\u00a02",
            "text": A1_FR,
            "words": "fr",
            "state": "original",
            "resulting_text": None,
            "resulting_words": None,
        }
    ]
    plain = client.get(f"{P}/disposition", params={"version": "1"}, headers=negotiated["member"]).json()
    assert all("wordings" not in r for r in plain)


def test_without_a_language_the_files_are_those_of_before(client, negotiated):
    answer = client.get(f"{P}/disposition.csv", params={"version": "1"}, headers=negotiated["member"])
    assert answer.text.lstrip("\ufeff").startswith("amendment,kind,paragraph,reference,proposer,delegation,")
    assert answer.headers["content-disposition"] == 'attachment; filename="kutahya-disposition.csv"'
    docx = client.get(f"{P}/compilation.docx", params={"version": "1"}, headers=negotiated["member"])
    assert docx.headers["content-disposition"] == 'attachment; filename="kutahya-borrador-cero.docx"'
    text = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert text[1] == "Compilación de las enmiendas abiertas a Borrador cero." and not any("yet" in t for t in text)
    unchosen = client.get(f"{P}/compilation.docx", params={"version": "1", "lang": ""}, headers=negotiated["member"])
    assert body_xml(unchosen.content) == body_xml(
        docx.content
    )  # empty, as a form sends an unchosen choice: the default
    assert "language" in client.get(f"{P}/compilation", params={"lang": ""}, headers=negotiated["member"]).json()


@pytest.mark.parametrize("lang", ["de", "es-de", "es--fr"])
def test_a_language_the_process_does_not_have_is_422_naming_it(client, negotiated, lang):
    for path in ("compilation", "compilation.docx", "disposition", "disposition.csv"):
        answer = client.get(f"{P}/{path}", params={"version": "1", "lang": lang}, headers=negotiated["member"])
        assert answer.status_code == 422, (path, answer.text)
        named = "de" if "de" in lang else lang
        assert f"“{named}”" in answer.json()["error"], answer.text


def test_the_committee_s_draft_amendments_are_never_shown_to_others(client, negotiated):
    committee, member = negotiated["committee"], negotiated["member"]
    own = client.post(
        f"{P}/amendments",
        json={
            "version": "draft",
            "eid": "op_2",
            "kind": "modify",
            "text": "Pedimos apoyo firme a la financiación local.",
        },
        headers=committee,
    )
    assert own.status_code == 201, own.text
    assert own.json()["label"] == "D1"
    for lang in ("en", "es-en-fr"):
        shown = client.get(f"{P}/compilation", params={"lang": lang}, headers=member).json()
        assert all(not a["amendment"]["label"].startswith("D") for p in shown["paragraphs"] for a in p["amendments"])
    drafted = client.get(f"{P}/disposition", params={"version": "draft", "lang": "en"}, headers=committee).json()
    assert [r["label"] for r in drafted] == ["D1"]
    refused = client.get(f"{P}/disposition.csv", params={"version": "draft", "lang": "en"}, headers=member)
    assert refused.status_code == 404
    assert client.get(f"{P}/compilation.docx", params={"lang": "en"}).status_code == 401  # nobody signed in


def test_a_foreign_amendment_not_rendered_into_the_source_is_shown_in_its_own_words(client, negotiated, web_people):
    """In the compilation of the source text (its default), an amendment proposed in French and not rendered into
    Spanish yet is its French change, said so: never an empty change under the paragraph."""
    a4 = propose(
        client,
        negotiated["member"],
        eid="op_1",
        text="Nous nous engageons à renforcer résolument la gouvernance multiniveau.",
        lang="fr",
    )
    docx = client.get(f"{P}/compilation.docx", params={"version": "1"}, headers=negotiated["member"])
    document = Document(io.BytesIO(docx.content))
    texts = [p.text for p in document.paragraphs]
    at = next(i for i, t in enumerate(texts) if t.startswith(a4))
    assert "aún sin traducir al español — propuesta en francés" in texts[at], texts[at]
    change = document.paragraphs[at + 1]._p
    assert inserted(change).strip() == "résolument"
    sign_in(client, web_people.member.email)
    page = client.get("/p/kutahya/amendments/compilation", params={"version": "1"}, headers={"Accept-Language": "en"})
    assert page.status_code == 200
    part = page.text[page.text.index(f">{a4}</a>") :]
    part = part[: part.index("</div>")]
    assert "not rendered into Spanish yet — proposed in French" in part and "<ins>résolument" in part, part
