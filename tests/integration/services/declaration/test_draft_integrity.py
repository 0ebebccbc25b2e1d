"""The groundwork's promises on both backends: nothing lost, nothing half-made, nothing silently replaced.

Each test here failed before the write path was rebuilt (see the issue's list of defects).
"""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from tests.conftest import restored
from tests.integration.services.declaration.test_declaration import REV1, ZERO
from tests.integration.support import dump
from workspace.domain.declaration.declaration_commands import (
    AddParagraph,
    Circulate,
    DeleteParagraph,
    EditParagraph,
    ImportVersion,
    RestoreParagraph,
)
from workspace.domain.errors import Conflict, Forbidden, NotFound
from workspace.services import transfer
from workspace.services.declaration import draft, versions
from workspace.services.declaration import importing as version_import
from workspace.store.db import transaction
from workspace.store.models import Paragraph, ParagraphEdit, Process, Version, VersionParagraph

P = "kutahya"


@pytest.fixture
def zero(store, people):
    return restored(
        store,
        "zero",
        lambda s: version_import.import_version(s, people.committee, P, ImportVersion(filename="zero.md", text=ZERO)),
    )


def op(store, people, eid):
    return next(p for p in draft.get_draft(store, people.committee, P).paragraphs if p.eid == eid)


def test_importing_over_uncirculated_edits_lists_them_and_needs_an_explicit_choice(store, people, zero):
    seen = op(store, people, "op_1")
    draft.edit_paragraph(
        store, people.committee, P, "op_1", EditParagraph(base_revision=seen.revision, text="Una edición sin circular.")
    )
    draft.add_paragraph(
        store, people.committee, P, AddParagraph(kind="operative", text="Un añadido sin circular.", after="op_3")
    )

    preview = version_import.import_version(
        store, people.committee, P, ImportVersion(filename="rev1.md", text=REV1, label="Rev.1", preview=True)
    )
    assert [(c.eid, c.change) for c in preview.draft_changes] == [("op_1", "modified"), ("op_4", "added")]
    assert preview.base_draft

    before = dump(store)
    with pytest.raises(Conflict) as refused:
        version_import.import_version(
            store, people.committee, P, ImportVersion(filename="rev1.md", text=REV1, label="Rev.1")
        )
    assert refused.value.detail["draft_changes"] == ["op_1", "op_4"]
    assert dump(store) == before

    result = version_import.import_version(
        store,
        people.committee,
        P,
        ImportVersion(filename="rev1.md", text=REV1, label="Rev.1", replace_draft=True, base_draft=preview.base_draft),
    )
    assert result.saved and result.version == 2

    # The history tells the truth: the replaced edit was never circulated; the import's own edit was.
    history = versions.paragraph_history(store, people.committee, P, "op_1")
    by_cause = [(e.cause, e.new_text, e.circulated_in) for e in history.entries]
    assert ("edit", "Una edición sin circular.", None) in by_cause
    assert by_cause[-1][0] == "import" and by_cause[-1][2] == "Rev.1"
    assert history.entries[-1].cause_ref == "rev1.md"
    added = versions.paragraph_history(store, people.committee, P, "op_4")
    assert [(e.action, e.circulated_in) for e in added.entries] == [("created", None), ("deleted", "Rev.1")]


def test_saving_an_import_on_a_draft_that_changed_since_its_preview_is_refused(store, people, zero):
    preview = version_import.import_version(
        store, people.committee, P, ImportVersion(filename="rev1.md", text=REV1, label="Rev.1", preview=True)
    )
    seen = op(store, people, "op_2")
    draft.edit_paragraph(
        store,
        people.committee,
        P,
        "op_2",
        EditParagraph(base_revision=seen.revision, text="Cambiado tras la vista previa."),
    )
    before = dump(store)
    with pytest.raises(Conflict):
        version_import.import_version(
            store,
            people.committee,
            P,
            ImportVersion(
                filename="rev1.md", text=REV1, label="Rev.1", replace_draft=True, base_draft=preview.base_draft
            ),
        )
    assert dump(store) == before


def test_circulating_a_draft_identical_to_the_last_version_is_refused(store, people, zero):
    before = dump(store)
    with pytest.raises(Conflict) as refused:
        draft.circulate(store, people.committee, P, Circulate(label="Rev.1"))
    assert "Borrador cero" in str(refused.value)
    assert dump(store) == before


def test_every_eid_is_registered_once_and_never_given_again(store, people, zero):
    gone = op(store, people, "op_3")
    draft.delete_paragraph(store, people.committee, P, "op_3", DeleteParagraph(base_revision=gone.revision))
    added = draft.add_paragraph(store, people.committee, P, AddParagraph(kind="operative", text="Otro.", after="op_2"))
    assert added.eid == "op_4"
    with store() as tx:
        register = sorted(tx.scalars(select(Paragraph.eid)))
    assert register == ["hdg_1", "op_1", "op_2", "op_3", "op_4", "pre_1"]


