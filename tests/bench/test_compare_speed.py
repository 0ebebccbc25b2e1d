"""Compare speed: a structure-aware compare against a whole-text character diff, side by side.

Run with `make bench`. Prints the figures; asserts only ratios measured within this run, since a
busy machine slows every measure alike: at 50,000 words the compare is at least 50 times faster
than the character diff, and 10 times the words take far less than 100 times the time.
"""

from __future__ import annotations

import json
import random
import time
from functools import partial

import pytest

from workspace.domain.diffing import Paragraph, char_diff, compare

VOCABULARY = [
    "ciudades",
    "intermedias",
    "gobiernos",
    "locales",
    "regionales",
    "territorio",
    "desarrollo",
    "sostenible",
    "cooperación",
    "resiliencia",
    "recuperación",
    "agenda",
    "global",
    "implementación",
    "servicios",
    "públicos",
    "gobernanza",
    "multinivel",
    "descentralización",
    "financiación",
    "igualdad",
    "género",
    "clima",
    "alimentación",
    "cultura",
    "patrimonio",
    "movilidad",
    "vivienda",
    "salud",
    "educación",
    "derechos",
    "humanos",
    "participación",
    "ciudadana",
    "innovación",
    "economía",
    "social",
]
SIZES = [5_000, 50_000, 500_000]  # words


def declaration(words: int, paragraphs: int, rng: random.Random) -> list[Paragraph]:
    per = words // paragraphs
    return [
        Paragraph(f"op_{i + 1}", " ".join(rng.choice(VOCABULARY) for _ in range(per)).capitalize() + ".")
        for i in range(paragraphs)
    ]


def revise(doc: list[Paragraph], share: float, rng: random.Random) -> list[Paragraph]:
    """Change `share` of the words: replace a word by another, at random places."""
    texts = [p.text.split(" ") for p in doc]
    total = sum(len(t) for t in texts)
    for _ in range(int(total * share)):
        words = rng.choice(texts)
        words[rng.randrange(len(words))] = rng.choice(VOCABULARY).upper()
    return [Paragraph(p.eid, " ".join(t)) for p, t in zip(doc, texts, strict=True)]


def rewrap(doc: list[Paragraph], every: int) -> list[Paragraph]:
    """The same paragraphs with a line break after every `every` words, as an editor wraps a file."""
    return [
        Paragraph(
            p.eid,
            "".join(w + ("\n" if k % every == every - 1 else " ") for k, w in enumerate(p.text.split(" "))).rstrip(),
        )
        for p in doc
    ]


def compare_as_json(old: list[Paragraph], new: list[Paragraph]) -> str:
    """What the API answers: the compare and its JSON."""
    return json.dumps([c.as_json() for c in compare(old, new)])


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.fixture(scope="module")
def timings() -> dict[int, tuple[float, float | None]]:
    """Per size: the compare (with its JSON), and the character diff of the whole text up to 50,000 words."""
    found: dict[int, tuple[float, float | None]] = {}
    for words in SIZES:
        rng = random.Random(words)
        paragraphs = max(50, words // 100)
        old = declaration(words, paragraphs, rng)
        new = revise(old, 0.02, rng)
        ours = best_of(5 if words <= 50_000 else 3, partial(compare_as_json, old, new))
        old_text, new_text = "\n\n".join(p.text for p in old), "\n\n".join(p.text for p in new)
        theirs = best_of(1, partial(char_diff, old_text, new_text)) if words <= 50_000 else None
        found[words] = (ours, theirs)
        line = f"{words:>7} words, {paragraphs} paragraphs: compare (JSON) {ours * 1000:8.1f} ms"
        if theirs is not None:
            line += f" | whole-text character diff {theirs * 1000:9.1f} ms | ratio {theirs / ours:6.1f}x"
        print("\n" + line)
    return found


def test_structured_compare_beats_a_character_diff(timings):
    ours, theirs = timings[50_000]
    assert theirs is not None and theirs / ours >= 50, (
        f"only {theirs / ours:.1f}x faster than the character diff (target 50x)"
    )


def test_compare_time_grows_with_the_words_not_their_square(timings):
    ratio = timings[500_000][0] / timings[50_000][0]
    print(f"\n500,000 / 50,000 words: {ratio:.1f}x the time (linear: 10x, quadratic: 100x)")
    assert ratio < 25, f"10x the words took {ratio:.1f}x the time"


def test_a_rewrapped_revision_compares_in_time_linear_in_the_words():
    """Every paragraph re-wrapped (its ops then hold each re-wrapped space) and 2% of the words changed."""
    found = {}
    for words in SIZES[1:]:
        rng = random.Random(words)
        old = declaration(words, max(50, words // 100), rng)
        new = rewrap(revise(old, 0.02, rng), 9)
        found[words] = best_of(3, partial(compare_as_json, rewrap(old, 12), new))
        print(f"\n{words:>7} words, every paragraph re-wrapped: compare (JSON) {found[words] * 1000:8.1f} ms")
    ratio = found[500_000] / found[50_000]
    print(f"500,000 / 50,000 words: {ratio:.1f}x the time")
    assert ratio < 25, f"10x the words took {ratio:.1f}x the time"
