"""Amendments, threads and translations in a process folder: the Kütahya demo's, and refusals."""

from __future__ import annotations

import shutil

import pytest

from tests.demo_data import kutahya
from tests.integration.services.transfer.test_transfer import DRAFTS, admin_of
from tests.integration.support import dump
from workspace.domain.errors import ImportFailed
from workspace.services import amendments, comments, transfer, translations

KUTAHYA = DRAFTS / "kutahya-2021"


def test_the_demo_carries_decided_amendments_that_explain_rev1_and_open_ones_to_look_at(store):
    kutahya(store)
    admin = admin_of(store)
    listed = {a.number: a for a in amendments.list_amendments(store, admin, "kutahya-2021")}
    rev1 = {p.eid: p.text for p in amendments.compilation(store, admin, "kutahya-2021", "Rev.1").paragraphs}
    decided = [a for a in listed.values() if a.status in ("accepted", "accepted_as_modified")]
    assert decided and all(a.version == "Borrador cero" for a in decided)
    for a in decided:  # each accepted one reads in Rev.1 as the committee worded it
        eid = a.created_eid or a.eid
        if a.kind == "delete":
            assert eid not in rev1
        else:
            assert rev1[eid] == (a.decided_text or a.text)
    opened = {n: a for n, a in listed.items() if a.status == "open"}
    states = {a.rebase.state for a in opened.values()}
    assert {"applies", "conflict"} <= states
    assert any(a.rebase.overlaps for a in opened.values())
    assert any(a.version == "Rev.1" for a in opened.values())


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('eid: "op_12"', 'eid: "op_99"', "op_99"),
        ('proposer: "miembro@demo.accord"', 'proposer: "nadie@example.org"', "nadie@example.org"),
        ("version: 2", "version: 7", "7"),
    ],
)
def test_a_bad_amendment_file_imports_nothing_and_names_its_line(store, tmp_path, old, new, words):
    folder = tmp_path / "kutahya-2021"
    shutil.copytree(KUTAHYA, folder)
    path = folder / "amendments" / "A7.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = dump(store)
    with pytest.raises(ImportFailed) as caught:
        transfer.import_folder(store, None, folder)
    line = next(n for n, row in enumerate(text.split("\n"), 1) if row.startswith(old.split(":")[0] + ":"))
    assert (caught.value.file, caught.value.line) == (str(path), line)
    assert words in caught.value.render()
    assert dump(store) == before


def test_the_demo_threads_show_all_four_anchor_states_on_rev1(store):
    kutahya(store)
    admin = admin_of(store)
    on_rev1 = {t.id: t for t in comments.list_threads(store, admin, "kutahya-2021", version="Rev.1")}
    assert {t.anchor.state for t in on_rev1.values()} == {"exact", "moved", "fuzzy", "outdated"}
    outdated = [t for t in on_rev1.values() if t.anchor.state == "outdated"]
    assert all(t.anchor.text is None and t.anchor.diff for t in outdated)
    on_zero = comments.list_threads(store, admin, "kutahya-2021", version="Borrador cero")
    assert {t.anchor.state for t in on_zero if t.version == "Borrador cero"} == {"exact"}
    assert any(c.deleted for t in on_rev1.values() for c in t.comments)  # a tombstone to look at


def test_the_demo_translations_show_every_state_on_rev1(store):
    kutahya(store)
    admin = admin_of(store)
    for lang in ("en", "fr"):
        zero = translations.edition(store, admin, "kutahya-2021", lang, "Borrador cero")
        assert zero.complete  # the zero draft: approved in full
        states = {r.state for r in translations.list_translations(store, admin, "kutahya-2021", lang, "Rev.1")}
        assert states == {"approved", "outdated", "missing", "draft", "translated"}
