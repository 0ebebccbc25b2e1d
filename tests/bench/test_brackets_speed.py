"""Brackets at a negotiation's size (issue 33's goals): reading the brackets of a 120 KB draft holding a thousand of
them under 50 ms; the dashboard (the summary per article and the list) of a 3,000-paragraph version holding 10,000
brackets under 150 ms, and its cost growing with the text, not faster. Each figure is the median of several rounds.
Run with `make bench`."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

from tests.conftest import make_people
from workspace.domain.brackets.brackets import read_brackets
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.services import brackets
from workspace.services.declaration import importing
from workspace.store.db import make_store

SLUG = "kutahya"
ROUNDS = 7
WORDS = [
    "los",
    "gobiernos",
    "locales",
    "y",
    "regionales",
    "deberán",
    "promover",
    "la",
    "cooperación",
    "entre",
    "municipios",
    "y",
    "territorios",
]


def median_ms(action: Callable[[], object], rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def paragraph(chooser: random.Random, brackets_in_it: int) -> str:
    """Some forty words with `brackets_in_it` brackets: alternatives, optional words, now and then nested."""
    words = [chooser.choice(WORDS) for _ in range(40)]
    for k in range(brackets_in_it):
        at = chooser.randrange(len(words))
        shape = k % 4
        if shape == 0:
            words[at] = f"[{words[at]}][{chooser.choice(WORDS)}]"
        elif shape == 1:
            words[at] = f"[{words[at]} {chooser.choice(WORDS)}]"
        elif shape == 2:
            words[at] = f"[{words[at]} [{chooser.choice(WORDS)}][{chooser.choice(WORDS)}]]"  # two brackets
        else:
            words[at] = f"[Placeholder for {words[at]}]"
    return " ".join(words)


def draft(paragraphs: int, per_paragraph: int) -> str:
    chooser = random.Random(33)
    lines = ["---", 'label: "Rev.1"', "---", ""]
    for n in range(1, paragraphs + 1):
        if n % 25 == 1:
            lines += [f"# Article {n // 25 + 1}", ""]
        lines += [f"{n}. {paragraph(chooser, per_paragraph)}", ""]
    return "\n".join(lines)


def test_reading_the_brackets_of_a_120_kb_draft_with_a_thousand_brackets():
    chooser = random.Random(1)
    texts = [paragraph(chooser, 3) for _ in range(400)]  # ~1,000 brackets (a nested pair counts two)
    size = sum(len(t.encode()) for t in texts)
    found = sum(len(read_brackets(t).brackets) for t in texts)
    took = median_ms(lambda: [read_brackets(t) for t in texts])
    print(f"\nreading brackets: {size / 1024:.0f} KB, {found:,} brackets: {took:.1f} ms (goal 50)")
    assert size > 100 * 1024 and found >= 1000 and took < 50


def measured(store, reader) -> tuple[int, float, float, float]:
    """The brackets counted, then the median ms of the summary, a page of the list and the clean text."""
    counted = brackets.bracket_summary(store, reader, SLUG, "Rev.1").totals["open"]
    return (
        counted,
        median_ms(lambda: brackets.bracket_summary(store, reader, SLUG, "Rev.1")),
        median_ms(lambda: brackets.list_brackets(store, reader, SLUG, version="Rev.1", limit=200)),
        median_ms(lambda: brackets.clean_text(store, reader, SLUG, "Rev.1")),
    )


def test_the_dashboard_of_3000_paragraphs_and_10000_brackets(db_url, fresh_store):
    figures = {}
    for paragraphs, url in ((300, db_url), (3000, None)):
        store = make_store(url or str(fresh_store().engine.url.render_as_string(hide_password=False)))
        people = make_people(store)
        importing.import_version(
            store, people.committee, SLUG, ImportVersion.build("bracketed.md", draft(paragraphs, 3))
        )
        figures[paragraphs] = measured(store, people.member)
        store.dispose()
    backend = db_url.split(":")[0]
    print(f"\nbracket dashboard ({backend}), median ms:")
    for paragraphs, (counted, summary, listed, cleaned) in figures.items():
        print(
            f"  {paragraphs:5,} paragraphs, {counted:6,} brackets: summary {summary:6.1f}, a page of the list "
            f"{listed:6.1f}, clean text {cleaned:6.1f}"
        )
    counted, summary, listed, _ = figures[3000]
    assert counted >= 10_000 and summary < 150 and listed < 150
    assert summary < figures[300][1] * 15  # grows with the text (ten times the paragraphs), not faster
