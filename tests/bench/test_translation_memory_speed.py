"""Translation memory speed: suggestions for a paragraph from a memory of 1,000 and 10,000 entries.

Run with `make bench`. Entries are generated Spanish-like paragraphs (the import benchmark's Zipf-like
writer: a few words everywhere, most words rare), each asked text an edit of one entry. Prints the
figures; the goal for 10,000 entries is under 0.5 s. Asserts only how the time grows within this run
(a busy machine slows every size alike): 10 times the entries must cost far less than 100 times.
"""

from __future__ import annotations

import random
import statistics
import time

from tests.bench.test_import_matching_speed import Writer
from workspace.domain.translations.translation_memory import suggest

SIZES = [1_000, 10_000]
ASKED = 9


def memory_of(size: int, writer: Writer) -> list[tuple[str, str]]:
    return [(writer.paragraph(), f"translation {i}") for i in range(size)]


def timings(size: int) -> tuple[list[float], int]:
    """Seconds per suggestion for ASKED texts, each an edit of an entry; how many found that entry."""
    rng = random.Random(size)
    writer = Writer(rng)
    memory = memory_of(size, writer)
    picked = [rng.randrange(size) for _ in range(ASKED)]
    seconds, found = [], 0
    for k in picked:
        text = writer.edit(memory[k][0])
        start = time.perf_counter()
        suggestions = suggest(text, memory)
        seconds.append(time.perf_counter() - start)
        found += any(s.target == memory[k][1] for s in suggestions)
    return seconds, found


def test_translation_memory_speed() -> None:
    times = {}
    for size in SIZES:
        seconds, found = timings(size)
        times[size] = statistics.median(seconds)
        print(
            f"\ntranslation memory: {size:>6} entries: median {times[size] * 1000:6.1f} ms, "
            f"worst {max(seconds) * 1000:6.1f} ms per suggestion ({found}/{ASKED} found their entry)"
        )
    assert times[10_000] < 30 * times[1_000]
