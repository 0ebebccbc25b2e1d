"""A whole version import, through the service and the store: the preview and the save.

Run with `make bench`. The previous draft holds N paragraphs; the file (no eIds) edits ~5%, adds
~2% and deletes ~2% of them. Prints the figures; asserts only how the time grows within this run.
"""

from __future__ import annotations

import time

import pytest

from tests.bench.test_import_matching_speed import drafts
from tests.conftest import make_people
from tests.integration.support import QUICK_HASHER
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.domain.declaration.declaration_format import render_declaration
from workspace.domain.declaration.document import Block
from workspace.services import accounts
from workspace.services.declaration import importing
from workspace.store.db import make_store

SIZES = [500, 5_000]


def short(text: str) -> str:
    return " ".join(text.split(" ")[:50])


def as_file(texts: list[str], label: str) -> str:
    body = "\n\n".join(f"{i}. {text}" for i, text in enumerate(texts, 1))
    return f"---\nlabel: {label}\n---\n{body}\n"


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    monkeypatch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)


def test_a_large_import_preview_and_save_grow_linearly(db_url, fresh_store):
    figures = {}
    for n in SIZES:
        store = fresh_store() if figures else make_store(db_url)
        people = make_people(store)
        previous, imported = drafts(n, seed=n)
        # At most 50 words a paragraph, so that 5,000 of them stay within the 2 MB a file may weigh.
        previous = [Block(b.eid, b.kind, short(b.text)) for b in previous]
        first = render_declaration(previous)
        started = time.perf_counter()
        importing.import_version(
            store, people.committee, "kutahya", ImportVersion(filename="first.md", text=first, label="Rev.1")
        )
        loaded = time.perf_counter() - started
        text = as_file([short(b.text) for b in imported[:n]], "Rev.2")
        started = time.perf_counter()
        preview = importing.import_version(
            store, people.committee, "kutahya", ImportVersion(filename="rev2.md", text=text, preview=True)
        )
        previewed = time.perf_counter() - started
        started = time.perf_counter()
        importing.import_version(
            store,
            people.committee,
            "kutahya",
            ImportVersion(filename="rev2.md", text=text, base_draft=preview.base_draft),
        )
        saved = time.perf_counter() - started
        figures[n] = (loaded, previewed, saved)
        print(
            f"\n[{db_url.split(':')[0]}] {n:>5} paragraphs: first import {loaded:.2f} s, "
            f"preview of the next {previewed:.2f} s, saving it {saved:.2f} s"
        )
    growth = figures[SIZES[1]][1] / figures[SIZES[0]][1]
    print(f"preview: {SIZES[1] // SIZES[0]}x the paragraphs, {growth:.1f}x the time")
    assert growth < 25  # ten times the paragraphs: linear, far from the quadratic 100x
