"""The declaration on both backends: draft edits and their conflicts, versions, compare, history, coverage."""

from __future__ import annotations

import pytest

from tests.backends import BACKENDS_DIFFER
from tests.conftest import SESSION, restored
from tests.integration.support import dump
from workspace.domain.consultations.consultation_commands import RecommendationFields
from workspace.domain.declaration.declaration_commands import (
    AddParagraph,
    Circulate,
    DeleteParagraph,
    EditParagraph,
    ImportVersion,
    MoveParagraph,
)
from workspace.domain.diffing import Op, Piece
from workspace.domain.errors import Conflict, Forbidden, ImportFailed, InvalidInput, NotFound
from workspace.services import consultations
from workspace.services.declaration import coverage, draft, versions
from workspace.services.declaration import importing as version_import

pytestmark = BACKENDS_DIFFER  # version labels matched with lower()

ZERO = """---
label: "Borrador cero"
date: "2021-09-06"
note: "Primer borrador."
---
# Preámbulo

Reconociendo que las ciudades intermedias son polos de intermediación.

1. Nos comprometemos a fortalecer la gobernanza multinivel.
2. Pedimos a los gobiernos nacionales apoyar la financiación local.
3. Promoveremos los vínculos urbano-rurales.
"""

REV1 = """# Preámbulo

Reconociendo que las ciudades intermedias son polos de intermediación del desarrollo.

1. Promoveremos los vínculos urbano-rurales.
2. Nos comprometemos a fortalecer la gobernanza multinivel.
3. Una propuesta completamente distinta.
"""


@pytest.fixture
def zero(store, people):
    return restored(
        store,
        "zero",
        lambda s: version_import.import_version(
            s, people.committee, "kutahya", ImportVersion(filename="zero.md", text=ZERO)
        ),
    )


def paragraph(store, people, eid):
    return next(p for p in draft.get_draft(store, people.committee, "kutahya").paragraphs if p.eid == eid)


def test_the_first_import_creates_the_first_version_with_fresh_eids(store, people, zero):
    assert zero.saved and zero.version == 1 and zero.label == "Borrador cero"
    assert [(m.eid, m.how) for m in zero.matches] == [
        ("hdg_1", "new"),
        ("pre_1", "new"),
        ("op_1", "new"),
        ("op_2", "new"),
        ("op_3", "new"),
    ]
    listed = versions.list_versions(store, people.observer, "kutahya")
    assert [(v.number, v.label, v.circulated_on, v.paragraphs) for v in listed] == [
        (1, "Borrador cero", "2021-09-06", 5)
    ]
    numbers = [p.number for p in versions.get_version(store, people.member, "kutahya", "1").paragraphs]
    assert numbers == [None, None, 1, 2, 3]


def test_a_new_revision_follows_its_paragraphs_and_the_compare_says_what_changed(store, people, zero):
    preview = version_import.import_version(
        store, people.committee, "kutahya", ImportVersion(filename="rev1.md", text=REV1, label="Rev.1", preview=True)
    )
    assert not preview.saved and len(versions.list_versions(store, people.committee, "kutahya")) == 1
    result = version_import.import_version(
        store, people.committee, "kutahya", ImportVersion(filename="rev1.md", text=REV1, label="Rev.1")
    )
    assert [(m.eid, m.how) for m in result.matches] == [
        ("hdg_1", "identical"),
        ("pre_1", "similar"),
        ("op_3", "identical"),
        ("op_1", "identical"),
        ("op_4", "new"),
    ]
    compared = versions.compare_texts(store, people.member, "kutahya", "Borrador cero", "2")
    changes = {c.eid: c for c in compared.changes}
    assert compared.counts == {"added": 1, "deleted": 1, "moved": 1, "modified": 1, "unchanged": 2}
    assert changes["op_2"].change == "deleted" and changes["op_4"].change == "added"
    assert changes["op_3"].change == "moved" and (changes["op_3"].old_number, changes["op_3"].new_number) == (3, 1)
    assert changes["pre_1"].ops == [
        Piece(Op.EQUAL, "Reconociendo que las ciudades intermedias son polos de intermediación"),
        Piece(Op.INSERT, " del desarrollo"),
        Piece(Op.EQUAL, "."),
    ]
    assert [c.eid for c in compared.changes] == ["hdg_1", "pre_1", "op_3", "op_1", "op_2", "op_4"]


