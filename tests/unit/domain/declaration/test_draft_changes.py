"""What can happen to the working draft, as values (domain/declaration/draft_changes.py): which changes move the
draft's order revision."""

from __future__ import annotations

import pytest

from workspace.domain.declaration.document import Kind
from workspace.domain.declaration.draft_changes import (
    EDIT,
    Cause,
    CauseKind,
    Insert,
    Place,
    Remove,
    Reorder,
    SetText,
    is_structural,
)


def test_a_text_edit_alone_leaves_the_order_as_it_is():
    assert not is_structural(SetText(eid="op_1", base="r1", text="Nuevo texto."))
    assert not is_structural(SetText(eid="op_1", base="r1", text="Nuevo.", kind=Kind.PREAMBULAR))


@pytest.mark.parametrize(
    "change",
    [
        SetText(eid="op_1", base="r1", text="Un ítem.", depth=1),
        SetText(eid="op_1", base="r1", text="Un ítem.", marker="a)"),
        Insert(kind=Kind.OPERATIVE, text="Otro.", after="op_1"),
        Remove(eid="op_2", base="r2"),
        Place(eid="op_2", after=None),
        Reorder(eids=("op_2", "op_1")),
    ],
)
def test_a_change_of_the_lists_or_of_the_order_is_structural(change):
    assert is_structural(change)


def test_a_cause_says_why_the_draft_changed():
    assert Cause(CauseKind.EDIT, "") == EDIT and Cause(CauseKind.AMENDMENT, "A7").ref == "A7"
    assert [kind.value for kind in CauseKind] == [
        "edit",
        "import",
        "amendment",
        "translation",
        "restore",
        "meeting",
        "together",
    ]
