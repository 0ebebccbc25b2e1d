"""The working draft downloaded as Word and imported back as a version, on both backends (issue 67, item 3): with one
word changed in LibreOffice (changes not tracked, as Word saves a plain edit), the preview adds nothing (the title
block is not read) and shows that paragraph alone modified, with that word's diff; confirmed, the version circulated
differs from the draft in that word alone, every other paragraph as it was (its Markdown, kind and place).

The operative paragraphs are Word's own numbering, which LibreOffice keeps and counts: a paragraph inserted after
OP 4 in LibreOffice is numbered 5 by LibreOffice, the ones after it move on, and it is imported as an operative
paragraph, the only change."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests import needs
from tests.backends import BACKENDS_DIFFER
from tests.conftest import restored
from tests.integration.services.amendments.test_word_import import COMMITTEE, S, _edited_in_libreoffice, downloaded, who
from tests.integration.services.transfer.test_amendment_files import KUTAHYA
from tests.integration.services.transfer.test_transfer import admin_of
from workspace.domain.declaration.declaration_commands import WordVersion
from workspace.domain.diffing import Op
from workspace.domain.word.word_reading import read_docx
from workspace.services import transfer
from workspace.services.declaration import draft, importing, versions

pytestmark = BACKENDS_DIFFER  # the import writes the draft and circulates: the store's own work

OLD, NEW = "campañas Race", "iniciativas Race"


@pytest.fixture
def demo(store):
    def build(store):
        transfer.import_folder(store, None, KUTAHYA)
        return admin_of(store)

    return restored(store, "demo", build)


def as_word(edited: bytes, **asked: object) -> WordVersion:
    return WordVersion(filename="borrador.docx", text="", label="Rev.2", docx=edited, **asked)  # type: ignore[arg-type]


@pytest.mark.needs("libreoffice")
def test_the_draft_with_one_word_changed_in_libreoffice_imports_as_that_paragraph_alone(store, demo, tmp_path):
    committee = who(store, COMMITTEE)
    before = draft.get_draft(store, committee, S)
    texts = {p.eid: p.text for p in before.paragraphs}
    (eid,) = [e for e, text in texts.items() if OLD in text]  # the one paragraph holding the words changed
    edited = _edited_in_libreoffice(
        tmp_path, downloaded(store, committee, "draft"), {"track": False, "replace": [[OLD, NEW]]}
    )
    operative = [p for p in read_docx(edited, "borrador.docx").paragraphs if p.bookmarks[0].startswith("op_")]
    assert operative and all(p.numbered and not p.label for p in operative)  # Word's numbering, kept: none typed

    preview = importing.import_version(store, committee, S, as_word(edited, preview=True))
    assert not preview.notices  # nothing of the title block read as a paragraph, nothing set aside
    assert {m.how for m in preview.matches} == {"explicit"} and len(preview.matches) == len(texts)
    assert {kind: n for kind, n in preview.compare.counts.items() if n} == {"modified": 1, "unchanged": len(texts) - 1}
    (changed,) = [c for c in preview.compare.changes if c.change != "unchanged"]
    assert changed.eid == eid and changed.new_text == texts[eid].replace(OLD, NEW)
    assert [(p.op, p.text.strip()) for p in changed.ops if p.op != Op.EQUAL] == [
        (Op.DELETE, "campañas"),
        (Op.INSERT, "iniciativas"),
    ]

    saved = importing.import_version(
        store,
        committee,
        S,
        as_word(edited, base_draft=preview.base_draft, replace_draft=bool(preview.draft_changes)),
    )
    assert saved.saved and saved.version is not None
    after = {p.eid: p for p in draft.get_draft(store, committee, S).paragraphs}
    assert {e: p.text for e, p in after.items()} == texts | {eid: texts[eid].replace(OLD, NEW)}
    assert [(p.eid, p.kind, p.depth, p.marker) for p in before.paragraphs] == [
        (p.eid, p.kind, p.depth, p.marker) for p in after.values()
    ]
    circulated = versions.compare_texts(store, committee, S, str(saved.version), "draft")
    assert {kind for kind, n in circulated.counts.items() if n} == {"unchanged"}  # the draft is the version


def as_libreoffice_shows_it(tmp_path: Path, docx: bytes) -> list[str]:
    """The lines of `docx` as LibreOffice lays them out as text, its list numbers included."""
    (tmp_path / "shown.docx").write_bytes(docx)
    subprocess.run(
        [
            needs.program("libreoffice"),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "shown.docx"),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    return [line.strip() for line in (tmp_path / "shown.txt").read_text(encoding="utf-8-sig").splitlines()]


@pytest.mark.needs("libreoffice")
def test_a_paragraph_inserted_in_libreoffice_is_numbered_by_it_and_imported_as_an_operative_paragraph(
    store, demo, tmp_path
):
    committee = who(store, COMMITTEE)
    before = draft.get_draft(store, committee, S).paragraphs
    fourth = next(p for p in before if p.number == 4)
    fifth = next(p for p in before if p.number == 5)
    added = "Nos comprometemos a publicar nuestros presupuestos en formatos abiertos."
    edited = _edited_in_libreoffice(
        tmp_path, downloaded(store, committee, "draft"), {"track": False, "insert_after": [[fourth.text[:40], added]]}
    )
    numbered = {
        line.split(".", 1)[1].strip()[:40]: int(line.split(".", 1)[0])
        for line in as_libreoffice_shows_it(tmp_path, edited)
        if re.match(r"^\d+\.\s", line)
    }
    assert numbered[added[:40]] == 5 and numbered[fifth.text[:40]] == 6  # counted by LibreOffice, the rest moved on

    preview = importing.import_version(store, committee, S, as_word(edited, preview=True))
    assert {kind: n for kind, n in preview.compare.counts.items() if n} == {"added": 1, "unchanged": len(before)}
    (new,) = [c for c in preview.compare.changes if c.change != "unchanged"]
    assert (new.kind, new.new_text, new.new_number) == ("operative", added, 5)
