"""The import page with Accord's own Word file of the working draft (issue 67, item 3), through the real app: the
draft downloaded as Word and sent back with one word changed is previewed with nothing added, that paragraph's row
alone marked modified and showing its word diff; "Import and circulate" asks first (the form's data-confirm: what
the import adds, changes and deletes, in the reader's language), and the draft sent back unchanged says it changes
nothing."""

from __future__ import annotations

import io
import zipfile

import pytest
from bs4 import BeautifulSoup

from tests.conftest import restored
from tests.web.conftest import sign_in
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.services.declaration import importing

ZERO = """---
label: "Borrador cero"
---
# Preámbulo

Reconociendo que las ciudades *intermedias* son polos de intermediación.

1. Nos comprometemos a fortalecer la gobernanza multinivel.
2. Pedimos apoyo a la [financiación local](https://www.uclg.org/es).
"""
D = "/p/kutahya/declaration"


@pytest.fixture
def zero(web_store, web_people):
    return restored(
        web_store,
        "zero",
        lambda s: importing.import_version(
            s, web_people.committee, "kutahya", ImportVersion(filename="zero.md", text=ZERO)
        ),
    )


def replaced(docx: bytes, old: str, new: str) -> bytes:
    """The Word file with a word of its text changed, as an editor that tracks nothing saves it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "word/document.xml":
                assert data.count(old.encode()) == 1
                data = data.replace(old.encode(), new.encode())
            target.writestr(entry, data)
    return out.getvalue()


def previewed(client, docx: bytes, language: str = "en") -> BeautifulSoup:
    response = client.post(
        f"{D}/import",
        data={"_csrf_token": client.cookies.get("accord_csrf") or "", "label": "Rev.1"},
        files={"file": ("borrador.docx", docx, "application/octet-stream")},
        headers={"Accept-Language": language},
    )
    assert response.status_code == 200, response.text[:500]
    return BeautifulSoup(response.text, "html.parser")


def test_the_draft_s_word_file_with_one_word_changed_previews_that_row_alone_and_asks_before_circulating(
    client, web_people, zero
):
    sign_in(client, web_people.committee.email)
    word = client.get("/api/processes/kutahya/versions/draft/download", params={"format": "docx", "lang": "es"})
    assert word.status_code == 200
    page = previewed(client, replaced(word.content, "fortalecer", "reforzar"))

    rows = page.select("table.import-matches tbody tr")
    assert [r.select("td")[1].get_text() for r in rows] == ["hdg_1", "pre_1", "op_1", "op_2"]  # nothing added
    marked = [r for r in rows if "change-unchanged" not in r["class"]]
    assert [(r.select("td")[1].get_text(), r["class"][-1]) for r in marked] == [("op_1", "change-modified")]
    assert marked[0].select_one(".match-change").get_text(strip=True) == "Modified"
    diff = marked[0].select_one(".diff")
    assert [d.get_text() for d in diff.select("del")] == ["fortalecer"]
    assert [i.get_text() for i in diff.select("ins")] == ["reforzar"]
    assert page.select_one(".change-counts").get_text(" ", strip=True) == "Modified: 1 Unchanged: 3"

    form = page.select_one("form#import-confirm")
    assert form["data-confirm"] == "Import and circulate Rev.1?"
    assert form["data-confirm-detail"].startswith(
        "The working draft becomes the text of the file: 1 paragraph modified."
    )
    assert "can never change" in form["data-confirm-detail"]
    assert form["data-confirm-button"] == "Import and circulate Rev.1"

    # In Spanish, the same question in the glossary's words; the file sent back unchanged changes nothing.
    page = previewed(client, word.content, "es")
    rows = page.select("table.import-matches tbody tr")
    assert all("change-unchanged" in r["class"] for r in rows) and len(rows) == 4
    form = page.select_one("form#import-confirm")
    assert form["data-confirm"] == "¿Importar y distribuir Rev.1?"
    assert form["data-confirm-detail"].startswith("El borrador de trabajo queda como está")
