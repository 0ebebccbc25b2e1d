"""Import matching speed: a previous draft of N paragraphs against an import of N without eIds.

Run with `make bench`. The declarations are generated: Spanish-like words drawn with a Zipf-like
law (a few words everywhere, most words rare), paragraphs of 30 to 120 words; the import edits
about 5% of the paragraphs, adds 2% and deletes 2%. Prints the figures; asserts only how the time
grows, measured within this run (a busy machine slows every size alike): matching 10 times as
many paragraphs must take far less than the 100 times of a quadratic matching.
"""

from __future__ import annotations

import itertools
import random
import time
from collections import Counter
from functools import partial

import pytest

from workspace.domain.declaration.declaration_format import ImportedBlock, match_paragraphs
from workspace.domain.declaration.document import Block, Kind

SIZES = [1_000, 2_000, 5_000, 10_000]
COMMON = [
    "de",
    "la",
    "que",
    "el",
    "en",
    "y",
    "a",
    "los",
    "del",
    "se",
    "las",
    "por",
    "un",
    "para",
    "con",
    "no",
    "una",
    "su",
    "al",
    "lo",
    "como",
    "más",
    "pero",
    "sus",
    "le",
    "ya",
    "o",
    "este",
    "sí",
    "porque",
    "esta",
    "entre",
    "cuando",
    "muy",
    "sin",
    "sobre",
    "también",
    "me",
    "hasta",
    "hay",
    "donde",
    "quien",
    "desde",
    "todo",
    "nos",
    "durante",
    "todos",
    "uno",
    "les",
    "ni",
    "contra",
    "otros",
    "ese",
    "eso",
    "ante",
    "ellos",
    "e",
    "esto",
    "mí",
    "antes",
    "algunos",
    "qué",
    "unos",
    "yo",
]
SYLLABLES = [
    "ca",
    "de",
    "ción",
    "mu",
    "ni",
    "pa",
    "ra",
    "ter",
    "to",
    "ri",
    "al",
    "es",
    "gen",
    "tra",
    "bi",
    "li",
    "dad",
    "men",
    "te",
    "pro",
    "vin",
    "re",
    "gi",
    "o",
    "nal",
    "sos",
    "ble",
    "go",
    "ber",
    "na",
    "des",
    "rro",
    "llo",
    "sa",
    "lud",
    "cul",
    "tu",
    "ma",
    "ción",
    "ur",
    "ba",
    "no",
    "dia",
    "lo",
]


def vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    """Common Spanish words first, then made-up words of 2 to 4 syllables, all different."""
    made: dict[str, None] = dict.fromkeys(COMMON)
    while len(made) < size:
        made["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))] = None
    return list(made)


class Writer:
    """Paragraphs of Spanish-like text: word ranks drawn with weights 1/rank (Zipf)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = vocabulary(rng)
        self.weights = list(itertools.accumulate(1 / rank for rank in range(1, len(self.words) + 1)))

    def some_words(self, n: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.weights, k=n)

    def paragraph(self) -> str:
        chosen = self.some_words(self.rng.randint(30, 120))
        for k in range(8, len(chosen) - 1, 13):
            chosen[k] += ","
        return " ".join(chosen).capitalize() + "."

    def edit(self, text: str) -> str:
        """A committee's edit: a few words replaced, a clause inserted or a phrase dropped."""
        found = text.split(" ")
        for _ in range(self.rng.randint(1, 4)):
            at = self.rng.randrange(len(found))
            action = self.rng.choice(("replace", "insert", "drop"))
            if action == "replace":
                found[at] = self.some_words(1)[0]
            elif action == "insert":
                found[at:at] = self.some_words(self.rng.randint(3, 12))
            elif len(found) > 20:
                del found[at : at + self.rng.randint(1, 6)]
        return " ".join(found)


def drafts(n: int, seed: int) -> tuple[list[Block], list[ImportedBlock]]:
    """The previous draft of `n` paragraphs, and an import of it: ~5% edited, ~2% new, ~2% deleted."""
    rng = random.Random(seed)
    writer = Writer(rng)
    previous = [Block(f"op_{i + 1}", Kind.OPERATIVE, writer.paragraph()) for i in range(n)]
    texts: list[str] = []
    for block in previous:
        roll = rng.random()
        if roll < 0.02:
            continue  # deleted
        texts.append(writer.edit(block.text) if roll < 0.07 else block.text)
        if rng.random() < 0.02:
            texts.append(writer.paragraph())  # new
    return previous, [ImportedBlock(None, Kind.OPERATIVE, text, line) for line, text in enumerate(texts, 1)]


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.fixture(scope="module")
def timings() -> dict[int, float]:
    found: dict[int, float] = {}
    for n in SIZES:
        previous, imported = drafts(n, seed=n)
        used = {b.eid for b in previous}
        matches = match_paragraphs(previous, imported, used)
        found[n] = best_of(3, partial(match_paragraphs, previous, imported, used))
        hows = Counter(m.how for m in matches)
        print(f"\n{n:>6} paragraphs: matched in {found[n] * 1000:8.1f} ms  {dict(sorted(hows.items()))}")
    return found


def test_matching_grows_far_slower_than_the_square_of_the_paragraphs(timings):
    ratio = timings[10_000] / timings[1_000]
    print(f"\n10,000 / 1,000 paragraphs: {ratio:.1f}x the time (quadratic: 100x)")
    assert ratio < 25, f"matching 10x the paragraphs took {ratio:.1f}x the time"
