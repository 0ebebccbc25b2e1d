"""One member previews a Word file inserting 1,000, 2,000 and 5,000 paragraphs (the cap), then 10,000
(refused at the cap), against a real server, while two other people comment: the preview's time, how
it grows, and how long the others' comments took meanwhile.

Run with `make bench`. Issue 30 measured before: 3.7 s at 1,000 paragraphs, 11.6 s at 2,000, 186–204 s
at 10,000 on SQLite (28 s on PostgreSQL), others' comments 503 after 10 s. Asserts only how the time
grows (five times the paragraphs: under half of twenty-five times the time) and that no comment failed.
"""

from __future__ import annotations

import statistics
import time

from sqlalchemy import delete

from tests.web.test_import_stall import commenting_while, inserted, preview, served  # noqa: F401 - the fixture
from workspace.domain.limits import MAX_PARAGRAPHS
from workspace.store.db import make_store, transaction
from workspace.store.models import PacedAction

CAP = MAX_PARAGRAPHS - 1  # and the version's first paragraph
SIZES = [1_000, 2_000, CAP, 2 * MAX_PARAGRAPHS]


def forget_pace(db_url: str) -> None:
    store = make_store(db_url)
    with transaction(store) as tx:
        tx.execute(delete(PacedAction))
    store.dispose()


def test_a_word_preview_grows_linearly_and_makes_nobody_wait(served, db_url):  # noqa: F811 - the fixture imported
    url, tokens = served
    assert preview(url, tokens["member"], inserted(10)).status_code == 200  # the worker processes started
    took: dict[int, float] = {}
    for n in SIZES:
        forget_pace(db_url)  # the commenters start each size afresh: their rate is not what is measured
        data = inserted(n)

        def work(data: bytes = data, n: int = n):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            answer = preview(url, tokens["member"], data)
            took[n] = time.perf_counter() - started
            return answer

        seen = commenting_while(url, tokens, work)
        answer, latencies = seen.answer, seen.latencies
        assert answer.status_code == (200 if n <= CAP else 422), answer.text[:300]
        print(
            f"\n[{db_url.split(':')[0]}] preview of {n:,} inserted paragraphs ({len(data) // 1024} KB): {took[n]:.2f} "
            f"s ({answer.status_code}); others' {len(latencies)} comments meanwhile: median "
            f"{statistics.median(latencies) * 1000:.0f} ms, worst {max(latencies) * 1000:.0f} ms "
            f"({seen.during} sent and answered during the preview)"
        )
    growth = took[CAP] / took[1_000]
    print(f"[{db_url.split(':')[0]}] {CAP / 1_000:.0f}× the paragraphs: {growth:.1f}× the time")
    assert growth < (CAP / 1_000) ** 2 / 2  # far from the square (25×) it grew by before
