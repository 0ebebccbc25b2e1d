"""Compare speed: a structure-aware compare against a whole-text character diff, side by side.

Run with `make bench`. Prints the figures; asserts the targets of the declaration issue
(50,000 words: under 100 ms, and at least 50 times faster than the character diff).
"""

from __future__ import annotations

import json
import random
import statistics
import time

import pytest

from workspace.domain.diffing import Paragraph, char_diff, compare

VOCABULARY = (
    "ciudades intermedias gobiernos locales regionales territorio desarrollo sostenible cooperación "
    "resiliencia recuperación agenda global implementación servicios públicos gobernanza multinivel "
    "descentralización financiación igualdad género clima alimentación cultura patrimonio movilidad "
    "vivienda salud educación derechos humanos participación ciudadana innovación economía social"
).split()


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
    return [Paragraph(p.eid, " ".join(t)) for p, t in zip(doc, texts)]


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) if runs > 1 else statistics.fmean(times)


@pytest.mark.parametrize("words", [5_000, 50_000, 500_000])
def test_structured_compare_beats_a_character_diff(words):
    rng = random.Random(words)
    paragraphs = max(50, words // 100)
    old = declaration(words, paragraphs, rng)
    new = revise(old, 0.02, rng)

    ours = best_of(5 if words <= 50_000 else 1, lambda: json.dumps([c.as_json() for c in compare(old, new)]))
    old_text, new_text = "\n\n".join(p.text for p in old), "\n\n".join(p.text for p in new)
    theirs = best_of(1, lambda: char_diff(old_text, new_text)) if words <= 50_000 else None

    line = f"{words:>7} words, {paragraphs} paragraphs: compare (JSON) {ours * 1000:8.1f} ms"
    if theirs is not None:
        line += f" | whole-text character diff {theirs * 1000:9.1f} ms | ratio {theirs / ours:6.1f}x"
    print("\n" + line)
    if words == 50_000:
        assert ours < 0.100, f"compare took {ours * 1000:.1f} ms (target < 100 ms)"
        assert theirs / ours >= 50, f"only {theirs / ours:.1f}x faster than the character diff (target 50x)"
