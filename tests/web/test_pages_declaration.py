"""The declaration pages, parsed: what each role sees, edits through forms, stale edits kept."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.integration.support import QUICK_HASHER
from tests.web.conftest import form_post, sign_in
from workspace.domain.declaration_commands import ImportVersion
from workspace.services import accounts
from workspace.services.declaration import importing as version_import

ZERO = """---
label: "Borrador cero"
---
# Preámbulo

Reconociendo que las ciudades intermedias son polos de intermediación.

1. Nos comprometemos a fortalecer la gobernanza multinivel.
2. Pedimos apoyo a la financiación local.
"""
D = "/p/kutahya/declaration"


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch):
    monkeypatch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)


@pytest.fixture
def zero(web_store, web_people):
    return version_import.import_version(web_store, web_people.committee, "kutahya", ImportVersion.build("zero.md", ZERO))


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def test_members_read_the_circulated_text_but_not_the_working_draft(client, web_people, zero):
    sign_in(client, web_people.member.email)
    page = soup(client.get(D))
    assert page.h1.get_text(strip=True) == "Borrador cero"
    numbers = [n.get_text(strip=True) for n in page.select(".declaration .para-number")]
    assert numbers == ["1.", "2."]
    nav = [a["href"] for a in page.select("nav.subnav a")]
    assert f"{D}/draft" not in nav and f"{D}/import" not in nav
    assert client.get(f"{D}/draft").status_code == 403


def test_the_committee_edits_a_paragraph_and_circulates(client, web_people, zero):
    sign_in(client, web_people.committee.email)
    page = soup(client.get(f"{D}/draft"))
    assert page.select("form[action$='/edit']") == []  # the draft page carries no form per paragraph
    assert page.select_one("li#op_2 a[href$='/declaration/draft/op_2']") is not None
    form = soup(client.get(f"{D}/draft/op_2")).select_one("form[action$='/op_2/edit']")
    base = form.select_one("input[name=base_revision]")["value"]
    saved = form_post(client, f"{D}/draft/op_2/edit", {"text": "Pedimos un apoyo firme a la financiación local.", "base_revision": base, "kind": "operative"})
    assert saved.status_code == 303 and saved.headers["location"].endswith("#op_2")
    circulated = form_post(client, f"{D}/draft/circulate", {"label": "Rev.1", "date": "2021-09-27", "note": ""})
    assert circulated.status_code == 303 and circulated.headers["location"] == f"{D}/versions/2"
    compare = soup(client.get(f"{D}/compare", params={"old": "1", "new": "2"}))
    changed = compare.select("section.change")
    assert [s["id"] for s in changed] == ["op_2"]
    assert [i.get_text() for i in changed[0].select("ins")] == ["un ", "firme "]
    assert changed[0].select("del") == []


def test_a_stale_edit_is_refused_with_the_typed_text_kept_and_the_change_shown(client, web_people, web_store, zero):
    sign_in(client, web_people.committee.email)
    base = soup(client.get(f"{D}/draft/op_1")).select_one("form[action$='/op_1/edit'] input[name=base_revision]")["value"]
    assert form_post(client, f"{D}/draft/op_1/edit", {"text": "Texto de otra persona.", "base_revision": base, "kind": "operative"}).status_code == 303
    response = form_post(client, f"{D}/draft/op_1/edit", {"text": "Mi texto cuidadosamente escrito.", "base_revision": base, "kind": "operative"})
    assert response.status_code == 409
    page = soup(response)
    box = page.select_one("#conflict")
    assert box is not None and box.select("ins")
    assert "Committee" in box.get_text()  # who changed it
    assert page.select_one("#edit-form textarea[name=text]").get_text() == "Mi texto cuidadosamente escrito."
    current = soup(client.get(f"{D}/draft/op_1")).select_one("#edit-form input[name=base_revision]")["value"]
    assert page.select_one("#edit-form input[name=base_revision]")["value"] == current != base


def test_unknown_versions_and_paragraphs_are_404_pages(client, web_people, zero):
    sign_in(client, web_people.observer.email)
    for path in (f"{D}/versions/Rev.7", f"{D}/paragraphs/op_42"):
        response = client.get(path)
        assert response.status_code == 404 and soup(response).h1 is not None
