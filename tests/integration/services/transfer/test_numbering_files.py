"""A process folder carries how its versions were numbered: a version that held its numbers still (OP 1 bis,
OP 2 [deleted]) and a working draft the committee renumbered go out in crosswalk files and come back the same, on
both backends; a damaged crosswalk file is refused at its line and nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.integration.services.transfer.test_transfer import DRAFTS, admin_of, files_of
from tests.integration.support import counts
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate, DeleteParagraph
from workspace.domain.errors import ImportFailed
from workspace.services import transfer
from workspace.services.declaration import draft, references
from workspace.store.db import make_store

S = "kutahya-2021"
NBSP = "\u00a0"


def negotiated(store):
    """Rev.2 circulated with its numbers held still (a paragraph after OP 1, OP 2 deleted), then a paragraph added
    and the draft renumbered: the committee's administrator and the new paragraph's eId (Kütahya's op_2 prints as
    OP 3: op_8 stands before it)."""
    transfer.import_folder(store, None, DRAFTS / S)
    admin = admin_of(store)
    added = draft.add_paragraph(store, admin, S, AddParagraph(kind="operative", text="Nuevo párrafo.", after="op_1"))
    revision = next(p.revision for p in draft.get_draft(store, admin, S).paragraphs if p.eid == "op_2")
    draft.delete_paragraph(store, admin, S, "op_2", DeleteParagraph(base_revision=revision))
    draft.circulate(store, admin, S, Circulate(label="Rev.2", date="2021-10-09"))
    draft.add_paragraph(store, admin, S, AddParagraph(kind="operative", text="Otro más.", after="op_3"))
    references.renumber_draft(store, admin, S)
    return admin, added.eid


def test_numbers_held_still_and_a_renumbered_draft_go_out_in_crosswalk_files_and_come_back(
    store, fresh_store, tmp_path
):
    admin, new = negotiated(store)
    before = references.version_crosswalk(store, admin, S, "Rev.2")
    transfer.export_folder(store, None, S, tmp_path / "first")
    first = files_of(tmp_path / "first")
    held = first["declaration/03-rev-2.crosswalk.csv"].decode()
    assert held.startswith("eid,before,now\n") and f"{new},,OP 1 bis\n" in held and "op_2,OP 3,OP 3 [deleted]\n" in held
    assert "declaration/01-borrador-cero.crosswalk.csv" not in first  # numbered cleanly: its text numbers it
    renumbered = first["declaration/draft.crosswalk.csv"].decode()
    assert f"{new},OP 1 bis,OP 2\n" in renumbered and "\nop_2," not in renumbered

    other = fresh_store()
    transfer.import_folder(other, None, tmp_path / "first")
    again = admin_of(other)
    assert references.version_crosswalk(other, again, S, "Rev.2") == before
    refs = {p.eid: p.ref for p in draft.get_draft(other, again, S).paragraphs}
    assert refs[new] == f"OP{NBSP}2"
    transfer.export_folder(other, None, S, tmp_path / "second")
    assert files_of(tmp_path / "second") == first


@pytest.fixture(scope="module")
def exported(tmp_path_factory, sqlite_template) -> Path:
    """The negotiated process exported once for the module's damaged copies (what is read, not where it came from)."""
    path = tmp_path_factory.mktemp("numbering") / "accord.db"
    shutil.copy(sqlite_template, path)
    store = make_store(f"sqlite:///{path}")
    try:
        negotiated(store)
        transfer.export_folder(store, None, S, path.parent / "out")
    finally:
        store.dispose()
    return path.parent / "out"


@pytest.mark.parametrize(
    ("line", "put", "says"),
    [
        (3, "op_1,OP 1,OP uno", "is no printed reference"),
        (3, "op_1,OP 1,PP 1", "another kind"),
        (3, "op_999,,OP 1 ter", "No paragraph"),
        (3, "op_1,OP 1", "three cells"),
        (1, "eid;before;now", "begins with the columns"),
    ],
)
def test_a_damaged_crosswalk_file_is_refused_at_its_line_and_nothing_is_written(
    store, exported, tmp_path, line, put, says
):
    folder = tmp_path / "out"
    shutil.copytree(exported, folder)
    path = folder / "declaration" / "03-rev-2.crosswalk.csv"
    rows = path.read_text(encoding="utf-8").split("\n")
    rows[line - 1] = put
    path.write_text("\n".join(rows), encoding="utf-8")
    with pytest.raises(ImportFailed, match=says) as refused:
        transfer.import_folder(store, None, folder)
    assert refused.value.file == str(path) and refused.value.line == line
    assert sum(counts(store).values()) == 0


def test_a_crosswalk_file_of_no_version_is_refused(store, tmp_path):
    folder = tmp_path / S
    shutil.copytree(DRAFTS / S, folder)
    (folder / "declaration" / "07-rev-9.crosswalk.csv").write_text("eid,before,now\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"NN-label\.crosswalk\.csv"):
        transfer.import_folder(store, None, folder)
    assert sum(counts(store).values()) == 0
