"""Paragraphs named by their printed references in the audit trail and in refusals (issue 67, item 5): the
administrators' trail and the process's activity say "OP 14", not "paragraph:op_20"; a paragraph the text no longer
has is named as it was last printed ("OP 3 [deleted]" while the numbers hold still, "OP 3 (Rev.1)" once renumbered),
one no version ever held by its first words; refusals about it too. Never its eId."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from tests.demo_data import kutahya
from tests.web.conftest import sign_in
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate, DeleteParagraph, EditParagraph
from workspace.domain.errors import Conflict
from workspace.services.actor import SYSTEM
from workspace.services.declaration import draft, references

S = "kutahya-2021"
NBSP = "\u00a0"
EID = re.compile(r"\b(?:op|pre|hdg)_\d+\b")


def text_of(response) -> str:
    """What a reader reads of a page (ordinary spaces for the references' no-break ones)."""
    return BeautifulSoup(response.text, "html.parser").get_text(" ", strip=True).replace(NBSP, " ")


def lines(trail) -> list[str]:
    """What each line of the audit trail says was done, to what."""
    rows = BeautifulSoup(trail.text, "html.parser").select("tbody tr")
    return [row.select("td")[3].get_text(" ", strip=True).replace(NBSP, " ") for row in rows]


def _revision(store, eid: str) -> str:
    return next(p.revision for p in draft.get_draft(store, SYSTEM, S).paragraphs if p.eid == eid)


@pytest.fixture
def negotiated(web_store, web_people):
    """The demo's draft: OP 14 edited, a paragraph inserted after it (OP 14 bis), op_2 deleted (it printed OP 3: op_8
    stands before it), a paragraph added and deleted before any circulation. OP 14's eId and the inserted one's."""
    kutahya(web_store)
    fourteen = next(p for p in draft.get_draft(web_store, SYSTEM, S).paragraphs if p.ref == f"OP{NBSP}14")
    draft.edit_paragraph(
        web_store, SYSTEM, S, fourteen.eid, EditParagraph(base_revision=fourteen.revision, text="Nuevo texto.")
    )
    bis = draft.add_paragraph(web_store, SYSTEM, S, AddParagraph(kind="operative", text="Otro.", after=fourteen.eid))
    draft.delete_paragraph(web_store, SYSTEM, S, "op_2", DeleteParagraph(base_revision=_revision(web_store, "op_2")))
    brief = draft.add_paragraph(web_store, SYSTEM, S, AddParagraph(kind="operative", text="Texto efímero de prueba."))
    draft.delete_paragraph(web_store, SYSTEM, S, brief.eid, DeleteParagraph(base_revision=brief.revision))
    return fourteen.eid, bis.eid


def test_the_audit_trail_and_the_activity_name_paragraphs_as_printed(client, web_store, web_people, negotiated):
    fourteen, bis = negotiated
    sign_in(client, web_people.admin.email)
    trail = client.get("/admin/audit", params={"process": S})
    assert trail.status_code == 200
    read = text_of(trail)
    assert "paragraph:" not in read and not EID.findall(read)
    assert lines(trail)[:5] == [
        "deleted a paragraph “Texto efímero de prueba.”",  # never circulated: by its words
        "added a paragraph “Texto efímero de prueba.”",
        "deleted a paragraph OP 3 [deleted]",
        "added a paragraph OP 14 bis",
        "edited a paragraph OP 14",
    ]
    links = BeautifulSoup(trail.text, "html.parser").select("td a[href*='/declaration/paragraphs/']")
    assert [a["href"].rsplit("/", 1)[1] for a in links][3:5] == [bis, fourteen]  # the address keeps the eId

    activity = text_of(client.get(f"/p/{S}/activity"))
    assert "OP 14 bis" in activity and "OP 3 [deleted]" in activity and not EID.findall(activity)

    # Renumbered and circulated: op_2's number is now another paragraph's; it is named as Rev.1 printed it.
    references.renumber_draft(web_store, SYSTEM, S)
    draft.circulate(web_store, SYSTEM, S, Circulate(label="Rev.2"))
    trail = client.get("/admin/audit", params={"process": S})
    assert "deleted a paragraph OP 3 (Rev.1)" in lines(trail) and not EID.findall(text_of(trail))


def test_refusals_about_a_paragraph_that_is_gone_name_it_as_printed(client, web_store, web_people, negotiated):
    gone = draft.get_draft(web_store, SYSTEM, S)  # op_2 is not in it
    assert all(p.eid != "op_2" for p in gone.paragraphs)
    with pytest.raises(Conflict) as refused:  # a stale delete of what someone deleted meanwhile
        draft.delete_paragraph(web_store, SYSTEM, S, "op_2", DeleteParagraph(base_revision="0" * 64))
    assert refused.value.params["eid"] == f"OP{NBSP}3{NBSP}[deleted]"

    sign_in(client, web_people.admin.email)
    missing = client.get(f"/p/{S}/declaration/draft/op_2")
    assert missing.status_code == 404
    assert "No paragraph “OP 3 [deleted]” in the working draft." in text_of(missing)

    references.renumber_draft(web_store, SYSTEM, S)
    version = draft.circulate(web_store, SYSTEM, S, Circulate(label="Rev.2"))
    elsewhere = client.get(f"/p/{S}/discuss/op_2", params={"version": str(version.number)})
    assert elsewhere.status_code == 404
    assert "No paragraph “OP 3 (Rev.1)” in Rev.2." in text_of(elsewhere)
    assert not EID.findall(text_of(elsewhere).replace(f"/p/{S}", ""))
