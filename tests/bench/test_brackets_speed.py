"""Brackets at a negotiation's size (issues 33 and 65). Run with `make bench`; each figure is printed beside its goal.

- Reading: a 120 KB draft holding a thousand brackets under 50 ms; the paragraphs of issue 65 (`"[a] " * 4999`, 3.6 s
  before; 1,200 and 10,000 levels of nesting, a RecursionError before) under 50 ms each.
- The dashboard of the English edition of a version of 300, 1,000 and 3,000 paragraphs (12,000 brackets at 3,000),
  in process: cold (a worker that never read it: the brackets taken from the store, as kept when the texts were
  stored), after an entry (another change to the process: the views worked out again, the readings in memory) and
  warm (kept); its cost growing with the text, not faster.
- Under load, served as in production (`accord serve`): 16 connections of one member asking for the summary of the
  3,000-paragraph edition (`wrk`, Debian's package, as test_throughput.py), while another person reads a cheap route
  (the process) on a connection of their own: their answers within 100 ms (p95 asserted, p99 printed beside the same
  page's alone: a machine shared with other work has its own spikes), the summary's rate and latencies.
"""

from __future__ import annotations

import random
import statistics
import threading
import time
from collections.abc import Callable

import httpx
from sqlalchemy import select

from tests.bench.wrk import Load, wrk
from tests.conftest import PASSWORD, People, make_people
from tests.e2e.server import running_server
from workspace.domain.brackets.brackets import read_brackets
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.domain.declaration.declaration_format import render_declaration
from workspace.services import brackets, translations
from workspace.services.brackets import listing, readings
from workspace.services.declaration import importing
from workspace.services.declaration.paragraphs import latest_version, version_blocks
from workspace.store.db import Store, make_store
from workspace.store.models import Process

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
SIZES = (300, 1000, 3000)
GOAL_READ_MS = 50.0
GOAL_COLD_MS = 1000.0  # a worker's first summary of the 3,000-paragraph edition
GOAL_WARM_MS = 10.0
GOAL_OTHERS_MS = 100.0  # the other person's answers (p95; p99 printed) while 16 connections ask for the summary
CONNECTIONS = 16
SECONDS = 8


def median_ms(action: Callable[[], object], rounds: int = ROUNDS, before: Callable[[], object] = lambda: None) -> float:
    times = []
    for _ in range(rounds):
        before()
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
    print(f"\nreading brackets: {size / 1024:.0f} KB, {found:,} brackets: {took:.1f} ms (goal {GOAL_READ_MS:.0f})")
    hostile = {
        '"[a] " * 4999': "[a] " * 4999,
        "1,200 levels": "[" * 1200 + "x" + "]" * 1200,
        "10,000 levels": "[" * 10_000 + "x" + "]" * 10_000,  # the most a paragraph of 20,000 characters holds
        '"[" * 20,000': "[" * 20_000,
    }
    worst = 0.0
    for name, text in hostile.items():
        each = median_ms(lambda text=text: read_brackets(text), rounds=3)
        worst = max(worst, each)
        print(
            f"  {name:>16}: {each:6.1f} ms, read as {read_brackets(text).over or 'brackets'} (goal {GOAL_READ_MS:.0f})"
        )
    assert size > 100 * 1024 and found >= 1000 and took < GOAL_READ_MS and worst < GOAL_READ_MS


def built(store: Store, paragraphs: int) -> People:
    """The version of `paragraphs` paragraphs (four brackets each) and its English edition (the same words). On
    PostgreSQL the tables are then analyzed, as autovacuum does in a while: a store filled a second before, without
    statistics, read an edition of 3,000 paragraphs in 2.7 s instead of 20 ms."""
    people = make_people(store)
    importing.import_version(
        store, people.committee, SLUG, ImportVersion(filename="bracketed.md", text=draft(paragraphs, 3))
    )
    with store() as tx:
        blocks = version_blocks(tx, latest_version(tx, tx.scalars(select(Process).where(Process.slug == SLUG)).one()))
    edition = render_declaration(blocks).encode()
    translations.import_file(store, people.translator, SLUG, "en", edition, "en.md", "1", markdown=True)
    if store.engine.dialect.name == "postgresql":
        with store.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    return people


def forget() -> None:
    """A worker that never read the text: nothing kept in memory (the readings stay in the store)."""
    listing._KEPT.memory.kept.clear()
    readings._MEMORY.kept.clear()


def after_an_entry() -> None:
    """The process changed since: the views are worked out again, from the readings this worker keeps."""
    listing._KEPT.memory.kept.clear()


