"""What indexing costs a write (store.search_index.write, which every transaction that changes searchable text calls
before its commit): 10, 100, 1,000 and 4,000 new texts at once, on each backend, the words made and the rows written,
a round unmeasured then the median of three. Goal: under 0.25 ms a text from 100 texts up (the words made
included), growing linearly.

Measured 2026-11-30 (2 cores), per text at 100, 1,000 and 4,000 texts: the rows sent as one cached INSERT in batches,
SQLite 0.12, 0.11, 0.12 ms and PostgreSQL 0.18, 0.22, 0.18 ms; an INSERT carrying its rows in its VALUES (compiled
again at each write, before), SQLite 0.38, 0.33, 0.27 ms and PostgreSQL 0.32, 0.36, 0.35 ms. Run with `make bench`."""

from __future__ import annotations

import statistics
import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.backends import BACKENDS_DIFFER
from tests.conftest import make_people
from workspace.store import search_index
from workspace.store.models import Process
from workspace.store.search_sources import Source

pytestmark = BACKENDS_DIFFER

GOAL_MS = 0.25
SIZES = (10, 100, 1_000, 4_000)
SENTENCE = (
    "el territorio es el lugar donde se establecen relaciones de convivencia y cooperación entre los gobiernos "
    "locales y regionales que garantizan el acceso a los servicios básicos"
)


def texts(round_: int, count: int) -> list[Source]:
    words = SENTENCE.split()
    return [
        Source(f"r{round_}-{count}-{i}", "es", " ".join(words[(i + j) % len(words)] for j in range(40)) + f" {i}", None)
        for i in range(count)
    ]


def test_what_indexing_new_texts_costs_from_10_to_4000_at_once(store):
    make_people(store)
    with Session(store.engine) as tx:
        process_id = tx.scalar(select(Process.id).where(Process.slug == "kutahya"))
    print()
    for count in SIZES:
        times = []
        for round_ in range(4):
            with Session(store.engine) as tx:
                started = time.perf_counter()
                made = search_index.write(tx, process_id, "comment", texts(round_, count))
                times.append(time.perf_counter() - started)
                tx.commit()
            assert made == count  # every text new, every one written
        per_text = statistics.median(times[1:]) / count * 1000
        print(
            f"{store.engine.dialect.name:10} {count:5} texts: {per_text:.3f} ms a text "
            f"(goal {GOAL_MS} ms{'' if per_text <= GOAL_MS or count < 100 else ', MISSED'})"
        )
