"""A meeting's session pack at the size issue 66 asks for: 150 paragraphs in three languages (each edited twice by two
delegations, a light and a bracket on each, a turn of the floor on each), every file of the three languages in one
ZIP, in under 60 s. Run with `make bench`; prints the time, and the time of each kind of file."""

from __future__ import annotations

import time

from tests.unit.renderers.pack_models import long_reading
from workspace.renderers.session_pack import FILES, session_pack

PARAGRAPHS = 150
GOAL = 60.0  # seconds


def test_the_pack_of_150_paragraphs_in_three_languages():
    model = long_reading(PARAGRAPHS)
    start = time.perf_counter()
    pack = session_pack(model, "es-en-fr")
    took = time.perf_counter() - start
    print(
        f"\nsession pack of {PARAGRAPHS} paragraphs in es, en, fr: {took:.2f} s "
        f"({len(pack) / 1024:.0f} KiB), goal {GOAL:.0f} s"
    )
    for end, _, make in FILES:
        begun = time.perf_counter()
        for lang in model.languages:
            make(model, lang)
        print(f"  {end:<14} {(time.perf_counter() - begun) * 1000:8.0f} ms (three languages)")
    assert took < GOAL