def test_a_stale_edit_is_a_conflict_with_the_current_text_and_nothing_is_overwritten(store, people, zero):
    seen = paragraph(store, people, "op_1")
    draft.edit_paragraph(
        store,
        people.committee,
        "kutahya",
        "op_1",
        EditParagraph(text=seen.text + " Y la cooperación.", base_revision=seen.revision),
    )
    before = dump(store)
    with pytest.raises(Conflict) as caught:
        draft.edit_paragraph(
            store,
            people.committee,
            "kutahya",
            "op_1",
            EditParagraph(text="Otra redacción.", base_revision=seen.revision),
        )
    assert dump(store) == before
    detail = caught.value.detail
    assert detail["current_text"] == seen.text + " Y la cooperación."
    assert detail["base_text"] == seen.text
    assert detail["diff"] == [Piece(Op.EQUAL, seen.text), Piece(Op.INSERT, " Y la cooperación.")]


def test_two_people_editing_different_paragraphs_never_conflict(store, people, zero):
    a, b = paragraph(store, people, "op_1"), paragraph(store, people, "op_2")
    draft.edit_paragraph(
        store, people.committee, "kutahya", "op_1", EditParagraph(text=a.text + " A.", base_revision=a.revision)
    )
    draft.edit_paragraph(
        store, people.committee, "kutahya", "op_2", EditParagraph(text=b.text + " B.", base_revision=b.revision)
    )
    texts = {p.eid: p.text for p in draft.get_draft(store, people.committee, "kutahya").paragraphs}
    assert texts["op_1"].endswith(" A.") and texts["op_2"].endswith(" B.")


def test_eids_stay_when_paragraphs_move_and_are_never_given_again(store, people, zero):
    draft.move_paragraph(store, people.committee, "kutahya", "op_3", MoveParagraph(after="pre_1"))
    doc = draft.get_draft(store, people.committee, "kutahya").paragraphs
    assert [(p.eid, p.number) for p in doc if p.kind == "operative"] == [("op_3", 1), ("op_1", 2), ("op_2", 3)]
    gone = paragraph(store, people, "op_2")
    draft.delete_paragraph(store, people.committee, "kutahya", "op_2", DeleteParagraph(base_revision=gone.revision))
    added = draft.add_paragraph(
        store, people.committee, "kutahya", AddParagraph(kind="operative", text="Nuevo.", after="op_1")
    )
    assert added.eid == "op_4" and added.number == 3


def test_circulating_freezes_the_draft_and_versions_never_change(store, people, zero):
    p = paragraph(store, people, "op_1")
    draft.edit_paragraph(
        store, people.committee, "kutahya", "op_1", EditParagraph(text="Texto nuevo.", base_revision=p.revision)
    )
    rev1 = draft.circulate(store, people.committee, "kutahya", Circulate(label="Rev.1", note="Tras los comentarios."))
    assert rev1.number == 2
    old = versions.get_version(store, people.observer, "kutahya", "Borrador cero")
    assert next(x.text for x in old.paragraphs if x.eid == "op_1") == p.text
    with pytest.raises(Conflict):
        versions.edit_version(store, people.committee, "kutahya", "1")
    with pytest.raises(Conflict):
        draft.circulate(store, people.committee, "kutahya", Circulate(label="rev.1"))


def test_circulating_an_empty_draft_is_refused(store, people):
    with pytest.raises(InvalidInput):
        draft.circulate(store, people.committee, "kutahya", Circulate(label="Borrador cero"))


