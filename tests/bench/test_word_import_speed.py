"""Filing a delegation's Word file: a version of 300 paragraphs as .docx with 200 tracked changes and
100 margin comments (each with a reply), previewed then filed; then ten times all of it (3,000
paragraphs, 2,000 changes, 1,000 comments).

Run with `make bench`. The version is generated (see test_import_matching_speed); the Word file is
written as Word writes one (tests/unit/domain/word_files.py): every paragraph bookmarked with its eId,
a word replaced (`w:del` + `w:ins`) in every changed one. Prints the figures; asserts only how the time
grows within this run (ten times everything: far less than a hundred times the time).
"""

from __future__ import annotations

import time

import pytest

from tests.bench.test_import_matching_speed import drafts
from tests.conftest import make_people
from tests.integration.support import QUICK_HASHER
from tests.unit.domain.word_files import Comment, change, docx, para, run
from workspace.domain.amendments.amendment_commands import ImportWord
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.domain.declaration.declaration_format import render_declaration
from workspace.domain.declaration.document import Block
from workspace.services import accounts, amendments
from workspace.services.declaration import importing
from workspace.store.db import make_store

SIZES = [(300, 200, 100), (3_000, 2_000, 1_000)]  # paragraphs, tracked changes, comments


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    monkeypatch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)


def short(text: str) -> str:
    return " ".join(text.split(" ")[:40])


def word_file(blocks: list[Block], changes: int, comments: int) -> bytes:
    body, notes = [], []
    step, every = max(len(blocks) // changes, 1), max(len(blocks) // comments, 1)
    for i, b in enumerate(blocks):
        words = b.text.split(" ")
        mark = f'<w:bookmarkStart w:id="{i}" w:name="{b.eid}"/><w:bookmarkEnd w:id="{i}"/>'
        head, word, tail = " ".join(words[:3]) + " ", words[3], " " + " ".join(words[4:])
        if i % step == 0 and i // step < changes:
            middle = change("del", run(word, deleted=True), ident=10_000 + i) + change(
                "ins", run(word + "s"), ident=20_000 + i
            )
        else:
            middle = run(word)
        if i % every == 0 and i // every < comments:
            n = len(notes)
            middle = (
                f'<w:commentRangeStart w:id="{n}"/><w:commentRangeStart w:id="{n + 1}"/>{middle}'
                f'<w:commentRangeEnd w:id="{n}"/><w:r><w:commentReference w:id="{n}"/></w:r>'
                f'<w:commentRangeEnd w:id="{n + 1}"/><w:r><w:commentReference w:id="{n + 1}"/></w:r>'
            )
            notes += [
                Comment(f"¿Por qué “{word}”? ({i})", "Delegación A"),
                Comment("Estamos de acuerdo.", "Delegación B", parent=n),
            ]
        body.append(para(mark + run(head) + middle + run(tail)))
    return docx("".join(body), notes)


def test_a_word_file_is_previewed_and_filed_in_time_that_grows_linearly(db_url, fresh_store):
    figures = {}
    for n, changes, comments in SIZES:
        store = fresh_store() if figures else make_store(db_url)
        people = make_people(store)
        previous, _ = drafts(n, seed=n)
        version = [Block(b.eid, b.kind, short(b.text)) for b in previous]
        importing.import_version(
            store,
            people.committee,
            "kutahya",
            ImportVersion(filename="v.md", text=render_declaration(version), label="Rev.1"),
        )
        data = word_file(version, changes, comments)
        started = time.perf_counter()
        preview = amendments.import_word(store, people.member, "kutahya", ImportWord.build("1", data, "rev1.docx"))
        previewed = time.perf_counter() - started
        started = time.perf_counter()
        filed = amendments.import_word(
            store, people.member, "kutahya", ImportWord.build("1", data, "rev1.docx", preview=False)
        )
        saved = time.perf_counter() - started
        assert len(preview.amendments) == len(filed.amendments) == changes and len(filed.threads) == comments
        figures[n] = (previewed, saved)
        print(
            f"\n[{db_url.split(':')[0]}] {n} paragraphs, {changes} tracked changes, {comments} comments "
            f"({len(data) // 1024} KB): preview {previewed:.2f} s, filing {saved:.2f} s"
        )
    (small, big) = (figures[SIZES[0][0]], figures[SIZES[1][0]])
    print(f"×10: preview ×{big[0] / small[0]:.1f}, filing ×{big[1] / small[1]:.1f}")
    assert big[0] / small[0] < 30 and big[1] / small[1] < 30