def test_an_edit_records_its_cause_and_whether_it_was_editorial(store, people, zero):
    seen = op(store, people, "op_2")
    draft.edit_paragraph(
        store,
        people.committee,
        P,
        "op_2",
        EditParagraph(base_revision=seen.revision, text=seen.text + ",", editorial=True, note="coma"),
    )
    [*_, last] = versions.paragraph_history(store, people.committee, P, "op_2").entries
    assert (last.cause, last.editorial, last.note) == ("edit", True, "coma")
    with store() as tx:
        first = tx.scalars(select(ParagraphEdit).where(ParagraphEdit.eid == "op_2").order_by(ParagraphEdit.id)).first()
    assert (first.cause, first.cause_ref, first.editorial) == ("import", "zero.md", False)


@pytest.mark.parametrize("change", ["update version", "delete version", "update text", "delete text", "delete process"])
def test_circulated_versions_cannot_be_changed_in_the_store(store, people, zero, change):
    statements = {
        "update version": update(Version).values(label="Otra"),
        "delete version": delete(Version),
        "update text": update(VersionParagraph).values(revision_sha=VersionParagraph.revision_sha),
        "delete text": delete(VersionParagraph),
        "delete process": delete(Process),
    }
    before = dump(store)
    with pytest.raises(Conflict), transaction(store) as tx:
        tx.execute(statements[change])
    assert dump(store) == before


def test_a_failed_export_leaves_nothing_and_a_second_export_replaces_the_first(
    store, people, zero, tmp_path, monkeypatch
):
    target = tmp_path / "out" / "kutahya"
    transfer.export_folder(store, None, P, target)
    first = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}

    from workspace.services.transfer import folders

    calls = {"n": 0}
    real = folders.Path.write_text

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # process.toml is written, the version file fails
            raise OSError("disk full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(folders.Path, "write_text", failing)
    with pytest.raises(OSError):
        transfer.export_folder(store, None, P, target)
    monkeypatch.setattr(folders.Path, "write_text", real)
    assert {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()} == first
    assert sorted(p.name for p in target.parent.iterdir()) == ["kutahya"]  # no staging folder left behind

    fresh = tmp_path / "new"
    with pytest.raises(OSError):
        monkeypatch.setattr(folders.Path, "write_text", failing)
        calls["n"] = 0
        transfer.export_folder(store, None, P, fresh)
    assert not fresh.exists()


def test_an_earlier_text_is_restored_from_the_history_as_a_compare_and_set(store, people, zero):
    first = op(store, people, "op_1")
    draft.edit_paragraph(
        store, people.committee, P, "op_1", EditParagraph(base_revision=first.revision, text="Una redacción peor.")
    )
    now = op(store, people, "op_1")
    with pytest.raises(Conflict):  # based on a stale text: refused, nothing changes
        draft.restore_paragraph(
            store, people.committee, P, "op_1", RestoreParagraph(revision=first.revision, base_revision=first.revision)
        )
    back = draft.restore_paragraph(
        store, people.committee, P, "op_1", RestoreParagraph(revision=first.revision, base_revision=now.revision)
    )
    assert back.text == first.text and back.number == 1
    [*_, last] = versions.paragraph_history(store, people.committee, P, "op_1").entries
    assert (last.cause, last.cause_ref, last.new_text) == ("restore", first.revision, first.text)


def test_a_deleted_paragraph_comes_back_with_its_eid_where_it_stood(store, people, zero):
    gone = op(store, people, "op_2")
    draft.delete_paragraph(store, people.committee, P, "op_2", DeleteParagraph(base_revision=gone.revision))
    back = draft.restore_paragraph(store, people.committee, P, "op_2", RestoreParagraph(revision=gone.revision))
    assert (back.eid, back.text, back.number) == ("op_2", gone.text, 2)
    assert [p.eid for p in draft.get_draft(store, people.committee, P).paragraphs] == [
        "hdg_1",
        "pre_1",
        "op_1",
        "op_2",
        "op_3",
    ]
    assert versions.paragraph_history(store, people.committee, P, "op_2").entries[-1].action == "restored"


def test_only_a_text_the_paragraph_had_can_be_restored(store, people, zero):
    other = op(store, people, "op_3")
    before = dump(store)
    with pytest.raises(NotFound):  # op_3's text was never op_1's
        draft.restore_paragraph(
            store,
            people.committee,
            P,
            "op_1",
            RestoreParagraph(revision=other.revision, base_revision=op(store, people, "op_1").revision),
        )
    with pytest.raises(Forbidden):
        draft.restore_paragraph(store, people.member, P, "op_1", RestoreParagraph(revision=other.revision))
    assert dump(store) == before