def test_only_the_committee_touches_the_draft_and_nothing_is_written_when_refused(store, people, zero):
    p = paragraph(store, people, "op_1")
    before = dump(store)
    for someone in (people.member, people.translator, people.observer):
        with pytest.raises(Forbidden):
            draft.get_draft(store, someone, "kutahya")
        with pytest.raises(Forbidden):
            draft.edit_paragraph(store, someone, "kutahya", "op_1", EditParagraph(text="x", base_revision=p.revision))
        with pytest.raises(Forbidden):
            draft.circulate(store, someone, "kutahya", Circulate(label="Rev.9"))
        with pytest.raises(Forbidden):
            version_import.import_version(
                store, someone, "kutahya", ImportVersion(filename="r.md", text=REV1, label="Rev.9")
            )
        with pytest.raises(Forbidden):
            versions.compare_texts(store, someone, "kutahya", "1", "draft")
    with pytest.raises(NotFound):
        versions.list_versions(store, people.outsider, "kutahya")
    assert dump(store) == before


def test_unknown_eids_versions_and_languages_are_refused(store, people, zero):
    with pytest.raises(NotFound):
        draft.edit_paragraph(
            store, people.committee, "kutahya", "op_99", EditParagraph(text="x", base_revision="0" * 64)
        )
    with pytest.raises(NotFound):
        versions.compare_texts(store, people.member, "kutahya", "1", "Rev.7")
    with pytest.raises(InvalidInput):
        version_import.import_version(
            store, people.committee, "kutahya", ImportVersion(filename="r.md", text=REV1, label="Rev.1", language="de")
        )
    with pytest.raises(InvalidInput):
        version_import.import_version(
            store, people.committee, "kutahya", ImportVersion(filename="r.md", text=REV1, label="Rev.1", language="fr")
        )
    before = dump(store)
    with pytest.raises(ImportFailed) as caught:
        version_import.import_version(
            store,
            people.committee,
            "kutahya",
            ImportVersion(filename="bad.md", text="Uno {#op_1}\n\nDos {#op_1}\n", label="Rev.1"),
        )
    assert caught.value.line == 3 and dump(store) == before


def test_history_tells_in_which_versions_a_paragraph_changed_by_whom_and_why(store, people, zero):
    version_import.import_version(
        store, people.committee, "kutahya", ImportVersion(filename="rev1.md", text=REV1, label="Rev.1")
    )
    history = versions.paragraph_history(store, people.committee, "kutahya", "pre_1")
    assert history.versions == [("Borrador cero", "added"), ("Rev.1", "modified")]
    assert [(e.action, e.cause, e.actor, e.circulated_in) for e in history.entries] == [
        ("created", "import", "Committee", "Borrador cero"),
        ("edited", "import", "Committee", "Rev.1"),
    ]
    # Members see the versions' story, not the committee's desk.
    assert versions.paragraph_history(store, people.member, "kutahya", "pre_1").entries == []


def test_coverage_shows_what_is_taken_up_where_and_what_is_not(store, people, zero):
    session = consultations.create_session(store, people.committee, "kutahya", SESSION)
    taken = consultations.add_recommendation(
        store,
        people.member,
        "kutahya",
        session.ref,
        RecommendationFields(text="Gobernanza multinivel", themes=("gobernanza",)),
    )
    left = consultations.add_recommendation(
        store,
        people.member,
        "kutahya",
        session.ref,
        RecommendationFields(text="Vivienda asequible", themes=("vivienda",)),
    )
    assert coverage.link_recommendation(store, people.committee, "kutahya", taken.ref, "op_1") == ["op_1"]
    with pytest.raises(Forbidden):
        coverage.link_recommendation(store, people.member, "kutahya", left.ref, "op_2")
    with pytest.raises(NotFound):
        coverage.link_recommendation(store, people.committee, "kutahya", left.ref, "op_77")
    view = coverage.coverage(store, people.observer, "kutahya")
    assert (view.total, view.taken_up) == (2, 1)
    assert [(g.key, g.total, g.taken_up) for g in view.by_theme] == [("gobernanza", 1, 1), ("vivienda", 1, 0)]
    assert [i.ref for i in view.not_taken_up] == [left.ref]
    assert view.by_session[0].items[0].paragraphs == [("op_1", 1)]
    assert draft.get_draft(store, people.committee, "kutahya").paragraphs[2].recommendations == [taken.ref]
