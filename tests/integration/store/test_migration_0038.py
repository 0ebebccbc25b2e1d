"""Migration 0038 on a database with work in it: the texts that earlier removals of deleted processes left behind,
named by no row, are removed once; every text a row names stays, and the draft reads as before. On both backends."""

from __future__ import annotations

from sqlalchemy import text

from tests.conftest import make_people
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate, EditParagraph
from workspace.domain.declaration.document import revision_id
from workspace.services.declaration import draft
from workspace.store import migrate
from workspace.store.db import make_engine, make_store

P = "kutahya"
KEPT = ["Reconociendo el papel de las ciudades intermedias.", "Nos comprometemos a trabajar juntos."]
LEFT = ["Un párrafo de una declaración borrada antes.", "Otro párrafo que nadie nombra."]


def texts(url: str) -> set[str]:
    engine = make_engine(url)
    with engine.connect() as conn:
        found = set(conn.scalars(text("select text from paragraph_revisions")))
    engine.dispose()
    return found


def test_the_texts_nothing_names_are_removed_and_the_named_ones_stay(empty_url):
    # The work is done by today's code, at head, and the database then taken down to 0037 (today's code writes the
    # columns of later migrations).
    migrate.upgrade(empty_url)
    store = make_store(empty_url)
    people = make_people(store)
    eids = [draft.add_paragraph(store, people.committee, P, AddParagraph(kind="operative", text=w)).eid for w in KEPT]
    draft.circulate(store, people.committee, P, Circulate(label="Borrador cero"))
    edited = EditParagraph(base_revision=revision_id(KEPT[0]), text=KEPT[0].replace("papel", "lugar"))
    draft.edit_paragraph(store, people.committee, P, eids[0], edited)  # its history names the text before the edit
    store.dispose()
    migrate.downgrade(empty_url, "0037")
    engine = make_engine(empty_url)
    with engine.begin() as conn:  # as a removal before 0038 left them
        for words in LEFT:
            conn.execute(
                text("insert into paragraph_revisions (sha, text) values (:sha, :text)"),
                {"sha": revision_id(words), "text": words},
            )
    engine.dispose()
    before = texts(empty_url)
    assert set(LEFT) <= before and set(KEPT) <= before

    migrate.upgrade(empty_url)

    assert texts(empty_url) == before - set(LEFT)
    store = make_store(empty_url)
    assert sorted(p.text for p in draft.get_draft(store, people.committee, P).paragraphs) == sorted(
        [KEPT[0].replace("papel", "lugar"), KEPT[1]]
    )
    store.dispose()
    migrate.downgrade(empty_url, "0037")
    migrate.upgrade(empty_url)
    migrate.check(empty_url)
