"""The drafts format at negotiation scale: the generated demo (`accord demo --scale`) at 300 and 3,000
paragraphs exported as a process folder, then imported into an empty store. Printed: the folder's
size, its longest line against its longest paragraph (the format keeps one hash per line: no line
longer than a paragraph), and the import's time and its growth for ten times the text. Run with
`make bench`; asserts only what this run measures of itself (the lines, and growth well under ×20).
"""

from __future__ import annotations

import time

from tests.bench.test_draft_speed import quick  # noqa: F401  (the fixture, autouse)
from workspace.services import transfer
from workspace.services.actor import SYSTEM
from workspace.services.transfer.scaled_demo import Scale, build_scaled_demo, slug_of, text_of
from workspace.store import migrate
from workspace.store.db import make_store

SIZES = (300, 3_000)


def test_a_large_folder_has_short_lines_and_imports_in_linear_time(db_url, tmp_path):
    backend = db_url.split(":")[0]
    taken: dict[int, float] = {}
    for size in SIZES:
        scale = Scale.sized(size)
        migrate.upgrade(f"sqlite:///{tmp_path / f'source-{size}.db'}")
        source = make_store(f"sqlite:///{tmp_path / f'source-{size}.db'}")
        build_scaled_demo(source, scale)
        folder = tmp_path / f"folder-{size}"
        transfer.export_folder(source, SYSTEM, slug_of(scale), folder)
        source.dispose()
        files = [p for p in folder.rglob("*") if p.is_file()]
        longest_line = max(len(line) for p in files for line in p.read_text(encoding="utf-8").split("\n"))
        longest_paragraph = max(
            len(b.text) for v in range(1, scale.versions + 1) for lang in range(3) for b in text_of(scale, v, lang)
        )
        translations = sorted(p for p in files if p.name.endswith((".en.md", ".fr.md")))
        biggest = max(p.stat().st_size for p in translations)
        target = make_store(db_url)  # both imports in one store: their slugs and people differ
        started = time.perf_counter()
        transfer.import_folder(target, None, folder)
        taken[size] = time.perf_counter() - started
        target.dispose()
        print(
            f"\n[{backend}] {size:,} paragraphs: {len(files)} files, {sum(p.stat().st_size for p in files) / 1e6:.1f} "
            f"MB, largest translation file {biggest / 1e3:.0f} KB, longest line {longest_line} characters (longest "
            f"paragraph {longest_paragraph}); imported in {taken[size]:.1f} s"
        )
        assert longest_line <= max(longest_paragraph + 20, 120)
    growth = taken[SIZES[1]] / taken[SIZES[0]]
    print(f"[{backend}] import growth for ×10 the text: ×{growth:.1f}")
    assert growth < 20
