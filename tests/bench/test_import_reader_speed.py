"""Reading a foreign Markdown file: front matter set aside, nested lists, the import preview.

Run with `make bench`. The file is what a public site publishes (Jekyll front matter; operative
paragraphs with sub-items (a), (b) indented by four spaces, some with (i), (ii) under them; bullet
lists in the preamble); 10% of the paragraphs are sub-items of sub-items. Prints the figures for 500
and 5,000 paragraphs: the reader alone, then the whole preview through the service and the store;
asserts only how the time grows within this run (ten times the paragraphs, far less than a hundred
times the time).
"""

from __future__ import annotations

import time
import tracemalloc

import pytest

from tests.bench.test_import_matching_speed import Writer
from tests.conftest import make_people
from tests.integration.support import QUICK_HASHER
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.domain.declaration.declaration_format import read_declaration
from workspace.services import accounts
from workspace.services.declaration import importing
from workspace.store.db import make_store

SIZES = [500, 5_000]
FRONT = (
    '---\nlayout: negotiation-text\ntitle: "Rev.{n} — a long negotiation text"\ndate: 2025-06-09\n'
    "permalink: /texts/x/\ntags: [a, b]\n---\n\n"
)


def foreign_file(paragraphs: int, seed: int = 1) -> str:
    """About `paragraphs` paragraphs: headings, preambular bullets, operative items with sub-items."""
    import random

    rng = random.Random(seed)
    writer = Writer(rng)

    def text() -> str:
        return " ".join(writer.paragraph().split(" ")[:35])

    out, count, number = [], 0, 0
    while count < paragraphs - 10:  # an item and its sub-items (at most 10) come whole: at most `paragraphs` in all
        if count % 50 == 0:
            out.append(f"## Section {count // 50 + 1}")
            count += 1
            continue
        number += 1
        head = f"{number}. "
        pad = " " * len(head)  # sub-items under the item's text (under "100. " too)
        item = [f"{head}{text()}"]
        count += 1
        for letter in "abc"[: rng.randint(1, 3)]:
            item.append(f"{pad}- ({letter}) {text()}")
            count += 1
            if rng.random() < 0.3:
                item += [f"{pad}  - (i) {text()}", f"{pad}  - (ii) {text()}"]
                count += 2
        out.append("\n".join(item))
    return FRONT + "\n\n".join(out) + "\n"


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    monkeypatch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)


def test_reading_and_previewing_a_foreign_file_grows_linearly(db_url, fresh_store):
    figures = {}
    for n in SIZES:
        text = foreign_file(n)
        started = time.perf_counter()
        read = read_declaration(text, "rev.md")
        reading = time.perf_counter() - started
        tracemalloc.start()  # apart: tracing slows the reading several times over
        read_declaration(text, "rev.md")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert n - 20 < len(read.blocks) <= n and any(b.depth == 2 for b in read.blocks)
        store = fresh_store() if figures else make_store(db_url)
        people = make_people(store)
        started = time.perf_counter()
        preview = importing.import_version(
            store, people.committee, "kutahya", ImportVersion(filename="rev.md", text=text, preview=True)
        )
        previewing = time.perf_counter() - started
        assert len(preview.notices) == 4 and len(preview.matches) == len(read.blocks)
        figures[n] = (len(read.blocks), len(text) // 1024, reading, peak / 2**20, previewing)
        print(
            f"\n{db_url.split(':')[0]}: {len(read.blocks)} paragraphs ({len(text) // 1024} KB): read {reading:.2f} s "
            f"(peak {peak / 2**20:.0f} MB), preview {previewing:.2f} s"
        )
    small, large = figures[SIZES[0]], figures[SIZES[-1]]
    print(f"×{large[0] / small[0]:.0f} paragraphs: read ×{large[2] / small[2]:.1f}, preview ×{large[4] / small[4]:.1f}")
    assert large[2] / small[2] < 30 and large[4] / small[4] < 30
