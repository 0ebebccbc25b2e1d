"""A renumbered text circulates as a new version with its crosswalk (issue 67, item 6), on both backends: the
committee's "Renumber now" (or `accord renumber`) then "Circulate", or "Circulate" with its box to number cleanly,
make a new version even when not a word changed; a draft that would print exactly what the latest version printed
is still refused, and writes nothing."""

from __future__ import annotations

import pytest

from tests.demo_data import kutahya
from tests.integration.support import dump
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate, DeleteParagraph
from workspace.domain.errors import Conflict
from workspace.services.actor import SYSTEM
from workspace.services.declaration import draft, references, versions

S = "kutahya-2021"
NBSP = "\u00a0"


def _plain(ref: str | None) -> str | None:
    return ref.replace(NBSP, " ") if ref is not None else None


@pytest.fixture
def held_still(store):
    """The demo with Rev.2 circulated with its numbers held still: a paragraph after OP 1 (OP 1 bis), op_2
    deleted (OP 3 [deleted]); the working draft reads as Rev.2, word for word. The new paragraph's eId."""
    kutahya(store)
    added = draft.add_paragraph(store, SYSTEM, S, AddParagraph(kind="operative", text="Nuevo párrafo.", after="op_1"))
    revision = next(p.revision for p in draft.get_draft(store, SYSTEM, S).paragraphs if p.eid == "op_2")
    draft.delete_paragraph(store, SYSTEM, S, "op_2", DeleteParagraph(base_revision=revision))
    draft.circulate(store, SYSTEM, S, Circulate(label="Rev.2", date="2021-10-09"))
    return added.eid


def _crosswalk(store, label):
    view = references.version_crosswalk(store, SYSTEM, S, label)
    return view, {row.eid: (_plain(row.old), _plain(row.new)) for row in view.rows}


def test_renumber_now_then_circulate_makes_a_new_version_with_its_crosswalk(store, held_still):
    with pytest.raises(Conflict):  # before renumbering: the same text, the same numbers
        draft.circulate(store, SYSTEM, S, Circulate(label="Rev.3"))
    references.renumber_draft(store, SYSTEM, S)

    made = draft.circulate(store, SYSTEM, S, Circulate(label="Rev.3", date="2021-10-10"))

    assert made.label == "Rev.3" and made.number == versions.list_versions(store, SYSTEM, S)[-1].number
    view, rows = _crosswalk(store, "Rev.3")
    assert view.previous == "Rev.2" and view.renumbered  # "Numbered cleanly at this circulation"
    assert rows[held_still] == ("OP 1 bis", "OP 2")
    assert rows["op_2"] == ("OP 3 [deleted]", None)  # Kütahya's op_2 prints as OP 3 (op_8 stands before it)
    assert rows["op_1"] == ("OP 1", "OP 1") and rows["op_3"] == ("OP 4", "OP 4")  # the one inserted, the one gone
    shown = {p.eid: _plain(p.ref) for p in versions.get_version(store, SYSTEM, S, "Rev.3").paragraphs}
    assert shown[held_still] == "OP 2"
    # The draft holds to the new version's numbers: nothing new to circulate again.
    assert {p.eid: _plain(p.ref) for p in draft.get_draft(store, SYSTEM, S).paragraphs}[held_still] == "OP 2"
    with pytest.raises(Conflict):
        draft.circulate(store, SYSTEM, S, Circulate(label="Rev.4"))


def test_circulating_with_its_box_to_number_cleanly_makes_a_new_version_too(store, held_still):
    made = draft.circulate(store, SYSTEM, S, Circulate(label="Rev.3", renumber=True))

    view, rows = _crosswalk(store, str(made.number))
    assert view.renumbered and rows[held_still] == ("OP 1 bis", "OP 2") and rows["op_2"] == ("OP 3 [deleted]", None)


def test_a_clean_text_renumbered_again_has_nothing_new_and_writes_nothing(store, held_still):
    references.renumber_draft(store, SYSTEM, S)
    draft.circulate(store, SYSTEM, S, Circulate(label="Rev.3"))
    references.renumber_draft(store, SYSTEM, S)  # clean already: nothing moves
    before = dump(store)

    for renumber in (False, True):
        with pytest.raises(Conflict) as refused:
            draft.circulate(store, SYSTEM, S, Circulate(label="Rev.4", renumber=renumber))
        assert refused.value.message.endswith("there is nothing new to circulate.")
    assert dump(store) == before
