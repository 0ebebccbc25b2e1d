"""The draft's forms are the use cases' commands: a refusal the page used to answer as a bare error page is shown
again on the paragraph's page, and a stale delete still shows what changed meanwhile (issue 62)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.conftest import restored
from tests.web.conftest import form_post, sign_in
from workspace.domain.declaration.declaration_commands import AddParagraph, ImportVersion
from workspace.domain.errors import InvalidInput
from workspace.services.declaration import importing
from workspace.web.pages.refusals import decoded

LISTED = """---
label: "Borrador cero"
---
1. Nos comprometemos a fortalecer la gobernanza multinivel.
   - con las ciudades intermedias;
2. Pedimos apoyo a la financiación local.
"""
D = "/p/kutahya/declaration"


@pytest.fixture
def listed(web_store, web_people):
    return restored(
        web_store,
        "listed",
        lambda s: importing.import_version(
            s, web_people.committee, "kutahya", ImportVersion(filename="zero.md", text=LISTED)
        ),
    )


def _base(client, eid: str) -> str:
    page = BeautifulSoup(client.get(f"{D}/draft/{eid}").text, "html.parser")
    return page.select_one(f"form[action$='/{eid}/delete'] input[name=base_revision]")["value"]


def test_deleting_a_paragraph_with_sub_items_is_refused_on_its_page(client, web_people, listed):
    sign_in(client, web_people.committee.email)
    response = form_post(client, f"{D}/draft/op_1/delete", {"base_revision": _base(client, "op_1")})
    assert response.status_code == 422
    page = BeautifulSoup(response.text, "html.parser")
    assert "delete or move them first" in page.get_text()
    assert page.select_one("form[action$='/op_1/edit']") is not None  # the paragraph's page, its forms again


def test_a_stale_delete_shows_the_change_made_meanwhile(client, web_people, listed):
    sign_in(client, web_people.committee.email)
    seen = _base(client, "op_2")
    edit = {"text": "Pedimos otro apoyo.", "base_revision": seen, "kind": "operative"}
    assert form_post(client, f"{D}/draft/op_2/edit", edit).status_code == 303
    response = form_post(client, f"{D}/draft/op_2/delete", {"base_revision": seen})
    assert response.status_code == 409
    box = BeautifulSoup(response.text, "html.parser").select_one("#conflict")
    assert box is not None and "Committee" in box.get_text() and box.select("ins")


@pytest.mark.parametrize("typed", ["\u00b2", "1\u00b9", "x"])
def test_a_depth_typed_as_no_whole_number_is_refused_with_its_reason(typed):
    """A superscript is a digit to str.isdigit and no number to int(): a form's depth is refused like any other word
    (422, not 500)."""
    with pytest.raises(InvalidInput, match="must be a whole number"):
        decoded(AddParagraph, {"kind": "operative", "text": "Texto.", "depth": typed})
