"""A published process in its folder: the paragraphs' statuses (`statuses.md`) and its publications
(`publications/<n>.md`) come in through the same gate as the committee's Publish, go out byte for byte,
and a folder whose publication the gate refuses is refused whole, naming the file and the line."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.integration.services.transfer.test_transfer import DRAFTS, admin_of, files_of
from tests.integration.support import counts
from workspace.domain.amendments.amendment_commands import SetParagraphStatus
from workspace.domain.errors import ImportFailed
from workspace.domain.publication.publication import checksum
from workspace.renderers.publication_files import names
from workspace.services import accounts, amendments, publication, transfer
from workspace.services.actor import SYSTEM

CORDOBA = DRAFTS / "cordoba-led-2021"
S = "cordoba-led-2021"


def test_the_published_demo_comes_in_published_with_its_statuses_and_its_frozen_texts(store):
    transfer.import_folder(store, None, CORDOBA)
    admin = admin_of(store)
    assert counts(store)["publication_files"] == 0  # not made while importing: made, once, when first asked for
    [published] = publication.publications(store, S)
    assert (published.number, published.symbol, published.version) == (1, "CGLU/FMDEL/2021/1.1.1", "Mensajes clave")
    _summary, model = publication.publication_model(store, S, 1)
    assert [e.language for e in model.editions] == ["es", "en", "fr"]
    assert model.date.isoformat() == "2021-06-01" and model.places["fr"] == "Córdoba, Argentine"
    english = model.edition("en")
    assert english.paragraphs[-1].text.startswith("Guarantee the balanced participation")
    assert english.checksum == checksum(english.paragraphs)  # frozen as the committee's Publish freezes
    board = amendments.dashboard(store, admin, S)
    assert {row.status for row in board.paragraphs} == {"agreed"}
    assert [f.name for f in published.files] == [name for name, _ in names(model)]
    assert counts(store)["publication_files"] == len(published.files)


def test_a_folder_whose_publication_the_gate_refuses_is_refused_whole_naming_the_file(store, tmp_path):
    folder = tmp_path / S
    shutil.copytree(CORDOBA, folder)
    statuses = folder / "statuses.md"
    text = statuses.read_text(encoding="utf-8")
    # op_3 still under negotiation: nothing can be published
    statuses.write_text(
        text.replace('  op_3:\n    status: "agreed"', '  op_3:\n    status: "bracketed"'), encoding="utf-8"
    )
    with pytest.raises(ImportFailed) as refused:
        transfer.import_folder(store, None, folder)
    assert refused.value.file.endswith("publications/1.md") and refused.value.line == 2
    said = refused.value.render().replace("\u00a0", " ")
    assert "OP 3 is not agreed (Bracketed)" in said  # as printed, the status in words
    assert sum(counts(store).values()) == 0


@pytest.mark.parametrize(
    ("file", "find", "put", "line", "says"),
    [
        ("statuses.md", "  op_2:\n", "  op_99:\n", 38, "No paragraph “op_99”"),
        ("statuses.md", 'status: "agreed"', 'status: "done"', 4, "Unknown status “done”"),
        ("statuses.md", '    set_by: "comite@demo.accord"', '    set_by: "nadie@example.org"', 6, "is not a member"),
        ("publications/1.md", "version: 1", "version: 4", 2, "No version “4”"),
        ("publications/1.md", 'date: "2021-06-01"', 'date: "1 June 2021"', 4, "is not a date"),
        (
            "publications/1.md",
            'corrigendum_of: null\ncorrects: ""',
            'corrigendum_of: 7\ncorrects: "El lugar."',
            8,
            "No publication 7",
        ),
        ("publications/1.md", "published_by:", "publisher:", 7, "Unknown field “publisher”"),
        ("publications/1.md", "place: {}", 'place:\n  de: "Córdoba, Argentinien"', 6, "Unknown language code “de”"),
        ("publications/1.md", "corrigendum_of: null", "corrigendum_of: 99999999999999999999", 9, "is required"),
    ],
)
def test_a_damaged_statuses_or_publication_file_is_refused_at_its_line(store, tmp_path, file, find, put, line, says):
    folder = tmp_path / S
    shutil.copytree(CORDOBA, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert find in text
    path.write_text(text.replace(find, put, 1), encoding="utf-8")
    with pytest.raises(ImportFailed) as refused:
        transfer.import_folder(store, None, folder)
    assert refused.value.file.endswith(file), refused.value.render()
    assert says in refused.value.render()
    assert refused.value.line == line
    assert sum(counts(store).values()) == 0


def test_publications_numbered_with_a_gap_are_refused(store, tmp_path):
    folder = tmp_path / S
    shutil.copytree(CORDOBA, folder)
    (folder / "publications" / "1.md").rename(folder / "publications" / "2.md")
    with pytest.raises(ImportFailed) as refused:
        transfer.import_folder(store, None, folder)
    assert refused.value.file.endswith("publications/2.md") and "no gap" in refused.value.render()


def test_a_corrigendum_and_its_own_places_go_out_and_come_back_byte_for_byte(store, fresh_store, tmp_path):
    transfer.import_folder(store, None, CORDOBA)
    accounts.set_password(store, SYSTEM, "comite@demo.accord", "committee password 1")
    committee = accounts.authenticate(store, "comite@demo.accord", "committee password 1")
    publication.publish(
        store,
        committee,
        S,
        publication.Publish(
            version="1",
            symbol="CGLU/FMDEL/2021/1.1.1/Corr.1",
            date="2021-06-03",
            places={"fr": "Cordoue (Argentine)"},
            corrigendum_of=1,
            corrects="Le lieu de la version française.",
        ),
        files_later=True,
    )
    transfer.export_folder(store, None, S, tmp_path / "first")
    written = (tmp_path / "first" / "publications" / "2.md").read_text(encoding="utf-8")
    assert "corrigendum_of: 1\n" in written and '  fr: "Cordoue (Argentine)"\n' in written and "  es:" not in written
    other = fresh_store()
    transfer.import_folder(other, None, tmp_path / "first")
    transfer.export_folder(other, None, S, tmp_path / "second")
    assert files_of(tmp_path / "first") == files_of(tmp_path / "second")
    first, second = publication.publication_model(store, S, 2)[1], publication.publication_model(other, S, 2)[1]
    assert first == second  # the same frozen texts, date line and places, whatever the database


@pytest.mark.parametrize(
    ("folder_of", "phase"),
    [(CORDOBA, "drafting"), (DRAFTS / "tanger-2026", "published")],
    ids=["publications-not-published", "published-without-publication"],
)
def test_a_folder_whose_phase_its_data_contradicts_is_refused_at_the_phase_line(store, tmp_path, folder_of, phase):
    folder = tmp_path / folder_of.name
    shutil.copytree(folder_of, folder)
    toml = folder / "process.toml"
    text = re.sub(r'phase = "[a-z]+"', f'phase = "{phase}"', toml.read_text(encoding="utf-8"))
    toml.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed) as refused:
        transfer.import_folder(store, None, folder)
    assert (refused.value.file, refused.value.line) == (str(toml), text.split("\n").index(f'phase = "{phase}"') + 1)
    assert "published" in refused.value.render()
    assert counts(store)["processes"] == 0


def test_who_is_no_member_any_more_is_written_as_nobody(store, fresh_store, tmp_path):
    transfer.import_folder(store, None, CORDOBA)
    admin = admin_of(store)
    amendments.set_paragraph_status(
        store, admin, S, "op_1", SetParagraphStatus(status="agreed", note="Confirmado por la secretaría.")
    )
    transfer.export_folder(store, None, S, tmp_path / "out")
    written = files_of(tmp_path / "out")
    assert (
        '  op_1:\n    status: "agreed"\n    note: "Confirmado por la secretaría."\n    set_by: null\n'
        in written["statuses.md"].decode()
    )
    other = fresh_store()
    transfer.import_folder(other, None, tmp_path / "out")  # what one export writes, the import reads


def test_a_folder_where_a_file_should_be_is_refused_naming_it(store, tmp_path):
    folder = tmp_path / S
    shutil.copytree(CORDOBA, folder)
    (folder / "publications" / "2.md").mkdir()
    with pytest.raises(ImportFailed) as refused:
        transfer.import_folder(store, None, folder)
    assert refused.value.file.endswith("publications/2.md") and "folder, not a file" in refused.value.render()