def measured(store: Store, reader: object) -> dict[str, float]:
    """The brackets counted, then the median ms of the summary (cold, after an entry, warm), a page of the list and
    the clean text (warm)."""

    def summary() -> object:
        return brackets.bracket_summary(store, reader, SLUG, "Rev.1", "en")

    figures = {"count": float(summary().totals["open"])}
    figures["cold"] = median_ms(summary, before=forget)
    figures["entry"] = median_ms(summary, before=after_an_entry)
    summary()
    figures["warm"] = median_ms(summary)
    figures["list"] = median_ms(
        lambda: brackets.list_brackets(store, reader, SLUG, version="Rev.1", lang="en", limit=200)
    )
    figures["clean"] = median_ms(lambda: brackets.clean_text(store, reader, SLUG, "Rev.1", "en"))
    return figures


def test_the_dashboard_cold_after_an_entry_and_kept_as_the_text_grows(db_url, fresh_store):
    figures = {}
    for paragraphs in SIZES:
        url = db_url if paragraphs == SIZES[0] else fresh_store().engine.url.render_as_string(hide_password=False)
        store = make_store(url)
        people = built(store, paragraphs)
        figures[paragraphs] = measured(store, people.member)
        store.dispose()
    backend = db_url.split(":")[0]
    print(f"\nbracket dashboard, English edition ({backend}), median ms:")
    for paragraphs, f in figures.items():
        print(
            f"  {paragraphs:5,} paragraphs, {f['count']:7,.0f} brackets: summary cold {f['cold']:7.1f}, after an entry "
            f"{f['entry']:7.1f}, kept {f['warm']:5.2f}; a page of the list {f['list']:5.2f}, clean text "
            f"{f['clean']:5.2f}"
        )
    small, large = figures[SIZES[0]], figures[SIZES[-1]]
    cold, entry = large["cold"] / small["cold"], large["entry"] / small["entry"]
    print(
        f"    goals: cold under {GOAL_COLD_MS:.0f} ms at 3,000: {large['cold']:.0f}; kept under {GOAL_WARM_MS:.0f} ms: "
        f"{large['warm']:.2f}; ten times the text costs {cold:.1f} times cold, {entry:.1f} times after an entry "
        "(goal under 15)"
    )
    assert large["count"] >= 12_000
    assert large["cold"] < GOAL_COLD_MS and large["warm"] < GOAL_WARM_MS and cold < 15 and entry < 15


def others_meanwhile(url: str, path: str, headers: dict[str, str]) -> tuple[Load, Load]:
    """wrk's 16 connections on `path`, and at the same time another person's connection on the process's page."""
    loads: dict[str, Load] = {}
    other = threading.Thread(
        target=lambda: loads.setdefault(
            "other", wrk(f"{url}/api/processes/{SLUG}", connections=1, threads=1, seconds=SECONDS, headers=headers)
        )
    )
    other.start()
    loads["summary"] = wrk(url + path, connections=CONNECTIONS, seconds=SECONDS, headers=headers)
    other.join()
    return loads["summary"], loads["other"]


def token(url: str, email: str) -> dict[str, str]:
    answer = httpx.post(
        f"{url}/api/auth/token", json={"email": email, "password": PASSWORD, "name": "bench"}, timeout=60
    )
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def test_the_summary_under_16_parallel_readers_and_the_others_meanwhile(db_url, tmp_path):
    store = make_store(db_url)
    people = built(store, SIZES[-1])
    store.dispose()
    path = f"/api/processes/{SLUG}/brackets/summary?version=1&lang=en"
    backend = db_url.split(":")[0]
    with running_server(tmp_path, db_url, cli=True, name="brackets") as server:
        member, observer = token(server.url, people.member.email), token(server.url, people.observer.email)
        alone = wrk(f"{server.url}/api/processes/{SLUG}", connections=1, threads=1, seconds=SECONDS, headers=observer)
        started = time.perf_counter()
        first = httpx.get(server.url + path, headers=member, timeout=60)
        cold = (time.perf_counter() - started) * 1000
        assert first.status_code == 200 and first.json()["totals"]["open"] >= 12_000
        summary, other = others_meanwhile(server.url, path, member)
    print(f"\n[{backend}] the summary of 3,000 paragraphs and {first.json()['totals']['open']:,} brackets, served:")
    print(f"    a worker's first (cold), over HTTP: {cold:.0f} ms")
    print(f"    {CONNECTIONS} connections of one member, wrk: {summary.line()}")
    print(f"    another person's process page meanwhile:  {other.line()}")
    print(f"    the same page alone:                      {alone.line()}")
    print(
        f"    goal: the others' answers within {GOAL_OTHERS_MS:.0f} ms: p95 {other.p95_ms:.1f} ms "
        f"({'met' if other.p95_ms < GOAL_OTHERS_MS else 'NOT met'}), p99 {other.p99_ms:.1f} ms "
        f"({'met' if other.p99_ms < GOAL_OTHERS_MS else 'NOT met'}; alone on this machine now: {alone.p99_ms:.1f})"
    )
    assert summary.bad_status == 0 and summary.socket_errors == 0 and other.bad_status == 0, (summary, other)
    assert other.p95_ms < GOAL_OTHERS_MS
